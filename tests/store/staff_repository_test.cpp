// Store contract for the staff pool (migration 0007), on SQLite and
// PostgreSQL: one person once per role and pool (the NULL city pool
// included), qualifications replaced as a whole, scoped and filtered
// listings with exact counts.
#include "store/staff_repository.hpp"

#include <gtest/gtest.h>

#include "domain/account.hpp"
#include "domain/region.hpp"
#include "store/account_repository.hpp"
#include "store/migrate.hpp"
#include "store/person_repository.hpp"
#include "store/region_repository.hpp"
#include "support/test_db.hpp"

namespace zxkh::store {
namespace {

using domain::StaffRole;

class StaffRepositoryTest : public ::testing::Test {
 protected:
  template <typename Fn>
  auto Write(Fn fn) {
    return tdb_.db().InTransaction(Database::Mode::kWrite, fn);
  }
  void SetUp() override {
    ASSERT_TRUE(Migrate(tdb_.db()).ok());
    ASSERT_TRUE(Write([](Connection& c) -> Status {
                  for (const auto& r : domain::QingdaoRegions()) {
                    ZXKH_RETURN_IF_ERROR(RegionRepository(c).Upsert(r));
                  }
                  for (const char* code : {"ZX01001", "ZX04001"}) {
                    ZXKH_RETURN_IF_ERROR(
                        c.Exec("INSERT INTO catalog_projects (code, name, "
                               "category, status, catalog_version, "
                               "created_at, updated_at) VALUES (?, ?, '其它', "
                               "'active', '2023版', 0, 0)",
                               {std::string(code), "项目" + std::string(code)})
                            .status());
                  }
                  return Status::Ok();
                }).ok());
  }
  int64_t NewPerson(const std::string& name, const std::string& hash) {
    auto id = Write([&](Connection& c) {
      return PersonRepository(c).Insert(PersonRow{
          0, name, "resident_id", hash, "cipher", "3702**********0001",
          std::nullopt, "13900000000", "单位", 0});
    });
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : -1;
  }
  int64_t NewUser(const std::string& username) {
    domain::Account a;
    a.username = username;
    a.display_name = username;
    a.password_hash = "x";
    a.role = domain::Role::kExaminer;
    auto id =
        Write([&](Connection& c) { return AccountRepository(c).Insert(a); });
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : -1;
  }
  Result<int64_t> Insert(int64_t person, StaffRole role,
                         std::optional<std::string> pool,
                         const std::string& username,
                         std::vector<std::string> projects = {"ZX01001"}) {
    StaffRow s;
    s.person_id = person;
    s.role = role;
    s.pool_district = std::move(pool);
    s.employer = "单位";
    s.user_id = NewUser(username);
    for (const auto& p : projects) {
      s.qualifications.push_back({{p, "证书", std::nullopt}, ""});
    }
    return Write([&](Connection& c) { return StaffRepository(c).Insert(s); });
  }
  Page<StaffRow> List(StaffFilter f) {
    auto page = tdb_.db().InTransaction(
        Database::Mode::kRead,
        [&](Connection& c) { return StaffRepository(c).List(f); });
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    return page.ok() ? *page : Page<StaffRow>{};
  }

  test::TestDatabase tdb_;
};

TEST_F(StaffRepositoryTest, OnePersonOncePerRoleAndPool) {
  const int64_t p = NewPerson("甲", "h1");
  ASSERT_TRUE(Insert(p, StaffRole::kExaminer, std::nullopt, "u1").ok());
  auto again = Insert(p, StaffRole::kExaminer, std::nullopt, "u2");
  EXPECT_EQ(again.status().code(), "staff.duplicate");
  EXPECT_EQ(again.status().field(), "id_number");
  EXPECT_TRUE(Insert(p, StaffRole::kProctor, std::nullopt, "u3", {}).ok());
  EXPECT_TRUE(Insert(p, StaffRole::kExaminer, "370211", "u4").ok());
  EXPECT_EQ(Insert(p, StaffRole::kExaminer, "370211", "u5").status().code(),
            "staff.duplicate");
  // The unique key holds without the repository's check too (NULL pools
  // would not collide: pool_key is '' for the city).
  const int64_t u6 = NewUser("u6");
  auto raw = Write([&](Connection& c) {
    return c.Exec(
        "INSERT INTO staff_members (person_id, role, pool_district, pool_key, "
        "employer, user_id, created_at, updated_at) VALUES (?, 'examiner', "
        "NULL, '', 'x', ?, 0, 0)",
        {p, u6});
  });
  EXPECT_EQ(raw.status().code(), "store.unique_violation");
}

TEST_F(StaffRepositoryTest, UpdateReplacesQualifications) {
  const int64_t p = NewPerson("乙", "h2");
  auto id = Insert(p, StaffRole::kExaminer, std::nullopt, "v1",
                   {"ZX01001", "ZX04001"});
  ASSERT_TRUE(id.ok());
  auto row = Write([&](Connection& c) { return StaffRepository(c).Get(*id); });
  ASSERT_TRUE(row.ok());
  ASSERT_EQ(row->qualifications.size(), 2u);
  EXPECT_EQ(row->qualifications[0].project_name, "项目ZX01001");
  EXPECT_EQ(row->pool_name, "青岛市");
  row->qualifications = {
      {{"ZX04001", "新证书", *Date::FromYmd(2028, 1, 31)}, ""}};
  row->active = false;
  ASSERT_TRUE(Write([&](Connection& c) {
                return StaffRepository(c).Update(*row);
              }).ok());
  auto after =
      Write([&](Connection& c) { return StaffRepository(c).Get(*id); });
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->qualifications.size(), 1u);
  EXPECT_EQ(after->qualifications[0].qualification.valid_until,
            Date::FromYmd(2028, 1, 31));
  EXPECT_FALSE(after->active);
  EXPECT_EQ(Write([&](Connection& c) { return StaffRepository(c).Get(999999); })
                .status()
                .code(),
            "staff.not_found");
}

TEST_F(StaffRepositoryTest, ListsByScopeAndFilters) {
  ASSERT_TRUE(
      Insert(NewPerson("城甲", "c1"), StaffRole::kExaminer, std::nullopt, "w1")
          .ok());
  ASSERT_TRUE(Insert(NewPerson("黄甲", "c2"), StaffRole::kExaminer, "370211",
                     "w2", {"ZX04001"})
                  .ok());
  ASSERT_TRUE(
      Insert(NewPerson("崂甲", "c3"), StaffRole::kProctor, "370212", "w3", {})
          .ok());
  StaffFilter f;
  EXPECT_EQ(List(f).total, 3);
  f.scope = StaffScope::kDistrictAndCity;
  f.scope_district = "370211";
  EXPECT_EQ(List(f).total, 2);
  f.pool = "city";
  EXPECT_EQ(List(f).total, 1);
  f = {};
  f.project_code = "ZX04001";
  auto page = List(f);
  ASSERT_EQ(page.total, 1);
  EXPECT_EQ(page.items[0].name, "黄甲");
  f = {};
  f.role = "proctor";
  EXPECT_EQ(List(f).total, 1);
  f = {};
  f.q = "崂";
  EXPECT_EQ(List(f).total, 1);
  f.q = "%";  // matched literally
  EXPECT_EQ(List(f).total, 0);
  f = {};
  f.active = false;
  EXPECT_EQ(List(f).total, 0);
  auto active = Write([](Connection& c) {
    return StaffRepository(c).ActiveForDistrict(StaffRole::kExaminer, "370211");
  });
  ASSERT_TRUE(active.ok());
  EXPECT_EQ(active->size(), 2u);  // the city's and 黄岛区's, not 崂山区's
}

}  // namespace
}  // namespace zxkh::store
