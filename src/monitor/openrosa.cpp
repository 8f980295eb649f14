#include "monitor/openrosa.h"

#include <algorithm>

#include "crypto/crypto.h"
#include "monitor/xml.h"

namespace openkp::monitor {

using core::Result;
using core::Status;

std::string Envelope(std::string_view message, std::string_view nature) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<OpenRosaResponse xmlns=\"http://openrosa.org/http/response\"><message";
  if (!nature.empty()) out += " nature=\"" + XmlEscape(nature) + "\"";
  out += ">" + XmlEscape(message) + "</message></OpenRosaResponse>\n";
  return out;
}

namespace {

void Flatten(const XmlElement& e, const std::string& prefix,
             std::map<std::string, std::string>* out) {
  for (const auto& c : e.children) {
    const std::string path = prefix.empty() ? c.name : prefix + "/" + c.name;
    if (c.children.empty()) {
      (*out)[path] = c.text;
    } else {
      Flatten(c, path, out);
    }
  }
}

std::string Trimmed(std::string s) {
  const auto ws = [](unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && ws(static_cast<unsigned char>(s.back()))) s.pop_back();
  size_t i = 0;
  while (i < s.size() && ws(static_cast<unsigned char>(s[i]))) ++i;
  return s.substr(i);
}

bool PrintableAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

}  // namespace

Result<Instance> ParseInstance(std::string_view xml) {
  auto root = ParseXml(xml);
  if (!root.ok()) return root.status();
  Instance in;
  in.form_id = root->Attr("id");
  in.version = root->Attr("version");
  in.encrypted = root->Attr("encrypted") == "yes";
  if (in.form_id.empty()) {
    return Status::Invalid("xml_submission_file", "form-id",
                           "the instance's root element has no id attribute (the form id)");
  }
  Flatten(*root, "", &in.fields);
  in.instance_id =
      Trimmed(in.fields.count("meta/instanceID") ? in.fields["meta/instanceID"] : std::string());
  in.deprecated_id = Trimmed(in.fields.count("meta/deprecatedID") ? in.fields["meta/deprecatedID"]
                                                                  : std::string());
  if (in.instance_id.empty()) {
    return Status::Invalid("xml_submission_file", "instance-id",
                           "the instance has no meta/instanceID");
  }
  for (const std::string* id : {&in.instance_id, &in.deprecated_id}) {
    if (id->empty()) continue;
    if (id->size() > 100 || !PrintableAscii(*id) || id->rfind("uuid:", 0) != 0) {
      return Status::Invalid("xml_submission_file", "instance-id",
                             "meta/instanceID and meta/deprecatedID must be 'uuid:' followed by "
                             "printable characters, 100 at most");
    }
  }
  if (in.encrypted) {
    // The manifest: media/file elements and the encrypted instance itself.
    if (const XmlElement* media = root->Child("media")) {
      for (const auto& f : media->children) {
        if (f.name == "file") in.media.push_back(Trimmed(f.text));
      }
    }
    for (const auto& c : root->children) {
      if (c.name == "encryptedXmlFile") in.media.push_back(Trimmed(c.text));
    }
    if (!root->Child("base64EncryptedKey") || !root->Child("encryptedXmlFile")) {
      return Status::Invalid("xml_submission_file", "encrypted",
                             "an encrypted submission needs base64EncryptedKey and "
                             "encryptedXmlFile");
    }
  }
  return in;
}

Status CheckAttachmentName(std::string_view name) {
  if (name.empty() || name.size() > 255) {
    return Status::Invalid("attachment", "file-name", "a file name has 1 to 255 bytes");
  }
  if (name.find('/') != std::string_view::npos || name.find('\\') != std::string_view::npos ||
      name.find("..") != std::string_view::npos || name.front() == '.') {
    return Status::Invalid("attachment", "file-name",
                           "a file name may not hold a path ('/', '\\', '..') or start with '.'");
  }
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f) {
      return Status::Invalid("attachment", "file-name",
                             "a file name may not hold control characters or NUL");
    }
  }
  return {};
}

std::string ContentTypeFor(std::string_view filename) {
  static const std::map<std::string, std::string, std::less<>> kTypes = {
      {"jpg", "image/jpeg"}, {"jpeg", "image/jpeg"}, {"png", "image/png"},
      {"gif", "image/gif"},  {"webp", "image/webp"}, {"heic", "image/heic"},
      {"mp3", "audio/mpeg"}, {"m4a", "audio/mp4"},   {"amr", "audio/amr"},
      {"ogg", "audio/ogg"},  {"wav", "audio/wav"},   {"3gpp", "audio/3gpp"},
      {"mp4", "video/mp4"},  {"3gp", "video/3gpp"},  {"pdf", "application/pdf"},
      {"xml", "text/xml"},   {"csv", "text/csv"},    {"enc", "application/octet-stream"},
  };
  const size_t dot = filename.rfind('.');
  if (dot == std::string_view::npos) return "application/octet-stream";
  std::string ext(filename.substr(dot + 1));
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto it = kTypes.find(ext);
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

Result<DigestCredentials> ParseDigest(std::string_view header) {
  const auto denied = [](const std::string& why) {
    return Status(core::Code::kUnauthenticated, why);
  };
  if (header.size() < 7 || header.size() > 4096) return denied("send Digest credentials");
  std::string scheme(header.substr(0, 6));
  for (auto& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (scheme != "digest" || header[6] != ' ') return denied("send Digest credentials");
  DigestCredentials d;
  std::map<std::string, std::string*> slots = {{"username", &d.username},
                                               {"realm", &d.realm},
                                               {"nonce", &d.nonce},
                                               {"uri", &d.uri},
                                               {"response", &d.response},
                                               {"qop", &d.qop},
                                               {"nc", &d.nc},
                                               {"cnonce", &d.cnonce},
                                               {"opaque", &d.opaque},
                                               {"algorithm", &d.algorithm}};
  size_t i = 7;
  while (i < header.size()) {
    while (i < header.size() && (header[i] == ' ' || header[i] == ',' || header[i] == '\t')) ++i;
    if (i >= header.size()) break;
    const size_t eq = header.find('=', i);
    if (eq == std::string_view::npos) return denied("malformed Digest credentials");
    std::string key(header.substr(i, eq - i));
    while (!key.empty() && key.back() == ' ') key.pop_back();
    for (auto& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    i = eq + 1;
    while (i < header.size() && header[i] == ' ') ++i;
    std::string value;
    if (i < header.size() && header[i] == '"') {
      ++i;
      while (i < header.size() && header[i] != '"') {
        if (header[i] == '\\' && i + 1 < header.size()) ++i;
        value.push_back(header[i++]);
      }
      if (i >= header.size()) return denied("malformed Digest credentials (unterminated quote)");
      ++i;
    } else {
      while (i < header.size() && header[i] != ',') value.push_back(header[i++]);
      while (!value.empty() && value.back() == ' ') value.pop_back();
    }
    if (auto it = slots.find(key); it != slots.end()) *it->second = std::move(value);
  }
  if (d.username.empty() || d.nonce.empty() || d.uri.empty() || d.response.empty()) {
    return denied("Digest credentials need username, nonce, uri and response");
  }
  if (!d.qop.empty() && (d.nc.empty() || d.cnonce.empty())) {
    return denied("Digest credentials with qop need nc and cnonce");
  }
  return d;
}

namespace {

std::string NonceMac(const std::string& secret, std::string_view stamp) {
  return crypto::HexEncode(crypto::HmacSha256(secret, "openrosa-nonce:" + std::string(stamp)))
      .substr(0, 32);
}

bool ConstantTimeEqual(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace

std::string DigestAuth::Challenge(int64_t now_unix, bool stale) const {
  // A random part keeps two challenges of the same second apart.
  const std::string stamp =
      std::to_string(now_unix) + "." + crypto::HexEncode(crypto::RandomBytes(8));
  const std::string nonce = stamp + "." + NonceMac(secret_, stamp);
  std::string out = "Digest realm=\"" + realm_ + "\", qop=\"auth\", algorithm=MD5, nonce=\"" +
                    nonce + "\", opaque=\"" + NonceMac(secret_, "opaque").substr(0, 16) + "\"";
  if (stale) out += ", stale=true";
  return out;
}

bool DigestAuth::NonceValid(std::string_view nonce, int64_t now_unix, bool* stale) const {
  *stale = false;
  const size_t last = nonce.rfind('.');
  if (last == std::string_view::npos || nonce.size() > 100) return false;
  const std::string_view stamp = nonce.substr(0, last);
  if (!ConstantTimeEqual(nonce.substr(last + 1), NonceMac(secret_, stamp))) return false;
  const size_t dot = stamp.find('.');
  int64_t issued = 0;
  try {
    issued = std::stoll(std::string(stamp.substr(0, dot)));
  } catch (const std::exception&) {
    return false;
  }
  if (now_unix - issued > nonce_seconds_ || issued - now_unix > 60) {
    *stale = true;
    return false;
  }
  return true;
}

bool DigestAuth::UseCount(const DigestCredentials& c, int64_t now_unix) const {
  // A device uses a nonce per batch; one that burns through them (a stolen phone) is capped
  // without locking the others out.
  constexpr size_t kMaxNonces = 100000, kMaxNoncesPerDevice = 1000, kMaxCountsPerNonce = 10000;
  const int64_t issued = std::atoll(c.nonce.c_str());  // NonceValid checked its form
  core::MutexLock lock(mu_);
  auto prune = [&] {
    for (auto it = used_.begin(); it != used_.end();) {
      if (now_unix - it->second.issued > nonce_seconds_) {
        if (--per_device_[it->second.username] == 0) per_device_.erase(it->second.username);
        it = used_.erase(it);
      } else {
        ++it;
      }
    }
  };
  auto it = used_.find(c.nonce);
  if (it == used_.end()) {
    if (used_.size() >= kMaxNonces || per_device_[c.username] >= kMaxNoncesPerDevice) prune();
    if (used_.size() >= kMaxNonces || per_device_[c.username] >= kMaxNoncesPerDevice) {
      return false;
    }
    ++per_device_[c.username];
    it = used_.emplace(c.nonce, NonceUse{issued, c.username, {}}).first;
  }
  if (it->second.counts.size() >= kMaxCountsPerNonce) return false;
  return it->second.counts.insert(c.nc).second;
}

bool DigestAuth::CountUsed(const DigestCredentials& c) const {
  core::MutexLock lock(mu_);
  auto it = used_.find(c.nonce);
  return it != used_.end() && it->second.counts.count(c.nc) > 0;
}

bool DigestAuth::ResponseMatches(const DigestCredentials& c, std::string_view method,
                                 std::string_view ha1_hex) const {
  if (c.realm != realm_) return false;
  if (!c.algorithm.empty() && c.algorithm != "MD5" && c.algorithm != "md5") return false;
  const std::string ha2 = crypto::Md5Hex(std::string(method) + ":" + c.uri);
  std::string expected;
  if (c.qop == "auth") {  // RFC 2069's form without qop (and without nc) is not accepted
    expected = crypto::Md5Hex(std::string(ha1_hex) + ":" + c.nonce + ":" + c.nc + ":" + c.cnonce +
                              ":" + c.qop + ":" + ha2);
  } else {
    return false;
  }
  std::string got = c.response;
  for (auto& ch : got) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return ConstantTimeEqual(got, expected);
}

std::string DigestAuth::Ha1(std::string_view username, std::string_view password) const {
  return crypto::Md5Hex(std::string(username) + ":" + realm_ + ":" + std::string(password));
}

}  // namespace openkp::monitor
