#include "review/demo.h"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>

namespace openkp::review {

namespace {

// The rules a working group questions first: a participant's own reported figures.
bool IsReportedFigureRule(const std::string& rule) {
  static const std::set<std::string> rules = {"change", "unit-value-history", "revision",
                                              "nil-after-production", "inconsistent-figures"};
  return rules.count(rule) > 0;
}

// A review visit to Zimbabwe (Marange), with civil society's input and recommendations.
Status PeerReviewDemo(accounts::Accounts& accounts, store::Database& db, core::Date today,
                      const accounts::Principal& admin, DemoResult* out) {
  auto reviewer = accounts.AddUser("Demo reviewer", store::Role::kReviewer, "");
  if (!reviewer.ok()) return reviewer.status();
  out->tokens.emplace_back(reviewer->user.name, reviewer->token);
  accounts::Principal lead{reviewer->user};
  accounts::Principal zw, cso;
  auto users = accounts.ListUsers(admin);
  if (!users.ok()) return users.status();
  for (const auto& u : *users) {
    if (u.role == store::Role::kOfficer && u.participant == "ZW") zw.user = u;
    if (u.role == store::Role::kMonitor && u.name == "Demo monitor CNRG-ZW") cso.user = u;
  }
  if (zw.user.id == 0 || cso.user.id == 0) {
    return Status::Internal("the review demo needs the registry's and monitoring's demos");
  }
  auto at = [&](int days_ago) {
    return std::make_unique<PeerReviews>(db, std::move(*NewReviewStore(db)),
                                         [today, days_ago] { return today.AddDays(-days_ago); });
  };
  auto r = at(200)->Create(
      admin, {"ZW",
              "review-visit",
              "Review visit to Zimbabwe (demo)",
              "Internal controls from the Marange fields to export; civil society and the "
              "communities of Marange consulted (demo data).",
              today.AddDays(-170).ToString(),
              today.AddDays(-165).ToString(),
              {{"Demo reviewer", "government", "lead", lead.user.id},
               {"Industry observer (demo)", "industry", "observer", 0},
               {"Civil society observer (demo)", "civil-society", "member", 0}}});
  if (!r.ok()) return r.status();
  ++out->reviews;
  const int64_t id = r->id;
  auto step = [&](int days_ago, const char* stage, const std::string& note) {
    return at(days_ago)->Advance(lead, id, stage, note).status();
  };
  OPENKP_RETURN_IF_ERROR(step(190, "terms-agreed", "Terms agreed with the Ministry of Mines."));
  auto in1 = at(180)->SubmitInput(
      cso, id,
      {"Security guards at the Marange fields beat artisanal diggers; reports and sites attached "
       "(demo).",
       "team-and-participant",
       true,
       {1, 2},
       {"ZW-MAR-001", "ZW-MAR-002"}});
  if (!in1.ok()) return in1.status();
  auto in2 = at(179)->SubmitInput(
      cso, id,
      {"Minutes of the community meeting on relocation promises (demo).", "public", false, {}, {}});
  if (!in2.ok()) return in2.status();
  OPENKP_RETURN_IF_ERROR(step(170, "fieldwork", "Visited Marange, Harare and the export office."));
  auto use = at(168)->RecordUse(
      lead, in1->id,
      "Raised with the mine's security manager and the police; see recommendation 1.");
  if (!use.ok()) return use.status();
  OPENKP_RETURN_IF_ERROR(step(150, "draft", ""));
  struct Rec {
    const char* paragraph;
    const char* text;
    const char* addressee;
    const char* section;
    int64_t specificity;
  };
  const Rec recs[] = {
      {"4.1",
       "Train the mines' security staff on human rights and investigate the beatings reported "
       "at the Marange fields.",
       "Ministry of Mines and Mining Development", "Annex II (security)", 5},
      {"4.2", "Publish the diamond revenue paid to the community share ownership trust each year.",
       "Ministry of Finance", "Section VI", 4},
      {"4.3", "Strengthen the internal controls between the fields and the export office.",
       "Minerals Marketing Corporation", "Section IV(b)", 3}};
  std::vector<int64_t> ids;
  for (const auto& x : recs) {
    auto v = at(148)->AddRecommendation(lead, id,
                                        {x.paragraph, x.text, x.addressee, x.section, x.specificity,
                                         0, today.AddDays(-30).ToString()});
    if (!v.ok()) return v.status();
    ids.push_back(v->recommendation.id);
    ++out->recommendations;
  }
  OPENKP_RETURN_IF_ERROR(step(140, "participant-comments", ""));
  OPENKP_RETURN_IF_ERROR(step(120, "final",
                              "Final report of the review visit to Zimbabwe (demo): findings on "
                              "internal controls, security at the mining sites and revenue "
                              "transparency; three recommendations."));
  // Responses, statuses and civil society's assessment: several states.
  OPENKP_RETURN_IF_ERROR(at(110)->Respond(zw, ids[0], "accepted", "Training planned.").status());
  OPENKP_RETURN_IF_ERROR(at(60)
                             ->ReportProgress(zw, ids[0], "First training course held (demo).",
                                              "Ministry progress report",
                                              today.AddDays(120).ToString())
                             .status());
  OPENKP_RETURN_IF_ERROR(at(60)
                             ->SetStatus(zw, ids[0], "in-progress", "One course of three held.",
                                         "Ministry progress report")
                             .status());
  OPENKP_RETURN_IF_ERROR(at(20)
                             ->Assess(cso, ids[0], "not-started",
                                      "No change seen at the fields; beatings reported again.",
                                      "CNRG field visit (demo)")
                             .status());
  OPENKP_RETURN_IF_ERROR(at(110)->Respond(zw, ids[1], "partly", "Annual figures only.").status());
  OPENKP_RETURN_IF_ERROR(at(110)->Respond(zw, ids[2], "noted", "").status());
  OPENKP_RETURN_IF_ERROR(step(100, "decided", "Decided by the working group (demo)."));
  return {};
}

}  // namespace

Result<DemoResult> LoadDemo(accounts::Accounts& accounts, store::Database& db,
                            const FindingSource& source, core::Date today) {
  DemoResult out;
  auto analyst = accounts.AddUser("Demo analyst", store::Role::kAnalyst, "");
  if (!analyst.ok()) return analyst.status();
  out.tokens.emplace_back(analyst->user.name, analyst->token);
  accounts::Principal wgs{analyst->user};
  accounts::Principal admin;
  admin.user.role = store::Role::kAdmin;
  admin.user.name = "Demo admin";
  std::map<std::string, accounts::Principal> officers;
  auto users = accounts.ListUsers(admin);
  if (!users.ok()) return users.status();
  for (const auto& u : *users) {
    if (u.role == store::Role::kOfficer) officers.emplace(u.participant, accounts::Principal{u});
  }

  // The findings do not change while the demo works on them: compute them once.
  auto once = std::make_shared<std::optional<Result<Findings>>>();
  FindingSource cached = [once, source]() -> Result<Findings> {
    if (!*once) once->emplace(source());
    return **once;
  };
  // The review as it was `days_ago` days before today.
  auto at = [&](int days_ago) {
    auto st = NewReviewStore(db);
    return std::make_unique<Review>(db, std::move(*st), cached, ReviewOptions{},
                                    [today, days_ago] { return today.AddDays(-days_ago); });
  };
  if (!NewReviewStore(db).ok()) return NewReviewStore(db).status();

  auto all = cached();
  if (!all.ok()) return all.status();
  // The three participants with the most severe findings on their own reported figures, and
  // their two most severe such findings each (findings come most severe first).
  std::vector<std::pair<std::string, std::vector<std::string>>> chosen;
  std::vector<std::string> to_dismiss, to_explain;
  for (const auto& f : all->findings) {
    if (!IsReportedFigureRule(f.rule) || f.participants.size() != 1 ||
        f.figure.rfind("production", 0) != 0) {
      continue;
    }
    const std::string& who = f.participants[0];
    if (!officers.count(who)) continue;
    auto it = std::find_if(chosen.begin(), chosen.end(), [&](auto& c) { return c.first == who; });
    if (it == chosen.end() && chosen.size() < 3) {
      chosen.push_back({who, {f.id}});
    } else if (it != chosen.end() && it->second.size() < 2) {
      it->second.push_back(f.id);
    } else if (it == chosen.end() && to_explain.size() < 2) {
      to_explain.push_back(f.id);
    } else if (it == chosen.end() && to_dismiss.size() < 2) {
      to_dismiss.push_back(f.id);
    }
  }
  if (chosen.size() < 3) return Status::Internal("the demo statistics gave too few findings");

  for (const auto& id : to_explain) {
    auto r = at(85)->Triage(wgs, id, "explain",
                            "Demo note: the participant's annual report explains the change "
                            "(a mine placed under care and maintenance).");
    if (!r.ok()) return r.status();
    out.triaged += static_cast<int64_t>(r->size());
  }
  for (const auto& id : to_dismiss) {
    auto r = at(85)->Triage(wgs, id, "dismiss",
                            "Demo note: small volumes; within what artisanal production varies.");
    if (!r.ok()) return r.status();
    out.triaged += static_cast<int64_t>(r->size());
  }

  auto raise = [&](int days_ago, size_t k, int due_in) -> Result<int64_t> {
    NewQuestionnaire n;
    n.participant = chosen[k].first;
    n.findings = chosen[k].second;
    n.due_on = today.AddDays(-days_ago + due_in).ToString();
    n.title = "Data anomaly questionnaire: " + chosen[k].first + " production figures";
    n.message =
        "The Working Group on Statistics asks you to explain the figures below (demo data).";
    auto q = at(days_ago)->Raise(wgs, n);
    if (!q.ok()) return q.status();
    ++out.questionnaires;
    return q->questionnaire.id;
  };
  // 1: answered and accepted.
  auto q1 = raise(80, 0, 30);
  if (!q1.ok()) return q1.status();
  auto a1 = at(60)->Answer(officers[chosen[0].first], *q1,
                           "The figures were revised after the mine's audited returns; the "
                           "change reflects a new pit coming into production (demo answer).");
  if (!a1.ok()) return a1.status();
  auto d1 = at(55)->Decide(wgs, *q1, "accept", "Consistent with the annual report.");
  if (!d1.ok()) return d1.status();
  // 2: answered, awaiting the analyst's decision.
  auto q2 = raise(40, 1, 30);
  if (!q2.ok()) return q2.status();
  auto a2 = at(5)->Answer(officers[chosen[1].first], *q2,
                          "Artisanal output was recorded late in the previous half-year "
                          "(demo answer).");
  if (!a2.ok()) return a2.status();
  // 3: overdue and unanswered, listed among the non-respondents.
  auto q3 = raise(75, 2, 30);
  if (!q3.ok()) return q3.status();
  auto l3 = at(2)->ListAsNonRespondent(admin, *q3);
  if (!l3.ok()) return l3.status();
  OPENKP_RETURN_IF_ERROR(PeerReviewDemo(accounts, db, today, admin, &out));
  return out;
}

}  // namespace openkp::review
