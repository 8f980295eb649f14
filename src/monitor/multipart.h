// multipart/form-data (RFC 7578) read from a body of any size without holding it in memory:
// the parser finds the parts' byte ranges, and the caller reads each range when it stores it.
//
//   monitor::FileSource body(request.spooled->path, request.spooled->size);
//   auto boundary = monitor::MultipartBoundary(request.Header("content-type"));
//   auto parts = monitor::ParseMultipart(body, *boundary);
//   for (const auto& p : *parts) ... p.name, p.filename, p.offset, p.size ...
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace openkp::monitor {

// Random-access bytes: an upload on disk, or memory (tests, fuzzing).
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual uint64_t size() const = 0;
  // Reads up to `n` bytes at `offset` into `out`; how many were read (short only at the end).
  virtual core::Result<size_t> ReadAt(uint64_t offset, char* out, size_t n) = 0;
};

class StringSource final : public ByteSource {
 public:
  explicit StringSource(std::string_view bytes) : bytes_(bytes) {}
  uint64_t size() const override { return bytes_.size(); }
  core::Result<size_t> ReadAt(uint64_t offset, char* out, size_t n) override;

 private:
  std::string_view bytes_;
};

class FileSource final : public ByteSource {
 public:
  FileSource(const std::string& path, uint64_t size);
  ~FileSource() override;
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;
  uint64_t size() const override { return size_; }
  core::Result<size_t> ReadAt(uint64_t offset, char* out, size_t n) override;

 private:
  int fd_ = -1;
  uint64_t size_ = 0;
};

// Reads [offset, offset + size) of `source` 64 KiB at a time, handing each piece and its offset
// from `offset` to `fn`; stops at fn's first error. kInternal if the source ends early.
core::Status ForEachChunk(
    ByteSource& source, uint64_t offset, uint64_t size,
    const std::function<core::Status(std::string_view chunk, uint64_t at)>& fn);

// Reads [offset, offset + size) of `source` whole (for small parts such as the XML).
core::Result<std::string> ReadRange(ByteSource& source, uint64_t offset, uint64_t size);

struct MultipartPart {
  std::string name;          // the form field ("xml_submission_file", "photo.jpg", ...)
  std::string filename;      // "" when the part has none
  std::string content_type;  // as sent, "" when absent
  uint64_t offset = 0;       // of the content in the body
  uint64_t size = 0;
};

struct MultipartLimits {
  size_t max_parts = 128;          // Collect sends at most 100 files per request, plus the XML
  size_t max_header_bytes = 8192;  // per part
};

// The boundary parameter of a multipart/form-data Content-Type; kInvalidArgument otherwise.
core::Result<std::string> MultipartBoundary(std::string_view content_type);

// The parts of a multipart body, in order; kInvalidArgument for a body that does not follow
// RFC 7578 (no closing delimiter, a part without Content-Disposition form-data and a name,
// header too long, too many parts).
core::Result<std::vector<MultipartPart>> ParseMultipart(ByteSource& body, std::string_view boundary,
                                                        const MultipartLimits& limits = {});

}  // namespace openkp::monitor
