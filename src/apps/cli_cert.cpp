#include "apps/cli_cert.h"

#include <boost/json.hpp>
#include <iostream>

#include "core/amount.h"
#include "registry/codec.h"
#include "registry/verify.h"
#include "tlog/note.h"
#include "tlog/witness.h"
#include "transparency/log.h"

namespace openkp::apps {

namespace json = boost::json;
using core::Status;

using registry::VerifyCheck;

namespace {

struct IssueFlags {
  std::string file, out, to, number, exporter_name, exporter_address, importer_name,
      importer_address, expires, token;
  std::vector<std::string> origins, lines;
  int64_t parcels = 0;
};

core::Result<registry::IssueRequest> RequestFromFlags(const IssueFlags& f) {
  if (!f.file.empty()) {
    auto text = ReadFile(f.file);
    if (!text.ok()) return text.status();
    auto v = core::ParseJson(*text);
    if (!v.ok()) return v.status();
    return registry::IssueRequestFromJson(*v);
  }
  registry::IssueRequest r;
  if (!f.number.empty()) r.number = f.number;
  r.destination = f.to;
  for (const auto& o : f.origins) {
    if (o == "mixed") {
      r.origin.mixed = true;
    } else {
      r.origin.countries.push_back(o);
    }
  }
  r.exporter = {f.exporter_name, f.exporter_address};
  r.importer = {f.importer_name, f.importer_address};
  for (size_t i = 0; i < f.lines.size(); ++i) {
    // HS:CARATS:USD, e.g. 7102.31:1250.50:380000
    const std::string& s = f.lines[i];
    size_t a = s.find(':'), b = s.find(':', a == std::string::npos ? a : a + 1);
    const std::string field = "--line " + s;
    if (a == std::string::npos || b == std::string::npos) {
      return Status::Invalid(field, "format",
                             "expected HS:CARATS:USD, e.g. 7102.31:1250.50:380000");
    }
    auto carats = core::ParseHundredths(s.substr(a + 1, b - a - 1));
    if (!carats.ok()) return Status::Invalid(field, "carats", carats.status().message());
    auto usd = core::ParseHundredths(s.substr(b + 1));
    if (!usd.ok()) return Status::Invalid(field, "value", usd.status().message());
    r.lines.push_back({s.substr(0, a), *carats, *usd});
  }
  r.parcels = f.parcels;
  if (!f.expires.empty()) {
    auto d = core::Date::Parse(f.expires);
    if (!d.ok()) return Status::Invalid("--expires", "date", d.status().message());
    r.expires_on = *d;
  }
  return r;
}

int PrintVerify(const registry::VerifyReport& r, const std::string& number) {
  std::cout << (r.valid ? "VALID" : "NOT VALID") << ": " << number;
  if (!r.status.empty()) std::cout << " (" << r.status << ")";
  std::cout << "\n";
  for (const auto& c : r.checks) {
    std::cout << "  " << (c.ok ? "ok  " : "FAIL") << " " << c.name << ": " << c.detail << "\n";
  }
  if (!r.valid) std::cout << "failure: " << r.failure << ": " << r.detail << "\n";
  return r.valid ? kExitOk : kExitNotValid;
}

}  // namespace

void AddCertCommands(CLI::App& app, GlobalOptions& g, int* exit_code) {
  CLI::App* cert =
      app.add_subcommand("cert", "Issue, show, verify, confirm, void and list certificates");
  cert->require_subcommand(1);
  auto data_opt = [&g](CLI::App* c) { AddDataOption(c, g); };

  // issue
  auto f = std::make_shared<IssueFlags>();
  CLI::App* issue = cert->add_subcommand(
      "issue", "Issue and sign a certificate as an officer of the exporting participant");
  data_opt(issue);
  issue->add_option("--token", f->token, "API token (default: $OPENKP_TOKEN)");
  issue->add_option("--file", f->file, "Issue request as JSON (docs/API.md); '-' reads stdin");
  issue->add_option("--to", f->to, "Destination participant code");
  issue->add_option("--number", f->number, "Certificate number (default: ISSUER-YYYY-NNNNNN)");
  issue->add_option("--origin", f->origins, "Country of origin (repeat), or 'mixed'");
  issue->add_option("--exporter-name", f->exporter_name, "Exporter name");
  issue->add_option("--exporter-address", f->exporter_address, "Exporter address");
  issue->add_option("--importer-name", f->importer_name, "Importer name");
  issue->add_option("--importer-address", f->importer_address, "Importer address");
  issue->add_option("--line", f->lines,
                    "HS line HS:CARATS:USD, e.g. 7102.31:1250.50:380000 (repeat)");
  issue->add_option("--parcels", f->parcels, "Number of parcels");
  issue->add_option("--expires", f->expires, "Expiry date YYYY-MM-DD (default: issue + 60 days)");
  issue->add_option("--out", f->out, "Also write the signed certificate JSON to this file");
  issue->callback([&g, f, exit_code] {
    auto w = OpenWorkspace(g, false);
    if (!w.ok()) return void(*exit_code = Fail(w.status()));
    auto who = Login(*w->accounts, f->token);
    if (!who.ok()) return void(*exit_code = Fail(who.status()));
    auto req = RequestFromFlags(*f);
    if (!req.ok()) return void(*exit_code = Fail(req.status()));
    auto rec = w->registry->Issue(*who, *req);
    if (!rec.ok()) return void(*exit_code = Fail(rec.status()));
    if (!f->out.empty()) {
      Status s = WriteFile(f->out, PrettyJson(core::SignedToJson(rec->certificate)));
      if (!s.ok()) return void(*exit_code = Fail(s));
    }
    std::cout << PrettyJson(registry::RecordToJson(*rec, w->registry->Today()));
  });

  // show
  auto show_number = std::make_shared<std::string>();
  auto show_token = std::make_shared<std::string>();
  auto show_signed = std::make_shared<bool>(false);
  CLI::App* show = cert->add_subcommand("show", "Show a certificate (issuer, destination, admins)");
  data_opt(show);
  show->add_option("number", *show_number, "Certificate number")->required();
  show->add_option("--token", *show_token, "API token (default: $OPENKP_TOKEN)");
  show->add_flag("--signed", *show_signed, "Print only the signed certificate document");
  show->callback([&g, show_number, show_token, show_signed, exit_code] {
    auto w = OpenWorkspace(g, false);
    if (!w.ok()) return void(*exit_code = Fail(w.status()));
    auto who = Login(*w->accounts, *show_token);
    if (!who.ok()) return void(*exit_code = Fail(who.status()));
    auto rec = w->registry->Get(*who, *show_number);
    if (!rec.ok()) return void(*exit_code = Fail(rec.status()));
    std::cout << PrettyJson(*show_signed
                                ? core::SignedToJson(rec->certificate)
                                : json::value(registry::RecordToJson(*rec, w->registry->Today())));
  });

  // verify
  auto vfile = std::make_shared<std::string>();
  auto vkeys = std::make_shared<std::string>();
  auto vreceipt = std::make_shared<std::string>();
  auto vlogkey = std::make_shared<std::string>();
  auto vwitnesses = std::make_shared<std::vector<std::string>>();
  auto vrequired = std::make_shared<int>(0);
  CLI::App* verify = cert->add_subcommand(
      "verify",
      "Verify a signed certificate file: offline with --keys, or against the local registry");
  data_opt(verify);
  verify->add_option("file", *vfile, "Signed certificate JSON ('-' reads stdin)")->required();
  verify->add_option("--keys", *vkeys,
                     "Public key or keyring JSON (from `openkp keys export` or GET /v1/keys): "
                     "verify offline, without the registry");
  verify->add_option("--receipt", *vreceipt,
                     "Transparency-log receipt (from `openkp cert receipt` or GET "
                     ".../receipt): also prove the certificate was publicly logged (a "
                     "confirmation or void receipt proves that event; a voided one fails)");
  verify->add_option(
      "--log-key", *vlogkey,
      "The log's verifier key (`openkp log vkey`, GET /v1/log/vkey), with --receipt");
  verify->add_option("--witness", *vwitnesses,
                     "A trusted witness's vkey (repeat); with --witnesses-required");
  verify
      ->add_option("--witnesses-required", *vrequired,
                   "How many of the --witness keys must have cosigned the receipt's checkpoint")
      ->check(CLI::Range(0, 100));
  verify->callback([&g, vfile, vkeys, vreceipt, vlogkey, vwitnesses, vrequired, exit_code] {
    auto text = ReadFile(*vfile);
    if (!text.ok()) return void(*exit_code = Fail(text.status()));
    auto cert = core::ParseSignedCertificate(*text);
    if (!cert.ok()) return void(*exit_code = Fail(cert.status()));
    std::optional<VerifyCheck> logged;
    std::optional<transparency::LoggedCertificateEvent> proven_event;  // when the receipt holds
    if (!vreceipt->empty()) {
      if (vlogkey->empty()) {
        return void(*exit_code = Fail(Status::Invalid("--log-key", "required",
                                                      "--receipt needs the log's --log-key")));
      }
      auto rtext = ReadFile(*vreceipt);
      if (!rtext.ok()) return void(*exit_code = Fail(rtext.status()));
      auto receipt = tlog::ParseReceipt(*rtext);
      if (!receipt.ok()) return void(*exit_code = Fail(receipt.status()));
      auto key = tlog::NoteVerifier::FromVerifierKey(*vlogkey);
      if (!key.ok()) return void(*exit_code = Fail(key.status()));
      auto proven = transparency::VerifyCertificateReceipt(*cert, *receipt, *key);
      if (proven.ok()) {
        logged = VerifyCheck{"logged", true,
                             proven->status + " entry (" + proven->date + ") " +
                                 std::to_string(proven->index) + " is in checkpoint " +
                                 std::to_string(proven->checkpoint.size) + " of " +
                                 proven->checkpoint.origin};
        proven_event = *proven;
      } else {
        logged = VerifyCheck{"logged", false, proven.status().message()};
      }
      if (logged->ok && *vrequired > 0) {
        std::vector<tlog::WitnessVerifier> trusted;
        for (const auto& v : *vwitnesses) {
          auto w = tlog::WitnessVerifier::FromVerifierKey(v);
          if (!w.ok()) return void(*exit_code = Fail(w.status()));
          trusted.push_back(*w);
        }
        const int n =
            tlog::CountCosignatures(*tlog::OpenNote(receipt->checkpoint, {*key}), trusted);
        logged->detail += "; cosigned by " + std::to_string(n) + " of " +
                          std::to_string(trusted.size()) + " trusted witnesses";
        if (n < *vrequired) {
          logged->ok = false;
          logged->detail += ", " + std::to_string(*vrequired) + " required";
        }
      }
    }
    auto with_log = [&](registry::VerifyReport r) {
      if (logged) {
        r.checks.push_back(*logged);
        if (!logged->ok && r.valid) {
          r.valid = false;
          r.failure = "not-logged";
          r.detail = logged->detail;
        }
        // A void receipt is proof, even offline, that the certificate no longer stands.
        if (logged->ok && proven_event->status == "voided") {
          r.status = "voided";
          if (r.valid) {
            r.valid = false;
            r.failure = "voided";
            r.detail = "the log proves it was voided on " + proven_event->date;
          }
        } else if (logged->ok && proven_event->status == "confirmed" && r.status.empty()) {
          r.status = "confirmed";
        }
      }
      return r;
    };
    if (!vkeys->empty()) {
      auto ktext = ReadFile(*vkeys);
      if (!ktext.ok()) return void(*exit_code = Fail(ktext.status()));
      auto keyring = registry::ParseKeyring(*ktext);
      if (!keyring.ok()) return void(*exit_code = Fail(keyring.status()));
      core::Date today = core::Date::TodayUtc();
      if (!g.today.empty()) {
        auto d = core::Date::Parse(g.today);
        if (d.ok()) today = *d;
      }
      auto r = registry::VerifyOffline(*cert, *keyring, today);
      *exit_code = PrintVerify(with_log(r), cert->body.number);
      return;
    }
    auto w = OpenWorkspace(g, false);
    if (!w.ok()) return void(*exit_code = Fail(w.status()));
    // The operator reads the database anyway: it is told which fields differ, as an admin is.
    const accounts::Principal operator_of_data = OperatorPrincipal();
    auto r = w->registry->VerifyPresented(&operator_of_data, cert->body.number, *cert);
    if (!r.ok()) return void(*exit_code = Fail(r.status()));
    *exit_code = PrintVerify(with_log(*r), cert->body.number);
  });

  // receipt
  auto rnumber = std::make_shared<std::string>();
  auto rtoken = std::make_shared<std::string>();
  auto rout = std::make_shared<std::string>();
  auto revent = std::make_shared<std::string>("issued");
  CLI::App* receipt = cert->add_subcommand(
      "receipt",
      "Print the certificate's transparency-log receipt (tlog-proof@v1) for offline "
      "`cert verify --receipt` (issuer, destination, admins)");
  data_opt(receipt);
  receipt->add_option("number", *rnumber, "Certificate number")->required();
  receipt
      ->add_option("--event", *revent,
                   "Which logged event to prove: issued, confirmed (import) or voided")
      ->check(CLI::IsMember({"issued", "confirmed", "voided"}))
      ->capture_default_str();
  receipt->add_option("--token", *rtoken, "API token (default: $OPENKP_TOKEN)");
  receipt->add_option("--out", *rout, "Write it to this file instead of standard output");
  receipt->callback([&g, rnumber, rtoken, rout, revent, exit_code] {
    auto w = OpenWorkspace(g, false);
    if (!w.ok()) return void(*exit_code = Fail(w.status()));
    auto who = Login(*w->accounts, *rtoken);
    if (!who.ok()) return void(*exit_code = Fail(who.status()));
    auto rec = w->registry->Get(*who, *rnumber);
    if (!rec.ok()) return void(*exit_code = Fail(rec.status()));
    auto tiles = transparency::OpenDirectoryTileStore(LogFilesDir(g));
    auto text = transparency::CertificateReceipt(*w->db, *tiles, *rnumber, *revent);
    if (!text.ok()) return void(*exit_code = Fail(text.status()));
    if (rout->empty()) {
      std::cout << *text;
    } else if (Status s = WriteFile(*rout, *text); !s.ok()) {
      *exit_code = Fail(s);
    }
  });

  // confirm
  struct ConfirmFlags {
    std::string number, token, carats, value, received_on;
    int64_t parcels = 0;
  };
  auto cf = std::make_shared<ConfirmFlags>();
  CLI::App* confirm =
      cert->add_subcommand("confirm", "Confirm receipt as an officer of the importing participant");
  data_opt(confirm);
  confirm->add_option("number", cf->number, "Certificate number")->required();
  confirm->add_option("--token", cf->token, "API token (default: $OPENKP_TOKEN)");
  confirm->add_option("--carats", cf->carats, "Carats received, e.g. 1250.50")->required();
  confirm->add_option("--value", cf->value, "US$ value received, e.g. 380000.00")->required();
  confirm->add_option("--parcels", cf->parcels, "Parcels received")->required();
  confirm->add_option("--received-on", cf->received_on, "Date received YYYY-MM-DD (default today)");
  confirm->callback([&g, cf, exit_code] {
    auto w = OpenWorkspace(g, false);
    if (!w.ok()) return void(*exit_code = Fail(w.status()));
    auto who = Login(*w->accounts, cf->token);
    if (!who.ok()) return void(*exit_code = Fail(who.status()));
    registry::ConfirmRequest r;
    auto carats = core::ParseHundredths(cf->carats);
    if (!carats.ok())
      return void(*exit_code =
                      Fail(Status::Invalid("--carats", "decimal", carats.status().message())));
    auto value = core::ParseHundredths(cf->value);
    if (!value.ok())
      return void(*exit_code =
                      Fail(Status::Invalid("--value", "decimal", value.status().message())));
    r.carats_hundredths = *carats;
    r.value_usd_cents = *value;
    r.parcels = cf->parcels;
    if (!cf->received_on.empty()) {
      auto d = core::Date::Parse(cf->received_on);
      if (!d.ok())
        return void(*exit_code =
                        Fail(Status::Invalid("--received-on", "date", d.status().message())));
      r.received_on = *d;
    }
    auto rec = w->registry->Confirm(*who, cf->number, r);
    if (!rec.ok()) return void(*exit_code = Fail(rec.status()));
    std::cout << PrettyJson(registry::RecordToJson(*rec, w->registry->Today()));
  });

  // void
  struct VoidFlags {
    std::string number, token, reason, note;
  };
  auto vf = std::make_shared<VoidFlags>();
  CLI::App* voidc =
      cert->add_subcommand("void", "Void a certificate as an officer of the exporting participant");
  data_opt(voidc);
  voidc->add_option("number", vf->number, "Certificate number")->required();
  voidc->add_option("--token", vf->token, "API token (default: $OPENKP_TOKEN)");
  voidc->add_option("--reason", vf->reason, "lost, stolen or cancelled")->required();
  voidc->add_option("--note", vf->note, "Free-text explanation");
  voidc->callback([&g, vf, exit_code] {
    auto w = OpenWorkspace(g, false);
    if (!w.ok()) return void(*exit_code = Fail(w.status()));
    auto who = Login(*w->accounts, vf->token);
    if (!who.ok()) return void(*exit_code = Fail(who.status()));
    auto rec = w->registry->Void(*who, vf->number, {vf->reason, vf->note});
    if (!rec.ok()) return void(*exit_code = Fail(rec.status()));
    std::cout << PrettyJson(registry::RecordToJson(*rec, w->registry->Today()));
  });

  // list
  struct ListFlags {
    std::string token, issuer, destination, status, from, to, format = "table";
    int64_t limit = 50, offset = 0;
  };
  auto lf = std::make_shared<ListFlags>();
  CLI::App* list = cert->add_subcommand("list", "List certificates visible to you");
  data_opt(list);
  list->add_option("--token", lf->token, "API token (default: $OPENKP_TOKEN)");
  list->add_option("--issuer", lf->issuer, "Exporting participant code");
  list->add_option("--destination", lf->destination, "Importing participant code");
  list->add_option("--status", lf->status, "issued, expired, confirmed or voided")
      ->check(CLI::IsMember({"issued", "expired", "confirmed", "voided"}));
  list->add_option("--from", lf->from, "Issued on or after YYYY-MM-DD");
  list->add_option("--to", lf->to, "Issued on or before YYYY-MM-DD");
  list->add_option("--limit", lf->limit, "Rows per page (1..1000000)")
      ->check(CLI::Range(int64_t{1}, int64_t{1000000}))
      ->capture_default_str();
  list->add_option("--offset", lf->offset, "Rows to skip")->check(CLI::NonNegativeNumber);
  list->add_option("--format", lf->format, "table, json or csv")
      ->check(CLI::IsMember({"table", "json", "csv"}))
      ->capture_default_str();
  list->callback([&g, lf, exit_code] {
    auto w = OpenWorkspace(g, false);
    if (!w.ok()) return void(*exit_code = Fail(w.status()));
    auto who = Login(*w->accounts, lf->token);
    if (!who.ok()) return void(*exit_code = Fail(who.status()));
    store::CertificateFilter filter;
    if (!lf->issuer.empty()) filter.issuer = lf->issuer;
    if (!lf->destination.empty()) filter.destination = lf->destination;
    if (!lf->status.empty()) filter.status = lf->status;
    for (auto [flag, text, target] : {std::tuple{"--from", &lf->from, &filter.issued_from},
                                      std::tuple{"--to", &lf->to, &filter.issued_to}}) {
      if (text->empty()) continue;
      auto d = core::Date::Parse(*text);
      if (!d.ok())
        return void(*exit_code = Fail(Status::Invalid(flag, "date", d.status().message())));
      *target = *d;
    }
    filter.limit = lf->limit;
    filter.offset = lf->offset;
    auto page = w->registry->List(*who, filter);
    if (!page.ok()) return void(*exit_code = Fail(page.status()));
    const core::Date today = w->registry->Today();
    if (lf->format == "csv") {
      std::cout << registry::SummariesToCsv(page->items, today);
    } else if (lf->format == "json") {
      json::array items;
      for (const auto& s : page->items) items.emplace_back(registry::SummaryToJson(s, today));
      std::cout << PrettyJson(json::object{{"items", std::move(items)}, {"total", page->total}});
    } else {
      std::printf("%-20s %-6s %-6s %-10s %-10s %14s %16s %s\n", "NUMBER", "FROM", "TO", "STATUS",
                  "ISSUED", "CARATS", "US$", "PARCELS");
      for (const auto& s : page->items) {
        std::printf(
            "%-20s %-6s %-6s %-10s %-10s %14s %16s %lld%s\n", s.number.c_str(), s.issuer.c_str(),
            s.destination.c_str(), registry::DisplayStatus(s.state, s.expires_on, today).c_str(),
            s.issued_on.ToString().c_str(), core::FormatHundredths(s.carats_hundredths).c_str(),
            core::FormatHundredths(s.value_usd_cents).c_str(), static_cast<long long>(s.parcels),
            s.mismatch ? "  (mismatch)" : "");
      }
      std::printf("%zu of %lld shown (offset %lld)\n", page->items.size(),
                  static_cast<long long>(page->total), static_cast<long long>(lf->offset));
    }
  });
}

}  // namespace openkp::apps
