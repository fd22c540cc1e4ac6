// Prometheus metrics for the HTTP edge, plus gauges other layers register
// (the store's connection pool). Rendered in the text exposition format
// 0.0.4 by the /metrics route.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.hpp"

namespace zxkh::http {

// Thread-safe registry. Observing a request is lock-free once its series
// exist; the mutex is only taken to create a series or a gauge, and to
// render. Label values are route patterns (or "unmatched"), never raw paths,
// so the number of series stays bounded by the route table.
class Metrics {
 public:
  // Upper bounds of the latency histogram in seconds (+Inf is implicit).
  static constexpr std::array<double, 14> kBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
      0.1,    0.25,  0.5,    1,     2.5,  5,     10};

  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // Counts one answered request: zxkh_http_requests_total{route,method,status}
  // and zxkh_http_request_duration_seconds{route}. `route` is the matched
  // route's pattern, or "unmatched".
  void Observe(std::string_view route, Verb method, unsigned status,
               std::chrono::nanoseconds duration);

  // zxkh_http_requests_in_flight: requests read but not yet answered.
  void RequestStarted() { in_flight_.fetch_add(1, std::memory_order_relaxed); }
  void RequestFinished() { in_flight_.fetch_sub(1, std::memory_order_relaxed); }

  // Registers a gauge whose value `read` returns at render time; `read` must
  // be thread-safe and must not call back into this registry. `name` must be
  // a valid metric name ([a-zA-Z_:][a-zA-Z0-9_:]*); a repeated name replaces
  // the earlier gauge.
  void AddGauge(std::string name, std::string help,
                std::function<double()> read);

  // All series in text exposition format 0.0.4, with HELP and TYPE lines,
  // series sorted by labels so that scrapes diff cleanly.
  std::string Render() const;

 private:
  struct Counter;
  struct RouteSeries;
  struct Gauge {
    std::string name;
    std::string help;
    std::function<double()> read;
  };

  // Open addressing over atomic pointers: readers probe without a lock;
  // writers insert under mu_. Series are never removed, so a reader that
  // meets an empty slot knows the key is absent.
  static constexpr std::size_t kSlots = 1024;

  RouteSeries& SeriesFor(std::string_view route);
  Counter& CounterFor(RouteSeries& series, Verb method, unsigned status);

  mutable std::mutex mu_;
  std::array<std::atomic<RouteSeries*>, kSlots> slots_{};
  std::deque<std::unique_ptr<RouteSeries>> series_;  // owns; guarded by mu_
  std::deque<std::unique_ptr<Counter>> counters_;    // owns; guarded by mu_
  RouteSeries* overflow_ = nullptr;  // "other", when the table is full
  std::vector<Gauge> gauges_;        // guarded by mu_
  std::atomic<std::int64_t> in_flight_{0};
};

}  // namespace zxkh::http
