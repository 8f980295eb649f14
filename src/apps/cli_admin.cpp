// `openkp keys|users|participants`: what the operator of a data directory manages.
#include "apps/cli_admin.h"

#include <boost/json.hpp>
#include <iostream>

#include "registry/verify.h"

namespace openkp::apps {

namespace json = boost::json;

void AddAdminCommands(CLI::App& app, GlobalOptions& g, int* exit_code_out) {
  // Callbacks run after this returns: option storage is static (one CLI per process), and
  // everything else they use is a reference to main's storage.
  int& exit_code = *exit_code_out;
  auto data_opt = [&g](CLI::App* c) { AddDataOption(c, g); };
  // keys
  CLI::App* keys = app.add_subcommand("keys", "Authority signing keys");
  keys->require_subcommand(1);
  static std::string key_participant, key_id, key_reason, valid_from;
  CLI::App* kgen = keys->add_subcommand(
      "generate", "Create a key pair for a participant (private key file 0600 in DATA/keys)");
  data_opt(kgen);
  kgen->add_option("--participant", key_participant, "Participant code")->required();
  kgen->add_option("--valid-from", valid_from, "First issue date it signs (default today)");
  kgen->callback([&] {
    auto w = OpenWorkspace(g, false);
    if (!w.ok()) return void(exit_code = Fail(w.status()));
    std::optional<core::Date> from;
    if (!valid_from.empty()) {
      auto d = core::Date::Parse(valid_from);
      if (!d.ok())
        return void(exit_code =
                        Fail(core::Status::Invalid("--valid-from", "date", d.status().message())));
      from = *d;
    }
    auto k = w->registry->GenerateKey(key_participant, from);
    if (!k.ok()) return void(exit_code = Fail(k.status()));
    std::cout << PrettyJson(registry::KeyToJson(*k));
  });
  CLI::App* krot = keys->add_subcommand(
      "rotate", "New key from today; the participant's current keys stop signing after today");
  data_opt(krot);
  krot->add_option("--participant", key_participant, "Participant code")->required();
  krot->callback([&] {
    auto w = OpenWorkspace(g, false);
    if (!w.ok()) return void(exit_code = Fail(w.status()));
    auto k = w->registry->RotateKey(key_participant);
    if (!k.ok()) return void(exit_code = Fail(k.status()));
    std::cout << PrettyJson(registry::KeyToJson(*k));
  });
  CLI::App* krev = keys->add_subcommand(
      "revoke", "Revoke a compromised key: every certificate it signed fails verification");
  data_opt(krev);
  krev->add_option("key_id", key_id, "Key id")->required();
  krev->add_option("--reason", key_reason, "Why (e.g. 'private key compromised')")->required();
  krev->callback([&] {
    auto w = OpenWorkspace(g, false);
    if (!w.ok()) return void(exit_code = Fail(w.status()));
    core::Status s = w->registry->RevokeKey(key_id, key_reason);
    if (!s.ok()) return void(exit_code = Fail(s));
    std::cout << "revoked " << key_id << "\n";
  });
  for (const char* name : {"list", "export"}) {
    CLI::App* kl = keys->add_subcommand(
        name, std::string(name) == "list"
                  ? "List public keys"
                  : "Print public keys as a keyring JSON for offline `cert verify --keys`");
    data_opt(kl);
    kl->add_option("--participant", key_participant, "Only this participant's keys");
    bool as_table = std::string(name) == "list";
    kl->callback([&, as_table] {
      auto w = OpenWorkspace(g, false);
      if (!w.ok()) return void(exit_code = Fail(w.status()));
      std::optional<std::string> p;
      if (!key_participant.empty()) p = key_participant;
      auto ks = w->registry->ListKeys(p);
      if (!ks.ok()) return void(exit_code = Fail(ks.status()));
      if (!as_table) {
        std::cout << PrettyJson(json::parse(registry::KeyringToJson(*ks)));
        return;
      }
      for (const auto& k : *ks) {
        std::cout << k.key_id << "  " << k.participant << "  from " << k.valid_from.ToString()
                  << (k.valid_to ? "  to " + k.valid_to->ToString() : "")
                  << (k.revoked_on ? "  REVOKED " + k.revoked_on->ToString() : "") << "\n";
      }
    });
  }

  // users
  CLI::App* users = app.add_subcommand("users", "API users and tokens");
  users->require_subcommand(1);
  static std::string user_name, user_role = "officer", user_participant;
  CLI::App* uadd = users->add_subcommand("add", "Create a user; prints its API token (once)");
  data_opt(uadd);
  uadd->add_option("--name", user_name, "Display name")->required();
  uadd->add_option(
          "--role", user_role,
          "admin, officer, monitor (a civil-society organisation's member: add it to "
          "its organisation with `openkp monitor member`), verifier, analyst (a statistics "
          "analyst: triages findings and runs questionnaires, docs/REVIEW.md), reviewer (a "
          "member of peer-review teams), or coalition (a person of the civil-society "
          "coalition: give it a part with POST /v1/coalition/people, docs/COALITION.md), or "
          "metrics (a Prometheus scraper: reads /metrics only)")
      ->check(CLI::IsMember({"admin", "officer", "monitor", "verifier", "analyst", "reviewer",
                             "coalition", "metrics"}))
      ->capture_default_str();
  uadd->add_option("--participant", user_participant, "Participant code (officers)");
  uadd->callback([&] {
    auto w = OpenWorkspace(g, false);
    if (!w.ok()) return void(exit_code = Fail(w.status()));
    auto u = w->accounts->AddUser(user_name, *store::ParseRole(user_role), user_participant);
    if (!u.ok()) return void(exit_code = Fail(u.status()));
    std::cout << u->token << "\n";
  });
  CLI::App* ulist = users->add_subcommand("list", "List users (never tokens)");
  data_opt(ulist);
  ulist->callback([&] {
    auto w = OpenWorkspace(g, false);
    if (!w.ok()) return void(exit_code = Fail(w.status()));
    auto us = w->accounts->ListUsers(OperatorPrincipal());
    if (!us.ok()) return void(exit_code = Fail(us.status()));
    for (const auto& u : *us) {
      std::cout << u.id << "  " << store::RoleName(u.role) << "  "
                << (u.participant.empty() ? "-" : u.participant) << "  " << u.name << "  "
                << (u.disabled_on.empty() ? "" : "disabled since " + u.disabled_on + ", ")
                << u.active_tokens << (u.active_tokens == 1 ? " token" : " tokens") << "\n";
    }
  });
  // Account control: the id is the first column of `users list`.
  static int64_t user_id = 0;
  auto with_user_id = [&](CLI::App* c) {
    data_opt(c);
    c->add_option("id", user_id, "User id (from `openkp users list`)")
        ->required()
        ->check(CLI::PositiveNumber);
  };
  for (const bool disable : {true, false}) {
    CLI::App* c = users->add_subcommand(
        disable ? "disable" : "enable",
        disable ? "Refuse every token of a user until enabled again (e.g. an officer who left)"
                : "Let a disabled user's active tokens work again");
    with_user_id(c);
    c->callback([&, disable] {
      auto w = OpenWorkspace(g, false);
      if (!w.ok()) return void(exit_code = Fail(w.status()));
      auto u = w->accounts->SetUserDisabled(user_id, disable);
      if (!u.ok()) return void(exit_code = Fail(u.status()));
      std::cout << "user " << u->id << " (" << u->name << ") " << (disable ? "disabled" : "enabled")
                << "\n";
    });
  }
  CLI::App* utoken =
      users->add_subcommand("token", "Create another API token for a user; prints it (once)");
  with_user_id(utoken);
  utoken->callback([&] {
    auto w = OpenWorkspace(g, false);
    if (!w.ok()) return void(exit_code = Fail(w.status()));
    auto t = w->accounts->NewToken(user_id);
    if (!t.ok()) return void(exit_code = Fail(t.status()));
    std::cout << t->token << "\n";
  });
  CLI::App* urevoke = users->add_subcommand(
      "revoke-tokens", "Revoke every API token of a user (a leak); `users token` makes a new one");
  with_user_id(urevoke);
  urevoke->callback([&] {
    auto w = OpenWorkspace(g, false);
    if (!w.ok()) return void(exit_code = Fail(w.status()));
    auto n = w->accounts->RevokeTokens(user_id);
    if (!n.ok()) return void(exit_code = Fail(n.status()));
    std::cout << "revoked " << *n << (*n == 1 ? " token" : " tokens") << " of user " << user_id
              << "\n";
  });

  static std::string user_login;
  CLI::App* upassword = users->add_subcommand(
      "password",
      "Give a user a login and password for the web app: the password is read from standard "
      "input (one line, 12 to 1024 bytes); ends the user's web sessions");
  with_user_id(upassword);
  upassword->add_option("--login", user_login, "The login (3-64 letters, digits, . - _ @)")
      ->required();
  upassword->callback([&] {
    std::string password;
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    auto w = OpenWorkspace(g, false);
    if (!w.ok()) return void(exit_code = Fail(w.status()));
    if (core::Status s = w->accounts->SetPassword(user_id, user_login, password); !s.ok()) {
      return void(exit_code = Fail(s));
    }
    std::cout << "user " << user_id << " signs in as '" << user_login << "'\n";
  });

  CLI::App* parts = app.add_subcommand("participants", "KP participants");
  parts->require_subcommand(1);
  CLI::App* plist = parts->add_subcommand("list", "List participants");
  data_opt(plist);
  plist->callback([&] {
    auto w = OpenWorkspace(g, false);
    if (!w.ok()) return void(exit_code = Fail(w.status()));
    auto ps = w->registry->ListParticipants();
    if (!ps.ok()) return void(exit_code = Fail(ps.status()));
    for (const auto& p : *ps)
      std::cout << p.code << "  " << p.name << "  (" << p.authority << ")\n";
  });
}

}  // namespace openkp::apps
