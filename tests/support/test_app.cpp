#include "support/test_app.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace zxkh::test {

TestApp::TestApp(bool demo, bool rate_limits, bool settable_clock) {
  clock_.SetDate(*Date::FromYmd(2026, 11, 27), 9);
  app::Options o;
  o.address = "127.0.0.1";
  o.port = 0;
  o.data_dir = data_.path();
  o.db_url = database_.url();
  o.demo = demo;
  o.io_threads = 2;
  o.worker_threads = 4;
  // The suites log in hundreds of times from 127.0.0.1; the rate limit
  // test turns the limits on (RateLimitedTestApp).
  o.rate_limits = rate_limits;
  // What the QR codes print (certificates, receipts).
  o.public_base_url = "https://zxkh.example.gov.cn";
  auto created =
      app::Application::Create(o, clock_, settable_clock ? &clock_ : nullptr);
  if (!created.ok()) {
    ADD_FAILURE() << "Application::Create: " << created.status().ToString();
    std::abort();
  }
  app_ = std::move(created).value();
  auto port = app_->Listen();
  if (!port.ok()) {
    ADD_FAILURE() << "Listen: " << port.status().ToString();
    std::abort();
  }
  port_ = *port;
  thread_ = std::thread([this] { app_->Run(); });
}

TestApp::~TestApp() {
  app_->Shutdown();
  thread_.join();
  app_.reset();
}

std::unique_ptr<TestClient> TestApp::Client() const {
  return std::make_unique<TestClient>("127.0.0.1", port_);
}

Headers TestApp::SessionHeaders(const std::string& username,
                                const std::string& password) const {
  auto client = Client();
  boost::json::object body{{"username", username}, {"password", password}};
  auto r = client->Post("/api/auth/login", boost::json::serialize(body));
  if (r.status != 200) {
    ADD_FAILURE() << "login " << username << ": " << r.status << " " << r.body;
    return {};
  }
  std::string cookie = r.Header("set-cookie");
  cookie = cookie.substr(0, cookie.find(';'));
  return {{"cookie", cookie},
          {"x-csrf-token", std::string(r.Json().at("csrf_token").as_string())}};
}

Headers TestApp::CityHeaders() {
  if (city_headers_.empty()) city_headers_ = SessionHeaders("city");
  return city_headers_;
}

}  // namespace zxkh::test
