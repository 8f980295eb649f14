// A mutex that Clang's thread-safety analysis understands (-Wthread-safety, on in clang
// builds such as the fuzz preset), and the annotations to state which mutex guards what.
// g++ ignores the annotations. After LevelDB's port/thread_annotations.h.
//
//   core::Mutex mu_;
//   int64_t count_ GUARDED_BY(mu_);
//   void Add() { core::MutexLock lock(mu_); ++count_; }
#pragma once

#include <mutex>

#if defined(__clang__)
#define OPENKP_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define OPENKP_THREAD_ANNOTATION(x)
#endif

#define CAPABILITY(x) OPENKP_THREAD_ANNOTATION(capability(x))
#define SCOPED_CAPABILITY OPENKP_THREAD_ANNOTATION(scoped_lockable)
#define GUARDED_BY(x) OPENKP_THREAD_ANNOTATION(guarded_by(x))
#define PT_GUARDED_BY(x) OPENKP_THREAD_ANNOTATION(pt_guarded_by(x))
#define REQUIRES(...) OPENKP_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
#define EXCLUDES(...) OPENKP_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
#define ACQUIRE(...) OPENKP_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define RELEASE(...) OPENKP_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
#define TRY_ACQUIRE(...) OPENKP_THREAD_ANNOTATION(try_acquire_capability(__VA_ARGS__))
#define NO_THREAD_SAFETY_ANALYSIS OPENKP_THREAD_ANNOTATION(no_thread_safety_analysis)

namespace openkp::core {

class CAPABILITY("mutex") Mutex {
 public:
  void Lock() ACQUIRE() { mu_.lock(); }
  void Unlock() RELEASE() { mu_.unlock(); }
  bool TryLock() TRY_ACQUIRE(true) { return mu_.try_lock(); }
  // For std::condition_variable waits, which need the std::mutex itself.
  std::mutex& native() { return mu_; }

 private:
  std::mutex mu_;
};

// Holds a Mutex for its scope.
class SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex& mu) ACQUIRE(mu) : mu_(mu) { mu_.Lock(); }
  ~MutexLock() RELEASE() { mu_.Unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

 private:
  Mutex& mu_;
};

}  // namespace openkp::core
