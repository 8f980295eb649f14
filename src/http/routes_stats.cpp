// The statistics routes: /v1/stats/... (docs/API.md "Statistics").
#include <set>

#include "http/route_util.h"
#include "http/routes.h"
#include "stats/anomalies.h"
#include "stats/json.h"

namespace openkp::http {

namespace {

Response TableResponse(const stats::SummaryTable& t, const std::string& format,
                       const std::string& name) {
  if (format == "csv") return CsvResponse(stats::TableToCsv(t), name + ".csv");
  if (format == "xlsx") {
    auto x = stats::TableToXlsx(t);
    if (!x.ok()) return Problem(x.status());
    Response r;
    r.content_type = kXlsxType;
    r.body = std::move(*x);
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + name + ".xlsx\"");
    return r;
  }
  return JsonResponse(stats::TableToJson(t));
}

}  // namespace

// `stats` may be null (a server without statistics): every route answers 404 then.
void AddStatsRoutes(Router& router, const Auth& auth, stats::Statistics* stats) {
  // Without statistics every route is still served (and documented), answering 404.
  auto add = [&router, stats](std::string method, std::string pattern, RouteHandler fn,
                              RouteOptions options = {}) {
    if (stats == nullptr) {
      fn = [](const Request& req, const Params&) {
        return Problem(Status::NotFound("this server keeps no statistics"), req.path);
      };
    }
    router.Add(std::move(method), std::move(pattern), std::move(fn), std::move(options));
  };

  for (const std::string flow : {"production", "exports", "imports"}) {
    add("GET", "/v1/stats/" + flow, [stats, flow, &auth](const Request& req, const Params&) {
      const bool production = flow == "production";
      Status s = UnknownParameters(
          req, production ? std::set<std::string>{"year", "participant", "period", "format"}
                          : std::set<std::string>{"year", "participant", "period", "by", "source",
                                                  "format"});
      if (!s.ok()) return Problem(s, req.path);
      stats::TableQuery q;
      if (req.query.count("year")) {
        auto y = QueryInt(req, "year", 0, 1990, 9999);
        if (!y.ok()) return Problem(y.status(), req.path);
        q.year = static_cast<int>(*y);
      }
      q.participant = QueryString(req, "participant");
      q.period = QueryString(req, "period").value_or("year");
      q.by = QueryString(req, "by").value_or("");
      q.source = QueryString(req, "source").value_or("certificates");
      auto format = QueryFormat(req, {"json", "csv", "xlsx"});
      if (!format.ok()) return Problem(format.status(), req.path);
      // Totals per participant are public, as in the KP's published statistics; the partner
      // and HS breakdown of certificate trade is for the participants concerned and admins.
      // A token, when sent, must be valid (never silently ignored); a breakdown needs one.
      if (!q.by.empty() || req.headers.count("authorization") != 0) {
        Response err;
        auto who = auth.Caller(req, &err);
        if (!who) return err;
        if (!q.by.empty()) {
          Status s = stats->ScopeToCaller(*who, &q.participant, "the trade breakdown");
          if (!s.ok()) return Problem(s, req.path);
        }
      }
      auto t = production ? stats->Production(q)
                          : stats->Trade(flow == "exports" ? "export" : "import", q);
      if (!t.ok()) return Problem(t.status(), req.path);
      return TableResponse(*t, *format, flow);
    });
  }

  add("POST", "/v1/stats/sources", [stats, &auth](const Request& req, const Params&) {
    Response err;
    auto who = auth.Caller(req, &err);
    if (!who) return err;
    if (Status s = stats->MayImport(*who); !s.ok()) return Problem(s, req.path);
    Status s = UnknownParameters(req, {"name", "vintage", "sheet"});
    if (!s.ok()) return Problem(s, req.path);
    const std::string ct = MediaType(req.Header("content-type"));
    if (ct != "text/csv" && ct != kXlsxType) {
      return Problem(Status::Invalid("Content-Type", "media-type",
                                     std::string("send the file as text/csv or as ") + kXlsxType +
                                         ", got '" + req.Header("content-type") + "'"),
                     req.path);
    }
    stats::ImportOptions o;
    o.name = QueryString(req, "name").value_or("upload");
    o.vintage = QueryString(req, "vintage").value_or("");
    o.sheet = QueryString(req, "sheet").value_or("");
    o.actor = who->user.name;
    auto r = stats->Import(req.body, o);
    if (!r.ok()) return Problem(r.status(), req.path);
    json::value body = stats::ImportResultToJson(*r);
    if (!r->accepted) {
      // RFC 9457 with an extension member listing every row error.
      Response p =
          Problem(Status::Invalid("file", "valid-rows",
                                  std::to_string(r->parsed.errors.size()) +
                                      " errors in the file; nothing was imported (see errors)"),
                  req.path);
      json::object o = json::parse(p.body).as_object();
      o["errors"] = body.at("report").at("errors");
      p.body = json::serialize(o);
      return p;
    }
    Response resp = JsonResponse(body, r->already_imported ? 200 : 201);
    resp.headers.emplace_back("Location",
                              "/v1/stats/sources/" + std::to_string(r->outcome.source.id));
    return resp;
  });

  add("GET", "/v1/stats/sources", [stats, &auth](const Request& req, const Params&) {
    auto list = stats->ListSources();
    if (!list.ok()) return Problem(list.status(), req.path);
    json::array a;
    for (const auto& s : *list) a.push_back(stats::SourceToJson(s));
    return JsonResponse(json::object{{"sources", std::move(a)}});
  });
  add("GET", "/v1/stats/sources/{id}", [stats, &auth](const Request& req, const Params& p) {
    const auto id = PathId(p[0]);
    if (!id) return Problem(Status::NotFound("no statistics source '" + p[0] + "'"), req.path);
    auto s = stats->GetSource(*id);
    if (!s.ok()) return Problem(s.status(), req.path);
    json::object o = stats::SourceToJson(*s).as_object();
    o["report"] = json::parse(s->report);
    return JsonResponse(o);
  });
  add("GET", "/v1/stats/diff", [stats, &auth](const Request& req, const Params&) {
    Status s = UnknownParameters(req, {"before", "after"});
    if (!s.ok()) return Problem(s, req.path);
    if (!req.query.count("before") || !req.query.count("after")) {
      return Problem(Status::Invalid(req.query.count("before") ? "after" : "before", "required",
                                     "give two source ids: ?before=1&after=2"),
                     req.path);
    }
    auto before = QueryInt(req, "before", 0, 1, 1'000'000'000);
    if (!before.ok()) return Problem(before.status(), req.path);
    auto after = QueryInt(req, "after", 0, 1, 1'000'000'000);
    if (!after.ok()) return Problem(after.status(), req.path);
    auto d = stats->CompareSources(*before, *after);
    if (!d.ok()) return Problem(d.status(), req.path);
    return JsonResponse(stats::DifferencesToJson(*d));
  });
  add("GET", "/v1/stats/thresholds", [stats, &auth](const Request&, const Params&) {
    return JsonResponse(
        json::object{{"thresholds", stats::ThresholdsToJson({})},
                     {"rules", json::array(stats::RuleNames().begin(), stats::RuleNames().end())}});
  });
  add("GET", "/v1/stats/anomalies", [stats, &auth](const Request& req, const Params&) {
    // Findings name certificates and trading partners: analysts and admins see them all,
    // officers those that involve their participant.
    Response err;
    auto who = auth.Caller(req, &err);
    if (!who) return err;
    stats::Thresholds t;
    stats::AnomalyQuery q;
    std::string format = "json";
    for (const auto& [k, v] : req.query) {
      if (k == "format") {
        if (v != "json" && v != "csv") {
          return Problem(Status::Invalid("format", "enum", "must be json or csv"), req.path);
        }
        format = v;
      } else if (k == "participant") {
        q.participant = v;
      } else if (k == "rule") {
        q.rule = v;
      } else if (Status s = stats::SetThreshold(t, k, v); !s.ok()) {
        return Problem(s, req.path);
      }
    }
    // As the review's findings (docs/SECURITY.md): analysts and admins see every finding, an
    // officer its participant's, other roles none.
    if (who->user.role != store::Role::kAnalyst) {
      if (!who->is_admin() && who->user.role != store::Role::kOfficer) {
        return Problem(Status::PermissionDenied(
                           "the findings are for statistics analysts, admins and officers"),
                       req.path);
      }
      if (Status s = stats->ScopeToCaller(*who, &q.participant, "the findings"); !s.ok()) {
        return Problem(s, req.path);
      }
    }
    // At the documented thresholds every caller shares one computation (stats::CurrentFindings);
    // other thresholds are a computation of their own.
    std::optional<std::string> computed_at;
    bool up_to_date = true;
    core::Result<stats::AnomalyReport> r = core::Status::Internal("no findings");
    if (t == stats::Thresholds{}) {
      auto shared = stats::CurrentFindings(*stats);
      if (!shared.ok()) return Problem(shared.status(), req.path);
      r = stats::FilterFindings(*(*shared)->report, q);
      computed_at = (*shared)->computed_at;
      auto now = stats->CurrentInputs();
      up_to_date = now.ok() && *now == (*shared)->inputs;
    } else {
      r = stats::FindAnomalies(*stats, t, q);
    }
    if (!r.ok()) return Problem(r.status(), req.path);
    if (format == "csv") return CsvResponse(stats::AnomaliesToCsv(*r), "anomalies.csv");
    json::value body = stats::AnomalyReportToJson(*r);
    if (computed_at) {
      body.as_object()["computed_at"] = *computed_at;
      body.as_object()["up_to_date"] = up_to_date;
    }
    return JsonResponse(body);
  });
}

}  // namespace openkp::http
