// What the review service keeps: the working group's triage of anomaly findings, and Data
// Anomaly Questionnaires with their steps and documents. Every record here is appended, never
// changed: a finding's state and a questionnaire's state are read from their latest step.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace openkp::review {

// A finding of the anomaly rules as the review service sees it (apps adapt stats::Finding into
// it: services do not use each other). `id` is stable across runs; `fingerprint` changes with
// the numbers compared (stats/anomalies.h).
struct Finding {
  std::string id;
  std::string rule;
  std::vector<std::string> participants;
  std::string period;
  std::string figure;
  std::string message;
  std::vector<std::pair<std::string, std::string>> compared;
  std::string threshold;
  std::vector<std::string> sources;
  std::string fingerprint;
  int64_t severity = 0;
  std::string group;
  // For a roll-up of a per-certificate rule, how many certificates it holds (0 otherwise).
  int64_t certificates = 0;
};

// Findings rolled up for people to work through (stats::GroupFindings).
struct FindingGroup {
  std::string id;
  std::string rule;
  std::vector<std::string> participants;
  std::string period;
  std::string message;
  int64_t severity = 0;
  std::vector<size_t> findings;  // indexes into Findings::findings
};

struct Findings {
  std::vector<Finding> findings;  // most severe first
  std::vector<FindingGroup> groups;
};

// One decision about a finding. Actions: "dismissed" (with a reason), "explained" (with a note
// that stays), "questioned" (raised in questionnaire `questionnaire_id`), "escalated" (its
// questionnaire went to monitoring), "reopened" (an analyst took it up again).
struct TriageStep {
  int64_t id = 0;
  std::string finding_id;
  std::string fingerprint;  // the numbers the decision was about
  std::string action;
  std::string note;
  int64_t questionnaire_id = 0;  // 0: none
  std::string actor;
  std::string at;  // RFC 3339 UTC
};

// A finding as sent in a questionnaire: its numbers at the time, kept with the questionnaire.
struct QuestionnaireFinding {
  std::string finding_id;
  std::string fingerprint;
  std::string rule;
  std::string period;
  std::string message;
  std::vector<std::pair<std::string, std::string>> compared;
  std::string threshold;
  std::vector<std::string> sources;
};

// One step of a questionnaire. Actions: "sent", "answered" (by the participant), "accepted",
// "clarification" (the analyst asks again), "escalated" (to monitoring), "listed" (published
// among the non-respondents). `document` is the canonical JSON (RFC 8785) of what the step
// says; its SHA-256 is what the transparency log holds.
struct QuestionnaireStep {
  int64_t id = 0;
  int64_t questionnaire_id = 0;
  std::string action;
  std::string text;
  std::string actor;
  std::string at;
  std::string document;
  std::string sha256;
  std::string due_on;  // "sent" and "clarification": when the (next) answer is due
};

// A file attached to a questionnaire's answer, or to a review input (`input_id`).
struct Document {
  int64_t id = 0;
  int64_t questionnaire_id = 0;
  int64_t input_id = 0;
  std::string name;
  std::string content_type;
  std::string sha256;
  int64_t size = 0;
  std::string bytes;  // only when asked for
  std::string uploaded_by;
  std::string at;
  // An input's document: the salted canonical record of it (name, type, SHA-256 of the bytes,
  // time) whose SHA-256 the log holds, for its contributor and the team to prove it later.
  std::string record;
};

struct Questionnaire {
  int64_t id = 0;
  std::string participant;
  std::string title;
  std::string message;
  std::string due_on;  // YYYY-MM-DD
  std::string created_by;
  std::string created_at;
  std::vector<QuestionnaireFinding> findings;
  std::vector<QuestionnaireStep> steps;  // oldest first
  std::vector<Document> documents;       // without bytes
};

// --- Peer reviews of a participant: visits and missions (the WGM practice) ---

// A member of a review team. `user_id` is 0 for a member without an account here.
struct TeamMember {
  std::string name;
  std::string constituency;  // government | industry | civil-society
  std::string role;          // lead | member | observer
  int64_t user_id = 0;
};

// A step of a review through its stages; `document` (canonical JSON with a salt) and its
// SHA-256 as for questionnaire steps. The "final" step's note is the final report's text.
struct StageStep {
  int64_t id = 0;
  int64_t review_id = 0;
  std::string stage;
  std::string note;
  std::string actor;
  std::string at;
  std::string document;
  std::string sha256;
};

struct PeerReview {
  int64_t id = 0;
  std::string participant;
  std::string type;  // annual-report-assessment | review-visit | review-mission
  std::string title;
  std::string terms_of_reference;
  std::string starts_on, ends_on;  // YYYY-MM-DD
  std::string created_by, created_at;
  std::vector<TeamMember> team;
  std::vector<StageStep> stages;  // oldest first; the first is "planned"
};

// How the team used an input: the answer its contributor reads.
struct InputUse {
  int64_t id = 0;
  int64_t input_id = 0;
  std::string text;
  std::string actor;
  std::string at;
};

// Civil-society or community input to a review.
struct ReviewInput {
  int64_t id = 0;
  int64_t review_id = 0;
  int64_t user_id = 0;
  std::string contributor;  // the user's name
  std::string text;
  std::string visibility;    // public | team | team-and-participant
  bool hide_source = false;  // the contributor's identity is kept from the participant (and public)
  std::vector<int64_t> incidents;  // monitoring: incident report ids
  std::vector<std::string> sites;  // monitoring: mining site codes
  std::string at;
  std::string document;  // salted canonical JSON; its SHA-256 is in the log
  std::vector<InputUse> uses;
  std::vector<Document> documents;  // without bytes
};

// A change to something followed up (a recommendation, an action of an action plan, a
// commitment: review/tracking.h is the one model). Kinds: "response" (the addressee: accepted |
// partly | noted), "status" (not-started | in-progress | implemented | not-implemented, with its
// source), "civil-society" (civil society's own assessment: a status, with its source),
// "progress" (a progress report; `due_on` sets when the next one is due).
struct RecommendationStep {
  int64_t id = 0;
  int64_t recommendation_id = 0;  // the recommendation's or the follow-up's id
  std::string kind;
  std::string value;
  std::string comment;
  std::string source;
  std::string due_on;
  std::string actor;
  std::string at;
  std::string document;  // salted canonical JSON; its SHA-256 is in the log
  // Follow-ups only: evidence from monitoring ("incident:12", "site:ZW-MAR-001").
  std::vector<std::string> evidence = {};
};
using FollowUpStep = RecommendationStep;

struct Recommendation {
  int64_t id = 0;
  int64_t review_id = 0;
  std::string participant;  // the reviewed participant (filled in by reads)
  std::string paragraph;    // "3.2" in the report
  std::string text;
  std::string addressee;     // "Ministry of Mines"
  std::string core_section;  // KPCS Core Document section, e.g. "IV(b)"
  int64_t specificity = 0;   // 1 (minimal action) .. 5 (specific action), as the UPR's categories
  int64_t repeats = 0;       // an earlier recommendation this one repeats (0: none)
  std::string follow_up_due_on;  // the first progress report's due date
  std::string created_by, created_at;
  std::string document;                   // salted canonical JSON; its SHA-256 is in the log
  std::vector<RecommendationStep> steps;  // oldest first
};

// --- Regions, action plans and commitments (review/regions.h, review/follow_ups.h) ---

// A member of a region's tripartite group: a person or an organisation of one constituency.
// `admin` members with an account (`user_id`) manage the region's members and its data.
struct RegionMember {
  std::string name;
  std::string organisation;
  std::string constituency;  // government | industry | civil-society
  std::string participant;   // the participant it comes from ("" for none)
  int64_t user_id = 0;       // 0: no account here
  bool admin = false;
};

// A regional group of participants (the Mano River Union's regional approach). Kept as
// versions: a change appends the whole region again.
struct Region {
  std::string code;  // [A-Z0-9-]{2,16}, e.g. "MRU"
  std::string name;
  std::string kind;  // region (a participant belongs to one) | initiative (groups may overlap)
  std::vector<std::string> participants;
  std::vector<RegionMember> members;
  int64_t version = 0;
  std::string recorded_by, recorded_at;
  std::string document;  // salted canonical JSON of this version; its SHA-256 is in the log
};

// An action plan adopted by a region, a participant or the KP as a whole, with its axes.
struct ActionPlan {
  int64_t id = 0;
  std::string scope;  // "region:MRU" | "participant:CD" | "kp"
  std::string title;
  std::vector<std::string> axes;
  std::string adopted_on;  // YYYY-MM-DD
  std::string adopted_at;  // where ("Kinshasa, workshop on regional cooperation")
  std::string source;      // where it is recorded
  std::string created_by, created_at;
  std::string document;  // salted canonical JSON; its SHA-256 is in the log
};

// An action of an action plan or a commitment, followed up with the same steps as a
// recommendation (review/tracking.h).
struct FollowUp {
  int64_t id = 0;
  std::string type;              // action | commitment
  int64_t plan_id = 0;           // action: its plan
  std::string axis;              // action: one of its plan's axes
  std::string text;              // what is to be done, or what was promised
  std::string owner;             // action: who is responsible; commitment: who promised
  std::string indicator;         // action: how progress is measured
  std::string starts_on;         // action, optional
  std::string due_on;            // the target date
  std::string first_report_due;  // the first progress report's due date
  // Commitment: to whom, when and where it was made, and where it is recorded.
  std::string promised_to, made_on, place, source;
  std::string activity;     // the coalition activity where it was made (its ref; "" for none)
  std::string region;       // the region it belongs to ("" for none)
  std::string participant;  // the participant concerned ("" for none)
  std::vector<int64_t> incidents;  // monitoring: incident report ids
  std::vector<std::string> sites;  // monitoring: mining site codes
  std::string created_by, created_at;
  int64_t created_by_user = 0;      // the user who recorded it
  std::string document;             // salted canonical JSON; its SHA-256 is in the log
  std::vector<FollowUpStep> steps;  // oldest first
};

}  // namespace openkp::review
