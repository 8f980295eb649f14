// What the registry publishes in the transparency log for each event it writes
// (docs/TRANSPARENCY_LOG.md): certificate events commit to the signed certificate without
// revealing it; key events publish the public key material and dates.
//
//   transparency::EntryKinds kinds = registry::LogEntryKinds();
#pragma once

#include "transparency/entry_kinds.h"

namespace openkp::registry {

// Builders for certificate.issued, .confirmed, .voided and key.registered, .rotated, .revoked.
transparency::EntryKinds LogEntryKinds();

}  // namespace openkp::registry
