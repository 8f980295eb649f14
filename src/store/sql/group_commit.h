// Group commit, after LevelDB's writer queue, for backends with one writing connection: writes
// queue up; one leader runs everything queued as one batch (the backend's transaction), and
// every writer learns its outcome after the commit that holds its writes: an acknowledged write
// is committed, and one commit serves many. A synchronous caller leads when nobody else does;
// asynchronous submissions are led by a committer thread, so that the threads submitting them
// (the HTTP I/O threads) never wait for a commit.
//
//   GroupCommit writes(this, [this](const std::vector<GroupCommit::Item*>& batch) {
//     ... BEGIN; run each item's work in its own savepoint, set its status; COMMIT ...
//   });
//   Status s = writes.Write(work);
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "store/database.h"

namespace openkp::store::sql {

// Whether the calling thread runs a transaction (or leads commits) of `db`: a nested Read or
// Write on it would wait for itself, so backends refuse it.
bool InTransactionOf(const void* db);

// Marks the calling thread as inside `db`'s transaction for its scope, restoring what it was (a
// transaction of another database may be running around it).
class TransactionScope {
 public:
  explicit TransactionScope(const void* db);
  ~TransactionScope();
  TransactionScope(const TransactionScope&) = delete;
  TransactionScope& operator=(const TransactionScope&) = delete;

 private:
  const void* previous_;
};

// Runs a transaction's work: an exception (work may come from any module) becomes kInternal
// instead of unwinding through the transaction.
Status RunWork(const std::function<Status(Txn&)>& work, Txn& txn);

class GroupCommit {
 public:
  struct Item {
    const std::function<Status(Txn&)>* work = nullptr;
    Status status;  // set by the batch runner
  };
  // Runs a batch in one transaction, setting every item's status (each item's failure rolls
  // back only that item, where the backend can). Called on one thread at a time.
  using BatchRunner = std::function<void(const std::vector<Item*>& batch)>;

  // `db`: the database whose writes these are (TransactionScope around `done` callbacks).
  GroupCommit(const void* db, BatchRunner run_batch);
  // Runs everything submitted, then stops the committer thread. Destroy this before what the
  // runner uses.
  ~GroupCommit();
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  // Set before writes start.
  void SetObserver(DatabaseObserver observer) { observer_ = std::move(observer); }

  // Database::Write and Database::SubmitWrite.
  Status Write(const std::function<Status(Txn&)>& work);
  void SubmitWrite(std::function<Status(Txn&)> work, std::function<void(Status)> done);

 private:
  struct Writer;
  void LeadOneBatch(std::unique_lock<std::mutex>& queue_lock);
  void CommitterLoop();
  std::vector<std::shared_ptr<Writer>> TakeAndRunBatch(std::unique_lock<std::mutex>& queue_lock);
  void Finish(const std::vector<std::shared_ptr<Writer>>& batch) const;

  const void* const db_;
  const BatchRunner run_batch_;
  DatabaseObserver observer_;  // set before writes start
  // Guards the queue and the fields below. (std::mutex, for the condition variables.)
  std::mutex queue_mu_;
  std::deque<std::shared_ptr<Writer>> queue_;
  bool leading_ = false;          // some thread is running or about to run a batch
  bool committer_leads_ = false;  // ... and it is the committer thread
  bool stopping_ = false;
  std::condition_variable committer_cv_;
  std::thread committer_;  // started by the first SubmitWrite
};

}  // namespace openkp::store::sql
