// What is known about one year of the working-day calendar.
#pragma once

#include <cstdint>
#include <string>

namespace zxkh::domain {

struct CalendarYearInfo {
  int year = 0;
  std::string source;  // e.g. the State Council notice it comes from
  int64_t updated_at = 0;
  int off_days = 0;   // public holidays listed
  int work_days = 0;  // make-up working days listed
};

}  // namespace zxkh::domain
