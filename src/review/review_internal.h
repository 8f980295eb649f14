// Helpers shared by the review service's files (review.cpp, peer_reviews.cpp). Not a public
// header.
#pragma once

#include <boost/json.hpp>
#include <string>

#include "core/date.h"
#include "core/status.h"
#include "review/records.h"

namespace openkp::store {
class Database;
class Txn;
}  // namespace openkp::store

namespace openkp::review::internal {

using core::Status;

// A caller's value repeated in a message: at most 40 bytes of it.
inline std::string Clip(const std::string& s) {
  return s.size() <= 40 ? s : s.substr(0, 40) + "...";
}

Status Denied(const std::string& why);  // kPermissionDenied
// A date YYYY-MM-DD (kInvalidArgument naming `field`, rule "date"); "" passes unless required.
Status CheckDate(const std::string& field, const std::string& v, bool required = true);
// A KP participant's code as written: two or three capital letters ("SL", "EU").
bool ValidParticipantCode(const std::string& code);
Status Conflict(const std::string& why);  // kFailedPrecondition
// Text people write (notes, answers, reports): plain UTF-8 text, lines allowed.
Status CheckText(const std::string& field, const std::string& v, size_t max, bool required);
// `o` with a random salt, canonical (RFC 8785): what the log commits to (its SHA-256); the salt
// keeps the hash from being tested against guesses.
core::Result<std::string> SaltedDocument(boost::json::object o);
// A document attached to an answer or an input, checked by core::CheckDocument, with its SHA-256
// and size, uploaded by `uploaded_by` at `at`; the caller sets what it belongs to.
core::Result<Document> NewDocument(const std::string& name, const std::string& content_type,
                                   const std::string& bytes, int64_t max_bytes,
                                   const std::string& uploaded_by, const std::string& at);
// Appends an event whose log entry publishes exactly `published` (and its kind and date).
Status AppendPublished(store::Database& db, store::Txn& t, const std::string& kind,
                       const std::string& subject, const std::string& actor,
                       boost::json::object published);

}  // namespace openkp::review::internal
