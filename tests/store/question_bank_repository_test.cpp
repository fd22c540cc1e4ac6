// Store contract for question banks on SQLite and PostgreSQL: one bank per
// institution and project, guarded version writes, sets shared by reference
// between versions, sealed sets never deleted, one paper per session.
#include "store/question_bank_repository.hpp"

#include <gtest/gtest.h>

#include "domain/region.hpp"
#include "store/catalog_repository.hpp"
#include "store/institution_repository.hpp"
#include "store/migrate.hpp"
#include "store/region_repository.hpp"
#include "support/test_db.hpp"

namespace zxkh::store {
namespace {

using domain::VersionState;

class QuestionBankRepositoryTest : public ::testing::Test {
 protected:
  template <typename Fn>
  auto Write(Fn fn) {
    return tdb_.db().InTransaction(Database::Mode::kWrite, fn);
  }
  void SetUp() override {
    ASSERT_TRUE(Migrate(tdb_.db()).ok());
    auto st = Write([&](Connection& c) -> Status {
      for (const auto& r : domain::QingdaoRegions()) {
        ZXKH_RETURN_IF_ERROR(RegionRepository(c).Upsert(r));
      }
      ZXKH_RETURN_IF_ERROR(
          CatalogRepository(c)
              .Insert({"ZX01001", "胶东花饽饽制作", "食品制作", "2023版"}, 1)
              .status());
      InstitutionRow row;
      row.name = "测试培训学校";
      row.credit_code = "52370211MJD12345X";
      row.type = domain::InstitutionType::kTraining;
      row.district_code = "370211";
      row.status = "active";
      ZXKH_ASSIGN_OR_RETURN(inst_, InstitutionRepository(c).Insert(row));
      return Status::Ok();
    });
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  static domain::QuestionSet Content(const std::string& title) {
    domain::QuestionSet s;
    s.title = title;
    s.tasks = {{"寿桃造型", "按图样制作", 90, "面粉"},
               {"发酵判定", "", 15, ""}};
    s.rubric = {{"造型", 60, "每处缺陷扣 5 分"}, {"色泽", 40, ""}};
    return s;
  }

  test::TestDatabase tdb_;
  int64_t inst_ = 0;
};

TEST_F(QuestionBankRepositoryTest, BanksVersionsAndSetsByReference) {
  auto r = Write([&](Connection& c) -> Status {
    QuestionBankRepository repo(c);
    ZXKH_ASSIGN_OR_RETURN(int64_t bank, repo.InsertBank(inst_, "ZX01001", 10));
    ZXKH_ASSIGN_OR_RETURN(
        int64_t v1,
        repo.InsertVersion(bank, 1, VersionState::kDraft, std::nullopt, 10));
    std::vector<int64_t> sets;
    for (int i = 0; i < 3; ++i) {
      ZXKH_ASSIGN_OR_RETURN(int64_t s, repo.InsertSet(bank, v1, "套", 10));
      ZXKH_RETURN_IF_ERROR(repo.ReplaceContent(
          s, Content("第 " + std::to_string(i) + " 套"), 11));
      ZXKH_RETURN_IF_ERROR(repo.LinkSet(v1, s));
      sets.push_back(s);
    }
    ZXKH_ASSIGN_OR_RETURN(auto listed, repo.VersionSets(v1));
    EXPECT_EQ(listed.size(), 3u);
    EXPECT_EQ(listed[1].id, sets[1]);
    EXPECT_EQ(listed[1].position, 2);
    EXPECT_EQ(listed[1].title, "第 1 套");
    EXPECT_EQ(listed[1].task_count, 2);
    EXPECT_EQ(listed[1].total_points, 100);
    ZXKH_ASSIGN_OR_RETURN(domain::QuestionSet content,
                          repo.SetContent(sets[0]));
    EXPECT_EQ(content.tasks[1].title, "发酵判定");
    EXPECT_EQ(content.rubric[0].standard, "每处缺陷扣 5 分");

    // Guarded state writes.
    ZXKH_ASSIGN_OR_RETURN(VersionRow v, repo.GetVersion(v1));
    v.state = VersionState::kSubmitted;
    EXPECT_EQ(repo.SaveVersion(v, VersionState::kReturned).code(),
              "store.conflict");
    ZXKH_RETURN_IF_ERROR(repo.SaveVersion(v, VersionState::kDraft));
    ZXKH_ASSIGN_OR_RETURN(BankRow b, repo.GetBank(bank));
    EXPECT_EQ(b.open_state, VersionState::kSubmitted);
    EXPECT_EQ(b.project_name, "胶东花饽饽制作");

    // Approval seals; a new version shares the sets, order kept.
    v.state = VersionState::kApproved;
    ZXKH_RETURN_IF_ERROR(repo.SaveVersion(v, VersionState::kSubmitted));
    ZXKH_RETURN_IF_ERROR(repo.SealSets(v1, 12));
    ZXKH_RETURN_IF_ERROR(repo.SetApprovedVersion(bank, v1, 12));
    ZXKH_ASSIGN_OR_RETURN(
        int64_t v2,
        repo.InsertVersion(bank, 2, VersionState::kDraft, std::nullopt, 13));
    ZXKH_RETURN_IF_ERROR(repo.CopyLinks(v1, v2));
    ZXKH_RETURN_IF_ERROR(repo.UnlinkSet(v2, sets[0]));
    ZXKH_ASSIGN_OR_RETURN(auto carried, repo.VersionSets(v2));
    EXPECT_EQ(carried.size(), 2u);
    EXPECT_TRUE(carried[0].sealed);
    EXPECT_EQ(carried[0].id, sets[1]);
    ZXKH_ASSIGN_OR_RETURN(auto old, repo.VersionSets(v1));
    EXPECT_EQ(old.size(), 3u);  // the withdrawn set stays in version 1
    EXPECT_EQ(repo.DeleteSet(sets[0]).code(), "bank.set_sealed");
    ZXKH_ASSIGN_OR_RETURN(content, repo.SetContent(sets[0]));
    EXPECT_EQ(content.tasks.size(), 2u);
    ZXKH_ASSIGN_OR_RETURN(b, repo.GetBank(bank));
    EXPECT_EQ(b.approved_number, 1);
    EXPECT_EQ(b.open_number, 2);
    return Status::Ok();
  });
  ASSERT_TRUE(r.ok()) << r.ToString();
  // One bank per institution and project.
  auto dup = Write([&](Connection& c) {
    return QuestionBankRepository(c).InsertBank(inst_, "ZX01001", 20);
  });
  EXPECT_EQ(dup.status().code(), "store.unique_violation");
}

TEST_F(QuestionBankRepositoryTest, OnePaperPerSessionAndTheLastAssignedSet) {
  auto r = Write([&](Connection& c) -> Status {
    QuestionBankRepository repo(c);
    ZXKH_ASSIGN_OR_RETURN(int64_t bank, repo.InsertBank(inst_, "ZX01001", 10));
    ZXKH_ASSIGN_OR_RETURN(
        int64_t v,
        repo.InsertVersion(bank, 1, VersionState::kApproved, std::nullopt, 10));
    ZXKH_ASSIGN_OR_RETURN(int64_t s1, repo.InsertSet(bank, v, "一", 10));
    ZXKH_ASSIGN_OR_RETURN(int64_t s2, repo.InsertSet(bank, v, "二", 10));
    ZXKH_ASSIGN_OR_RETURN(auto none, repo.LastAssignedSet(inst_, "ZX01001"));
    EXPECT_FALSE(none.has_value());
    PaperRow p;
    p.institution_id = inst_;
    p.project_code = "ZX01001";
    p.bank_id = bank;
    p.version_id = v;
    p.session_ref = "S-1";
    p.set_id = s1;
    p.session_start = 5000;  // a later session assigned first
    p.assigned_at = 100;
    ZXKH_RETURN_IF_ERROR(repo.InsertPaper(p).status());
    p.session_ref = "S-2";
    p.set_id = s2;
    p.session_start = 4000;
    p.assigned_at = 200;
    ZXKH_ASSIGN_OR_RETURN(int64_t id2, repo.InsertPaper(p));
    ZXKH_ASSIGN_OR_RETURN(auto last, repo.LastAssignedSet(inst_, "ZX01001"));
    EXPECT_EQ(last, s2);  // by assignment order
    ZXKH_ASSIGN_OR_RETURN(PaperRow got, repo.GetPaper(id2));
    EXPECT_EQ(got.set_title, "二");
    EXPECT_EQ(got.version_number, 1);
    ZXKH_ASSIGN_OR_RETURN(auto found, repo.FindPaperByRef("S-1"));
    EXPECT_TRUE(found.has_value());
    ZXKH_ASSIGN_OR_RETURN(auto all, repo.ListPapers(BankFilter{}));
    EXPECT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].session_ref, "S-1");  // newest session first
    return Status::Ok();
  });
  ASSERT_TRUE(r.ok()) << r.ToString();
  auto dup = Write([&](Connection& c) -> Result<int64_t> {
    QuestionBankRepository repo(c);
    ZXKH_ASSIGN_OR_RETURN(auto p, repo.FindPaperByRef("S-1"));
    p->id = 0;
    return repo.InsertPaper(*p);
  });
  EXPECT_EQ(dup.status().code(), "store.unique_violation");
}

}  // namespace
}  // namespace zxkh::store
