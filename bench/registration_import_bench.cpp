// The bulk registration import (R-EXA-6, issue 5): 100,000 candidate rows in
// an .xlsx file through the full service path — read the sheet (streaming
// XlsxReader), validate every row in one pass (GB 11643 check character,
// birth date, age ≥ 16 on the exam date, phone, duplicates in the file, keyed
// BLAKE2b lookup hash), then one write transaction: one batched person
// lookup, XChaCha20-Poly1305 encryption and insert per new person, one
// prepared registration insert per row, one audit entry — into a fresh
// SQLite database. Goal: ≤ 2 s and ≤ 300 MB peak RSS on the 2-core machine.
//
//   registration_import_bench [--rows=N] [--keep=DIR]
//
// The workbook is generated (docs/xlsx_writer) in a child process, so the
// peak RSS printed (getrusage ru_maxrss of this process) is the import's
// own. Build it Release: cmake -S . -B build/rel -G Ninja
// -DCMAKE_BUILD_TYPE=Release && cmake --build build/rel --target
// registration_import_bench.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "common/clock.hpp"
#include "common/pii_cipher.hpp"
#include "common/validators.hpp"
#include "docs/xlsx_writer.hpp"
#include "service/registration_service.hpp"
#include "service/seed.hpp"
#include "store/db.hpp"
#include "store/migrate.hpp"

namespace {

using zxkh::Date;
using zxkh::Status;

std::string NthResidentId(int n) {
  const int serial = n % 1000;
  int rest = n / 1000;
  const int day = rest % 28 + 1;
  rest /= 28;
  const int month = rest % 12 + 1;
  rest /= 12;
  const int year = 1970 + rest % 30;
  char first17[32];
  std::snprintf(first17, sizeof first17, "370211%04d%02d%02d%03d", year, month,
                day, serial);
  return std::string(first17) + zxkh::ResidentIdCheckChar(first17);
}

bool Generate(const std::string& path, int rows) {
  static const char* kSurnames[] = {"王", "李", "张", "刘", "陈",
                                    "杨", "赵", "黄", "周", "吴"};
  static const char* kGiven[] = {"芳", "娜", "敏", "洋", "杰", "静",
                                 "磊", "婷", "强", "霞", "伟", "丽"};
  zxkh::docs::Sheet s;
  s.name = "报名名单";
  s.header = {"姓名", "证件类型", "证件号码", "出生日期", "手机号", "工作单位"};
  s.rows.reserve(rows);
  for (int i = 0; i < rows; ++i) {
    char phone[16];
    std::snprintf(phone, sizeof phone, "139%08d", i);
    s.rows.push_back({std::string(kSurnames[i % 10]) + kGiven[(i / 10) % 12] +
                          kGiven[(i / 120) % 12],
                      "居民身份证", NthResidentId(i), "", phone,
                      "青岛西海岸新区第" + std::to_string(i % 500) + "制造厂"});
  }
  auto bytes = zxkh::docs::WriteXlsx({s});
  if (!bytes.ok()) {
    std::cerr << bytes.status().ToString() << "\n";
    return false;
  }
  std::ofstream(path, std::ios::binary) << *bytes;
  return true;
}

Status Setup(zxkh::store::Database& db, const zxkh::Clock& clock) {
  ZXKH_RETURN_IF_ERROR(zxkh::store::Migrate(db).status());
  ZXKH_RETURN_IF_ERROR(zxkh::service::SeedProductData(db, clock));
  return db.Transact(
      zxkh::store::Database::Mode::kWrite, [](zxkh::store::Connection& c) {
        for (const char* sql : {
                 "INSERT INTO catalog_projects (code, name, category, status, "
                 "catalog_version, created_at, updated_at) VALUES ('ZX01001', "
                 "'中式面点制作', '食品制作', 'active', '2023版', 0, 0)",
                 "INSERT INTO institutions (id, code, name, credit_code, type, "
                 "district_code, status, created_at, updated_at) VALUES (1, "
                 "'Z370211P001', '青岛西海岸职业培训学校', "
                 "'52370211MJD000001X', 'training', '370211', 'active', 0, 0)",
                 "INSERT INTO users (id, username, display_name, "
                 "password_hash, role, institution_id, created_at, "
                 "updated_at) VALUES (1, 'inst', '机构', 'x', "
                 "'INSTITUTION_ADMIN', 1, 0, 0)",
                 "INSERT INTO annual_plans (id, institution_id, year, state, "
                 "created_at, updated_at) VALUES (1, 1, 2027, 'published', 0, "
                 "0)",
                 "INSERT INTO annual_plan_items (id, plan_id, project_code, "
                 "months, exam_date, expected_count, venue, contact_name, "
                 "contact_phone) VALUES (1, 1, 'ZX01001', '3', '2027-03-20', "
                 "100000, '实训楼', '王老师', '0532-86981234')",
             }) {
          ZXKH_RETURN_IF_ERROR(c.Exec(sql).status());
        }
        return Status::Ok();
      });
}

double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + u.ru_stime.tv_sec +
         u.ru_stime.tv_usec / 1e6;
}

double LoadAverage() {
  double load[1] = {0};
  return getloadavg(load, 1) == 1 ? load[0] : -1;
}

long PeakRssKb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  int rows = 100000;
  std::string keep;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.starts_with("--rows=")) rows = std::atoi(a.c_str() + 7);
    if (a.starts_with("--keep=")) keep = a.substr(7);
  }
  namespace fs = std::filesystem;
  const fs::path dir = keep.empty()
                           ? fs::temp_directory_path() /
                                 ("zxkh-reg-bench-" + std::to_string(getpid()))
                           : fs::path(keep);
  fs::create_directories(dir);
  const std::string xlsx = (dir / "registrations.xlsx").string();

  // Generate in a child so this process's peak RSS is the import's.
  const auto g0 = std::chrono::steady_clock::now();
  pid_t child = fork();
  if (child == 0) _exit(Generate(xlsx, rows) ? 0 : 1);
  int wstatus = 0;
  waitpid(child, &wstatus, 0);
  if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) {
    std::cerr << "generation failed\n";
    return 1;
  }
  const double gen_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - g0)
          .count();

  zxkh::FakeClock clock;
  clock.SetDate(*Date::FromYmd(2026, 11, 27));
  auto db =
      zxkh::store::Database::Open("sqlite:" + (dir / "zxkh.db").string(), 1);
  if (!db.ok()) {
    std::cerr << db.status().ToString() << "\n";
    return 1;
  }
  Status st = Setup(**db, clock);
  if (!st.ok()) {
    std::cerr << st.ToString() << "\n";
    return 1;
  }
  const zxkh::PiiCipher pii = zxkh::PiiCipher::ForTesting("bench");
  zxkh::service::RegistrationService svc(**db, clock, pii);
  zxkh::domain::Caller inst;
  inst.role = zxkh::domain::Role::kInstitutionAdmin;
  inst.user_id = 1;
  inst.institution_id = 1;
  inst.request_id = "bench";

  std::string bytes;
  {
    std::ifstream in(xlsx, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    bytes = ss.str();
  }
  const long rss_before = PeakRssKb();
  const double cpu0 = CpuSeconds();
  const auto t0 = std::chrono::steady_clock::now();
  std::string last_phase;
  auto progress = [&](std::string_view phase, int, int) {
    if (phase == last_phase && phase != "writing") return;
    last_phase = std::string(phase);
    std::printf(
        "  %-10s from %.3f s (CPU %.3f s)\n", last_phase.c_str(),
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
            .count(),
        CpuSeconds() - cpu0);
  };
  auto report = svc.Import(inst, 1, bytes, progress);
  const double import_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
          .count();
  const double import_cpu = CpuSeconds() - cpu0;
  if (!report.ok()) {
    std::cerr << report.status().ToString() << "\n";
    return 1;
  }
  std::printf(
      "registration import: %d rows (%.1f MB xlsx, generated in %.2f s)\n"
      "  imported %d, errors %zu\n"
      "  wall time %.3f s (%.0f rows/s), CPU time %.3f s (user + system; "
      "load average %.1f)\n"
      "  peak RSS %.1f MB (%.1f MB before the import)\n"
      "  goal: <= 2 s and <= 300 MB: %s\n",
      report->rows, bytes.size() / 1e6, gen_s, report->imported,
      report->errors.size(), import_s, report->rows / import_s, import_cpu,
      LoadAverage(), PeakRssKb() / 1024.0, rss_before / 1024.0,
      import_s <= 2.0 && PeakRssKb() <= 300 * 1024 ? "met" : "NOT met");
  if (keep.empty()) fs::remove_all(dir);
  return report->imported == rows ? 0 : 1;
}
