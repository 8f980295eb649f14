// The review service's domain store: one interface, one implementation for every SQL backend
// (see store/database.h for the contracts every domain store shares: it runs inside `t`, writes
// need a write transaction, kAlreadyExists for a duplicate key, kNotFound for a missing row).
// Every record is appended: no method alters or removes one, and the schema of every backend
// refuses UPDATE and DELETE on every review table (triggers).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "review/records.h"
#include "store/database.h"
#include "store/domain.h"

namespace openkp::review {

using core::Result;
using core::Status;

class ReviewStore {
 public:
  virtual ~ReviewStore() = default;

  // The latest triage step of every finding that has one, by finding id.
  virtual Result<std::map<std::string, TriageStep>> LatestTriage(store::Txn& t) = 0;
  // Every triage step of one finding, oldest first.
  virtual Result<std::vector<TriageStep>> TriageHistory(store::Txn& t,
                                                        const std::string& finding_id) = 0;
  virtual Result<int64_t> AddTriage(store::Txn& t, const TriageStep& step) = 0;

  // Stores a questionnaire and its findings; returns its id.
  virtual Result<int64_t> AddQuestionnaire(store::Txn& t, const Questionnaire& q) = 0;
  // One questionnaire with its findings, steps and documents (without their bytes).
  virtual Result<Questionnaire> GetQuestionnaire(store::Txn& t, int64_t id) = 0;
  // Questionnaires (with steps, without findings or documents), newest first; `participant`
  // "" for all.
  virtual Result<std::vector<Questionnaire>> ListQuestionnaires(store::Txn& t,
                                                                const std::string& participant) = 0;
  virtual Result<int64_t> AddStep(store::Txn& t, const QuestionnaireStep& step) = 0;
  // kAlreadyExists when the questionnaire has a document of that name.
  virtual Result<int64_t> AddDocument(store::Txn& t, const Document& d) = 0;
  virtual Result<Document> GetDocument(store::Txn& t, int64_t questionnaire_id,
                                       int64_t document_id) = 0;

  // Peer reviews, with their team; returns the id.
  virtual Result<int64_t> AddPeerReview(store::Txn& t, const PeerReview& r) = 0;
  // One review with its team and stages; kNotFound.
  virtual Result<PeerReview> GetPeerReview(store::Txn& t, int64_t id) = 0;
  // Reviews (with team and stages), newest first; `participant` "" for all.
  virtual Result<std::vector<PeerReview>> ListPeerReviews(store::Txn& t,
                                                          const std::string& participant) = 0;
  virtual Result<int64_t> AddStage(store::Txn& t, const StageStep& step) = 0;
  virtual Result<int64_t> AddInput(store::Txn& t, const ReviewInput& input) = 0;
  // A review's inputs with their uses and documents (without bytes), oldest first.
  virtual Result<std::vector<ReviewInput>> ListInputs(store::Txn& t, int64_t review_id) = 0;
  virtual Result<ReviewInput> GetInput(store::Txn& t, int64_t id) = 0;
  virtual Result<int64_t> AddInputUse(store::Txn& t, const InputUse& use) = 0;
  // A document of an input (Document::input_id); kAlreadyExists for a name it already has.
  virtual Result<int64_t> AddInputDocument(store::Txn& t, const Document& d) = 0;
  // With its bytes; kNotFound.
  virtual Result<Document> GetInputDocument(store::Txn& t, int64_t input_id,
                                            int64_t document_id) = 0;
  virtual Result<int64_t> AddRecommendation(store::Txn& t, const Recommendation& r) = 0;
  virtual Result<Recommendation> GetRecommendation(store::Txn& t, int64_t id) = 0;
  // Recommendations with their steps, by id; `review_id` 0 and `participant` "" for all.
  virtual Result<std::vector<Recommendation>> ListRecommendations(
      store::Txn& t, int64_t review_id, const std::string& participant) = 0;
  virtual Result<int64_t> AddRecommendationStep(store::Txn& t, const RecommendationStep& s) = 0;

  // Regions: a version of one (kAlreadyExists for a code and version stored already).
  virtual Status AddRegionVersion(store::Txn& t, const Region& r) = 0;
  // The latest version of every region, by code.
  virtual Result<std::vector<Region>> ListRegions(store::Txn& t) = 0;
  // Every version of one, oldest first (empty for an unknown code).
  virtual Result<std::vector<Region>> RegionHistory(store::Txn& t, const std::string& code) = 0;
  virtual Result<int64_t> AddActionPlan(store::Txn& t, const ActionPlan& p) = 0;
  // Every action plan, by id.
  virtual Result<std::vector<ActionPlan>> ListActionPlans(store::Txn& t) = 0;
  virtual Result<int64_t> AddFollowUp(store::Txn& t, const FollowUp& f) = 0;
  // With its steps; kNotFound.
  virtual Result<FollowUp> GetFollowUp(store::Txn& t, int64_t id) = 0;
  // With their steps, by id; `type` "" and `plan_id` 0 for all.
  virtual Result<std::vector<FollowUp>> ListFollowUps(store::Txn& t, const std::string& type,
                                                      int64_t plan_id) = 0;
  virtual Result<int64_t> AddFollowUpStep(store::Txn& t, const FollowUpStep& s) = 0;
};

// The review tables (store/domain.h), for backends::OpenDatabase.
store::DomainSchema Schema();
// The implementation for `db`'s backend; kInvalidArgument for a backend without one.
Result<std::unique_ptr<ReviewStore>> NewReviewStore(store::Database& db);

}  // namespace openkp::review
