#include "apps/cli_monitor.h"

#include <boost/json.hpp>
#include <iostream>
#include <sstream>

#include "core/json_reader.h"
#include "crypto/crypto.h"
#include "tlog/note.h"
#include "transparency/log.h"

namespace openkp::apps {

using core::Status;

namespace {

// Checks a report's receipts (GET /v1/incidents/{id}/receipt) offline: each entry is proven in
// a checkpoint the log's key signed, names the hash it lists, and the files given hash to
// entries of the receipt. Prints one line per check; kInvalidArgument on the first that fails.
Status VerifyReportReceipt(const std::string& receipt_json, const std::string& log_key,
                           const std::string& xml_path, const std::vector<std::string>& files) {
  auto doc = core::ParseJson(receipt_json);
  if (!doc.ok()) return doc.status();
  auto key = tlog::NoteVerifier::FromVerifierKey(log_key);
  if (!key.ok()) return key.status();
  const auto* entries = doc->is_object() ? doc->as_object().if_contains("entries") : nullptr;
  if (entries == nullptr || !entries->is_array() || entries->as_array().empty()) {
    return Status::Invalid("receipt", "entries", "not a report receipt (no entries)");
  }
  std::vector<std::string> proven_hashes;
  std::string xml_hash;
  for (const auto& e : entries->as_array()) {
    core::ObjectReader r(e, "entries[]");
    const std::string event = r.String("event");
    const std::string sha = r.String("sha256");
    const std::string text = r.String("receipt");
    (void)r.OptionalString("name");
    OPENKP_RETURN_IF_ERROR(r.Finish());
    auto proven_receipt = ProveReceipt(text, *key);
    if (!proven_receipt.ok()) return proven_receipt.status();
    const auto& o = proven_receipt->entry;
    const auto* proven = &proven_receipt->proof;
    if (!proven_receipt->Says("sha256", boost::json::value(sha)) ||
        !proven_receipt->Says("event", boost::json::value(event))) {
      return Status::Invalid("receipt", "entry", "the logged entry does not name sha256 " + sha);
    }
    if (event == "monitor.report.received") xml_hash = sha;
    proven_hashes.push_back(sha);
    std::cout << "logged: " << event << " sha256 " << sha << " on "
              << (o.if_contains("date") ? std::string(o.at("date").as_string()) : "?") << ", entry "
              << proven->index << " of checkpoint " << proven->checkpoint.size << " ("
              << proven->checkpoint.origin << ")\n";
  }
  if (!xml_path.empty()) {
    auto xml = ReadFile(xml_path);
    if (!xml.ok()) return xml.status();
    if (crypto::Sha256Hex(*xml) != xml_hash) {
      return Status::Invalid("--xml", "sha256",
                             xml_path + " is not the submission the receipt proves (altered?)");
    }
    std::cout << "matches: " << xml_path << "\n";
  }
  for (const auto& f : files) {
    auto bytes = ReadFile(f);
    if (!bytes.ok()) return bytes.status();
    const std::string sha = crypto::Sha256Hex(*bytes);
    if (std::find(proven_hashes.begin(), proven_hashes.end(), sha) == proven_hashes.end()) {
      return Status::Invalid("--file", "sha256", f + " is not a file the receipt proves");
    }
    std::cout << "matches: " << f << "\n";
  }
  return {};
}

}  // namespace

void AddMonitorCommands(CLI::App& app, GlobalOptions& g, int* exit_code_out) {
  int& exit_code = *exit_code_out;
  CLI::App* mon = app.add_subcommand(
      "monitor", "Community monitoring: organisations, members, device credentials, sites");
  mon->require_subcommand(1);

  static std::string org_code, org_name;
  CLI::App* org = mon->add_subcommand("org", "Add a civil-society organisation");
  AddDataOption(org, g);
  org->add_option("--code", org_code, "Short code, e.g. CNRG-ZW")->required();
  org->add_option("--name", org_name, "Full name")->required();
  org->callback([&] {
    auto w = OpenWorkspace(g, false);
    if (!w.ok()) return void(exit_code = Fail(w.status()));
    if (Status s = w->monitor->AddOrganisation(OperatorPrincipal(), org_code, org_name); !s.ok()) {
      return void(exit_code = Fail(s));
    }
    std::cout << "organisation " << org_code << " added\n";
  });

  static int64_t member_user = 0;
  static std::string member_org;
  CLI::App* member = mon->add_subcommand(
      "member", "Make a user with the role monitor a member of an organisation");
  AddDataOption(member, g);
  member->add_option("--user", member_user, "User id (`openkp users list`)")->required();
  member->add_option("--org", member_org, "Organisation code")->required();
  member->callback([&] {
    auto w = OpenWorkspace(g, false);
    if (!w.ok()) return void(exit_code = Fail(w.status()));
    if (Status s = w->monitor->AddMember(OperatorPrincipal(), member_user, member_org); !s.ok()) {
      return void(exit_code = Fail(s));
    }
    std::cout << "user " << member_user << " is a member of " << member_org << "\n";
  });

  static std::string key_org, key_file;
  CLI::App* fkey = mon->add_subcommand(
      "form-key",
      "Encrypt an organisation's forms: its phones then encrypt every submission with this RSA "
      "public key; openkp stores them as received and cannot read them");
  AddDataOption(fkey, g);
  fkey->add_option("--org", key_org, "Organisation code")->required();
  fkey->add_option("--public-key", key_file,
                   "PEM file of the RSA public key (`openssl rsa -in private.pem -pubout`)")
      ->required();
  fkey->callback([&] {
    auto w = OpenWorkspace(g, false);
    if (!w.ok()) return void(exit_code = Fail(w.status()));
    auto pem = ReadFile(key_file);
    if (!pem.ok()) return void(exit_code = Fail(pem.status()));
    // The PEM body is the base64 of the DER key: drop the armour lines and line breaks.
    std::string b64, line;
    std::istringstream in(*pem);
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.rfind("-----", 0) != 0) b64 += line;
    }
    if (Status s = w->monitor->SetFormKey(OperatorPrincipal(), key_org, b64); !s.ok()) {
      return void(exit_code = Fail(s));
    }
    std::cout << "forms of " << key_org << " are encrypted from now on (phones fetch them again)\n";
  });

  CLI::App* device = mon->add_subcommand("device", "Device credentials for ODK Collect");
  device->require_subcommand(1);
  static std::string device_org, device_label;
  CLI::App* dadd = device->add_subcommand(
      "add",
      "A new device credential (username and password for Collect's server settings; "
      "the password is shown once)");
  AddDataOption(dadd, g);
  dadd->add_option("--org", device_org, "Organisation code")->required();
  dadd->add_option("--label", device_label, "The organisation's note, e.g. 'Marange phone 2'")
      ->required();
  dadd->callback([&] {
    auto w = OpenWorkspace(g, false);
    if (!w.ok()) return void(exit_code = Fail(w.status()));
    auto d = w->monitor->AddDevice(OperatorPrincipal(), device_org, device_label);
    if (!d.ok()) return void(exit_code = Fail(d.status()));
    std::cout << "device " << d->device.id << "\nusername: " << d->device.username
              << "\npassword: " << d->password
              << "\nIn ODK Collect: Settings > Project settings > Server: URL "
                 "http://HOST:PORT/openrosa with this username and password.\n";
  });
  static int64_t revoke_id = 0;
  CLI::App* drevoke = device->add_subcommand("revoke", "Revoke a device credential for good");
  AddDataOption(drevoke, g);
  drevoke->add_option("id", revoke_id, "Device id")->required();
  drevoke->callback([&] {
    auto w = OpenWorkspace(g, false);
    if (!w.ok()) return void(exit_code = Fail(w.status()));
    if (Status s = w->monitor->RevokeDevice(OperatorPrincipal(), revoke_id); !s.ok()) {
      return void(exit_code = Fail(s));
    }
    std::cout << "device " << revoke_id << " revoked\n";
  });
  CLI::App* dlist = device->add_subcommand("list", "List device credentials (never passwords)");
  AddDataOption(dlist, g);
  dlist->callback([&] {
    auto w = OpenWorkspace(g, false);
    if (!w.ok()) return void(exit_code = Fail(w.status()));
    auto list = w->monitor->Devices(OperatorPrincipal());
    if (!list.ok()) return void(exit_code = Fail(list.status()));
    for (const auto& d : *list) {
      std::cout << d.id << "\t" << d.username << "\t" << d.organisation << "\t" << d.label << "\t"
                << (d.revoked_at.empty() ? "active" : "revoked " + d.revoked_at) << "\n";
    }
  });

  static std::string vr_receipt, vr_key, vr_xml;
  static std::vector<std::string> vr_files;
  CLI::App* vr = mon->add_subcommand(
      "verify-receipt",
      "Check a report's receipts offline (GET /v1/incidents/{id}/receipt) against the log's key, "
      "and optionally the submission and its files");
  vr->add_option("receipt", vr_receipt, "The receipt JSON file (- for stdin)")->required();
  vr->add_option("--log-key", vr_key, "The log's verifier key (GET /v1/log/vkey)")->required();
  vr->add_option("--xml", vr_xml, "The submission XML the monitor kept");
  vr->add_option("--file", vr_files, "An attachment the monitor kept (repeat)");
  vr->callback([&] {
    auto text = ReadFile(vr_receipt);
    if (!text.ok()) return void(exit_code = Fail(text.status()));
    if (Status s = VerifyReportReceipt(*text, vr_key, vr_xml, vr_files); !s.ok()) {
      return void(exit_code = Fail(s));
    }
    std::cout << "verified\n";
  });

  static std::string import_file, import_format = "csv";
  static bool import_commit = false;
  CLI::App* sites = mon->add_subcommand(
      "import-sites", "Check a site list (CSV or GeoJSON) row by row; store it with --commit");
  AddDataOption(sites, g);
  sites->add_option("file", import_file, "The file (- for stdin)")->required();
  sites->add_option("--format", import_format, "csv or geojson")
      ->check(CLI::IsMember({"csv", "geojson"}))
      ->capture_default_str();
  sites->add_flag("--commit", import_commit, "Store the sites when every row is valid");
  sites->callback([&] {
    auto w = OpenWorkspace(g, false);
    if (!w.ok()) return void(exit_code = Fail(w.status()));
    auto text = ReadFile(import_file);
    if (!text.ok()) return void(exit_code = Fail(text.status()));
    auto got = w->monitor->ImportSites(OperatorPrincipal(), import_format, *text, import_commit);
    if (!got.ok()) return void(exit_code = Fail(got.status()));
    for (const auto& r : got->rows) {
      if (!r.site) std::cout << "row " << r.row << ": " << r.field << ": " << r.error << "\n";
    }
    std::cout << got->valid << " valid, " << got->invalid << " invalid; "
              << (got->stored ? "stored" : "nothing stored") << "\n";
    if (got->invalid > 0) exit_code = kExitInvalid;
  });
}

}  // namespace openkp::apps
