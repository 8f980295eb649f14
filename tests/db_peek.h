// Reads of a store::Database for tests, one read transaction each, so that assertions stay
// one line: testing::Peek(*db).Events(0, 100).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "store/store.h"

namespace openkp::testing {

class Peek {
  template <typename F>
  auto Read(F&& f) {
    return store::ReadValue(db_, std::forward<F>(f));
  }

 public:
  explicit Peek(store::Database& db) : db_(db) {}
  core::Result<std::vector<store::Event>> Events(int64_t after_id, int64_t limit) {
    return Read([&](store::Txn& t) { return db_.events().List(t, after_id, limit); });
  }
  core::Result<store::Event> LatestEvent(const std::string& kind, const std::string& subject) {
    return Read([&](store::Txn& t) { return db_.events().Latest(t, kind, subject); });
  }
  core::Result<store::CertificateRecord> Certificate(const std::string& number) {
    return Read([&](store::Txn& t) { return db_.registry().GetCertificate(t, number); });
  }
  core::Result<store::CertificatePage> Certificates(const store::CertificateFilter& f) {
    return Read([&](store::Txn& t) { return db_.registry().ListCertificates(t, f); });
  }
  core::Result<std::vector<store::AuthorityKey>> Keys(std::optional<std::string> participant) {
    return Read([&](store::Txn& t) { return db_.registry().ListKeys(t, participant); });
  }
  core::Result<std::vector<store::LogLeaf>> LogLeaves(uint64_t from, uint64_t limit) {
    return Read([&](store::Txn& t) { return db_.log().ListLeaves(t, from, limit); });
  }
  core::Result<std::vector<store::Event>> UnloggedEvents(int64_t limit) {
    return Read([&](store::Txn& t) { return db_.log().UnloggedEvents(t, limit); });
  }
  core::Result<std::vector<store::StatSource>> StatSources() {
    return Read([&](store::Txn& t) { return db_.stats().ListSources(t); });
  }
  core::Result<std::vector<store::StatFigure>> StatFigures(int64_t source_id) {
    return Read([&](store::Txn& t) { return db_.stats().ListFigures(t, source_id); });
  }
  core::Result<std::vector<store::StatFigure>> CurrentStatFigures(const store::StatFilter& f) {
    return Read([&](store::Txn& t) { return db_.stats().ListCurrentFigures(t, f); });
  }
  core::Result<std::vector<store::StatRevision>> StatRevisions() {
    return Read([&](store::Txn& t) { return db_.stats().ListRevisions(t); });
  }

 private:
  store::Database& db_;
};

}  // namespace openkp::testing
