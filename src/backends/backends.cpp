#include "backends/backends.h"

#include "store/postgresql/database.h"
#include "store/sqlite/database.h"

namespace openkp::backends {

namespace {
constexpr std::string_view kSqlite = "sqlite:";
bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix && s.size() > prefix.size();
}
}  // namespace

std::string SchemeOf(std::string_view url) {
  if (StartsWith(url, kSqlite)) return "sqlite";
  if (StartsWith(url, "postgresql://") || StartsWith(url, "postgres://")) return "postgresql";
  return "";
}

std::string SqlitePath(std::string_view url) {
  return SchemeOf(url) == "sqlite" ? std::string(url.substr(kSqlite.size())) : "";
}

core::Result<std::unique_ptr<store::Database>> OpenDatabase(
    std::string_view url, const std::vector<store::DomainSchema>& domains) {
  const std::string scheme = SchemeOf(url);
  if (scheme == "sqlite") return store::sqlite::Open(SqlitePath(url), domains);
  if (scheme == "postgresql") return store::postgresql::Open(std::string(url), domains);
  return core::Status::Invalid("store", "url",
                               "'" + std::string(url) +
                                   "' names no database this build can open; use sqlite:PATH or "
                                   "postgresql://USER@HOST[:PORT]/DATABASE");
}

std::string SqliteUrl(const std::string& path) { return "sqlite:" + path; }

int SchemaVersion(std::string_view scheme) {
  if (scheme == "sqlite") return store::sqlite::SchemaVersion();
  if (scheme == "postgresql") return store::postgresql::SchemaVersion();
  return 0;
}

std::vector<std::string> Schemes() { return {"sqlite", "postgresql"}; }

std::vector<std::string> SchemesFor(const store::DomainSchema& domain) {
  std::vector<std::string> out;
  for (const std::string& scheme : Schemes()) {
    if (domain.migrations.count(scheme) > 0) out.push_back(scheme);
  }
  return out;
}

}  // namespace openkp::backends
