#include "core/certificate.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace openkp::core {

CertificateBody ValidBody() {
  CertificateBody b;
  b.number = "BW-2026-000001";
  b.issuer = "BW";
  b.issuing_authority = "Ministry of Minerals and Energy";
  b.key_id = "BW-2026-01-01-abcdef12";
  b.destination = "EU";
  b.origin = {false, {"BW"}};
  b.exporter = {"Okavango Diamond Company", "Gaborone"};
  b.importer = {"Antwerp Rough NV", "Antwerp"};
  b.lines = {{"7102.31", 125050, 38000000}, {"7102.21", 1000, 5000}};
  b.parcels = 3;
  b.issued_on = *Date::Parse("2026-03-01");
  b.expires_on = *Date::Parse("2026-04-30");
  return b;
}

TEST(Certificate, ValidBodyPassesAndRoundTrips) {
  CertificateBody b = ValidBody();
  ASSERT_TRUE(ValidateBody(b).ok()) << ValidateBody(b).message();
  auto back = BodyFromJson(BodyToJson(b));
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(*back, b);
  EXPECT_EQ(b.TotalCaratsHundredths(), 126050);
}

struct Breakage {
  const char* field;
  const char* rule;
  void (*mutate)(CertificateBody&);
};

TEST(Certificate, EachRuleNamesItsField) {
  const Breakage cases[] = {
      {"number", "contains-issuer-code", [](CertificateBody& b) { b.number = "ZA-2026-1"; }},
      {"number", "format", [](CertificateBody& b) { b.number = "bw 1"; }},
      {"issuer", "participant-code", [](CertificateBody& b) { b.issuer = "XX"; }},
      {"destination", "participant-code", [](CertificateBody& b) { b.destination = "ZZ"; }},
      {"destination", "cross-border", [](CertificateBody& b) { b.destination = "BW"; }},
      {"origin.countries", "required", [](CertificateBody& b) { b.origin.countries.clear(); }},
      {"origin.countries[0]", "iso3166", [](CertificateBody& b) { b.origin.countries = {"QQ"}; }},
      {"origin.countries[1]", "unique",
       [](CertificateBody& b) {
         b.origin.countries = {"BW", "BW"};
       }},
      {"exporter.name", "required", [](CertificateBody& b) { b.exporter.name = "  "; }},
      {"importer.address", "printable", [](CertificateBody& b) { b.importer.address = "a\nb"; }},
      {"lines", "required", [](CertificateBody& b) { b.lines.clear(); }},
      {"lines[0].hs_code", "hs-code", [](CertificateBody& b) { b.lines[0].hs_code = "7102.39"; }},
      {"lines[1].hs_code", "unique", [](CertificateBody& b) { b.lines[1].hs_code = "7102.31"; }},
      {"lines[0].carats_hundredths", "positive",
       [](CertificateBody& b) { b.lines[0].carats_hundredths = 0; }},
      {"lines[0].carats_hundredths", "positive",
       [](CertificateBody& b) { b.lines[0].carats_hundredths = -5; }},
      {"lines[0].carats_hundredths", "max",
       [](CertificateBody& b) { b.lines[0].carats_hundredths = kMaxLineCaratsHundredths + 1; }},
      {"lines[1].value_usd_cents", "positive",
       [](CertificateBody& b) { b.lines[1].value_usd_cents = 0; }},
      {"lines[1].value_usd_cents", "max",
       [](CertificateBody& b) { b.lines[1].value_usd_cents = INT64_MAX; }},
      {"parcels", "range", [](CertificateBody& b) { b.parcels = 0; }},
      {"expires_on", "after-issue", [](CertificateBody& b) { b.expires_on = b.issued_on; }},
      {"expires_on", "max-validity",
       [](CertificateBody& b) { b.expires_on = b.issued_on.AddDays(400); }},
  };
  for (const auto& c : cases) {
    CertificateBody b = ValidBody();
    c.mutate(b);
    Status s = ValidateBody(b);
    EXPECT_EQ(s.code(), Code::kInvalidArgument) << c.field;
    EXPECT_EQ(s.field(), c.field) << s.message();
    EXPECT_EQ(s.rule(), c.rule) << s.message();
  }
}

TEST(Certificate, EuNumbersMayUseAMemberStateCode) {
  CertificateBody b = ValidBody();
  b.issuer = "EU";
  b.destination = "BW";
  b.number = "BE-2026-123456";
  EXPECT_TRUE(ValidateBody(b).ok());
  b.number = "XY-2026-123456";
  EXPECT_EQ(ValidateBody(b).rule(), "contains-issuer-code");
}

TEST(Certificate, StrictJsonMapping) {
  boost::json::object good = BodyToJson(ValidBody()).as_object();
  struct Case {
    const char* field;
    const char* rule;
    void (*mutate)(boost::json::object&);
  };
  const Case cases[] = {
      {"surprise", "unknown-field", [](boost::json::object& o) { o["surprise"] = 1; }},
      {"parcels", "required", [](boost::json::object& o) { o.erase("parcels"); }},
      {"parcels", "type", [](boost::json::object& o) { o["parcels"] = "3"; }},
      {"parcels", "type", [](boost::json::object& o) { o["parcels"] = 3.5; }},
      {"parcels", "range", [](boost::json::object& o) { o["parcels"] = UINT64_MAX; }},
      {"issued_on", "date", [](boost::json::object& o) { o["issued_on"] = "2026-02-30"; }},
      {"title", "constant", [](boost::json::object& o) { o["title"] = "Certificate"; }},
      {"origin.mixed", "type",
       [](boost::json::object& o) { o["origin"].as_object()["mixed"] = 1; }},
      {"exporter.phone", "unknown-field",
       [](boost::json::object& o) { o["exporter"].as_object()["phone"] = "1"; }},
      {"lines[0].carats_hundredths", "type",
       [](boost::json::object& o) {
         o["lines"].as_array()[0].as_object()["carats_hundredths"] = "12.5";
       }},
      {"lines", "type", [](boost::json::object& o) { o["lines"] = "none"; }},
  };
  for (const auto& c : cases) {
    boost::json::object o = good;
    c.mutate(o);
    auto r = BodyFromJson(o);
    ASSERT_FALSE(r.ok()) << c.field;
    EXPECT_EQ(r.status().field(), c.field) << r.status().message();
    EXPECT_EQ(r.status().rule(), c.rule) << r.status().message();
  }
}

TEST(Certificate, SignedDocumentParsing) {
  SignedCertificate c{ValidBody(), "c2ln"};
  std::string text = boost::json::serialize(SignedToJson(c));
  auto back = ParseSignedCertificate(text);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->body, c.body);
  EXPECT_EQ(back->signature, "c2ln");
  EXPECT_EQ(ParseSignedCertificate("{").status().rule(), "json");
  // Duplicate members would let two verifiers read two different certificates.
  EXPECT_EQ(ParseJson(R"({"a":1,"a":2})").status().rule(), "json-duplicate-member");
  EXPECT_EQ(ParseJson(R"({"o":{"k":1,"k":1}})").status().rule(), "json-duplicate-member");
  EXPECT_TRUE(ParseJson(R"({"a":{"k":1},"b":{"k":1},"k":[{"k":1},{"k":2}]})").ok());
  EXPECT_EQ(ParseSignedCertificate("[]").status().rule(), "type");
  auto nested = ParseSignedCertificate(
      R"({"certificate":{"format":1},"signature":{"alg":"Ed25519","value":""}})");
  EXPECT_EQ(nested.status().field(), "certificate.format");
}

TEST(Certificate, CanonicalBodyIsStableAndSorted) {
  auto a = CanonicalBody(ValidBody());
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->rfind("{\"destination\":\"EU\",\"expires_on\":\"2026-04-30\"", 0), 0u) << *a;
}

TEST(Certificate, DiffNamesChangedFields) {
  CertificateBody a = ValidBody(), b = ValidBody();
  b.lines[1].value_usd_cents += 1;
  b.importer.name = "Other";
  EXPECT_EQ(DiffBodies(a, b),
            (std::vector<std::string>{"importer.name", "lines[1].value_usd_cents"}));
}

}  // namespace openkp::core
