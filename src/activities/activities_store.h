// The coalition's domain store: one interface, implemented once for every SQL backend
// (store/database.h states the contracts every domain store shares: it runs inside `t`, writes need
// a write transaction, kAlreadyExists for a duplicate key, kNotFound for a missing row). Every
// record is appended; every backend's schema refuses UPDATE and DELETE on every coalition table
// (triggers).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "activities/records.h"
#include "store/database.h"
#include "store/domain.h"

namespace openkp::activities {

using core::Result;
using core::Status;

class ActivitiesStore {
 public:
  virtual ~ActivitiesStore() = default;

  // A member's version `m.version` (the first is 1); kAlreadyExists when it exists.
  virtual Status AddMember(store::Txn& t, const Member& m) = 0;
  // The latest version of every member, by code.
  virtual Result<std::vector<Member>> Members(store::Txn& t) = 0;

  virtual Status AddPerson(store::Txn& t, const Person& p) = 0;
  // The latest record of every person (role "none" included), by user id.
  virtual Result<std::vector<Person>> People(store::Txn& t) = 0;

  virtual Result<int64_t> AddApplication(store::Txn& t, const Application& a) = 0;
  virtual Result<int64_t> AddApplicationStep(store::Txn& t, const ApplicationStep& s) = 0;
  // Every application with its steps, oldest first.
  virtual Result<std::vector<Application>> Applications(store::Txn& t) = 0;

  // Version `a.version` of activity `a.ref`; kAlreadyExists when it exists (two writers raced).
  virtual Status AddActivity(store::Txn& t, const Activity& a) = 0;
  // The latest version; kNotFound.
  virtual Result<Activity> LatestActivity(store::Txn& t, const std::string& ref) = 0;
  // Every version, oldest first; empty for an unknown ref.
  virtual Result<std::vector<Activity>> ActivityHistory(store::Txn& t, const std::string& ref) = 0;
  // The latest version of every activity that starts in `year` (0: every year), by start date
  // then ref.
  virtual Result<std::vector<Activity>> Activities(store::Txn& t, int year) = 0;

  // kAlreadyExists when the activity has a document of that name.
  virtual Result<int64_t> AddDocument(store::Txn& t, const ActivityDocument& d) = 0;
  // An activity's documents without their bytes, oldest first.
  virtual Result<std::vector<ActivityDocument>> Documents(store::Txn& t,
                                                          const std::string& ref) = 0;
  // With its bytes; kNotFound (also for a document of another activity).
  virtual Result<ActivityDocument> GetDocument(store::Txn& t, const std::string& ref,
                                               int64_t id) = 0;

  // Version `x.version` of a section's text; kAlreadyExists when it exists.
  virtual Status AddReportText(store::Txn& t, const ReportText& x) = 0;
  // The latest text of each section of a year's report in `lang`.
  virtual Result<std::vector<ReportText>> ReportTexts(store::Txn& t, int year,
                                                      const std::string& lang) = 0;

  virtual Result<int64_t> AddFinalReport(store::Txn& t, const FinalReport& r) = 0;
  // A year's final reports (without their HTML), oldest first.
  virtual Result<std::vector<FinalReport>> FinalReports(store::Txn& t, int year) = 0;
  // With its HTML; kNotFound.
  virtual Result<FinalReport> GetFinalReport(store::Txn& t, int64_t id) = 0;
};

// The coalition's tables (store/domain.h), for backends::OpenDatabase.
store::DomainSchema Schema();
// The implementation for `db`'s backend; kInvalidArgument for a backend without one.
Result<std::unique_ptr<ActivitiesStore>> NewActivitiesStore(store::Database& db);

}  // namespace openkp::activities
