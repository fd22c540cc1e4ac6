// Serves the built browser UI (Vite's dist/ directory) for every GET/HEAD
// outside /api, with the SPA fallback that lets client routes such as
// /catalog load index.html.
#pragma once

#include <filesystem>
#include <string>

#include "http/request.hpp"

namespace zxkh::http {

// Immutable after construction; safe to share between threads. Files are
// read per request (the OS page cache keeps them hot), so a redeployed UI is
// picked up without a restart.
class StaticFiles {
 public:
  // `dir` is the web root. When it is empty, missing or lacks index.html the
  // UI counts as not built and "/" answers a short Chinese page saying so.
  explicit StaticFiles(const std::string& dir);

  // True when a built UI (index.html) was found.
  bool available() const { return available_; }

  // The answer for a GET or HEAD of `request.path` (percent-decoded, not
  // under /api): the file with its content type and cache policy; index.html
  // for extension-less unknown paths; 404 problem+json for a missing asset
  // and for any path that would resolve outside the root (".." or a
  // symlink); 304 when If-None-Match matches the file's ETag.
  Response Serve(const Request& request) const;

 private:
  Response ServeFile(const std::filesystem::path& file, bool immutable,
                     const Request& request) const;

  std::filesystem::path root_;  // canonical; empty when not available
  bool available_ = false;
};

}  // namespace zxkh::http
