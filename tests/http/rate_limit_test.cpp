#include "http/rate_limit.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/test_app.hpp"

namespace zxkh::http {
namespace {

using std::chrono::seconds;

TEST(RateLimiterTest, BurstThenOnePerIntervalPerKey) {
  RateLimiter limiter;
  const RateLimit limit{.per_minute = 6, .burst = 3};  // one every 10 s
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.Take("a", limit, t0), 0) << i;
  EXPECT_EQ(limiter.Take("a", limit, t0), 10);
  // Another client is not affected.
  EXPECT_EQ(limiter.Take("b", limit, t0), 0);
  // After 4 s the next token is 6 s away; after 10 s there is one.
  EXPECT_EQ(limiter.Take("a", limit, t0 + seconds(4)), 6);
  EXPECT_EQ(limiter.Take("a", limit, t0 + seconds(10)), 0);
  EXPECT_GT(limiter.Take("a", limit, t0 + seconds(10)), 0);
  // A long pause refills to the burst, not beyond.
  const auto later = t0 + seconds(3600);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.Take("a", limit, later), 0);
  EXPECT_GT(limiter.Take("a", limit, later), 0);
  // No limit.
  for (int i = 0; i < 100; ++i) EXPECT_EQ(limiter.Take("c", {}, t0), 0);
}

TEST(RateLimiterTest, ManyClientsStayBounded) {
  RateLimiter limiter;
  const RateLimit limit{.per_minute = 60, .burst = 1};
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 400'000; ++i) {
    ASSERT_EQ(limiter.Take("client-" + std::to_string(i), limit, t0), 0);
  }
  EXPECT_LE(limiter.TrackedKeys(), 400'000u);
  // A minute later every one of them is full again: new clients make the
  // old buckets go, and a limited client is still limited.
  const auto later = t0 + seconds(120);
  for (int i = 0; i < 400'000; ++i) {
    ASSERT_EQ(limiter.Take("new-" + std::to_string(i), limit, later), 0);
  }
  EXPECT_LT(limiter.TrackedKeys(), 700'000u);
  EXPECT_EQ(limiter.Take("x", limit, later), 0);
  EXPECT_GT(limiter.Take("x", limit, later), 0);
}

TEST(RateLimitApiTest, OneAddressIsLimitedWithRetryAfter) {
  test::TestApp app(/*demo=*/true, /*rate_limits=*/true);
  auto client = app.Client();
  // Candidate registration: 10 a minute, 5 at once. The limit applies
  // before the body is even read, so empty bodies (400) count too.
  int limited_at = 0;
  test::HttpResult last;
  for (int i = 1; i <= 8 && limited_at == 0; ++i) {
    last = client->Post("/api/auth/register", "{}");
    if (last.status == 429) {
      limited_at = i;
    } else {
      EXPECT_EQ(last.status, 400u) << last.body;
    }
  }
  EXPECT_EQ(limited_at, 6) << last.body;
  const boost::json::value body = last.Json();
  EXPECT_EQ(body.at("code").as_string(), "http.rate_limited");
  const std::string retry = last.Header("retry-after");
  ASSERT_FALSE(retry.empty());
  EXPECT_GE(std::stoi(retry), 1);
  EXPECT_LE(std::stoi(retry), 6);
  // An X-Forwarded-For from an untrusted peer changes nothing.
  test::Headers spoofed = {{"X-Forwarded-For", "203.0.113.9"}};
  EXPECT_EQ(client->Post("/api/auth/register", "{}", spoofed).status, 429u);
  // Other routes answer as usual.
  EXPECT_EQ(client->Get("/api/public/catalog").status, 200u);
}

}  // namespace
}  // namespace zxkh::http
