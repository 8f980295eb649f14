// The certificate registry's routes: participants, public keys, and certificates (issue,
// list, read, verify, receipts, confirm, void). docs/API.md describes them.
#include <algorithm>
#include <future>
#include <memory>
#include <set>

#include "http/certificate_print.h"
#include "http/render.h"
#include "http/route_util.h"
#include "http/routes.h"
#include "registry/codec.h"
#include "registry/verify.h"

namespace openkp::http {

using accounts::Principal;

namespace {

// The event a receipt request names (?event=), "issued" when it names none.
std::string_view ReceiptEvent(const Request& req) {
  auto event = req.query.find("event");
  return event == req.query.end() ? std::string_view("issued") : event->second;
}

Response ReceiptResponse(std::string receipt, int64_t principal) {
  Response r;
  r.content_type = "text/plain; charset=utf-8";
  r.body = std::move(receipt);
  r.headers.emplace_back("Cache-Control", "no-store");
  r.route = "/v1/certificates/{number}/receipt";
  r.principal = principal;
  return r;
}

using Answer = std::function<void(std::function<Response()>)>;
using Issuer = std::function<void(const Request&, const Answer&)>;

// The answer to an issue: the record (201, Location), or the problem.
Response IssueAnswer(registry::Registry& reg, const Result<registry::Issued>& issued,
                     const std::string& path) {
  if (!issued.ok()) return Problem(issued.status(), path);
  const store::CertificateRecord& rec = issued->record;
  Response r = JsonTextResponse(registry::RecordToJsonText(rec, reg.Today()), 201);
  r.headers.emplace_back("Location",
                         "/v1/certificates/" + PathSegmentEncode(rec.certificate.body.number));
  if (issued->replayed) r.headers.emplace_back("Idempotent-Replayed", "true");
  return r;
}

// Issues the certificate in `req` and calls `answer` once with what builds the response: at
// once on a failed check, else from the database's committer thread after the commit.
Issuer MakeIssuer(const Auth& auth, registry::Registry& reg) {
  return [&auth, &reg](const Request& req, const Answer& answer) {
    Response err;
    auto who = auth.Caller(req, &err);
    if (!who) return answer([err] { return err; });
    auto body = JsonBody(req);
    auto ir = body.ok() ? registry::IssueRequestFromJson(*body)
                        : Result<registry::IssueRequest>(body.status());
    if (!ir.ok()) return answer([st = ir.status(), path = req.path] { return Problem(st, path); });
    if (auto key = req.headers.find("idempotency-key"); key != req.headers.end()) {
      ir->idempotency_key = key->second;                 // the registry checks it, empty included
      ir->request_sha256 = crypto::Sha256Hex(req.body);  // a retry repeats the bytes
    }
    const int64_t principal = who->user.id;
    reg.IssueAsync(*who, *ir,
                   [&reg, answer, path = req.path, principal](Result<registry::Issued> issued) {
                     // Runs where the commit happened; the JSON is built on the connection's
                     // thread.
                     answer([&reg, issued = std::move(issued), path, principal] {
                       Response r = IssueAnswer(reg, issued, path);
                       r.route = "/v1/certificates";
                       r.principal = principal;
                       return r;
                     });
                   });
  };
}

// The number of a GET /v1/certificates/{number}`suffix` request, "/" included whether it was
// sent encoded or not (as the router), or nothing for another request.
std::optional<std::string> CertificateNumberOf(const Request& req, std::string_view suffix) {
  static constexpr std::string_view kPrefix = "/v1/certificates/";
  const std::string_view p = req.path;
  if (req.method != "GET" || p.size() <= kPrefix.size() + suffix.size() ||
      !p.starts_with(kPrefix) || !p.ends_with(suffix)) {
    return std::nullopt;
  }
  return std::string(p.substr(kPrefix.size(), p.size() - kPrefix.size() - suffix.size()));
}

// Cache hits of the public verification, answered on the I/O thread.
std::optional<Response> FastVerification(registry::Registry& reg, const Request& req) {
  auto number = CertificateNumberOf(req, "/verify");
  if (!number) return std::nullopt;
  auto json = reg.CachedPublicVerificationJson(*number);
  if (!json) return std::nullopt;
  Response r;
  r.body = std::move(*json);
  r.headers.emplace_back("Cache-Control", "no-store");
  r.route = "/v1/certificates/{number}/verify";
  return r;
}

// Receipts already proven against the latest checkpoint, for a caller whose token and right
// to the certificate are known from memory, answered on the I/O thread. Everything else
// (first requests, refusals, errors) goes to the routed handler below, which says why.
std::optional<Response> FastReceipt(const Auth& auth, registry::Registry& reg,
                                    transparency::Log& log, const Request& req) {
  auto number = CertificateNumberOf(req, "/receipt");
  if (!number) return std::nullopt;
  auto who = auth.CachedCaller(req);
  if (!who) return std::nullopt;
  auto allowed = reg.CachedMayReadDetails(*who, *number);
  if (!allowed || !allowed->ok()) return std::nullopt;
  auto receipt = log.CachedCertificateReceipt(*number, ReceiptEvent(req));
  if (!receipt) return std::nullopt;
  return ReceiptResponse(std::move(*receipt), who->user.id);
}

}  // namespace

void AddRegistryRoutes(Router& router, const Auth& auth, registry::Registry& reg,
                       transparency::Log* log) {
  auto issue = std::make_shared<Issuer>(MakeIssuer(auth, reg));
  router.AddFast([&reg](const Request& req) { return FastVerification(reg, req); });
  if (log != nullptr) {
    router.AddFast(
        [&auth, &reg, log](const Request& req) { return FastReceipt(auth, reg, *log, req); });
  }
  // POST /v1/certificates is taken on the I/O thread and answered after the group commit that
  // stores the certificate, so that no thread waits for each issue.
  router.AddAsync([issue](const Request& req, const Reply& reply) {
    if (req.method != "POST" || req.path != "/v1/certificates") return false;
    try {
      (*issue)(req, [reply](std::function<Response()> make) { reply.Send(std::move(make)); });
    } catch (const std::exception& e) {  // the edge: no exception escapes into Beast
      reply.Send(Problem(Status::Internal(std::string("unexpected error: ") + e.what()), req.path));
    }
    return true;
  });

  router.Add("GET", "/v1/participants", [&reg](const Request& req, const Params&) {
    auto ps = reg.ListParticipants();
    if (!ps.ok()) return Problem(ps.status(), req.path);
    json::array arr;
    for (const auto& p : *ps) {
      arr.emplace_back(
          json::object{{"code", p.code}, {"name", p.name}, {"authority", p.authority}});
    }
    return JsonResponse(json::object{{"participants", std::move(arr)}});
  });
  router.Add("PUT", "/v1/participants/{code}",
             auth.Required([&reg](const Request& req, const Params& p, const Principal& who) {
               auto body = JsonBody(req);
               if (!body.ok()) return Problem(body.status(), req.path);
               core::ObjectReader r(*body, "");
               store::Participant part{p[0], r.String("name"), r.String("authority")};
               Status s = r.Finish();
               if (s.ok()) s = reg.UpsertParticipant(who, part);
               if (!s.ok()) return Problem(s, req.path);
               return JsonResponse(json::object{
                   {"code", part.code}, {"name", part.name}, {"authority", part.authority}});
             }),
             JsonRoute());

  router.Add("GET", "/v1/keys", [&reg](const Request& req, const Params&) {
    auto it = req.query.find("participant");
    std::optional<std::string> p;
    if (it != req.query.end()) p = it->second;
    auto keys = reg.ListKeys(p);
    if (!keys.ok()) return Problem(keys.status(), req.path);
    Response r;
    r.body = registry::KeyringToJson(*keys);
    return r;
  });
  router.Add("POST", "/v1/keys/{key_id}/revoke",
             auth.Required([&reg](const Request& req, const Params& p, const Principal& who) {
               auto body = JsonBody(req);
               Status s = body.status();
               std::string reason;
               if (s.ok()) {
                 core::ObjectReader r(*body, "");
                 reason = r.String("reason");
                 s = r.Finish();
               }
               if (s.ok()) s = reg.RevokeKey(who, p[0], reason);
               if (!s.ok()) return Problem(s, req.path);
               auto k = reg.GetKey(p[0]);
               if (!k.ok()) return Problem(k.status(), req.path);
               return JsonResponse(registry::KeyToJson(*k));
             }),
             JsonRoute());

  // Served by the async handler above; this synchronous twin answers when the server has none.
  router.Add(
      "POST", "/v1/certificates",
      [issue](const Request& req, const Params&) {
        std::promise<Response> answer;
        (*issue)(req, [&](const std::function<Response()>& make) {
          try {
            answer.set_value(make());
          } catch (...) {  // rethrown by get() below, into Handle's catch
            answer.set_exception(std::current_exception());
          }
        });
        return answer.get_future().get();
      },
      RouteOptions{kJsonBodyLimit, {}});  // the media type is checked after the token
  router.Add(
      "GET", "/v1/certificates",
      auth.Required([&reg](const Request& req, const Params&, const Principal& who) {
        store::CertificateFilter f;
        if (Status s = UnknownParameters(req, {"issuer", "destination", "status", "issued_from",
                                               "issued_to", "limit", "offset", "format"});
            !s.ok()) {
          return Problem(s, req.path);
        }
        auto str = [&](const char* k) { return QueryString(req, k); };
        f.issuer = str("issuer");
        f.destination = str("destination");
        f.status = str("status");
        if (f.status && *f.status != "issued" && *f.status != "expired" &&
            *f.status != "confirmed" && *f.status != "voided") {
          return Problem(
              Status::Invalid("status", "enum", "must be issued, expired, confirmed or voided"),
              req.path);
        }
        for (auto [key, target] :
             {std::pair{"issued_from", &f.issued_from}, std::pair{"issued_to", &f.issued_to}}) {
          if (auto s = str(key)) {
            auto d = core::Date::Parse(*s);
            if (!d.ok())
              return Problem(Status::Invalid(key, "date", d.status().message()), req.path);
            *target = *d;
          }
        }
        auto format_or = QueryFormat(req, {"json", "csv"});
        if (!format_or.ok()) return Problem(format_or.status(), req.path);
        const std::string format = *format_or;
        auto limit = QueryInt(req, "limit", format == "csv" ? 100000 : 50, 1,
                              format == "csv" ? 1000000 : 1000);
        if (!limit.ok()) return Problem(limit.status(), req.path);
        auto offset = QueryInt(req, "offset", 0, 0, 1000000000);
        if (!offset.ok()) return Problem(offset.status(), req.path);
        f.limit = *limit;
        f.offset = *offset;
        auto page = reg.List(who, f);
        if (!page.ok()) return Problem(page.status(), req.path);
        if (format == "csv") {
          return CsvResponse(registry::SummariesToCsv(page->items, reg.Today()),
                             "certificates.csv");
        }
        json::array items;
        for (const auto& s : page->items)
          items.emplace_back(registry::SummaryToJson(s, reg.Today()));
        json::object o{{"items", std::move(items)},
                       {"total", page->total},
                       {"limit", f.limit},
                       {"offset", f.offset}};
        if (f.offset + f.limit < page->total) o["next_offset"] = f.offset + f.limit;
        return JsonResponse(o);
      }));
  router.Add("GET", "/v1/certificates/{number}",
             auth.Required([&reg](const Request& req, const Params& p, const Principal& who) {
               auto rec = reg.Get(who, p[0]);
               if (!rec.ok()) return Problem(rec.status(), req.path);
               return JsonTextResponse(registry::RecordToJsonText(*rec, reg.Today()));
             }));
  router.Add("GET", "/v1/certificates/{number}/verify",
             [&reg](const Request& req, const Params& p) {
               auto body = reg.PublicVerificationJson(p[0]);
               if (!body.ok()) return Problem(body.status(), req.path);
               Response r;
               r.body = std::move(*body);
               r.headers.emplace_back("Cache-Control", "no-store");
               return r;
             });
  // Anyone; a token is optional and lets a party to the certificate see which fields differ.
  router.Add("POST", "/v1/certificates/{number}/verify",
             auth.Optional([&reg](const Request& req, const Params& p, const Principal* who) {
               auto body = JsonBody(req);
               if (!body.ok()) return Problem(body.status(), req.path);
               auto cert = core::SignedFromJson(*body);
               if (!cert.ok()) return Problem(cert.status(), req.path);
               auto answer = reg.PresentedVerificationJson(who, p[0], *cert);
               if (!answer.ok()) return Problem(answer.status(), req.path);
               return JsonTextResponse(std::move(*answer));
             }),
             JsonRoute());
  router.Add("GET", "/v1/certificates/{number}/receipt",
             auth.Required([&reg, log](const Request& req, const Params& p, const Principal& who) {
               // The receipt holds the secret salt: the parties only.
               if (Status s = reg.MayReadDetails(who, p[0]); !s.ok()) return Problem(s, req.path);
               if (log == nullptr)
                 return Problem(Status::NotFound("no transparency log"), req.path);
               auto receipt = log->CertificateReceipt(p[0], ReceiptEvent(req));
               if (!receipt.ok()) return Problem(receipt.status(), req.path);
               return ReceiptResponse(std::move(*receipt), who.user.id);
             }));
  // The paper certificate (docs/CERTIFICATE_FORMAT.md "The QR code"): the QR code's bytes, and
  // the A4 page that prints them. They hold the receipt's salt: the parties only, as receipts.
  auto printable = [&reg, log](const std::string& number, const Principal& who,
                               store::CertificateRecord* record) -> core::Result<std::string> {
    auto rec = reg.Get(who, number);
    if (!rec.ok()) return rec.status();
    OPENKP_RETURN_IF_ERROR(reg.MayReadDetails(who, number));
    if (log == nullptr) return Status::NotFound("no transparency log");
    auto receipt = log->CertificateReceipt(number, "issued");
    if (!receipt.ok()) return receipt.status();
    *record = std::move(*rec);
    return QrPayload(record->document, *receipt);
  };
  router.Add("GET", "/v1/certificates/{number}/qr",
             auth.Required([printable](const Request& req, const Params& p, const Principal& who) {
               store::CertificateRecord rec;
               auto bytes = printable(p[0], who, &rec);
               if (!bytes.ok()) return Problem(bytes.status(), req.path);
               Response r;
               r.content_type = "application/octet-stream";
               r.headers.emplace_back("Cache-Control", "no-store");
               r.body = std::move(*bytes);
               return r;
             }));
  router.Add("GET", "/v1/certificates/{number}/print",
             auth.Required([printable](const Request& req, const Params& p, const Principal& who) {
               if (Status s = UnknownParameters(req, {"format", "lang"}); !s.ok()) {
                 return Problem(s, req.path);
               }
               auto format = QueryFormat(req, {"html", "pdf"});
               if (!format.ok()) return Problem(format.status(), req.path);
               const std::string lang = QueryString(req, "lang").value_or("en");
               if (lang != "en" && lang != "fr") {
                 return Problem(Status::Invalid("lang", "enum", "must be en or fr"), req.path);
               }
               store::CertificateRecord rec;
               auto bytes = printable(p[0], who, &rec);
               if (!bytes.ok()) return Problem(bytes.status(), req.path);
               auto svg = QrSvg(*bytes);
               if (!svg.ok()) return Problem(svg.status(), req.path);
               std::string name = "certificate-" + rec.certificate.body.number;
               std::replace(name.begin(), name.end(), '/', '-');
               return DocumentResponse(CertificatePage(rec, *svg, lang), *format, name, req.path);
             }));
  router.Add("POST", "/v1/certificates/{number}/confirm",
             auth.Required([&reg](const Request& req, const Params& p, const Principal& who) {
               auto body = JsonBody(req);
               if (!body.ok()) return Problem(body.status(), req.path);
               auto c = registry::ConfirmRequestFromJson(*body);
               if (!c.ok()) return Problem(c.status(), req.path);
               auto rec = reg.Confirm(who, p[0], *c);
               if (!rec.ok()) return Problem(rec.status(), req.path);
               return JsonTextResponse(registry::RecordToJsonText(*rec, reg.Today()));
             }),
             JsonRoute());
  router.Add("POST", "/v1/certificates/{number}/void",
             auth.Required([&reg](const Request& req, const Params& p, const Principal& who) {
               auto body = JsonBody(req);
               if (!body.ok()) return Problem(body.status(), req.path);
               auto v = registry::VoidRequestFromJson(*body);
               if (!v.ok()) return Problem(v.status(), req.path);
               auto rec = reg.Void(who, p[0], *v);
               if (!rec.ok()) return Problem(rec.status(), req.path);
               return JsonTextResponse(registry::RecordToJsonText(*rec, reg.Today()));
             }),
             JsonRoute());
}

}  // namespace openkp::http
