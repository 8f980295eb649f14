// Community monitoring over the JSON API: organisations, devices, sites and visits, incident
// reports with their review, receipts and exports. docs/MONITORING.md describes them; the
// service (monitor::Monitor) decides what each caller may see.
#include <set>

#include "http/route_util.h"
#include "http/routes.h"
#include "monitor/export.h"
#include "monitor/geo.h"
#include "monitor/risk.h"

namespace openkp::http {

namespace {

using monitor::Monitor;

// Signed-in callers who see exact sites: monitors, verifiers and admins. Everyone else
// (officers of KP authorities included) gets the public, displaced view.
const accounts::Principal* SiteViewer(const accounts::Principal* who) {
  if (who == nullptr) return nullptr;
  const auto role = who->user.role;
  return role == store::Role::kMonitor || role == store::Role::kVerifier ||
                 role == store::Role::kAdmin
             ? who
             : nullptr;
}

// A JSON answer that may hold coordinates (monitor::Serialize writes them exactly).
Response JsonWithPoints(const json::value& v, int status = 200) {
  return JsonTextResponse(monitor::Serialize(v), status);
}

Response Download(std::string body, const char* type, const std::string& filename) {
  Response r;
  r.content_type = type;
  r.body = std::move(body);
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Result<monitor::Site> SiteFromJson(const json::value& body) {
  core::ObjectReader r(body, "");
  monitor::Site s;
  s.code = r.String("code");
  s.name = r.String("name");
  s.participant = r.String("participant");
  s.area = r.OptionalString("area");
  s.type = r.String("type");
  if (const auto* loc = r.OptionalValue("location"); loc && !loc->is_null()) {
    core::ObjectReader l(*loc, "location");
    const auto* lat = l.Value("latitude");
    const auto* lon = l.Value("longitude");
    OPENKP_RETURN_IF_ERROR(l.Finish());
    auto la = monitor::DegreesE6FromJson(*lat, 90);
    if (!la.ok()) return Status::Invalid("location.latitude", "range", la.status().message());
    auto lo = monitor::DegreesE6FromJson(*lon, 180);
    if (!lo.ok()) return Status::Invalid("location.longitude", "range", lo.status().message());
    s.location = monitor::GeoPoint{*la, *lo};
  }
  auto strings = [&r](const char* key) {
    std::vector<std::string> out;
    if (const auto* v = r.OptionalValue(key); v && v->is_array()) {
      for (const auto& e : v->as_array()) {
        if (e.is_string()) out.emplace_back(e.as_string());
      }
    }
    return out;
  };
  s.minerals = strings("minerals");
  s.operator_name = r.OptionalString("operator");
  if (const auto* w = r.OptionalValue("workers"); w && w->is_int64()) s.workers = w->as_int64();
  s.armed_presence = r.OptionalString("armed_presence", "unknown");
  s.armed_roles = strings("armed_roles");
  s.child_labour = r.OptionalString("child_labour", "unknown");
  s.source = r.OptionalString("source");
  OPENKP_RETURN_IF_ERROR(r.Finish());
  return s;
}

Result<monitor::IncidentInput> IncidentFromJson(const json::value& body) {
  core::ObjectReader r(body, "");
  monitor::IncidentInput in;
  in.category = r.String("category");
  in.occurred_on = r.String("occurred_on");
  in.participant = r.String("participant");
  in.area = r.OptionalString("area");
  in.site_code = r.OptionalString("site_code");
  in.description = r.String("description");
  if (const auto* loc = r.OptionalValue("location"); loc && !loc->is_null()) {
    core::ObjectReader l(*loc, "location");
    const auto* lat = l.Value("latitude");
    const auto* lon = l.Value("longitude");
    OPENKP_RETURN_IF_ERROR(l.Finish());
    auto la = monitor::DegreesE6FromJson(*lat, 90);
    auto lo = monitor::DegreesE6FromJson(*lon, 180);
    if (!la.ok() || !lo.ok()) {
      return Status::Invalid("location", "range", "latitude -90..90, longitude -180..180");
    }
    in.location = monitor::GeoPoint{*la, *lo};
  }
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
  OPENKP_RETURN_IF_ERROR(r.Finish());
  return in;
}

void AddOrganisationRoutes(Router& router, const Auth& auth, Monitor& m) {
  router.Add("GET", "/v1/organisations", [&m](const Request& req, const Params&) {
    auto list = m.Organisations();
    if (!list.ok()) return Problem(list.status(), req.path);
    json::array items;
    for (const auto& o : *list) items.push_back(json::object{{"code", o.code}, {"name", o.name}});
    return JsonResponse(json::object{{"items", std::move(items)}});
  });
  router.Add("POST", "/v1/organisations",
             auth.Required([&m](const Request& req, const Params&, const accounts::Principal& who) {
               auto body = JsonBody(req);
               if (!body.ok()) return Problem(body.status(), req.path);
               core::ObjectReader r(*body, "");
               const std::string code = r.String("code");
               const std::string name = r.String("name");
               if (Status s = r.Finish(); !s.ok()) return Problem(s, req.path);
               if (Status s = m.AddOrganisation(who, code, name); !s.ok()) {
                 return Problem(s, req.path);
               }
               return JsonResponse(json::object{{"code", code}, {"name", name}}, 201);
             }),
             JsonRoute());
  router.Add(
      "PUT", "/v1/organisations/{code}/form-key",
      auth.Required([&m](const Request& req, const Params& p, const accounts::Principal& who) {
        auto body = JsonBody(req);
        if (!body.ok()) return Problem(body.status(), req.path);
        core::ObjectReader r(*body, "");
        const std::string key = r.String("public_key");
        if (Status s = r.Finish(); !s.ok()) return Problem(s, req.path);
        if (Status s = m.SetFormKey(who, p[0], key); !s.ok()) return Problem(s, req.path);
        return JsonResponse(json::object{{"organisation", p[0]}, {"encrypted_forms", true}});
      }),
      JsonRoute());
  router.Add(
      "POST", "/v1/organisations/{code}/members",
      auth.Required([&m](const Request& req, const Params& p, const accounts::Principal& who) {
        auto body = JsonBody(req);
        if (!body.ok()) return Problem(body.status(), req.path);
        core::ObjectReader r(*body, "");
        const int64_t user = r.Integer("user");
        if (Status s = r.Finish(); !s.ok()) return Problem(s, req.path);
        if (Status s = m.AddMember(who, user, p[0]); !s.ok()) return Problem(s, req.path);
        return JsonResponse(json::object{{"organisation", p[0]}, {"user", user}}, 201);
      }),
      JsonRoute());
}

json::object DeviceJson(const monitor::Device& d) {
  return {{"id", d.id},
          {"username", d.username},
          {"organisation", d.organisation},
          {"label", d.label},
          {"created_at", d.created_at},
          {"revoked_at", d.revoked_at.empty() ? json::value(nullptr) : json::value(d.revoked_at)}};
}

void AddDeviceRoutes(Router& router, const Auth& auth, Monitor& m) {
  router.Add("GET", "/v1/devices",
             auth.Required([&m](const Request& req, const Params&, const accounts::Principal& who) {
               auto list = m.Devices(who);
               if (!list.ok()) return Problem(list.status(), req.path);
               json::array items;
               for (const auto& d : *list) items.push_back(DeviceJson(d));
               return JsonResponse(json::object{{"items", std::move(items)}});
             }));
  router.Add("POST", "/v1/devices",
             auth.Required([&m](const Request& req, const Params&, const accounts::Principal& who) {
               auto body = JsonBody(req);
               if (!body.ok()) return Problem(body.status(), req.path);
               core::ObjectReader r(*body, "");
               std::string org = r.OptionalString("organisation");
               const std::string label = r.String("label");
               if (Status s = r.Finish(); !s.ok()) return Problem(s, req.path);
               if (org.empty()) {
                 auto mine = m.OrganisationOf(who);
                 if (!mine.ok()) return Problem(mine.status(), req.path);
                 org = *mine;
               }
               auto made = m.AddDevice(who, org, label);
               if (!made.ok()) return Problem(made.status(), req.path);
               json::object o = DeviceJson(made->device);
               o["password"] = made->password;
               o["server_url"] = "/openrosa";
               return JsonResponse(o, 201);
             }),
             JsonRoute());
  router.Add(
      "POST", "/v1/devices/{id}/revoke",
      auth.Required([&m](const Request& req, const Params& p, const accounts::Principal& who) {
        auto id = PathId(p[0]);
        if (!id) return Problem(Status::NotFound("no device " + p[0]), req.path);
        if (Status s = m.RevokeDevice(who, *id); !s.ok()) return Problem(s, req.path);
        return JsonResponse(json::object{{"id", *id}, {"revoked", true}});
      }));
}

void AddSiteRoutes(Router& router, const Auth& auth, Monitor& m) {
  router.Add("GET", "/v1/sites",
             auth.Optional([&m](const Request& req, const Params&, const accounts::Principal* who) {
               if (Status s = UnknownParameters(req, {"participant", "format"}); !s.ok()) {
                 return Problem(s, req.path);
               }
               auto format = QueryFormat(req, {"json", "csv", "geojson", "kml", "xlsx"});
               if (!format.ok()) return Problem(format.status(), req.path);
               auto list = m.Sites(SiteViewer(who), QueryString(req, "participant").value_or(""));
               if (!list.ok()) return Problem(list.status(), req.path);
               if (*format == "csv") return CsvResponse(monitor::SitesCsv(*list), "sites.csv");
               if (*format == "xlsx") {
                 auto bytes = monitor::SitesXlsx(*list);
                 if (!bytes.ok()) return Problem(bytes.status(), req.path);
                 return Download(std::move(*bytes), kXlsxType, "sites.xlsx");
               }
               if (*format == "geojson") {
                 return Download(monitor::SitesGeoJson(*list), "application/geo+json",
                                 "sites.geojson");
               }
               if (*format == "kml") {
                 return Download(monitor::SitesKml(*list), "application/vnd.google-earth.kml+xml",
                                 "sites.kml");
               }
               json::array items;
               for (const auto& s : *list) items.push_back(monitor::SiteJson(s));
               return JsonWithPoints(json::object{{"items", std::move(items)}});
             }));
  router.Add("POST", "/v1/sites",
             auth.Required([&m](const Request& req, const Params&, const accounts::Principal& who) {
               auto body = JsonBody(req);
               if (!body.ok()) return Problem(body.status(), req.path);
               auto site = SiteFromJson(*body);
               if (!site.ok()) return Problem(site.status(), req.path);
               auto made = m.RegisterSite(who, *site);
               if (!made.ok()) return Problem(made.status(), req.path);
               Response r = JsonResponse(monitor::SiteJson(*made), 201);
               r.headers.emplace_back("Location", "/v1/sites/" + PathSegmentEncode(made->code));
               return r;
             }),
             JsonRoute());
  router.Add("POST", "/v1/sites/import",
             auth.Required([&m](const Request& req, const Params&, const accounts::Principal& who) {
               if (Status s = UnknownParameters(req, {"commit"}); !s.ok()) {
                 return Problem(s, req.path);
               }
               const std::string type = MediaType(req.Header("content-type"));
               const std::string format = type == "text/csv" ? "csv" : "geojson";
               const bool commit = QueryString(req, "commit").value_or("false") == "true";
               auto got = m.ImportSites(who, format, req.body, commit);
               if (!got.ok()) return Problem(got.status(), req.path);
               json::array rows;
               for (const auto& row : got->rows) {
                 json::object o{{"row", row.row}};
                 if (row.site) {
                   o["code"] = row.site->code;
                 } else {
                   o["field"] = row.field;
                   o["error"] = row.error;
                 }
                 rows.push_back(std::move(o));
               }
               return JsonResponse(json::object{{"valid", got->valid},
                                                {"invalid", got->invalid},
                                                {"stored", got->stored},
                                                {"rows", std::move(rows)}},
                                   got->stored ? 201 : 200);
             }),
             {.max_body = 8u << 20,
              .media_types = {"text/csv", "application/geo+json", "application/json"}});
  router.Add(
      "GET", "/v1/sites/{code}",
      auth.Optional([&m](const Request& req, const Params& p, const accounts::Principal* who) {
        auto s = m.GetSite(SiteViewer(who), p[0]);
        if (!s.ok()) return Problem(s.status(), req.path);
        return JsonWithPoints(monitor::SiteJson(*s));
      }));
  router.Add(
      "GET", "/v1/sites/{code}/visits",
      auth.Optional([&m](const Request& req, const Params& p, const accounts::Principal* who) {
        auto s = m.GetSite(SiteViewer(who), p[0]);
        if (!s.ok()) return Problem(s.status(), req.path);
        auto list = m.Visits(who, p[0]);
        if (!list.ok()) return Problem(list.status(), req.path);
        json::array items;
        for (const auto& v : *list) items.push_back(monitor::VisitJson(v));
        return JsonResponse(json::object{{"items", std::move(items)}});
      }));
  router.Add(
      "POST", "/v1/sites/{code}/visits",
      auth.Required([&m](const Request& req, const Params& p, const accounts::Principal& who) {
        auto body = JsonBody(req);
        if (!body.ok()) return Problem(body.status(), req.path);
        core::ObjectReader r(*body, "");
        monitor::Visit v;
        v.site_code = p[0];
        v.visited_on = r.String("visited_on");
        if (const auto* w = r.OptionalValue("workers"); w && w->is_int64()) {
          v.workers = w->as_int64();
        }
        v.armed_presence = r.OptionalString("armed_presence", "unknown");
        v.child_labour = r.OptionalString("child_labour", "unknown");
        v.mercury = r.OptionalString("mercury", "unknown");
        v.notes = r.OptionalString("notes");
        for (const char* key : {"minerals", "armed_roles"}) {
          if (const auto* a = r.OptionalValue(key); a && a->is_array()) {
            for (const auto& e : a->as_array()) {
              if (!e.is_string()) continue;
              (std::string(key) == "minerals" ? v.minerals : v.armed_roles)
                  .emplace_back(e.as_string());
            }
          }
        }
        if (Status s = r.Finish(); !s.ok()) return Problem(s, req.path);
        auto made = m.RecordVisit(who, v);
        if (!made.ok()) return Problem(made.status(), req.path);
        return JsonResponse(monitor::VisitJson(*made), 201);
      }),
      JsonRoute());
}

// The report `p[0]` names, or the problem to answer.
std::optional<int64_t> ReportId(const Params& p) { return PathId(p[0]); }

void AddIncidentRoutes(Router& router, const Auth& auth, Monitor& m, EventReceiptFn receipt) {
  router.Add("GET", "/v1/incidents",
             auth.Optional([&m](const Request& req, const Params&, const accounts::Principal* who) {
               if (Status s = UnknownParameters(req, {"participant", "category", "organisation",
                                                      "after", "limit", "format"});
                   !s.ok()) {
                 return Problem(s, req.path);
               }
               auto format = QueryFormat(req, {"json", "csv", "geojson", "kml", "xlsx"});
               if (!format.ok()) return Problem(format.status(), req.path);
               monitor::ReportFilter f;
               f.participant = QueryString(req, "participant").value_or("");
               f.category = QueryString(req, "category").value_or("");
               f.organisation = QueryString(req, "organisation").value_or("");
               auto after = QueryInt(req, "after", 0, 0, int64_t{1} << 50);
               auto limit = QueryInt(req, "limit", 1000, 1, 10000);
               if (!after.ok()) return Problem(after.status(), req.path);
               if (!limit.ok()) return Problem(limit.status(), req.path);
               f.after_id = *after;
               f.limit = *limit;
               auto list = m.Reports(who, f);
               if (!list.ok()) return Problem(list.status(), req.path);
               if (*format == "csv") {
                 return CsvResponse(monitor::ReportsCsv(*list), "incidents.csv");
               }
               if (*format == "xlsx") {
                 auto bytes = monitor::ReportsXlsx(*list);
                 if (!bytes.ok()) return Problem(bytes.status(), req.path);
                 return Download(std::move(*bytes), kXlsxType, "incidents.xlsx");
               }
               if (*format == "geojson") {
                 return Download(monitor::ReportsGeoJson(*list), "application/geo+json",
                                 "incidents.geojson");
               }
               if (*format == "kml") {
                 return Download(monitor::ReportsKml(*list), "application/vnd.google-earth.kml+xml",
                                 "incidents.kml");
               }
               json::array items;
               for (const auto& r : *list) items.push_back(monitor::ReportJson(r));
               return JsonWithPoints(json::object{{"items", std::move(items)}});
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
             JsonRoute());
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

void AddMonitorRoutes(Router& router, const Auth& auth, monitor::Monitor* monitor,
                      EventReceiptFn receipt, CertificateParticipantsFn certificate_participants) {
  if (monitor == nullptr) return;
  AddRiskRoutes(router, auth, *monitor, std::move(certificate_participants));
  AddOrganisationRoutes(router, auth, *monitor);
  AddDeviceRoutes(router, auth, *monitor);
  AddSiteRoutes(router, auth, *monitor);
  AddIncidentRoutes(router, auth, *monitor, std::move(receipt));
}

}  // namespace openkp::http
