// Incident reports over the JSON API (filing, reading as the caller may, review, identities,
// files, receipts, exports) and risk flags. docs/MONITORING.md describes them.
#include <algorithm>
#include <optional>
#include <set>

#include "crypto/crypto.h"
#include "http/routes_monitor.h"
#include "monitor/export.h"
#include "monitor/geo.h"
#include "monitor/risk.h"

namespace openkp::http {

namespace {

using monitor::Monitor;

// A report filed as JSON with its photo in base64 (4/3 of 12 MiB, and the text).
constexpr size_t kIncidentBodyLimit = 17 << 20;

Result<monitor::IncidentInput> IncidentFromJson(const json::value& body) {
  core::ObjectReader r(body, "");
  monitor::IncidentInput in;
  in.category = r.String("category");
  in.occurred_on = r.String("occurred_on");
  in.participant = r.String("participant");
  in.area = r.OptionalString("area");
  in.site_code = r.OptionalString("site_code");
  in.description = r.String("description");
  auto location = LocationFromJson(r);
  if (!location.ok()) return location.status();
  in.location = *location;
  if (const auto* p = r.OptionalValue("people_affected"); p && !p->is_null()) {
    if (!p->is_int64() || p->as_int64() < 0) {
      return Status::Invalid("people_affected", "integer", "must be a whole number >= 0");
    }
    in.people_affected = p->as_int64();
  }
  if (const auto* v = r.OptionalValue("restricted"); v && v->is_bool())
    in.restricted = v->as_bool();
  if (const auto* v = r.OptionalValue("description_restricted"); v && v->is_bool()) {
    in.text_restricted = v->as_bool();
  }
  if (const auto* who = r.OptionalValue("reporter"); who && who->is_object()) {
    core::ObjectReader w(*who, "reporter");
    in.reporter.name = w.OptionalString("name");
    in.reporter.contact = w.OptionalString("contact");
    OPENKP_RETURN_IF_ERROR(w.Finish());
  }
  in.deprecated_id = r.OptionalString("corrects");
  if (const auto* photo = r.OptionalValue("photo"); photo && !photo->is_null()) {
    core::ObjectReader f(*photo, "photo");
    monitor::IncidentInput::Photo got;
    got.name = f.String("name");
    got.content_type = f.String("content_type");
    const std::string data = f.String("data");
    OPENKP_RETURN_IF_ERROR(f.Finish());
    auto bytes = crypto::Base64Decode(data);
    if (!bytes.ok() || bytes->empty()) {
      return Status::Invalid("photo.data", "base64", "must be the file's bytes in base64");
    }
    got.bytes = std::move(*bytes);
    in.photo = std::move(got);
  }
  OPENKP_RETURN_IF_ERROR(r.Finish());
  return in;
}

// GET /v1/incidents's status, from and to: a status of the list, days as YYYY-MM-DD, in order.
Status ReadPeriodAndStatus(const Request& req, monitor::ReportFilter& f) {
  f.status = QueryString(req, "status").value_or("");
  const auto& statuses = monitor::ReportStatuses();
  if (!f.status.empty() &&
      std::find(statuses.begin(), statuses.end(), f.status) == statuses.end()) {
    std::string names;
    for (const auto& s : statuses) names += (names.empty() ? "" : ", ") + s;
    return Status::Invalid("status", "enum", "must be one of " + names);
  }
  std::optional<core::Date> days[2];
  const char* names[2] = {"from", "to"};
  for (int i = 0; i < 2; ++i) {
    const std::string text = QueryString(req, names[i]).value_or("");
    if (text.empty()) continue;
    auto day = core::Date::Parse(text);
    if (!day.ok()) return Status::Invalid(names[i], "date", "must be a day as YYYY-MM-DD");
    days[i] = *day;
    (i == 0 ? f.from : f.to) = days[i]->ToString();
  }
  if (days[0] && days[1] && *days[1] < *days[0]) {
    return Status::Invalid("to", "range", "must not be before from");
  }
  return {};
}

// The report `p[0]` names, or the problem to answer.
std::optional<int64_t> ReportId(const Params& p) { return PathId(p[0]); }

void AddIncidentRoutes(Router& router, const Auth& auth, Monitor& m, EventReceiptFn receipt) {
  router.Add(
      "GET", "/v1/incidents",
      auth.Optional([&m](const Request& req, const Params&, const accounts::Principal* who) {
        if (Status s = UnknownParameters(req, {"participant", "category", "organisation", "status",
                                               "from", "to", "after", "limit", "format"});
            !s.ok()) {
          return Problem(s, req.path);
        }
        auto format = QueryFormat(req, {"json", "csv", "geojson", "kml", "xlsx"});
        if (!format.ok()) return Problem(format.status(), req.path);
        monitor::ReportFilter f;
        f.participant = QueryString(req, "participant").value_or("");
        f.category = QueryString(req, "category").value_or("");
        f.organisation = QueryString(req, "organisation").value_or("");
        if (Status s = ReadPeriodAndStatus(req, f); !s.ok()) return Problem(s, req.path);
        auto after = QueryInt(req, "after", 0, 0, int64_t{1} << 50);
        auto limit = QueryInt(req, "limit", 1000, 1, 10000);
        if (!after.ok()) return Problem(after.status(), req.path);
        if (!limit.ok()) return Problem(limit.status(), req.path);
        f.after_id = *after;
        f.limit = *limit;
        auto list = m.Reports(who, f);
        if (!list.ok()) return Problem(list.status(), req.path);
        return ExportList<monitor::Report>(
            req, *format, *list, "incidents",
            {monitor::ReportsCsv, monitor::ReportsXlsx, monitor::ReportsGeoJson,
             monitor::ReportsKml, monitor::ReportJson});
      }));
  router.Add("POST", "/v1/incidents",
             auth.Required([&m](const Request& req, const Params&, const accounts::Principal& who) {
               auto body = JsonBody(req);
               if (!body.ok()) return Problem(body.status(), req.path);
               auto in = IncidentFromJson(*body);
               if (!in.ok()) return Problem(in.status(), req.path);
               auto got = m.FileIncident(who, *in);
               if (!got.ok()) return Problem(got.status(), req.path);
               auto r = m.GetReport(&who, got->report_id);
               if (!r.ok()) return Problem(r.status(), req.path);
               Response out = JsonWithPoints(monitor::ReportJson(*r), 201);
               out.headers.emplace_back("Location",
                                        "/v1/incidents/" + std::to_string(got->report_id));
               return out;
             }),
             // A photo comes inline (base64): room for a phone's picture.
             RouteOptions{kIncidentBodyLimit, {kJson}});
  router.Add(
      "GET", "/v1/incidents/{id}",
      auth.Optional([&m](const Request& req, const Params& p, const accounts::Principal* who) {
        auto id = ReportId(p);
        if (!id) return Problem(Status::NotFound("no report " + p[0]), req.path);
        auto r = m.GetReport(who, *id);
        if (!r.ok()) return Problem(r.status(), req.path);
        return JsonWithPoints(monitor::ReportJson(*r));
      }));
  router.Add(
      "GET", "/v1/incidents/{id}/history",
      auth.Optional([&m](const Request& req, const Params& p, const accounts::Principal* who) {
        auto id = ReportId(p);
        if (!id) return Problem(Status::NotFound("no report " + p[0]), req.path);
        auto h = m.History(who, *id);
        if (!h.ok()) return Problem(h.status(), req.path);
        json::array items;
        for (const auto& s : *h) items.push_back(monitor::StatusJson(s));
        return JsonResponse(json::object{{"items", std::move(items)}});
      }));
  router.Add(
      "POST", "/v1/incidents/{id}/status",
      auth.Required([&m](const Request& req, const Params& p, const accounts::Principal& who) {
        auto id = ReportId(p);
        if (!id) return Problem(Status::NotFound("no report " + p[0]), req.path);
        auto body = JsonBody(req);
        if (!body.ok()) return Problem(body.status(), req.path);
        core::ObjectReader r(*body, "");
        const std::string status = r.String("status");
        const std::string reason = r.String("reason");
        if (Status s = r.Finish(); !s.ok()) return Problem(s, req.path);
        auto got = m.ChangeStatus(who, *id, status, reason);
        if (!got.ok()) return Problem(got.status(), req.path);
        return JsonResponse(monitor::StatusJson(*got), 201);
      }),
      JsonRoute());
  router.Add(
      "GET", "/v1/incidents/{id}/reporter",
      auth.Required([&m](const Request& req, const Params& p, const accounts::Principal& who) {
        auto id = ReportId(p);
        if (!id) return Problem(Status::NotFound("no report " + p[0]), req.path);
        auto r = m.GetReporter(who, *id);
        if (!r.ok()) return Problem(r.status(), req.path);
        if (!r->has_value()) return JsonResponse(json::object{{"anonymous", true}});
        return JsonResponse(
            json::object{{"anonymous", false}, {"name", (*r)->name}, {"contact", (*r)->contact}});
      }));
  router.Add(
      "GET", "/v1/incidents/{id}/xml",
      auth.Required([&m](const Request& req, const Params& p, const accounts::Principal& who) {
        auto id = ReportId(p);
        if (!id) return Problem(Status::NotFound("no report " + p[0]), req.path);
        auto xml = m.GetXml(who, *id);
        if (!xml.ok()) return Problem(xml.status(), req.path);
        return Download(std::move(*xml), "text/xml; charset=utf-8",
                        "report-" + std::to_string(*id) + ".xml");
      }));
  router.Add(
      "GET", "/v1/incidents/{id}/files/{name}",
      auth.Required([&m](const Request& req, const Params& p, const accounts::Principal& who) {
        auto id = ReportId(p);
        if (!id) return Problem(Status::NotFound("no report " + p[0]), req.path);
        auto f = m.GetAttachment(who, *id, p[1]);
        if (!f.ok()) return Problem(f.status(), req.path);
        // Never rendered by the browser as a page of this site.
        return Download(std::move(f->second), "application/octet-stream", "attachment");
      }));
  router.Add("GET", "/v1/incidents/{id}/receipt",
             auth.Required([&m, receipt](const Request& req, const Params& p,
                                         const accounts::Principal& who) {
               auto id = ReportId(p);
               if (!id) return Problem(Status::NotFound("no report " + p[0]), req.path);
               auto r = m.GetReport(&who, *id);
               if (!r.ok()) return Problem(r.status(), req.path);
               if (m.ViewerOf(&who, *r) == monitor::Viewer::kPublic) {
                 return Problem(Status::NotFound("no report " + p[0]), req.path);
               }
               if (!receipt) return Problem(Status::NotFound("this server keeps no log"), req.path);
               const std::string subject = "report:" + std::to_string(*id);
               json::array entries;
               auto add = [&](const std::string& kind, const std::string& sub,
                              const std::string& name, const std::string& sha) -> Status {
                 auto text = receipt(kind, sub);
                 if (!text.ok()) return text.status();
                 entries.push_back(json::object{
                     {"event", kind}, {"name", name}, {"sha256", sha}, {"receipt", *text}});
                 return {};
               };
               Status s =
                   add("monitor.report.received", subject, "xml_submission_file", r->xml_sha256);
               for (const auto& a : r->attachments) {
                 if (!s.ok()) break;
                 s = add("monitor.attachment.received", subject + "/file:" + std::to_string(a.id),
                         a.name, a.sha256);
               }
               if (!s.ok()) return Problem(s, req.path);
               return JsonResponse(json::object{{"report", *id}, {"entries", std::move(entries)}});
             }));
}

json::object FlagJson(const monitor::RiskFlag& f) {
  json::array ids;
  for (int64_t id : f.incidents) ids.push_back(id);
  json::object o{{"definition", f.definition},   {"scope", f.scope},
                 {"participant", f.participant}, {"incidents", std::move(ids)},
                 {"months", f.months},           {"sites", f.sites},
                 {"explanation", f.explanation}};
  if (!f.area.empty()) o["area"] = f.area;
  if (!f.site.empty()) o["site"] = f.site;
  return o;
}

// The thresholds from the query (?systematic_min_incidents=3...), or the problem.
Result<monitor::RiskThresholds> ThresholdsFrom(const Request& req) {
  monitor::RiskThresholds t;
  for (const auto& info : monitor::DescribeThresholds(t)) {
    auto v = QueryInt(req, info.name, info.value, 1, 100000);
    if (!v.ok()) return v.status();
    OPENKP_RETURN_IF_ERROR(monitor::SetThreshold(&t, info.name, *v));
  }
  return t;
}

json::object RiskJson(const monitor::RiskThresholds& t,
                      const std::vector<monitor::RiskFlag>& flags) {
  json::array th, fl;
  for (const auto& i : monitor::DescribeThresholds(t)) {
    th.push_back(json::object{{"name", i.name}, {"value", i.value}, {"meaning", i.meaning}});
  }
  for (const auto& f : flags) fl.push_back(FlagJson(f));
  return {{"thresholds", std::move(th)}, {"flags", std::move(fl)}};
}

void AddRiskRoutes(Router& router, const Auth& auth, Monitor& m,
                   CertificateParticipantsFn certificate_participants) {
  router.Add("GET", "/v1/risk",
             auth.Optional([&m](const Request& req, const Params&, const accounts::Principal* who) {
               std::set<std::string> known = {"participant"};
               for (const auto& i : monitor::DescribeThresholds({})) known.insert(i.name);
               if (Status s = UnknownParameters(req, known); !s.ok()) return Problem(s, req.path);
               auto t = ThresholdsFrom(req);
               if (!t.ok()) return Problem(t.status(), req.path);
               auto flags = m.Risk(who, QueryString(req, "participant").value_or(""), *t);
               if (!flags.ok()) return Problem(flags.status(), req.path);
               return JsonResponse(RiskJson(*t, *flags));
             }));
  // Beside a certificate's verification: information for a buyer (the signature check is
  // unchanged). The public learns flags of the issuer only: the origin is the parties'.
  router.Add("GET", "/v1/certificates/{number}/risk",
             auth.Optional([&m, certificate_participants](const Request& req, const Params& p,
                                                          const accounts::Principal* who) {
               if (!certificate_participants) {
                 return Problem(Status::NotFound("no registry"), req.path);
               }
               auto participants = certificate_participants(who, p[0]);
               if (!participants.ok()) return Problem(participants.status(), req.path);
               const monitor::RiskThresholds t;
               std::vector<monitor::RiskFlag> all;
               for (const auto& code : *participants) {
                 auto flags = m.Risk(who, code, t);
                 if (!flags.ok()) return Problem(flags.status(), req.path);
                 for (auto& f : *flags) all.push_back(std::move(f));
               }
               json::object o = RiskJson(t, all);
               json::array codes;
               for (const auto& c : *participants) codes.emplace_back(c);
               o["certificate"] = p[0];
               o["participants"] = std::move(codes);
               o["note"] =
                   "Open flags from reviewed civil-society incident reports about these "
                   "participants; information for a buyer, not part of the certificate's "
                   "validity.";
               return JsonResponse(o);
             }));
}

}  // namespace

void AddIncidentAndRiskRoutes(Router& router, const Auth& auth, monitor::Monitor& m,
                              EventReceiptFn receipt,
                              CertificateParticipantsFn certificate_participants) {
  AddIncidentRoutes(router, auth, m, std::move(receipt));
  AddRiskRoutes(router, auth, m, std::move(certificate_participants));
}

}  // namespace openkp::http
