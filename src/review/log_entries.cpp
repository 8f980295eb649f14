#include "review/log_entries.h"

#include "review/peer_reviews.h"

namespace openkp::review {

const std::vector<std::string>& EventKinds() {
  static const std::vector<std::string> kinds = [] {
    std::vector<std::string> k = {"review.questionnaire.sent",
                                  "review.questionnaire.answered",
                                  "review.questionnaire.accepted",
                                  "review.questionnaire.clarification",
                                  "review.questionnaire.escalated",
                                  "review.questionnaire.listed",
                                  "review.input.received",
                                  "review.input.document",
                                  "review.recommendation.added",
                                  "review.recommendation.response",
                                  "review.recommendation.status",
                                  "review.recommendation.civil-society",
                                  "review.recommendation.progress",
                                  "review.region.version",
                                  "review.plan.added",
                                  "review.follow-up.added",
                                  "review.follow-up.status",
                                  "review.follow-up.civil-society",
                                  "review.follow-up.progress"};
    for (const auto& stage : ReviewStages()) k.push_back("review.stage." + stage);
    return k;
  }();
  return kinds;
}

transparency::EntryKinds LogEntryKinds() {
  transparency::EntryKinds kinds;
  for (const auto& k : EventKinds()) (void)kinds.Register(k, transparency::PublishedPartBuilder());
  return kinds;
}

}  // namespace openkp::review
