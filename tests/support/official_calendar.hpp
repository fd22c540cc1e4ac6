// The official working-day calendar shipped in data/, for tests of rules
// that count working days (R-CAL).
#pragma once

#include "common/calendar.hpp"

namespace zxkh::test {

// The embedded data/cn-workday-calendar.csv; fails the test if it is absent
// or does not parse.
WorkdayCalendar OfficialCalendar();

}  // namespace zxkh::test
