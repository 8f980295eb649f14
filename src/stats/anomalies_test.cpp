#include "stats/anomalies.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <map>

#include "registry/registry.h"
#include "stats/stats_fixture.h"

namespace openkp::stats {
namespace {

const char* const kProduction =
    "source_row,country,year,half,trade_type,production_type,carats,"
    "value_usd,public,created,last_modified\n";
const char* const kTrade =
    "participant,partner,year,quarter,flow,hs_code,carats,value_usd,certificates\n";

// Every rule has a case that fires and a case beside it that must not.
class AnomalyTest : public StatsFixture {
 protected:
  void Import(const std::string& header, const std::string& rows,
              const std::string& vintage = "2026-01-01") {
    ASSERT_TRUE(MustImport(header + rows, vintage).accepted);
  }
  // "BW,2020,1,100.00,1000.00" lines -> production rows; "nil" as carats means No Production.
  static std::string Production(std::initializer_list<std::string> lines) {
    std::string out;
    int row = 2;
    for (const std::string& l : lines) {
      std::vector<std::string> f;
      size_t i = 0;
      while (i <= l.size()) {
        size_t j = l.find(',', i);
        if (j == std::string::npos) j = l.size();
        f.push_back(l.substr(i, j - i));
        i = j + 1;
      }
      const bool nil = f[3] == "nil";
      out += std::to_string(row++) + "," + f[0] + "," + f[1] + "," + f[2] + "," +
             (nil ? "No Production,,0,0" : "Production,Production," + f[3] + "," + f[4]) +
             ",Public,,\n";
    }
    return out;
  }
  std::vector<Finding> Run(const std::string& rule, Thresholds t = {}) {
    AnomalyQuery q;
    q.rule = rule;
    auto r = FindAnomalies(*stats_, t, q);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? r->findings : std::vector<Finding>{};
  }
  // The per-certificate findings of a per-certificate rule: its roll-ups expanded (and its
  // findings that are not roll-ups, duplicate numbers, as they are).
  std::vector<Finding> Each(const std::string& rule, Thresholds t = {}) {
    std::vector<Finding> out;
    for (const Finding& f : Run(rule, t)) {
      if (f.certificates == 0) {
        out.push_back(f);
        continue;
      }
      auto each = CertificateFindings(*stats_, t, f);
      EXPECT_TRUE(each.ok()) << each.status().message();
      if (!each.ok()) continue;
      EXPECT_EQ(static_cast<int64_t>(each->size()), f.certificates) << f.message;
      out.insert(out.end(), each->begin(), each->end());
    }
    return out;
  }
  std::vector<std::string> Who(const std::string& rule, Thresholds t = {}) {
    std::vector<std::string> out;
    for (const auto& f : Run(rule, t)) out.push_back(f.participants.at(0) + "@" + f.period);
    return out;
  }
  registry::Principal Officer(const std::string& p) {
    if (testing::Peek(*store_).Keys(p)->empty()) {
      EXPECT_TRUE(reg_->GenerateKey(p, today_.AddDays(-400)).ok());
    }
    return registry::Principal{accounts_->AddUser(p + "-officer", store::Role::kOfficer, p)->user};
  }
  core::Result<store::CertificateRecord> Issue(const registry::Principal& who,
                                               const std::string& to, int64_t carats, int64_t value,
                                               int days_ago,
                                               std::optional<std::string> number = {}) {
    registry::IssueRequest r;
    r.number = number;
    r.destination = to;
    r.origin = {false, {who.user.participant == "EU" ? "BE" : who.user.participant}};
    r.exporter = {"Exporter", "Somewhere"};
    r.importer = {"Importer", "Elsewhere"};
    r.lines = {{"7102.31", carats, value}};
    r.parcels = 1;
    return reg_->Issue(who, r, today_.AddDays(-days_ago));
  }
  void Sql(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(world_.db_path().c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << err;
    sqlite3_free(err);
    sqlite3_close(db);
  }
};

using V = std::vector<std::string>;

TEST_F(AnomalyTest, PeriodOverPeriodChange) {
  Import(kProduction,
         Production({"Botswana,2020,1,100000.00,10000000.00",
                     "Botswana,2020,2,200000.00,20000000.00",  // +100 %
                     "Canada,2020,1,100000.00,10000000.00",
                     "Canada,2020,2,120000.00,12000000.00",                          // +20 %
                     "Ghana,2020,1,10.00,100.00", "Ghana,2020,2,900.00,9000.00"}));  // tiny volumes
  EXPECT_EQ(Who("change"), V{"BW@2020-H2"});
  Thresholds t;
  t.change_ratio = 0.1;
  EXPECT_EQ(Who("change", t), (V{"BW@2020-H2", "CA@2020-H2"}));
  auto f = Run("change")[0];
  EXPECT_NE(f.message.find("carats 100.0 %"), std::string::npos) << f.message;
  EXPECT_EQ(f.compared[0].second, "100000.00 ct");
  EXPECT_NE(f.sources[0].find("rows 2"), std::string::npos);
}

TEST_F(AnomalyTest, UnitValueAgainstOwnHistory) {
  Import(kProduction,
         Production({"Lesotho,2019,1,1000.00,1000000.00", "Lesotho,2019,2,1000.00,1050000.00",
                     "Lesotho,2020,1,1000.00,980000.00", "Lesotho,2020,2,1000.00,1020000.00",
                     "Lesotho,2021,1,1000.00,3000000.00",  // US$3000/ct against ~1000
                     "Namibia,2019,1,1000.00,500000.00", "Namibia,2019,2,1000.00,520000.00",
                     "Namibia,2020,1,1000.00,490000.00", "Namibia,2020,2,1000.00,510000.00",
                     "Namibia,2021,1,1000.00,530000.00"}));
  EXPECT_EQ(Who("unit-value-history"), V{"LS@2021-H1"});
  Thresholds strict;
  strict.unit_value_deviation = 5;  // 500 %: nothing is that far
  EXPECT_TRUE(Who("unit-value-history", strict).empty());
}

TEST_F(AnomalyTest, UnitValueAgainstPeers) {
  int price = 200;
  for (const char* p : {"BW", "NA", "ZA", "RU", "CA"}) {
    auto who = Officer(p);
    ASSERT_TRUE(Issue(who, "EU", 100000, 100000LL * price++, 30).ok());
  }
  auto ae = Officer("AE");
  ASSERT_TRUE(Issue(ae, "EU", 100000, 100000LL * 20, 30).ok());  // US$20/ct against ~200
  EXPECT_EQ(Run("unit-value-peers").size(), 1u);
  EXPECT_EQ(Run("unit-value-peers")[0].participants, V{"AE"});
  Thresholds t;
  t.peer_min_count = 7;  // only 6 exporters: no peer median
  EXPECT_TRUE(Run("unit-value-peers", t).empty());
}

TEST_F(AnomalyTest, ExportsBeyondProductionAndImports) {
  Import(kProduction, Production({"Lebanon,2025,1,nil", "Lebanon,2025,2,nil", "Armenia,2025,1,nil",
                                  "Armenia,2025,2,nil"}));
  Import(kTrade,
         "LB,,2025,1,export,,5000.00,500000.00,\n"
         "LB,,2025,1,import,,1000.00,100000.00,\n"
         "AM,,2025,1,export,,5000.00,500000.00,\n"
         "AM,,2025,1,import,,5000.00,500000.00,\n"
         "SG,,2025,1,export,,9000.00,500000.00,\n");  // no production report: not judged
  EXPECT_EQ(Who("balance"), V{"LB@2025"});
  auto f = Run("balance")[0];
  EXPECT_EQ(f.compared[3], (std::pair<std::string, std::string>{"excess", "4000.00 ct"}));
}

TEST_F(AnomalyTest, MirrorOfCertificateAndConfirmation) {
  auto bw = Officer("BW");
  auto eu = Officer("EU");
  auto a = Issue(bw, "EU", 100000, 10000000, 10);
  auto b = Issue(bw, "EU", 100000, 10000000, 10);
  ASSERT_TRUE(a.ok() && b.ok());
  registry::ConfirmRequest c{std::nullopt, 95000, 10000000, 1};  // 5 % fewer carats
  ASSERT_TRUE(reg_->Confirm(eu, a->certificate.body.number, c).ok());
  registry::ConfirmRequest exact{std::nullopt, 100000, 10000000, 1};
  ASSERT_TRUE(reg_->Confirm(eu, b->certificate.body.number, exact).ok());
  auto found = Each("mirror-certificate");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].sources, V{"certificate " + a->certificate.body.number});
  EXPECT_EQ(found[0].participants, (V{"BW", "EU"}));
}

TEST_F(AnomalyTest, MirrorOfReportedTotals) {
  Import(kTrade,
         "AE,IN,2025,1,export,,1000.00,100000.00,\n"
         "IN,AE,2025,2,import,,800.00,100000.00,\n"  // 20 % fewer carats
         "AE,CN,2025,1,export,,1000.00,100000.00,\n"
         "CN,AE,2025,1,import,,990.00,105000.00,\n");  // within 5 % and 10 %
  auto f = Run("mirror-reported");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].participants, (V{"AE", "IN"}));
  EXPECT_EQ(f[0].period, "2025");
}

TEST_F(AnomalyTest, MissingAndNilReports) {
  Import(kProduction, Production({
                          "Guinea,2020,1,5000.00,50000.00", "Guinea,2020,2,5000.00,50000.00",
                          // 2021-H1 missing
                          "Guinea,2021,2,5000.00,50000.00", "Guinea,2022,1,nil",
                          "Guinea,2022,2,nil",  // nil after production
                          "Mexico,2020,1,nil",  // never produced: missing 2020-H2 is no news
                          "Mexico,2021,1,nil", "Mexico,2021,2,nil",
                          "Togo,2023,1,5000.00,5000.00",  // the latest period: may be filling
                      }));
  EXPECT_EQ(Who("missing-report"), V{"GN@2021-H1"});
  EXPECT_EQ(Who("nil-after-production"), V{"GN@2022-H1"});  // once, not for each nil after
}

TEST_F(AnomalyTest, CertificateDatesAndConfirmations) {
  auto bw = Officer("BW");
  auto eu = Officer("EU");
  auto old = Issue(bw, "EU", 1000, 100000, 60);      // unconfirmed for 60 days
  auto in_time = Issue(bw, "EU", 1000, 100000, 50);  // confirmed before expiry: no finding
  ASSERT_TRUE(in_time.ok());
  ASSERT_TRUE(
      reg_->Confirm(eu, in_time->certificate.body.number, {today_.AddDays(-40), 1000, 100000, 1})
          .ok());
  auto fresh = Issue(bw, "EU", 1000, 100000, 10);   // 10 days: still in time
  auto voided = Issue(bw, "EU", 1000, 100000, 90);  // voided: nothing expected
  auto late = Issue(bw, "EU", 1000, 100000, 100);
  ASSERT_TRUE(old.ok() && fresh.ok() && voided.ok() && late.ok());
  ASSERT_TRUE(reg_->Void(bw, voided->certificate.body.number, {"lost", ""}).ok());
  // The registry refuses a confirmation after expiry; data from elsewhere may carry one.
  Sql("UPDATE certificate_status SET state = 'confirmed', received_on = '" +
      today_.AddDays(-5).ToString() +
      "', received_carats_hundredths = 1000, received_value_usd_cents = 100000, "
      "received_parcels = 1 WHERE number = '" +
      late->certificate.body.number + "'");
  auto overdue = Each("confirmation-overdue");
  ASSERT_EQ(overdue.size(), 1u);
  EXPECT_EQ(overdue[0].sources, V{"certificate " + old->certificate.body.number});
  auto expired = Each("expired-at-import");
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(expired[0].sources, V{"certificate " + late->certificate.body.number});
  Thresholds t;
  t.confirmation_days = 5;
  EXPECT_EQ(Each("confirmation-overdue", t).size(), 2u);
}

TEST_F(AnomalyTest, CertificateNumbers) {
  auto bw = Officer("BW");
  Officer("EU");
  ASSERT_TRUE(Issue(bw, "EU", 1000, 100000, 20, "BW-2026-000010").ok());
  ASSERT_TRUE(Issue(bw, "EU", 1000, 100000, 10, "BW-2026-000005").ok());  // lower, later
  ASSERT_TRUE(Issue(bw, "EU", 1000, 100000, 5, "BW-2026-000011").ok());
  ASSERT_TRUE(Issue(bw, "EU", 1000, 100000, 4, "BW-2025-000012").ok());  // wrong year
  ASSERT_TRUE(Issue(bw, "EU", 1000, 100000, 3, "BW/2026/000011").ok());  // same number, again
  auto seq = Each("number-sequence");
  ASSERT_EQ(seq.size(), 2u);
  EXPECT_EQ(seq[0].sources[0], "certificate BW-2026-000005");
  EXPECT_EQ(seq[1].sources[0], "certificate BW-2025-000012");
  auto dup = Run("duplicate-number");
  ASSERT_EQ(dup.size(), 1u);
  EXPECT_EQ(dup[0].sources, (V{"certificate BW-2026-000011", "certificate BW/2026/000011"}));
}

TEST_F(AnomalyTest, IssuerAndKeyChecks) {
  auto bw = Officer("BW");
  Officer("EU");
  auto fine = Issue(bw, "EU", 1000, 100000, 10);
  ASSERT_TRUE(fine.ok());
  EXPECT_TRUE(Each("key-not-valid").empty());
  EXPECT_TRUE(Each("issuer-not-participant").empty());
  ASSERT_TRUE(reg_->RevokeKey(fine->certificate.body.key_id, "compromised").ok());
  auto k = Each("key-not-valid");
  ASSERT_EQ(k.size(), 1u);
  EXPECT_NE(k[0].message.find("revoked"), std::string::npos);
  // A certificate from outside the registry's rules (foreign keys off in this connection).
  Sql("INSERT INTO certificates VALUES ('XX-1', 'XX', 'EU', 'nokey', '2026-11-01', "
      "'2026-12-31', 100, 100, 1, '7102.31', '{}'); INSERT INTO certificate_status (number, "
      "state, issuer, issued_on) VALUES ('XX-1', 'voided', 'XX', '2026-11-01')");
  EXPECT_EQ(Each("issuer-not-participant").size(), 1u);
  EXPECT_EQ(Each("key-not-valid").size(), 2u);  // and its key is unknown
}

TEST_F(AnomalyTest, RevisionsBetweenVintages) {
  Import(kProduction,
         Production({"Angola,2020,1,1000.00,100000.00", "Angola,2020,2,1000.00,100000.00"}),
         "2021-01-01");
  Import(kProduction,
         Production({"Angola,2020,1,1500.00,100000.00",    // +50 % carats
                     "Angola,2020,2,1050.00,100000.00"}),  // +5 %: small
         "2022-01-01");
  auto f = Run("revision");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].period, "2020-H1");
  EXPECT_EQ(f[0].compared[0].first, "carats 2021-01-01");
}

TEST_F(AnomalyTest, FiguresThatCannotBothBeRight) {
  Import(kProduction, Production({"Ghana,2020,1,100.00,0", "Guinea,2020,1,0,5000.00",
                                  "Canada,2020,1,100.00,5000.00", "Togo,2020,1,nil"}));
  EXPECT_EQ(Who("inconsistent-figures"), (V{"GH@2020-H1", "GN@2020-H1"}));
  auto f = Run("inconsistent-figures");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_NE(f[0].message.find("with no"), std::string::npos) << f[0].message;
}

TEST_F(AnomalyTest, MajorProducersOutrankSmallOnes) {
  // Botswana: 60 % more, with most of the world's production; Ghana: ten times more, with
  // almost none of it.
  Import(kProduction,
         Production({"Botswana,2020,1,10000000.00,1000000000.00",
                     "Botswana,2020,2,16000000.00,1600000000.00", "Ghana,2020,1,2000.00,20000.00",
                     "Ghana,2020,2,22000.00,220000.00"}));
  auto f = Run("change");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].participants, V{"BW"});  // most severe first
  EXPECT_GT(f[0].severity, 4 * f[1].severity) << f[0].severity << " vs " << f[1].severity;
  // The documented formula: 1000 x log2(1 + 0.6) x (0.01 + 0.9988...) = 683.
  EXPECT_NEAR(static_cast<double>(f[0].severity), 683, 2);
  EXPECT_EQ(f[0].id.size(), 16u);
  EXPECT_NE(f[0].group, f[1].group);  // one group per participant and year
}

TEST_F(AnomalyTest, IdentityStaysAndFingerprintFollowsTheNumbers) {
  Import(kProduction,
         Production({"Angola,2020,1,1000.00,100000.00", "Angola,2020,2,3000.00,300000.00"}),
         "2021-01-01");
  auto before = Run("change");
  ASSERT_EQ(before.size(), 1u);
  EXPECT_EQ(Run("change")[0].fingerprint, before[0].fingerprint);  // the same run, the same
  Import(kProduction, Production({"Angola,2020,2,4000.00,400000.00"}), "2022-01-01");
  auto after = Run("change");
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].id, before[0].id);
  EXPECT_NE(after[0].fingerprint, before[0].fingerprint);
}

TEST_F(AnomalyTest, CertificateFindingsRollUpPerParticipantAndYear) {
  auto bw = Officer("BW");
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(Issue(bw, "AE", 1000, 100000, 100 + i).ok());
  ASSERT_TRUE(Issue(bw, "IN", 1000, 100000, 100).ok());
  auto overdue = [&](const std::string& who) {
    auto r = FindAnomalies(*stats_, {}, {.rule = std::string("confirmation-overdue")});
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r->findings.size(), 2u);  // one per destination (it must confirm) and year
    for (const Finding& f : r->findings) {
      if (f.participants == V{who}) return f;
    }
    ADD_FAILURE() << "no roll-up for " << who;
    return Finding{};
  };
  const Finding ae = overdue("AE");
  const std::string year = std::to_string(today_.AddDays(-100).year());
  EXPECT_EQ(ae.certificates, 5);
  EXPECT_EQ(ae.period, year);
  EXPECT_EQ(ae.message.rfind("5 certificates to AE issued in " + year + " are unconfirmed", 0), 0u)
      << ae.message;
  EXPECT_NE(ae.message.find("the most severe: certificate"), std::string::npos) << ae.message;
  // Expanded: each certificate's own finding, in the roll-up's group, oldest (most severe) first.
  auto each = CertificateFindings(*stats_, {}, ae);
  ASSERT_TRUE(each.ok()) << each.status().message();
  ASSERT_EQ(each->size(), 5u);
  for (const Finding& f : *each) {
    EXPECT_EQ(f.participants, (V{"AE", "BW"}));
    EXPECT_EQ(f.group, ae.group);
    EXPECT_EQ(f.certificates, 0);
  }
  EXPECT_GE((*each)[0].severity, (*each)[4].severity);
  // One more overdue certificate changes the roll-up's numbers, not its identity.
  ASSERT_TRUE(Issue(bw, "AE", 1000, 100000, 99).ok());
  const Finding again = overdue("AE");
  EXPECT_EQ(again.id, ae.id);
  EXPECT_NE(again.fingerprint, ae.fingerprint);
  EXPECT_EQ(again.certificates, 6);
  // Only roll-ups expand.
  EXPECT_FALSE(CertificateFindings(*stats_, {}, Finding{}).ok());
}

TEST_F(AnomalyTest, GroupsArePerParticipantAndYear) {
  auto bw = Officer("BW");
  ASSERT_TRUE(Issue(bw, "AE", 1000, 100000, 100).ok());
  Import(kProduction,
         Production({"Botswana,2020,1,1000.00,100000.00", "Botswana,2020,2,3000.00,300000.00",
                     "Botswana,2019,2,3000.00,300000.00"}));
  auto r = FindAnomalies(*stats_, {}, {});
  ASSERT_TRUE(r.ok());
  std::map<std::string, size_t> sizes;  // "participant period" -> findings
  for (const auto& g : GroupFindings(*r)) {
    ASSERT_EQ(g.participants.size(), 1u);
    sizes[g.participants[0] + " " + g.period] = g.findings.size();
    for (size_t i : g.findings) {
      EXPECT_EQ(r->findings[i].participants[0], g.participants[0]);
      EXPECT_EQ(r->findings[i].period.substr(0, 4), g.period);
      EXPECT_EQ(r->findings[i].group, g.id);
    }
  }
  EXPECT_EQ(sizes.count("AE " + std::to_string(today_.AddDays(-100).year())), 1u);
  EXPECT_GE(sizes["BW 2020"], 1u);
}

TEST_F(AnomalyTest, ThresholdsAndRulesAreChecked) {
  Thresholds t;
  EXPECT_TRUE(SetThreshold(t, "change_ratio", "0.8").ok());
  EXPECT_EQ(t.change_ratio, 0.8);
  EXPECT_TRUE(SetThreshold(t, "min_carats", "10.5").ok());
  EXPECT_EQ(t.min_carats_hundredths, 1050);
  EXPECT_EQ(SetThreshold(t, "change_ratio", "-1").rule(), "range");
  EXPECT_EQ(SetThreshold(t, "change_ratio", "abc").rule(), "range");
  EXPECT_EQ(SetThreshold(t, "confirmation_days", "0").rule(), "range");
  EXPECT_EQ(SetThreshold(t, "colour", "1").rule(), "unknown-threshold");
  AnomalyQuery q;
  q.rule = "astrology";
  EXPECT_EQ(FindAnomalies(*stats_, t, q).status().field(), "rule");
  auto all = FindAnomalies(*stats_, {}, {});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->counts.size(), RuleNames().size());
}

// One computation shared by every caller: statistics recompute at once, new certificates at most
// every SetFindingsRefresh; a filtered copy is what a query of its own would have found.
TEST_F(AnomalyTest, SharedFindingsFollowTheirInputs) {
  Import(kProduction, Production({"Lebanon,2025,1,nil", "Lebanon,2025,2,nil"}));
  Import(kTrade, "LB,,2025,1,export,,5000.00,500000.00,\n");
  auto bw = Officer("BW");  // its key is reference data: before the first computation
  stats_->SetFindingsRefresh(std::chrono::hours(1));
  auto first = CurrentFindings(*stats_);
  ASSERT_TRUE(first.ok()) << first.status().message();
  auto again = CurrentFindings(*stats_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(first->get(), again->get());  // nothing changed: the same computation
  EXPECT_FALSE((*first)->computed_at.empty());

  // A certificate within the refresh interval: the same findings, and the inputs say they lag.
  ASSERT_TRUE(Issue(bw, "EU", 100000, 10000000, 10).ok());
  auto lagging = CurrentFindings(*stats_);
  ASSERT_TRUE(lagging.ok());
  EXPECT_EQ(first->get(), lagging->get());
  auto now = stats_->CurrentInputs();
  ASSERT_TRUE(now.ok());
  EXPECT_FALSE(*now == (*lagging)->inputs);

  // A new statistics source: recomputed at once, whatever the interval.
  Import(kTrade, "AM,,2025,1,export,,5000.00,500000.00,\n");
  auto fresh = CurrentFindings(*stats_);
  ASSERT_TRUE(fresh.ok());
  EXPECT_NE(first->get(), fresh->get());
  EXPECT_TRUE(*stats_->CurrentInputs() == (*fresh)->inputs);

  // No interval: a certificate recomputes them too.
  stats_->SetFindingsRefresh(std::chrono::milliseconds(0));
  ASSERT_TRUE(Issue(bw, "EU", 100000, 10000000, 9).ok());
  auto after = CurrentFindings(*stats_);
  ASSERT_TRUE(after.ok());
  EXPECT_NE(fresh->get(), after->get());
  EXPECT_TRUE(*stats_->CurrentInputs() == (*after)->inputs);

  // Filtering the shared report equals asking for the subset.
  for (const std::optional<std::string>& participant :
       {std::optional<std::string>(), std::optional<std::string>("LB"),
        std::optional<std::string>("BW"), std::optional<std::string>("ZZ")}) {
    for (const std::optional<std::string>& rule :
         {std::optional<std::string>(), std::optional<std::string>("balance")}) {
      AnomalyQuery q{participant, rule};
      auto own = FindAnomalies(*stats_, {}, q);
      ASSERT_TRUE(own.ok());
      auto filtered_or = FilterFindings(*(*after)->report, q);
      ASSERT_TRUE(filtered_or.ok());
      const AnomalyReport& filtered = *filtered_or;
      EXPECT_EQ(filtered.counts, own->counts) << participant.value_or("*") << rule.value_or("*");
      ASSERT_EQ(filtered.findings.size(), own->findings.size());
      for (size_t i = 0; i < own->findings.size(); ++i) {
        EXPECT_EQ(filtered.findings[i].id, own->findings[i].id);
        EXPECT_EQ(filtered.findings[i].severity, own->findings[i].severity);
      }
    }
  }
  AnomalyQuery astrology{std::nullopt, "astrology"};
  EXPECT_EQ(FilterFindings(*(*after)->report, astrology).status().field(), "rule");
}

}  // namespace
}  // namespace openkp::stats
