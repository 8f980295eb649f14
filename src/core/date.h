// Calendar dates (proleptic Gregorian, no time zone): certificate issue and expiry dates.
//
//   core::Result<core::Date> d = core::Date::Parse("2026-03-01");
//   d->AddDays(60).ToString();  // "2026-04-30"
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace openkp::core {

class Date {
 public:
  Date() = default;  // 1970-01-01
  static Date FromDays(int64_t days_since_epoch) { return Date(days_since_epoch); }
  static Result<Date> FromYmd(int year, int month, int day);
  // Exactly "YYYY-MM-DD" with a real calendar day, years 1900..9999.
  static Result<Date> Parse(std::string_view text);
  // Today in UTC.
  static Date TodayUtc();

  int64_t days() const { return days_; }
  int year() const;
  int month() const;
  int day() const;
  Date AddDays(int64_t n) const { return Date(days_ + n); }
  std::string ToString() const;

  auto operator<=>(const Date&) const =
      default;  // NOLINT(modernize-use-nullptr): clang-tidy 14 bug

 private:
  explicit Date(int64_t days) : days_(days) {}
  int64_t days_ = 0;
};

// Now as an RFC 3339 UTC timestamp to the second ("2026-11-29T22:18:51Z").
std::string NowUtcTimestamp();
// Now as such a timestamp, on the day `today` says: the real time when that is the real date
// (also across a midnight between the two reads), else noon of a pretended today (tests, demos,
// `--today`).
std::string TimestampOn(const Date& today);

}  // namespace openkp::core
