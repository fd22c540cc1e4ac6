// R-CAT-1/2 through the service: permissions, validation, state changes,
// import — on SQLite and PostgreSQL.
#include "service/catalog_service.hpp"

#include <gtest/gtest.h>

#include "docs/text_encoding.hpp"
#include "docs/xlsx_writer.hpp"
#include "service/seed.hpp"
#include "store/migrate.hpp"
#include "support/test_db.hpp"

namespace zxkh::service {
namespace {

using domain::Caller;
using domain::ProjectStatus;
using domain::Role;

Caller As(Role role) {
  Caller c;
  c.role = role;
  c.user_id = 1;
  return c;
}

class CatalogServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.SetDate(*Date::FromYmd(2026, 11, 27));
    ASSERT_TRUE(store::Migrate(tdb_.db()).ok());
    ASSERT_TRUE(SeedProductData(tdb_.db(), clock_).ok());
  }
  int64_t Total() {
    auto page = service_.List({});
    EXPECT_TRUE(page.ok());
    return page.ok() ? page->total : -1;
  }
  FakeClock clock_;
  test::TestDatabase tdb_;
  test::TempDir dir_;
  store::FileStore files_{dir_.path()};
  CatalogService service_{tdb_.db(), clock_, files_};
};

TEST_F(CatalogServiceTest, CityCreatesProjectWithCategoryFromCode) {
  auto p =
      service_.Create(As(Role::kCity), {"ZX03005", " 剪纸 ", "", "2023版"});
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->name, "剪纸");  // trimmed
  EXPECT_EQ(p->category, "手工制作");
  EXPECT_EQ(p->status, ProjectStatus::kActive);
  EXPECT_EQ(p->created_at, clock_.NowUnixMillis());
}

TEST_F(CatalogServiceTest, OnlyTheCityMaintainsTheCatalog) {
  for (Role r : {Role::kProvince, Role::kDistrict, Role::kInstitutionAdmin,
                 Role::kExaminer, Role::kCandidate}) {
    auto p = service_.Create(As(r), {"ZX03005", "剪纸", "", "2023版"});
    EXPECT_EQ(p.status().status_code(), StatusCode::kPermissionDenied)
        << domain::RoleName(r);
  }
  auto anon =
      service_.Create(Caller::Public(), {"ZX03005", "剪纸", "", "2023版"});
  EXPECT_EQ(anon.status().status_code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(Total(), 0);
}

TEST_F(CatalogServiceTest, BadDraftsAreRefusedWithTheField) {
  struct Case {
    domain::ProjectDraft draft;
    std::string code;
    std::string field;
  };
  const Case cases[] = {
      {{"ZX05001", "剪纸", "", "2023版"}, "catalog.code_invalid", "code"},
      {{"zx03005", "剪纸", "", "2023版"}, "catalog.code_invalid", "code"},
      {{"ZX03000", "剪纸", "", "2023版"}, "catalog.code_invalid", "code"},
      {{"ZX03005", "剪", "", "2023版"}, "catalog.name_invalid", "name"},
      {{"ZX03005", "　", "", "2023版"}, "catalog.name_invalid", "name"},
      {{"ZX03005", "剪纸", "种植", "2023版"},
       "catalog.category_mismatch",
       "category"},
      {{"ZX03005", "剪纸", "", ""},
       "catalog.version_invalid",
       "catalog_version"},
  };
  for (const Case& c : cases) {
    auto p = service_.Create(As(Role::kCity), c.draft);
    EXPECT_EQ(p.status().code(), c.code) << c.draft.code << " " << c.draft.name;
    EXPECT_EQ(p.status().field(), c.field);
    EXPECT_FALSE(p.status().message().empty());
  }
  EXPECT_EQ(Total(), 0);
}

TEST_F(CatalogServiceTest, RetireAndReinstateFollowTheStateDiagram) {
  ASSERT_TRUE(
      service_.Create(As(Role::kCity), {"ZX04001", "电商直播", "", "2023版"})
          .ok());
  clock_.Advance(60'000);
  auto retired = service_.Retire(As(Role::kCity), "ZX04001");
  ASSERT_TRUE(retired.ok());
  EXPECT_EQ(retired->status, ProjectStatus::kRetired);
  EXPECT_EQ(retired->retired_at, clock_.NowUnixMillis());
  EXPECT_EQ(service_.Retire(As(Role::kCity), "ZX04001").status().code(),
            "catalog.already_retired");
  // R-CAT-2: a retired project refuses new use; history stays readable.
  EXPECT_EQ(domain::RequireActiveProject(*retired).code(),
            "catalog.project_retired");
  EXPECT_TRUE(service_.Get("ZX04001").ok());

  auto back = service_.Reinstate(As(Role::kCity), "ZX04001");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->status, ProjectStatus::kActive);
  EXPECT_FALSE(back->retired_at.has_value());
  EXPECT_EQ(service_.Reinstate(As(Role::kCity), "ZX04001").status().code(),
            "catalog.not_retired");
  EXPECT_EQ(service_.Retire(As(Role::kCity), "ZX04999").status().code(),
            "catalog.not_found");
}

TEST_F(CatalogServiceTest, UpdateKeepsTheCodeAndValidates) {
  ASSERT_TRUE(
      service_.Create(As(Role::kCity), {"ZX04001", "电商直播", "", "2023版"})
          .ok());
  auto p =
      service_.Update(As(Role::kCity), "ZX04001", {.name = "电商直播带货"});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->name, "电商直播带货");
  EXPECT_EQ(p->catalog_version, "2023版");
  auto bad = service_.Update(As(Role::kCity), "ZX04001", {.category = "种植"});
  EXPECT_EQ(bad.status().code(), "catalog.category_mismatch");
  EXPECT_EQ(service_.Get("ZX04001")->name, "电商直播带货");
}

TEST_F(CatalogServiceTest, ImportCsvInGbkCreatesUpdatesAndReportsBadRows) {
  ASSERT_TRUE(
      service_.Create(As(Role::kCity), {"ZX01001", "胶东花饽饽", "", "2023版"})
          .ok());
  const std::string utf8 =
      "项目代码,项目名称,类别,目录版本\n"
      "ZX01001,胶东花饽饽制作,食品制作,2023版\n"  // update (renamed)
      "ZX03005,剪纸,手工制作,2023版\n"            // create
      "ZX05001,错误类别,其它,2023版\n"            // bad code
      "ZX03006,贝雕工艺制作,种植,2023版\n"        // category mismatch
      "ZX03005,剪纸重复,手工制作,2023版\n"        // duplicate code in file
      "\n"
      "ZX04001,电商直播,,\n";  // create, defaults
  auto gbk = docs::Utf8ToGbk(utf8);
  ASSERT_TRUE(gbk.ok());
  auto report = service_.Import(As(Role::kCity), *gbk, "2024版");
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->rows, 6);
  EXPECT_EQ(report->created, 2);
  EXPECT_EQ(report->updated, 1);
  ASSERT_EQ(report->errors.size(), 3u);
  EXPECT_EQ(report->errors[0].row, 4);
  EXPECT_EQ(report->errors[0].column, "项目代码");
  EXPECT_EQ(report->errors[1].row, 5);
  EXPECT_EQ(report->errors[1].column, "类别");
  EXPECT_EQ(report->errors[2].row, 6);
  EXPECT_EQ(service_.Get("ZX01001")->name, "胶东花饽饽制作");
  EXPECT_EQ(service_.Get("ZX04001")->catalog_version, "2024版");
  EXPECT_EQ(service_.Get("ZX04001")->category, "其它");
  EXPECT_EQ(Total(), 3);

  // Importing the same file again changes nothing.
  auto again = service_.Import(As(Role::kCity), *gbk, "2024版");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->created, 0);
  EXPECT_EQ(again->updated, 0);
  EXPECT_EQ(again->unchanged, 3);
}

TEST_F(CatalogServiceTest, ImportXlsx) {
  auto xlsx = docs::WriteXlsx({docs::Sheet{
      .name = "目录",
      .header = {"项目代码", "项目名称"},
      .rows = {{"ZX02001", "玫瑰种植"}, {"ZX02002", "菌类栽培"}},
  }});
  ASSERT_TRUE(xlsx.ok()) << xlsx.status().ToString();
  auto report = service_.Import(As(Role::kCity), *xlsx, "2023版");
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->created, 2);
  EXPECT_TRUE(report->errors.empty());
  EXPECT_EQ(service_.Get("ZX02002")->category, "种植");
}

TEST_F(CatalogServiceTest, ImportRefusesFilesWithoutTheRequiredColumns) {
  auto r = service_.Import(As(Role::kCity), "代码,名字\nZX01001,x\n", "2023版");
  EXPECT_EQ(r.status().code(), "import.missing_column");
  auto garbage = service_.Import(
      As(Role::kCity), std::string("PK\x03\x04garbage", 11), "2023版");
  EXPECT_EQ(garbage.status().code(), "xlsx.invalid");
  EXPECT_EQ(Total(), 0);
}

TEST_F(CatalogServiceTest, ImportNameClashWithExistingProjectIsARowError) {
  ASSERT_TRUE(
      service_.Create(As(Role::kCity), {"ZX03005", "剪纸", "", "2023版"}).ok());
  auto r = service_.Import(
      As(Role::kCity), "项目代码,项目名称\nZX03001,剪纸\nZX03002,鲁绣制作\n",
      "2023版");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->errors.size(), 1u);
  EXPECT_EQ(r->errors[0].row, 2);
  EXPECT_EQ(r->created, 1);
  EXPECT_EQ(Total(), 2);
}

TEST_F(CatalogServiceTest, DemoSeedLoadsTheCatalogOnce) {
  auto first =
      SeedDemoData(tdb_.db(), clock_, PiiCipher::ForTesting("demo"), files_);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(*first);
  EXPECT_EQ(Total(), 18);
  EXPECT_EQ(service_.Get("ZX01002")->status, ProjectStatus::kRetired);
  auto second =
      SeedDemoData(tdb_.db(), clock_, PiiCipher::ForTesting("demo"), files_);
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(*second);
  EXPECT_EQ(Total(), 18);
}

}  // namespace
}  // namespace zxkh::service
