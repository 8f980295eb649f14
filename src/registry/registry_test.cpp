#include "registry/registry.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <future>
#include <mutex>
#include <set>
#include <thread>

#include "backends/backends.h"
#include "db_peek.h"
#include "registry/codec.h"
#include "registry/demo.h"
#include "registry/verify.h"
#include "temp_dir.h"

namespace openkp::registry {

using core::Code;

class RegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(*backends::OpenDatabase(backends::SqliteUrl(dir_ / "db")));
    vault_ = std::make_unique<KeyVault>(dir_ / "keys");
    reg_ = std::make_unique<Registry>(*store_, *vault_, [this] { return today_; });
    accounts_ = std::make_unique<accounts::Accounts>(*store_);
    ASSERT_TRUE(reg_->InitParticipants().ok());
    ASSERT_TRUE(reg_->GenerateKey("BW", today_.AddDays(-10)).ok());
    ASSERT_TRUE(reg_->GenerateKey("EU", today_.AddDays(-10)).ok());
    bw_ = Principal{accounts_->AddUser("bw", store::Role::kOfficer, "BW")->user};
    eu_ = Principal{accounts_->AddUser("eu", store::Role::kOfficer, "EU")->user};
    za_ = Principal{accounts_->AddUser("za", store::Role::kOfficer, "ZA")->user};
    admin_ = Principal{accounts_->AddUser("admin", store::Role::kAdmin, "")->user};
  }

  IssueRequest Request() {
    IssueRequest r;
    r.destination = "EU";
    r.origin = {false, {"BW"}};
    r.exporter = {"Okavango Diamond Company", "Gaborone"};
    r.importer = {"Antwerp Rough NV", "Antwerp"};
    r.lines = {{"7102.31", 100000, 20000000}};
    r.parcels = 2;
    return r;
  }
  int64_t EventCount() {
    return static_cast<int64_t>(testing::Peek(*store_).Events(0, 1000000)->size());
  }

  core::Date today_ = *core::Date::Parse("2026-06-15");
  testing::TempDir dir_;
  std::unique_ptr<store::Database> store_;
  std::unique_ptr<KeyVault> vault_;
  std::unique_ptr<Registry> reg_;
  std::unique_ptr<accounts::Accounts> accounts_;
  Principal bw_, eu_, za_, admin_;
};

TEST_F(RegistryTest, IssueSignsNumbersAndLogsAnEvent) {
  auto rec = reg_->Issue(bw_, Request());
  ASSERT_TRUE(rec.ok()) << rec.status().message();
  const auto& b = rec->certificate.body;
  EXPECT_EQ(b.number, "BW-2026-000001");
  EXPECT_EQ(b.issuing_authority, "Ministry of Minerals and Energy");
  EXPECT_EQ(b.expires_on, today_.AddDays(kDefaultValidityDays));
  EXPECT_EQ(reg_->Issue(bw_, Request())->certificate.body.number, "BW-2026-000002");
  auto v = reg_->VerifyStored(b.number);
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->valid) << v->failure << " " << v->detail;
  EXPECT_EQ(v->status, "issued");
  auto events = testing::Peek(*store_).Events(0, 100);
  EXPECT_EQ(events->back().kind, "certificate.issued");
  EXPECT_EQ(events->back().subject, "BW-2026-000002");
}

// The guessing attack of issue 16: a forger who knows a certificate's number posts copies that
// differ in one private field at a time, the true value among them. Every answer must be the
// same bytes, so nothing about the registered certificate is learnt.
TEST_F(RegistryTest, PresentedCertificatesAreNoOracleForOutsiders) {
  auto rec = *reg_->Issue(bw_, Request());
  const core::SignedCertificate original = rec.certificate;
  const std::string number = original.body.number;
  std::vector<core::SignedCertificate> guesses;
  auto guess = [&](auto change) {
    core::SignedCertificate g = original;
    change(g.body);
    g.signature = original.signature;  // the forger cannot know it: any value will do
    g.signature[3] = g.signature[3] == 'A' ? 'B' : 'A';
    guesses.push_back(g);
  };
  for (const char* dest : {"EU", "ZA", "CN", "AE"}) guess([&](auto& b) { b.destination = dest; });
  for (int parcels : {1, 2, 3}) guess([&](auto& b) { b.parcels = parcels; });
  for (int64_t carats : {99999, 100000, 100001}) {
    guess([&](auto& b) { b.lines[0].carats_hundredths = carats; });
  }
  guess([](auto& b) { b.lines.push_back({"7102.21", 500, 10000}); });
  for (const char* name : {"Okavango Diamond Company", "Someone Else Ltd"}) {
    guess([&](auto& b) { b.exporter.name = name; });
  }
  guess([](auto&) {});  // every field right, signature unknown
  for (const Principal* outsider : std::vector<const Principal*>{nullptr, &za_}) {
    std::set<std::string> answers;
    for (const auto& g : guesses) {
      auto r = reg_->VerifyPresented(outsider, number, g);
      ASSERT_TRUE(r.ok());
      answers.insert(boost::json::serialize(PublicVerifyToJson(original.body, *r)));
    }
    ASSERT_EQ(answers.size(), 1u) << *answers.begin() << "\n" << *answers.rbegin();
    EXPECT_NE(answers.begin()->find("\"failure\":\"signature\""), std::string::npos);
  }
  // The same guesses from a party name the field that differs: the answers differ.
  std::set<std::string> party_answers;
  for (const auto& g : guesses) {
    party_answers.insert(
        boost::json::serialize(VerifyToJson(*reg_->VerifyPresented(&eu_, number, g))));
  }
  EXPECT_GT(party_answers.size(), 1u);

  // A genuine document of the same issuer presented under another certificate's number: its
  // signature is valid, so it is compared, but only "differs" is said, never where.
  IssueRequest other = Request();
  other.parcels = 7;
  auto second = *reg_->Issue(bw_, other);
  auto r = reg_->VerifyPresented(nullptr, number, second.certificate);
  EXPECT_EQ(r->failure, "altered");
  EXPECT_TRUE(r->altered_fields.empty());
  EXPECT_EQ(r->detail.find("parcels"), std::string::npos) << r->detail;
  auto same = reg_->VerifyPresented(nullptr, number, original);
  EXPECT_TRUE(same->valid) << same->failure << ": " << same->detail;
}

TEST_F(RegistryTest, KeyFilesArePrivate) {
  auto keys = testing::Peek(*store_).Keys(std::string("BW"));
  struct stat st {};
  ASSERT_EQ(::stat(vault_->PathFor((*keys)[0].key_id).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat((dir_.path() / "keys").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  // A server whose operator has not copied the key yet: unavailable (503), not "not found",
  // naming the file within the data directory only, and issuing works once it is there.
  const std::string path = vault_->PathFor((*keys)[0].key_id);
  ASSERT_EQ(::rename(path.c_str(), (path + ".aside").c_str()), 0);
  auto missing = reg_->Issue(bw_, Request()).status();
  EXPECT_EQ(missing.code(), Code::kUnavailable) << missing.message();
  EXPECT_NE(missing.message().find("keys/" + (*keys)[0].key_id + ".key"), std::string::npos);
  EXPECT_EQ(missing.message().find(dir_.path().string()), std::string::npos);
  ASSERT_EQ(::rename((path + ".aside").c_str(), path.c_str()), 0);
  EXPECT_TRUE(reg_->Issue(bw_, Request()).ok());
}

TEST_F(RegistryTest, OnlyTheIssuersOfficerIssues) {
  EXPECT_EQ(reg_->Issue(admin_, Request()).status().code(), Code::kPermissionDenied);
  IssueRequest r = Request();
  r.issuer = "ZA";
  EXPECT_EQ(reg_->Issue(bw_, r).status().code(), Code::kPermissionDenied);
  // ZA has no key yet: a clear precondition error, not a crash.
  r = Request();
  auto s = reg_->Issue(za_, r).status();
  EXPECT_EQ(s.code(), Code::kFailedPrecondition) << s.message();
}

TEST_F(RegistryTest, RejectedInputChangesNothing) {
  const int64_t before = EventCount();
  IssueRequest r = Request();
  r.destination = "KE";  // Kenya: not a participant
  auto s = reg_->Issue(bw_, r).status();
  EXPECT_EQ(s.field(), "destination");
  EXPECT_EQ(s.rule(), "kp-participant");
  r = Request();
  r.lines[0].carats_hundredths = 0;
  EXPECT_EQ(reg_->Issue(bw_, r).status().rule(), "positive");
  r = Request();
  r.expires_on = today_.AddDays(-1);
  EXPECT_EQ(reg_->Issue(bw_, r).status().rule(), "after-issue");
  // Numbers that could pass for another participant's; printed text that reads differently.
  for (const char* number : {"ZA-BW-1", "X-BW-2026-1", "BWA-1", "BWXY", "2026-BW-1"}) {
    r = Request();
    r.number = number;
    EXPECT_EQ(reg_->Issue(bw_, r).status().rule(), "starts-with-issuer-code") << number;
  }
  r = Request();
  r.importer.name = "Antwerp Rough \u202EVN";
  s = reg_->Issue(bw_, r).status();
  EXPECT_EQ(s.field(), "importer.name");
  EXPECT_EQ(s.rule(), "plain-text");
  r = Request();
  r.exporter.address = "Plot 1\u2066, Gaborone";
  EXPECT_EQ(reg_->Issue(bw_, r).status().field(), "exporter.address");
  r = Request();
  r.number = "BW-X-1";
  ASSERT_TRUE(reg_->Issue(bw_, r).ok());
  EXPECT_EQ(reg_->Issue(bw_, r).status().code(), Code::kAlreadyExists);
  for (const char* number : {"BW/2026/7", "BW2026-8"}) {
    r = Request();
    r.number = number;
    EXPECT_TRUE(reg_->Issue(bw_, r).ok()) << number;
  }
  EXPECT_EQ(EventCount(), before + 3);
  EXPECT_EQ(reg_->List(admin_, {})->total, 3);
}

TEST_F(RegistryTest, EuNumbersMayBeginWithAMemberStatesCode) {
  auto eu_bw = Principal{accounts_->AddUser("eu2", store::Role::kOfficer, "EU")->user};
  IssueRequest r = Request();
  r.destination = "BW";
  r.number = "BE-2026-1";
  EXPECT_TRUE(reg_->Issue(eu_bw, r).ok());
  r.number = "EU/2026/1";
  EXPECT_TRUE(reg_->Issue(eu_bw, r).ok());
  r.number = "ZA-BE-2026-2";
  EXPECT_EQ(reg_->Issue(eu_bw, r).status().rule(), "starts-with-issuer-code");
  r.number = "US-BE-2026-2";  // US is not a member state
  EXPECT_EQ(reg_->Issue(eu_bw, r).status().rule(), "starts-with-issuer-code");
}

TEST_F(RegistryTest, ParticipantNamesArePlainText) {
  EXPECT_EQ(reg_->UpsertParticipant(admin_, {"BW", "Botswana", "Ministry \u202Eof"}).rule(),
            "plain-text");
  EXPECT_TRUE(reg_->UpsertParticipant(admin_, {"BW", "Botswana", "Ministère des Mines"}).ok());
}

TEST_F(RegistryTest, VerifyNamesEachFailure) {
  auto rec = *reg_->Issue(bw_, Request());
  auto keys = *testing::Peek(*store_).Keys(std::nullopt);
  auto cert = rec.certificate;
  EXPECT_TRUE(VerifyOffline(cert, keys, today_).valid);

  auto altered = cert;
  altered.body.lines[0].carats_hundredths += 1;
  EXPECT_EQ(VerifyOffline(altered, keys, today_).failure, "signature");
  // A party to the certificate learns which field differs; anyone else only that the
  // presented document's signature fails.
  for (const Principal* party : {&bw_, &eu_, &admin_}) {
    auto presented = reg_->VerifyPresented(party, cert.body.number, altered);
    EXPECT_EQ(presented->failure, "altered");
    EXPECT_EQ(presented->altered_fields, std::vector<std::string>{"lines[0].carats_hundredths"});
  }
  for (const Principal* outsider : std::vector<const Principal*>{nullptr, &za_}) {
    auto presented = reg_->VerifyPresented(outsider, cert.body.number, altered);
    EXPECT_EQ(presented->failure, "signature");
    EXPECT_TRUE(presented->altered_fields.empty());
  }

  std::vector<store::AuthorityKey> only_eu;
  for (const auto& k : keys) {
    if (k.participant == "EU") only_eu.push_back(k);
  }
  EXPECT_EQ(VerifyOffline(cert, only_eu, today_).failure, "unknown-issuer");
  auto wrong_key = cert;
  wrong_key.body.key_id = "BW-nope";
  EXPECT_EQ(VerifyOffline(wrong_key, keys, today_).failure, "unknown-key");
  EXPECT_EQ(VerifyOffline(cert, keys, cert.body.expires_on.AddDays(1)).failure, "expired");
  auto late = keys;
  for (auto& k : late) k.valid_from = today_.AddDays(1);
  EXPECT_EQ(VerifyOffline(cert, late, today_).failure, "key-not-valid-on-issue-date");
  auto broken = cert;
  broken.body.parcels = 0;
  EXPECT_EQ(VerifyOffline(broken, keys, today_).failure, "malformed");

  ASSERT_TRUE(reg_->RevokeKey(cert.body.key_id, "compromised").ok());
  EXPECT_EQ(reg_->VerifyStored(cert.body.number)->failure, "revoked-key");
}

TEST_F(RegistryTest, RotationKeepsOldCertificatesValid) {
  auto old_cert = *reg_->Issue(bw_, Request());
  today_ = today_.AddDays(5);
  auto k = reg_->RotateKey("BW");
  ASSERT_TRUE(k.ok()) << k.status().message();
  today_ = today_.AddDays(1);
  auto new_cert = *reg_->Issue(bw_, Request());
  EXPECT_EQ(new_cert.certificate.body.key_id, k->key_id);
  EXPECT_NE(old_cert.certificate.body.key_id, k->key_id);
  EXPECT_TRUE(reg_->VerifyStored(old_cert.certificate.body.number)->valid);
  EXPECT_TRUE(reg_->VerifyStored(new_cert.certificate.body.number)->valid);
}

TEST_F(RegistryTest, ConfirmRecordsMismatchesBeyondTolerance) {
  auto rec = *reg_->Issue(bw_, Request());
  const std::string n = rec.certificate.body.number;
  ConfirmRequest c{std::nullopt, 100000, 20000000, 2};
  EXPECT_EQ(reg_->Confirm(bw_, n, c).status().code(), Code::kPermissionDenied);
  EXPECT_EQ(reg_->Confirm(za_, n, c).status().code(), Code::kPermissionDenied);
  c.carats_hundredths = 100000 - 100;     // -0.10 %: within tolerance
  c.value_usd_cents = 20000000 + 200000;  // +1.00 %: within tolerance
  auto ok = reg_->Confirm(eu_, n, c);
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_TRUE(ok->confirmation->mismatches.empty());
  EXPECT_EQ(reg_->Confirm(eu_, n, c).status().code(), Code::kFailedPrecondition);

  auto rec2 = *reg_->Issue(bw_, Request());
  c = {std::nullopt, 100000 - 101, 20000000 + 200001, 3};
  auto mm = reg_->Confirm(eu_, rec2.certificate.body.number, c);
  ASSERT_TRUE(mm.ok());
  ASSERT_EQ(mm->confirmation->mismatches.size(), 3u);
  EXPECT_EQ(mm->confirmation->mismatches[0],
            "carats: certified 1000.00, received 998.99 (-0.10%; tolerance 0.10%)");
}

TEST_F(RegistryTest, ExpiryIsEnforcedAtConfirmation) {
  auto rec = *reg_->Issue(bw_, Request());
  today_ = rec.certificate.body.expires_on.AddDays(1);
  auto s = reg_->Confirm(eu_, rec.certificate.body.number, {std::nullopt, 100000, 20000000, 2});
  EXPECT_EQ(s.status().code(), Code::kFailedPrecondition);
  EXPECT_EQ(s.status().rule(), "within-validity");
  EXPECT_EQ(reg_->VerifyStored(rec.certificate.body.number)->failure, "expired");
  // Received before expiry, confirmed late: allowed.
  auto late = reg_->Confirm(eu_, rec.certificate.body.number,
                            {rec.certificate.body.expires_on, 100000, 20000000, 2});
  EXPECT_TRUE(late.ok()) << late.status().message();
}

TEST_F(RegistryTest, VoidByIssuerOnly) {
  auto rec = *reg_->Issue(bw_, Request());
  const std::string n = rec.certificate.body.number;
  EXPECT_EQ(reg_->Void(eu_, n, {"lost", ""}).status().code(), Code::kPermissionDenied);
  EXPECT_EQ(reg_->Void(bw_, n, {"misplaced", ""}).status().rule(), "void-reason");
  ASSERT_TRUE(reg_->Void(bw_, n, {"stolen", "truck hijacked"}).ok());
  auto v = reg_->VerifyStored(n);
  EXPECT_FALSE(v->valid);
  EXPECT_EQ(v->failure, "voided");
  EXPECT_EQ(reg_->Confirm(eu_, n, {std::nullopt, 100000, 20000000, 2}).status().code(),
            Code::kFailedPrecondition);
}

TEST_F(RegistryTest, VisibilityFollowsParticipants) {
  auto rec = *reg_->Issue(bw_, Request());
  const std::string n = rec.certificate.body.number;
  EXPECT_TRUE(reg_->Get(bw_, n).ok());
  EXPECT_TRUE(reg_->Get(eu_, n).ok());
  EXPECT_TRUE(reg_->Get(admin_, n).ok());
  EXPECT_EQ(reg_->Get(za_, n).status().code(), Code::kPermissionDenied);
  EXPECT_EQ(reg_->List(za_, {})->total, 0);
  EXPECT_EQ(reg_->List(eu_, {})->total, 1);
  // The same check without the record (receipts): the first answers read the certificate, the
  // next ones its remembered parties, and say the same.
  for (int round = 0; round < 2; ++round) {
    EXPECT_TRUE(reg_->MayReadDetails(bw_, n).ok());
    EXPECT_TRUE(reg_->MayReadDetails(eu_, n).ok());
    EXPECT_TRUE(reg_->MayReadDetails(admin_, n).ok());
    EXPECT_EQ(reg_->MayReadDetails(za_, n).code(), Code::kPermissionDenied);
    EXPECT_EQ(reg_->MayReadDetails(za_, "BW-2026-99999").code(), Code::kNotFound);
  }
}

TEST_F(RegistryTest, TokensAuthenticate) {
  auto u = accounts_->AddUser("new", store::Role::kOfficer, "BW");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(accounts_->Authenticate(u->token)->user.name, "new");
  EXPECT_EQ(accounts_->Authenticate("okp_wrongwrongwrong").status().code(), Code::kUnauthenticated);
  EXPECT_EQ(accounts_->Authenticate("garbage").status().code(), Code::kUnauthenticated);
  EXPECT_EQ(accounts_->AddUser("x", store::Role::kOfficer, "KE").status().field(), "participant");
}

TEST_F(RegistryTest, DisabledUsersAndRevokedTokensAreRefusedAtOnce) {
  auto u = *accounts_->AddUser("leaver", store::Role::kOfficer, "BW");
  ASSERT_TRUE(accounts_->Authenticate(u.token).ok());  // now cached
  // Disabled: refused, with the reason; the user and its token are kept.
  auto disabled = accounts_->SetUserDisabled(u.user.id, true);
  ASSERT_TRUE(disabled.ok());
  EXPECT_FALSE(disabled->disabled_on.empty());
  EXPECT_EQ(disabled->active_tokens, 1);
  auto refused = accounts_->Authenticate(u.token);
  EXPECT_EQ(refused.status().code(), Code::kUnauthenticated);
  EXPECT_NE(refused.status().message().find("disabled"), std::string::npos);
  ASSERT_TRUE(accounts_->SetUserDisabled(u.user.id, false).ok());
  EXPECT_TRUE(accounts_->Authenticate(u.token).ok());
  // Revoked: that token never works again; a new one does.
  EXPECT_EQ(*accounts_->RevokeTokens(u.user.id), 1);
  EXPECT_NE(accounts_->Authenticate(u.token).status().message().find("revoked"), std::string::npos);
  EXPECT_EQ(*accounts_->RevokeTokens(u.user.id), 0);
  auto fresh = accounts_->NewToken(u.user.id);
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(fresh->user.active_tokens, 1);
  EXPECT_EQ(accounts_->Authenticate(fresh->token)->user.id, u.user.id);
  EXPECT_FALSE(accounts_->Authenticate(u.token).ok());
  // Unknown users are a clear kNotFound and change nothing.
  EXPECT_EQ(accounts_->SetUserDisabled(9999, true).status().code(), Code::kNotFound);
  EXPECT_EQ(accounts_->RevokeTokens(9999).status().code(), Code::kNotFound);
  EXPECT_EQ(accounts_->NewToken(9999).status().code(), Code::kNotFound);
  // Another process (the CLI beside a running server) disables the user: refused within 1 ms.
  ASSERT_TRUE(accounts_->Authenticate(fresh->token).ok());
  {
    auto other = std::move(*backends::OpenDatabase(backends::SqliteUrl(dir_ / "db")));
    accounts::Accounts other_accounts(*other);
    ASSERT_TRUE(other_accounts.SetUserDisabled(u.user.id, true).ok());
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(3));
  EXPECT_FALSE(accounts_->Authenticate(fresh->token).ok());
}

TEST_F(RegistryTest, CachedVerificationFollowsEveryChange) {
  auto rec = *reg_->Issue(bw_, Request());
  const std::string n = rec.certificate.body.number;
  auto first = reg_->PublicVerificationJson(n);
  ASSERT_TRUE(first.ok());
  EXPECT_NE(first->find("\"valid\":true"), std::string::npos);
  EXPECT_EQ(*reg_->CachedPublicVerificationJson(n), *first);
  // A change through this registry shows at once.
  ASSERT_TRUE(reg_->Void(bw_, n, {"lost", ""}).ok());
  EXPECT_FALSE(reg_->CachedPublicVerificationJson(n).has_value());
  EXPECT_NE(reg_->PublicVerificationJson(n)->find("\"failure\":\"voided\""), std::string::npos);
  // A change by another connection (another process, such as the CLI) shows within 1 ms.
  auto rec2 = *reg_->Issue(bw_, Request());
  const std::string n2 = rec2.certificate.body.number;
  EXPECT_NE(reg_->PublicVerificationJson(n2)->find("\"valid\":true"), std::string::npos);
  {
    auto other = std::move(*backends::OpenDatabase(backends::SqliteUrl(dir_ / "db")));
    Registry other_reg(*other, *vault_, [this] { return today_; });
    ASSERT_TRUE(other_reg.RevokeKey(rec2.certificate.body.key_id, "leaked").ok());
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(3));
  EXPECT_NE(reg_->PublicVerificationJson(n2)->find("revoked-key"), std::string::npos);
  // A new day re-evaluates expiry.
  auto rec3 = *reg_->Issue(eu_, [&] {
    IssueRequest r = Request();
    r.destination = "BW";
    return r;
  }());
  const std::string n3 = rec3.certificate.body.number;
  EXPECT_NE(reg_->PublicVerificationJson(n3)->find("\"valid\":true"), std::string::npos);
  today_ = rec3.certificate.body.expires_on.AddDays(1);
  EXPECT_NE(reg_->PublicVerificationJson(n3)->find("\"failure\":\"expired\""), std::string::npos);
}

TEST_F(RegistryTest, CachedReferenceDataFollowsOtherProcesses) {
  ASSERT_TRUE(reg_->Issue(bw_, Request()).ok());  // participants, keys and token now cached
  auto other = std::move(*backends::OpenDatabase(backends::SqliteUrl(dir_ / "db")));
  Registry other_reg(*other, *vault_, [this] { return today_; });
  // Another process revokes BW's only key: issuing must stop, verification must fail.
  auto keys = *testing::Peek(*other).Keys(std::string("BW"));
  ASSERT_TRUE(other_reg.RevokeKey(keys[0].key_id, "compromised").ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(3));
  EXPECT_EQ(reg_->Issue(bw_, Request()).status().code(), Code::kFailedPrecondition);
  // It rotates in a new key: issuing resumes with it.
  auto fresh = other_reg.GenerateKey("BW");
  ASSERT_TRUE(fresh.ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(3));
  auto rec = reg_->Issue(bw_, Request());
  ASSERT_TRUE(rec.ok()) << rec.status().message();
  EXPECT_EQ(rec->certificate.body.key_id, fresh->key_id);
  // A token created elsewhere works at once (misses are never cached).
  auto u = accounts::Accounts(*other).AddUser("late", store::Role::kOfficer, "EU");
  EXPECT_TRUE(accounts_->Authenticate(u->token).ok());
}

TEST_F(RegistryTest, NumbersStayUniqueWhenAnotherProcessIssuesToo) {
  EXPECT_EQ(reg_->Issue(bw_, Request())->certificate.body.number, "BW-2026-000001");
  auto other = std::move(*backends::OpenDatabase(backends::SqliteUrl(dir_ / "db")));
  Registry cli(*other, *vault_, [this] { return today_; });  // e.g. `openkp cert issue`
  EXPECT_EQ(cli.Issue(bw_, Request())->certificate.body.number, "BW-2026-000002");
  EXPECT_EQ(reg_->Issue(bw_, Request())->certificate.body.number, "BW-2026-000003");
  EXPECT_EQ(cli.Issue(bw_, Request())->certificate.body.number, "BW-2026-000004");
  // A number an officer chose in the generated format is skipped, not duplicated.
  IssueRequest manual = Request();
  manual.number = "BW-2026-000005";
  ASSERT_TRUE(reg_->Issue(bw_, manual).ok());
  EXPECT_EQ(reg_->Issue(bw_, Request())->certificate.body.number, "BW-2026-000006");
}

TEST_F(RegistryTest, IssueAsyncNumbersGaplesslyAlongsideIssue) {
  constexpr int kAsync = 120;
  std::mutex mu;
  std::condition_variable cv;
  int outcomes = 0;
  std::vector<std::string> numbers;
  for (int i = 0; i < kAsync; ++i) {
    reg_->IssueAsync(bw_, Request(), [&](const Result<Issued>& rec) {
      std::lock_guard lock(mu);
      EXPECT_TRUE(rec.ok()) << rec.status().message();
      if (rec.ok()) numbers.push_back(rec->record.certificate.body.number);
      ++outcomes;
      cv.notify_all();
    });
    if (i % 10 == 0) {
      auto rec = reg_->Issue(bw_, Request());  // waiting issuers share the same sequence
      ASSERT_TRUE(rec.ok());
      std::lock_guard lock(mu);
      numbers.push_back(rec->certificate.body.number);
    }
  }
  std::unique_lock lock(mu);
  cv.wait(lock, [&] { return outcomes == kAsync; });
  std::sort(numbers.begin(), numbers.end());
  ASSERT_EQ(numbers.size(), size_t{kAsync + kAsync / 10});
  for (size_t i = 0; i < numbers.size(); ++i) {
    char want[32];
    std::snprintf(want, sizeof want, "BW-2026-%06zu", i + 1);
    EXPECT_EQ(numbers[i], want);
    EXPECT_TRUE(reg_->VerifyStored(numbers[i])->valid) << numbers[i];
  }
  // A refused request is answered on the calling thread, before IssueAsync returns.
  bool refused = false;
  reg_->IssueAsync(eu_, Request(), [&](const Result<Issued>& rec) {
    refused = rec.status().code() == Code::kInvalidArgument;  // EU cannot ship to itself
  });
  EXPECT_TRUE(refused);
  // A failure inside the transaction (a number taken) comes back through `done` too.
  IssueRequest taken = Request();
  taken.number = numbers[0];
  std::promise<Status> dup;
  reg_->IssueAsync(bw_, taken, [&](const Result<Issued>& r) { dup.set_value(r.status()); });
  EXPECT_EQ(dup.get_future().get().code(), Code::kAlreadyExists);
}

// A retried request (same user, same Idempotency-Key, same bytes) gets the certificate the first
// made, also when both are in flight at once; the key reused for another request is refused.
TEST_F(RegistryTest, IdempotencyKeysMakeRetriesSafe) {
  auto issue = [&](const Principal& who, const std::string& key, const std::string& digest) {
    IssueRequest r = Request();
    r.idempotency_key = key;
    r.request_sha256 = digest;
    std::promise<Result<Issued>> out;
    reg_->IssueAsync(who, r, [&](Result<Issued> x) { out.set_value(std::move(x)); });
    return out.get_future().get();
  };
  auto first = issue(bw_, "order-17", "d1");
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_FALSE(first->replayed);
  const std::string n = first->record.certificate.body.number;
  const int64_t events = EventCount();
  auto again = issue(bw_, "order-17", "d1");
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->record.certificate.body.number, n);
  EXPECT_EQ(again->record.document, first->record.document);
  EXPECT_EQ(EventCount(), events);  // nothing new stored
  auto other = issue(bw_, "order-17", "d2");
  EXPECT_EQ(other.status().code(), Code::kAlreadyExists);
  EXPECT_EQ(other.status().field(), "Idempotency-Key");
  EXPECT_NE(other.status().message().find(n), std::string::npos);
  EXPECT_EQ(EventCount(), events);
  // Keys belong to their user.
  Principal bw2{accounts_->AddUser("bw2", store::Role::kOfficer, "BW")->user};
  auto theirs = issue(bw2, "order-17", "d1");
  ASSERT_TRUE(theirs.ok());
  EXPECT_FALSE(theirs->replayed);
  EXPECT_NE(theirs->record.certificate.body.number, n);
  // Malformed keys are refused before anything is done.
  EXPECT_EQ(issue(bw_, "with space", "d").status().rule(), "format");
  EXPECT_EQ(issue(bw_, std::string(201, 'k'), "d").status().rule(), "format");
  EXPECT_EQ(issue(bw_, "", "d").status().rule(), "format");
  // Concurrent retries of one request: one certificate.
  std::mutex mu;
  std::set<std::string> made;
  std::atomic<int> replays{0};
  std::vector<std::thread> retries;
  retries.reserve(8);
  for (int i = 0; i < 8; ++i) {
    retries.emplace_back([&] {
      auto r = issue(bw_, "order-18", "d3");
      ASSERT_TRUE(r.ok()) << r.status().message();
      replays += r->replayed ? 1 : 0;
      std::lock_guard lock(mu);
      made.insert(r->record.certificate.body.number);
    });
  }
  for (auto& t : retries) t.join();
  EXPECT_EQ(made.size(), 1u);
  EXPECT_EQ(replays, 7);
  // The key outlives the process: a new registry on the same database still knows it.
  Registry later(*store_, *vault_, [this] { return today_; });
  IssueRequest r = Request();
  r.idempotency_key = "order-17";
  r.request_sha256 = "d1";
  std::promise<Result<Issued>> out;
  later.IssueAsync(bw_, r, [&](Result<Issued> x) { out.set_value(std::move(x)); });
  auto after = out.get_future().get();
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(after->replayed);
  EXPECT_EQ(after->record.certificate.body.number, n);
}

// The API's record text splices the stored document; it must say what the object says.
TEST_F(RegistryTest, RecordTextIsTheRecordObject) {
  auto issued = *reg_->Issue(bw_, Request());
  auto confirmed = *reg_->Confirm(eu_, issued.certificate.body.number,
                                  {std::nullopt, 100000 - 500, 20000000, 2});
  auto other = *reg_->Issue(bw_, Request());
  auto voided = *reg_->Void(bw_, other.certificate.body.number, {"lost", "in transit \"x\""});
  for (const auto* rec : {&issued, &confirmed, &voided}) {
    const std::string text = RecordToJsonText(*rec, today_);
    EXPECT_EQ(boost::json::parse(text), boost::json::value(RecordToJson(*rec, today_))) << text;
    EXPECT_NE(text.find(rec->document), std::string::npos);
  }
}

TEST(Demo, DeterministicAndPlausible) {
  std::vector<std::string> numbers[2];
  for (int run = 0; run < 2; ++run) {
    testing::TempDir dir;
    auto st = std::move(*backends::OpenDatabase(backends::SqliteUrl(dir / "db")));
    KeyVault vault(dir / "keys");
    Registry reg(*st, vault, [] { return *core::Date::Parse("2026-06-15"); });
    accounts::Accounts accounts(*st);
    auto r = LoadDemo(accounts, reg, {7, 300});
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(r->certificates, 300);
    EXPECT_GT(r->confirmed, 0);
    EXPECT_GT(r->pending, 0);
    EXPECT_GT(r->voided, 0);
    EXPECT_GT(r->expired, 0);
    store::CertificateFilter f;
    f.limit = 1000;
    f.today = reg.Today();
    auto page = testing::Peek(*st).Certificates(f);
    ASSERT_TRUE(page.ok());
    for (const auto& s : page->items) {
      numbers[run].push_back(s.number + s.issued_on.ToString() +
                             std::to_string(s.carats_hundredths));
      EXPECT_TRUE(reg.VerifyStored(s.number).ok());
    }
  }
  EXPECT_EQ(numbers[0], numbers[1]);
}

}  // namespace openkp::registry
