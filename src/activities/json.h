// The coalition's records as JSON: the API's and the CLI's, the demo data's and the store's
// (an activity version is stored as its document). Reading is strict (core::ObjectReader): an
// unknown member or a wrong type names its field; values are checked by the service.
#pragma once

#include <boost/json.hpp>

#include "activities/records.h"
#include "core/status.h"

namespace openkp::activities {

namespace json = boost::json;

// The activity's own fields; with `record`, also its version and who recorded it when.
json::object ActivityToJson(const Activity& a, bool record = false);
// `stored`: a document written by ActivityToJson (the store's); otherwise the API's input, where
// ref is optional and version and record fields are refused.
core::Result<Activity> ActivityFromJson(const json::value& v, bool stored = false);

json::object MemberToJson(const Member& m);
core::Result<Member> MemberFromJson(const json::value& v);
json::object PersonToJson(const Person& p);
json::object ApplicationToJson(const Application& a);
json::object FinalReportToJson(const FinalReport& r);
json::object DocumentToJson(const ActivityDocument& d);

}  // namespace openkp::activities
