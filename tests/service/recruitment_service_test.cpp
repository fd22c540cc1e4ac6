// Institution recruitment through the service, on SQLite and PostgreSQL:
// every R-INS rule is tried and refused with its code and a Chinese message,
// the whole flow runs end to end, files are sniffed and deduplicated, codes
// stay unique when two servers approve at once.
#include "service/recruitment_service.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "common/validators.hpp"
#include "service/calendar_service.hpp"
#include "service/catalog_service.hpp"
#include "service/notification_service.hpp"
#include "service/seed.hpp"
#include "store/migrate.hpp"
#include "support/recruitment_fixture.hpp"
#include "support/test_db.hpp"

namespace zxkh::service {
namespace {

using domain::ApplicationState;
using domain::Caller;
using domain::MaterialType;
using S = ApplicationState;

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

std::string CreditCode(std::string first17) {
  first17.resize(17, '0');
  return first17 + CreditCodeCheckChar(first17);
}

// Chinese text in a message: at least one character outside ASCII.
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

class RecruitmentServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.SetDate(*Date::FromYmd(2026, 11, 27), 9);
    ASSERT_TRUE(store::Migrate(tdb_.db()).ok());
    ASSERT_TRUE(SeedProductData(tdb_.db(), clock_).ok());
    auto demo = SeedDemoData(tdb_.db(), clock_, pii_, seed_files_);
    ASSERT_TRUE(demo.ok()) << demo.status().ToString();
    fx_ = std::make_unique<test::RecruitmentFixture>(tdb_.db(), clock_,
                                                     dir_.path() + "/files");
  }

  RecruitmentService& rec() { return fx_->service(); }
  Caller C(const std::string& user) { return fx_->CallerOf(user); }
  std::string Temp(const std::string& bytes) {
    return test::WriteTemp(dir_.path(), bytes);
  }
  Result<store::MaterialRow> UploadBytes(const std::string& user, int64_t id,
                                         const std::string& type,
                                         const std::string& bytes,
                                         const std::string& name,
                                         const std::string& project = "") {
    return rec().UploadMaterial(C(user), id,
                                {type, project, Temp(bytes), name});
  }
  int64_t Count(const std::string& sql) {
    auto r = tdb_.db().InTransaction(
        store::Database::Mode::kRead,
        [&](store::Connection& c) { return c.One(sql, {}); });
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->Int(0) : -1;
  }
  // Registers a training institution in 黄岛区 with its admin account.
  int64_t Register(const std::string& username, const std::string& name,
                   const std::string& credit17,
                   const std::string& type = "training") {
    InstitutionRegistration r{name,
                              CreditCode(credit17),
                              type,
                              "370211",
                              "测试法人",
                              "测试联系人",
                              "0532-86001234",
                              "青岛市黄岛区测试路 8 号",
                              username,
                              "Institution#2026"};
    auto out = rec().RegisterInstitution(r, "req");
    EXPECT_TRUE(out.ok()) << out.status().ToString();
    return out.ok() ? out->institution_id : -1;
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

  FakeClock clock_;
  PiiCipher pii_ = PiiCipher::ForTesting("recruitment-test");
  test::TestDatabase tdb_;
  test::TempDir dir_;
  store::FileStore seed_files_{dir_.path() + "/files"};
  std::unique_ptr<test::RecruitmentFixture> fx_;
};

// ---------------------------------------------------------------------------
// The refusals of issue 4's "Done when".

TEST_F(RecruitmentServiceTest,
       ApprovingOnTheFourthWorkingDayOfPublicityIsRefused) {
  clock_.SetDate(*Date::FromYmd(2026, 9, 30), 9);
  const int64_t id = fx_->ApplicationIn("inst-Z370211P001", S::kEvaluated);
  auto round = rec().OpenPublicity(
      C("city"), {"国庆期间公示", "2026-09-30", std::nullopt, {id}});
  ASSERT_TRUE(round.ok()) << round.status().ToString();
  EXPECT_EQ(round->end_date, "2026-10-12");  // R-CAL across the holiday

  clock_.SetDate(*Date::FromYmd(2026, 10, 10), 10);  // make-up Saturday: day 4
  auto fourth = rec().Approve(C("city"), id);
  EXPECT_REFUSED(fourth, "recruitment.publicity_running");
  EXPECT_NE(fourth.status().message().find("2026-10-13"), std::string::npos)
      << fourth.status().message();
  clock_.SetDate(*Date::FromYmd(2026, 10, 12), 17);  // the end day
  EXPECT_REFUSED(rec().Approve(C("city"), id), "recruitment.publicity_running");
  EXPECT_EQ(fx_->StateOf(id), S::kPublicizing);
  clock_.SetDate(*Date::FromYmd(2026, 10, 13), 9);
  auto approved = rec().Approve(C("city"), id);
  ASSERT_TRUE(approved.ok()) << approved.status().ToString();
  EXPECT_EQ(approved->application.approved_on, "2026-10-13");
}

TEST_F(RecruitmentServiceTest, ApprovingWithAnOpenObjectionIsRefused) {
  const int64_t id = fx_->ApplicationIn("inst-Z370211P001", S::kPublicizing,
                                        /*publicity_over=*/false);
  auto objection = rec().FileObjection(
      id, {"李女士", "13912345678", "该机构考评员不足三人。", "198.51.100.7"},
      "req");
  ASSERT_TRUE(objection.ok()) << objection.status().ToString();
  fx_->EndPublicity(id);
  auto refused = rec().Approve(C("city"), id);
  EXPECT_REFUSED(refused, "recruitment.objection_open");
  EXPECT_NE(refused.status().message().find("1 件异议"), std::string::npos);
  // A decision needs a note; then approval goes through.
  EXPECT_REFUSED(rec().DecideObjection(C("city"), *objection, "dismissed", " "),
                 "objection.note_required");
  auto decided = rec().DecideObjection(C("city"), *objection, "dismissed",
                                       "经核实，考评员 5 人");
  ASSERT_TRUE(decided.ok()) << decided.status().ToString();
  EXPECT_EQ(decided->status, "dismissed");
  EXPECT_REFUSED(rec().DecideObjection(C("city"), *objection, "upheld", "再议"),
                 "objection.already_decided");
  EXPECT_TRUE(rec().Approve(C("city"), id).ok());
}

TEST_F(RecruitmentServiceTest, AnUpheldObjectionMeansNotSelected) {
  const int64_t id = fx_->ApplicationIn("inst-Z370211P001", S::kPublicizing,
                                        /*publicity_over=*/false);
  auto objection = rec().FileObjection(
      id,
      {"王先生", "wang@example.com", "场地系租借，租期已满。", "198.51.100.8"},
      "req");
  ASSERT_TRUE(objection.ok());
  ASSERT_TRUE(
      rec()
          .DecideObjection(C("city"), *objection, "upheld", "经核实属实")
          .ok());
  EXPECT_EQ(fx_->StateOf(id), S::kNotSelected);
  fx_->EndPublicity(id);
  EXPECT_REFUSED(rec().Approve(C("city"), id), "recruitment.wrong_state");
}

TEST_F(RecruitmentServiceTest, ApplyingForARetiredProjectIsRefused) {
  // ZX01002 is retired in the demo catalog (R-CAT-2).
  auto refused = rec().CreateApplication(C("inst-Z370211P001"), {"ZX01002"});
  EXPECT_REFUSED(refused, "catalog.project_retired");
  EXPECT_NE(refused.status().message().find("已停用"), std::string::npos);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM recruitment_applications WHERE "
                  "institution_id = 1 "
                  "AND state = 'draft'"),
            0);
  // A project retired after the draft was saved stops the submission.
  const std::string project = fx_->FreshProject();
  const int64_t id = fx_->NewApplication("inst-Z370211P001", {project});
  CatalogService catalog(tdb_.db(), clock_, seed_files_);
  ASSERT_TRUE(catalog.Retire(C("city"), project).ok());
  EXPECT_REFUSED(rec().Submit(C("inst-Z370211P001"), id),
                 "catalog.project_retired");
  EXPECT_REFUSED(rec().SetProjects(C("inst-Z370211P001"), id, {project}),
                 "catalog.project_retired");
  EXPECT_REFUSED(rec().CreateApplication(C("inst-Z370211P001"), {"ZX09999"}),
                 "catalog.not_found");
}

TEST_F(RecruitmentServiceTest,
       ADistrictActingOnAnotherDistrictsApplicationFindsNothing) {
  // Z370212Q001 is registered in 崂山区; 黄岛区 must not see or touch it.
  const int64_t id = fx_->ApplicationIn("inst-Z370212Q001", S::kSubmitted);
  const Caller huangdao = C("district-370211");
  EXPECT_REFUSED(rec().GetApplication(huangdao, id), "recruitment.not_found");
  EXPECT_REFUSED(rec().Return(huangdao, id, "越权退回"),
                 "recruitment.not_found");
  EXPECT_REFUSED(rec().Reject(huangdao, id, "越权"), "recruitment.not_found");
  EXPECT_REFUSED(rec().Forward(huangdao, id, ""), "recruitment.not_found");
  EXPECT_REFUSED(
      rec().RecordFindings(huangdao, id, {{"application_form", "", "ok", ""}}),
      "recruitment.not_found");
  EXPECT_REFUSED(rec().DownloadMaterial(huangdao, id, 1),
                 "recruitment.not_found");
  EXPECT_REFUSED(rec().GetInstitution(huangdao, 2), "institution.not_found");
  auto list = rec().ListApplications(huangdao, {});
  ASSERT_TRUE(list.ok());
  for (const auto& a : list->items) EXPECT_EQ(a.district_code, "370211");
  // Another institution is a foreigner too.
  EXPECT_REFUSED(rec().Recall(C("inst-Z370211P001"), id),
                 "recruitment.not_found");
  EXPECT_REFUSED(rec().GetApplication(C("inst-Z370211P001-op"), id),
                 "recruitment.not_found");
  // Its own district can act.
  EXPECT_EQ(fx_->StateOf(id), S::kSubmitted);
  EXPECT_TRUE(rec().Return(C("district-370212"), id, "请补充培训计划").ok());
  // Roles without any recruitment part are refused by role.
  EXPECT_EQ(rec().GetApplication(C("examiner-01"), id).status().code(),
            "auth.forbidden");
}

TEST_F(RecruitmentServiceTest, ForwardingWithAMissingMaterialIsRefused) {
  const int64_t id = fx_->ApplicationIn("inst-Z370211P001", S::kSubmitted);
  const Caller district = C("district-370211");
  auto detail = rec().GetApplication(district, id);
  ASSERT_TRUE(detail.ok());
  std::vector<FindingInput> findings;
  for (const auto& item : detail->completeness) {
    const bool plan = item.type == MaterialType::kWorkPlan;
    findings.push_back({std::string(domain::MaterialTypeName(item.type)),
                        item.project_code, plan ? "missing" : "ok",
                        plan ? "未见工作方案正文" : ""});
  }
  // No finding at all: the check is a check, not a default.
  auto none = rec().Forward(district, id, "");
  EXPECT_REFUSED(none, "recruitment.finding_missing");
  ASSERT_TRUE(rec().RecordFindings(district, id, findings).ok());
  auto missing = rec().Forward(district, id, "");
  EXPECT_REFUSED(missing, "recruitment.finding_not_ok");
  EXPECT_NE(missing.status().message().find("工作方案"), std::string::npos)
      << missing.status().message();
  // A finding other than ok needs its reason.
  EXPECT_REFUSED(
      rec().RecordFindings(district, id, {{"work_plan", "", "invalid", ""}}),
      "recruitment.note_required");
  // Even all-ok findings cannot forward an application whose file is gone.
  findings[1].result = "ok";
  findings[1].note = "";
  ASSERT_TRUE(rec().RecordFindings(district, id, findings).ok());
  ASSERT_TRUE(
      tdb_.db()
          .Transact(store::Database::Mode::kWrite,
                    [&](store::Connection& c) {
                      return c
                          .Exec(
                              "UPDATE application_materials SET superseded = 1 "
                              "WHERE application_id = ? AND type = 'work_plan'",
                              {id})
                          .status();
                    })
          .ok());
  auto gone = rec().Forward(district, id, "");
  EXPECT_REFUSED(gone, "recruitment.materials_incomplete");
  EXPECT_NE(gone.status().message().find("工作方案"), std::string::npos);
  EXPECT_EQ(fx_->StateOf(id), S::kSubmitted);
}

TEST_F(RecruitmentServiceTest, ACreditCodeWithAWrongCheckCharacterIsRefused) {
  std::string code = CreditCode("91370211MA3XYW12");
  code.back() = code.back() == '0' ? '1' : '0';
  const int64_t before = Count("SELECT COUNT(*) FROM institutions");
  InstitutionRegistration r{"青岛错码测试有限公司",
                            code,
                            "enterprise",
                            "370211",
                            "张三丰",
                            "李四",
                            "0532-86001111",
                            "青岛市黄岛区测试路 1 号",
                            "wrong-check",
                            "Institution#2026"};
  auto refused = rec().RegisterInstitution(r, "req");
  EXPECT_REFUSED(refused, "credit_code.check");
  EXPECT_EQ(refused.status().field(), "credit_code");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM institutions"), before);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM users WHERE username = 'wrong-check'"),
            0);
}

// ---------------------------------------------------------------------------
// The whole flow.

TEST_F(RecruitmentServiceTest, HappyPathFromRegistrationToTheDirectory) {
  // Registration (R-INS-1).
  InstitutionRegistration reg{"青岛西海岸新区蓝海职业培训学校",
                              CreditCode("52370211MJH88888"),
                              "training",
                              "370211",
                              "蓝海涛",
                              "林晓",
                              "0532-86998877",
                              "青岛市黄岛区滨海大道 1888 号",
                              "lanhai-admin",
                              "Lanhai#Pass2026"};
  auto registered = rec().RegisterInstitution(reg, "req-register");
  ASSERT_TRUE(registered.ok()) << registered.status().ToString();
  const Caller inst = C("lanhai-admin");
  EXPECT_EQ(inst.institution_id, registered->institution_id);
  auto profile = rec().GetInstitution(inst, registered->institution_id);
  ASSERT_TRUE(profile.ok());
  EXPECT_EQ(profile->institution.status, "applicant");
  EXPECT_EQ(profile->institution.credit_status, "good");
  EXPECT_FALSE(profile->institution.code.has_value());
  EXPECT_REFUSED(rec().RegisterInstitution(reg, "again"),
                 "institution.credit_code_taken");

  // Application with six materials (R-INS-2), files of real kinds.
  auto created = rec().CreateApplication(inst, {"ZX03005"});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  const int64_t id = created->application.id;
  EXPECT_EQ(created->application.state, S::kDraft);
  EXPECT_EQ(created->completeness.size(), 6u);
  EXPECT_EQ(rec().Submit(inst, id).status().code(),
            "recruitment.materials_incomplete");
  struct Upload {
    const char* type;
    std::string bytes;
    const char* name;
    const char* project;
  };
  const Upload uploads[] = {
      {"application_form", test::TinyPdf("application form"), "申请表.pdf", ""},
      {"work_plan", test::TinyPdf("work plan"), "工作方案.pdf", ""},
      {"question_bank", test::TinyPng(), "剪纸题库第1套.png", "ZX03005"},
      {"training_capability", test::TinyPdf("teachers and venue"),
       "培训能力.pdf", ""},
      {"legal_registration", test::TinyPng(), "C:\\扫描\\法人登记证书.png", ""},
      {"credit_report", test::TinyPdf("credit report"), "信用报告.pdf", ""},
  };
  for (const Upload& u : uploads) {
    auto m =
        UploadBytes("lanhai-admin", id, u.type, u.bytes, u.name, u.project);
    ASSERT_TRUE(m.ok()) << u.type << ": " << m.status().ToString();
  }
  auto detail = rec().GetApplication(inst, id);
  ASSERT_TRUE(detail.ok());
  for (const auto& item : detail->completeness)
    EXPECT_TRUE(item.current.has_value());
  EXPECT_EQ(detail->history.front().material.file_name, "信用报告.pdf");
  for (const auto& m : detail->history) {
    if (m.material.type == MaterialType::kLegalRegistration) {
      EXPECT_EQ(m.material.file_name, "法人登记证书.png");  // no client path
      EXPECT_EQ(m.material.media_type, "image/png");
    }
  }

  // Submit → the district returns with reasons → resubmit.
  auto submitted = rec().Submit(inst, id);
  ASSERT_TRUE(submitted.ok()) << submitted.status().ToString();
  EXPECT_EQ(submitted->application.submission_count, 1);
  EXPECT_EQ(NotificationTitles("district-370211").front(),
            "新的考核机构申请待初审");
  const Caller district = C("district-370211");
  ASSERT_TRUE(rec()
                  .RecordFindings(district, id,
                                  {{"question_bank", "ZX03005", "invalid",
                                    "题库仅 1 套，不足 5 套"}})
                  .ok());
  auto returned = rec().Return(district, id, "题库不足 5 套，请补充");
  ASSERT_TRUE(returned.ok()) << returned.status().ToString();
  EXPECT_EQ(returned->application.state, S::kReturned);
  EXPECT_EQ(NotificationTitles("lanhai-admin").front(),
            "考核机构申请被退回修改");
  auto seen = rec().GetApplication(inst, id);
  ASSERT_EQ(seen->findings.size(), 1u);  // the reasons shown to the applicant
  EXPECT_EQ(seen->findings[0].finding.note, "题库仅 1 套，不足 5 套");
  EXPECT_EQ(seen->events.back().reason, "题库不足 5 套，请补充");
  ASSERT_TRUE(UploadBytes("lanhai-admin", id, "question_bank",
                          test::TinyPdf("five sets"), "剪纸题库5套.pdf",
                          "ZX03005")
                  .ok());
  auto resubmitted = rec().Submit(inst, id);
  ASSERT_TRUE(resubmitted.ok()) << resubmitted.status().ToString();
  EXPECT_EQ(resubmitted->application.submission_count, 2);
  EXPECT_TRUE(resubmitted->findings.empty());  // a new check for submission 2
  int banks = 0, superseded = 0;
  for (const auto& m : resubmitted->history) {
    if (m.material.type == MaterialType::kQuestionBank) {
      ++banks;
      superseded += m.superseded;
    }
  }
  EXPECT_EQ(banks, 2);  // history kept
  EXPECT_EQ(superseded, 1);
  EXPECT_EQ(
      Count("SELECT COUNT(*) FROM material_findings WHERE application_id = " +
            std::to_string(id) + " AND submission = 1"),
      1);

  // The district forwards; the city evaluates with two forms.
  std::vector<FindingInput> ok;
  for (const auto& item : resubmitted->completeness) {
    ok.push_back({std::string(domain::MaterialTypeName(item.type)),
                  item.project_code, "ok", ""});
  }
  ASSERT_TRUE(rec().RecordFindings(district, id, ok).ok());
  auto forwarded = rec().Forward(district, id, "材料齐全");
  ASSERT_TRUE(forwarded.ok()) << forwarded.status().ToString();
  EXPECT_EQ(NotificationTitles("city").front(), "考核机构申请待遴选评估");
  const Caller city = C("city");
  auto criteria = rec().Criteria(city);
  ASSERT_TRUE(criteria.ok());
  ASSERT_EQ(criteria->size(), domain::DefaultCriteria().size());
  for (const auto& [name, off] :
       {std::pair<const char*, int>{"王海燕", 1}, {"周立新", 3}}) {
    EvaluationInput in;
    in.evaluator_name = name;
    for (const auto& c : *criteria)
      in.scores.push_back({c.key, c.max_points - off, true});
    auto form = rec().SubmitEvaluation(city, id, in);
    ASSERT_TRUE(form.ok()) << form.status().ToString();
  }
  auto concluded = rec().Conclude(city, id);
  ASSERT_TRUE(concluded.ok()) << concluded.status().ToString();
  EXPECT_EQ(concluded->application.state, S::kEvaluated);
  EXPECT_DOUBLE_EQ(*concluded->application.evaluation_mean,
                   84.0);  // (92 + 76) / 2
  EXPECT_EQ(concluded->forms.size(), 2u);
  // The applicant sees the mean, not the experts' forms or objectors.
  auto own = rec().GetApplication(inst, id);
  EXPECT_TRUE(own->forms.empty());

  // Publicity from today (Friday 2026-11-27): 5 working days end on 12-03.
  EXPECT_REFUSED(rec().OpenPublicity(
                     city, {"遴选结果公示", "2026-11-26", std::nullopt, {id}}),
                 "recruitment.publicity_start_past");
  auto round = rec().OpenPublicity(
      city,
      {"2026年第二批考核机构遴选结果公示", "2026-11-27", std::nullopt, {id}});
  ASSERT_TRUE(round.ok()) << round.status().ToString();
  EXPECT_EQ(round->end_date, "2026-12-03");
  auto publicity = rec().CurrentPublicity();
  ASSERT_TRUE(publicity.ok());
  bool listed = false;
  for (const auto& item : *publicity) {
    if (item.application.id == id) {
      listed = true;
      EXPECT_EQ(item.application.institution_name, reg.name);
      EXPECT_EQ(item.projects.front().code, "ZX03005");
    }
  }
  EXPECT_TRUE(listed);

  // An objection, dismissed; approval the day after the end.
  auto objection = rec().FileObjection(
      id, {"赵女士", "0532-80000000", "请核实剪纸教室面积。", "203.0.113.50"},
      "req");
  ASSERT_TRUE(objection.ok()) << objection.status().ToString();
  clock_.SetDate(*Date::FromYmd(2026, 12, 4), 9);
  EXPECT_REFUSED(rec().Approve(city, id), "recruitment.objection_open");
  ASSERT_TRUE(rec()
                  .DecideObjection(city, *objection, "dismissed",
                                   "教室 120 平方米，符合要求")
                  .ok());
  clock_.SetDate(*Date::FromYmd(2026, 12, 3), 16);
  EXPECT_REFUSED(rec().Approve(city, id), "recruitment.publicity_running");
  clock_.SetDate(*Date::FromYmd(2026, 12, 4), 9);
  auto approved = rec().Approve(city, id);
  ASSERT_TRUE(approved.ok()) << approved.status().ToString();
  // Z370211P001 is the demo's first training institution of 黄岛区.
  EXPECT_EQ(approved->application.institution_code, "Z370211P002");
  EXPECT_TRUE(approved->application.receipt_sha256.has_value());
  auto scope = rec().GetInstitution(inst, registered->institution_id);
  EXPECT_EQ(scope->institution.status, "active");
  ASSERT_EQ(scope->scope.size(), 1u);
  EXPECT_EQ(scope->scope[0].code, "ZX03005");

  // The receipt (回执): Chinese text with the code and the name.
  auto receipt = rec().Receipt(inst, id);
  ASSERT_TRUE(receipt.ok()) << receipt.status().ToString();
  EXPECT_EQ(receipt->bytes.substr(0, 5), "%PDF-");
  EXPECT_EQ(receipt->file_name, "考核机构遴选结果回执-Z370211P002.pdf");
  EXPECT_TRUE(rec().Receipt(C("district-370211"), id).ok());
  EXPECT_TRUE(rec().Receipt(C("province"), id).ok());
  EXPECT_REFUSED(rec().Receipt(C("district-370212"), id),
                 "recruitment.not_found");
  if (HaveTool("pdftotext") && HaveTool("pdftoppm")) {
    const std::string pdf = dir_.path() + "/receipt.pdf";
    std::ofstream(pdf, std::ios::binary) << receipt->bytes;
    std::string text = RunCommand("pdftotext '" + pdf + "' -");
    std::erase(text, ' ');
    EXPECT_NE(text.find("Z370211P002"), std::string::npos) << text;
    EXPECT_NE(text.find("青岛西海岸新区蓝海职业培训学校"), std::string::npos)
        << text;
    EXPECT_NE(text.find("考核机构遴选结果回执"), std::string::npos) << text;
    EXPECT_NE(text.find("经评估、公示，确定为青岛市专项职业能力考核机构"),
              std::string::npos);
    EXPECT_NE(text.find("剪纸"), std::string::npos);
    EXPECT_NE(text.find("青岛市人力资源和社会保障局"), std::string::npos);
    EXPECT_NE(text.find("2026年12月4日"), std::string::npos);
    // The glyphs come from the embedded CJK font (no fallback boxes), and
    // the page renders.
    EXPECT_NE(RunCommand("pdffonts '" + pdf + "'").find("WenQuanYi"),
              std::string::npos);
    RunCommand("pdftoppm -png -r 50 -singlefile '" + pdf + "' '" + dir_.path() +
               "/receipt'");
    EXPECT_GT(std::filesystem::file_size(dir_.path() + "/receipt.png"), 1000u);
  }

  // Report to the province in one batch, publish, the directory.
  EXPECT_REFUSED(rec().Publish(C("province"), 999),
                 "recruitment.report_not_found");
  auto report = rec().Report(city, {}, "2026年第二批");
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->applications.size(), 1u);
  EXPECT_EQ(report->applications[0].state, S::kReported);
  EXPECT_EQ(NotificationTitles("province").front(),
            "青岛市报送考核机构名单，待公布");
  auto before = rec().PublicInstitution("Z370211P002");
  EXPECT_REFUSED(before, "institution.not_found");  // not yet published
  auto published = rec().Publish(C("province"), report->report.id);
  ASSERT_TRUE(published.ok()) << published.status().ToString();
  EXPECT_EQ(published->applications[0].state, S::kPublished);
  EXPECT_REFUSED(rec().Publish(C("province"), report->report.id),
                 "recruitment.report_published");
  auto directory = rec().Directory({"", "370211", "ZX03005", "active", {}});
  ASSERT_TRUE(directory.ok());
  ASSERT_EQ(directory->items.size(), 1u);
  EXPECT_EQ(directory->items[0].institution.code, "Z370211P002");
  EXPECT_EQ(directory->items[0].projects[0].name, "剪纸");
  auto record = rec().PublicInstitution("Z370211P002");
  ASSERT_TRUE(record.ok());
  EXPECT_EQ(record->institution.name, reg.name);

  // Who, when, why: one event per step, and the operation log saw them.
  auto final_detail = rec().GetApplication(city, id);
  std::vector<std::string> actions;
  for (const auto& e : final_detail->events) actions.push_back(e.action);
  EXPECT_EQ(actions,
            (std::vector<std::string>{"create", "submit", "return", "resubmit",
                                      "forward", "conclude", "publicize",
                                      "approve", "report", "publish"}));
  EXPECT_EQ(final_detail->events[2].role, "DISTRICT");
  EXPECT_GE(Count("SELECT COUNT(*) FROM audit_log WHERE target_type = "
                  "'recruitment_application' AND target_id = '" +
                  std::to_string(id) + "'"),
            10);
}

// ---------------------------------------------------------------------------
// Files.

TEST_F(RecruitmentServiceTest, IdenticalUploadsAreStoredOnce) {
  const std::string p1 = fx_->FreshProject();
  const std::string p2 = fx_->FreshProject();
  const int64_t a = fx_->NewApplication("inst-Z370211P001", {p1}, false);
  const int64_t b = fx_->NewApplication("inst-Z370211P001-op", {p2}, false);
  const std::string bytes = test::TinyPdf("the same credit report");
  auto m1 = UploadBytes("inst-Z370211P001", a, "credit_report", bytes,
                        "信用报告.pdf");
  auto m2 =
      UploadBytes("inst-Z370211P001-op", b, "credit_report", bytes, "报告.pdf");
  auto m3 = UploadBytes("inst-Z370211P001", a, "credit_report", bytes,
                        "信用报告(1).pdf");
  ASSERT_TRUE(m1.ok() && m2.ok() && m3.ok()) << m1.status().ToString();
  EXPECT_EQ(m1->material.file_sha256, m2->material.file_sha256);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM files WHERE sha256 = '" +
                  m1->material.file_sha256 + "'"),
            1);
  EXPECT_EQ(
      Count("SELECT COUNT(*) FROM application_materials WHERE file_sha256 = '" +
            m1->material.file_sha256 + "'"),
      3);
  EXPECT_TRUE(
      std::filesystem::exists(fx_->files().PathOf(m1->material.file_sha256)));
  auto download = rec().DownloadMaterial(C("district-370211"), a, m1->id);
  ASSERT_TRUE(download.ok());
  EXPECT_EQ(download->bytes, bytes);
  // The second upload of the same type replaced the first as current.
  auto detail = rec().GetApplication(C("inst-Z370211P001"), a);
  int current = 0;
  for (const auto& m : detail->history) current += !m.superseded;
  EXPECT_EQ(current, 1);
}

TEST_F(RecruitmentServiceTest, TheContentDecidesTheTypeNotTheName) {
  const int64_t id = fx_->NewApplication("inst-Z370211P001", {}, false);
  auto docx = UploadBytes("inst-Z370211P001", id, "application_form",
                          test::TinyDocx("申请表"), "申请表.pdf");
  ASSERT_TRUE(docx.ok()) << docx.status().ToString();
  EXPECT_EQ(docx->material.media_type,
            "application/"
            "vnd.openxmlformats-officedocument.wordprocessingml.document");
  EXPECT_EQ(docx->material.file_name, "申请表.docx");
  auto text = UploadBytes("inst-Z370211P001", id, "work_plan",
                          "这只是一个改了扩展名的文本文件\n", "工作方案.pdf");
  EXPECT_REFUSED(text, "file.type_not_allowed");
  EXPECT_REFUSED(UploadBytes("inst-Z370211P001", id, "work_plan", "", "空.pdf"),
                 "file.empty");
  EXPECT_REFUSED(UploadBytes("inst-Z370211P001", id, "question_bank",
                             test::TinyPdf("x"), "题库.pdf", "ZX04001"),
                 "recruitment.material_project_invalid");
  EXPECT_REFUSED(UploadBytes("inst-Z370211P001", id, "receipt",
                             test::TinyPdf("x"), "x.pdf"),
                 "recruitment.material_type_invalid");
  // Nothing but the DOCX was recorded.
  EXPECT_EQ(
      Count(
          "SELECT COUNT(*) FROM application_materials WHERE application_id = " +
          std::to_string(id)),
      1);
  // After submission nothing more can be uploaded.
  const int64_t submitted =
      fx_->ApplicationIn("inst-Z370211P001", S::kSubmitted);
  EXPECT_REFUSED(UploadBytes("inst-Z370211P001", submitted, "work_plan",
                             test::TinyPdf("late"), "迟到的方案.pdf"),
                 "recruitment.wrong_state");
}

// ---------------------------------------------------------------------------
// Other rules.

TEST_F(RecruitmentServiceTest, RecallOnlyBeforeTheDistrictActs) {
  const int64_t id = fx_->ApplicationIn("inst-Z370211P001", S::kSubmitted);
  auto recalled = rec().Recall(C("inst-Z370211P001-op"), id);
  ASSERT_TRUE(recalled.ok()) << recalled.status().ToString();
  EXPECT_EQ(recalled->application.state, S::kDraft);
  EXPECT_EQ(recalled->events.back().action, "recall");
  EXPECT_REFUSED(rec().Recall(C("inst-Z370211P001"), id),
                 "recruitment.wrong_state");
  ASSERT_TRUE(rec().Submit(C("inst-Z370211P001"), id).ok());
  ASSERT_TRUE(rec()
                  .RecordFindings(C("district-370211"), id,
                                  {{"application_form", "", "ok", ""}})
                  .ok());
  EXPECT_REFUSED(rec().Recall(C("inst-Z370211P001"), id),
                 "recruitment.review_started");
}

TEST_F(RecruitmentServiceTest, AnInstitutionWithABadCreditRecordCannotSubmit) {
  const int64_t id = fx_->NewApplication("inst-Z370211P001");
  EXPECT_EQ(rec()
                .SetCreditStatus(C("district-370211"), 1, "bad_record")
                .status()
                .code(),
            "auth.forbidden");
  ASSERT_TRUE(rec().SetCreditStatus(C("city"), 1, "bad_record").ok());
  EXPECT_REFUSED(rec().Submit(C("inst-Z370211P001"), id),
                 "institution.bad_credit");
  ASSERT_TRUE(rec().SetCreditStatus(C("city"), 1, "good").ok());
  EXPECT_TRUE(rec().Submit(C("inst-Z370211P001"), id).ok());
}

TEST_F(RecruitmentServiceTest, RegistrationChecksEveryField) {
  InstitutionRegistration r{"青岛测试培训学校", CreditCode("52370211MJK00001"),
                            "training",         "370102",
                            "测试法人",         "测试联系人",
                            "0532-86001234",    "青岛市黄岛区测试路 8 号",
                            "reg-test",         "Institution#2026"};
  EXPECT_REFUSED(rec().RegisterInstitution(r, "req"),
                 "institution.district_invalid");
  r.district_code = "370211";
  r.type = "government";
  EXPECT_REFUSED(rec().RegisterInstitution(r, "req"),
                 "institution.type_invalid");
  r.type = "training";
  r.contact_phone = "call me";
  EXPECT_REFUSED(rec().RegisterInstitution(r, "req"),
                 "institution.phone_invalid");
  r.contact_phone = "13800001234";
  r.username = "city";
  EXPECT_REFUSED(rec().RegisterInstitution(r, "req"), "account.username_taken");
  r.username = "reg-test";
  r.name = "青岛西海岸新区职业技能培训学校";  // the demo institution's name
  EXPECT_REFUSED(rec().RegisterInstitution(r, "req"), "institution.name_taken");
  r.name = "青岛测试培训学校";
  r.password = "short";
  EXPECT_REFUSED(rec().RegisterInstitution(r, "req"), "auth.password_weak");
  r.password = "Institution#2026";
  auto ok = rec().RegisterInstitution(r, "req");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(NotificationTitles("district-370211").front(), "新考核机构注册");
}

TEST_F(RecruitmentServiceTest,
       AProjectIsAppliedForOnceAndNeverWhenAlreadyApproved) {
  // ZX01001 is in Z370211P001's approved scope.
  EXPECT_REFUSED(rec().CreateApplication(C("inst-Z370211P001"), {"ZX01001"}),
                 "recruitment.project_already_approved");
  // ZX01005 is in its demo application awaiting the district.
  EXPECT_REFUSED(rec().CreateApplication(C("inst-Z370211P001"), {"ZX01005"}),
                 "recruitment.project_in_open_application");
  // Another institution may apply for it.
  EXPECT_TRUE(rec().CreateApplication(C("inst-Z370212Q001"), {"ZX01005"}).ok());
  EXPECT_REFUSED(rec().CreateApplication(C("inst-Z370211P001"), {}),
                 "recruitment.no_project");
  EXPECT_EQ(rec()
                .CreateApplication(C("district-370211"), {"ZX03005"})
                .status()
                .code(),
            "auth.forbidden");
}

TEST_F(RecruitmentServiceTest,
       ObjectionsAreRateLimitedPerAddressAndOnlyDuringPublicity) {
  const int64_t id = fx_->ApplicationIn("inst-Z370211P001", S::kPublicizing,
                                        /*publicity_over=*/false);
  for (int i = 0; i < 5; ++i) {
    auto o = rec().FileObjection(
        id, {"市民", "0532-80000000", "异议 " + std::to_string(i), "192.0.2.1"},
        "req");
    ASSERT_TRUE(o.ok()) << i << ": " << o.status().ToString();
  }
  auto sixth = rec().FileObjection(
      id, {"市民", "0532-80000000", "第六件", "192.0.2.1"}, "req");
  EXPECT_REFUSED(sixth, "objection.rate_limited");
  EXPECT_EQ(sixth.status().status_code(), StatusCode::kResourceExhausted);
  EXPECT_TRUE(
      rec()
          .FileObjection(id, {"市民", "0532-80000000", "另一地址", "192.0.2.2"},
                         "req")
          .ok());
  clock_.Advance(3600 * 1000 + 1);
  EXPECT_TRUE(
      rec()
          .FileObjection(id, {"市民", "0532-80000000", "一小时后", "192.0.2.1"},
                         "req")
          .ok());
  EXPECT_REFUSED(rec().FileObjection(id, {"", "x", "y", "192.0.2.3"}, "req"),
                 "objection.name_invalid");
  EXPECT_REFUSED(
      rec().FileObjection(
          id, {"市民", "x", std::string(1001, 'a'), "192.0.2.3"}, "req"),
      "objection.content_invalid");
  // After the round, and for applications not in publicity.
  fx_->EndPublicity(id);
  EXPECT_REFUSED(
      rec().FileObjection(id, {"市民", "x", "晚了", "192.0.2.4"}, "req"),
      "objection.not_in_publicity");
  const int64_t draft = fx_->NewApplication("inst-Z370211P001", {}, false);
  EXPECT_REFUSED(
      rec().FileObjection(draft, {"市民", "x", "y", "192.0.2.4"}, "req"),
      "objection.not_in_publicity");
  EXPECT_REFUSED(
      rec().FileObjection(999999, {"市民", "x", "y", "192.0.2.4"}, "req"),
      "recruitment.not_found");
}

TEST_F(RecruitmentServiceTest,
       TwoServersApprovingAtOnceGetDistinctConsecutiveCodes) {
  // Two new training institutions of 黄岛区, each with an application whose
  // publicity is over.
  Register("concurrent-a", "青岛并发测试甲培训学校", "52370211MJC0000A");
  Register("concurrent-b", "青岛并发测试乙培训学校", "52370211MJC0000B");
  const int64_t a = fx_->ApplicationIn("concurrent-a", S::kPublicizing);
  const int64_t b = fx_->ApplicationIn("concurrent-b", S::kPublicizing);
  // Two pools stand for two server processes on one database.
  auto pool1 = tdb_.OpenPool(2);
  auto pool2 = tdb_.OpenPool(2);
  CalendarService cal1(*pool1, clock_), cal2(*pool2, clock_);
  RecruitmentService s1(*pool1, clock_, cal1, fx_->files());
  RecruitmentService s2(*pool2, clock_, cal2, fx_->files());
  const Caller city = C("city");
  Result<ApplicationDetail> r1 = Status::Internal("x", "not run");
  Result<ApplicationDetail> r2 = Status::Internal("x", "not run");
  std::thread t1([&] { r1 = s1.Approve(city, a); });
  std::thread t2([&] { r2 = s2.Approve(city, b); });
  t1.join();
  t2.join();
  ASSERT_TRUE(r1.ok()) << r1.status().ToString();
  ASSERT_TRUE(r2.ok()) << r2.status().ToString();
  const std::set<std::string> codes = {*r1->application.institution_code,
                                       *r2->application.institution_code};
  EXPECT_EQ(codes, (std::set<std::string>{"Z370211P002", "Z370211P003"}));
  // An institution keeps its code when it is approved again.
  const std::string project = fx_->FreshProject();
  const int64_t again = fx_->NewApplication("concurrent-a", {project});
  fx_->AdvanceTo(again, S::kApproved);
  EXPECT_EQ(rec().GetApplication(city, again)->application.institution_code,
            r1->application.institution_code);
  EXPECT_EQ(Count("SELECT last_serial FROM institution_code_counters WHERE "
                  "district_code = "
                  "'370211' AND type_letter = 'P'"),
            3);
}

TEST_F(RecruitmentServiceTest, CriteriaAreConfigurableWhileNoEvaluationIsOpen) {
  const Caller city = C("city");
  auto criteria = domain::DefaultCriteria();
  criteria[0].max_points = 5;
  EXPECT_REFUSED(rec().ReplaceCriteria(city, criteria),
                 "recruitment.criteria_total");
  criteria[1].max_points = 15;  // 5 + 15 = 20: back to 100
  // The demo's forwarded application has a form filled against the set.
  EXPECT_REFUSED(rec().ReplaceCriteria(city, criteria),
                 "recruitment.criteria_in_use");
  auto forwarded = rec().ListApplications(city, {"forwarded", "", "", {}});
  ASSERT_TRUE(forwarded.ok());
  ASSERT_EQ(forwarded->items.size(), 1u);
  ASSERT_TRUE(rec().Conclude(city, forwarded->items[0].id).ok());
  auto replaced = rec().ReplaceCriteria(city, criteria);
  ASSERT_TRUE(replaced.ok()) << replaced.status().ToString();
  auto now = rec().Criteria(C("inst-Z370211P001"));
  EXPECT_EQ((*now)[0].max_points, 5);
  EXPECT_EQ(rec().ReplaceCriteria(C("province"), criteria).status().code(),
            "auth.forbidden");
  // New forms follow the new set.
  const int64_t id = fx_->ApplicationIn("inst-Z370211P001", S::kForwarded);
  EvaluationInput in{"专家丙", {}, ""};
  for (const auto& c : domain::DefaultCriteria())
    in.scores.push_back({c.key, c.max_points, true});
  auto old = rec().SubmitEvaluation(city, id, in);
  EXPECT_REFUSED(old, "recruitment.points_out_of_range");
}

TEST_F(RecruitmentServiceTest, NotificationsAreReadByTheirOwnerOnly) {
  NotificationService notes(tdb_.db(), clock_);
  auto page = notes.List(C("district-370211"), true, {});
  ASSERT_TRUE(page.ok());
  ASSERT_GE(page->unread, 1);  // the demo's submission awaiting the district
  const int64_t id = page->page.items.front().id;
  EXPECT_EQ(notes.MarkRead(C("district-370212"), id).status().code(),
            "notification.not_found");
  auto read = notes.MarkRead(C("district-370211"), id);
  ASSERT_TRUE(read.ok());
  EXPECT_TRUE(read->read_at.has_value());
  EXPECT_EQ(notes.List(C("district-370211"), true, {})->unread,
            page->unread - 1);
  EXPECT_EQ(notes.List(Caller::Public(), false, {}).status().code(),
            "auth.required");
}

TEST_F(RecruitmentServiceTest,
       DemoDataHasOneApplicationPerStepAndConsistentCounters) {
  const Caller city = C("city");
  auto all = rec().ListApplications(city, {"", "", "", {1, 50}});
  ASSERT_TRUE(all.ok());
  std::map<std::string, std::string> district_of_state;
  for (const auto& a : all->items) {
    district_of_state[std::string(domain::ApplicationStateName(a.state))] =
        a.district_code;
  }
  EXPECT_EQ(district_of_state["draft"], "370214");
  EXPECT_EQ(district_of_state["submitted"], "370211");
  EXPECT_EQ(district_of_state.count("forwarded"), 1u);
  EXPECT_EQ(district_of_state.count("publicizing"), 1u);
  // The applicant's own login sees its draft with two materials missing four.
  auto own = rec().ListApplications(C("inst-applicant-370214"), {});
  ASSERT_EQ(own->total, 1);
  auto draft =
      rec().GetApplication(C("inst-applicant-370214"), own->items[0].id);
  int missing = 0;
  for (const auto& item : draft->completeness) missing += !item.current;
  EXPECT_EQ(missing, 4);
  // The publicity has 张先生's open objection; the public page lists it.
  auto publicity = rec().CurrentPublicity();
  ASSERT_EQ(publicity->size(), 1u);
  auto detail = rec().GetApplication(city, (*publicity)[0].application.id);
  ASSERT_EQ(detail->objections.size(), 1u);
  EXPECT_EQ(detail->objections[0].name, "张先生");
  EXPECT_EQ(detail->open_objections, 1);
  // Demo institutions are in the directory with their approved scope.
  auto directory = rec().Directory({"", "", "", "", {}});
  ASSERT_EQ(directory->total, 4);
  auto first = rec().PublicInstitution("Z370211P001");
  ASSERT_EQ(first->projects.size(), 2u);
  EXPECT_EQ(first->projects[0].code, "ZX01001");
  // Counters continue after the demo codes.
  EXPECT_EQ(Count("SELECT last_serial FROM institution_code_counters WHERE "
                  "district_code = "
                  "'370212' AND type_letter = 'Q'"),
            1);
  // Materials point at stored PDFs.
  auto file = rec().DownloadMaterial(city, detail->application.id,
                                     detail->history[0].id);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(file->bytes.substr(0, 5), "%PDF-");
}

}  // namespace
}  // namespace zxkh::service
