#include "transparency/log.h"

#include <boost/json.hpp>
#include <cstring>
#include <map>
#include <optional>

#include "core/certificate.h"
#include "core/jcs.h"
#include "crypto/crypto.h"
#include "tlog/tile.h"

namespace openkp::transparency {

namespace json = boost::json;
using core::Result;
using core::Status;
using tlog::Hash;

namespace {

// The certificate status each certificate event kind records; receipts are asked for by status.
const std::map<std::string, std::string, std::less<>>& CertificateEventKinds() {
  static const std::map<std::string, std::string, std::less<>> kKinds = {
      {"issued", "certificate.issued"},
      {"confirmed", "certificate.confirmed"},
      {"voided", "certificate.voided"}};
  return kKinds;
}

}  // namespace

std::string CommitmentOfCanonical(std::string_view salt, std::string_view canonical) {
  std::string buf(salt);
  buf.append(canonical);
  auto d = crypto::Sha256(buf);
  return crypto::Base64Encode(std::string_view(reinterpret_cast<const char*>(d.data()), d.size()));
}

std::string CertificateCommitment(std::string_view salt, const core::SignedCertificate& cert) {
  // Integers and strings only: always canonicalises.
  return CommitmentOfCanonical(salt, *core::Canonicalize(core::SignedToJson(cert)));
}

std::string CertificateEntry(std::string_view event_kind, std::string_view number,
                             std::string_view issuer, std::string_view date,
                             std::string_view status, std::string_view commitment) {
  json::object entry{{"v", 1},
                     {"event", event_kind},
                     {"date", date},
                     {"number", number},
                     {"issuer", issuer},
                     {"status", status},
                     {"commitment", commitment}};
  return *core::Canonicalize(entry);  // strings and a small integer: always canonicalises
}

namespace {

std::string HashBytes(const Hash& h) {
  return std::string(reinterpret_cast<const char*>(h.data()), h.size());
}

Result<std::vector<Hash>> ParseTileHashes(const std::string& data, int width) {
  if (data.size() != static_cast<size_t>(width) * 32) {
    return Status::Internal("tile has " + std::to_string(data.size()) + " bytes, expected " +
                            std::to_string(width * 32));
  }
  std::vector<Hash> out(static_cast<size_t>(width));
  for (size_t i = 0; i < out.size(); ++i) std::memcpy(out[i].data(), data.data() + i * 32, 32);
  return out;
}

}  // namespace

Result<std::unique_ptr<Log>> Log::Open(store::Database& db, TileStore& tiles,
                                       tlog::NoteSigner signer, EntryKinds kinds) {
  std::unique_ptr<Log> log(new Log(db, tiles, std::move(signer), std::move(kinds)));
  OPENKP_RETURN_IF_ERROR(log->CheckKindsOfUnloggedEvents());
  // The tree starts from what these tiles publish: a checkpoint this database recorded. The
  // first Integrate builds the tiles of what the database holds beyond it (all of them for a
  // new server joining a shared database; the last batch after a crash before publishing).
  log->root_ = tlog::EmptyTreeRoot();
  // Every server of a database signs with the one log key: a server given another (its own
  // log/identity instead of a copy of the first server's) would sign a checkpoint nobody's
  // verifier accepts as soon as it sequences, so it does not start.
  auto recorded = store::ReadValue(db, [&](store::Txn& t) { return db.log().LatestCheckpoint(t); });
  if (!recorded.ok()) return recorded.status();
  if (*recorded) {
    auto opened = tlog::OpenNote((*recorded)->note, {log->verifier()});
    auto cp = opened.ok() ? tlog::ParseCheckpoint(opened->text)
                          : Result<tlog::Checkpoint>(opened.status());
    if (!cp.ok() || cp->origin != log->origin()) {
      return Status(core::Code::kFailedPrecondition,
                    "the database's log checkpoints were signed by another log key or origin than "
                    "this server's (" +
                        log->origin() +
                        "): every server of a database must "
                        "use the same log/identity file; copy it from the first server");
    }
  }
  auto published = tiles.Get("checkpoint");
  if (published.ok()) {
    auto opened = tlog::OpenNote(*published, {log->verifier()});
    if (!opened.ok()) {
      return Status(
          core::Code::kFailedPrecondition,
          "published checkpoint is not signed by this log's key: " + opened.status().message());
    }
    auto cp = tlog::ParseCheckpoint(opened->text);
    if (!cp.ok()) return cp.status();
    auto known =
        store::ReadValue(db, [&](store::Txn& t) { return db.log().CheckpointOfSize(t, cp->size); });
    if (!known.ok()) return known.status();
    if (cp->origin != log->origin() || !*known || (*known)->root != HashBytes(cp->root)) {
      return Status(core::Code::kFailedPrecondition,
                    "published checkpoint (size " + std::to_string(cp->size) +
                        ") is not one this database recorded: refusing to start rather than "
                        "risk signing a checkpoint inconsistent with it");
    }
    log->size_ = log->published_size_ = cp->size;
    log->root_ = cp->root;
  }
  OPENKP_RETURN_IF_ERROR(log->LoadEdge(log->size_));
  return log;
}

Status Log::CheckKindsOfUnloggedEvents() {
  auto events =
      store::ReadValue(db_, [&](store::Txn& t) { return db_.log().UnloggedEvents(t, 1000000); });
  if (!events.ok()) return events.status();
  for (const auto& e : *events) {
    if (kinds_.Find(e.kind) == nullptr) {
      return Status(core::Code::kFailedPrecondition,
                    "event " + std::to_string(e.id) + " has kind '" + e.kind +
                        "', which no service registered a log entry for: the log cannot publish "
                        "it (nor anything after it); register the kind (transparency::EntryKinds)");
    }
  }
  return {};
}

Result<EntryAndSalt> Log::BuildEntry(store::Txn& t, const store::Event& e) {
  const EntryBuilder* build = kinds_.Find(e.kind);
  if (build == nullptr) {
    return Status::Internal("event kind '" + e.kind + "' has no public log entry registered");
  }
  auto built = (*build)(db_, t, e, crypto::RandomBytes(16));
  if (built.ok() && built->entry.size() > 65535) {
    return Status::Internal("log entry of event " + std::to_string(e.id) + " is over 65535 bytes");
  }
  return built;
}

Status Log::LoadEdge(uint64_t size) {
  edge_.clear();
  for (int level = 0;; ++level) {
    const uint64_t count = size >> (tlog::kTileHeight * level);
    if (count == 0) break;
    edge_.emplace_back();
    const int width = static_cast<int>(count % tlog::kTileWidth);
    if (width == 0) continue;
    tlog::Tile t{level, count / tlog::kTileWidth, width};
    auto data = tiles_.Get(tlog::TilePath(t));
    if (!data.ok()) return Status::Internal("missing tile " + tlog::TilePath(t));
    auto hashes = ParseTileHashes(*data, width);
    if (!hashes.ok()) return hashes.status();
    edge_.back() = std::move(*hashes);
  }
  return {};
}

uint64_t Log::size() const {
  std::lock_guard lock(mu_);
  return size_;
}

namespace {

constexpr size_t kSaltBytes = 16;

Status ReceiptMismatch(const std::string& what) {
  return Status::Invalid("receipt", "entry",
                         "the receipt's entry is not about this certificate: " + what);
}

}  // namespace

namespace {

// The checkpoint a receipt carries, once `log_key` has verified its signature and origin.
Result<tlog::Checkpoint> SignedCheckpoint(const tlog::Receipt& receipt,
                                          const tlog::NoteVerifier& log_key) {
  auto note = tlog::OpenNote(receipt.checkpoint, {log_key});
  if (!note.ok()) return note.status();
  auto cp = tlog::ParseCheckpoint(note->text);
  if (!cp.ok()) return cp.status();
  if (cp->origin != log_key.name) {
    return Status::Invalid("receipt", "origin", "checkpoint origin is not the log key's name");
  }
  return cp;
}

}  // namespace

Result<LoggedCertificateEvent> VerifyCertificateReceipt(const core::SignedCertificate& cert,
                                                        const tlog::Receipt& receipt,
                                                        const tlog::NoteVerifier& log_key) {
  auto cp = SignedCheckpoint(receipt, log_key);
  if (!cp.ok()) return cp.status();
  if (receipt.extra.size() < kSaltBytes) {
    return Status::Invalid("receipt", "extra", "the receipt carries no commitment salt");
  }
  const auto& b = cert.body;
  const std::string salt = receipt.extra.substr(0, kSaltBytes);
  LoggedCertificateEvent out{*cp, receipt.index, "issued", b.issued_on.ToString()};
  std::string entry;
  if (receipt.extra.size() == kSaltBytes) {  // issue receipt: the entry follows from cert
    entry = CertificateEntry("certificate.issued", b.number, b.issuer, out.date, "issued",
                             CertificateCommitment(salt, cert));
  } else {  // another event: its entry is in the receipt, checked against cert
    entry = receipt.extra.substr(kSaltBytes);
    auto parsed = core::ParseJson(entry);
    if (!parsed.ok() || !parsed->is_object()) {
      return Status::Invalid("receipt", "entry", "the receipt's log entry is not a JSON object");
    }
    const auto& o = parsed->get_object();
    auto text = [&o](const char* key) -> std::string {
      const auto* v = o.if_contains(key);
      return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
    };
    const std::string status = text("status");
    auto kind = CertificateEventKinds().find(status);
    if (kind == CertificateEventKinds().end() || text("event") != kind->second) {
      return Status::Invalid("receipt", "entry", "the receipt's entry is not a certificate event");
    }
    if (text("number") != b.number) return ReceiptMismatch("another number");
    if (text("issuer") != b.issuer) return ReceiptMismatch("another issuer");
    if (text("commitment") != CertificateCommitment(salt, cert)) {
      return ReceiptMismatch("its commitment does not match (altered or another certificate)");
    }
    auto date = core::Date::Parse(text("date"));
    if (!date.ok()) return Status::Invalid("receipt", "entry", "the receipt's entry has no date");
    out.status = status;
    out.date = date->ToString();
  }
  Status s = tlog::VerifyInclusion(tlog::LeafHash(entry), receipt.index, cp->size, receipt.proof,
                                   cp->root);
  if (!s.ok()) {
    return Status::Invalid(
        "receipt", "inclusion",
        "the certificate's " + out.status + " entry is not proven in the log: " + s.message());
  }
  return out;
}

namespace {
std::string ReceiptKey(const std::string& number, std::string_view status) {
  std::string key(status);
  key += '\n';
  key += number;
  return key;
}
}  // namespace

std::optional<std::string> Log::CachedReceipt(const std::string& key, uint64_t publication) {
  std::shared_lock lock(receipts_mu_);
  auto it = receipts_.find(key);
  if (it == receipts_.end() || it->second.publication != publication) return std::nullopt;
  return it->second.text;
}

std::optional<std::string> Log::CachedCertificateReceipt(const std::string& number,
                                                         std::string_view status) {
  return CachedReceipt(ReceiptKey(number, status), publications_.load(std::memory_order_acquire));
}

Result<std::string> Log::CertificateReceipt(const std::string& number, std::string_view status) {
  std::string key = ReceiptKey(number, status);
  // Read before proving: a receipt proven while a newer checkpoint appears is kept under the
  // older publication, so the next request proves it again against the newer one.
  const uint64_t publication = publications_.load(std::memory_order_acquire);
  if (auto cached = CachedReceipt(key, publication)) return std::move(*cached);
  auto receipt = transparency::CertificateReceipt(db_, tiles_, number, status, &hash_cache_);
  if (!receipt.ok()) return receipt;  // not logged yet, unknown, ...: asked again next time
  std::unique_lock lock(receipts_mu_);
  if (receipts_.size() >= kReceiptCacheEntries) receipts_.clear();  // crude, bounded
  receipts_[std::move(key)] = {publication, *receipt};
  return receipt;
}

namespace {

// The size of the checkpoint `tiles` publish (0 for none): the tree their tiles hold. With
// several servers, the database may already hold a newer checkpoint than this server's tiles.
uint64_t PublishedSize(TileStore& tiles) {
  auto published = tiles.Get("checkpoint");
  if (!published.ok()) return 0;
  const size_t first = published->find('\n');
  if (first == std::string::npos) return 0;
  const size_t second = published->find('\n', first + 1);
  uint64_t size = 0;
  const std::string_view line =
      std::string_view(*published)
          .substr(first + 1, second == std::string::npos ? std::string::npos : second - first - 1);
  return tlog::ParseDecimal(line, &size) ? size : 0;
}

// Loads the leaf of the latest `kind` event about `subject` and the checkpoint `tiles` publish.
Status FindLeaf(store::Database& db, TileStore& tiles, const std::string& kind,
                const std::string& subject, std::optional<store::LogLeaf>* leaf,
                std::optional<store::LogCheckpoint>* latest) {
  const uint64_t published = PublishedSize(tiles);
  return db.Read([&](store::Txn& t) -> Status {
    auto event = db.events().Latest(t, kind, subject);
    if (!event.ok()) return event.status();
    auto found = db.log().LeafForEvent(t, event->id);
    if (found.ok()) *leaf = std::move(*found);
    if (published == 0) return {};
    auto cp = db.log().CheckpointOfSize(t, published);
    if (!cp.ok()) return cp.status();
    *latest = std::move(*cp);
    return {};
  });
}

}  // namespace

Result<std::string> CertificateReceipt(store::Database& db, TileStore& tiles,
                                       const std::string& number, std::string_view status,
                                       tlog::TileHashCache* cache) {
  auto kind = CertificateEventKinds().find(status);
  if (kind == CertificateEventKinds().end()) {
    return Status::Invalid("event", "one-of",
                           "receipts exist for the events issued, confirmed and voided, not '" +
                               std::string(status) + "'");
  }
  std::optional<store::LogLeaf> leaf;
  std::optional<store::LogCheckpoint> latest;
  if (Status s = FindLeaf(db, tiles, kind->second, number, &leaf, &latest); !s.ok()) {
    if (s.code() != core::Code::kNotFound) return s;
    return Status::NotFound("certificate '" + number + "' has no " + kind->second + " event");
  }
  if (!leaf || !latest || leaf->index >= latest->size) {
    return Status(core::Code::kFailedPrecondition,
                  "the " + kind->first + " event of certificate " + number +
                      " is not in a published checkpoint yet; the log integrates new events "
                      "about every 500 ms, so retry in a second");
  }
  // An issue entry is rebuilt from the certificate; other entries travel in the receipt.
  std::string extra = leaf->salt;
  if (kind->first != "issued") extra += leaf->entry;
  return ProveLeaf(tiles, *leaf, *latest, std::move(extra), cache);
}

Result<std::string> ProveLeaf(TileStore& tiles, const store::LogLeaf& leaf,
                              const store::LogCheckpoint& cp, std::string extra,
                              tlog::TileHashCache* cache) {
  // Prefer the published checkpoint: it carries the witnesses' cosignatures.
  std::string note = cp.note;
  if (auto published = tiles.Get("checkpoint"); published.ok()) {
    if (published->rfind(cp.note, 0) == 0) note = *published;
  }
  tlog::TileReader read = [&tiles](const tlog::Tile& t) { return tiles.Get(tlog::TilePath(t)); };
  auto source = cache != nullptr ? tlog::TileSource(cp.size, std::move(read), *cache)
                                 : tlog::TileSource(cp.size, std::move(read));
  auto proof = tlog::InclusionProof(leaf.index, cp.size, source);
  if (!proof.ok()) return proof.status();
  return tlog::FormatReceipt({std::move(extra), leaf.index, std::move(*proof), note});
}

Result<std::string> EventReceipt(store::Database& db, TileStore& tiles, const std::string& kind,
                                 const std::string& subject, tlog::TileHashCache* cache) {
  std::optional<store::LogLeaf> leaf;
  std::optional<store::LogCheckpoint> latest;
  Status s = FindLeaf(db, tiles, kind, subject, &leaf, &latest);
  if (!s.ok()) {
    if (s.code() == core::Code::kNotFound) {
      return Status::NotFound("no " + kind + " event about " + subject);
    }
    return s;
  }
  if (!leaf || !latest || leaf->index >= latest->size) {
    return Status(core::Code::kFailedPrecondition,
                  "the " + kind + " event of " + subject +
                      " is not in a published checkpoint yet; the log integrates new events "
                      "about every 500 ms, so retry in a second");
  }
  return ProveLeaf(tiles, *leaf, *latest, leaf->salt + leaf->entry, cache);
}

Result<ProvenEntry> VerifyEntryReceipt(const tlog::Receipt& receipt,
                                       const tlog::NoteVerifier& log_key) {
  auto cp = SignedCheckpoint(receipt, log_key);
  if (!cp.ok()) return cp.status();
  Status s = tlog::VerifyInclusion(tlog::LeafHash(receipt.extra), receipt.index, cp->size,
                                   receipt.proof, cp->root);
  if (!s.ok()) {
    return Status::Invalid("receipt", "inclusion",
                           "the entry is not proven in the log: " + s.message());
  }
  return ProvenEntry{*cp, receipt.index, receipt.extra};
}

Result<std::string> Log::EventReceipt(const std::string& kind, const std::string& subject) {
  return transparency::EventReceipt(db_, tiles_, kind, subject, &hash_cache_);
}

Status Log::Cosign(const std::vector<WitnessEndpoint>& witnesses, const HttpPost& post) {
  std::lock_guard lock(mu_);
  // The sequencer asks the witnesses; the other servers publish what it stored.
  auto sequencer = db_.HoldLease(store::kLogSequencerLease);
  if (!sequencer.ok()) return sequencer.status();
  if (!*sequencer) return {};
  auto latest = store::ReadValue(db_, [&](store::Txn& t) { return db_.log().LatestCheckpoint(t); });
  if (!latest.ok()) return latest.status();
  if (!*latest || (*latest)->size == 0) return {};
  const auto& cp = **latest;
  // Only a checkpoint these tiles hold (the next Integrate publishes a newer one first): a
  // witness new to this process is proven from size 0, which reads no tiles.
  if (cp.size != size_) return {};
  tlog::Hash root;
  std::memcpy(root.data(), cp.root.data(), 32);
  auto have =
      store::ReadValue(db_, [&](store::Txn& t) { return db_.log().Cosignatures(t, cp.size); });
  if (!have.ok()) return have.status();
  const std::string text = tlog::FormatCheckpoint({origin(), cp.size, root});
  Status first_error;
  bool added = false;
  for (const auto& w : witnesses) {
    bool done = false;
    for (const auto& line : *have)
      done = done || line.find("\xE2\x80\x94 " + w.key.name + " ") == 0;
    for (int attempt = 0; !done && attempt < 2; ++attempt) {
      const uint64_t old = std::min(witnessed_[w.key.name], cp.size);
      auto proof = tlog::ConsistencyProof(old, cp.size, Source(cp.size));
      if (!proof.ok()) return proof.status();
      auto res = post(w.url + "/add-checkpoint",
                      tlog::FormatAddCheckpoint({old, std::move(*proof), cp.note}));
      if (!res.ok()) {
        if (first_error.ok()) first_error = res.status();
        break;
      }
      if (res->first == 409) {  // the witness holds another size: prove from there
        witnessed_[w.key.name] = std::strtoull(res->second.c_str(), nullptr, 10);
        continue;
      }
      const std::string& line = res->second;
      auto opened = tlog::OpenNote(cp.note + line, {verifier()});
      if (res->first != 200 || !opened.ok() || tlog::CountCosignatures(*opened, {w.key}) != 1) {
        if (first_error.ok()) {
          first_error = Status::Internal("witness " + w.key.name + " answered " +
                                         std::to_string(res->first) + ": " + line);
        }
        break;
      }
      OPENKP_RETURN_IF_ERROR(db_.Write(
          [&](store::Txn& t) { return db_.log().AddCosignature(t, cp.size, w.key.name, line); }));
      witnessed_[w.key.name] = cp.size;
      done = added = true;
    }
  }
  if (added) {
    auto lines =
        store::ReadValue(db_, [&](store::Txn& t) { return db_.log().Cosignatures(t, cp.size); });
    if (!lines.ok()) return lines.status();
    OPENKP_RETURN_IF_ERROR(PublishNote(cp, *lines));
  }
  return first_error;
}

tlog::SubtreeSource Log::Source(uint64_t size) {
  return tlog::TileSource(size,
                          [this](const tlog::Tile& t) { return tiles_.Get(tlog::TilePath(t)); });
}

Result<store::LogCheckpoint> Log::Integrate(int64_t max_events) {
  std::lock_guard lock(mu_);
  // Several servers may share the database: the one holding the lease sequences, the others
  // publish what it committed. Either way the tree is built from the stored leaves, so two
  // servers never sign different trees of one size (and Ed25519 signs a tree's checkpoint to
  // the same bytes on both, should a lease change hands mid-integration).
  auto sequencer = db_.HoldLease(store::kLogSequencerLease);
  if (!sequencer.ok()) return sequencer.status();
  if (!*sequencer) return Follow();
  // 1. Stage: new events become leaves, durably, before anything is published. Entries are
  // built in a read transaction (a snapshot that never blocks the writers of certificates);
  // only appending them writes, and AppendLeaves refuses a gap or overlap.
  uint64_t staged = 0;
  std::vector<store::LogLeaf> fresh;
  std::optional<store::LogCheckpoint> latest;
  OPENKP_RETURN_IF_ERROR(db_.Read([&](store::Txn& t) -> Status {
    auto events = db_.log().UnloggedEvents(t, max_events);
    if (!events.ok()) return events.status();
    auto count = db_.log().LeafCount(t);
    if (!count.ok()) return count.status();
    staged = *count;
    for (const auto& e : *events) {
      auto built = BuildEntry(t, e);
      if (!built.ok()) return built.status();
      fresh.push_back({staged++, e.id, std::move(built->entry), std::move(built->salt)});
    }
    auto cp = db_.log().LatestCheckpoint(t);
    if (!cp.ok()) return cp.status();
    latest = std::move(*cp);
    return {};
  }));
  if (!fresh.empty()) {
    OPENKP_RETURN_IF_ERROR(
        db_.Write([&](store::Txn& t) { return db_.log().AppendLeaves(t, fresh); }));
  }
  if (staged == size_ && latest) return *latest;

  auto grown = Extend(staged);
  if (!grown.ok()) return grown.status();
  // 3. The root, signed and recorded.
  auto note = tlog::SignNote(tlog::FormatCheckpoint({origin(), staged, grown->root}), {signer_});
  if (!note.ok()) return note.status();
  store::LogCheckpoint cp{staged, HashBytes(grown->root), *note};
  Status added = db_.Write([&](store::Txn& t) { return db_.log().AddCheckpoint(t, cp); });
  if (added.code() == core::Code::kAlreadyExists) {
    // Another server signed this size meanwhile: the same tree (the same leaves), or a fork.
    auto theirs =
        store::ReadValue(db_, [&](store::Txn& t) { return db_.log().CheckpointOfSize(t, staged); });
    if (!theirs.ok()) return theirs.status();
    if (!*theirs || (*theirs)->root != cp.root) {
      return Status::Internal("another server recorded a different tree of size " +
                              std::to_string(staged));
    }
    cp = **theirs;
  } else if (!added.ok()) {
    return added;
  }
  return Publish(cp, *grown);
}

// Publishes the sequencer's latest checkpoint after building the tiles it covers from the
// stored leaves, and checking that they make its root.
Result<store::LogCheckpoint> Log::Follow() {
  auto latest = store::ReadValue(db_, [&](store::Txn& t) { return db_.log().LatestCheckpoint(t); });
  if (!latest.ok()) return latest.status();
  // Nothing signed yet (a new deployment whose sequencer has not run): an empty log, for now.
  if (!*latest) return store::LogCheckpoint{};
  const store::LogCheckpoint& cp = **latest;
  if (cp.size == size_) {
    // Published already; again when the sequencer stored witnesses' cosignatures since.
    auto lines =
        store::ReadValue(db_, [&](store::Txn& t) { return db_.log().Cosignatures(t, cp.size); });
    if (!lines.ok()) return lines.status();
    if (published_size_ != cp.size || published_cosignatures_ != lines->size()) {
      OPENKP_RETURN_IF_ERROR(PublishNote(cp, *lines));
    }
    return cp;
  }
  auto grown = Extend(cp.size);
  if (!grown.ok()) return grown.status();
  if (HashBytes(grown->root) != cp.root) {
    return Status::Internal("the stored leaves do not make the root of checkpoint " +
                            std::to_string(cp.size));
  }
  return Publish(cp, *grown);
}

// 2. Tiles and entry bundles for leaves [size_, target), from the stored leaves; the new root,
// checked consistent with the previous one. Read once from the start of the tile holding leaf
// size_, since that tile's bundle is rewritten with its earlier entries too.
Result<Log::Grown> Log::Extend(uint64_t target) {
  const uint64_t first = size_ / tlog::kTileWidth * tlog::kTileWidth;
  auto leaves = store::ReadValue(
      db_, [&](store::Txn& t) { return db_.log().ListLeaves(t, first, target - first); });
  if (!leaves.ok()) return leaves.status();
  if (leaves->size() != target - first) {
    return Status::Internal("the log holds " + std::to_string(first + leaves->size()) +
                            " leaves, not the " + std::to_string(target) + " to publish");
  }
  std::map<std::string, std::string> written;  // path -> bytes, also read back for the root
  auto put = [&](const std::string& path, std::string data) -> Status {
    OPENKP_RETURN_IF_ERROR(tiles_.Put(path, data));
    written[path] = std::move(data);
    return {};
  };
  tlog::TileBuilder builder(size_, edge_);
  std::vector<uint64_t> completed_level0;  // full level-0 tiles finished in this batch
  const tlog::TileBuilder::TileSink sink = [&](const tlog::Tile& t, std::string data) -> Status {
    if (t.level == 0 && t.width == 0) completed_level0.push_back(t.index);
    return put(tlog::TilePath(t), std::move(data));
  };
  for (uint64_t i = size_ - first; i < leaves->size(); ++i) {
    OPENKP_RETURN_IF_ERROR(builder.Append(tlog::LeafHash((*leaves)[i].entry), sink));
  }
  OPENKP_RETURN_IF_ERROR(builder.EmitPartialTiles(sink));
  const uint64_t n = builder.size();
  // Entry bundles: every level-0 tile completed here, and the right edge's partial one.
  std::vector<std::pair<uint64_t, int>> bundles;
  bundles.reserve(completed_level0.size() + 1);
  for (uint64_t index : completed_level0) bundles.emplace_back(index, 0);
  if (n % tlog::kTileWidth != 0) bundles.emplace_back(n / tlog::kTileWidth, n % tlog::kTileWidth);
  for (auto [index, width] : bundles) {
    const uint64_t begin = index * tlog::kTileWidth - first;  // every bundle starts at or after
    const uint64_t count = width == 0 ? tlog::kTileWidth : static_cast<uint64_t>(width);
    std::string bundle;
    for (uint64_t i = begin; i < begin + count; ++i) {
      const std::string& entry = (*leaves)[i].entry;
      bundle.push_back(static_cast<char>(entry.size() >> 8));
      bundle.push_back(static_cast<char>(entry.size() & 0xFF));
      bundle += entry;
    }
    OPENKP_RETURN_IF_ERROR(tiles_.Put(tlog::EntriesPath(index, width), std::move(bundle)));
  }

  OPENKP_RETURN_IF_ERROR(tiles_.Sync());  // tiles durable before any checkpoint names them

  auto source = tlog::TileSource(n, [&](const tlog::Tile& t) -> Result<std::string> {
    auto it = written.find(tlog::TilePath(t));
    if (it != written.end()) return it->second;
    return tiles_.Get(tlog::TilePath(t));
  });
  auto root = tlog::TreeRoot(n, source);
  if (!root.ok()) return root.status();
  if (size_ > 0) {
    auto proof = tlog::ConsistencyProof(size_, n, source);
    if (!proof.ok()) return proof.status();
    Status consistent = tlog::VerifyConsistency(size_, n, *proof, root_, *root);
    if (!consistent.ok()) {
      return Status::Internal("refusing to publish an inconsistent checkpoint: " +
                              consistent.message());
    }
  }
  return Grown{*root, builder.edge()};
}

// 4. Publish the recorded checkpoint; the tree now has its size.
Result<store::LogCheckpoint> Log::Publish(const store::LogCheckpoint& cp, const Grown& grown) {
  // With the witnesses' cosignatures already stored (by another server, for a follower).
  auto lines =
      store::ReadValue(db_, [&](store::Txn& t) { return db_.log().Cosignatures(t, cp.size); });
  if (!lines.ok()) return lines.status();
  OPENKP_RETURN_IF_ERROR(PublishNote(cp, *lines));
  size_ = cp.size;
  root_ = grown.root;
  edge_ = grown.edge;
  return cp;
}

std::string CheckpointFile(const store::LogCheckpoint& cp,
                           const std::vector<std::string>& cosignatures) {
  std::string out = cp.note;
  for (const auto& line : cosignatures) out += line;
  return out;
}

// Writes the checkpoint file of `cp` with its cosignature `lines`.
Status Log::PublishNote(const store::LogCheckpoint& cp, const std::vector<std::string>& lines) {
  OPENKP_RETURN_IF_ERROR(tiles_.Put("checkpoint", CheckpointFile(cp, lines)));
  OPENKP_RETURN_IF_ERROR(tiles_.Sync());
  published_size_ = cp.size;
  published_cosignatures_ = lines.size();
  publications_.fetch_add(1, std::memory_order_release);  // cached receipts name the older one
  return {};
}

}  // namespace openkp::transparency
