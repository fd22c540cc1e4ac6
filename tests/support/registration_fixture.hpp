// Test helpers for registration (R-EXA-1, R-EXA-6): valid resident IDs,
// callers of the demo accounts, plan items in any state made by SQL (the
// plan service is built elsewhere), and import files (XLSX, UTF-8 and GBK
// CSV) of generated candidates.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/role.hpp"
#include "store/db.hpp"

namespace zxkh::test {

// A valid 18-character resident ID for birth date `yyyymmdd` and a serial
// (0–999), with its GB 11643 check character.
std::string ResidentIdFor(const std::string& yyyymmdd, int serial,
                          const std::string& area = "370211");
// The n-th of a family of distinct valid IDs (birth dates in 1970–1999).
std::string NthResidentId(int n);

// The caller a demo account acts as.
domain::Caller CallerOfUser(store::Database& db, const std::string& username);

// The id of the first plan item of institution `code` for `project` (any
// year), or -1.
int64_t PlanItemId(store::Database& db, const std::string& institution_code,
                   const std::string& project);
// A new plan of institution `institution_code` in `state` for `year` with
// one item for `project` on `exam_date`; returns the item id.
int64_t AddPlanItem(store::Database& db, const std::string& institution_code,
                    int year, const std::string& state,
                    const std::string& project, const std::string& exam_date);

// One scalar from `sql`.
int64_t CountOf(store::Database& db, const std::string& sql);

// A candidate row as the import template has it (姓名, 证件类型, 证件号码,
// 出生日期, 手机号, 工作单位).
using CandidateRow = std::vector<std::string>;
std::vector<std::string> ImportHeader();
// n valid rows with distinct IDs starting at NthResidentId(first).
std::vector<CandidateRow> ValidRows(int n, int first = 0);
// Rows as an .xlsx file / a UTF-8 CSV (with header).
std::string XlsxOf(const std::vector<CandidateRow>& rows);
std::string CsvOf(const std::vector<CandidateRow>& rows);

}  // namespace zxkh::test
