// Seeds a data directory with N generated certificates for the verification
// load test (bench/verify_bench.sh, issue 7): the demo data, then N rows in
// `certificates` spread over the four demo institutions and the years
// 2024–2026, each with a real number (CODES.md, check character) and a
// generated holder name; and a file of random (number, URL-encoded name)
// pairs for wrk to ask for.
//
//   certificate_verify_bench --data DIR --rows N --pairs FILE [--sample K]
//
// Signatures are one fixed placeholder: the verification route reads the
// stored row and never re-checks the signature, and signing 10 million
// records would take minutes without changing what is measured.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <random>
#include <string>

#include "common/clock.hpp"
#include "common/codes.hpp"
#include "common/pii_cipher.hpp"
#include "service/seed.hpp"
#include "store/db.hpp"
#include "store/file_store.hpp"
#include "store/migrate.hpp"

namespace {

using namespace zxkh;

constexpr const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨",
                                     "赵", "黄", "周", "吴", "徐", "孙"};
constexpr const char* kGiven[] = {"伟", "芳", "娜", "敏",   "静", "丽", "强",
                                  "磊", "洋", "艳", "勇",   "军", "杰", "娟",
                                  "涛", "明", "超", "秀英", "华", "慧"};

std::string NameOf(int64_t i) {
  std::string s = kSurnames[i % 12];
  s += kGiven[(i / 12) % 20];
  s += kGiven[(i / 240) % 20];
  return s;
}

std::string UrlEncode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

struct Institution {
  int64_t id;
  const char* code;
  const char* name;
};
constexpr Institution kInstitutions[] = {
    {1, "Z370211P001", "青岛西海岸新区职业技能培训学校"},
    {2, "Z370212Q001", "青岛崂山茶业有限公司"},
    {3, "Z370213Y001", "青岛酒店管理职业技术学院"},
    {4, "Z370202T001", "青岛市胶东面塑技艺协会"},
};

}  // namespace

int main(int argc, char** argv) {
  std::string data, pairs;
  int64_t rows = 0, sample = 200000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--data")) data = argv[i + 1];
    if (!std::strcmp(argv[i], "--rows")) rows = std::atoll(argv[i + 1]);
    if (!std::strcmp(argv[i], "--pairs")) pairs = argv[i + 1];
    if (!std::strcmp(argv[i], "--sample")) sample = std::atoll(argv[i + 1]);
  }
  if (data.empty() || rows <= 0 || pairs.empty()) {
    std::cerr << "usage: certificate_verify_bench --data DIR --rows N "
                 "--pairs FILE [--sample K]\n";
    return 2;
  }
  const auto started = std::chrono::steady_clock::now();
  auto db = store::Database::Open("sqlite:" + data + "/zxkh.db", 1);
  if (!db.ok()) return std::cerr << db.status().ToString() << "\n", 1;
  SystemClock clock;
  if (!store::Migrate(**db).ok() ||
      !service::SeedProductData(**db, clock).ok()) {
    return 1;
  }
  PiiCipher pii = PiiCipher::ForTesting("verify-bench");
  store::FileStore files(data + "/files");
  auto demo = service::SeedDemoData(**db, clock, pii, files);
  if (!demo.ok()) return std::cerr << demo.status().ToString() << "\n", 1;

  const int per_year = static_cast<int>(rows / 12 + 1);  // 4 × 3 series
  std::mt19937_64 rng(20261127);
  std::vector<std::pair<std::string, std::string>> picked;
  const double keep = static_cast<double>(sample) / static_cast<double>(rows);
  std::uniform_real_distribution<double> coin(0, 1);
  const std::string signature(86, 'A');
  Status st = (*db)->Transact(
      store::Database::Mode::kWrite, [&](store::Connection& c) -> Status {
        for (int64_t i = 0; i < rows; ++i) {
          const Institution& inst = kInstitutions[i % 4];
          const int year = 2024 + static_cast<int>((i / 4) % 3);
          const int serial = static_cast<int>(i / 12) + 1;
          if (serial > 999999 || serial > per_year) break;
          auto number = FormatCertificateNumber(inst.code, year, serial);
          if (!number.ok()) return number.status();
          const std::string name = NameOf(i);
          char date[32];
          std::snprintf(date, sizeof date, "%d-%02d-%02d", year,
                        static_cast<int>(1 + i % 12),
                        static_cast<int>(1 + i % 28));
          ZXKH_RETURN_IF_ERROR(
              c.Exec("INSERT INTO certificates (number, institution_id, year, "
                     "serial, holder_name, id_type, id_masked, id_salt, "
                     "id_hash, project_code, project_name, institution_code, "
                     "institution_name, result, issue_date, key_id, "
                     "status_index, signature, state, issued_at) VALUES (?, "
                     "?, ?, ?, ?, 'resident_id', '3702**********0021', "
                     "'c2FsdA', '', 'ZX01001', '胶东花饽饽制作', ?, ?, '合格', "
                     "?, 'bench', ?, ?, 'valid', ?)",
                     {*number, inst.id, int64_t{year}, int64_t{serial}, name,
                      std::string(inst.code), std::string(inst.name),
                      std::string(date), i, signature, clock.NowUnixMillis()})
                  .status());
          if (coin(rng) < keep) picked.emplace_back(*number, UrlEncode(name));
        }
        return Status::Ok();
      });
  if (!st.ok()) return std::cerr << st.ToString() << "\n", 1;
  std::shuffle(picked.begin(), picked.end(), rng);
  std::ofstream out(pairs);
  for (const auto& [n, name] : picked) out << n << " " << name << "\n";
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
          .count();
  std::cout << "seeded " << rows << " certificates in " << secs << " s; "
            << picked.size() << " pairs in " << pairs << "\n";
  return 0;
}
