// The certificate registry: issue, verify, confirm and void KP certificates; participants and
// authority keys. Both the HTTP API and the CLI call this; it enforces every rule and permission
// of certificates (who is calling comes from accounts::Accounts).
//
//   registry::Registry reg(db, vault);                        // db: a store::Database
//   auto who = accounts.Authenticate(token);                   // -> accounts::Principal
//   auto cert = reg.Issue(*who, request);                      // signed, stored, event appended
//   registry::VerifyReport r = reg.VerifyStored(number);       // public answer
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "accounts/accounts.h"
#include "core/certificate.h"
#include "crypto/crypto.h"
#include "registry/key_vault.h"
#include "registry/verify.h"
#include "store/store.h"

namespace openkp::registry {

using core::Date;
using core::Result;
using core::Status;

// Who is calling (see accounts/accounts.h); the registry decides what each role may do.
using Principal = accounts::Principal;

// What an officer fills in; the registry adds issuer, authority, key, number and dates.
struct IssueRequest {
  std::optional<std::string> number;  // default: "<ISSUER>-<YYYY>-<NNNNNN>"
  std::optional<std::string> issuer;  // default and only allowed value: the officer's participant
  std::string destination;
  core::Origin origin;
  core::Party exporter, importer;
  std::vector<core::HsLine> lines;
  int64_t parcels = 0;
  std::optional<Date> expires_on;  // default: issue date + kDefaultValidityDays
  // Not in the JSON body: the request's Idempotency-Key, if sent, and a digest of the request
  // as sent. A user's second request with the same key gets the certificate the first made, if
  // the digests match; with another digest it is refused (docs/API.md).
  std::optional<std::string> idempotency_key;
  std::string request_sha256;
};
inline constexpr int kDefaultValidityDays = 60;

// What IssueAsync made: a new certificate, or the one an earlier request with the same
// Idempotency-Key made (replayed).
struct Issued {
  store::CertificateRecord record;
  bool replayed = false;
};

struct ConfirmRequest {
  std::optional<Date> received_on;  // default today; not in the future, not before issue
  int64_t carats_hundredths = 0;    // as received
  int64_t value_usd_cents = 0;
  int64_t parcels = 0;
};

// Tolerances between the certificate and the confirmation (docs/CERTIFICATES.md explains why).
inline constexpr int64_t kCaratToleranceBasisPoints = 10;   // 0.10 %: scale differences
inline constexpr int64_t kValueToleranceBasisPoints = 100;  // 1.00 %: valuation/rounding
// Parcels must match exactly.

inline constexpr const char* kVoidReasons[] = {"lost", "stolen", "cancelled"};

struct VoidRequest {
  std::string reason;  // lost | stolen | cancelled
  std::string note;
};

class Registry {
 public:
  // `today` is injectable so tests and demos can move the calendar.
  Registry(store::Database& db, KeyVault& vault, std::function<Date()> today = &Date::TodayUtc);

  Date Today() const { return today_(); }

  // --- participants and keys ---
  Status InitParticipants();  // loads core::KnownParticipants()
  Status UpsertParticipant(const Principal& p, const store::Participant& participant);
  Result<std::vector<store::Participant>> ListParticipants();  // public
  // Public keys (public): all, or one participant's, oldest first.
  Result<std::vector<store::AuthorityKey>> ListKeys(
      const std::optional<std::string>& participant = std::nullopt);
  Result<store::AuthorityKey> GetKey(const std::string& key_id);
  // Creates a key pair, writes the private key file (0600) and registers the public key.
  Result<store::AuthorityKey> GenerateKey(const std::string& participant,
                                          std::optional<Date> valid_from = std::nullopt,
                                          const std::string& actor = "cli");
  // New key valid from today; the participant's current keys stop signing after today.
  Result<store::AuthorityKey> RotateKey(const std::string& participant,
                                        const std::string& actor = "cli");
  Status RevokeKey(const std::string& key_id, const std::string& reason,
                   const std::string& actor = "cli");
  // The same for a caller over the API: admins only.
  Status RevokeKey(const Principal& who, const std::string& key_id, const std::string& reason);

  // --- certificates ---
  // `issued_on` overrides today (demo data only; not reachable from HTTP or the CLI).
  Result<store::CertificateRecord> Issue(const Principal& p, const IssueRequest& r,
                                         std::optional<Date> issued_on = std::nullopt);
  // Issue without waiting for the commit: the checks run on the calling thread, the numbering,
  // signing and insert on the store's committer thread, and `done` gets the outcome there (or
  // at once, on this thread, when a check fails). For the HTTP I/O threads, which must not
  // block: many issues in flight share one commit without a thread waiting for each. The
  // registry must outlive the call's completion (the HTTP server waits for its replies).
  void IssueAsync(const Principal& p, const IssueRequest& r,
                  std::function<void(Result<Issued>)> done);
  // Full record: admins and the officers of the issuer and destination only.
  Result<store::CertificateRecord> Get(const Principal& p, const std::string& number);
  // Get's check without the record: OK when `p` may read certificate `number`'s details,
  // kNotFound or kPermissionDenied as Get. A certificate's two participants never change, so
  // they are kept in memory once read: a repeated check reads no database.
  Status MayReadDetails(const Principal& p, const std::string& number);
  // Its answer from memory only, or nothing when the certificate's parties are not known yet:
  // for the HTTP I/O threads.
  std::optional<Status> CachedMayReadDetails(const Principal& p, const std::string& number);
  Result<store::CertificateRecord> Confirm(const Principal& p, const std::string& number,
                                           const ConfirmRequest& r);
  Result<store::CertificateRecord> Void(const Principal& p, const std::string& number,
                                        const VoidRequest& r);
  // Admins see everything; officers what their participant issued or received.
  Result<store::CertificatePage> List(const Principal& p, store::CertificateFilter filter);
  // `participant`'s certificates (as destination, or as issuer) issued within [from, to], per
  // state today. Admins, and the participant's own officers (kPermissionDenied otherwise).
  Result<store::CertificateCounts> Count(const Principal& who, const std::string& participant,
                                         bool as_destination, Date from, Date to);

  // Public verification of a stored certificate by number (state, signature, key, expiry).
  Result<VerifyReport> VerifyStored(const std::string& number);
  // The public verification answer (JSON, see docs/API.md) for GET .../verify. Cached per number
  // until any stored data changes (here or in another process) or the date changes, so repeated
  // checks of the same certificate at a border post cost a lookup.
  Result<std::string> PublicVerificationJson(const std::string& number);
  // The cached answer only, or nothing: never touches more than the data version, so it is
  // cheap enough for an I/O thread.
  std::optional<std::string> CachedPublicVerificationJson(const std::string& number);
  // Is the presented certificate the registered one, and valid? `who` is the caller, or null
  // for an anonymous one. The answer depends on private fields only for a party to the
  // certificate (its two participants' officers, admins), who learns which fields differ, or
  // when the presented document is signed by a valid key of the issuer; then it says only
  // whether it matches. Everyone else gets the checks of the presented document alone.
  Result<VerifyReport> VerifyPresented(const Principal* who, const std::string& number,
                                       const core::SignedCertificate& presented);
  // Its public answer (JSON, see docs/API.md): the report with the registered certificate's
  // number, issuer and dates.
  Result<std::string> PresentedVerificationJson(const Principal* who, const std::string& number,
                                                const core::SignedCertificate& presented);

 private:
  struct ReferenceCache {
    store::ChangeStamp version;
    bool valid = false;
    std::unordered_map<std::string, store::Participant> participants;
    std::unordered_map<std::string, std::vector<store::AuthorityKey>> keys;
  };
  struct PendingIssue;
  Result<std::shared_ptr<PendingIssue>> PrepareIssue(const Principal& p, const IssueRequest& r,
                                                     std::optional<Date> issued_on);
  Status IssueInTransaction(store::Txn& t, PendingIssue& pending);  // with its Idempotency-Key
  Status IssueNew(store::Txn& t, PendingIssue& pending);
  Result<store::AuthorityKey> GenerateKeyIn(store::Txn& t, const std::string& participant,
                                            Date valid_from, const std::string& actor);
  Result<store::CertificateRecord> LoadCertificate(const std::string& number);
  Result<VerifyReport> VerifyPresentedAgainst(const Principal* who,
                                              const store::CertificateRecord& rec,
                                              const core::SignedCertificate& presented);
  template <typename F>
  auto Read(F&& f);
  Result<crypto::KeyPair> SigningKey(const std::string& participant, Date on, std::string* key_id);
  // Reference data read through a cache that is valid while the store's reference version is
  // unchanged (participants and keys change rarely; certificates often).
  Result<store::Participant> Participant(const std::string& code);
  Result<std::vector<store::AuthorityKey>> Keys(const std::string& participant);
  template <typename Value, typename Load>
  Result<Value> Cached(std::unordered_map<std::string, Value> ReferenceCache::*map,
                       const std::string& key, Load load);
  Result<VerifyReport> VerifyRecord(const store::CertificateRecord& rec,
                                    const core::SignedCertificate& cert);

  store::Database& db_;
  KeyVault& vault_;
  std::function<Date()> today_;
  std::mutex cache_mu_;
  std::map<std::string, crypto::KeyPair> key_cache_;  // key_id -> loaded private key

  std::shared_mutex ref_mu_;
  ReferenceCache ref_;

  struct CachedVerification {
    store::ChangeStamp version;
    Date today;
    std::string json;
  };
  std::shared_mutex verify_mu_;
  std::unordered_map<std::string, CachedVerification> verify_cache_;
  struct Parties {
    std::string issuer;
    std::string destination;
  };
  std::shared_mutex parties_mu_;
  std::unordered_map<std::string, Parties> parties_;  // by number; guarded by parties_mu_
};

}  // namespace openkp::registry
