// The coalition's routes (docs/COALITION.md): members, people, applications, activities and
// their open data, imports, the annual report and its final versions.
#include <boost/json.hpp>
#include <map>
#include <memory>
#include <mutex>

#include "activities/export.h"
#include "activities/json.h"
#include "activities/report.h"
#include "activities/vocabulary.h"
#include "core/date.h"
#include "http/render.h"
#include "http/route_util.h"
#include "http/routes.h"

namespace openkp::http {

namespace {

using activities::Activities;

json::array TermsJson(const std::vector<activities::Term>& terms) {
  json::array out;
  for (const auto& t : terms) {
    json::object o{{"key", t.key}, {"en", t.en}, {"fr", t.fr}};
    if (!t.section.empty()) o["section"] = t.section;
    out.push_back(std::move(o));
  }
  return out;
}

Result<int> PathYear(const std::string& s) {
  auto id = PathId(s);
  if (!id || *id < 1990 || *id > 2100) {
    return Status::Invalid("year", "range", "a year between 1990 and 2100");
  }
  return static_cast<int>(*id);
}

Result<std::string> QueryLang(const Request& req) {
  const std::string lang = QueryString(req, "lang").value_or("en");
  if (lang != "en" && lang != "fr") return Status::Invalid("lang", "enum", "must be en or fr");
  return lang;
}

// Whether `who` is one of the coalition's people (they see who recorded what; the public sees
// the members, never the names of the people who work for them).
bool People(Activities& c, const accounts::Principal* who) {
  auto part = c.PartOf(who);
  return part.ok() && !part->role.empty();
}

json::object ActivityJson(const activities::Activity& a, bool people = true) {
  json::object o = activities::ActivityToJson(a, true);
  o["section"] = activities::SectionOf(a);
  if (!people) o.erase("recorded_by");
  return o;
}

json::object FinalJson(const activities::FinalReport& f) {
  json::object o = activities::FinalReportToJson(f);
  o.erase("recorded_by");  // public: the coalition publishes, not a named person
  return o;
}

// Final reports never change: each format is rendered once (Chromium takes seconds), so that
// anyone may read them without holding the conversion slots the drafts and dossiers need.
class FinalRenders {
 public:
  Response Get(const activities::FinalReport& f, const std::string& format,
               const std::string& instance) {
    const std::string key = std::to_string(f.id) + "." + format;
    {
      std::lock_guard lock(mu_);
      if (auto it = done_.find(key); it != done_.end()) return it->second;
    }
    Response r = DocumentResponse(
        f.html, format, "coalition-report-" + std::to_string(f.year) + "-" + f.lang, instance);
    if (r.status < 400) {
      std::lock_guard lock(mu_);
      if (done_.size() >= 32) done_.erase(done_.begin());  // a bounded cache
      done_.emplace(key, r);
    }
    return r;
  }

 private:
  std::mutex mu_;
  std::map<std::string, Response> done_;  // guarded by mu_
};

json::object ReportJson(const activities::ReportModel& m) {
  json::array sections;
  for (const auto& s : m.sections) {
    json::array groups;
    for (const auto& g : s.groups) {
      if (g.items.empty()) continue;
      json::array items;
      for (const auto& item : g.items) items.push_back(ActivityJson(item.activity));
      groups.push_back(
          json::object{{"key", g.key}, {"title", g.title}, {"items", std::move(items)}});
    }
    sections.push_back(json::object{
        {"key", s.key}, {"title", s.title}, {"text", s.text}, {"groups", std::move(groups)}});
  }
  json::array by_country;
  for (const auto& [name, count] : m.activities_by_country) {
    by_country.push_back(json::object{{"country", name}, {"activities", count}});
  }
  return {{"year", m.year},
          {"lang", m.lang},
          {"draft", m.draft},
          {"sections", std::move(sections)},
          {"activities", m.activities},
          {"people_trained", m.people_trained},
          {"activities_by_country", std::move(by_country)}};
}

void AddMemberRoutes(Router& router, const Auth& auth, Activities& c) {
  router.Add("GET", "/v1/coalition/vocabulary", [](const Request& req, const Params&) {
    if (Status s = UnknownParameters(req, {}); !s.ok()) return Problem(s, req.path);
    return JsonResponse(
        json::object{{"activity_types", TermsJson(activities::ActivityTypes())},
                     {"kp_bodies", TermsJson(activities::KpBodies())},
                     {"report_sections", TermsJson(activities::ReportSections())},
                     {"organisation_roles", TermsJson(activities::OrganisationRoles())},
                     {"application_steps", TermsJson(activities::ApplicationSteps())}});
  });
  router.Add("GET", "/v1/coalition/members",
             auth.Optional([&c](const Request& req, const Params&, const accounts::Principal*) {
               auto members = c.Members();
               if (!members.ok()) return Problem(members.status(), req.path);
               json::array out;
               for (const auto& m : *members) out.push_back(activities::MemberToJson(m));
               return JsonResponse(json::object{{"members", std::move(out)}});
             }));
  router.Add("POST", "/v1/coalition/members",
             auth.Required([&c](const Request& req, const Params&, const accounts::Principal& who) {
               auto body = JsonBody(req);
               if (!body.ok()) return Problem(body.status(), req.path);
               auto m = activities::MemberFromJson(*body);
               if (!m.ok()) return Problem(m.status(), req.path);
               auto saved = c.SaveMember(who, *m);
               if (!saved.ok()) return Problem(saved.status(), req.path);
               return JsonResponse(activities::MemberToJson(*saved),
                                   saved->version == 1 ? 201 : 200);
             }),
             JsonRoute());
  router.Add("GET", "/v1/coalition/people",
             auth.Required([&c](const Request& req, const Params&, const accounts::Principal& who) {
               auto people = c.People(who);
               if (!people.ok()) return Problem(people.status(), req.path);
               json::array out;
               for (const auto& p : *people) out.push_back(activities::PersonToJson(p));
               return JsonResponse(json::object{{"people", std::move(out)}});
             }));
  router.Add("POST", "/v1/coalition/people",
             auth.Required([&c](const Request& req, const Params&, const accounts::Principal& who) {
               auto body = JsonBody(req);
               if (!body.ok()) return Problem(body.status(), req.path);
               core::ObjectReader r(*body, "");
               const int64_t user = r.Integer("user_id");
               const std::string member = r.OptionalString("member");
               const std::string role = r.String("role");
               if (Status s = r.Finish(); !s.ok()) return Problem(s, req.path);
               auto p = c.SetPerson(who, user, member, role);
               if (!p.ok()) return Problem(p.status(), req.path);
               return JsonResponse(activities::PersonToJson(*p));
             }),
             JsonRoute());
  router.Add("GET", "/v1/coalition/applications",
             auth.Required([&c](const Request& req, const Params&, const accounts::Principal& who) {
               auto apps = c.Applications(who);
               if (!apps.ok()) return Problem(apps.status(), req.path);
               json::array out;
               for (const auto& a : *apps) out.push_back(activities::ApplicationToJson(a));
               return JsonResponse(json::object{{"applications", std::move(out)}});
             }));
  router.Add("POST", "/v1/coalition/applications",
             auth.Required([&c](const Request& req, const Params&, const accounts::Principal& who) {
               auto body = JsonBody(req);
               if (!body.ok()) return Problem(body.status(), req.path);
               core::ObjectReader r(*body, "");
               activities::Application a;
               a.organisation = r.String("organisation");
               a.code = r.String("code");
               a.country = r.String("country");
               if (Status s = r.Finish(); !s.ok()) return Problem(s, req.path);
               auto made = c.Apply(who, a);
               if (!made.ok()) return Problem(made.status(), req.path);
               return JsonResponse(activities::ApplicationToJson(*made), 201);
             }),
             JsonRoute());
  router.Add(
      "POST", "/v1/coalition/applications/{id}/steps",
      auth.Required([&c](const Request& req, const Params& p, const accounts::Principal& who) {
        auto id = PathId(p[0]);
        if (!id) return Problem(Status::NotFound("no application " + p[0]), req.path);
        auto body = JsonBody(req);
        if (!body.ok()) return Problem(body.status(), req.path);
        core::ObjectReader r(*body, "");
        const std::string step = r.String("step");
        const std::string on = r.String("on");
        const std::string note = r.OptionalString("note");
        if (Status s = r.Finish(); !s.ok()) return Problem(s, req.path);
        auto a = c.AddApplicationStep(who, *id, step, on, note);
        if (!a.ok()) return Problem(a.status(), req.path);
        return JsonResponse(activities::ApplicationToJson(*a));
      }),
      JsonRoute());
}

Response ActivitiesExport(Activities& c, const Request& req, const accounts::Principal* who) {
  if (Status s = UnknownParameters(req, {"year", "member", "type", "format"}); !s.ok()) {
    return Problem(s, req.path);
  }
  auto format = QueryFormat(req, {"json", "csv", "xlsx", "iati"});
  if (!format.ok()) return Problem(format.status(), req.path);
  auto year = QueryInt(req, "year", 0, 0, 2100);
  if (!year.ok()) return Problem(year.status(), req.path);
  activities::ActivityQuery q{static_cast<int>(*year), QueryString(req, "member").value_or(""),
                              QueryString(req, "type").value_or("")};
  // Open data is what anyone may see, whoever asks: a file published from a coordinator's
  // session must not carry what members keep private.
  const bool open_data = *format == "iati";
  auto list = c.List(open_data ? nullptr : who, q);
  if (!list.ok()) return Problem(list.status(), req.path);
  const std::string name = "activities" + (q.year ? "-" + std::to_string(q.year) : "") +
                           (q.member.empty() ? "" : "-" + q.member);
  if (*format == "csv") return CsvResponse(activities::ActivitiesCsv(*list), name + ".csv");
  if (*format == "xlsx") {
    auto bytes = activities::ActivitiesXlsx(*list);
    if (!bytes.ok()) return Problem(bytes.status(), req.path);
    Response r;
    r.content_type = kXlsxType;
    r.body = std::move(*bytes);
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + name + ".xlsx\"");
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
  }
  if (*format == "iati") {
    auto members = c.Members();
    if (!members.ok()) return Problem(members.status(), req.path);
    const std::string reporter = q.member.empty() ? activities::kCoalitionCode : q.member;
    auto xml = activities::IatiXml(*list, *members, reporter, core::NowUtcTimestamp());
    if (!xml.ok()) return Problem(xml.status(), req.path);
    Response r;
    r.content_type = "application/xml";
    r.body = std::move(*xml);
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + name + "-iati.xml\"");
    return r;
  }
  const bool people = People(c, who);
  json::array out;
  for (const auto& a : *list) out.push_back(ActivityJson(a, people));
  return JsonResponse(json::object{{"activities", std::move(out)}});
}

Response ImportActivities(Activities& c, const Request& req, const accounts::Principal& who) {
  // Checked here rather than by the router, so that a caller without a token learns that first.
  const std::string type = MediaType(req.Header("content-type"));
  if (type != "text/csv" && type != kXlsxType) {
    return Problem(Status::Invalid("Content-Type", "media-type",
                                   std::string("send the file as text/csv or ") + kXlsxType +
                                       ", got '" + req.Header("content-type") + "'"),
                   req.path);
  }
  if (Status s = UnknownParameters(req, {"mode", "store", "valid_only"}); !s.ok()) {
    return Problem(s, req.path);
  }
  activities::ImportOptions o;
  o.mode = QueryString(req, "mode").value_or("add");
  for (const auto& [key, target] : {std::pair{"store", &o.store}, {"valid_only", &o.valid_only}}) {
    const std::string v = QueryString(req, key).value_or("false");
    if (v != "true" && v != "false") {
      return Problem(Status::Invalid(key, "boolean", "true or false"), req.path);
    }
    *target = v == "true";
  }
  auto got = c.Import(who, req.body, o);
  if (!got.ok()) return Problem(got.status(), req.path);
  json::array rows;
  for (const auto& row : got->rows) {
    json::object x{{"row", row.row}, {"action", row.action}};
    if (row.activity) {
      x["ref"] = row.activity->ref;
      x["title"] = row.activity->title.In("en");
    } else {
      x["field"] = row.field;
      x["error"] = row.error;
    }
    rows.push_back(std::move(x));
  }
  json::object body{{"valid", got->valid},
                    {"invalid", got->invalid},
                    {"stored", got->stored},
                    {"rows", std::move(rows)}};
  if (o.store && !got->stored) {
    // Asked to store, refused: a problem document that lists every row's problem.
    Status refused = Status::Invalid("rows", "invalid-rows",
                                     std::to_string(got->invalid) +
                                         " rows are invalid; nothing was stored (fix them, or "
                                         "store the valid rows with valid_only=true)");
    Response r = Problem(refused, req.path, 422);
    auto problem = json::parse(r.body).as_object();
    for (auto& [k, v] : body) problem[k] = v;
    r.body = json::serialize(problem);
    return r;
  }
  return JsonResponse(body, got->stored ? 201 : 200);
}

void AddActivityRoutes(Router& router, const Auth& auth, Activities& c) {
  router.Add("GET", "/v1/activities",
             auth.Optional([&c](const Request& req, const Params&, const accounts::Principal* who) {
               return ActivitiesExport(c, req, who);
             }));
  router.Add("POST", "/v1/activities",
             auth.Required([&c](const Request& req, const Params&, const accounts::Principal& who) {
               auto body = JsonBody(req);
               if (!body.ok()) return Problem(body.status(), req.path);
               auto a = activities::ActivityFromJson(*body);
               if (!a.ok()) return Problem(a.status(), req.path);
               auto made = c.Record(who, *a);
               if (!made.ok()) return Problem(made.status(), req.path);
               Response r = JsonResponse(ActivityJson(*made), 201);
               r.headers.emplace_back("Location", "/v1/activities/" + made->ref);
               return r;
             }),
             JsonRoute());
  router.Add("POST", "/v1/activities/import",
             auth.Required([&c](const Request& req, const Params&, const accounts::Principal& who) {
               return ImportActivities(c, req, who);
             }),
             {.max_body = 8u << 20, .media_types = {}});
  router.Add(
      "GET", "/v1/activities/{ref}",
      auth.Optional([&c](const Request& req, const Params& p, const accounts::Principal* who) {
        auto a = c.Get(who, p[0]);
        if (!a.ok()) return Problem(a.status(), req.path);
        auto docs = c.Documents(who, p[0]);
        if (!docs.ok()) return Problem(docs.status(), req.path);
        const bool people = People(c, who);
        json::object out = ActivityJson(*a, people);
        json::array list;
        for (const auto& d : *docs) {
          json::object doc = activities::DocumentToJson(d);
          if (!people) doc.erase("uploaded_by");
          list.push_back(std::move(doc));
        }
        out["documents"] = std::move(list);
        return JsonResponse(out);
      }));
  router.Add(
      "POST", "/v1/activities/{ref}/documents",
      auth.Required([&c](const Request& req, const Params& p, const accounts::Principal& who) {
        if (Status s = UnknownParameters(req, {"name"}); !s.ok()) return Problem(s, req.path);
        auto d = c.AddDocument(who, p[0], QueryString(req, "name").value_or(""),
                               MediaType(req.Header("content-type")), req.body);
        if (!d.ok()) return Problem(d.status(), req.path);
        return JsonResponse(activities::DocumentToJson(*d), 201);
      }),
      {.max_body = static_cast<size_t>(Activities::kMaxDocumentBytes) + 1, .media_types = {}});
  router.Add(
      "GET", "/v1/activities/{ref}/documents/{doc}",
      auth.Optional([&c](const Request& req, const Params& p, const accounts::Principal* who) {
        auto id = PathId(p[1]);
        if (!id) return Problem(Status::NotFound("no document " + p[1]), req.path);
        auto d = c.GetDocument(who, p[0], *id);
        if (!d.ok()) return Problem(d.status(), req.path);
        return AttachmentResponse(std::move(d->bytes), d->name);
      }));
  router.Add(
      "GET", "/v1/activities/{ref}/versions",
      auth.Optional([&c](const Request& req, const Params& p, const accounts::Principal* who) {
        auto h = c.History(who, p[0]);
        if (!h.ok()) return Problem(h.status(), req.path);
        const bool people = People(c, who);
        json::array out;
        for (const auto& a : *h) out.push_back(ActivityJson(a, people));
        return JsonResponse(json::object{{"versions", std::move(out)}});
      }));
  router.Add(
      "POST", "/v1/activities/{ref}/versions",
      auth.Required([&c](const Request& req, const Params& p, const accounts::Principal& who) {
        auto body = JsonBody(req);
        if (!body.ok()) return Problem(body.status(), req.path);
        auto a = activities::ActivityFromJson(*body);
        if (!a.ok()) return Problem(a.status(), req.path);
        auto made = c.Correct(who, p[0], *a);
        if (!made.ok()) return Problem(made.status(), req.path);
        return JsonResponse(ActivityJson(*made), 201);
      }),
      JsonRoute());
}

void AddReportRoutes(Router& router, const Auth& auth, Activities& c, EventReceiptFn receipt) {
  router.Add(
      "POST", "/v1/coalition/reports/{year}/texts",
      auth.Required([&c](const Request& req, const Params& p, const accounts::Principal& who) {
        auto year = PathYear(p[0]);
        if (!year.ok()) return Problem(year.status(), req.path);
        auto body = JsonBody(req);
        if (!body.ok()) return Problem(body.status(), req.path);
        core::ObjectReader r(*body, "");
        const std::string section = r.String("section");
        const std::string lang = r.OptionalString("lang", "en");
        const std::string text = r.String("text");
        if (Status s = r.Finish(); !s.ok()) return Problem(s, req.path);
        if (Status s = c.SetReportText(who, *year, lang, section, text); !s.ok()) {
          return Problem(s, req.path);
        }
        return JsonResponse(json::object{{"year", *year}, {"lang", lang}, {"section", section}});
      }),
      JsonRoute());
  router.Add(
      "GET", "/v1/coalition/reports/{year}",
      auth.Required([&c](const Request& req, const Params& p, const accounts::Principal& who) {
        if (Status s = UnknownParameters(req, {"lang", "format"}); !s.ok()) {
          return Problem(s, req.path);
        }
        auto year = PathYear(p[0]);
        if (!year.ok()) return Problem(year.status(), req.path);
        auto lang = QueryLang(req);
        if (!lang.ok()) return Problem(lang.status(), req.path);
        auto format = QueryFormat(req, {"json", "html", "pdf", "docx"});
        if (!format.ok()) return Problem(format.status(), req.path);
        auto model = c.Report(who, *year, *lang);
        if (!model.ok()) return Problem(model.status(), req.path);
        if (*format == "json") return JsonResponse(ReportJson(*model));
        return DocumentResponse(activities::ReportHtml(*model), *format,
                                "coalition-report-" + p[0] + "-" + *lang + "-draft", req.path);
      }));
  router.Add(
      "POST", "/v1/coalition/reports/{year}/final",
      auth.Required([&c](const Request& req, const Params& p, const accounts::Principal& who) {
        if (Status s = UnknownParameters(req, {"lang"}); !s.ok()) return Problem(s, req.path);
        auto year = PathYear(p[0]);
        if (!year.ok()) return Problem(year.status(), req.path);
        auto lang = QueryLang(req);
        if (!lang.ok()) return Problem(lang.status(), req.path);
        auto r = c.Finalise(who, *year, *lang);
        if (!r.ok()) return Problem(r.status(), req.path);
        Response out = JsonResponse(activities::FinalReportToJson(*r), 201);
        out.headers.emplace_back("Location", "/v1/coalition/finals/" + std::to_string(r->id));
        return out;
      }));
  router.Add("GET", "/v1/coalition/reports/{year}/finals",
             [&c](const Request& req, const Params& p) {
               auto year = PathYear(p[0]);
               if (!year.ok()) return Problem(year.status(), req.path);
               auto finals = c.FinalReports(*year);
               if (!finals.ok()) return Problem(finals.status(), req.path);
               json::array out;
               for (const auto& f : *finals) out.push_back(FinalJson(f));
               return JsonResponse(json::object{{"finals", std::move(out)}});
             });
  auto renders = std::make_shared<FinalRenders>();
  router.Add("GET", "/v1/coalition/finals/{id}",
             [&c, renders](const Request& req, const Params& p) {
               if (Status s = UnknownParameters(req, {"format"}); !s.ok())
                 return Problem(s, req.path);
               auto format = QueryFormat(req, {"html", "json", "pdf", "docx"});
               if (!format.ok()) return Problem(format.status(), req.path);
               auto id = PathId(p[0]);
               if (!id) return Problem(Status::NotFound("no final report " + p[0]), req.path);
               auto f = c.GetFinalReport(*id);
               if (!f.ok()) return Problem(f.status(), req.path);
               if (*format == "json") return JsonResponse(FinalJson(*f));
               if (*format == "html") return DocumentResponse(f->html, "html", "", req.path);
               return renders->Get(*f, *format, req.path);
             });
  router.Add("GET", "/v1/coalition/finals/{id}/receipt",
             [&c, receipt](const Request& req, const Params& p) {
               auto id = PathId(p[0]);
               if (!id || !c.GetFinalReport(*id).ok() || !receipt) {
                 return Problem(Status::NotFound("no receipt for final report " + p[0]), req.path);
               }
               auto proof = receipt("coalition.report.final", "report/" + std::to_string(*id));
               if (!proof.ok()) return Problem(proof.status(), req.path);
               Response r;
               r.content_type = "text/plain; charset=utf-8";
               r.body = std::move(*proof);
               return r;
             });
}

}  // namespace

void AddActivitiesRoutes(Router& router, const Auth& auth, activities::Activities* coalition,
                         EventReceiptFn receipt) {
  if (coalition == nullptr) return;
  AddMemberRoutes(router, auth, *coalition);
  AddActivityRoutes(router, auth, *coalition);
  AddReportRoutes(router, auth, *coalition, std::move(receipt));
}

}  // namespace openkp::http
