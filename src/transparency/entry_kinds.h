// How events become public log entries: each service registers a builder for every event kind
// it writes, and the log refuses to start while an unlogged event has a kind nobody registered
// (it would otherwise stop growing at that event). Nothing is published that a service did not
// design to be public.
//
//   transparency::EntryKinds kinds;
//   kinds.Register("certificate.issued", BuildCertificateEntry);   // from the service
//   auto log = transparency::Log::Open(db, tiles, signer, kinds);
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/store.h"

namespace openkp::transparency {

// The entry published for an event, and the salt kept private (empty when nothing is hidden).
struct EntryAndSalt {
  std::string entry;
  std::string salt;
};

// Builds the entry of `event` inside the log's transaction `t` on `db` (to read what the event
// is about). `salt` is 16 random bytes the builder may use for a commitment to private data
// (and return as the entry's salt) or ignore. Entries are at most 65535 bytes.
using EntryBuilder = std::function<core::Result<EntryAndSalt>(
    store::Database& db, store::Txn& t, const store::Event& event, std::string salt)>;

// The builder for services whose events carry what they publish in the payload's "public"
// object (monitoring, review): the entry is {"v":1,"event":KIND,"date":YYYY-MM-DD} plus that
// object's members, and nothing else of the event.
EntryBuilder PublishedPartBuilder();

class EntryKinds {
 public:
  // kAlreadyExists when `kind` has a builder already: one owner per kind.
  core::Status Register(std::string kind, EntryBuilder build);
  // Registers every kind of `other` (kAlreadyExists on the first kind both have).
  core::Status Add(const EntryKinds& other);
  // The builder of `kind`, or null.
  const EntryBuilder* Find(std::string_view kind) const;
  std::vector<std::string> Names() const;

 private:
  std::map<std::string, EntryBuilder, std::less<>> builders_;
};

}  // namespace openkp::transparency
