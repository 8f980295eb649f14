#include "monitor/demo.h"

#include "core/rng.h"
#include "monitor/geo.h"

namespace openkp::monitor {

namespace {

using Rng = core::SplitMix64;

struct Region {
  const char* participant;
  const char* area;
  const char* prefix;
  int64_t lat_e6, lon_e6;  // centre
  const char* type;
  const char* org;
};

// Real diamond areas, approximate centres.
const Region kRegions[] = {
    {"ZW", "Marange, Manicaland", "ZW-MAR", -19966000, 32300000, "industrial", "CNRG-ZW"},
    {"SL", "Kono", "SL-KON", 8640000, -10970000, "alluvial", "NMJD-SL"},
    {"SL", "Kenema", "SL-KEN", 7880000, -11190000, "alluvial", "NMJD-SL"},
    {"CD", "Tshikapa, Kasai", "CD-TSH", -6420000, 20790000, "artisanal", "CENADEP-CD"},
    {"CD", "Mbuji-Mayi, Kasai-Oriental", "CD-MBU", -6140000, 23600000, "artisanal", "CENADEP-CD"},
    {"LS", "Mokhotlong", "LS-MOK", -29290000, 29060000, "industrial", "CNRG-ZW"},
    {"CF", "Berberati, Mambere-Kadei", "CF-BER", 4260000, 15790000, "artisanal", "CENADEP-CD"},
    {"CM", "Kette, East", "CM-KET", 4380000, 14470000, "artisanal", "CENADEP-CD"},
};

}  // namespace

core::Result<DemoResult> LoadDemo(accounts::Accounts& accounts, Monitor& monitor, uint64_t seed,
                                  const core::Date& today) {
  DemoResult out;
  accounts::Principal op;
  op.user.role = store::Role::kAdmin;
  op.user.name = "demo";
  const std::pair<const char*, const char*> orgs[] = {
      {"CNRG-ZW", "Centre for Natural Resource Governance (Zimbabwe)"},
      {"NMJD-SL", "Network Movement for Justice and Development (Sierra Leone)"},
      {"CENADEP-CD", "Centre National d'Appui au Developpement et a la Participation Populaire"}};
  std::map<std::string, accounts::Principal> members;
  for (const auto& [code, name] : orgs) {
    OPENKP_RETURN_IF_ERROR(monitor.AddOrganisation(op, code, name));
    auto u = accounts.AddUser(std::string("Demo monitor ") + code, store::Role::kMonitor, "");
    if (!u.ok()) return u.status();
    OPENKP_RETURN_IF_ERROR(monitor.AddMember(op, u->user.id, code));
    out.tokens.emplace_back(u->user.name, u->token);
    accounts::Principal p;
    p.user = u->user;
    members[code] = p;
    auto d = monitor.AddDevice(p, code, std::string("Demo phone ") + code);
    if (!d.ok()) return d.status();
    out.devices.emplace_back(d->device.label, d->device.username + ":" + d->password);
  }
  auto verifier = accounts.AddUser("Demo verifier", store::Role::kVerifier, "");
  if (!verifier.ok()) return verifier.status();
  out.tokens.emplace_back(verifier->user.name, verifier->token);
  accounts::Principal reviewer;
  reviewer.user = verifier->user;

  Rng rng{seed};
  static const char* kMinerals[] = {"diamond", "gold"};
  static const char* kPresence[] = {"none", "none", "armed_group", "public_security",
                                    "private_security"};
  static const char* kRoles[] = {"taxation", "roadblocks", "digging", "pillaging"};
  std::vector<Site> sites;
  for (const auto& region : kRegions) {
    for (int i = 1; i <= 6; ++i) {
      Site s;
      s.code = std::string(region.prefix) + "-" + (i < 10 ? "00" : "0") + std::to_string(i);
      s.name = std::string(region.area).substr(0, std::string(region.area).find(',')) + " site " +
               std::to_string(i);
      s.participant = region.participant;
      s.area = region.area;
      s.location = GeoPoint{region.lat_e6 + rng.Below(300000) - 150000,
                            region.lon_e6 + rng.Below(300000) - 150000};
      s.type = region.type;
      s.minerals = {"diamond"};
      if (rng.Below(4) == 0) s.minerals.push_back(kMinerals[1]);
      s.operator_name = std::string(region.type) == "industrial" ? "Mining company (demo)" : "";
      s.workers =
          std::string(region.type) == "industrial" ? 200 + rng.Below(800) : 20 + rng.Below(400);
      s.armed_presence = kPresence[rng.Below(5)];
      if (s.armed_presence != "none") s.armed_roles = {kRoles[rng.Below(4)]};
      s.child_labour = rng.Below(5) == 0 ? "yes" : (rng.Below(2) ? "no" : "unknown");
      s.source = std::string(region.org) + " field visit (demo)";
      auto made = monitor.RegisterSite(members[region.org], s);
      if (!made.ok()) return made.status();
      sites.push_back(*made);
      ++out.sites;
      // Two visits over the last year.
      for (int k = 0; k < 2; ++k) {
        Visit v;
        v.site_code = made->code;
        v.visited_on = today.AddDays(-30 - rng.Below(330)).ToString();
        v.workers = *s.workers + rng.Below(50);
        v.minerals = s.minerals;
        v.armed_presence = s.armed_presence;
        v.armed_roles = s.armed_roles;
        v.child_labour = s.child_labour;
        v.mercury = "no";
        v.notes = "Demo visit";
        auto rec = monitor.RecordVisit(members[region.org], v);
        if (!rec.ok()) return rec.status();
        ++out.visits;
      }
    }
  }
  static const char* kWhat[][2] = {
      {"security_force_violence", "Guards beat two artisanal diggers found near the fence."},
      {"armed_group_violence", "Armed men took a share of the gravel at the river crossing."},
      {"child_labour", "Children were seen washing gravel during school hours."},
      {"environmental_harm", "Water downstream of the tailings dam turned grey after rain."},
      {"revenue_management",
       "The community development share promised for this year was not "
       "paid."},
      {"displacement", "Families were told to leave the village without a relocation plan."},
      {"illegal_mining_smuggling",
       "Rough stones were bought without receipts by unlicensed "
       "buyers."},
      {"labour_rights", "Workers were not paid for three weeks."},
  };
  for (int i = 0; i < 24; ++i) {
    // Every fourth report is about security forces in Marange (ZW), as civil society reported
    // there for years: enough reviewed ones to flag under the expanded definition.
    const bool marange = i % 4 == 0;
    const Site& site =
        marange ? sites[static_cast<size_t>(rng.Below(6))]
                : sites[static_cast<size_t>(rng.Below(static_cast<int64_t>(sites.size())))];
    std::string org;
    for (const auto& r : kRegions) {
      if (site.code.rfind(r.prefix, 0) == 0) org = r.org;
    }
    const auto& what = marange ? kWhat[0] : kWhat[rng.Below(8)];
    IncidentInput in;
    in.category = what[0];
    in.occurred_on = today.AddDays(-1 - rng.Below(300)).ToString();
    in.participant = site.participant;
    in.area = site.area;
    in.site_code = site.code;
    in.description = what[1];
    in.people_affected = 1 + rng.Below(40);
    in.restricted = i % 7 == 3;
    in.text_restricted = i % 7 == 5;
    if (i % 5 == 0) in.reporter = {"Witness (demo) " + std::to_string(i), "+000 555 0100"};
    auto filed = monitor.FileIncident(members[org], in);
    if (!filed.ok()) return filed.status();
    ++out.reports;
    if (i % 3 != 2 || marange) {
      auto s = monitor.ChangeStatus(reviewer, filed->report_id, "verified",
                                    "Confirmed by a second monitor's visit (demo)");
      if (!s.ok()) return s.status();
    }
    if (i % 6 == 0) {
      auto s = monitor.ChangeStatus(reviewer, filed->report_id, "referred",
                                    "Sent to the mining company and the ministry (demo)");
      if (!s.ok()) return s.status();
    }
  }
  return out;
}

}  // namespace openkp::monitor
