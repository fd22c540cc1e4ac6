// Store contract for the repositories, on SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "common/calendar.hpp"
#include "domain/region.hpp"
#include "store/calendar_repository.hpp"
#include "store/catalog_repository.hpp"
#include "store/migrate.hpp"
#include "store/region_repository.hpp"
#include "support/test_db.hpp"

namespace zxkh::store {
namespace {

using domain::CatalogFilter;
using domain::ProjectDraft;
using domain::ProjectStatus;

class RepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(Migrate(db()).ok()); }
  Database& db() { return tdb_.db(); }

  template <typename Fn>
  auto Write(Fn fn) {
    return db().InTransaction(Database::Mode::kWrite, fn);
  }
  template <typename Fn>
  auto Read(Fn fn) {
    return db().InTransaction(Database::Mode::kRead, fn);
  }

  void InsertProject(const std::string& code, const std::string& name,
                     const std::string& category) {
    auto p = Write([&](Connection& c) {
      return CatalogRepository(c).Insert(
          ProjectDraft{code, name, category, "2023版"}, 1000);
    });
    ASSERT_TRUE(p.ok()) << p.status().ToString();
  }

  test::TestDatabase tdb_;
};

TEST_F(RepositoryTest, CatalogInsertGetRoundTrip) {
  InsertProject("ZX01001", "胶东花饽饽制作", "食品制作");
  auto p =
      Read([](Connection& c) { return CatalogRepository(c).Get("ZX01001"); });
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->name, "胶东花饽饽制作");
  EXPECT_EQ(p->category, "食品制作");
  EXPECT_EQ(p->status, ProjectStatus::kActive);
  EXPECT_EQ(p->catalog_version, "2023版");
  EXPECT_EQ(p->created_at, 1000);
  EXPECT_FALSE(p->retired_at.has_value());
}

TEST_F(RepositoryTest, CatalogGetUnknownIsNotFound) {
  auto p =
      Read([](Connection& c) { return CatalogRepository(c).Get("ZX09999"); });
  EXPECT_EQ(p.status().code(), "catalog.not_found");
}

TEST_F(RepositoryTest, CatalogRefusesDuplicateCodeAndName) {
  InsertProject("ZX01001", "胶东花饽饽制作", "食品制作");
  auto same_code = Write([](Connection& c) {
    return CatalogRepository(c).Insert(
        {"ZX01001", "别的名字", "食品制作", "2023版"}, 1);
  });
  EXPECT_EQ(same_code.status().code(), "catalog.code_taken");
  auto same_name = Write([](Connection& c) {
    return CatalogRepository(c).Insert(
        {"ZX01002", "胶东花饽饽制作", "食品制作", "2023版"}, 1);
  });
  EXPECT_EQ(same_name.status().code(), "catalog.name_taken");
  auto page = Read([](Connection& c) { return CatalogRepository(c).List({}); });
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 1);  // nothing half-written
}

TEST_F(RepositoryTest, CatalogListFiltersAndPages) {
  InsertProject("ZX01001", "胶东花饽饽制作", "食品制作");
  InsertProject("ZX01002", "食品雕刻", "食品制作");
  InsertProject("ZX03005", "剪纸", "手工制作");
  InsertProject("ZX04001", "电商直播", "其它");
  auto list = [&](CatalogFilter f) {
    auto r = Read([&](Connection& c) { return CatalogRepository(c).List(f); });
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    std::vector<std::string> codes;
    for (const auto& p : r->items) codes.push_back(p.code);
    return std::make_pair(r->total, codes);
  };
  EXPECT_EQ(list({}).first, 4);
  EXPECT_EQ(list({.q = "剪纸"}).second, std::vector<std::string>{"ZX03005"});
  EXPECT_EQ(list({.q = "zx01"}).second,
            (std::vector<std::string>{"ZX01001", "ZX01002"}));
  EXPECT_EQ(list({.category = "其它"}).second,
            std::vector<std::string>{"ZX04001"});
  // LIKE wildcards typed by a user are literal.
  EXPECT_EQ(list({.q = "%"}).first, 0);
  EXPECT_EQ(list({.q = "_"}).first, 0);
  auto page2 = list({.page = {.page = 2, .page_size = 3}});
  EXPECT_EQ(page2.first, 4);
  EXPECT_EQ(page2.second, std::vector<std::string>{"ZX04001"});
}

TEST_F(RepositoryTest, CatalogUpdateWritesFieldsAndGuardsName) {
  InsertProject("ZX01001", "胶东花饽饽制作", "食品制作");
  InsertProject("ZX01003", "食品雕刻", "食品制作");
  auto p =
      Read([](Connection& c) { return CatalogRepository(c).Get("ZX01001"); });
  ASSERT_TRUE(p.ok());
  p->status = ProjectStatus::kRetired;
  p->retired_at = 5000;
  p->updated_at = 5000;
  ASSERT_TRUE(Write([&](Connection& c) {
                return CatalogRepository(c).Update(*p);
              }).ok());
  auto q =
      Read([](Connection& c) { return CatalogRepository(c).Get("ZX01001"); });
  EXPECT_EQ(q->status, ProjectStatus::kRetired);
  EXPECT_EQ(q->retired_at, 5000);
  auto retired = Read([](Connection& c) {
    return CatalogRepository(c).List({.status = ProjectStatus::kRetired});
  });
  EXPECT_EQ(retired->total, 1);

  p->name = "食品雕刻";
  Status clash =
      Write([&](Connection& c) { return CatalogRepository(c).Update(*p); });
  EXPECT_EQ(clash.code(), "catalog.name_taken");
}

TEST_F(RepositoryTest, RegionsUpsertListGet) {
  ASSERT_TRUE(Write([](Connection& c) -> Status {
                for (const auto& r : domain::QingdaoRegions()) {
                  ZXKH_RETURN_IF_ERROR(RegionRepository(c).Upsert(r));
                }
                return Status::Ok();
              }).ok());
  auto all = Read([](Connection& c) { return RegionRepository(c).List(); });
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 12u);
  auto huangdao =
      Read([](Connection& c) { return RegionRepository(c).Get("370211"); });
  ASSERT_TRUE(huangdao.ok());
  EXPECT_EQ(huangdao->name, "黄岛区");
  EXPECT_EQ(huangdao->parent_code, "370200");
  auto missing =
      Read([](Connection& c) { return RegionRepository(c).Get("110000"); });
  EXPECT_EQ(missing.status().code(), "region.not_found");
  Status orphan = Write([](Connection& c) {
    return RegionRepository(c).Upsert(
        {"999999", "无上级", domain::RegionLevel::kDistrict, "888888"});
  });
  EXPECT_EQ(orphan.code(), "store.foreign_key");
}

TEST_F(RepositoryTest, CalendarReplaceYearAndLoad) {
  const Date d1 = *Date::FromYmd(2027, 1, 1);
  const Date d2 = *Date::FromYmd(2027, 2, 7);  // a Sunday
  ASSERT_TRUE(Write([&](Connection& c) {
                return CalendarRepository(c).ReplaceYear(
                    2027, "测试通知",
                    {{d1, DayKind::kOff, "元旦"}, {d2, DayKind::kWork, "春节"}},
                    10);
              }).ok());
  auto cal = Read([](Connection& c) { return CalendarRepository(c).Load(); });
  ASSERT_TRUE(cal.ok());
  EXPECT_TRUE(cal->Covers(2027));
  EXPECT_FALSE(*cal->IsWorkingDay(d1));
  EXPECT_TRUE(*cal->IsWorkingDay(d2));
  auto rev1 =
      Read([](Connection& c) { return CalendarRepository(c).Revision(); });

  // Replacing drops what the year had before.
  ASSERT_TRUE(Write([&](Connection& c) {
                return CalendarRepository(c).ReplaceYear(
                    2027, "更正", {{d1, DayKind::kOff, "元旦"}}, 20);
              }).ok());
  auto years =
      Read([](Connection& c) { return CalendarRepository(c).ListYears(); });
  ASSERT_TRUE(years.ok());
  ASSERT_EQ(years->size(), 1u);
  EXPECT_EQ((*years)[0].source, "更正");
  EXPECT_EQ((*years)[0].off_days, 1);
  EXPECT_EQ((*years)[0].work_days, 0);
  auto rev2 =
      Read([](Connection& c) { return CalendarRepository(c).Revision(); });
  EXPECT_NE(*rev1, *rev2);
}

// Two pools inserting distinct projects at once: all arrive, none lost.
TEST_F(RepositoryTest, ConcurrentCatalogInserts) {
  auto a = tdb_.OpenPool(4);
  constexpr int kPerThread = 20;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const int serial = t * kPerThread + i + 1;
        char code[16];
        snprintf(code, sizeof code, "ZX04%03d", serial);
        auto r = a->InTransaction(Database::Mode::kWrite, [&](Connection& c) {
          return CatalogRepository(c).Insert(
              {code, "并发项目" + std::to_string(serial), "其它", "2023版"}, 1);
        });
        EXPECT_TRUE(r.ok()) << r.status().ToString();
      }
    });
  }
  for (auto& th : threads) th.join();
  auto page = Read([](Connection& c) { return CatalogRepository(c).List({}); });
  EXPECT_EQ(page->total, 4 * kPerThread);
}

}  // namespace
}  // namespace zxkh::store
