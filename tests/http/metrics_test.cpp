#include "http/metrics.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace zxkh::http {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::seconds;

bool Contains(const std::string& text, const std::string& line) {
  return text.find(line) != std::string::npos;
}

TEST(MetricsTest, CountsByRouteMethodAndStatus) {
  Metrics m;
  m.Observe("/api/items/{id}", Verb::get, 200, milliseconds(1));
  m.Observe("/api/items/{id}", Verb::get, 200, milliseconds(1));
  m.Observe("/api/items/{id}", Verb::get, 404, milliseconds(1));
  m.Observe("/api/items/{id}", Verb::delete_, 204, milliseconds(1));
  const std::string text = m.Render();
  EXPECT_TRUE(Contains(text,
                       "\nzxkh_http_requests_total{route=\"/api/items/{id}\","
                       "method=\"GET\",status=\"200\"} 2\n"));
  EXPECT_TRUE(Contains(text,
                       "\nzxkh_http_requests_total{route=\"/api/items/{id}\","
                       "method=\"GET\",status=\"404\"} 1\n"));
  EXPECT_TRUE(Contains(text,
                       "\nzxkh_http_requests_total{route=\"/api/items/{id}\","
                       "method=\"DELETE\",status=\"204\"} 1\n"));
  EXPECT_TRUE(Contains(text, "# TYPE zxkh_http_requests_total counter\n"));
  EXPECT_TRUE(
      Contains(text, "# TYPE zxkh_http_request_duration_seconds histogram\n"));
}

TEST(MetricsTest, HistogramBucketsAreCumulativeAndInclusive) {
  Metrics m;
  m.Observe("/r", Verb::get, 200, microseconds(300));  // ≤ 0.0005
  m.Observe("/r", Verb::get, 200, milliseconds(1));    // exactly 0.001
  m.Observe("/r", Verb::get, 200, milliseconds(2));    // ≤ 0.0025
  m.Observe("/r", Verb::get, 200, seconds(20));        // only +Inf
  const std::string text = m.Render();
  const std::string p = "zxkh_http_request_duration_seconds";
  EXPECT_TRUE(Contains(text, p + "_bucket{route=\"/r\",le=\"0.0005\"} 1\n"));
  EXPECT_TRUE(Contains(text, p + "_bucket{route=\"/r\",le=\"0.001\"} 2\n"));
  EXPECT_TRUE(Contains(text, p + "_bucket{route=\"/r\",le=\"0.0025\"} 3\n"));
  EXPECT_TRUE(Contains(text, p + "_bucket{route=\"/r\",le=\"10\"} 3\n"));
  EXPECT_TRUE(Contains(text, p + "_bucket{route=\"/r\",le=\"+Inf\"} 4\n"));
  EXPECT_TRUE(Contains(text, p + "_count{route=\"/r\"} 4\n"));
  EXPECT_TRUE(Contains(text, p + "_sum{route=\"/r\"} 20.0033\n"));
}

TEST(MetricsTest, EveryBucketBoundIsRendered) {
  Metrics m;
  m.Observe("unmatched", Verb::get, 404, microseconds(1));
  const std::string text = m.Render();
  for (const char* le :
       {"0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1",
        "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"}) {
    EXPECT_TRUE(Contains(text,
                         "zxkh_http_request_duration_seconds_bucket{route="
                         "\"unmatched\",le=\"" +
                             std::string(le) + "\"} 1\n"))
        << le;
  }
}

TEST(MetricsTest, InFlightGauge) {
  Metrics m;
  m.RequestStarted();
  m.RequestStarted();
  m.RequestFinished();
  const std::string text = m.Render();
  EXPECT_TRUE(Contains(text,
                       "# TYPE zxkh_http_requests_in_flight gauge\n"
                       "zxkh_http_requests_in_flight 1\n"));
}

TEST(MetricsTest, AddedGaugesAreReadAtRenderTime) {
  Metrics m;
  double in_use = 3;
  m.AddGauge("zxkh_store_pool_in_use", "Connections in use.",
             [&in_use] { return in_use; });
  m.AddGauge("zxkh_store_pool_size", "Pool size.", [] { return 8.0; });
  EXPECT_TRUE(Contains(m.Render(),
                       "# HELP zxkh_store_pool_in_use Connections in use.\n"
                       "# TYPE zxkh_store_pool_in_use gauge\n"
                       "zxkh_store_pool_in_use 3\n"));
  in_use = 5;
  const std::string text = m.Render();
  EXPECT_TRUE(Contains(text, "\nzxkh_store_pool_in_use 5\n"));
  EXPECT_TRUE(Contains(text, "\nzxkh_store_pool_size 8\n"));

  // Registering the same name again replaces the reader, not duplicates it.
  m.AddGauge("zxkh_store_pool_size", "Pool size.", [] { return 16.0; });
  const std::string replaced = m.Render();
  EXPECT_TRUE(Contains(replaced, "\nzxkh_store_pool_size 16\n"));
  EXPECT_EQ(replaced.find("# TYPE zxkh_store_pool_size gauge"),
            replaced.rfind("# TYPE zxkh_store_pool_size gauge"));
}

TEST(MetricsTest, LabelValuesAreEscaped) {
  Metrics m;
  m.Observe("/a\"b\\c\nd", Verb::post, 201, milliseconds(1));
  EXPECT_TRUE(Contains(m.Render(),
                       "zxkh_http_requests_total{route=\"/a\\\"b\\\\c\\nd\","
                       "method=\"POST\",status=\"201\"} 1\n"));
}

TEST(MetricsTest, SeriesAreSortedByRoute) {
  Metrics m;
  m.Observe("/b", Verb::get, 200, milliseconds(1));
  m.Observe("/a", Verb::get, 200, milliseconds(1));
  const std::string text = m.Render();
  EXPECT_LT(text.find("{route=\"/a\",method"),
            text.find("{route=\"/b\",method"));
}

TEST(MetricsTest, ConcurrentObservationsAreAllCounted) {
  Metrics m;
  constexpr int kThreads = 8;
  constexpr int kPerThread = 5000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&m, t] {
      const std::string route = "/api/r" + std::to_string(t % 3);
      for (int i = 0; i < kPerThread; ++i) {
        m.Observe(route, Verb::get, 200 + static_cast<unsigned>(i % 2),
                  microseconds(100));
      }
    });
  }
  for (auto& th : threads) th.join();
  const std::string text = m.Render();
  // Threads 0,3,6 → r0; 1,4,7 → r1; 2,5 → r2.
  EXPECT_TRUE(Contains(text,
                       "zxkh_http_request_duration_seconds_count{route=\"/api/"
                       "r0\"} 15000\n"));
  EXPECT_TRUE(Contains(text,
                       "zxkh_http_request_duration_seconds_count{route=\"/api/"
                       "r2\"} 10000\n"));
  EXPECT_TRUE(Contains(text,
                       "zxkh_http_requests_total{route=\"/api/r1\",method="
                       "\"GET\",status=\"201\"} 7500\n"));
}

}  // namespace
}  // namespace zxkh::http
