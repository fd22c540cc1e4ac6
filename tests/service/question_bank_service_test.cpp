// Question banks, rotation and sealing through the service, on SQLite and
// PostgreSQL (R-EXA-3): every rule is tried and refused with its code and a
// Chinese message; approvals, returns and new versions keep the history and
// the papers sessions already hold.
#include "service/question_bank_service.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <thread>

#include "docs/xlsx_writer.hpp"
#include "service/seed.hpp"
#include "store/migrate.hpp"
#include "support/question_bank_fixture.hpp"
#include "support/recruitment_fixture.hpp"
#include "support/test_db.hpp"

namespace zxkh::service {
namespace {

using domain::Caller;
using domain::VersionState;

bool HasChinese(const std::string& s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return true;
  }
  return false;
}

#define EXPECT_REFUSED(expr, expected_code)                   \
  do {                                                        \
    const Status st_ = (expr).status();                       \
    EXPECT_EQ(st_.code(), expected_code) << st_.ToString();   \
    EXPECT_TRUE(HasChinese(st_.message())) << st_.ToString(); \
  } while (0)

constexpr int64_t kHour = 3600 * 1000;

class QuestionBankServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.SetDate(*Date::FromYmd(2026, 11, 27), 9);
    ASSERT_TRUE(store::Migrate(tdb_.db()).ok());
    ASSERT_TRUE(SeedProductData(tdb_.db(), clock_).ok());
    auto demo = SeedDemoData(tdb_.db(), clock_, pii_, seed_files_);
    ASSERT_TRUE(demo.ok()) << demo.status().ToString();
    fx_ = std::make_unique<test::BankFixture>(tdb_.db(), clock_,
                                              dir_.path() + "/files");
  }

  QuestionBankService& svc() { return fx_->service(); }
  Caller C(const std::string& user) { return fx_->CallerOf(user); }
  int64_t Count(const std::string& sql) {
    auto r = tdb_.db().InTransaction(
        store::Database::Mode::kRead,
        [&](store::Connection& c) { return c.One(sql, {}); });
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->Int(0) : -1;
  }
  int64_t LogCount(const std::string& action) {
    return Count("SELECT COUNT(*) FROM audit_log WHERE action = '" + action +
                 "'");
  }
  std::string Temp(const std::string& bytes) {
    const std::string path =
        dir_.path() + "/upload-" + std::to_string(++temp_serial_);
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }

  FakeClock clock_;
  PiiCipher pii_ = PiiCipher::ForTesting("bank-test");
  test::TempDir dir_;
  store::FileStore seed_files_{dir_.path() + "/seed-files"};
  test::TestDatabase tdb_;
  std::unique_ptr<test::BankFixture> fx_;
  int temp_serial_ = 0;
  const std::string kInst = "inst-Z370211P001";
};

TEST_F(QuestionBankServiceTest, RubricOf99Or101IsRefused) {
  auto m = fx_->DraftBank(kInst, 0);
  auto low = svc().AddSet(C(kInst), m.version_id,
                          test::BankFixture::ValidSet("一", {40, 30, 29}));
  EXPECT_REFUSED(low, "bank.rubric_total");
  EXPECT_NE(low.status().message().find("99"), std::string::npos);
  EXPECT_EQ(low.status().field(), "rubric");
  auto high = svc().AddSet(C(kInst), m.version_id,
                           test::BankFixture::ValidSet("一", {40, 30, 31}));
  EXPECT_REFUSED(high, "bank.rubric_total");
  EXPECT_NE(high.status().message().find("101"), std::string::npos);
  auto ok = svc().AddSet(C(kInst), m.version_id,
                         test::BankFixture::ValidSet("一", {40, 30, 30}));
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  ASSERT_EQ(ok->sets.size(), 1u);
  // Editing it to 99 is refused as well and leaves it at 100.
  const int64_t set = ok->sets[0].set.id;
  EXPECT_REFUSED(svc().UpdateSet(C(kInst), m.version_id, set,
                                 test::BankFixture::ValidSet("一", {99})),
                 "bank.rubric_total");
  auto v = svc().GetVersion(C(kInst), m.version_id);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->sets[0].set.total_points, 100);
  service::SetInput no_task = test::BankFixture::ValidSet("二");
  no_task.tasks.clear();
  EXPECT_REFUSED(svc().AddSet(C(kInst), m.version_id, no_task), "bank.no_task");
}

TEST_F(QuestionBankServiceTest, SubmissionWithFourSetsIsRefused) {
  auto m = fx_->DraftBank(kInst, 4);
  auto four = svc().Submit(C(kInst), m.version_id);
  EXPECT_REFUSED(four, "bank.too_few_sets");
  EXPECT_NE(four.status().message().find("4"), std::string::npos);
  ASSERT_TRUE(
      svc()
          .AddSet(C(kInst), m.version_id, test::BankFixture::ValidSet("第五套"))
          .ok());
  auto five = svc().Submit(C(kInst), m.version_id);
  ASSERT_TRUE(five.ok()) << five.status().ToString();
  EXPECT_EQ(five->version.state, VersionState::kSubmitted);
  EXPECT_EQ(LogCount("bank.submit"), 1);
}

TEST_F(QuestionBankServiceTest, ProjectOutsideScopeIsRefused) {
  // ZX01004 belongs to Z370212Q001's scope, not to Z370211P001's.
  EXPECT_REFUSED(svc().CreateBank(C(kInst), "ZX01004"),
                 "bank.project_not_in_scope");
  EXPECT_REFUSED(svc().CreateBank(C(kInst), "ZX99999"),
                 "bank.project_not_in_scope");
  EXPECT_REFUSED(svc().AssignPaper(C(kInst), {"ZX01004", "S-outside",
                                              clock_.NowUnixMillis() + kHour}),
                 "bank.project_not_in_scope");
  auto m = fx_->DraftBank(kInst, 0);
  EXPECT_REFUSED(svc().CreateBank(C(kInst), m.project), "bank.exists");
  // Roles without banks.
  EXPECT_EQ(svc().CreateBank(C("city"), m.project).status().code(),
            "auth.forbidden");
}

TEST_F(QuestionBankServiceTest, OtherInstitutionsAndDistrictsSeeNotFound) {
  auto m = fx_->SubmittedBank(kInst);
  EXPECT_REFUSED(svc().GetBank(C("inst-Z370212Q001"), m.bank_id),
                 "bank.not_found");
  EXPECT_REFUSED(svc().GetVersion(C("inst-Z370212Q001"), m.version_id),
                 "bank.version_not_found");
  EXPECT_REFUSED(svc().GetVersion(C("district-370212"), m.version_id),
                 "bank.version_not_found");
  EXPECT_REFUSED(svc().AddSet(C("inst-Z370212Q001"), m.version_id,
                              test::BankFixture::ValidSet("x")),
                 "bank.version_not_found");
  auto list = svc().ListBanks(C("inst-Z370212Q001"), "");
  ASSERT_TRUE(list.ok());
  for (const auto& b : *list) EXPECT_NE(b.id, m.bank_id);
  // The bank's own district sees metadata, never content.
  auto district = svc().GetVersion(C("district-370211"), m.version_id);
  ASSERT_TRUE(district.ok()) << district.status().ToString();
  EXPECT_FALSE(district->content_visible);
  ASSERT_EQ(district->sets.size(), 5u);
  for (const auto& s : district->sets) {
    EXPECT_FALSE(s.content.has_value());
    EXPECT_EQ(s.set.total_points, 100);
  }
  // The institution and the city read an unsealed (submitted) version.
  for (const char* user : {"inst-Z370211P001-op", "city"}) {
    auto v = svc().GetVersion(C(user), m.version_id);
    ASSERT_TRUE(v.ok());
    ASSERT_TRUE(v->sets[0].content.has_value()) << user;
    EXPECT_EQ(v->sets[0].content->tasks[0].title, "花饽饽造型制作");
  }
  auto queue = svc().ListBanks(C("city"), "submitted");
  ASSERT_TRUE(queue.ok());
  bool found = false;
  for (const auto& b : *queue) found = found || b.id == m.bank_id;
  EXPECT_TRUE(found);
}

TEST_F(QuestionBankServiceTest, ReturnAndApproveTransitions) {
  auto m = fx_->SubmittedBank(kInst);
  // Submitted: the institution cannot edit it.
  EXPECT_REFUSED(
      svc().AddSet(C(kInst), m.version_id, test::BankFixture::ValidSet("x")),
      "bank.version_not_editable");
  EXPECT_REFUSED(svc().Submit(C(kInst), m.version_id), "bank.wrong_state");
  // Only the city decides.
  EXPECT_EQ(svc().Approve(C(kInst), m.version_id).status().code(),
            "auth.forbidden");
  EXPECT_EQ(svc().Approve(C("district-370211"), m.version_id).status().code(),
            "auth.forbidden");
  EXPECT_REFUSED(svc().Return(C("city"), m.version_id, "  "),
                 "bank.reason_required");
  auto returned =
      svc().Return(C("city"), m.version_id, "第 3 套评分标准不具体");
  ASSERT_TRUE(returned.ok()) << returned.status().ToString();
  EXPECT_EQ(returned->version.state, VersionState::kReturned);
  EXPECT_EQ(returned->version.return_reason, "第 3 套评分标准不具体");
  EXPECT_REFUSED(svc().Approve(C("city"), m.version_id), "bank.wrong_state");
  // Edited and resubmitted; the reasons stay in the history.
  auto edited =
      svc().UpdateSet(C(kInst), m.version_id, returned->sets[2].set.id,
                      test::BankFixture::ValidSet("第 3 套（修改）", {50, 50}));
  ASSERT_TRUE(edited.ok()) << edited.status().ToString();
  ASSERT_TRUE(svc().Submit(C(kInst), m.version_id).ok());
  auto approved = svc().Approve(C("city"), m.version_id);
  ASSERT_TRUE(approved.ok()) << approved.status().ToString();
  EXPECT_EQ(approved->version.state, VersionState::kApproved);
  EXPECT_EQ(approved->bank.approved_version_id, m.version_id);
  EXPECT_REFUSED(svc().Approve(C("city"), m.version_id), "bank.wrong_state");
  auto bank = svc().GetBank(C(kInst), m.bank_id);
  ASSERT_TRUE(bank.ok());
  std::vector<std::string> actions;
  bool reason_kept = false;
  for (const auto& e : bank->events) {
    actions.push_back(e.action);
    reason_kept = reason_kept || e.reason == "第 3 套评分标准不具体";
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"create", "submit", "return",
                                               "resubmit", "approve"}));
  EXPECT_TRUE(reason_kept);
  EXPECT_EQ(LogCount("bank.approve"), 1);
  EXPECT_EQ(LogCount("bank.return"), 1);

  // Sealed: nobody — institution and city included — sees the content.
  for (const char* user : {kInst.c_str(), "city"}) {
    auto v = svc().GetVersion(C(user), m.version_id);
    ASSERT_TRUE(v.ok());
    for (const auto& s : v->sets) {
      EXPECT_TRUE(s.set.sealed);
      EXPECT_FALSE(s.content.has_value()) << user;
      EXPECT_TRUE(s.attachments.empty());
    }
  }
  EXPECT_REFUSED(svc().Export(C(kInst), m.version_id), "bank.sealed");
  EXPECT_REFUSED(svc().Export(C("city"), m.version_id), "bank.sealed");
  EXPECT_REFUSED(
      svc().AddSet(C(kInst), m.version_id, test::BankFixture::ValidSet("x")),
      "bank.version_not_editable");
}

TEST_F(QuestionBankServiceTest, RotationNeverRepeatsTheSameSetTwiceInARow) {
  auto m = fx_->ApprovedBank(kInst);
  auto v = svc().GetVersion(C(kInst), m.version_id);
  ASSERT_TRUE(v.ok());
  std::vector<int64_t> order;
  for (const auto& s : v->sets) order.push_back(s.set.id);
  ASSERT_EQ(order.size(), 5u);
  const int64_t start = clock_.NowUnixMillis() + 24 * kHour;
  std::optional<int64_t> previous;
  for (int i = 0; i < 11; ++i) {
    auto p = svc().AssignPaper(
        C(kInst), {m.project, "S-" + std::to_string(i), start + i * kHour});
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    if (previous) {
      EXPECT_NE(p->set_id, *previous) << "session " << i;
    }
    EXPECT_EQ(p->set_id, order[i % 5]);
    EXPECT_EQ(p->version_id, m.version_id);
    previous = p->set_id;
  }
  EXPECT_REFUSED(svc().AssignPaper(C(kInst), {m.project, "S-3", start}),
                 "paper.exists");
  // Only the institution admin assigns (issue 6: session creation).
  EXPECT_EQ(
      svc()
          .AssignPaper(C("inst-Z370211P001-op"), {m.project, "S-op", start})
          .status()
          .code(),
      "auth.forbidden");
  // A bank without an approved version has nothing to rotate.
  auto draft = fx_->DraftBank(kInst);
  EXPECT_REFUSED(svc().AssignPaper(C(kInst), {draft.project, "S-d", start}),
                 "bank.no_approved_sets");
  EXPECT_EQ(LogCount("paper.assign"), 11);
}

TEST_F(QuestionBankServiceTest, TwoServersAssigningAtOnceNeverRepeatASet) {
  auto m = fx_->ApprovedBank(kInst);
  auto pool_a = tdb_.OpenPool(2);
  auto pool_b = tdb_.OpenPool(2);
  store::FileStore files(dir_.path() + "/files");
  QuestionBankService a(*pool_a, clock_, files);
  QuestionBankService b(*pool_b, clock_, files);
  const Caller admin = C(kInst);
  const int64_t start = clock_.NowUnixMillis() + kHour;
  auto run = [&](QuestionBankService& svc, const std::string& prefix) {
    for (int i = 0; i < 6; ++i) {
      auto p = svc.AssignPaper(
          admin, {m.project, prefix + std::to_string(i), start + i * kHour});
      EXPECT_TRUE(p.ok()) << p.status().ToString();
    }
  };
  std::thread ta([&] { run(a, "A-"); });
  std::thread tb([&] { run(b, "B-"); });
  ta.join();
  tb.join();
  auto rows = tdb_.db().InTransaction(
      store::Database::Mode::kRead, [&](store::Connection& c) {
        return c.Rows(
            "SELECT set_id FROM paper_assignments WHERE project_code = ? "
            "ORDER BY assigned_at, id",
            {m.project});
      });
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 12u);
  for (std::size_t i = 1; i < rows->size(); ++i) {
    EXPECT_NE((*rows)[i].Int(0), (*rows)[i - 1].Int(0)) << "assignment " << i;
  }
}

TEST_F(QuestionBankServiceTest, PaperSealedUntilTheStartAndEveryReadLogged) {
  auto m = fx_->ApprovedBank(kInst);
  const int64_t start = clock_.NowUnixMillis() + 2 * kHour;
  auto p = svc().AssignPaper(C(kInst), {m.project, "S-seal", start});
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  const int64_t reads_before = LogCount("paper.read");
  clock_.Set(start - 1000);  // one second before the start
  EXPECT_REFUSED(svc().ReadPaper(C(kInst), p->id), "bank.sealed");
  EXPECT_REFUSED(svc().ReadPaper(C("city"), p->id), "bank.sealed");
  EXPECT_EQ(LogCount("paper.read"), reads_before);
  clock_.Set(start);  // at the start
  auto paper = svc().ReadPaper(C(kInst), p->id);
  ASSERT_TRUE(paper.ok()) << paper.status().ToString();
  EXPECT_EQ(paper->content.id, p->set_id);
  ASSERT_EQ(paper->content.tasks.size(), 1u);
  EXPECT_EQ(paper->content.tasks[0].duration_minutes, 120);
  int total = 0;
  for (const auto& r : paper->content.rubric) total += r.max_points;
  EXPECT_EQ(total, 100);
  ASSERT_TRUE(svc().ReadPaper(C("city"), p->id).ok());
  ASSERT_TRUE(svc().ReadPaper(C("inst-Z370211P001-op"), p->id).ok());
  EXPECT_EQ(LogCount("paper.read"), reads_before + 3);
  // Outside scope: not found; districts never read papers.
  EXPECT_REFUSED(svc().ReadPaper(C("inst-Z370212Q001"), p->id),
                 "paper.not_found");
  EXPECT_EQ(svc().ReadPaper(C("district-370211"), p->id).status().code(),
            "auth.forbidden");
  auto list = svc().ListPapers(C("district-370211"));
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(std::any_of(list->begin(), list->end(),
                          [&](const auto& x) { return x.id == p->id; }));
  auto foreign = svc().ListPapers(C("district-370212"));
  ASSERT_TRUE(foreign.ok());
  EXPECT_TRUE(foreign->empty());
}

TEST_F(QuestionBankServiceTest, NewVersionKeepsOldAssignments) {
  auto m = fx_->ApprovedBank(kInst);
  const int64_t start = clock_.NowUnixMillis() + kHour;
  auto first = svc().AssignPaper(C(kInst), {m.project, "S-v1", start});
  ASSERT_TRUE(first.ok());
  EXPECT_REFUSED(svc().OpenVersion(C(kInst), fx_->DraftBank(kInst).bank_id),
                 "bank.version_open");  // its version 1 is still open
  auto v2 = svc().OpenVersion(C(kInst), m.bank_id);
  ASSERT_TRUE(v2.ok()) << v2.status().ToString();
  EXPECT_EQ(v2->version.number, 2);
  EXPECT_REFUSED(svc().OpenVersion(C(kInst), m.bank_id), "bank.version_open");
  ASSERT_EQ(v2->sets.size(), 5u);
  for (const auto& s : v2->sets) {
    EXPECT_TRUE(s.carried);
    EXPECT_TRUE(s.set.sealed);
    EXPECT_FALSE(s.content.has_value());  // carried over still sealed
  }
  const int64_t v2id = v2->version.id;
  // A carried set cannot be changed, only withdrawn.
  EXPECT_REFUSED(svc().UpdateSet(C(kInst), v2id, first->set_id,
                                 test::BankFixture::ValidSet("改")),
                 "bank.set_sealed");
  ASSERT_TRUE(svc().RemoveSet(C(kInst), v2id, first->set_id).ok());
  auto added =
      svc().AddSet(C(kInst), v2id, test::BankFixture::ValidSet("新增"));
  ASSERT_TRUE(added.ok());
  ASSERT_EQ(added->sets.size(), 5u);
  EXPECT_TRUE(added->sets.back().content.has_value());
  // Until approved, sessions still use version 1.
  auto during = svc().AssignPaper(C(kInst), {m.project, "S-during", start});
  ASSERT_TRUE(during.ok());
  EXPECT_EQ(during->version_id, m.version_id);
  ASSERT_TRUE(svc().Submit(C(kInst), v2id).ok());
  ASSERT_TRUE(svc().Approve(C("city"), v2id).ok());
  auto v1 = svc().GetVersion(C(kInst), m.version_id);
  ASSERT_TRUE(v1.ok());
  EXPECT_EQ(v1->version.state, VersionState::kSuperseded);
  // The old assignments keep their version and set.
  auto papers = svc().ListPapers(C(kInst));
  ASSERT_TRUE(papers.ok());
  for (const auto& p : *papers) {
    if (p.session_ref == "S-v1") {
      EXPECT_EQ(p.version_id, m.version_id);
      EXPECT_EQ(p.set_id, first->set_id);
    }
  }
  clock_.Set(start);
  auto old_paper = svc().ReadPaper(C(kInst), first->id);
  ASSERT_TRUE(old_paper.ok()) << old_paper.status().ToString();
  EXPECT_EQ(old_paper->assignment.version_id, m.version_id);
  // New sessions rotate over version 2, never repeating the previous set,
  // never the withdrawn one.
  auto next = svc().AssignPaper(C(kInst), {m.project, "S-v2", start + kHour});
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->version_id, v2id);
  EXPECT_NE(next->set_id, during->set_id);
  EXPECT_NE(next->set_id, first->set_id);
}

TEST_F(QuestionBankServiceTest, ImportFillsADraftOrWritesNothing) {
  auto tmpl = svc().Template();
  ASSERT_TRUE(tmpl.ok()) << tmpl.status().ToString();
  auto m = fx_->DraftBank(kInst, 1);
  // The template itself imports (its one example set).
  auto one = svc().Import(C(kInst), m.version_id, Temp(tmpl->bytes));
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_TRUE(one->errors.empty());
  EXPECT_EQ(one->imported_sets, 1);
  ASSERT_EQ(one->version->sets.size(), 1u);  // replaced the draft's own set

  const std::vector<std::string> header = {
      "套号",       "套题名称", "行类型", "标题或评分项", "操作要求或评分标准",
      "时长(分钟)", "材料设备", "分值"};
  auto workbook = [&](int sets, int bad_set_points) {
    docs::Sheet s;
    s.header = header;
    for (int i = 1; i <= sets; ++i) {
      const std::string n = std::to_string(i);
      s.rows.push_back({n, "第 " + n + " 套", "任务", "寿桃造型", "按图样制作",
                        "90", "面粉"});
      s.rows.push_back({n, "", "评分", "造型", "形态饱满", "", "", "60"});
      s.rows.push_back({n, "", "评分", "色泽", "点色自然", "", "", "40"});
    }
    if (bad_set_points > 0)
      s.rows[2 * 3 + 2][7] = std::to_string(bad_set_points);
    auto bytes = docs::WriteXlsx({s});
    EXPECT_TRUE(bytes.ok());
    return bytes.ok() ? *bytes : std::string();
  };
  // Set 3 sums to 99: the error names its row, nothing is written.
  std::string bad = workbook(5, 39);
  auto refused = svc().Import(C(kInst), m.version_id, Temp(bad));
  ASSERT_TRUE(refused.ok()) << refused.status().ToString();
  ASSERT_EQ(refused->errors.size(), 1u);
  EXPECT_EQ(refused->errors[0].row, 8);  // set 3 starts on file row 8
  EXPECT_EQ(refused->errors[0].column, "分值");
  EXPECT_NE(refused->errors[0].message.find("99"), std::string::npos);
  EXPECT_FALSE(refused->version.has_value());
  auto unchanged = svc().GetVersion(C(kInst), m.version_id);
  ASSERT_TRUE(unchanged.ok());
  EXPECT_EQ(unchanged->sets.size(), 1u);

  auto good = svc().Import(C(kInst), m.version_id, Temp(workbook(5, 0)));
  ASSERT_TRUE(good.ok()) << good.status().ToString();
  EXPECT_TRUE(good->errors.empty());
  EXPECT_EQ(good->imported_sets, 5);
  ASSERT_TRUE(svc().Submit(C(kInst), m.version_id).ok());
  // Export of the unsealed (submitted) version reads back the same sets.
  auto exported = svc().Export(C("city"), m.version_id);
  ASSERT_TRUE(exported.ok()) << exported.status().ToString();
  auto m2 = fx_->DraftBank(kInst, 0);
  auto again = svc().Import(C(kInst), m2.version_id, Temp(exported->bytes));
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->errors.empty());
  EXPECT_EQ(again->imported_sets, 5);
  // Not editable any more: refused before reading the file.
  EXPECT_REFUSED(svc().Import(C(kInst), m.version_id, Temp(bad)),
                 "bank.version_not_editable");
}

TEST_F(QuestionBankServiceTest, AttachmentsAreSealedWithTheirSet) {
  auto m = fx_->DraftBank(kInst, 5);
  auto v = svc().GetVersion(C(kInst), m.version_id);
  ASSERT_TRUE(v.ok());
  const int64_t set = v->sets[0].set.id;
  const std::string png = test::TinyPng();
  EXPECT_REFUSED(
      svc().UploadAttachment(C(kInst), set, 3, Temp(png), "图样.png"),
      "bank.task_not_found");
  auto a = svc().UploadAttachment(C(kInst), set, 0, Temp(png), "图样.png");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  auto got = svc().DownloadAttachment(C("city"), set, a->id);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->bytes, png);
  EXPECT_REFUSED(svc().DownloadAttachment(C("inst-Z370212Q001"), set, a->id),
                 "bank.not_found");
  ASSERT_TRUE(svc().Submit(C(kInst), m.version_id).ok());
  ASSERT_TRUE(svc().Approve(C("city"), m.version_id).ok());
  EXPECT_REFUSED(svc().DownloadAttachment(C(kInst), set, a->id), "bank.sealed");
  EXPECT_REFUSED(svc().UploadAttachment(C(kInst), set, 0, Temp(png), "x.png"),
                 "bank.set_sealed");
}

}  // namespace
}  // namespace zxkh::service
