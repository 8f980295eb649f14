// The event journal in SQLite (append-only: triggers refuse UPDATE and DELETE).
#include "store/sql/statement.h"
#include "store/sql/stores.h"

namespace openkp::store::sql {

namespace {

constexpr const char* kEventColumns =
    "SELECT id, kind, subject, participant, at, actor, payload FROM events ";

Event ReadEvent(const Stmt& s) {
  return {s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6)};
}

class SqlEventStore final : public EventStore {
 public:
  Status Append(Txn& t, const Event& e) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "append event"));
    Stmt s(t,
           "INSERT INTO events (kind, subject, participant, at, actor, payload) "
           "VALUES (?, ?, ?, ?, ?, ?)");
    s.Bind(1, e.kind).Bind(2, e.subject).Bind(3, e.participant);
    s.Bind(4, e.at.empty() ? NowUtc() : e.at).Bind(5, e.actor);
    s.Bind(6, e.payload.empty() ? std::string("{}") : e.payload);
    return s.Run("append event");
  }

  Result<std::vector<Event>> List(Txn& t, int64_t after_id, int64_t limit) override {
    Stmt s(t, std::string(kEventColumns) + "WHERE id > ? ORDER BY id LIMIT ?");
    s.Bind(1, after_id).Bind(2, limit);
    std::vector<Event> out;
    while (s.Step()) out.push_back(ReadEvent(s));
    OPENKP_RETURN_IF_ERROR(s.status("list events"));
    return out;
  }

  Result<Event> Latest(Txn& t, const std::string& kind, const std::string& subject) override {
    Stmt s(t,
           std::string(kEventColumns) + "WHERE kind = ? AND subject = ? ORDER BY id DESC LIMIT 1");
    s.Bind(1, kind).Bind(2, subject);
    if (s.Step()) return ReadEvent(s);
    OPENKP_RETURN_IF_ERROR(s.status("latest event"));
    return Status::NotFound("'" + subject + "' has no " + kind + " event");
  }
};

}  // namespace

std::unique_ptr<EventStore> NewEventStore() { return std::make_unique<SqlEventStore>(); }

}  // namespace openkp::store::sql
