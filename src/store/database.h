// A database: explicit transactions over the domain stores, and change stamps for caches.
// Services hold a Database& and never see the backend behind it (SQLite now; PostgreSQL next):
// backends::OpenDatabase("sqlite:data/openkp.db") makes one.
//
//   // A read: a consistent view, many calls.
//   auto rec = store::ReadValue(db, [&](store::Txn& t) {
//     return db.registry().GetCertificate(t, number);
//   });
//   // A write: all of it commits, or none of it (a non-OK status rolls back).
//   Status s = db.Write([&](store::Txn& t) -> Status {
//     OPENKP_RETURN_IF_ERROR(db.registry().InsertCertificate(t, record));
//     return db.events().Append(t, event);
//   });
//
// Contracts common to every domain store method: it runs inside the transaction `t` of the
// database that handed out the store, on the calling thread; a method that writes needs a
// write transaction (Write, SubmitWrite) and refuses a read one with kInternal; after a failed
// write the transaction is usable only for rolling back (return its status), unless the
// method's contract says otherwise (RegistryStore::InsertCertificate); a unique key taken
// returns kAlreadyExists; a missing row returns kNotFound, and a row that refers to a missing
// one (a token of no user, a key of no participant) kFailedPrecondition; append-only records
// (certificates, events, log leaves, statistics figures) are never updated or deleted.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "core/status.h"

namespace openkp::store {

using core::Result;
using core::Status;

class AccountsStore;
class RegistryStore;
class EventStore;
class LogStore;
class StatsStore;

// One transaction of one database: the handle every domain store method takes. Opaque to
// services; each backend derives its own. Not thread-safe: one thread uses it, inside the
// Read or Write call that made it.
class Txn {
 public:
  virtual ~Txn() = default;
  Txn(const Txn&) = delete;
  Txn& operator=(const Txn&) = delete;
  virtual bool writable() const = 0;
  // Marks that this transaction changes reference data (participants, keys, users, tokens):
  // the reference stamp moves when it commits. Domain stores call it; services need not.
  void MarkReferenceChanged() { reference_changed_ = true; }
  bool reference_changed() const { return reference_changed_; }

 protected:
  Txn() = default;
  bool reference_changed_ = false;
};

// Changes whenever committed data changes, through this Database or any other process or
// server sharing the database. Compare for equality only.
struct ChangeStamp {
  int64_t external = 0;  // changes seen from other connections
  int64_t local = 0;     // changes committed through this one
  bool operator==(const ChangeStamp&) const = default;
};

// What a database does, for operators' metrics (http/metrics.h). Called on the threads that
// read and commit: each must be quick and must not use the database.
struct DatabaseObserver {
  std::function<void(size_t writes)> committed;            // one group commit of `writes`
  std::function<void(const Status& error)> storage_error;  // kInternal or kUnavailable

  // Tells storage_error of `s` when it is a storage error (kInternal or kUnavailable).
  void Observe(const Status& s) const {
    if (storage_error &&
        (s.code() == core::Code::kInternal || s.code() == core::Code::kUnavailable)) {
      storage_error(s);
    }
  }
};

class Database {
 public:
  virtual ~Database() = default;

  // Set once, before the database is shared between threads. A backend may observe nothing.
  virtual void SetObserver(DatabaseObserver observer) { (void)observer; }

  // Runs `work` in one write transaction: all its writes land, or none (a non-OK status or an
  // exception rolls back). Concurrent writes share one commit (group commit); each is told its
  // own outcome after the commit that decides it. Must not be called from inside `work`.
  virtual Status Write(const std::function<Status(Txn&)>& work) = 0;
  // Like Write, but returns at once: `work` runs later on the database's committer thread, in a
  // transaction shared with other writes, and `done` gets its status there after the COMMIT (or
  // the failure) that decides it. Both must be quick and must not block: `done` typically hands
  // the result to another thread. Everything submitted runs before the database is destroyed.
  virtual void SubmitWrite(std::function<Status(Txn&)> work, std::function<void(Status)> done) = 0;
  // Runs `work` with a read-only view of committed data; its status is returned.
  virtual Status Read(const std::function<Status(Txn&)>& work) = 0;
  // Read, for a long one (the anomaly rules' scan of every certificate: seconds at a million)
  // that must neither wait for nor hold up the other transactions. SQLite: a read-only
  // connection of its own (a WAL reader of one snapshot), one such read at a time; backends
  // whose reads already run beside the writes (PostgreSQL's pool): Read.
  virtual Status ReadAside(const std::function<Status(Txn&)>& work) { return Read(work); }

  // Cheap enough to call on every request (never waits for a running transaction); callers use
  // them to validate caches. The reference stamp moves only with reference data.
  virtual Result<ChangeStamp> CurrentChangeStamp() = 0;
  virtual Result<ChangeStamp> CurrentReferenceStamp() = 0;

  // Whether this process holds the lease `key` among every process sharing the database,
  // taking it when it is free; a holder keeps it until it exits or loses its connection (a
  // process killed frees it at once). Cheap enough to call once per background round. SQLite:
  // always true (one machine, and only `serve` asks).
  virtual Result<bool> HoldLease(int64_t key) {
    (void)key;
    return true;
  }

  // Writes a consistent copy of the whole database to `destination` (a new file, 0600), while
  // this and other processes go on reading and writing. kAlreadyExists if the file exists.
  virtual Status BackupTo(const std::string& destination) = 0;

  // The backend's scheme ("sqlite", ...): services with their own tables (domain.h) pick their
  // domain store's implementation by it.
  virtual const char* scheme() const = 0;

  // The domain stores of this database; valid as long as it is.
  virtual AccountsStore& accounts() = 0;
  virtual RegistryStore& registry() = 0;
  virtual EventStore& events() = 0;
  virtual LogStore& log() = 0;
  virtual StatsStore& stats() = 0;
};

// The lease of the transparency log's sequencer: one server at a time stages and signs.
inline constexpr int64_t kLogSequencerLease = 7302103;

namespace internal {
// ReadValue and ReadAsideValue, by the Database method that reads.
template <typename F>
auto ReadValueBy(Status (Database::*read)(const std::function<Status(Txn&)>&), Database& db, F& f)
    -> std::invoke_result_t<F&, Txn&> {
  std::optional<std::invoke_result_t<F&, Txn&>> out;
  Status st = (db.*read)([&](Txn& t) {
    out.emplace(f(t));
    return Status();
  });
  if (!st.ok()) return st;
  return std::move(*out);
}
}  // namespace internal

// Runs `f(Txn&)`, which returns a Result<T>, in a read (ReadValue, ReadAsideValue) or write
// (WriteValue) transaction and returns its result; a failed Result rolls a write back.
template <typename F>
auto ReadValue(Database& db, F&& f) -> std::invoke_result_t<F&, Txn&> {
  return internal::ReadValueBy(&Database::Read, db, f);
}
template <typename F>
auto ReadAsideValue(Database& db, F&& f) -> std::invoke_result_t<F&, Txn&> {
  return internal::ReadValueBy(&Database::ReadAside, db, f);
}

template <typename F>
auto WriteValue(Database& db, F&& f) -> std::invoke_result_t<F&, Txn&> {
  std::optional<std::invoke_result_t<F&, Txn&>> out;
  Status st = db.Write([&](Txn& t) {
    out.emplace(f(t));
    return core::StatusOf(*out);
  });
  if (!st.ok()) return st;
  return std::move(*out);
}

}  // namespace openkp::store
