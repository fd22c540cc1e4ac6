#include "common/clock.hpp"

#include <chrono>
#include <cstdio>

namespace zxkh {
namespace {

constexpr int64_t kMillisPerDay = 86'400'000;
constexpr int64_t kCstOffsetMillis = 8 * 3'600'000;

// Floor division, so instants before 1970 land on the right day.
int64_t FloorDiv(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

}  // namespace

Clock::~Clock() = default;

Date Clock::DateOf(int64_t unix_millis) {
  return Date::FromDays(
      FloorDiv(unix_millis + kCstOffsetMillis, kMillisPerDay));
}

std::string Clock::FormatIso(int64_t unix_millis) {
  const int64_t local = unix_millis + kCstOffsetMillis;
  const int64_t day = FloorDiv(local, kMillisPerDay);
  const int64_t ms_of_day = local - day * kMillisPerDay;
  const int64_t secs = ms_of_day / 1000;
  char buf[48];
  std::snprintf(buf, sizeof buf, "T%02d:%02d:%02d.%03d+08:00",
                static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                static_cast<int>(secs % 60),
                static_cast<int>(ms_of_day % 1000));
  return Date::FromDays(day).ToString() + buf;
}

int64_t Clock::UnixMillisAt(Date date, int hour) {
  return date.days() * kMillisPerDay + hour * 3'600'000LL - kCstOffsetMillis;
}

int64_t SystemClock::NowUnixMillis() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace zxkh
