// Regions, action plans, commitments and the follow-up register over the JSON API
// (docs/REGIONS.md). The services (review::Regions, review::FollowUps) decide who sees and does
// what; callers without a token see what the public may.
#include <cstdlib>

#include "core/csv.h"
#include "http/region_dashboard.h"
#include "http/route_util.h"
#include "http/routes.h"
#include "review/json.h"
#include "tables/xlsx_writer.h"

namespace openkp::http {

namespace {

using review::FollowUps;
using review::Regions;

std::optional<int64_t> Id(const std::string& s) {
  if (!s.empty() && s[0] == '0') return std::nullopt;
  return PathId(s);
}

Response FollowUpAnswer(const Request& req, const Result<review::FollowUpView>& v,
                        int status = 200) {
  if (!v.ok()) return Problem(v.status(), req.path);
  Response resp = JsonResponse(review::FollowUpToJson(*v), status);
  if (status == 201) {
    resp.headers.emplace_back("Location", "/v1/follow-ups/" + std::to_string(v->item.id));
  }
  return resp;
}

// Rows of text (a header first) as a CSV or .xlsx download named `name`.
Response TableDownload(const Request& req, const std::vector<std::vector<std::string>>& rows,
                       const std::string& format, const std::string& name) {
  if (format == "csv") return CsvResponse(core::CsvRows(rows), name + ".csv");
  auto x = tables::RowsToXlsx(name.substr(0, 31), rows);
  if (!x.ok()) return Problem(x.status(), req.path);
  Response r;
  r.content_type = kXlsxType;
  r.body = std::move(*x);
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + name + ".xlsx\"");
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

// The register as JSON, CSV or .xlsx.
Response RegisterResponse(const Request& req, const std::vector<review::FollowUpView>& list,
                          const std::string& format, const std::string& name) {
  if (format == "json") {
    json::array items;
    for (const auto& v : list) items.push_back(review::FollowUpToJson(v));
    return JsonResponse(json::object{{"items", std::move(items)}});
  }
  return TableDownload(req, review::FollowUpRows(list), format, name);
}

Result<review::FollowUpQuery> QueryFrom(const Request& req) {
  review::FollowUpQuery q;
  q.type = QueryString(req, "type").value_or("");
  q.region = QueryString(req, "region").value_or("");
  q.participant = QueryString(req, "participant").value_or("");
  q.status = QueryString(req, "status").value_or("");
  if (req.query.count("plan")) {
    auto p = QueryInt(req, "plan", 0, 1, INT64_MAX);
    if (!p.ok()) return p.status();
    q.plan_id = *p;
  }
  const std::string overdue = QueryString(req, "overdue").value_or("false");
  if (overdue != "true" && overdue != "false") {
    return Status::Invalid("overdue", "boolean", "must be true or false");
  }
  q.overdue_only = overdue == "true";
  if (!q.type.empty() && q.type != "action" && q.type != "commitment" &&
      q.type != "recommendation") {
    return Status::Invalid("type", "enum", "must be action, commitment or recommendation");
  }
  if (!q.status.empty() && q.status != "not-started" && q.status != "in-progress" &&
      q.status != "implemented" && q.status != "not-implemented") {
    return Status::Invalid("status", "enum",
                           "must be not-started, in-progress, implemented or not-implemented");
  }
  if (q.type == "recommendation" && q.plan_id != 0) {
    return Status::Invalid("plan", "type", "recommendations belong to no action plan");
  }
  return q;
}

// A path segment or a value as an error message repeats it: at most 40 bytes of it.
std::string Clip(const std::string& s) { return s.size() <= 40 ? s : s.substr(0, 40) + "..."; }

void AddRegionRoutes(Router& router, const Auth& auth, Regions& regions, RegionServices services) {
  router.Add(
      "GET", "/v1/regions",
      auth.Optional([&regions](const Request& req, const Params&, const accounts::Principal* who) {
        if (Status s = UnknownParameters(req, {}); !s.ok()) return Problem(s, req.path);
        auto list = regions.List(who);
        if (!list.ok()) return Problem(list.status(), req.path);
        json::array items;
        for (const auto& r : *list) items.push_back(review::RegionToJson(r));
        return JsonResponse(json::object{{"items", std::move(items)}});
      }));
  router.Add(
      "POST", "/v1/regions",
      auth.Required([&regions](const Request& req, const Params&, const accounts::Principal& who) {
        auto body = JsonBody(req);
        if (!body.ok()) return Problem(body.status(), req.path);
        auto g = review::RegionFromJson(*body, true);
        if (!g.ok()) return Problem(g.status(), req.path);
        auto r = regions.Create(who, *g);
        if (!r.ok()) return Problem(r.status(), req.path);
        Response resp = JsonResponse(review::RegionToJson(*r), 201);
        resp.headers.emplace_back("Location", "/v1/regions/" + r->code);
        return resp;
      }),
      JsonRoute());
  router.Add("GET", "/v1/regions/{code}",
             auth.Optional(
                 [&regions](const Request& req, const Params& p, const accounts::Principal* who) {
                   if (Status s = UnknownParameters(req, {}); !s.ok()) return Problem(s, req.path);
                   auto r = regions.Get(who, p[0]);
                   if (!r.ok()) return Problem(r.status(), req.path);
                   return JsonResponse(review::RegionToJson(*r));
                 }));
  router.Add("PUT", "/v1/regions/{code}",
             auth.Required(
                 [&regions](const Request& req, const Params& p, const accounts::Principal& who) {
                   auto body = JsonBody(req);
                   if (!body.ok()) return Problem(body.status(), req.path);
                   auto g = review::RegionFromJson(*body, false);
                   if (!g.ok()) return Problem(g.status(), req.path);
                   auto r = regions.Update(who, p[0], *g);
                   if (!r.ok()) return Problem(r.status(), req.path);
                   return JsonResponse(review::RegionToJson(*r));
                 }),
             JsonRoute());
  router.Add("GET", "/v1/regions/{code}/history",
             auth.Optional(
                 [&regions](const Request& req, const Params& p, const accounts::Principal* who) {
                   if (Status s = UnknownParameters(req, {}); !s.ok()) return Problem(s, req.path);
                   auto h = regions.History(who, p[0]);
                   if (!h.ok()) return Problem(h.status(), req.path);
                   json::array items;
                   for (const auto& r : *h) items.push_back(review::RegionToJson(r));
                   return JsonResponse(json::object{{"items", std::move(items)}});
                 }));
  router.Add("GET", "/v1/regions/{code}/dashboard",
             auth.Optional(
                 [services](const Request& req, const Params& p, const accounts::Principal* who) {
                   if (Status s = UnknownParameters(req, {"from", "to", "format"}); !s.ok()) {
                     return Problem(s, req.path);
                   }
                   auto format = QueryFormat(req, {"json", "csv", "xlsx"});
                   if (!format.ok()) return Problem(format.status(), req.path);
                   const int this_year = core::Date::TodayUtc().year();
                   auto from = QueryInt(req, "from", this_year - 9, 1990, 2100);
                   if (!from.ok()) return Problem(from.status(), req.path);
                   auto to = QueryInt(req, "to", this_year, 1990, 2100);
                   if (!to.ok()) return Problem(to.status(), req.path);
                   auto d = BuildRegionDashboard(
                       who, {p[0], static_cast<int>(*from), static_cast<int>(*to)}, services);
                   if (!d.ok()) return Problem(d.status(), req.path);
                   if (*format == "json") return JsonResponse(*d);
                   // The tables (production, exports, imports: the region's sums and each
                   // member's row), as the JSON shows them to this caller.
                   const std::string name =
                       "region-" + p[0] + "-" + std::to_string(*from) + "-" + std::to_string(*to);
                   return TableDownload(req, RegionTableRows(*d), *format, name);
                 }));
}

void AddPlanRoutes(Router& router, const Auth& auth, FollowUps& fu) {
  router.Add(
      "GET", "/v1/action-plans",
      auth.Optional([&fu](const Request& req, const Params&, const accounts::Principal* who) {
        if (Status s = UnknownParameters(req, {"scope"}); !s.ok()) {
          return Problem(s, req.path);
        }
        auto list = fu.Plans(who, QueryString(req, "scope").value_or(""));
        if (!list.ok()) return Problem(list.status(), req.path);
        json::array items;
        for (const auto& p : *list) items.push_back(review::ActionPlanToJson(p));
        return JsonResponse(json::object{{"items", std::move(items)}});
      }));
  router.Add(
      "POST", "/v1/action-plans",
      auth.Required([&fu](const Request& req, const Params&, const accounts::Principal& who) {
        auto body = JsonBody(req);
        if (!body.ok()) return Problem(body.status(), req.path);
        auto n = review::ActionPlanFromJson(*body);
        if (!n.ok()) return Problem(n.status(), req.path);
        auto p = fu.AddPlan(who, *n);
        if (!p.ok()) return Problem(p.status(), req.path);
        Response resp = JsonResponse(review::ActionPlanToJson(*p), 201);
        resp.headers.emplace_back("Location", "/v1/action-plans/" + std::to_string(p->plan.id));
        return resp;
      }),
      JsonRoute());
  router.Add(
      "GET", "/v1/action-plans/{id}",
      auth.Optional([&fu](const Request& req, const Params& p, const accounts::Principal* who) {
        if (Status s = UnknownParameters(req, {}); !s.ok()) return Problem(s, req.path);
        auto id = Id(p[0]);
        if (!id) return Problem(Status::NotFound("no action plan " + Clip(p[0])), req.path);
        auto plan = fu.GetPlan(who, *id);
        if (!plan.ok()) return Problem(plan.status(), req.path);
        return JsonResponse(review::ActionPlanToJson(*plan));
      }));
  router.Add(
      "POST", "/v1/action-plans/{id}/actions",
      auth.Required([&fu](const Request& req, const Params& p, const accounts::Principal& who) {
        auto id = Id(p[0]);
        if (!id) return Problem(Status::NotFound("no action plan " + Clip(p[0])), req.path);
        auto body = JsonBody(req);
        if (!body.ok()) return Problem(body.status(), req.path);
        auto n = review::ActionFromJson(*body);
        if (!n.ok()) return Problem(n.status(), req.path);
        return FollowUpAnswer(req, fu.AddAction(who, *id, *n), 201);
      }),
      JsonRoute());
}

// A review's recommendation as a row of the register: the same model (tracking.h), another
// record (GET /v1/recommendations/{id}).
review::FollowUpView AsFollowUp(const review::RecommendationView& v) {
  review::FollowUpView f;
  const review::Recommendation& r = v.recommendation;
  f.item.id = r.id;
  f.item.type = "recommendation";
  f.item.text = r.text;
  f.item.owner = r.addressee;
  f.item.first_report_due = r.follow_up_due_on;
  f.item.participant = r.participant;
  f.item.source = "review " + std::to_string(r.review_id) + ", paragraph " + r.paragraph;
  f.scope = "participant:" + r.participant;
  f.state.response = v.response;
  f.state.status = v.status;
  f.state.status_source = v.status_source;
  f.state.civil_society = v.civil_society;
  f.state.next_report_due = v.next_report_due;
  f.state.overdue = v.overdue;
  return f;
}

void AddFollowUpRoutes(Router& router, const Auth& auth, FollowUps& fu, RegionServices services) {
  // The register: actions, commitments and (GET /v1/follow-ups) the reviews' recommendations
  // together, or one type.
  for (const std::string path : {"/v1/follow-ups", "/v1/commitments"}) {
    const bool commitments = path == "/v1/commitments";
    router.Add(
        "GET", path,
        auth.Optional([&fu, commitments, services](const Request& req, const Params&,
                                                   const accounts::Principal* who) {
          std::set<std::string> known = {"region", "participant", "status", "overdue", "format"};
          if (!commitments) {
            known.insert("type");
            known.insert("plan");
          }
          if (Status s = UnknownParameters(req, known); !s.ok()) {
            return Problem(s, req.path);
          }
          auto format = QueryFormat(req, {"json", "csv", "xlsx"});
          if (!format.ok()) return Problem(format.status(), req.path);
          auto q = QueryFrom(req);
          if (!q.ok()) return Problem(q.status(), req.path);
          if (commitments) q->type = "commitment";
          const bool recommendations = q->type == "recommendation";
          std::vector<review::FollowUpView> list;
          if (!recommendations) {
            auto items = fu.List(who, *q);
            if (!items.ok()) return Problem(items.status(), req.path);
            list = std::move(*items);
          }
          std::vector<review::RecommendationView> recs;
          if ((q->type.empty() || recommendations) && q->plan_id == 0 &&
              services.peer_reviews != nullptr) {
            std::vector<std::string> in;  // the region's participants
            if (!q->region.empty()) {
              auto r = services.regions.Get(nullptr, q->region);
              if (!r.ok()) return Problem(r.status(), req.path);
              in = r->participants;
            }
            auto all =
                services.peer_reviews->Recommendations(who, {0, q->participant, q->overdue_only});
            if (!all.ok()) return Problem(all.status(), req.path);
            for (auto& v : *all) {
              if (!in.empty() &&
                  std::find(in.begin(), in.end(), v.recommendation.participant) == in.end()) {
                continue;
              }
              if (!q->status.empty() && v.status != q->status) continue;
              recs.push_back(std::move(v));
            }
          }
          const std::string name = commitments ? "commitments" : "follow-ups";
          if (*format != "json" || recs.empty()) {
            for (const auto& v : recs) list.push_back(AsFollowUp(v));
            return RegisterResponse(req, list, *format, name);
          }
          json::array items;
          for (const auto& v : list) items.push_back(review::FollowUpToJson(v));
          for (const auto& v : recs) {
            json::object o = review::RecommendationToJson(v);
            o["type"] = "recommendation";
            items.push_back(std::move(o));
          }
          return JsonResponse(json::object{{"items", std::move(items)}});
        }));
  }
  router.Add(
      "POST", "/v1/commitments",
      auth.Required([&fu](const Request& req, const Params&, const accounts::Principal& who) {
        auto body = JsonBody(req);
        if (!body.ok()) return Problem(body.status(), req.path);
        auto n = review::CommitmentFromJson(*body);
        if (!n.ok()) return Problem(n.status(), req.path);
        return FollowUpAnswer(req, fu.AddCommitment(who, *n), 201);
      }),
      JsonRoute());
  router.Add(
      "GET", "/v1/follow-ups/{id}",
      auth.Optional([&fu](const Request& req, const Params& p, const accounts::Principal* who) {
        if (Status s = UnknownParameters(req, {}); !s.ok()) return Problem(s, req.path);
        auto id = Id(p[0]);
        if (!id) return Problem(Status::NotFound("no follow-up " + Clip(p[0])), req.path);
        return FollowUpAnswer(req, fu.Get(who, *id));
      }));
  using Call = Result<review::FollowUpView> (FollowUps::*)(const accounts::Principal&, int64_t,
                                                           const review::NewStep&);
  for (const auto& [path, call, progress] :
       {std::tuple<const char*, Call, bool>{"/v1/follow-ups/{id}/status", &FollowUps::SetStatus,
                                            false},
        std::tuple<const char*, Call, bool>{"/v1/follow-ups/{id}/assessment", &FollowUps::Assess,
                                            false},
        std::tuple<const char*, Call, bool>{"/v1/follow-ups/{id}/progress",
                                            &FollowUps::ReportProgress, true}}) {
    router.Add(
        "POST", path,
        auth.Required([&fu, call = call, progress = progress](const Request& req, const Params& p,
                                                              const accounts::Principal& who) {
          auto id = Id(p[0]);
          if (!id) return Problem(Status::NotFound("no follow-up " + Clip(p[0])), req.path);
          auto body = JsonBody(req);
          if (!body.ok()) return Problem(body.status(), req.path);
          auto s = review::StepFromJson(*body, progress);
          if (!s.ok()) return Problem(s.status(), req.path);
          return FollowUpAnswer(req, (fu.*call)(who, *id, *s));
        }),
        JsonRoute());
  }
}

}  // namespace

review::ReferencePublic FollowUpReferencePublic(monitor::Monitor* monitor,
                                                activities::Activities* coalition) {
  return [monitor, coalition](const std::string& ref) {
    if (ref.rfind("activity:", 0) == 0) {
      return coalition != nullptr && coalition->Get(nullptr, ref.substr(9)).ok();
    }
    if (monitor == nullptr) return false;
    if (ref.rfind("incident:", 0) == 0) {
      char* end = nullptr;
      const long long id = std::strtoll(ref.c_str() + 9, &end, 10);
      return *end == '\0' && monitor->GetReport(nullptr, id).ok();
    }
    return ref.rfind("site:", 0) == 0 && monitor->GetSite(nullptr, ref.substr(5)).ok();
  };
}

void AddRegionalRoutes(Router& router, const Auth& auth, RegionServices services) {
  AddRegionRoutes(router, auth, services.regions, services);
  if (services.follow_ups == nullptr) return;
  AddPlanRoutes(router, auth, *services.follow_ups);
  AddFollowUpRoutes(router, auth, *services.follow_ups, services);
}

}  // namespace openkp::http
