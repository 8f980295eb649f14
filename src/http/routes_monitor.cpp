// Community monitoring over the JSON API: organisations, devices, sites and visits (incident
// reports and risk flags: routes_incidents.cpp). docs/MONITORING.md describes them; the
// service (monitor::Monitor) decides what each caller may see.
#include "http/routes_monitor.h"

#include <set>

#include "http/route_util.h"
#include "http/routes.h"
#include "monitor/export.h"
#include "monitor/geo.h"
#include "monitor/risk.h"

namespace openkp::http {

namespace {

using monitor::Monitor;

Result<monitor::Site> SiteFromJson(const json::value& body) {
  core::ObjectReader r(body, "");
  monitor::Site s;
  s.code = r.String("code");
  s.name = r.String("name");
  s.participant = r.String("participant");
  s.area = r.OptionalString("area");
  s.type = r.String("type");
  auto location = LocationFromJson(r);
  if (!location.ok()) return location.status();
  s.location = *location;
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
               auto list = m.Sites(who, QueryString(req, "participant").value_or(""));
               if (!list.ok()) return Problem(list.status(), req.path);
               return ExportList<monitor::Site>(
                   req, *format, *list, "sites",
                   {monitor::SitesCsv, monitor::SitesXlsx, monitor::SitesGeoJson, monitor::SitesKml,
                    monitor::SiteJson});
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
        auto s = m.GetSite(who, p[0]);
        if (!s.ok()) return Problem(s.status(), req.path);
        return JsonWithPoints(monitor::SiteJson(*s));
      }));
  router.Add(
      "GET", "/v1/sites/{code}/visits",
      auth.Optional([&m](const Request& req, const Params& p, const accounts::Principal* who) {
        auto s = m.GetSite(who, p[0]);
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

}  // namespace

void AddMonitorRoutes(Router& router, const Auth& auth, monitor::Monitor* monitor,
                      EventReceiptFn receipt, CertificateParticipantsFn certificate_participants) {
  if (monitor == nullptr) return;
  AddOrganisationRoutes(router, auth, *monitor);
  AddDeviceRoutes(router, auth, *monitor);
  AddSiteRoutes(router, auth, *monitor);
  AddIncidentAndRiskRoutes(router, auth, *monitor, std::move(receipt),
                           std::move(certificate_participants));
}

}  // namespace openkp::http
