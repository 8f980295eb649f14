// Documents rendered by external engines (see render.h).
#include "http/render.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <semaphore>
#include <sstream>
#include <thread>

#include "http/problem.h"

namespace openkp::http {

using core::Result;
using core::Status;

namespace {

// The path of `program` on $PATH, or "".
std::string FindProgram(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const std::string candidate = dir + "/" + program;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

// A private directory under `parent`, removed when it goes out of scope.
class WorkDir {
 public:
  explicit WorkDir(const std::string& parent) {
    std::string tmpl = (parent.empty() ? std::string("/tmp") : parent) + "/render-XXXXXX";
    if (::mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
  }
  ~WorkDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Runs argv with its output to WORK/tool.log, killing it after `timeout`.
Status RunTool(const std::vector<std::string>& argv, const std::string& work,
               std::chrono::seconds timeout) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  const std::string log = work + "/tool.log";
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  // A process group of its own: Chromium starts helpers, and a timeout must stop them all.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  // A home of its own: Chromium writes its profile there.
  std::vector<std::string> env_strings = {"HOME=" + work, "PATH=/usr/bin:/bin", "LANG=C.UTF-8"};
  std::vector<char*> env;
  for (auto& e : env_strings) env.push_back(e.data());
  env.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, args[0], &actions, &attr, args.data(), env.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) return Status::Internal("cannot start " + argv[0] + ": " + std::strerror(rc));
  // Whatever happens, nothing of the group outlives the call (its directory is removed next).
  struct GroupKiller {
    pid_t group;
    ~GroupKiller() { ::kill(-group, SIGKILL); }
  } killer{pid};
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (true) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0) return Status::Internal("waiting for " + argv[0] + " failed");
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return Status::Internal(argv[0] + " took longer than " + std::to_string(timeout.count()) +
                              " s");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::ifstream in(log);
    std::string tail((std::istreambuf_iterator<char>(in)), {});
    if (tail.size() > 300) tail = tail.substr(tail.size() - 300);
    return Status::Internal(argv[0] + " failed: " + tail);
  }
  return {};
}

Result<std::string> Convert(
    const std::string& program, const std::string& package, const std::string& html,
    const std::string& work_dir,
    const std::function<std::vector<std::string>(const std::string& exe, const std::string& in,
                                                 const std::string& out)>& args,
    const std::string& out_name) {
  const std::string exe = FindProgram(program);
  if (exe.empty()) {
    return Status(core::Code::kUnavailable,
                  program + " is not installed on this server (apt install " + package + ")");
  }
  WorkDir work(work_dir);
  if (work.path().empty()) return Status::Internal("cannot make a work directory");
  const std::string in = work.path() + "/document.html";
  const std::string out = work.path() + "/" + out_name;
  {
    std::ofstream f(in, std::ios::binary);
    f << html;
    if (!f) return Status::Internal("cannot write " + in);
  }
  // The tool's messages name paths on this server: the caller gets what failed, not how.
  if (Status s = RunTool(args(exe, in, out), work.path(), std::chrono::seconds(60)); !s.ok()) {
    std::fprintf(stderr, "render: %s\n", s.message().c_str());
    return Status::Internal(program + " could not convert the document (see the server's log)");
  }
  std::ifstream f(out, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(f)), {});
  if (bytes.empty()) return Status::Internal(program + " wrote nothing");
  return bytes;
}

}  // namespace

namespace {
// Conversions at once (a PDF holds a Chromium of ~400 MB for a second or more): more are refused
// with kUnavailable, to be retried, rather than exhausting the server's memory.
std::counting_semaphore<2> conversion_slots(2);
struct Slot {
  bool held = conversion_slots.try_acquire();
  ~Slot() {
    if (held) conversion_slots.release();
  }
};
}  // namespace

Result<std::string> RenderDocx(const std::string& html, const std::string& work_dir) {
  Slot slot;
  if (!slot.held) {
    return Status(core::Code::kUnavailable, "two documents are being converted; retry shortly");
  }
  return Convert(
      "pandoc", "pandoc", html, work_dir,
      [](const std::string& exe, const std::string& in, const std::string& out) {
        return std::vector<std::string>{exe, "--from=html", "--to=docx", "--output=" + out, in};
      },
      "document.docx");
}

Result<std::string> RenderPdf(const std::string& html, const std::string& work_dir) {
  Slot slot;
  if (!slot.held) {
    return Status(core::Code::kUnavailable, "two documents are being converted; retry shortly");
  }
  return Convert(
      "chromium", "chromium", html, work_dir,
      [](const std::string& exe, const std::string& in, const std::string& out) {
        const std::string dir = in.substr(0, in.rfind('/'));
        return std::vector<std::string>{exe,
                                        "--headless",
                                        "--no-sandbox",
                                        "--disable-gpu",
                                        "--disable-dev-shm-usage",
                                        "--no-first-run",
                                        "--user-data-dir=" + dir + "/profile",
                                        "--no-pdf-header-footer",
                                        "--print-to-pdf=" + out,
                                        "file://" + in};
      },
      "document.pdf");
}

Response DocumentResponse(const std::string& html, const std::string& format,
                          const std::string& name, const std::string& instance) {
  Response r;
  r.headers.emplace_back("Cache-Control", "no-store");
  if (format == "html") {
    r.content_type = "text/html; charset=utf-8";
    r.body = html;
    // A document, not a page of this site: no scripts run, nothing loads.
    r.headers.emplace_back("Content-Security-Policy",
                           "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                           "frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    return r;
  }
  auto bytes = format == "pdf" ? RenderPdf(html, "") : RenderDocx(html, "");
  if (!bytes.ok()) return Problem(bytes.status(), instance);
  r.content_type = format == "pdf"
                       ? "application/pdf"
                       : "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  r.body = std::move(*bytes);
  r.headers.emplace_back("Content-Disposition",
                         "attachment; filename=\"" + name + "." + format + "\"");
  return r;
}

}  // namespace openkp::http
