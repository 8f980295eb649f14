// The review service's records as JSON (the API's and the CLI's) and CSV.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "review/follow_ups.h"
#include "review/peer_reviews.h"
#include "review/review.h"

namespace openkp::review {

namespace json = boost::json;

// A decision; officers' copies come without note and author (the service blanks them).
json::value TriageToJson(const TriageStep& s);
json::object FindingToJson(const TrackedFinding& t);
// A finding's own fields (a roll-up's certificates: they have no state of their own).
json::object FindingFieldsToJson(const Finding& f);
// A group, with its findings when they were asked for.
json::object GroupToJson(const TrackedGroup& g);
// One row per group: id, severity, state, rule, participants, period, count, message.
std::string GroupsToCsv(const FindingPage& page);
json::object DocumentToJson(const Document& d);
// `full`: with message, findings, steps (with their logged documents) and documents.
json::object QuestionnaireToJson(const QuestionnaireView& v, bool full);

// A peer review with its team and stages (as the service left them for the caller).
json::object PeerReviewToJson(const PeerReview& r);
json::object InputToJson(const ReviewInput& x);
json::object RecommendationToJson(const RecommendationView& v);
// A step of a recommendation or a follow-up (`by` is null where the service blanked it).
json::object StepToJson(const FollowUpStep& s);

// Regions, action plans and follow-ups (review/regions.h, review/follow_ups.h).
json::object RegionToJson(const Region& r);
json::object FollowUpToJson(const FollowUpView& v);
json::object ActionPlanToJson(const ActionPlanView& v);
// The register as rows of text, a header first: for CSV and .xlsx exports.
std::vector<std::vector<std::string>> FollowUpRows(const std::vector<FollowUpView>& list);

// Request bodies (the API's, and the CLI's files), strict: kInvalidArgument naming the field,
// members never read refused. `with_code`: a new region names its code; an update does not.
core::Result<Region> RegionFromJson(const json::value& body, bool with_code);
core::Result<NewActionPlan> ActionPlanFromJson(const json::value& body);
core::Result<NewAction> ActionFromJson(const json::value& body);
core::Result<NewCommitment> CommitmentFromJson(const json::value& body);
// A status or an assessment ({status, comment, source, evidence}), or a progress report
// ({text, source, next_due_on, evidence}).
core::Result<NewStep> StepFromJson(const json::value& body, bool progress);

}  // namespace openkp::review
