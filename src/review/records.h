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

struct Document {
  int64_t id = 0;
  int64_t questionnaire_id = 0;
  std::string name;
  std::string content_type;
  std::string sha256;
  int64_t size = 0;
  std::string bytes;  // only when asked for
  std::string uploaded_by;
  std::string at;
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

}  // namespace openkp::review
