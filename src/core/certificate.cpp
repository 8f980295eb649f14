#include "core/certificate.h"

#include <boost/json.hpp>
#include <boost/json/basic_parser_impl.hpp>
#include <set>

#include "core/iso3166.h"
#include "core/jcs.h"
#include "core/json_reader.h"

namespace openkp::core {

namespace json = boost::json;

bool IsRoughDiamondHsCode(std::string_view code) {
  return code == "7102.10" || code == "7102.21" || code == "7102.31";
}

int64_t CertificateBody::TotalCaratsHundredths() const {
  int64_t t = 0;
  for (const auto& l : lines) t += l.carats_hundredths;  // bounded by ValidateBody
  return t;
}

int64_t CertificateBody::TotalValueCents() const {
  int64_t t = 0;
  for (const auto& l : lines) t += l.value_usd_cents;
  return t;
}

namespace {

bool IsParticipantCode(std::string_view c) { return c == "EU" || IsIsoCountry(c); }

Status CheckText(const std::string& field, const std::string& s, size_t max_len) {
  if (s.empty() || s.find_first_not_of(" \t") == std::string::npos) {
    return Status::Invalid(field, "required", "must not be empty");
  }
  if (s.size() > max_len) {
    return Status::Invalid(field, "max-length",
                           "is longer than " + std::to_string(max_len) + " bytes");
  }
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7F) {
      return Status::Invalid(field, "printable", "must not contain control characters");
    }
  }
  return {};
}

Status CheckParticipant(const std::string& field, const std::string& code) {
  if (!IsParticipantCode(code)) {
    return Status::Invalid(field, "participant-code",
                           "'" + code + "' is not an ISO 3166-1 alpha-2 code or EU");
  }
  return {};
}

// The number must name its issuer: the issuer's code (for the EU, "EU" or a member state's).
bool NumberNamesIssuer(const std::string& number, const std::string& issuer) {
  auto has = [&](std::string_view code) { return number.find(code) != std::string::npos; };
  if (has(issuer)) return true;
  if (issuer != "EU") return false;
  for (size_t i = 0; i + 1 < number.size(); ++i) {
    if (IsEuMember(std::string_view(number).substr(i, 2))) return true;
  }
  return false;
}

}  // namespace

Status ValidateBody(const CertificateBody& b) {
  if (b.number.size() < 4 || b.number.size() > 40) {
    return Status::Invalid("number", "format", "must be 4 to 40 characters");
  }
  for (char c : b.number) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '/')) {
      return Status::Invalid("number", "format", "may contain only A-Z, 0-9, '-' and '/'");
    }
  }
  OPENKP_RETURN_IF_ERROR(CheckParticipant("issuer", b.issuer));
  if (!NumberNamesIssuer(b.number, b.issuer)) {
    return Status::Invalid("number", "contains-issuer-code",
                           "must contain the issuer's ISO code '" + b.issuer + "'");
  }
  OPENKP_RETURN_IF_ERROR(CheckText("issuing_authority", b.issuing_authority, 200));
  OPENKP_RETURN_IF_ERROR(CheckText("key_id", b.key_id, 100));
  OPENKP_RETURN_IF_ERROR(CheckParticipant("destination", b.destination));
  if (b.destination == b.issuer) {
    return Status::Invalid("destination", "cross-border",
                           "must differ from the issuer: a certificate covers an export");
  }
  if (!b.origin.mixed && b.origin.countries.empty()) {
    return Status::Invalid("origin.countries", "required",
                           "name at least one country of origin, or set mixed to true");
  }
  if (b.origin.countries.size() > 50) {
    return Status::Invalid("origin.countries", "max-items", "lists more than 50 countries");
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < b.origin.countries.size(); ++i) {
    const std::string field = "origin.countries[" + std::to_string(i) + "]";
    const auto& c = b.origin.countries[i];
    if (!IsIsoCountry(c)) {
      return Status::Invalid(field, "iso3166", "'" + c + "' is not an ISO 3166-1 alpha-2 code");
    }
    if (!seen.insert(c).second) return Status::Invalid(field, "unique", "'" + c + "' repeats");
  }
  OPENKP_RETURN_IF_ERROR(CheckText("exporter.name", b.exporter.name, 200));
  OPENKP_RETURN_IF_ERROR(CheckText("exporter.address", b.exporter.address, 500));
  OPENKP_RETURN_IF_ERROR(CheckText("importer.name", b.importer.name, 200));
  OPENKP_RETURN_IF_ERROR(CheckText("importer.address", b.importer.address, 500));
  if (b.lines.empty()) return Status::Invalid("lines", "required", "needs at least one HS line");
  if (b.lines.size() > 3) return Status::Invalid("lines", "max-items", "has at most 3 HS lines");
  std::set<std::string> codes;
  for (size_t i = 0; i < b.lines.size(); ++i) {
    const std::string p = "lines[" + std::to_string(i) + "].";
    const auto& l = b.lines[i];
    if (!IsRoughDiamondHsCode(l.hs_code)) {
      return Status::Invalid(p + "hs_code", "hs-code",
                             "'" + l.hs_code + "' is not 7102.10, 7102.21 or 7102.31");
    }
    if (!codes.insert(l.hs_code).second) {
      return Status::Invalid(p + "hs_code", "unique", "HS code " + l.hs_code + " repeats");
    }
    if (l.carats_hundredths <= 0) {
      return Status::Invalid(p + "carats_hundredths", "positive", "must be greater than zero");
    }
    if (l.carats_hundredths > kMaxLineCaratsHundredths) {
      return Status::Invalid(p + "carats_hundredths", "max",
                             "must be at most " + std::to_string(kMaxLineCaratsHundredths));
    }
    if (l.value_usd_cents <= 0) {
      return Status::Invalid(p + "value_usd_cents", "positive", "must be greater than zero");
    }
    if (l.value_usd_cents > kMaxLineValueCents) {
      return Status::Invalid(p + "value_usd_cents", "max",
                             "must be at most " + std::to_string(kMaxLineValueCents));
    }
  }
  if (b.parcels < 1 || b.parcels > kMaxParcels) {
    return Status::Invalid("parcels", "range",
                           "must be between 1 and " + std::to_string(kMaxParcels));
  }
  if (b.expires_on <= b.issued_on) {
    return Status::Invalid("expires_on", "after-issue", "must be after issued_on");
  }
  if (b.expires_on.days() - b.issued_on.days() > kMaxValidityDays) {
    return Status::Invalid(
        "expires_on", "max-validity",
        "must be at most " + std::to_string(kMaxValidityDays) + " days after issued_on");
  }
  return {};
}

namespace {

Date ReadDate(ObjectReader& r, std::string_view key) {
  std::string s = r.String(key);
  if (!r.ok()) return {};
  auto d = Date::Parse(s);
  if (!d.ok()) {
    r.Fail(key, "date", d.status().message() + ", got '" + s + "'");
    return {};
  }
  return *d;
}

void ReadConstant(ObjectReader& r, std::string_view key, std::string_view expected) {
  std::string s = r.String(key);
  if (r.ok() && s != expected) r.Fail(key, "constant", "must be \"" + std::string(expected) + "\"");
}

}  // namespace

Result<Party> PartyFromJson(const json::value& v, const std::string& path) {
  ObjectReader r(v, path);
  Party p;
  p.name = r.String("name");
  p.address = r.String("address");
  OPENKP_RETURN_IF_ERROR(r.Finish());
  return p;
}

Result<Origin> OriginFromJson(const json::value& v) {
  ObjectReader ro(v, "origin");
  Origin origin;
  origin.mixed = ro.Bool("mixed");
  if (const auto* arr = ro.Array("countries")) {
    for (size_t i = 0; i < arr->size(); ++i) {
      if (!(*arr)[i].is_string()) {
        ro.Fail("countries[" + std::to_string(i) + "]", "type", "must be a string");
        break;
      }
      origin.countries.emplace_back((*arr)[i].get_string());
    }
  }
  OPENKP_RETURN_IF_ERROR(ro.Finish());
  return origin;
}

Result<std::vector<HsLine>> LinesFromJson(const json::array& arr) {
  if (arr.size() > 16) return Status::Invalid("lines", "max-items", "has at most 3 HS lines");
  std::vector<HsLine> lines;
  for (size_t i = 0; i < arr.size(); ++i) {
    ObjectReader rl(arr[i], "lines[" + std::to_string(i) + "]");
    HsLine l;
    l.hs_code = rl.String("hs_code");
    l.carats_hundredths = rl.Integer("carats_hundredths");
    l.value_usd_cents = rl.Integer("value_usd_cents");
    OPENKP_RETURN_IF_ERROR(rl.Finish());
    lines.push_back(std::move(l));
  }
  return lines;
}

Result<CertificateBody> BodyFromJson(const json::value& v) {
  ObjectReader r(v, "");
  CertificateBody b;
  ReadConstant(r, "format", kCertificateFormat);
  ReadConstant(r, "title", kCertificateTitle);
  ReadConstant(r, "statement", kCertificateStatement);
  b.number = r.String("number");
  b.issuer = r.String("issuer");
  b.issuing_authority = r.String("issuing_authority");
  b.key_id = r.String("key_id");
  b.destination = r.String("destination");
  if (const auto* o = r.Value("origin")) {
    auto origin = OriginFromJson(*o);
    if (!origin.ok()) return origin.status();
    b.origin = std::move(*origin);
  }
  if (const auto* e = r.Value("exporter")) {
    auto p = PartyFromJson(*e, "exporter");
    if (!p.ok()) return p.status();
    b.exporter = std::move(*p);
  }
  if (const auto* e = r.Value("importer")) {
    auto p = PartyFromJson(*e, "importer");
    if (!p.ok()) return p.status();
    b.importer = std::move(*p);
  }
  if (const auto* arr = r.Array("lines")) {
    auto lines = LinesFromJson(*arr);
    if (!lines.ok()) return lines.status();
    b.lines = std::move(*lines);
  }
  b.parcels = r.Integer("parcels");
  b.issued_on = ReadDate(r, "issued_on");
  b.expires_on = ReadDate(r, "expires_on");
  OPENKP_RETURN_IF_ERROR(r.Finish());
  return b;
}

json::value BodyToJson(const CertificateBody& b) {
  json::array countries;
  for (const auto& c : b.origin.countries) countries.emplace_back(c);
  json::array lines;
  for (const auto& l : b.lines) {
    lines.emplace_back(json::object{{"hs_code", l.hs_code},
                                    {"carats_hundredths", l.carats_hundredths},
                                    {"value_usd_cents", l.value_usd_cents}});
  }
  return json::object{
      {"format", kCertificateFormat},
      {"title", kCertificateTitle},
      {"statement", kCertificateStatement},
      {"number", b.number},
      {"issuer", b.issuer},
      {"issuing_authority", b.issuing_authority},
      {"key_id", b.key_id},
      {"destination", b.destination},
      {"origin", json::object{{"mixed", b.origin.mixed}, {"countries", std::move(countries)}}},
      {"exporter", json::object{{"name", b.exporter.name}, {"address", b.exporter.address}}},
      {"importer", json::object{{"name", b.importer.name}, {"address", b.importer.address}}},
      {"lines", std::move(lines)},
      {"parcels", b.parcels},
      {"issued_on", b.issued_on.ToString()},
      {"expires_on", b.expires_on.ToString()},
  };
}

Result<SignedCertificate> SignedFromJson(const json::value& v) {
  ObjectReader r(v, "");
  SignedCertificate c;
  const json::value* body = r.Value("certificate");
  std::string alg, value;
  if (const auto* sig = r.Value("signature")) {
    ObjectReader rs(*sig, "signature");
    alg = rs.String("alg");
    value = rs.String("value");
    if (rs.ok() && alg != "Ed25519") rs.Fail("alg", "constant", "must be \"Ed25519\"");
    OPENKP_RETURN_IF_ERROR(rs.Finish());
  }
  OPENKP_RETURN_IF_ERROR(r.Finish());
  auto b = BodyFromJson(*body);
  if (!b.ok()) {
    const Status& s = b.status();
    std::string field = s.field().empty() ? "certificate" : "certificate." + s.field();
    return Status(s.code(), "certificate." + s.message(), field, s.rule());
  }
  c.body = std::move(*b);
  c.signature = std::move(value);
  return c;
}

json::value SignedToJson(const SignedCertificate& c) {
  return SignedToJson(BodyToJson(c.body), c.signature);
}

json::value SignedToJson(json::value body_json, const std::string& signature) {
  return json::object{{"certificate", std::move(body_json)},
                      {"signature", json::object{{"alg", "Ed25519"}, {"value", signature}}}};
}

namespace {

// SAX handler that only checks member names: I-JSON (RFC 7493), which RFC 8785 builds on,
// forbids duplicates, and parsers disagree on which duplicate wins. A signed document that one
// verifier reads one way and another reads another way must not exist, so duplicates are errors.
struct DuplicateKeyChecker {
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  std::vector<std::set<std::string, std::less<>>> objects;
  std::string key;
  std::string duplicate;

  using ec_t = boost::system::error_code;
  bool on_document_begin(ec_t&) { return true; }
  bool on_document_end(ec_t&) { return true; }
  bool on_object_begin(ec_t&) {
    objects.emplace_back();
    return true;
  }
  bool on_object_end(std::size_t, ec_t&) {
    objects.pop_back();
    return true;
  }
  bool on_array_begin(ec_t&) { return true; }
  bool on_array_end(std::size_t, ec_t&) { return true; }
  bool on_key_part(json::string_view s, std::size_t, ec_t&) {
    key.append(s.data(), s.size());
    return true;
  }
  bool on_key(json::string_view s, std::size_t, ec_t& ec) {
    key.append(s.data(), s.size());
    bool fresh = objects.back().insert(key).second;
    if (!fresh) {
      duplicate = key;
      ec = json::error::syntax;
    }
    key.clear();
    return fresh;
  }
  bool on_string_part(json::string_view, std::size_t, ec_t&) { return true; }
  bool on_string(json::string_view, std::size_t, ec_t&) { return true; }
  bool on_number_part(json::string_view, ec_t&) { return true; }
  bool on_int64(std::int64_t, json::string_view, ec_t&) { return true; }
  bool on_uint64(std::uint64_t, json::string_view, ec_t&) { return true; }
  bool on_double(double, json::string_view, ec_t&) { return true; }
  bool on_bool(bool, ec_t&) { return true; }
  bool on_null(ec_t&) { return true; }
  bool on_comment_part(json::string_view, ec_t&) { return true; }
  bool on_comment(json::string_view, ec_t&) { return true; }
};

constexpr int kMaxJsonDepth = 32;

}  // namespace

Result<json::value> ParseJson(std::string_view text) {
  boost::system::error_code ec;
  json::parse_options opt;
  opt.max_depth = kMaxJsonDepth;
  json::value v = json::parse(text, ec, {}, opt);
  if (ec) return Status::Invalid("", "json", "malformed JSON: " + ec.message());
  json::basic_parser<DuplicateKeyChecker> checker(opt);
  checker.write_some(false, text.data(), text.size(), ec);
  if (!checker.handler().duplicate.empty()) {
    return Status::Invalid(
        "", "json-duplicate-member",
        "member \"" + checker.handler().duplicate + "\" appears twice in one object");
  }
  return v;
}

Result<SignedCertificate> ParseSignedCertificate(std::string_view text) {
  auto v = ParseJson(text);
  if (!v.ok()) return v.status();
  return SignedFromJson(*v);
}

Result<std::string> CanonicalBody(const CertificateBody& body) {
  return Canonicalize(BodyToJson(body));
}

std::vector<std::string> DiffBodies(const CertificateBody& a, const CertificateBody& b) {
  std::vector<std::string> d;
  auto cmp = [&](bool equal, std::string field) {
    if (!equal) d.push_back(std::move(field));
  };
  cmp(a.number == b.number, "number");
  cmp(a.issuer == b.issuer, "issuer");
  cmp(a.issuing_authority == b.issuing_authority, "issuing_authority");
  cmp(a.key_id == b.key_id, "key_id");
  cmp(a.destination == b.destination, "destination");
  cmp(a.origin.mixed == b.origin.mixed, "origin.mixed");
  cmp(a.origin.countries == b.origin.countries, "origin.countries");
  cmp(a.exporter.name == b.exporter.name, "exporter.name");
  cmp(a.exporter.address == b.exporter.address, "exporter.address");
  cmp(a.importer.name == b.importer.name, "importer.name");
  cmp(a.importer.address == b.importer.address, "importer.address");
  if (a.lines.size() != b.lines.size()) {
    d.push_back("lines");
  } else {
    for (size_t i = 0; i < a.lines.size(); ++i) {
      const std::string p = "lines[" + std::to_string(i) + "].";
      cmp(a.lines[i].hs_code == b.lines[i].hs_code, p + "hs_code");
      cmp(a.lines[i].carats_hundredths == b.lines[i].carats_hundredths, p + "carats_hundredths");
      cmp(a.lines[i].value_usd_cents == b.lines[i].value_usd_cents, p + "value_usd_cents");
    }
  }
  cmp(a.parcels == b.parcels, "parcels");
  cmp(a.issued_on == b.issued_on, "issued_on");
  cmp(a.expires_on == b.expires_on, "expires_on");
  return d;
}

}  // namespace openkp::core
