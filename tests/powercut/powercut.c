// powercut.so: an LD_PRELOAD layer that keeps, beside a data directory, the image its disk would
// hold after a power cut, so that a test can SIGKILL the process and "reboot" on that image.
//
//   POWERCUT_DIR     the watched directory (absolute); everything elsewhere passes through.
//   POWERCUT_SHADOW  the disk's image of it (absolute): the caller fills it with a copy of
//                    POWERCUT_DIR before the process starts.
//   POWERCUT_LOG     optional: one line per metadata operation and sync, appended there.
//
// The model, after ext4 data=ordered, at its least forgiving:
// - A file's DATA (write, pwrite, ftruncate, O_TRUNC, mmap: whatever changed its bytes) reach the
//   disk only when that file is fsync'd or fdatasync'd, or by syncfs() or sync(), which make
//   every file under POWERCUT_DIR durable. Then the file's whole content, as it is when the sync
//   is called, is copied to SHADOW/<its path now>, through a temporary file renamed into place:
//   the image never holds a half-copied file. The content is read through /proc/self/fd/N, and
//   the path is the one the kernel reports for the descriptor now, so a file renamed since it
//   was opened lands under its new name.
// - METADATA (a new file created, empty; mkdir; rename; unlink; rmdir) are queued in order and
//   applied to the image at the NEXT fsync, fdatasync, syncfs or sync of anything (the journal
//   commit), before that sync copies any data. A file renamed over another before its data
//   were synced therefore arrives as the image's version of the source, or as an empty file:
//   the classic zero-length file after a rename. (ext4's default auto_da_alloc writes the data
//   of a file renamed over another before the rename commits; POSIX promises no such thing, and
//   other filesystems, or ext4 mounted noauto_da_alloc, do not, so neither does this model.)
// - `*-shm` files (SQLite's shared-memory index, rebuilt on open) are never copied; the caller
//   deletes them from the image, and the `.powercut-tmp-*` file a SIGKILL may leave in SHADOW.
// Not modelled (the product uses none of them under its data directory): O_SYNC/O_DSYNC
// descriptors, msync, hard and symbolic links. sync_file_range() only starts writeback and makes
// nothing durable, so it passes through untouched.
//
// Intercepted: the entry points openkp, libstdc++, libsqlite3 and python3 import (checked with
// `nm -D --undefined-only`): open, open64, openat, openat64, creat, creat64, fopen, fopen64
// (only to see a file created: existence is checked before the real call with O_CREAT), rename,
// renameat, renameat2, unlink, unlinkat, remove, rmdir, mkdir, mkdirat, fsync, fdatasync, syncfs,
// sync. libsqlite3 calls open64 and fdatasync (also for the directory fsync after creating a
// file) through pointers it takes at load time, which the dynamic linker binds to these
// definitions. The fortified __open_2 family is left alone: it aborts on O_CREAT, so it never
// creates. No descriptor table is kept (so close is not intercepted): the path a sync copies to
// comes from /proc/self/fd/N at the sync, which follows renames.
//
// One mutex serializes the queue and the image; metadata calls under POWERCUT_DIR hold it across
// the real call too, so the queue's order is the order the kernel applied them in.
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

// The next definition of each function (libc's), looked up on first use: other libraries'
// constructors may call these before any constructor here would have run.
#define NEXT(fn) (real_##fn ? real_##fn : (__typeof__(real_##fn))next(#fn, (void**)&real_##fn))
static void* next(const char* name, void** slot) { return *slot = dlsym(RTLD_NEXT, name); }
static int (*real_open)(const char*, int, ...);
static int (*real_open64)(const char*, int, ...);
static int (*real_openat)(int, const char*, int, ...);
static int (*real_openat64)(int, const char*, int, ...);
static FILE* (*real_fopen)(const char*, const char*);
static FILE* (*real_fopen64)(const char*, const char*);
static int (*real_rename)(const char*, const char*);
static int (*real_renameat)(int, const char*, int, const char*);
static int (*real_renameat2)(int, const char*, int, const char*, unsigned);
static int (*real_unlink)(const char*);
static int (*real_unlinkat)(int, const char*, int);
static int (*real_remove)(const char*);
static int (*real_rmdir)(const char*);
static int (*real_mkdir)(const char*, mode_t);
static int (*real_mkdirat)(int, const char*, mode_t);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);
static int (*real_syncfs)(int);
static void (*real_sync)(void);

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static char dir[PATH_MAX], shadow[PATH_MAX], log_path[PATH_MAX];
static size_t dir_len;
static int enabled;

enum op_kind { OP_CREATE, OP_MKDIR, OP_RENAME, OP_UNLINK, OP_RMDIR };
struct op {
  enum op_kind kind;
  unsigned flags;  // renameat2's
  char* a;         // paths relative to POWERCUT_DIR
  char* b;
  struct op* next;
};
static struct op *queue_head, *queue_tail;  // guarded by mu

static void setup(void) {
  const char* d = getenv("POWERCUT_DIR");
  const char* s = getenv("POWERCUT_SHADOW");
  const char* l = getenv("POWERCUT_LOG");
  if (!d || !s || !realpath(d, dir) || !realpath(s, shadow)) return;  // a plain pass-through
  dir_len = strlen(dir);
  if (l) snprintf(log_path, sizeof log_path, "%s", l);
  enabled = 1;
}
static int on(void) {
  pthread_once(&once, setup);
  return enabled;
}

static void note(const char* fmt, ...) {
  if (!log_path[0]) return;
  char line[3 * PATH_MAX];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(line, sizeof line - 1, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if (n > (int)sizeof line - 2) n = sizeof line - 2;
  line[n++] = '\n';
  int fd = NEXT(open)(log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return;
  ssize_t w = write(fd, line, (size_t)n);
  (void)w;
  close(fd);
}

// Lexically normalizes an absolute path in place ("//", "." and ".." segments).
static void normalize(char* p) {
  char out[PATH_MAX];
  size_t o = 0;
  for (const char* s = p; *s;) {
    while (*s == '/') s++;
    const char* e = s;
    while (*e && *e != '/') e++;
    size_t len = (size_t)(e - s);
    if (len == 2 && s[0] == '.' && s[1] == '.') {
      while (o > 0 && out[o - 1] != '/') o--;
      if (o > 0) o--;
    } else if (len > 0 && !(len == 1 && s[0] == '.') && o + 1 + len < sizeof out) {
      out[o++] = '/';
      memcpy(out + o, s, len);
      o += len;
    }
    s = e;
  }
  if (o == 0) out[o++] = '/';
  out[o] = 0;
  memcpy(p, out, o + 1);
}

// The absolute form of `path` (relative to `dirfd` or the working directory) in `abs`, and the
// part of it below POWERCUT_DIR, or NULL when it is not below.
static const char* watched(int dirfd, const char* path, char abs[PATH_MAX]) {
  if (!path || !on()) return NULL;
  if (path[0] == '/') {
    if (snprintf(abs, PATH_MAX, "%s", path) >= PATH_MAX) return NULL;
  } else {
    char base[PATH_MAX];
    if (dirfd == AT_FDCWD) {
      if (!getcwd(base, sizeof base)) return NULL;
    } else {
      char link[64];
      snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
      ssize_t n = readlink(link, base, sizeof base - 1);
      if (n <= 0) return NULL;
      base[n] = 0;
    }
    if (snprintf(abs, PATH_MAX, "%s/%s", base, path) >= PATH_MAX) return NULL;
  }
  normalize(abs);
  if (strncmp(abs, dir, dir_len) != 0 || abs[dir_len] != '/') return NULL;
  return abs + dir_len + 1;
}

static void enqueue(enum op_kind kind, const char* a, const char* b, unsigned flags) {
  static const char* const names[] = {"create", "mkdir", "rename", "unlink", "rmdir"};
  struct op* o = calloc(1, sizeof *o);
  if (!o) abort();  // a lost operation would make the image lie
  o->kind = kind;
  o->flags = flags;
  o->a = strdup(a);
  o->b = b ? strdup(b) : NULL;
  if (!o->a || (b && !o->b)) abort();
  if (queue_tail) {
    queue_tail->next = o;
  } else {
    queue_head = o;
  }
  queue_tail = o;
  note("queue %s %s%s%s", names[kind], a, b ? " -> " : "", b ? b : "");
}

// out = a + "/" + b; a path too long to hold would make the image lie, so it stops the process.
static void join(char out[PATH_MAX], const char* a, const char* b) {
  if (snprintf(out, PATH_MAX, "%s%s%s", a, *a && *b ? "/" : "", b) >= PATH_MAX) abort();
}
static void in_shadow(const char* rel, char out[PATH_MAX]) { join(out, shadow, rel); }

// Creates the image's missing parent directories of `path` (a directory made by a call this
// layer did not see: noted, since it should not happen).
static void make_parents(const char* path) {
  char p[PATH_MAX];
  snprintf(p, sizeof p, "%s", path);
  for (char* s = p + strlen(shadow) + 1; (s = strchr(s, '/')); s++) {
    *s = 0;
    if (NEXT(mkdir)(p, 0700) == 0) note("warning: made missing directory %s", p);
    *s = '/';
  }
}

static void create_empty(const char* path) {
  int fd = NEXT(open)(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0 && errno == ENOENT) {
    make_parents(path);
    fd = NEXT(open)(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  }
  if (fd < 0) {
    note("error: cannot create %s: %s", path, strerror(errno));
    return;
  }
  close(fd);
}

// The journal commit: every queued metadata operation, in order. Caller holds mu.
static void commit_metadata(void) {
  char a[PATH_MAX], b[PATH_MAX];
  while (queue_head) {
    struct op* o = queue_head;
    in_shadow(o->a, a);
    if (o->b) in_shadow(o->b, b);
    switch (o->kind) {
      case OP_CREATE:
        create_empty(a);
        break;
      case OP_MKDIR:
        if (NEXT(mkdir)(a, 0700) != 0 && errno == ENOENT) {
          make_parents(a);
          NEXT(mkdir)(a, 0700);
        }
        break;
      case OP_RENAME:
        if (syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, o->flags) != 0) {
          if (errno == ENOENT && access(a, F_OK) != 0) {
            create_empty(b);  // the source's creation was never seen: an empty file
          } else {
            note("error: rename %s -> %s in the image: %s", o->a, o->b, strerror(errno));
          }
        }
        break;
      case OP_UNLINK:
        NEXT(unlink)(a);
        break;
      case OP_RMDIR:
        NEXT(rmdir)(a);
        break;
    }
    queue_head = o->next;
    free(o->a);
    free(o->b);
    free(o);
  }
  queue_tail = NULL;
}

static int is_shm(const char* rel) {
  size_t n = strlen(rel);
  return n >= 4 && strcmp(rel + n - 4, "-shm") == 0;
}

// Copies the whole file open as `src` to SHADOW/rel, atomically. Caller holds mu.
static void copy_to_shadow(int src, const char* rel) {
  if (is_shm(rel)) return;
  struct stat st;
  if (fstat(src, &st) != 0 || !S_ISREG(st.st_mode)) return;
  char tmp[PATH_MAX], target[PATH_MAX];
  char name[32];
  snprintf(name, sizeof name, ".powercut-tmp-%d", (int)getpid());
  join(tmp, shadow, name);
  in_shadow(rel, target);
  int out = NEXT(open)(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, st.st_mode & 07777);
  if (out < 0) {
    note("error: cannot write %s: %s", tmp, strerror(errno));
    return;
  }
  char buf[1 << 16];
  off_t at = 0;
  for (;;) {
    ssize_t n = pread(src, buf, sizeof buf, at);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    for (ssize_t done = 0; done < n;) {
      ssize_t w = write(out, buf + done, (size_t)(n - done));
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) abort();  // an image that silently lost data would make the test lie
      done += w;
    }
    at += n;
  }
  close(out);
  if (NEXT(rename)(tmp, target) != 0) {
    make_parents(target);
    if (NEXT(rename)(tmp, target) != 0) note("error: cannot place %s: %s", target, strerror(errno));
  }
  note("durable %s (%lld bytes)", rel, (long long)at);
}

// fsync/fdatasync of `fd`: the journal commits, then the file's data. Caller holds mu.
static void durable_fd(int fd, const char* how) {
  commit_metadata();
  char link[64], path[PATH_MAX], abs[PATH_MAX];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(link, path, sizeof path - 1);
  if (n <= 0) return;
  path[n] = 0;
  const char* rel = path[0] == '/' ? watched(AT_FDCWD, path, abs) : NULL;
  note("%s fd %d %s", how, fd, path);
  if (!rel) return;
  int src = NEXT(open)(link, O_RDONLY | O_CLOEXEC);  // readable even when fd is write-only
  if (src < 0) return;
  struct stat st;
  if (fstat(src, &st) == 0 && st.st_nlink > 0) copy_to_shadow(src, rel);  // not unlinked
  close(src);
}

// Copies every regular file below POWERCUT_DIR/rel. Caller holds mu.
static void durable_tree(const char* rel) {
  char path[PATH_MAX];
  join(path, dir, rel);
  DIR* d = opendir(path);
  if (!d) return;
  struct dirent* e;
  while ((e = readdir(d))) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    char child[PATH_MAX], abs[PATH_MAX];
    join(child, rel, e->d_name);
    join(abs, dir, child);
    struct stat st;
    if (lstat(abs, &st) != 0) continue;
    if (S_ISDIR(st.st_mode)) {
      durable_tree(child);
    } else if (S_ISREG(st.st_mode)) {
      int src = NEXT(open)(abs, O_RDONLY | O_CLOEXEC);
      if (src < 0) continue;
      copy_to_shadow(src, child);
      close(src);
    }
  }
  closedir(d);
}

static void durable_all(const char* how) {
  note("%s: everything", how);
  commit_metadata();
  durable_tree("");
}

// --- creation: open and friends ---------------------------------------------------------------

enum which_open { W_OPEN, W_OPEN64, W_OPENAT, W_OPENAT64 };

static int call_open(enum which_open w, int dirfd, const char* path, int flags, mode_t mode) {
  switch (w) {
    case W_OPEN:
      return NEXT(open)(path, flags, mode);
    case W_OPEN64:
      return NEXT(open64)(path, flags, mode);
    case W_OPENAT:
      return NEXT(openat)(dirfd, path, flags, mode);
    case W_OPENAT64:
      return NEXT(openat64)(dirfd, path, flags, mode);
  }
  return -1;
}

static int do_open(enum which_open w, int dirfd, const char* path, int flags, mode_t mode) {
  char abs[PATH_MAX];
  const char* rel;
  if (!(flags & O_CREAT) || !(rel = watched(dirfd, path, abs))) {
    return call_open(w, dirfd, path, flags, mode);
  }
  pthread_mutex_lock(&mu);
  struct stat st;
  const int existed = lstat(abs, &st) == 0;
  const int fd = call_open(w, dirfd, path, flags, mode);
  const int saved = errno;
  if (fd >= 0 && !existed) enqueue(OP_CREATE, rel, NULL, 0);
  pthread_mutex_unlock(&mu);
  errno = saved;
  return fd;
}

#define MODE_ARG(flags)                  \
  mode_t mode = 0;                       \
  if (__OPEN_NEEDS_MODE(flags)) {        \
    va_list ap;                          \
    va_start(ap, flags);                 \
    mode = (mode_t)va_arg(ap, unsigned); \
    va_end(ap);                          \
  }

int open(const char* path, int flags, ...) {
  MODE_ARG(flags);
  return do_open(W_OPEN, AT_FDCWD, path, flags, mode);
}
int open64(const char* path, int flags, ...) {
  MODE_ARG(flags);
  return do_open(W_OPEN64, AT_FDCWD, path, flags, mode);
}
int openat(int dirfd, const char* path, int flags, ...) {
  MODE_ARG(flags);
  return do_open(W_OPENAT, dirfd, path, flags, mode);
}
int openat64(int dirfd, const char* path, int flags, ...) {
  MODE_ARG(flags);
  return do_open(W_OPENAT64, dirfd, path, flags, mode);
}
int creat(const char* path, mode_t mode) {
  return do_open(W_OPEN, AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}
int creat64(const char* path, mode_t mode) {
  return do_open(W_OPEN64, AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

// std::ofstream opens files with fopen64 (libstdc++), and glibc's fopen calls its own open.
static FILE* do_fopen(FILE* (*real)(const char*, const char*), const char* path, const char* m) {
  char abs[PATH_MAX];
  const char* rel;
  if (!m || (m[0] != 'w' && m[0] != 'a') || !(rel = watched(AT_FDCWD, path, abs))) {
    return real(path, m);
  }
  pthread_mutex_lock(&mu);
  struct stat st;
  const int existed = lstat(abs, &st) == 0;
  FILE* f = real(path, m);
  const int saved = errno;
  if (f && !existed) enqueue(OP_CREATE, rel, NULL, 0);
  pthread_mutex_unlock(&mu);
  errno = saved;
  return f;
}
FILE* fopen(const char* path, const char* mode) { return do_fopen(NEXT(fopen), path, mode); }
FILE* fopen64(const char* path, const char* mode) { return do_fopen(NEXT(fopen64), path, mode); }

// --- rename, unlink, mkdir ---------------------------------------------------------------------

// Either side may be outside POWERCUT_DIR: a file moved in arrives like a new one (its data were
// written elsewhere, not synced here), a file moved out is like one unlinked.
static int do_rename(int olddirfd, const char* from, int newdirfd, const char* to, unsigned flags) {
  char abs_from[PATH_MAX], abs_to[PATH_MAX];
  const char* rel_from = watched(olddirfd, from, abs_from);
  const char* rel_to = watched(newdirfd, to, abs_to);
  if (!rel_from && !rel_to) {
    return flags ? NEXT(renameat2)(olddirfd, from, newdirfd, to, flags)
                 : NEXT(renameat)(olddirfd, from, newdirfd, to);
  }
  pthread_mutex_lock(&mu);
  const int r = flags ? NEXT(renameat2)(olddirfd, from, newdirfd, to, flags)
                      : NEXT(renameat)(olddirfd, from, newdirfd, to);
  const int saved = errno;
  if (r == 0) {
    if (rel_from && rel_to) {
      enqueue(OP_RENAME, rel_from, rel_to, flags);
    } else if (rel_to) {
      enqueue(OP_CREATE, rel_to, NULL, 0);
    } else {
      enqueue(OP_UNLINK, rel_from, NULL, 0);
    }
  }
  pthread_mutex_unlock(&mu);
  errno = saved;
  return r;
}
int rename(const char* from, const char* to) { return do_rename(AT_FDCWD, from, AT_FDCWD, to, 0); }
int renameat(int fd1, const char* from, int fd2, const char* to) {
  return do_rename(fd1, from, fd2, to, 0);
}
int renameat2(int fd1, const char* from, int fd2, const char* to, unsigned flags) {
  return do_rename(fd1, from, fd2, to, flags);
}

// One path's operation: `call` is the real one, `kind` what it queues when it succeeds.
#define PATH_OP(dirfd, path, kind, call)           \
  do {                                             \
    char abs_[PATH_MAX];                           \
    const char* rel_ = watched(dirfd, path, abs_); \
    if (!rel_) return call;                        \
    pthread_mutex_lock(&mu);                       \
    const int r_ = call;                           \
    const int saved_ = errno;                      \
    if (r_ == 0) enqueue(kind, rel_, NULL, 0);     \
    pthread_mutex_unlock(&mu);                     \
    errno = saved_;                                \
    return r_;                                     \
  } while (0)

int unlink(const char* path) { PATH_OP(AT_FDCWD, path, OP_UNLINK, NEXT(unlink)(path)); }
int unlinkat(int dirfd, const char* path, int flags) {
  PATH_OP(dirfd, path, (flags & AT_REMOVEDIR) ? OP_RMDIR : OP_UNLINK,
          NEXT(unlinkat)(dirfd, path, flags));
}
int rmdir(const char* path) { PATH_OP(AT_FDCWD, path, OP_RMDIR, NEXT(rmdir)(path)); }
// remove() is unlink or rmdir, called inside libc where this layer cannot see them. The image's
// unlink of a directory would fail, so a directory is told apart before the call.
int remove(const char* path) {
  struct stat st;
  const int is_dir = lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
  PATH_OP(AT_FDCWD, path, is_dir ? OP_RMDIR : OP_UNLINK, NEXT(remove)(path));
}
int mkdir(const char* path, mode_t mode) {
  PATH_OP(AT_FDCWD, path, OP_MKDIR, NEXT(mkdir)(path, mode));
}
int mkdirat(int dirfd, const char* path, mode_t mode) {
  PATH_OP(dirfd, path, OP_MKDIR, NEXT(mkdirat)(dirfd, path, mode));
}

// --- syncs -------------------------------------------------------------------------------------

// The image takes the files as they are when the sync is called: what other threads write
// while it runs may or may not reach a real disk, so here it does not.
int fsync(int fd) {
  if (on()) {
    pthread_mutex_lock(&mu);
    durable_fd(fd, "fsync");
    pthread_mutex_unlock(&mu);
  }
  return NEXT(fsync)(fd);
}
int fdatasync(int fd) {
  if (on()) {
    pthread_mutex_lock(&mu);
    durable_fd(fd, "fdatasync");
    pthread_mutex_unlock(&mu);
  }
  return NEXT(fdatasync)(fd);
}
int syncfs(int fd) {
  if (on()) {
    pthread_mutex_lock(&mu);
    durable_all("syncfs");
    pthread_mutex_unlock(&mu);
  }
  return NEXT(syncfs)(fd);
}
void sync(void) {
  if (on()) {
    pthread_mutex_lock(&mu);
    durable_all("sync");
    pthread_mutex_unlock(&mu);
  }
  NEXT(sync)();
}
