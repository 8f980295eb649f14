#include "registry/codec.h"

#include <boost/json.hpp>

#include "core/amount.h"
#include "core/json_reader.h"

namespace openkp::registry {

namespace json = boost::json;

namespace {

std::optional<Date> OptionalDate(core::ObjectReader& r, std::string_view key) {
  std::string s = r.OptionalString(key);
  if (s.empty() || !r.ok()) return std::nullopt;
  auto d = Date::Parse(s);
  if (!d.ok()) {
    r.Fail(key, "date", d.status().message() + ", got '" + s + "'");
    return std::nullopt;
  }
  return *d;
}

}  // namespace

Result<IssueRequest> IssueRequestFromJson(const json::value& v) {
  core::ObjectReader r(v, "");
  IssueRequest req;
  std::string number = r.OptionalString("number");
  if (!number.empty()) req.number = number;
  std::string issuer = r.OptionalString("issuer");
  if (!issuer.empty()) req.issuer = issuer;
  req.destination = r.String("destination");
  const json::value* origin_json = r.Value("origin");
  const json::value* exporter = r.Value("exporter");
  const json::value* importer = r.Value("importer");
  const json::array* lines = r.Array("lines");
  req.parcels = r.Integer("parcels");
  req.expires_on = OptionalDate(r, "expires_on");
  OPENKP_RETURN_IF_ERROR(r.Finish());
  // The certificate's own readers for the nested parts, in the order a body is read.
  auto origin = core::OriginFromJson(*origin_json);
  if (!origin.ok()) return origin.status();
  req.origin = std::move(*origin);
  auto exp = core::PartyFromJson(*exporter, "exporter");
  if (!exp.ok()) return exp.status();
  req.exporter = std::move(*exp);
  auto imp = core::PartyFromJson(*importer, "importer");
  if (!imp.ok()) return imp.status();
  req.importer = std::move(*imp);
  auto parsed_lines = core::LinesFromJson(*lines);
  if (!parsed_lines.ok()) return parsed_lines.status();
  req.lines = std::move(*parsed_lines);
  return req;
}

Result<ConfirmRequest> ConfirmRequestFromJson(const json::value& v) {
  core::ObjectReader r(v, "");
  ConfirmRequest c;
  c.received_on = OptionalDate(r, "received_on");
  c.carats_hundredths = r.Integer("carats_hundredths");
  c.value_usd_cents = r.Integer("value_usd_cents");
  c.parcels = r.Integer("parcels");
  OPENKP_RETURN_IF_ERROR(r.Finish());
  return c;
}

Result<VoidRequest> VoidRequestFromJson(const json::value& v) {
  core::ObjectReader r(v, "");
  VoidRequest req;
  req.reason = r.String("reason");
  req.note = r.OptionalString("note");
  OPENKP_RETURN_IF_ERROR(r.Finish());
  return req;
}

std::string DisplayStatus(store::CertificateState state, Date expires_on, Date today) {
  if (state == store::CertificateState::kIssued && today > expires_on) return "expired";
  return store::StateName(state);
}

namespace {

// Everything of a record's JSON after "number", "status" and "signed".
json::object RecordTailToJson(const store::CertificateRecord& rec) {
  const auto& b = rec.certificate.body;
  json::object o;
  o["total_carats_hundredths"] = b.TotalCaratsHundredths();
  o["total_value_usd_cents"] = b.TotalValueCents();
  if (rec.confirmation) {
    const auto& c = *rec.confirmation;
    json::array mism;
    for (const auto& m : c.mismatches) mism.emplace_back(m);
    o["confirmation"] = json::object{
        {"received_on", c.received_on.ToString()}, {"carats_hundredths", c.carats_hundredths},
        {"value_usd_cents", c.value_usd_cents},    {"parcels", c.parcels},
        {"mismatch", !c.mismatches.empty()},       {"mismatches", std::move(mism)},
        {"confirmed_by", c.confirmed_by}};
  } else {
    o["confirmation"] = nullptr;
  }
  if (rec.voiding) {
    const auto& v = *rec.voiding;
    o["voiding"] = json::object{{"voided_on", v.voided_on.ToString()},
                                {"reason", v.reason},
                                {"note", v.note},
                                {"voided_by", v.voided_by}};
  } else {
    o["voiding"] = nullptr;
  }
  return o;
}

}  // namespace

json::object RecordToJson(const store::CertificateRecord& rec, Date today) {
  const auto& b = rec.certificate.body;
  json::object o;
  o["number"] = b.number;
  o["status"] = DisplayStatus(rec.state, b.expires_on, today);
  o["signed"] = core::SignedToJson(rec.certificate);
  for (auto& member : RecordTailToJson(rec)) o[member.key()] = std::move(member.value());
  return o;
}

std::string RecordToJsonText(const store::CertificateRecord& rec, Date today) {
  if (rec.document.empty()) return json::serialize(RecordToJson(rec, today));
  const auto& b = rec.certificate.body;
  std::string out = json::serialize(json::object{
      {"number", b.number}, {"status", DisplayStatus(rec.state, b.expires_on, today)}});
  const std::string tail = json::serialize(RecordTailToJson(rec));
  out.pop_back();  // '}'
  out.reserve(out.size() + rec.document.size() + tail.size() + 16);
  out += ",\"signed\":";
  out += rec.document;
  out += ',';
  out.append(tail, 1);  // without its '{'
  return out;
}

json::object SummaryToJson(const store::CertificateSummary& s, Date today) {
  return json::object{{"number", s.number},
                      {"issuer", s.issuer},
                      {"destination", s.destination},
                      {"status", DisplayStatus(s.state, s.expires_on, today)},
                      {"issued_on", s.issued_on.ToString()},
                      {"expires_on", s.expires_on.ToString()},
                      {"carats_hundredths", s.carats_hundredths},
                      {"value_usd_cents", s.value_usd_cents},
                      {"parcels", s.parcels},
                      {"hs_codes", s.hs_codes},
                      {"confirmation_mismatch", s.mismatch}};
}

json::object VerifyToJson(const VerifyReport& r) {
  json::array checks;
  for (const auto& c : r.checks) {
    checks.emplace_back(json::object{{"check", c.name}, {"ok", c.ok}, {"detail", c.detail}});
  }
  json::object o{{"valid", r.valid}, {"checks", std::move(checks)}};
  o["failure"] = r.failure.empty() ? json::value(nullptr) : json::value(r.failure);
  o["detail"] = r.detail;
  if (!r.status.empty()) o["status"] = r.status;
  if (!r.altered_fields.empty()) {
    json::array a;
    for (const auto& f : r.altered_fields) a.emplace_back(f);
    o["altered_fields"] = std::move(a);
  }
  return o;
}

json::object PublicVerifyToJson(const core::CertificateBody& b, const VerifyReport& r) {
  json::object o = VerifyToJson(r);
  o["number"] = b.number;
  o["issuer"] = b.issuer;
  o["issued_on"] = b.issued_on.ToString();
  o["expires_on"] = b.expires_on.ToString();
  return o;
}

std::string SummariesToCsv(const std::vector<store::CertificateSummary>& rows, Date today) {
  std::string out =
      "number,issuer,destination,status,issued_on,expires_on,carats,value_usd,parcels,hs_codes,"
      "confirmation_mismatch\r\n";
  for (const auto& s : rows) {
    // Every field is from a restricted alphabet (codes, digits, dates): no quoting needed.
    out += s.number + "," + s.issuer + "," + s.destination + "," +
           DisplayStatus(s.state, s.expires_on, today) + "," + s.issued_on.ToString() + "," +
           s.expires_on.ToString() + "," + core::FormatHundredths(s.carats_hundredths) + "," +
           core::FormatHundredths(s.value_usd_cents) + "," + std::to_string(s.parcels) + "," +
           s.hs_codes + "," + (s.mismatch ? "yes" : "no") + "\r\n";
  }
  return out;
}

}  // namespace openkp::registry
