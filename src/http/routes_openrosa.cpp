// The OpenRosa 1.0 endpoints under /openrosa, for unmodified ODK Collect, Enketo and Tella
// (../shared/domain/monitoring.md): form list, form download, manifest, HEAD and POST
// submission, with Digest authentication by device credential. Every answer is text/xml with
// X-OpenRosa-Version and Date; errors carry the OpenRosaResponse envelope.
#include <ctime>
#include <variant>

#include "core/text.h"
#include "crypto/crypto.h"
#include "http/route_util.h"
#include "http/routes.h"
#include "monitor/multipart.h"
#include "monitor/openrosa.h"
#include "monitor/xml.h"

namespace openkp::http {

namespace {

constexpr const char* kXml = "text/xml; charset=utf-8";

std::string HttpDate() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

Response OpenRosa(int status, std::string body) {
  Response r;
  r.status = status;
  r.content_type = kXml;
  r.body = std::move(body);
  r.headers.emplace_back("X-OpenRosa-Version", "1.0");
  r.headers.emplace_back("Date", HttpDate());
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

// An error in the OpenRosa envelope, with the status the problem would have had.
Response OpenRosaError(const Status& s) {
  return OpenRosa(Problem(s).status, monitor::Envelope(s.message(), "error"));
}

// The base URL the client used, for download and manifest URLs (Collect follows them as given).
std::string BaseUrl(const Request& req) {
  std::string host = req.Header("host");
  if (host.empty() || host.size() > 255 ||
      host.find_first_not_of(
          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") !=
          std::string::npos) {
    host = "localhost";
  }
  const std::string proto = req.Header("x-forwarded-proto") == "https" ? "https" : "http";
  return proto + "://" + host;
}

using DeviceHandler =
    std::function<Response(const Request&, const Params&, const monitor::Device&)>;

// Digest authentication of a device: 401 with a challenge until the client answers it.
// The device a request's Digest credentials authenticate, or the 401 to answer. `consume`
// records the credentials' count (nc) with its nonce, so that the same answer never works
// twice; the check made before an upload's body is read does not consume it.
std::variant<monitor::Device, Response> Authenticate(monitor::Monitor& mon, const Request& req,
                                                     bool consume) {
  const int64_t now = static_cast<int64_t>(std::time(nullptr));
  auto challenge = [&](const std::string& why, bool stale) {
    Response r = OpenRosa(401, monitor::Envelope(why, "error"));
    r.headers.emplace_back("WWW-Authenticate", mon.digest().Challenge(now, stale));
    return r;
  };
  const std::string header = req.Header("authorization");
  if (header.empty()) return challenge("sign in with this device's credential", false);
  auto creds = monitor::ParseDigest(header);
  if (!creds.ok()) return challenge(creds.status().message(), false);
  bool stale = false;
  if (!mon.digest().NonceValid(creds->nonce, now, &stale)) {
    return challenge(stale ? "the nonce expired: answer the new challenge"
                           : "unknown nonce: answer the new challenge",
                     stale);
  }
  // The digest covers the URI the client named: it must be this request's.
  if (creds->uri != req.target && creds->uri != req.path) {
    return challenge("the Digest uri is not this request's", false);
  }
  auto device = mon.DeviceForDigest(creds->username);
  if (!device.ok()) return challenge(device.status().message(), false);
  if (!mon.digest().ResponseMatches(*creds, req.method, device->second)) {
    return challenge("unknown device or wrong password", false);
  }
  if (!device->first.revoked_at.empty()) {
    return challenge("this device's credential was revoked", false);
  }
  // Before an upload's body, a used count is refused too: a replay spools nothing.
  if (consume ? !mon.UseDigestCount(*creds, now) : mon.DigestCountUsed(*creds)) {
    return challenge("these credentials were used already: answer a new challenge", true);
  }
  return device->first;
}

RouteHandler WithDevice(monitor::Monitor& mon, DeviceHandler handler) {
  return [&mon, handler = std::move(handler)](const Request& req, const Params& p) {
    auto who = Authenticate(mon, req, /*consume=*/true);
    if (auto* refused = std::get_if<Response>(&who)) return *refused;
    const auto& device = std::get<monitor::Device>(who);
    Response r = handler(req, p, device);
    r.principal = -device.id;  // the access log tells devices from users by sign
    return r;
  };
}

std::string FormList(const Request& req, const std::vector<monitor::Form>& forms) {
  const auto wanted = QueryString(req, "formID");
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<xforms xmlns=\"http://openrosa.org/xforms/xformsList\">\n";
  const std::string base = BaseUrl(req);
  for (const auto& f : forms) {
    if (wanted && *wanted != f.id) continue;
    out += "  <xform>\n    <formID>" + core::XmlEscape(f.id) + "</formID>\n    <name>" +
           core::XmlEscape(f.name) + "</name>\n    <version>" + core::XmlEscape(f.version) +
           "</version>\n    <hash>md5:" + crypto::Md5Hex(f.xml) + "</hash>\n    <downloadUrl>" +
           base + "/openrosa/forms/" + f.id + "</downloadUrl>\n    <manifestUrl>" + base +
           "/openrosa/forms/" + f.id + "/manifest</manifestUrl>\n  </xform>\n";
  }
  return out + "</xforms>\n";
}

// The submission's parts: the instance, its files, and the split-upload marker.
Result<monitor::Submission> ReadSubmission(const Request& req, monitor::ByteSource& source) {
  auto boundary = monitor::MultipartBoundary(req.Header("content-type"));
  if (!boundary.ok()) return boundary.status();
  auto parts = monitor::ParseMultipart(source, *boundary);
  if (!parts.ok()) return parts.status();
  monitor::Submission s;
  s.source = &source;
  bool have_xml = false;
  for (const auto& p : *parts) {
    if (p.name == "xml_submission_file") {
      if (have_xml) {
        return Status::Invalid("xml_submission_file", "single", "send one xml_submission_file");
      }
      const std::string type = MediaType(p.content_type);
      if (!type.empty() && type != "text/xml" && type != "application/xml") {
        return Status::Invalid("xml_submission_file", "media-type",
                               "the instance must be text/xml, got '" + p.content_type + "'");
      }
      if (p.size > (4u << 20)) {
        return Status(core::Code::kPayloadTooLarge, "the instance XML exceeds 4 MiB");
      }
      auto xml = monitor::ReadRange(source, p.offset, p.size);
      if (!xml.ok()) return xml.status();
      s.xml = std::move(*xml);
      have_xml = true;
    } else if (p.name == "*isIncomplete*") {
      auto v = monitor::ReadRange(source, p.offset, std::min<uint64_t>(p.size, 8));
      s.incomplete = v.ok() && *v == "yes";
    } else {
      // Collect names each file's part by the file name (its filename parameter agrees); the
      // part's name is the one the instance refers to.
      const std::string& name = p.name;
      if (!p.filename.empty() && p.filename != p.name) {
        if (Status bad = monitor::CheckAttachmentName(p.filename); !bad.ok()) return bad;
      }
      if (Status bad = monitor::CheckAttachmentName(name); !bad.ok()) return bad;
      for (const auto& f : s.files) {
        if (f.name == name) {
          return Status::Invalid("attachment", "single", "file '" + name + "' is sent twice");
        }
      }
      s.files.push_back({name, p.content_type, p.offset, p.size});
    }
  }
  if (!have_xml) {
    return Status::Invalid("xml_submission_file", "required",
                           "the submission has no xml_submission_file part");
  }
  return s;
}

}  // namespace

std::optional<Response> OpenRosaRewrite(std::string_view target, const Response& problem) {
  if (target.rfind("/openrosa/", 0) != 0 ||
      problem.content_type.rfind("application/problem+json", 0) != 0) {
    return std::nullopt;
  }
  std::string detail = "request refused";
  boost::system::error_code ec;
  const json::value v = json::parse(problem.body, ec);
  if (!ec && v.is_object()) {
    if (const auto* d = v.as_object().if_contains("detail"); d && d->is_string()) {
      detail = std::string(d->as_string());
    }
  }
  Response r = OpenRosa(problem.status, monitor::Envelope(detail, "error"));
  for (const auto& h : problem.headers) {
    if (h.first == "Allow") r.headers.push_back(h);
  }
  r.route = problem.route;
  return r;
}

void AddOpenRosaRoutes(Router& router, monitor::Monitor* mon) {
  if (mon == nullptr) return;
  monitor::Monitor& m = *mon;
  router.Add("GET", "/openrosa/formList",
             WithDevice(m, [&m](const Request& req, const Params&, const monitor::Device& d) {
               // The organisation's forms: encrypted variants when it set a key.
               auto forms = m.FormsFor(d.organisation);
               if (!forms.ok()) return OpenRosaError(forms.status());
               return OpenRosa(200, FormList(req, *forms));
             }));
  router.Add("GET", "/openrosa/forms/{id}",
             WithDevice(m, [&m](const Request&, const Params& p, const monitor::Device& d) {
               auto forms = m.FormsFor(d.organisation);
               if (!forms.ok()) return OpenRosaError(forms.status());
               for (const auto& f : *forms) {
                 if (f.id == p[0]) return OpenRosa(200, f.xml);
               }
               return OpenRosaError(Status::NotFound("no form '" + p[0] + "'"));
             }));
  router.Add("GET", "/openrosa/forms/{id}/manifest",
             WithDevice(m, [](const Request&, const Params& p, const monitor::Device&) {
               if (monitor::FindForm(p[0]) == nullptr) {
                 return OpenRosaError(Status::NotFound("no form '" + p[0] + "'"));
               }
               // Our forms use no media files; the manifest says so.
               return OpenRosa(200,
                               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest "
                               "xmlns=\"http://openrosa.org/xforms/xformsManifest\"></manifest>\n");
             }));
  router.Add("HEAD", "/openrosa/submission",
             WithDevice(m, [](const Request&, const Params&, const monitor::Device&) {
               Response r = OpenRosa(204, "");
               r.headers.emplace_back("X-OpenRosa-Accept-Content-Length",
                                      std::to_string(kOpenRosaUploadLimit));
               return r;
             }));
  router.Add(
      "POST", "/openrosa/submission",
      WithDevice(m,
                 [&m](const Request& req, const Params&, const monitor::Device& device) {
                   if (!req.spooled) {
                     return OpenRosaError(Status::Invalid("body", "multipart",
                                                          "send the submission as "
                                                          "multipart/form-data"));
                   }
                   monitor::FileSource source(req.spooled->path, req.spooled->size);
                   auto sub = ReadSubmission(req, source);
                   if (!sub.ok()) return OpenRosaError(sub.status());
                   auto got = m.Submit(device, *sub);
                   if (!got.ok()) return OpenRosaError(got.status());
                   std::string msg = "Report " + std::to_string(got->report_id) +
                                     (got->created ? " received" : " updated") + " (sha256 " +
                                     got->xml_sha256 + ")";
                   if (!got->added.empty()) {
                     msg += "; " + std::to_string(got->added.size()) + " file(s) stored";
                   }
                   if (!got->missing.empty()) {
                     msg += "; waiting for " + std::to_string(got->missing.size()) + " file(s)";
                   }
                   Response r = OpenRosa(201, monitor::Envelope(msg, "submit_success"));
                   r.headers.emplace_back("Location",
                                          "/v1/incidents/" + std::to_string(got->report_id));
                   return r;
                 }),
      // The media type is checked by ReadSubmission, to answer in the OpenRosa envelope. The
      // credentials are checked before the body is read: nobody writes to the spool unsigned.
      {.max_body = kOpenRosaUploadLimit,
       .media_types = {},
       .body_to_file = true,
       .check_before_body = [&m](const Request& head) -> std::optional<Response> {
         auto who = Authenticate(m, head, /*consume=*/false);
         if (auto* refused = std::get_if<Response>(&who)) return *refused;
         return std::nullopt;
       }});
}

}  // namespace openkp::http
