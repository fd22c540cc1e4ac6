// The injected source of "now". Business dates are civil dates in China
// Standard Time (UTC+8 all year, no daylight saving), whatever the server's
// TZ; tests use FakeClock to run a year of deadlines in milliseconds.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "common/date.hpp"

namespace zxkh {

// Implementations must be thread-safe.
class Clock {
 public:
  virtual ~Clock();

  // Milliseconds since 1970-01-01T00:00:00Z.
  virtual int64_t NowUnixMillis() const = 0;

  // Today's date in China Standard Time.
  Date Today() const { return DateOf(NowUnixMillis()); }
  // Now as RFC 3339 in China Standard Time with milliseconds, e.g.
  // "2026-11-27T09:00:00.000+08:00".
  std::string NowIso() const { return FormatIso(NowUnixMillis()); }

  // The China Standard Time date of an instant.
  static Date DateOf(int64_t unix_millis);
  // An instant as NowIso() would print it; for stored timestamps.
  static std::string FormatIso(int64_t unix_millis);
  // The instant `hour`:00 China Standard Time on `date` (hour may be 0–23).
  static int64_t UnixMillisAt(Date date, int hour);
};

// The real time, from std::chrono::system_clock.
class SystemClock final : public Clock {
 public:
  int64_t NowUnixMillis() const override;
};

// A clock that moves only when told to; all members are thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(int64_t unix_millis = 0) : now_(unix_millis) {}

  int64_t NowUnixMillis() const override { return now_.load(); }

  void Set(int64_t unix_millis) { now_.store(unix_millis); }
  void Advance(int64_t millis) { now_.fetch_add(millis); }
  // Sets the time to `hour`:00 China Standard Time on `date`.
  void SetDate(Date date, int hour = 9) { Set(UnixMillisAt(date, hour)); }

 private:
  std::atomic<int64_t> now_;
};

}  // namespace zxkh
