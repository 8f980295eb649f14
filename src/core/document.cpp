// What a document people attach (an answer's, an input's, an activity's) may be (document.h).
#include "core/document.h"

#include <cctype>
#include <map>
#include <set>
#include <string_view>

#include "core/text.h"

namespace openkp::core {

namespace {

// The content types accepted for documents, with the bytes each must start with.
struct DocumentType {
  const char* content_type;
  std::string magic;  // "" for text
};
const DocumentType kDocumentTypes[] = {
    {"application/pdf", "%PDF-"},
    {"image/png", "\x89PNG\r\n\x1a\n"},
    {"image/jpeg", "\xFF\xD8\xFF"},
    {"text/plain", ""},
    {"text/csv", ""},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK\x03\x04"},
    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "PK\x03\x04"},
};

// Letters (any script, UTF-8), digits, '.', '-', '_' and spaces: no path, quote or control.
Status CheckDocumentName(const std::string& name) {
  if (name.empty() || name.size() > 200 || name[0] == '.' || name[0] == ' ') {
    return Status::Invalid("name", "file-name",
                           "must be 1 to 200 bytes and not start with '.' or a space");
  }
  for (unsigned char c : name) {
    if (c < 0x80 && !std::isalnum(c) && c != '.' && c != '-' && c != '_' && c != ' ') {
      return Status::Invalid("name", "file-name",
                             "may hold only letters, digits, '.', '-', '_' and spaces");
    }
  }
  if (auto why = core::UnsafeTextReason(name)) return Status::Invalid("name", "file-name", *why);
  if (name.back() == ' ' || name.back() == '.' || name.find("  ") != std::string::npos) {
    return Status::Invalid("name", "file-name",
                           "must not end with a space or '.', nor hold two spaces in a row");
  }
  // Names that look alike must be alike: no space but ASCII's, no character that shows as
  // nothing, no combining accent (a decomposed "é" beside a composed one). Valid UTF-8 here.
  for (size_t i = 0; i < name.size();) {
    const auto lead = static_cast<unsigned char>(name[i]);
    const size_t len = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    uint32_t cp = len == 1 ? lead : lead & (0x7F >> len);
    for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (name[i + k] & 0x3F);
    i += len;
    const bool space = cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
                       cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
    const bool blank = cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0 || cp == 0x2800;
    if (space || blank || (cp >= 0x300 && cp <= 0x36F)) {
      return Status::Invalid("name", "file-name",
                             "must not hold other spaces than ' ', blank characters or combining "
                             "accents (write accented letters composed)");
    }
  }
  return {};
}

// The extensions a document of each type may have: a file keeps what it is when saved.
bool ExtensionFits(const std::string& name, const std::string& content_type) {
  const size_t dot = name.rfind('.');
  if (dot == std::string::npos) return false;
  std::string ext = name.substr(dot + 1);
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  static const std::map<std::string, std::set<std::string>> kExtensions = {
      {"application/pdf", {"pdf"}},
      {"image/png", {"png"}},
      {"image/jpeg", {"jpg", "jpeg"}},
      {"text/plain", {"txt"}},
      {"text/csv", {"csv"}},
      {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {"xlsx"}},
      {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", {"docx"}}};
  auto it = kExtensions.find(content_type);
  return it != kExtensions.end() && it->second.count(ext) > 0;
}

}  // namespace

Status CheckDocument(const std::string& name, const std::string& content_type,
                     const std::string& bytes, int64_t max_bytes) {
  OPENKP_RETURN_IF_ERROR(CheckDocumentName(name));
  const DocumentType* type = nullptr;
  for (const auto& d : kDocumentTypes) {
    if (content_type == d.content_type) type = &d;
  }
  if (type == nullptr) {
    return Status::Invalid(
        "content_type", "media-type",
        "documents may be PDF, PNG, JPEG, plain text, CSV, .xlsx or .docx, not " + content_type);
  }
  if (!ExtensionFits(name, content_type)) {
    return Status::Invalid("name", "extension",
                           "must end with the extension of " + content_type +
                               " (.pdf, .png, .jpg, .txt, .csv, .xlsx or .docx)");
  }
  if (static_cast<int64_t>(bytes.size()) > max_bytes) {
    return Status(core::Code::kPayloadTooLarge,
                  "a document may hold at most " + std::to_string(max_bytes) + " bytes");
  }
  if (bytes.empty()) return Status::Invalid("body", "required", "the document is empty");
  if (type->magic.empty()) {
    // Spreadsheets save "CSV UTF-8" with a byte order mark: allowed at the start only.
    const std::string_view body = std::string_view(bytes).starts_with("\xEF\xBB\xBF")
                                      ? std::string_view(bytes).substr(3)
                                      : std::string_view(bytes);
    if (Status text = CheckPlainText("body", std::string(body), bytes.size(), true); !text.ok()) {
      return Status::Invalid("body", "content", "is not plain UTF-8 text: " + text.message());
    }
  } else if (bytes.compare(0, type->magic.size(), type->magic) != 0) {
    return Status::Invalid("body", "content", "does not hold " + content_type);
  }
  return {};
}

}  // namespace openkp::core
