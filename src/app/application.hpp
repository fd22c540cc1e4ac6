// Wiring: the only place concrete objects are built. An Application owns the
// database pool, the services, the route table and the HTTP server; `zxkh
// serve` and the HTTP API tests both use it, so tests run the real thing.
#pragma once

#include <memory>
#include <vector>

#include "app/options.hpp"
#include "common/clock.hpp"
#include "common/keyring.hpp"
#include "http/route.hpp"
#include "store/db.hpp"

namespace zxkh::app {

class Application {
 public:
  // Opens and migrates the database, seeds product data (and the demo data
  // when options.demo and the database is empty), builds services, routes
  // and the server. Does not listen yet. `clock` must outlive the result.
  // `settable_clock` (tests only, `zxkh serve --fake-clock`): when given it
  // must be `clock`; the server then exposes POST /api/test/clock to set it,
  // shows it in /healthz and logs a warning. Never given in production.
  static Result<std::unique_ptr<Application>> Create(
      const Options& options, const Clock& clock,
      FakeClock* settable_clock = nullptr);
  ~Application();

  // Binds; returns the port (the kernel's choice for port 0).
  Result<unsigned short> Listen();
  // Serves until Shutdown() has drained the server.
  void Run();
  // Thread-safe; see http::Server::Shutdown.
  void Shutdown();

  store::Database& database();
  // The signing keys (current and retired) of the data directory.
  const Keyring& keys() const;
  const std::vector<http::Route>& routes() const;

 private:
  struct Parts;
  explicit Application(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

// Creates the data directory (mode 0700) if needed.
Status EnsureDataDir(const std::string& dir);

}  // namespace zxkh::app
