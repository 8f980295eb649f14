#include "store/sql/group_commit.h"

#include <pthread.h>

namespace openkp::store::sql {

namespace {
thread_local const void* running_transaction_of = nullptr;
}  // namespace

bool InTransactionOf(const void* db) { return running_transaction_of == db; }

TransactionScope::TransactionScope(const void* db) : previous_(running_transaction_of) {
  running_transaction_of = db;
}
TransactionScope::~TransactionScope() { running_transaction_of = previous_; }

Status RunWork(const std::function<Status(Txn&)>& work, Txn& txn) {
  try {
    return work(txn);
  } catch (const std::exception& e) {
    return Status::Internal(std::string("transaction failed: ") + e.what());
  } catch (...) {
    return Status::Internal("transaction failed: unknown exception");
  }
}

struct GroupCommit::Writer {
  Item item;
  std::function<Status(Txn&)> owned_work;  // submitted work (item.work points here)
  std::function<void(Status)> on_done;     // submitted: told the outcome; else a thread waits
  bool done = false;                       // guarded by queue_mu_
  bool lead = false;  // guarded by queue_mu_: this waiting thread runs the next batch
  std::condition_variable cv;
};

GroupCommit::GroupCommit(const void* db, BatchRunner run_batch)
    : db_(db), run_batch_(std::move(run_batch)) {}

GroupCommit::~GroupCommit() {
  {
    std::lock_guard queue_lock(queue_mu_);
    stopping_ = true;
  }
  committer_cv_.notify_one();
  if (committer_.joinable()) committer_.join();  // after it has run what was submitted
}

Status GroupCommit::Write(const std::function<Status(Txn&)>& work) {
  // Shared so that the leader can wake a follower after releasing the queue lock (a woken
  // follower then finds the lock free instead of blocking on it again: measured, half of the
  // server's context switches under the issue benchmark were here) even if that follower has
  // already returned.
  auto me = std::make_shared<Writer>();
  me->item.work = &work;
  std::unique_lock queue_lock(queue_mu_);
  queue_.push_back(me);
  if (!leading_) leading_ = me->lead = true;
  while (!me->done && !me->lead) me->cv.wait(queue_lock);
  if (me->done) return me->item.status;
  LeadOneBatch(queue_lock);
  return me->item.status;
}

void GroupCommit::SubmitWrite(std::function<Status(Txn&)> work, std::function<void(Status)> done) {
  auto w = std::make_shared<Writer>();
  w->owned_work = std::move(work);
  w->item.work = &w->owned_work;
  w->on_done = std::move(done);
  bool wake = false;
  {
    std::lock_guard queue_lock(queue_mu_);
    if (!committer_.joinable()) {
      committer_ = std::thread([this] {
        pthread_setname_np(pthread_self(), "openkp-commit");  // for top -H and perf
        CommitterLoop();
      });
    }
    queue_.push_back(std::move(w));
    if (!leading_) wake = leading_ = committer_leads_ = true;
  }
  if (wake) committer_cv_.notify_one();
}

// The leader runs every queued write in one batch, then passes the lead on: to the first
// waiting thread, or to the committer thread when the next write was submitted.
// `queue_lock` is held on entry and on return.
void GroupCommit::LeadOneBatch(std::unique_lock<std::mutex>& queue_lock) {
  std::vector<std::shared_ptr<Writer>> batch = TakeAndRunBatch(queue_lock);
  std::shared_ptr<Writer> next;
  bool wake_committer = false;
  if (queue_.empty()) {
    leading_ = false;
  } else if (queue_.front()->on_done) {
    wake_committer = committer_leads_ = true;
  } else {
    next = queue_.front();
    next->lead = true;
  }
  queue_lock.unlock();
  Finish(batch);
  if (next) next->cv.notify_one();
  if (wake_committer) committer_cv_.notify_one();
  queue_lock.lock();
}

// Runs batches while writes are queued, whenever it holds the lead.
void GroupCommit::CommitterLoop() {
  std::unique_lock queue_lock(queue_mu_);
  for (;;) {
    committer_cv_.wait(queue_lock, [&] { return committer_leads_ || stopping_; });
    if (!committer_leads_) return;  // stopping, and nothing left to lead
    while (!queue_.empty()) {
      std::vector<std::shared_ptr<Writer>> batch = TakeAndRunBatch(queue_lock);
      queue_lock.unlock();
      {
        // The committer leads on: a `done` that wrote to this database would wait for itself.
        TransactionScope leading(db_);
        Finish(batch);
      }
      queue_lock.lock();
    }
    leading_ = committer_leads_ = false;
  }
}

// Runs everything queued (lock released meanwhile), marks it done and dequeues it.
std::vector<std::shared_ptr<GroupCommit::Writer>> GroupCommit::TakeAndRunBatch(
    std::unique_lock<std::mutex>& queue_lock) {
  std::vector<std::shared_ptr<Writer>> batch(queue_.begin(), queue_.end());
  queue_lock.unlock();
  std::vector<Item*> items;
  items.reserve(batch.size());
  for (const auto& w : batch) items.push_back(&w->item);
  {
    TransactionScope inside(db_);
    run_batch_(items);
  }
  queue_lock.lock();
  for (const auto& w : batch) {
    queue_.pop_front();
    w->done = true;
  }
  return batch;
}

// Tells a finished batch its outcome (queue lock not held).
void GroupCommit::Finish(const std::vector<std::shared_ptr<Writer>>& batch) const {
  if (observer_.committed) observer_.committed(batch.size());
  for (const auto& w : batch) {
    observer_.Observe(w->item.status);
    if (w->on_done) {
      w->on_done(w->item.status);
    } else if (!w->lead) {  // the leader itself is not waiting
      w->cv.notify_one();
    }
  }
}

}  // namespace openkp::store::sql
