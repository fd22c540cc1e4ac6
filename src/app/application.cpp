#include "app/application.hpp"

#include <sodium.h>
#include <sys/stat.h>

#include <boost/json/serialize.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "common/log.hpp"
#include "http/handlers/handlers.hpp"
#include "http/metrics.hpp"
#include "http/openapi.hpp"
#include "http/server.hpp"
#include "service/calendar_service.hpp"
#include "service/catalog_service.hpp"
#include "service/region_service.hpp"
#include "service/seed.hpp"
#include "store/migrate.hpp"

namespace zxkh::app {

namespace fs = std::filesystem;

struct Application::Parts {
  std::unique_ptr<store::Database> db;
  std::unique_ptr<service::CatalogService> catalog;
  std::unique_ptr<service::CalendarService> calendar;
  std::unique_ptr<service::RegionService> regions;
  http::Metrics metrics;
  std::vector<http::Route> routes;
  std::unique_ptr<http::Router> router;
  std::unique_ptr<http::Server> server;
  std::string admin_token;
  std::string port_file;
};

Status EnsureDataDir(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    return Status::Unavailable("app.data_dir",
                               "无法创建数据目录 " + dir + "：" + ec.message());
  }
  fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  return Status::Ok();
}

Result<std::string> ResolveAdminToken(const Options& options) {
  if (!options.admin_token.empty()) return options.admin_token;
  if (const char* env = std::getenv("ZXKH_ADMIN_TOKEN"); env && *env) {
    return std::string(env);
  }
  const fs::path path = fs::path(options.data_dir) / "admin-token";
  if (std::ifstream in(path); in) {
    std::string token;
    std::getline(in, token);
    if (!token.empty()) return token;
  }
  unsigned char raw[24];
  randombytes_buf(raw, sizeof raw);
  char hex[sizeof raw * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
  const mode_t old = umask(077);
  std::ofstream out(path, std::ios::trunc);
  out << hex << "\n";
  out.close();
  umask(old);
  if (!out) {
    return Status::Unavailable("app.admin_token",
                               "无法写入管理员令牌文件 " + path.string());
  }
  return std::string(hex);
}

Application::Application(std::unique_ptr<Parts> parts)
    : parts_(std::move(parts)) {}
Application::~Application() = default;

Result<std::unique_ptr<Application>> Application::Create(const Options& options,
                                                         const Clock& clock) {
  if (sodium_init() < 0) {
    return Status::Internal("app.sodium", "libsodium initialisation failed");
  }
  ZXKH_RETURN_IF_ERROR(EnsureDataDir(options.data_dir));
  auto parts = std::make_unique<Parts>();
  parts->port_file = options.port_file;
  ZXKH_ASSIGN_OR_RETURN(parts->admin_token, ResolveAdminToken(options));

  const int workers =
      options.worker_threads > 0
          ? options.worker_threads
          : std::max(4,
                     2 * static_cast<int>(std::thread::hardware_concurrency()));
  ZXKH_ASSIGN_OR_RETURN(parts->db,
                        store::Database::Open(options.DatabaseUrl(), workers));
  ZXKH_ASSIGN_OR_RETURN(int version, store::Migrate(*parts->db));
  ZXKH_RETURN_IF_ERROR(service::SeedProductData(*parts->db, clock));
  bool demo_loaded = false;
  if (options.demo) {
    ZXKH_ASSIGN_OR_RETURN(demo_loaded,
                          service::SeedDemoData(*parts->db, clock));
  }
  LogInfo("startup",
          {{"schema_version", version},
           {"database", parts->db->backend() == store::Backend::kSqlite
                            ? "sqlite"
                            : "postgresql"},
           {"demo_loaded", demo_loaded}});

  parts->catalog = std::make_unique<service::CatalogService>(*parts->db, clock);
  parts->calendar =
      std::make_unique<service::CalendarService>(*parts->db, clock);
  parts->regions = std::make_unique<service::RegionService>(*parts->db);

  store::Database* db = parts->db.get();
  parts->metrics.AddGauge("zxkh_store_pool_in_use",
                          "Database connections currently handed out",
                          [db] { return static_cast<double>(db->in_use()); });
  parts->metrics.AddGauge(
      "zxkh_store_pool_size", "Database connection pool capacity",
      [db] { return static_cast<double>(db->pool_size()); });

  auto& routes = parts->routes;
  routes.push_back(http::HealthRoute());
  routes.push_back(http::MetricsRoute(parts->metrics));
  for (auto&& group : {http::CatalogRoutes(*parts->catalog),
                       http::CalendarRoutes(*parts->calendar),
                       http::RegionRoutes(*parts->regions)}) {
    routes.insert(routes.end(), group.begin(), group.end());
  }
  // The OpenAPI document describes the table it belongs to, itself included.
  auto openapi = std::make_shared<std::string>();
  routes.push_back(http::Route{.method = http::Verb::get,
                               .pattern = "/api/openapi.json",
                               .access = http::Access::kPublic,
                               .tag = "system",
                               .summary = "本接口文档（OpenAPI 3）",
                               .blocking = false,
                               .handler = [openapi](const http::Request&) {
                                 return http::Response::Text(
                                     *openapi,
                                     "application/json; charset=utf-8");
                               }});
  *openapi = boost::json::serialize(http::BuildOpenApi(routes, ZXKH_VERSION));
  parts->router = std::make_unique<http::Router>(routes);

  http::ServerOptions so;
  so.address = options.address;
  so.port = static_cast<unsigned short>(options.port);
  so.io_threads = options.io_threads;
  so.worker_threads = workers;
  so.admin_token = parts->admin_token;
  so.web_dir = options.web_dir;
  parts->server =
      std::make_unique<http::Server>(so, *parts->router, parts->metrics);
  return std::unique_ptr<Application>(new Application(std::move(parts)));
}

Result<unsigned short> Application::Listen() {
  ZXKH_ASSIGN_OR_RETURN(unsigned short port, parts_->server->Listen());
  if (!parts_->port_file.empty()) {
    // Written atomically so a waiting test never reads a partial number.
    const std::string tmp = parts_->port_file + ".tmp";
    std::ofstream(tmp) << port << "\n";
    std::error_code ec;
    fs::rename(tmp, parts_->port_file, ec);
  }
  return port;
}

void Application::Run() { parts_->server->Run(); }
void Application::Shutdown() { parts_->server->Shutdown(); }
store::Database& Application::database() { return *parts_->db; }
const std::vector<http::Route>& Application::routes() const {
  return parts_->routes;
}
const std::string& Application::admin_token() const {
  return parts_->admin_token;
}

}  // namespace zxkh::app
