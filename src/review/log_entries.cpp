#include "review/log_entries.h"

#include <boost/json.hpp>

#include "core/jcs.h"
#include "core/json_reader.h"
#include "review/peer_reviews.h"

namespace openkp::review {

namespace json = boost::json;

const std::vector<std::string>& EventKinds() {
  static const std::vector<std::string> kinds = [] {
    std::vector<std::string> k = {"review.questionnaire.sent",
                                  "review.questionnaire.answered",
                                  "review.questionnaire.accepted",
                                  "review.questionnaire.clarification",
                                  "review.questionnaire.escalated",
                                  "review.questionnaire.listed",
                                  "review.input.received",
                                  "review.recommendation.added",
                                  "review.recommendation.response",
                                  "review.recommendation.status",
                                  "review.recommendation.civil-society",
                                  "review.recommendation.progress"};
    for (const auto& stage : ReviewStages()) k.push_back("review.stage." + stage);
    return k;
  }();
  return kinds;
}

namespace {

// Publishes exactly the "public" object the service put in the event's payload.
core::Result<transparency::EntryAndSalt> Build(store::Database&, store::Txn&, const store::Event& e,
                                               std::string) {
  auto payload = core::ParseJson(e.payload);
  if (!payload.ok()) return payload.status();
  json::object entry{{"v", 1}, {"event", e.kind}, {"date", e.at.substr(0, 10)}};
  if (payload->is_object()) {
    if (const auto* pub = payload->as_object().if_contains("public"); pub && pub->is_object()) {
      for (const auto& [k, v] : pub->as_object()) entry[k] = v;
    }
  }
  auto bytes = core::Canonicalize(entry);
  if (!bytes.ok()) return bytes.status();
  return transparency::EntryAndSalt{std::move(*bytes), ""};
}

}  // namespace

transparency::EntryKinds LogEntryKinds() {
  transparency::EntryKinds kinds;
  for (const auto& k : EventKinds()) (void)kinds.Register(k, Build);
  return kinds;
}

}  // namespace openkp::review
