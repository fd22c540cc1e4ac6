#include "support/test_app.hpp"

#include <gtest/gtest.h>

namespace zxkh::test {

TestApp::TestApp(bool demo) {
  clock_.SetDate(*Date::FromYmd(2026, 11, 27), 9);
  app::Options o;
  o.address = "127.0.0.1";
  o.port = 0;
  o.data_dir = data_.path();
  o.db_url = database_.url();
  o.demo = demo;
  o.admin_token = "test-admin-token-0123456789";
  o.io_threads = 2;
  o.worker_threads = 4;
  auto created = app::Application::Create(o, clock_);
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

Headers TestApp::AdminHeaders() const {
  return {{"authorization", "Bearer " + app_->admin_token()}};
}

}  // namespace zxkh::test
