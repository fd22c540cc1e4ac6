// A small synchronous HTTP/1.1 client for tests that talk to a real server
// over a real socket. One keep-alive connection, reopened when the server
// closed it; every operation is bounded by a timeout so a broken server
// fails a test instead of hanging it.
#pragma once

#include <boost/beast/http/verb.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace zxkh::test {

using Headers = std::map<std::string, std::string>;

struct HttpResult {
  unsigned status = 0;  // 0: no answer; `error` says why
  Headers headers;      // lower-case names
  std::string body;
  std::string error;  // transport error, empty when an answer arrived

  // The body parsed as JSON, or null when it is not JSON.
  boost::json::value Json() const;
  // Header value or "" (`name` in lower case).
  std::string Header(const std::string& name) const;
};

// Not thread-safe: one client per test thread.
class TestClient {
 public:
  TestClient(std::string host, unsigned short port);
  ~TestClient();
  TestClient(const TestClient&) = delete;
  TestClient& operator=(const TestClient&) = delete;

  HttpResult Get(const std::string& path, const Headers& headers = {});
  HttpResult Head(const std::string& path, const Headers& headers = {});
  HttpResult Post(const std::string& path, std::string body,
                  const Headers& headers = {},
                  std::string content_type = "application/json");
  HttpResult Put(const std::string& path, std::string body,
                 const Headers& headers = {},
                 std::string content_type = "application/json");
  HttpResult Delete(const std::string& path, const Headers& headers = {});

  // Sends one request on the kept-alive connection (opening one if needed,
  // and retrying once on a fresh one if the server had closed the old one
  // before answering). `content_type` is sent when non-empty.
  HttpResult Request(boost::beast::http::verb verb, const std::string& path,
                     std::string body, const Headers& headers,
                     std::string content_type);

  // Closes the connection; the next request opens a new one.
  void Close();

  // Connections opened so far (1 after any number of keep-alive requests).
  int connects() const;
  // Local port of the open connection, 0 when none is open.
  unsigned short local_port() const;
  // Budget for each connect, write and read (default 10 s).
  void set_timeout(std::chrono::milliseconds timeout);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace zxkh::test
