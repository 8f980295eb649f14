#include "notes.h"

#include <boost/json.hpp>

#include "core/jcs.h"
#include "core/text.h"
#include "store/sqlite/connection.h"

namespace openkp::example {

namespace json = boost::json;
using core::Result;
using core::Status;

store::DomainSchema NotesSchema() {
  return {"example_notes",
          {{"sqlite",
            {"CREATE TABLE example_notes (id INTEGER PRIMARY KEY, author TEXT NOT NULL, "
             "text TEXT NOT NULL)"}}}};
}

namespace {

class SqliteNoteStore final : public NoteStore {
 public:
  Result<int64_t> Add(store::Txn& t, const Note& note) override {
    OPENKP_RETURN_IF_ERROR(store::sqlite::RequireWrite(t, "add note"));
    auto& c = store::sqlite::Conn(t);
    store::sqlite::Stmt s(c.cache(), "INSERT INTO example_notes (author, text) VALUES (?, ?)");
    OPENKP_RETURN_IF_ERROR(s.Bind(1, note.author).Bind(2, note.text).Run("add note"));
    return int64_t{sqlite3_last_insert_rowid(c.db())};
  }
  Result<std::vector<Note>> List(store::Txn& t) override {
    store::sqlite::Stmt s(store::sqlite::Conn(t).cache(),
                          "SELECT id, author, text FROM example_notes ORDER BY id");
    std::vector<Note> out;
    while (s.Step()) out.push_back({s.Int(0), s.Text(1), s.Text(2)});
    OPENKP_RETURN_IF_ERROR(s.status("list notes"));
    return out;
  }
};

}  // namespace

Result<std::unique_ptr<NoteStore>> NewNoteStore(store::Database& db) {
  if (std::string(db.scheme()) == "sqlite") {
    return std::unique_ptr<NoteStore>(std::make_unique<SqliteNoteStore>());
  }
  return Status::Invalid("store", "scheme", "notes have no store for " + std::string(db.scheme()));
}

Result<Note> Notes::Post(const accounts::Principal& who, const std::string& text) {
  if (who.user.id == 0) return Status(core::Code::kPermissionDenied, "sign in to post");
  if (text.empty() || text.size() > 280) {
    return Status::Invalid("text", "length", "must be 1 to 280 bytes");
  }
  if (auto why = core::UnsafeTextReason(text)) return Status::Invalid("text", "plain-text", *why);
  Note note{0, who.user.name, text};
  return store::WriteValue(db_, [&](store::Txn& t) -> Result<Note> {
    auto id = notes_->Add(t, note);
    if (!id.ok()) return id.status();
    note.id = *id;
    json::object payload{{"id", note.id}, {"text", note.text}};
    OPENKP_RETURN_IF_ERROR(db_.events().Append(t, {0, "example.note", std::to_string(note.id), "",
                                                   "", note.author, json::serialize(payload)}));
    return note;
  });
}

Result<std::vector<Note>> Notes::List() {
  return store::ReadValue(db_, [&](store::Txn& t) { return notes_->List(t); });
}

void AddNoteRoutes(http::Router& router, const http::Auth& auth, Notes& notes) {
  router.Add("GET", "/v1/example/notes", [&notes](const http::Request& req, const http::Params&) {
    auto list = notes.List();
    if (!list.ok()) return http::Problem(list.status(), req.path);
    json::array items;
    for (const auto& n : *list) {
      items.push_back(json::object{{"id", n.id}, {"author", n.author}, {"text", n.text}});
    }
    return http::JsonResponse(json::object{{"items", std::move(items)}});
  });
  router.Add("POST", "/v1/example/notes",
             auth.Required([&notes](const http::Request& req, const http::Params&,
                                    const accounts::Principal& who) {
               auto body = http::JsonBody(req);
               if (!body.ok()) return http::Problem(body.status(), req.path);
               core::ObjectReader r(*body, "");
               std::string text = r.String("text");
               if (Status s = r.Finish(); !s.ok()) return http::Problem(s, req.path);
               auto note = notes.Post(who, text);
               if (!note.ok()) return http::Problem(note.status(), req.path);
               return http::JsonResponse(json::object{{"id", note->id}, {"text", note->text}}, 201);
             }),
             http::JsonRoute());
}

transparency::EntryKinds NoteEntryKinds() {
  transparency::EntryKinds kinds;
  (void)kinds.Register(
      "example.note",
      [](store::Database&, store::Txn&, const store::Event& e,
         std::string) -> Result<transparency::EntryAndSalt> {
        auto details = core::ParseJson(e.payload);
        if (!details.ok()) return details.status();
        auto bytes = core::Canonicalize(json::object{
            {"v", 1}, {"event", e.kind}, {"date", e.at.substr(0, 10)}, {"note", *details}});
        if (!bytes.ok()) return bytes.status();
        return transparency::EntryAndSalt{std::move(*bytes), ""};
      });
  return kinds;
}

}  // namespace openkp::example
