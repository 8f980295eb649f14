#include "http/server.h"

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "http/problem.h"

namespace openkp::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

// Sent with every response (docs/SECURITY.md): no MIME sniffing. Pages (HTML) also get no
// referrer leaving the site, no framing, and a policy that lets the web app (one self-contained
// page: inline script and styles) load nothing from elsewhere and talk only to this server;
// those only matter for documents a browser renders, so JSON answers stay small.
constexpr std::string_view kNoSniff = "\r\nX-Content-Type-Options: nosniff";
constexpr std::string_view kReferrer = "\r\nReferrer-Policy: no-referrer";
// A route that serves a document of its own (a review dossier) sends a stricter policy instead.
constexpr std::string_view kPagePolicy =
    "\r\nContent-Security-Policy: default-src 'none'; script-src 'self'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; "
    "worker-src 'self'; manifest-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

// What RFC 9112 lets a server refuse and Beast accepts: a message whose framing two parties
// could read differently (request smuggling), or whose credentials are ambiguous.
core::Status StrictHeader(const bhttp::request_header<>& req) {
  int authorization = 0, host = 0;
  bool content_length = false;
  std::string transfer_encoding;
  for (const auto& f : req) {
    switch (f.name()) {
      case bhttp::field::authorization:
        ++authorization;
        break;
      case bhttp::field::host:
        ++host;
        break;
      case bhttp::field::content_length:
        content_length = true;
        break;
      case bhttp::field::transfer_encoding:
        if (!transfer_encoding.empty()) transfer_encoding += ",";
        transfer_encoding += std::string(f.value());
        break;
      default:
        break;
    }
  }
  if (!transfer_encoding.empty()) {
    // Exactly one coding, "chunked" (case aside), with optional whitespace around it only:
    // "chun ked" or "gzip, chunked" would be framed differently by different parsers.
    std::string te = transfer_encoding;
    while (!te.empty() && (te.back() == ' ' || te.back() == '\t')) te.pop_back();
    const size_t start = te.find_first_not_of(" \t");
    te = start == std::string::npos ? std::string() : te.substr(start);
    for (auto& c : te) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (te != "chunked") {
      return core::Status::Invalid("Transfer-Encoding", "transfer-coding",
                                   "only 'chunked' is accepted, got '" + transfer_encoding + "'");
    }
    if (content_length) {
      return core::Status::Invalid("Content-Length", "framing",
                                   "send Content-Length or Transfer-Encoding, not both");
    }
  }
  if (authorization > 1) {
    return core::Status::Invalid("Authorization", "single", "send one Authorization header");
  }
  if (host > 1) return core::Status::Invalid("Host", "single", "send one Host header");
  return {};
}

constexpr size_t kHeaderLimit = 16 * 1024;

// Where a request's header ends in `in` (just past its empty line), or npos while it has not
// arrived whole. Empty lines before the request line (RFC 9112 2.2) are skipped.
size_t HeaderEnd(std::string_view in) {
  const size_t start = in.find_first_not_of("\r\n");
  if (start == std::string_view::npos) return std::string_view::npos;
  for (size_t at = in.find('\n', start); at != std::string_view::npos; at = in.find('\n', at + 1)) {
    if (at + 1 < in.size() && in[at + 1] == '\n') return at + 2;
    if (at + 2 < in.size() && in[at + 1] == '\r' && in[at + 2] == '\n') return at + 3;
  }
  return std::string_view::npos;
}

// Whether a header's raw bytes hold an obsolete line fold (RFC 9112 5.2: a line break followed
// by a space or a tab), which a server must refuse or replace; Beast replaces it by a space, after
// which a folded field cannot be told from a plain one, so the raw bytes are looked at.
bool HasObsFold(std::string_view header) {
  const size_t start = header.find_first_not_of("\r\n");
  for (size_t at = header.find('\n', start); at != std::string_view::npos && at + 1 < header.size();
       at = header.find('\n', at + 1)) {
    if (header[at + 1] == ' ' || header[at + 1] == '\t') return true;
  }
  return false;
}

// A request's method, target and header fields (names lower-cased) into *out.
void CopyHead(const bhttp::request_header<>& req, Request* out) {
  out->method = std::string(req.method_string());
  out->target = std::string(req.target());
  for (const auto& f : req) {
    std::string name(f.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out->headers[name] = std::string(f.value());
  }
}

Response InternalError(const std::string& detail) {
  return Problem(core::Status::Internal(detail));
}

// Requests taken by the AsyncHandler and not yet answered; Run waits for none to be left.
struct PendingReplies {
  std::mutex mu;
  std::condition_variable cv;
  int64_t count = 0;
  void Add() {
    std::lock_guard lock(mu);
    ++count;
  }
  void Remove() {
    std::lock_guard lock(mu);
    if (--count == 0) cv.notify_all();
  }
  void WaitForNone() {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return count == 0; });
  }
};

}  // namespace

struct Reply::State {
  std::function<void(std::function<Response()>)> deliver;  // to the connection's I/O thread
  std::atomic<bool> sent{false};
  PendingReplies* pending = nullptr;
  ~State() {
    if (!sent.exchange(true)) {
      deliver([] { return InternalError("the request was taken but never answered"); });
    }
    pending->Remove();
  }
};

void Reply::Send(std::function<Response()> make) const {
  if (!state_->sent.exchange(true)) state_->deliver(std::move(make));
}

void Reply::Send(Response response) const {
  Send([r = std::move(response)]() mutable { return std::move(r); });
}

namespace {

// Open connections, in total and per client address, for the caps of ServerOptions. A
// Session holds a Ticket for its lifetime; when the total cap had paused accepting, the
// first ticket returned resumes it.
class ConnectionGate : public std::enable_shared_from_this<ConnectionGate> {
 public:
  class Ticket {
   public:
    Ticket(std::shared_ptr<ConnectionGate> gate, std::string client)
        : gate_(std::move(gate)), client_(std::move(client)) {}
    ~Ticket() { gate_->Release(client_); }
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;

   private:
    std::shared_ptr<ConnectionGate> gate_;
    std::string client_;
  };

  ConnectionGate(size_t max_total, size_t max_per_client)
      : max_total_(max_total), max_per_client_(max_per_client) {}
  // What resumes accepting; null once the server is going away.
  void SetResume(std::function<void()> resume) {
    std::lock_guard lock(mu_);
    resume_ = std::move(resume);
  }

  // False when another connection must wait (the total cap): accepting pauses until Release.
  bool MayAccept() {
    std::lock_guard lock(mu_);
    if (total_ < max_total_) return true;
    paused_ = true;
    return false;
  }
  // A ticket for a connection from `client`, or null when that client has too many.
  std::unique_ptr<Ticket> Admit(const std::string& client) {
    std::lock_guard lock(mu_);
    size_t& mine = per_client_[client];
    if (max_per_client_ != 0 && mine >= max_per_client_) return nullptr;
    ++mine;
    ++total_;
    return std::make_unique<Ticket>(shared_from_this(), client);
  }

 private:
  void Release(const std::string& client) {
    std::lock_guard lock(mu_);
    --total_;
    if (auto it = per_client_.find(client); it != per_client_.end() && --it->second == 0) {
      per_client_.erase(it);
    }
    if (paused_ && total_ < max_total_) {
      paused_ = false;
      // Under the lock: the server clears resume_ before it goes away (resume only posts).
      if (resume_) resume_();
    }
  }

  const size_t max_total_, max_per_client_;
  std::function<void()> resume_;  // guarded by mu_
  std::mutex mu_;
  size_t total_ = 0;                                    // guarded by mu_
  bool paused_ = false;                                 // guarded by mu_
  std::unordered_map<std::string, size_t> per_client_;  // guarded by mu_
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const Handler& handler, const FastHandler& fast,
          const AsyncHandler& async, const ServerOptions& options, asio::thread_pool& workers,
          PendingReplies& pending, std::unique_ptr<ConnectionGate::Ticket> ticket,
          std::atomic<uint64_t>& requests)
      : ticket_(std::move(ticket)),
        requests_(requests),
        stream_(std::move(socket)),
        handler_(handler),
        fast_(fast),
        async_(async),
        options_(options),
        workers_(workers),
        pending_(pending) {}

  void Start() {
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&Session::Read, shared_from_this()));
  }

 private:
  void Read() {
    head_ = false;  // the previous request's, on a kept-alive connection
    method_ = "-";
    started_ = std::chrono::steady_clock::now();
    parser_.reset();
    file_parser_.reset();
    spooled_.reset();
    header_parser_.emplace();
    header_parser_->header_limit(kHeaderLimit);
    // No limit while the header is read (Beast would check Content-Length against its default
    // at the end of the header); OnHeader sets the route's.
    header_parser_->body_limit((std::numeric_limits<std::uint64_t>::max)());
    body_limit_ = options_.body_limit;
    stream_.expires_after(options_.read_timeout);
    ReadRawHeader();
  }

  // The header's bytes are gathered (and looked at: HasObsFold) before Beast parses them.
  void ReadRawHeader() {
    const auto data = buffer_.data();
    const std::string_view in(static_cast<const char*>(data.data()), data.size());
    const size_t end = HeaderEnd(in);
    if (end != std::string_view::npos || in.size() >= kHeaderLimit) {
      folded_ = end != std::string_view::npos && HasObsFold(in.substr(0, end));
      // The header first: the route it names decides how large a body may be and where it goes.
      // Beast parses it from buffer_ (and reports a header over the limit as before).
      return bhttp::async_read_header(
          stream_, buffer_, *header_parser_,
          beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
    }
    stream_.async_read_some(buffer_.prepare(kHeaderLimit - in.size()),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              if (ec == asio::error::eof) {
                                ec = self->buffer_.size() == 0 ? bhttp::error::end_of_stream
                                                               : bhttp::error::partial_message;
                              }
                              if (ec) return self->OnRead(ec, n);
                              self->buffer_.commit(n);
                              self->ReadRawHeader();
                            });
  }

  const bhttp::request_header<>& Header() const { return header_parser_->get(); }

  void OnHeader(beast::error_code ec, std::size_t bytes) {
    if (ec) return OnRead(ec, bytes);
    const auto& req = Header();
    head_ = req.method() == bhttp::verb::head;
    started_ = std::chrono::steady_clock::now();
    method_ = std::string(req.method_string());
    core::Status s = folded_ ? core::Status::Invalid("header", "obs-fold",
                                                     "a header field is folded over two lines "
                                                     "(obsolete line folding, RFC 9112 5.2)")
                             : StrictHeader(req);
    if (!s.ok()) {
      const std::string target(req.target());
      return Respond(Rewrite(Problem(s, target.substr(0, target.find('?')))), 11, false);
    }
    if (options_.body_limit_for) {
      body_limit_ = options_.body_limit_for(req.method_string(), req.target());
    }
    const auto length = header_parser_->content_length();
    if (length && *length > body_limit_) return OnRead(bhttp::error::body_limit, bytes);
    if (options_.body_to_file_for && options_.body_to_file_for(req.method_string(), req.target())) {
      if (options_.check_before_body) {
        // The check runs on this I/O thread; nothing it throws may escape into Beast.
        Request head;
        CopyHead(req, &head);
        if (ParseTarget(head.target, &head.path, &head.query)) {
          std::optional<Response> early;
          try {
            early = options_.check_before_body(head);
          } catch (const std::exception& e) {
            early = InternalError(std::string("unexpected error: ") + e.what());
          }
          if (early) {
            drain_ = true;
            return Respond(*early, req.version(), /*keep_alive=*/false);
          }
        }
      }
      return ReadBodyToFile();
    }
    parser_.emplace(std::move(*header_parser_));
    parser_->body_limit(body_limit_);  // for chunked bodies, checked as they arrive
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  // An upload: the body streams to a new file in the spool directory, never whole in memory.
  void ReadBodyToFile() {
    const char* tmp = std::getenv("TMPDIR");
    std::string path = !options_.spool_dir.empty() ? options_.spool_dir
                       : tmp != nullptr && *tmp    ? std::string(tmp)
                                                   : std::string("/tmp");
    path += "/openkp-upload-XXXXXX";
    const int fd = ::mkstemp(path.data());
    if (fd < 0) {
      return Respond(Rewrite(Problem(core::Status(core::Code::kUnavailable,
                                                  "cannot store the upload: no spool file"),
                                     std::string(Header().target()))),
                     11, false);
    }
    ::close(fd);
    auto spooled = std::make_shared<SpooledBody>();
    spooled->path = path;
    spooled_ = spooled;
    file_parser_.emplace(std::move(*header_parser_));
    file_parser_->body_limit(body_limit_);
    beast::error_code open_ec;
    file_parser_->get().body().open(path.c_str(), beast::file_mode::write, open_ec);
    if (open_ec) {
      return Respond(
          Rewrite(Problem(core::Status(core::Code::kUnavailable,
                                       "cannot store the upload: " + open_ec.message()))),
          11, false);
    }
    // An upload may take long on a slow network: its own deadline, from the largest body the
    // route takes at 64 KiB/s (32 MiB: 8.5 minutes), on top of the usual one.
    stream_.expires_after(options_.read_timeout +
                          std::chrono::seconds(static_cast<int64_t>(body_limit_ >> 16)));
    bhttp::async_read(stream_, buffer_, *file_parser_,
                      beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  // An error the server answers itself (before any route), as the routes' protocol wants it
  // (ServerOptions::rewrite_error: OpenRosa's envelope under /openrosa), or the problem.
  Response Rewrite(Response problem) const {
    if (options_.rewrite_error) {
      if (auto r = options_.rewrite_error(ReadTarget(), problem)) return *r;
    }
    return problem;
  }

  // The target of the request being read, as far as it was parsed.
  std::string ReadTarget() const {
    if (parser_) return std::string(parser_->get().target());
    if (file_parser_) return std::string(file_parser_->get().target());
    return std::string(header_parser_->get().target());
  }

  void OnRead(beast::error_code ec, std::size_t) {
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
        ec == asio::error::operation_aborted || ec == asio::error::connection_reset) {
      return Close();
    }
    if (ec && file_parser_ && ec.category() == boost::system::system_category()) {
      // Writing the upload failed (a full disk): the server's trouble, not the request's.
      return Respond(Rewrite(Problem(core::Status(core::Code::kUnavailable,
                                                  "cannot store the upload: " + ec.message()),
                                     ReadTarget().substr(0, ReadTarget().find('?')))),
                     11, false);
    }
    if (ec) {
      const bool too_big = ec == bhttp::error::body_limit;
      // The start line is parsed before the fields: the target is known unless it was bad.
      const std::string target = ReadTarget();
      core::Status s =
          too_big ? core::Status(core::Code::kPayloadTooLarge,
                                 "request body exceeds " + std::to_string(body_limit_) + " bytes")
                  : core::Status::Invalid("request", "http-syntax",
                                          "malformed HTTP request: " + ec.message());
      return Respond(Rewrite(Problem(s, target.substr(0, target.find('?')))), 11, false);
    }
    Request r;
    unsigned version = 11;
    bool keep_alive = false;
    auto fill = [&](auto& req) {
      head_ = req.method() == bhttp::verb::head;
      CopyHead(req, &r);
      version = req.version();
      keep_alive = req.keep_alive();
    };
    if (file_parser_) {
      auto& req = file_parser_->get();
      fill(req);
      req.body().close();
      struct stat st {};
      spooled_->size =
          ::stat(spooled_->path.c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
      r.spooled = std::move(spooled_);
    } else {
      auto& req = parser_->get();
      fill(req);
      r.body = std::move(req.body());
    }
    if (!ParseTarget(r.target, &r.path, &r.query)) {
      return Respond(Rewrite(Problem(core::Status::Invalid("target", "percent-encoding",
                                                           "malformed percent-encoding in the URL"),
                                     r.target.substr(0, r.target.find('?')))),
                     version, keep_alive);
    }
    if (fast_) {
      if (std::optional<Response> out = fast_(r)) {
        return Respond(*out, version, keep_alive);
      }
    }
    if (async_ && TryAsync(r, version, keep_alive)) return;
    // Handlers block on the database, so they run on the worker pool, not on the I/O threads;
    // many requests in flight at once also let the store commit them together.
    asio::post(workers_, [self = shared_from_this(), r = std::move(r), version, keep_alive] {
      Response out = self->handler_(r);
      asio::post(self->stream_.get_executor(),
                 [self, out = std::move(out), version, keep_alive]() mutable {
                   self->Respond(out, version, keep_alive);
                 });
    });
  }

  // Offers the request to the AsyncHandler; true when it took it (or failed taking it: answered).
  bool TryAsync(const Request& r, unsigned version, bool keep_alive) {
    auto state = std::make_shared<Reply::State>();
    state->pending = &pending_;
    pending_.Add();
    state->deliver = [self = shared_from_this(), version,
                      keep_alive](std::function<Response()> make) {
      asio::post(self->stream_.get_executor(), [self, make = std::move(make), version, keep_alive] {
        Response out;
        try {
          out = make();
        } catch (const std::exception& e) {  // the edge: nothing escapes into Beast
          out = InternalError(std::string("unexpected error: ") + e.what());
        }
        self->Respond(out, version, keep_alive);
      });
    };
    bool taken = false;
    try {
      taken = async_(r, Reply(state));
    } catch (const std::exception& e) {
      Reply(state).Send(InternalError(std::string("unexpected error: ") + e.what()));
      return true;
    }
    if (!taken) state->sent = true;  // the worker pool answers it
    return taken;
  }

  // Serialises the response into one buffer and writes it with one call: our responses are
  // small and complete, and this costs far less than Beast's general serializer (measured).
  void Respond(const Response& out, unsigned version, bool keep_alive) {
    std::string& w = wire_;
    w.clear();
    w.reserve(200 + out.body.size());
    w += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    w += std::to_string(out.status);
    w += ' ';
    w += bhttp::obsolete_reason(static_cast<bhttp::status>(out.status));
    w += "\r\nServer: openkp\r\nContent-Type: ";
    w += out.content_type;
    w += "\r\nContent-Length: ";
    w += std::to_string(out.body.size());
    w += kNoSniff;
    if (out.content_type.rfind("text/html", 0) == 0) {
      w += kReferrer;
      const bool own_policy =
          std::any_of(out.headers.begin(), out.headers.end(),
                      [](const auto& h) { return h.first == "Content-Security-Policy"; });
      if (!own_policy) w += kPagePolicy;
    }
    for (const auto& [k, v] : out.headers) {
      w += "\r\n";
      w += k;
      w += ": ";
      w += v;
    }
    if (!keep_alive) {
      w += "\r\nConnection: close";
    } else if (version == 10) {
      w += "\r\nConnection: keep-alive";
    }
    w += "\r\n\r\n";
    if (!head_) w += out.body;  // HEAD: same headers, no body
    if (options_.on_response) {
      AccessRecord rec;
      rec.request_id = ++requests_;
      rec.method = method_;
      rec.route = out.route.empty() ? std::string_view("-") : std::string_view(out.route);
      rec.status = out.status;
      rec.bytes = out.body.size();
      rec.latency_us = std::chrono::duration_cast<std::chrono::microseconds>(
                           std::chrono::steady_clock::now() - started_)
                           .count();
      rec.principal = out.principal;
      options_.on_response(rec);
    }
    // A fresh deadline for the answer: the request's may have been spent receiving an upload.
    stream_.expires_after(options_.read_timeout);
    asio::async_write(stream_, asio::buffer(w),
                      [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
                        if (!ec && self->drain_) return self->Drain();
                        if (ec || !keep_alive) return self->Close();
                        self->Read();
                      });
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  // After an answer given before the body was read (401 to an upload): close our side, then
  // read and discard what the client still sends (a few seconds, 64 MiB at most), so that the
  // kernel does not reset the connection under it before it has read the answer.
  void Drain() {
    Close();
    drain_ = false;
    stream_.expires_after(std::chrono::seconds(5));
    DrainSome(0);
  }
  void DrainSome(size_t drained) {
    if (drained > (size_t{64} << 20)) return;
    drain_buffer_.resize(1 << 16);
    stream_.async_read_some(asio::buffer(drain_buffer_),
                            [self = shared_from_this(), drained](beast::error_code ec, size_t n) {
                              if (!ec) self->DrainSome(drained + n);
                            });
  }

  std::unique_ptr<ConnectionGate::Ticket> ticket_;  // released when the session ends
  std::atomic<uint64_t>& requests_;                 // the server's count, for request ids
  std::string method_;                              // of the request being answered
  std::chrono::steady_clock::time_point started_;   // when its header was read
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::string wire_;     // the response being written; one at a time per connection
  bool head_ = false;    // the request being answered is a HEAD
  bool drain_ = false;   // answered before its body: drain it after the answer
  bool folded_ = false;  // the header being read holds an obsolete line fold
  std::string drain_buffer_;
  size_t body_limit_ = 0;  // of the request being read
  std::optional<bhttp::request_parser<bhttp::empty_body>> header_parser_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::optional<bhttp::request_parser<bhttp::file_body>> file_parser_;  // uploads
  std::shared_ptr<SpooledBody> spooled_;  // the file_parser_'s, until handed to the request
  const Handler& handler_;
  const FastHandler& fast_;
  const AsyncHandler& async_;
  const ServerOptions& options_;
  asio::thread_pool& workers_;
  PendingReplies& pending_;
};

}  // namespace

bool PercentDecode(std::string_view in, bool plus_is_space, std::string* out) {
  auto hex = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  out->clear();
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%') {
      int hi = i + 1 < in.size() ? hex(in[i + 1]) : -1;
      int lo = i + 2 < in.size() ? hex(in[i + 2]) : -1;
      if (hi < 0 || lo < 0) return false;
      out->push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (plus_is_space && in[i] == '+') {
      out->push_back(' ');
    } else {
      out->push_back(in[i]);
    }
  }
  return true;
}

bool ParseTarget(const std::string& target, std::string* path,
                 std::multimap<std::string, std::string>* query) {
  size_t q = target.find('?');
  if (!PercentDecode(std::string_view(target).substr(0, q), false, path)) return false;
  if (q == std::string::npos) return true;
  std::string_view rest = std::string_view(target).substr(q + 1);
  while (!rest.empty()) {
    size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string k, v;
    if (!PercentDecode(pair.substr(0, eq), true, &k)) return false;
    if (eq != std::string_view::npos && !PercentDecode(pair.substr(eq + 1), true, &v)) return false;
    query->emplace(std::move(k), std::move(v));
  }
  return true;
}

// One io_context per I/O thread, each connection bound to one of them (round robin), as nginx
// binds connections to workers: no thread hand-offs or shared event queue on the hot path.
struct Server::Impl {
  ServerOptions options;
  Handler handler;
  FastHandler fast;
  AsyncHandler async;
  PendingReplies pending;
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
  std::unique_ptr<tcp::acceptor> acceptor;
  std::unique_ptr<asio::thread_pool> workers;
  std::shared_ptr<ConnectionGate> gate;
  std::atomic<uint64_t> requests{0};
  std::unique_ptr<asio::steady_timer> backoff;  // after an accept error
  size_t next = 0;

  void Accept() {
    if (!gate->MayAccept()) return;  // resumed by the gate when a connection closes
    asio::io_context& target = *contexts[next++ % contexts.size()];
    acceptor->async_accept(target, [this](beast::error_code ec, tcp::socket s) {
      if (ec == asio::error::operation_aborted) return;
      if (ec) {
        // Out of file descriptors (EMFILE), buffers...: retrying at once would spin a core and
        // starve every connection. Wait, then try again; connections queue in the backlog.
        backoff->expires_after(std::chrono::milliseconds(50));
        backoff->async_wait([this](beast::error_code wait_ec) {
          if (wait_ec != asio::error::operation_aborted) Accept();
        });
        return;
      }
      beast::error_code addr_ec;
      const auto peer = s.remote_endpoint(addr_ec);
      auto ticket = gate->Admit(addr_ec ? std::string() : peer.address().to_string());
      if (ticket) {
        s.set_option(tcp::no_delay(true), ec);
        std::make_shared<Session>(std::move(s), handler, fast, async, options, *workers, pending,
                                  std::move(ticket), requests)
            ->Start();
      }  // else: that client holds too many connections; this one is closed at once
      Accept();
    });
  }
};

Server::Server(ServerOptions options, Handler handler, FastHandler fast, AsyncHandler async)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->handler = std::move(handler);
  impl_->fast = std::move(fast);
  impl_->async = std::move(async);
  if (impl_->options.workers <= 0) impl_->options.workers = 64;
  impl_->workers = std::make_unique<asio::thread_pool>(impl_->options.workers);
  if (impl_->options.threads <= 0) {
    impl_->options.threads = static_cast<int>(std::max(2u, std::thread::hardware_concurrency()));
  }
  for (int i = 0; i < impl_->options.threads; ++i) {
    impl_->contexts.push_back(std::make_unique<asio::io_context>(1));
    impl_->guards.push_back(asio::make_work_guard(*impl_->contexts.back()));
  }
  impl_->acceptor = std::make_unique<tcp::acceptor>(*impl_->contexts[0]);
  impl_->backoff = std::make_unique<asio::steady_timer>(*impl_->contexts[0]);
  size_t max_connections = impl_->options.max_connections;
  if (max_connections == 0) {
    // Below the descriptor limit, keeping some for the database, log files and workers: the
    // server stops accepting before the kernel refuses it descriptors.
    rlimit nofile{};
    const size_t limit =
        ::getrlimit(RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur != RLIM_INFINITY
            ? static_cast<size_t>(nofile.rlim_cur)
            : 1024;
    max_connections = limit > 256 ? limit - 128 : limit / 2;
  }
  impl_->gate = std::make_shared<ConnectionGate>(std::max<size_t>(max_connections, 1),
                                                 impl_->options.max_connections_per_client);
  Impl* impl = impl_.get();
  impl_->gate->SetResume([impl] { asio::post(*impl->contexts[0], [impl] { impl->Accept(); }); });
}

Server::~Server() {
  impl_->gate->SetResume(nullptr);  // sessions destroyed with the io_contexts must not post
}

core::Status Server::Start() {
  beast::error_code ec;
  auto addr = asio::ip::make_address(impl_->options.host, ec);
  if (ec) return core::Status::Invalid("listen", "address", "bad listen address: " + ec.message());
  tcp::endpoint ep(addr, impl_->options.port);
  auto& a = *impl_->acceptor;
  a.open(ep.protocol(), ec);
  if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(ep, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return core::Status::Internal("cannot listen on " + impl_->options.host + ":" +
                                  std::to_string(impl_->options.port) + ": " + ec.message());
  }
  impl_->Accept();
  return {};
}

uint16_t Server::port() const { return impl_->acceptor->local_endpoint().port(); }

void Server::Run() {
  std::vector<std::thread> extra;
  for (size_t i = 1; i < impl_->contexts.size(); ++i) {
    extra.emplace_back([this, i] {
      pthread_setname_np(pthread_self(), "openkp-io");
      impl_->contexts[i]->run();
    });
  }
  impl_->contexts[0]->run();
  for (auto& t : extra) t.join();
  impl_->workers->join();
  // Taken requests may still be answered (into stopped contexts, never written): their
  // replies hold sessions, which must go before the contexts do.
  impl_->pending.WaitForNone();
}

void Server::Stop() {
  for (auto& c : impl_->contexts) c->stop();
  impl_->workers->stop();
}

}  // namespace openkp::http
