#include "support/official_calendar.hpp"

#include <gtest/gtest.h>

#include "common/embedded_data.hpp"

namespace zxkh::test {

WorkdayCalendar OfficialCalendar() {
  auto csv = EmbeddedDataFile("cn-workday-calendar.csv");
  EXPECT_TRUE(csv.has_value());
  auto cal = WorkdayCalendar::FromCsv(*csv);
  EXPECT_TRUE(cal.ok()) << cal.status().ToString();
  return std::move(cal).value();
}

}  // namespace zxkh::test
