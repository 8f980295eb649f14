// Participants, authority keys and certificates in SQLite.
#include <boost/json.hpp>

#include "store/sql/statement.h"
#include "store/sql/stores.h"

namespace openkp::store::sql {

namespace {

AuthorityKey ReadKey(const Stmt& s) {
  AuthorityKey k;
  k.key_id = s.Text(0);
  k.participant = s.Text(1);
  k.public_key = s.Blob(2);
  k.valid_from = s.DateAt(3);
  k.valid_to = s.OptDate(4);
  k.revoked_on = s.OptDate(5);
  k.revoke_reason = s.Text(6);
  return k;
}
constexpr const char* kKeyColumns =
    "SELECT key_id, participant, public_key, valid_from, valid_to, revoked_on, revoke_reason "
    "FROM authority_keys ";

class SqlRegistryStore final : public RegistryStore {
 public:
  Status UpsertParticipant(Txn& t, const Participant& p) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "upsert participant"));
    Stmt s(t,
           "INSERT INTO participants (code, name, authority) VALUES (?, ?, ?) ON CONFLICT (code) "
           "DO UPDATE SET name = excluded.name, authority = excluded.authority");
    t.MarkReferenceChanged();
    return s.Bind(1, p.code).Bind(2, p.name).Bind(3, p.authority).Run("upsert participant");
  }

  Result<std::vector<Participant>> ListParticipants(Txn& t) override {
    Stmt s(t, "SELECT code, name, authority FROM participants ORDER BY code");
    std::vector<Participant> out;
    while (s.Step()) out.push_back({s.Text(0), s.Text(1), s.Text(2)});
    OPENKP_RETURN_IF_ERROR(s.status("list participants"));
    return out;
  }

  Result<Participant> GetParticipant(Txn& t, const std::string& code) override {
    Stmt s(t, "SELECT code, name, authority FROM participants WHERE code = ?");
    s.Bind(1, code);
    if (s.Step()) return Participant{s.Text(0), s.Text(1), s.Text(2)};
    OPENKP_RETURN_IF_ERROR(s.status("get participant"));
    return Status::NotFound("participant '" + code + "' is not a KP participant here");
  }

  Status AddKey(Txn& t, const AuthorityKey& k) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "add key"));
    Stmt s(t,
           "INSERT INTO authority_keys (key_id, participant, public_key, valid_from, valid_to, "
           "revoked_on, revoke_reason) VALUES (?, ?, ?, ?, ?, ?, ?)");
    s.Bind(1, k.key_id).Bind(2, k.participant).BindBlob(3, k.public_key);
    s.Bind(4, k.valid_from.ToString()).Bind(5, k.valid_to).Bind(6, k.revoked_on);
    s.Bind(7, k.revoke_reason);
    t.MarkReferenceChanged();
    return s.Run("add key");
  }

  Result<AuthorityKey> GetKey(Txn& t, const std::string& key_id) override {
    Stmt s(t, std::string(kKeyColumns) + "WHERE key_id = ?");
    s.Bind(1, key_id);
    if (s.Step()) return ReadKey(s);
    OPENKP_RETURN_IF_ERROR(s.status("get key"));
    return Status::NotFound("no authority key '" + key_id + "'");
  }

  Result<std::vector<AuthorityKey>> ListKeys(Txn& t, const std::optional<std::string>& p) override {
    Stmt s(t, std::string(kKeyColumns) + (p ? "WHERE participant = ? ORDER BY valid_from, key_id"
                                            : "ORDER BY participant, valid_from, key_id"));
    if (p) s.Bind(1, *p);
    std::vector<AuthorityKey> out;
    while (s.Step()) out.push_back(ReadKey(s));
    OPENKP_RETURN_IF_ERROR(s.status("list keys"));
    return out;
  }

  Status SetKeyValidTo(Txn& t, const std::string& key_id, Date valid_to) override {
    return UpdateKey(t, "UPDATE authority_keys SET valid_to = ? WHERE key_id = ?",
                     [&](Stmt& s) { s.Bind(1, valid_to.ToString()).Bind(2, key_id); });
  }

  Status RevokeKey(Txn& t, const std::string& key_id, Date on, const std::string& reason) override {
    return UpdateKey(t,
                     "UPDATE authority_keys SET revoked_on = ?, revoke_reason = ? WHERE key_id = ?",
                     [&](Stmt& s) { s.Bind(1, on.ToString()).Bind(2, reason).Bind(3, key_id); });
  }

  Result<int64_t> NextCertificateSequence(Txn& t, const std::string& issuer, int year) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "next sequence"));
    Stmt up(t,
            "INSERT INTO certificate_sequences (issuer, year, last_value) VALUES (?, ?, 1) "
            "ON CONFLICT (issuer, year) DO UPDATE SET last_value = "
            "certificate_sequences.last_value + 1 RETURNING last_value");
    up.Bind(1, issuer).Bind(2, int64_t{year});
    int64_t value = 0;
    if (up.Step()) value = up.Int(0);
    OPENKP_RETURN_IF_ERROR(up.status("next sequence"));
    return value;
  }

  Result<std::optional<IssueKey>> FindIssueKey(Txn& t, int64_t user_id,
                                               const std::string& key) override {
    Stmt s(t,
           "SELECT request_sha256, number FROM issue_keys WHERE user_id = ? AND "
           "idempotency_key = ?");
    s.Bind(1, user_id).Bind(2, key);
    if (s.Step()) return std::optional<IssueKey>(IssueKey{s.Text(0), s.Text(1)});
    OPENKP_RETURN_IF_ERROR(s.status("find issue key"));
    return std::optional<IssueKey>();
  }

  Status AddIssueKey(Txn& t, int64_t user_id, const std::string& key,
                     const IssueKey& issued) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "add issue key"));
    Stmt s(t,
           "INSERT INTO issue_keys (user_id, idempotency_key, request_sha256, number, "
           "created_at) VALUES (?, ?, ?, ?, ?)");
    s.Bind(1, user_id).Bind(2, key).Bind(3, issued.request_sha256).Bind(4, issued.number);
    return s.Bind(5, NowUtc()).Run("add issue key");
  }

  Status InsertCertificate(Txn& t, const CertificateRecord& r) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "insert certificate"));
    const auto& b = r.certificate.body;
    std::string hs;
    for (const auto& l : b.lines) hs += (hs.empty() ? "" : ";") + l.hs_code;
    Stmt s(t,
           "INSERT INTO certificates (number, issuer, destination, key_id, issued_on, "
           "expires_on, carats_hundredths, value_usd_cents, parcels, hs_codes, document) "
           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (number) DO NOTHING");
    s.Bind(1, b.number).Bind(2, b.issuer).Bind(3, b.destination).Bind(4, b.key_id);
    s.Bind(5, b.issued_on.ToString()).Bind(6, b.expires_on.ToString());
    s.Bind(7, b.TotalCaratsHundredths()).Bind(8, b.TotalValueCents()).Bind(9, b.parcels);
    s.Bind(10, hs).Bind(11, r.document);
    // ON CONFLICT DO NOTHING, not a failed statement: the transaction stays usable (on every
    // backend), so the registry can try the next number.
    OPENKP_RETURN_IF_ERROR(s.Run("insert certificate"));
    if (s.Changes() == 0) {
      return Status(core::Code::kAlreadyExists,
                    "certificate number '" + b.number + "' is already taken", "number", "unique");
    }
    // The state row carries the certificate's issuer and date for the anomaly scan (migration 12).
    Stmt st(t,
            "INSERT INTO certificate_status (number, state, issuer, issued_on) "
            "VALUES (?, 'issued', ?, ?)");
    st.Bind(1, b.number).Bind(2, b.issuer).Bind(3, b.issued_on.ToString());
    return st.Run("insert status");
  }

  Result<std::string> GetCertificateDocument(Txn& t, const std::string& number) override {
    Stmt s(t, "SELECT document FROM certificates WHERE number = ?");
    s.Bind(1, number);
    if (s.Step()) return s.Text(0);
    OPENKP_RETURN_IF_ERROR(s.status("get certificate document"));
    return Status::NotFound("no certificate '" + number + "'");
  }

  Result<CertificateRecord> GetCertificate(Txn& t, const std::string& number) override {
    Stmt s(t,
           "SELECT c.document, st.state, st.received_on, st.received_carats_hundredths, "
           "st.received_value_usd_cents, st.received_parcels, st.mismatches, st.confirmed_by, "
           "st.voided_on, st.void_reason, st.void_note, st.voided_by "
           "FROM certificates c JOIN certificate_status st ON st.number = c.number "
           "WHERE c.number = ?");
    s.Bind(1, number);
    if (!s.Step()) {
      OPENKP_RETURN_IF_ERROR(s.status("get certificate"));
      return Status::NotFound("no certificate '" + number + "'");
    }
    CertificateRecord r;
    r.document = s.Text(0);
    auto parsed = core::ParseSignedCertificate(r.document);
    if (!parsed.ok()) {
      return Status::Internal("stored certificate " + number +
                              " unreadable: " + parsed.status().message());
    }
    r.certificate = std::move(*parsed);
    r.state = ParseState(s.Text(1));
    if (!s.IsNull(2)) {
      Confirmation c;
      c.received_on = s.DateAt(2);
      c.carats_hundredths = s.Int(3);
      c.value_usd_cents = s.Int(4);
      c.parcels = s.Int(5);
      boost::system::error_code ec;
      auto arr = boost::json::parse(s.Text(6), ec);
      if (!ec && arr.is_array()) {
        for (const auto& m : arr.get_array()) {
          if (m.is_string()) c.mismatches.emplace_back(m.get_string());
        }
      }
      c.confirmed_by = s.Text(7);
      r.confirmation = std::move(c);
    }
    if (!s.IsNull(8)) r.voiding = Voiding{s.DateAt(8), s.Text(9), s.Text(10), s.Text(11)};
    return r;
  }

  Status RecordConfirmation(Txn& t, const std::string& number, const Confirmation& c) override {
    boost::json::array mism;
    for (const auto& m : c.mismatches) mism.emplace_back(m);
    const std::string mism_text = boost::json::serialize(mism);
    return Transition(t, number, [&]() -> Result<int64_t> {
      Stmt s(t,
             "UPDATE certificate_status SET state = 'confirmed', received_on = ?, "
             "received_carats_hundredths = ?, received_value_usd_cents = ?, "
             "received_parcels = ?, mismatches = ?, confirmed_by = ? "
             "WHERE number = ? AND state = 'issued'");
      s.Bind(1, c.received_on.ToString()).Bind(2, c.carats_hundredths);
      s.Bind(3, c.value_usd_cents).Bind(4, c.parcels).Bind(5, mism_text);
      s.Bind(6, c.confirmed_by).Bind(7, number);
      OPENKP_RETURN_IF_ERROR(s.Run("confirm"));
      return s.Changes();
    });
  }

  Status RecordVoiding(Txn& t, const std::string& number, const Voiding& v) override {
    return Transition(t, number, [&]() -> Result<int64_t> {
      Stmt s(t,
             "UPDATE certificate_status SET state = 'voided', voided_on = ?, void_reason = ?, "
             "void_note = ?, voided_by = ? WHERE number = ? AND state = 'issued'");
      s.Bind(1, v.voided_on.ToString()).Bind(2, v.reason).Bind(3, v.note);
      s.Bind(4, v.voided_by).Bind(5, number);
      OPENKP_RETURN_IF_ERROR(s.Run("void"));
      return s.Changes();
    });
  }

  Result<CertificatePage> ListCertificates(Txn& t, const CertificateFilter& f) override;
  Result<CertificateCounts> CountCertificates(Txn& t, const std::string& participant,
                                              bool as_destination, Date from, Date to,
                                              Date today) override;

 private:
  static Status UpdateKey(Txn& t, const std::string& sql, const std::function<void(Stmt&)>& bind) {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "update key"));
    Stmt s(t, sql);
    bind(s);
    t.MarkReferenceChanged();
    OPENKP_RETURN_IF_ERROR(s.Run("update key"));
    if (s.Changes() != 1) return Status::NotFound("no such authority key");
    return {};
  }

  static Status Transition(Txn& t, const std::string& number,
                           const std::function<Result<int64_t>()>& update) {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "certificate transition"));
    Result<int64_t> changed = update();
    if (!changed.ok()) return changed.status();
    if (*changed != 1) {
      Stmt s(t, "SELECT state FROM certificate_status WHERE number = ?");
      s.Bind(1, number);
      if (!s.Step()) return Status::NotFound("no certificate '" + number + "'");
      return Status(core::Code::kFailedPrecondition,
                    "certificate " + number + " is already " + s.Text(0));
    }
    return {};
  }
};

Result<CertificatePage> SqlRegistryStore::ListCertificates(Txn& t, const CertificateFilter& f) {
  std::string where = " WHERE 1 = 1";
  std::vector<std::string> args;
  auto add = [&](const char* clause, const std::string& v) {
    where += clause;
    args.push_back(v);
  };
  if (f.issuer) add(" AND c.issuer = ?", *f.issuer);
  if (f.destination) add(" AND c.destination = ?", *f.destination);
  if (f.involving) {
    where += " AND (c.issuer = ? OR c.destination = ?)";
    args.push_back(*f.involving);
    args.push_back(*f.involving);
  }
  if (f.issued_from) add(" AND c.issued_on >= ?", f.issued_from->ToString());
  if (f.issued_to) add(" AND c.issued_on <= ?", f.issued_to->ToString());
  if (f.status) {
    const std::string today = f.today.ToString();
    if (*f.status == "issued") {
      add(" AND st.state = 'issued' AND c.expires_on >= ?", today);
    } else if (*f.status == "expired") {
      add(" AND st.state = 'issued' AND c.expires_on < ?", today);
    } else {
      add(" AND st.state = ?", *f.status);
    }
  }
  const std::string from =
      " FROM certificates c JOIN certificate_status st ON st.number = c.number";
  CertificatePage page;
  {
    Stmt s(t, "SELECT COUNT(*)" + from + where);
    for (size_t i = 0; i < args.size(); ++i) s.Bind(static_cast<int>(i + 1), args[i]);
    if (s.Step()) page.total = s.Int(0);
    OPENKP_RETURN_IF_ERROR(s.status("count certificates"));
  }
  Stmt s(t,
         "SELECT c.number, c.issuer, c.destination, c.issued_on, c.expires_on, "
         "c.carats_hundredths, c.value_usd_cents, c.parcels, c.hs_codes, st.state, "
         "st.mismatches" +
             from + where + " ORDER BY c.issued_on DESC, c.number DESC LIMIT ? OFFSET ?");
  int i = 1;
  for (const auto& a : args) s.Bind(i++, a);
  s.Bind(i, f.limit);
  s.Bind(i + 1, f.offset);
  while (s.Step()) {
    CertificateSummary c;
    c.number = s.Text(0);
    c.issuer = s.Text(1);
    c.destination = s.Text(2);
    c.issued_on = s.DateAt(3);
    c.expires_on = s.DateAt(4);
    c.carats_hundredths = s.Int(5);
    c.value_usd_cents = s.Int(6);
    c.parcels = s.Int(7);
    c.hs_codes = s.Text(8);
    c.state = ParseState(s.Text(9));
    c.mismatch = !s.IsNull(10) && s.Text(10) != "[]";
    page.items.push_back(std::move(c));
  }
  OPENKP_RETURN_IF_ERROR(s.status("list certificates"));
  return page;
}

Result<CertificateCounts> SqlRegistryStore::CountCertificates(Txn& t,
                                                              const std::string& participant,
                                                              bool as_destination, Date from,
                                                              Date to, Date today) {
  // Both sides read an index holding what is counted (migrations 9 and 10), then the narrow
  // status row: no certificate row with its document.
  Stmt q(t, std::string("SELECT st.state, c.expires_on < ?, COUNT(*) FROM certificates c ") +
                IndexedBy(
                    t, as_destination ? "certificates_by_destination" : "certificates_by_issuer") +
                "JOIN certificate_status st ON st.number = c.number WHERE " +
                (as_destination ? "c.destination" : "c.issuer") +
                " = ? AND c.issued_on >= ? AND c.issued_on <= ? GROUP BY 1, 2");
  q.Bind(1, today.ToString()).Bind(2, participant).Bind(3, from.ToString()).Bind(4, to.ToString());
  CertificateCounts n;
  while (q.Step()) {
    const CertificateState state = ParseState(q.Text(0));
    const int64_t count = q.Int(2);
    n.all += count;
    if (state == CertificateState::kConfirmed) {
      n.confirmed += count;
    } else if (state == CertificateState::kVoided) {
      n.voided += count;
    } else if (q.Int(1) != 0) {
      n.expired += count;
    } else {
      n.pending += count;
    }
  }
  OPENKP_RETURN_IF_ERROR(q.status("count certificates"));
  return n;
}

}  // namespace

std::unique_ptr<RegistryStore> NewRegistryStore() { return std::make_unique<SqlRegistryStore>(); }

}  // namespace openkp::store::sql
