#include "stats/stats.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <map>
#include <sstream>

#include "backends/backends.h"
#include "registry/registry.h"
#include "registry_world.h"
#include "stats/disclosure.h"
#include "stats/stats_fixture.h"

namespace openkp::stats {

using testing::ReadKpProductionFile;

namespace {

// Hundredths from "123.4" by string handling alone (independent of the importer's parser).
int64_t Hundredths(const std::string& s) {
  const size_t dot = s.find('.');
  std::string whole = s.substr(0, dot), frac = dot == std::string::npos ? "" : s.substr(dot + 1);
  frac = (frac + "00").substr(0, 2);
  return std::stoll(whole) * 100 + std::stoll(frac);
}

class StatsTest : public StatsFixture {
 protected:
  int64_t Sources() { return static_cast<int64_t>(testing::Peek(*store_).StatSources()->size()); }
};

const char* const kHeader =
    "source_row,country,year,half,trade_type,production_type,carats,"
    "value_usd,public,created,last_modified\n";

// The real file: world totals per year equal sums computed here from the raw text.
TEST_F(StatsTest, RealFileTotalsMatchIndependentSums) {
  const std::string csv = ReadKpProductionFile("kp_production_halfyear_2003_2024.csv");
  ImportResult r = MustImport(csv);
  ASSERT_TRUE(r.accepted);
  EXPECT_EQ(r.parsed.rows, 1529);
  EXPECT_EQ(r.outcome.source.vintage, "2025-03-03");  // the newest timestamp in the file
  std::map<int, std::pair<int64_t, int64_t>> by_year;
  std::map<std::string, int64_t> bw_carats_by_year;
  std::istringstream lines(csv);
  std::string line;
  std::getline(lines, line);  // header
  while (std::getline(lines, line)) {
    // The country may hold a quoted comma; the 9 fields after it never do.
    std::vector<std::string> right;
    std::string rest = line;
    for (int i = 0; i < 9; ++i) {
      const size_t c = rest.rfind(',');
      right.insert(right.begin(), rest.substr(c + 1));
      rest = rest.substr(0, c);
    }
    const int year = std::stoi(right[0]);
    by_year[year].first += Hundredths(right[4]);
    by_year[year].second += Hundredths(right[5]);
    if (rest.find(",Botswana") != std::string::npos)
      bw_carats_by_year[right[0]] += Hundredths(right[4]);
  }
  auto t = stats_->Production({});
  ASSERT_TRUE(t.ok()) << t.status().message();
  ASSERT_EQ(t->totals.size(), by_year.size());
  for (const auto& tot : t->totals) {
    EXPECT_EQ(tot.carats_hundredths, by_year[tot.year].first) << tot.year;
    EXPECT_EQ(tot.value_usd_cents, by_year[tot.year].second) << tot.year;
  }
  // 2019: about 138 Mct and US$13.6 bn (statistics.md).
  EXPECT_EQ(by_year[2019].first, 13813937049);
  TableQuery bw;
  bw.participant = "BW";
  auto b = stats_->Production(bw);
  ASSERT_TRUE(b.ok());
  for (const auto& row : b->rows) {
    EXPECT_EQ(row.carats_hundredths, bw_carats_by_year[std::to_string(row.year)]) << row.year;
    EXPECT_TRUE(b->totals.empty());
  }
  // Half-years add up to the year; the LSM/ASM split adds up where it is the whole.
  TableQuery halves;
  halves.period = "half";
  halves.year = 2022;
  auto h = stats_->Production(halves);
  TableQuery year2022;
  year2022.year = 2022;
  auto y = stats_->Production(year2022);
  ASSERT_TRUE(h.ok() && y.ok());
  EXPECT_EQ(h->totals[0].carats_hundredths + h->totals[1].carats_hundredths,
            y->totals[0].carats_hundredths);
  for (const auto& row : y->rows) {
    if (row.participant == "CD") {
      ASSERT_TRUE(row.lsm_carats_hundredths && row.asm_carats_hundredths);
      EXPECT_EQ(*row.lsm_carats_hundredths + *row.asm_carats_hundredths, row.carats_hundredths);
    }
  }
}

TEST_F(StatsTest, SameDataTwiceChangesNothingEvenAsWorkbook) {
  ImportResult first = MustImport(ReadKpProductionFile("kp_production_halfyear_2003_2024.csv"));
  ASSERT_TRUE(first.accepted);
  EXPECT_EQ(first.outcome.new_figures, 1517);
  auto before = store_->CurrentChangeStamp();
  ImportResult again = MustImport(ReadKpProductionFile("kp_production_halfyear_2003_2024.csv"));
  EXPECT_TRUE(again.already_imported);
  ImportResult workbook = MustImport(ReadKpProductionFile("kp_production_halfyear_2003_2024.xlsx"));
  EXPECT_TRUE(workbook.already_imported);
  EXPECT_EQ(workbook.outcome.source.id, first.outcome.source.id);
  EXPECT_EQ(Sources(), 1);
  EXPECT_EQ(*store_->CurrentChangeStamp(), *before);
}

TEST_F(StatsTest, ReportNamesEveryOddity) {
  ImportResult r = MustImport(ReadKpProductionFile("kp_production_halfyear_2003_2024.csv"));
  std::map<std::string, std::vector<int64_t>> by_kind;
  for (const auto& n : r.parsed.notes) {
    EXPECT_FALSE(n.action.empty()) << n.kind;
    by_kind[n.kind].insert(by_kind[n.kind].end(), n.rows.begin(), n.rows.end());
  }
  EXPECT_EQ(by_kind["nil-report"].size(), 528u);
  EXPECT_EQ(by_kind["duplicate-identical"], (std::vector<int64_t>{710, 712, 713, 714, 715}));
  EXPECT_EQ(by_kind["nil-and-figure"], (std::vector<int64_t>{590, 591}));
  EXPECT_TRUE(by_kind.count("incomplete-period"));
  EXPECT_TRUE(by_kind.count("duplicate-summed"));
  EXPECT_EQ(by_kind["former-participant"].size(), 17u + 5 + 2);  // Croatia, Romania, Slovenia
}

TEST_F(StatsTest, NewerVintageRecordsRevisionsOlderIsSuperseded) {
  const std::string v1 = std::string(kHeader) +
                         "2,Botswana,2020,1,Production,Production,100.00,1000.00,Public,,\n"
                         "3,Botswana,2020,2,Production,Production,200.00,2000.00,Public,,\n";
  const std::string v2 = std::string(kHeader) +
                         "2,Botswana,2020,1,Production,Production,150.00,1500.00,Public,,\n"
                         "3,Botswana,2020,2,Production,Production,200.00,2000.00,Public,,\n"
                         "4,Angola,2020,1,No Production,,0,0,Public,,\n";
  ImportResult a = MustImport(v1, "2021-03-01");
  ImportResult b = MustImport(v2, "2022-03-01");
  EXPECT_EQ(b.outcome.revised, 1);
  EXPECT_EQ(b.outcome.unchanged, 1);
  EXPECT_EQ(b.outcome.new_figures, 1);
  auto revisions = testing::Peek(*store_).StatRevisions();
  ASSERT_EQ(revisions->size(), 1u);
  EXPECT_EQ((*revisions)[0].before.carats_hundredths, 10000);
  EXPECT_EQ((*revisions)[0].after.carats_hundredths, 15000);
  TableQuery q;
  q.participant = "BW";
  q.period = "H1";
  EXPECT_EQ(stats_->Production(q)->rows[0].carats_hundredths, 15000);
  // The figures of the first vintage are all still there.
  EXPECT_EQ(testing::Peek(*store_).StatFigures(a.outcome.source.id)->size(), 2u);
  auto diff = stats_->CompareSources(a.outcome.source.id, b.outcome.source.id);
  ASSERT_TRUE(diff.ok());
  ASSERT_EQ(diff->size(), 2u);  // AO new, BW H1 revised
  // An older vintage arriving late does not replace the newer figure.
  const std::string v0 =
      std::string(kHeader) + "2,Botswana,2020,1,Production,Production,90.00,900.00,Public,,\n";
  ImportResult c = MustImport(v0, "2020-09-01");
  EXPECT_EQ(c.outcome.superseded, 1);
  EXPECT_EQ(stats_->Production(q)->rows[0].carats_hundredths, 15000);
  EXPECT_FALSE(stats_->CompareSources(1, 99).ok());
}

TEST_F(StatsTest, BadRowsRefuseTheWholeFileWithAReportPerRow) {
  const std::string bad =
      std::string(kHeader) +
      "2,Botswana,2020,1,Production,Production,100.00,1000.00,Public,,\n"  // fine
      "3,Atlantis,2020,1,Production,Production,1,1,Public,,\n"             // unknown participant
      "4,Botswana,2020,3,Production,Production,1,1,Public,,\n"             // half 3
      "5,Botswana,2020,2,Production,Production,-5,1,Public,,\n"            // negative
      "6,Botswana,2031,1,Production,Production,1,1,Public,,\n"             // future period
      "7,Botswana,20x0,1,Production,Production,1,1,Public,,\n"             // year
      "8,Botswana,2020,1,Mined,Production,1,1,Public,,\n"                  // trade type
      "9,Botswana,2020,1,No Production,,5,0,Public,,\n"                    // nil with carats
      "10,Botswana,2020,1,Production,Production,1.2.3,1,Public,,\n";       // not a number
  auto r = stats_->Import(bad, {});
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->accepted);
  std::map<int64_t, std::string> errors;
  for (const auto& e : r->parsed.errors) errors[e.rows.at(0)] += e.message;
  EXPECT_NE(errors[3].find("'Atlantis' is not a KP participant"), std::string::npos);
  EXPECT_NE(errors[4].find("half"), std::string::npos);
  EXPECT_NE(errors[5].find("negative"), std::string::npos);
  EXPECT_NE(errors[6].find("has not begun"), std::string::npos);
  EXPECT_NE(errors[7].find("not a year"), std::string::npos);
  EXPECT_NE(errors[8].find("trade_type"), std::string::npos);
  EXPECT_NE(errors[9].find("zero carats"), std::string::npos);
  EXPECT_NE(errors[10].find("decimal"), std::string::npos);
  EXPECT_EQ(errors.count(2), 0u);
  EXPECT_EQ(Sources(), 0);
  EXPECT_TRUE(testing::Peek(*store_).CurrentStatFigures({})->empty());
  // Files that are not statistics at all.
  for (const std::string& junk : {std::string("a,b\n1,2\n"), std::string(kHeader),
                                  std::string("PK\x03\x04zz", 6), std::string("x\"y\n")}) {
    auto j = stats_->Import(junk, {});
    ASSERT_TRUE(j.ok());
    EXPECT_FALSE(j->accepted);
    EXPECT_FALSE(j->parsed.errors.empty());
  }
  EXPECT_EQ(Sources(), 0);
}

TEST_F(StatsTest, ReportedTradeTotals) {
  const std::string trade =
      "participant,partner,year,quarter,flow,hs_code,carats,value_usd,certificates\n"
      "AE,BE,2025,1,export,,1000.00,500000.00,10\n"  // BE resolves to... not a participant
      ;
  auto r = stats_->Import(trade, {});
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->accepted);  // Belgium trades as the EU
  const std::string ok =
      "participant,partner,year,quarter,flow,hs_code,carats,value_usd,certificates\n"
      "AE,EU,2025,1,export,,1000.00,500000.00,10\n"
      "AE,IN,2025,1,export,,3000.00,300000.00,5\n"
      "AE,IN,2025,2,export,7102.31,100.00,10000.00,1\n"
      "European Union,United Arab Emirates,2025,1,import,,900.00,510000.00,10\n";
  ImportResult t = MustImport(ok);
  ASSERT_TRUE(t.accepted) << (t.parsed.errors.empty() ? "" : t.parsed.errors[0].message);
  TableQuery q;
  q.source = "reported";
  q.period = "quarter";
  auto ex = stats_->Trade("export", q);
  ASSERT_TRUE(ex.ok()) << ex.status().message();
  ASSERT_EQ(ex->rows.size(), 2u);
  EXPECT_EQ(ex->rows[0].carats_hundredths, 400000);  // Q1: both partners
  EXPECT_EQ(*ex->rows[0].certificates, 15);
  EXPECT_EQ(ex->rows[1].carats_hundredths, 10000);  // Q2: only an HS row, which is the total
  q.by = "partner";
  auto by_partner = stats_->Trade("export", q);
  ASSERT_EQ(by_partner->rows.size(), 3u);  // Q1 EU, Q1 IN, Q2 IN
  q.by = "hs";
  auto by_hs = stats_->Trade("export", q);
  ASSERT_EQ(by_hs->rows.size(), 1u);
  EXPECT_EQ(by_hs->rows[0].hs_code, "7102.31");
}

// Exports at issue, imports at confirmation (as received), voided certificates taken out.
TEST_F(StatsTest, CertificateTradeFollowsTheRegistry) {
  ASSERT_TRUE(reg_->GenerateKey("BW", today_.AddDays(-400)).ok());
  registry::Principal bw{accounts_->AddUser("bw", store::Role::kOfficer, "BW")->user};
  registry::Principal eu{accounts_->AddUser("eu", store::Role::kOfficer, "EU")->user};
  registry::IssueRequest req;
  req.destination = "EU";
  req.origin = {false, {"BW"}};
  req.exporter = {"Exporter", "Gaborone"};
  req.importer = {"Importer", "Antwerp"};
  req.lines = {{"7102.31", 100000, 20000000}, {"7102.21", 5000, 100000}};
  req.parcels = 2;
  auto a = reg_->Issue(bw, req, today_.AddDays(-10));
  auto b = reg_->Issue(bw, req, today_.AddDays(-5));
  auto c = reg_->Issue(bw, req, today_.AddDays(-100));  // Q3
  ASSERT_TRUE(a.ok() && b.ok() && c.ok()) << a.status().message();
  registry::ConfirmRequest conf;
  conf.carats_hundredths = 104000;
  conf.value_usd_cents = 20100000;
  conf.parcels = 2;
  ASSERT_TRUE(reg_->Confirm(eu, a->certificate.body.number, conf).ok());
  ASSERT_TRUE(reg_->Void(bw, b->certificate.body.number, {"lost", ""}).ok());
  // How the sums work, cell by cell: disclosure control (tested below) off.
  stats_->SetMinCellCertificates(1);
  TableQuery q;
  q.year = 2026;
  q.period = "quarter";
  auto ex = stats_->Trade("export", q);
  ASSERT_TRUE(ex.ok()) << ex.status().message();
  ASSERT_EQ(ex->rows.size(), 2u);
  EXPECT_EQ(ex->rows[0].period, "Q3");
  EXPECT_EQ(ex->rows[1].period, "Q4");
  EXPECT_EQ(ex->rows[1].carats_hundredths, 105000);  // one certificate: the voided one is out
  EXPECT_EQ(*ex->rows[1].certificates, 1);
  // Quarters add up to half-years: Q3 and Q4 are H2, complete.
  q.period = "half";
  auto halves = stats_->Trade("export", q);
  ASSERT_TRUE(halves.ok());
  ASSERT_EQ(halves->rows.size(), 1u);
  EXPECT_EQ(halves->rows[0].period, "H2");
  EXPECT_EQ(halves->rows[0].carats_hundredths, 210000);
  EXPECT_TRUE(halves->rows[0].complete);
  q.period = "H1";
  EXPECT_TRUE(stats_->Trade("export", q)->rows.empty());
  q.period = "quarter";
  auto im = stats_->Trade("import", q);
  ASSERT_EQ(im->rows.size(), 1u);
  EXPECT_EQ(im->rows[0].participant, "EU");
  EXPECT_EQ(im->rows[0].carats_hundredths, 104000);  // as received
  q.by = "hs";
  q.period = "year";
  auto hs = stats_->Trade("export", q);
  ASSERT_EQ(hs->rows.size(), 2u);
  EXPECT_EQ(hs->rows[0].hs_code, "7102.21");
  EXPECT_EQ(hs->rows[0].carats_hundredths, 10000);  // two live certificates x 50 ct
  // A database from before migration 4 gets the same flows from its events: undo migrations 4
  // and later by hand, reopen, refresh, compare every row.
  auto Rows = [](store::Database& s) {
    std::vector<std::string> out;
    EXPECT_TRUE(s.Write([&](store::Txn& t) { return s.stats().RefreshTradeFlows(t); }).ok());
    auto flows =
        store::ReadValue(s, [&](store::Txn& t) { return s.stats().ListTradeFlows(t, {}); });
    EXPECT_TRUE(flows.ok()) << flows.status().message();
    if (!flows.ok()) return out;
    for (const auto& f : *flows) {
      out.push_back(f.flow + f.participant + "|" + f.partner + "|" + std::to_string(f.year) +
                    std::to_string(f.quarter) + f.hs_code + "|" +
                    std::to_string(f.carats_hundredths) + "|" + std::to_string(f.value_usd_cents) +
                    "|" + std::to_string(f.certificates));
    }
    return out;
  };
  const auto maintained = Rows(*store_);
  ASSERT_EQ(maintained.size(), 10u);  // 2 quarters x (total, with EU, 2 HS codes) + 2 imports
  store_.reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((world_.db_path()).c_str(), &db), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(
          db,
          "DROP INDEX certificates_by_plain_number; "
          "DROP TRIGGER certificate_status_facts_fixed; DROP INDEX certificate_status_by_issuer; "
          "ALTER TABLE certificate_status DROP COLUMN issuer; "
          "ALTER TABLE certificate_status DROP COLUMN issued_on; "
          "DROP TABLE sessions; DROP TABLE user_logins; "
          "DROP TABLE trade_flows; DROP TABLE trade_flows_state; DROP TABLE "
          "stat_revisions; DROP TABLE "
          "stat_current; DROP TABLE stat_figures; DROP TABLE stat_sources; "
          "DROP TABLE issue_keys; DROP INDEX events_by_subject; ALTER TABLE users DROP COLUMN "
          "disabled_at; ALTER TABLE api_tokens DROP COLUMN revoked_at; "
          "DELETE FROM schema_migrations WHERE version >= 4",
          nullptr, nullptr, nullptr),
      SQLITE_OK);
  sqlite3_close(db);
  auto reopened = backends::OpenDatabase(backends::SqliteUrl(world_.db_path()));
  ASSERT_TRUE(reopened.ok()) << reopened.status().message();
  EXPECT_EQ(Rows(**reopened), maintained);
}

TEST_F(StatsTest, TablesAsCsvAndWorkbookHoldTheSameNumbers) {
  MustImport(ReadKpProductionFile("kp_production_halfyear_2003_2024.csv"));
  TableQuery q;
  q.year = 2019;
  auto t = stats_->Production(q);
  ASSERT_TRUE(t.ok());
  auto csv = ParseCsv(TableToCsv(*t));
  ASSERT_TRUE(csv.ok()) << csv.status().message();
  auto book = TableToXlsx(*t);
  ASSERT_TRUE(book.ok()) << book.status().message();
  auto xlsx = ParseXlsx(*book);
  ASSERT_TRUE(xlsx.ok()) << xlsx.status().message();
  ASSERT_EQ(csv->rows.size(), t->rows.size() + 1);  // + the world total
  ASSERT_EQ(xlsx->rows.size(), csv->rows.size());
  EXPECT_EQ(xlsx->header, csv->header);
  const auto& last = csv->rows.back().cells;
  EXPECT_EQ(last[1], "World total");
  EXPECT_EQ(last[4], "138139370.49");
  EXPECT_EQ(last[5], "13570535530.16");
  EXPECT_EQ(last[6], "98.24");
  for (size_t i = 0; i < csv->rows.size(); ++i) {
    EXPECT_EQ(
        *ParseDecimalHundredths(xlsx->rows[i].cells[4].empty() ? "0" : xlsx->rows[i].cells[4]),
        *ParseDecimalHundredths(csv->rows[i].cells[4].empty() ? "0" : csv->rows[i].cells[4]));
  }
}

TEST_F(StatsTest, QueriesAreChecked) {
  TableQuery q;
  q.period = "Q1";
  EXPECT_EQ(stats_->Production(q).status().field(), "period");
  q.period = "H3";
  EXPECT_EQ(stats_->Trade("export", q).status().field(), "period");
  q.period = "year";
  q.by = "color";
  EXPECT_EQ(stats_->Trade("export", q).status().field(), "by");
  q.by = "";
  q.source = "rumour";
  EXPECT_EQ(stats_->Trade("export", q).status().field(), "source");
  EXPECT_EQ(UnitValueCents(100, 0), std::nullopt);
  EXPECT_EQ(*UnitValueCents(1357053553016, 13813937049), 9824);
}

}  // namespace
}  // namespace openkp::stats

namespace openkp::stats {

SummaryRow Cell(const std::string& participant, const std::string& quarter, int64_t certificates) {
  SummaryRow r;
  r.participant = participant;
  r.year = 2026;
  r.period = quarter;
  r.certificates = certificates;
  r.carats_hundredths = certificates * 1000;
  return r;
}

// Cells of fewer than k certificates are withheld; the tables never show a sum containing one
// (checked end to end below), so no subtraction of published numbers gives one back.
TEST(Disclosure, WithholdsCellsOfFewerCertificates) {
  std::vector<SummaryRow> cells = {Cell("BW", "Q1", 1), Cell("BW", "Q2", 5), Cell("BW", "Q3", 2),
                                   Cell("ZA", "Q1", 10)};
  SuppressSmallCells(cells, 3);
  EXPECT_TRUE(cells[0].suppressed);
  EXPECT_FALSE(cells[1].suppressed);
  EXPECT_TRUE(cells[2].suppressed);
  EXPECT_FALSE(cells[3].suppressed);
  // The threshold is the operator's: 1 withholds nothing.
  std::vector<SummaryRow> open = {Cell("BW", "Q1", 1)};
  SuppressSmallCells(open, 1);
  EXPECT_FALSE(open[0].suppressed);
}

// End to end: a public table never shows a participant's quarter of one certificate, nor the
// sums that would give it away, whichever period or participant is asked for.
TEST_F(StatsTest, PublicCertificateTablesWithholdSmallCells) {
  ASSERT_TRUE(reg_->GenerateKey("BW", today_.AddDays(-400)).ok());
  registry::Principal bw{accounts_->AddUser("bw", store::Role::kOfficer, "BW")->user};
  registry::IssueRequest req;
  req.destination = "EU";
  req.origin = {false, {"BW"}};
  req.exporter = {"Exporter", "Gaborone"};
  req.importer = {"Importer", "Antwerp"};
  req.lines = {{"7102.31", 123456, 20000000}};
  req.parcels = 1;
  ASSERT_TRUE(reg_->Issue(bw, req, today_.AddDays(-5)).ok());  // one certificate in Q4
  // Three more in Q3: Q3 is shown, and H2 - Q3 or Y - Q3 would give Q4 away, so H2, Y and the
  // world totals holding Q4 are withheld too (the review's counterexample).
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(reg_->Issue(bw, req, today_.AddDays(-60)).ok());
  for (const std::string period : {"quarter", "Q4", "half", "H2", "year"}) {
    TableQuery q;
    q.year = 2026;
    q.period = period;
    for (const std::optional<std::string>& who :
         {std::optional<std::string>(), std::optional<std::string>("BW")}) {
      q.participant = who;
      auto t = stats_->Trade("export", q);
      ASSERT_TRUE(t.ok()) << t.status().message();
      const std::string csv = TableToCsv(*t);
      // The single Q4 certificate's carats (1234.56) and any sum containing it (4 x 1234.56 =
      // 4938.24, Q3's 3703.68 is fine) never appear.
      EXPECT_EQ(csv.find("1234.56"), std::string::npos) << period << "\n" << csv;
      EXPECT_EQ(csv.find("4938.24"), std::string::npos) << period << "\n" << csv;
      for (const auto* rows : {&t->rows, &t->totals}) {
        for (const auto& r : *rows) {
          const bool holds_q4 = r.period == "Q4" || r.period == "H2" || r.period == "Y";
          EXPECT_EQ(r.suppressed, holds_q4) << period << " " << r.period << "\n" << csv;
        }
      }
    }
  }
}

}  // namespace openkp::stats
