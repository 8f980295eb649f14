// The annual report: what goes in it (Activities::Report) and its HTML (ReportHtml).
#include "activities/report.h"

#include <algorithm>
#include <map>

#include "activities/vocabulary.h"
#include "core/text.h"

namespace openkp::activities {

namespace {

std::string Escape(std::string_view s) { return core::XmlEscape(s); }

// Paragraphs of a text: blank lines separate them; single line breaks stay.
std::string Paragraphs(const std::string& text) {
  std::string out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find("\n\n", start);
    if (end == std::string::npos) end = text.size();
    std::string para = text.substr(start, end - start);
    if (!para.empty()) {
      std::string html = Escape(para);
      for (size_t p = 0; (p = html.find('\n', p)) != std::string::npos; p += 5) {
        html.replace(p, 1, "<br>");
      }
      out += "<p>" + html + "</p>\n";
    }
    start = end + 2;
  }
  return out;
}

const char* Month(int m, const std::string& lang) {
  static const char* kEn[] = {"January",   "February", "March",    "April",
                              "May",       "June",     "July",     "August",
                              "September", "October",  "November", "December"};
  static const char* kFr[] = {"janvier", "février", "mars",      "avril",   "mai",      "juin",
                              "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};
  if (m < 1 || m > 12) return "";
  return lang == "fr" ? kFr[m - 1] : kEn[m - 1];
}

std::string FormatDate(const std::string& d, const std::string& lang) {
  if (d.size() == 4) return d;
  const int month = std::stoi(d.substr(5, 2));
  if (d.size() == 7) return std::string(Month(month, lang)) + " " + d.substr(0, 4);
  const int day = std::stoi(d.substr(8, 2));
  return std::to_string(day) + " " + Month(month, lang) + " " + d.substr(0, 4);
}

std::string Label(const std::string& lang, const char* en, const char* fr) {
  return lang == "fr" ? fr : en;
}

std::string ItemHtml(const ReportItem& item, const std::string& lang) {
  const Activity& a = item.activity;
  std::string out = "<li class=\"activity\" data-ref=\"" + Escape(a.ref) + "\" data-type=\"" +
                    Escape(a.type) + "\"><strong>" + Escape(a.title.In(lang)) + "</strong>";
  std::string meta;
  if (!item.member_names.empty()) {
    for (size_t i = 0; i < item.member_names.size(); ++i) {
      meta += (i == 0 ? "" : ", ") + item.member_names[i];
    }
  }
  const std::string when = FormatPeriod(a.start_on, a.end_on, lang);
  meta += (meta.empty() ? "" : "; ") + when;
  std::string where = a.town;
  if (!a.country.empty()) where += (where.empty() ? "" : ", ") + CountryName(a.country, lang);
  if (!where.empty()) meta += "; " + where;
  out += " <span class=\"meta\">(" + Escape(meta) + ")</span>";
  const std::string& description = a.description.In(lang);
  if (!description.empty())
    out += "<div class=\"description\">" + Paragraphs(description) + "</div>";
  if (a.participants) {
    std::string p =
        Label(lang, "Participants: ", "Participants : ") + std::to_string(*a.participants);
    std::vector<std::string> parts;
    if (a.women) parts.push_back(std::to_string(*a.women) + Label(lang, " women", " femmes"));
    if (a.community) {
      parts.push_back(std::to_string(*a.community) +
                      Label(lang, " community members", " membres des communautés"));
    }
    for (size_t i = 0; i < parts.size(); ++i) p += (i == 0 ? " (" : ", ") + parts[i];
    if (!parts.empty()) p += ")";
    out += "<p class=\"figures\">" + Escape(p) + "</p>";
  }
  if (!a.outputs.empty()) {
    out += "<p>" + Escape(Label(lang, "Outputs: ", "Réalisations : ") + a.outputs) + "</p>";
  }
  if (!a.outcomes.empty()) {
    out += "<p>" + Escape(Label(lang, "Outcomes: ", "Résultats : ") + a.outcomes) + "</p>";
  }
  if (!a.related.empty()) {
    std::string related = Label(lang, "Related: ", "Voir aussi : ");
    for (size_t i = 0; i < a.related.size(); ++i) {
      const std::string& r = a.related[i];
      const size_t colon = r.find(':');
      const std::string kind = r.substr(0, colon), id = r.substr(colon + 1);
      const std::string what =
          kind == "review"           ? Label(lang, "peer review ", "examen par les pairs ")
          : kind == "recommendation" ? Label(lang, "recommendation ", "recommandation ")
          : kind == "incident"       ? Label(lang, "incident report ", "signalement ")
                                     : Label(lang, "mining site ", "site minier ");
      related += (i == 0 ? "" : ", ") + what + id;
    }
    out += "<p class=\"related\">" + Escape(related) + "</p>";
  }
  for (const auto& l : a.links) {
    out += "<p class=\"link\"><a href=\"" + Escape(l) + "\">" + Escape(l) + "</a></p>";
  }
  out += "</li>\n";
  return out;
}

// Horizontal bars of activities per country: inline SVG, no script.
std::string ChartSvg(const std::vector<std::pair<std::string, int64_t>>& rows) {
  if (rows.empty()) return "";
  int64_t max = 1;
  for (const auto& r : rows) max = std::max(max, r.second);
  const int bar_h = 18, label_w = 230, width = 560;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(width) +
                    "\" height=\"" +
                    std::to_string(static_cast<int>(rows.size()) * (bar_h + 6) + 6) +
                    "\" role=\"img\">";
  int y = 4;
  for (const auto& [name, count] : rows) {
    const int64_t w = (width - label_w - 40) * count / max;
    svg += "<text x=\"0\" y=\"" + std::to_string(y + 13) + "\" font-size=\"12\">" + Escape(name) +
           "</text><rect x=\"" + std::to_string(label_w) + "\" y=\"" + std::to_string(y) +
           "\" width=\"" + std::to_string(w) + "\" height=\"" + std::to_string(bar_h) +
           "\" fill=\"#2f6f8f\"/><text x=\"" + std::to_string(label_w + w + 4) + "\" y=\"" +
           std::to_string(y + 13) + "\" font-size=\"12\">" + std::to_string(count) + "</text>";
    y += bar_h + 6;
  }
  return svg + "</svg>";
}

}  // namespace

std::string FormatPeriod(const std::string& start, const std::string& end,
                         const std::string& lang) {
  if (start.empty()) return "";
  if (end.empty() || end == start) return FormatDate(start, lang);
  return FormatDate(start, lang) + " – " + FormatDate(end, lang);
}

Result<ReportModel> Activities::Report(const accounts::Principal& who, int year,
                                       const std::string& lang) {
  auto part = PartOf(&who);
  if (!part.ok()) return part.status();
  if (part->role.empty()) {
    return Status::PermissionDenied(
        "a draft report is for the coalition's people; final reports are public");
  }
  return BuildReport(year, lang);
}

Result<ReportModel> Activities::BuildReport(int year, const std::string& lang) {
  if (year < 1990 || year > 2100) return Status::Invalid("year", "range", "1990 to 2100");
  if (lang != "en" && lang != "fr") return Status::Invalid("lang", "lang", "en or fr");
  ReportModel model;
  model.year = year;
  model.lang = lang;
  std::vector<Member> members;
  std::vector<Activity> activities;
  std::vector<ReportText> texts;
  std::vector<Application> applications;
  OPENKP_RETURN_IF_ERROR(db_.Read([&](store::Txn& t) -> Status {
    auto m = store_->Members(t);
    if (!m.ok()) return m.status();
    members = std::move(*m);
    auto a = store_->Activities(t, year);
    if (!a.ok()) return a.status();
    activities = std::move(*a);
    // The other language's text stands in for a section not yet written in this one.
    auto other = store_->ReportTexts(t, year, lang == "fr" ? "en" : "fr");
    if (!other.ok()) return other.status();
    auto x = store_->ReportTexts(t, year, lang);
    if (!x.ok()) return x.status();
    texts = std::move(*other);
    texts.insert(texts.end(), x->begin(), x->end());
    auto p = store_->Applications(t);
    if (!p.ok()) return p.status();
    applications = std::move(*p);
    return {};
  }));
  model.coalition =
      Label(lang, "KP Civil Society Coalition", "Coalition de la société civile du PK");
  for (const auto& m : members) {
    if (m.code == kCoalitionCode && lang == "en") model.coalition = m.name;
  }
  std::map<std::string, std::string> text_of;
  for (const auto& x : texts) text_of[x.section] = x.text;
  for (const auto& s : ReportSections()) {
    model.sections.push_back({s.key, s.Label(lang), text_of[s.key], {}});
  }
  auto section = [&](const std::string& key) -> ReportSection& {
    for (auto& s : model.sections) {
      if (s.key == key) return s;
    }
    return model.sections.back();
  };
  auto group = [&](ReportSection& s, const std::string& key,
                   const std::string& title) -> ReportGroup& {
    for (auto& g : s.groups) {
      if (g.key == key) return g;
    }
    s.groups.push_back({key, title, {}});
    return s.groups.back();
  };
  // Sub-headings in the real report's order, before any item arrives.
  for (const auto& sub : KpMeetingSubsections())
    group(section("kp-meetings"), sub.key, sub.Label(lang));
  std::map<std::string, int64_t> by_country;
  for (auto& a : activities) {
    // The report is published: what a member keeps private stays out of it.
    if (a.withdrawn || !a.is_public) continue;
    ++model.activities;
    if (!a.country.empty()) ++by_country[CountryName(a.country, lang)];
    if (a.type == "training" && a.participants) model.people_trained += *a.participants;
    ReportItem item{a, {}};
    if (!a.members.empty() && a.members[0] == kCoalitionCode) {
      item.member_names = {Label(lang, "KP CSC", "CSC du PK")};
    } else {
      item.member_names = a.members;
    }
    const std::string key = SectionOf(a);
    ReportSection& s = section(key);
    if (key == "kp-meetings") {
      group(s, KpMeetingSubsection(a.type), "").items.push_back(std::move(item));
    } else if (key == "national") {
      const std::string country = a.country.empty()
                                      ? Label(lang, "Several countries", "Plusieurs pays")
                                      : CountryName(a.country, lang);
      group(s, a.country.empty() ? "~" : country, country).items.push_back(std::move(item));
    } else {
      group(s, "", "").items.push_back(std::move(item));
    }
  }
  // New members: the application's decision is the item.
  for (const auto& app : applications) {
    for (const auto& step : app.steps) {
      if (step.step != "admitted" || step.on.substr(0, 4) != std::to_string(year)) continue;
      Activity a;
      a.ref = "application-" + std::to_string(app.id);
      a.type = "membership";
      a.title = {"New member: " + app.organisation, "Nouveau membre : " + app.organisation};
      a.description = {step.note, ""};
      a.start_on = step.on;
      a.country = app.country;
      a.members = {app.code};
      group(section("internal"), "", "").items.push_back({a, {Label(lang, "KP CSC", "CSC du PK")}});
    }
  }
  auto& national = section("national").groups;
  std::sort(national.begin(), national.end(),
            [](const ReportGroup& x, const ReportGroup& y) { return x.key < y.key; });
  for (auto& [name, count] : by_country) model.activities_by_country.emplace_back(name, count);
  std::stable_sort(model.activities_by_country.begin(), model.activities_by_country.end(),
                   [](const auto& x, const auto& y) { return x.second > y.second; });
  return model;
}

std::string ReportHtml(const ReportModel& m) {
  const std::string& lang = m.lang;
  const std::string title = lang == "fr" ? "Rapport annuel " + std::to_string(m.year) + " de la " +
                                               m.coalition + " au Processus de Kimberley"
                                         : std::to_string(m.year) + " " + m.coalition +
                                               " Annual Report to the Kimberley Process";
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"" + lang + "\"><head><meta charset=\"utf-8\"><title>" +
      Escape(title) +
      "</title><style>body{font-family:sans-serif;max-width:48em;margin:2em auto;"
      "line-height:1.4}h1{font-size:1.5em}h2{margin-top:1.6em;border-bottom:1px solid "
      "#999}li.activity{margin-bottom:.8em}.meta{color:#444}.draft{color:#a00;"
      "font-weight:bold}table{border-collapse:collapse}td,th{border:1px solid #999;"
      "padding:.2em .5em}</style></head><body>\n<h1>" +
      Escape(title) + "</h1>\n";
  if (m.draft) {
    out += "<p class=\"draft\">" +
           Escape(Label(lang, "Draft: not the final report", "Projet : pas le rapport final")) +
           "</p>\n";
  }
  for (const auto& s : m.sections) {
    bool has_items = false;
    for (const auto& g : s.groups) has_items = has_items || !g.items.empty();
    if (s.text.empty() && !has_items && s.key != "introduction") continue;
    out += "<section id=\"" + Escape(s.key) + "\"><h2>" + Escape(s.title) + "</h2>\n" +
           Paragraphs(s.text);
    for (const auto& g : s.groups) {
      if (g.items.empty()) continue;
      if (!g.title.empty()) out += "<h3>" + Escape(g.title) + "</h3>\n";
      out += "<ul>\n";
      for (const auto& item : g.items) out += ItemHtml(item, lang);
      out += "</ul>\n";
    }
    out += "</section>\n";
  }
  out += "<section id=\"figures\"><h2>" + Escape(Label(lang, "Figures", "Chiffres")) +
         "</h2>\n<p>" +
         Escape(Label(lang, "Activities reported: ", "Activités rapportées : ") +
                std::to_string(m.activities) + ". " +
                Label(lang, "People trained: ", "Personnes formées : ") +
                std::to_string(m.people_trained) + ".") +
         "</p>\n";
  if (!m.activities_by_country.empty()) {
    out += "<table><tr><th>" + Escape(Label(lang, "Country", "Pays")) + "</th><th>" +
           Escape(Label(lang, "Activities", "Activités")) + "</th></tr>\n";
    for (const auto& [name, count] : m.activities_by_country) {
      out += "<tr><td>" + Escape(name) + "</td><td>" + std::to_string(count) + "</td></tr>\n";
    }
    out += "</table>\n" + ChartSvg(m.activities_by_country) + "\n";
  }
  out += "</section>\n</body></html>\n";
  return out;
}

}  // namespace openkp::activities
