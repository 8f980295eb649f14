// What the coalition keeps: its member organisations, the people who record for them, membership
// applications with their steps, activities with every version, the coordinator's report texts,
// and final reports. Every record is appended, never changed: a correction is a new version, and
// the current state is read from the latest one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace openkp::activities {

// Text in English and/or French (at least one where the field is required).
struct Text {
  std::string en, fr;
  bool empty() const { return en.empty() && fr.empty(); }
  // The text in `lang`, else in the other language.
  const std::string& In(const std::string& lang) const {
    if (lang == "fr") return fr.empty() ? en : fr;
    return en.empty() ? fr : en;
  }
};

struct Member {
  std::string code;  // acronym, [A-Z0-9]{2,12}, unique
  std::string name;
  std::string country;  // ISO 3166-1 alpha-2
  std::string type;     // IATI OrganisationType code: "21", "22", "23", ...
  std::string iati_id;  // the organisation identifier it publishes IATI data under
  std::string website;
  std::string joined_on;  // YYYY-MM-DD
  int64_t version = 0;
  std::string recorded_by, recorded_at;
};

// A person's part in the coalition: coordinator (the coalition's), editor (records the
// activities of `member`) or viewer (reads what is not public). "none" ends it.
struct Person {
  int64_t user_id = 0;
  std::string member;  // "" for the coordinator
  std::string role;    // coordinator | editor | viewer | none
  std::string recorded_by, recorded_at;
};

// One step of a membership application: received, reviewed, admitted, declined (the last two
// decide it).
struct ApplicationStep {
  int64_t id = 0;
  int64_t application_id = 0;
  std::string step;
  std::string on;  // YYYY-MM-DD
  std::string note;
  std::string actor, at;
};
struct Application {
  int64_t id = 0;
  std::string organisation;
  std::string code;  // the member code it takes once admitted
  std::string country;
  std::string recorded_by, recorded_at;
  std::vector<ApplicationStep> steps;  // oldest first
};

struct OtherOrganisation {
  std::string name;
  std::string role;  // organiser | host | partner | funder | participant | target
};

// One version of an activity. `ref` names the activity across its versions.
struct Activity {
  std::string ref;  // [A-Za-z0-9-]{1,40}
  int64_t version = 0;
  std::string type;
  std::vector<std::string> kp_bodies;
  Text title, description;
  std::string start_on, end_on;  // YYYY, YYYY-MM or YYYY-MM-DD (the precision known)
  std::string country, town;     // optional place
  std::optional<int64_t> latitude_e6, longitude_e6;
  std::vector<std::string> members;  // member codes, the lead first
  std::vector<OtherOrganisation> organisations;
  std::optional<int64_t> participants, women, community;
  std::string outputs, outcomes;
  std::vector<std::string> links;
  // What else openkp holds about it: "review:3", "recommendation:12", "incident:41",
  // "site:ZW-MAR-001" (a peer review the activity fed, an incident it followed up, ...).
  std::vector<std::string> related;
  std::string section;  // "" for its type's section
  std::string note_on_source;
  bool is_public = true;
  bool withdrawn = false;  // a correction that takes it out of reports and open data
  std::string recorded_by, recorded_at;
};

// A file with an activity (a report, a photo, a list of participants): stored in the database,
// appended, never replaced (a corrected file is another name).
struct ActivityDocument {
  int64_t id = 0;
  std::string ref;  // the activity's
  std::string name;
  std::string content_type;
  std::string sha256;
  int64_t size = 0;
  std::string bytes;  // empty in lists
  std::string uploaded_by, at;
};

// The coordinator's text of a report section ("introduction", "general", any section key) for a
// year and language; the latest version is the one used.
struct ReportText {
  int year = 0;
  std::string lang;
  std::string section;
  std::string text;
  int64_t version = 0;
  std::string recorded_by, recorded_at;
};

// A final report: the HTML as published and its hash (committed to the log).
struct FinalReport {
  int64_t id = 0;
  int year = 0;
  std::string lang;
  std::string sha256;
  std::string html;
  std::string recorded_by, recorded_at;
};

}  // namespace openkp::activities
