#include "core/amount.h"

#include <gtest/gtest.h>

namespace openkp::core {

TEST(Amount, ParsesExactHundredths) {
  EXPECT_EQ(*ParseHundredths("0"), 0);
  EXPECT_EQ(*ParseHundredths("12"), 1200);
  EXPECT_EQ(*ParseHundredths("12.3"), 1230);
  EXPECT_EQ(*ParseHundredths("12.34"), 1234);
  EXPECT_EQ(*ParseHundredths("0.01"), 1);
}

TEST(Amount, RejectsWhatIsNotAnExactDecimal) {
  for (const char* bad :
       {"", "-1", "+1", "1.234", "1.", ".5", "1e3", "1,000", " 1", "abc", "99999999999999999999"}) {
    EXPECT_FALSE(ParseHundredths(bad).ok()) << bad;
  }
}

TEST(Amount, Formats) {
  EXPECT_EQ(FormatHundredths(0), "0.00");
  EXPECT_EQ(FormatHundredths(5), "0.05");
  EXPECT_EQ(FormatHundredths(123450), "1234.50");
  EXPECT_EQ(FormatHundredths(-1205), "-12.05");
}

}  // namespace openkp::core
