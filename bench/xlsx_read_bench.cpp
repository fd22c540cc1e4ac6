// Reading a large uploaded workbook: 100,000 rows x 8 columns of names, ID
// numbers, codes, scores and dates, as a bulk registration file would hold.
//
//   xlsx_read_bench                       Google Benchmark timings
//   xlsx_read_bench --generate=F [--shared-strings]
//                                         writes the workbook to F
//   xlsx_read_bench --read=F              reads F once, prints rows/time
//
// The last two exist so peak memory can be measured per phase with
// `/usr/bin/time -v`: generation (libxlsxwriter) and reading (XlsxReader)
// run in separate processes. Files from libxlsxwriter's constant-memory mode
// use inline strings; --shared-strings writes a shared string table, as
// Excel itself does, to measure that path too.
#include <benchmark/benchmark.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "docs/xlsx_reader.hpp"

namespace {

constexpr int kRows = 100000;
constexpr int kColumns = 8;

// Writes the benchmark workbook to `path`; false on failure.
bool Generate(const std::string& path, bool shared_strings) {
  lxw_workbook_options options = {};
  options.constant_memory = shared_strings ? LXW_FALSE : LXW_TRUE;
  lxw_workbook* wb = workbook_new_opt(path.c_str(), &options);
  if (wb == nullptr) return false;
  lxw_worksheet* ws = workbook_add_worksheet(wb, "报名名单");
  const char* header[kColumns] = {"序号", "姓名",     "身份证号", "手机号",
                                  "机构", "考核项目", "成绩",     "备注"};
  for (int c = 0; c < kColumns; ++c) {
    worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), header[c],
                           nullptr);
  }
  const char* surnames[] = {"张", "王", "李", "赵", "刘", "陈", "杨", "黄"};
  for (int r = 1; r <= kRows; ++r) {
    auto row = static_cast<lxw_row_t>(r);
    std::string name =
        std::string(surnames[r % 8]) + "学员" + std::to_string(r);
    char id[32];
    std::snprintf(id, sizeof id, "370211%08d%04d", 19800101 + r % 200000,
                  r % 10000);
    std::string phone = "139" + std::to_string(10000000 + r);
    worksheet_write_number(ws, row, 0, r, nullptr);
    worksheet_write_string(ws, row, 1, name.c_str(), nullptr);
    worksheet_write_string(ws, row, 2, id, nullptr);
    worksheet_write_string(ws, row, 3, phone.c_str(), nullptr);
    worksheet_write_string(ws, row, 4, "青岛市黄岛区职业技能培训学校", nullptr);
    worksheet_write_string(ws, row, 5, "ZX01001 面点制作", nullptr);
    worksheet_write_number(ws, row, 6, 60 + (r % 400) / 10.0, nullptr);
    if (r % 5 == 0) worksheet_write_string(ws, row, 7, "补考", nullptr);
  }
  return workbook_close(wb) == LXW_NO_ERROR;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Reads every row; returns the row count, or -1 on error.
long ReadAll(std::string_view bytes) {
  auto reader = zxkh::docs::XlsxReader::Open(bytes);
  if (!reader.ok()) {
    std::cerr << reader.status().ToString() << "\n";
    return -1;
  }
  std::vector<std::string> cells;
  int row = 0;
  long rows = 0;
  while (reader->NextRow(cells, row)) ++rows;
  if (!reader->status().ok()) {
    std::cerr << reader->status().ToString() << "\n";
    return -1;
  }
  return rows;
}

std::string TempPath(const char* tag) {
  const char* dir = std::getenv("TMPDIR");
  return std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") +
         "/zxkh-bench-" + tag + "-" + std::to_string(getpid()) + ".xlsx";
}

void BM_ReadXlsx(benchmark::State& state) {
  bool shared = state.range(0) != 0;
  std::string path = TempPath(shared ? "sst" : "inline");
  if (!Generate(path, shared)) {
    state.SkipWithError("generation failed");
    return;
  }
  std::string bytes = Slurp(path);
  std::remove(path.c_str());
  for (auto _ : state) {
    long rows = ReadAll(bytes);
    if (rows != kRows + 1) state.SkipWithError("wrong row count");
    benchmark::DoNotOptimize(rows);
  }
  state.SetItemsProcessed(state.iterations() * (kRows + 1));
  state.counters["file_MB"] = static_cast<double>(bytes.size()) / 1e6;
}
BENCHMARK(BM_ReadXlsx)
    ->ArgName("shared_strings")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  std::string generate, read;
  bool shared = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.starts_with("--generate=")) generate = arg.substr(11);
    if (arg.starts_with("--read=")) read = arg.substr(7);
    if (arg == "--shared-strings") shared = true;
  }
  if (!generate.empty()) return Generate(generate, shared) ? 0 : 1;
  if (!read.empty()) {
    std::string bytes = Slurp(read);
    auto start = std::chrono::steady_clock::now();
    long rows = ReadAll(bytes);
    auto ms = std::chrono::duration<double, std::milli>(
                  std::chrono::steady_clock::now() - start)
                  .count();
    std::cout << "rows=" << rows << " bytes=" << bytes.size()
              << " read_ms=" << ms << "\n";
    return rows < 0 ? 1 : 0;
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
