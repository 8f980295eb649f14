#include "backends/backends.h"

#include "store/sqlite/database.h"

namespace openkp::backends {

core::Result<std::unique_ptr<store::Database>> OpenDatabase(
    std::string_view url, const std::vector<store::DomainSchema>& domains) {
  constexpr std::string_view kSqlite = "sqlite:";
  if (url.substr(0, kSqlite.size()) == kSqlite && url.size() > kSqlite.size()) {
    return store::sqlite::Open(std::string(url.substr(kSqlite.size())), domains);
  }
  return core::Status::Invalid(
      "store", "url",
      "'" + std::string(url) + "' names no database this build can open; use sqlite:PATH");
}

std::string SqliteUrl(const std::string& path) { return "sqlite:" + path; }

int SchemaVersion(std::string_view scheme) {
  return scheme == "sqlite" ? store::sqlite::SchemaVersion() : 0;
}

std::vector<std::string> Schemes() { return {"sqlite"}; }

}  // namespace openkp::backends
