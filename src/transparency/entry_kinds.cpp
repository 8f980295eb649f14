#include "transparency/entry_kinds.h"

#include <boost/json.hpp>

#include "core/jcs.h"
#include "core/json_reader.h"

namespace openkp::transparency {

EntryBuilder PublishedPartBuilder() {
  return [](store::Database&, store::Txn&, const store::Event& e,
            std::string) -> core::Result<EntryAndSalt> {
    auto payload = core::ParseJson(e.payload);
    if (!payload.ok()) return payload.status();
    boost::json::object entry{{"v", 1}, {"event", e.kind}, {"date", e.at.substr(0, 10)}};
    if (payload->is_object()) {
      if (const auto* pub = payload->as_object().if_contains("public"); pub && pub->is_object()) {
        for (const auto& [k, v] : pub->as_object()) entry[k] = v;
      }
    }
    auto bytes = core::Canonicalize(entry);
    if (!bytes.ok()) return bytes.status();
    return EntryAndSalt{std::move(*bytes), ""};
  };
}

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
