// The records openkp persists, shared by every backend and the services: plain values, no
// behaviour beyond small helpers. The domain stores (accounts_store.h, registry_store.h, ...)
// read and write them inside a transaction of a store::Database (database.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
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

// A user's role. Stored by name: a new role (monitor, reviewer, statistics analyst, coalition
// member, with their services) is a value here and a name in RoleName/ParseRole, no migration.
// kMonitor: a member of a civil-society organisation (its sites, devices and reports);
// kVerifier: reviews every incident report and may read reporters' identities;
// kAnalyst: a statistics analyst (the WGS): triages anomaly findings and runs questionnaires;
// kReviewer: a member of peer-review teams (visits and missions) from any constituency;
// kCoalition: a person of the civil-society coalition, whose part (coordinator, editor of a
// member, viewer) the activities service keeps;
// kMetrics: a metrics scraper (Prometheus): reads /metrics and nothing else.
enum class Role {
  kAdmin,
  kOfficer,
  kMonitor,
  kVerifier,
  kAnalyst,
  kReviewer,
  kCoalition,
  kMetrics
};
const char* RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);

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

// One participant's certificates (as issuer, or as destination) issued in a span, per state.
struct CertificateCounts {
  int64_t all = 0;
  int64_t pending = 0;  // issued, not confirmed, not expired
  int64_t expired = 0;  // issued, not confirmed, past its expiry
  int64_t confirmed = 0;
  int64_t voided = 0;
};

// An append-only record of something that happened; the transparency log publishes these.
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
  // Trade flows only: the rows of these participants, with these partners (empty: any).
  std::vector<std::string> participants = {};
  std::vector<std::string> partners = {};
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
// Which certificates a scan of facts reads: those of one participant (as issuer, or as
// destination) issued within [from, to]; every certificate when `participant` is empty.
struct CertificateScope {
  std::string participant;
  bool as_destination = false;
  std::optional<Date> from = {}, to = {};
};

struct CertificateFacts {
  std::string number, issuer, destination, key_id;
  Date issued_on, expires_on;
  int64_t carats_hundredths = 0, value_usd_cents = 0, parcels = 0;
  CertificateState state = CertificateState::kIssued;
  std::optional<Date> received_on;
  int64_t received_carats_hundredths = 0, received_value_usd_cents = 0, received_parcels = 0;
};

// A certificate whose number, read without its separators ('-' and '/'), is another's too
// ("BW-2026-000011" and "BW/2026/000011"): the anomaly rule duplicate-number.
struct SameNumber {
  std::string plain;  // the number without separators, shared by the group
  std::string number, issuer;
};

// A leaf of the transparency log, and a checkpoint the log signed.
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

// Issue requests sent with an Idempotency-Key (docs/API.md): the certificate a user's key
// produced, and the digest of the request that did, so that a retry gets that certificate.
struct IssueKey {
  std::string request_sha256;
  std::string number;
};

}  // namespace openkp::store
