// A document attached to an answer or an input (review_internal.h NewDocument), checked by
// core::CheckDocument.
#include <string>

#include "core/document.h"
#include "crypto/crypto.h"
#include "review/review_internal.h"

namespace openkp::review {

namespace internal {

core::Result<Document> NewDocument(const std::string& name, const std::string& content_type,
                                   const std::string& bytes, int64_t max_bytes,
                                   const std::string& uploaded_by, const std::string& at) {
  OPENKP_RETURN_IF_ERROR(core::CheckDocument(name, content_type, bytes, max_bytes));
  Document d;
  d.name = name;
  d.content_type = content_type;
  d.sha256 = crypto::Sha256Hex(bytes);
  d.size = static_cast<int64_t>(bytes.size());
  d.bytes = bytes;
  d.uploaded_by = uploaded_by;
  d.at = at;
  return d;
}

}  // namespace internal

}  // namespace openkp::review
