// Store contract for annual plans (migration 0005), on SQLite and
// PostgreSQL: one plan per institution and year, state writes guarded by the
// state read, items round-trip, scope filters, totals, announcements.
#include "store/annual_plan_repository.hpp"

#include <gtest/gtest.h>

#include "domain/region.hpp"
#include "store/catalog_repository.hpp"
#include "store/institution_repository.hpp"
#include "store/migrate.hpp"
#include "store/region_repository.hpp"
#include "support/test_db.hpp"

namespace zxkh::store {
namespace {

using domain::PlanState;

class AnnualPlanRepositoryTest : public ::testing::Test {
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
                  for (const char* code : {"ZX01001", "ZX01004"}) {
                    ZXKH_RETURN_IF_ERROR(
                        CatalogRepository(c)
                            .Insert({code, std::string("项目") + code,
                                     "食品制作", "2023版"},
                                    1)
                            .status());
                  }
                  return Status::Ok();
                }).ok());
    huangdao_ = NewInstitution("黄岛测试学校", "52370211MJD000001", "370211");
    laoshan_ = NewInstitution("崂山测试公司", "91370212MA0000002", "370212");
  }
  int64_t NewInstitution(const std::string& name, const std::string& credit,
                         const std::string& district) {
    InstitutionRow row;
    row.name = name;
    row.credit_code = credit;
    row.type = domain::InstitutionType::kTraining;
    row.district_code = district;
    auto id = Write(
        [&](Connection& c) { return InstitutionRepository(c).Insert(row); });
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : -1;
  }
  static domain::PlanItem Item(const std::string& project, int count) {
    domain::PlanItem i;
    i.project_code = project;
    i.months = {3, 9};
    i.exam_date = *Date::FromYmd(2028, 3, 18);
    i.expected_count = count;
    i.venue = "考场";
    i.contact_name = "王老师";
    i.contact_phone = "0532-86981234";
    return i;
  }

  test::TestDatabase tdb_;
  int64_t huangdao_ = 0;
  int64_t laoshan_ = 0;
};

TEST_F(AnnualPlanRepositoryTest, OnePlanPerInstitutionAndYear) {
  auto first = Write([&](Connection& c) {
    return AnnualPlanRepository(c).Insert(huangdao_, 2028, 10);
  });
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto second = Write([&](Connection& c) {
    return AnnualPlanRepository(c).Insert(huangdao_, 2028, 11);
  });
  EXPECT_EQ(second.status().code(), "plan.exists");
  EXPECT_TRUE(Write([&](Connection& c) {
                return AnnualPlanRepository(c).Insert(huangdao_, 2027, 12);
              }).ok());
}

TEST_F(AnnualPlanRepositoryTest, ItemsRoundTripAndSummaries) {
  auto id = Write([&](Connection& c) -> Result<int64_t> {
    AnnualPlanRepository repo(c);
    ZXKH_ASSIGN_OR_RETURN(int64_t plan, repo.Insert(huangdao_, 2028, 10));
    domain::PlanItem paid = Item("ZX01001", 40);
    paid.fee_fen = 15050;
    ZXKH_RETURN_IF_ERROR(repo.InsertItem(plan, paid).status());
    ZXKH_RETURN_IF_ERROR(repo.InsertItem(plan, Item("ZX01004", 60)).status());
    return plan;
  });
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  auto items =
      Write([&](Connection& c) { return AnnualPlanRepository(c).Items(*id); });
  ASSERT_TRUE(items.ok());
  ASSERT_EQ(items->size(), 2u);
  const PlanItemRow& a = items->front();
  EXPECT_EQ(a.position, 1);
  EXPECT_EQ(a.item.months, (std::vector<int>{3, 9}));
  EXPECT_EQ(a.item.exam_date.ToString(), "2028-03-18");
  EXPECT_EQ(a.item.fee_fen, 15050);
  EXPECT_EQ(a.project_name, "项目ZX01001");
  EXPECT_EQ(a.catalog_version, "2023版");
  EXPECT_FALSE(items->back().item.fee_fen.has_value());
  EXPECT_EQ(items->back().position, 2);
  auto plan =
      Write([&](Connection& c) { return AnnualPlanRepository(c).Get(*id); });
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->item_count, 2);
  EXPECT_EQ(plan->expected_total, 100);
  EXPECT_EQ(plan->district_code, "370211");
  // An item of another plan is not found through this one.
  auto other = Write([&](Connection& c) -> Result<int64_t> {
    return AnnualPlanRepository(c).Insert(laoshan_, 2028, 10);
  });
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(Write([&](Connection& c) {
              return AnnualPlanRepository(c).DeleteItem(*other, a.id);
            }).code(),
            "plan.item_not_found");
}

TEST_F(AnnualPlanRepositoryTest, StateWritesAreGuardedByTheStateRead) {
  auto id = Write([&](Connection& c) {
    return AnnualPlanRepository(c).Insert(huangdao_, 2028, 10);
  });
  ASSERT_TRUE(id.ok());
  auto plan =
      Write([&](Connection& c) { return AnnualPlanRepository(c).Get(*id); });
  ASSERT_TRUE(plan.ok());
  PlanRow p = *plan;
  p.state = PlanState::kSubmitted;
  EXPECT_TRUE(Write([&](Connection& c) {
                return AnnualPlanRepository(c).Save(p, PlanState::kDraft);
              }).ok());
  // A second writer that read DRAFT too loses.
  EXPECT_EQ(Write([&](Connection& c) {
              return AnnualPlanRepository(c).Save(p, PlanState::kDraft);
            }).code(),
            "store.conflict");
}

TEST_F(AnnualPlanRepositoryTest, ScopeFiltersAndTotals) {
  ASSERT_TRUE(
      Write([&](Connection& c) -> Status {
        AnnualPlanRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(int64_t a, repo.Insert(huangdao_, 2028, 1));
        ZXKH_RETURN_IF_ERROR(repo.InsertItem(a, Item("ZX01001", 30)).status());
        ZXKH_ASSIGN_OR_RETURN(PlanRow pa, repo.Get(a));
        pa.state = PlanState::kSubmitted;
        ZXKH_RETURN_IF_ERROR(repo.Save(pa, PlanState::kDraft));
        ZXKH_ASSIGN_OR_RETURN(int64_t b, repo.Insert(laoshan_, 2028, 1));
        ZXKH_RETURN_IF_ERROR(repo.InsertItem(b, Item("ZX01001", 20)).status());
        return Status::Ok();  // b stays a draft
      }).ok());
  auto read = [&](PlanFilter f) {
    return Write([&](Connection& c) { return AnnualPlanRepository(c).List(f); })
        .value();
  };
  PlanFilter district;
  district.scope = PlanScope::kDistrict;
  district.scope_district = "370211";
  EXPECT_EQ(read(district).size(), 1u);
  PlanFilter inst;
  inst.scope = PlanScope::kInstitution;
  inst.scope_institution = laoshan_;
  ASSERT_EQ(read(inst).size(), 1u);
  EXPECT_EQ(read(inst).front().institution_id, laoshan_);
  PlanFilter all;
  all.year = 2028;
  EXPECT_EQ(read(all).size(), 2u);
  all.submitted_only = true;
  EXPECT_EQ(read(all).size(), 1u);
  all.year = 2027;
  EXPECT_TRUE(read(all).empty());
  PlanFilter totals;
  totals.year = 2028;
  auto by_project = Write([&](Connection& c) {
                      return AnnualPlanRepository(c).TotalsByProject(totals);
                    }).value();
  ASSERT_EQ(by_project.size(), 1u);
  EXPECT_EQ(by_project.front().plans, 2);
  EXPECT_EQ(by_project.front().expected, 50);
  auto by_inst = Write([&](Connection& c) {
                   return AnnualPlanRepository(c).TotalsByInstitution(totals);
                 }).value();
  EXPECT_EQ(by_inst.size(), 2u);
}

TEST_F(AnnualPlanRepositoryTest, AnnouncementRevisions) {
  // published_by references users: make one.
  auto user = Write([](Connection& c) {
    return c.One(
        "INSERT INTO users (username, display_name, password_hash, role, "
        "created_at, updated_at) VALUES ('city', '市局', 'x', 'CITY', 0, 0) "
        "RETURNING id",
        {});
  });
  ASSERT_TRUE(user.ok()) << user.status().ToString();
  auto id = Write([&](Connection& c) {
    return AnnualPlanRepository(c).InsertAnnouncement(2028, "公告", 100,
                                                      user->Int(0));
  });
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  ASSERT_TRUE(Write([&](Connection& c) {
                return AnnualPlanRepository(c).Republish(*id, 200);
              }).ok());
  auto a = Write([&](Connection& c) {
             return AnnualPlanRepository(c).FindAnnouncement(2028);
           }).value();
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->revision, 2);
  EXPECT_EQ(a->published_at, 100);
  EXPECT_EQ(a->updated_at, 200);
  EXPECT_FALSE(a->pdf_sha256.has_value());
  EXPECT_FALSE(Write([&](Connection& c) {
                 return AnnualPlanRepository(c).FindAnnouncement(2029);
               })
                   .value()
                   .has_value());
}

}  // namespace
}  // namespace zxkh::store
