// Annual plans and the announcement (R-EXA-5) through the service, on SQLite
// and PostgreSQL: every rule is tried and refused with its code and a
// Chinese message; the flow draft → submitted → returned → submitted →
// approved → published runs end to end, with events, notifications,
// operation-log entries and the announcement PDF.
#include "service/annual_plan_service.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "service/notification_service.hpp"
#include "service/seed.hpp"
#include "store/migrate.hpp"
#include "support/recruitment_fixture.hpp"
#include "support/test_db.hpp"

namespace zxkh::service {
namespace {

using domain::Caller;
using domain::PlanState;

bool HaveTool(const char* name) {
  return std::system(("command -v " + std::string(name) + " >/dev/null 2>&1")
                         .c_str()) == 0;
}

std::string RunCommand(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  pclose(pipe);
  return out;
}

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

PlanItemInput Item(std::string project, std::string months = "3,6",
                   std::string date = "2028-03-18") {
  PlanItemInput in;
  in.project_code = std::move(project);
  in.months = std::move(months);
  in.exam_date = std::move(date);
  in.expected_count = 50;
  in.venue = "黄岛区长江中路216号实训楼";
  in.requirements = "年满16周岁";
  in.fee_fen = 15000;
  in.contact_name = "王老师";
  in.contact_phone = "0532-86981234";
  return in;
}

class AnnualPlanServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.SetDate(*Date::FromYmd(2026, 11, 27), 9);
    ASSERT_TRUE(store::Migrate(tdb_.db()).ok());
    ASSERT_TRUE(SeedProductData(tdb_.db(), clock_).ok());
    auto demo = SeedDemoData(tdb_.db(), clock_, pii_, files_);
    ASSERT_TRUE(demo.ok()) << demo.status().ToString();
    fx_ = std::make_unique<test::RecruitmentFixture>(tdb_.db(), clock_,
                                                     dir_.path() + "/files");
    plans_ = std::make_unique<AnnualPlanService>(tdb_.db(), clock_, files_);
  }

  AnnualPlanService& plans() { return *plans_; }
  Caller C(const std::string& user) { return fx_->CallerOf(user); }

  int64_t Count(const std::string& sql) {
    auto r = tdb_.db().InTransaction(
        store::Database::Mode::kRead,
        [&](store::Connection& c) { return c.One(sql, {}); });
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->Int(0) : -1;
  }

  std::vector<std::string> NotificationTitles(const std::string& user) {
    NotificationService notes(tdb_.db(), clock_);
    auto page = notes.List(C(user), false, PageRequest{1, 200});
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    std::vector<std::string> out;
    if (page.ok()) {
      for (const auto& n : page->page.items) out.push_back(n.title);
    }
    return out;
  }

  // A 2028 plan of inst-Z370211P001 with one item of ZX01001.
  int64_t Draft2028(const std::string& user = "inst-Z370211P001") {
    auto created = plans().Create(C(user), 2028);
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    if (!created.ok()) return -1;
    const std::string project =
        created->plannable.empty() ? "" : created->plannable.front().code;
    auto added = plans().AddItem(C(user), created->plan.id, Item(project));
    EXPECT_TRUE(added.ok()) << added.status().ToString();
    return created->plan.id;
  }

  FakeClock clock_;
  PiiCipher pii_ = PiiCipher::ForTesting("plan-test");
  test::TestDatabase tdb_;
  test::TempDir dir_;
  store::FileStore files_{dir_.path() + "/files"};
  std::unique_ptr<test::RecruitmentFixture> fx_;
  std::unique_ptr<AnnualPlanService> plans_;
};

// ---------------------------------------------------------------------------
// Refusals

TEST_F(AnnualPlanServiceTest, ItemForAProjectOutsideTheScopeIsRefused) {
  auto created = plans().Create(C("inst-Z370211P001"), 2028);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  // The plannable projects are the approved scope: ZX01001 and ZX04001.
  std::vector<std::string> codes;
  for (const auto& p : created->plannable) codes.push_back(p.code);
  EXPECT_EQ(codes, (std::vector<std::string>{"ZX01001", "ZX04001"}));
  const int64_t id = created->plan.id;
  // ZX01004 (崂山茶艺) is the scope of Z370212Q001, not of Z370211P001.
  auto out = plans().AddItem(C("inst-Z370211P001"), id, Item("ZX01004"));
  EXPECT_REFUSED(out, "plan.project_out_of_scope");
  EXPECT_EQ(out.status().field(), "project_code");
  // A code that is not in the catalog at all.
  EXPECT_REFUSED(plans().AddItem(C("inst-Z370211P001"), id, Item("ZX09999")),
                 "plan.project_out_of_scope");
  // Nothing was written.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM annual_plan_items WHERE plan_id = " +
                  std::to_string(id)),
            0);
}

TEST_F(AnnualPlanServiceTest, RetiredProjectInTheScopeIsRefused) {
  // Give Z370211P001 the retired ZX01002 in its scope (approved earlier).
  ASSERT_TRUE(tdb_.db()
                  .Transact(store::Database::Mode::kWrite,
                            [](store::Connection& c) {
                              return c
                                  .Exec(
                                      "INSERT INTO institution_projects "
                                      "(institution_id, project_code, "
                                      "approved_at) SELECT id, 'ZX01002', 0 "
                                      "FROM institutions WHERE code = "
                                      "'Z370211P001'")
                                  .status();
                            })
                  .ok());
  auto created = plans().Create(C("inst-Z370211P001"), 2028);
  ASSERT_TRUE(created.ok());
  for (const auto& p : created->plannable) EXPECT_NE(p.code, "ZX01002");
  EXPECT_REFUSED(
      plans().AddItem(C("inst-Z370211P001"), created->plan.id, Item("ZX01002")),
      "catalog.project_retired");
}

TEST_F(AnnualPlanServiceTest, ItemValidationNamesTheField) {
  auto created = plans().Create(C("inst-Z370211P001"), 2028);
  ASSERT_TRUE(created.ok());
  const int64_t id = created->plan.id;
  auto refused = [&](PlanItemInput in, const char* code, const char* field) {
    auto out = plans().AddItem(C("inst-Z370211P001"), id, in);
    EXPECT_REFUSED(out, code);
    EXPECT_EQ(out.status().field(), field);
  };
  refused(Item("ZX01001", "0,3"), "plan.months_invalid", "months");
  refused(Item("ZX01001", "3,13"), "plan.months_invalid", "months");
  refused(Item("ZX01001", "3", "2027-03-18"), "plan.exam_date_outside_year",
          "exam_date");
  refused(Item("ZX01001", "3,6", "2028-04-18"), "plan.exam_date_not_in_months",
          "exam_date");
  refused(Item("ZX01001", "3", "2028-02-30"), "plan.exam_date_invalid",
          "exam_date");
  PlanItemInput in = Item("ZX01001");
  in.expected_count = 0;
  refused(in, "plan.expected_count_invalid", "expected_count");
  in = Item("ZX01001");
  in.contact_phone = "call me";
  refused(in, "plan.phone_invalid", "contact_phone");
  in = Item("ZX01001");
  in.venue = "  ";
  refused(in, "plan.venue_required", "venue");
  in = Item("ZX01001");
  in.fee_fen = -100;
  refused(in, "plan.fee_invalid", "fee_fen");
  // One item per project.
  ASSERT_TRUE(plans().AddItem(C("inst-Z370211P001"), id, Item("ZX01001")).ok());
  refused(Item("ZX01001", "9", "2028-09-09"), "plan.project_duplicate",
          "project_code");
}

TEST_F(AnnualPlanServiceTest, YearOutsideTheWindowAndASecondPlanAreRefused) {
  EXPECT_REFUSED(plans().Create(C("inst-Z370211P001"), 2025),
                 "plan.year_invalid");
  EXPECT_REFUSED(plans().Create(C("inst-Z370211P001"), 2029),
                 "plan.year_invalid");
  // The demo has its 2027 plan already.
  EXPECT_REFUSED(plans().Create(C("inst-Z370211P001"), 2027), "plan.exists");
  EXPECT_REFUSED(plans().Create(C("district-370211"), 2028), "auth.forbidden");
}

TEST_F(AnnualPlanServiceTest, SubmittingWithoutItemsIsRefused) {
  auto created = plans().Create(C("inst-Z370211P001"), 2028);
  ASSERT_TRUE(created.ok());
  EXPECT_REFUSED(plans().Submit(C("inst-Z370211P001"), created->plan.id),
                 "plan.no_items");
  EXPECT_EQ(plans().Get(C("city"), created->plan.id)->plan.state,
            PlanState::kDraft);
}

TEST_F(AnnualPlanServiceTest, ReturningWithoutAReasonIsRefused) {
  const int64_t id = Draft2028();
  ASSERT_TRUE(plans().Submit(C("inst-Z370211P001-op"), id).ok());
  EXPECT_REFUSED(plans().Return(C("district-370211"), id, ""),
                 "plan.reason_required");
  EXPECT_REFUSED(plans().Return(C("district-370211"), id, " 　 "),
                 "plan.reason_required");
  EXPECT_EQ(plans().Get(C("city"), id)->plan.state, PlanState::kSubmitted);
}

TEST_F(AnnualPlanServiceTest, AnotherDistrictOrInstitutionSeesNothing) {
  const int64_t id = Draft2028();
  ASSERT_TRUE(plans().Submit(C("inst-Z370211P001"), id).ok());
  // 崂山区 acting on a 黄岛区 plan: not found, as if it did not exist.
  EXPECT_REFUSED(plans().Approve(C("district-370212"), id, ""),
                 "plan.not_found");
  EXPECT_REFUSED(plans().Return(C("district-370212"), id, "不合格"),
                 "plan.not_found");
  EXPECT_REFUSED(plans().Get(C("district-370212"), id), "plan.not_found");
  EXPECT_REFUSED(plans().Get(C("inst-Z370212Q001"), id), "plan.not_found");
  EXPECT_REFUSED(plans().AddItem(C("inst-Z370212Q001"), id, Item("ZX01004")),
                 "plan.not_found");
  auto listed = plans().List(C("district-370212"), {2028, "", ""});
  ASSERT_TRUE(listed.ok());
  for (const auto& p : *listed) EXPECT_NE(p.id, id);
  // The district's aggregate refuses another district.
  EXPECT_REFUSED(plans().Aggregate(C("district-370212"), 2028, "370211"),
                 "plan.not_found");
  // Institutions and roles without business here.
  EXPECT_REFUSED(plans().Approve(C("inst-Z370211P001"), id, ""),
                 "auth.forbidden");
  EXPECT_REFUSED(plans().Approve(C("city"), id, ""), "auth.forbidden");
  EXPECT_REFUSED(plans().Get(C("examiner-01"), id), "auth.forbidden");
}

TEST_F(AnnualPlanServiceTest, ItemsAreFrozenOnceSubmitted) {
  const int64_t id = Draft2028();
  ASSERT_TRUE(plans().Submit(C("inst-Z370211P001"), id).ok());
  auto d = plans().Get(C("inst-Z370211P001"), id);
  ASSERT_TRUE(d.ok() && !d->items.empty());
  EXPECT_REFUSED(plans().AddItem(C("inst-Z370211P001"), id,
                                 Item("ZX04001", "4", "2028-04-15")),
                 "plan.wrong_state");
  EXPECT_REFUSED(plans().UpdateItem(C("inst-Z370211P001"), id,
                                    d->items.front().id, Item("ZX01001")),
                 "plan.wrong_state");
  EXPECT_REFUSED(
      plans().DeleteItem(C("inst-Z370211P001"), id, d->items.front().id),
      "plan.wrong_state");
  EXPECT_REFUSED(plans().Submit(C("inst-Z370211P001"), id), "plan.wrong_state");
}

TEST_F(AnnualPlanServiceTest, PublishingWithNothingApprovedIsRefused) {
  EXPECT_REFUSED(plans().Publish(C("city"), 2026), "plan.nothing_to_publish");
  // The demo's 2027 plans are published or not yet approved.
  EXPECT_REFUSED(plans().Publish(C("city"), 2027), "plan.nothing_to_publish");
  EXPECT_REFUSED(plans().Publish(C("district-370211"), 2028), "auth.forbidden");
  EXPECT_REFUSED(plans().Announcement(2028), "plan.announcement_not_found");
}

// ---------------------------------------------------------------------------
// The flow

TEST_F(AnnualPlanServiceTest, DraftSubmitReturnResubmitApprovePublish) {
  const std::string inst = "inst-Z370211P001";
  const int64_t id = Draft2028();
  auto second =
      plans().AddItem(C(inst), id, Item("ZX04001", "4,10", "2028-10-14"));
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->plan.item_count, 2);
  EXPECT_EQ(second->plan.expected_total, 100);
  // Edit and delete while a draft.
  PlanItemInput bigger = Item("ZX04001", "4,10", "2028-10-14");
  bigger.expected_count = 80;
  bigger.fee_fen.reset();
  auto edited =
      plans().UpdateItem(C(inst), id, second->items.back().id, bigger);
  ASSERT_TRUE(edited.ok()) << edited.status().ToString();
  EXPECT_EQ(edited->plan.expected_total, 130);
  EXPECT_FALSE(edited->items.back().item.fee_fen.has_value());

  auto submitted = plans().Submit(C(inst), id);
  ASSERT_TRUE(submitted.ok()) << submitted.status().ToString();
  EXPECT_EQ(submitted->plan.state, PlanState::kSubmitted);
  auto queue = plans().List(C("district-370211"), {2028, "submitted", ""});
  ASSERT_TRUE(queue.ok());
  ASSERT_EQ(queue->size(), 1u);
  EXPECT_EQ(queue->front().id, id);
  EXPECT_EQ(NotificationTitles("district-370211").front(),
            "新的年度考核计划待审核");

  auto returned = plans().Return(C("district-370211"), id,
                                 "请补充直播销售的考核地点门牌号");
  ASSERT_TRUE(returned.ok()) << returned.status().ToString();
  EXPECT_EQ(returned->plan.state, PlanState::kReturned);
  EXPECT_EQ(returned->plan.return_reason, "请补充直播销售的考核地点门牌号");
  EXPECT_EQ(NotificationTitles(inst).front(), "年度考核计划被退回修改");

  // Editable again, then resubmitted; the history keeps the reason.
  EXPECT_TRUE(plans().DeleteItem(C(inst), id, edited->items.back().id).ok());
  ASSERT_TRUE(plans().Submit(C(inst), id).ok());
  auto approved = plans().Approve(C("district-370211"), id, "同意");
  ASSERT_TRUE(approved.ok()) << approved.status().ToString();
  EXPECT_EQ(approved->plan.state, PlanState::kApproved);
  std::vector<std::string> actions;
  for (const auto& e : approved->events) actions.push_back(e.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"create", "submit", "return",
                                               "resubmit", "approve"}));
  EXPECT_EQ(approved->events[2].reason, "请补充直播销售的考核地点门牌号");
  EXPECT_EQ(NotificationTitles("city").front(), "年度考核计划待发布");
  // Not public before the city publishes.
  EXPECT_REFUSED(plans().Announcement(2028), "plan.announcement_not_found");

  // The district's aggregate.
  auto agg = plans().Aggregate(C("district-370211"), 2028, "");
  ASSERT_TRUE(agg.ok()) << agg.status().ToString();
  EXPECT_EQ(agg->plans.size(), 1u);
  EXPECT_EQ(agg->items, 1);
  EXPECT_EQ(agg->expected, 50);
  ASSERT_EQ(agg->by_project.size(), 1u);
  EXPECT_EQ(agg->by_project.front().key, "ZX01001");
  ASSERT_EQ(agg->by_institution.size(), 1u);
  EXPECT_EQ(agg->by_institution.front().extra, "Z370211P001");
  auto xlsx = plans().ExportAggregate(C("district-370211"), 2028, "");
  ASSERT_TRUE(xlsx.ok()) << xlsx.status().ToString();
  EXPECT_EQ(xlsx->bytes.substr(0, 2), "PK");

  auto published = plans().Publish(C("city"), 2028);
  ASSERT_TRUE(published.ok()) << published.status().ToString();
  EXPECT_EQ(published->announcement.title,
            "青岛市2028年度专项职业能力考核计划公告");
  EXPECT_EQ(published->announcement.revision, 1);
  // With the demo's approved 2028 plan of 崂山区.
  ASSERT_EQ(published->items.size(), 2u);
  EXPECT_EQ(published->items.front().institution_code, "Z370211P001");
  EXPECT_EQ(published->items.back().institution_code, "Z370212Q001");
  EXPECT_TRUE(published->announcement.pdf_sha256.has_value());
  EXPECT_EQ(plans().Get(C(inst), id)->plan.state, PlanState::kPublished);
  EXPECT_EQ(NotificationTitles(inst).front(), "年度考核计划已发布");
  // Published plans are final.
  EXPECT_REFUSED(plans().Return(C("district-370211"), id, "再改"),
                 "plan.wrong_state");
  // Nothing new: publishing again is refused.
  EXPECT_REFUSED(plans().Publish(C("city"), 2028), "plan.nothing_to_publish");
  // Every change went to the operation log, last, with ids only.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE target_type = "
                  "'annual_plan' AND target_id = '" +
                  std::to_string(id) + "'"),
            9);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = "
                  "'plan.publish'"),
            1);
}

TEST_F(AnnualPlanServiceTest, PublishingAgainAddsNewlyApprovedPlans) {
  // 2027: the demo has published two plans; 李沧区's submitted one is
  // approved now and the city publishes the year again.
  auto before = plans().Announcement(2027);
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  EXPECT_EQ(before->announcement.revision, 1);
  const size_t items_before = before->items.size();
  auto listed = plans().List(C("district-370213"), {2027, "submitted", ""});
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  ASSERT_TRUE(
      plans().Approve(C("district-370213"), listed->front().id, "").ok());
  auto again = plans().Publish(C("city"), 2027);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->announcement.revision, 2);
  EXPECT_EQ(again->announcement.id, before->announcement.id);
  EXPECT_EQ(again->announcement.published_at,
            before->announcement.published_at);
  EXPECT_EQ(again->items.size(), items_before + 1);
  EXPECT_TRUE(again->announcement.pdf_sha256.has_value());
  EXPECT_NE(again->announcement.pdf_sha256, before->announcement.pdf_sha256);
  EXPECT_EQ(plans().Get(C("city"), listed->front().id)->plan.state,
            PlanState::kPublished);
}

TEST_F(AnnualPlanServiceTest, TheAnnouncementPdfListsEveryItem) {
  auto pdf = plans().AnnouncementPdf(2027);  // the demo stored it
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  EXPECT_EQ(pdf->media_type, "application/pdf");
  EXPECT_EQ(pdf->bytes.substr(0, 5), "%PDF-");
  EXPECT_EQ(pdf->file_name, "青岛市2027年度专项职业能力考核计划公告.pdf");
  // Stored content-addressed and recorded.
  auto view = plans().Announcement(2027);
  ASSERT_TRUE(view.ok());
  ASSERT_TRUE(view->announcement.pdf_sha256.has_value());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM files WHERE sha256 = '" +
                  *view->announcement.pdf_sha256 + "'"),
            1);
  // The same record renders the same bytes.
  auto again = plans().AnnouncementPdf(2027);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->bytes, pdf->bytes);
  if (HaveTool("pdftotext")) {
    const std::string path = dir_.path() + "/announcement.pdf";
    std::ofstream(path, std::ios::binary) << pdf->bytes;
    // ZXKH_TEST_KEEP_PDF=<file> keeps a copy to look at (pdftoppm).
    if (const char* keep = std::getenv("ZXKH_TEST_KEEP_PDF")) {
      std::ofstream(keep, std::ios::binary) << pdf->bytes;
    }
    std::string text = RunCommand("pdftotext '" + path + "' -");
    std::erase(text, ' ');
    std::erase(text, '\n');
    for (const char* expected :
         {"青岛市2027年度专项职业能力考核计划公告", "Z370211P001",
          "Z370212Q001", "ZX01001", "胶东花饽饽制作", "ZX04001", "ZX01004",
          "3月、6月、9月", "2027年3月20日", "0532-86981234", "刘老师",
          "考核规范", "2023版", "年满16周岁", "青岛市人力资源和社会保障局"}) {
      EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n"
                                                        << text;
    }
    // Not published: 李沧区's submitted and 市南区's draft plan.
    EXPECT_EQ(text.find("Z370213Y001"), std::string::npos);
    EXPECT_EQ(text.find("Z370202T001"), std::string::npos);
  }
}

TEST_F(AnnualPlanServiceTest, CityAndProvinceSeeEverythingReadOnly) {
  auto all = plans().List(C("province"), {2027, "", ""});
  ASSERT_TRUE(all.ok());
  EXPECT_GE(all->size(), 4u);
  auto agg = plans().Aggregate(C("city"), 2027, "");
  ASSERT_TRUE(agg.ok());
  // Drafts are not in the aggregate.
  for (const auto& p : agg->plans) EXPECT_NE(p.state, PlanState::kDraft);
  auto lao = plans().Aggregate(C("province"), 2027, "370212");
  ASSERT_TRUE(lao.ok());
  ASSERT_EQ(lao->plans.size(), 1u);
  EXPECT_EQ(lao->plans.front().institution_code, "Z370212Q001");
  EXPECT_REFUSED(plans().Aggregate(C("inst-Z370211P001"), 2027, ""),
                 "auth.forbidden");
}

}  // namespace
}  // namespace zxkh::service
