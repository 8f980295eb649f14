#include "apps/cli_support.h"

#include <sys/stat.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "activities/log_entries.h"
#include "backends/backends.h"
#include "core/json_reader.h"
#include "crypto/crypto.h"
#include "http/findings_source.h"
#include "http/region_dashboard.h"
#include "monitor/log_entries.h"
#include "registry/log_entries.h"
#include "review/log_entries.h"
#include "transparency/identity.h"

namespace openkp::apps {

namespace json = boost::json;
using core::Code;
using core::Status;

int ExitFor(const Status& s) {
  switch (s.code()) {
    case Code::kOk:
      return kExitOk;
    case Code::kInvalidArgument:
    case Code::kPayloadTooLarge:
      return kExitInvalid;
    case Code::kNotFound:
      return kExitNotFound;
    case Code::kUnauthenticated:
    case Code::kPermissionDenied:
      return kExitDenied;
    case Code::kAlreadyExists:
    case Code::kFailedPrecondition:
      return kExitConflict;
    case Code::kUnavailable:
    case Code::kInternal:
      return kExitInternal;
  }
  return kExitInternal;
}

int Fail(const Status& s) {
  std::cerr << "error: " << s.message();
  if (!s.rule().empty()) std::cerr << " [rule: " << s.rule() << "]";
  std::cerr << "\n";
  return ExitFor(s);
}

void AddDataOption(CLI::App* c, GlobalOptions& g) {
  c->add_option("--data", g.data_dir, "Data directory (database and keys)")->capture_default_str();
  c->add_option("--store", g.store,
                "Database URL instead of DATA/openkp.db: sqlite:PATH or "
                "postgresql://USER@HOST[:PORT]/DB (docs/DEPLOYMENT.md)")
      ->envname("OPENKP_STORE");
}

std::string StoreUrl(const GlobalOptions& g) {
  return g.store.empty() ? backends::SqliteUrl(g.data_dir + "/openkp.db") : g.store;
}

std::string StoreDescription(const GlobalOptions& g) {
  if (g.store.empty()) return g.data_dir + "/openkp.db";
  std::string url = g.store.substr(0, g.store.find('?'));  // parameters may hold a password
  const size_t scheme = url.find("://");
  const size_t at = url.find('@');
  if (scheme != std::string::npos && at != std::string::npos && at > scheme) {
    const size_t colon = url.find(':', scheme + 3);
    if (colon != std::string::npos && colon < at) url.erase(colon, at - colon);
  }
  return url;
}

std::string AttachmentsDir(const GlobalOptions& g) {
  const std::string path = backends::SqlitePath(StoreUrl(g));
  if (path.empty()) return "";
  const size_t slash = path.find_last_of('/');
  return (slash == std::string::npos ? std::string(".") : path.substr(0, slash)) + "/attachments";
}

std::string StoreScheme(const GlobalOptions& g) { return backends::SchemeOf(StoreUrl(g)); }

accounts::Principal OperatorPrincipal() {
  accounts::Principal p;
  p.user.name = "operator";
  p.user.role = store::Role::kAdmin;
  return p;
}

core::Result<VerifiedCertificates> VerifyEveryCertificate(registry::Registry& reg) {
  store::CertificateFilter all;
  all.limit = 100000000;
  all.today = reg.Today();
  auto page = reg.List(OperatorPrincipal(), all);
  if (!page.ok()) return page.status();
  VerifiedCertificates out;
  for (const auto& c : page->items) {
    auto v = reg.VerifyStored(c.number);
    if (!v.ok()) return v.status();
    if (!v->valid && v->failure != "voided" && v->failure != "expired" &&
        v->failure != "revoked-key") {
      return core::Status::Internal("certificate " + c.number +
                                    " of the copy fails verification (" + v->failure +
                                    "): " + v->detail);
    }
    (v->valid ? out.valid : out.failing)++;
  }
  return out;
}

namespace {

// DATA/monitor-secret (32 random bytes, 0600), created on first use.
core::Result<std::string> MonitorSecret(const GlobalOptions& g) {
  const std::string path = g.data_dir + "/monitor-secret";
  if (::access(path.c_str(), F_OK) == 0) {
    auto text = ReadFile(path);
    if (!text.ok()) return text.status();
    return *text;
  }
  const std::string secret = crypto::HexEncode(crypto::RandomBytes(32));
  OPENKP_RETURN_IF_ERROR(WriteFile(path, secret));
  ::chmod(path.c_str(), 0600);
  return secret;
}

}  // namespace

std::vector<store::DomainSchema> AllDomainSchemas() {
  return {monitor::Schema(), review::Schema(), activities::Schema()};
}

transparency::EntryKinds AllLogEntryKinds() {
  transparency::EntryKinds kinds = registry::LogEntryKinds();
  (void)kinds.Add(monitor::LogEntryKinds());     // disjoint kinds: "monitor." prefixes
  (void)kinds.Add(review::LogEntryKinds());      // "review."
  (void)kinds.Add(activities::LogEntryKinds());  // "coalition."
  return kinds;
}

core::Result<Workspace> OpenWorkspace(const GlobalOptions& g, bool create) {
  struct stat st {};
  if (::stat(g.data_dir.c_str(), &st) != 0) {
    if (!create) {
      return Status::NotFound("data directory '" + g.data_dir +
                              "' does not exist; run `openkp init --data " + g.data_dir + "`");
    }
    if (::mkdir(g.data_dir.c_str(), 0750) != 0) {
      return Status::Internal("cannot create " + g.data_dir + ": " + std::strerror(errno));
    }
  }
  const std::string db = g.data_dir + "/openkp.db";
  if (!create && g.store.empty() && ::stat(db.c_str(), &st) != 0) {
    return Status::NotFound("no database in '" + g.data_dir + "'; run `openkp init --data " +
                            g.data_dir + "`");
  }
  // SQLite in WAL mode writes beside the database even to read it: say so plainly.
  if (::access(g.data_dir.c_str(), W_OK) != 0) {
    return Status(core::Code::kUnavailable, "the data directory '" + g.data_dir +
                                                "' is not writable (" + std::strerror(errno) +
                                                "): openkp needs to write its database there");
  }
  auto opened = backends::OpenDatabase(StoreUrl(g), AllDomainSchemas());
  if (!opened.ok()) return opened.status();
  Workspace w;
  w.db = std::move(*opened);
  w.vault = std::make_unique<registry::KeyVault>(g.data_dir + "/keys");
  std::function<core::Date()> today = &core::Date::TodayUtc;
  if (!g.today.empty()) {
    auto d = core::Date::Parse(g.today);
    if (!d.ok()) return Status::Invalid("--today", "date", d.status().message());
    core::Date fixed = *d;
    today = [fixed] { return fixed; };
  }
  w.accounts = std::make_unique<accounts::Accounts>(*w.db);
  w.registry = std::make_unique<registry::Registry>(*w.db, *w.vault, today);
  w.stats = std::make_unique<stats::Statistics>(*w.db, today);
  // The Digest nonce secret of this deployment: every server of it must share the file.
  auto secret = MonitorSecret(g);
  if (!secret.ok()) return secret.status();
  auto mstore = monitor::NewMonitorStore(*w.db, AttachmentsDir(g));
  if (!mstore.ok()) return mstore.status();
  monitor::MonitorOptions mopt;
  mopt.digest_secret = *secret;
  w.monitor = std::make_unique<monitor::Monitor>(*w.db, std::move(*mstore), mopt, today);
  auto rstore = review::NewReviewStore(*w.db);
  if (!rstore.ok()) return rstore.status();
  w.review = std::make_unique<review::Review>(*w.db, std::move(*rstore),
                                              http::FindingsFromStatistics(*w.stats),
                                              review::ReviewOptions{}, today);
  w.review->SetFindingVersion(http::FindingsVersionOf(*w.stats));
  w.review->SetCertificateLister(http::CertificatesFromStatistics(*w.stats));
  auto pstore = review::NewReviewStore(*w.db);
  if (!pstore.ok()) return pstore.status();
  w.peer_reviews = std::make_unique<review::PeerReviews>(*w.db, std::move(*pstore), today);
  auto cstore = activities::NewActivitiesStore(*w.db);
  if (!cstore.ok()) return cstore.status();
  w.coalition = std::make_unique<activities::Activities>(*w.db, std::move(*cstore), today);
  auto gstore = review::NewReviewStore(*w.db);
  if (!gstore.ok()) return gstore.status();
  w.regions = std::make_unique<review::Regions>(*w.db, std::move(*gstore), today);
  auto fstore = review::NewReviewStore(*w.db);
  if (!fstore.ok()) return fstore.status();
  w.follow_ups = std::make_unique<review::FollowUps>(*w.db, std::move(*fstore), today);
  w.follow_ups->SetReferencePublic(
      http::FollowUpReferencePublic(w.monitor.get(), w.coalition.get()));
  return w;
}

std::string LogIdentityPath(const GlobalOptions& g) { return g.data_dir + "/log/identity"; }
std::string LogFilesDir(const GlobalOptions& g) { return g.data_dir + "/log/public"; }

core::Result<tlog::NoteSigner> EnsureLogIdentity(const GlobalOptions& g,
                                                 const std::string& origin) {
  ::mkdir((g.data_dir + "/log").c_str(), 0700);
  return transparency::LoadOrCreateLogIdentity(LogIdentityPath(g), origin);
}

core::Result<std::string> ReadFile(const std::string& path) {
  std::ostringstream ss;
  if (path == "-") {
    ss << std::cin.rdbuf();
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::NotFound("cannot read file '" + path + "'");
    in.seekg(0, std::ios::end);
    if (in.tellg() > (16 << 20)) {
      return Status(Code::kPayloadTooLarge, "file '" + path + "' is over 16 MiB");
    }
    in.seekg(0);
    ss << in.rdbuf();
  }
  return ss.str();
}

Status WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out || !(out << text) || !out.flush()) {
    return Status::Internal("cannot write '" + path + "'");
  }
  return {};
}

namespace {
void Pretty(std::string& out, const json::value& v, size_t indent) {
  const std::string pad(indent * 2, ' '), inner((indent + 1) * 2, ' ');
  if (v.is_object() && !v.get_object().empty()) {
    out += "{\n";
    bool first = true;
    for (const auto& kv : v.get_object()) {
      if (!first) out += ",\n";
      first = false;
      out += inner + json::serialize(json::value(kv.key())) + ": ";
      Pretty(out, kv.value(), indent + 1);
    }
    out += "\n" + pad + "}";
  } else if (v.is_array() && !v.get_array().empty()) {
    out += "[\n";
    bool first = true;
    for (const auto& e : v.get_array()) {
      if (!first) out += ",\n";
      first = false;
      out += inner;
      Pretty(out, e, indent + 1);
    }
    out += "\n" + pad + "]";
  } else {
    out += json::serialize(v);
  }
}
}  // namespace

std::string PrettyJson(const json::value& v) {
  std::string out;
  Pretty(out, v, 0);
  return out + "\n";
}

core::Result<ProvenReceipt> ProveReceipt(const std::string& text, const tlog::NoteVerifier& key) {
  auto receipt = tlog::ParseReceipt(text);
  if (!receipt.ok()) return receipt.status();
  auto proof = transparency::VerifyEntryReceipt(*receipt, key);
  if (!proof.ok()) return proof.status();
  auto entry = core::ParseJson(proof->entry);
  if (!entry.ok() || !entry->is_object()) {
    return Status::Invalid("receipt", "entry", "the logged entry is not a JSON object");
  }
  return ProvenReceipt{std::move(*proof), std::move(entry->as_object())};
}

core::Result<accounts::Principal> Login(accounts::Accounts& accounts,
                                        const std::string& token_flag) {
  std::string token = token_flag;
  if (token.empty()) {
    const char* env = std::getenv("OPENKP_TOKEN");
    if (env != nullptr) token = env;
  }
  if (token.empty()) {
    return Status(Code::kUnauthenticated,
                  "this command needs an API token: --token or $OPENKP_TOKEN");
  }
  return accounts.Authenticate(token);
}

}  // namespace openkp::apps
