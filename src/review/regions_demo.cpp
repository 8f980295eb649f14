// Demo data for regions, action plans and commitments (regions_demo.h's LoadRegionsDemo).
#include <memory>

#include "review/demo.h"
#include "review/follow_ups.h"
#include "review/regions.h"

namespace openkp::review {

namespace {

struct DemoUsers {
  accounts::Principal admin, nmjd, cenadep, cnrg, cd, sl, zw;
};

Result<DemoUsers> FindUsers(accounts::Accounts& accounts) {
  DemoUsers u;
  u.admin.user.role = store::Role::kAdmin;
  u.admin.user.name = "demo";
  auto users = accounts.ListUsers(u.admin);
  if (!users.ok()) return users.status();
  for (const auto& x : *users) {
    if (x.role == store::Role::kMonitor && x.name == "Demo monitor NMJD-SL") u.nmjd.user = x;
    if (x.role == store::Role::kMonitor && x.name == "Demo monitor CENADEP-CD") u.cenadep.user = x;
    if (x.role == store::Role::kMonitor && x.name == "Demo monitor CNRG-ZW") u.cnrg.user = x;
    if (x.role == store::Role::kOfficer && x.participant == "CD") u.cd.user = x;
    if (x.role == store::Role::kOfficer && x.participant == "SL") u.sl.user = x;
    if (x.role == store::Role::kOfficer && x.participant == "ZW") u.zw.user = x;
  }
  for (const auto* p : {&u.nmjd, &u.cenadep, &u.cnrg, &u.cd, &u.sl, &u.zw}) {
    if (p->user.id == 0) {
      return Status::Internal("the regions demo needs the registry's and monitoring's demos");
    }
  }
  return u;
}

Status DemoRegions(review::Regions& regions, const DemoUsers& u, RegionsDemoResult* out) {
  Region mru;
  mru.code = "MRU";
  mru.name = "Mano River Union";
  mru.kind = "region";
  mru.participants = {"CI", "GN", "LR", "SL"};
  mru.members = {
      {"Demo monitor NMJD-SL", "Network Movement for Justice and Development", "civil-society",
       "SL", u.nmjd.user.id, true},
      {"Officer SL (demo)", "National Minerals Agency", "government", "SL", u.sl.user.id, true},
      {"CECIDE", "Centre du Commerce International pour le Developpement", "civil-society", "GN", 0,
       false},
      {"GRPIE", "Groupe de Recherche et de Plaidoyer sur les Industries Extractives",
       "civil-society", "CI", 0, false},
      {"Green Advocates", "Green Advocates International", "civil-society", "LR", 0, false},
      {"Government Diamond Office", "Ministry of Mines and Energy", "government", "LR", 0, false},
      {"Bureau National d'Expertise", "Ministry of Mines and Geology", "government", "GN", 0,
       false},
      {"Diamond exporters' association (demo)", "", "industry", "SL", 0, false}};
  Region ca;
  ca.code = "CENTRAL-AFRICA";
  ca.name = "Central Africa";
  ca.kind = "region";
  ca.participants = {"CD", "CF", "CG", "CM", "GA"};
  ca.members = {
      {"Demo monitor CENADEP-CD", "CENADEP", "civil-society", "CD", u.cenadep.user.id, true},
      {"Officer CD (demo)", "CEEC", "government", "CD", u.cd.user.id, true},
      {"RELUFA", "Reseau de Lutte contre la Faim", "civil-society", "CM", 0, false},
      {"National Permanent Secretariat for the KP", "", "government", "CM", 0, false},
      {"Artisanal cooperatives' federation (demo)", "", "industry", "CF", 0, false}};
  for (const Region& r : {mru, ca}) {
    auto made = regions.Create(u.admin, r);
    if (!made.ok()) return made.status();
    ++out->regions;
  }
  return {};
}

using AtDate = std::function<std::unique_ptr<FollowUps>(const std::string& date)>;

// The Kinshasa workshop's Regional Action Plan (10-11 April 2019), on its three axes.
Status KinshasaPlan(const AtDate& at, const DemoUsers& u, RegionsDemoResult* out) {
  auto plan =
      at("2019-04-11")
          ->AddPlan(
              u.cenadep,
              {"region:CENTRAL-AFRICA",
               "Regional Action Plan for Central Africa",
               {"internal controls", "law enforcement", "benefits for communities"},
               "2019-04-11",
               "Kinshasa, workshop on regional cooperation in Central Africa",
               "Workshop conclusions, Kinshasa, 11 April 2019 (coalition activity CSC-2019-05)"});
  if (!plan.ok()) return plan.status();
  ++out->plans;
  const int64_t id = plan->plan.id;
  struct A {
    NewAction action;
    std::vector<std::pair<std::string, NewStep>> status;  // date, step
  };
  const std::vector<A> actions = {
      {{"internal controls",
        "Harmonise the forms and checks of export certificates across the "
        "region's participants",
        "KP focal points of the five participants", "one harmonised checklist in use", "2019-06-01",
        "2020-12-31", "2019-12-31"},
       {{"2020-03-02", {"in-progress", "checklist drafted", "Regional meeting minutes, 2020"}},
        {"2021-02-15",
         {"implemented", "checklist adopted by all five",
          "KP focal points' joint "
          "letter, February 2021"}}}},
      {{"internal controls",
        "Register every artisanal digging site and buyer in a shared "
        "regional database",
        "Ministries of mines", "share of sites registered", "2019-09-01", "2027-12-31",
        "2026-06-30"},
       {{"2023-05-10", {"in-progress", "CD and CM registering", "National reports 2023"}}}},
      {{"law enforcement", "Joint border controls against the smuggling of rough diamonds",
        "Customs and mining police", "seizures reported to the KP", "", "2021-06-30", ""},
       {}},
      {{"benefits for communities",
        "Publish the share of mining revenue returned to producing "
        "communities",
        "Ministries of finance", "yearly publication", "", "2022-12-31", "2020-12-31"},
       {{"2022-01-20", {"not-implemented", "no publication", "CENADEP monitoring report"}}}}};
  for (const auto& a : actions) {
    auto added = at("2019-04-12")->AddAction(u.cenadep, id, a.action);
    if (!added.ok()) return added.status();
    ++out->actions;
    for (const auto& [date, step] : a.status) {
      auto s = at(date)->SetStatus(u.cd, added->item.id, step);
      if (!s.ok()) return s.status();
    }
  }
  return {};
}

// Promises made at multi-stakeholder meetings, in several states.
Status Commitments(const AtDate& at, const DemoUsers& u, core::Date today, RegionsDemoResult* out) {
  auto record = [&](const accounts::Principal& who, const std::string& date,
                    const NewCommitment& c) -> Result<int64_t> {
    auto made = at(date)->AddCommitment(who, c);
    if (!made.ok()) return made.status();
    ++out->commitments;
    return made->item.id;
  };
  // ZCDC: human-rights training of its security staff, after civil society's recommendations.
  NewCommitment zcdc;
  zcdc.text = "Train its management and its private security staff in Marange on human rights";
  zcdc.owner = "Zimbabwe Consolidated Diamond Company (ZCDC)";
  zcdc.promised_to = "Communities of Marange, ZELA and civil society";
  zcdc.made_on = "2019-06-20";
  zcdc.place = "Mutare, All-Stakeholders Diamond Conference";
  zcdc.source = "Civil Society Coalition annual report 2019 (coalition activity ZELA-2019-02)";
  zcdc.activity = "ZELA-2019-02";
  zcdc.participant = "ZW";
  zcdc.due_on = "2020-06-30";
  zcdc.first_report_due = "2019-12-31";
  auto c1 = record(u.cnrg, "2019-06-21", zcdc);
  if (!c1.ok()) return c1.status();
  auto s1 =
      at("2019-08-30")
          ->ReportProgress(
              u.cnrg, *c1,
              {"",
               "Management and field officers trained by ZELA in August 2019; security staff next",
               "ZELA training report (coalition activity ZELA-2019-06)",
               {},
               "2020-03-31"});
  if (!s1.ok()) return s1.status();
  auto s2 =
      at("2020-02-10")
          ->SetStatus(u.zw, *c1,
                      {"implemented", "security staff trained", "ZCDC letter to the Ministry"});
  if (!s2.ok()) return s2.status();
  auto s3 = at("2020-03-15")
                ->Assess(u.cnrg, *c1,
                         {"in-progress",
                          "training held; abuses by guards still reported",
                          "Community monitors",
                          {"site:ZW-MAR-001"}});
  if (!s3.ok()) return s3.status();
  // Alrosa: its CSR plans shared with the communities before investing.
  NewCommitment alrosa;
  alrosa.text =
      "Share its social-responsibility plans with the affected communities before "
      "any investment";
  alrosa.owner = "Alrosa";
  alrosa.promised_to = "ZELA, CNRG and the communities of Marange";
  alrosa.made_on = "2019-10-15";
  alrosa.place = "Harare, meeting with civil society";
  alrosa.source = "Civil Society Coalition annual report 2019 (coalition activity ZELA-2019-07)";
  alrosa.activity = "ZELA-2019-07";
  alrosa.participant = "ZW";
  alrosa.due_on = today.AddDays(120).ToString();
  alrosa.first_report_due = "2020-06-30";
  auto c2 = record(u.cnrg, "2019-10-16", alrosa);
  if (!c2.ok()) return c2.status();
  auto s4 =
      at("2020-05-01")
          ->SetStatus(u.cnrg, *c2,
                      {"in-progress", "plans shared with ZELA and CNRG, not yet with communities",
                       "Meeting notes"});
  if (!s4.ok()) return s4.status();
  // The MRU: a promise to communities in Kono, by the national authority (no report since).
  NewCommitment kono;
  kono.text = "Publish the list of licensed diamond buyers in Kono every quarter";
  kono.owner = "National Minerals Agency (Sierra Leone)";
  kono.promised_to = "Communities of Kono";
  kono.made_on = today.AddDays(-200).ToString();
  kono.place = "Koidu, Mano River Union tripartite meeting (demo)";
  kono.source = "Meeting minutes kept by NMJD (demo)";
  kono.activity = "NMJD-2019-01";
  kono.region = "MRU";
  kono.participant = "SL";
  kono.due_on = today.AddDays(165).ToString();
  kono.first_report_due = today.AddDays(-20).ToString();
  auto c3 = record(u.nmjd, kono.made_on, kono);
  if (!c3.ok()) return c3.status();
  // Central Africa: a cooperative's promise, broken according to civil society.
  NewCommitment coop;
  coop.text = "Stop buying from sites where children dig";
  coop.owner = "Artisanal cooperatives' federation (demo)";
  coop.promised_to = "Communities of Berberati";
  coop.made_on = "2019-04-11";
  coop.place = "Kinshasa, workshop on regional cooperation";
  coop.source = "Workshop conclusions (coalition activity CSC-2019-05)";
  coop.activity = "CSC-2019-05";
  coop.region = "CENTRAL-AFRICA";
  coop.participant = "CF";
  coop.due_on = "2020-04-11";
  auto c4 = record(u.cenadep, "2019-04-12", coop);
  if (!c4.ok()) return c4.status();
  auto s5 = at("2020-06-01")
                ->Assess(u.cenadep, *c4,
                         {"not-implemented",
                          "children still seen digging at the site",
                          "CENADEP field visit",
                          {"site:CF-BER-001"}});
  if (!s5.ok()) return s5.status();
  return {};
}

}  // namespace

Result<RegionsDemoResult> LoadRegionsDemo(accounts::Accounts& accounts, store::Database& db,
                                          core::Date today, ReferencePublic is_public) {
  auto u = FindUsers(accounts);
  if (!u.ok()) return u.status();
  RegionsDemoResult out;
  review::Regions regions(db, std::move(*NewReviewStore(db)), [today] { return today; });
  OPENKP_RETURN_IF_ERROR(DemoRegions(regions, *u, &out));
  const AtDate at = [&db, is_public](const std::string& date) {
    const core::Date d = *core::Date::Parse(date);
    auto f = std::make_unique<FollowUps>(db, std::move(*NewReviewStore(db)), [d] { return d; });
    if (is_public) f->SetReferencePublic(is_public);
    return f;
  };
  OPENKP_RETURN_IF_ERROR(KinshasaPlan(at, *u, &out));
  OPENKP_RETURN_IF_ERROR(Commitments(at, *u, today, &out));
  return out;
}

}  // namespace openkp::review
