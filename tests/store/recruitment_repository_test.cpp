// Store contract for institutions, recruitment records and notifications,
// on SQLite and PostgreSQL: code counters never hand out a serial twice,
// even to two pools at once; state writes are guarded; uploads supersede.
#include "store/recruitment_repository.hpp"

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "domain/account.hpp"
#include "domain/region.hpp"
#include "store/account_repository.hpp"
#include "store/catalog_repository.hpp"
#include "store/institution_repository.hpp"
#include "store/migrate.hpp"
#include "store/notification_repository.hpp"
#include "store/region_repository.hpp"
#include "support/test_db.hpp"

namespace zxkh::store {
namespace {

using domain::ApplicationState;

class RecruitmentRepositoryTest : public ::testing::Test {
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
                  return Status::Ok();
                }).ok());
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
  int64_t NewUser(const std::string& username, domain::Role role,
                  bool disabled = false) {
    domain::Account a;
    a.username = username;
    a.display_name = username;
    a.password_hash = "x";
    a.role = role;
    auto id = Write([&](Connection& c) -> Result<int64_t> {
      ZXKH_ASSIGN_OR_RETURN(int64_t id, AccountRepository(c).Insert(a));
      if (disabled) {
        ZXKH_RETURN_IF_ERROR(
            c.Exec("UPDATE users SET disabled = 1 WHERE id = ?", {id})
                .status());
      }
      return id;
    });
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : -1;
  }

  test::TestDatabase tdb_;
};

TEST_F(RecruitmentRepositoryTest, CodeCountersStartAtOneAndNeverGoBack) {
  auto next = [&](const char* district, char letter) {
    auto n = Write([&](Connection& c) {
      return InstitutionRepository(c).NextCodeSerial(district, letter);
    });
    EXPECT_TRUE(n.ok()) << n.status().ToString();
    return n.ok() ? *n : -1;
  };
  EXPECT_EQ(next("370211", 'P'), 1);
  EXPECT_EQ(next("370211", 'P'), 2);
  EXPECT_EQ(next("370212", 'P'), 1);
  EXPECT_EQ(next("370211", 'Q'), 1);
  // Institutions loaded with their codes raise the counters to the highest
  // serial, and a sync never lowers one.
  const int64_t a = NewInstitution("甲", "52370213MJA000007", "370213");
  const int64_t b = NewInstitution("乙", "52370211MJA000001", "370211");
  ASSERT_TRUE(Write([&](Connection& c) -> Status {
                InstitutionRepository repo(c);
                ZXKH_RETURN_IF_ERROR(repo.Activate(a, "Z370213Y007", 1));
                ZXKH_RETURN_IF_ERROR(repo.Activate(b, "Z370211P001", 1));
                return repo.SyncCodeCounters();
              }).ok());
  EXPECT_EQ(next("370213", 'Y'), 8);
  EXPECT_EQ(next("370211", 'P'), 3);
  // Activate keeps a code once given.
  ASSERT_TRUE(Write([&](Connection& c) {
                return InstitutionRepository(c).Activate(a, "Z370213Y999", 2);
              }).ok());
  auto row =
      Write([&](Connection& c) { return InstitutionRepository(c).Get(a); });
  EXPECT_EQ(row->code, "Z370213Y007");
  EXPECT_EQ(row->district_name, "李沧区");
}

TEST_F(RecruitmentRepositoryTest, TwoPoolsTakingSerialsAtOnceNeverShareOne) {
  auto pool1 = tdb_.OpenPool(2);
  auto pool2 = tdb_.OpenPool(2);
  std::vector<int> got1, got2;
  auto take = [](Database& db, std::vector<int>& out) {
    for (int i = 0; i < 15; ++i) {
      auto n = db.InTransaction(Database::Mode::kWrite, [](Connection& c) {
        return InstitutionRepository(c).NextCodeSerial("370281", 'T');
      });
      if (n.ok()) out.push_back(*n);
    }
  };
  std::thread t1([&] { take(*pool1, got1); });
  std::thread t2([&] { take(*pool2, got2); });
  t1.join();
  t2.join();
  std::set<int> all(got1.begin(), got1.end());
  all.insert(got2.begin(), got2.end());
  EXPECT_EQ(got1.size() + got2.size(), 30u);
  EXPECT_EQ(all.size(), 30u);
  EXPECT_EQ(*all.begin(), 1);
  EXPECT_EQ(*all.rbegin(), 30);
}

TEST_F(RecruitmentRepositoryTest, InstitutionUniquenessIsReportedPrecisely) {
  NewInstitution("青岛测试学校", "52370211MJA00000X", "370211");
  InstitutionRow dup;
  dup.name = "另一所学校";
  dup.credit_code = "52370211MJA00000X";
  dup.district_code = "370211";
  auto taken = Write(
      [&](Connection& c) { return InstitutionRepository(c).Insert(dup); });
  EXPECT_EQ(taken.status().code(), "institution.credit_code_taken");
  dup.credit_code = "52370211MJA00000Y";
  dup.name = "青岛测试学校";
  taken = Write(
      [&](Connection& c) { return InstitutionRepository(c).Insert(dup); });
  EXPECT_EQ(taken.status().code(), "institution.name_taken");
}

TEST_F(RecruitmentRepositoryTest, StateWritesAreGuardedAndUploadsSupersede) {
  const int64_t inst =
      NewInstitution("青岛测试学校", "52370211MJA00000X", "370211");
  const int64_t user = NewUser("inst-user", domain::Role::kInstitutionAdmin);
  ASSERT_TRUE(Write([](Connection& c) {
                return CatalogRepository(c).Insert(
                    {"ZX03005", "剪纸", "手工制作", "2023版"}, 1);
              }).ok());
  auto id = Write([&](Connection& c) -> Result<int64_t> {
    RecruitmentRepository repo(c);
    ZXKH_ASSIGN_OR_RETURN(int64_t id, repo.InsertApplication(inst, 10));
    ZXKH_RETURN_IF_ERROR(repo.SetProjects(id, {"ZX03005"}));
    return id;
  });
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  auto a =
      Write([&](Connection& c) { return RecruitmentRepository(c).Get(*id); });
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->state, ApplicationState::kDraft);
  EXPECT_EQ(a->district_name, "黄岛区");
  ApplicationRow submitted = *a;
  submitted.state = ApplicationState::kSubmitted;
  submitted.submission_count = 1;
  EXPECT_TRUE(Write([&](Connection& c) {
                return RecruitmentRepository(c).Save(submitted,
                                                     ApplicationState::kDraft);
              }).ok());
  // A second writer that read DRAFT too is told to retry.
  Status stale = tdb_.db().Transact(Database::Mode::kWrite, [&](Connection& c) {
    return RecruitmentRepository(c).Save(submitted, ApplicationState::kDraft);
  });
  EXPECT_EQ(stale.code(), "store.conflict");

  for (const char* sha : {"aa", "bb"}) {
    ASSERT_TRUE(Write([&](Connection& c) -> Status {
                  ZXKH_RETURN_IF_ERROR(
                      c.Exec("INSERT INTO files (sha256, size_bytes, "
                             "media_type, created_at) "
                             "VALUES (?, 1, 'application/pdf', 1)",
                             {std::string(sha)})
                          .status());
                  MaterialRow m;
                  m.application_id = *id;
                  m.material = {domain::MaterialType::kWorkPlan,
                                "",
                                sha,
                                "方案.pdf",
                                "application/pdf",
                                1};
                  m.uploaded_by = user;
                  return RecruitmentRepository(c).InsertMaterial(m).status();
                }).ok());
  }
  auto current = Write([&](Connection& c) {
    return RecruitmentRepository(c).CurrentMaterials(*id);
  });
  ASSERT_EQ(current->size(), 1u);
  EXPECT_EQ((*current)[0].material.file_sha256, "bb");
  auto history = Write([&](Connection& c) {
    return RecruitmentRepository(c).MaterialHistory(*id);
  });
  ASSERT_EQ(history->size(), 2u);
  EXPECT_TRUE((*history)[1].superseded);
}

TEST_F(RecruitmentRepositoryTest,
       NotificationsGoToEnabledAccountsAndAreReadByTheirOwner) {
  const int64_t city1 = NewUser("city-a", domain::Role::kCity);
  const int64_t city2 = NewUser("city-b", domain::Role::kCity);
  NewUser("city-gone", domain::Role::kCity, /*disabled=*/true);
  NewUser("province", domain::Role::kProvince);
  ASSERT_TRUE(Write([](Connection& c) {
                return NotificationRepository(c).ToRole(
                    "CITY", {"标题", "正文", "/x"}, 5);
              }).ok());
  auto page = Write([&](Connection& c) {
    return NotificationRepository(c).List(city1, false, PageRequest{});
  });
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->total, 1);
  EXPECT_EQ(page->items[0].title, "标题");
  auto total = Write([](Connection& c) {
    return c.One("SELECT COUNT(*) FROM notifications", {});
  });
  EXPECT_EQ(total->Int(0), 2);  // the disabled account gets none
  const int64_t note = page->items[0].id;
  auto foreign = Write([&](Connection& c) {
    return NotificationRepository(c).MarkRead(city2, note, 6);
  });
  EXPECT_EQ(foreign.status().code(), "notification.not_found");
  auto read = Write([&](Connection& c) {
    return NotificationRepository(c).MarkRead(city1, note, 6);
  });
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->read_at, 6);
  auto unread = Write([&](Connection& c) {
    return NotificationRepository(c).CountUnread(city1);
  });
  EXPECT_EQ(*unread, 0);
}

}  // namespace
}  // namespace zxkh::store
