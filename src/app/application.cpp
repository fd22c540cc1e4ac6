#include "app/application.hpp"

#include <sodium.h>
#include <sys/stat.h>

#include <boost/json/serialize.hpp>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "app/verify_audit.hpp"
#include "common/crypto.hpp"
#include "common/keyring.hpp"
#include "common/log.hpp"
#include "http/handlers/handlers.hpp"
#include "http/handlers/test_clock.hpp"
#include "http/metrics.hpp"
#include "http/openapi.hpp"
#include "http/server.hpp"
#include "service/account_service.hpp"
#include "service/annual_plan_service.hpp"
#include "service/audit_service.hpp"
#include "service/auth_service.hpp"
#include "service/batch_service.hpp"
#include "service/calendar_service.hpp"
#include "service/catalog_service.hpp"
#include "service/certificate_service.hpp"
#include "service/exam_day_service.hpp"
#include "service/notification_service.hpp"
#include "service/question_bank_service.hpp"
#include "service/recruitment_service.hpp"
#include "service/region_service.hpp"
#include "service/registration_service.hpp"
#include "service/scoring_service.hpp"
#include "service/seed.hpp"
#include "service/staff_service.hpp"
#include "store/file_store.hpp"
#include "store/migrate.hpp"

namespace zxkh::app {

namespace fs = std::filesystem;

struct Application::Parts {
  std::unique_ptr<store::Database> db;
  std::unique_ptr<service::CatalogService> catalog;
  std::unique_ptr<service::CalendarService> calendar;
  std::unique_ptr<service::RegionService> regions;
  std::unique_ptr<PiiCipher> pii;
  std::unique_ptr<store::FileStore> files;
  std::unique_ptr<service::AuthService> auth;
  std::unique_ptr<service::AccountService> accounts;
  std::unique_ptr<Keyring> keys;
  std::unique_ptr<service::AuditService> audit;
  std::unique_ptr<service::CertificateService> certificates;
  std::unique_ptr<service::RecruitmentService> recruitment;
  std::unique_ptr<service::NotificationService> notifications;
  std::unique_ptr<service::AnnualPlanService> plans;
  // Question banks (issue 5).
  std::unique_ptr<service::QuestionBankService> banks;
  std::unique_ptr<service::StaffService> staff;
  // Registration (issue 5): owns the background import jobs.
  std::unique_ptr<service::RegistrationService> registrations;
  std::unique_ptr<service::BatchService> batches;
  std::unique_ptr<service::ExamDayService> exam_day;
  std::unique_ptr<service::ScoringService> scoring;
  // Signs audit checkpoints every few seconds (issue 3: at the latest every
  // 1,000 entries or every minute); stopped by Shutdown.
  std::thread checkpointer;
  std::mutex checkpointer_mu;
  std::condition_variable checkpointer_cv;
  bool stopping = false;
  http::Metrics metrics;
  std::vector<http::Route> routes;
  std::unique_ptr<http::Router> router;
  std::unique_ptr<http::Server> server;
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

Application::Application(std::unique_ptr<Parts> parts)
    : parts_(std::move(parts)) {}
Application::~Application() = default;

Result<std::unique_ptr<Application>> Application::Create(
    const Options& options, const Clock& clock, FakeClock* settable_clock) {
  if (settable_clock != nullptr && settable_clock != &clock) {
    return Status::Internal("app.fake_clock",
                            "settable_clock must be the application's clock");
  }
  if (settable_clock != nullptr) {
    // Loud on purpose: a server whose time anyone can move must never be
    // mistaken for a production one.
    LogJson({{"level", "warn"},
             {"event", "fake_clock"},
             {"message",
              "测试时钟模式（--fake-clock）：服务器时间可被 POST "
              "/api/test/clock 任意修改，仅供自动化测试，严禁用于生产"},
             {"now", settable_clock->NowIso()}});
  }
  if (sodium_init() < 0) {
    return Status::Internal("app.sodium", "libsodium initialisation failed");
  }
  ZXKH_RETURN_IF_ERROR(EnsureDataDir(options.data_dir));
  auto parts = std::make_unique<Parts>();
  parts->port_file = options.port_file;
  ZXKH_ASSIGN_OR_RETURN(PiiCipher pii,
                        PiiCipher::LoadOrCreate(options.data_dir + "/pii.key"));
  parts->pii = std::make_unique<PiiCipher>(std::move(pii));
  parts->files =
      std::make_unique<store::FileStore>(options.data_dir + "/files");

  const int workers =
      options.worker_threads > 0
          ? options.worker_threads
          : std::max(4,
                     2 * static_cast<int>(std::thread::hardware_concurrency()));
  ZXKH_ASSIGN_OR_RETURN(parts->db,
                        store::Database::Open(options.DatabaseUrl(), workers));
  ZXKH_ASSIGN_OR_RETURN(int version, store::Migrate(*parts->db));
  ZXKH_RETURN_IF_ERROR(service::SeedProductData(*parts->db, clock));
  ZXKH_ASSIGN_OR_RETURN(Keyring keys, Keyring::LoadOrCreate(options.data_dir));
  parts->keys = std::make_unique<Keyring>(std::move(keys));
  bool demo_loaded = false;
  if (options.demo) {
    ZXKH_ASSIGN_OR_RETURN(
        demo_loaded,
        service::SeedDemoData(*parts->db, clock, *parts->pii, *parts->files,
                              parts->keys->current()));
  }
  LogInfo("startup",
          {{"schema_version", version},
           {"database", parts->db->backend() == store::Backend::kSqlite
                            ? "sqlite"
                            : "postgresql"},
           {"demo_loaded", demo_loaded}});

  parts->catalog = std::make_unique<service::CatalogService>(*parts->db, clock,
                                                             *parts->files);
  parts->calendar =
      std::make_unique<service::CalendarService>(*parts->db, clock);
  parts->regions = std::make_unique<service::RegionService>(*parts->db);
  parts->auth =
      std::make_unique<service::AuthService>(*parts->db, clock, *parts->pii);
  parts->accounts =
      std::make_unique<service::AccountService>(*parts->db, clock);
  parts->audit = std::make_unique<service::AuditService>(
      *parts->db, clock, *parts->keys->current());
  parts->certificates = std::make_unique<service::CertificateService>(
      *parts->db, clock, *parts->keys, *parts->pii);

  parts->recruitment = std::make_unique<service::RecruitmentService>(
      *parts->db, clock, *parts->calendar, *parts->files,
      service::RecruitmentOptions{.public_base_url = options.PublicBaseUrl()});
  parts->notifications =
      std::make_unique<service::NotificationService>(*parts->db, clock);
  parts->plans = std::make_unique<service::AnnualPlanService>(*parts->db, clock,
                                                              *parts->files);
  // Question banks (issue 5).
  parts->banks = std::make_unique<service::QuestionBankService>(
      *parts->db, clock, *parts->files);
  parts->staff =
      std::make_unique<service::StaffService>(*parts->db, clock, *parts->pii);
  parts->registrations = std::make_unique<service::RegistrationService>(
      *parts->db, clock, *parts->pii);
  // Batch plans (issue 6 point 2).
  parts->batches = std::make_unique<service::BatchService>(
      *parts->db, clock, *parts->calendar, *parts->staff);
  // Exam day (issue 6 point 3).
  parts->exam_day = std::make_unique<service::ExamDayService>(
      *parts->db, clock, *parts->pii, *parts->files);
  // Scoring and results (issue 6 points 4 and 5).
  parts->scoring = std::make_unique<service::ScoringService>(*parts->db, clock,
                                                             *parts->calendar);

  store::Database* db = parts->db.get();
  parts->metrics.AddGauge("zxkh_store_pool_in_use",
                          "Database connections currently handed out",
                          [db] { return static_cast<double>(db->in_use()); });
  parts->metrics.AddGauge(
      "zxkh_store_pool_size", "Database connection pool capacity",
      [db] { return static_cast<double>(db->pool_size()); });

  auto& routes = parts->routes;
  routes.push_back(settable_clock != nullptr
                       ? http::FakeClockHealthRoute(*settable_clock)
                       : http::HealthRoute());
  if (settable_clock != nullptr) {
    routes.push_back(http::TestClockRoute(*settable_clock));
  }
  routes.push_back(http::MetricsRoute(parts->metrics));
  auto add = [&routes](std::vector<http::Route> group) {
    std::move(group.begin(), group.end(), std::back_inserter(routes));
  };
  add(http::CatalogRoutes(*parts->catalog));
  add(http::CalendarRoutes(*parts->calendar));
  add(http::RegionRoutes(*parts->regions));
  add(http::AuthRoutes(*parts->auth));
  add(http::AccountRoutes(*parts->accounts));
  add(http::AuditRoutes(*parts->audit, *parts->keys));
  add(http::CertificateRoutes(*parts->certificates, *parts->audit,
                              options.PublicBaseUrl()));
  add(http::RecruitmentRoutes(*parts->recruitment));
  add(http::NotificationRoutes(*parts->notifications));
  add(http::AnnualPlanRoutes(*parts->plans));
  // Question banks (issue 5).
  add(http::QuestionBankRoutes(*parts->banks));
  add(http::StaffRoutes(*parts->staff));
  add(http::RegistrationRoutes(*parts->registrations));
  add(http::BatchRoutes(*parts->batches));
  add(http::ExamDayRoutes(*parts->exam_day));
  add(http::ScoringRoutes(*parts->scoring));
  // The OpenAPI document describes the table it belongs to, itself included.
  auto openapi = std::make_shared<std::string>();
  routes.push_back(http::Route{.method = http::Verb::get,
                               .pattern = "/api/openapi.json",
                               .policy = http::Policy::Public(),
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
  service::AuthService* auth = parts->auth.get();
  so.authenticate =
      [auth](std::string_view token,
             const std::string& request_id) -> Result<http::SessionCaller> {
    ZXKH_ASSIGN_OR_RETURN(service::Authenticated a,
                          auth->Authenticate(token, request_id));
    return http::SessionCaller{std::move(a.caller), std::move(a.csrf_token),
                               a.account.account.must_change_password};
  };
  so.web_dir = options.web_dir;
  so.rate_limits = options.rate_limits;
  so.trusted_proxies = options.trusted_proxies;
  // Uploads are spooled next to the file store, so storing is a rename.
  so.upload_dir = options.data_dir + "/tmp";
  std::filesystem::create_directories(so.upload_dir);
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

void Application::Run() {
  Parts* p = parts_.get();
  p->checkpointer = std::thread([p] {
    std::unique_lock lock(p->checkpointer_mu);
    while (!p->checkpointer_cv.wait_for(lock, std::chrono::seconds(5),
                                        [p] { return p->stopping; })) {
      lock.unlock();
      if (auto cp = p->audit->MaybeCheckpoint(); !cp.ok()) {
        LogError("audit.checkpoint_failed",
                 {{"error", cp.status().ToString()}});
      }
      lock.lock();
    }
  });
  p->server->Run();
  {
    std::lock_guard lock(p->checkpointer_mu);
    p->stopping = true;
  }
  p->checkpointer_cv.notify_all();
  p->checkpointer.join();
  // Whatever was logged since the last checkpoint is signed before exit.
  if (auto cp = p->audit->MaybeCheckpoint(/*force=*/true); !cp.ok()) {
    LogError("audit.checkpoint_failed", {{"error", cp.status().ToString()}});
  }
}

void Application::Shutdown() { parts_->server->Shutdown(); }
store::Database& Application::database() { return *parts_->db; }
const Keyring& Application::keys() const { return *parts_->keys; }
const std::vector<http::Route>& Application::routes() const {
  return parts_->routes;
}

}  // namespace zxkh::app
