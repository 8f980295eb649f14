// The OpenRosa 1.0 protocol's documents and HTTP Digest authentication, as ODK Collect, Enketo
// and Tella speak them (../shared/domain/monitoring.md lists the rules). Pure functions: the
// routes module (http/routes_openrosa.cpp) puts them on the wire.
//
//   auto inst = monitor::ParseInstance(xml);         // form id, version, instanceID, fields
//   std::string body = monitor::Envelope("Thank you", "submit_success");
//   monitor::DigestAuth digest(secret, "openkp");
//   auto creds = monitor::ParseDigest(request.Header("authorization"));
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/mutex.h"
#include "core/status.h"

namespace openkp::monitor {

// <OpenRosaResponse xmlns="http://openrosa.org/http/response"><message nature="...">...
std::string Envelope(std::string_view message, std::string_view nature = "");

// A submitted XForm instance (or an encrypted submission's manifest).
struct Instance {
  std::string form_id;        // the root's id attribute
  std::string version;        // orx:version (or version)
  std::string instance_id;    // meta/instanceID, "uuid:..."
  std::string deprecated_id;  // meta/deprecatedID: the instance this one corrects
  bool encrypted = false;     // <data encrypted="yes">: stored as received, never decrypted
  // The root's leaf children by name ("category" -> "armed_group_violence"); for an encrypted
  // submission only its manifest fields.
  std::map<std::string, std::string> fields;
  // File names the instance refers to (binary questions; media/file and encryptedXmlFile of an
  // encrypted one): the attachments that complete it.
  std::vector<std::string> media;
};

// kInvalidArgument for malformed XML, a missing id, version or meta/instanceID, or an
// instanceID that is not "uuid:" and 1 to 100 printable characters.
core::Result<Instance> ParseInstance(std::string_view xml);

// A file name a client may give an attachment: 1 to 255 bytes, no path ("/", "\", ".."), no
// control characters or NUL, not starting with "."; kInvalidArgument naming the problem.
core::Status CheckAttachmentName(std::string_view name);
// The content type from a file name's extension (what Collect guesses), or
// application/octet-stream.
std::string ContentTypeFor(std::string_view filename);

// An Authorization: Digest header's fields (RFC 7616).
struct DigestCredentials {
  std::string username, realm, nonce, uri, response, qop, nc, cnonce, opaque, algorithm;
};
// kUnauthenticated unless `header` is a Digest header with username, realm, nonce, uri and
// response (and nc and cnonce when qop is present).
core::Result<DigestCredentials> ParseDigest(std::string_view header);

// Server side of Digest: nonces are stateless (a timestamp and its HMAC under a secret of this
// deployment, so every server of a multi-server deployment accepts them) and expire; each
// server remembers the counts (nc) used with each live nonce and refuses one used before, so a
// captured request cannot be replayed to it. qop=auth is required.
class DigestAuth {
 public:
  DigestAuth(std::string secret, std::string realm, int64_t nonce_seconds = 600)
      : secret_(std::move(secret)), realm_(std::move(realm)), nonce_seconds_(nonce_seconds) {}
  const std::string& realm() const { return realm_; }
  int64_t nonce_seconds() const { return nonce_seconds_; }
  // A WWW-Authenticate value with a fresh nonce (`stale`: the last one expired, retry).
  std::string Challenge(int64_t now_unix, bool stale = false) const;
  // Whether `nonce` is one of ours and not expired at `now_unix`; `*stale` when it is ours but
  // expired.
  bool NonceValid(std::string_view nonce, int64_t now_unix, bool* stale) const;
  // Whether `c` answers the challenge for `method` with the user's HA1 = MD5(user:realm:pass).
  bool ResponseMatches(const DigestCredentials& c, std::string_view method,
                       std::string_view ha1_hex) const;
  // HA1 for storing a new device credential.
  std::string Ha1(std::string_view username, std::string_view password) const;
  // Records that `c.nc` was used with `c.nonce`; false when it was already (a replay), or when
  // too many live nonces are tracked (the client gets a fresh challenge).
  bool UseCount(const DigestCredentials& c, int64_t now_unix) const EXCLUDES(mu_);
  // Whether `c.nc` was used with `c.nonce` already (read only: the check before a body).
  bool CountUsed(const DigestCredentials& c) const EXCLUDES(mu_);

 private:
  std::string secret_, realm_;
  int64_t nonce_seconds_;
  mutable core::Mutex mu_;
  // Per live nonce: when it was issued, by which device, and the counts used with it.
  struct NonceUse {
    int64_t issued = 0;
    std::string username;
    std::set<std::string> counts;
  };
  mutable std::map<std::string, NonceUse> used_ GUARDED_BY(mu_);
  mutable std::map<std::string, size_t> per_device_ GUARDED_BY(mu_);  // live nonces per device
};

}  // namespace openkp::monitor
