#include "support/question_bank_fixture.hpp"

#include <gtest/gtest.h>

#include "store/catalog_repository.hpp"
#include "store/institution_repository.hpp"

namespace zxkh::test {

BankFixture::BankFixture(store::Database& db, const Clock& clock,
                         std::string files_root)
    : db_(db),
      clock_(clock),
      files_(std::move(files_root)),
      service_(db, clock, files_) {}

domain::Caller BankFixture::CallerOf(const std::string& username) {
  auto row = db_.InTransaction(
      store::Database::Mode::kRead, [&](store::Connection& c) {
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

std::string BankFixture::ScopedProject(const std::string& institution_user) {
  const int64_t inst = CallerOf(institution_user).institution_id.value_or(0);
  for (;;) {
    const std::string code = "ZX02" + std::to_string(++serial_);
    Status st = db_.Transact(
        store::Database::Mode::kWrite, [&](store::Connection& c) -> Status {
          ZXKH_RETURN_IF_ERROR(
              store::CatalogRepository(c)
                  .Insert({code, "题库测试项目" + code, "种植", "2023版"},
                          clock_.NowUnixMillis())
                  .status());
          return store::InstitutionRepository(c).AddScope(
              inst, {code}, std::nullopt, clock_.NowUnixMillis());
        });
    if (st.ok()) return code;
    EXPECT_EQ(st.status_code(), StatusCode::kAlreadyExists) << st.ToString();
    if (serial_ > 990) {
      ADD_FAILURE() << "no fresh project code left";
      return code;
    }
  }
}

service::SetInput BankFixture::ValidSet(const std::string& title,
                                        std::vector<int> points) {
  service::SetInput s;
  s.title = title;
  s.tasks = {
      {"花饽饽造型制作", "按图样完成一件寿桃造型", 120, "面粉、酵母、蒸笼"}};
  int i = 0;
  for (int p : points) {
    s.rubric.push_back(
        {"评分项 " + std::to_string(++i), p, "按评分标准逐项扣分"});
  }
  return s;
}

BankFixture::Made BankFixture::DraftBank(const std::string& user, int sets) {
  Made m;
  m.project = ScopedProject(user);
  auto bank = service_.CreateBank(CallerOf(user), m.project);
  EXPECT_TRUE(bank.ok()) << bank.status().ToString();
  if (!bank.ok()) return m;
  m.bank_id = bank->bank.id;
  m.version_id = *bank->bank.open_version_id;
  for (int i = 0; i < sets; ++i) {
    auto added =
        service_.AddSet(CallerOf(user), m.version_id,
                        ValidSet("第 " + std::to_string(i + 1) + " 套"));
    EXPECT_TRUE(added.ok()) << added.status().ToString();
  }
  return m;
}

BankFixture::Made BankFixture::SubmittedBank(const std::string& user) {
  Made m = DraftBank(user);
  auto r = service_.Submit(CallerOf(user), m.version_id);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return m;
}

BankFixture::Made BankFixture::ReturnedBank(const std::string& user) {
  Made m = SubmittedBank(user);
  auto r = service_.Return(CallerOf("city"), m.version_id, "评分标准不够具体");
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return m;
}

BankFixture::Made BankFixture::ApprovedBank(const std::string& user) {
  Made m = SubmittedBank(user);
  auto r = service_.Approve(CallerOf("city"), m.version_id);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return m;
}

}  // namespace zxkh::test
