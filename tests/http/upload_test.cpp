// Upload routes: the body streams to a temporary file under its own limit
// (not the JSON limit), and the file is gone after the answer.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "http/server.hpp"
#include "support/http_client.hpp"
#include "support/test_db.hpp"

namespace zxkh::http {
namespace {

class UploadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Route upload;
    upload.method = Verb::post;
    upload.pattern = "/api/upload";
    upload.upload_limit_bytes = 3 << 20;
    upload.handler = [this](const Request& r) {
      seen_path_ = r.body_file;
      std::error_code ec;
      const auto size = std::filesystem::file_size(r.body_file, ec);
      std::ifstream in(r.body_file, std::ios::binary);
      char head[4] = {};
      in.read(head, sizeof head);
      return Response::Json({{"size", static_cast<int64_t>(size)},
                             {"in_memory", r.body.size()},
                             {"head", std::string(head, 4)}});
    };
    Route json;
    json.method = Verb::post;
    json.pattern = "/api/json";
    json.handler = [](const Request& r) {
      return Response::Json({{"size", r.body.size()}});
    };
    router_ = std::make_unique<Router>(std::vector<Route>{upload, json});
    ServerOptions o;
    o.address = "127.0.0.1";
    o.port = 0;
    o.io_threads = 1;
    o.worker_threads = 2;
    o.max_body_bytes = 1 << 20;
    o.upload_dir = dir_.path();
    server_ = std::make_unique<Server>(o, *router_, metrics_);
    port_ = server_->Listen().value();
    thread_ = std::thread([this] { server_->Run(); });
  }
  void TearDown() override {
    server_->Shutdown();
    thread_.join();
  }
  int FilesLeft() const {
    int n = 0;
    for ([[maybe_unused]] const auto& e :
         std::filesystem::directory_iterator(dir_.path()))
      ++n;
    return n;
  }

  test::TempDir dir_;
  Metrics metrics_;
  std::unique_ptr<Router> router_;
  std::unique_ptr<Server> server_;
  unsigned short port_ = 0;
  std::thread thread_;
  std::string seen_path_;
};

TEST_F(UploadTest, BodyOverTheJsonLimitStreamsToAFileAndIsRemovedAfterwards) {
  test::TestClient client("127.0.0.1", port_);
  std::string body =
      "%PDF" + std::string((2 << 20) - 4, 'x');  // 2 MiB > 1 MiB JSON limit
  auto r = client.Post("/api/upload", body, {}, "application/pdf");
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.Json().at("size").as_int64(), 2 << 20);
  EXPECT_EQ(r.Json().at("in_memory").as_int64(), 0);
  EXPECT_EQ(r.Json().at("head").as_string(), "%PDF");
  EXPECT_EQ(seen_path_.rfind(dir_.path(), 0), 0u);
  // The answer is written before the cleanup runs; the next request on the
  // connection starts only after it.
  EXPECT_EQ(client.Post("/api/json", "{}").status, 200u);
  EXPECT_FALSE(std::filesystem::exists(seen_path_));
  EXPECT_EQ(FilesLeft(), 0);
}

TEST_F(UploadTest, UploadOverItsOwnLimitIs413AndLeavesNothing) {
  test::TestClient client("127.0.0.1", port_);
  auto r = client.Post("/api/upload", std::string((3 << 20) + 1, 'y'), {},
                       "application/pdf");
  EXPECT_EQ(r.status, 413u) << r.body;
  EXPECT_EQ(r.Json().at("code").as_string(), "request.too_large");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(FilesLeft(), 0);
  // Other routes keep the JSON limit.
  test::TestClient other("127.0.0.1", port_);
  EXPECT_EQ(other.Post("/api/json", std::string((1 << 20) + 1, ' ')).status,
            413u);
}

TEST_F(UploadTest, EmptyUploadIsAnEmptyFile) {
  test::TestClient client("127.0.0.1", port_);
  auto r = client.Post("/api/upload", "", {}, "application/pdf");
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.Json().at("size").as_int64(), 0);
}

}  // namespace
}  // namespace zxkh::http
