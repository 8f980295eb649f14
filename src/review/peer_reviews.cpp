#include "review/peer_reviews.h"

#include <algorithm>
#include <map>
#include <set>

#include "crypto/crypto.h"
#include "review/review_internal.h"
#include "review/tracking.h"

namespace openkp::review {

namespace json = boost::json;
using internal::CheckDate;
using internal::CheckText;
using internal::Conflict;
using internal::Denied;

namespace {

const std::vector<std::string> kStages = {
    "planned", "terms-agreed", "fieldwork", "draft", "participant-comments",
    "final",   "decided",      "closed"};

size_t StageIndex(const std::string& stage) {
  auto it = std::find(kStages.begin(), kStages.end(), stage);
  return it == kStages.end() ? kStages.size() : static_cast<size_t>(it - kStages.begin());
}

bool OneOf(const std::string& v, std::initializer_list<const char*> allowed) {
  for (const char* a : allowed) {
    if (v == a) return true;
  }
  return false;
}

}  // namespace

const std::vector<std::string>& ReviewStages() { return kStages; }

std::string CurrentStage(const PeerReview& r) {
  return r.stages.empty() ? "planned" : r.stages.back().stage;
}

PeerReviews::PeerReviews(store::Database& db, std::unique_ptr<ReviewStore> store,
                         std::function<core::Date()> today)
    : db_(db), store_(std::move(store)), today_(std::move(today)) {}

namespace {
// Whether `who` may move the review and write for it: admins and its members with an account
// (observers read).
bool MayWrite(const accounts::Principal& who, const PeerReview& r) {
  if (who.is_admin()) return true;
  for (const auto& m : r.team) {
    if (m.user_id != 0 && m.user_id == who.user.id && m.role != "observer") return true;
  }
  return false;
}
}  // namespace

PeerReviews::Access PeerReviews::AccessTo(const accounts::Principal* who,
                                          const PeerReview& r) const {
  if (who == nullptr) return Access::kPublic;
  if (who->is_admin()) return Access::kTeam;
  for (const auto& m : r.team) {
    if (m.user_id != 0 && m.user_id == who->user.id) return Access::kTeam;
  }
  if (who->is_officer_of(r.participant)) return Access::kParticipant;
  if (who->user.role == store::Role::kMonitor) return Access::kContributor;
  return Access::kPublic;
}

Result<PeerReview> PeerReviews::Create(const accounts::Principal& who, const NewPeerReview& n) {
  if (!who.is_admin()) return Denied("reviews are created by admins");
  if (!internal::ValidParticipantCode(n.participant)) {
    return Status::Invalid("participant", "code", "must be a participant code such as SL");
  }
  if (!OneOf(n.type, {"annual-report-assessment", "review-visit", "review-mission"})) {
    return Status::Invalid("type", "enum",
                           "must be annual-report-assessment, review-visit or review-mission");
  }
  OPENKP_RETURN_IF_ERROR(CheckText("title", n.title, 200, true));
  OPENKP_RETURN_IF_ERROR(CheckText("terms_of_reference", n.terms_of_reference, 20000, false));
  OPENKP_RETURN_IF_ERROR(CheckDate("starts_on", n.starts_on));
  OPENKP_RETURN_IF_ERROR(CheckDate("ends_on", n.ends_on));
  if (n.ends_on < n.starts_on) {
    return Status::Invalid("ends_on", "range", "must not be before starts_on");
  }
  if (n.team.empty() || n.team.size() > 30) {
    return Status::Invalid("team", "count", "must name 1 to 30 members");
  }
  bool lead = false;
  for (size_t i = 0; i < n.team.size(); ++i) {
    const auto& m = n.team[i];
    const std::string field = "team[" + std::to_string(i) + "]";
    OPENKP_RETURN_IF_ERROR(CheckText(field + ".name", m.name, 200, true));
    if (!OneOf(m.constituency, {"government", "industry", "civil-society"})) {
      return Status::Invalid(field + ".constituency", "enum",
                             "must be government, industry or civil-society");
    }
    if (!OneOf(m.role, {"lead", "member", "observer"})) {
      return Status::Invalid(field + ".role", "enum", "must be lead, member or observer");
    }
    if (m.user_id < 0) {
      return Status::Invalid(field + ".user", "reviewer", "must be the id of a user");
    }
    lead = lead || m.role == "lead";
  }
  if (!lead) return Status::Invalid("team", "lead", "needs a lead");
  PeerReview r;
  r.participant = n.participant;
  r.type = n.type;
  r.title = n.title;
  r.terms_of_reference = n.terms_of_reference;
  r.starts_on = n.starts_on;
  r.ends_on = n.ends_on;
  r.team = n.team;
  r.created_by = who.user.name;
  r.created_at = core::TimestampOn(today_());
  int64_t id = 0;
  Status st = db_.Write([&](store::Txn& t) -> Status {
    auto participant = db_.registry().GetParticipant(t, n.participant);
    if (!participant.ok()) {
      return Status::Invalid("participant", "participant",
                             "'" + n.participant + "' is not a KP participant");
    }
    for (size_t i = 0; i < r.team.size(); ++i) {
      if (r.team[i].user_id == 0) continue;
      auto u = db_.accounts().GetUser(t, r.team[i].user_id);
      if (!u.ok() || (u->role != store::Role::kReviewer && u->role != store::Role::kAdmin)) {
        return Status::Invalid("team[" + std::to_string(i) + "].user", "reviewer",
                               "must be the id of a user with the role reviewer");
      }
    }
    auto added = store_->AddPeerReview(t, r);
    if (!added.ok()) return added.status();
    id = *added;
    r.id = id;
    auto doc = internal::SaltedDocument({{"review", id},
                                         {"participant", r.participant},
                                         {"stage", "planned"},
                                         {"type", r.type},
                                         {"title", r.title},
                                         {"terms_of_reference", r.terms_of_reference},
                                         {"at", r.created_at}});
    if (!doc.ok()) return doc.status();
    StageStep step{
        0, id, "planned", "", who.user.name, r.created_at, *doc, crypto::Sha256Hex(*doc)};
    auto sid = store_->AddStage(t, step);
    if (!sid.ok()) return sid.status();
    return internal::AppendPublished(db_, t, "review.stage.planned", "review:" + std::to_string(id),
                                     who.user.name,
                                     {{"review", id},
                                      {"participant", r.participant},
                                      {"stage", "planned"},
                                      {"sha256", step.sha256}});
  });
  if (!st.ok()) return st;
  return Get(&who, id);
}

void PeerReviews::HideFrom(const accounts::Principal* who, PeerReview& r) const {
  const Access a = AccessTo(who, r);
  if (a == Access::kTeam || a == Access::kParticipant) return;
  // Outside the team and the participant: stage notes stay private, except the published final
  // report.
  for (auto& s : r.stages) {
    s.actor.clear();
    if (s.stage == "final") continue;  // the published report, with its logged document
    s.note.clear();
    s.document.clear();
  }
}

Result<std::vector<PeerReview>> PeerReviews::List(const accounts::Principal* who,
                                                  const std::string& participant) {
  auto list =
      ReadValue(db_, [&](store::Txn& t) { return store_->ListPeerReviews(t, participant); });
  if (!list.ok()) return list.status();
  for (auto& r : *list) HideFrom(who, r);
  return list;
}

Result<PeerReview> PeerReviews::Get(const accounts::Principal* who, int64_t id) {
  auto r = ReadValue(db_, [&](store::Txn& t) { return store_->GetPeerReview(t, id); });
  if (!r.ok()) return r.status();
  HideFrom(who, *r);
  return r;
}

Result<PeerReview> PeerReviews::Advance(const accounts::Principal& who, int64_t id,
                                        const std::string& stage, const std::string& note) {
  if (StageIndex(stage) == kStages.size() || stage == "planned") {
    return Status::Invalid("stage", "enum",
                           "must be terms-agreed, fieldwork, draft, participant-comments, final, "
                           "decided or closed");
  }
  OPENKP_RETURN_IF_ERROR(CheckText("note", note, 200000, stage == "final"));
  Status st = db_.Write([&](store::Txn& t) -> Status {
    auto r = store_->GetPeerReview(t, id);
    if (!r.ok()) return r.status();
    if (!MayWrite(who, *r)) {
      return Denied("only the review's lead and members, and admins, move it through its stages");
    }
    const std::string current = CurrentStage(*r);
    if (StageIndex(stage) != StageIndex(current) + 1) {
      return Conflict(
          "review " + std::to_string(id) + " is at " + current + "; the next stage is " +
          (StageIndex(current) + 1 < kStages.size() ? kStages[StageIndex(current) + 1]
                                                    : std::string("none: it is closed")));
    }
    const std::string at = core::TimestampOn(today_());
    auto doc = internal::SaltedDocument({{"review", id},
                                         {"participant", r->participant},
                                         {"stage", stage},
                                         {"note", note},
                                         {"at", at}});
    if (!doc.ok()) return doc.status();
    StageStep step{0, id, stage, note, who.user.name, at, *doc, crypto::Sha256Hex(*doc)};
    auto sid = store_->AddStage(t, step);
    if (!sid.ok()) return sid.status();
    return internal::AppendPublished(db_, t, "review.stage." + stage,
                                     "review:" + std::to_string(id), who.user.name,
                                     {{"review", id},
                                      {"participant", r->participant},
                                      {"stage", stage},
                                      {"sha256", step.sha256}});
  });
  if (!st.ok()) return st;
  return Get(&who, id);
}

Result<ReviewInput> PeerReviews::SubmitInput(const accounts::Principal& who, int64_t review_id,
                                             const NewInput& n) {
  if (who.user.role != store::Role::kMonitor) {
    return Denied("input comes from civil society and communities (role monitor)");
  }
  OPENKP_RETURN_IF_ERROR(CheckText("text", n.text, 20000, true));
  if (!OneOf(n.visibility, {"public", "team", "team-and-participant"})) {
    return Status::Invalid("visibility", "enum", "must be public, team or team-and-participant");
  }
  if (n.incidents.size() > 100 || n.sites.size() > 100) {
    return Status::Invalid("incidents", "count", "at most 100 incidents and 100 sites");
  }
  for (int64_t i : n.incidents) {
    if (i <= 0) return Status::Invalid("incidents", "id", "must be incident report ids");
  }
  for (const auto& s : n.sites) {
    if (s.empty() || s.size() > 40 ||
        s.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != std::string::npos) {
      return Status::Invalid("sites", "code", "must be site codes such as SL-KON-001");
    }
  }
  ReviewInput x;
  x.review_id = review_id;
  x.user_id = who.user.id;
  x.contributor = who.user.name;
  x.text = n.text;
  x.visibility = n.visibility;
  x.hide_source = n.hide_source;
  x.incidents = n.incidents;
  x.sites = n.sites;
  x.at = core::TimestampOn(today_());
  Status st = db_.Write([&](store::Txn& t) -> Status {
    auto r = store_->GetPeerReview(t, review_id);
    if (!r.ok()) return r.status();
    if (StageIndex(CurrentStage(*r)) >= StageIndex("final")) {
      return Conflict("review " + std::to_string(review_id) + " is " + CurrentStage(*r) +
                      ": it takes no more input");
    }
    json::array incidents(x.incidents.begin(), x.incidents.end());
    auto doc = internal::SaltedDocument({{"review", review_id},
                                         {"text", x.text},
                                         {"visibility", x.visibility},
                                         {"incidents", std::move(incidents)},
                                         {"sites", json::array(x.sites.begin(), x.sites.end())},
                                         {"at", x.at}});
    if (!doc.ok()) return doc.status();
    x.document = *doc;
    auto id = store_->AddInput(t, x);
    if (!id.ok()) return id.status();
    x.id = *id;
    // Only ids and a salted hash: never who gave it (witnesses are protected).
    return internal::AppendPublished(
        db_, t, "review.input.received", "input:" + std::to_string(x.id), "",
        {{"review", review_id}, {"input", x.id}, {"sha256", crypto::Sha256Hex(x.document)}});
  });
  if (!st.ok()) return st;
  return x;
}

Result<Document> PeerReviews::AddInputDocument(const accounts::Principal& who, int64_t input_id,
                                               const std::string& name,
                                               const std::string& content_type,
                                               const std::string& bytes) {
  constexpr int64_t kMaxBytes = 10 << 20;
  constexpr size_t kMaxDocuments = 20;
  if (who.user.role != store::Role::kMonitor) {
    return Denied("documents come with civil society's input (its contributor)");
  }
  auto made = internal::NewDocument(name, content_type, bytes, kMaxBytes, who.user.name,
                                    core::TimestampOn(today_()));
  if (!made.ok()) return made.status();
  Document& d = *made;
  d.input_id = input_id;
  auto record = internal::SaltedDocument({{"input", input_id},
                                          {"name", d.name},
                                          {"content_type", d.content_type},
                                          {"sha256", d.sha256},
                                          {"at", d.at}});
  if (!record.ok()) return record.status();
  d.record = *record;
  Status st = db_.Write([&](store::Txn& t) -> Status {
    auto x = store_->GetInput(t, input_id);
    if (!x.ok()) return x.status();
    if (x->user_id != who.user.id) {
      // Inputs are numbered in the public log: saying that this one is not theirs hides nothing.
      return Denied("only its contributor adds documents to input " + std::to_string(input_id));
    }
    auto r = store_->GetPeerReview(t, x->review_id);
    if (!r.ok()) return r.status();
    if (StageIndex(CurrentStage(*r)) >= StageIndex("final")) {
      return Conflict("review " + std::to_string(x->review_id) + " is " + CurrentStage(*r) +
                      ": its inputs take no more documents");
    }
    if (x->documents.size() >= kMaxDocuments) {
      return Conflict("an input holds at most " + std::to_string(kMaxDocuments) + " documents");
    }
    auto id = store_->AddInputDocument(t, d);
    if (!id.ok()) {
      if (id.status().code() == core::Code::kAlreadyExists) {
        return Status(core::Code::kAlreadyExists,
                      "input " + std::to_string(input_id) + " has a document named " + name);
      }
      return id.status();
    }
    d.id = *id;
    // Ids and the hash of a salted record of the file: the file's own hash, published, would
    // let anyone test a guessed photo against it, or link the same file given to two inputs.
    return internal::AppendPublished(db_, t, "review.input.document",
                                     "input:" + std::to_string(input_id), "",
                                     {{"review", x->review_id},
                                      {"input", input_id},
                                      {"document", d.id},
                                      {"sha256", crypto::Sha256Hex(d.record)}});
  });
  if (!st.ok()) return st;
  d.bytes.clear();
  return d;
}

Result<Document> PeerReviews::GetInputDocument(const accounts::Principal* who, int64_t input_id,
                                               int64_t document_id) {
  auto x = ReadValue(db_, [&](store::Txn& t) { return store_->GetInput(t, input_id); });
  if (!x.ok()) return x.status();
  auto visible = Inputs(who, x->review_id);
  if (!visible.ok()) return visible.status();
  for (const auto& v : *visible) {
    if (v.id != input_id) continue;
    for (const auto& d : v.documents) {
      if (d.id != document_id) continue;
      auto full = ReadValue(
          db_, [&](store::Txn& t) { return store_->GetInputDocument(t, input_id, document_id); });
      if (full.ok()) full->uploaded_by = d.uploaded_by;  // as the caller may see it
      return full;
    }
  }
  return Status::NotFound("no document " + std::to_string(document_id) + " in input " +
                          std::to_string(input_id));
}

Result<std::vector<ReviewInput>> PeerReviews::Inputs(const accounts::Principal* who,
                                                     int64_t review_id) {
  auto r = ReadValue(db_, [&](store::Txn& t) { return store_->GetPeerReview(t, review_id); });
  if (!r.ok()) return r.status();
  const Access a = AccessTo(who, *r);
  auto all = ReadValue(db_, [&](store::Txn& t) { return store_->ListInputs(t, review_id); });
  if (!all.ok()) return all.status();
  if (a == Access::kTeam) return all;
  std::vector<ReviewInput> out;
  for (auto& x : *all) {
    const bool own = who != nullptr && x.user_id == who->user.id;
    if (own) {
      out.push_back(std::move(x));
      continue;
    }
    const bool shared = x.visibility == "public" ||
                        (a == Access::kParticipant && x.visibility == "team-and-participant");
    if (!shared) continue;
    if (x.hide_source) {
      // Linked reports, sites and files could name the contributor's organisation: hidden too.
      x.contributor.clear();
      x.user_id = 0;
      x.incidents.clear();
      x.sites.clear();
      x.document.clear();
      x.documents.clear();
    }
    for (auto& d : x.documents) d.uploaded_by.clear();  // the contributor, named above or not
    x.uses.clear();                                     // the team's answer is for its contributor
    out.push_back(std::move(x));
  }
  return out;
}

Result<ReviewInput> PeerReviews::RecordUse(const accounts::Principal& who, int64_t input_id,
                                           const std::string& text) {
  OPENKP_RETURN_IF_ERROR(CheckText("text", text, 8000, true));
  ReviewInput out;
  Status st = db_.Write([&](store::Txn& t) -> Status {
    auto x = store_->GetInput(t, input_id);
    if (!x.ok()) return x.status();
    auto r = store_->GetPeerReview(t, x->review_id);
    if (!r.ok()) return r.status();
    if (!MayWrite(who, *r)) {
      return Denied("only the review's lead and members, and admins, record how an input was used");
    }
    InputUse use{0, input_id, text, who.user.name, core::TimestampOn(today_())};
    auto id = store_->AddInputUse(t, use);
    if (!id.ok()) return id.status();
    use.id = *id;
    x->uses.push_back(use);
    out = std::move(*x);
    return {};
  });
  if (!st.ok()) return st;
  return out;
}

RecommendationView PeerReviews::View(Recommendation r, Access access) const {
  RecommendationView v;
  const TrackState state = Track(r.steps, r.follow_up_due_on, "", today_());
  v.response = state.response;
  v.status = state.status;
  v.status_source = state.status_source;
  v.civil_society = state.civil_society;
  v.next_report_due = state.next_report_due;
  v.overdue = state.overdue;
  v.public_view = access != Access::kTeam && access != Access::kParticipant;
  if (access == Access::kParticipant) {
    // The reviewed participant learns civil society's assessment, not which monitor made it.
    for (auto& s : r.steps) {
      if (s.kind == "civil-society") s.actor.clear();
    }
  }
  if (v.public_view) {
    // Who recorded each step is for the team and the participant: a community monitor's name,
    // say, is not the public's to read.
    r.created_by.clear();
    for (auto& s : r.steps) s.actor.clear();
  }
  v.recommendation = std::move(r);
  return v;
}

Result<RecommendationView> PeerReviews::AddRecommendation(const accounts::Principal& who,
                                                          int64_t review_id,
                                                          const NewRecommendation& n) {
  OPENKP_RETURN_IF_ERROR(CheckText("paragraph", n.paragraph, 20, true));
  OPENKP_RETURN_IF_ERROR(CheckText("text", n.text, 8000, true));
  OPENKP_RETURN_IF_ERROR(CheckText("addressee", n.addressee, 200, true));
  OPENKP_RETURN_IF_ERROR(CheckText("core_section", n.core_section, 60, false));
  if (n.specificity < 1 || n.specificity > 5) {
    return Status::Invalid("specificity", "range", "must be from 1 (minimal) to 5 (specific)");
  }
  OPENKP_RETURN_IF_ERROR(CheckDate("follow_up_due_on", n.follow_up_due_on));
  if (!(*core::Date::Parse(n.follow_up_due_on) > today_()) ||
      core::Date::Parse(n.follow_up_due_on)->days() - today_().days() > 5 * 366) {
    return Status::Invalid("follow_up_due_on", "range", "must be after today, within 5 years");
  }
  int64_t id = 0;
  Status st = db_.Write([&](store::Txn& t) -> Status {
    auto r = store_->GetPeerReview(t, review_id);
    if (!r.ok()) return r.status();
    if (!MayWrite(who, *r)) {
      return Denied("recommendations are written by the review's lead and members, and admins");
    }
    const size_t stage = StageIndex(CurrentStage(*r));
    if (stage < StageIndex("draft") || stage >= StageIndex("closed")) {
      return Conflict("review " + std::to_string(review_id) + " is " + CurrentStage(*r) +
                      ": recommendations are written from the draft until the review closes");
    }
    auto existing = store_->ListRecommendations(t, review_id, "");
    if (!existing.ok()) return existing.status();
    for (const auto& e : *existing) {
      if (e.paragraph == n.paragraph) {
        return Status(core::Code::kAlreadyExists,
                      "review " + std::to_string(review_id) + " has a recommendation " +
                          n.paragraph + " already (recommendation " + std::to_string(e.id) + ")");
      }
    }
    if (n.repeats != 0) {
      auto earlier = store_->GetRecommendation(t, n.repeats);
      if (!earlier.ok() || earlier->participant != r->participant ||
          earlier->review_id >= review_id) {
        return Status::Invalid(
            "repeats", "recommendation",
            "must be a recommendation of an earlier review of " + r->participant);
      }
    }
    Recommendation rec;
    rec.review_id = review_id;
    rec.paragraph = n.paragraph;
    rec.text = n.text;
    rec.addressee = n.addressee;
    rec.core_section = n.core_section;
    rec.specificity = n.specificity;
    rec.repeats = n.repeats;
    rec.follow_up_due_on = n.follow_up_due_on;
    rec.created_by = who.user.name;
    rec.created_at = core::TimestampOn(today_());
    auto doc = internal::SaltedDocument({{"review", review_id},
                                         {"participant", r->participant},
                                         {"paragraph", rec.paragraph},
                                         {"text", rec.text},
                                         {"addressee", rec.addressee},
                                         {"core_section", rec.core_section},
                                         {"specificity", rec.specificity},
                                         {"repeats", rec.repeats},
                                         {"follow_up_due_on", rec.follow_up_due_on},
                                         {"at", rec.created_at}});
    if (!doc.ok()) return doc.status();
    rec.document = *doc;
    auto added = store_->AddRecommendation(t, rec);
    if (!added.ok()) return added.status();
    id = *added;
    return internal::AppendPublished(db_, t, "review.recommendation.added",
                                     "recommendation:" + std::to_string(id), who.user.name,
                                     {{"review", review_id},
                                      {"recommendation", id},
                                      {"sha256", crypto::Sha256Hex(rec.document)}});
  });
  if (!st.ok()) return st;
  return GetRecommendation(&who, id);
}

Result<std::vector<RecommendationView>> PeerReviews::Recommendations(const accounts::Principal* who,
                                                                     const RecommendationQuery& q) {
  auto reviews = ReadValue(db_, [&](store::Txn& t) { return store_->ListPeerReviews(t, ""); });
  if (!reviews.ok()) return reviews.status();
  std::map<int64_t, const PeerReview*> by_id;
  for (const auto& r : *reviews) by_id[r.id] = &r;
  auto list = ReadValue(db_, [&](store::Txn& t) {
    return store_->ListRecommendations(t, q.review_id, q.participant);
  });
  if (!list.ok()) return list.status();
  std::vector<RecommendationView> out;
  for (auto& rec : *list) {
    const PeerReview& r = *by_id.at(rec.review_id);
    const Access a = AccessTo(who, r);
    const std::string stage = CurrentStage(r);
    // Recommendations become public with the final report.
    if (a != Access::kTeam && a != Access::kParticipant &&
        StageIndex(stage) < StageIndex("final")) {
      continue;
    }
    RecommendationView v = View(std::move(rec), a);
    if (q.overdue_only && !v.overdue) continue;
    out.push_back(std::move(v));
  }
  return out;
}

Result<RecommendationView> PeerReviews::GetRecommendation(const accounts::Principal* who,
                                                          int64_t id) {
  auto rec = ReadValue(db_, [&](store::Txn& t) { return store_->GetRecommendation(t, id); });
  if (!rec.ok()) return rec.status();
  auto r = ReadValue(db_, [&](store::Txn& t) { return store_->GetPeerReview(t, rec->review_id); });
  if (!r.ok()) return r.status();
  const Access a = AccessTo(who, *r);
  // As in Recommendations: public with the final report.
  if (a != Access::kTeam && a != Access::kParticipant &&
      StageIndex(CurrentStage(*r)) < StageIndex("final")) {
    return Status::NotFound("no recommendation " + std::to_string(id));
  }
  return View(std::move(*rec), a);
}

Result<RecommendationView> PeerReviews::AppendStep(
    const accounts::Principal& who, int64_t id, RecommendationStep step,
    const std::function<Status(const RecommendationView&, Access)>& may) {
  Status st = db_.Write([&](store::Txn& t) -> Status {
    auto rec = store_->GetRecommendation(t, id);
    if (!rec.ok()) return rec.status();
    auto r = store_->GetPeerReview(t, rec->review_id);
    if (!r.ok()) return r.status();
    const Access a = AccessTo(&who, *r);
    const bool visible = a == Access::kTeam || a == Access::kParticipant ||
                         StageIndex(CurrentStage(*r)) >= StageIndex("final");
    if (!visible) return Status::NotFound("no recommendation " + std::to_string(id));
    OPENKP_RETURN_IF_ERROR(may(View(*rec, a), a));
    step.recommendation_id = id;
    step.actor = who.user.name;
    step.at = core::TimestampOn(today_());
    auto doc = internal::SaltedDocument({{"recommendation", id},
                                         {"kind", step.kind},
                                         {"value", step.value},
                                         {"comment", step.comment},
                                         {"source", step.source},
                                         {"due_on", step.due_on},
                                         {"at", step.at}});
    if (!doc.ok()) return doc.status();
    step.document = *doc;
    auto sid = store_->AddRecommendationStep(t, step);
    if (!sid.ok()) return sid.status();
    return internal::AppendPublished(
        db_, t, "review.recommendation." + step.kind, "recommendation:" + std::to_string(id),
        who.user.name,
        {{"recommendation", id}, {"step", *sid}, {"sha256", crypto::Sha256Hex(step.document)}});
  });
  if (!st.ok()) return st;
  return GetRecommendation(&who, id);
}

Result<RecommendationView> PeerReviews::Respond(const accounts::Principal& who, int64_t id,
                                                const std::string& response,
                                                const std::string& comment) {
  OPENKP_RETURN_IF_ERROR(CheckResponse(response, comment));
  return AppendStep(who, id, {0, 0, "response", response, comment, "", "", "", "", ""},
                    [](const RecommendationView&, Access a) -> Status {
                      if (a != Access::kParticipant) {
                        return Denied("the reviewed participant's officers respond");
                      }
                      return {};
                    });
}

Result<RecommendationView> PeerReviews::SetStatus(const accounts::Principal& who, int64_t id,
                                                  const std::string& status,
                                                  const std::string& comment,
                                                  const std::string& source) {
  OPENKP_RETURN_IF_ERROR(CheckStatus(status, comment, source));
  return AppendStep(who, id, {0, 0, "status", status, comment, source, "", "", "", ""},
                    [](const RecommendationView&, Access a) -> Status {
                      if (a != Access::kParticipant && a != Access::kTeam) {
                        return Denied(
                            "the participant's officers, the review's team and admins record "
                            "the implementation status");
                      }
                      return {};
                    });
}

Result<RecommendationView> PeerReviews::Assess(const accounts::Principal& who, int64_t id,
                                               const std::string& status,
                                               const std::string& comment,
                                               const std::string& source) {
  if (who.user.role != store::Role::kMonitor) {
    return Denied("civil society's assessment comes from its members (role monitor)");
  }
  OPENKP_RETURN_IF_ERROR(CheckStatus(status, comment, source));
  return AppendStep(who, id, {0, 0, "civil-society", status, comment, source, "", "", "", ""},
                    [](const RecommendationView&, Access) { return Status(); });
}

Result<RecommendationView> PeerReviews::ReportProgress(const accounts::Principal& who, int64_t id,
                                                       const std::string& text,
                                                       const std::string& source,
                                                       const std::string& next_due_on) {
  // The text's own checks first; the due date's against the state, inside the transaction.
  OPENKP_RETURN_IF_ERROR(CheckText("text", text, 20000, true));
  OPENKP_RETURN_IF_ERROR(CheckText("source", source, 500, true));
  return AppendStep(who, id, {0, 0, "progress", "", text, source, next_due_on, "", "", ""},
                    [&](const RecommendationView& v, Access a) -> Status {
                      if (a != Access::kParticipant) {
                        return Denied("progress reports come from the participant's officers");
                      }
                      TrackState state;
                      state.status = v.status;
                      return CheckProgress(state, text, source, next_due_on, today_());
                    });
}

}  // namespace openkp::review
