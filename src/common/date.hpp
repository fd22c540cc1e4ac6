// Civil dates (proleptic Gregorian, no time zone): exam days, deadlines,
// birth dates. A Date is a count of days since 1970-01-01, so comparison and
// arithmetic are integer operations; year/month/day are derived on demand.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.hpp"

namespace zxkh {

class Date {
 public:
  // 1970-01-01; exists so that Date can live in default-constructed structs.
  Date() = default;

  // Strict "YYYY-MM-DD" (exactly 10 ASCII characters). On failure returns
  // InvalidArgument "date.invalid" whose message says whether the shape is
  // wrong ("日期格式应为 YYYY-MM-DD：2026-1-5") or the day does not exist
  // ("日期不存在：2026-02-30").
  static Result<Date> Parse(std::string_view iso);

  // The date, or nullopt when it does not exist or the year is outside
  // 0000–9999 (the years Parse and ToString round-trip).
  static std::optional<Date> FromYmd(int year, int month, int day);

  // Any day count is accepted; 0 is 1970-01-01, negative counts precede it.
  static Date FromDays(int64_t days_since_epoch) {
    Date d;
    d.days_ = days_since_epoch;
    return d;
  }

  // True for Gregorian leap years (divisible by 4, centuries only by 400).
  static bool IsLeapYear(int year);
  // 28–31 for month 1–12; 0 for any other month.
  static int DaysInMonth(int year, int month);

  int year() const;
  int month() const;  // 1–12
  int day() const;    // 1–31
  // Days since 1970-01-01 (negative before it).
  int64_t days() const { return days_; }
  // ISO 8601 weekday: 1 = Monday … 7 = Sunday.
  int weekday() const;

  // This date moved by `n` days (negative moves back).
  Date AddDays(int64_t n) const { return FromDays(days_ + n); }

  // "YYYY-MM-DD"; years outside 0000–9999 get as many digits as they need
  // and a leading '-' when negative (never produced by Parse or FromYmd).
  std::string ToString() const;

  auto operator<=>(const Date&) const = default;
  bool operator==(const Date&) const = default;

 private:
  int64_t days_ = 0;
};

}  // namespace zxkh
