#include "common/date.hpp"

#include <cstdio>
#include <string>

namespace zxkh {
namespace {

struct Ymd {
  int64_t year;
  int month;
  int day;
};

// Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms"
// (days_from_civil / civil_from_days): exact over the proleptic Gregorian
// calendar, negative years included, with no tables and no loops.
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;  // [0, 399]
  const int64_t doy =
      (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;        // [0, 365]
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;  // [0, 146096]
  return era * 146097 + doe - 719468;
}

Ymd CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;  // [0, 146096]
  const int64_t yoe =
      (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;    // [0, 399]
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);  // [0, 365]
  const int64_t mp = (5 * doy + 2) / 153;                       // [0, 11]
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int Digits(std::string_view s, size_t pos, size_t len) {
  int v = 0;
  for (size_t i = pos; i < pos + len; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

// Echoes the rejected input without flooding the message: long inputs are
// cut at a UTF-8 character boundary.
std::string Echo(std::string_view s) {
  constexpr size_t kMax = 40;
  if (s.size() <= kMax) return std::string(s);
  size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(s.substr(0, cut)) + "…";
}

}  // namespace

Result<Date> Date::Parse(std::string_view iso) {
  bool shape_ok = iso.size() == 10 && iso[4] == '-' && iso[7] == '-';
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!shape_ok) break;
    shape_ok = IsDigit(iso[i]);
  }
  if (!shape_ok) {
    return Status::InvalidArgument("date.invalid",
                                   "日期格式应为 YYYY-MM-DD：" + Echo(iso));
  }
  std::optional<Date> d =
      FromYmd(Digits(iso, 0, 4), Digits(iso, 5, 2), Digits(iso, 8, 2));
  if (!d) {
    return Status::InvalidArgument("date.invalid",
                                   "日期不存在：" + std::string(iso));
  }
  return *d;
}

bool Date::IsLeapYear(int year) {
  return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

int Date::DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

std::optional<Date> Date::FromYmd(int year, int month, int day) {
  if (year < 0 || year > 9999) return std::nullopt;
  if (day < 1 || day > DaysInMonth(year, month)) return std::nullopt;
  return FromDays(DaysFromCivil(year, month, day));
}

int Date::year() const { return static_cast<int>(CivilFromDays(days_).year); }
int Date::month() const { return CivilFromDays(days_).month; }
int Date::day() const { return CivilFromDays(days_).day; }

int Date::weekday() const {
  // 1970-01-01 was a Thursday (ISO 4).
  const int64_t r = ((days_ % 7) + 7) % 7;
  return static_cast<int>((r + 3) % 7) + 1;
}

std::string Date::ToString() const {
  const Ymd c = CivilFromDays(days_);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%04lld-%02d-%02d", c.year < 0 ? "-" : "",
                static_cast<long long>(c.year < 0 ? -c.year : c.year), c.month,
                c.day);
  return buf;
}

}  // namespace zxkh
