#include "apps/cli_coalition.h"

#include <iostream>
#include <memory>

#include "activities/export.h"
#include "activities/json.h"
#include "activities/report.h"
#include "core/date.h"
#include "core/json_reader.h"
#include "crypto/crypto.h"
#include "http/render.h"

namespace openkp::apps {

namespace json = boost::json;

namespace {

// Who acts: the token's user; with no token, the data directory's operator (who may do what
// the coordinator does: it holds the database).
core::Result<accounts::Principal> Caller(Workspace& w, const std::string& token) {
  if (token.empty() && std::getenv("OPENKP_TOKEN") == nullptr) return OperatorPrincipal();
  return Login(*w.accounts, token);
}

core::Status Output(const std::string& bytes, const std::string& out) {
  if (out.empty() || out == "-") {
    std::cout << bytes;
    return {};
  }
  return WriteFile(out, bytes);
}

}  // namespace

void AddCoalitionCommands(CLI::App& app, GlobalOptions& g, int* exit_code) {
  CLI::App* co = app.add_subcommand(
      "coalition", "The civil-society coalition: members, activities, annual report, IATI");
  co->require_subcommand(1);
  auto run = [&g, exit_code](const std::function<core::Status(Workspace&)>& body) {
    auto w = OpenWorkspace(g, false);
    if (!w.ok()) return void(*exit_code = Fail(w.status()));
    if (core::Status s = body(*w); !s.ok()) *exit_code = Fail(s);
  };
  const char* kTokenHelp = "API token (default: $OPENKP_TOKEN; none: the operator)";

  CLI::App* members = co->add_subcommand("members", "List the coalition's member organisations");
  AddDataOption(members, g);
  members->callback([run] {
    run([](Workspace& w) -> core::Status {
      auto list = w.coalition->Members();
      if (!list.ok()) return list.status();
      for (const auto& m : *list) {
        std::cout << m.code << "\t" << m.country << "\t" << m.name << "\t" << m.iati_id << "\n";
      }
      return {};
    });
  });

  struct RecordFlags {
    std::string token, file, correct;
  };
  auto rf = std::make_shared<RecordFlags>();
  CLI::App* record = co->add_subcommand(
      "record", "Record an activity from a JSON file (POST /v1/activities's body)");
  AddDataOption(record, g);
  record->add_option("file", rf->file, "JSON file, or - for stdin")->required();
  record->add_option("--token", rf->token, kTokenHelp);
  record->add_option("--correct", rf->correct, "A new version of this activity (its ref)");
  record->callback([run, rf] {
    run([&](Workspace& w) -> core::Status {
      auto who = Caller(w, rf->token);
      if (!who.ok()) return who.status();
      auto text = ReadFile(rf->file);
      if (!text.ok()) return text.status();
      auto v = core::ParseJson(*text);
      if (!v.ok()) return v.status();
      auto a = activities::ActivityFromJson(*v);
      if (!a.ok()) return a.status();
      auto made = rf->correct.empty() ? w.coalition->Record(*who, *a)
                                      : w.coalition->Correct(*who, rf->correct, *a);
      if (!made.ok()) return made.status();
      std::cout << made->ref << "\tversion " << made->version << "\n";
      return {};
    });
  });

  struct ImportFlags {
    std::string token, file, mode = "add";
    bool store = false, valid_only = false;
  };
  auto imf = std::make_shared<ImportFlags>();
  CLI::App* import = co->add_subcommand(
      "import", "Check a CSV or .xlsx file of activities, row by row; store it with --save");
  AddDataOption(import, g);
  import->add_option("file", imf->file, "CSV or .xlsx file")->required();
  import->add_option("--token", imf->token, kTokenHelp);
  import->add_option("--mode", imf->mode, "add (new activities) or update (new versions by ref)")
      ->capture_default_str();
  import->add_flag("--save", imf->store, "Store the rows (all valid, or see --valid-only)");
  import->add_flag("--valid-only", imf->valid_only, "With --save: store the valid rows only");
  import->callback([run, imf] {
    run([&](Workspace& w) -> core::Status {
      auto who = Caller(w, imf->token);
  if (!who.ok()) return who.status();
  auto bytes = ReadFile(imf->file);
  if (!bytes.ok()) return bytes.status();
  auto r = w.coalition->Import(*who, *bytes, {imf->mode, imf->store, imf->valid_only});
  if (!r.ok()) return r.status();
  for (const auto& row : r->rows) {
    std::cout << "row " << row.row << "\t"
              << (row.activity ? "ok\t" + row.activity->ref : "error\t" + row.error) << "\n";
  }
  std::cout << r->valid << " valid, " << r->invalid << " invalid, "
            << (r->stored ? "stored" : "nothing stored") << "\n";
  if (imf->store && !r->stored) {
    return core::Status::Invalid("rows", "invalid-rows",
                                 "nothing was stored: fix the rows, or use --valid-only");
  }
  return {};
});
}  // namespace openkp::apps
);

struct ReportFlags {
  std::string token, lang = "en", format = "html", out;
  int year = 0;
  bool final = false;
};
auto pf = std::make_shared<ReportFlags>();
CLI::App* report = co->add_subcommand(
    "report", "Generate the annual report to the KP from the recorded activities");
AddDataOption(report, g);
report->add_option("--year", pf->year, "The report's year")->required();
report->add_option("--lang", pf->lang, "en or fr")->capture_default_str();
report->add_option("--format", pf->format, "html, docx, pdf or json")->capture_default_str();
report->add_option("--out", pf->out, "Output file (default: stdout)");
report->add_option("--token", pf->token, kTokenHelp);
report->add_flag("--final", pf->final,
                 "Store it as the final report and commit its SHA-256 to the public log");
report->callback([run, pf] {
  run([&](Workspace& w) -> core::Status {
    if (pf->format != "html" && pf->format != "docx" && pf->format != "pdf" &&
        pf->format != "json") {
      return core::Status::Invalid("--format", "enum", "html, docx, pdf or json");
    }
    auto who = Caller(w, pf->token);
    if (!who.ok()) return who.status();
    std::string html;
    if (pf->final) {
      auto f = w.coalition->Finalise(*who, pf->year, pf->lang);
      if (!f.ok()) return f.status();
      std::cerr << "final report " << f->id << " sha256 " << f->sha256 << "\n";
      html = f->html;
    } else {
      auto model = w.coalition->Report(*who, pf->year, pf->lang);
      if (!model.ok()) return model.status();
      if (pf->format == "json") {
        return Output(PrettyJson(json::object{{"year", model->year},
                                              {"activities", model->activities},
                                              {"people_trained", model->people_trained}}) +
                          "\n",
                      pf->out);
      }
      html = activities::ReportHtml(*model);
    }
    if (pf->format == "html" || pf->format == "json") return Output(html, pf->out);
    auto bytes = pf->format == "pdf" ? http::RenderPdf(html, "") : http::RenderDocx(html, "");
    if (!bytes.ok()) return bytes.status();
    return Output(*bytes, pf->out);
  });
});

struct IatiFlags {
  std::string member, out;
  int year = 0;
};
auto xf = std::make_shared<IatiFlags>();
CLI::App* iati = co->add_subcommand(
    "iati", "The public activities as an IATI 2.03 activity file (a member's, or the coalition's)");
AddDataOption(iati, g);
iati->add_option("--member", xf->member, "A member's code (default: the whole coalition)");
iati->add_option("--year", xf->year, "Activities that start in this year");
iati->add_option("--out", xf->out, "Output file (default: stdout)");
iati->callback([run, xf] {
  run([&](Workspace& w) -> core::Status {
    auto list = w.coalition->List(nullptr, {xf->year, xf->member, ""});
    if (!list.ok()) return list.status();
    auto members = w.coalition->Members();
    if (!members.ok()) return members.status();
    auto xml = activities::IatiXml(*list, *members,
                                   xf->member.empty() ? activities::kCoalitionCode : xf->member,
                                   core::NowUtcTimestamp());
    if (!xml.ok()) return xml.status();
    return Output(*xml, xf->out);
  });
});

struct VerifyFlags {
  std::string receipt, log_key, report;
};
auto vf = std::make_shared<VerifyFlags>();
CLI::App* verify = co->add_subcommand(
    "verify-receipt",
    "Check offline that a final report (its HTML) is the one whose hash is in the public log");
verify->add_option("receipt", vf->receipt, "GET /v1/coalition/finals/{id}/receipt")->required();
verify->add_option("--log-key", vf->log_key, "The log's verifier key (GET /v1/log/vkey)")
    ->required();
verify
    ->add_option("--report", vf->report, "The final report's HTML (GET /v1/coalition/finals/{id})")
    ->required();
verify->callback([vf, exit_code] {
  auto check = [&]() -> core::Status {
    auto text = ReadFile(vf->receipt);
    if (!text.ok()) return text.status();
    auto html = ReadFile(vf->report);
    if (!html.ok()) return html.status();
    auto key = tlog::NoteVerifier::FromVerifierKey(vf->log_key);
    if (!key.ok()) return key.status();
    auto proven = ProveReceipt(*text, *key);
    if (!proven.ok()) return proven.status();
    const std::string sha = crypto::Sha256Hex(*html);
    if (!proven->Says("event", json::value("coalition.report.final"))) {
      return core::Status::Invalid("receipt", "mismatch", "not the receipt of a final report");
    }
    if (!proven->Says("sha256", json::value(sha))) {
      return core::Status::Invalid("report", "mismatch",
                                   "the report's SHA-256 is not the one logged: it is not the "
                                   "published final report");
    }
    std::cout << "matches: final report " << json::serialize(proven->entry.at("report")) << " ("
              << json::serialize(proven->entry.at("year")) << ", "
              << json::serialize(proven->entry.at("lang")) << ") sha256 " << sha << ", entry "
              << proven->proof.index << " of checkpoint " << proven->proof.checkpoint.size << " ("
              << proven->proof.checkpoint.origin << ")\n";
    return {};
  };
  if (core::Status s = check(); !s.ok()) *exit_code = Fail(s);
});
}

}  // namespace openkp::apps
