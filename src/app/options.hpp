// Options shared by the commands, from flags.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.hpp"

namespace zxkh::app {

struct Options {
  std::string address = "0.0.0.0";
  int port = 8080;
  std::string data_dir = "./var";
  std::string db_url;  // default: sqlite:<data_dir>/zxkh.db
  bool demo = false;
  std::string web_dir;      // default: <source>/web/dist when it exists
  std::string port_file;    // written with the bound port once listening
  std::string role;         // user create
  std::string name;         // user create: display name
  bool rate_limits = true;  // --rate-limits on|off
  std::vector<std::string> trusted_proxies;  // --trusted-proxy A[,B…]
  // The address the public reaches this service at, printed in QR codes
  // (certificates, receipts); default http://localhost:<port>.
  std::string public_base_url;
  std::string keys_file;    // verify-cert: the published keys (JSON)
  std::string status_file;  // verify-cert: a signed status list (JSON)
  std::string proof_file;   // verify-cert: a transparency proof (JSON)
  // --fake-clock ISO-8601 instant (tests only): the server runs on a
  // FakeClock starting there and exposes POST /api/test/clock.
  std::optional<int64_t> fake_clock_millis;
  int io_threads = 0;
  int worker_threads = 0;
  std::vector<std::string> positional;

  std::string DatabaseUrl() const {
    return db_url.empty() ? "sqlite:" + data_dir + "/zxkh.db" : db_url;
  }
  std::string PublicBaseUrl() const {
    return public_base_url.empty()
               ? "http://localhost:" + std::to_string(port > 0 ? port : 8080)
               : public_base_url;
  }
};

// Parses "--name value" / "--name=value" flags; other words are positional.
// InvalidArgument naming the flag on an unknown flag or a bad value.
Result<Options> ParseOptions(const std::vector<std::string>& args);

}  // namespace zxkh::app
