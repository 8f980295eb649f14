// ISO 3166-1 alpha-2 country codes, and the KP participants known at start-up.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace openkp::core {

// True for an officially assigned ISO 3166-1 alpha-2 code ("BW", "ZA", ...).
bool IsIsoCountry(std::string_view code);

// True for an EU member state (the EU is one KP participant, code "EU").
bool IsEuMember(std::string_view code);

struct ParticipantInfo {
  std::string code;       // ISO 3166-1 alpha-2, or "EU"
  std::string name;       // the name the KP uses in its statistics
  std::string authority;  // the KP authority that issues its certificates
};

// The KP participants (the European Union as one), as loaded by `openkp init`.
const std::vector<ParticipantInfo>& KnownParticipants();

}  // namespace openkp::core
