#include "app/cli.hpp"

#include <signal.h>

#include <charconv>
#include <filesystem>
#include <iostream>
#include <memory>
#include <thread>

#include "app/application.hpp"
#include "app/options.hpp"
#include "app/verify_audit.hpp"
#include "app/verify_cert.hpp"
#include "common/calendar.hpp"
#include "common/crypto.hpp"
#include "common/embedded_data.hpp"
#include "common/keyring.hpp"
#include "common/log.hpp"
#include "common/pii_cipher.hpp"
#include "domain/role.hpp"
#include "service/auth_service.hpp"
#include "service/calendar_service.hpp"
#include "service/demo_data.hpp"
#include "service/seed.hpp"
#include "store/migrate.hpp"

namespace zxkh::app {
namespace {

constexpr std::string_view kUsage = R"(用法: zxkh <命令> [参数]

命令:
  serve [--port 8080] [--data ./var] [--db URL] [--demo] [--web DIR]
        [--address 0.0.0.0] [--port-file FILE]
        [--fake-clock 2026-12-01T08:00:00+08:00]
                              启动服务（首次启动自动建库、迁移）；
                              --fake-clock 仅供自动化测试，须与 --demo 同用：
                              服务器时间从该时刻起由 POST /api/test/clock
                              控制，严禁用于生产
  migrate [--data DIR] [--db URL]
                              执行数据库迁移并打印结构版本
  seed-demo [--data DIR] [--db URL]
                              向空数据库载入演示数据
  user create USERNAME [--role CITY|PROVINCE] [--name 名称] [--data DIR] [--db URL]
                              创建首个市级（或省级）管理员；密码从标准输入读取，
                              首次登录须修改
  verify-audit [--data DIR] [--db URL]
                              校验操作日志哈希链与签名检查点，指出第一条被篡改的记录
  demo-accounts               列出演示账号（--demo 模式载入）
  verify-cert FILE.pdf|TOKEN --keys KEYS.json [--status STATUS.json] [--proof PROOF.json]
                              离线核验电子证书：签名（已发布公钥）、状态（已签名
                              的状态列表，过期或缺失即“无法确定”）与 PDF 文字
  keys list [--data DIR]      列出已发布的签名公钥（当前与已停用）
  keys rotate [--data DIR]    轮换签名密钥：旧公钥保留发布，新证书与检查点
                              使用新密钥；轮换后须重启服务
  calendar add DATE N [--data DIR | --db URL]
                              打印自 DATE 起第 N 个工作日（DATE 为工作日时计入）
  calendar before DATE N [--data DIR | --db URL]
                              打印 DATE 之前第 N 个工作日（最晚提交日期）

--db 取值: sqlite:PATH（默认 sqlite:<data>/zxkh.db）或 postgresql://…
)";

int Fail(const Status& st) {
  std::cerr << "错误：" << st.message() << " (" << st.code() << ")\n";
  return 1;
}

int Usage() {
  std::cerr << kUsage;
  return 2;
}

// Blocks SIGTERM/SIGINT in every thread and returns a thread that calls
// `on_signal` when one arrives, so the server drains instead of dying.
std::thread StartSignalWaiter(std::function<void()> on_signal) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return std::thread([set, on_signal = std::move(on_signal)] {
    int sig = 0;
    sigwait(&set, &sig);
    if (sig == 0) return;
    LogInfo("shutdown", {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
    on_signal();
  });
}

int Serve(const Options& options) {
  SystemClock system_clock;
  // --fake-clock (tests only): the server's time is a FakeClock that
  // POST /api/test/clock moves; see Application::Create.
  std::unique_ptr<FakeClock> fake_clock;
  if (options.fake_clock_millis) {
    fake_clock = std::make_unique<FakeClock>(*options.fake_clock_millis);
  }
  const Clock& clock = fake_clock ? static_cast<const Clock&>(*fake_clock)
                                  : static_cast<const Clock&>(system_clock);
  // Signals are blocked before any thread starts so that none of them
  // receives SIGTERM by default delivery.
  std::unique_ptr<Application> app;
  std::thread waiter = StartSignalWaiter([&app] {
    if (app) app->Shutdown();
  });
  auto created = Application::Create(options, clock, fake_clock.get());
  if (!created.ok()) {
    pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
    return Fail(created.status());
  }
  app = std::move(created).value();
  auto port = app->Listen();
  if (!port.ok()) {
    pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
    return Fail(port.status());
  }
  LogInfo("listening", {{"port", *port},
                        {"url", "http://localhost:" + std::to_string(*port)}});
  app->Run();
  waiter.detach();  // it may still be waiting when Shutdown came from elsewhere
  LogInfo("stopped", {});
  return 0;
}

// `zxkh user create USERNAME`: the first administrator of a production
// install, which starts with no account at all.
int UserCreate(const Options& options) {
  const auto& p = options.positional;
  if (p.size() != 3 || p[1] != "create") return Usage();
  const auto role =
      domain::ParseRole(options.role.empty() ? "CITY" : options.role);
  if (!role)
    return Fail(
        Status::InvalidArgument("cli.flag", "未知角色：" + options.role));
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  if (auto st = EnsureDataDir(options.data_dir); !st.ok()) return Fail(st);
  auto db = store::Database::Open(options.DatabaseUrl(), 1);
  if (!db.ok()) return Fail(db.status());
  if (auto v = store::Migrate(**db); !v.ok()) return Fail(v.status());
  SystemClock clock;
  if (auto st = service::SeedProductData(**db, clock); !st.ok())
    return Fail(st);
  auto pii = PiiCipher::LoadOrCreate(options.data_dir + "/pii.key");
  if (!pii.ok()) return Fail(pii.status());
  service::AuthService auth(**db, clock, *pii);
  auto id = auth.CreateBootstrapAdmin(p[2], options.name, password, *role);
  if (!id.ok()) return Fail(id.status());
  std::cout << "已创建账号 " << p[2] << "（" << domain::RoleTitle(*role)
            << "，ID " << *id << "），首次登录须修改密码\n";
  return 0;
}

int Migrate(const Options& options) {
  if (auto st = EnsureDataDir(options.data_dir); !st.ok()) return Fail(st);
  auto db = store::Database::Open(options.DatabaseUrl(), 1);
  if (!db.ok()) return Fail(db.status());
  auto version = store::Migrate(**db);
  if (!version.ok()) return Fail(version.status());
  SystemClock clock;
  if (auto st = service::SeedProductData(**db, clock); !st.ok())
    return Fail(st);
  std::cout << "schema version " << *version << "\n";
  return 0;
}

int SeedDemo(const Options& options) {
  if (auto st = EnsureDataDir(options.data_dir); !st.ok()) return Fail(st);
  auto db = store::Database::Open(options.DatabaseUrl(), 1);
  if (!db.ok()) return Fail(db.status());
  if (auto v = store::Migrate(**db); !v.ok()) return Fail(v.status());
  SystemClock clock;
  if (auto st = service::SeedProductData(**db, clock); !st.ok())
    return Fail(st);
  auto pii = PiiCipher::LoadOrCreate(options.data_dir + "/pii.key");
  if (!pii.ok()) return Fail(pii.status());
  store::FileStore files(options.data_dir + "/files");
  auto loaded = service::SeedDemoData(**db, clock, *pii, files);
  if (!loaded.ok()) return Fail(loaded.status());
  std::cout << (*loaded ? "演示数据已载入\n" : "数据库非空，未载入演示数据\n");
  return 0;
}

// The calendar the CLI answers from: the database's when --db or --data was
// given (it holds the city's corrections), else the official one compiled in.
Result<WorkdayCalendar> CliCalendar(const Options& options, bool use_database) {
  if (!use_database) {
    return WorkdayCalendar::FromCsv(
        *EmbeddedDataFile("cn-workday-calendar.csv"));
  }
  ZXKH_ASSIGN_OR_RETURN(auto db,
                        store::Database::Open(options.DatabaseUrl(), 1));
  ZXKH_RETURN_IF_ERROR(store::Migrate(*db).status());
  SystemClock clock;
  ZXKH_RETURN_IF_ERROR(service::SeedProductData(*db, clock));
  service::CalendarService service(*db, clock);
  ZXKH_ASSIGN_OR_RETURN(auto current, service.Current());
  return *current;
}

// `zxkh keys list|rotate`: the signing keys in the data directory.
int Keys(const Options& options) {
  const auto& p = options.positional;
  if (p.size() != 2 || (p[1] != "list" && p[1] != "rotate")) return Usage();
  if (p[1] == "rotate") {
    SystemClock clock;
    auto id = Keyring::Rotate(options.data_dir, clock.Today().ToString());
    if (!id.ok()) return Fail(id.status());
    std::cout << "已轮换签名密钥，新密钥 " << *id
              << "；旧公钥已保留发布。请重启服务使新密钥生效。\n";
    return 0;
  }
  auto ring = Keyring::LoadForVerification(options.data_dir);
  if (!ring.ok()) return Fail(ring.status());
  for (const PublishedKey& k : ring->keys()) {
    std::cout << k.key_id << "  " << (k.current ? "当前" : "已停用") << "  "
              << Base64Encode(k.public_key) << "\n";
  }
  return 0;
}

int Calendar(const Options& options, bool use_database) {
  const auto& p = options.positional;
  if (p.size() != 4 || (p[1] != "add" && p[1] != "before")) return Usage();
  auto date = Date::Parse(p[2]);
  if (!date.ok()) return Fail(date.status());
  int n = 0;
  auto [ptr, ec] = std::from_chars(p[3].data(), p[3].data() + p[3].size(), n);
  if (ec != std::errc() || ptr != p[3].data() + p[3].size() || n < 1 ||
      n > 3660) {
    return Fail(Status::InvalidArgument(
        "calendar.n_invalid", "N 应为 1 至 3660 之间的整数：" + p[3]));
  }
  auto calendar = CliCalendar(options, use_database);
  if (!calendar.ok()) return Fail(calendar.status());
  auto result = p[1] == "add" ? calendar->AddWorkingDays(*date, n)
                              : calendar->WorkingDaysBefore(*date, n);
  if (!result.ok()) return Fail(result.status());
  std::cout << result->ToString() << "\n";
  return 0;
}

}  // namespace

int RunCli(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "help" || args[0] == "--help") return Usage();
  auto options = ParseOptions(args);
  if (!options.ok()) return Fail(options.status());
  const std::string& command = args[0];
  if (command == "serve") {
    if (options->web_dir.empty()) {
      // Running from a build tree: serve the web UI built next to it.
      const std::string built = std::string(ZXKH_SOURCE_DIR) + "/web/dist";
      if (std::filesystem::exists(built + "/index.html"))
        options->web_dir = built;
    }
    return Serve(*options);
  }
  if (command == "migrate") return Migrate(*options);
  if (command == "seed-demo") return SeedDemo(*options);
  if (command == "user") return UserCreate(*options);
  if (command == "verify-audit") return RunVerifyAudit(*options);
  if (command == "keys") return Keys(*options);
  if (command == "verify-cert") return RunVerifyCert(*options);
  if (command == "demo-accounts") {
    std::cout << "演示账号（仅 --demo 模式；密码均为 " << service::kDemoPassword
              << "）：\n";
    for (const auto& a : service::DemoAccounts()) {
      std::cout << "  " << a.username
                << std::string(
                       a.username.size() < 22 ? 22 - a.username.size() : 1, ' ')
                << a.role_title << "  " << a.description << "\n";
    }
    return 0;
  }
  if (command == "calendar") {
    bool explicit_db = false;
    for (const auto& a : args) {
      explicit_db =
          explicit_db || a.starts_with("--db") || a.starts_with("--data");
    }
    return Calendar(*options, explicit_db);
  }
  std::cerr << "未知命令：" << command << "\n\n";
  return Usage();
}

}  // namespace zxkh::app
