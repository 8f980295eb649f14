#include "transparency/audit.h"

#include <cstring>
#include <span>

#include "tlog/merkle.h"
#include "tlog/tile.h"

namespace openkp::transparency {

using core::Result;
using core::Status;
using tlog::Hash;

namespace {
Status Bad(const std::string& what) { return Status::Invalid("log", "audit", what); }

Result<tlog::Checkpoint> OpenCheckpoint(const std::string& note, const tlog::NoteVerifier& key) {
  auto opened = tlog::OpenNote(note, {key});
  if (!opened.ok()) return Bad("checkpoint signature: " + opened.status().message());
  auto cp = tlog::ParseCheckpoint(opened->text);
  if (!cp.ok()) return Bad("checkpoint: " + cp.status().message());
  if (cp->origin != key.name) return Bad("checkpoint origin is not the key's name");
  return cp;
}
}  // namespace

Result<AuditReport> AuditLog(const LogFileReader& read, const tlog::NoteVerifier& key,
                             const std::optional<std::string>& previous_note) {
  AuditReport report;
  auto note = read("checkpoint");
  if (!note.ok()) return Bad("cannot read the checkpoint: " + note.status().message());
  report.checkpoint_note = *note;
  auto cp = OpenCheckpoint(*note, key);
  if (!cp.ok()) return cp.status();
  report.checkpoint = *cp;
  const uint64_t size = cp->size;

  // Every entry, from the bundles.
  std::vector<Hash> level;
  level.reserve(size);
  for (uint64_t index = 0; index * tlog::kTileWidth < size; ++index) {
    const uint64_t left = size - index * tlog::kTileWidth;
    const int width = left >= tlog::kTileWidth ? 0 : static_cast<int>(left);
    const std::string path = tlog::EntriesPath(index, width);
    auto bundle = read(path);
    if (!bundle.ok()) return Bad("cannot read " + path + ": " + bundle.status().message());
    const uint64_t expected = width == 0 ? tlog::kTileWidth : static_cast<uint64_t>(width);
    uint64_t count = 0;
    for (size_t p = 0; p < bundle->size();) {
      if (p + 2 > bundle->size()) return Bad(path + ": truncated entry length");
      size_t len =
          (static_cast<uint8_t>((*bundle)[p]) << 8) | static_cast<uint8_t>((*bundle)[p + 1]);
      if (p + 2 + len > bundle->size()) return Bad(path + ": truncated entry");
      level.push_back(tlog::LeafHash(std::string_view(*bundle).substr(p + 2, len)));
      p += 2 + len;
      ++count;
    }
    if (count != expected) {
      return Bad(path + " holds " + std::to_string(count) + " entries, expected " +
                 std::to_string(expected));
    }
  }
  report.entries = level.size();

  // Every tile, recomputed level by level and compared byte for byte.
  const std::vector<Hash> leaves = level;
  for (int l = 0; !level.empty(); ++l) {
    const uint64_t count = level.size();
    for (uint64_t n = 0; n * tlog::kTileWidth < count; ++n) {
      const uint64_t left = count - n * tlog::kTileWidth;
      const int width = left >= tlog::kTileWidth ? 0 : static_cast<int>(left);
      tlog::Tile t{l, n, width};
      auto data = read(tlog::TilePath(t));
      if (!data.ok())
        return Bad("cannot read " + tlog::TilePath(t) + ": " + data.status().message());
      const uint64_t w = width == 0 ? tlog::kTileWidth : static_cast<uint64_t>(width);
      if (data->size() != w * 32 ||
          std::memcmp(data->data(), level[n * tlog::kTileWidth].data(), w * 32) != 0) {
        return Bad(tlog::TilePath(t) + " does not match the hashes of the entries");
      }
      ++report.tiles;
    }
    std::vector<Hash> up;
    for (uint64_t n = 0; (n + 1) * tlog::kTileWidth <= count; ++n) {
      up.push_back(tlog::RootOfLeafHashes(
          std::span<const Hash>(level).subspan(n * tlog::kTileWidth, tlog::kTileWidth)));
    }
    level = std::move(up);
  }
  if (tlog::RootOfLeafHashes(leaves) != cp->root) {
    return Bad("the entries' tree root is not the checkpoint's root");
  }

  if (previous_note) {
    auto old = OpenCheckpoint(*previous_note, key);
    if (!old.ok()) return Bad("remembered checkpoint: " + old.status().message());
    if (old->size > size) {
      return Bad("the log shrank: it published size " + std::to_string(old->size) + " before and " +
                 std::to_string(size) + " now");
    }
    if (tlog::RootOfLeafHashes(std::span<const Hash>(leaves).first(old->size)) != old->root) {
      return Bad("checkpoint " + std::to_string(old->size) +
                 " seen before is not a prefix of this log: the log forked");
    }
    report.consistent_with = old->size;
  }
  return report;
}

}  // namespace openkp::transparency
