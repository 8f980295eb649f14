// The civil-society coalition's own work (docs/COALITION.md): its member organisations and the
// people who record for them, membership applications, activities recorded once by the member
// that did them, the annual report to the KP generated from them, and open data (JSON, CSV,
// .xlsx, IATI 2.03).
//
//   activities::Activities coalition(db, std::move(*activities::NewActivitiesStore(db)));
//   auto a = coalition.Record(editor, activity);           // version 1, by a member's editor
//   coalition.Correct(editor, a->ref, corrected);          // version 2: history stays
//   auto model = coalition.Report(coordinator, 2019, "en"); // sections as the real report's
//   std::string html = activities::ReportHtml(*model);
//   coalition.Finalise(coordinator, 2019, "en");           // stored, its SHA-256 logged
//
// Who may do what (people are users with the role "coalition", given a part by the coordinator
// or an admin): the coordinator manages members, people, applications and the report's texts,
// records and corrects any activity, and finalises reports; an editor records and corrects the
// activities its member leads; a viewer reads everything the coalition holds. Anyone reads the
// members, the public activities (not withdrawn) and final reports. Every record is appended.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "accounts/accounts.h"
#include "activities/activities_store.h"
#include "activities/records.h"
#include "core/date.h"

namespace openkp::activities {

struct ActivityQuery {
  int year = 0;        // 0: every year
  std::string member;  // "" for all; else activities it took part in
  std::string type;    // "" for all
};

// Rows of a spreadsheet of activities, checked before anything is stored.
struct ImportRow {
  int64_t row = 0;  // the row's number in the file
  std::optional<Activity> activity;
  std::string action;        // "add" or "update" (a new version of `ref`)
  std::string field, error;  // set when the row is invalid
};
struct ImportResult {
  std::vector<ImportRow> rows;
  int64_t valid = 0, invalid = 0;
  bool stored = false;
};
struct ImportOptions {
  std::string mode = "add";  // add: every row is a new activity; update: every row corrects one
  bool store = false;        // false: a preview
  bool valid_only = false;   // store the valid rows even when others are invalid
};

// What a year's report holds, ready to render (report.h).
struct ReportItem {
  Activity activity;
  std::vector<std::string> member_names;  // "ZELA", ... as the report names them
};
struct ReportGroup {
  std::string key;  // a sub-heading's key, or a country code in "national"
  std::string title;
  std::vector<ReportItem> items;
};
struct ReportSection {
  std::string key;
  std::string title;
  std::string text;  // the coordinator's
  std::vector<ReportGroup> groups;
};
struct ReportModel {
  int year = 0;
  std::string lang;
  std::string coalition;  // its name
  std::vector<ReportSection> sections;
  // Figures: activities per country, people trained (training activities' participants).
  std::vector<std::pair<std::string, int64_t>> activities_by_country;  // name, count
  int64_t people_trained = 0, activities = 0;
  bool draft = true;
};

class Activities {
 public:
  static constexpr int64_t kMaxDocumentBytes = 10 << 20;
  static constexpr size_t kMaxDocuments = 20;

  Activities(store::Database& db, std::unique_ptr<ActivitiesStore> store,
             std::function<core::Date()> today = &core::Date::TodayUtc);
  Activities(const Activities&) = delete;
  Activities& operator=(const Activities&) = delete;

  // The caller's part: "coordinator" for admins, "" for no part.
  Result<Person> PartOf(const accounts::Principal* who);

  // Members: anyone reads; the coordinator adds one or a new version of one (same code).
  Result<std::vector<Member>> Members();
  Result<Member> SaveMember(const accounts::Principal& who, Member m);
  // The coordinator (or an admin) gives a user with the role "coalition" a part.
  Result<Person> SetPerson(const accounts::Principal& who, int64_t user_id,
                           const std::string& member, const std::string& role);
  Result<std::vector<Person>> People(const accounts::Principal& who);

  // Membership applications: coalition people read; the coordinator records and decides.
  // "admitted" makes the organisation a member (code, name, country; joined on the step's date).
  Result<std::vector<Application>> Applications(const accounts::Principal& who);
  Result<Application> Apply(const accounts::Principal& who, Application a);
  Result<Application> AddApplicationStep(const accounts::Principal& who, int64_t id,
                                         const std::string& step, const std::string& on,
                                         const std::string& note);

  // A new activity (version 1). Without `ref`, one is made ("ZELA-2019-K7Q2M"); kAlreadyExists
  // for a ref in use (correct it instead).
  Result<Activity> Record(const accounts::Principal& who, Activity a);
  // A new version of `ref` (a withdrawal is one with `withdrawn`).
  Result<Activity> Correct(const accounts::Principal& who, const std::string& ref, Activity a);
  // kNotFound also for what the caller may not see.
  Result<Activity> Get(const accounts::Principal* who, const std::string& ref);
  Result<std::vector<Activity>> History(const accounts::Principal* who, const std::string& ref);
  // The latest versions the caller may see (the public: public and not withdrawn; coalition
  // people: all but withdrawn), by start date.
  Result<std::vector<Activity>> List(const accounts::Principal* who, const ActivityQuery& q);
  // A file with an activity: the coordinator or the lead's editor; at most 20 per activity, of
  // the types and size core::CheckDocument allows (10 MiB). Readers: whoever sees the activity.
  Result<ActivityDocument> AddDocument(const accounts::Principal& who, const std::string& ref,
                                       const std::string& name, const std::string& content_type,
                                       const std::string& bytes);
  Result<std::vector<ActivityDocument>> Documents(const accounts::Principal* who,
                                                  const std::string& ref);
  Result<ActivityDocument> GetDocument(const accounts::Principal* who, const std::string& ref,
                                       int64_t id);
  // A CSV or .xlsx file of activities (columns in docs/COALITION.md).
  Result<ImportResult> Import(const accounts::Principal& who, std::string_view bytes,
                              const ImportOptions& options);
  // Whether `a` may be stored, given the coalition's `members`: kInvalidArgument naming the field.
  static Status Check(const Activity& a, const std::vector<Member>& members);

  // The report's texts ("introduction", "general" or a section key): the coordinator writes.
  Status SetReportText(const accounts::Principal& who, int year, const std::string& lang,
                       const std::string& section, const std::string& text);
  // A year's report from the activities (coalition people; the public may read final ones).
  Result<ReportModel> Report(const accounts::Principal& who, int year, const std::string& lang);
  // Renders the report, stores it as final and commits its SHA-256 to the log; a later final
  // of the same year and language is a new version.
  Result<FinalReport> Finalise(const accounts::Principal& who, int year, const std::string& lang);
  Result<std::vector<FinalReport>> FinalReports(int year);
  Result<FinalReport> GetFinalReport(int64_t id);

 private:
  Result<Activity> Save(const accounts::Principal& who, Activity a, const std::string& ref);
  // Stores `a` as a new activity (`ref` "") or a new version of `ref`, in `t`.
  Status SaveIn(store::Txn& t, const Person& part, Activity& a, const std::string& ref);
  std::string Now() const;
  // The report, whoever asks (Report and Finalise decide who may).
  Result<ReportModel> BuildReport(int year, const std::string& lang);

  store::Database& db_;
  std::unique_ptr<ActivitiesStore> store_;
  std::function<core::Date()> today_;
};

// The rows of a CSV or .xlsx file of activities (columns in docs/COALITION.md), each with its
// number in the file and its activity or what is wrong with it, before any check against the
// members or the store; kInvalidArgument ("header") for an unknown, repeated or missing column
// (`need_ref`: "ref" is required).
Result<std::vector<std::pair<int64_t, Result<Activity>>>> ParseActivityRows(std::string_view bytes,
                                                                            bool need_ref);

// Rows a spreadsheet of activities may hold (a year of a coalition is some hundred).
inline constexpr size_t kMaxImportRows = 10000;

// Year of an activity's start (its first four characters).
int YearOf(const Activity& a);
// The member code of the coalition itself: its name and IATI identifier are kept as a member's,
// and activities of the coalition as a whole are led by it. It is not counted among members.
inline constexpr const char* kCoalitionCode = "CSC";

}  // namespace openkp::activities
