// `zxkh serve --fake-clock` (tests only): POST /api/test/clock moves the
// server's clock, /healthz says so, and everything that reads the time —
// sessions, deadlines — follows it. Without the flag the route does not
// exist (asserted for every role in authz_matrix_test.cpp).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "domain/account.hpp"
#include "support/test_app.hpp"

namespace zxkh::http {
namespace {

namespace json = boost::json;

class TestClockApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    app_ = new test::TestApp(/*demo=*/true, /*rate_limits=*/false,
                             /*settable_clock=*/true);
  }
  static void TearDownTestSuite() {
    delete app_;
    app_ = nullptr;
  }
  test::HttpResult SetClock(const json::object& body) {
    return app_->Client()->Post("/api/test/clock", json::serialize(body));
  }
  static test::TestApp* app_;
};

test::TestApp* TestClockApiTest::app_ = nullptr;

TEST_F(TestClockApiTest, HealthzShowsTheFakeClock) {
  auto r = app_->Client()->Get("/healthz");
  ASSERT_EQ(r.status, 200u) << r.body;
  const json::value body = r.Json();
  const json::object& o = body.as_object();
  EXPECT_EQ(o.at("status"), "ok");
  EXPECT_EQ(o.at("fake_clock"), true);
  EXPECT_EQ(o.at("now"), json::value(app_->clock().NowIso()));
}

TEST_F(TestClockApiTest, SetsAndAdvancesTheServerClock) {
  auto r = SetClock({{"now", "2026-12-15T17:30:00+08:00"}});
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.Json().at("now"), "2026-12-15T17:30:00.000+08:00");
  EXPECT_EQ(app_->clock().NowIso(), "2026-12-15T17:30:00.000+08:00");

  r = SetClock({{"now", "2026-12-15T01:00:00Z"}});
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.Json().at("now"), "2026-12-15T09:00:00.000+08:00");

  r = SetClock({{"advance_ms", 90 * 60 * 1000}});
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.Json().at("now"), "2026-12-15T10:30:00.000+08:00");
  EXPECT_EQ(r.Json().at("unix_ms").as_int64(), app_->clock().NowUnixMillis());
}

TEST_F(TestClockApiTest, RefusesABadBody) {
  const int64_t before = app_->clock().NowUnixMillis();
  const std::vector<std::string> bodies = {
      R"({})",
      R"({"now": "2026-12-15T17:30:00+08:00", "advance_ms": 1})",
      R"({"now": "2026-12-15T17:30:00"})",
      R"({"now": "2026-13-15T17:30:00+08:00"})",
  };
  for (const std::string& body : bodies) {
    auto r = app_->Client()->Post("/api/test/clock", body);
    EXPECT_EQ(r.status, 400u) << body << " " << r.body;
    EXPECT_EQ(r.Json().at("code"), "test_clock.invalid") << r.body;
  }
  auto r = app_->Client()->Post("/api/test/clock", R"({"advance_ms": -1})");
  EXPECT_EQ(r.status, 400u) << r.body;
  EXPECT_EQ(app_->clock().NowUnixMillis(), before);
}

// Sessions expire on the server's clock: advancing it past the idle limit
// ends a session, as days passing would.
TEST_F(TestClockApiTest, SessionsExpireOnTheFakeClock) {
  ASSERT_EQ(SetClock({{"now", "2026-12-01T08:00:00+08:00"}}).status, 200u);
  const test::Headers city = app_->SessionHeaders("city");
  EXPECT_EQ(app_->Client()->Get("/api/auth/me", city).status, 200u);
  ASSERT_EQ(
      SetClock({{"advance_ms", domain::kSessionIdleMillis + 1000}}).status,
      200u);
  EXPECT_EQ(app_->Client()->Get("/api/auth/me", city).status, 401u);
}

}  // namespace
}  // namespace zxkh::http
