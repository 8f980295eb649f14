#include "http/region_dashboard.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>

#include "core/amount.h"
#include "review/json.h"

namespace openkp::http {

namespace json = boost::json;
using core::Result;
using core::Status;

namespace {

json::value UnitValue(int64_t value_cents, int64_t carats_hundredths) {
  auto uv = stats::UnitValueCents(value_cents, carats_hundredths);
  return uv ? json::value(core::FormatHundredths(*uv)) : json::value(nullptr);
}

// One year of a region: its members' annual rows and their sum.
struct YearSum {
  int64_t carats = 0, value = 0;
  bool suppressed = false, complete = true, nil = true;
  std::map<std::string, const stats::SummaryRow*> members;
};

// The members' annual rows of `t` summed per year, in integer hundredths: the rows from `from`
// to `to`, and in *years_out every year (the history unit values are compared with). A year is
// complete when every member has a complete row for it; withheld when any member's row is.
json::object SumTable(const stats::SummaryTable& t, const std::vector<std::string>& members,
                      int from, int to, std::map<int, YearSum>* years_out) {
  std::map<int, YearSum> years;
  const std::set<std::string> in(members.begin(), members.end());
  for (const auto& r : t.rows) {
    if (!in.count(r.participant) || r.year > to) continue;
    YearSum& y = years[r.year];
    y.members[r.participant] = &r;
    y.suppressed = y.suppressed || r.suppressed;
    y.complete = y.complete && r.complete;
    y.nil = y.nil && r.nil;
    y.carats += r.carats_hundredths;
    y.value += r.value_usd_cents;
  }
  json::array rows;
  for (auto& [year, y] : years) {
    if (year < from) continue;
    json::object members_json;
    for (const auto& [code, r] : y.members) {
      members_json[code] =
          r->suppressed ? json::value(json::object{{"suppressed", true}})
                        : json::value(json::object{{"carats_hundredths", r->carats_hundredths},
                                                   {"value_usd_cents", r->value_usd_cents},
                                                   {"complete", r->complete}});
    }
    // A member without a row for the year: the region's sum for it is not complete.
    const bool all = y.members.size() == in.size();
    json::object o{{"year", year},
                   {"reporting", static_cast<int64_t>(y.members.size())},
                   {"complete", y.complete && all}};
    if (y.suppressed) {
      o["carats_hundredths"] = nullptr;
      o["value_usd_cents"] = nullptr;
      o["usd_per_carat"] = nullptr;
      o["suppressed"] = true;
    } else {
      o["carats_hundredths"] = y.carats;
      o["value_usd_cents"] = y.value;
      o["usd_per_carat"] = UnitValue(y.value, y.carats);
    }
    if (t.flow == "production") o["nil"] = y.nil;
    o["members"] = std::move(members_json);
    rows.push_back(std::move(o));
  }
  if (years_out != nullptr) *years_out = std::move(years);
  return {{"flow", t.flow}, {"source", t.source}, {"rows", std::move(rows)}};
}

// Each year's unit value against the region's own history: the five years before it (value
// over carats of those years together), and the change in whole percent (rounded toward zero).
json::array UnitValues(const std::string& flow, const std::map<int, YearSum>& years, int from) {
  json::array out;
  for (const auto& [year, y] : years) {
    if (year < from || y.suppressed || y.carats <= 0) continue;
    int64_t hc = 0, hv = 0;
    int n = 0;
    for (const auto& [py, p] : years) {
      if (py >= year || py < year - 5 || p.suppressed) continue;
      hc += p.carats;
      hv += p.value;
      ++n;
    }
    json::object o{{"flow", flow},
                   {"year", year},
                   {"usd_per_carat", UnitValue(y.value, y.carats)},
                   {"history_years", n}};
    auto now = stats::UnitValueCents(y.value, y.carats);
    auto before = stats::UnitValueCents(hv, hc);
    o["history_usd_per_carat"] = UnitValue(hv, hc);
    if (now && before && *before > 0) {
      const int64_t change = (*now - *before) * 100 / *before;
      o["change_percent"] = change;
      o["flagged"] = change >= 50 || change <= -50;
    } else {
      o["change_percent"] = nullptr;
      o["flagged"] = false;
    }
    out.push_back(std::move(o));
  }
  return out;
}

// Whether `who` may read the certificate trade between `a` and `b`: the partner breakdown is
// for the participants concerned and admins, as in the statistics' own tables
// (routes_stats.cpp), analysts included.
bool MaySeePair(const accounts::Principal* who, const std::string& a, const std::string& b) {
  if (who == nullptr) return false;
  return who->is_admin() || who->is_officer_of(a) || who->is_officer_of(b);
}

// Certificates from one member to another, as the exporter issued them and as the importer
// confirmed them: the gap is what left one member and never arrived in the other.
Result<json::object> IntraRegion(stats::Statistics& st, const std::vector<std::string>& members,
                                 int from, int to, const accounts::Principal* who) {
  const std::set<std::string> in(members.begin(), members.end());
  const bool visible =
      who != nullptr && (who->is_admin() || (who->user.role == store::Role::kOfficer &&
                                             in.count(who->user.participant)));
  if (!visible) return json::object{{"visible", false}};
  struct Pair {
    int64_t ex_c = 0, ex_v = 0, ex_n = 0, im_c = 0, im_v = 0, im_n = 0;
  };
  std::map<std::tuple<int, std::string, std::string>, Pair> pairs;
  for (const char* flow : {"export", "import"}) {
    // The members' rows with members only, from the store (the partner breakdown of the whole
    // world is a thousand times more rows than a region's).
    store::StatFilter f;
    f.flow = flow;
    f.by = "partner";
    f.participants = members;
    f.partners = members;
    auto rows = st.CertificateTradeFlows(f);
    if (!rows.ok()) return rows.status();
    const bool exp = std::string(flow) == "export";
    for (const auto& r : *rows) {
      if (r.year < from || r.year > to) continue;
      // Keyed by (year, exporter, importer).
      Pair& p = pairs[{r.year, exp ? r.participant : r.partner, exp ? r.partner : r.participant}];
      (exp ? p.ex_c : p.im_c) += r.carats_hundredths;
      (exp ? p.ex_v : p.im_v) += r.value_usd_cents;
      (exp ? p.ex_n : p.im_n) += r.certificates;
    }
  }
  json::array rows;
  for (const auto& [key, p] : pairs) {
    const auto& [year, a, b] = key;
    if (!MaySeePair(who, a, b)) continue;  // not even counted: that trade exists is not public
    rows.push_back(json::object{{"year", year},
                                {"exporter", a},
                                {"importer", b},
                                {"exported_carats_hundredths", p.ex_c},
                                {"exported_value_usd_cents", p.ex_v},
                                {"exported_certificates", p.ex_n},
                                {"imported_carats_hundredths", p.im_c},
                                {"imported_value_usd_cents", p.im_v},
                                {"imported_certificates", p.im_n},
                                {"gap_carats_hundredths", p.ex_c - p.im_c},
                                {"gap_value_usd_cents", p.ex_v - p.im_v}});
  }
  return json::object{{"visible", true}, {"rows", std::move(rows)}};
}

// The findings that involve a member, as `who` may see them (review's rules): all of them for
// admins and analysts, an officer's own participant's, none for others.
Result<json::object> Findings(review::Review& rv, const std::vector<std::string>& members,
                              const accounts::Principal* who) {
  const bool analyst =
      who != nullptr && (who->is_admin() || who->user.role == store::Role::kAnalyst);
  const bool officer = who != nullptr && who->user.role == store::Role::kOfficer &&
                       std::count(members.begin(), members.end(), who->user.participant);
  if (!analyst && !officer) return json::object{{"visible", false}};
  // Each member's groups (all of them: a small producer's rank the world over says nothing of
  // its rank in the region), once each, most severe first.
  std::vector<review::TrackedGroup> all;
  std::set<std::string> seen;
  for (const auto& p : members) {
    if (officer && p != who->user.participant) continue;
    review::FindingQuery q;
    q.participant = p;
    q.limit = 1000;
    for (q.offset = 0;; q.offset += q.limit) {
      auto page = rv.ListFindings(*who, q);
      if (!page.ok()) return page.status();
      for (auto& g : page->groups) {
        if (seen.insert(g.group.id).second) all.push_back(std::move(g));
      }
      if (q.offset + q.limit >= page->total_groups) break;
    }
  }
  std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
    return a.group.severity > b.group.severity;
  });
  const std::set<std::string> in(members.begin(), members.end());
  json::array groups;
  std::map<std::string, int64_t> per_member;
  std::map<std::string, int64_t> states;
  for (const auto& g : all) {
    bool involved = false;
    for (const auto& p : g.group.participants) {
      if (in.count(p)) {
        involved = true;
        ++per_member[p];
      }
    }
    if (!involved) continue;
    ++states[g.state];
    if (groups.size() >= 50) continue;  // the most severe; the counts cover every group
    groups.push_back(json::object{{"id", g.group.id},
                                  {"rule", g.group.rule},
                                  {"participants", json::value_from(g.group.participants)},
                                  {"period", g.group.period},
                                  {"severity", g.group.severity},
                                  {"state", g.state},
                                  {"count", static_cast<int64_t>(g.group.findings.size())},
                                  {"message", g.group.message}});
  }
  json::object by_member, by_state;
  for (const auto& [p, n] : per_member) by_member[p] = n;
  for (const auto& [s, n] : states) by_state[s] = n;
  return json::object{{"visible", true},
                      {"groups", std::move(groups)},
                      {"by_participant", std::move(by_member)},
                      {"by_state", std::move(by_state)}};
}

// The members' mining sites as `who` may see them (the public: displaced), as GeoJSON.
Result<json::object> Map(monitor::Monitor& m, const std::vector<std::string>& members,
                         const accounts::Principal* who) {
  json::array features;
  json::object risk;
  for (const auto& p : members) {
    auto sites = m.Sites(who, p);
    if (!sites.ok()) return sites.status();
    for (const auto& s : *sites) {
      if (!s.location) continue;
      features.push_back(json::object{
          {"type", "Feature"},
          {"geometry",
           {{"type", "Point"},
            {"coordinates", json::array{static_cast<double>(s.location->lon_e6) / 1e6,
                                        static_cast<double>(s.location->lat_e6) / 1e6}}}},
          {"properties",
           {{"code", s.code},
            {"name", s.name},
            {"participant", s.participant},
            {"type", s.type},
            {"armed_presence", s.armed_presence}}}});
    }
    auto flags = m.Risk(who, p, monitor::RiskThresholds{});
    if (!flags.ok()) return flags.status();
    risk[p] = static_cast<int64_t>(flags->size());
  }
  return json::object{{"type", "FeatureCollection"},
                      {"features", std::move(features)},
                      {"risk_flags", std::move(risk)}};
}

Result<json::object> FollowUpsOf(review::FollowUps& fu, const std::string& region,
                                 const accounts::Principal* who) {
  auto plans = fu.Plans(who, "region:" + region);
  if (!plans.ok()) return plans.status();
  json::array plans_json;
  for (const auto& p : *plans) {
    json::object statuses;
    for (const auto& [s, n] : p.statuses) statuses[s] = n;
    plans_json.push_back(json::object{{"id", p.plan.id},
                                      {"title", p.plan.title},
                                      {"adopted_on", p.plan.adopted_on},
                                      {"axes", json::value_from(p.plan.axes)},
                                      {"actions", static_cast<int64_t>(p.actions.size())},
                                      {"statuses", std::move(statuses)},
                                      {"overdue", p.overdue}});
  }
  review::FollowUpQuery q;
  q.region = region;
  q.type = "commitment";
  auto commitments = fu.List(who, q);
  if (!commitments.ok()) return commitments.status();
  json::array items;
  for (const auto& c : *commitments) items.push_back(review::FollowUpToJson(c));
  return json::object{{"action_plans", std::move(plans_json)}, {"commitments", std::move(items)}};
}

}  // namespace

std::vector<std::vector<std::string>> RegionTableRows(const json::object& d) {
  std::vector<std::vector<std::string>> rows = {{"flow", "year", "participant", "carats",
                                                 "value_usd", "usd_per_carat", "complete",
                                                 "withheld"}};
  auto amount = [](const json::value* v) {
    return v != nullptr && v->is_int64() ? core::FormatHundredths(v->as_int64()) : std::string();
  };
  for (const char* table : {"production", "exports", "imports"}) {
    const json::value* t = d.if_contains(table);
    if (t == nullptr) continue;
    const std::string flow = std::string(t->at("flow").as_string());
    for (const auto& rv : t->at("rows").as_array()) {
      const json::object& r = rv.as_object();
      const std::string year = std::to_string(r.at("year").as_int64());
      const bool withheld = r.contains("suppressed");
      const json::value* unit = r.if_contains("usd_per_carat");
      rows.push_back({flow, year, "", amount(r.if_contains("carats_hundredths")),
                      amount(r.if_contains("value_usd_cents")),
                      unit != nullptr && unit->is_string() ? std::string(unit->as_string()) : "",
                      r.at("complete").as_bool() ? "yes" : "no", withheld ? "yes" : "no"});
      for (const auto& [code, mv] : r.at("members").as_object()) {
        const json::object& m = mv.as_object();
        const bool hidden = m.contains("suppressed");
        const json::value* c = m.if_contains("carats_hundredths");
        const json::value* v = m.if_contains("value_usd_cents");
        auto uv = c != nullptr && v != nullptr ? stats::UnitValueCents(v->as_int64(), c->as_int64())
                                               : std::nullopt;
        rows.push_back({flow, year, std::string(code), amount(c), amount(v),
                        uv ? core::FormatHundredths(*uv) : "",
                        m.contains("complete") && m.at("complete").as_bool() ? "yes" : "no",
                        hidden ? "yes" : "no"});
      }
    }
  }
  return rows;
}

Result<json::object> BuildRegionDashboard(const accounts::Principal* who,
                                          const RegionDashboardRequest& q,
                                          const RegionServices& services) {
  if (q.to_year < q.from_year || q.to_year - q.from_year >= 30) {
    return Status::Invalid("to", "range", "the span must be 1 to 30 years, from <= to");
  }
  auto region = services.regions.Get(who, q.region);
  if (!region.ok()) return region.status();
  const std::vector<std::string>& members = region->participants;
  json::object out{
      {"region", review::RegionToJson(*region)}, {"from", q.from_year}, {"to", q.to_year}};
  // OPENKP_REGION_TIMING=1 prints each part's time to stderr (bench/region_bench.sh).
  const bool timing = std::getenv("OPENKP_REGION_TIMING") != nullptr;
  auto t0 = std::chrono::steady_clock::now();
  auto part = [&](const char* what) {
    if (!timing) return;
    const auto now = std::chrono::steady_clock::now();
    std::fprintf(stderr, "region part %-12s %8.1f ms\n", what,
                 std::chrono::duration<double, std::milli>(now - t0).count());
    t0 = now;
  };
  if (services.stats != nullptr) {
    stats::TableQuery tq;
    auto production = services.stats->Production(tq);
    if (!production.ok()) return production.status();
    part("production");
    std::map<int, YearSum> years;
    out["production"] = SumTable(*production, members, q.from_year, q.to_year, &years);
    json::array unit_values = UnitValues("production", years, q.from_year);
    for (const char* flow : {"export", "import"}) {
      auto t = services.stats->Trade(flow, tq);
      if (!t.ok()) return t.status();
      std::map<int, YearSum> trade_years;
      out[std::string(flow) + "s"] = SumTable(*t, members, q.from_year, q.to_year, &trade_years);
      for (auto& v : UnitValues(flow, trade_years, q.from_year)) {
        unit_values.push_back(std::move(v));
      }
      part(flow);
    }
    out["unit_values"] = std::move(unit_values);
    auto intra = IntraRegion(*services.stats, members, q.from_year, q.to_year, who);
    if (!intra.ok()) return intra.status();
    out["intra_region_trade"] = std::move(*intra);
    part("intra");
  }
  if (services.review != nullptr) {
    auto f = Findings(*services.review, members, who);
    if (!f.ok()) return f.status();
    out["findings"] = std::move(*f);
    part("findings");
  }
  if (services.monitor != nullptr) {
    auto m = Map(*services.monitor, members, who);
    if (!m.ok()) return m.status();
    out["map"] = std::move(*m);
    part("map");
  }
  if (services.coalition != nullptr) {
    auto list = services.coalition->Members();
    if (!list.ok()) return list.status();
    const std::set<std::string> in(members.begin(), members.end());
    json::array coalition;
    for (const auto& m : *list) {
      if (!in.count(m.country)) continue;
      coalition.push_back(json::object{{"code", m.code}, {"name", m.name}, {"country", m.country}});
    }
    out["coalition_members"] = std::move(coalition);
    part("coalition");
  }
  if (services.follow_ups != nullptr) {
    auto f = FollowUpsOf(*services.follow_ups, q.region, who);
    if (!f.ok()) return f.status();
    out["action_plans"] = std::move(f->at("action_plans"));
    out["commitments"] = std::move(f->at("commitments"));
    part("follow-ups");
  }
  return out;
}

}  // namespace openkp::http
