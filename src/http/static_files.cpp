#include "http/static_files.hpp"

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string_view>
#include <system_error>

namespace zxkh::http {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kNotBuiltPage =
    "<!doctype html>\n"
    "<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
    "<title>专项考核管理系统</title></head>\n"
    "<body><h1>网页界面尚未构建</h1>\n"
    "<p>服务器正在运行，接口位于 <code>/api/</code>。"
    "请先构建网页界面（web/ 目录下执行 <code>npm run build</code>），"
    "再以 <code>--web</code> 参数指定构建输出目录后重新启动。</p>\n"
    "</body></html>\n";

std::string_view ContentTypeFor(std::string_view ext) {
  struct Entry {
    std::string_view ext;
    std::string_view type;
  };
  static constexpr Entry kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".json", "application/json; charset=utf-8"},
      {".map", "application/json; charset=utf-8"},
      {".txt", "text/plain; charset=utf-8"},
  };
  for (const Entry& e : kTypes) {
    if (e.ext == ext) return e.type;
  }
  return "application/octet-stream";
}

Response NotFound() {
  return Response::Problem(
      Status::NotFound("http.not_found", "请求的资源不存在"));
}

// Inside `root` (both canonical), compared by path components so that
// "/srv/web-old" is not taken to be inside "/srv/web".
bool IsWithin(const fs::path& root, const fs::path& p) {
  auto r = root.begin();
  auto q = p.begin();
  for (; r != root.end(); ++r, ++q) {
    if (q == p.end() || *r != *q) return false;
  }
  return true;
}

}  // namespace

StaticFiles::StaticFiles(const std::string& dir) {
  if (dir.empty()) return;
  std::error_code ec;
  fs::path root = fs::canonical(dir, ec);
  if (ec || !fs::is_regular_file(root / "index.html", ec)) return;
  root_ = std::move(root);
  available_ = true;
}

Response StaticFiles::Serve(const Request& request) const {
  const std::string_view path = request.path;
  if (!available_) {
    if (path == "/" || path == "/index.html") {
      Response r = Response::Text(std::string(kNotBuiltPage),
                                  "text/html; charset=utf-8");
      r.headers.emplace_back("Cache-Control", "no-cache");
      return r;
    }
    return NotFound();
  }

  // Refuse instead of normalizing: a client that sends ".." or a NUL is
  // probing, and canonical() below would otherwise hide the attempt.
  if (path.empty() || path.front() != '/' ||
      path.find('\0') != std::string_view::npos) {
    return NotFound();
  }
  std::string_view rest = path.substr(1);
  std::string_view last;
  while (true) {
    const std::size_t slash = rest.find('/');
    const std::string_view seg = rest.substr(0, slash);
    if (seg == "..") return NotFound();
    last = seg;
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }

  const bool is_asset = path.starts_with("/assets/");
  std::error_code ec;
  const fs::path real = fs::canonical(root_ / fs::path(path.substr(1)), ec);
  if (!ec) {
    // canonical() resolved every symlink, so this also catches a link that
    // points out of the web root.
    if (!IsWithin(root_, real)) return NotFound();
    if (fs::is_regular_file(real, ec)) {
      return ServeFile(real, is_asset, request);
    }
  }
  // Missing: an asset or anything that looks like a file is really missing
  // (returning HTML for a .js would only confuse the browser); everything
  // else is a client-side route of the SPA.
  if (is_asset || last.find('.') != std::string_view::npos) return NotFound();
  const fs::path index = fs::canonical(root_ / "index.html", ec);
  if (ec || !IsWithin(root_, index)) return NotFound();
  return ServeFile(index, false, request);
}

Response StaticFiles::ServeFile(const fs::path& file, bool immutable,
                                const Request& request) const {
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  const auto mtime = fs::last_write_time(file, ec);
  if (ec) return NotFound();
  char etag[64];
  std::snprintf(
      etag, sizeof etag, "W/\"%llx-%llx\"",
      static_cast<unsigned long long>(size),
      static_cast<unsigned long long>(mtime.time_since_epoch().count()));

  Response r;
  r.content_type = std::string(ContentTypeFor(file.extension().native()));
  r.headers.emplace_back(
      "Cache-Control",
      immutable ? "public, max-age=31536000, immutable" : "no-cache");
  r.headers.emplace_back("ETag", etag);
  if (request.Header("if-none-match") == etag) {
    r.status = 304;
    return r;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return NotFound();
  r.body.resize(size);
  in.read(r.body.data(), static_cast<std::streamsize>(size));
  r.body.resize(static_cast<std::size_t>(in.gcount()));
  return r;
}

}  // namespace zxkh::http
