// A test-only service that proves the seams (docs/ARCHITECTURE.md, "Adding a service"): it has
// its own tables and domain store, its own routes module and its own log entry kind, and is
// added without touching any other service's files. Signed-in users post short public notes;
// each note is an event published in the transparency log.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "accounts/accounts.h"
#include "http/route_util.h"
#include "http/router.h"
#include "store/database.h"
#include "store/domain.h"
#include "transparency/entry_kinds.h"

namespace openkp::example {

struct Note {
  int64_t id = 0;
  std::string author;
  std::string text;
};

// The domain store: one interface, one implementation per backend.
class NoteStore {
 public:
  virtual ~NoteStore() = default;
  virtual core::Result<int64_t> Add(store::Txn& t, const Note& note) = 0;  // returns its id
  virtual core::Result<std::vector<Note>> List(store::Txn& t) = 0;         // oldest first
};

// The notes table, for backends::OpenDatabase.
store::DomainSchema NotesSchema();
// The implementation for `db`'s backend (kInvalidArgument for a backend it lacks).
core::Result<std::unique_ptr<NoteStore>> NewNoteStore(store::Database& db);

// The service: permissions and events live here.
class Notes {
 public:
  Notes(store::Database& db, std::unique_ptr<NoteStore> notes)
      : db_(db), notes_(std::move(notes)) {}
  // Officers and admins post; the note and its "example.note" event commit together.
  core::Result<Note> Post(const accounts::Principal& who, const std::string& text);
  core::Result<std::vector<Note>> List();

 private:
  store::Database& db_;
  std::unique_ptr<NoteStore> notes_;
};

// Its routes module: GET /v1/example/notes (anyone), POST (signed in, JSON {"text": ...}).
void AddNoteRoutes(http::Router& router, const http::Auth& auth, Notes& notes);
// Its log entry kind: "example.note" entries publish the note's id and text.
transparency::EntryKinds NoteEntryKinds();

}  // namespace openkp::example
