#include "activities/demo.h"

#include <boost/json.hpp>

#include "activities/json.h"
#include "core/json_reader.h"
#include "core/rng.h"

namespace openkp::activities {

extern const std::string_view kCsc2019;

namespace {

Status Context(const Status& s, const std::string& what) {
  if (s.ok()) return s;
  return Status(s.code(), "demo " + what + ": " + s.message(), s.field(), s.rule());
}

// A year of plausible activities for every member, from a fixed seed.
Result<int64_t> GenerateYear(const accounts::Principal& coordinator, Activities& coalition,
                             int year, uint64_t seed) {
  struct Pattern {
    const char* type;
    const char* title_en;
    const char* title_fr;
  };
  static const Pattern kPatterns[] = {
      {"community-meeting", "Community meeting on diamond revenues",
       "Réunion communautaire sur les revenus du diamant"},
      {"training", "Community monitoring training", "Formation au suivi communautaire"},
      {"national-multistakeholder-meeting", "National KP multi-stakeholder meeting",
       "Réunion multipartite nationale du PK"},
      {"engagement", "Meeting with the mining authority", "Rencontre avec l'autorité minière"},
      {"research", "Field research on artisanal mining sites",
       "Recherche de terrain sur les sites miniers artisanaux"},
      {"media-article", "Article on diamond governance", "Article sur la gouvernance du diamant"},
      {"working-group-meeting", "Working group teleconference",
       "Téléconférence du groupe de travail"},
  };
  auto members = coalition.Members();
  if (!members.ok()) return members.status();
  core::SplitMix64 rng{seed};
  int64_t made = 0;
  for (const auto& m : *members) {
    if (m.code == kCoalitionCode || m.country.empty()) continue;
    const int64_t count = 2 + rng.Below(3);
    for (int64_t i = 0; i < count; ++i) {
      const Pattern& p = kPatterns[rng.Below(static_cast<int64_t>(std::size(kPatterns)))];
      Activity a;
      a.type = p.type;
      a.title = {p.title_en, p.title_fr};
      a.description = {std::string(p.title_en) + " organised by " + m.code + ".",
                       std::string(p.title_fr) + " organisée par " + m.code + "."};
      const int64_t month = 1 + rng.Below(12), day = 1 + rng.Below(28);
      char date[11];
      std::snprintf(date, sizeof date, "%04d-%02d-%02d", year, static_cast<int>(month),
                    static_cast<int>(day));
      a.start_on = date;
      a.country = m.country;
      a.members = {m.code};
      if (a.type == "training" || a.type == "community-meeting") {
        a.participants = 15 + rng.Below(120);
        a.women = *a.participants * (30 + rng.Below(40)) / 100;
        a.community = *a.participants * (50 + rng.Below(50)) / 100;
      }
      if (a.type == "working-group-meeting") a.kp_bodies = {"wgm"};
      a.is_public = rng.Below(10) != 0;  // some stay with the coalition
      auto r = coalition.Record(coordinator, std::move(a));
      if (!r.ok()) return Context(r.status(), "activity");
      ++made;
    }
  }
  return made;
}

}  // namespace

Status LoadCsc2019(const accounts::Principal& coordinator, Activities& coalition) {
  boost::system::error_code ec;
  const boost::json::value data = boost::json::parse(kCsc2019, ec);
  if (ec || !data.is_object()) return Status::Internal("the embedded 2019 data is not JSON");
  const auto& o = data.as_object();
  for (const auto& m : o.at("members").as_array()) {
    auto member = MemberFromJson(m);
    if (!member.ok()) return Context(member.status(), "member");
    auto saved = coalition.SaveMember(coordinator, *member);
    if (!saved.ok()) return Context(saved.status(), "member " + member->code);
  }
  for (const auto& a : o.at("applications").as_array()) {
    const auto& x = a.as_object();
    Application app;
    app.organisation = std::string(x.at("organisation").as_string());
    app.code = std::string(x.at("code").as_string());
    app.country = std::string(x.at("country").as_string());
    auto made = coalition.Apply(coordinator, app);
    if (!made.ok()) return Context(made.status(), "application");
    for (const auto& step : x.at("steps").as_array()) {
      const auto& s = step.as_object();
      auto added = coalition.AddApplicationStep(
          coordinator, made->id, std::string(s.at("step").as_string()),
          std::string(s.at("on").as_string()), std::string(s.at("note").as_string()));
      if (!added.ok()) return Context(added.status(), "application step");
    }
  }
  for (const auto& [section, text] : o.at("texts").as_object()) {
    for (const auto& [lang, value] : text.as_object()) {
      OPENKP_RETURN_IF_ERROR(
          Context(coalition.SetReportText(coordinator, 2019, std::string(lang),
                                          std::string(section), std::string(value.as_string())),
                  "text"));
    }
  }
  for (const auto& v : o.at("activities").as_array()) {
    auto a = ActivityFromJson(v);
    if (!a.ok()) return Context(a.status(), "activity");
    auto r = coalition.Record(coordinator, std::move(*a));
    if (!r.ok()) return Context(r.status(), "activity");
  }
  return {};
}

Result<DemoResult> LoadDemo(accounts::Accounts& accounts, Activities& coalition, uint64_t seed) {
  DemoResult out;
  auto coordinator = accounts.AddUser("Demo coalition coordinator", store::Role::kCoalition, "");
  if (!coordinator.ok()) return coordinator.status();
  auto editor = accounts.AddUser("Demo ZELA editor", store::Role::kCoalition, "");
  if (!editor.ok()) return editor.status();
  auto viewer = accounts.AddUser("Demo coalition viewer", store::Role::kCoalition, "");
  if (!viewer.ok()) return viewer.status();
  accounts::Principal admin;
  admin.user.name = "demo";
  admin.user.role = store::Role::kAdmin;
  OPENKP_RETURN_IF_ERROR(LoadCsc2019(admin, coalition));
  for (const auto& [user, member, role] : {std::tuple{&coordinator->user, "", "coordinator"},
                                           {&editor->user, "ZELA", "editor"},
                                           {&viewer->user, "", "viewer"}}) {
    auto p = coalition.SetPerson(admin, user->id, member, role);
    if (!p.ok()) return Context(p.status(), "person");
  }
  const accounts::Principal coord{coordinator->user};
  auto generated = GenerateYear(coord, coalition, 2020, seed);
  if (!generated.ok()) return generated.status();
  auto final2019 = coalition.Finalise(coord, 2019, "en");
  if (!final2019.ok()) return Context(final2019.status(), "final report");
  auto members = coalition.Members();
  if (!members.ok()) return members.status();
  auto all = coalition.List(&coord, {});
  if (!all.ok()) return all.status();
  out.members = static_cast<int64_t>(members->size()) - 1;  // the coalition itself is not one
  out.activities = static_cast<int64_t>(all->size());
  out.finals = 1;
  out.tokens = {{coordinator->user.name, coordinator->token},
                {editor->user.name, editor->token},
                {viewer->user.name, viewer->token}};
  return out;
}

}  // namespace openkp::activities
