// The working-day calendar as a use case: read (cached, shared by every
// deadline rule) and maintained by the city administrator (R-CAL).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/calendar.hpp"
#include "common/clock.hpp"
#include "domain/calendar_year.hpp"
#include "domain/role.hpp"
#include "store/db.hpp"

namespace zxkh::service {

class CalendarService {
 public:
  // `db` and `clock` must outlive the service. Thread-safe.
  CalendarService(store::Database& db, const Clock& clock);

  // The current calendar. Re-read from the database when another process
  // (or this one) changed it; otherwise served from memory.
  Result<std::shared_ptr<const WorkdayCalendar>> Current();

  // Covered years with their counts.
  Result<std::vector<domain::CalendarYearInfo>> Years();

  // CITY only. Replaces `year` with `entries`: every date must lie in
  // `year`, appear once, and a make-up working day must be a weekend day.
  // InvalidArgument naming the entry otherwise; nothing is written then.
  Status ReplaceYear(const domain::Caller& caller, int year, std::string source,
                     std::vector<CalendarEntry> entries);

  // Seeds every year of the embedded official calendar that the database
  // does not have yet (a year the city corrected is never overwritten).
  Status SeedOfficialCalendar();

 private:
  store::Database& db_;
  const Clock& clock_;
  std::mutex mu_;
  int64_t revision_ = -1;
  std::shared_ptr<const WorkdayCalendar> cached_;
};

// Validates a year's entries as ReplaceYear does (exposed for the CLI/tests).
Status ValidateYearEntries(int year, const std::vector<CalendarEntry>& entries);

}  // namespace zxkh::service
