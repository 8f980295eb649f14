// The PostgreSQL Database. Writes: one connection per process, its batches group-committed
// (sql/group_commit.h), each item in a savepoint. Every write transaction first takes one
// advisory lock, so write transactions of all servers sharing the database run one at a time:
// event ids then grow in commit order, which the transparency log and the trade flows rely on
// (both read "events after the last one seen"), and certificate numbers stay gapless. Reads:
// a pool of connections, each read one REPEATABLE READ snapshot. Every write transaction bumps
// change_counters, which every server polls for its caches.
#include "store/postgresql/database.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "core/mutex.h"
#include "store/postgresql/connection.h"
#include "store/postgresql/migrations.h"
#include "store/sql/group_commit.h"
#include "store/sql/stores.h"

namespace openkp::store::postgresql {

namespace {

constexpr const char* kWriteLock = "SELECT pg_advisory_xact_lock(7302102)";
constexpr size_t kMaxReaders = 8;
// How often other servers' commits are looked for (CurrentChangeStamp): their changes reach
// this server's caches within about this.
constexpr int64_t kPollMicros = 20000;

class PgDatabase final : public Database {
 public:
  PgDatabase(std::string url, Connection writer)
      : url_(std::move(url)),
        writer_(std::move(writer)),
        accounts_(sql::NewAccountsStore()),
        registry_(sql::NewRegistryStore()),
        events_(sql::NewEventStore()),
        log_(sql::NewLogStore()),
        stats_(sql::NewStatsStore()),
        writes_(std::make_unique<sql::GroupCommit>(
            this, [this](const std::vector<sql::GroupCommit::Item*>& batch) { RunBatch(batch); })) {
  }

  ~PgDatabase() override {
    {
      std::lock_guard lock(watch_mu_);
      stop_watching_ = true;
    }
    watch_cv_.notify_one();
    if (watcher_.joinable()) watcher_.join();
    writes_.reset();  // runs what was submitted, while connected
  }

  const char* scheme() const override { return "postgresql"; }

  Status BackupTo(const std::string& destination) override {
    (void)destination;
    return Status(core::Code::kFailedPrecondition,
                  "a PostgreSQL database is backed up with pg_dump (docs/DEPLOYMENT.md), not by "
                  "openkp");
  }

  Status Init(const std::vector<DomainSchema>& domains) {
    {
      core::MutexLock lock(writer_mu_);
      OPENKP_RETURN_IF_ERROR(Migrate(writer_.get(), domains));
    }
    watcher_ = std::thread([this] { WatchCounters(); });
    return {};
  }

  AccountsStore& accounts() override { return *accounts_; }
  RegistryStore& registry() override { return *registry_; }
  EventStore& events() override { return *events_; }
  LogStore& log() override { return *log_; }
  StatsStore& stats() override { return *stats_; }

  void SetObserver(DatabaseObserver observer) override {
    writes_->SetObserver(observer);
    observer_ = std::move(observer);
  }

  Status Read(const std::function<Status(Txn&)>& work) override {
    if (sql::InTransactionOf(this)) {
      return Status::Internal("Read called inside a transaction of the same database");
    }
    Status out = ReadOnPooled(work);
    observer_.Observe(out);
    return out;
  }

  Status Write(const std::function<Status(Txn&)>& work) override {
    if (sql::InTransactionOf(this)) {
      return Status::Internal("Write called inside a transaction of the same database");
    }
    return writes_->Write(work);
  }

  void SubmitWrite(std::function<Status(Txn&)> work, std::function<void(Status)> done) override {
    writes_->SubmitWrite(std::move(work), std::move(done));
  }

  // Session-level advisory locks on a connection of their own: held while it lives, freed by
  // the server when the process dies or the connection breaks.
  Result<bool> HoldLease(int64_t key) override {
    core::MutexLock lock(lease_mu_);
    if (held_.count(key) > 0) {
      // A query notices a connection the server dropped (restart, network): the lease went
      // with it, and another server may hold it now.
      PgStatement ping(lease_conn_.get(), "SELECT 1");
      if (ping.Step()) return true;
      held_.clear();
      lease_conn_.reset();
    }
    if (lease_conn_ == nullptr || PQstatus(lease_conn_.get()) != CONNECTION_OK) {
      held_.clear();
      auto c = Connect(url_);
      if (!c.ok()) return c.status();
      lease_conn_ = std::move(*c);
    }
    PgStatement take(lease_conn_.get(), "SELECT pg_try_advisory_lock(?)");
    take.BindInt(1, key);
    if (!take.Step()) return take.status("take lease");
    const bool taken = take.Int(0) == 1;
    if (taken) held_.insert(key);
    return taken;
  }

  Result<ChangeStamp> CurrentChangeStamp() override {
    return ChangeStamp{external_changes_.load(), local_version_.load()};
  }

  Result<ChangeStamp> CurrentReferenceStamp() override {
    return ChangeStamp{external_reference_.load(), reference_version_.load()};
  }

 private:
  // A reading connection from the pool (opened when none is free and fewer than kMaxReaders
  // exist; else waits for one), handed back by Release.
  Result<Connection> Acquire() {
    std::unique_lock lock(pool_mu_);
    for (;;) {
      if (!free_.empty()) {
        Connection c = std::move(free_.back());
        free_.pop_back();
        return c;
      }
      if (open_readers_ < kMaxReaders) break;
      pool_cv_.wait(lock);
    }
    ++open_readers_;
    lock.unlock();
    auto c = Connect(url_);
    if (!c.ok()) {
      std::lock_guard relock(pool_mu_);
      --open_readers_;
      pool_cv_.notify_one();
    }
    return c;
  }

  // A connection that broke is dropped (the next Acquire opens a new one).
  void Release(Connection c) {
    std::lock_guard lock(pool_mu_);
    if (PQstatus(c.get()) == CONNECTION_OK && PQtransactionStatus(c.get()) == PQTRANS_IDLE) {
      free_.push_back(std::move(c));
    } else {
      --open_readers_;
    }
    pool_cv_.notify_one();
  }

  Status ReadOnPooled(const std::function<Status(Txn&)>& work) {
    auto conn = Acquire();
    if (!conn.ok()) return conn.status();
    Status st = Exec(conn->get(), "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "begin read");
    if (!st.ok() && PQstatus(conn->get()) != CONNECTION_OK) {
      // A pooled connection the server dropped (it restarted): once more on a new one.
      Release(std::move(*conn));
      conn = Acquire();
      if (!conn.ok()) return conn.status();
      st = Exec(conn->get(), "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "begin read");
    }
    PGconn* c = conn->get();
    if (st.ok()) {
      PgTxn txn(c, /*writable=*/false);
      sql::TransactionScope inside(this);
      st = sql::RunWork(work, txn);
    }
    Status end = Exec(c, "ROLLBACK", "end read");
    Release(std::move(*conn));
    return st.ok() ? end : st;
  }

  // Reads change_counters every kPollMicros on a connection of its own, on a thread of its own
  // (reconnecting when the connection breaks): CurrentChangeStamp never waits, and a busy pool
  // of readers never holds other servers' changes back.
  void WatchCounters() {
    Connection conn;
    std::unique_lock lock(watch_mu_);
    while (!stop_watching_) {
      lock.unlock();
      if (conn == nullptr || PQstatus(conn.get()) != CONNECTION_OK) {
        auto c = Connect(url_);
        conn = c.ok() ? std::move(*c) : nullptr;
      }
      if (conn != nullptr) {
        PgStatement s(conn.get(), "SELECT changes, reference_changes FROM change_counters");
        if (s.Step()) {
          external_changes_ = s.Int(0);
          external_reference_ = s.Int(1);
        }
      }
      lock.lock();
      watch_cv_.wait_for(lock, std::chrono::microseconds(kPollMicros),
                         [&] { return stop_watching_; });
    }
  }

  // A broken writing connection is replaced before the next batch; kUnavailable while the
  // server cannot be reached.
  Status EnsureWriter() REQUIRES(writer_mu_) {
    if (PQstatus(writer_.get()) == CONNECTION_OK) return {};
    auto c = Connect(url_);
    if (!c.ok()) return c.status();
    writer_ = std::move(*c);
    return {};
  }

  void RunBatch(const std::vector<sql::GroupCommit::Item*>& batch) {
    core::MutexLock lock(writer_mu_);
    Status begin = EnsureWriter();
    PGconn* c = writer_.get();
    if (begin.ok()) begin = Exec(c, "BEGIN", "begin write");
    // A server holding the write lock longer than this (stopped, or partitioned until its
    // connection times out) makes the others' writes answer 503 rather than wait without end.
    if (begin.ok()) begin = Exec(c, "SET LOCAL lock_timeout = '30s'", "set lock timeout");
    if (begin.ok()) begin = Exec(c, kWriteLock, "wait for the other servers' writes");
    if (!begin.ok()) {
      (void)Exec(c, "ROLLBACK", "roll back");
      for (auto* w : batch) w->status = begin;
      return;
    }
    PgTxn txn(c, /*writable=*/true);
    bool any_ok = false;
    for (auto* w : batch) {
      if (batch.size() == 1) {
        w->status = sql::RunWork(*w->work, txn);
      } else {
        w->status = Exec(c, "SAVEPOINT item", "savepoint");
        if (w->status.ok()) w->status = sql::RunWork(*w->work, txn);
        if (!w->status.ok()) (void)Exec(c, "ROLLBACK TO SAVEPOINT item", "roll back item");
        Status released = Exec(c, "RELEASE SAVEPOINT item", "release savepoint");
        if (w->status.ok() && !released.ok()) w->status = released;
      }
      any_ok = any_ok || w->status.ok();
      // The connection lost, or the transaction broken beyond its savepoint (an item that
      // reported success after a failed statement): nothing of the batch can commit.
      if (!w->status.ok() &&
          (PQstatus(c) != CONNECTION_OK || PQtransactionStatus(c) == PQTRANS_INERROR)) {
        const core::Code code =
            PQstatus(c) != CONNECTION_OK ? core::Code::kUnavailable : core::Code::kInternal;
        for (auto* other : batch) {
          if (other != w) other->status = Status(code, w->status.message());
        }
        (void)Exec(c, "ROLLBACK", "roll back");
        return;
      }
    }
    if (!any_ok) {
      (void)Exec(c, "ROLLBACK", "roll back");
      return;
    }
    PgStatement count(c,
                      "UPDATE change_counters SET changes = changes + 1, reference_changes = "
                      "reference_changes + ? WHERE id = 1");
    count.BindInt(1, txn.reference_changed() ? 1 : 0);
    count.Step();
    Status commit = count.status("count the change");
    if (commit.ok()) commit = Exec(c, "COMMIT", "commit");
    ++local_version_;  // after COMMIT (or its failure): readers recheck either way
    if (txn.reference_changed()) ++reference_version_;
    if (!commit.ok()) {
      (void)Exec(c, "ROLLBACK", "roll back");
      for (auto* w : batch) {
        if (w->status.ok()) w->status = commit;
      }
    }
  }

  const std::string url_;
  DatabaseObserver observer_;  // set before the database is shared
  core::Mutex writer_mu_;      // the writing connection: one batch at a time
  Connection writer_ GUARDED_BY(writer_mu_);
  std::mutex pool_mu_;  // the reading connections (std::mutex, for the condition variable)
  std::condition_variable pool_cv_;
  std::vector<Connection> free_;
  size_t open_readers_ = 0;
  core::Mutex lease_mu_;  // the leases' connection, and which leases it holds
  Connection lease_conn_ GUARDED_BY(lease_mu_);
  std::set<int64_t> held_ GUARDED_BY(lease_mu_);
  const std::unique_ptr<AccountsStore> accounts_;
  const std::unique_ptr<RegistryStore> registry_;
  const std::unique_ptr<EventStore> events_;
  const std::unique_ptr<LogStore> log_;
  const std::unique_ptr<StatsStore> stats_;
  std::atomic<int64_t> local_version_{0};
  std::atomic<int64_t> reference_version_{0};
  std::atomic<int64_t> external_changes_{0};
  std::atomic<int64_t> external_reference_{0};
  std::mutex watch_mu_;  // stop_watching_ (std::mutex, for the condition variable)
  std::condition_variable watch_cv_;
  bool stop_watching_ = false;
  std::thread watcher_;  // WatchCounters
  // Destroyed first (the destructor resets it): it runs submitted writes on the connection.
  std::unique_ptr<sql::GroupCommit> writes_;
};

}  // namespace

int SchemaVersion() { return LatestSchemaVersion(); }

Result<std::unique_ptr<Database>> Open(const std::string& url,
                                       const std::vector<DomainSchema>& domains) {
  auto writer = Connect(url);
  if (!writer.ok()) return writer.status();
  auto database = std::make_unique<PgDatabase>(url, std::move(*writer));
  Status st = database->Init(domains);
  if (!st.ok()) return st;
  return std::unique_ptr<Database>(std::move(database));
}

}  // namespace openkp::store::postgresql
