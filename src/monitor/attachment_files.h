// Attachment files: where a single-server (SQLite) deployment keeps the photos and recordings of
// monitoring reports, beside its database instead of in it, so that each byte reaches the disk
// once (a blob in SQLite is written to the WAL and again to the database file).
//
//   OPENKP_RETURN_IF_ERROR(WriteAttachmentFile(dir, a.sha256, a.size, source, offset));
//   auto bytes = ReadAttachmentFile(dir, a.sha256, a.size);   // checked against both
//
// Files are content-addressed (DIR/ab/abcdef..., the SHA-256 of their bytes), written once and
// never changed or removed by openkp: the row that names a file commits after the file is on
// the disk, and a report refused after its file was written leaves the file unreferenced
// (harmless, never served). Several servers cannot share such a directory: with PostgreSQL the
// bytes stay in the database.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"
#include "monitor/multipart.h"

namespace openkp::monitor {

// DIR/ab/abcdef... for the SHA-256 (lower-case hex) `sha256`.
std::string AttachmentFilePath(const std::string& dir, const std::string& sha256);

// Makes DIR/ab/sha256 hold [offset, offset + size) of `source`, synced (data and directory
// entries) before it returns; nothing to do when a file of that name and size is there. The
// caller vouches that `sha256` is the bytes' hash. Files are 0600 in 0700 directories.
core::Status WriteAttachmentFile(const std::string& dir, const std::string& sha256, int64_t size,
                                 ByteSource& source, uint64_t offset);

// The file's bytes; kInternal when it is missing or no longer the bytes received (its size or
// SHA-256 differs): evidence altered on the disk is reported, never served.
core::Result<std::string> ReadAttachmentFile(const std::string& dir, const std::string& sha256,
                                             int64_t size);

}  // namespace openkp::monitor
