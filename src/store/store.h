// The Store interface: everything openkp persists, behind one abstract class so that SQLite
// (now) and PostgreSQL (later) are interchangeable. Services depend on this header only.
//
//   auto store = store::OpenSqliteStore("data/openkp.db");   // creates and migrates
//   if (!store.ok()) ...;
//   (*store)->UpsertParticipant({"BW", "Botswana", "Ministry of Minerals and Energy"});
//
// Contracts common to all methods: they are thread-safe; a failed write changes nothing;
// certificates and events are append-only (the implementation refuses UPDATE and DELETE on them); a
// unique key taken returns kAlreadyExists; a missing row returns kNotFound.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/certificate.h"
#include "core/date.h"
#include "core/status.h"

namespace openkp::store {

using core::Date;
using core::Result;
using core::Status;

struct Participant {
  std::string code;  // ISO 3166-1 alpha-2 or "EU"
  std::string name;
  std::string authority;  // name of its KP authority
};

struct AuthorityKey {
  std::string key_id;
  std::string participant;
  std::string public_key;          // 32 raw bytes
  Date valid_from;                 // first issue date it may sign
  std::optional<Date> valid_to;    // last issue date it may sign (set on rotation)
  std::optional<Date> revoked_on;  // set when compromised: all its signatures are void
  std::string revoke_reason;
};

enum class Role { kAdmin, kOfficer };
const char* RoleName(Role role);

struct User {
  int64_t id = 0;
  std::string name;
  Role role = Role::kOfficer;
  std::string participant;    // empty for admins
  std::string disabled_on;    // YYYY-MM-DD, empty while the user may sign in
  int64_t active_tokens = 0;  // set by ListUsers and GetUser
};

enum class CertificateState { kIssued, kConfirmed, kVoided };
const char* StateName(CertificateState s);

struct Confirmation {
  Date received_on;
  int64_t carats_hundredths = 0;
  int64_t value_usd_cents = 0;
  int64_t parcels = 0;
  std::vector<std::string> mismatches;  // human-readable, empty when within tolerance
  std::string confirmed_by;
};

struct Voiding {
  Date voided_on;
  std::string reason;  // lost | stolen | cancelled
  std::string note;
  std::string voided_by;
};

struct CertificateRecord {
  core::SignedCertificate certificate;
  std::string document;  // the signed JSON exactly as issued
  CertificateState state = CertificateState::kIssued;
  std::optional<Confirmation> confirmation;
  std::optional<Voiding> voiding;
};

// One row of a listing: what can be shown without parsing the signed document.
struct CertificateSummary {
  std::string number, issuer, destination;
  Date issued_on, expires_on;
  int64_t carats_hundredths = 0, value_usd_cents = 0, parcels = 0;
  std::string hs_codes;  // e.g. "7102.10;7102.31"
  CertificateState state = CertificateState::kIssued;
  bool mismatch = false;  // the confirmation recorded differences
};

struct CertificateFilter {
  std::optional<std::string> issuer;
  std::optional<std::string> destination;
  std::optional<std::string> involving;  // issuer or destination (visibility of officers)
  // "issued" (pending, not expired), "expired", "confirmed", "voided"; needs `today`.
  std::optional<std::string> status;
  std::optional<Date> issued_from, issued_to;  // inclusive
  Date today;
  int64_t limit = 50;
  int64_t offset = 0;
};

struct CertificatePage {
  std::vector<CertificateSummary> items;
  int64_t total = 0;  // matching rows, ignoring limit/offset
};

// An append-only record of something that happened; issue 3's transparency log consumes these.
struct Event {
  int64_t id = 0;       // assigned by the store, increasing
  std::string kind;     // certificate.issued, certificate.confirmed, certificate.voided,
                        // key.registered, key.rotated, key.revoked
  std::string subject;  // certificate number or key id
  std::string participant;
  std::string at;  // RFC 3339 UTC timestamp
  std::string actor;
  std::string payload;  // JSON
};

// --- statistics (docs/STATISTICS.md) ---

// One figure as a source reported it. Its key is (participant, year, period, flow, partner,
// kind); `period` is "H1"/"H2" (production), "Q1".."Q4" (trade) or "Y" (a whole year).
struct StatFigure {
  int64_t id = 0;           // assigned by the store
  int64_t source_id = 0;    // the import it came from
  std::string source_rows;  // row numbers in the source file, e.g. "416;419" when merged
  std::string participant;  // ISO code, "EU", or the ISO code of a former participant
  int year = 0;
  std::string period;
  std::string flow;     // production | export | import
  std::string partner;  // trade: the partner participant, "" for all partners
  std::string kind;     // production: total | LSM | ASM; trade: HS code or "" for all codes
  bool nil = false;     // a reported nil ("No Production"); amounts are 0
  int64_t carats_hundredths = 0;
  int64_t value_usd_cents = 0;
  std::optional<int64_t> certificates;
  std::string vintage;  // of the source (filled in by reads)
  // The same reported figure (nil-ness, amounts, certificate count), whatever its key or source.
  bool SameAmounts(const StatFigure& o) const {
    return nil == o.nil && carats_hundredths == o.carats_hundredths &&
           value_usd_cents == o.value_usd_cents && certificates == o.certificates;
  }
};

// One import of a statistics file: a vintage of the figures it holds.
struct StatSource {
  int64_t id = 0;
  std::string kind;    // production | trade
  std::string name;    // file name as given
  std::string sha256;  // hex, of the normalised figures: the same data imported twice is one source
  std::string vintage;  // "YYYY-MM-DD" (or any label that sorts in time order)
  std::string imported_at, imported_by;
  std::string report;  // the import report, JSON
  int64_t figures = 0;
};

// A figure of a newer vintage that replaced a different one of an older vintage.
struct StatRevision {
  int64_t source_id = 0;  // the import that revised
  StatFigure before, after;
};

struct StatImportOutcome {
  StatSource source;
  int64_t new_figures = 0;  // keys no earlier vintage had
  int64_t unchanged = 0;    // same amounts as the current figure
  int64_t revised = 0;      // replaced a different current figure (a StatRevision each)
  int64_t superseded = 0;  // older than the vintage already current for that key: kept, not current
};

struct StatFilter {
  std::optional<std::string> flow;
  std::optional<int> year;
  std::optional<std::string> participant;
  // Trade flows only: "" the participant's totals, "partner" per partner, "hs" per HS code,
  // "all" every row.
  std::string by = "all";
};

// Trade from the registry's certificates, derived from their events (RefreshTradeFlows):
// exports at the issue date (declared amounts, voided certificates excluded),
// imports at the confirmation date (amounts as received). Each certificate counts in three
// kinds of row: the participant's total (partner "" and hs_code ""), its total with the partner
// (hs_code ""), and, for exports, one row per HS code (partner ""); imports are confirmed in
// total, so they have no HS rows.
struct TradeFlow {
  std::string flow;  // export | import
  std::string participant, partner;
  int year = 0, quarter = 0;
  std::string hs_code;
  int64_t carats_hundredths = 0, value_usd_cents = 0, certificates = 0;
};

// What the certificate-level anomaly rules read of each certificate.
struct CertificateFacts {
  std::string number, issuer, destination, key_id;
  Date issued_on, expires_on;
  int64_t carats_hundredths = 0, value_usd_cents = 0, parcels = 0;
  CertificateState state = CertificateState::kIssued;
  std::optional<Date> received_on;
  int64_t received_carats_hundredths = 0, received_value_usd_cents = 0, received_parcels = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  virtual Status UpsertParticipant(const Participant& p) = 0;
  virtual Result<std::vector<Participant>> ListParticipants() = 0;
  virtual Result<Participant> GetParticipant(const std::string& code) = 0;

  virtual Status AddKey(const AuthorityKey& key, const Event& event) = 0;
  virtual Result<AuthorityKey> GetKey(const std::string& key_id) = 0;
  // All keys, or one participant's, oldest first.
  virtual Result<std::vector<AuthorityKey>> ListKeys(
      const std::optional<std::string>& participant) = 0;
  virtual Status SetKeyValidTo(const std::string& key_id, Date valid_to, const Event& event) = 0;
  virtual Status RevokeKey(const std::string& key_id, Date revoked_on, const std::string& reason,
                           const Event& event) = 0;

  // Creates a user with one API token (stored as its SHA-256 only).
  virtual Result<User> AddUser(const User& user, const std::string& token_sha256_hex) = 0;
  virtual Status AddToken(int64_t user_id, const std::string& token_sha256_hex) = 0;
  // kUnauthenticated for an unknown or revoked token, or a disabled user (the message says which).
  virtual Result<User> FindUserByToken(const std::string& token_sha256_hex) = 0;
  virtual Result<User> GetUser(int64_t id) = 0;  // kNotFound if absent
  // Disabling keeps the user and its tokens (and when) but refuses them; kNotFound if absent.
  virtual Status SetUserDisabled(int64_t id, bool disabled) = 0;
  // Revokes every active token of the user; returns how many.
  virtual Result<int64_t> RevokeTokens(int64_t user_id) = 0;
  virtual Result<std::vector<User>> ListUsers() = 0;

  // The next value of the per-issuer, per-year certificate sequence (1, 2, ...). Gaps are possible.
  virtual Result<int64_t> NextCertificateSequence(const std::string& issuer, int year) = 0;
  // Issue requests sent with an Idempotency-Key (docs/API.md): the certificate a user's key
  // produced, and the digest of the request that did, so that a retry gets that certificate.
  struct IssueKey {
    std::string request_sha256;
    std::string number;
  };
  virtual Result<std::optional<IssueKey>> FindIssueKey(int64_t user_id, const std::string& key) = 0;
  // kAlreadyExists if the user has used the key before.
  virtual Status AddIssueKey(int64_t user_id, const std::string& key, const IssueKey& issued) = 0;
  // Stores a new certificate in state kIssued together with its issue event.
  virtual Status InsertCertificate(const CertificateRecord& record, const Event& event) = 0;
  virtual Result<CertificateRecord> GetCertificate(const std::string& number) = 0;
  // Just the signed document as stored (CertificateRecord::document), unparsed; kNotFound.
  virtual Result<std::string> GetCertificateDocument(const std::string& number) = 0;
  // Moves kIssued -> kConfirmed / kVoided; any other state gives kFailedPrecondition.
  virtual Status RecordConfirmation(const std::string& number, const Confirmation& c,
                                    const Event& event) = 0;
  virtual Status RecordVoiding(const std::string& number, const Voiding& v, const Event& event) = 0;
  virtual Result<CertificatePage> ListCertificates(const CertificateFilter& filter) = 0;

  virtual Result<std::vector<Event>> ListEvents(int64_t after_id, int64_t limit) = 0;

  // --- transparency log ---
  struct LogLeaf {
    uint64_t index = 0;
    int64_t event_id = 0;
    std::string entry;  // the bytes published in the log
    std::string salt;   // private: lets a holder prove what a commitment in `entry` commits to
  };
  struct LogCheckpoint {
    uint64_t size = 0;
    std::string root;  // 32 bytes
    std::string note;  // the signed checkpoint as published
  };
  // Number of leaves staged (may exceed the latest checkpoint's size after a crash).
  virtual Result<uint64_t> LogLeafCount() = 0;
  // Appends leaves, which must continue the sequence (index == LogLeafCount() + i).
  virtual Status AppendLogLeaves(const std::vector<LogLeaf>& leaves) = 0;
  virtual Result<std::vector<LogLeaf>> ListLogLeaves(uint64_t from_index, uint64_t limit) = 0;
  virtual Result<LogLeaf> GetLogLeafForEvent(int64_t event_id) = 0;
  // Events not yet in the log, oldest first.
  virtual Result<std::vector<Event>> ListUnloggedEvents(int64_t limit) = 0;
  virtual Status AddLogCheckpoint(const LogCheckpoint& checkpoint) = 0;
  // The newest checkpoint, or nullopt for a log that has signed none.
  virtual Result<std::optional<LogCheckpoint>> LatestLogCheckpoint() = 0;
  virtual Result<std::optional<LogCheckpoint>> LogCheckpointOfSize(uint64_t size) = 0;
  // A witness's cosignature line ("— name base64\n") of the checkpoint of `size`; adding the
  // same witness twice for one size keeps the first.
  virtual Status AddLogCosignature(uint64_t size, const std::string& witness,
                                   const std::string& line) = 0;
  virtual Result<std::vector<std::string>> LogCosignatures(uint64_t size) = 0;
  // The latest event of `kind` (certificate.issued, .confirmed, .voided) about certificate
  // `number`; kNotFound if there is none.
  virtual Result<Event> CertificateEventOf(const std::string& number, const std::string& kind) = 0;

  // --- statistics ---
  virtual Result<std::optional<StatSource>> FindStatSource(const std::string& sha256) = 0;
  // Stores a source and its figures in one transaction. Each figure becomes the current one for
  // its key unless a newer vintage is already current there (then it is kept as superseded);
  // replacing a current figure with different amounts records a StatRevision. Figures are
  // append-only; only the pointer to the current one moves.
  // `progress`, when set, is called with the number of figures stored so far, now and then.
  virtual Result<StatImportOutcome> ImportStatFigures(
      const StatSource& source, const std::vector<StatFigure>& figures,
      const std::function<void(size_t)>& progress = nullptr) = 0;
  virtual Result<std::vector<StatSource>> ListStatSources() = 0;
  virtual Result<StatSource> GetStatSource(int64_t id) = 0;
  // The current figures (newest vintage per key), ordered by participant, year, period.
  virtual Result<std::vector<StatFigure>> ListCurrentStatFigures(const StatFilter& filter) = 0;
  // All figures of one source, in key order.
  virtual Result<std::vector<StatFigure>> ListStatFigures(int64_t source_id) = 0;
  virtual Result<std::vector<StatRevision>> ListStatRevisions() = 0;
  // Brings the trade flows up to date with the certificate events committed so far: applies
  // each new issue, confirmation and void once, in one transaction. Cheap when nothing is new.
  // Trade flows are kept off the write path of certificates on purpose: issuing is the hot
  // path, statistics are read rarely. Readers call this first and pay for what is new.
  virtual Status RefreshTradeFlows() = 0;
  // Certificate trade flows (see TradeFlow) as of the last RefreshTradeFlows, optionally of one
  // year and/or participant.
  virtual Result<std::vector<TradeFlow>> ListTradeFlows(const StatFilter& filter) = 0;
  // Calls `visit` for every certificate, in issuer, issue date, number order.
  virtual Status ScanCertificateFacts(
      const std::function<void(const CertificateFacts&)>& visit) = 0;

  // A stamp that changes whenever committed data changes, through this Store or any other
  // process sharing the database. Cheap: callers use it to validate caches on every request.
  struct DataVersion {
    int64_t external = 0;  // changes by other connections
    int64_t local = 0;     // changes by this one
    bool operator==(const DataVersion&) const = default;
  };
  virtual Result<DataVersion> CurrentDataVersion() = 0;
  // Like CurrentDataVersion, but its local part changes only with reference data: participants,
  // keys, users and tokens. Caches of those stay valid while certificates are being written.
  virtual Result<DataVersion> CurrentReferenceVersion() = 0;

  // Runs `work` in one transaction: all its writes land, or none. Nested calls join the outer one.
  virtual Status InTransaction(const std::function<Status()>& work) = 0;
  // Like InTransaction, but returns at once: `work` runs later on the store's committer thread,
  // in a transaction shared with other writes, and `done` gets its status there after the
  // COMMIT (or the failure) that decides it. Both must be quick and must not block: `done`
  // typically hands the result to another thread. Everything submitted runs before the store
  // is destroyed.
  virtual void SubmitTransaction(std::function<Status()> work,
                                 std::function<void(Status)> done) = 0;
};

// Opens (creating if needed) a SQLite database in WAL mode and applies pending migrations.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);

// The schema version a fresh database reaches.
int LatestSchemaVersion();

}  // namespace openkp::store
