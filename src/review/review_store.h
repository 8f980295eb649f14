// The review service's domain store: one interface, one implementation per backend (see
// store/database.h for the contracts every domain store shares: it runs inside `t`, writes need
// a write transaction, kAlreadyExists for a duplicate key, kNotFound for a missing row). Every
// record is appended: no method alters or removes one, and the SQLite schema refuses UPDATE and
// DELETE on every review table (triggers).
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
};

// The review tables (store/domain.h), for backends::OpenDatabase.
store::DomainSchema Schema();
// The implementation for `db`'s backend; kInvalidArgument for a backend without one.
Result<std::unique_ptr<ReviewStore>> NewReviewStore(store::Database& db);

}  // namespace openkp::review
