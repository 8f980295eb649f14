// End-to-end tests of the /v1 API: a real server on a loopback port, on every backend (real
// SQLite files; a database in the throw-away PostgreSQL cluster). The fixture is in
// api_fixture.h; regions, plans and commitments are tested in regions_api_test.cpp.
#include <zlib.h>

#include <mutex>
#include <thread>

#include "api_fixture.h"

namespace openkp {
namespace {

namespace json = boost::json;
using testing::HttpCall;
using testing::HttpResult;
using testing::ReadKpProductionFile;

TEST_P(ApiTest, IssueVerifyConfirmEndToEnd) {
  auto issued = Post("/v1/certificates", IssueBody(), bw_);
  ASSERT_EQ(issued.status, 201) << issued.body;
  EXPECT_EQ(issued.headers["location"], "/v1/certificates/BW-2026-000001");
  auto rec = json::parse(issued.body).as_object();
  EXPECT_EQ(rec["status"], "issued");
  EXPECT_EQ(rec["total_carats_hundredths"].as_int64(), 130050);
  const std::string n = "BW-2026-000001";

  auto verify = HttpCall(port_, "GET", "/v1/certificates/" + n + "/verify");
  ASSERT_EQ(verify.status, 200);
  auto v = json::parse(verify.body).as_object();
  EXPECT_TRUE(v["valid"].as_bool());
  EXPECT_EQ(v["status"], "issued");
  // The public answer never reveals parties or values.
  for (const char* secret :
       {"Okavango", "Antwerp", "125050", "38000000", "exporter", "importer", "carats", "value"}) {
    EXPECT_EQ(verify.body.find(secret), std::string::npos) << secret;
  }

  // The holder presents the certificate; any change is detected. Anyone learns that the
  // signature fails; a party to the certificate (with its token) learns which field changed.
  json::value signed_doc = rec["signed"];
  auto same = Post("/v1/certificates/" + n + "/verify", signed_doc, "");
  EXPECT_TRUE(json::parse(same.body).as_object()["valid"].as_bool()) << same.body;
  json::value forged = signed_doc;
  forged.as_object()["certificate"].as_object()["parcels"] = 4;
  for (const std::string& outsider : {std::string(), za_}) {
    auto altered = Post("/v1/certificates/" + n + "/verify", forged, outsider);
    auto a = json::parse(altered.body).as_object();
    EXPECT_FALSE(a["valid"].as_bool());
    EXPECT_EQ(a["failure"], "signature");
    EXPECT_FALSE(a.contains("altered_fields")) << altered.body;
  }
  for (const std::string& party : {bw_, eu_, admin_}) {
    auto altered = Post("/v1/certificates/" + n + "/verify", forged, party);
    auto a = json::parse(altered.body).as_object();
    EXPECT_FALSE(a["valid"].as_bool());
    EXPECT_EQ(a["failure"], "altered");
    EXPECT_EQ(a["altered_fields"].as_array()[0], "parcels");
  }
  ExpectProblem(Post("/v1/certificates/" + n + "/verify", forged, "okp_wrong"), 401, "", "");

  // Only the importer confirms; a short shipment is recorded as a mismatch.
  json::object confirm{
      {"carats_hundredths", 120000}, {"value_usd_cents", 38100000}, {"parcels", 3}};
  ExpectProblem(Post("/v1/certificates/" + n + "/confirm", confirm, bw_), 403, "", "");
  auto c = Post("/v1/certificates/" + n + "/confirm", confirm, eu_);
  ASSERT_EQ(c.status, 200) << c.body;
  auto cj = json::parse(c.body).as_object();
  EXPECT_EQ(cj["status"], "confirmed");
  EXPECT_TRUE(cj["confirmation"].as_object()["mismatch"].as_bool());
  ExpectProblem(Post("/v1/certificates/" + n + "/confirm", confirm, eu_), 409, "", "");
  ExpectProblem(Post("/v1/certificates/" + n + "/void", json::object{{"reason", "lost"}}, bw_), 409,
                "", "");

  // Full details: the two participants and admins only.
  EXPECT_EQ(HttpCall(port_, "GET", "/v1/certificates/" + n, "", eu_).status, 200);
  EXPECT_EQ(HttpCall(port_, "GET", "/v1/certificates/" + n, "", admin_).status, 200);
  ExpectProblem(HttpCall(port_, "GET", "/v1/certificates/" + n, "", za_), 403, "", "");
  ExpectProblem(HttpCall(port_, "GET", "/v1/certificates/" + n), 401, "", "");
}

// POST /v1/certificates is answered after the group commit without a thread per request: many
// clients at once get distinct gapless numbers, and each answer is what was stored.
TEST_P(ApiTest, ConcurrentIssuesShareCommitsAndAnswerWhatWasStored) {
  constexpr int kClients = 8, kEach = 25;
  std::vector<std::thread> clients;
  std::mutex mu;
  std::set<std::string> numbers;
  clients.reserve(kClients);
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        auto r = Post("/v1/certificates", IssueBody(), bw_);
        ASSERT_EQ(r.status, 201) << r.body;
        auto rec = json::parse(r.body).as_object();
        const std::string n = json::value_to<std::string>(rec["number"]);
        EXPECT_EQ(r.headers["location"], "/v1/certificates/" + n);
        auto stored = HttpCall(port_, "GET", "/v1/certificates/" + n, "", bw_);
        EXPECT_EQ(json::parse(stored.body), json::parse(r.body)) << n;
        std::lock_guard lock(mu);
        numbers.insert(n);
      }
    });
  }
  for (auto& t : clients) t.join();
  ASSERT_EQ(numbers.size(), size_t{kClients} * kEach);
  EXPECT_EQ(*numbers.begin(), "BW-2026-000001");
  EXPECT_EQ(*numbers.rbegin(), "BW-2026-000200");  // 200 distinct, so no gap
  // Refused requests are answered at once on the same path, and change nothing.
  const std::string before = Snapshot();
  ExpectProblem(Post("/v1/certificates", IssueBody(), eu_ + "x"), 401, "", "");
  ExpectProblem(Post("/v1/certificates", IssueBody(), eu_), 400, "destination", "");
  EXPECT_EQ(Snapshot(), before);
}

// A client that lost the answer retries with the same Idempotency-Key and gets the same
// certificate, marked as replayed; the key reused for another request is a 409 problem.
TEST_P(ApiTest, IdempotencyKeyMakesARetrySafe) {
  const std::string body = json::serialize(IssueBody());
  auto call = [&](const std::string& b, const std::string& key) {
    return HttpCall(port_, "POST", "/v1/certificates", b, bw_, "application/json",
                    {{"Idempotency-Key", key}});
  };
  auto first = call(body, "shipment-2026-0042");
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.headers.count("idempotent-replayed"), 0u);
  const std::string before = Snapshot();
  auto retry = call(body, "shipment-2026-0042");
  ASSERT_EQ(retry.status, 201) << retry.body;
  EXPECT_EQ(retry.headers["idempotent-replayed"], "true");
  EXPECT_EQ(retry.headers["location"], first.headers["location"]);
  EXPECT_EQ(retry.body, first.body);
  EXPECT_EQ(Snapshot(), before);
  json::object changed = IssueBody();
  changed["parcels"] = 4;
  ExpectProblem(call(json::serialize(changed), "shipment-2026-0042"), 409, "Idempotency-Key",
                "same-request");
  ExpectProblem(call(body, ""), 400, "Idempotency-Key", "format");
  ExpectProblem(call(body, "two words"), 400, "Idempotency-Key", "format");
  EXPECT_EQ(Snapshot(), before);
  // Without the header every request is a new certificate, as before.
  ASSERT_EQ(Post("/v1/certificates", IssueBody(), bw_).status, 201);
  EXPECT_NE(Snapshot(), before);
}

// Without an asynchronous handler (the route table alone), issuing still works.
TEST_P(ApiTest, IssueRouteWorksWithoutTheAsynchronousPath) {
  http::Request req;
  req.method = "POST";
  req.path = req.target = "/v1/certificates";
  req.headers["authorization"] = "Bearer " + bw_;
  req.headers["content-type"] = "application/json";
  req.body = json::serialize(IssueBody());
  http::Response r = api_->Handle(req);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(json::parse(r.body).at("number"), "BW-2026-000001");
  req.headers["authorization"] = "Bearer okp_unknown_token";
  EXPECT_EQ(api_->Handle(req).status, 401);
}

// `data` inflated by zlib with `window_bits` (-15: a raw DEFLATE stream; 15 + 16: gzip), ""
// when it is not such a stream. zlib's own decoder: the server's compression is checked by
// another implementation's reading.
std::string Inflate(const std::string& data, int window_bits) {
  std::string out(8 << 20, '\0');
  z_stream z{};
  if (inflateInit2(&z, window_bits) != Z_OK) return "";
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const bool done = inflate(&z, Z_FINISH) == Z_STREAM_END;
  out.resize(z.total_out);
  inflateEnd(&z);
  return done ? out : "";
}

// The paper certificate: its QR code holds the signed certificate and its issued receipt
// (docs/CERTIFICATE_FORMAT.md "The QR code"), for the parties only; the page prints both.
TEST_P(ApiTest, PrintedCertificatesCarryTheirProofInOneQrCode) {
  ServeWithLog();
  ASSERT_EQ(Post("/v1/certificates", IssueBody(), bw_).status, 201);
  const std::string n = "BW-2026-000001";
  ASSERT_TRUE(log_->Integrate().ok());
  auto qr = HttpCall(port_, "GET", "/v1/certificates/" + n + "/qr", "", eu_);
  ASSERT_EQ(qr.status, 200) << qr.body;
  EXPECT_EQ(qr.content_type, "application/octet-stream");
  ASSERT_EQ(qr.body.substr(0, 4), "KPQ1");
  EXPECT_LT(qr.body.size(), 2331u);  // one QR code at level M
  // Raw DEFLATE (windowBits -15), as a browser's DecompressionStream("deflate-raw") reads it.
  const std::string text = Inflate(qr.body.substr(4), -15);
  ASSERT_FALSE(text.empty());
  json::object payload = json::parse(text).as_object();
  ASSERT_EQ(payload.size(), 2u);
  auto signed_cert = core::SignedFromJson(payload.at("signed"));
  ASSERT_TRUE(signed_cert.ok()) << signed_cert.status().message();
  EXPECT_EQ(signed_cert->body.number, n);
  const auto stored = testing::Peek(*store_).Certificate(n)->certificate;
  EXPECT_EQ(signed_cert->body, stored.body);
  EXPECT_EQ(signed_cert->signature, stored.signature);
  auto receipt = tlog::ParseReceipt(std::string(payload.at("receipt").as_string()));
  ASSERT_TRUE(receipt.ok()) << receipt.status().message();
  auto proven = transparency::VerifyCertificateReceipt(*signed_cert, *receipt, log_->verifier());
  ASSERT_TRUE(proven.ok()) << proven.status().message();
  EXPECT_EQ(proven->status, "issued");

  for (const char* lang : {"en", "fr"}) {
    auto page = HttpCall(port_, "GET", "/v1/certificates/" + n + "/print?lang=" + std::string(lang),
                         "", bw_);
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
    EXPECT_NE(page.body.find("<svg"), std::string::npos);
    EXPECT_NE(page.body.find(n), std::string::npos);
    EXPECT_NE(page.body.find(std::string(lang) == "fr" ? "Certificat du Processus de Kimberley"
                                                       : "Kimberley Process Certificate"),
              std::string::npos);
    // A document, not a page of this site: nothing in it runs.
    EXPECT_NE(page.headers["content-security-policy"].find("default-src 'none'"),
              std::string::npos);
  }
  // Outsiders, strangers and bad parameters get precise problems.
  for (const char* route : {"/qr", "/print"}) {
    ExpectProblem(HttpCall(port_, "GET", "/v1/certificates/" + n + route, "", za_), 403, "", "");
    ExpectProblem(HttpCall(port_, "GET", "/v1/certificates/" + n + route, "", ""), 401, "", "");
    ExpectProblem(
        HttpCall(port_, "GET", "/v1/certificates/BW-2026-999999" + std::string(route), "", bw_),
        404, "", "");
  }
  auto print = [&](const std::string& query) {
    return HttpCall(port_, "GET", "/v1/certificates/" + n + "/print" + query, "", bw_);
  };
  ExpectProblem(print("?format=docx"), 400, "format", "enum");
  ExpectProblem(print("?lang=de"), 400, "lang", "enum");
  ExpectProblem(print("?colour=red"), 400, "colour", "unknown-parameter");
}

TEST_P(ApiTest, ReceiptsProveEachLoggedEventOfACertificate) {
  ServeWithLog();
  auto& log = log_;
  ASSERT_EQ(Post("/v1/certificates", IssueBody(), bw_).status, 201);
  ASSERT_EQ(Post("/v1/certificates", IssueBody(), bw_).status, 201);
  const std::string n1 = "BW-2026-000001", n2 = "BW-2026-000002";
  json::object confirm{
      {"carats_hundredths", 130050}, {"value_usd_cents", 38100000}, {"parcels", 3}};
  ASSERT_EQ(Post("/v1/certificates/" + n1 + "/confirm", confirm, eu_).status, 200);
  ASSERT_EQ(Post("/v1/certificates/" + n2 + "/void", json::object{{"reason", "lost"}}, bw_).status,
            200);
  ASSERT_TRUE(log->Integrate().ok());

  auto receipt = [&](const std::string& n, const std::string& query, const std::string& token) {
    return HttpCall(port_, "GET", "/v1/certificates/" + n + "/receipt" + query, "", token);
  };
  auto proves = [&](const std::string& n, const HttpResult& r) -> std::string {
    EXPECT_EQ(r.status, 200) << r.body;
    auto parsed = tlog::ParseReceipt(r.body);
    if (!parsed.ok()) return "unparsable: " + parsed.status().message();
    auto rec = *testing::Peek(*store_).Certificate(n);
    auto proven = transparency::VerifyCertificateReceipt(rec.certificate, *parsed, log->verifier());
    return proven.ok() ? proven->status : proven.status().message();
  };
  EXPECT_EQ(proves(n1, receipt(n1, "", bw_)), "issued");
  EXPECT_EQ(proves(n1, receipt(n1, "?event=issued", eu_)), "issued");
  EXPECT_EQ(proves(n1, receipt(n1, "?event=confirmed", eu_)), "confirmed");
  EXPECT_EQ(proves(n2, receipt(n2, "?event=voided", admin_)), "voided");
  EXPECT_EQ(receipt(n1, "?event=confirmed", eu_).headers["cache-control"], "no-store");
  // Events that did not happen, unknown events, and outsiders get precise problems.
  ExpectProblem(receipt(n1, "?event=voided", bw_), 404, "", "");
  ExpectProblem(receipt(n1, "?event=shipped", bw_), 400, "event", "one-of");
  ExpectProblem(receipt(n1, "?event=confirmed", za_), 403, "", "");
  ExpectProblem(receipt(n1, "?event=confirmed", ""), 401, "", "");
  ExpectProblem(receipt("BW-2026-999999", "", bw_), 404, "", "");
  // Repeated requests are answered from memory (on the I/O thread), yet follow every change: a
  // newer checkpoint proves the receipt again, and a revoked token is refused.
  auto checkpoint_size = [&](const HttpResult& r) -> uint64_t {
    auto parsed = tlog::ParseReceipt(r.body);
    if (!parsed.ok()) return 0;
    auto rec = *testing::Peek(*store_).Certificate(n1);
    auto proven = transparency::VerifyCertificateReceipt(rec.certificate, *parsed, log->verifier());
    return proven.ok() ? proven->checkpoint.size : 0;
  };
  const uint64_t before = checkpoint_size(receipt(n1, "", bw_));
  ASSERT_GT(before, 0u);
  EXPECT_EQ(checkpoint_size(receipt(n1, "", bw_)), before);
  ASSERT_EQ(Post("/v1/certificates", IssueBody(), bw_).status, 201);
  ASSERT_TRUE(log->Integrate().ok());
  EXPECT_EQ(checkpoint_size(receipt(n1, "", bw_)), before + 1);
  auto bw_user = accounts_->Authenticate(bw_);
  ASSERT_TRUE(bw_user.ok());
  ASSERT_TRUE(accounts_->RevokeTokens(bw_user->user.id).ok());
  ExpectProblem(receipt(n1, "", bw_), 401, "", "");
  ExpectProblem(receipt(n1, "?event=confirmed", za_), 403, "", "");
}

// The guessing attack of issue 16 over HTTP: an outsider who knows a number posts copies that
// differ in one private field at a time (the true values among them). Every answer is the same
// bytes, so the attack learns nothing; the same guesses from the issuer's officer are told apart.
TEST_P(ApiTest, PresentedVerificationIsNoOracle) {
  auto issued = Post("/v1/certificates", IssueBody(), bw_);
  ASSERT_EQ(issued.status, 201) << issued.body;
  const std::string url = "/v1/certificates/BW-2026-000001/verify";
  json::object signed_doc = json::parse(issued.body).as_object()["signed"].as_object();
  signed_doc["signature"].as_object()["value"] =
      std::string(86, 'A') + "==";  // unknown to a forger
  std::vector<json::object> guesses;
  for (int parcels = 1; parcels <= 5; ++parcels) {
    guesses.push_back(signed_doc);
    guesses.back()["certificate"].as_object()["parcels"] = parcels;
  }
  for (const char* dest : {"EU", "ZA", "CN", "AE", "IN"}) {
    guesses.push_back(signed_doc);
    guesses.back()["certificate"].as_object()["destination"] = dest;
  }
  for (int64_t carats : {125049, 125050, 125051}) {
    guesses.push_back(signed_doc);
    guesses.back()["certificate"]
        .as_object()["lines"]
        .as_array()[0]
        .as_object()["carats_hundredths"] = carats;
  }
  for (const std::string& caller : {std::string(), za_, bw_}) {
    std::set<std::string> answers;
    for (const auto& g : guesses) {
      auto r = Post(url, g, caller);
      ASSERT_EQ(r.status, 200) << r.body;
      answers.insert(r.body);
    }
    if (caller == bw_) {
      EXPECT_GT(answers.size(), 1u);
    } else {
      EXPECT_EQ(answers.size(), 1u) << *answers.begin() << "\n" << *answers.rbegin();
    }
  }
}

// Each route's own body limit: JSON routes keep 1 MiB whatever --max-body says; an upload route
// takes --max-body.
TEST_P(ApiTest, JsonRoutesKeepTheirBodyLimit) {
  const size_t big = size_t{64} << 20;
  for (const char* target : {"/v1/certificates", "/v1/certificates/BW-2026-000001/confirm",
                             "/v1/users", "/v1/certificates/BW%2F1/verify"}) {
    EXPECT_EQ(api_->BodyLimitFor("POST", target, big), size_t{1} << 20) << target;
  }
  EXPECT_EQ(api_->BodyLimitFor("POST", "/v1/stats/sources?name=x.csv", big), big);
}

// Media types are compared case-insensitively, parameters aside (RFC 9110).
TEST_P(ApiTest, MediaTypesMatchExactlyButNotByCase) {
  auto r = HttpCall(port_, "POST", "/v1/certificates", json::serialize(IssueBody()), bw_,
                    "APPLICATION/JSON; charset=UTF-8");
  EXPECT_EQ(r.status, 201) << r.body;
}

// Certificate numbers may contain "/" (common on real KP certificates): every route works for
// them, sent percent-encoded (as the Location header gives them) or not.
TEST_P(ApiTest, EveryRouteWorksForNumbersWithSlashes) {
  ServeWithLog();
  auto& log = log_;
  // Every allowed character: A-Z, 0-9, "-" and "/".
  const std::string confirmed = "BW/ABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789";
  const std::string voided = "BW/2026/17";
  auto encode = [](std::string n) {
    for (size_t at; (at = n.find('/')) != std::string::npos;) n.replace(at, 1, "%2F");
    return n;
  };
  std::map<std::string, json::value> signed_docs;
  for (const auto& n : {confirmed, voided}) {
    json::object body = IssueBody();
    body["number"] = n;
    auto issued = Post("/v1/certificates", body, bw_);
    ASSERT_EQ(issued.status, 201) << issued.body;
    EXPECT_EQ(issued.headers["location"], "/v1/certificates/" + encode(n));
    signed_docs[n] = json::parse(issued.body).as_object()["signed"];
  }
  for (const auto& n : {confirmed, voided}) {
    for (const std::string& form : {encode(n), n}) {
      const std::string base = "/v1/certificates/" + form;
      auto got = HttpCall(port_, "GET", base, "", bw_);
      ASSERT_EQ(got.status, 200) << form << " " << got.body;
      EXPECT_EQ(json::parse(got.body).as_object()["number"].as_string(), n);
      for (int i = 0; i < 2; ++i) {  // the second answer comes from the I/O thread's cache
        auto v = HttpCall(port_, "GET", base + "/verify");
        ASSERT_EQ(v.status, 200) << form << " " << v.body;
        EXPECT_EQ(json::parse(v.body).as_object()["number"].as_string(), n);
        EXPECT_TRUE(json::parse(v.body).as_object()["valid"].as_bool()) << v.body;
      }
      auto presented = Post(base + "/verify", signed_docs[n], "");
      EXPECT_TRUE(json::parse(presented.body).as_object()["valid"].as_bool()) << presented.body;
      auto wrong_method = HttpCall(port_, "DELETE", base, "", bw_);
      EXPECT_EQ(wrong_method.status, 405) << wrong_method.body;
      EXPECT_EQ(wrong_method.headers["allow"], "GET");
    }
  }
  json::object confirm{
      {"carats_hundredths", 130050}, {"value_usd_cents", 38100000}, {"parcels", 3}};
  auto c = Post("/v1/certificates/" + encode(confirmed) + "/confirm", confirm, eu_);
  ASSERT_EQ(c.status, 200) << c.body;
  auto v = Post("/v1/certificates/" + voided + "/void", json::object{{"reason", "lost"}}, bw_);
  ASSERT_EQ(v.status, 200) << v.body;
  auto status = [&](const std::string& path) {
    return json::value_to<std::string>(
        json::parse(HttpCall(port_, "GET", path).body).as_object()["status"]);
  };
  EXPECT_EQ(status("/v1/certificates/" + confirmed + "/verify"), "confirmed");
  EXPECT_EQ(status("/v1/certificates/" + encode(voided) + "/verify"), "voided");

  ASSERT_TRUE(log->Integrate().ok());
  for (const auto& [n, event] : {std::pair{confirmed, "issued"}, std::pair{confirmed, "confirmed"},
                                 std::pair{voided, "voided"}}) {
    for (const std::string& form : {encode(n), n}) {
      auto r =
          HttpCall(port_, "GET",
                   "/v1/certificates/" + form + "/receipt?event=" + std::string(event), "", admin_);
      ASSERT_EQ(r.status, 200) << form << " " << r.body;
      auto parsed = tlog::ParseReceipt(r.body);
      ASSERT_TRUE(parsed.ok()) << parsed.status().message();
      auto proven = transparency::VerifyCertificateReceipt(
          testing::Peek(*store_).Certificate(n)->certificate, *parsed, log->verifier());
      ASSERT_TRUE(proven.ok()) << proven.status().message();
      EXPECT_EQ(proven->status, event);
    }
  }
  // The paper certificate too (file names without the slashes).
  for (const std::string& form : {encode(confirmed), confirmed}) {
    auto qr = HttpCall(port_, "GET", "/v1/certificates/" + form + "/qr", "", bw_);
    ASSERT_EQ(qr.status, 200) << form << " " << qr.body;
    EXPECT_EQ(qr.body.substr(0, 4), "KPQ1");
    auto page = HttpCall(port_, "GET", "/v1/certificates/" + form + "/print", "", bw_);
    ASSERT_EQ(page.status, 200) << form << " " << page.body;
    EXPECT_NE(page.body.find(confirmed), std::string::npos);
  }
  // Empty segments never name a certificate.
  EXPECT_EQ(HttpCall(port_, "GET", "/v1/certificates/BW//17/verify").status, 404);
}

TEST_P(ApiTest, VoidAndExpiryShowInVerification) {
  ASSERT_EQ(Post("/v1/certificates", IssueBody(), bw_).status, 201);
  ASSERT_EQ(Post("/v1/certificates", IssueBody(), bw_).status, 201);
  ExpectProblem(Post("/v1/certificates/BW-2026-000001/void", json::object{{"reason", "lost"}}, eu_),
                403, "", "");
  auto voided = Post("/v1/certificates/BW-2026-000001/void",
                     json::object{{"reason", "stolen"}, {"note", "vault break-in"}}, bw_);
  ASSERT_EQ(voided.status, 200) << voided.body;
  auto v = json::parse(HttpCall(port_, "GET", "/v1/certificates/BW-2026-000001/verify").body);
  EXPECT_EQ(v.as_object()["failure"], "voided");
  today_ = today_.AddDays(61);
  auto e = json::parse(HttpCall(port_, "GET", "/v1/certificates/BW-2026-000002/verify").body);
  EXPECT_EQ(e.as_object()["failure"], "expired");
  EXPECT_EQ(e.as_object()["status"], "expired");
  auto late = Post(
      "/v1/certificates/BW-2026-000002/confirm",
      json::object{{"carats_hundredths", 130050}, {"value_usd_cents", 38100000}, {"parcels", 3}},
      eu_);
  ExpectProblem(late, 409, "received_on", "within-validity");
}

TEST_P(ApiTest, BadInputGetsAPreciseProblemAndChangesNothing) {
  ASSERT_EQ(Post("/v1/certificates", IssueBody(), bw_).status, 201);  // BW-2026-000001
  const std::string before = Snapshot();
  struct Case {
    const char* name;
    int status;
    const char* field;
    const char* rule;
    std::function<HttpResult()> call;
  };
  auto with = [this](const std::function<void(json::object&)>& mutate) {
    return [this, mutate] {
      json::object b = IssueBody();
      mutate(b);
      return Post("/v1/certificates", b, bw_);
    };
  };
  auto raw = [this](const std::string& body, const std::string& ct = "application/json") {
    return [this, body, ct] { return HttpCall(port_, "POST", "/v1/certificates", body, bw_, ct); };
  };
  const Case cases[] = {
      {"malformed JSON", 400, "", "json", raw("{\"destination\": ")},
      {"not an object", 400, "", "type", raw("[1,2]")},
      {"duplicate member", 400, "", "json-duplicate-member",
       raw(R"({"destination": "EU", "destination": "ZA"})")},
      {"wrong media type", 400, "Content-Type", "media-type", raw("{}", "text/plain")},
      {"a media type that only begins like JSON", 400, "Content-Type", "media-type",
       raw("{}", "application/jsonx")},
      {"confirming with a look-alike media type", 400, "Content-Type", "media-type",
       [this] {
         return HttpCall(port_, "POST", "/v1/certificates/BW-2026-000001/confirm", "{}", eu_,
                         "application/json-patch+json");
       }},
      {"unknown field", 400, "colour", "unknown-field",
       with([](json::object& b) { b["colour"] = "D"; })},
      {"missing field", 400, "parcels", "required",
       with([](json::object& b) { b.erase("parcels"); })},
      {"wrong type", 400, "parcels", "type", with([](json::object& b) { b["parcels"] = "3"; })},
      {"fractional carats", 400, "lines[0].carats_hundredths", "type", with([](json::object& b) {
         b["lines"].as_array()[0].as_object()["carats_hundredths"] = 1250.5;
       })},
      {"invalid ISO origin", 400, "origin.countries[0]", "iso3166",
       with([](json::object& b) { b["origin"].as_object()["countries"] = json::array{"XX"}; })},
      {"non-participant destination", 400, "destination", "kp-participant",
       with([](json::object& b) { b["destination"] = "KE"; })},
      {"invalid destination code", 400, "destination", "kp-participant",
       with([](json::object& b) { b["destination"] = "Belgium"; })},
      {"invalid HS code", 400, "lines[0].hs_code", "hs-code",
       with([](json::object& b) { b["lines"].as_array()[0].as_object()["hs_code"] = "7102.39"; })},
      {"zero carats", 400, "lines[0].carats_hundredths", "positive", with([](json::object& b) {
         b["lines"].as_array()[0].as_object()["carats_hundredths"] = 0;
       })},
      {"negative value", 400, "lines[1].value_usd_cents", "positive",
       with([](json::object& b) { b["lines"].as_array()[1].as_object()["value_usd_cents"] = -1; })},
      {"overflowing carats", 400, "lines[0].carats_hundredths", "range", with([](json::object& b) {
         b["lines"].as_array()[0].as_object()["carats_hundredths"] = UINT64_MAX;
       })},
      {"huge value", 400, "lines[0].value_usd_cents", "max", with([](json::object& b) {
         b["lines"].as_array()[0].as_object()["value_usd_cents"] = INT64_MAX;
       })},
      {"expiry before issue", 400, "expires_on", "after-issue",
       with([](json::object& b) { b["expires_on"] = "2026-06-01"; })},
      {"impossible date", 400, "expires_on", "date",
       with([](json::object& b) { b["expires_on"] = "2026-02-30"; })},
      {"duplicate number", 409, "number", "unique",
       with([](json::object& b) { b["number"] = "BW-2026-000001"; })},
      {"number without issuer code", 400, "number", "contains-issuer-code",
       with([](json::object& b) { b["number"] = "ZA-2026-1"; })},
      {"number beginning with another participant's code", 400, "number", "starts-with-issuer-code",
       with([](json::object& b) { b["number"] = "ZA-BW-2026-1"; })},
      {"right-to-left override in a party's name", 400, "importer.name", "plain-text",
       with([](json::object& b) { b["importer"].as_object()["name"] = "Antwerp \u202EVN"; })},
      {"wrong role (admin issues)", 403, "", "",
       [this] { return Post("/v1/certificates", IssueBody(), admin_); }},
      {"other participant's issuer", 403, "", "",
       [this] {
         json::object b = IssueBody();
         b["issuer"] = "ZA";
         return Post("/v1/certificates", b, bw_);
       }},
      {"no token", 401, "", "", [this] { return Post("/v1/certificates", IssueBody(), ""); }},
      {"unknown token", 401, "", "",
       [this] { return Post("/v1/certificates", IssueBody(), "okp_not-a-real-token"); }},
      {"oversized body", 413, "", "",
       [this] {
         json::object b = IssueBody();
         b["exporter"].as_object()["address"] = std::string(size_t{300} * 1024, 'a');
         return Post("/v1/certificates", b, bw_);
       }},
      {"bad confirmation", 400, "carats_hundredths", "type",
       [this] {
         return Post(
             "/v1/certificates/BW-2026-000001/confirm",
             json::object{{"carats_hundredths", "lots"}, {"value_usd_cents", 1}, {"parcels", 1}},
             eu_);
       }},
      {"bad void reason", 400, "reason", "void-reason",
       [this] {
         return Post("/v1/certificates/BW-2026-000001/void", json::object{{"reason", "bored"}},
                     bw_);
       }},
      {"confirm unknown certificate", 404, "", "",
       [this] {
         return Post("/v1/certificates/BW-1999-1/confirm",
                     json::object{{"carats_hundredths", 1}, {"value_usd_cents", 1}, {"parcels", 1}},
                     eu_);
       }},
      {"bad list filter", 400, "status", "enum",
       [this] { return HttpCall(port_, "GET", "/v1/certificates?status=lost", "", bw_); }},
      {"bad list date", 400, "issued_from", "date",
       [this] {
         return HttpCall(port_, "GET", "/v1/certificates?issued_from=yesterday", "", bw_);
       }},
      {"unknown list parameter", 400, "colour", "unknown-parameter",
       [this] { return HttpCall(port_, "GET", "/v1/certificates?colour=D", "", bw_); }},
      {"bad limit", 400, "limit", "range",
       [this] { return HttpCall(port_, "GET", "/v1/certificates?limit=0", "", bw_); }},
      {"unknown route", 404, "", "", [this] { return HttpCall(port_, "GET", "/v1/nothing"); }},
      {"wrong method", 405, "", "",
       [this] { return HttpCall(port_, "DELETE", "/v1/certificates/BW-2026-000001"); }},
      {"bad percent-encoding", 400, "", "",
       [this] { return HttpCall(port_, "GET", "/v1/certificates/%ZZ/verify"); }},
      {"malformed presented certificate", 400, "certificate", "type",
       [this] {
         return Post("/v1/certificates/BW-2026-000001/verify",
                     json::object{{"certificate", 1},
                                  {"signature", json::object{{"alg", "Ed25519"}, {"value", ""}}}},
                     "");
       }},
      {"officer creates users", 403, "", "",
       [this] {
         return Post("/v1/users", json::object{{"name", "x"}, {"role", "admin"}}, bw_);
       }},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    ExpectProblem(c.call(), c.status, c.field, c.rule);
    EXPECT_EQ(Snapshot(), before);
  }
}

TEST_P(ApiTest, ListFiltersPaginatesAndExportsCsv) {
  for (int i = 0; i < 5; ++i) ASSERT_EQ(Post("/v1/certificates", IssueBody(), bw_).status, 201);
  ASSERT_EQ(Post("/v1/certificates/BW-2026-000002/void", json::object{{"reason", "cancelled"}}, bw_)
                .status,
            200);
  auto page = json::parse(
      HttpCall(port_, "GET", "/v1/certificates?issuer=BW&limit=2&offset=0", "", eu_).body);
  EXPECT_EQ(page.as_object()["total"].as_int64(), 5);
  EXPECT_EQ(page.as_object()["items"].as_array().size(), 2u);
  EXPECT_EQ(page.as_object()["next_offset"].as_int64(), 2);
  auto voided = json::parse(HttpCall(port_, "GET", "/v1/certificates?status=voided", "", bw_).body);
  EXPECT_EQ(voided.as_object()["total"].as_int64(), 1);
  auto none = json::parse(HttpCall(port_, "GET", "/v1/certificates", "", za_).body);
  EXPECT_EQ(none.as_object()["total"].as_int64(), 0);
  auto dated =
      json::parse(HttpCall(port_, "GET", "/v1/certificates?issued_from=2026-06-16", "", bw_).body);
  EXPECT_EQ(dated.as_object()["total"].as_int64(), 0);
  auto csv = HttpCall(port_, "GET", "/v1/certificates?format=csv&status=issued", "", bw_);
  EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(csv.body.rfind("number,issuer,destination,status,", 0), 0u);
  EXPECT_EQ(std::count(csv.body.begin(), csv.body.end(), '\n'), 5);  // header + 4
  EXPECT_NE(csv.body.find(",1300.50,381000.00,3,7102.31;7102.21,no\r\n"), std::string::npos)
      << csv.body;
}

TEST_P(ApiTest, KeysArePublicButPrivateKeysNeverLeave) {
  auto keys = HttpCall(port_, "GET", "/v1/keys?participant=BW");
  ASSERT_EQ(keys.status, 200);
  auto arr = json::parse(keys.body).as_object()["keys"].as_array();
  ASSERT_EQ(arr.size(), 1u);
  const std::string key_id = json::value_to<std::string>(arr[0].as_object()["key_id"]);
  auto seed = vault_->Load(key_id)->seed();
  for (const char* path : {"/v1/keys", "/v1/participants", "/v1/openapi.json", "/"}) {
    auto r = HttpCall(port_, "GET", path);
    EXPECT_EQ(r.body.find(crypto::Base64Encode(seed)), std::string::npos) << path;
  }
  ExpectProblem(Post("/v1/keys/" + key_id + "/revoke", json::object{{"reason", "leak"}}, bw_), 403,
                "", "");
  auto revoked = Post("/v1/keys/" + key_id + "/revoke", json::object{{"reason", "leak"}}, admin_);
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_EQ(json::parse(revoked.body).as_object()["revoked_on"], "2026-06-15");
}

TEST_P(ApiTest, AdminManagesUsersAndParticipants) {
  auto u = Post("/v1/users",
                json::object{{"name", "Officer ZA 2"}, {"role", "officer"}, {"participant", "ZA"}},
                admin_);
  ASSERT_EQ(u.status, 201) << u.body;
  std::string token = json::value_to<std::string>(json::parse(u.body).as_object()["token"]);
  auto me = json::parse(HttpCall(port_, "GET", "/v1/me", "", token).body).as_object();
  EXPECT_EQ(me["participant"], "ZA");
  EXPECT_TRUE(me["organisation"].is_null());
  // A monitor's identity names its organisation; a verifier's none.
  auto monitor = json::parse(HttpCall(port_, "GET", "/v1/me", "", monitor_token_).body).as_object();
  EXPECT_EQ(monitor["role"], "monitor");
  EXPECT_EQ(monitor["organisation"], "ORG-A");
  auto verifier = json::parse(HttpCall(port_, "GET", "/v1/me", "", verifier_).body).as_object();
  EXPECT_TRUE(verifier["organisation"].is_null());
  auto p = HttpCall(port_, "PUT", "/v1/participants/KE",
                    R"({"name":"Kenya","authority":"Ministry of Mining"})", admin_);
  EXPECT_EQ(p.status, 200) << p.body;
  EXPECT_NE(HttpCall(port_, "GET", "/v1/participants").body.find("Kenya"), std::string::npos);
  ExpectProblem(
      HttpCall(port_, "PUT", "/v1/participants/K1", R"({"name":"x","authority":"y"})", admin_), 400,
      "code", "participant-code");
}

TEST_P(ApiTest, AdminDisablesUsersAndRevokesTokens) {
  auto users = HttpCall(port_, "GET", "/v1/users", "", admin_);
  ASSERT_EQ(users.status, 200) << users.body;
  EXPECT_EQ(users.body.find("okp_"), std::string::npos);  // never tokens
  auto za = accounts_->Authenticate(za_)->user;
  const std::string base = "/v1/users/" + std::to_string(za.id);
  auto call = [&](const std::string& path, const std::string& token) {
    return HttpCall(port_, "POST", path, "", token);
  };
  auto d = call(base + "/disable", admin_);
  ASSERT_EQ(d.status, 200) << d.body;
  EXPECT_FALSE(json::parse(d.body).as_object()["disabled_on"].is_null());
  auto refused = HttpCall(port_, "GET", "/v1/me", "", za_);
  ExpectProblem(refused, 401, "", "");
  EXPECT_NE(refused.body.find("disabled"), std::string::npos) << refused.body;
  ASSERT_EQ(call(base + "/enable", admin_).status, 200);
  EXPECT_EQ(HttpCall(port_, "GET", "/v1/me", "", za_).status, 200);
  // A leaked token: revoke all, make a new one.
  auto r = call(base + "/tokens/revoke", admin_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body).as_object()["revoked"].as_int64(), 1);
  ExpectProblem(HttpCall(port_, "GET", "/v1/me", "", za_), 401, "", "");
  auto t = call(base + "/tokens", admin_);
  ASSERT_EQ(t.status, 201) << t.body;
  const std::string fresh = json::value_to<std::string>(json::parse(t.body).as_object()["token"]);
  EXPECT_EQ(HttpCall(port_, "GET", "/v1/me", "", fresh).status, 200);
  // Only admins; not on themselves; ids must name a user; nothing changes on refusal.
  const std::string before = HttpCall(port_, "GET", "/v1/users", "", admin_).body;
  ExpectProblem(call(base + "/disable", bw_), 403, "", "");
  ExpectProblem(call(base + "/tokens", fresh), 403, "", "");
  const auto self = accounts_->Authenticate(admin_)->user.id;
  ExpectProblem(call("/v1/users/" + std::to_string(self) + "/disable", admin_), 409, "", "");
  ExpectProblem(call("/v1/users/" + std::to_string(self) + "/tokens/revoke", admin_), 409, "", "");
  ExpectProblem(call("/v1/users/abc/disable", admin_), 400, "id", "integer");
  ExpectProblem(call("/v1/users/0/disable", admin_), 400, "id", "integer");
  ExpectProblem(call("/v1/users/99999999999999999999/disable", admin_), 400, "id", "integer");
  ExpectProblem(call("/v1/users/9999/enable", admin_), 404, "", "");
  ExpectProblem(HttpCall(port_, "GET", "/v1/users", "", bw_), 403, "", "");
  EXPECT_EQ(HttpCall(port_, "GET", "/v1/users", "", admin_).body, before);
}

// Every route of the OpenAPI document, for every kind of caller (none, a bad token, another
// participant's officer, the right officer, an admin): no 500, a problem document for every
// error, 401 without a valid token wherever the document requires one, and never 401 for a
// public route called without one. Driven by the document, so a new route is covered the day
// it is documented (and OpenApiDocumentsEveryRoute makes documenting it compulsory).
TEST_P(ApiTest, EveryRouteForEveryRole) {
  ASSERT_EQ(Post("/v1/certificates", IssueBody(), bw_).status, 201);
  const auto victim = accounts_->AddUser("Victim", store::Role::kOfficer, "ZA");
  ASSERT_TRUE(victim.ok());
  const auto keys = reg_->ListKeys(std::string("BW"));
  ASSERT_TRUE(keys.ok() && !keys->empty());
  const std::map<std::string, std::string> values = {{"{number}", "BW-2026-000001"},
                                                     {"{id}", std::to_string(victim->user.id)},
                                                     {"{code}", "BW"},
                                                     {"{key_id}", (*keys)[0].key_id},
                                                     {"{path}", "checkpoint"},
                                                     {"{name}", "p.jpg"},
                                                     {"{doc}", "1"},
                                                     {"{participant}", "BW"},
                                                     {"{year}", "2019"},
                                                     {"{ref}", "ZELA-2019-01"}};
  auto doc = json::parse(http::OpenApiDocument()).as_object();
  const std::vector<std::pair<std::string, std::string>> callers = {
      {"none", ""},
      {"bad token", "okp_not-a-real-token-at-all"},
      {"other officer", za_},
      {"right officer", bw_},
      {"monitor", monitor_token_},
      {"verifier", verifier_},
      {"analyst", analyst_},
      {"coalition coordinator", coordinator_},
      {"coalition editor", editor_},
      {"coalition viewer", viewer_},
      {"admin", admin_}};
  int calls = 0;
  for (const auto& [path, ops] : doc["paths"].as_object()) {
    std::string target(path);
    for (const auto& [name, value] : values) {
      for (size_t at; (at = target.find(name)) != std::string::npos;)
        target.replace(at, name.size(), value);
    }
    ASSERT_EQ(target.find('{'), std::string::npos) << "no test value for a parameter of " << path;
    for (const auto& [method_key, op_value] : ops.as_object()) {
      std::string method(method_key);
      for (auto& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      const auto& op = op_value.as_object();
      // required: only bearer; optional: {} or bearer (a token sent must be valid); public:
      // none declared (the document has no top-level security).
      // session: the web app's cookie (tests/session_api_test.cpp); no cookie is sent here, so
      // an operation that takes a session only answers 401 to every caller.
      bool takes_token = false, anonymous_ok = true, session_only = false;
      if (const auto* sec = op.if_contains("security")) {
        anonymous_ok = sec->as_array().empty();
        session_only = !sec->as_array().empty();
        for (const auto& alt : sec->as_array()) {
          if (alt.as_object().empty()) {
            anonymous_ok = true;
            session_only = false;
          } else if (alt.as_object().contains("session")) {
            continue;
          } else {
            takes_token = true;
            session_only = false;
          }
        }
      }
      if (session_only) {
        for (const auto& [who, token] : callers) {
          auto r = HttpCall(port_, method, target, "", token);
          ++calls;
          SCOPED_TRACE(method + " " + target + " as " + who);
          EXPECT_EQ(r.status, 401) << r.body;
          EXPECT_EQ(r.content_type, "application/problem+json");
        }
        continue;
      }
      const bool needs_token = takes_token && !anonymous_ok;
      // OpenRosa (Digest with a device credential): API tokens open nothing there; every
      // caller gets the challenge in the protocol's own envelope.
      const bool digest = op.contains("security") && !op.at("security").as_array().empty() &&
                          op.at("security").as_array()[0].as_object().contains("digest");
      if (digest) {
        for (const auto& [who, token] : callers) {
          auto r = HttpCall(port_, method, target, method == "POST" ? "x" : "", token);
          ++calls;
          SCOPED_TRACE(method + " " + target + " as " + who);
          EXPECT_EQ(r.status, 401);
          EXPECT_EQ(r.content_type, "text/xml; charset=utf-8");
          EXPECT_EQ(r.headers["x-openrosa-version"], "1.0");
          EXPECT_EQ(r.headers["www-authenticate"].rfind("Digest ", 0), 0u);
        }
        continue;
      }
      for (const auto& [who, token] : callers) {
        const std::string body = method == "GET" ? "" : "{}";
        auto r = HttpCall(port_, method, target, body, token);
        ++calls;
        SCOPED_TRACE(method + " " + target + " as " + who + ": " + std::to_string(r.status) + " " +
                     r.body.substr(0, 200));
        EXPECT_NE(r.status, 0);
        EXPECT_LT(r.status, 500);
        if (r.status >= 400) {
          EXPECT_EQ(r.content_type, "application/problem+json");
        }
        if (who == "bad token") {
          if (takes_token) {
            EXPECT_EQ(r.status, 401);  // a token sent must be valid
          }
        } else if (who == "none") {
          if (needs_token) {
            EXPECT_EQ(r.status, 401);
          } else {
            EXPECT_NE(r.status, 401);
          }
        } else {
          EXPECT_NE(r.status, 401);  // every real user is authenticated
        }
      }
    }
  }
  EXPECT_GE(calls, 50 * 7);
}

// The access log (serve's JSON lines): one line per answer with the route pattern, status,
// size, latency and the user's id; never a token, a path or a query (they may hold a
// certificate number or a secret).
TEST_P(ApiTest, AccessLogNamesRoutesAndUsersNeverTokensPathsOrQueries) {
  ASSERT_EQ(Post("/v1/certificates", IssueBody(), bw_).status, 201);
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  std::string lines;
  {
    http::JsonLog log(fds[1], http::LogLevel::kInfo);
    http::ServerOptions opt;
    opt.port = 0;
    opt.on_response = [&log](const http::AccessRecord& r) { log.Access(r); };
    http::Server server(
        opt, [this](const http::Request& r) { return api_->Handle(r); },
        [this](const http::Request& r) { return api_->HandleFast(r); },
        [this](const http::Request& r, const http::Reply& reply) {
          return api_->HandleAsync(r, reply);
        });
    ASSERT_TRUE(server.Start().ok());
    std::thread serving([&] { server.Run(); });
    EXPECT_EQ(
        HttpCall(server.port(), "GET", "/v1/certificates?issuer=BW&secret=s3cr3t", "", bw_).status,
        400);  // an unknown parameter, still logged
    EXPECT_EQ(HttpCall(server.port(), "GET", "/v1/certificates/BW-2026-000001", "", bw_).status,
              200);
    EXPECT_EQ(
        HttpCall(server.port(), "GET", "/v1/certificates/BW-2026-000001", "", "okp_guess").status,
        401);
    EXPECT_EQ(HttpCall(server.port(), "POST", "/v1/certificates", json::serialize(IssueBody()), bw_)
                  .status,
              201);
    EXPECT_EQ(HttpCall(server.port(), "GET", "/no/such/thing").status, 404);
    server.Stop();
    serving.join();
  }  // the log flushes
  ::close(fds[1]);
  char buf[4096];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) lines.append(buf, n);
  ::close(fds[0]);
  const int64_t bw_id = accounts_->Authenticate(bw_)->user.id;
  std::vector<json::object> records;
  std::istringstream in(lines);
  for (std::string line; std::getline(in, line);) records.push_back(json::parse(line).as_object());
  ASSERT_EQ(records.size(), 5u) << lines;
  const std::vector<std::pair<std::string, int>> expected = {{"/v1/certificates", 400},
                                                             {"/v1/certificates/{number}", 200},
                                                             {"/v1/certificates/{number}", 401},
                                                             {"/v1/certificates", 201},
                                                             {"-", 404}};
  for (size_t i = 0; i < records.size(); ++i) {
    auto& r = records[i];
    EXPECT_EQ(r["kind"].as_string(), "access");
    EXPECT_EQ(r["route"].as_string(), expected[i].first) << lines;
    EXPECT_EQ(r["status"].as_int64(), expected[i].second) << lines;
    EXPECT_GE(r["latency_us"].as_int64(), 0);
    EXPECT_TRUE(r.contains("time") && r.contains("request") && r.contains("bytes"));
  }
  EXPECT_EQ(records[1]["principal"].as_int64(), bw_id);
  EXPECT_EQ(records[3]["principal"].as_int64(), bw_id);  // the asynchronous issue path too
  EXPECT_TRUE(records[2]["principal"].is_null());
  for (const char* secret : {"okp_", "s3cr3t", "BW-2026-000001", "issuer=", "/no/such"}) {
    EXPECT_EQ(lines.find(secret), std::string::npos) << secret;
  }
}

// Every route the server answers is documented in the OpenAPI document, and vice versa.
TEST_P(ApiTest, OpenApiDocumentsEveryRoute) {
  auto r = HttpCall(port_, "GET", "/v1/openapi.json");
  ASSERT_EQ(r.status, 200);
  auto doc = json::parse(r.body).as_object();
  EXPECT_EQ(doc["openapi"], "3.1.0");
  auto& paths = doc["paths"].as_object();
  std::set<std::string> served, documented;
  for (const auto& route : api_->routes()) {
    std::string m = route.method;
    for (auto& ch : m) ch = static_cast<char>(std::tolower(ch));
    served.insert(m + " " + route.pattern);
  }
  for (const auto& [path, ops] : paths) {
    for (const auto& [method, op] : ops.as_object()) {
      documented.insert(std::string(method) + " " + std::string(path));
    }
  }
  EXPECT_EQ(served, documented);
}

// The page loads its script and styles from /assets/ (no inline script: the CSP allows 'self'
// only), compressed for clients that take gzip, the assets cached for a year by hashed name.
TEST_P(ApiTest, ServesTheWebPage) {
  auto r = HttpCall(port_, "GET", "/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("verify"), std::string::npos);
  EXPECT_EQ(r.headers["cache-control"], "no-cache");
  EXPECT_EQ(r.headers.count("content-encoding"), 0u);
  const std::string csp = r.headers["content-security-policy"];
  EXPECT_NE(csp.find("script-src 'self';"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("script-src 'unsafe-inline'"), std::string::npos) << csp;
  auto gz = HttpCall(port_, "GET", "/", "", "", "application/json",
                     {{"Accept-Encoding", "br;q=1, gzip;q=0.8"}});
  EXPECT_EQ(gz.headers["content-encoding"], "gzip");
  EXPECT_EQ(gz.headers["vary"], "Accept-Encoding");
  EXPECT_EQ(Inflate(gz.body, 15 + 16), r.body);
  auto refused =
      HttpCall(port_, "GET", "/", "", "", "application/json", {{"Accept-Encoding", "gzip;q=0"}});
  EXPECT_EQ(refused.headers.count("content-encoding"), 0u);
  int scripts = 0;
  for (size_t at = 0; (at = r.body.find("=\"/assets/", at)) != std::string::npos; ++at) {
    const size_t start = at + 2, end = r.body.find('"', start);
    const std::string path = r.body.substr(start, end - start);
    auto asset =
        HttpCall(port_, "GET", path, "", "", "application/json", {{"Accept-Encoding", "gzip"}});
    ASSERT_EQ(asset.status, 200) << path;
    EXPECT_EQ(asset.headers["cache-control"], "public, max-age=31536000, immutable");
    EXPECT_FALSE(Inflate(asset.body, 15 + 16).empty()) << path;
    if (path.size() > 3 && path.substr(path.size() - 3) == ".js") {
      ++scripts;
      EXPECT_EQ(asset.content_type, "text/javascript; charset=utf-8");
    }
  }
  EXPECT_EQ(scripts, 1);
  ExpectProblem(HttpCall(port_, "GET", "/assets/index-nothing.js"), 404, "", "");
  auto sw = HttpCall(port_, "GET", "/sw.js");
  EXPECT_EQ(sw.status, 200);
  EXPECT_EQ(sw.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(sw.headers["cache-control"], "no-cache");
}

// The statistics working group's workflow over HTTP on the real KP production figures: ranked
// findings per role, triage, a questionnaire answered with a document and accepted.
// Unconfirmed certificates roll up into one finding for the destination, which must confirm
// them; the roll-up lists its certificates to whoever may read it.
TEST_P(ApiTest, RollUpsListTheirCertificates) {
  for (int i = 0; i < 3; ++i) ASSERT_EQ(Post("/v1/certificates", IssueBody(), bw_).status, 201);
  today_ = today_.AddDays(61);  // 45 days to confirm
  auto listed = HttpCall(port_, "GET", "/v1/findings?rule=confirmation-overdue", "", analyst_);
  ASSERT_EQ(listed.status, 200) << listed.body;
  const json::value listed_json = json::parse(listed.body);
  const auto& groups = listed_json.at("groups").as_array();
  ASSERT_EQ(groups.size(), 1u) << listed.body;
  EXPECT_EQ(groups[0].at("participants").as_array(), json::array{"EU"});
  const std::string group = std::string(groups[0].at("id").as_string());
  auto in_group =
      HttpCall(port_, "GET", "/v1/findings?rule=confirmation-overdue&group=" + group, "", analyst_);
  ASSERT_EQ(in_group.status, 200) << in_group.body;
  const json::value in_group_json = json::parse(in_group.body);
  const auto& rollup = in_group_json.at("groups").as_array()[0].at("findings").as_array()[0];
  EXPECT_EQ(rollup.at("certificates"), 3);
  const std::string id = std::string(rollup.at("id").as_string());
  auto page = HttpCall(port_, "GET", "/v1/findings/" + id + "/certificates?limit=2", "", eu_);
  ASSERT_EQ(page.status, 200) << page.body;
  auto body = json::parse(page.body).as_object();
  EXPECT_EQ(body["total"], 3);
  ASSERT_EQ(body["certificates"].as_array().size(), 2u);
  for (const auto& c : body["certificates"].as_array()) {
    EXPECT_EQ(c.at("rule"), "confirmation-overdue");
    EXPECT_EQ(c.at("participants").as_array(), (json::array{"EU", "BW"}));
    EXPECT_NE(std::string(c.at("message").as_string()).find("certificate BW-2026-00000"),
              std::string::npos);
  }
  auto rest = HttpCall(port_, "GET", "/v1/findings/" + id + "/certificates?offset=2", "", analyst_);
  ASSERT_EQ(rest.status, 200) << rest.body;
  EXPECT_EQ(json::parse(rest.body).at("certificates").as_array().size(), 1u);
  // The issuer is not the participant that answers: the roll-up is not its to read.
  ExpectProblem(HttpCall(port_, "GET", "/v1/findings/" + id + "/certificates", "", bw_), 404, "",
                "");
  ExpectProblem(HttpCall(port_, "GET", "/v1/findings/" + id + "/certificates"), 401, "", "");
  ExpectProblem(
      HttpCall(port_, "GET", "/v1/findings/" + id + "/certificates?limit=0", "", analyst_), 400,
      "limit", "range");
  ExpectProblem(HttpCall(port_, "GET", "/v1/findings/nosuch/certificates", "", analyst_), 404, "",
                "");
}

TEST_P(ApiTest, ReviewWorkflowOverHttp) {
  const std::string csv = ReadKpProductionFile("kp_production_halfyear_2003_2024.csv");
  ASSERT_EQ(HttpCall(port_, "POST", "/v1/stats/sources", csv, admin_, "text/csv").status, 201);
  ExpectProblem(HttpCall(port_, "GET", "/v1/findings"), 401, "", "");
  ExpectProblem(HttpCall(port_, "GET", "/v1/findings", "", monitor_token_), 403, "", "");
  ExpectProblem(HttpCall(port_, "GET", "/v1/findings?limit=0", "", analyst_), 400, "limit",
                "range");
  ExpectProblem(HttpCall(port_, "GET", "/v1/findings?colour=red", "", analyst_), 400, "colour",
                "unknown-parameter");
  ExpectProblem(HttpCall(port_, "GET", "/v1/findings?rule=nope", "", analyst_), 400, "rule",
                "enum");
  auto all = HttpCall(port_, "GET", "/v1/findings?limit=1000", "", analyst_);
  ASSERT_EQ(all.status, 200) << all.body;
  auto page = json::parse(all.body).as_object();
  EXPECT_GT(page["total_findings"].as_int64(), 300);
  const auto& groups = page["groups"].as_array();
  ASSERT_FALSE(groups.empty());
  // Ranked: severities never rise down the list.
  for (size_t i = 1; i < groups.size(); ++i) {
    EXPECT_LE(groups[i].at("severity").as_int64(), groups[i - 1].at("severity").as_int64());
  }
  // An officer sees its own participant's only, and is refused another's.
  auto own = HttpCall(port_, "GET", "/v1/findings?limit=1000", "", bw_);
  ASSERT_EQ(own.status, 200);
  auto own_groups = json::parse(own.body).at("groups").as_array();
  ASSERT_GE(own_groups.size(), 2u);
  for (const auto& g : own_groups) {
    const auto& who = g.at("participants").as_array();
    EXPECT_NE(std::find(who.begin(), who.end(), json::value("BW")), who.end());
  }
  ExpectProblem(HttpCall(port_, "GET", "/v1/findings?participant=ZA", "", bw_), 403, "", "");
  const std::string first = std::string(own_groups[0].at("id").as_string());
  const std::string second = std::string(own_groups[1].at("id").as_string());

  // Triage by the analyst; the officer sees the state without the note.
  ExpectProblem(
      Post("/v1/findings/" + first + "/triage", json::object{{"action", "explain"}}, analyst_), 400,
      "note", "required");
  ExpectProblem(Post("/v1/findings/" + first + "/triage",
                     json::object{{"action", "explain"}, {"note", "x"}}, bw_),
                403, "", "");
  auto t = Post("/v1/findings/" + first + "/triage",
                json::object{{"action", "explain"}, {"note", "mine under care and maintenance"}},
                analyst_);
  ASSERT_EQ(t.status, 200) << t.body;
  const std::string finding =
      std::string(json::parse(t.body).at("decided").as_array()[0].at("id").as_string());
  auto seen = HttpCall(port_, "GET", "/v1/findings/" + finding, "", bw_);
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(json::parse(seen.body).at("state"), "explained");
  EXPECT_EQ(seen.body.find("care and maintenance"), std::string::npos);
  auto by_analyst = HttpCall(port_, "GET", "/v1/findings/" + finding, "", analyst_);
  EXPECT_NE(by_analyst.body.find("care and maintenance"), std::string::npos);
  ExpectProblem(HttpCall(port_, "GET", "/v1/findings/" + finding, "", za_), 404, "", "");

  // A questionnaire: raised, answered with a document, accepted.
  const std::string due = today_.AddDays(30).ToString();
  ExpectProblem(
      Post("/v1/questionnaires",
           json::object{{"participant", "BW"}, {"findings", json::array{first}}, {"due_on", due}},
           analyst_),
      409, "", "");  // explained: reopen it first
  ExpectProblem(
      Post("/v1/questionnaires",
           json::object{
               {"participant", "BW"}, {"findings", json::array{second}}, {"due_on", "soon"}},
           analyst_),
      400, "due_on", "date");
  auto raised = Post("/v1/questionnaires",
                     json::object{{"participant", "BW"},
                                  {"findings", json::array{second}},
                                  {"due_on", due},
                                  {"message", "Please explain the change."}},
                     analyst_);
  ASSERT_EQ(raised.status, 201) << raised.body;
  const std::string q = raised.headers["location"];
  EXPECT_EQ(q.rfind("/v1/questionnaires/", 0), 0u);
  ExpectProblem(HttpCall(port_, "GET", q, "", za_), 404, "", "");
  ExpectProblem(HttpCall(port_, "GET", "/v1/questionnaires", "", monitor_token_), 403, "", "");
  ExpectProblem(HttpCall(port_, "POST", q + "/documents?name=n.zip", "PK", bw_, "application/zip"),
                400, "content_type", "media-type");
  ExpectProblem(
      HttpCall(port_, "POST", q + "/documents?name=n.pdf", "<html>", bw_, "application/pdf"), 400,
      "body", "content");
  auto doc = HttpCall(port_, "POST", q + "/documents?name=note.txt", "Production figures\n", bw_,
                      "text/plain");
  ASSERT_EQ(doc.status, 201) << doc.body;
  ExpectProblem(Post(q + "/answer", json::object{{"text", "ours"}}, za_), 404, "", "");
  auto answered = Post(q + "/answer", json::object{{"text", "A new pit opened."}}, bw_);
  ASSERT_EQ(answered.status, 200) << answered.body;
  EXPECT_EQ(json::parse(answered.body).at("state"), "answered");
  ExpectProblem(Post(q + "/answer", json::object{{"text", "again"}}, bw_), 409, "", "");
  ExpectProblem(Post(q + "/decision", json::object{{"action", "accept"}}, bw_), 403, "", "");
  ExpectProblem(Post(q + "/listing", json::object{}, admin_), 409, "", "");
  auto accepted = Post(q + "/decision", json::object{{"action", "accept"}}, analyst_);
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  auto v = json::parse(accepted.body).as_object();
  EXPECT_EQ(v["state"], "closed");
  EXPECT_EQ(v["steps"].as_array().size(), 3u);
  EXPECT_EQ(v["documents"].as_array().size(), 1u);
  const auto doc_id = json::parse(doc.body).at("id").as_int64();
  auto got = HttpCall(port_, "GET", q + "/documents/" + std::to_string(doc_id), "", analyst_);
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.body, "Production figures\n");
  EXPECT_EQ(got.content_type, "application/octet-stream");
  auto listed = HttpCall(port_, "GET", "/v1/questionnaires?state=closed", "", bw_);
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(json::parse(listed.body).at("items").as_array().size(), 1u);
  auto nr = HttpCall(port_, "GET", "/v1/non-respondents");
  ASSERT_EQ(nr.status, 200);
  EXPECT_TRUE(json::parse(nr.body).at("items").as_array().empty());
  auto csv_page = HttpCall(port_, "GET", "/v1/findings?format=csv", "", analyst_);
  ASSERT_EQ(csv_page.status, 200);
  EXPECT_EQ(csv_page.body.rfind("id,severity,state,rule,participants,period,count,message\r\n", 0),
            0u);
}

// A review visit over HTTP: created by an admin, input from civil society with its source kept
// from the participant, stages by the team, a recommendation answered and followed up.
TEST_P(ApiTest, PeerReviewOverHttp) {
  auto reviewer = accounts_->AddUser("Reviewer", store::Role::kReviewer, "");
  ASSERT_TRUE(reviewer.ok());
  const std::string rv = reviewer->token;
  json::object body{{"participant", "BW"},
                    {"type", "review-visit"},
                    {"title", "Review visit to Botswana"},
                    {"starts_on", "2026-12-01"},
                    {"ends_on", "2026-12-05"},
                    {"team", json::array{json::object{{"name", "Reviewer"},
                                                      {"constituency", "government"},
                                                      {"role", "lead"},
                                                      {"user", reviewer->user.id}}}}};
  ExpectProblem(Post("/v1/reviews", body, rv), 403, "", "");
  auto bad = body;
  bad["type"] = "picnic";
  ExpectProblem(Post("/v1/reviews", bad, admin_), 400, "type", "enum");
  auto made = Post("/v1/reviews", body, admin_);
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string r = made.headers["location"];
  auto input = Post(r + "/inputs",
                    json::object{{"text", "Diggers evicted without compensation"},
                                 {"visibility", "team-and-participant"},
                                 {"hide_source", true},
                                 {"sites", json::array{"BW-JWA-001"}}},
                    monitor_token_);
  ASSERT_EQ(input.status, 201) << input.body;
  ExpectProblem(Post(r + "/inputs", json::object{{"text", "x"}}, bw_), 403, "", "");
  auto seen_by_bw = HttpCall(port_, "GET", r + "/inputs", "", bw_);
  ASSERT_EQ(seen_by_bw.status, 200);
  EXPECT_NE(seen_by_bw.body.find("evicted"), std::string::npos);
  EXPECT_EQ(seen_by_bw.body.find("Monitor A"), std::string::npos);  // the hidden source
  EXPECT_EQ(HttpCall(port_, "GET", r + "/inputs").body, "{\"items\":[]}");
  EXPECT_NE(HttpCall(port_, "GET", r + "/inputs", "", rv).body.find("Monitor A"),
            std::string::npos);
  // A photo with the input: its contributor's, checked by content, hidden with the source.
  const std::string in =
      "/v1/inputs/" + std::to_string(json::parse(input.body).at("id").as_int64());
  const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + "pixels";
  auto photo = HttpCall(port_, "POST", in + "/documents?name=evictions.png", png, monitor_token_,
                        "image/png");
  ASSERT_EQ(photo.status, 201) << photo.body;
  const std::string doc =
      in + "/documents/" + std::to_string(json::parse(photo.body).at("id").as_int64());
  ExpectProblem(HttpCall(port_, "POST", in + "/documents?name=x.png", png, bw_, "image/png"), 403,
                "", "");
  ExpectProblem(
      HttpCall(port_, "POST", in + "/documents?name=x.pdf", png, monitor_token_, "application/pdf"),
      400, "body", "content");
  ExpectProblem(HttpCall(port_, "POST", in + "/documents?name=evictions.png", png, monitor_token_,
                         "image/png"),
                409, "", "");
  auto fetched = HttpCall(port_, "GET", doc, "", rv);
  ASSERT_EQ(fetched.status, 200) << fetched.body;
  EXPECT_EQ(fetched.body, png);
  EXPECT_EQ(fetched.headers["content-type"], "application/octet-stream");
  ExpectProblem(HttpCall(port_, "GET", doc, "", bw_), 404, "", "");  // the source is hidden
  ExpectProblem(HttpCall(port_, "GET", doc), 404, "", "");
  EXPECT_NE(HttpCall(port_, "GET", r + "/inputs", "", rv).body.find("evictions.png"),
            std::string::npos);
  EXPECT_EQ(HttpCall(port_, "GET", r + "/inputs", "", bw_).body.find("evictions.png"),
            std::string::npos);
  ExpectProblem(Post(r + "/stage", json::object{{"stage", "draft"}}, rv), 409, "", "");
  for (const char* stage : {"terms-agreed", "fieldwork", "draft"}) {
    ASSERT_EQ(Post(r + "/stage", json::object{{"stage", stage}}, rv).status, 200) << stage;
  }
  auto rec = Post(r + "/recommendations",
                  json::object{{"paragraph", "2.1"},
                               {"text", "Compensate the evicted diggers"},
                               {"addressee", "Ministry of Minerals"},
                               {"specificity", 5},
                               {"follow_up_due_on", "2027-06-30"}},
                  rv);
  ASSERT_EQ(rec.status, 201) << rec.body;
  const std::string rid = std::to_string(json::parse(rec.body).at("id").as_int64());
  EXPECT_EQ(HttpCall(port_, "GET", "/v1/recommendations").body, "{\"items\":[]}");  // not final
  ExpectProblem(
      Post("/v1/recommendations/" + rid + "/status", json::object{{"status", "in-progress"}}, bw_),
      400, "source", "required");
  auto resp =
      Post("/v1/recommendations/" + rid + "/response", json::object{{"response", "accepted"}}, bw_);
  ASSERT_EQ(resp.status, 200) << resp.body;
  EXPECT_EQ(json::parse(resp.body).at("response"), "accepted");
  ExpectProblem(HttpCall(port_, "GET", "/v1/recommendations/" + rid), 404, "", "");
  ExpectProblem(HttpCall(port_, "GET", "/v1/recommendations?overdue=maybe", "", rv), 400, "overdue",
                "boolean");
  auto listed = HttpCall(port_, "GET", "/v1/reviews?participant=BW");
  ASSERT_EQ(listed.status, 200);
  EXPECT_NE(listed.body.find("\"stage\":\"draft\""), std::string::npos);
  // The register holds recommendations beside actions and commitments (one model), each as
  // its reader may see it: the team's draft recommendation for the team, none for the public.
  auto in_register = HttpCall(port_, "GET", "/v1/follow-ups?type=recommendation", "", rv);
  ASSERT_EQ(in_register.status, 200) << in_register.body;
  auto items = json::parse(in_register.body).at("items").as_array();
  ASSERT_EQ(items.size(), 1u) << in_register.body;
  EXPECT_EQ(items[0].at("type"), "recommendation");
  EXPECT_EQ(items[0].at("response"), "accepted");
  auto csv = HttpCall(port_, "GET", "/v1/follow-ups?format=csv&participant=BW", "", rv);
  EXPECT_NE(csv.body.find("recommendation,participant:BW,"), std::string::npos) << csv.body;
  EXPECT_EQ(HttpCall(port_, "GET", "/v1/follow-ups?type=recommendation").body, "{\"items\":[]}");
}

TEST_P(ApiTest, StatisticsImportTablesAndAnomalies) {
  const std::string csv = ReadKpProductionFile("kp_production_halfyear_2003_2024.csv");
  // Only admins import.
  ExpectProblem(HttpCall(port_, "POST", "/v1/stats/sources", csv, "", "text/csv"), 401, "", "");
  ExpectProblem(HttpCall(port_, "POST", "/v1/stats/sources", csv, bw_, "text/csv"), 403, "", "");
  ExpectProblem(HttpCall(port_, "POST", "/v1/stats/sources", csv, admin_, "text/plain"), 400,
                "Content-Type", "media-type");
  auto imported = HttpCall(port_, "POST", "/v1/stats/sources?name=kp.csv", csv, admin_, "text/csv");
  ASSERT_EQ(imported.status, 201) << imported.body;
  auto ir = json::parse(imported.body).as_object();
  EXPECT_EQ(ir["new_figures"].as_int64(), 1517);
  EXPECT_EQ(imported.headers["location"], "/v1/stats/sources/1");
  // The workbook holds the same figures: nothing changes.
  auto again =
      HttpCall(port_, "POST", "/v1/stats/sources",
               ReadKpProductionFile("kp_production_halfyear_2003_2024.xlsx"), admin_, kXlsxType);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_TRUE(json::parse(again.body).at("already_imported").as_bool());

  // Public tables: JSON, CSV and xlsx.
  auto t = HttpCall(port_, "GET", "/v1/stats/production?year=2019");
  ASSERT_EQ(t.status, 200) << t.body;
  auto table = json::parse(t.body).as_object();
  auto total = table["totals"].as_array().at(0).as_object();
  EXPECT_EQ(total["carats_hundredths"].as_int64(), 13813937049);
  EXPECT_EQ(total["value_usd_cents"].as_int64(), 1357053553016);
  EXPECT_EQ(total["usd_per_carat"].as_string(), "98.24");
  auto c = HttpCall(port_, "GET", "/v1/stats/production?year=2019&participant=BW&format=csv");
  ASSERT_EQ(c.status, 200);
  EXPECT_EQ(c.content_type, "text/csv; charset=utf-8");
  EXPECT_NE(c.body.find("BW,Botswana,2019,Y,23687013.00,3434616885.00,145.00"), std::string::npos)
      << c.body;
  auto x = HttpCall(port_, "GET", "/v1/stats/production?format=xlsx&period=half");
  ASSERT_EQ(x.status, 200);
  EXPECT_EQ(x.content_type, kXlsxType);
  EXPECT_EQ(x.body.substr(0, 2), "PK");

  // Trade from certificates: totals public, breakdown for the parties.
  auto issued = Post("/v1/certificates", IssueBody(), bw_);
  ASSERT_EQ(issued.status, 201);
  auto ex = HttpCall(port_, "GET", "/v1/stats/exports?year=2026&period=quarter");
  ASSERT_EQ(ex.status, 200) << ex.body;
  auto row = json::parse(ex.body).at("rows").as_array().at(0).as_object();
  EXPECT_EQ(row["participant"].as_string(), "BW");
  EXPECT_EQ(row["period"].as_string(), "Q2");
  // One certificate: its carats and value would be one shipment's; the public table withholds
  // them (disclosure control, docs/STATISTICS.md), also in CSV.
  EXPECT_TRUE(row["carats_hundredths"].is_null()) << ex.body;
  EXPECT_TRUE(row["suppressed"].as_bool());
  EXPECT_EQ(row["certificates"].as_int64(), 1);
  auto table_csv = HttpCall(port_, "GET", "/v1/stats/exports?year=2026&period=quarter&format=csv");
  EXPECT_EQ(table_csv.body.find("1300.50"), std::string::npos) << table_csv.body;
  // Three certificates in the cell: published.
  ASSERT_EQ(Post("/v1/certificates", IssueBody(), bw_).status, 201);
  ASSERT_EQ(Post("/v1/certificates", IssueBody(), bw_).status, 201);
  ex = HttpCall(port_, "GET", "/v1/stats/exports?year=2026&period=quarter");
  row = json::parse(ex.body).at("rows").as_array().at(0).as_object();
  EXPECT_EQ(row["carats_hundredths"].as_int64(), 3 * 130050) << ex.body;
  EXPECT_FALSE(row.contains("suppressed"));
  ExpectProblem(HttpCall(port_, "GET", "/v1/stats/exports?by=partner"), 401, "", "");
  auto mine = HttpCall(port_, "GET", "/v1/stats/exports?by=hs", {}, bw_);
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(json::parse(mine.body).at("rows").as_array().size(), 2u);
  auto theirs = HttpCall(port_, "GET", "/v1/stats/exports?by=hs", {}, za_);
  ASSERT_EQ(theirs.status, 200);
  EXPECT_EQ(json::parse(theirs.body).at("rows").as_array().size(), 0u);  // ZA sees ZA only
  ExpectProblem(HttpCall(port_, "GET", "/v1/stats/exports?by=hs&participant=BW", {}, za_), 403, "",
                "");

  // Anomalies: signed-in users; officers see their own participant's findings.
  ExpectProblem(HttpCall(port_, "GET", "/v1/stats/anomalies"), 401, "", "");
  auto an = HttpCall(port_, "GET", "/v1/stats/anomalies?rule=nil-after-production", {}, admin_);
  ASSERT_EQ(an.status, 200) << an.body;
  auto report = json::parse(an.body).as_object();
  EXPECT_GT(report["total"].as_int64(), 0);
  bool australia = false;  // Argyle closed in November 2020
  for (const auto& f : report["findings"].as_array()) {
    australia = australia || (f.at("participants").at(0) == "AU" && f.at("period") == "2021-H1");
  }
  EXPECT_TRUE(australia);
  auto findings_csv = HttpCall(
      port_, "GET", "/v1/stats/anomalies?rule=nil-after-production&format=csv", {}, admin_);
  ASSERT_EQ(findings_csv.status, 200) << findings_csv.body;
  EXPECT_EQ(findings_csv.content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(
      findings_csv.body.rfind(
          "id,severity,rule,participants,period,figure,message,compared,threshold,sources\r\n", 0),
      0u);
  EXPECT_NE(findings_csv.body.find("nil-after-production,AU,2021-H1,"), std::string::npos)
      << findings_csv.body;
  ExpectProblem(HttpCall(port_, "GET", "/v1/stats/anomalies?format=pdf", {}, admin_), 400, "format",
                "enum");
  // Analysts see what admins see (as the review's findings); a monitor sees none.
  auto analysts =
      HttpCall(port_, "GET", "/v1/stats/anomalies?rule=nil-after-production", {}, analyst_);
  ASSERT_EQ(analysts.status, 200) << analysts.body;
  EXPECT_EQ(json::parse(analysts.body).at("total"), report["total"]);
  ExpectProblem(HttpCall(port_, "GET", "/v1/stats/anomalies", {}, monitor_token_), 403, "", "");
  auto own = HttpCall(port_, "GET", "/v1/stats/anomalies?change_ratio=0.9", {}, bw_);
  ASSERT_EQ(own.status, 200) << own.body;
  const json::value own_report = json::parse(own.body);
  for (const auto& f : own_report.at("findings").as_array()) {
    const auto& ps = f.at("participants").as_array();
    EXPECT_TRUE(std::find(ps.begin(), ps.end(), json::value("BW")) != ps.end()) << f;
  }
  auto sources = HttpCall(port_, "GET", "/v1/stats/sources/1");
  ASSERT_EQ(sources.status, 200);
  EXPECT_EQ(json::parse(sources.body).at("report").at("rows").as_int64(), 1529);
  ASSERT_EQ(HttpCall(port_, "GET", "/v1/stats/thresholds").status, 200);
}

TEST_P(ApiTest, StatisticsBadInputIsAProblemAndChangesNothing) {
  auto sources = [&] { return testing::Peek(*store_).StatSources()->size(); };
  const std::string bad =
      "source_row,country,year,half,trade_type,production_type,carats,value_usd\n"
      "2,Botswana,2020,1,Production,Production,100,1000\n"
      "3,Atlantis,2020,1,Production,Production,1,1\n"
      "4,Botswana,2020,2,Production,Production,-1,1\n";
  auto r = HttpCall(port_, "POST", "/v1/stats/sources", bad, admin_, "text/csv");
  ExpectProblem(r, 400, "file", "valid-rows");
  auto errors = json::parse(r.body).at("errors").as_array();
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].at("rows").at(0).as_int64(), 3);
  EXPECT_EQ(errors[1].at("rows").at(0).as_int64(), 4);
  ExpectProblem(HttpCall(port_, "POST", "/v1/stats/sources", "PK\x03\x04junk", admin_, kXlsxType),
                400, "file", "valid-rows");
  ExpectProblem(HttpCall(port_, "POST", "/v1/stats/sources?vintage=soon", bad, admin_, "text/csv"),
                400, "vintage", "date");
  ExpectProblem(HttpCall(port_, "POST", "/v1/stats/sources?colour=red", bad, admin_, "text/csv"),
                400, "colour", "unknown-parameter");
  EXPECT_EQ(sources(), 0u);
  ExpectProblem(HttpCall(port_, "GET", "/v1/stats/production?year=abc"), 400, "year", "integer");
  ExpectProblem(HttpCall(port_, "GET", "/v1/stats/production?period=Q1"), 400, "period", "enum");
  ExpectProblem(HttpCall(port_, "GET", "/v1/stats/production?format=pdf"), 400, "format", "enum");
  ExpectProblem(HttpCall(port_, "GET", "/v1/stats/production?by=partner"), 400, "by", "");
  ExpectProblem(HttpCall(port_, "GET", "/v1/stats/exports?source=rumour"), 400, "source", "enum");
  ExpectProblem(HttpCall(port_, "GET", "/v1/stats/anomalies?change_ratio=-2", {}, admin_), 400,
                "change_ratio", "range");
  ExpectProblem(HttpCall(port_, "GET", "/v1/stats/anomalies?rule=astrology", {}, admin_), 400,
                "rule", "enum");
  ExpectProblem(HttpCall(port_, "GET", "/v1/stats/diff?before=1"), 400, "after", "required");
  ExpectProblem(HttpCall(port_, "GET", "/v1/stats/diff?before=1&after=2"), 404, "", "");
  ExpectProblem(HttpCall(port_, "GET", "/v1/stats/sources/x1"), 404, "", "");
}

}  // namespace
}  // namespace openkp

namespace openkp {
namespace {

// The server's asynchronous path on its own: answers from other threads, the first of two
// answers wins, a dropped request is a 500 problem, and Run returns only after taken requests.
TEST(ServerAsync, RepliesFromAnyThreadOnceAndNeverLoseARequest) {
  std::vector<std::thread> helpers;
  std::mutex mu;
  http::ServerOptions opt;
  opt.port = 0;
  opt.threads = 2;
  auto server = std::make_unique<http::Server>(
      opt,
      [](const http::Request&) { return http::Response{200, "text/plain", "worker", {}, {}, 0}; },
      http::FastHandler(),
      [&](const http::Request& r, const http::Reply& reply) {
        if (r.path == "/later") {
          std::lock_guard lock(mu);
          helpers.emplace_back([reply] {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            reply.Send([] { return http::Response{200, "text/plain", "first", {}, {}, 0}; });
            reply.Send(http::Response{200, "text/plain", "second", {}, {}, 0});  // ignored
          });
          return true;
        }
        if (r.path == "/dropped") return true;  // taken, never answered: reply goes away
        if (r.path == "/throws") throw std::runtime_error("handler bug");
        return false;  // to the worker pool
      });
  ASSERT_TRUE(server->Start().ok());
  std::thread run([&] { server->Run(); });
  const unsigned short port = server->port();
  auto later = HttpCall(port, "GET", "/later");
  EXPECT_EQ(later.status, 200);
  EXPECT_EQ(later.body, "first");
  auto dropped = HttpCall(port, "GET", "/dropped");
  EXPECT_EQ(dropped.status, 500);
  EXPECT_EQ(dropped.content_type, "application/problem+json");
  EXPECT_NE(dropped.body.find("never answered"), std::string::npos) << dropped.body;
  auto thrown = HttpCall(port, "GET", "/throws");
  EXPECT_EQ(thrown.status, 500);
  EXPECT_NE(thrown.body.find("handler bug"), std::string::npos) << thrown.body;
  EXPECT_EQ(HttpCall(port, "GET", "/other").body, "worker");
  // Stop while a request is taken: Run waits for its answer (written nowhere) before returning,
  // and the connection closes with the server.
  std::thread pending([&] {
    try {
      HttpCall(port, "GET", "/later");
    } catch (const std::exception&) {  // closed without an answer: expected
    }
  });
  for (int i = 0; i < 500; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    std::lock_guard lock(mu);
    if (helpers.size() == 2) break;
  }
  server->Stop();
  run.join();
  {
    std::lock_guard lock(mu);
    ASSERT_EQ(helpers.size(), 2u);
    for (auto& h : helpers) h.join();
  }
  server.reset();
  pending.join();
}

INSTANTIATE_TEST_SUITE_P(EveryBackend, ApiTest, ::testing::ValuesIn(backends::Schemes()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace openkp
