#include "apps/cli_monitor.h"

#include <iostream>

namespace openkp::apps {

using core::Status;

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
