#include "registry/registry.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>

#include "core/amount.h"
#include "core/iso3166.h"
#include "core/jcs.h"
#include "core/text.h"
#include "registry/codec.h"

namespace openkp::registry {

namespace json = boost::json;
using core::Code;

namespace {

constexpr size_t kVerifyCacheEntries = 100'000;

Status Denied(const std::string& why) { return Status(Code::kPermissionDenied, why); }

std::string Percent(int64_t diff, int64_t base) {
  // Basis points rendered as a percentage with two decimals, in integer arithmetic.
  int64_t bp = base == 0 ? 0 : diff * 10000 / base;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%lld.%02lld%%", bp < 0 ? "-" : "+",
                static_cast<long long>((bp < 0 ? -bp : bp) / 100),
                static_cast<long long>((bp < 0 ? -bp : bp) % 100));
  return buf;
}

// True when |received - declared| exceeds tolerance_bp basis points of declared.
// 128-bit so that amounts up to the validation limits cannot overflow the products.
__extension__ typedef __int128 Int128;
bool Beyond(int64_t declared, int64_t received, int64_t tolerance_bp) {
  Int128 diff = static_cast<Int128>(received) - declared;
  if (diff < 0) diff = -diff;
  return diff * 10000 > static_cast<Int128>(declared) * tolerance_bp;
}

}  // namespace

Registry::Registry(store::Database& db, KeyVault& vault, std::function<Date()> today)
    : db_(db), vault_(vault), today_(std::move(today)) {}

template <typename F>
auto Registry::Read(F&& f) {
  return store::ReadValue(db_, std::forward<F>(f));
}

Result<store::CertificateRecord> Registry::LoadCertificate(const std::string& number) {
  return Read([&](store::Txn& t) { return db_.registry().GetCertificate(t, number); });
}

Result<std::vector<store::Participant>> Registry::ListParticipants() {
  return Read([&](store::Txn& t) { return db_.registry().ListParticipants(t); });
}

Result<std::vector<store::AuthorityKey>> Registry::ListKeys(
    const std::optional<std::string>& participant) {
  return Read([&](store::Txn& t) { return db_.registry().ListKeys(t, participant); });
}

Result<store::AuthorityKey> Registry::GetKey(const std::string& key_id) {
  return Read([&](store::Txn& t) { return db_.registry().GetKey(t, key_id); });
}

Status Registry::InitParticipants() {
  return db_.Write([&](store::Txn& t) -> Status {
    for (const auto& p : core::KnownParticipants()) {
      OPENKP_RETURN_IF_ERROR(db_.registry().UpsertParticipant(t, {p.code, p.name, p.authority}));
    }
    return {};
  });
}

Status Registry::UpsertParticipant(const Principal& who, const store::Participant& p) {
  if (!who.is_admin()) return Denied("only an admin may add or rename a participant");
  if (p.code != "EU" && !core::IsIsoCountry(p.code)) {
    return Status::Invalid("code", "participant-code",
                           "'" + p.code + "' is not an ISO 3166-1 alpha-2 code or EU");
  }
  if (p.name.empty() || p.name.size() > 200) {
    return Status::Invalid("name", "length", "must be 1 to 200 characters");
  }
  if (p.authority.empty() || p.authority.size() > 200) {
    return Status::Invalid("authority", "length", "must be 1 to 200 characters");
  }
  // The authority's name is printed on every certificate it issues.
  for (const auto& [field, text] :
       {std::pair{"name", &p.name}, std::pair{"authority", &p.authority}}) {
    if (auto why = core::UnsafeTextReason(*text)) return Status::Invalid(field, "plain-text", *why);
  }
  return db_.Write([&](store::Txn& t) { return db_.registry().UpsertParticipant(t, p); });
}

Result<store::AuthorityKey> Registry::GenerateKey(const std::string& participant,
                                                  std::optional<Date> valid_from,
                                                  const std::string& actor) {
  return store::WriteValue(db_, [&](store::Txn& t) {
    return GenerateKeyIn(t, participant, valid_from.value_or(Today()), actor);
  });
}

Result<store::AuthorityKey> Registry::GenerateKeyIn(store::Txn& t, const std::string& participant,
                                                    Date valid_from, const std::string& actor) {
  auto p = db_.registry().GetParticipant(t, participant);
  if (!p.ok()) return p.status();
  crypto::KeyPair kp = crypto::KeyPair::Generate();
  store::AuthorityKey k;
  k.participant = participant;
  k.valid_from = valid_from;
  k.public_key = kp.public_key();
  // Readable and unique: participant, start date, first bytes of the key's hash.
  k.key_id = participant + "-" + k.valid_from.ToString() + "-" +
             crypto::Sha256Hex(kp.public_key()).substr(0, 8);
  OPENKP_RETURN_IF_ERROR(vault_.Save(k.key_id, kp));
  json::object payload = KeyToJson(k);
  OPENKP_RETURN_IF_ERROR(db_.registry().AddKey(t, k));
  OPENKP_RETURN_IF_ERROR(db_.events().Append(
      t, {0, "key.registered", k.key_id, participant, "", actor, json::serialize(payload)}));
  return k;
}

Result<store::AuthorityKey> Registry::RotateKey(const std::string& participant,
                                                const std::string& actor) {
  const Date today = Today();
  return store::WriteValue(db_, [&](store::Txn& t) -> Result<store::AuthorityKey> {
    auto keys = db_.registry().ListKeys(t, participant);
    if (!keys.ok()) return keys.status();
    auto fresh = GenerateKeyIn(t, participant, today, actor);
    if (!fresh.ok()) return fresh.status();
    for (const auto& k : *keys) {
      if (k.revoked_on || (k.valid_to && *k.valid_to <= today)) continue;
      json::object payload{
          {"key_id", k.key_id}, {"valid_to", today.ToString()}, {"successor", fresh->key_id}};
      OPENKP_RETURN_IF_ERROR(db_.registry().SetKeyValidTo(t, k.key_id, today));
      OPENKP_RETURN_IF_ERROR(db_.events().Append(
          t, {0, "key.rotated", k.key_id, participant, "", actor, json::serialize(payload)}));
    }
    return fresh;
  });
}

Status Registry::RevokeKey(const Principal& who, const std::string& key_id,
                           const std::string& reason) {
  if (!who.is_admin()) return Denied("only an admin may revoke a key");
  return RevokeKey(key_id, reason, who.user.name);
}

Status Registry::RevokeKey(const std::string& key_id, const std::string& reason,
                           const std::string& actor) {
  auto k = GetKey(key_id);
  if (!k.ok()) return k.status();
  if (k->revoked_on) {
    return Status(Code::kFailedPrecondition, "key " + key_id + " is already revoked");
  }
  if (reason.empty() || reason.size() > 500) {
    return Status::Invalid("reason", "length", "give a reason of 1 to 500 characters");
  }
  json::object payload{{"key_id", key_id}, {"revoked_on", Today().ToString()}, {"reason", reason}};
  {
    std::lock_guard lock(cache_mu_);
    key_cache_.erase(key_id);
  }
  return db_.Write([&](store::Txn& t) -> Status {
    OPENKP_RETURN_IF_ERROR(db_.registry().RevokeKey(t, key_id, Today(), reason));
    return db_.events().Append(
        t, {0, "key.revoked", key_id, k->participant, "", actor, json::serialize(payload)});
  });
}

template <typename Value, typename Load>
Result<Value> Registry::Cached(std::unordered_map<std::string, Value> ReferenceCache::*map,
                               const std::string& key, Load load) {
  // The version is read before the data, so data newer than its version can be cached (and is
  // dropped at the next check), never data older than its version.
  auto version = db_.CurrentReferenceStamp();
  if (!version.ok()) return version.status();
  {
    std::shared_lock lock(ref_mu_);
    if (ref_.valid && ref_.version == *version) {
      auto it = (ref_.*map).find(key);
      if (it != (ref_.*map).end()) return it->second;
    }
  }
  Result<Value> loaded = load();
  if (!loaded.ok()) return loaded;  // failures (unknown token, ...) are not cached
  std::unique_lock lock(ref_mu_);
  if (!ref_.valid || !(ref_.version == *version)) {
    ref_ = ReferenceCache{};
    ref_.version = *version;
    ref_.valid = true;
  }
  (ref_.*map)[key] = *loaded;
  return loaded;
}

Result<store::Participant> Registry::Participant(const std::string& code) {
  return Cached(&ReferenceCache::participants, code, [&] {
    return Read([&](store::Txn& t) { return db_.registry().GetParticipant(t, code); });
  });
}

Result<std::vector<store::AuthorityKey>> Registry::Keys(const std::string& participant) {
  return Cached(&ReferenceCache::keys, participant, [&] {
    return Read([&](store::Txn& t) { return db_.registry().ListKeys(t, participant); });
  });
}

Result<crypto::KeyPair> Registry::SigningKey(const std::string& participant, Date on,
                                             std::string* key_id) {
  auto keys = Keys(participant);
  if (!keys.ok()) return keys.status();
  // Newest key valid on `on` wins (rotation leaves the old one valid through its last day).
  const store::AuthorityKey* best = nullptr;
  for (const auto& k : *keys) {
    if (k.revoked_on || k.valid_from > on || (k.valid_to && *k.valid_to < on)) continue;
    if (best == nullptr || k.valid_from >= best->valid_from) best = &k;
  }
  if (best == nullptr) {
    return Status(Code::kFailedPrecondition,
                  "participant " + participant + " has no authority key valid on " + on.ToString() +
                      "; an operator creates one with `openkp keys generate`");
  }
  *key_id = best->key_id;
  std::lock_guard lock(cache_mu_);
  auto it = key_cache_.find(best->key_id);
  if (it != key_cache_.end()) return it->second;
  auto kp = vault_.Load(best->key_id);
  if (!kp.ok()) return kp.status();
  if (kp->public_key() != best->public_key) {
    return Status::Internal("key file for " + best->key_id + " does not match its public key");
  }
  key_cache_.emplace(best->key_id, *kp);
  return kp;
}

namespace {

// Rules for new certificates beyond core::ValidateBody, which verification applies to every
// certificate ever signed: tightening these never makes an issued certificate invalid.
Status CheckIssueRules(const core::CertificateBody& b) {
  // The number begins with the issuer's code (the EU's: EU or a member state's), then a
  // separator or digit, so "ZA-BW-1" from Botswana or "BWA1" cannot pass for another's.
  auto begins_with = [&](std::string_view code) {
    return b.number.size() > code.size() && b.number.compare(0, code.size(), code) == 0 &&
           (b.number[code.size()] == '-' || b.number[code.size()] == '/' ||
            (b.number[code.size()] >= '0' && b.number[code.size()] <= '9'));
  };
  const bool ok = begins_with(b.issuer) ||
                  (b.issuer == "EU" && core::IsEuMember(std::string_view(b.number).substr(0, 2)) &&
                   begins_with(b.number.substr(0, 2)));
  if (!ok) {
    return Status::Invalid("number", "starts-with-issuer-code",
                           "must begin with the issuer's code '" + b.issuer +
                               (b.issuer == "EU" ? "' (or an EU member state's)" : "'") +
                               " followed by '-', '/' or a digit, e.g. " + b.issuer + "-2026-17");
  }
  for (const auto& [field, text] : {std::pair{"exporter.name", &b.exporter.name},
                                    std::pair{"exporter.address", &b.exporter.address},
                                    std::pair{"importer.name", &b.importer.name},
                                    std::pair{"importer.address", &b.importer.address}}) {
    if (auto why = core::UnsafeTextReason(*text)) {
      return Status::Invalid(field, "plain-text", *why);
    }
  }
  return {};
}

}  // namespace

// An issue request that passed every check that needs no number: what the transaction needs.
struct Registry::PendingIssue {
  core::CertificateBody body;  // number is the officer's or a placeholder until numbered
  bool numbered_by_officer = false;
  crypto::KeyPair key;
  std::string actor;
  int64_t user_id = 0;
  std::string idempotency_key, request_sha256;  // empty key: none was sent
  Issued issued;                                // filled in by the transaction
};

Result<std::shared_ptr<Registry::PendingIssue>> Registry::PrepareIssue(
    const Principal& who, const IssueRequest& r, std::optional<Date> issued_on) {
  if (who.user.role != store::Role::kOfficer) {
    return Denied("only an authority officer of the exporting participant issues certificates");
  }
  const std::string issuer = who.user.participant;
  if (r.issuer && *r.issuer != issuer) {
    return Denied("an officer of " + issuer + " cannot issue for " + *r.issuer);
  }
  if (const auto& key = r.idempotency_key) {
    const bool printable =
        std::all_of(key->begin(), key->end(), [](char c) { return c > 0x20 && c < 0x7f; });
    if (key->empty() || key->size() > 200 || !printable) {
      return Status::Invalid("Idempotency-Key", "format",
                             "must be 1 to 200 printable ASCII characters without spaces");
    }
  }
  auto participant = Participant(issuer);
  if (!participant.ok()) return participant.status();
  if (!r.destination.empty() && r.destination != issuer) {
    auto dest = Participant(r.destination);
    if (!dest.ok()) {
      if (dest.status().code() != Code::kNotFound) return dest.status();
      return Status::Invalid("destination", "kp-participant",
                             "'" + r.destination +
                                 "' is not a KP participant: trade with non-participants is "
                                 "forbidden");
    }
  }
  auto p = std::make_shared<PendingIssue>();
  core::CertificateBody& b = p->body;
  b.issuer = issuer;
  b.issuing_authority = participant->authority;
  b.destination = r.destination;
  b.origin = r.origin;
  b.exporter = r.exporter;
  b.importer = r.importer;
  b.lines = r.lines;
  b.parcels = r.parcels;
  b.issued_on = issued_on.value_or(Today());
  b.expires_on = r.expires_on.value_or(b.issued_on.AddDays(kDefaultValidityDays));
  // Placeholders let the officer's input be validated before a number and key are assigned.
  b.number = r.number.value_or(issuer + "-0000");
  b.key_id = "unassigned";
  OPENKP_RETURN_IF_ERROR(core::ValidateBody(b));
  OPENKP_RETURN_IF_ERROR(CheckIssueRules(b));
  auto key = SigningKey(issuer, b.issued_on, &b.key_id);
  if (!key.ok()) return key.status();
  p->key = *key;
  p->numbered_by_officer = r.number.has_value();
  p->actor = who.user.name;
  p->user_id = who.user.id;
  p->idempotency_key = r.idempotency_key.value_or("");
  p->request_sha256 = r.request_sha256;
  return p;
}

// Number, signature and insert, inside the store's transaction: no number is consumed by a
// failure, and one commit is shared with concurrent issuers by the store's group commit.
Status Registry::IssueInTransaction(store::Txn& t, PendingIssue& p) {
  core::CertificateBody& b = p.body;
  store::CertificateRecord& rec = p.issued.record;
  if (!p.idempotency_key.empty()) {
    // Looked up inside the transaction: concurrent retries are serialised by it, so the second
    // finds the first's key even in the same batch.
    auto prior = db_.registry().FindIssueKey(t, p.user_id, p.idempotency_key);
    if (!prior.ok()) return prior.status();
    if (*prior) {
      if ((*prior)->request_sha256 != p.request_sha256) {
        return Status(Code::kAlreadyExists,
                      "Idempotency-Key '" + p.idempotency_key +
                          "' was used for another request (certificate " + (*prior)->number +
                          "); a retry must repeat the request exactly, a new request needs a new "
                          "key",
                      "Idempotency-Key", "same-request");
      }
      auto earlier = db_.registry().GetCertificate(t, (*prior)->number);
      if (!earlier.ok()) return earlier.status();
      rec = std::move(*earlier);
      p.issued.replayed = true;
      return {};
    }
  }
  Status issued = IssueNew(t, p);
  if (!issued.ok() || p.idempotency_key.empty()) return issued;
  return db_.registry().AddIssueKey(t, p.user_id, p.idempotency_key, {p.request_sha256, b.number});
}

Status Registry::IssueNew(store::Txn& t, PendingIssue& p) {
  core::CertificateBody& b = p.body;
  store::CertificateRecord& rec = p.issued.record;
  for (int attempt = 0;; ++attempt) {
    if (!p.numbered_by_officer) {
      auto seq = db_.registry().NextCertificateSequence(t, b.issuer, b.issued_on.year());
      if (!seq.ok()) return seq.status();
      char buf[64];
      std::snprintf(buf, sizeof buf, "%s-%04d-%06lld", b.issuer.c_str(), b.issued_on.year(),
                    static_cast<long long>(*seq));
      b.number = buf;
    }
    // The body's JSON is both signed (canonical form) and stored (document): built once.
    json::value body_json = core::BodyToJson(b);
    auto canonical = core::Canonicalize(body_json);
    if (!canonical.ok()) return canonical.status();
    rec.certificate.body = b;
    rec.certificate.signature = crypto::Base64Encode(crypto::Sign(p.key, *canonical));
    rec.document =
        json::serialize(core::SignedToJson(std::move(body_json), rec.certificate.signature));
    json::object payload{{"number", b.number},
                         {"issuer", b.issuer},
                         {"destination", b.destination},
                         {"issued_on", b.issued_on.ToString()},
                         {"expires_on", b.expires_on.ToString()},
                         {"key_id", b.key_id},
                         {"document_sha256", crypto::Sha256Hex(rec.document)}};
    Status ins = db_.registry().InsertCertificate(t, rec);
    // A generated number can collide with one an officer chose by hand: take the next.
    if (ins.code() == Code::kAlreadyExists && !p.numbered_by_officer && attempt < 100) continue;
    OPENKP_RETURN_IF_ERROR(ins);
    return db_.events().Append(
        t, {0, "certificate.issued", b.number, b.issuer, "", p.actor, json::serialize(payload)});
  }
}

Result<store::CertificateRecord> Registry::Issue(const Principal& who, const IssueRequest& r,
                                                 std::optional<Date> issued_on) {
  auto pending = PrepareIssue(who, r, issued_on);
  if (!pending.ok()) return pending.status();
  PendingIssue& p = **pending;
  Status st = db_.Write([&](store::Txn& t) { return IssueInTransaction(t, p); });
  if (!st.ok()) return st;
  return std::move(p.issued.record);
}

void Registry::IssueAsync(const Principal& who, const IssueRequest& r,
                          std::function<void(Result<Issued>)> done) {
  auto pending = PrepareIssue(who, r, std::nullopt);
  if (!pending.ok()) return done(pending.status());
  std::shared_ptr<PendingIssue> p = std::move(*pending);
  db_.SubmitWrite([this, p](store::Txn& t) { return IssueInTransaction(t, *p); },
                  [p, done = std::move(done)](const Status& st) {
                    if (!st.ok()) return done(st);
                    done(std::move(p->issued));
                  });
}

namespace {

Status MayRead(const Principal& who, const std::string& issuer, const std::string& destination) {
  if (who.is_admin() || who.is_officer_of(issuer) || who.is_officer_of(destination)) return {};
  return Denied(
      "certificate details are visible only to the exporting and importing authorities; use "
      "the public verify endpoint");
}

}  // namespace

Result<store::CertificateRecord> Registry::Get(const Principal& who, const std::string& number) {
  auto rec = LoadCertificate(number);
  if (!rec.ok()) return rec.status();
  const auto& b = rec->certificate.body;
  OPENKP_RETURN_IF_ERROR(MayRead(who, b.issuer, b.destination));
  return rec;
}

std::optional<Status> Registry::CachedMayReadDetails(const Principal& who,
                                                     const std::string& number) {
  std::shared_lock lock(parties_mu_);
  auto it = parties_.find(number);
  if (it == parties_.end()) return std::nullopt;
  return MayRead(who, it->second.issuer, it->second.destination);
}

Status Registry::MayReadDetails(const Principal& who, const std::string& number) {
  if (auto cached = CachedMayReadDetails(who, number)) return *cached;
  auto rec = LoadCertificate(number);
  if (!rec.ok()) return rec.status();
  const auto& b = rec->certificate.body;
  {
    std::unique_lock lock(parties_mu_);
    if (parties_.size() >= kVerifyCacheEntries) parties_.clear();  // crude, bounded
    parties_[number] = {b.issuer, b.destination};
  }
  return MayRead(who, b.issuer, b.destination);
}

Result<store::CertificateRecord> Registry::Confirm(const Principal& who, const std::string& number,
                                                   const ConfirmRequest& r) {
  auto rec = LoadCertificate(number);
  if (!rec.ok()) return rec.status();
  const auto& b = rec->certificate.body;
  if (!who.is_officer_of(b.destination)) {
    return Denied("only an officer of the importing participant " + b.destination +
                  " confirms this certificate");
  }
  if (rec->state != store::CertificateState::kIssued) {
    return Status(Code::kFailedPrecondition,
                  "certificate " + number + " is already " + store::StateName(rec->state));
  }
  const Date today = Today();
  const Date received = r.received_on.value_or(today);
  if (received > today) {
    return Status::Invalid("received_on", "not-future", "cannot be in the future");
  }
  if (received < b.issued_on) {
    return Status::Invalid("received_on", "after-issue",
                           "cannot be before the issue date " + b.issued_on.ToString());
  }
  if (received > b.expires_on) {
    return Status(Code::kFailedPrecondition,
                  "certificate " + number + " expired on " + b.expires_on.ToString() +
                      "; goods received on " + received.ToString() + " are not covered by it",
                  "received_on", "within-validity");
  }
  if (r.carats_hundredths <= 0 || r.carats_hundredths > 100 * core::kMaxLineCaratsHundredths) {
    return Status::Invalid("carats_hundredths", "positive", "must be a positive weight");
  }
  if (r.value_usd_cents <= 0 || r.value_usd_cents > 100 * core::kMaxLineValueCents) {
    return Status::Invalid("value_usd_cents", "positive", "must be a positive value");
  }
  if (r.parcels < 1 || r.parcels > core::kMaxParcels) {
    return Status::Invalid("parcels", "range",
                           "must be between 1 and " + std::to_string(core::kMaxParcels));
  }
  store::Confirmation c;
  c.received_on = received;
  c.carats_hundredths = r.carats_hundredths;
  c.value_usd_cents = r.value_usd_cents;
  c.parcels = r.parcels;
  c.confirmed_by = who.user.name;
  const int64_t carats = b.TotalCaratsHundredths(), value = b.TotalValueCents();
  if (Beyond(carats, r.carats_hundredths, kCaratToleranceBasisPoints)) {
    c.mismatches.push_back("carats: certified " + core::FormatHundredths(carats) + ", received " +
                           core::FormatHundredths(r.carats_hundredths) + " (" +
                           Percent(r.carats_hundredths - carats, carats) + "; tolerance 0.10%)");
  }
  if (Beyond(value, r.value_usd_cents, kValueToleranceBasisPoints)) {
    c.mismatches.push_back("value: certified US$ " + core::FormatHundredths(value) +
                           ", received US$ " + core::FormatHundredths(r.value_usd_cents) + " (" +
                           Percent(r.value_usd_cents - value, value) + "; tolerance 1.00%)");
  }
  if (r.parcels != b.parcels) {
    c.mismatches.push_back("parcels: certified " + std::to_string(b.parcels) + ", received " +
                           std::to_string(r.parcels));
  }
  json::array mism;
  for (const auto& m : c.mismatches) mism.emplace_back(m);
  json::object payload{{"number", number},
                       {"received_on", received.ToString()},
                       {"carats_hundredths", c.carats_hundredths},
                       {"value_usd_cents", c.value_usd_cents},
                       {"parcels", c.parcels},
                       {"mismatches", std::move(mism)}};
  return store::WriteValue(db_, [&](store::Txn& t) -> Result<store::CertificateRecord> {
    OPENKP_RETURN_IF_ERROR(db_.registry().RecordConfirmation(t, number, c));
    OPENKP_RETURN_IF_ERROR(
        db_.events().Append(t, {0, "certificate.confirmed", number, b.destination, "",
                                who.user.name, json::serialize(payload)}));
    return db_.registry().GetCertificate(t, number);
  });
}

Result<store::CertificateRecord> Registry::Void(const Principal& who, const std::string& number,
                                                const VoidRequest& r) {
  auto rec = LoadCertificate(number);
  if (!rec.ok()) return rec.status();
  const auto& b = rec->certificate.body;
  if (!who.is_officer_of(b.issuer)) {
    return Denied("only an officer of the issuing participant " + b.issuer +
                  " voids this certificate");
  }
  bool known = false;
  for (const char* reason : kVoidReasons) known = known || r.reason == reason;
  if (!known) {
    return Status::Invalid("reason", "void-reason",
                           "must be lost, stolen or cancelled, got '" + r.reason + "'");
  }
  if (r.note.size() > 1000) return Status::Invalid("note", "max-length", "is over 1000 bytes");
  if (rec->state != store::CertificateState::kIssued) {
    return Status(Code::kFailedPrecondition,
                  "certificate " + number + " is already " + store::StateName(rec->state));
  }
  store::Voiding v{Today(), r.reason, r.note, who.user.name};
  json::object payload{{"number", number},
                       {"voided_on", v.voided_on.ToString()},
                       {"reason", r.reason},
                       {"note", r.note}};
  return store::WriteValue(db_, [&](store::Txn& t) -> Result<store::CertificateRecord> {
    OPENKP_RETURN_IF_ERROR(db_.registry().RecordVoiding(t, number, v));
    OPENKP_RETURN_IF_ERROR(db_.events().Append(t, {0, "certificate.voided", number, b.issuer, "",
                                                   who.user.name, json::serialize(payload)}));
    return db_.registry().GetCertificate(t, number);
  });
}

Result<store::CertificatePage> Registry::List(const Principal& who,
                                              store::CertificateFilter filter) {
  if (!who.is_admin()) filter.involving = who.user.participant;
  filter.today = Today();
  return Read([&](store::Txn& t) { return db_.registry().ListCertificates(t, filter); });
}

Result<store::CertificateCounts> Registry::Count(const Principal& who,
                                                 const std::string& participant,
                                                 bool as_destination, Date from, Date to) {
  if (!who.is_admin() &&
      !(who.user.role == store::Role::kOfficer && who.user.participant == participant)) {
    return Status(core::Code::kPermissionDenied,
                  "counts of a participant's certificates are for admins and its officers");
  }
  const Date today = Today();
  return Read([&](store::Txn& t) {
    return db_.registry().CountCertificates(t, participant, as_destination, from, to, today);
  });
}

Result<VerifyReport> Registry::VerifyRecord(const store::CertificateRecord& rec,
                                            const core::SignedCertificate& cert) {
  auto keys = Keys(cert.body.issuer);
  if (!keys.ok()) return keys.status();
  VerifyReport r =
      VerifyOffline(cert, *keys, Today(), rec.state == store::CertificateState::kConfirmed);
  const bool expired =
      rec.state == store::CertificateState::kIssued && Today() > rec.certificate.body.expires_on;
  r.status = expired ? "expired" : store::StateName(rec.state);
  bool not_voided = rec.state != store::CertificateState::kVoided;
  std::string detail = not_voided ? "not voided"
                                  : "voided on " + rec.voiding->voided_on.ToString() + " (" +
                                        rec.voiding->reason + ")";
  r.checks.push_back({"not-voided", not_voided, detail});
  if (!not_voided && r.valid) {
    r.valid = false;
    r.failure = "voided";
    r.detail = detail;
  }
  return r;
}

Result<VerifyReport> Registry::VerifyStored(const std::string& number) {
  auto rec = LoadCertificate(number);
  if (!rec.ok()) return rec.status();
  return VerifyRecord(*rec, rec->certificate);
}

std::optional<std::string> Registry::CachedPublicVerificationJson(const std::string& number) {
  auto version = db_.CurrentChangeStamp();
  if (!version.ok()) return std::nullopt;
  std::shared_lock lock(verify_mu_);
  auto it = verify_cache_.find(number);
  if (it == verify_cache_.end() || !(it->second.version == *version) ||
      !(it->second.today == Today())) {
    return std::nullopt;
  }
  return it->second.json;
}

Result<std::string> Registry::PublicVerificationJson(const std::string& number) {
  auto version = db_.CurrentChangeStamp();     // read before the data: a later change only
  if (!version.ok()) return version.status();  // makes the entry look stale, never fresh
  const Date today = Today();
  {
    std::shared_lock lock(verify_mu_);
    auto it = verify_cache_.find(number);
    if (it != verify_cache_.end() && it->second.version == *version && it->second.today == today) {
      return it->second.json;
    }
  }
  auto rec = LoadCertificate(number);
  if (!rec.ok()) return rec.status();
  auto report = VerifyRecord(*rec, rec->certificate);
  if (!report.ok()) return report.status();
  std::string json = json::serialize(PublicVerifyToJson(rec->certificate.body, *report));
  std::unique_lock lock(verify_mu_);
  if (verify_cache_.size() >= kVerifyCacheEntries) verify_cache_.clear();  // crude, bounded
  verify_cache_[number] = {*version, today, json};
  return json;
}

Result<VerifyReport> Registry::VerifyPresented(const Principal* who, const std::string& number,
                                               const core::SignedCertificate& presented) {
  auto rec = LoadCertificate(number);
  if (!rec.ok()) return rec.status();
  return VerifyPresentedAgainst(who, *rec, presented);
}

Result<VerifyReport> Registry::VerifyPresentedAgainst(const Principal* who,
                                                      const store::CertificateRecord& rec,
                                                      const core::SignedCertificate& presented) {
  const std::string& number = rec.certificate.body.number;
  auto r = VerifyRecord(rec, presented);
  if (!r.ok()) return r;
  const core::CertificateBody& stored = rec.certificate.body;
  const bool party = who != nullptr && (who->is_admin() || who->is_officer_of(stored.issuer) ||
                                        who->is_officer_of(stored.destination));
  // Anyone else learns nothing that depends on a private field unless the presented document
  // carries a valid signature by a key that is not revoked: only then is it compared, and only
  // "same or not" is said. A forger guessing one field at a time gets the same answer for every
  // guess (the failed signature), so nothing about the registered certificate leaks.
  auto passed = [&](std::string_view name) {
    return std::any_of(r->checks.begin(), r->checks.end(),
                       [&](const VerifyCheck& c) { return c.name == name && c.ok; });
  };
  if (!party && !(passed("signature") && passed("key-not-revoked"))) return r;
  std::vector<std::string> differ = core::DiffBodies(stored, presented.body);
  if (presented.signature != rec.certificate.signature) differ.emplace_back("signature");
  const bool matches = differ.empty();
  std::string detail = "presented certificate is identical to the registered one";
  if (!matches && party) {
    detail = "presented certificate differs from the registered one in: ";
    for (size_t i = 0; i < differ.size(); ++i) detail += (i ? ", " : "") + differ[i];
    r->altered_fields = std::move(differ);
  } else if (!matches) {
    detail = "presented certificate differs from the one registered under " + number +
             " (the exporting and importing authorities can see where)";
  }
  r->checks.insert(r->checks.begin(), {"matches-registry", matches, detail});
  if (!matches) {
    r->valid = false;
    r->failure = "altered";
    r->detail = detail;
  }
  return r;
}

Result<std::string> Registry::PresentedVerificationJson(const Principal* who,
                                                        const std::string& number,
                                                        const core::SignedCertificate& presented) {
  auto rec = LoadCertificate(number);
  if (!rec.ok()) return rec.status();
  auto report = VerifyPresentedAgainst(who, *rec, presented);
  if (!report.ok()) return report.status();
  return json::serialize(PublicVerifyToJson(rec->certificate.body, *report));
}

}  // namespace openkp::registry
