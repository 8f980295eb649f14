// Statistics in SQLite: sources, figures with their current pointers and revisions, and the
// trade flows derived from certificate events.
#include <boost/json.hpp>
#include <map>
#include <tuple>

#include "store/sql/certificate_scan.h"
#include "store/sql/statement.h"
#include "store/sql/stores.h"

namespace openkp::store::sql {

namespace {

class SqlStatsStore final : public StatsStore {
 public:
  // A certificate's exports as trade-flow changes (sign +1 when issued, -1 when voided): the
  // issuer's total, its total with this partner, and one row per HS line.
  template <typename Sink>
  static void ExportFlows(const core::CertificateBody& b, int sign, Sink& sink) {
    const int quarter = (b.issued_on.month() + 2) / 3;
    int64_t carats = 0, value = 0;
    for (const auto& l : b.lines) {
      carats += l.carats_hundredths;
      value += l.value_usd_cents;
      sink(TradeFlow{"export", b.issuer, "", b.issued_on.year(), quarter, l.hs_code,
                     sign * l.carats_hundredths, sign * l.value_usd_cents, sign});
    }
    for (const std::string& partner : {std::string(), b.destination}) {
      sink(TradeFlow{"export", b.issuer, partner, b.issued_on.year(), quarter, "", sign * carats,
                     sign * value, sign});
    }
  }

  // How far trade_flows has followed the events, and the newest event id.
  static Status ReadTradeFlowState(Txn& t, int64_t* last, int64_t* newest) {
    Stmt s(t,
           "SELECT (SELECT last_event_id FROM trade_flows_state WHERE id = 1), "
           "(SELECT COALESCE(MAX(id), 0) FROM events)");
    if (!s.Step()) return s.status("read trade flow state");
    *last = s.Int(0);
    *newest = s.Int(1);
    return {};
  }

  // The HS lines of a stored signed certificate document.
  static Status ReadLines(const std::string& document, std::vector<core::HsLine>* lines) {
    boost::system::error_code ec;
    boost::json::value doc = boost::json::parse(document, ec);
    const auto* cert = ec ? nullptr : doc.if_object();
    const auto* body = cert ? cert->if_contains("certificate") : nullptr;
    const auto* arr = body && body->is_object() ? body->as_object().if_contains("lines") : nullptr;
    if (arr == nullptr || !arr->is_array()) {
      return Status::Internal("stored certificate without lines");
    }
    for (const auto& l : arr->as_array()) {
      const auto* o = l.if_object();
      const auto* hs = o ? o->if_contains("hs_code") : nullptr;
      const auto* carats = o ? o->if_contains("carats_hundredths") : nullptr;
      const auto* value = o ? o->if_contains("value_usd_cents") : nullptr;
      if (!hs || !hs->is_string() || !carats || !carats->is_int64() || !value ||
          !value->is_int64()) {
        return Status::Internal("stored certificate with a malformed line");
      }
      lines->push_back({std::string(hs->as_string()), carats->as_int64(), value->as_int64()});
    }
    return {};
  }

  static Status AddTradeFlow(Txn& t, const TradeFlow& f) {
    Stmt s(t,
           "INSERT INTO trade_flows (flow, participant, partner, year, quarter, hs_code, "
           "carats_hundredths, value_usd_cents, certificates) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
           "ON CONFLICT (flow, partner, hs_code, participant, year, quarter) DO UPDATE SET "
           "carats_hundredths = trade_flows.carats_hundredths + excluded.carats_hundredths, "
           "value_usd_cents = trade_flows.value_usd_cents + excluded.value_usd_cents, "
           "certificates = trade_flows.certificates + excluded.certificates");
    s.Bind(1, f.flow).Bind(2, f.participant).Bind(3, f.partner).Bind(4, int64_t{f.year});
    s.Bind(5, int64_t{f.quarter}).Bind(6, f.hs_code).Bind(7, f.carats_hundredths);
    s.Bind(8, f.value_usd_cents).Bind(9, f.certificates);
    return s.Run("update trade flows");
  }

  static constexpr const char* kSourceColumns =
      "SELECT s.id, s.kind, s.name, s.sha256, s.vintage, s.imported_at, s.imported_by, s.report, "
      "(SELECT COUNT(*) FROM stat_figures f WHERE f.source_id = s.id) FROM stat_sources s ";
  static StatSource ReadSource(const Stmt& s) {
    return {s.Int(0),  s.Text(1), s.Text(2), s.Text(3), s.Text(4),
            s.Text(5), s.Text(6), s.Text(7), s.Int(8)};
  }
  // Figure columns from alias f joined with its source s (for the vintage).
  static constexpr const char* kFigureColumns =
      "SELECT f.id, f.source_id, f.source_rows, f.participant, f.year, f.period, f.flow, "
      "f.partner, f.kind, f.nil, f.carats_hundredths, f.value_usd_cents, f.certificates, "
      "s.vintage ";
  static StatFigure ReadFigure(const Stmt& s, int at = 0) {
    StatFigure f;
    f.id = s.Int(at + 0);
    f.source_id = s.Int(at + 1);
    f.source_rows = s.Text(at + 2);
    f.participant = s.Text(at + 3);
    f.year = static_cast<int>(s.Int(at + 4));
    f.period = s.Text(at + 5);
    f.flow = s.Text(at + 6);
    f.partner = s.Text(at + 7);
    f.kind = s.Text(at + 8);
    f.nil = s.Int(at + 9) != 0;
    f.carats_hundredths = s.Int(at + 10);
    f.value_usd_cents = s.Int(at + 11);
    if (!s.IsNull(at + 12)) f.certificates = s.Int(at + 12);
    f.vintage = s.Text(at + 13);
    return f;
  }

  Result<std::optional<StatSource>> FindSource(Txn& t, const std::string& sha256) override {
    Stmt s(t, std::string(kSourceColumns) + "WHERE s.sha256 = ?");
    s.Bind(1, sha256);
    if (s.Step()) return std::optional<StatSource>(ReadSource(s));
    OPENKP_RETURN_IF_ERROR(s.status("find statistics source"));
    return std::optional<StatSource>();
  }

  Result<StatSource> GetSource(Txn& t, int64_t id) override {
    Stmt s(t, std::string(kSourceColumns) + "WHERE s.id = ?");
    s.Bind(1, id);
    if (s.Step()) return ReadSource(s);
    OPENKP_RETURN_IF_ERROR(s.status("get statistics source"));
    return Status::NotFound("no statistics source " + std::to_string(id));
  }

  Result<std::vector<StatSource>> ListSources(Txn& t) override {
    Stmt s(t, std::string(kSourceColumns) + "ORDER BY s.id");
    std::vector<StatSource> out;
    while (s.Step()) out.push_back(ReadSource(s));
    OPENKP_RETURN_IF_ERROR(s.status("list statistics sources"));
    return out;
  }

  Result<StatImportOutcome> ImportFigures(Txn& t, const StatSource& src,
                                          const std::vector<StatFigure>& figures,
                                          const std::function<void(size_t)>& progress) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "import statistics"));
    StatImportOutcome out;
    out.source = src;
    {
      Stmt s(t,
             "INSERT INTO stat_sources (kind, name, sha256, vintage, imported_at, imported_by, "
             "report) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
      s.Bind(1, src.kind).Bind(2, src.name).Bind(3, src.sha256).Bind(4, src.vintage);
      s.Bind(5, NowUtc()).Bind(6, src.imported_by).Bind(7, src.report);
      auto id = s.InsertedId("add statistics source");
      if (id.status().code() == core::Code::kAlreadyExists) {
        return Status(core::Code::kAlreadyExists, "these figures are already imported");
      }
      if (!id.ok()) return id.status();
      out.source.id = *id;
    }
    out.source.figures = static_cast<int64_t>(figures.size());
    size_t done = 0;
    for (const StatFigure& f : figures) {
      if (progress && ++done % 256 == 0) progress(done);
      Stmt ins(t,
               "INSERT INTO stat_figures (source_id, source_rows, participant, year, period, "
               "flow, partner, kind, nil, carats_hundredths, value_usd_cents, certificates) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
      ins.Bind(1, out.source.id).Bind(2, f.source_rows).Bind(3, f.participant);
      ins.Bind(4, int64_t{f.year}).Bind(5, f.period).Bind(6, f.flow).Bind(7, f.partner);
      ins.Bind(8, f.kind).Bind(9, int64_t{f.nil ? 1 : 0}).Bind(10, f.carats_hundredths);
      ins.Bind(11, f.value_usd_cents);
      if (f.certificates) {
        ins.Bind(12, *f.certificates);
      } else {
        ins.BindNull(12);
      }
      auto inserted = ins.InsertedId("add statistics figure");
      if (!inserted.ok()) return inserted.status();
      const int64_t id = *inserted;
      Stmt cur(t, std::string(kFigureColumns) +
                      "FROM stat_current c JOIN stat_figures f ON f.id = c.figure_id "
                      "JOIN stat_sources s ON s.id = f.source_id WHERE c.flow = ? AND "
                      "c.participant = ? AND c.year = ? AND c.period = ? AND "
                      "c.partner = ? AND c.kind = ?");
      cur.Bind(1, f.flow).Bind(2, f.participant).Bind(3, int64_t{f.year}).Bind(4, f.period);
      cur.Bind(5, f.partner).Bind(6, f.kind);
      std::optional<StatFigure> before;
      if (cur.Step()) before = ReadFigure(cur);
      OPENKP_RETURN_IF_ERROR(cur.status("read current figure"));
      if (before && before->vintage > src.vintage) {
        ++out.superseded;
        continue;
      }
      Stmt set(t,
               "INSERT INTO stat_current (participant, year, period, flow, partner, kind, "
               "figure_id, vintage) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (flow, "
               "participant, year, period, partner, kind) DO UPDATE SET figure_id = "
               "excluded.figure_id, vintage = excluded.vintage");
      set.Bind(1, f.participant).Bind(2, int64_t{f.year}).Bind(3, f.period).Bind(4, f.flow);
      set.Bind(5, f.partner).Bind(6, f.kind).Bind(7, id).Bind(8, src.vintage);
      OPENKP_RETURN_IF_ERROR(set.Run("set current figure"));
      if (!before) {
        ++out.new_figures;
      } else if (before->SameAmounts(f)) {
        ++out.unchanged;
      } else {
        ++out.revised;
        Stmt rev(t, "INSERT INTO stat_revisions (source_id, before_id, after_id) VALUES (?, ?, ?)");
        rev.Bind(1, out.source.id).Bind(2, before->id).Bind(3, id);
        OPENKP_RETURN_IF_ERROR(rev.Run("record revision"));
      }
    }
    return out;
  }

  Result<std::vector<StatFigure>> ListCurrentFigures(Txn& t, const StatFilter& filter) override {
    std::string sql = std::string(kFigureColumns) +
                      "FROM stat_current c JOIN stat_figures f ON f.id = c.figure_id "
                      "JOIN stat_sources s ON s.id = f.source_id WHERE 1 = 1";
    if (filter.flow) sql += " AND c.flow = ?1";
    if (filter.year) sql += " AND c.year = ?2";
    if (filter.participant) sql += " AND c.participant = ?3";
    sql += " ORDER BY c.participant, c.year, c.period, c.flow, c.partner, c.kind";
    Stmt s(t, sql);
    if (filter.flow) s.Bind(1, *filter.flow);
    if (filter.year) s.Bind(2, int64_t{*filter.year});
    if (filter.participant) s.Bind(3, *filter.participant);
    std::vector<StatFigure> out;
    while (s.Step()) out.push_back(ReadFigure(s));
    OPENKP_RETURN_IF_ERROR(s.status("list current figures"));
    return out;
  }

  Result<std::vector<StatFigure>> ListFigures(Txn& t, int64_t source_id) override {
    Stmt s(t, std::string(kFigureColumns) +
                  "FROM stat_figures f JOIN stat_sources s ON s.id = f.source_id "
                  "WHERE f.source_id = ? ORDER BY f.participant, f.year, f.period, f.flow, "
                  "f.partner, f.kind");
    s.Bind(1, source_id);
    std::vector<StatFigure> out;
    while (s.Step()) out.push_back(ReadFigure(s));
    OPENKP_RETURN_IF_ERROR(s.status("list figures"));
    return out;
  }

  Result<std::vector<StatRevision>> ListRevisions(Txn& t) override {
    // Both figures of each revision, each with its vintage.
    Stmt s(t,
           "SELECT r.source_id, b.id, b.source_id, b.source_rows, b.participant, b.year, "
           "b.period, b.flow, b.partner, b.kind, b.nil, b.carats_hundredths, b.value_usd_cents, "
           "b.certificates, bs.vintage, a.id, a.source_id, a.source_rows, a.participant, a.year, "
           "a.period, a.flow, a.partner, a.kind, a.nil, a.carats_hundredths, a.value_usd_cents, "
           "a.certificates, as_.vintage FROM stat_revisions r "
           "JOIN stat_figures b ON b.id = r.before_id JOIN stat_sources bs ON bs.id = b.source_id "
           "JOIN stat_figures a ON a.id = r.after_id JOIN stat_sources as_ ON as_.id = a.source_id "
           "ORDER BY r.id");
    std::vector<StatRevision> out;
    while (s.Step()) out.push_back({s.Int(0), ReadFigure(s, 1), ReadFigure(s, 15)});
    OPENKP_RETURN_IF_ERROR(s.status("list revisions"));
    return out;
  }

  Result<std::vector<TradeFlow>> ListTradeFlows(Txn& t, const StatFilter& filter) override {
    std::string sql =
        "SELECT flow, participant, partner, year, quarter, hs_code, carats_hundredths, "
        "value_usd_cents, certificates FROM trade_flows WHERE certificates <> 0";
    if (filter.flow) sql += " AND flow = ?1";
    if (filter.year) sql += " AND year = ?2";
    if (filter.participant) sql += " AND participant = ?3";
    if (filter.by == "") sql += " AND partner = '' AND hs_code = ''";
    if (filter.by == "partner") sql += " AND partner <> '' AND hs_code = ''";
    if (filter.by == "hs") sql += " AND partner = '' AND hs_code <> ''";
    // Lists as numbered parameters from ?4 on.
    int next = 4;
    auto in = [&](const char* column, const std::vector<std::string>& values) {
      if (values.empty()) return;
      sql += std::string(" AND ") + column + " IN (";
      for (size_t i = 0; i < values.size(); ++i) {
        sql += (i ? ", ?" : "?") + std::to_string(next++);
      }
      sql += ")";
    };
    in("participant", filter.participants);
    in("partner", filter.partners);
    sql += " ORDER BY flow, participant, year, quarter, partner, hs_code";
    Stmt s(t, sql);
    if (filter.flow) s.Bind(1, *filter.flow);
    if (filter.year) s.Bind(2, int64_t{*filter.year});
    if (filter.participant) s.Bind(3, *filter.participant);
    next = 4;
    for (const auto& v : filter.participants) s.Bind(next++, v);
    for (const auto& v : filter.partners) s.Bind(next++, v);
    std::vector<TradeFlow> out;
    while (s.Step()) {
      out.push_back({s.Text(0), s.Text(1), s.Text(2), static_cast<int>(s.Int(3)),
                     static_cast<int>(s.Int(4)), s.Text(5), s.Int(6), s.Int(7), s.Int(8)});
    }
    OPENKP_RETURN_IF_ERROR(s.status("list trade flows"));
    return out;
  }

  Result<std::pair<int64_t, int64_t>> LatestInputs(Txn& t) override {
    // Events are scanned from the newest: the first certificate or key event ends it.
    Stmt s(t,
           "SELECT (SELECT COALESCE(MAX(id), 0) FROM stat_sources), "
           "COALESCE((SELECT id FROM events WHERE kind LIKE 'certificate.%' OR kind LIKE 'key.%' "
           "ORDER BY id DESC LIMIT 1), 0)");
    if (!s.Step()) {
      OPENKP_RETURN_IF_ERROR(s.status("latest inputs"));
      return Status::Internal("latest inputs: no row");
    }
    return std::make_pair(s.Int(0), s.Int(1));
  }

  Result<bool> TradeFlowsBehind(Txn& t) override {
    int64_t last = 0, newest = 0;
    OPENKP_RETURN_IF_ERROR(ReadTradeFlowState(t, &last, &newest));
    return last < newest;
  }

  // Reads and applies the new certificate events in the write transaction, so two processes
  // refreshing at once apply each event once.
  Status RefreshTradeFlows(Txn& t) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "refresh trade flows"));
    int64_t last = 0, newest = 0;
    OPENKP_RETURN_IF_ERROR(ReadTradeFlowState(t, &last, &newest));
    if (last >= newest) return Status();
    // Sums the changes per row in memory first: a million events touch ~150 000 rows.
    std::map<std::tuple<std::string, std::string, std::string, std::string, int, int>, TradeFlow>
        deltas;
    auto add = [&](const TradeFlow& f) {
      TradeFlow& d = deltas[{f.flow, f.partner, f.hs_code, f.participant, f.year, f.quarter}];
      if (d.flow.empty()) {
        d = f;
      } else {
        d.carats_hundredths += f.carats_hundredths;
        d.value_usd_cents += f.value_usd_cents;
        d.certificates += f.certificates;
      }
    };
    Stmt ev(t,
            "SELECT e.kind, c.issuer, c.destination, c.issued_on, c.hs_codes, "
            "c.carats_hundredths, c.value_usd_cents, s.received_on, "
            "s.received_carats_hundredths, s.received_value_usd_cents, c.document "
            "FROM events e JOIN certificates c ON c.number = e.subject "
            "JOIN certificate_status s ON s.number = c.number "
            "WHERE e.id > ? AND e.id <= ? AND e.kind IN ('certificate.issued', "
            "'certificate.confirmed', 'certificate.voided') ORDER BY e.id");
    ev.Bind(1, last).Bind(2, newest);
    while (ev.Step()) {
      const std::string kind = ev.Text(0);
      if (kind == "certificate.confirmed") {
        auto on = ev.OptDate(7);
        if (!on) return Status::Internal("confirmed certificate without a date");
        for (const std::string& partner : {std::string(), ev.Text(1)}) {
          add({"import", ev.Text(2), partner, on->year(), (on->month() + 2) / 3, "", ev.Int(8),
               ev.Int(9), 1});
        }
        continue;
      }
      // Issued: its exports count; voided: they are taken back out. A certificate of one HS
      // line has its amounts in columns; otherwise the lines are read from the stored
      // document (the registry validated it when it was issued).
      core::CertificateBody b;
      b.issuer = ev.Text(1);
      b.destination = ev.Text(2);
      b.issued_on = ev.DateAt(3);
      const std::string hs_codes = ev.Text(4);
      if (hs_codes.find(';') == std::string::npos) {
        b.lines.push_back({hs_codes, ev.Int(5), ev.Int(6)});
      } else {
        OPENKP_RETURN_IF_ERROR(ReadLines(ev.Text(10), &b.lines));
      }
      ExportFlows(b, kind == "certificate.issued" ? +1 : -1, add);
    }
    OPENKP_RETURN_IF_ERROR(ev.status("read certificate events"));
    for (const auto& [key, delta] : deltas) OPENKP_RETURN_IF_ERROR(AddTradeFlow(t, delta));
    Stmt up(t, "UPDATE trade_flows_state SET last_event_id = ? WHERE id = 1");
    return up.Bind(1, newest).Run("advance trade flows");
  }

  Status ScanCertificateFacts(Txn& t, const CertificateScope& scope,
                              const std::function<void(const CertificateFacts&)>& visit) override {
    return sql::ScanCertificateFacts(t, scope, visit);
  }

  Result<std::vector<SameNumber>> ListSameNumbers(Txn& t) override {
    return sql::ListSameNumbers(t);
  }
};

}  // namespace

std::unique_ptr<StatsStore> NewStatsStore() { return std::make_unique<SqlStatsStore>(); }

}  // namespace openkp::store::sql
