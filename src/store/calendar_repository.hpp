// The working-day calendar (tables calendar_years, calendar_days).
#pragma once

#include <cstdint>
#include <vector>

#include "common/calendar.hpp"
#include "domain/calendar_year.hpp"
#include "store/db.hpp"

namespace zxkh::store {

class CalendarRepository {
 public:
  explicit CalendarRepository(Connection& c) : c_(c) {}

  // Replaces everything known about `year` with `entries` (all must fall in
  // `year`; the caller validates). Marks the year covered.
  Status ReplaceYear(int year, std::string_view source,
                     const std::vector<CalendarEntry>& entries, int64_t now_ms);
  // The whole calendar: every covered year and its exceptions.
  Result<WorkdayCalendar> Load();
  // Covered years, ascending, with counts.
  Result<std::vector<domain::CalendarYearInfo>> ListYears();
  // Changes whenever the calendar changes (for caches shared by processes).
  Result<int64_t> Revision();

 private:
  Connection& c_;
};

}  // namespace zxkh::store
