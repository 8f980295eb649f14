// The certificate registry: issue, verify, confirm and void KP certificates; authority keys and
// API users. Both the HTTP API and the CLI call this; it enforces every rule and permission.
//
//   registry::Registry reg(store, vault);
//   auto who = reg.Authenticate(token);                        // -> Principal
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

#include "core/certificate.h"
#include "crypto/crypto.h"
#include "registry/key_vault.h"
#include "registry/verify.h"
#include "store/store.h"

namespace openkp::registry {

using core::Date;
using core::Result;
using core::Status;

// Who is calling: an authenticated user (role, participant).
struct Principal {
  store::User user;
  bool is_admin() const { return user.role == store::Role::kAdmin; }
  bool is_officer_of(const std::string& participant) const {
    return user.role == store::Role::kOfficer && user.participant == participant;
  }
};

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

struct NewUser {
  store::User user;
  std::string token;  // shown once; only its SHA-256 is stored
};

class Registry {
 public:
  // `today` is injectable so tests and demos can move the calendar.
  Registry(store::Store& store, KeyVault& vault, std::function<Date()> today = &Date::TodayUtc);

  Date Today() const { return today_(); }
  store::Store& store() { return store_; }

  // --- accounts ---
  Result<Principal> Authenticate(std::string_view bearer_token);
  Result<NewUser> AddUser(const std::string& name, store::Role role,
                          const std::string& participant);
  Status RequireAdmin(const Principal& p) const;
  // Account control for operators (the CLI, with the database) and admins (the API checks
  // RequireAdmin first). A disabled user's tokens are refused until it is enabled again; a
  // revoked token never works again. Running servers see the change at once.
  Result<store::User> SetUserDisabled(int64_t user_id, bool disabled);
  Result<int64_t> RevokeTokens(int64_t user_id);  // how many were active
  // A new token for an existing user (shown once), e.g. after revoking a leaked one.
  Result<NewUser> NewToken(int64_t user_id);

  // --- participants and keys ---
  Status InitParticipants();  // loads core::KnownParticipants()
  Status UpsertParticipant(const Principal& p, const store::Participant& participant);
  // Creates a key pair, writes the private key file (0600) and registers the public key.
  Result<store::AuthorityKey> GenerateKey(const std::string& participant,
                                          std::optional<Date> valid_from = std::nullopt,
                                          const std::string& actor = "cli");
  // New key valid from today; the participant's current keys stop signing after today.
  Result<store::AuthorityKey> RotateKey(const std::string& participant,
                                        const std::string& actor = "cli");
  Status RevokeKey(const std::string& key_id, const std::string& reason,
                   const std::string& actor = "cli");

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
  Result<store::CertificateRecord> Confirm(const Principal& p, const std::string& number,
                                           const ConfirmRequest& r);
  Result<store::CertificateRecord> Void(const Principal& p, const std::string& number,
                                        const VoidRequest& r);
  // Admins see everything; officers what their participant issued or received.
  Result<store::CertificatePage> List(const Principal& p, store::CertificateFilter filter);

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

 private:
  struct ReferenceCache {
    store::Store::DataVersion version;
    bool valid = false;
    std::unordered_map<std::string, store::Participant> participants;
    std::unordered_map<std::string, std::vector<store::AuthorityKey>> keys;
    std::unordered_map<std::string, store::User> users;  // by token SHA-256
  };
  struct PendingIssue;
  Result<std::shared_ptr<PendingIssue>> PrepareIssue(const Principal& p, const IssueRequest& r,
                                                     std::optional<Date> issued_on);
  Status IssueInTransaction(PendingIssue& pending);  // with its Idempotency-Key, if any
  Status IssueNew(PendingIssue& pending);
  Result<crypto::KeyPair> SigningKey(const std::string& participant, Date on, std::string* key_id);
  // Reference data read through a cache that is valid while the store's reference version is
  // unchanged (participants, keys, users and tokens change rarely; certificates often).
  Result<store::Participant> Participant(const std::string& code);
  Result<std::vector<store::AuthorityKey>> Keys(const std::string& participant);
  Result<store::User> UserByTokenHash(const std::string& token_sha256_hex);
  template <typename Value, typename Load>
  Result<Value> Cached(std::unordered_map<std::string, Value> ReferenceCache::*map,
                       const std::string& key, Load load);
  Result<VerifyReport> VerifyRecord(const store::CertificateRecord& rec,
                                    const core::SignedCertificate& cert);

  store::Store& store_;
  KeyVault& vault_;
  std::function<Date()> today_;
  std::mutex cache_mu_;
  std::map<std::string, crypto::KeyPair> key_cache_;  // key_id -> loaded private key

  std::shared_mutex ref_mu_;
  ReferenceCache ref_;

  struct CachedVerification {
    store::Store::DataVersion version;
    Date today;
    std::string json;
  };
  std::shared_mutex verify_mu_;
  std::unordered_map<std::string, CachedVerification> verify_cache_;
};

}  // namespace openkp::registry
