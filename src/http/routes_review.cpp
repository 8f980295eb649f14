// Peer review over the JSON API: ranked anomaly findings with their triage, and Data Anomaly
// Questionnaires (docs/REVIEW.md). The service (review::Review) decides who sees and does what.
#include <algorithm>
#include <set>

#include "http/route_util.h"
#include "http/routes.h"
#include "review/json.h"
#include "stats/anomalies.h"

namespace openkp::http {

namespace {

using review::Review;

// Handlers of /v1/questionnaires/{id}/...: the id parsed (404 for one that cannot exist).
using QuestionnaireHandler =
    std::function<Response(const Request&, const Params&, const accounts::Principal&, int64_t)>;
Auth::Authed WithQuestionnaire(QuestionnaireHandler h) {
  return [h = std::move(h)](const Request& req, const Params& p, const accounts::Principal& who) {
    auto id = PathId(p[0]);
    if (!id) return Problem(Status::NotFound("no questionnaire " + p[0]), req.path);
    return h(req, p, who, *id);
  };
}

void AddFindingRoutes(Router& router, const Auth& auth, Review& rv) {
  router.Add(
      "GET", "/v1/findings",
      auth.Required([&rv](const Request& req, const Params&, const accounts::Principal& who) {
        if (Status s = UnknownParameters(
                req, {"participant", "rule", "state", "group", "limit", "offset", "format"});
            !s.ok()) {
          return Problem(s, req.path);
        }
        review::FindingQuery q;
        q.participant = QueryString(req, "participant");
        q.rule = QueryString(req, "rule");
        if (q.rule) {
          const auto& rules = stats::RuleNames();
          if (std::find(rules.begin(), rules.end(), *q.rule) == rules.end()) {
            return Problem(Status::Invalid("rule", "enum",
                                           "'" + *q.rule + "' is not a rule (docs/STATISTICS.md)"),
                           req.path);
          }
        }
        q.state = QueryString(req, "state");
        q.group = QueryString(req, "group");
        auto limit = QueryInt(req, "limit", 50, 1, 1000);
        if (!limit.ok()) return Problem(limit.status(), req.path);
        auto offset = QueryInt(req, "offset", 0, 0, 1000000000);
        if (!offset.ok()) return Problem(offset.status(), req.path);
        q.limit = *limit;
        q.offset = *offset;
        const std::string format = QueryString(req, "format").value_or("json");
        if (format != "json" && format != "csv") {
          return Problem(Status::Invalid("format", "enum", "must be json or csv"), req.path);
        }
        auto page = rv.ListFindings(who, q);
        if (!page.ok()) return Problem(page.status(), req.path);
        if (format == "csv") return CsvResponse(review::GroupsToCsv(*page), "findings.csv");
        json::array groups;
        for (const auto& g : page->groups) groups.push_back(review::GroupToJson(g));
        json::object states;
        for (const auto& [s, n] : page->states) states[s] = n;
        return JsonResponse(json::object{{"groups", std::move(groups)},
                                         {"total_groups", page->total_groups},
                                         {"total_findings", page->total_findings},
                                         {"states", std::move(states)},
                                         {"limit", q.limit},
                                         {"offset", q.offset}});
      }));
  router.Add(
      "GET", "/v1/findings/{id}",
      auth.Required([&rv](const Request& req, const Params& p, const accounts::Principal& who) {
        auto f = rv.GetFinding(who, p[0]);
        if (!f.ok()) return Problem(f.status(), req.path);
        json::object o = review::FindingToJson(f->first);
        json::array history;
        for (const auto& s : f->second) history.push_back(review::TriageToJson(s));
        o["history"] = std::move(history);
        return JsonResponse(o);
      }));
  router.Add(
      "GET", "/v1/findings/{id}/certificates",
      auth.Required([&rv](const Request& req, const Params& p, const accounts::Principal& who) {
        if (Status s = UnknownParameters(req, {"limit", "offset"}); !s.ok()) {
          return Problem(s, req.path);
        }
        auto limit = QueryInt(req, "limit", 100, 1, 1000);
        if (!limit.ok()) return Problem(limit.status(), req.path);
        auto offset = QueryInt(req, "offset", 0, 0, 1000000000);
        if (!offset.ok()) return Problem(offset.status(), req.path);
        auto page = rv.RollUpCertificates(who, p[0], *limit, *offset);
        if (!page.ok()) return Problem(page.status(), req.path);
        json::array items;
        for (const auto& f : page->findings) items.push_back(review::FindingFieldsToJson(f));
        return JsonResponse(json::object{{"finding", p[0]},
                                         {"certificates", std::move(items)},
                                         {"total", page->total},
                                         {"limit", *limit},
                                         {"offset", *offset}});
      }));
  router.Add(
      "POST", "/v1/findings/{id}/triage",
      auth.Required([&rv](const Request& req, const Params& p, const accounts::Principal& who) {
        auto body = JsonBody(req);
        if (!body.ok()) return Problem(body.status(), req.path);
        core::ObjectReader r(*body, "");
        const std::string action = r.String("action");
        const std::string note = r.OptionalString("note");
        if (Status s = r.Finish(); !s.ok()) return Problem(s, req.path);
        auto done = rv.Triage(who, p[0], action, note);
        if (!done.ok()) return Problem(done.status(), req.path);
        json::array items;
        for (const auto& f : *done) items.push_back(review::FindingToJson(f));
        return JsonResponse(json::object{{"decided", std::move(items)}});
      }),
      JsonRoute());
}

void AddQuestionnaireRoutes(Router& router, const Auth& auth, Review& rv, EventReceiptFn receipt) {
  router.Add(
      "GET", "/v1/questionnaires",
      auth.Required([&rv](const Request& req, const Params&, const accounts::Principal& who) {
        if (Status s = UnknownParameters(req, {"participant", "state", "overdue"}); !s.ok()) {
          return Problem(s, req.path);
        }
        review::QuestionnaireQuery q;
        q.participant = QueryString(req, "participant");
        q.state = QueryString(req, "state");
        const std::string overdue = QueryString(req, "overdue").value_or("false");
        if (overdue != "true" && overdue != "false") {
          return Problem(Status::Invalid("overdue", "boolean", "must be true or false"), req.path);
        }
        q.overdue_only = overdue == "true";
        auto list = rv.Questionnaires(who, q);
        if (!list.ok()) return Problem(list.status(), req.path);
        json::array items;
        for (const auto& v : *list) items.push_back(review::QuestionnaireToJson(v, false));
        return JsonResponse(json::object{{"items", std::move(items)}});
      }));
  router.Add(
      "POST", "/v1/questionnaires",
      auth.Required([&rv](const Request& req, const Params&, const accounts::Principal& who) {
        auto body = JsonBody(req);
        if (!body.ok()) return Problem(body.status(), req.path);
        core::ObjectReader r(*body, "");
        review::NewQuestionnaire n;
        n.participant = r.String("participant");
        n.due_on = r.String("due_on");
        n.title = r.OptionalString("title");
        n.message = r.OptionalString("message");
        if (const auto* a = r.Array("findings")) {
          for (size_t i = 0; i < a->size(); ++i) {
            if (!(*a)[i].is_string()) {
              r.Fail("findings", "string", "must be an array of finding or group ids");
              break;
            }
            n.findings.emplace_back((*a)[i].as_string());
          }
        }
        if (Status s = r.Finish(); !s.ok()) return Problem(s, req.path);
        auto q = rv.Raise(who, n);
        if (!q.ok()) return Problem(q.status(), req.path);
        Response resp = JsonResponse(review::QuestionnaireToJson(*q, true), 201);
        resp.headers.emplace_back("Location",
                                  "/v1/questionnaires/" + std::to_string(q->questionnaire.id));
        return resp;
      }),
      JsonRoute());
  router.Add("GET", "/v1/questionnaires/{id}",
             auth.Required(WithQuestionnaire([&rv](const Request& req, const Params&,
                                                   const accounts::Principal& who, int64_t id) {
               auto q = rv.GetQuestionnaire(who, id);
               if (!q.ok()) return Problem(q.status(), req.path);
               return JsonResponse(review::QuestionnaireToJson(*q, true));
             })));
  router.Add("POST", "/v1/questionnaires/{id}/answer",
             auth.Required(WithQuestionnaire([&rv](const Request& req, const Params&,
                                                   const accounts::Principal& who, int64_t id) {
               auto body = JsonBody(req);
               if (!body.ok()) return Problem(body.status(), req.path);
               core::ObjectReader r(*body, "");
               const std::string text = r.String("text");
               if (Status s = r.Finish(); !s.ok()) return Problem(s, req.path);
               auto q = rv.Answer(who, id, text);
               if (!q.ok()) return Problem(q.status(), req.path);
               return JsonResponse(review::QuestionnaireToJson(*q, true));
             })),
             JsonRoute());
  router.Add("POST", "/v1/questionnaires/{id}/decision",
             auth.Required(WithQuestionnaire([&rv](const Request& req, const Params&,
                                                   const accounts::Principal& who, int64_t id) {
               auto body = JsonBody(req);
               if (!body.ok()) return Problem(body.status(), req.path);
               core::ObjectReader r(*body, "");
               const std::string action = r.String("action");
               const std::string note = r.OptionalString("note");
               const std::string due_on = r.OptionalString("due_on");
               if (Status s = r.Finish(); !s.ok()) return Problem(s, req.path);
               auto q = rv.Decide(who, id, action, note, due_on);
               if (!q.ok()) return Problem(q.status(), req.path);
               return JsonResponse(review::QuestionnaireToJson(*q, true));
             })),
             JsonRoute());
  router.Add("POST", "/v1/questionnaires/{id}/listing",
             auth.Required(WithQuestionnaire([&rv](const Request& req, const Params&,
                                                   const accounts::Principal& who, int64_t id) {
               auto q = rv.ListAsNonRespondent(who, id);
               if (!q.ok()) return Problem(q.status(), req.path);
               return JsonResponse(review::QuestionnaireToJson(*q, true));
             })));
  RouteOptions upload;
  upload.max_body = 10u << 20;
  // The media type is checked after authentication, by the service (which knows the types).
  router.Add("POST", "/v1/questionnaires/{id}/documents",
             auth.Required(WithQuestionnaire([&rv](const Request& req, const Params&,
                                                   const accounts::Principal& who, int64_t id) {
               if (Status s = UnknownParameters(req, {"name"}); !s.ok())
                 return Problem(s, req.path);
               const std::string name = QueryString(req, "name").value_or("");
               auto d =
                   rv.AddDocument(who, id, name, MediaType(req.Header("content-type")), req.body);
               if (!d.ok()) return Problem(d.status(), req.path);
               return JsonResponse(review::DocumentToJson(*d), 201);
             })),
             upload);
  router.Add("GET", "/v1/questionnaires/{id}/documents/{doc}",
             auth.Required(WithQuestionnaire([&rv](const Request& req, const Params& p,
                                                   const accounts::Principal& who, int64_t id) {
               auto doc = PathId(p[1]);
               if (!doc) return Problem(Status::NotFound("no document " + p[1]), req.path);
               auto d = rv.GetDocument(who, id, *doc);
               if (!d.ok()) return Problem(d.status(), req.path);
               return AttachmentResponse(std::move(d->bytes), d->name);
             })));
  router.Add(
      "GET", "/v1/questionnaires/{id}/receipts",
      auth.Required(WithQuestionnaire([&rv, receipt](const Request& req, const Params&,
                                                     const accounts::Principal& who, int64_t id) {
        auto q = rv.GetQuestionnaire(who, id);
        if (!q.ok()) return Problem(q.status(), req.path);
        if (!receipt) return Problem(Status::NotFound("this server keeps no log"), req.path);
        json::array items;
        for (const auto& s : q->questionnaire.steps) {
          auto text = receipt("review.questionnaire." + s.action, review::StepSubject(s));
          json::object o{{"step", s.id}, {"action", s.action}, {"sha256", s.sha256}};
          // A step not yet in the log (the log integrates within a second) has no receipt yet.
          o["receipt"] = text.ok() ? json::value(*text) : json::value(nullptr);
          items.push_back(std::move(o));
        }
        return JsonResponse(json::object{{"questionnaire", id}, {"steps", std::move(items)}});
      })));
  router.Add("GET", "/v1/non-respondents", [&rv](const Request& req, const Params&) {
    if (Status s = UnknownParameters(req, {}); !s.ok()) return Problem(s, req.path);
    auto list = rv.NonRespondents();
    if (!list.ok()) return Problem(list.status(), req.path);
    json::array items;
    for (const auto& n : *list) {
      items.push_back(
          json::object{{"participant", n.participant},
                       {"questionnaire", n.questionnaire_id},
                       {"sent_on", n.sent_on},
                       {"due_on", n.due_on},
                       {"listed_on", n.listed_on},
                       {"answered_on", n.answered_on.empty() ? json::value(nullptr)
                                                             : json::value(n.answered_on)}});
    }
    return JsonResponse(json::object{{"items", std::move(items)}});
  });
}

}  // namespace

void AddReviewRoutes(Router& router, const Auth& auth, review::Review* review,
                     EventReceiptFn receipt) {
  if (review == nullptr) return;
  AddFindingRoutes(router, auth, *review);
  AddQuestionnaireRoutes(router, auth, *review, std::move(receipt));
}

}  // namespace openkp::http
