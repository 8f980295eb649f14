// A fresh, empty PostgreSQL database for one test, in the throw-away cluster the test command
// starts (tests/pg/cluster.sh; ctest's fixture "postgresql" sets OPENKP_TEST_POSTGRESQL_URL_FILE
// to the file holding its URL). Each call creates a new database (CREATE DATABASE: ~10 ms);
// the cluster, and every database in it, goes when the tests end.
#pragma once

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <string>

namespace openkp::testing {

// The URL of a new database; "" (with a test failure saying why) when there is no cluster.
inline std::string FreshPostgresDatabase() {
  const char* file = std::getenv("OPENKP_TEST_POSTGRESQL_URL_FILE");
  std::string url;
  if (file != nullptr) std::getline(std::ifstream(file), url);
  if (url.empty()) {
    ADD_FAILURE() << "no PostgreSQL for the tests: run them with ctest (its fixture starts one), "
                     "or tests/pg/cluster.sh start DIR and OPENKP_TEST_POSTGRESQL_URL_FILE=DIR/url";
    return "";
  }
  static std::atomic<int> counter{0};
  const std::string name = "t_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
  PGconn* c = PQconnectdb(url.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    ADD_FAILURE() << "cannot reach the test cluster " << url << ": " << PQerrorMessage(c);
    PQfinish(c);
    return "";
  }
  PGresult* r = PQexec(c, ("CREATE DATABASE " + name).c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  if (!ok) ADD_FAILURE() << "CREATE DATABASE " << name << ": " << PQerrorMessage(c);
  PQclear(r);
  PQfinish(c);
  if (!ok) return "";
  return url.substr(0, url.rfind('/') + 1) + name;
}

// TRUNCATE ... CASCADE's notices would clutter a test's output.
inline void IgnorePostgresNotice(void*, const char*) {}

// Runs raw SQL on a connection of its own, as a database user would (bypassing openkp): the
// error's SQLSTATE, "" for success. How tests prove what the database itself refuses.
inline std::string PostgresSqlState(const std::string& url, const std::string& sql) {
  PGconn* c = PQconnectdb(url.c_str());
  PQsetNoticeProcessor(c, IgnorePostgresNotice, nullptr);
  PGresult* r = PQexec(c, sql.c_str());
  const ExecStatusType st = PQresultStatus(r);
  std::string state;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    const char* s = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    state = s ? s : "?";
  }
  PQclear(r);
  PQfinish(c);
  return state;
}

}  // namespace openkp::testing
