// The real server (app::Application: real database, real routes, real
// Beast server) on 127.0.0.1 port 0, serving from a background thread.
#pragma once

#include <memory>
#include <string>
#include <thread>

#include "app/application.hpp"
#include "common/clock.hpp"
#include "support/http_client.hpp"
#include "support/test_db.hpp"

namespace zxkh::test {

class TestApp {
 public:
  // Starts with the demo data when `demo`. The clock is a FakeClock set to
  // 2026-11-27 09:00 China time; tests may move it.
  // Route rate limits are off unless `rate_limits`. With `settable_clock`
  // the application gets the clock as `zxkh serve --fake-clock` does
  // (POST /api/test/clock, the fake-clock /healthz).
  explicit TestApp(bool demo = true, bool rate_limits = false,
                   bool settable_clock = false);
  ~TestApp();

  unsigned short port() const { return port_; }
  FakeClock& clock() { return clock_; }
  app::Application& app() { return *app_; }
  const std::string& data_dir() const { return data_.path(); }
  // A new client on this server.
  std::unique_ptr<TestClient> Client() const;
  // Logs `username` in with the demo password and returns the headers that
  // carry its session (cookie and CSRF token). Aborts the test on failure.
  Headers SessionHeaders(const std::string& username,
                         const std::string& password = "Zxkh@2026demo") const;
  // Same for the demo city administrator ("city"), cached.
  Headers CityHeaders();

 private:
  FakeClock clock_;
  TestDatabase database_;
  TempDir data_;
  std::unique_ptr<app::Application> app_;
  unsigned short port_ = 0;
  std::thread thread_;
  Headers city_headers_;
};

}  // namespace zxkh::test
