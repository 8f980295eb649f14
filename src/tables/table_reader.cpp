#include "tables/table_reader.h"

#include <expat.h>
#include <zip.h>

#include <functional>
#include <map>
#include <memory>

namespace openkp::tables {

using core::Result;
using core::Status;

namespace {

Status CsvError(int64_t line, const std::string& message) {
  return Status::Invalid("line " + std::to_string(line), "csv", message);
}

}  // namespace

Result<Table> ParseCsv(std::string_view text) {
  if (text.size() > kMaxTableBytes) {
    return Status(core::Code::kPayloadTooLarge, "the file is larger than 64 MiB");
  }
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  Table table;
  std::vector<std::string> record;
  std::string field;
  int64_t line = 1, record_line = 1;
  size_t cells = 0;
  bool header_done = false;
  size_t i = 0;
  const size_t n = text.size();
  auto finish_record = [&]() -> Status {
    record.push_back(std::move(field));
    field.clear();
    cells += record.size();
    if (record.size() > kMaxColumns) return CsvError(record_line, "more than 256 fields");
    if (cells > kMaxCells) return CsvError(record_line, "more than 4 194 304 cells in the file");
    const bool blank = record.size() == 1 && record[0].empty();
    if (!header_done) {
      if (blank) return CsvError(record_line, "the header line is empty");
      table.header = std::move(record);
      header_done = true;
    } else if (!blank) {
      if (record.size() != table.header.size()) {
        return CsvError(record_line, "has " + std::to_string(record.size()) +
                                         " fields; the header has " +
                                         std::to_string(table.header.size()));
      }
      table.rows.push_back({record_line, std::move(record)});
    }
    record.clear();
    return {};
  };
  while (i < n) {
    char c = text[i];
    if (c == '"' && field.empty()) {
      // A quoted field: runs to the closing quote; "" is a literal quote.
      const int64_t start = line;
      ++i;
      bool closed = false;
      while (i < n) {
        if (text[i] == '"') {
          if (i + 1 < n && text[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        if (text[i] == '\n') ++line;
        field += text[i++];
      }
      if (!closed) return CsvError(start, "a quoted field is never closed");
      if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
        return CsvError(line, "text after the closing quote of a field");
      }
      if (field.empty()) field = std::string();  // "" stays an empty field
      continue;
    }
    if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
      ++i;
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
      ++i;
      OPENKP_RETURN_IF_ERROR(finish_record());
      ++line;
      record_line = line;
    } else if (c == '"') {
      return CsvError(line, "a quote inside an unquoted field");
    } else if (c == '\0') {
      return CsvError(line, "a NUL byte: this is not a text file");
    } else {
      field += c;
      ++i;
    }
  }
  if (!field.empty() || !record.empty()) OPENKP_RETURN_IF_ERROR(finish_record());
  if (!header_done) return Status::Invalid("file", "csv", "the file is empty");
  return table;
}

Result<int64_t> ParseDecimalHundredths(std::string_view text, bool* rounded) {
  if (rounded) *rounded = false;
  auto bad = [&](const char* rule, const char* what) {
    return Status::Invalid("", rule, "'" + std::string(text.substr(0, 40)) + "' " + what);
  };
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  std::string digits;  // integer and fraction digits, without the point
  int64_t point = 0;   // how many of `digits` are left of the decimal point
  bool seen_point = false, any = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      any = true;
      if (digits.size() >= 64) return bad("decimal", "has too many digits");
      digits += c;
      if (!seen_point) ++point;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (!any) return bad("decimal", "is not a decimal number");
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool eneg = false;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) eneg = text[i++] == '-';
    if (i == text.size()) return bad("decimal", "is not a decimal number");
    int64_t exponent = 0;
    for (; i < text.size(); ++i) {
      if (text[i] < '0' || text[i] > '9') return bad("decimal", "is not a decimal number");
      exponent = std::min<int64_t>(exponent * 10 + (text[i] - '0'), 1000);
    }
    point += eneg ? -exponent : exponent;
  }
  if (i != text.size()) return bad("decimal", "is not a decimal number");
  size_t lead = 0;  // leading zeros carry no value
  while (lead < digits.size() && digits[lead] == '0') ++lead;
  digits.erase(0, lead);
  point -= static_cast<int64_t>(lead);
  if (digits.empty()) return int64_t{0};
  const int64_t keep = point + 2;  // digits at or above the hundredths place
  if (keep > 17) return bad("range", "is too large");
  int64_t value = 0;
  for (int64_t k = 0; k < keep; ++k) {
    value = value * 10 + (k < static_cast<int64_t>(digits.size()) ? digits[k] - '0' : 0);
  }
  const int64_t size = static_cast<int64_t>(digits.size());
  if (keep < size) {
    if (rounded)
      *rounded = digits.find_first_not_of('0', std::max<int64_t>(keep, 0)) != std::string::npos;
    if (keep >= 0 && digits[keep] >= '5') ++value;
  }
  return negative ? -value : value;
}

namespace {

// --- xlsx: a ZIP of XML parts ---

// Zip bombs: a small upload must not become a large amount of memory or work. Parts are
// parsed as they are decompressed (never held whole), all parts together may unpack to at most
// kMaxUnpackedBytes, and the text kept from them (shared strings, cell values) to at most
// kMaxTextBytes. The KP production workbook unpacks to 0.6 MiB.
constexpr size_t kMaxUnpackedBytes = 32u << 20;
constexpr size_t kMaxTextBytes = 16u << 20;
constexpr size_t kMaxSharedStrings = 1u << 20;

Status TooLarge(const std::string& what) {
  return Status(core::Code::kPayloadTooLarge, "the workbook " + what +
                                                  ": refused (openkp reads spreadsheets of a few "
                                                  "megabytes at most; split it, or send CSV)");
}

class Zip {
 public:
  ~Zip() {
    if (zip_) zip_discard(zip_);
  }
  Status Open(std::string_view bytes) {
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
    if (src == nullptr) return Status::Invalid("file", "xlsx", "cannot read the ZIP container");
    zip_ = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err);
    if (zip_ == nullptr) {
      zip_source_free(src);
      std::string msg = zip_error_strerror(&err);
      zip_error_fini(&err);
      return Status::Invalid("file", "xlsx", "not a valid .xlsx (ZIP) file: " + msg);
    }
    return {};
  }
  bool Has(const std::string& name) { return zip_name_locate(zip_, name.c_str(), 0) >= 0; }
  // Decompresses the part `name` chunk by chunk into `sink` (false from it stops reading).
  Status Stream(const std::string& name, const std::function<Status(std::string_view)>& sink) {
    zip_file_t* f = zip_fopen(zip_, name.c_str(), 0);
    if (f == nullptr) return Status::Invalid("file", "xlsx", "the workbook has no part " + name);
    std::unique_ptr<zip_file_t, decltype(&zip_fclose)> file(f, &zip_fclose);
    char buf[65536];
    for (;;) {
      zip_int64_t got = zip_fread(f, buf, sizeof buf);
      if (got < 0) return Status::Invalid("file", "xlsx", "the part " + name + " is corrupt");
      if (got == 0) return sink({});
      unpacked_ += static_cast<size_t>(got);
      if (unpacked_ > kMaxUnpackedBytes) return TooLarge("unpacks to more than 32 MiB");
      OPENKP_RETURN_IF_ERROR(sink(std::string_view(buf, static_cast<size_t>(got))));
    }
  }

 private:
  zip_t* zip_ = nullptr;
  size_t unpacked_ = 0;  // bytes decompressed from every part so far
};

std::string_view LocalName(const XML_Char* name) {
  std::string_view n(name);
  size_t colon = n.rfind(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

const char* Attr(const XML_Char** atts, std::string_view local) {
  for (int i = 0; atts[i] != nullptr; i += 2) {
    if (LocalName(atts[i]) == local) return atts[i + 1];
  }
  return nullptr;
}

// Runs expat over the part `part` of `zip` as it is decompressed, with a handler object
// exposing Start(name, atts), End(name), Text(s, n) and `error`, which stops the parse (so does
// a DOCTYPE: OOXML parts never declare one, and one could define entities that expand a few
// bytes into gigabytes).
template <typename Handler>
Status ParseXml(Zip& zip, const std::string& part, Handler& h) {
  std::unique_ptr<std::remove_pointer_t<XML_Parser>, decltype(&XML_ParserFree)> p(
      XML_ParserCreate("UTF-8"), &XML_ParserFree);
  if (!p) return Status::Internal("cannot create an XML parser");
  struct Context {
    Handler* handler;
    XML_Parser parser;
    bool doctype = false;
    void StopOnError() {
      if (!handler->error.ok()) XML_StopParser(parser, XML_FALSE);
    }
  } ctx{&h, p.get()};
  XML_SetUserData(p.get(), &ctx);
  XML_SetElementHandler(
      p.get(),
      [](void* u, const XML_Char* n, const XML_Char** a) {
        auto* c = static_cast<Context*>(u);
        c->handler->Start(LocalName(n), a);
        c->StopOnError();
      },
      [](void* u, const XML_Char* n) {
        auto* c = static_cast<Context*>(u);
        c->handler->End(LocalName(n));
        c->StopOnError();
      });
  XML_SetCharacterDataHandler(p.get(), [](void* u, const XML_Char* s, int len) {
    auto* c = static_cast<Context*>(u);
    c->handler->Text(s, len);
    c->StopOnError();
  });
  XML_SetStartDoctypeDeclHandler(
      p.get(), [](void* u, const XML_Char*, const XML_Char*, const XML_Char*, int) {
        auto* c = static_cast<Context*>(u);
        c->doctype = true;
        XML_StopParser(c->parser, XML_FALSE);
      });
  return zip.Stream(part, [&](std::string_view chunk) -> Status {
    const bool last = chunk.empty();
    if (XML_Parse(p.get(), chunk.data(), static_cast<int>(chunk.size()), last) ==
        XML_STATUS_ERROR) {
      if (ctx.doctype) {
        return Status::Invalid("file", "xlsx",
                               part + " declares a DOCTYPE, which a workbook never does");
      }
      if (!h.error.ok()) return h.error;
      return Status::Invalid("file", "xlsx",
                             part + " is not well-formed XML (line " +
                                 std::to_string(XML_GetCurrentLineNumber(p.get())) +
                                 "): " + XML_ErrorString(XML_GetErrorCode(p.get())));
    }
    return h.error;
  });
}

struct SharedStrings {
  std::vector<std::string> items;
  std::string current;
  int depth_si = 0, in_t = 0, in_rph = 0;
  size_t bytes = 0;
  Status error;
  void Start(std::string_view n, const XML_Char**) {
    if (n == "si") {
      ++depth_si;
      current.clear();
    } else if (n == "t") {
      ++in_t;
    } else if (n == "rPh") {
      ++in_rph;  // phonetic runs are not part of the text
    }
  }
  void End(std::string_view n) {
    if (n == "si") {
      --depth_si;
      bytes += current.size();
      if (bytes > kMaxTextBytes && error.ok()) error = TooLarge("holds over 16 MiB of text");
      items.push_back(std::move(current));
      current.clear();
      if (items.size() > kMaxSharedStrings && error.ok()) {
        error = Status::Invalid("file", "xlsx", "more than 1 048 576 shared strings");
      }
    } else if (n == "t") {
      --in_t;
    } else if (n == "rPh") {
      --in_rph;
    }
  }
  void Text(const XML_Char* s, int len) {
    if (depth_si > 0 && in_t > 0 && in_rph == 0 && error.ok()) {
      if (bytes + current.size() + static_cast<size_t>(len) > kMaxTextBytes) {
        error = TooLarge("holds over 16 MiB of text");
        return;
      }
      current.append(s, static_cast<size_t>(len));
    }
  }
};

struct Workbook {
  std::vector<std::pair<std::string, std::string>> sheets;  // name, relationship id
  Status error;
  void Start(std::string_view n, const XML_Char** a) {
    if (n != "sheet") return;
    const char* name = Attr(a, "name");
    const char* id = Attr(a, "id");
    if (name && id) sheets.emplace_back(name, id);
  }
  void End(std::string_view) {}
  void Text(const XML_Char*, int) {}
};

struct Relationships {
  std::map<std::string, std::string> targets;
  Status error;
  void Start(std::string_view n, const XML_Char** a) {
    if (n != "Relationship") return;
    const char* id = Attr(a, "Id");
    const char* target = Attr(a, "Target");
    if (id && target) targets[id] = target;
  }
  void End(std::string_view) {}
  void Text(const XML_Char*, int) {}
};

// Column index (0-based) of a cell reference such as "AB12"; -1 if malformed.
int ColumnOf(const char* ref) {
  int col = 0, letters = 0;
  for (; *ref >= 'A' && *ref <= 'Z'; ++ref) {
    col = col * 26 + (*ref - 'A' + 1);
    if (++letters > 3) return -1;
  }
  return letters == 0 ? -1 : col - 1;
}

struct Worksheet {
  const std::vector<std::string>* shared = nullptr;
  std::vector<TableRow> rows;
  TableRow row;
  int next_col = 0;
  int64_t next_row = 1;
  int col = 0;
  std::string type, value;
  bool in_row = false, in_cell = false, in_v = false, in_is_t = false;
  size_t cells = 0, text_bytes = 0;
  Status error;
  void Fail(const std::string& m) {
    if (error.ok()) error = Status::Invalid("file", "xlsx", m);
  }
  void Start(std::string_view n, const XML_Char** a) {
    if (n == "row") {
      in_row = true;
      row = TableRow{};
      const char* r = Attr(a, "r");
      row.number = r ? std::atoll(r) : next_row;
      if (row.number < next_row || row.number > 10'000'000) Fail("rows out of order");
      next_row = row.number + 1;
      next_col = 0;
    } else if (n == "c" && in_row) {
      in_cell = true;
      const char* r = Attr(a, "r");
      col = r ? ColumnOf(r) : next_col;
      if (col < 0 || col >= static_cast<int>(kMaxColumns)) Fail("a cell beyond column IV");
      next_col = col + 1;
      const char* t = Attr(a, "t");
      type = t ? t : "n";
      value.clear();
    } else if (n == "v" && in_cell) {
      in_v = true;
    } else if (n == "t" && in_cell) {
      in_is_t = true;
    }
  }
  void End(std::string_view n) {
    if (n == "v") {
      in_v = false;
    } else if (n == "t") {
      in_is_t = false;
    } else if (n == "c" && in_cell) {
      in_cell = false;
      if (!error.ok() || col < 0) return;
      std::string text;
      if (type == "s") {
        char* end = nullptr;
        long idx = std::strtol(value.c_str(), &end, 10);
        if (value.empty() || *end != '\0' || idx < 0 ||
            static_cast<size_t>(idx) >= shared->size()) {
          return Fail("cell in row " + std::to_string(row.number) +
                      " points to a missing shared string");
        }
        text = (*shared)[static_cast<size_t>(idx)];
      } else if (type == "b") {
        text = value == "1" ? "TRUE" : "FALSE";
      } else {
        // n, str, inlineStr, d: the text as written; e ("#N/A", "#DIV/0!") too, which the
        // importer then reports as not a number.
        text = value;
      }
      // Shared strings are copied into every cell that uses them: count what is kept.
      text_bytes += text.size();
      if (text_bytes > kMaxTextBytes && error.ok()) {
        error = TooLarge("holds over 16 MiB of cell text");
        return;
      }
      if (row.cells.size() <= static_cast<size_t>(col)) {
        // Empty cells before this one take room too: count every slot a row allocates.
        cells += static_cast<size_t>(col) + 1 - row.cells.size();
        if (cells > kMaxCells) return Fail("more than 4 194 304 cells");
        row.cells.resize(col + 1);
      }
      row.cells[col] = std::move(text);

    } else if (n == "row" && in_row) {
      in_row = false;
      bool blank = true;
      for (const auto& c : row.cells) blank = blank && c.empty();
      if (!blank) rows.push_back(std::move(row));
    }
  }
  void Text(const XML_Char* s, int len) {
    if ((in_v || in_is_t) && error.ok()) {
      if (text_bytes + value.size() + static_cast<size_t>(len) > kMaxTextBytes) {
        error = TooLarge("holds over 16 MiB of cell text");
        return;
      }
      value.append(s, static_cast<size_t>(len));
    }
  }
};

}  // namespace

Result<Table> ParseXlsx(std::string_view bytes, const std::string& sheet) {
  if (bytes.size() > kMaxTableBytes) {
    return Status(core::Code::kPayloadTooLarge, "the file is larger than 64 MiB");
  }
  Zip zip;
  OPENKP_RETURN_IF_ERROR(zip.Open(bytes));
  Workbook wb;
  OPENKP_RETURN_IF_ERROR(ParseXml(zip, "xl/workbook.xml", wb));
  Relationships rels;
  OPENKP_RETURN_IF_ERROR(ParseXml(zip, "xl/_rels/workbook.xml.rels", rels));
  if (wb.sheets.empty()) return Status::Invalid("file", "xlsx", "the workbook has no worksheet");
  std::string rel_id;
  if (sheet.empty()) {
    rel_id = wb.sheets.front().second;
  } else {
    for (const auto& [name, id] : wb.sheets) {
      if (name == sheet) rel_id = id;
    }
    if (rel_id.empty()) return Status::Invalid("sheet", "exists", "no worksheet named " + sheet);
  }
  auto target = rels.targets.find(rel_id);
  if (target == rels.targets.end()) {
    return Status::Invalid("file", "xlsx", "the worksheet's part is not listed");
  }
  std::string path = target->second;
  path = path.rfind('/', 0) == 0 ? path.substr(1) : "xl/" + path;
  SharedStrings strings;
  if (zip.Has("xl/sharedStrings.xml")) {
    OPENKP_RETURN_IF_ERROR(ParseXml(zip, "xl/sharedStrings.xml", strings));
  }
  Worksheet ws;
  ws.shared = &strings.items;
  OPENKP_RETURN_IF_ERROR(ParseXml(zip, path, ws));
  if (ws.rows.empty()) return Status::Invalid("file", "xlsx", "the worksheet is empty");
  Table table;
  table.header = std::move(ws.rows.front().cells);
  while (!table.header.empty() && table.header.back().empty()) table.header.pop_back();
  // Every row is widened to the header: that is the table's real size.
  if (table.header.size() * ws.rows.size() > kMaxCells) {
    return Status::Invalid("file", "xlsx", "more than 4 194 304 cells");
  }
  for (size_t i = 1; i < ws.rows.size(); ++i) {
    ws.rows[i].cells.resize(std::max(table.header.size(), ws.rows[i].cells.size()));
    table.rows.push_back(std::move(ws.rows[i]));
  }
  return table;
}

Result<Table> ReadTable(std::string_view bytes, const std::string& sheet) {
  if (bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4)) return ParseXlsx(bytes, sheet);
  return ParseCsv(bytes);
}

}  // namespace openkp::tables
