#include "monitor/multipart.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <functional>

namespace openkp::monitor {

using core::Result;
using core::Status;

namespace {

Status Malformed(const std::string& why) {
  return Status::Invalid("body", "multipart", "malformed multipart/form-data: " + why);
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The value of parameter `key` in a header value such as `form-data; name="a"; filename="b"`
// (quoted or token), and whether it was present.
bool Param(std::string_view header, std::string_view key, std::string* out) {
  size_t i = header.find(';');
  while (i != std::string_view::npos && i < header.size()) {
    std::string_view rest = Trim(header.substr(i + 1));
    const size_t eq = rest.find('=');
    if (eq == std::string_view::npos) return false;
    const std::string name = Lower(Trim(rest.substr(0, eq)));
    std::string_view v = rest.substr(eq + 1);
    std::string value;
    size_t consumed = 0;
    if (!v.empty() && v.front() == '"') {
      size_t j = 1;
      for (; j < v.size() && v[j] != '"'; ++j) {
        if (v[j] == '\\' && j + 1 < v.size()) ++j;
        value.push_back(v[j]);
      }
      if (j >= v.size()) return false;  // unterminated
      consumed = j + 1;
    } else {
      consumed = std::min(v.find(';'), v.size());
      value = std::string(Trim(v.substr(0, consumed)));
    }
    if (name == key) {
      *out = std::move(value);
      return true;
    }
    const size_t next = v.find(';', consumed);
    if (next == std::string_view::npos) return false;
    i = (header.size() - v.size()) + next;
  }
  return false;
}

// Every offset in `body` where "\r\n--" + boundary begins, as if the body began with "\r\n"
// (so a delimiter at the very start counts); offsets are of that virtual stream. Reads in
// chunks with an overlap, so memory stays flat.
Result<std::vector<uint64_t>> FindDelimiters(ByteSource& body, const std::string& pattern,
                                             size_t max_count) {
  constexpr size_t kChunk = 1 << 16;
  std::vector<uint64_t> found;
  std::string window = "\r\n";  // the virtual prefix
  uint64_t window_start = 0;    // virtual offset of window[0]
  uint64_t read = 0;
  std::string chunk(kChunk, '\0');
  const std::boyer_moore_horspool_searcher searcher(pattern.begin(), pattern.end());
  while (true) {
    auto n = body.ReadAt(read, chunk.data(), kChunk);
    if (!n.ok()) return n.status();
    read += *n;
    window.append(chunk.data(), *n);
    const bool last = *n == 0 || read >= body.size();
    auto it = window.begin();
    size_t searched_to = 0;
    while (true) {
      auto hit = std::search(it, window.end(), searcher);
      if (hit == window.end()) break;
      found.push_back(window_start + static_cast<uint64_t>(hit - window.begin()));
      if (found.size() > max_count) return found;  // the caller reports too many parts
      it = hit + static_cast<std::ptrdiff_t>(pattern.size());
      searched_to = static_cast<size_t>(it - window.begin());
    }
    if (last) break;
    // Keep the tail that could hold the start of a delimiter split across chunks.
    size_t keep_from =
        window.size() > pattern.size() - 1 ? window.size() - (pattern.size() - 1) : 0;
    keep_from = std::max(keep_from, searched_to);
    window_start += keep_from;
    window.erase(0, keep_from);
  }
  return found;
}

}  // namespace

Result<size_t> StringSource::ReadAt(uint64_t offset, char* out, size_t n) {
  if (offset >= bytes_.size()) return size_t{0};
  const size_t k = std::min<uint64_t>(n, bytes_.size() - offset);
  std::memcpy(out, bytes_.data() + offset, k);
  return k;
}

FileSource::FileSource(const std::string& path, uint64_t size)
    : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)), size_(size) {}

FileSource::~FileSource() {
  if (fd_ >= 0) ::close(fd_);
}

Result<size_t> FileSource::ReadAt(uint64_t offset, char* out, size_t n) {
  if (fd_ < 0) return Status::Internal("cannot open the uploaded body");
  size_t done = 0;
  while (done < n && offset + done < size_) {
    const ssize_t k = ::pread(fd_, out + done, n - done, static_cast<off_t>(offset + done));
    if (k < 0 && errno == EINTR) continue;
    if (k < 0) return Status::Internal(std::string("cannot read the upload: ") + strerror(errno));
    if (k == 0) break;
    done += static_cast<size_t>(k);
  }
  return done;
}

Status ForEachChunk(ByteSource& source, uint64_t offset, uint64_t size,
                    const std::function<Status(std::string_view chunk, uint64_t at)>& fn) {
  std::string chunk(1 << 16, '\0');
  for (uint64_t done = 0; done < size;) {
    const size_t want = static_cast<size_t>(std::min<uint64_t>(size - done, chunk.size()));
    auto n = source.ReadAt(offset + done, chunk.data(), want);
    if (!n.ok()) return n.status();
    if (*n != want) return Status::Internal("the upload ended early");
    OPENKP_RETURN_IF_ERROR(fn(std::string_view(chunk.data(), want), done));
    done += want;
  }
  return {};
}

Result<std::string> ReadRange(ByteSource& source, uint64_t offset, uint64_t size) {
  std::string out(size, '\0');
  auto n = source.ReadAt(offset, out.data(), size);
  if (!n.ok()) return n.status();
  if (*n != size) return Status::Internal("the upload ended early");
  return out;
}

Result<std::string> MultipartBoundary(std::string_view content_type) {
  const std::string type = Lower(Trim(content_type.substr(0, content_type.find(';'))));
  if (type != "multipart/form-data") {
    return Status::Invalid(
        "Content-Type", "media-type",
        "send the submission as multipart/form-data, got '" + std::string(content_type) + "'");
  }
  std::string boundary;
  if (!Param(content_type, "boundary", &boundary) || boundary.empty() || boundary.size() > 70) {
    return Status::Invalid("Content-Type", "boundary",
                           "multipart/form-data needs a boundary of 1 to 70 characters");
  }
  return boundary;
}

Result<std::vector<MultipartPart>> ParseMultipart(ByteSource& body, std::string_view boundary,
                                                  const MultipartLimits& limits) {
  if (boundary.empty()) return Malformed("empty boundary");
  const std::string pattern = "\r\n--" + std::string(boundary);
  auto delims = FindDelimiters(body, pattern, limits.max_parts + 1);
  if (!delims.ok()) return delims.status();
  if (delims->size() > limits.max_parts + 1) {
    return Malformed("more than " + std::to_string(limits.max_parts) + " parts");
  }
  if (delims->empty()) return Malformed("no boundary delimiter");
  std::vector<MultipartPart> parts;
  // Body offsets: virtual offset v is body offset v - 2.
  for (size_t i = 0; i < delims->size(); ++i) {
    const uint64_t after = (*delims)[i] - 2 + pattern.size();  // just past "--boundary"
    char tail[2] = {0, 0};
    auto n = body.ReadAt(after, tail, 2);
    if (!n.ok()) return n.status();
    if (*n == 2 && tail[0] == '-' && tail[1] == '-') {
      if (i + 1 < delims->size()) {
        // Anything after the close delimiter is an epilogue; a later delimiter means the
        // first "close" was in a part: not valid.
        return Malformed("a part follows the closing delimiter");
      }
      return parts;
    }
    if (i + 1 == delims->size()) return Malformed("no closing delimiter (the body was cut short?)");
    // Transport padding (spaces, tabs), then CRLF, then the part's header.
    const uint64_t end = (*delims)[i + 1] - 2;  // where this part's content ends
    if (end < after) return Malformed("overlapping delimiters");
    const uint64_t span = end - after;
    const size_t head_len =
        static_cast<size_t>(std::min<uint64_t>(span, limits.max_header_bytes + 4));
    auto head = ReadRange(body, after, head_len);
    if (!head.ok()) return head.status();
    size_t pos = head->find_first_not_of(" \t");
    if (pos == std::string::npos || head->compare(pos, 2, "\r\n") != 0) {
      return Malformed("a delimiter must end its line");
    }
    pos += 2;
    const size_t header_end = head->find("\r\n\r\n", pos >= 2 ? pos - 2 : 0);
    MultipartPart part;
    if (head->compare(pos, 2, "\r\n") == 0) {
      part.offset = after + pos + 2;  // no header fields at all
    } else {
      if (header_end == std::string::npos) {
        return Malformed("a part's header is missing or longer than " +
                         std::to_string(limits.max_header_bytes) + " bytes");
      }
      part.offset = after + header_end + 4;
    }
    std::string_view fields = header_end == std::string::npos || part.offset == after + pos + 2
                                  ? std::string_view()
                                  : std::string_view(*head).substr(pos, header_end - pos);
    bool disposition = false;
    while (!fields.empty()) {
      const size_t eol = fields.find("\r\n");
      std::string_view line = fields.substr(0, eol);
      fields = eol == std::string_view::npos ? std::string_view() : fields.substr(eol + 2);
      const size_t colon = line.find(':');
      if (colon == std::string_view::npos) return Malformed("a part header line has no ':'");
      const std::string name = Lower(Trim(line.substr(0, colon)));
      const std::string_view value = Trim(line.substr(colon + 1));
      if (name == "content-disposition") {
        if (Lower(Trim(value.substr(0, value.find(';')))) != "form-data") {
          return Malformed("Content-Disposition must be form-data");
        }
        if (!Param(value, "name", &part.name)) {
          return Malformed("Content-Disposition has no name");
        }
        Param(value, "filename", &part.filename);
        disposition = true;
      } else if (name == "content-type") {
        part.content_type = std::string(value);
      }
    }
    if (!disposition) return Malformed("a part has no Content-Disposition");
    if (part.offset > end) return Malformed("a part's header runs into the next delimiter");
    part.size = end - part.offset;
    parts.push_back(std::move(part));
  }
  return Malformed("no closing delimiter");
}

}  // namespace openkp::monitor
