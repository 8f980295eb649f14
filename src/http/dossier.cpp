#include "http/dossier.h"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <sstream>

#include "core/amount.h"
#include "core/date.h"
#include "core/text.h"

extern char** environ;

namespace openkp::http {

namespace json = boost::json;
using core::Result;
using core::Status;

namespace {

std::string Hundredths(int64_t v) { return core::FormatHundredths(v); }

accounts::Principal Internal(store::Role role) {
  accounts::Principal p;
  p.user.role = role;
  p.user.name = "dossier";
  return p;
}

json::array TableRows(const stats::SummaryTable& t, int from, int to) {
  json::array rows;
  for (const auto& r : t.rows) {
    if (r.year < from || r.year > to) continue;
    json::object o{{"year", r.year},
                   {"carats", Hundredths(r.carats_hundredths)},
                   {"value_usd", Hundredths(r.value_usd_cents)},
                   {"nil", r.nil},
                   {"complete", r.complete}};
    auto unit = stats::UnitValueCents(r.value_usd_cents, r.carats_hundredths);
    o["usd_per_carat"] = unit ? json::value(Hundredths(*unit)) : json::value(nullptr);
    if (!r.partner.empty()) o["partner"] = r.partner;
    if (r.certificates) o["certificates"] = *r.certificates;
    json::array sources;
    for (const auto& s : r.sources) sources.push_back(s.source_id);
    o["sources"] = std::move(sources);
    rows.push_back(std::move(o));
  }
  return rows;
}

Result<json::object> Statistics(stats::Statistics& st, const DossierRequest& q) {
  stats::TableQuery tq;
  tq.participant = q.participant;
  auto production = st.Production(tq);
  if (!production.ok()) return production.status();
  json::object out{{"production", TableRows(*production, q.from_year, q.to_year)}};
  for (const char* flow : {"export", "import"}) {
    auto total = st.Trade(flow, tq);
    if (!total.ok()) return total.status();
    stats::TableQuery by = tq;
    by.by = "partner";
    auto partners = st.Trade(flow, by);
    if (!partners.ok()) return partners.status();
    out[std::string(flow) + "s"] = TableRows(*total, q.from_year, q.to_year);
    out[std::string(flow) + "s_by_partner"] = TableRows(*partners, q.from_year, q.to_year);
  }
  auto sources = st.ListSources();
  if (!sources.ok()) return sources.status();
  json::array vintages;
  for (const auto& s : *sources) {
    vintages.push_back(
        json::object{{"id", s.id}, {"kind", s.kind}, {"name", s.name}, {"vintage", s.vintage}});
  }
  out["sources"] = std::move(vintages);
  return out;
}

Result<json::object> Certificates(registry::Registry& reg, const DossierRequest& q) {
  const accounts::Principal admin = Internal(store::Role::kAdmin);
  const core::Date from = core::Date::Parse(std::to_string(q.from_year) + "-01-01").value();
  const core::Date to = core::Date::Parse(std::to_string(q.to_year) + "-12-31").value();
  json::object out;
  for (const bool received : {false, true}) {
    auto n = reg.Count(admin, q.participant, received, from, to);
    if (!n.ok()) return n.status();
    out[received ? "received" : "issued"] = json::object{{"all", n->all},
                                                         {"pending", n->pending},
                                                         {"confirmed", n->confirmed},
                                                         {"voided", n->voided},
                                                         {"expired", n->expired}};
  }
  return out;
}

// The findings as `who` may see them: an officer gets its own view (a finding it shares with
// another participant shows nothing of that participant's questionnaire).
Result<json::object> Findings(review::Review& rv, const DossierRequest& q,
                              const accounts::Principal& who) {
  const accounts::Principal analyst =
      who.user.role == store::Role::kOfficer ? who : Internal(store::Role::kAnalyst);
  review::FindingQuery fq;
  fq.participant = q.participant;
  fq.limit = 50;
  auto page = rv.ListFindings(analyst, fq);
  if (!page.ok()) return page.status();
  json::array groups;
  for (const auto& g : page->groups) {
    groups.push_back(json::object{{"id", g.group.id},
                                  {"rule", g.group.rule},
                                  {"period", g.group.period},
                                  {"severity", g.group.severity},
                                  {"state", g.state},
                                  {"count", static_cast<int64_t>(g.group.findings.size())},
                                  {"message", g.group.message}});
  }
  json::object states;
  for (const auto& [s, n] : page->states) states[s] = n;
  review::QuestionnaireQuery qq;
  qq.participant = q.participant;
  auto qs = rv.Questionnaires(analyst, qq);
  if (!qs.ok()) return qs.status();
  json::array questionnaires;
  for (const auto& v : *qs) {
    questionnaires.push_back(json::object{{"id", v.questionnaire.id},
                                          {"title", v.questionnaire.title},
                                          {"sent_at", v.questionnaire.created_at},
                                          {"due_on", v.due_on},
                                          {"state", v.state},
                                          {"overdue", v.overdue},
                                          {"listed", v.listed}});
  }
  return json::object{{"total_groups", page->total_groups},
                      {"total_findings", page->total_findings},
                      {"states", std::move(states)},
                      {"groups", std::move(groups)},
                      {"questionnaires", std::move(questionnaires)}};
}

Result<json::object> Monitoring(monitor::Monitor& m, const DossierRequest& q) {
  // What the public may see: reviewed, unrestricted reports, displaced.
  auto flags = m.Risk(nullptr, q.participant, monitor::RiskThresholds{});
  if (!flags.ok()) return flags.status();
  json::array risk;
  for (const auto& f : *flags) {
    risk.push_back(json::object{{"definition", f.definition},
                                {"scope", f.scope},
                                {"area", f.area},
                                {"site", f.site},
                                {"incidents", static_cast<int64_t>(f.incidents.size())},
                                {"explanation", f.explanation}});
  }
  monitor::ReportFilter filter;
  filter.participant = q.participant;
  auto reports = m.Reports(nullptr, filter);
  if (!reports.ok()) return reports.status();
  std::map<std::string, int64_t> by_category;
  for (const auto& r : *reports) {
    if (r.occurred_on.size() >= 4) {
      const int year = std::atoi(r.occurred_on.substr(0, 4).c_str());
      if (year < q.from_year || year > q.to_year) continue;
    }
    ++by_category[r.category.empty() ? "other" : r.category];
  }
  json::object categories;
  for (const auto& [c, n] : by_category) categories[c] = n;
  return json::object{{"risk_flags", std::move(risk)}, {"public_reports", std::move(categories)}};
}

// Reviews and recommendations as `who` may see them (before a final report: its team, the
// participant, admins).
Result<json::object> Reviews(review::PeerReviews& pr, const DossierRequest& q,
                             const accounts::Principal& who) {
  auto list = pr.List(&who, q.participant);
  if (!list.ok()) return list.status();
  json::array reviews;
  for (const auto& r : *list) {
    reviews.push_back(json::object{{"id", r.id},
                                   {"type", r.type},
                                   {"title", r.title},
                                   {"starts_on", r.starts_on},
                                   {"ends_on", r.ends_on},
                                   {"stage", review::CurrentStage(r)}});
  }
  review::RecommendationQuery rq;
  rq.participant = q.participant;
  auto recs = pr.Recommendations(&who, rq);
  if (!recs.ok()) return recs.status();
  json::array recommendations;
  for (const auto& v : *recs) {
    const auto& r = v.recommendation;
    recommendations.push_back(json::object{{"id", r.id},
                                           {"review", r.review_id},
                                           {"paragraph", r.paragraph},
                                           {"text", r.text},
                                           {"addressee", r.addressee},
                                           {"response", v.response},
                                           {"status", v.status},
                                           {"civil_society", v.civil_society},
                                           {"next_report_due", v.next_report_due},
                                           {"overdue", v.overdue},
                                           {"repeats", r.repeats}});
  }
  return json::object{{"reviews", std::move(reviews)},
                      {"recommendations", std::move(recommendations)}};
}

}  // namespace

Result<json::object> BuildDossier(const accounts::Principal& who, const DossierRequest& q,
                                  const DossierServices& s) {
  const auto role = who.user.role;
  if (!who.is_admin() && role != store::Role::kAnalyst && role != store::Role::kReviewer &&
      !who.is_officer_of(q.participant)) {
    return Status(core::Code::kPermissionDenied,
                  "dossiers are for reviewers, analysts, admins and the participant's officers");
  }
  if (q.lang != "en" && q.lang != "fr") {
    return Status::Invalid("lang", "enum", "must be en or fr");
  }
  if (q.from_year < 1990 || q.from_year > 2100) {
    return Status::Invalid("from", "range", "must be a year from 1990 to 2100");
  }
  if (q.to_year < q.from_year || q.to_year > 2100 || q.to_year - q.from_year >= 30) {
    return Status::Invalid("to", "range", "must be from `from` to 29 years after it (30 years)");
  }
  auto participants = s.registry.ListParticipants();
  if (!participants.ok()) return participants.status();
  std::string name;
  for (const auto& p : *participants) {
    if (p.code == q.participant) name = p.name;
  }
  if (name.empty()) return Status::NotFound("no participant " + q.participant);
  // A reviewer reads the dossiers of the participants whose review teams it is on.
  if (role == store::Role::kReviewer) {
    bool on_team = false;
    if (s.peer_reviews != nullptr) {
      auto reviews = s.peer_reviews->List(&who, q.participant);
      if (!reviews.ok()) return reviews.status();
      for (const auto& r : *reviews) {
        for (const auto& m : r.team) on_team = on_team || m.user_id == who.user.id;
      }
    }
    if (!on_team) {
      return Status(core::Code::kPermissionDenied,
                    "a reviewer reads the dossiers of the participants it reviews");
    }
  }
  // OPENKP_DOSSIER_TIMING=1 prints each part's time to stderr (bench/dossier_bench.sh).
  const bool timing = std::getenv("OPENKP_DOSSIER_TIMING") != nullptr;
  auto t0 = std::chrono::steady_clock::now();
  auto part = [&](const char* what) {
    if (!timing) return;
    const auto now = std::chrono::steady_clock::now();
    std::fprintf(stderr, "dossier part %-12s %8.1f ms\n", what,
                 std::chrono::duration<double, std::milli>(now - t0).count());
    t0 = now;
  };
  json::object d{{"participant", q.participant},
                 {"name", name},
                 {"from", q.from_year},
                 {"to", q.to_year},
                 {"lang", q.lang},
                 {"generated_at", core::NowUtcTimestamp()}};
  if (s.stats != nullptr) {
    auto st = Statistics(*s.stats, q);
    if (!st.ok()) return st.status();
    d["statistics"] = std::move(*st);
  }
  part("statistics");
  auto certs = Certificates(s.registry, q);
  if (!certs.ok()) return certs.status();
  d["certificates"] = std::move(*certs);
  part("certificates");
  if (s.review != nullptr) {
    auto f = Findings(*s.review, q, who);
    if (!f.ok()) return f.status();
    d["findings"] = std::move(*f);
  }
  part("findings");
  if (s.monitor != nullptr) {
    auto m = Monitoring(*s.monitor, q);
    if (!m.ok()) return m.status();
    d["monitoring"] = std::move(*m);
  }
  part("monitoring");
  if (s.peer_reviews != nullptr) {
    auto r = Reviews(*s.peer_reviews, q, who);
    if (!r.ok()) return r.status();
    d["reviews"] = std::move(*r);
  }
  part("reviews");
  return d;
}

// --- HTML ---

namespace {

std::string Escape(std::string_view s) { return core::XmlEscape(s); }

std::string Text(const json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_int64()) return std::to_string(v.as_int64());
  if (v.is_bool()) return v.as_bool() ? "yes" : "no";
  if (v.is_null()) return "";
  return json::serialize(v);
}

// Labels in English and French.
const std::map<std::string, std::pair<std::string, std::string>>& Labels() {
  static const std::map<std::string, std::pair<std::string, std::string>> labels = {
      {"doc_title", {"Review dossier", "Dossier d'examen"}},
      {"title", {"Title", "Titre"}},
      {"id", {"No.", "N°"}},
      {"name", {"Name", "Nom"}},
      {"vintage", {"Vintage", "Millésime"}},
      {"side", {"Certificates", "Certificats"}},
      {"due_on", {"Due", "Échéance"}},
      {"starts_on", {"Starts", "Début"}},
      {"definition", {"Definition", "Définition"}},
      {"scope", {"Scope", "Portée"}},
      {"area", {"Area", "Zone"}},
      {"explanation", {"Explanation", "Explication"}},
      {"reports", {"Reports", "Rapports"}},
      {"years", {"Years", "Années"}},
      {"generated", {"Generated", "Produit le"}},
      {"production", {"Production", "Production"}},
      {"exports", {"Exports (certificates)", "Exportations (certificats)"}},
      {"imports", {"Imports (certificates)", "Importations (certificats)"}},
      {"exports_by_partner", {"Exports by partner", "Exportations par partenaire"}},
      {"imports_by_partner", {"Imports by partner", "Importations par partenaire"}},
      {"year", {"Year", "Année"}},
      {"partner", {"Partner", "Partenaire"}},
      {"carats", {"Carats", "Carats"}},
      {"value_usd", {"Value (US$)", "Valeur (US$)"}},
      {"usd_per_carat", {"US$/ct", "US$/ct"}},
      {"sources", {"Sources (vintages)", "Sources (millésimes)"}},
      {"certificates", {"Certificates", "Certificats"}},
      {"issued", {"Issued by the participant", "Émis par le participant"}},
      {"received", {"Received by the participant", "Reçus par le participant"}},
      {"all", {"All", "Tous"}},
      {"pending", {"Pending", "En attente"}},
      {"confirmed", {"Confirmed", "Confirmés"}},
      {"voided", {"Voided", "Annulés"}},
      {"expired", {"Expired", "Expirés"}},
      {"findings",
       {"Anomaly findings (most severe first)", "Anomalies relevées (les plus graves d'abord)"}},
      {"severity", {"Severity", "Gravité"}},
      {"state", {"State", "État"}},
      {"rule", {"Rule", "Règle"}},
      {"period", {"Period", "Période"}},
      {"count", {"Findings", "Relevés"}},
      {"message", {"Finding", "Constat"}},
      {"questionnaires", {"Data anomaly questionnaires", "Questionnaires sur les anomalies"}},
      {"due", {"Due", "Échéance"}},
      {"monitoring",
       {"Monitoring evidence (public reports)", "Données de suivi (rapports publics)"}},
      {"risk", {"Risk flags", "Signalements de risque"}},
      {"category", {"Category", "Catégorie"}},
      {"reviews", {"Reviews", "Examens"}},
      {"recommendations", {"Recommendations", "Recommandations"}},
      {"paragraph", {"Paragraph", "Paragraphe"}},
      {"text", {"Text", "Texte"}},
      {"response", {"Response", "Réponse"}},
      {"status", {"Status", "Mise en œuvre"}},
      {"civil_society", {"Civil society", "Société civile"}},
      {"next_report_due", {"Next report due", "Prochain rapport"}},
      {"type", {"Type", "Type"}},
      {"stage", {"Stage", "Étape"}},
      {"none", {"None.", "Aucun."}},
  };
  return labels;
}

class Page {
 public:
  explicit Page(std::string lang) : fr_(lang == "fr") {}
  std::string L(const std::string& key) const {
    auto it = Labels().find(key);
    if (it == Labels().end()) return key;
    return fr_ ? it->second.second : it->second.first;
  }
  void H(int level, const std::string& text) {
    out_ << "<h" << level << ">" << Escape(text) << "</h" << level << ">\n";
  }
  void P(const std::string& text) { out_ << "<p>" << Escape(text) << "</p>\n"; }
  // A table of `rows` (objects) with `columns` (keys, labelled).
  void Table(const json::value* rows, const std::vector<std::string>& columns) {
    if (rows == nullptr || !rows->is_array() || rows->as_array().empty()) {
      P(L("none"));
      return;
    }
    out_ << "<table>\n<tr>";
    for (const auto& c : columns) out_ << "<th>" << Escape(L(c)) << "</th>";
    out_ << "</tr>\n";
    for (const auto& row : rows->as_array()) {
      out_ << "<tr>";
      for (const auto& c : columns) {
        const auto* v = row.is_object() ? row.as_object().if_contains(c) : nullptr;
        out_ << "<td>" << Escape(v ? Text(*v) : "") << "</td>";
      }
      out_ << "</tr>\n";
    }
    out_ << "</table>\n";
  }
  std::string str() const { return out_.str(); }
  std::ostringstream& raw() { return out_; }

 private:
  bool fr_;
  std::ostringstream out_;
};

const json::value* At(const json::object& o, std::initializer_list<const char*> path) {
  const json::value* v = nullptr;
  const json::object* cur = &o;
  for (const char* k : path) {
    if (cur == nullptr) return nullptr;
    v = cur->if_contains(k);
    if (v == nullptr) return nullptr;
    cur = v->if_object();
  }
  return v;
}

}  // namespace

std::string DossierHtml(const json::object& d, const std::string& lang) {
  Page p(lang);
  const std::string participant = Text(d.at("participant"));
  const std::string title = p.L("doc_title") + ": " + Text(d.at("name")) + " (" + participant + ")";
  p.raw() << "<!DOCTYPE html>\n<html lang=\"" << (lang == "fr" ? "fr" : "en")
          << "\">\n<head><meta charset=\"utf-8\"><title>" << Escape(title)
          << "</title>\n<style>body{font-family:sans-serif;font-size:10pt;margin:1.5cm}"
             "table{border-collapse:collapse;margin:0 0 1em}td,th{border:1px solid #999;"
             "padding:2px 4px;text-align:left;vertical-align:top}th{background:#eee}"
             "h1{font-size:16pt}h2{font-size:13pt;margin-top:1.5em}h3{font-size:11pt}</style>"
             "</head>\n<body>\n";
  p.H(1, title);
  p.P(p.L("years") + ": " + Text(d.at("from")) + "–" + Text(d.at("to")) + ". " + p.L("generated") +
      ": " + Text(d.at("generated_at")) + ".");
  const std::vector<std::string> amounts = {"year", "carats", "value_usd", "usd_per_carat"};
  if (At(d, {"statistics"}) != nullptr) {
    p.H(2, p.L("production"));
    p.Table(At(d, {"statistics", "production"}), amounts);
    p.H(2, p.L("exports"));
    p.Table(At(d, {"statistics", "exports"}), amounts);
    p.H(3, p.L("exports_by_partner"));
    p.Table(At(d, {"statistics", "exports_by_partner"}),
            {"year", "partner", "carats", "value_usd", "usd_per_carat"});
    p.H(2, p.L("imports"));
    p.Table(At(d, {"statistics", "imports"}), amounts);
    p.H(3, p.L("imports_by_partner"));
    p.Table(At(d, {"statistics", "imports_by_partner"}),
            {"year", "partner", "carats", "value_usd", "usd_per_carat"});
    p.H(3, p.L("sources"));
    p.Table(At(d, {"statistics", "sources"}), {"id", "name", "vintage"});
  }
  p.H(2, p.L("certificates"));
  json::array counts;
  for (const char* side : {"issued", "received"}) {
    const auto* c = At(d, {"certificates", side});
    if (c == nullptr || !c->is_object()) continue;
    json::object row = c->as_object();
    row["side"] = p.L(side);
    counts.push_back(std::move(row));
  }
  json::value count_rows = counts;
  p.Table(&count_rows, {"side", "all", "pending", "confirmed", "voided", "expired"});
  if (At(d, {"findings"}) != nullptr) {
    p.H(2, p.L("findings"));
    p.Table(At(d, {"findings", "groups"}),
            {"severity", "state", "rule", "period", "count", "message"});
    p.H(3, p.L("questionnaires"));
    p.Table(At(d, {"findings", "questionnaires"}), {"id", "title", "due_on", "state"});
  }
  if (At(d, {"monitoring"}) != nullptr) {
    p.H(2, p.L("monitoring"));
    p.H(3, p.L("risk"));
    p.Table(At(d, {"monitoring", "risk_flags"}), {"definition", "scope", "area", "explanation"});
    json::array cats;
    if (const auto* c = At(d, {"monitoring", "public_reports"}); c && c->is_object()) {
      for (const auto& [k, v] : c->as_object()) {
        cats.push_back(json::object{{"category", k}, {"reports", v}});
      }
    }
    json::value cat_rows = cats;
    p.Table(&cat_rows, {"category", "reports"});
  }
  if (At(d, {"reviews"}) != nullptr) {
    p.H(2, p.L("reviews"));
    p.Table(At(d, {"reviews", "reviews"}), {"type", "title", "starts_on", "stage"});
    p.H(3, p.L("recommendations"));
    p.Table(At(d, {"reviews", "recommendations"}),
            {"paragraph", "text", "response", "status", "civil_society", "next_report_due"});
  }
  p.raw() << "</body>\n</html>\n";
  return p.str();
}

}  // namespace openkp::http
