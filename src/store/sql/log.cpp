// The transparency log's leaves, checkpoints and cosignatures in SQLite.
#include "store/sql/statement.h"
#include "store/sql/stores.h"

namespace openkp::store::sql {

namespace {

LogLeaf ReadLeaf(const Stmt& s) {
  return {static_cast<uint64_t>(s.Int(0)), s.Int(1), s.Blob(2), s.Blob(3)};
}

class SqlLogStore final : public LogStore {
 public:
  Result<uint64_t> LeafCount(Txn& t) override {
    Stmt s(t, "SELECT COALESCE(MAX(leaf_index) + 1, 0) FROM log_leaves");
    uint64_t n = 0;
    if (s.Step()) n = static_cast<uint64_t>(s.Int(0));
    OPENKP_RETURN_IF_ERROR(s.status("log size"));
    return n;
  }

  Status AppendLeaves(Txn& t, const std::vector<LogLeaf>& leaves) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "append log leaves"));
    auto count = LeafCount(t);
    if (!count.ok()) return count.status();
    uint64_t next = *count;
    for (const auto& l : leaves) {
      if (l.index != next++) return Status::Internal("log leaves must be appended in order");
      Stmt s(t, "INSERT INTO log_leaves (leaf_index, event_id, entry, salt) VALUES (?, ?, ?, ?)");
      s.Bind(1, static_cast<int64_t>(l.index)).Bind(2, l.event_id);
      s.BindBlob(3, l.entry).BindBlob(4, l.salt);
      OPENKP_RETURN_IF_ERROR(s.Run("append log leaf"));
    }
    return {};
  }

  Result<std::vector<LogLeaf>> ListLeaves(Txn& t, uint64_t from, uint64_t limit) override {
    Stmt s(t,
           "SELECT leaf_index, event_id, entry, salt FROM log_leaves WHERE leaf_index >= ? "
           "ORDER BY leaf_index LIMIT ?");
    s.Bind(1, static_cast<int64_t>(from)).Bind(2, static_cast<int64_t>(limit));
    std::vector<LogLeaf> out;
    while (s.Step()) out.push_back(ReadLeaf(s));
    OPENKP_RETURN_IF_ERROR(s.status("list log leaves"));
    return out;
  }

  Result<LogLeaf> LeafForEvent(Txn& t, int64_t event_id) override {
    Stmt s(t, "SELECT leaf_index, event_id, entry, salt FROM log_leaves WHERE event_id = ?");
    s.Bind(1, event_id);
    if (s.Step()) return ReadLeaf(s);
    OPENKP_RETURN_IF_ERROR(s.status("log leaf of event"));
    return Status::NotFound("event " + std::to_string(event_id) + " is not in the log yet");
  }

  Result<std::vector<Event>> UnloggedEvents(Txn& t, int64_t limit) override {
    Stmt s(t,
           "SELECT id, kind, subject, participant, at, actor, payload FROM events WHERE id > "
           "(SELECT COALESCE(MAX(event_id), 0) FROM log_leaves) ORDER BY id LIMIT ?");
    s.Bind(1, limit);
    std::vector<Event> out;
    while (s.Step()) {
      out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6)});
    }
    OPENKP_RETURN_IF_ERROR(s.status("list unlogged events"));
    return out;
  }

  Status AddCheckpoint(Txn& t, const LogCheckpoint& c) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "add checkpoint"));
    Stmt s(t, "INSERT INTO log_checkpoints (size, root, note, created_at) VALUES (?, ?, ?, ?)");
    s.Bind(1, static_cast<int64_t>(c.size)).BindBlob(2, c.root).Bind(3, c.note).Bind(4, NowUtc());
    return s.Run("add checkpoint");
  }

  Result<std::optional<LogCheckpoint>> LatestCheckpoint(Txn& t) override {
    return CheckpointWhere(
        t, "SELECT size, root, note FROM log_checkpoints ORDER BY size DESC LIMIT 1", std::nullopt);
  }

  Result<std::optional<LogCheckpoint>> CheckpointOfSize(Txn& t, uint64_t size) override {
    return CheckpointWhere(t, "SELECT size, root, note FROM log_checkpoints WHERE size = ?", size);
  }

  Status AddCosignature(Txn& t, uint64_t size, const std::string& witness,
                        const std::string& line) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "add cosignature"));
    Stmt s(t,
           "INSERT INTO log_cosignatures (size, witness, line) VALUES (?, ?, ?) "
           "ON CONFLICT (size, witness) DO NOTHING");
    return s.Bind(1, static_cast<int64_t>(size)).Bind(2, witness).Bind(3, line).Run("cosign");
  }

  Result<std::vector<std::string>> Cosignatures(Txn& t, uint64_t size) override {
    Stmt s(t, "SELECT line FROM log_cosignatures WHERE size = ? ORDER BY witness");
    s.Bind(1, static_cast<int64_t>(size));
    std::vector<std::string> out;
    while (s.Step()) out.push_back(s.Text(0));
    OPENKP_RETURN_IF_ERROR(s.status("list cosignatures"));
    return out;
  }

 private:
  static Result<std::optional<LogCheckpoint>> CheckpointWhere(Txn& t, const std::string& sql,
                                                              std::optional<uint64_t> size) {
    Stmt s(t, sql);
    if (size) s.Bind(1, static_cast<int64_t>(*size));
    if (s.Step()) {
      return std::optional<LogCheckpoint>(
          LogCheckpoint{static_cast<uint64_t>(s.Int(0)), s.Blob(1), s.Text(2)});
    }
    OPENKP_RETURN_IF_ERROR(s.status("read checkpoint"));
    return std::optional<LogCheckpoint>();
  }
};

}  // namespace

std::unique_ptr<LogStore> NewLogStore() { return std::make_unique<SqlLogStore>(); }

}  // namespace openkp::store::sql
