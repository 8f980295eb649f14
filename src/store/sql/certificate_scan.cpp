#include "store/sql/certificate_scan.h"

#include <string>
#include <utility>

namespace openkp::store::sql {

namespace {

constexpr const char* kFacts =
    "c.number, c.issuer, c.destination, c.key_id, c.issued_on, c.expires_on, "
    "c.carats_hundredths, c.value_usd_cents, c.parcels";

void ReadFacts(const Stmt& s, CertificateFacts& f) {
  f.number = s.TextView(0);
  f.issuer = s.TextView(1);
  f.destination = s.TextView(2);
  f.key_id = s.TextView(3);
  f.issued_on = s.DateAt(4);
  f.expires_on = s.DateAt(5);
  f.carats_hundredths = s.Int(6);
  f.value_usd_cents = s.Int(7);
  f.parcels = s.Int(8);
}

// The scope's dates as bounds on issued_on (ISO text), open ends as the widest.
std::string From(const CertificateScope& scope) {
  return scope.from ? scope.from->ToString() : "0000-00-00";
}
std::string To(const CertificateScope& scope) {
  return scope.to ? scope.to->ToString() : "9999-99-99";
}

// The state columns from `first` on: state, received_on, received carats, value, parcels.
void ReadState(const Stmt& s, int first, CertificateFacts& f) {
  f.state = ParseState(s.Text(first));
  f.received_on = s.OptDate(first + 1);
  f.received_carats_hundredths = s.Int(first + 2);
  f.received_value_usd_cents = s.Int(first + 3);
  f.received_parcels = s.Int(first + 4);
}

// One participant's certificates: few enough to join row by row.
Status ScanScope(Txn& t, const CertificateScope& scope,
                 const std::function<void(const CertificateFacts&)>& visit) {
  Stmt s(t, std::string("SELECT ") + kFacts +
                ", s.state, s.received_on, s.received_carats_hundredths, "
                "s.received_value_usd_cents, s.received_parcels "
                "FROM certificates c JOIN certificate_status s ON s.number = c.number WHERE " +
                (scope.as_destination ? "c.destination" : "c.issuer") +
                " = ? AND c.issued_on >= ? AND c.issued_on <= ? "
                "ORDER BY c.issuer, c.issued_on, c.number");
  s.Bind(1, scope.participant).Bind(2, From(scope)).Bind(3, To(scope));
  CertificateFacts f;
  while (s.Step()) {
    ReadFacts(s, f);
    ReadState(s, 9, f);
    visit(f);
  }
  return s.status("scan certificates");
}

}  // namespace

Status ScanCertificateFacts(Txn& t, const CertificateScope& scope,
                            const std::function<void(const CertificateFacts&)>& visit) {
  if (!scope.participant.empty()) return ScanScope(t, scope, visit);
  // Every certificate: two scans of covering indexes in the same order (issuer, issued_on,
  // number; both backends compare text bytewise), merged. Constant memory, where a join looks
  // each number up (a million B-tree searches: slower than both scans together) and a table of
  // every state grows with the data (migration 12).
  const std::string from = From(scope), to = To(scope);
  Stmt c(t,
         std::string("SELECT ") + kFacts + " FROM certificates c" +
             IndexedBy(t, "certificates_by_issuer") +
             "WHERE c.issued_on >= ? AND c.issued_on <= ? ORDER BY c.issuer, c.issued_on, c.number",
         Stmt::kScan);
  c.Bind(1, from).Bind(2, to);
  Stmt s(t,
         "SELECT issuer, issued_on, number, state, received_on, received_carats_hundredths, "
         "received_value_usd_cents, received_parcels FROM certificate_status" +
             IndexedBy(t, "certificate_status_by_issuer") +
             "WHERE issued_on >= ? AND issued_on <= ? ORDER BY issuer, issued_on, number",
         Stmt::kScan);
  s.Bind(1, from).Bind(2, to);
  // -1, 0, 1 as the state row's key sorts before, with or after the certificate's.
  auto compare = [&c, &s] {
    for (const auto& [sc, cc] : {std::pair{0, 1}, std::pair{1, 4}, std::pair{2, 0}}) {
      const int order = s.TextView(sc).compare(c.TextView(cc));
      if (order != 0) return order < 0 ? -1 : 1;
    }
    return 0;
  };
  CertificateFacts f;
  bool state = s.Step();
  while (c.Step()) {
    int order = 1;
    while (state && (order = compare()) < 0) state = s.Step();  // a state without certificate
    if (!state || order != 0) continue;  // a certificate without state, as a join would skip
    ReadFacts(c, f);
    ReadState(s, 3, f);
    visit(f);
    state = s.Step();
  }
  OPENKP_RETURN_IF_ERROR(s.status("scan certificate states"));
  return c.status("scan certificates");
}

Result<std::vector<SameNumber>> ListSameNumbers(Txn& t) {
  // The expression of the index certificates_by_plain_number (SQLite migration 13, PostgreSQL
  // core migration 4), written the same so that it is used: numbers hold only A-Z, 0-9, '-' and
  // '/' (core's number rule), so this is the rule's "letters and digits".
  const std::string plain = "replace(replace(number, '-', ''), '/', '')";
  Stmt s(t, "SELECT " + plain + ", number, issuer FROM certificates WHERE " + plain +
                " IN (SELECT " + plain + " FROM certificates GROUP BY " + plain +
                " HAVING count(*) > 1) ORDER BY " + plain + ", issuer, issued_on, number");
  std::vector<SameNumber> out;
  while (s.Step()) out.push_back({s.Text(0), s.Text(1), s.Text(2)});
  OPENKP_RETURN_IF_ERROR(s.status("list certificates with the same number"));
  return out;
}

}  // namespace openkp::store::sql
