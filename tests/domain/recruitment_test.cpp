// Institution recruitment rules (R-INS-1 … R-INS-6): the state machine,
// completeness, findings, criteria and evaluation, publicity with the real
// working-day calendar, approval timing.
#include "domain/recruitment.hpp"

#include <gtest/gtest.h>

#include "support/official_calendar.hpp"

namespace zxkh::domain {
namespace {

using S = ApplicationState;

Date D(const char* iso) { return *Date::Parse(iso); }

Material M(MaterialType t, std::string project = "") {
  return Material{t, std::move(project), "sha", "f.pdf", "application/pdf", 10};
}

std::vector<Material> Complete(const std::vector<std::string>& projects) {
  std::vector<Material> out;
  for (MaterialType t : kAllMaterialTypes) {
    if (t == MaterialType::kQuestionBank) {
      for (const auto& p : projects) out.push_back(M(t, p));
    } else {
      out.push_back(M(t));
    }
  }
  return out;
}

std::vector<MaterialFinding> AllOk(const std::vector<std::string>& projects) {
  std::vector<MaterialFinding> out;
  for (const Material& m : Complete(projects)) {
    out.push_back({m.type, m.project_code, FindingResult::kOk, ""});
  }
  return out;
}

using test::OfficialCalendar;

TEST(RecruitmentNamesTest, StatesMaterialsAndTypesRoundTrip) {
  for (S s : {S::kDraft, S::kSubmitted, S::kReturned, S::kRejected,
              S::kForwarded, S::kNotSelected, S::kEvaluated, S::kPublicizing,
              S::kApproved, S::kReported, S::kPublished}) {
    EXPECT_EQ(ParseApplicationState(ApplicationStateName(s)), s);
    EXPECT_FALSE(ApplicationStateTitle(s).empty());
  }
  EXPECT_FALSE(ParseApplicationState("approved ").has_value());
  for (MaterialType t : kAllMaterialTypes) {
    EXPECT_EQ(ParseMaterialType(MaterialTypeName(t)), t);
  }
  EXPECT_EQ(MaterialTypeTitle(MaterialType::kQuestionBank), "题库");
  EXPECT_EQ(InstitutionTypeLetter(InstitutionType::kEnterprise), 'Q');
  EXPECT_EQ(InstitutionTypeLetter(InstitutionType::kCollege), 'Y');
  EXPECT_EQ(InstitutionTypeLetter(InstitutionType::kSocialOrg), 'T');
  EXPECT_EQ(InstitutionTypeLetter(InstitutionType::kTraining), 'P');
  EXPECT_EQ(ParseInstitutionType("training"), InstitutionType::kTraining);
  EXPECT_FALSE(ParseInstitutionType("government").has_value());
  EXPECT_EQ(ParseFindingResult("invalid"), FindingResult::kInvalid);
  EXPECT_FALSE(ParseFindingResult("bad").has_value());
}

TEST(RecruitmentStateTest,
     OnlyDraftAndReturnedAreEditableAndOpenStatesHoldProjects) {
  EXPECT_TRUE(CheckCanEdit(S::kDraft).ok());
  EXPECT_TRUE(CheckCanEdit(S::kReturned).ok());
  for (S s : {S::kSubmitted, S::kForwarded, S::kApproved, S::kPublished}) {
    Status st = CheckCanEdit(s);
    EXPECT_EQ(st.code(), "recruitment.wrong_state");
    EXPECT_NE(st.message().find(ApplicationStateTitle(s)), std::string::npos);
  }
  EXPECT_TRUE(IsOpenApplication(S::kPublicizing));
  EXPECT_TRUE(IsOpenApplication(S::kDraft));
  EXPECT_FALSE(IsOpenApplication(S::kRejected));
  EXPECT_FALSE(IsOpenApplication(S::kNotSelected));
  EXPECT_FALSE(IsOpenApplication(S::kApproved));
}

TEST(RecruitmentMaterialsTest, QuestionBankNeededPerProject) {
  const std::vector<std::string> projects = {"ZX01001", "ZX03005"};
  auto materials = Complete(projects);
  EXPECT_TRUE(MissingMaterials(projects, materials).empty());
  materials.erase(std::remove_if(materials.begin(), materials.end(),
                                 [](const Material& m) {
                                   return m.project_code == "ZX03005";
                                 }),
                  materials.end());
  auto missing = MissingMaterials(projects, materials);
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0].type, MaterialType::kQuestionBank);
  EXPECT_EQ(missing[0].project_code, "ZX03005");
  // Nothing uploaded: five general materials and two banks.
  EXPECT_EQ(MissingMaterials(projects, {}).size(), 7u);
}

TEST(RecruitmentStateTest, SubmitNeedsProjectsAndEveryMaterial) {
  const std::vector<std::string> projects = {"ZX01001"};
  EXPECT_TRUE(CheckCanSubmit(S::kDraft, projects, Complete(projects)).ok());
  EXPECT_TRUE(CheckCanSubmit(S::kReturned, projects, Complete(projects)).ok());
  EXPECT_EQ(CheckCanSubmit(S::kSubmitted, projects, Complete(projects)).code(),
            "recruitment.wrong_state");
  EXPECT_EQ(CheckCanSubmit(S::kDraft, {}, {}).code(), "recruitment.no_project");
  auto partial = Complete(projects);
  partial.pop_back();  // the credit report
  Status st = CheckCanSubmit(S::kDraft, projects, partial);
  EXPECT_EQ(st.code(), "recruitment.materials_incomplete");
  EXPECT_NE(st.message().find("信用报告"), std::string::npos) << st.message();
}

TEST(RecruitmentStateTest, RecallOnlyWhileSubmitted) {
  EXPECT_TRUE(CheckCanRecall(S::kSubmitted).ok());
  EXPECT_EQ(CheckCanRecall(S::kDraft).code(), "recruitment.wrong_state");
  EXPECT_EQ(CheckCanRecall(S::kForwarded).code(), "recruitment.wrong_state");
}

TEST(RecruitmentStateTest, ReturnAndRejectNeedAReason) {
  EXPECT_TRUE(CheckCanReturn(S::kSubmitted, "缺少题库").ok());
  EXPECT_EQ(CheckCanReturn(S::kSubmitted, "").code(),
            "recruitment.reason_required");
  EXPECT_EQ(CheckCanReturn(S::kForwarded, "x").code(),
            "recruitment.wrong_state");
  EXPECT_TRUE(CheckCanReject(S::kSubmitted, "不符合条件").ok());
  EXPECT_EQ(CheckCanReject(S::kSubmitted, "").code(),
            "recruitment.reason_required");
}

TEST(RecruitmentStateTest, ForwardNeedsCompleteMaterialsAndAnOkFindingForEach) {
  const std::vector<std::string> projects = {"ZX01001", "ZX04001"};
  const auto materials = Complete(projects);
  EXPECT_TRUE(
      CheckCanForward(S::kSubmitted, projects, materials, AllOk(projects))
          .ok());
  EXPECT_EQ(
      CheckCanForward(S::kDraft, projects, materials, AllOk(projects)).code(),
      "recruitment.wrong_state");

  auto missing_material = materials;
  missing_material.erase(missing_material.begin() + 1);  // the work plan
  Status st = CheckCanForward(S::kSubmitted, projects, missing_material,
                              AllOk(projects));
  EXPECT_EQ(st.code(), "recruitment.materials_incomplete");
  EXPECT_NE(st.message().find("工作方案"), std::string::npos) << st.message();

  auto invalid = AllOk(projects);
  invalid[2].result = FindingResult::kInvalid;
  EXPECT_EQ(CheckCanForward(S::kSubmitted, projects, materials, invalid).code(),
            "recruitment.finding_not_ok");

  auto incomplete = AllOk(projects);
  incomplete.pop_back();
  st = CheckCanForward(S::kSubmitted, projects, materials, incomplete);
  EXPECT_EQ(st.code(), "recruitment.finding_missing");
  EXPECT_NE(st.message().find("信用报告"), std::string::npos) << st.message();
}

TEST(RecruitmentCriteriaTest, DefaultSetIsValidAndSumsTo100) {
  auto criteria = DefaultCriteria();
  EXPECT_TRUE(ValidateCriteria(criteria).ok());
  int total = 0, required = 0;
  for (const auto& c : criteria) {
    total += c.max_points;
    required += c.required;
  }
  EXPECT_EQ(total, 100);
  EXPECT_EQ(required, 3);  // legal qualification, credit, question bank
  EXPECT_EQ(criteria.size(), 8u);
}

TEST(RecruitmentCriteriaTest, BadSetsAreRefusedNamingTheProblem) {
  auto criteria = DefaultCriteria();
  criteria[0].max_points -= 1;
  Status st = ValidateCriteria(criteria);
  EXPECT_EQ(st.code(), "recruitment.criteria_total");
  EXPECT_NE(st.message().find("99"), std::string::npos) << st.message();

  criteria = DefaultCriteria();
  criteria[1].key = criteria[0].key;
  EXPECT_EQ(ValidateCriteria(criteria).code(), "recruitment.criterion_invalid");
  criteria = DefaultCriteria();
  criteria[1].key = "Credit!";
  EXPECT_EQ(ValidateCriteria(criteria).field(), "criteria[1].key");
  criteria = DefaultCriteria();
  criteria[2].title = "场";
  EXPECT_EQ(ValidateCriteria(criteria).field(), "criteria[2].title");
  EXPECT_EQ(ValidateCriteria({}).code(), "recruitment.criteria_total");
}

std::vector<CriterionScore> Form(int points_off_each,
                                 bool required_met = true) {
  std::vector<CriterionScore> out;
  for (const auto& c : DefaultCriteria()) {
    out.push_back({c.key, std::max(0, c.max_points - points_off_each),
                   c.required ? required_met : true});
  }
  return out;
}

TEST(RecruitmentEvaluationTest,
     FormsMustScoreEveryCriterionOnceWithinItsMaximum) {
  const auto criteria = DefaultCriteria();
  EXPECT_TRUE(ValidateEvaluationForm(criteria, Form(0)).ok());
  auto form = Form(0);
  form[3].points = 16;  // examiner team: max 15
  Status st = ValidateEvaluationForm(criteria, form);
  EXPECT_EQ(st.code(), "recruitment.points_out_of_range");
  EXPECT_EQ(st.field(), "scores[3].points");
  form = Form(0);
  form.pop_back();
  EXPECT_EQ(ValidateEvaluationForm(criteria, form).code(),
            "recruitment.criterion_missing");
  form = Form(0);
  form.push_back(form[0]);
  EXPECT_EQ(ValidateEvaluationForm(criteria, form).code(),
            "recruitment.duplicate_criterion");
  form = Form(0);
  form[0].key = "bribery";
  EXPECT_EQ(ValidateEvaluationForm(criteria, form).code(),
            "recruitment.unknown_criterion");
}

TEST(RecruitmentEvaluationTest, TheMeanDecidesWithOneDecimal) {
  const auto criteria = DefaultCriteria();
  // 8 criteria: 100 - 8*2 = 84 and 100 - 8*3 = 76 → mean 80.0.
  auto out = ConcludeEvaluation(criteria, {Form(2), Form(3)});
  ASSERT_TRUE(out.ok());
  EXPECT_DOUBLE_EQ(out->mean_total, 80.0);
  EXPECT_TRUE(out->selected);
  // 84, 76, 77 → 79.0; 84 and 77 → 80.5.
  auto a = Form(2);
  auto b = Form(3);
  b[0].points += 1;  // 77
  auto mean = ConcludeEvaluation(criteria, {a, b});
  EXPECT_DOUBLE_EQ(mean->mean_total, 80.5);
  // Below 60 (100 - 8*6 = 52) is not selected even with every required met.
  auto low = ConcludeEvaluation(criteria, {Form(6), Form(5)});
  EXPECT_DOUBLE_EQ(low->mean_total, 56.0);
  EXPECT_FALSE(low->selected);
  EXPECT_TRUE(low->required_met);
  EXPECT_EQ(ConcludeEvaluation(criteria, {}).status().code(),
            "recruitment.no_evaluation");
}

TEST(RecruitmentEvaluationTest,
     RequiredCriteriaNeedAStrictMajorityOfEvaluators) {
  const auto criteria = DefaultCriteria();
  // Two evaluators, one judges the required criteria unmet: 1 of 2 is no
  // majority, so not selected whatever the points.
  auto split = ConcludeEvaluation(criteria, {Form(0, true), Form(0, false)});
  ASSERT_TRUE(split.ok());
  EXPECT_FALSE(split->required_met);
  EXPECT_FALSE(split->selected);
  EXPECT_EQ(split->unmet_required.size(), 3u);
  // Two of three is a majority.
  auto majority = ConcludeEvaluation(
      criteria, {Form(0, true), Form(0, false), Form(0, true)});
  EXPECT_TRUE(majority->required_met);
  EXPECT_TRUE(majority->selected);
}

TEST(RecruitmentPublicityTest, FiveWorkingDaysByTheOfficialCalendar) {
  const WorkdayCalendar cal = OfficialCalendar();
  // 2026-09-30 (Wed) is day 1; 10-01…10-07 are the National Day holiday;
  // 10-08 (2), 10-09 (3), 10-10 make-up Saturday (4), 10-12 Monday (5).
  auto end = PublicityEndDate(cal, D("2026-09-30"), std::nullopt);
  ASSERT_TRUE(end.ok()) << end.status().ToString();
  EXPECT_EQ(end->ToString(), "2026-10-12");
  // A longer round may be asked for, a shorter one never.
  EXPECT_EQ(PublicityEndDate(cal, D("2026-09-30"), D("2026-10-16"))->ToString(),
            "2026-10-16");
  Status st = PublicityEndDate(cal, D("2026-09-30"), D("2026-10-09")).status();
  EXPECT_EQ(st.code(), "recruitment.publicity_too_short");
  EXPECT_NE(st.message().find("2026-10-12"), std::string::npos) << st.message();
  // An ordinary week: Monday to Friday.
  EXPECT_EQ(PublicityEndDate(cal, D("2026-11-23"), std::nullopt)->ToString(),
            "2026-11-27");
  // No guessing beyond the calendar.
  EXPECT_EQ(
      PublicityEndDate(cal, D("2099-01-05"), std::nullopt).status().code(),
      "calendar.year_not_covered");
}

TEST(RecruitmentPublicityTest,
     ApprovalOnlyFromTheDayAfterTheEndWithoutOpenObjections) {
  const WorkdayCalendar cal = OfficialCalendar();
  const Date end = *PublicityEndDate(cal, D("2026-09-30"), std::nullopt);
  // The 4th working day of publicity.
  Status fourth = CheckCanApprove(S::kPublicizing, D("2026-10-10"), end, 0);
  EXPECT_EQ(fourth.code(), "recruitment.publicity_running");
  EXPECT_NE(fourth.message().find("2026-10-13"), std::string::npos)
      << fourth.message();
  // The end day itself.
  EXPECT_EQ(CheckCanApprove(S::kPublicizing, D("2026-10-12"), end, 0).code(),
            "recruitment.publicity_running");
  // The next day.
  EXPECT_TRUE(CheckCanApprove(S::kPublicizing, D("2026-10-13"), end, 0).ok());
  Status open = CheckCanApprove(S::kPublicizing, D("2026-10-13"), end, 1);
  EXPECT_EQ(open.code(), "recruitment.objection_open");
  EXPECT_NE(open.message().find("1 件异议"), std::string::npos)
      << open.message();
  EXPECT_EQ(CheckCanApprove(S::kEvaluated, D("2026-10-13"), end, 0).code(),
            "recruitment.wrong_state");
}

TEST(RecruitmentStateTest, ReportThenPublish) {
  EXPECT_TRUE(CheckCanReport(S::kApproved).ok());
  EXPECT_EQ(CheckCanReport(S::kPublicizing).code(), "recruitment.wrong_state");
  EXPECT_TRUE(CheckCanPublish(S::kReported).ok());
  EXPECT_EQ(CheckCanPublish(S::kApproved).code(), "recruitment.wrong_state");
}

}  // namespace
}  // namespace zxkh::domain
