// The official working-day calendar (R-CAL): Monday–Friday, minus the State
// Council's public holidays, plus its make-up working days on weekends. Every
// "N working days" rule (publicity periods, submission deadlines) goes
// through WorkdayCalendar, which refuses to answer for a year it has no data
// for rather than guess from weekdays alone: a wrong deadline is worse than
// an administrator being asked to load next year's holidays.
#pragma once

#include <bitset>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/date.hpp"
#include "common/status.hpp"

namespace zxkh {

enum class DayKind {
  kOff,   // a public holiday (放假), whatever the weekday
  kWork,  // a make-up working day (调休上班), usually a weekend day
};

struct CalendarEntry {
  Date date;
  DayKind kind = DayKind::kOff;
  std::string name;  // e.g. "国庆节"
};

// Immutable after construction; safe to share between threads.
class WorkdayCalendar {
 public:
  // `entries` must have distinct dates (FromCsv guarantees it); they are
  // kept sorted by date. Only years in `covered_years` can be asked about;
  // entries outside them are kept but never consulted.
  WorkdayCalendar(std::vector<CalendarEntry> entries,
                  std::set<int> covered_years);

  // Parses the format of data/cn-workday-calendar.csv: UTF-8 (a BOM is
  // allowed), header "date,kind,name", one entry per line, kind off|work.
  // The covered years are the years that appear. On failure returns
  // InvalidArgument "calendar.csv_invalid" or "calendar.duplicate_date"
  // naming the line number.
  static Result<WorkdayCalendar> FromCsv(std::string_view csv);

  bool Covers(int year) const { return covered_years_.contains(year); }

  // Whether `d` is a working day, or FailedPrecondition
  // "calendar.year_not_covered" naming its year.
  Result<bool> IsWorkingDay(Date d) const;

  // The n-th working day counting from `start`, where `start` counts when it
  // is itself a working day (so n = 1 gives `start` for a working day). n < 1
  // is InvalidArgument "calendar.n_invalid"; reaching an uncovered year is
  // "calendar.year_not_covered".
  Result<Date> AddWorkingDays(Date start, int n) const;

  // The n-th working day walking backward from d − 1 (R-CAL: "at least 10
  // working days before D" means no later than WorkingDaysBefore(D, 10)).
  // Errors as for AddWorkingDays.
  Result<Date> WorkingDaysBefore(Date d, int n) const;

  // Working days in [from, to], both ends included; 0 when to < from.
  // "calendar.year_not_covered" when the range touches an uncovered year.
  Result<int> CountWorkingDays(Date from, Date to) const;

  // Sorted by date.
  const std::vector<CalendarEntry>& entries() const { return entries_; }
  const std::set<int>& covered_years() const { return covered_years_; }

 private:
  // One bit per day of a covered year, so every lookup is a binary search
  // over a handful of years plus a bit test, with no allocation.
  struct YearTable {
    int year = 0;
    int64_t first_day = 0;  // Date::days() of January 1
    int length = 0;         // 365 or 366
    std::bitset<366> working;
  };

  // The table holding `d`, or nullptr when its year is not covered.
  const YearTable* TableFor(Date d) const;
  static Status NotCovered(int year);

  std::vector<CalendarEntry> entries_;
  std::set<int> covered_years_;
  std::vector<YearTable> years_;  // sorted by year
};

}  // namespace zxkh
