#include "stats/table_reader.h"

#include <gtest/gtest.h>
#include <zip.h>

#include <fstream>
#include <iterator>

#include "registry_world.h"
#include "temp_dir.h"

namespace openkp::stats {

using testing::ReadKpProductionFile;

TEST(CsvTest, QuotesLineEndsAndBom) {
  auto t = ParseCsv(
      "\xEF\xBB\xBFname,n\r\n\"Congo, Republic of\",1\n\"say \"\"hi\"\"\",2\n\n"
      "\"two\nlines\",3");
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_EQ(t->header, (std::vector<std::string>{"name", "n"}));
  ASSERT_EQ(t->rows.size(), 3u);
  EXPECT_EQ(t->rows[0].cells[0], "Congo, Republic of");
  EXPECT_EQ(t->rows[0].number, 2);
  EXPECT_EQ(t->rows[1].cells[0], "say \"hi\"");
  EXPECT_EQ(t->rows[2].cells[0], "two\nlines");
  EXPECT_EQ(t->rows[2].number, 5);  // the blank line 4 is skipped, numbering keeps counting
}

TEST(CsvTest, ErrorsNameTheLine) {
  struct Case {
    const char* text;
    const char* message;
  } cases[] = {
      {"a,b\n1,2,3\n", "line 2: has 3 fields; the header has 2"},
      {"a,b\n\"1,2\n", "line 2: a quoted field is never closed"},
      {"a,b\n\"1\"x,2\n", "line 2: text after the closing quote"},
      {"a,b\n1\"2,3\n", "line 2: a quote inside an unquoted field"},
      {"", "the file is empty"},
  };
  for (const auto& c : cases) {
    auto t = ParseCsv(c.text);
    ASSERT_FALSE(t.ok()) << c.text;
    EXPECT_NE(t.status().message().find(c.message), std::string::npos) << t.status().message();
  }
  auto nul = ParseCsv(std::string_view("a,b\n1,\0\n", 8));
  ASSERT_FALSE(nul.ok());
  EXPECT_NE(nul.status().message().find("NUL"), std::string::npos);
}

TEST(DecimalTest, ExactHundredthsWithRounding) {
  struct Case {
    const char* text;
    int64_t want;
    bool rounded;
  } cases[] = {
      {"0", 0, false},
      {"12", 1200, false},
      {"12.3", 1230, false},
      {"12.34", 1234, false},
      {"0.005", 1, true},
      {"0.0049", 0, true},
      {"2194850.08", 219485008, false},
      {"255516832.81000001", 25551683281, true},
      {"25401934276.590004", 2540193427659, true},
      {"2.19485008E6", 219485008, false},
      {"1e-3", 0, true},
      {"-1.5", -150, false},
      {".5", 50, false},
      {"007.10", 710, false},
      {"1E2", 10000, false},
  };
  for (const auto& c : cases) {
    bool rounded = false;
    auto v = ParseDecimalHundredths(c.text, &rounded);
    ASSERT_TRUE(v.ok()) << c.text << ": " << v.status().message();
    EXPECT_EQ(*v, c.want) << c.text;
    EXPECT_EQ(rounded, c.rounded) << c.text;
  }
  for (const char* bad : {"", "-", "1.2.3", "1,5", "abc", "1e", "1e+", "12 ", "NaN", "1e400",
                          "99999999999999999999"}) {
    EXPECT_FALSE(ParseDecimalHundredths(bad).ok()) << bad;
  }
}

// The workbook and the CSV published beside it hold the same rows with the same values.
TEST(XlsxTest, RealWorkbookMatchesItsCsv) {
  auto csv = ParseCsv(ReadKpProductionFile("kp_production_halfyear_2003_2024.csv"));
  ASSERT_TRUE(csv.ok()) << csv.status().message();
  auto xlsx = ParseXlsx(ReadKpProductionFile("kp_production_halfyear_2003_2024.xlsx"));
  ASSERT_TRUE(xlsx.ok()) << xlsx.status().message();
  ASSERT_EQ(csv->rows.size(), 1529u);
  ASSERT_EQ(xlsx->rows.size(), csv->rows.size());
  EXPECT_EQ(xlsx->header[0], "Country Name");
  // CSV columns: source_row,country,year,half,trade_type,production_type,carats,value_usd,...
  // Workbook columns A..G: Country Name, Year, Quarter, Trade Type, Production Type, Carat,
  // US Value.
  for (size_t i = 0; i < csv->rows.size(); ++i) {
    const auto& c = csv->rows[i].cells;
    const auto& x = xlsx->rows[i].cells;
    ASSERT_EQ(std::to_string(xlsx->rows[i].number), c[0]) << "row " << i;
    EXPECT_EQ(x[0], c[1]);
    EXPECT_EQ(x[1], c[2]);
    EXPECT_EQ(x[2], c[3]);
    EXPECT_EQ(x[3], c[4]);
    EXPECT_EQ(x[4], c[5]);
    for (int k : {0, 1}) {
      auto a = ParseDecimalHundredths(x[5 + k]);
      auto b = ParseDecimalHundredths(c[6 + k]);
      ASSERT_TRUE(a.ok() && b.ok()) << x[5 + k] << " / " << c[6 + k];
      EXPECT_EQ(*a, *b) << "row " << c[0];
    }
  }
  auto named = ParseXlsx(ReadKpProductionFile("kp_production_halfyear_2003_2024.xlsx"),
                         "Production of Diamonds");
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(named->rows.size(), 1529u);
  auto missing = ParseXlsx(ReadKpProductionFile("kp_production_halfyear_2003_2024.xlsx"), "Nope");
  EXPECT_FALSE(missing.ok());
}

TEST(XlsxTest, DamagedFilesGiveErrors) {
  const std::string good = ReadKpProductionFile("kp_production_halfyear_2003_2024.xlsx");
  for (const std::string& bad :
       {std::string("PK\x03\x04garbage", 11), good.substr(0, good.size() / 2),
        std::string("PK\x05\x06") + std::string(18, '\0')}) {
    auto t = ReadTable(bad);
    ASSERT_FALSE(t.ok());
    EXPECT_EQ(t.status().code(), core::Code::kInvalidArgument) << t.status().message();
  }
  // Flip bytes through the archive: every result is an error or a table, never a crash.
  for (size_t at = 0; at < good.size(); at += 997) {
    std::string damaged = good;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x5a);
    (void)ReadTable(damaged);
  }
}

}  // namespace openkp::stats

namespace openkp::stats {
namespace {

// A workbook written with libzip: `shared` is the sharedStrings part's body (between <sst>).
std::string MakeWorkbook(const std::string& shared_items, const std::string& sheet_data) {
  testing::TempDir dir;
  const std::string path = dir / "w.xlsx";
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  EXPECT_NE(z, nullptr);
  std::vector<std::string> parts = {
      R"(<workbook xmlns:r="r"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>)",
      R"(<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>)",
      "<sst>" + shared_items + "</sst>",
      "<worksheet><sheetData>" + sheet_data + "</sheetData></worksheet>"};
  const char* names[] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml",
                         "xl/worksheets/sheet1.xml"};
  for (size_t i = 0; i < parts.size(); ++i) {
    zip_source_t* src = zip_source_buffer(z, parts[i].data(), parts[i].size(), 0);
    EXPECT_GE(zip_file_add(z, names[i], src, ZIP_FL_OVERWRITE), 0);
  }
  EXPECT_EQ(zip_close(z), 0);
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Zip bombs compress to a few hundred KB and unpack to far more. They are refused as too large
// (413) while they are being unpacked, never held whole (measured with /usr/bin/time on
// `openkp stats import` of a 437 KB workbook holding 200 MB of shared strings: 614 MB of memory
// before, 29 MB now).
TEST(ParseXlsx, RefusesWorkbooksThatUnpackTooFar) {
  std::string items;
  const std::string padded = "<si><t>x</t></si>" + std::string(983, ' ');
  for (int i = 0; i < 40000; ++i) items += padded;  // 40 MB unpacked, 40 KB of text
  const std::string item = "<si><t>" + std::string(1000, 'x') + "</t></si>";
  const std::string bomb = MakeWorkbook(items, R"(<row r="1"><c r="A1" t="s"><v>0</v></c></row>)");
  EXPECT_LT(bomb.size(), 2u << 20);
  auto t = ParseXlsx(bomb);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), core::Code::kPayloadTooLarge);
  EXPECT_NE(t.status().message().find("unpacks to more than 32 MiB"), std::string::npos)
      << t.status().message();
  // Fewer but copied into many cells: the kept text is what counts.
  std::string cells;
  for (int r = 1; r <= 20000; ++r) {
    cells += "<row r=\"" + std::to_string(r) + "\"><c r=\"A" + std::to_string(r) +
             "\" t=\"s\"><v>0</v></c></row>";
  }
  auto copied = ParseXlsx(MakeWorkbook(item, cells));
  ASSERT_FALSE(copied.ok());
  EXPECT_EQ(copied.status().code(), core::Code::kPayloadTooLarge);
  EXPECT_NE(copied.status().message().find("cell text"), std::string::npos)
      << copied.status().message();
  // Sparse cells: one value far to the right allocates every slot before it; they count.
  std::string sparse;
  for (int r = 1; r <= 20000; ++r) {
    sparse += "<row r=\"" + std::to_string(r) + "\"><c r=\"IV" + std::to_string(r) +
              "\"><v>1</v></c></row>";
  }
  auto wide = ParseXlsx(MakeWorkbook("", sparse));
  ASSERT_FALSE(wide.ok());
  EXPECT_NE(wide.status().message().find("cells"), std::string::npos) << wide.status().message();
  // A DOCTYPE (entities that expand) is refused at once.
  auto entities = ParseXlsx(MakeWorkbook(
      "",
      "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\">]><row r=\"1\"><c r=\"A1\"><v>&a;</v></c></row>"));
  ASSERT_FALSE(entities.ok());
  // A small, well-formed one still reads.
  auto fine = ParseXlsx(
      MakeWorkbook("<si><t>country</t></si>", R"(<row r="1"><c r="A1" t="s"><v>0</v></c></row>)"));
  ASSERT_TRUE(fine.ok()) << fine.status().message();
  EXPECT_EQ(fine->header.at(0), "country");
}

}  // namespace
}  // namespace openkp::stats
