// The SQLite Database: one connection guarded by a mutex, WAL journal, group commit; long reads
// (ReadAside) on a read-only connection of their own.
//
// SQL in this folder stays within what PostgreSQL also accepts (TEXT dates as ISO strings,
// INTEGER money, no SQLite-only functions in queries), except the append-only triggers, which
// each backend writes in its own dialect.
#include "store/sqlite/database.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <vector>

#include "core/mutex.h"
#include "store/sql/group_commit.h"
#include "store/sql/stores.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/migrations.h"

namespace openkp::store::sqlite {

namespace {

class SqliteDatabase final : public Database {
 public:
  explicit SqliteDatabase(sqlite3* db)
      : db_(db),
        cache_(db),
        accounts_(sql::NewAccountsStore()),
        registry_(sql::NewRegistryStore()),
        events_(sql::NewEventStore()),
        log_(sql::NewLogStore()),
        stats_(sql::NewStatsStore()),
        writes_(std::make_unique<sql::GroupCommit>(
            this, [this](const std::vector<sql::GroupCommit::Item*>& batch) { RunBatch(batch); })) {
  }

  // close_v2 leaves a "zombie" connection that is freed once cache_ (destroyed after this body)
  // finalises the last cached statement.
  ~SqliteDatabase() override {
    writes_.reset();  // runs what was submitted, while the connection is open
    {
      core::MutexLock lock(aside_mu_);
      aside_cache_.reset();
      if (aside_ != nullptr) sqlite3_close_v2(aside_);
    }
    sqlite3_close_v2(db_);
  }

  const char* scheme() const override { return "sqlite"; }

  // SQLite's online backup, from a connection of its own (a reader in WAL mode: it neither
  // waits for nor blocks the writers), copying every page of one snapshot.
  Status BackupTo(const std::string& destination) override {
    const char* source_path = sqlite3_db_filename(db_, "main");
    if (source_path == nullptr || *source_path == '\0') {
      return Status::Internal("this database has no file to back up");
    }
    int fd = ::open(destination.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
      return Status(core::Code::kAlreadyExists,
                    "cannot create " + destination + ": " + std::strerror(errno));
    }
    ::close(fd);
    sqlite3* src = nullptr;
    sqlite3* dst = nullptr;
    Status st;
    if (sqlite3_open_v2(source_path, &src, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) !=
        SQLITE_OK) {
      st = SqlError(src, sqlite3_errcode(src), "open the database to back up");
    } else if (sqlite3_open_v2(destination.c_str(), &dst,
                               SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
      st = SqlError(dst, sqlite3_errcode(dst), "open the backup file");
    } else {
      sqlite3_busy_timeout(src, 10000);
      sqlite3_backup* b = sqlite3_backup_init(dst, "main", src, "main");
      if (b == nullptr) {
        st = SqlError(dst, sqlite3_errcode(dst), "backup");
      } else {
        const int rc = sqlite3_backup_step(b, -1);  // one snapshot, every page
        sqlite3_backup_finish(b);
        if (rc != SQLITE_DONE) st = SqlError(dst, rc, "backup");
      }
    }
    sqlite3_close_v2(src);
    if (st.ok()) st = Exec(dst, "PRAGMA journal_mode=DELETE");  // one self-contained file
    sqlite3_close_v2(dst);
    if (!st.ok()) ::unlink(destination.c_str());
    return st;
  }

  Status Init(const std::vector<DomainSchema>& domains) {
    core::MutexLock lock(conn_mu_);
    for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL",
                               "PRAGMA busy_timeout=10000", "PRAGMA temp_store=MEMORY"}) {
      OPENKP_RETURN_IF_ERROR(Exec(db_, pragma));
    }
    // Foreign keys stay off while migrations run (a migration may rebuild a table others refer
    // to, SQLite's documented way to change a table), and every reference is checked after.
    OPENKP_RETURN_IF_ERROR(Exec(db_, "PRAGMA foreign_keys=OFF"));
    // One migration: its own transaction, every reference checked before it commits.
    const auto in_transaction = [&](const std::function<Status()>& work) REQUIRES(conn_mu_) {
      OPENKP_RETURN_IF_ERROR(Control("BEGIN IMMEDIATE"));
      Status st = work();
      if (st.ok()) {
        Stmt check(cache_, "PRAGMA foreign_key_check");
        if (check.Step()) {
          st = Status::Internal("the migration leaves a dangling reference in table " +
                                check.Text(0));
        } else {
          st = check.status("foreign key check");
        }
      }
      if (st.ok()) st = Control("COMMIT");
      if (!st.ok()) (void)Control("ROLLBACK");
      return st;
    };
    OPENKP_RETURN_IF_ERROR(Migrate(cache_, in_transaction));
    for (const auto& domain : domains) {
      OPENKP_RETURN_IF_ERROR(MigrateDomain(cache_, domain, in_transaction));
    }
    return Exec(db_, "PRAGMA foreign_keys=ON");
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
    return Observed("Read", [&] { return ReadLocked(work); });
  }
  Status ReadLocked(const std::function<Status(Txn&)>& work) {
    core::MutexLock lock(conn_mu_);
    return ReadOn(cache_, work);
  }

  Status ReadAside(const std::function<Status(Txn&)>& work) override {
    return Observed("ReadAside", [&] { return ReadAsideLocked(work); });
  }
  Status ReadAsideLocked(const std::function<Status(Txn&)>& work) {
    core::MutexLock lock(aside_mu_);
    if (aside_cache_ == nullptr) {
      const char* path = sqlite3_db_filename(db_, "main");
      if (path == nullptr || *path == '\0') return ReadLocked(work);  // in memory: one connection
      OPENKP_RETURN_IF_ERROR(OpenAside(path));
    }
    return ReadOn(*aside_cache_, work);
  }

  // Group commit (sql/group_commit.h): RunBatch below runs each batch.
  Status Write(const std::function<Status(Txn&)>& work) override {
    if (sql::InTransactionOf(this)) {
      return Status::Internal("Write called inside a transaction of the same database");
    }
    return writes_->Write(work);
  }

  void SubmitWrite(std::function<Status(Txn&)> work, std::function<void(Status)> done) override {
    writes_->SubmitWrite(std::move(work), std::move(done));
  }

  // Local commits count in local_version_ at once. Other processes' commits are polled with
  // PRAGMA data_version at most once per millisecond, so this stays cheap on hot read paths;
  // their changes show within 1 ms of their commit.
  Result<ChangeStamp> CurrentChangeStamp() override {
    OPENKP_RETURN_IF_ERROR(PollExternalVersion());
    return ChangeStamp{external_version_.load(), local_version_.load()};
  }

  Result<ChangeStamp> CurrentReferenceStamp() override {
    OPENKP_RETURN_IF_ERROR(PollExternalVersion());
    return ChangeStamp{external_version_.load(), reference_version_.load()};
  }

 private:
  Status PollExternalVersion() {
    const int64_t now = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::steady_clock::now().time_since_epoch())
                            .count();
    int64_t checked = external_checked_us_.load();
    if (now - checked >= 1000 && external_checked_us_.compare_exchange_strong(checked, now)) {
      // Callers include the HTTP I/O threads, which must not wait for a batch being committed:
      // while the connection is busy, the next call polls instead.
      // A thread inside this database's transaction holds the connection already.
      if (sql::InTransactionOf(this) || !conn_mu_.TryLock()) {
        external_checked_us_ = checked;
        return {};
      }
      Status st = ReadDataVersion();
      conn_mu_.Unlock();
      return st;
    }
    return {};
  }

  Status ReadDataVersion() REQUIRES(conn_mu_) {
    Stmt s(cache_, "PRAGMA data_version");
    if (s.Step()) external_version_ = s.Int(0);
    return s.status("data version");
  }

  void RunBatch(const std::vector<sql::GroupCommit::Item*>& batch) {
    core::MutexLock lock(conn_mu_);
    Status begin = Control("BEGIN IMMEDIATE");
    if (!begin.ok()) {
      for (const auto& w : batch) w->status = begin;
      return;
    }
    SqliteTxn txn(cache_, /*writable=*/true);
    bool any_ok = false;
    {
      for (const auto& w : batch) {
        if (batch.size() == 1) {
          w->status = sql::RunWork(*w->work, txn);
        } else {
          w->status = Control("SAVEPOINT item");
          if (w->status.ok()) w->status = sql::RunWork(*w->work, txn);
          if (!w->status.ok()) (void)Control("ROLLBACK TO item");
          (void)Control("RELEASE item");
        }
        any_ok = any_ok || w->status.ok();
        // Some errors (disk full, I/O) make SQLite roll back the whole transaction by itself:
        // then the writes of every item so far are gone, and later items would each commit on
        // their own. Fail the whole batch instead; nothing of it is stored.
        if (!w->status.ok() && sqlite3_get_autocommit(db_) != 0) {
          const Status lost =
              Status::Internal("the transaction was rolled back: " + w->status.message());
          for (const auto& other : batch) {
            if (other != w) other->status = lost;
          }
          return;
        }
      }
    }
    if (!any_ok) {
      (void)Control("ROLLBACK");
      return;
    }
    Status commit = Control("COMMIT");
    ++local_version_;  // after COMMIT (or its failure): readers recheck either way
    if (txn.reference_changed()) ++reference_version_;
    if (!commit.ok()) {
      (void)Control("ROLLBACK");
      for (const auto& w : batch) {
        if (w->status.ok()) w->status = commit;
      }
    }
  }

  // The aside connection: read-only, waiting for locks as the main one does, and a small page
  // cache (its reads are scans, each page read once).
  Status OpenAside(const char* path) REQUIRES(aside_mu_) {
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
    Status st = rc == SQLITE_OK ? Status()
                                : Status::Internal(std::string("cannot open ") + path +
                                                   " to read: " + sqlite3_errstr(rc));
    for (const char* pragma : {"PRAGMA busy_timeout=10000", "PRAGMA cache_size=-256"}) {
      if (st.ok()) st = Exec(db, pragma);
    }
    if (!st.ok()) {
      sqlite3_close_v2(db);
      return st;
    }
    aside_ = db;
    aside_cache_ = std::make_unique<StatementCache>(db);
    return {};
  }

  // A read, refused inside a transaction of this database, its outcome observed.
  Status Observed(const char* what, const std::function<Status()>& read) {
    if (sql::InTransactionOf(this)) {
      return Status::Internal(std::string(what) +
                              " called inside a transaction of the same database");
    }
    Status out = read();
    observer_.Observe(out);
    return out;
  }

  // One read transaction on `cache`'s connection, so that several statements see one snapshot.
  Status ReadOn(StatementCache& cache, const std::function<Status(Txn&)>& work) {
    OPENKP_RETURN_IF_ERROR(Stmt(cache, "BEGIN").Run("BEGIN"));
    SqliteTxn txn(cache, /*writable=*/false);
    Status st;
    {
      sql::TransactionScope inside(this);
      st = sql::RunWork(work, txn);
    }
    // A read ends the same way whatever happened; ROLLBACK never leaves it open.
    Status end = Stmt(cache, "ROLLBACK").Run("ROLLBACK");
    return st.ok() ? end : st;
  }

  // Transaction control through cached statements: sqlite3_exec would parse them every time.
  Status Control(const char* sql) REQUIRES(conn_mu_) {
    Stmt s(cache_, sql);
    return s.Run(sql);
  }

  sqlite3* const db_;
  DatabaseObserver observer_;  // set before the database is shared
  core::Mutex conn_mu_;        // the connection: one transaction at a time
  StatementCache cache_ GUARDED_BY(conn_mu_);
  core::Mutex aside_mu_;  // the aside connection (ReadAside): one read at a time
  sqlite3* aside_ GUARDED_BY(aside_mu_) = nullptr;
  std::unique_ptr<StatementCache> aside_cache_ GUARDED_BY(aside_mu_);
  const std::unique_ptr<AccountsStore> accounts_;
  const std::unique_ptr<RegistryStore> registry_;
  const std::unique_ptr<EventStore> events_;
  const std::unique_ptr<LogStore> log_;
  const std::unique_ptr<StatsStore> stats_;
  std::atomic<int64_t> local_version_{0};               // bumped after every commit
  std::atomic<int64_t> reference_version_{0};           // bumped after commits of reference data
  std::atomic<int64_t> external_version_{0};            // last PRAGMA data_version seen
  std::atomic<int64_t> external_checked_us_{-1000000};  // when it was read (steady clock)
  // Destroyed first (the destructor resets it): it runs submitted writes on the connection.
  std::unique_ptr<sql::GroupCommit> writes_;
};

}  // namespace

int SchemaVersion() { return LatestSchemaVersion(); }

Result<std::unique_ptr<Database>> Open(const std::string& path,
                                       const std::vector<DomainSchema>& domains) {
  // Memory statistics take a global mutex on every allocation; nothing here reads them.
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)configured;
  // The database holds private trade data: a new file is created 0600, whatever the umask and
  // the directory's mode, and SQLite gives its -wal and -shm files the same mode.
  if (int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600); fd >= 0) {
    ::close(fd);
  }
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    Status st = Status::Internal("cannot open database '" + path + "': " + sqlite3_errstr(rc));
    sqlite3_close_v2(db);
    return st;
  }
  auto database = std::make_unique<SqliteDatabase>(db);
  Status st = database->Init(domains);
  if (!st.ok()) return st;
  return std::unique_ptr<Database>(std::move(database));
}

}  // namespace openkp::store::sqlite
