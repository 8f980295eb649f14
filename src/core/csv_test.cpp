#include "core/csv.h"

#include <gtest/gtest.h>

namespace openkp::core {

TEST(CsvField, QuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(CsvField("Botswana"), "Botswana");
  EXPECT_EQ(CsvField("Antwerp, BE"), "\"Antwerp, BE\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("a\r\nb"), "\"a\r\nb\"");
}

// OWASP's CSV injection rule: a leading formula character is neutralised with an apostrophe.
TEST(CsvField, FormulasAreShownAsText) {
  EXPECT_EQ(CsvField("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  EXPECT_EQ(CsvField("+1"), "\"'+1\"");
  EXPECT_EQ(CsvField("-2+3"), "\"'-2+3\"");
  EXPECT_EQ(CsvField("@SUM(A1)"), "\"'@SUM(A1)\"");
  EXPECT_EQ(CsvField("\tx"), "\"'\tx\"");
  EXPECT_EQ(CsvField("a=b"), "a=b");
}

}  // namespace openkp::core
