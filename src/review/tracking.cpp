#include "review/tracking.h"

#include "review/review_internal.h"

namespace openkp::review {

using core::Status;
using internal::CheckText;

bool IsFinalStatus(const std::string& s) { return s == "implemented" || s == "not-implemented"; }

TrackState Track(const std::vector<FollowUpStep>& steps, const std::string& first_report_due,
                 const std::string& target, core::Date today) {
  TrackState v;
  v.next_report_due = first_report_due;
  for (const auto& s : steps) {
    if (s.kind == "response") v.response = s.value;
    if (s.kind == "status") {
      v.status = s.value;
      v.status_source = s.source;
    }
    if (s.kind == "civil-society") {
      v.civil_society = s.value;
      v.civil_society_source = s.source;
    }
    if (s.kind == "progress") {
      v.next_report_due = s.due_on;
      v.last_progress_on = s.at.substr(0, 10);
    }
  }
  const bool open = !IsFinalStatus(v.status);
  auto report = core::Date::Parse(v.next_report_due);
  auto goal = core::Date::Parse(target);
  v.past_target = open && goal.ok() && today > *goal;
  v.overdue = open && ((report.ok() && today > *report) || v.past_target);
  return v;
}

Status CheckResponse(const std::string& response, const std::string& comment) {
  if (response != "accepted" && response != "partly" && response != "noted") {
    return Status::Invalid("response", "enum", "must be accepted, partly or noted");
  }
  return CheckText("comment", comment, 8000, false);
}

Status CheckStatus(const std::string& status, const std::string& comment,
                   const std::string& source) {
  if (status != "not-started" && status != "in-progress" && !IsFinalStatus(status)) {
    return Status::Invalid("status", "enum",
                           "must be not-started, in-progress, implemented or not-implemented");
  }
  OPENKP_RETURN_IF_ERROR(CheckText("comment", comment, 8000, false));
  return CheckText("source", source, 500, true);
}

Status CheckProgress(const TrackState& state, const std::string& text, const std::string& source,
                     const std::string& next_due_on, core::Date today) {
  OPENKP_RETURN_IF_ERROR(CheckText("text", text, 20000, true));
  OPENKP_RETURN_IF_ERROR(CheckText("source", source, 500, true));
  if (!next_due_on.empty()) {
    auto d = core::Date::Parse(next_due_on);
    if (!d.ok()) return Status::Invalid("next_due_on", "date", "must be a date YYYY-MM-DD");
    // Reports are periodic: a date years away would switch an item's overdue flag off.
    if (!(*d > today) || d->days() - today.days() > 366) {
      return Status::Invalid("next_due_on", "range", "must be after today, within a year");
    }
  } else if (!IsFinalStatus(state.status)) {
    return Status::Invalid("next_due_on", "required",
                           "is required until the status is implemented or not-implemented");
  }
  return {};
}

}  // namespace openkp::review
