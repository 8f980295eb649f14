// Peer reviews over the JSON API: visits and missions, civil-society input, recommendations and
// their follow-up (docs/REVIEW.md). The service (review::PeerReviews) decides who sees and does
// what; callers without a token see what the public may.
#include "http/dossier.h"
#include "http/route_util.h"
#include "http/routes.h"
#include "review/json.h"

namespace openkp::http {

namespace {

using review::PeerReviews;

// Ids as the API writes them: PathId, without leading zeros ("007" names no review).
std::optional<int64_t> Id(const std::string& s) {
  if (!s.empty() && s[0] == '0') return std::nullopt;
  return PathId(s);
}

// Handlers taking /{id} as a number (404 for one that cannot exist).
template <typename Handler>
auto WithId(const char* what, Handler h) {
  return [what, h](const Request& req, const Params& p, auto who) {
    auto id = Id(p[0]);
    if (!id) return Problem(Status::NotFound(std::string("no ") + what + " " + p[0]), req.path);
    return h(req, who, *id);
  };
}

Response RecommendationAnswer(const Request& req, const Result<review::RecommendationView>& v) {
  if (!v.ok()) return Problem(v.status(), req.path);
  return JsonResponse(review::RecommendationToJson(*v));
}

Result<review::NewPeerReview> ReviewFromJson(const json::value& body) {
  core::ObjectReader r(body, "");
  review::NewPeerReview n;
  n.participant = r.String("participant");
  n.type = r.String("type");
  n.title = r.String("title");
  n.terms_of_reference = r.OptionalString("terms_of_reference");
  n.starts_on = r.String("starts_on");
  n.ends_on = r.String("ends_on");
  if (const auto* team = r.Array("team")) {
    for (size_t i = 0; i < team->size(); ++i) {
      core::ObjectReader m((*team)[i], "team[" + std::to_string(i) + "]");
      review::TeamMember t;
      t.name = m.String("name");
      t.constituency = m.String("constituency");
      t.role = m.OptionalString("role", "member");
      if (m.OptionalValue("user") != nullptr) {
        t.user_id = m.Integer("user");
        if (m.ok() && t.user_id <= 0) m.Fail("user", "reviewer", "must be the id of a user");
      }
      OPENKP_RETURN_IF_ERROR(m.Finish());
      n.team.push_back(std::move(t));
    }
  }
  OPENKP_RETURN_IF_ERROR(r.Finish());
  return n;
}

Result<review::NewInput> InputFromJson(const json::value& body) {
  core::ObjectReader r(body, "");
  review::NewInput n;
  n.text = r.String("text");
  n.visibility = r.OptionalString("visibility", "team");
  if (r.OptionalValue("hide_source") != nullptr) n.hide_source = r.Bool("hide_source");
  if (const auto* v = r.OptionalValue("incidents")) {
    if (!v->is_array()) {
      r.Fail("incidents", "array", "must be an array of incident ids");
    } else {
      for (const auto& e : v->as_array()) {
        if (!e.is_int64()) {
          r.Fail("incidents", "integer", "must be an array of incident ids");
          break;
        }
        n.incidents.push_back(e.as_int64());
      }
    }
  }
  if (const auto* v = r.OptionalValue("sites")) {
    if (!v->is_array()) {
      r.Fail("sites", "array", "must be an array of site codes");
    } else {
      for (const auto& e : v->as_array()) {
        if (!e.is_string()) {
          r.Fail("sites", "string", "must be an array of site codes");
          break;
        }
        n.sites.emplace_back(e.as_string());
      }
    }
  }
  OPENKP_RETURN_IF_ERROR(r.Finish());
  return n;
}

void AddReviewVisitRoutes(Router& router, const Auth& auth, PeerReviews& pr,
                          EventReceiptFn receipt) {
  // Receipts of the stages whose documents the caller holds (the final report: anyone).
  router.Add(
      "GET", "/v1/reviews/{id}/receipts",
      auth.Optional(WithId(
          "review", [&pr, receipt](const Request& req, const accounts::Principal* who, int64_t id) {
            auto r = pr.Get(who, id);
            if (!r.ok()) return Problem(r.status(), req.path);
            if (!receipt) return Problem(Status::NotFound("this server keeps no log"), req.path);
            json::array steps;
            for (const auto& s : r->stages) {
              if (s.document.empty()) continue;
              auto text = receipt("review.stage." + s.stage, "review:" + std::to_string(id));
              steps.push_back(
                  json::object{{"step", s.id},
                               {"stage", s.stage},
                               {"sha256", s.sha256},
                               {"receipt", text.ok() ? json::value(*text) : json::value(nullptr)}});
            }
            return JsonResponse(json::object{{"review", id}, {"steps", std::move(steps)}});
          })));
  router.Add(
      "GET", "/v1/reviews",
      auth.Optional([&pr](const Request& req, const Params&, const accounts::Principal* who) {
        if (Status s = UnknownParameters(req, {"participant"}); !s.ok()) {
          return Problem(s, req.path);
        }
        auto list = pr.List(who, QueryString(req, "participant").value_or(""));
        if (!list.ok()) return Problem(list.status(), req.path);
        json::array items;
        for (const auto& r : *list) items.push_back(review::PeerReviewToJson(r));
        return JsonResponse(json::object{{"items", std::move(items)}});
      }));
  router.Add(
      "POST", "/v1/reviews",
      auth.Required([&pr](const Request& req, const Params&, const accounts::Principal& who) {
        auto body = JsonBody(req);
        if (!body.ok()) return Problem(body.status(), req.path);
        auto n = ReviewFromJson(*body);
        if (!n.ok()) return Problem(n.status(), req.path);
        auto r = pr.Create(who, *n);
        if (!r.ok()) return Problem(r.status(), req.path);
        Response resp = JsonResponse(review::PeerReviewToJson(*r), 201);
        resp.headers.emplace_back("Location", "/v1/reviews/" + std::to_string(r->id));
        return resp;
      }),
      JsonRoute());
  router.Add("GET", "/v1/reviews/{id}",
             auth.Optional(WithId(
                 "review", [&pr](const Request& req, const accounts::Principal* who, int64_t id) {
                   auto r = pr.Get(who, id);
                   if (!r.ok()) return Problem(r.status(), req.path);
                   return JsonResponse(review::PeerReviewToJson(*r));
                 })));
  router.Add(
      "POST", "/v1/reviews/{id}/stage",
      auth.Required(WithId("review",
                           [&pr](const Request& req, const accounts::Principal& who, int64_t id) {
                             auto body = JsonBody(req);
                             if (!body.ok()) return Problem(body.status(), req.path);
                             core::ObjectReader r(*body, "");
                             const std::string stage = r.String("stage");
                             const std::string note = r.OptionalString("note");
                             if (Status s = r.Finish(); !s.ok()) return Problem(s, req.path);
                             auto rv = pr.Advance(who, id, stage, note);
                             if (!rv.ok()) return Problem(rv.status(), req.path);
                             return JsonResponse(review::PeerReviewToJson(*rv));
                           })),
      JsonRoute());
  router.Add("GET", "/v1/reviews/{id}/inputs",
             auth.Optional(WithId(
                 "review", [&pr](const Request& req, const accounts::Principal* who, int64_t id) {
                   auto list = pr.Inputs(who, id);
                   if (!list.ok()) return Problem(list.status(), req.path);
                   json::array items;
                   for (const auto& x : *list) items.push_back(review::InputToJson(x));
                   return JsonResponse(json::object{{"items", std::move(items)}});
                 })));
  router.Add(
      "POST", "/v1/reviews/{id}/inputs",
      auth.Required(WithId("review",
                           [&pr](const Request& req, const accounts::Principal& who, int64_t id) {
                             auto body = JsonBody(req);
                             if (!body.ok()) return Problem(body.status(), req.path);
                             auto n = InputFromJson(*body);
                             if (!n.ok()) return Problem(n.status(), req.path);
                             auto x = pr.SubmitInput(who, id, *n);
                             if (!x.ok()) return Problem(x.status(), req.path);
                             return JsonResponse(review::InputToJson(*x), 201);
                           })),
      JsonRoute());
  RouteOptions upload;
  upload.max_body = 10u << 20;
  // The media type is checked after authentication, by the service (which knows the types).
  router.Add("POST", "/v1/inputs/{id}/documents",
             auth.Required(WithId(
                 "input",
                 [&pr](const Request& req, const accounts::Principal& who, int64_t id) {
                   if (Status s = UnknownParameters(req, {"name"}); !s.ok()) {
                     return Problem(s, req.path);
                   }
                   auto d = pr.AddInputDocument(who, id, QueryString(req, "name").value_or(""),
                                                MediaType(req.Header("content-type")), req.body);
                   if (!d.ok()) return Problem(d.status(), req.path);
                   return JsonResponse(review::DocumentToJson(*d), 201);
                 })),
             upload);
  router.Add(
      "GET", "/v1/inputs/{id}/documents/{doc}",
      auth.Optional([&pr](const Request& req, const Params& p, const accounts::Principal* who) {
        auto input = Id(p[0]);
        auto doc = Id(p[1]);
        if (!input || !doc) {
          return Problem(Status::NotFound("no document " + p[1] + " in input " + p[0]), req.path);
        }
        auto d = pr.GetInputDocument(who, *input, *doc);
        if (!d.ok()) return Problem(d.status(), req.path);
        return AttachmentResponse(std::move(d->bytes), d->name);
      }));
  router.Add(
      "POST", "/v1/inputs/{id}/uses",
      auth.Required(WithId("input",
                           [&pr](const Request& req, const accounts::Principal& who, int64_t id) {
                             auto body = JsonBody(req);
                             if (!body.ok()) return Problem(body.status(), req.path);
                             core::ObjectReader r(*body, "");
                             const std::string text = r.String("text");
                             if (Status s = r.Finish(); !s.ok()) return Problem(s, req.path);
                             auto x = pr.RecordUse(who, id, text);
                             if (!x.ok()) return Problem(x.status(), req.path);
                             return JsonResponse(review::InputToJson(*x));
                           })),
      JsonRoute());
}

void AddRecommendationRoutes(Router& router, const Auth& auth, PeerReviews& pr) {
  router.Add(
      "GET", "/v1/recommendations",
      auth.Optional([&pr](const Request& req, const Params&, const accounts::Principal* who) {
        if (Status s = UnknownParameters(req, {"review", "participant", "overdue"}); !s.ok()) {
          return Problem(s, req.path);
        }
        review::RecommendationQuery q;
        auto review = QueryInt(req, "review", 0, 0, 1000000000000);
        if (!review.ok()) return Problem(review.status(), req.path);
        q.review_id = *review;
        q.participant = QueryString(req, "participant").value_or("");
        const std::string overdue = QueryString(req, "overdue").value_or("false");
        if (overdue != "true" && overdue != "false") {
          return Problem(Status::Invalid("overdue", "boolean", "must be true or false"), req.path);
        }
        q.overdue_only = overdue == "true";
        auto list = pr.Recommendations(who, q);
        if (!list.ok()) return Problem(list.status(), req.path);
        json::array items;
        for (const auto& v : *list) items.push_back(review::RecommendationToJson(v));
        return JsonResponse(json::object{{"items", std::move(items)}});
      }));
  router.Add(
      "POST", "/v1/reviews/{id}/recommendations",
      auth.Required(WithId("review",
                           [&pr](const Request& req, const accounts::Principal& who, int64_t id) {
                             auto body = JsonBody(req);
                             if (!body.ok()) return Problem(body.status(), req.path);
                             core::ObjectReader r(*body, "");
                             review::NewRecommendation n;
                             n.paragraph = r.String("paragraph");
                             n.text = r.String("text");
                             n.addressee = r.String("addressee");
                             n.core_section = r.OptionalString("core_section");
                             n.specificity = r.Integer("specificity");
                             if (r.OptionalValue("repeats") != nullptr)
                               n.repeats = r.Integer("repeats");
                             n.follow_up_due_on = r.String("follow_up_due_on");
                             if (Status s = r.Finish(); !s.ok()) return Problem(s, req.path);
                             auto v = pr.AddRecommendation(who, id, n);
                             if (!v.ok()) return Problem(v.status(), req.path);
                             return JsonResponse(review::RecommendationToJson(*v), 201);
                           })),
      JsonRoute());
  router.Add(
      "GET", "/v1/recommendations/{id}",
      auth.Optional(WithId("recommendation",
                           [&pr](const Request& req, const accounts::Principal* who, int64_t id) {
                             return RecommendationAnswer(req, pr.GetRecommendation(who, id));
                           })));
  // Steps: each reads its own fields, then the service decides.
  using Step = std::function<Result<review::RecommendationView>(const accounts::Principal&, int64_t,
                                                                core::ObjectReader&)>;
  auto add_step = [&router, &auth](const char* path, Step step) {
    router.Add("POST", path,
               auth.Required(
                   WithId("recommendation",
                          [step](const Request& req, const accounts::Principal& who, int64_t id) {
                            auto body = JsonBody(req);
                            if (!body.ok()) return Problem(body.status(), req.path);
                            core::ObjectReader r(*body, "");
                            return RecommendationAnswer(req, step(who, id, r));
                          })),
               JsonRoute());
  };
  add_step("/v1/recommendations/{id}/response",
           [&pr](const accounts::Principal& who, int64_t id,
                 core::ObjectReader& r) -> Result<review::RecommendationView> {
             const std::string response = r.String("response");
             const std::string comment = r.OptionalString("comment");
             OPENKP_RETURN_IF_ERROR(r.Finish());
             return pr.Respond(who, id, response, comment);
           });
  // A status with its source: the participant's or the team's (status), civil society's
  // (assessment). Same body, different service call.
  using StatusCall = Result<review::RecommendationView> (PeerReviews::*)(
      const accounts::Principal&, int64_t, const std::string&, const std::string&,
      const std::string&);
  for (const auto& [path, call] :
       {std::pair<const char*, StatusCall>{"/v1/recommendations/{id}/status",
                                           &PeerReviews::SetStatus},
        std::pair<const char*, StatusCall>{"/v1/recommendations/{id}/assessment",
                                           &PeerReviews::Assess}}) {
    add_step(path,
             [&pr, call = call](const accounts::Principal& who, int64_t id,
                                core::ObjectReader& r) -> Result<review::RecommendationView> {
               const std::string status = r.String("status");
               const std::string comment = r.OptionalString("comment");
               const std::string source = r.OptionalString("source");
               OPENKP_RETURN_IF_ERROR(r.Finish());
               return (pr.*call)(who, id, status, comment, source);
             });
  }
  add_step("/v1/recommendations/{id}/progress",
           [&pr](const accounts::Principal& who, int64_t id,
                 core::ObjectReader& r) -> Result<review::RecommendationView> {
             const std::string text = r.String("text");
             const std::string source = r.OptionalString("source");
             const std::string next = r.OptionalString("next_due_on");
             OPENKP_RETURN_IF_ERROR(r.Finish());
             return pr.ReportProgress(who, id, text, source, next);
           });
}

}  // namespace

void AddDossierRoutes(Router& router, const Auth& auth, DossierServices services) {
  router.Add(
      "GET", "/v1/dossiers/{participant}",
      auth.Required([services](const Request& req, const Params& p,
                               const accounts::Principal& who) {
        if (Status s = UnknownParameters(req, {"from", "to", "lang", "format"}); !s.ok()) {
          return Problem(s, req.path);
        }
        const int this_year = core::Date::TodayUtc().year();
        auto from = QueryInt(req, "from", this_year - 19, 1990, 2100);
        if (!from.ok()) return Problem(from.status(), req.path);
        auto to = QueryInt(req, "to", this_year, 1990, 2100);
        if (!to.ok()) return Problem(to.status(), req.path);
        DossierRequest q{p[0], static_cast<int>(*from), static_cast<int>(*to),
                         QueryString(req, "lang").value_or("en")};
        const std::string format = QueryString(req, "format").value_or("json");
        if (format != "json" && format != "html" && format != "pdf" && format != "docx") {
          return Problem(Status::Invalid("format", "enum", "must be json, html, pdf or docx"),
                         req.path);
        }
        auto d = BuildDossier(who, q, services);
        if (!d.ok()) return Problem(d.status(), req.path);
        if (format == "json") return JsonResponse(*d);
        const std::string name = "dossier-" + q.participant + "-" + std::to_string(q.from_year) +
                                 "-" + std::to_string(q.to_year) + "-" + q.lang;
        return DocumentResponse(DossierHtml(*d, q.lang), format, name, req.path);
      }));
}

void AddPeerReviewRoutes(Router& router, const Auth& auth, review::PeerReviews* reviews,
                         EventReceiptFn receipt) {
  if (reviews == nullptr) return;
  AddReviewVisitRoutes(router, auth, *reviews, std::move(receipt));
  AddRecommendationRoutes(router, auth, *reviews);
}

}  // namespace openkp::http
