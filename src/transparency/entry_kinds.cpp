#include "transparency/entry_kinds.h"

namespace openkp::transparency {

core::Status EntryKinds::Register(std::string kind, EntryBuilder build) {
  if (kind.empty() || !build) {
    return core::Status::Internal("a log entry kind needs a name and a builder");
  }
  if (builders_.count(kind) != 0) {
    return core::Status(core::Code::kAlreadyExists,
                        "log entry kind '" + kind + "' is registered twice");
  }
  builders_.emplace(std::move(kind), std::move(build));
  return {};
}

core::Status EntryKinds::Add(const EntryKinds& other) {
  for (const auto& [kind, build] : other.builders_) OPENKP_RETURN_IF_ERROR(Register(kind, build));
  return {};
}

const EntryBuilder* EntryKinds::Find(std::string_view kind) const {
  auto it = builders_.find(kind);
  return it == builders_.end() ? nullptr : &it->second;
}

std::vector<std::string> EntryKinds::Names() const {
  std::vector<std::string> out;
  for (const auto& [kind, build] : builders_) out.push_back(kind);
  return out;
}

}  // namespace openkp::transparency
