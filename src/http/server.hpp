// The HTTP/1.1 server: a Boost.Beast listener and keep-alive sessions on one
// io_context, a worker pool for handlers that block, and the request
// pipeline every route shares (request id, target decoding, routing, admin
// token, JSON schema, problem+json errors, security headers, metrics and
// the access log).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "common/status.hpp"
#include "http/metrics.hpp"
#include "http/route.hpp"

namespace zxkh::http {

// The account behind a session, as the server needs it for a policy check.
struct SessionCaller {
  domain::Caller caller;
  std::string csrf_token;
  bool must_change_password = false;
};

// Maps the session cookie's value ("" when absent) to the caller, or
// Unauthenticated. Must be thread-safe.
using Authenticator = std::function<Result<SessionCaller>(
    std::string_view session_token, const std::string& request_id)>;

// Name of the session cookie.
inline constexpr std::string_view kSessionCookie = "zxkh_session";

// The value of the session cookie in `req`, or "".
std::string SessionCookie(const Request& req);

struct ServerOptions {
  std::string address = "0.0.0.0";
  unsigned short port = 8080;  // 0 → an ephemeral port (see Listen)
  int io_threads = 0;          // 0 → hardware concurrency
  int worker_threads = 0;      // 0 → 2 × cores, at least 4
  std::size_t max_body_bytes = 1 << 20;
  // Budget for one whole request (header and body) once its first byte
  // arrived, for writing its answer, and for a new connection's first byte.
  std::chrono::seconds read_timeout{30};
  // How long a keep-alive connection may wait for its next request.
  std::chrono::seconds idle_timeout{60};
  // Resolves a session cookie for Policy::kSession routes (on a worker
  // thread); unset → such routes always answer 401.
  Authenticator authenticate;
  // Where upload bodies are spooled (same file system as the file store, so
  // that storing is a rename); empty → the system's temporary directory.
  std::string upload_dir;
  // Built web UI directory (--web); empty → a "not built" page at "/".
  std::string web_dir;
  // Route rate limits (Route::rate_limit); off for load tests and for the
  // test suites that log in hundreds of times from one address.
  bool rate_limits = true;
  // Reverse proxies whose X-Forwarded-For names the client (its last
  // entry); requests from any other address are limited by that address.
  std::vector<std::string> trusted_proxies;
};

// One server per process. `router` and `metrics` must outlive it. Listen,
// Run and the destructor belong to one owning thread; Shutdown may be called
// from any thread, any number of times.
class Server {
 public:
  Server(ServerOptions options, const Router& router, Metrics& metrics);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens on options.address:port; returns the bound port (the
  // kernel's choice when port is 0), or Unavailable "server.listen_failed".
  // Call once, before Run.
  Result<unsigned short> Listen();

  // Serves on io_threads threads (the caller's among them) until Shutdown
  // has drained every connection and the worker pool; then returns.
  void Run();

  // Stops accepting, closes connections waiting for a request, lets requests
  // already being read or handled finish and answer with Connection: close.
  // Returns at once; Run returns when the drain is complete. A handler that
  // never returns delays Run forever: the app should bound the wait.
  void Shutdown();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// GET /healthz → 200 {"status":"ok"}: the process accepts and answers
// requests. Public, non-blocking; the app adds it to the route table.
Route HealthRoute();

// GET /metrics → `metrics.Render()` as text/plain; version=0.0.4. Public
// and non-blocking by default; the app may set `access` on the returned
// route. `metrics` must outlive the route.
Route MetricsRoute(Metrics& metrics);

}  // namespace zxkh::http
