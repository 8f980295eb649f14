// The statistics routes: /v1/stats/... (docs/API.md "Statistics").
#include <set>

#include "http/api.h"
#include "http/api_internal.h"
#include "stats/anomalies.h"
#include "stats/json.h"

namespace openkp::http {

namespace {

std::optional<std::string> QueryString(const Request& req, const char* key) {
  auto it = req.query.find(key);
  if (it == req.query.end()) return std::nullopt;
  return it->second;
}

Status UnknownParameters(const Request& req, const std::set<std::string>& known) {
  for (const auto& [k, v] : req.query) {
    if (!known.count(k))
      return Status::Invalid(k, "unknown-parameter", "is not a known query parameter");
  }
  return {};
}

Response TableResponse(const stats::SummaryTable& t, const std::string& format,
                       const std::string& name) {
  if (format == "csv") {
    Response r;
    r.content_type = "text/csv; charset=utf-8";
    r.body = stats::TableToCsv(t);
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
    return r;
  }
  if (format == "xlsx") {
    auto x = stats::TableToXlsx(t);
    if (!x.ok()) return Problem(x.status());
    Response r;
    r.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    r.body = std::move(*x);
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + name + ".xlsx\"");
    return r;
  }
  return JsonResponse(stats::TableToJson(t));
}

}  // namespace

void Api::AddStatsRoutes() {
  auto add = [this](std::string method, std::string pattern, auto fn) {
    routes_.push_back({std::move(method), std::move(pattern), std::move(fn)});
  };
  auto none = [](const Request& req) {
    return Problem(Status::NotFound("this server keeps no statistics"), req.path);
  };

  for (const std::string flow : {"production", "exports", "imports"}) {
    add("GET", "/v1/stats/" + flow, [this, flow, none](const Request& req, const auto&) {
      if (stats_ == nullptr) return none(req);
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
      const std::string format = QueryString(req, "format").value_or("json");
      if (format != "json" && format != "csv" && format != "xlsx") {
        return Problem(Status::Invalid("format", "enum", "must be json, csv or xlsx"), req.path);
      }
      // Totals per participant are public, as in the KP's published statistics; the partner
      // and HS breakdown of certificate trade is for the participants concerned and admins.
      if (!q.by.empty()) {
        Response err;
        auto who = Authenticate(req, &err);
        if (!who) return err;
        Status s = stats_->ScopeToCaller(*who, &q.participant, "the trade breakdown");
        if (!s.ok()) return Problem(s, req.path);
      }
      auto t = production ? stats_->Production(q)
                          : stats_->Trade(flow == "exports" ? "export" : "import", q);
      if (!t.ok()) return Problem(t.status(), req.path);
      return TableResponse(*t, format, flow);
    });
  }

  add("POST", "/v1/stats/sources", [this, none](const Request& req, const auto&) {
    if (stats_ == nullptr) return none(req);
    Response err;
    auto who = Authenticate(req, &err);
    if (!who) return err;
    if (Status s = stats_->MayImport(*who); !s.ok()) return Problem(s, req.path);
    Status s = UnknownParameters(req, {"name", "vintage", "sheet"});
    if (!s.ok()) return Problem(s, req.path);
    const std::string ct = req.Header("content-type");
    if (ct.rfind("text/csv", 0) != 0 &&
        ct.rfind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 0) != 0) {
      return Problem(Status::Invalid("Content-Type", "media-type",
                                     "send the file as text/csv or as "
                                     "application/vnd.openxmlformats-officedocument."
                                     "spreadsheetml.sheet, got '" +
                                         ct + "'"),
                     req.path);
    }
    stats::ImportOptions o;
    o.name = QueryString(req, "name").value_or("upload");
    o.vintage = QueryString(req, "vintage").value_or("");
    o.sheet = QueryString(req, "sheet").value_or("");
    o.actor = who->user.name;
    auto r = stats_->Import(req.body, o);
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

  add("GET", "/v1/stats/sources", [this, none](const Request& req, const auto&) {
    if (stats_ == nullptr) return none(req);
    auto list = stats_->ListSources();
    if (!list.ok()) return Problem(list.status(), req.path);
    json::array a;
    for (const auto& s : *list) a.push_back(stats::SourceToJson(s));
    return JsonResponse(json::object{{"sources", std::move(a)}});
  });
  add("GET", "/v1/stats/sources/{id}", [this, none](const Request& req, const auto& p) {
    if (stats_ == nullptr) return none(req);
    const auto id = PathId(p[0]);
    if (!id) return Problem(Status::NotFound("no statistics source '" + p[0] + "'"), req.path);
    auto s = stats_->GetSource(*id);
    if (!s.ok()) return Problem(s.status(), req.path);
    json::object o = stats::SourceToJson(*s).as_object();
    o["report"] = json::parse(s->report);
    return JsonResponse(o);
  });
  add("GET", "/v1/stats/diff", [this, none](const Request& req, const auto&) {
    if (stats_ == nullptr) return none(req);
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
    auto d = stats_->CompareSources(*before, *after);
    if (!d.ok()) return Problem(d.status(), req.path);
    return JsonResponse(stats::DifferencesToJson(*d));
  });
  add("GET", "/v1/stats/thresholds", [this, none](const Request& req, const auto&) {
    if (stats_ == nullptr) return none(req);
    return JsonResponse(
        json::object{{"thresholds", stats::ThresholdsToJson({})},
                     {"rules", json::array(stats::RuleNames().begin(), stats::RuleNames().end())}});
  });
  add("GET", "/v1/stats/anomalies", [this, none](const Request& req, const auto&) {
    if (stats_ == nullptr) return none(req);
    // Findings name certificates and trading partners: signed-in users only; officers see the
    // findings that involve their participant.
    Response err;
    auto who = Authenticate(req, &err);
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
    if (Status s = stats_->ScopeToCaller(*who, &q.participant, "the findings"); !s.ok()) {
      return Problem(s, req.path);
    }
    auto r = stats::FindAnomalies(*stats_, t, q);
    if (!r.ok()) return Problem(r.status(), req.path);
    if (format == "csv") {
      Response csv;
      csv.content_type = "text/csv; charset=utf-8";
      csv.body = stats::AnomaliesToCsv(*r);
      csv.headers.emplace_back("Content-Disposition", "attachment; filename=\"anomalies.csv\"");
      csv.headers.emplace_back("Cache-Control", "no-store");
      return csv;
    }
    return JsonResponse(stats::AnomalyReportToJson(*r));
  });
}

}  // namespace openkp::http
