// JSON mapping of registry requests and answers, shared by the HTTP API and the CLI so both
// accept and print exactly the same documents (docs/API.md).
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "registry/registry.h"

namespace openkp::registry {

// Strict: unknown members, missing members and wrong types are errors naming the field.
Result<IssueRequest> IssueRequestFromJson(const boost::json::value& v);
Result<ConfirmRequest> ConfirmRequestFromJson(const boost::json::value& v);
Result<VoidRequest> VoidRequestFromJson(const boost::json::value& v);

// Full record for the two participants concerned: signed document, state, confirmation, voiding.
boost::json::object RecordToJson(const store::CertificateRecord& rec, Date today);
// The same document as text, with the stored signed document spliced in as it is instead of
// rebuilt (it is most of the answer, and the API sends one per write).
std::string RecordToJsonText(const store::CertificateRecord& rec, Date today);
boost::json::object SummaryToJson(const store::CertificateSummary& s, Date today);
// Public answer: number, issuer, status, dates, validity and checks; never parties or values.
boost::json::object PublicVerifyToJson(const core::CertificateBody& stored, const VerifyReport& r);
boost::json::object VerifyToJson(const VerifyReport& r);

// "issued", "expired", "confirmed" or "voided" as of `today`.
std::string DisplayStatus(store::CertificateState state, Date expires_on, Date today);

// CSV (RFC 4180) of a listing, with a header row.
std::string SummariesToCsv(const std::vector<store::CertificateSummary>& rows, Date today);

}  // namespace openkp::registry
