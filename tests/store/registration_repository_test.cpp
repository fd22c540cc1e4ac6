// Store contract for registrations on SQLite and PostgreSQL: the partial
// unique index allows one open registration per person and project (and any
// number of ended ones), batched lookups work past one chunk, scoped lists
// filter and page.
#include "store/registration_repository.hpp"

#include <gtest/gtest.h>

#include "domain/region.hpp"
#include "store/migrate.hpp"
#include "store/region_repository.hpp"
#include "support/test_db.hpp"

namespace zxkh::store {
namespace {

using domain::RegistrationState;

class RegistrationRepositoryTest : public ::testing::Test {
 protected:
  template <typename Fn>
  auto Write(Fn fn) {
    return tdb_.db().InTransaction(Database::Mode::kWrite, fn);
  }
  void SetUp() override {
    ASSERT_TRUE(Migrate(tdb_.db()).ok());
    ASSERT_TRUE(
        Write([](Connection& c) -> Status {
          for (const auto& r : domain::QingdaoRegions()) {
            ZXKH_RETURN_IF_ERROR(RegionRepository(c).Upsert(r));
          }
          for (const char* sql : {
                   "INSERT INTO catalog_projects (code, name, "
                   "category, status, catalog_version, created_at, "
                   "updated_at) VALUES ('ZX01001', '中式面点制作', "
                   "'食品制作', 'active', '2023版', 0, 0)",
                   "INSERT INTO institutions (id, code, name, "
                   "credit_code, type, district_code, status, "
                   "created_at, updated_at) VALUES (1, 'Z370211P001', "
                   "'测试学校', '52370211MJD000001X', 'training', "
                   "'370211', 'active', 0, 0)",
                   "INSERT INTO annual_plans (id, institution_id, "
                   "year, state, created_at, updated_at) VALUES (1, 1, "
                   "2027, 'published', 0, 0)",
                   "INSERT INTO annual_plan_items (id, plan_id, "
                   "project_code, months, exam_date, expected_count, "
                   "venue, contact_name, contact_phone) VALUES (1, 1, "
                   "'ZX01001', '3', '2027-03-20', 50, '实训楼', '王老师', "
                   "'0532-86981234')",
               }) {
            ZXKH_RETURN_IF_ERROR(c.Exec(sql).status());
          }
          return Status::Ok();
        }).ok());
  }
  int64_t Person(int n) {
    auto id = Write([&](Connection& c) {
      return RegistrationRepository(c).InsertPerson(
          "考生" + std::to_string(n), "resident_id",
          "hash-" + std::to_string(n), "cipher", "3702**********0000",
          "1990-01-01", "13900000000", "", 1);
    });
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : -1;
  }
  Result<int64_t> Register(int64_t person) {
    return Write([&](Connection& c) {
      RegistrationRow g;
      g.plan_item_id = 1;
      g.person_id = person;
      g.project_code = "ZX01001";
      g.institution_id = 1;
      g.district_code = "370211";
      g.phone = "13900000000";
      g.created_at = g.updated_at = 1;
      return RegistrationRepository(c).Insert(g);
    });
  }
  Status SetState(int64_t id, RegistrationState s) {
    return Write([&](Connection& c) {
      return RegistrationRepository(c).UpdateState(id, s, 0, 2);
    });
  }
  test::TestDatabase tdb_;
};

TEST_F(RegistrationRepositoryTest, OneOpenRegistrationPerPersonAndProject) {
  const int64_t p = Person(1);
  auto first = Register(p);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(Register(p).status().code(), "registration.duplicate");
  // Sat is still open.
  ASSERT_TRUE(SetState(*first, RegistrationState::kSat).ok());
  EXPECT_EQ(Register(p).status().code(), "registration.duplicate");
  // Failed ends it: a new one is allowed, and a cancelled one too.
  ASSERT_TRUE(SetState(*first, RegistrationState::kFailed).ok());
  auto second = Register(p);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  ASSERT_TRUE(SetState(*second, RegistrationState::kCancelled).ok());
  auto third = Register(p);
  ASSERT_TRUE(third.ok());
  auto g = tdb_.db().InTransaction(Database::Mode::kRead, [&](Connection& c) {
    return RegistrationRepository(c).Get(*second);
  });
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->state, RegistrationState::kCancelled);
  EXPECT_EQ(g->cancelled_at, 2);
  EXPECT_EQ(g->exam_date, "2027-03-20");
  // Reopening the cancelled one while another is open is refused too.
  Status reopen = Write([&](Connection& c) {
    return c
        .Exec("UPDATE registrations SET state = 'registered' WHERE id = ?",
              {*second})
        .status();
  });
  EXPECT_EQ(reopen.status_code(), StatusCode::kAlreadyExists);
}

TEST_F(RegistrationRepositoryTest, BatchedLookupsGoPastOneChunk) {
  std::vector<std::string> hashes;
  std::vector<int64_t> ids;
  for (int i = 0; i < 1003; ++i) {
    ids.push_back(Person(i));
    hashes.push_back("hash-" + std::to_string(i));
  }
  hashes.push_back("hash-unknown");
  for (int i = 0; i < 1003; i += 2) ASSERT_TRUE(Register(ids[i]).ok());
  ASSERT_TRUE(SetState(*Register(ids[1]), RegistrationState::kPassed).ok());
  auto found =
      tdb_.db().InTransaction(Database::Mode::kRead, [&](Connection& c) {
        return RegistrationRepository(c).FindPersons(hashes);
      });
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->size(), 1003u);
  EXPECT_EQ(found->at("hash-1002").id, ids[1002]);
  EXPECT_EQ(found->at("hash-7").name, "考生7");
  auto blocking =
      tdb_.db().InTransaction(Database::Mode::kRead, [&](Connection& c) {
        return RegistrationRepository(c).BlockingStates("ZX01001", ids);
      });
  ASSERT_TRUE(blocking.ok()) << blocking.status().ToString();
  EXPECT_EQ(blocking->size(), 502u + 1u);
  EXPECT_EQ(blocking->at(ids[1]), RegistrationState::kPassed);
  EXPECT_EQ(blocking->at(ids[1002]), RegistrationState::kRegistered);
  EXPECT_EQ(blocking->count(ids[3]), 0u);
}

TEST_F(RegistrationRepositoryTest, ListFiltersByScopeStateAndName) {
  for (int i = 0; i < 25; ++i) ASSERT_TRUE(Register(Person(i)).ok());
  auto page =
      tdb_.db().InTransaction(Database::Mode::kRead, [&](Connection& c) {
        return RegistrationRepository(c).List(
            {.institution_id = 1, .page = {.page = 2, .page_size = 10}});
      });
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->total, 25);
  EXPECT_EQ(page->items.size(), 10u);
  auto other =
      tdb_.db().InTransaction(Database::Mode::kRead, [&](Connection& c) {
        return RegistrationRepository(c).List({.district_code = "370212"});
      });
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->total, 0);
  auto named =
      tdb_.db().InTransaction(Database::Mode::kRead, [&](Connection& c) {
        return RegistrationRepository(c).List(
            {.state = RegistrationState::kRegistered, .name = "考生1"});
      });
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(named->total, 11);  // 考生1, 考生10 … 考生19
  auto percent =
      tdb_.db().InTransaction(Database::Mode::kRead, [&](Connection& c) {
        return RegistrationRepository(c).List({.name = "%"});
      });
  ASSERT_TRUE(percent.ok());
  EXPECT_EQ(percent->total, 0);  // LIKE wildcards are escaped
}

}  // namespace
}  // namespace zxkh::store
