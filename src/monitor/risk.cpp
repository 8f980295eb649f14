#include "monitor/risk.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "monitor/monitor.h"

namespace openkp::monitor {

namespace {

bool KpcsCategory(const std::string& c) { return c == "armed_group_violence"; }

bool ExpandedCategory(const std::string& c) {
  return c == "armed_group_violence" || c == "security_force_violence" ||
         c == "human_rights_abuse" || c == "forced_labour" || c == "child_labour";
}

struct Group {
  std::vector<const Report*> kpcs, expanded;
};

}  // namespace

std::vector<RiskThresholdInfo> DescribeThresholds(const RiskThresholds& t) {
  return {
      {"window_days", t.window_days, "incidents that happened in this many days up to today"},
      {"kpcs_min_incidents", t.kpcs_min_incidents,
       "KPCS definition: reviewed reports of violence by armed groups (rebel movements or their "
       "allies) at or above which a participant, area or site is flagged"},
      {"systematic_min_incidents", t.systematic_min_incidents,
       "expanded definition: reviewed reports of violence by armed groups or by public or "
       "private security forces, forced or child labour or other human-rights abuses at or above "
       "which the abuses are systematic"},
      {"widespread_min_months", t.widespread_min_months,
       "expanded definition: distinct months among them at or above which they are widespread"},
      {"widespread_min_sites", t.widespread_min_sites,
       "expanded definition: or distinct sites among them at or above which they are widespread"},
  };
}

core::Status SetThreshold(RiskThresholds* t, const std::string& name, int64_t value) {
  if (value < 1 || value > 100000) {
    return core::Status::Invalid(name, "range", "must be 1 to 100000");
  }
  if (name == "window_days") {
    t->window_days = value;
  } else if (name == "kpcs_min_incidents") {
    t->kpcs_min_incidents = value;
  } else if (name == "systematic_min_incidents") {
    t->systematic_min_incidents = value;
  } else if (name == "widespread_min_months") {
    t->widespread_min_months = value;
  } else if (name == "widespread_min_sites") {
    t->widespread_min_sites = value;
  } else {
    return core::Status::Invalid(name, "threshold", "is not a risk threshold");
  }
  return {};
}

std::vector<RiskFlag> AssessRisk(const std::vector<Report>& reports, const core::Date& today,
                                 const RiskThresholds& t) {
  const core::Date from = today.AddDays(-t.window_days);
  // (participant, scope rank, area, site) -> incidents
  std::map<std::tuple<std::string, int, std::string, std::string>, Group> groups;
  for (const auto& r : reports) {
    // A corrected report counts once, as its latest version.
    if (r.form_id != "openkp_incident" || !IsReviewedStatus(r.status) || !r.superseded_by.empty())
      continue;
    auto when = core::Date::Parse(r.occurred_on);
    if (!when.ok() || *when < from || *when > today) continue;
    const bool kpcs = KpcsCategory(r.category), expanded = ExpandedCategory(r.category);
    if (!kpcs && !expanded) continue;
    std::vector<std::tuple<std::string, int, std::string, std::string>> keys = {
        {r.participant, 0, "", ""}};
    if (!r.area.empty()) keys.emplace_back(r.participant, 1, r.area, "");
    if (!r.site_code.empty()) keys.emplace_back(r.participant, 2, r.area, r.site_code);
    for (const auto& k : keys) {
      if (kpcs) groups[k].kpcs.push_back(&r);
      if (expanded) groups[k].expanded.push_back(&r);
    }
  }
  std::vector<RiskFlag> out;
  static const char* kScopes[] = {"participant", "area", "site"};
  for (const auto& [key, g] : groups) {
    // Plain names, not structured bindings: the lambda below captures them (clang 14 cannot).
    const std::string& participant = std::get<0>(key);
    const int rank = std::get<1>(key);
    const std::string& area = std::get<2>(key);
    const std::string& site = std::get<3>(key);
    std::string where = participant;
    if (rank >= 1) where += ", " + area;
    if (rank == 2) where += ", site " + site;
    auto flag = [&](const char* definition, const std::vector<const Report*>& list) {
      RiskFlag f;
      f.definition = definition;
      f.scope = kScopes[rank];
      f.participant = participant;
      f.area = rank >= 1 ? area : "";
      f.site = rank == 2 ? site : "";
      std::set<std::string> months, sites;
      for (const Report* r : list) {
        f.incidents.push_back(r->id);
        months.insert(r->occurred_on.substr(0, 7));
        if (!r->site_code.empty()) sites.insert(r->site_code);
      }
      std::sort(f.incidents.begin(), f.incidents.end());
      f.months = static_cast<int64_t>(months.size());
      f.sites = static_cast<int64_t>(sites.size());
      return f;
    };
    if (static_cast<int64_t>(g.kpcs.size()) >= t.kpcs_min_incidents) {
      RiskFlag f = flag("kpcs", g.kpcs);
      f.explanation = std::to_string(g.kpcs.size()) +
                      " reviewed report(s) of violence by armed groups in " + where +
                      " in the last " + std::to_string(t.window_days) + " days (threshold " +
                      std::to_string(t.kpcs_min_incidents) + ")";
      out.push_back(std::move(f));
    }
    RiskFlag e = flag("systematic-widespread", g.expanded);
    const bool systematic = static_cast<int64_t>(g.expanded.size()) >= t.systematic_min_incidents;
    const bool widespread =
        e.months >= t.widespread_min_months || e.sites >= t.widespread_min_sites;
    if (systematic && widespread) {
      e.explanation = std::to_string(g.expanded.size()) +
                      " reviewed reports of abuses by armed groups or security forces, forced or "
                      "child labour or human-rights abuses in " +
                      where + " in the last " + std::to_string(t.window_days) +
                      " days (systematic: at least " + std::to_string(t.systematic_min_incidents) +
                      "), over " + std::to_string(e.months) + " month(s) and " +
                      std::to_string(e.sites) + " site(s) (widespread: at least " +
                      std::to_string(t.widespread_min_months) + " months or " +
                      std::to_string(t.widespread_min_sites) + " sites)";
      out.push_back(std::move(e));
    }
  }
  return out;
}

}  // namespace openkp::monitor
