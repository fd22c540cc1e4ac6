#include "support/registration_fixture.hpp"

#include <gtest/gtest.h>

#include "common/validators.hpp"
#include "docs/csv.hpp"
#include "docs/xlsx_writer.hpp"

namespace zxkh::test {

std::string ResidentIdFor(const std::string& yyyymmdd, int serial,
                          const std::string& area) {
  std::string s = std::to_string(1000 + serial % 1000).substr(1);
  std::string first17 = area + yyyymmdd + s;
  return first17 + ResidentIdCheckChar(first17);
}

std::string NthResidentId(int n) {
  // 30 years × 12 months × 28 days × 1000 serials: distinct for n < 10 M.
  const int serial = n % 1000;
  int rest = n / 1000;
  const int day = rest % 28 + 1;
  rest /= 28;
  const int month = rest % 12 + 1;
  rest /= 12;
  const int year = 1970 + rest % 30;
  char date[16];
  std::snprintf(date, sizeof date, "%04d%02d%02d", year, month, day);
  return ResidentIdFor(date, serial);
}

domain::Caller CallerOfUser(store::Database& db, const std::string& username) {
  auto row =
      db.InTransaction(store::Database::Mode::kRead, [&](store::Connection& c) {
        return c.One(
            "SELECT id, role, district_code, institution_id FROM users WHERE "
            "username = ?",
            {username});
      });
  EXPECT_TRUE(row.ok()) << username << ": " << row.status().ToString();
  domain::Caller caller;
  if (!row.ok()) return caller;
  caller.user_id = row->Int(0);
  caller.role = domain::ParseRole(row->Text(1)).value_or(domain::Role::kPublic);
  caller.district_code = row->OptText(2);
  caller.institution_id = row->OptInt(3);
  caller.request_id = "test";
  return caller;
}

int64_t PlanItemId(store::Database& db, const std::string& institution_code,
                   const std::string& project) {
  auto row =
      db.InTransaction(store::Database::Mode::kRead, [&](store::Connection& c) {
        return c.Rows(
            "SELECT it.id FROM annual_plan_items it JOIN annual_plans p ON "
            "p.id = it.plan_id JOIN institutions i ON i.id = p.institution_id "
            "WHERE i.code = ? AND it.project_code = ? ORDER BY p.year DESC, "
            "it.id",
            {institution_code, project});
      });
  EXPECT_TRUE(row.ok()) << row.status().ToString();
  if (!row.ok() || row->empty()) return -1;
  return row->front().Int(0);
}

int64_t AddPlanItem(store::Database& db, const std::string& institution_code,
                    int year, const std::string& state,
                    const std::string& project, const std::string& exam_date) {
  auto id = db.InTransaction(
      store::Database::Mode::kWrite,
      [&](store::Connection& c) -> Result<int64_t> {
        ZXKH_ASSIGN_OR_RETURN(
            store::Row plan,
            c.One("INSERT INTO annual_plans (institution_id, year, state, "
                  "created_at, updated_at) SELECT id, ?, ?, 0, 0 FROM "
                  "institutions WHERE code = ? RETURNING id",
                  {int64_t{year}, state, institution_code}));
        ZXKH_ASSIGN_OR_RETURN(
            store::Row item,
            c.One("INSERT INTO annual_plan_items (plan_id, project_code, "
                  "months, exam_date, expected_count, venue, contact_name, "
                  "contact_phone) VALUES (?, ?, '1', ?, 10, '测试场地', "
                  "'测试', '0532-80000000') RETURNING id",
                  {plan.Int(0), project, exam_date}));
        return item.Int(0);
      });
  EXPECT_TRUE(id.ok()) << id.status().ToString();
  return id.ok() ? *id : -1;
}

int64_t CountOf(store::Database& db, const std::string& sql) {
  auto r =
      db.InTransaction(store::Database::Mode::kRead,
                       [&](store::Connection& c) { return c.One(sql, {}); });
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? r->Int(0) : -1;
}

std::vector<std::string> ImportHeader() {
  return {"姓名", "证件类型", "证件号码", "出生日期", "手机号", "工作单位"};
}

std::vector<CandidateRow> ValidRows(int n, int first) {
  static const char* kNames[] = {"王芳", "李娜", "张敏", "刘洋", "陈杰",
                                 "杨静", "赵磊", "黄婷", "周强", "吴霞"};
  std::vector<CandidateRow> rows;
  rows.reserve(n);
  for (int i = 0; i < n; ++i) {
    char phone[16];
    std::snprintf(phone, sizeof phone, "139%08d", first + i);
    rows.push_back({kNames[(first + i) % 10], "居民身份证",
                    NthResidentId(first + i), "", phone, "青岛某制造有限公司"});
  }
  return rows;
}

std::string XlsxOf(const std::vector<CandidateRow>& rows) {
  docs::Sheet s;
  s.name = "报名名单";
  s.header = ImportHeader();
  s.rows = rows;
  auto bytes = docs::WriteXlsx({s});
  EXPECT_TRUE(bytes.ok()) << bytes.status().ToString();
  return bytes.ok() ? *bytes : std::string();
}

std::string CsvOf(const std::vector<CandidateRow>& rows) {
  std::string out = docs::WriteCsvRow(ImportHeader());
  for (const auto& r : rows) out += docs::WriteCsvRow(r);
  return out;
}

}  // namespace zxkh::test
