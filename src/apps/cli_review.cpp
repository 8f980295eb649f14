#include "apps/cli_review.h"

#include <algorithm>
#include <iostream>
#include <map>
#include <memory>
#include <set>

#include "core/json_reader.h"
#include "crypto/crypto.h"
#include "review/json.h"
#include "tlog/note.h"
#include "transparency/log.h"

namespace openkp::apps {

namespace json = boost::json;

namespace {

// Who acts: the token's user; for reading only, with no token, the data directory's operator.
core::Result<accounts::Principal> Caller(Workspace& w, const std::string& token, bool reading) {
  if (reading && token.empty() && std::getenv("OPENKP_TOKEN") == nullptr) {
    return OperatorPrincipal();
  }
  return Login(*w.accounts, token);
}

std::string Text(const json::value& v) {
  return v.is_string() ? std::string(v.as_string()) : json::serialize(v);
}

core::Status VerifyReviewReceipts(const json::value& receipts, const tlog::NoteVerifier& key,
                                  const std::string& review_json);

std::optional<std::string> Opt(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

// Checks a questionnaire's receipts (GET /v1/questionnaires/{id}/receipts) offline: each step's
// entry is proven in a checkpoint the log's key signed and names this questionnaire, the step,
// its event and its SHA-256. With the questionnaire (GET /v1/questionnaires/{id}), it also checks
// that it has exactly the proven steps, that each step's document hashes to the proven SHA-256,
// and that what a reader sees (participant, title, message, due dates, findings and their
// numbers, each step's text and time, the documents' hashes) is what the documents say.
core::Status VerifyQuestionnaireReceipts(const std::string& receipts_json,
                                         const std::string& log_key,
                                         const std::string& questionnaire_json) {
  using core::Status;
  auto bad = [](const std::string& what, const std::string& why) {
    return Status::Invalid(what, "mismatch", why);
  };
  auto doc = core::ParseJson(receipts_json);
  if (!doc.ok()) return doc.status();
  auto key = tlog::NoteVerifier::FromVerifierKey(log_key);
  if (!key.ok()) return key.status();
  if (!doc->is_object()) return bad("receipts", "not questionnaire or review receipts");
  if (doc->as_object().contains("review")) {
    return VerifyReviewReceipts(*doc, *key, questionnaire_json);
  }
  core::ObjectReader top(*doc, "");
  const int64_t qid = top.Integer("questionnaire");
  const auto* steps = top.Array("steps");
  OPENKP_RETURN_IF_ERROR(top.Finish());
  if (steps->empty()) return bad("receipts", "no steps");
  std::map<int64_t, std::pair<std::string, std::string>> proven;  // step -> (action, sha256)
  for (const auto& s : *steps) {
    core::ObjectReader r(s, "steps[]");
    const int64_t step = r.Integer("step");
    const std::string action = r.String("action");
    const std::string sha = r.String("sha256");
    const auto* text = r.Value("receipt");
    OPENKP_RETURN_IF_ERROR(r.Finish());
    if (!text->is_string()) {
      return Status::Invalid(
          "receipts", "pending",
          "step " + std::to_string(step) + " is not in the log yet; fetch the receipts again");
    }
    auto proven_receipt = ProveReceipt(std::string(text->as_string()), *key);
    if (!proven_receipt.ok()) return proven_receipt.status();
    const auto* entry_proof = &proven_receipt->proof;
    auto is = [&](const char* k, const json::value& want) { return proven_receipt->Says(k, want); };
    if (!is("sha256", json::value(sha)) ||
        !is("event", json::value("review.questionnaire." + action)) ||
        !is("questionnaire", json::value(qid)) || !is("step", json::value(step))) {
      return bad("receipt", "the logged entry of step " + std::to_string(step) +
                                " does not name questionnaire " + std::to_string(qid) +
                                ", that step, its action and its sha256");
    }
    if (!proven.emplace(step, std::make_pair(action, sha)).second) {
      return bad("receipts", "step " + std::to_string(step) + " twice");
    }
    std::cout << "logged: step " << step << " (" << action << ") sha256 " << sha << ", entry "
              << entry_proof->index << " of checkpoint " << entry_proof->checkpoint.size << " ("
              << entry_proof->checkpoint.origin << ")\n";
  }
  if (questionnaire_json.empty()) return {};

  auto q = core::ParseJson(questionnaire_json);
  if (!q.ok()) return q.status();
  const auto* qo = q->if_object();
  auto field = [qo](const char* k) -> json::value {
    const auto* v = qo ? qo->if_contains(k) : nullptr;
    return v ? *v : json::value(nullptr);
  };
  if (qo == nullptr || field("id") != json::value(qid)) {
    return bad("--questionnaire", "not questionnaire " + std::to_string(qid));
  }
  const json::value qsteps = field("steps");
  if (!qsteps.is_array() || qsteps.as_array().size() != proven.size()) {
    return bad("--questionnaire", "its steps are not exactly the proven ones");
  }
  std::map<std::string, std::string> documents;  // sha256 -> name, of the questionnaire's files
  if (const json::value d = field("documents"); d.is_array()) {
    for (const auto& x : d.as_array()) {
      if (x.is_object() && x.as_object().contains("sha256") && x.as_object().contains("name")) {
        documents[json::value_to<std::string>(x.at("sha256"))] =
            json::value_to<std::string>(x.at("name"));
      }
    }
  }
  for (const auto& st : qsteps.as_array()) {
    const auto* so = st.if_object();
    auto sf = [so](const char* k) -> json::value {
      const auto* v = so ? so->if_contains(k) : nullptr;
      return v ? *v : json::value(nullptr);
    };
    const json::value id = sf("id");
    auto p = id.is_int64() ? proven.find(id.as_int64()) : proven.end();
    const json::value text = sf("document");
    if (p == proven.end() || !text.is_string() ||
        crypto::Sha256Hex(std::string(text.as_string())) != p->second.second) {
      return bad("--questionnaire", "step " + json::serialize(id) +
                                        " is not proven, or its document is not the logged one");
    }
    auto parsed = core::ParseJson(std::string(text.as_string()));
    if (!parsed.ok() || !parsed->is_object()) return bad("--questionnaire", "a step's document");
    const auto& d = parsed->as_object();
    auto dv = [&d](const char* k) -> json::value {
      const auto* v = d.if_contains(k);
      return v ? *v : json::value(nullptr);
    };
    const std::string where = "step " + json::serialize(id);
    if (dv("questionnaire") != json::value(qid) || dv("participant") != field("participant") ||
        dv("action") != sf("action") || sf("action") != json::value(p->second.first) ||
        dv("text") != sf("text") || dv("at") != sf("at")) {
      return bad("--questionnaire",
                 where + ": its participant, action, text or time differ from its document");
    }
    if (dv("action") == json::value("clarification") && dv("due_on") != sf("due_on")) {
      return bad("--questionnaire", where + ": its due date differs from its document");
    }
    if (dv("action") == json::value("sent")) {
      if (dv("title") != field("title") || dv("due_on") != field("first_due_on") ||
          dv("text") != field("message")) {
        return bad("--questionnaire", "its title, message or due date differ from what was sent");
      }
      // The findings as sent: ids, messages and numbers.
      const json::value qf = field("findings");
      const json::value df = dv("findings");
      if (!qf.is_array() || !df.is_array() || qf.as_array().size() != df.as_array().size()) {
        return bad("--questionnaire", "its findings differ from what was sent");
      }
      for (size_t i = 0; i < qf.as_array().size(); ++i) {
        const auto& a = qf.as_array()[i];
        const auto& b = df.as_array()[i];
        json::array pairs;
        if (a.is_object() && a.as_object().contains("compared") && a.at("compared").is_array()) {
          for (const auto& c : a.at("compared").as_array()) {
            if (c.is_object() && c.as_object().contains("label") &&
                c.as_object().contains("value")) {
              pairs.push_back(json::array{c.at("label"), c.at("value")});
            }
          }
        }
        if (!a.is_object() || !b.is_object() || !a.as_object().contains("id") ||
            !a.as_object().contains("message") || a.at("id") != b.at("id") ||
            a.at("message") != b.at("message") || json::value(pairs) != b.at("compared")) {
          return bad("--questionnaire",
                     "finding " + std::to_string(i) + " differs from what was sent");
        }
      }
    }
    const json::value files = dv("documents");  // held: the loop below borrows from it
    if (dv("action") == json::value("answered") && files.is_array()) {
      for (const auto& f : files.as_array()) {
        const auto* fo = f.if_object();
        const auto* sha = fo ? fo->if_contains("sha256") : nullptr;
        const auto* name = fo ? fo->if_contains("name") : nullptr;
        if (sha == nullptr || name == nullptr || !sha->is_string() ||
            !documents.count(std::string(sha->as_string())) ||
            documents[std::string(sha->as_string())] != json::value_to<std::string>(*name)) {
          return bad("--questionnaire", where + ": a document of the answer is missing or differs");
        }
      }
    }
  }
  std::cout << "matches: questionnaire " << qid << " (" << proven.size()
            << " steps: participant, findings, texts, dates and documents) is the one logged\n";
  return {};
}

// Checks a review's receipts (GET /v1/reviews/{id}/receipts) offline: each stage's entry is
// proven in a checkpoint the log's key signed and names this review, the stage and its SHA-256.
// With the review (GET /v1/reviews/{id}), every stage document it holds (the final report's,
// for the public) must hash to a proven entry and say what the review shows: its participant,
// the stage, its note (the report) and its time.
core::Status VerifyReviewReceipts(const json::value& receipts, const tlog::NoteVerifier& key,
                                  const std::string& review_json) {
  using core::Status;
  auto bad = [](const std::string& what, const std::string& why) {
    return Status::Invalid(what, "mismatch", why);
  };
  core::ObjectReader top(receipts, "");
  const int64_t rid = top.Integer("review");
  const auto* steps = top.Array("steps");
  OPENKP_RETURN_IF_ERROR(top.Finish());
  if (steps->empty()) return bad("receipts", "no stages with a document");
  std::map<std::string, std::string> proven;  // stage -> sha256
  for (const auto& s : *steps) {
    core::ObjectReader r(s, "steps[]");
    (void)r.Integer("step");
    const std::string stage = r.String("stage");
    const std::string sha = r.String("sha256");
    const auto* text = r.Value("receipt");
    OPENKP_RETURN_IF_ERROR(r.Finish());
    if (!text->is_string()) {
      return Status::Invalid("receipts", "pending",
                             "stage " + stage + " is not in the log yet; fetch the receipts again");
    }
    auto proven_receipt = ProveReceipt(std::string(text->as_string()), key);
    if (!proven_receipt.ok()) return proven_receipt.status();
    const auto* proof = &proven_receipt->proof;
    auto is = [&](const char* k, const json::value& want) { return proven_receipt->Says(k, want); };
    if (!is("sha256", json::value(sha)) || !is("event", json::value("review.stage." + stage)) ||
        !is("review", json::value(rid)) || !is("stage", json::value(stage))) {
      return bad("receipt", "the logged entry of stage " + stage + " does not name review " +
                                std::to_string(rid) + ", that stage and its sha256");
    }
    proven[stage] = sha;
    std::cout << "logged: review " << rid << " stage " << stage << " sha256 " << sha << ", entry "
              << proof->index << " of checkpoint " << proof->checkpoint.size << " ("
              << proof->checkpoint.origin << ")\n";
  }
  if (review_json.empty()) return {};
  auto rv = core::ParseJson(review_json);
  if (!rv.ok()) return rv.status();
  const auto* ro = rv->if_object();
  if (ro == nullptr || !ro->contains("id") || ro->at("id") != json::value(rid) ||
      !ro->contains("stages") || !ro->at("stages").is_array() || !ro->contains("participant")) {
    return bad("--review", "not review " + std::to_string(rid));
  }
  size_t checked = 0;
  for (const auto& st : ro->at("stages").as_array()) {
    const auto* so = st.if_object();
    const auto* document = so ? so->if_contains("document") : nullptr;
    if (document == nullptr) continue;  // a stage whose document the holder was not given
    const std::string stage = so->contains("stage") ? Text(so->at("stage")) : "";
    auto p = proven.find(stage);
    if (!document->is_string() || p == proven.end() ||
        crypto::Sha256Hex(std::string(document->as_string())) != p->second) {
      return bad("--review", "stage " + stage + ": its document is not the logged one");
    }
    auto d = core::ParseJson(std::string(document->as_string()));
    if (!d.ok() || !d->is_object()) return bad("--review", "stage " + stage + ": its document");
    const auto& dd = d->as_object();
    auto same = [&dd](const char* doc_key, const json::value& shown) {
      const auto* v = dd.if_contains(doc_key);
      return v != nullptr && *v == shown;
    };
    const json::value note = so->contains("note") ? so->at("note") : json::value("");
    const json::value at = so->contains("at") ? so->at("at") : json::value(nullptr);
    if (!same("review", json::value(rid)) || !same("participant", ro->at("participant")) ||
        !same("stage", json::value(stage)) || !same("at", at) ||
        (stage != "planned" && !same("note", note))) {
      return bad("--review",
                 "stage " + stage + ": what the review shows differs from its document");
    }
    ++checked;
  }
  if (checked == 0) return bad("--review", "holds no stage document to check");
  std::cout << "matches: review " << rid << " (" << checked
            << " stage documents: participant, stage, text and time) is the one logged\n";
  return {};
}

void PrintGroups(const review::FindingPage& page) {
  std::cout << page.total_groups << " groups, " << page.total_findings << " findings";
  for (const auto& [state, n] : page.states) std::cout << ", " << n << " " << state;
  std::cout << "\n";
  for (const auto& g : page.groups) {
    std::string who;
    for (const auto& p : g.group.participants) who += (who.empty() ? "" : ",") + p;
    std::cout << g.group.severity << "\t" << g.state << "\t" << g.group.id << "\t"
              << g.group.findings.size() << "\t" << g.group.rule << "\t" << who << "\t"
              << g.group.period << "\t" << g.group.message << "\n";
    for (const auto& f : g.findings) {
      std::cout << "  " << f.finding.id << "\t" << f.state << "\t" << f.finding.message << "\n";
      for (const auto& [label, value] : f.finding.compared) {
        std::cout << "    " << label << ": " << value << "\n";
      }
    }
  }
}

}  // namespace

void AddReviewCommands(CLI::App& app, GlobalOptions& g, int* exit_code) {
  CLI::App* rv = app.add_subcommand(
      "review", "Peer review: ranked anomaly findings, their triage, and questionnaires");
  rv->require_subcommand(1);
  auto data_opt = [&g](CLI::App* c) { AddDataOption(c, g); };
  // Runs `body` on an open workspace, failing with its status.
  auto run = [&g, exit_code](const std::function<core::Status(Workspace&)>& body) {
    auto w = OpenWorkspace(g, false);
    if (!w.ok()) return void(*exit_code = Fail(w.status()));
    if (core::Status s = body(*w); !s.ok()) *exit_code = Fail(s);
  };

  // findings
  struct FindingFlags {
    std::string token, participant, rule, state, group;
    int64_t limit = 50, offset = 0;
    bool json = false;
  };
  auto ff = std::make_shared<FindingFlags>();
  CLI::App* findings = rv->add_subcommand(
      "findings", "Anomaly findings, ranked and grouped, with their state (docs/REVIEW.md)");
  data_opt(findings);
  findings->add_option("--token", ff->token, "API token (default: $OPENKP_TOKEN; none: operator)");
  findings->add_option("--participant", ff->participant, "Groups involving this participant");
  findings->add_option("--rule", ff->rule, "One rule");
  findings->add_option("--state", ff->state,
                       "open, dismissed, explained, questioned, escalated or reopened");
  findings->add_option("--group", ff->group, "One group, with its findings and their numbers");
  findings->add_option("--limit", ff->limit, "Groups shown")->capture_default_str();
  findings->add_option("--offset", ff->offset, "Groups skipped")->capture_default_str();
  findings->add_flag("--json", ff->json, "JSON, as GET /v1/findings answers");
  findings->callback([run, ff] {
    run([&](Workspace& w) -> core::Status {
      auto who = Caller(w, ff->token, true);
      if (!who.ok()) return who.status();
      review::FindingQuery q;
      q.participant = Opt(ff->participant);
      q.rule = Opt(ff->rule);
      q.state = Opt(ff->state);
      q.group = Opt(ff->group);
      q.limit = ff->limit;
      q.offset = ff->offset;
      auto page = w.review->ListFindings(*who, q);
      if (!page.ok()) return page.status();
      if (ff->json) {
        json::array groups;
        for (const auto& gr : page->groups) groups.push_back(review::GroupToJson(gr));
        std::cout << PrettyJson(json::object{{"groups", std::move(groups)},
                                             {"total_groups", page->total_groups},
                                             {"total_findings", page->total_findings}});
      } else {
        PrintGroups(*page);
      }
      return {};
    });
  });

  // certificates of a roll-up
  struct RollUpFlags {
    std::string token, id;
    int64_t limit = 100, offset = 0;
    bool json = false;
  };
  auto ru = std::make_shared<RollUpFlags>();
  CLI::App* certs = rv->add_subcommand(
      "certificates", "A roll-up's certificates, each with its own finding, most severe first");
  data_opt(certs);
  certs->add_option("id", ru->id, "Finding id of a roll-up (its certificates > 0)")->required();
  certs->add_option("--token", ru->token, "API token (default: $OPENKP_TOKEN; none: operator)");
  certs->add_option("--limit", ru->limit, "Certificates shown")->capture_default_str();
  certs->add_option("--offset", ru->offset, "Certificates skipped")->capture_default_str();
  certs->add_flag("--json", ru->json, "JSON, as GET /v1/findings/{id}/certificates answers");
  certs->callback([run, ru] {
    run([&](Workspace& w) -> core::Status {
      auto who = Caller(w, ru->token, true);
      if (!who.ok()) return who.status();
      auto page = w.review->RollUpCertificates(*who, ru->id, ru->limit, ru->offset);
      if (!page.ok()) return page.status();
      if (ru->json) {
        json::array items;
        for (const auto& f : page->findings) items.push_back(review::FindingFieldsToJson(f));
        std::cout << PrettyJson(json::object{
            {"finding", ru->id}, {"certificates", std::move(items)}, {"total", page->total}});
        return {};
      }
      std::cout << page->total << " certificates\n";
      for (const auto& f : page->findings) {
        std::cout << f.severity << "\t" << f.id << "\t" << f.message << "\n";
      }
      return {};
    });
  });

  // triage
  struct TriageFlags {
    std::string token, id, action, note;
  };
  auto tf = std::make_shared<TriageFlags>();
  CLI::App* triage =
      rv->add_subcommand("triage", "Dismiss, explain or reopen a finding or a whole group");
  data_opt(triage);
  triage->add_option("id", tf->id, "Finding or group id")->required();
  triage->add_option("--action", tf->action, "dismiss, explain or reopen")
      ->required()
      ->check(CLI::IsMember({"dismiss", "explain", "reopen"}));
  triage->add_option("--note", tf->note, "Why (required to dismiss or explain)");
  triage->add_option("--token", tf->token, "API token of an analyst or admin ($OPENKP_TOKEN)");
  triage->callback([run, tf] {
    run([&](Workspace& w) -> core::Status {
      auto who = Caller(w, tf->token, false);
      if (!who.ok()) return who.status();
      auto done = w.review->Triage(*who, tf->id, tf->action, tf->note);
      if (!done.ok()) return done.status();
      for (const auto& f : *done) std::cout << f.finding.id << "\t" << f.state << "\n";
      return {};
    });
  });

  // raise
  struct RaiseFlags {
    std::string token;
    review::NewQuestionnaire q;
  };
  auto rf = std::make_shared<RaiseFlags>();
  CLI::App* raise = rv->add_subcommand("raise", "Send a data anomaly questionnaire");
  data_opt(raise);
  raise->add_option("--participant", rf->q.participant, "The participant asked")->required();
  raise->add_option("--finding", rf->q.findings, "Finding or group id (repeat)")->required();
  raise->add_option("--due", rf->q.due_on, "Due date YYYY-MM-DD")->required();
  raise->add_option("--title", rf->q.title, "Title");
  raise->add_option("--message", rf->q.message, "What the working group asks");
  raise->add_option("--token", rf->token, "API token of an analyst or admin ($OPENKP_TOKEN)");
  raise->callback([run, rf] {
    run([&](Workspace& w) -> core::Status {
      auto who = Caller(w, rf->token, false);
      if (!who.ok()) return who.status();
      auto q = w.review->Raise(*who, rf->q);
      if (!q.ok()) return q.status();
      std::cout << PrettyJson(review::QuestionnaireToJson(*q, false));
      return {};
    });
  });

  // questionnaires
  struct ListFlags {
    std::string token, participant, state;
    bool overdue = false;
  };
  auto lf = std::make_shared<ListFlags>();
  CLI::App* list = rv->add_subcommand("questionnaires", "List questionnaires and their states");
  data_opt(list);
  list->add_option("--participant", lf->participant, "One participant");
  list->add_option("--state", lf->state, "awaiting-answer, answered, closed or escalated");
  list->add_flag("--overdue", lf->overdue, "Only overdue ones");
  list->add_option("--token", lf->token, "API token (default: $OPENKP_TOKEN; none: operator)");
  list->callback([run, lf] {
    run([&](Workspace& w) -> core::Status {
      auto who = Caller(w, lf->token, true);
      if (!who.ok()) return who.status();
      auto items =
          w.review->Questionnaires(*who, {Opt(lf->participant), Opt(lf->state), lf->overdue});
      if (!items.ok()) return items.status();
      for (const auto& v : *items) {
        std::cout << v.questionnaire.id << "\t" << v.questionnaire.participant << "\t" << v.state
                  << (v.overdue ? " (overdue " + std::to_string(v.days_overdue) + " days)" : "")
                  << (v.listed ? " [listed]" : "") << "\tdue " << v.due_on << "\t"
                  << v.questionnaire.title << "\n";
      }
      return {};
    });
  });

  // show
  struct ShowFlags {
    std::string token;
    int64_t id = 0;
  };
  auto sf = std::make_shared<ShowFlags>();
  CLI::App* show = rv->add_subcommand("show", "A questionnaire with its findings and steps (JSON)");
  data_opt(show);
  show->add_option("id", sf->id, "Questionnaire id")->required();
  show->add_option("--token", sf->token, "API token (default: $OPENKP_TOKEN; none: operator)");
  show->callback([run, sf] {
    run([&](Workspace& w) -> core::Status {
      auto who = Caller(w, sf->token, true);
      if (!who.ok()) return who.status();
      auto q = w.review->GetQuestionnaire(*who, sf->id);
      if (!q.ok()) return q.status();
      std::cout << PrettyJson(review::QuestionnaireToJson(*q, true));
      return {};
    });
  });

  // answer
  struct AnswerFlags {
    std::string token, text;
    int64_t id = 0;
    std::vector<std::string> documents;  // FILE=TYPE
  };
  auto af = std::make_shared<AnswerFlags>();
  CLI::App* answer = rv->add_subcommand("answer", "The participant's answer (its officers)");
  data_opt(answer);
  answer->add_option("id", af->id, "Questionnaire id")->required();
  answer->add_option("--text", af->text, "The answer")->required();
  answer->add_option("--document", af->documents,
                     "FILE=CONTENT-TYPE to attach first, e.g. note.pdf=application/pdf (repeat)");
  answer->add_option("--token", af->token, "API token of the participant's officer");
  answer->callback([run, af] {
    run([&](Workspace& w) -> core::Status {
      auto who = Caller(w, af->token, false);
      if (!who.ok()) return who.status();
      // Check what can be checked before attaching anything: documents cannot be taken back.
      OPENKP_RETURN_IF_ERROR(review::Review::CheckAnswerText(af->text));
      auto current = w.review->GetQuestionnaire(*who, af->id);
      if (!current.ok()) return current.status();
      if (current->state != "awaiting-answer") {
        return core::Status(core::Code::kFailedPrecondition,
                            "questionnaire " + std::to_string(af->id) + " is " + current->state +
                                ": it takes no answer");
      }
      for (const auto& d : af->documents) {
        const size_t eq = d.rfind('=');
        if (eq == std::string::npos) {
          return core::Status::Invalid("--document", "file-type", "must be FILE=CONTENT-TYPE");
        }
        const std::string path = d.substr(0, eq);
        auto bytes = ReadFile(path);
        if (!bytes.ok()) return bytes.status();
        const std::string name = path.substr(path.rfind('/') + 1);
        const std::string sha = crypto::Sha256Hex(*bytes);
        const auto& held = current->questionnaire.documents;
        if (std::any_of(held.begin(), held.end(), [&](const review::Document& x) {
              return x.name == name && x.sha256 == sha;
            })) {
          std::cout << "already attached " << name << " sha256 " << sha << "\n";
          continue;  // a retry after a refused answer
        }
        auto added = w.review->AddDocument(*who, af->id, name, d.substr(eq + 1), *bytes);
        if (!added.ok()) return added.status();
        std::cout << "attached " << name << " sha256 " << added->sha256 << "\n";
      }
      auto q = w.review->Answer(*who, af->id, af->text);
      if (!q.ok()) return q.status();
      std::cout << PrettyJson(review::QuestionnaireToJson(*q, false));
      return {};
    });
  });

  // decide
  struct DecideFlags {
    std::string token, action, note, due;
    int64_t id = 0;
  };
  auto df = std::make_shared<DecideFlags>();
  CLI::App* decide = rv->add_subcommand("decide", "Accept an answer, ask again, or escalate");
  data_opt(decide);
  decide->add_option("id", df->id, "Questionnaire id")->required();
  decide->add_option("--action", df->action, "accept, clarify or escalate")
      ->required()
      ->check(CLI::IsMember({"accept", "clarify", "escalate"}));
  decide->add_option("--note", df->note, "Why (required to clarify or escalate)");
  decide->add_option("--due", df->due, "clarify: when the next answer is due (YYYY-MM-DD)");
  decide->add_option("--token", df->token, "API token of an analyst or admin ($OPENKP_TOKEN)");
  decide->callback([run, df] {
    run([&](Workspace& w) -> core::Status {
      auto who = Caller(w, df->token, false);
      if (!who.ok()) return who.status();
      auto q = w.review->Decide(*who, df->id, df->action, df->note, df->due);
      if (!q.ok()) return q.status();
      std::cout << PrettyJson(review::QuestionnaireToJson(*q, false));
      return {};
    });
  });

  // list-non-respondent, non-respondents
  auto nf = std::make_shared<ShowFlags>();
  CLI::App* listing = rv->add_subcommand("list-non-respondent",
                                         "Publish an overdue questionnaire's participant (admins)");
  data_opt(listing);
  listing->add_option("id", nf->id, "Questionnaire id")->required();
  listing->add_option("--token", nf->token, "API token of an admin ($OPENKP_TOKEN)");
  listing->callback([run, nf] {
    run([&](Workspace& w) -> core::Status {
      auto who = Caller(w, nf->token, false);
      if (!who.ok()) return who.status();
      auto q = w.review->ListAsNonRespondent(*who, nf->id);
      if (!q.ok()) return q.status();
      std::cout << PrettyJson(review::QuestionnaireToJson(*q, false));
      return {};
    });
  });
  struct VerifyFlags {
    std::string receipts, log_key, questionnaire;
  };
  auto vf = std::make_shared<VerifyFlags>();
  CLI::App* verify = rv->add_subcommand(
      "verify-receipt",
      "Check a questionnaire's or a review's receipts offline (no data directory needed)");
  verify
      ->add_option("receipts", vf->receipts,
                   "GET /v1/questionnaires/{id}/receipts or /v1/reviews/{id}/receipts, saved")
      ->required();
  verify->add_option("--log-key", vf->log_key, "The log's verifier key (GET /v1/log/vkey)")
      ->required();
  verify->add_option("--questionnaire,--review", vf->questionnaire,
                     "GET /v1/questionnaires/{id} or GET /v1/reviews/{id}, saved: its documents "
                     "must be the logged ones");
  verify->callback([vf, exit_code] {
    auto receipts = ReadFile(vf->receipts);
    if (!receipts.ok()) return void(*exit_code = Fail(receipts.status()));
    std::string questionnaire;
    if (!vf->questionnaire.empty()) {
      auto q = ReadFile(vf->questionnaire);
      if (!q.ok()) return void(*exit_code = Fail(q.status()));
      questionnaire = *q;
    }
    core::Status s = VerifyQuestionnaireReceipts(*receipts, vf->log_key, questionnaire);
    if (!s.ok()) *exit_code = Fail(s);
  });

  // visits, recommendations
  struct VisitFlags {
    std::string token, participant;
    int64_t review = 0;
    bool overdue = false, json = false;
  };
  auto pf = std::make_shared<VisitFlags>();
  CLI::App* visits = rv->add_subcommand(
      "visits", "Peer reviews (visits, missions, assessments): team and stage (--json: all)");
  data_opt(visits);
  visits->add_option("--participant", pf->participant, "One participant");
  visits->add_flag("--json", pf->json, "JSON, as GET /v1/reviews answers");
  visits->add_option("--token", pf->token, "API token (default: $OPENKP_TOKEN; none: operator)");
  visits->callback([run, pf] {
    run([&](Workspace& w) -> core::Status {
      auto who = Caller(w, pf->token, true);
      if (!who.ok()) return who.status();
      auto list = w.peer_reviews->List(&*who, pf->participant);
      if (!list.ok()) return list.status();
      json::array items;
      for (const auto& r : *list) {
        if (pf->json) {
          items.push_back(review::PeerReviewToJson(r));
          continue;
        }
        std::cout << r.id << "\t" << r.participant << "\t" << r.type << "\t"
                  << review::CurrentStage(r) << "\t" << r.starts_on << " to " << r.ends_on << "\t"
                  << r.title << "\n";
      }
      if (pf->json) std::cout << PrettyJson(json::object{{"items", std::move(items)}});
      return {};
    });
  });
  auto cf = std::make_shared<VisitFlags>();
  CLI::App* recs = rv->add_subcommand(
      "recommendations", "Recommendations: response, status, civil society's view, follow-up");
  data_opt(recs);
  recs->add_option("--participant", cf->participant, "One participant");
  recs->add_option("--review", cf->review, "One review");
  recs->add_flag("--overdue", cf->overdue, "Only those whose progress report is overdue");
  recs->add_flag("--json", cf->json, "JSON, as GET /v1/recommendations answers");
  recs->add_option("--token", cf->token, "API token (default: $OPENKP_TOKEN; none: operator)");
  recs->callback([run, cf] {
    run([&](Workspace& w) -> core::Status {
      auto who = Caller(w, cf->token, true);
      if (!who.ok()) return who.status();
      auto list =
          w.peer_reviews->Recommendations(&*who, {cf->review, cf->participant, cf->overdue});
      if (!list.ok()) return list.status();
      json::array items;
      for (const auto& v : *list) {
        if (cf->json) {
          items.push_back(review::RecommendationToJson(v));
          continue;
        }
        const auto& r = v.recommendation;
        std::cout << r.id << "\t" << r.participant << "\treview " << r.review_id << " para "
                  << r.paragraph << "\tresponse " << (v.response.empty() ? "-" : v.response)
                  << "\tstatus " << v.status << "\tcivil society "
                  << (v.civil_society.empty() ? "-" : v.civil_society) << "\tnext report "
                  << (v.next_report_due.empty() ? "-" : v.next_report_due)
                  << (v.overdue ? " (overdue)" : "") << "\t" << r.text << "\n";
      }
      if (cf->json) std::cout << PrettyJson(json::object{{"items", std::move(items)}});
      return {};
    });
  });

  CLI::App* nonresp = rv->add_subcommand(
      "non-respondents", "Participants published as not answering in time (public)");
  data_opt(nonresp);
  nonresp->callback([run] {
    run([&](Workspace& w) -> core::Status {
      auto list = w.review->NonRespondents();
      if (!list.ok()) return list.status();
      for (const auto& n : *list) {
        std::cout << n.participant << "\tquestionnaire " << n.questionnaire_id << "\tsent "
                  << n.sent_on << "\tdue " << n.due_on << "\tlisted " << n.listed_on
                  << (n.answered_on.empty() ? "" : "\tanswered " + n.answered_on) << "\n";
      }
      return {};
    });
  });
}

}  // namespace openkp::apps
