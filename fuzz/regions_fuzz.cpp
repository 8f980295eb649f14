// libFuzzer target: the request bodies of regions, action plans, actions, commitments and their
// steps (the API's and the CLI's files: review/json.h), and the renderings that carry their text
// (JSON, the register's rows).
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/csv.h"
#include "core/json_reader.h"
#include "review/json.h"

using namespace openkp;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  // The first byte picks the body; the rest is the JSON.
  const uint8_t which = data[0] % 7;
  auto body = core::ParseJson(std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
  if (!body.ok()) return 0;
  switch (which) {
    case 0:
    case 1:
      if (auto r = review::RegionFromJson(*body, which == 0); r.ok()) {
        (void)boost::json::serialize(review::RegionToJson(*r));
      }
      break;
    case 2:
      (void)review::ActionPlanFromJson(*body);
      break;
    case 3:
      if (auto a = review::ActionFromJson(*body); a.ok()) {
        review::FollowUpView v;
        v.item.type = "action";
        v.item.axis = a->axis;
        v.item.text = a->text;
        v.item.owner = a->owner;
        v.item.due_on = a->due_on;
        (void)boost::json::serialize(review::FollowUpToJson(v));
        for (const auto& row : review::FollowUpRows({v})) {
          for (const auto& cell : row) (void)core::CsvField(cell);
        }
      }
      break;
    case 4:
      if (auto c = review::CommitmentFromJson(*body); c.ok()) {
        review::FollowUpView v;
        v.item.type = "commitment";
        v.item.text = c->text;
        v.item.owner = c->owner;
        v.item.promised_to = c->promised_to;
        v.item.incidents = c->incidents;
        v.item.sites = c->sites;
        (void)boost::json::serialize(review::FollowUpToJson(v));
      }
      break;
    default:
      (void)review::StepFromJson(*body, which == 5);
  }
  return 0;
}
