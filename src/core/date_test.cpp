#include "core/date.h"

#include <gtest/gtest.h>

namespace openkp::core {

TEST(Date, RoundTripsAndCounts) {
  auto d = Date::Parse("2024-02-29");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->ToString(), "2024-02-29");
  EXPECT_EQ(d->AddDays(1).ToString(), "2024-03-01");
  EXPECT_EQ(Date::Parse("1970-01-01")->days(), 0);
  EXPECT_EQ(Date::Parse("2000-03-01")->days() - Date::Parse("2000-02-28")->days(), 2);
  EXPECT_EQ(d->year(), 2024);
  EXPECT_EQ(d->month(), 2);
  EXPECT_EQ(d->day(), 29);
}

TEST(Date, RejectsImpossibleDates) {
  for (const char* bad : {"2023-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-1-01",
                          "20260101", "2026-01-01T00:00", "1800-01-01", "abcd-ef-gh", ""}) {
    EXPECT_FALSE(Date::Parse(bad).ok()) << bad;
  }
}

}  // namespace openkp::core
