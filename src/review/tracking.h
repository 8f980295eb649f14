// The one model of following something up to the end: a review's recommendations, the actions
// of an action plan and the commitments made at multi-stakeholder meetings are each a record
// with appended steps (records.h FollowUpStep). Their state is read from the steps alone:
//
//   TrackState s = Track(steps, first_report_due, target_date, today);
//   if (s.overdue) ...            // a report or the target date passed, and it is not final
//   Status bad = CheckStatus("status", value, comment, source);   // before appending a step
//
// Who may append which kind is each owner's decision (PeerReviews, FollowUps); the vocabulary,
// the checks of a step and what its state is are decided here, once.
#pragma once

#include <string>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "review/records.h"

namespace openkp::review {

// What a record's steps say now.
struct TrackState {
  std::string response;  // "" until the addressee responds (accepted | partly | noted)
  std::string status = "not-started";  // not-started | in-progress | implemented | not-implemented
  std::string status_source;           // who says so
  std::string civil_society;           // civil society's latest assessment ("" for none)
  std::string civil_society_source;
  std::string next_report_due;   // the latest progress report's next due date, else the first
  std::string last_progress_on;  // the date of the latest progress report ("" for none)
  bool overdue = false;          // a report or the target date passed and the status is not final
  bool past_target = false;      // the target date passed and the status is not final
};

// `first_report_due` and `target` (either may be "") are YYYY-MM-DD.
TrackState Track(const std::vector<FollowUpStep>& steps, const std::string& first_report_due,
                 const std::string& target, core::Date today);

// implemented | not-implemented: nothing more is due.
bool IsFinalStatus(const std::string& status);

// The checks of each kind of step, before it is appended (kInvalidArgument naming the field).
core::Status CheckResponse(const std::string& response, const std::string& comment);
// A status, or civil society's assessment: a status with a comment and its source (required).
core::Status CheckStatus(const std::string& status, const std::string& comment,
                         const std::string& source);
// A progress report: its text and source (required), and when the next is due (after today,
// within 366 days; required unless `state` is final).
core::Status CheckProgress(const TrackState& state, const std::string& text,
                           const std::string& source, const std::string& next_due_on,
                           core::Date today);

}  // namespace openkp::review
