// Spreadsheet import of activities (CSV or .xlsx): every row checked as the API checks one
// activity, nothing stored unless asked, and then all the stored rows in one transaction.
#include <algorithm>
#include <map>
#include <semaphore>
#include <set>

#include "activities/activities.h"
#include "activities/export.h"
#include "core/date.h"
#include "tables/table_reader.h"

namespace openkp::activities {

namespace {

std::vector<std::string> SplitList(const std::string& cell) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= cell.size()) {
    size_t end = cell.find(';', start);
    if (end == std::string::npos) end = cell.size();
    std::string item = cell.substr(start, end - start);
    const size_t b = item.find_first_not_of(" \t");
    const size_t e = item.find_last_not_of(" \t");
    if (b != std::string::npos) out.push_back(item.substr(b, e - b + 1));
    start = end + 1;
  }
  return out;
}

// Addresses and references never hold spaces: they are separated by spaces (and line breaks),
// so that a ';' inside an address stays in it.
std::vector<std::string> SplitWords(const std::string& cell) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < cell.size()) {
    const size_t start = cell.find_first_not_of(" \t\r\n", i);
    if (start == std::string::npos) break;
    const size_t end = cell.find_first_of(" \t\r\n", start);
    out.push_back(cell.substr(start, end == std::string::npos ? end : end - start));
    i = end == std::string::npos ? cell.size() : end;
  }
  return out;
}

// A date as a spreadsheet wrote it: Excel stores a date cell as its serial number (days since
// 1899-12-30), which .xlsx files carry as such ("43617" is 2019-06-01).
std::string SpreadsheetDate(const std::string& cell) {
  if (cell.size() != 5 || cell.find_first_not_of("0123456789") != std::string::npos) return cell;
  const int64_t serial = std::stoll(cell);
  if (serial < 32874 || serial > 73415) return cell;  // 1990-01-01 .. 2100-12-31
  auto epoch = core::Date::Parse("1970-01-01");       // serial 25569
  return epoch.ok() ? epoch->AddDays(serial - 25569).ToString() : cell;
}

Result<std::optional<int64_t>> Count(const std::string& cell, const std::string& column) {
  if (cell.empty()) return std::optional<int64_t>();
  if (cell.size() > 9 || cell.find_first_not_of("0123456789") != std::string::npos) {
    return Status::Invalid(column, "count", "a whole number of people, or empty");
  }
  return std::optional<int64_t>(std::stoll(cell));
}

Result<std::optional<int64_t>> Degrees(const std::string& cell, const std::string& column,
                                       int64_t limit) {
  if (cell.empty()) return std::optional<int64_t>();
  // Exact decimal degrees to micro-degrees, without floating point.
  size_t i = 0;
  bool negative = false;
  if (cell[0] == '-' || cell[0] == '+') negative = cell[i++] == '-';
  int64_t whole = 0, frac = 0, frac_digits = 0;
  bool any = false, dot = false;
  for (; i < cell.size(); ++i) {
    const char c = cell[i];
    if (c == '.' && !dot) {
      dot = true;
    } else if (c >= '0' && c <= '9' && (dot ? frac_digits < 6 : whole < 1000)) {
      any = true;
      if (dot) {
        frac = frac * 10 + (c - '0');
        ++frac_digits;
      } else {
        whole = whole * 10 + (c - '0');
      }
    } else if (!(c >= '0' && c <= '9' && dot)) {  // digits past the sixth are dropped
      return Status::Invalid(column, "degrees", "decimal degrees, e.g. -18.9712");
    }
  }
  if (!any) return Status::Invalid(column, "degrees", "decimal degrees, e.g. -18.9712");
  while (frac_digits++ < 6) frac *= 10;
  const int64_t e6 = whole * 1000000 + frac;
  if (e6 > limit * 1000000) {
    return Status::Invalid(column, "range",
                           "between -" + std::to_string(limit) + " and " + std::to_string(limit));
  }
  return std::optional<int64_t>(negative ? -e6 : e6);
}

Result<bool> YesNo(const std::string& cell, const std::string& column, bool fallback) {
  std::string v = cell;
  std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return std::tolower(c); });
  if (v.empty()) return fallback;
  if (v == "yes" || v == "true" || v == "1" || v == "oui") return true;
  if (v == "no" || v == "false" || v == "0" || v == "non") return false;
  return Status::Invalid(column, "yes-no", "yes or no");
}

Result<Activity> RowToActivity(const std::map<std::string, size_t>& index,
                               const tables::TableRow& row) {
  auto cell = [&](const char* column) -> std::string {
    auto it = index.find(column);
    if (it == index.end() || it->second >= row.cells.size()) return "";
    const std::string& v = row.cells[it->second];
    // The apostrophe an export puts before text that would read as a formula (core/csv.h).
    if (v.size() >= 2 && v[0] == '\'' &&
        std::string_view("=+-@\t\r").find(v[1]) != std::string::npos) {
      return v.substr(1);
    }
    return v;
  };
  Activity a;
  a.ref = cell("ref");
  a.type = cell("type");
  a.kp_bodies = SplitList(cell("kp_bodies"));
  a.title = {cell("title_en"), cell("title_fr")};
  a.description = {cell("description_en"), cell("description_fr")};
  a.start_on = SpreadsheetDate(cell("start_on"));
  a.end_on = SpreadsheetDate(cell("end_on"));
  a.country = cell("country");
  a.town = cell("town");
  auto lat = Degrees(cell("latitude"), "latitude", 90);
  if (!lat.ok()) return lat.status();
  auto lon = Degrees(cell("longitude"), "longitude", 180);
  if (!lon.ok()) return lon.status();
  a.latitude_e6 = *lat;
  a.longitude_e6 = *lon;
  a.members = SplitList(cell("members"));
  for (const auto& o : SplitList(cell("organisations"))) {
    // "Name (role)"
    const size_t open = o.rfind(" (");
    if (open == std::string::npos || o.back() != ')') {
      return Status::Invalid("organisations", "name-role",
                             "each organisation as \"Name (role)\", separated by ';'");
    }
    a.organisations.push_back({o.substr(0, open), o.substr(open + 2, o.size() - open - 3)});
  }
  for (const auto& [column, target] : {std::pair{"participants", &a.participants},
                                       {"women", &a.women},
                                       {"community", &a.community}}) {
    auto n = Count(cell(column), column);
    if (!n.ok()) return n.status();
    *target = *n;
  }
  a.outputs = cell("outputs");
  a.outcomes = cell("outcomes");
  a.links = SplitWords(cell("links"));
  a.related = SplitWords(cell("related"));
  a.section = cell("section");
  auto pub = YesNo(cell("public"), "public", true);
  if (!pub.ok()) return pub.status();
  a.is_public = *pub;
  auto withdrawn = YesNo(cell("withdrawn"), "withdrawn", false);
  if (!withdrawn.ok()) return withdrawn.status();
  a.withdrawn = *withdrawn;
  return a;
}

}  // namespace

Result<std::vector<std::pair<int64_t, Result<Activity>>>> ParseActivityRows(std::string_view bytes,
                                                                            bool need_ref) {
  auto table = tables::ReadTable(bytes);
  if (!table.ok()) return table.status();
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < table->header.size(); ++i) {
    const std::string& name = table->header[i];
    const auto& known = ActivityColumns();
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      return Status::Invalid(
          "header", "unknown-column",
          "unknown column '" + name + "' (the columns are in docs/COALITION.md)");
    }
    if (!index.emplace(name, i).second) {
      return Status::Invalid("header", "unique", "column '" + name + "' appears twice");
    }
  }
  for (const char* required : {"type", "start_on", "members"}) {
    if (index.count(required) == 0) {
      return Status::Invalid("header", "required", std::string("no column '") + required + "'");
    }
  }
  if (index.count("title_en") == 0 && index.count("title_fr") == 0) {
    return Status::Invalid("header", "required", "no column 'title_en' or 'title_fr'");
  }
  if (need_ref && index.count("ref") == 0) {
    return Status::Invalid("header", "required", "an update names each activity in 'ref'");
  }
  if (table->rows.size() > kMaxImportRows) {
    return Status(
        core::Code::kPayloadTooLarge,
        "a file holds at most " + std::to_string(kMaxImportRows) + " activities: split it");
  }
  std::vector<std::pair<int64_t, Result<Activity>>> out;
  out.reserve(table->rows.size());
  for (const auto& row : table->rows) out.emplace_back(row.number, RowToActivity(index, row));
  return out;
}

namespace {
// Imports at once: each holds its file's rows and their checks in memory.
std::counting_semaphore<2> import_slots(2);
struct ImportSlot {
  bool held = import_slots.try_acquire();
  ~ImportSlot() {
    if (held) import_slots.release();
  }
};
}  // namespace

Result<ImportResult> Activities::Import(const accounts::Principal& who, std::string_view bytes,
                                        const ImportOptions& options) {
  auto part = PartOf(&who);
  if (!part.ok()) return part.status();
  if (part->role != "coordinator" && part->role != "editor") {
    return Status::PermissionDenied("only the coordinator and members' editors record activities");
  }
  if (options.mode != "add" && options.mode != "update") {
    return Status::Invalid("mode", "import-mode",
                           "add (every row a new activity) or update (every row corrects one by "
                           "its ref)");
  }
  ImportSlot slot;
  if (!slot.held) {
    return Status(core::Code::kUnavailable, "two imports are running; retry shortly");
  }
  auto parsed = ParseActivityRows(bytes, options.mode == "update");
  if (!parsed.ok()) return parsed.status();
  auto members = Members();
  if (!members.ok()) return members.status();
  std::vector<Activity> latest;
  {
    auto all = store::ReadValue(db_, [&](store::Txn& t) { return store_->Activities(t, 0); });
    if (!all.ok()) return all.status();
    latest = std::move(*all);
  }
  std::map<std::string, const Activity*> by_ref;
  for (const auto& a : latest) by_ref[a.ref] = &a;
  ImportResult result;
  std::set<std::string> refs_in_file;
  for (auto& [number, a] : *parsed) {
    ImportRow out;
    out.row = number;
    out.action = options.mode;
    Status s = a.ok() ? Check(*a, *members) : a.status();
    if (s.ok() && part->role == "editor" && a->members[0] != part->member) {
      s = Status::Invalid(
          "members", "lead",
          "an editor of " + part->member + " imports activities " + part->member + " leads");
    }
    if (s.ok() && !a->ref.empty() && !refs_in_file.insert(a->ref).second) {
      s = Status::Invalid("ref", "unique", "'" + a->ref + "' is on an earlier row too");
    }
    if (s.ok()) {
      auto it = by_ref.find(a->ref);
      if (options.mode == "add" && it != by_ref.end()) {
        s = Status::Invalid(
            "ref", "new-ref",
            "activity '" + a->ref + "' exists: import with mode=update to correct it");
      } else if (options.mode == "update" && it == by_ref.end()) {
        s = Status::Invalid("ref", "known-ref",
                            a->ref.empty() ? "an update names the activity in 'ref'"
                                           : "no activity '" + a->ref + "' to update");
      } else if (options.mode == "update" && part->role == "editor" &&
                 it->second->members[0] != part->member) {
        s = Status::Invalid("ref", "lead", "an editor corrects the activities its member leads");
      }
    }
    if (s.ok()) {
      a->recorded_by = who.user.name;
      a->recorded_at = Now();
      out.activity = std::move(*a);
      ++result.valid;
    } else {
      out.field = s.field();
      out.error = s.message();
      ++result.invalid;
    }
    result.rows.push_back(std::move(out));
  }
  if (!options.store || result.valid == 0 || (result.invalid > 0 && !options.valid_only)) {
    return result;
  }
  OPENKP_RETURN_IF_ERROR(db_.Write([&](store::Txn& t) -> Status {
    for (auto& row : result.rows) {
      if (!row.activity) continue;
      const std::string ref = options.mode == "update" ? row.activity->ref : "";
      OPENKP_RETURN_IF_ERROR(SaveIn(t, *part, *row.activity, ref));
    }
    return {};
  }));
  result.stored = true;
  return result;
}

}  // namespace openkp::activities
