#include "apps/cli_regions.h"

#include <iostream>
#include <memory>

#include "core/csv.h"
#include "core/json_reader.h"
#include "http/region_dashboard.h"
#include "review/json.h"
#include "tables/xlsx_writer.h"

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

core::Result<json::value> ReadJson(const std::string& path) {
  auto text = ReadFile(path);
  if (!text.ok()) return text.status();
  return core::ParseJson(*text);
}

struct Flags {
  std::string token, file, code, scope, region, participant, status, format = "text", out;
  std::string type, comment, source, next_due_on;
  std::vector<std::string> evidence;
  int64_t id = 0;
  int to_year = 0;
  bool overdue = false;
};

void AddTokenOption(CLI::App* c, Flags& f, bool writing) {
  c->add_option("--token", f.token,
                writing ? "API token of the user who acts ($OPENKP_TOKEN)"
                        : "API token (default: $OPENKP_TOKEN; none: operator)");
}

// Rows of text (a header first) as CSV or .xlsx (`format`), in a sheet named `sheet`.
core::Result<std::string> RowsFile(const std::string& format, const std::string& sheet,
                                   const std::vector<std::vector<std::string>>& rows) {
  if (format == "csv") return core::CsvRows(rows);
  return tables::RowsToXlsx(sheet, rows);
}

// `bytes` to --out, or to stdout (an .xlsx file only to --out: `what` names it in the error).
core::Status Emit(const std::string& bytes, const Flags& f, const std::string& what) {
  if (!f.out.empty()) return WriteFile(f.out, bytes);
  if (f.format == "xlsx") {
    return core::Status::Invalid("--out", "required",
                                 "an .xlsx " + what + " goes to a file: --out");
  }
  std::cout << bytes;
  return {};
}

// The register as text (one line each), JSON, CSV or .xlsx (to --out, or stdout).
core::Status PrintRegister(const std::vector<review::FollowUpView>& list, const Flags& f) {
  std::string bytes;
  if (f.format == "json") {
    json::array items;
    for (const auto& v : list) items.push_back(review::FollowUpToJson(v));
    bytes = PrettyJson(json::object{{"items", std::move(items)}});
  } else if (f.format == "csv" || f.format == "xlsx") {
    auto file = RowsFile(f.format, "follow-ups", review::FollowUpRows(list));
    if (!file.ok()) return file.status();
    bytes = std::move(*file);
  } else {
    for (const auto& v : list) {
      const auto& i = v.item;
      bytes += std::to_string(i.id) + "\t" + i.type + "\t" + (v.scope.empty() ? "-" : v.scope) +
               "\t" + v.state.status + "\tcivil society " +
               (v.state.civil_society.empty() ? "-" : v.state.civil_society) + "\tdue " + i.due_on +
               (v.state.overdue ? " (overdue)" : "") + "\t" + i.owner + ": " + i.text + "\n";
    }
  }
  return Emit(bytes, f, "register");
}

}  // namespace

void AddRegionCommands(CLI::App& app, GlobalOptions& g, int* exit_code) {
  auto run = [&g, exit_code](const std::function<core::Status(Workspace&)>& body) {
    auto w = OpenWorkspace(g, false);
    if (!w.ok()) return void(*exit_code = Fail(w.status()));
    if (core::Status s = body(*w); !s.ok()) *exit_code = Fail(s);
  };
  auto data_opt = [&g](CLI::App* c) { AddDataOption(c, g); };

  // --- regions ---
  CLI::App* region = app.add_subcommand(
      "region", "Regions: participants, tripartite members, administrators (docs/REGIONS.md)");
  region->require_subcommand(1);
  auto rf = std::make_shared<Flags>();
  CLI::App* list = region->add_subcommand("list", "Every region (public)");
  data_opt(list);
  list->add_flag_function(
      "--json", [rf](int64_t) { rf->format = "json"; }, "JSON, as GET /v1/regions");
  list->callback([run, rf] {
    run([&](Workspace& w) -> core::Status {
      auto all = w.regions->List(nullptr);
      if (!all.ok()) return all.status();
      json::array items;
      for (const auto& r : *all) {
        if (rf->format == "json") {
          items.push_back(review::RegionToJson(r));
          continue;
        }
        std::string participants;
        for (const auto& p : r.participants) participants += (participants.empty() ? "" : ",") + p;
        std::cout << r.code << "\t" << r.kind << "\t" << participants << "\t" << r.members.size()
                  << " members\tversion " << r.version << "\t" << r.name << "\n";
      }
      if (rf->format == "json") std::cout << PrettyJson(json::object{{"items", std::move(items)}});
      return {};
    });
  });
  CLI::App* show = region->add_subcommand("show", "One region with its members (JSON)");
  data_opt(show);
  show->add_option("code", rf->code, "Region code, e.g. MRU")->required();
  AddTokenOption(show, *rf, false);
  show->callback([run, rf] {
    run([&](Workspace& w) -> core::Status {
      auto who = Caller(w, rf->token, true);
      if (!who.ok()) return who.status();
      auto r = w.regions->Get(&*who, rf->code);
      if (!r.ok()) return r.status();
      std::cout << PrettyJson(review::RegionToJson(*r));
      return {};
    });
  });
  CLI::App* add = region->add_subcommand(
      "add", "A new region from a JSON file (as POST /v1/regions; the operator acts as admin)");
  data_opt(add);
  add->add_option("--file", rf->file, "The region as JSON ('-': stdin)")->required();
  add->callback([run, rf] {
    run([&](Workspace& w) -> core::Status {
      auto body = ReadJson(rf->file);
      if (!body.ok()) return body.status();
      auto r = review::RegionFromJson(*body, true);
      if (!r.ok()) return r.status();
      auto made = w.regions->Create(OperatorPrincipal(), *r);
      if (!made.ok()) return made.status();
      std::cout << "region " << made->code << " version " << made->version << "\n";
      return {};
    });
  });
  CLI::App* update = region->add_subcommand(
      "update", "A new version of a region from a JSON file (as PUT /v1/regions/{code})");
  data_opt(update);
  update->add_option("code", rf->code, "Region code")->required();
  update->add_option("--file", rf->file, "The region as JSON ('-': stdin)")->required();
  AddTokenOption(update, *rf, false);
  update->callback([run, rf] {
    run([&](Workspace& w) -> core::Status {
      auto who = Caller(w, rf->token, true);  // no token: the operator, as an admin
      if (!who.ok()) return who.status();
      auto body = ReadJson(rf->file);
      if (!body.ok()) return body.status();
      auto r = review::RegionFromJson(*body, false);
      if (!r.ok()) return r.status();
      auto made = w.regions->Update(*who, rf->code, *r);
      if (!made.ok()) return made.status();
      std::cout << "region " << made->code << " version " << made->version << "\n";
      return {};
    });
  });

  CLI::App* dash = region->add_subcommand(
      "dashboard",
      "A region's dashboard (as GET /v1/regions/{code}/dashboard): JSON, or its "
      "tables as CSV or xlsx");
  data_opt(dash);
  dash->add_option("code", rf->code, "Region code")->required();
  dash->add_option("--from", rf->id, "First year (default: nine years ago)");
  dash->add_option("--to", rf->to_year, "Last year (default: this year)");
  dash->add_option("--format", rf->format, "json (default), csv or xlsx")
      ->check(CLI::IsMember({"text", "json", "csv", "xlsx"}));
  dash->add_option("--out", rf->out, "Write to this file (required for xlsx)");
  AddTokenOption(dash, *rf, false);
  dash->callback([run, rf] {
    run([&](Workspace& w) -> core::Status {
      auto who = Caller(w, rf->token, true);
      if (!who.ok()) return who.status();
      const int year = core::Date::TodayUtc().year();
      const http::RegionServices services{
          *w.regions,      w.follow_ups.get(), w.stats.get(),       w.review.get(),
          w.monitor.get(), w.coalition.get(),  w.peer_reviews.get()};
      auto d =
          http::BuildRegionDashboard(&*who,
                                     {rf->code, rf->id != 0 ? static_cast<int>(rf->id) : year - 9,
                                      rf->to_year != 0 ? rf->to_year : year},
                                     services);
      if (!d.ok()) return d.status();
      if (rf->format != "csv" && rf->format != "xlsx") return Emit(PrettyJson(*d), *rf, "file");
      auto file =
          RowsFile(rf->format, "region-" + rf->code.substr(0, 20), http::RegionTableRows(*d));
      if (!file.ok()) return file.status();
      return Emit(*file, *rf, "file");
    });
  });

  // --- action plans ---
  CLI::App* plan = app.add_subcommand("plan", "Action plans and their actions (docs/REGIONS.md)");
  plan->require_subcommand(1);
  auto pf = std::make_shared<Flags>();
  CLI::App* plans = plan->add_subcommand("list", "Action plans with their actions' states");
  data_opt(plans);
  plans->add_option("--scope", pf->scope, "kp, region:CODE or participant:CODE");
  plans->callback([run, pf] {
    run([&](Workspace& w) -> core::Status {
      auto all = w.follow_ups->Plans(nullptr, pf->scope);
      if (!all.ok()) return all.status();
      for (const auto& p : *all) {
        std::cout << p.plan.id << "\t" << p.plan.scope << "\tadopted " << p.plan.adopted_on << "\t"
                  << p.actions.size() << " actions, " << p.overdue << " overdue\t" << p.plan.title
                  << "\n";
      }
      return {};
    });
  });
  CLI::App* plan_show = plan->add_subcommand("show", "One plan with its actions (JSON)");
  data_opt(plan_show);
  plan_show->add_option("id", pf->id, "Plan id")->required();
  plan_show->callback([run, pf] {
    run([&](Workspace& w) -> core::Status {
      auto p = w.follow_ups->GetPlan(nullptr, pf->id);
      if (!p.ok()) return p.status();
      std::cout << PrettyJson(review::ActionPlanToJson(*p));
      return {};
    });
  });
  CLI::App* plan_add =
      plan->add_subcommand("add", "A new action plan from a JSON file (as POST /v1/action-plans)");
  data_opt(plan_add);
  plan_add->add_option("--file", pf->file, "The plan as JSON ('-': stdin)")->required();
  AddTokenOption(plan_add, *pf, false);
  plan_add->callback([run, pf] {
    run([&](Workspace& w) -> core::Status {
      auto who = Caller(w, pf->token, true);
      if (!who.ok()) return who.status();
      auto body = ReadJson(pf->file);
      if (!body.ok()) return body.status();
      auto n = review::ActionPlanFromJson(*body);
      if (!n.ok()) return n.status();
      auto p = w.follow_ups->AddPlan(*who, *n);
      if (!p.ok()) return p.status();
      std::cout << "action plan " << p->plan.id << "\n";
      return {};
    });
  });
  CLI::App* action_add = plan->add_subcommand(
      "add-action", "An action of a plan from a JSON file (as POST /v1/action-plans/{id}/actions)");
  data_opt(action_add);
  action_add->add_option("id", pf->id, "Plan id")->required();
  action_add->add_option("--file", pf->file, "The action as JSON ('-': stdin)")->required();
  AddTokenOption(action_add, *pf, false);
  action_add->callback([run, pf] {
    run([&](Workspace& w) -> core::Status {
      auto who = Caller(w, pf->token, true);
      if (!who.ok()) return who.status();
      auto body = ReadJson(pf->file);
      if (!body.ok()) return body.status();
      auto n = review::ActionFromJson(*body);
      if (!n.ok()) return n.status();
      auto a = w.follow_ups->AddAction(*who, pf->id, *n);
      if (!a.ok()) return a.status();
      std::cout << "action " << a->item.id << "\n";
      return {};
    });
  });

  // --- commitments and the register ---
  CLI::App* commitment =
      app.add_subcommand("commitment", "Commitments and the follow-up register (docs/REGIONS.md)");
  commitment->require_subcommand(1);
  auto cf = std::make_shared<Flags>();
  CLI::App* reg = commitment->add_subcommand(
      "list", "The register: commitments (with --type action or all: actions too)");
  data_opt(reg);
  reg->add_option("--type", cf->type, "commitment (default), action or all")
      ->check(CLI::IsMember({"commitment", "action", "all"}));
  reg->add_option("--region", cf->region, "In this region");
  reg->add_option("--participant", cf->participant, "Concerning this participant");
  reg->add_option("--status", cf->status, "Current status");
  reg->add_flag("--overdue", cf->overdue, "Only overdue ones");
  reg->add_option("--format", cf->format, "text (default), json, csv or xlsx")
      ->check(CLI::IsMember({"text", "json", "csv", "xlsx"}));
  reg->add_option("--out", cf->out, "Write to this file (required for xlsx)");
  reg->callback([run, cf] {
    run([&](Workspace& w) -> core::Status {
      review::FollowUpQuery q;
      q.type = cf->type.empty() ? "commitment" : cf->type == "all" ? "" : cf->type;
      q.region = cf->region;
      q.participant = cf->participant;
      q.status = cf->status;
      q.overdue_only = cf->overdue;
      auto list = w.follow_ups->List(nullptr, q);  // the public register
      if (!list.ok()) return list.status();
      return PrintRegister(*list, *cf);
    });
  });
  CLI::App* c_add =
      commitment->add_subcommand("add", "A commitment from a JSON file (as POST /v1/commitments)");
  data_opt(c_add);
  c_add->add_option("--file", cf->file, "The commitment as JSON ('-': stdin)")->required();
  AddTokenOption(c_add, *cf, false);
  c_add->callback([run, cf] {
    run([&](Workspace& w) -> core::Status {
      auto who = Caller(w, cf->token, true);
      if (!who.ok()) return who.status();
      auto body = ReadJson(cf->file);
      if (!body.ok()) return body.status();
      auto n = review::CommitmentFromJson(*body);
      if (!n.ok()) return n.status();
      auto c = w.follow_ups->AddCommitment(*who, *n);
      if (!c.ok()) return c.status();
      std::cout << "commitment " << c->item.id << "\n";
      return {};
    });
  });
  // Steps on an action or a commitment: status, assessment (civil society), progress.
  auto sf = std::make_shared<Flags>();
  for (const std::string kind : {"status", "assess", "progress"}) {
    CLI::App* step = commitment->add_subcommand(
        kind, kind == "status"   ? "Record the status of an action or a commitment, with source"
              : kind == "assess" ? "Civil society's own assessment (a monitor's token)"
                                 : "A progress report and when the next is due");
    data_opt(step);
    step->add_option("id", sf->id, "The action's or commitment's id")->required();
    if (kind == "progress") {
      step->add_option("--text", sf->comment, "What was done")->required();
      step->add_option("--next-due-on", sf->next_due_on, "When the next report is due");
    } else {
      step->add_option("--status", sf->status,
                       "not-started, in-progress, implemented or not-implemented")
          ->required();
      step->add_option("--comment", sf->comment, "A comment");
    }
    step->add_option("--source", sf->source, "Who says so (required)");
    step->add_option("--evidence", sf->evidence, "incident:ID or site:CODE (repeat)");
    AddTokenOption(step, *sf, true);
    step->callback([run, sf, kind] {
      run([&](Workspace& w) -> core::Status {
        auto who = kind == "assess" ? Login(*w.accounts, sf->token) : Caller(w, sf->token, true);
        if (!who.ok()) return who.status();
        review::NewStep s{sf->status, sf->comment, sf->source, sf->evidence, sf->next_due_on};
        auto v = kind == "status"   ? w.follow_ups->SetStatus(*who, sf->id, s)
                 : kind == "assess" ? w.follow_ups->Assess(*who, sf->id, s)
                                    : w.follow_ups->ReportProgress(*who, sf->id, s);
        if (!v.ok()) return v.status();
        std::cout << v->item.type << " " << v->item.id << ": " << v->state.status
                  << (v->state.civil_society.empty() ? ""
                                                     : ", civil society " + v->state.civil_society)
                  << (v->state.overdue ? " (overdue)" : "") << "\n";
        return {};
      });
    });
  }
}

}  // namespace openkp::apps
