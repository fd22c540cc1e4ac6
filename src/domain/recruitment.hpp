// Institution recruitment (考核机构征集), R-INS-1 … R-INS-6: one application
// of an institution for one or more catalog projects.
//
// clang-format off
//            submit                forward               conclude(selected)
//   DRAFT ───────────► SUBMITTED ─────────► FORWARDED ─────────────────► EVALUATED
//     ▲  ◄───recall────    │  │                  │                          │ open publicity
//     │                    │  └─reject─► REJECTED └─conclude(not)─► NOT_SELECTED ◄─┐
//     │  resubmit          │ return                                          ▼     │ objection
//   RETURNED ◄─────────────┘                                          PUBLICIZING ──┘ upheld
//                                                                          │ approve (after the
//                                                                          ▼  end date, no open
//                        PUBLISHED ◄──publish── REPORTED ◄──report──── APPROVED   objection)
// clang-format on
//
// Who acts: the applicant institution (submit, recall, resubmit), the
// district of registration (return, reject, forward), the city (evaluate,
// conclude, publicity, objections, approve, report), the province (publish).
// Every transition is recorded with who, when and why (application_events).
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/calendar.hpp"
#include "common/date.hpp"
#include "common/status.hpp"
#include "domain/role.hpp"

namespace zxkh::domain {

enum class ApplicationState {
  kDraft,
  kSubmitted,
  kReturned,
  kRejected,
  kForwarded,
  kNotSelected,
  kEvaluated,
  kPublicizing,
  kApproved,
  kReported,
  kPublished,
};

std::string_view ApplicationStateName(ApplicationState s);   // "draft", …
std::string_view ApplicationStateTitle(ApplicationState s);  // "草稿", …
std::optional<ApplicationState> ParseApplicationState(std::string_view s);

// The six materials of R-INS-2. The question bank is needed per project.
enum class MaterialType {
  kApplicationForm,     // 申请表
  kWorkPlan,            // 工作方案
  kQuestionBank,        // 题库 (one per project)
  kTrainingCapability,  // 培训能力证明
  kLegalRegistration,   // 法人登记证书
  kCreditReport,        // 信用报告
};

inline constexpr MaterialType kAllMaterialTypes[] = {
    MaterialType::kApplicationForm,   MaterialType::kWorkPlan,
    MaterialType::kQuestionBank,      MaterialType::kTrainingCapability,
    MaterialType::kLegalRegistration, MaterialType::kCreditReport};

std::string_view MaterialTypeName(MaterialType t);   // "application_form", …
std::string_view MaterialTypeTitle(MaterialType t);  // "申请表", …
std::optional<MaterialType> ParseMaterialType(std::string_view s);

struct Material {
  MaterialType type = MaterialType::kApplicationForm;
  std::string project_code;  // for kQuestionBank; "" otherwise
  std::string file_sha256;
  std::string file_name;
  std::string media_type;
  int64_t size_bytes = 0;
};

// One missing piece, for the completeness indicator.
struct MissingMaterial {
  MaterialType type;
  std::string project_code;  // "" unless a question bank
};

// What the applicant still has to upload: every general material once and a
// question bank for each project.
std::vector<MissingMaterial> MissingMaterials(
    const std::vector<std::string>& project_codes,
    const std::vector<Material>& materials);

// The district's finding on one material during the preliminary check.
enum class FindingResult { kOk, kMissing, kInvalid };
struct MaterialFinding {
  MaterialType type;
  std::string project_code;
  FindingResult result = FindingResult::kOk;
  std::string note;
};

std::string_view FindingResultName(
    FindingResult r);  // "ok", "missing", "invalid"
std::optional<FindingResult> ParseFindingResult(std::string_view s);

// R-INS-1: only these types, registered in a Qingdao district, good credit.
enum class InstitutionType { kEnterprise, kCollege, kSocialOrg, kTraining };
std::string_view InstitutionTypeName(InstitutionType t);   // "enterprise", …
std::string_view InstitutionTypeTitle(InstitutionType t);  // "企业", …
std::optional<InstitutionType> ParseInstitutionType(std::string_view s);
// The CODES.md type letter: Q, Y, T, P.
char InstitutionTypeLetter(InstitutionType t);

// State checks, each FailedPrecondition("recruitment.<state rule>") with a
// Chinese message naming the state, or InvalidArgument for missing input.
Status CheckCanEdit(ApplicationState s);  // DRAFT or RETURNED
// True while an application holds its projects (from DRAFT to PUBLICIZING):
// an institution may not apply for one project in two of them at once.
bool IsOpenApplication(ApplicationState s);
Status CheckCanSubmit(ApplicationState s,
                      const std::vector<std::string>& project_codes,
                      const std::vector<Material>& materials);
Status CheckCanRecall(
    ApplicationState s);  // SUBMITTED, before the district acts
// Return and reject need a reason; forward needs a finding per required
// material, all OK, and nothing missing.
Status CheckCanReturn(ApplicationState s, std::string_view reason);
Status CheckCanReject(ApplicationState s, std::string_view reason);
Status CheckCanForward(ApplicationState s,
                       const std::vector<std::string>& project_codes,
                       const std::vector<Material>& materials,
                       const std::vector<MaterialFinding>& findings);

// R-INS-6 criteria and evaluation forms.
struct Criterion {
  std::string key;
  std::string title;
  int max_points = 0;
  bool required = false;
};

// The shipped default set (100 points).
std::vector<Criterion> DefaultCriteria();

// A set the city may make active: at least one criterion, keys of 1–40
// characters [a-z0-9_] and unique, titles of 2–60 characters, 1–100 points
// each, the maxima adding up to 100. InvalidArgument naming the criterion
// ("recruitment.criterion_invalid") or the total
// ("recruitment.criteria_total").
Status ValidateCriteria(const std::vector<Criterion>& criteria);

struct CriterionScore {
  std::string key;
  int points = 0;
  bool met = true;  // for required criteria: the evaluator judges it met
};

// Validates one evaluator's form against the criteria: every criterion
// scored once, 0 ≤ points ≤ max. InvalidArgument naming the criterion.
Status ValidateEvaluationForm(const std::vector<Criterion>& criteria,
                              const std::vector<CriterionScore>& scores);

struct EvaluationOutcome {
  double mean_total = 0;  // mean of the evaluators' totals, one decimal
  bool required_met = false;
  bool selected = false;
  std::vector<std::string> unmet_required;  // titles
};

// The mean decides (our rule, R-INS-6): selected when the mean total is
// ≥ 60 and every required criterion is judged met by more than half of the
// evaluators. FailedPrecondition("recruitment.no_evaluation") without forms.
Result<EvaluationOutcome> ConcludeEvaluation(
    const std::vector<Criterion>& criteria,
    const std::vector<std::vector<CriterionScore>>& forms);

inline constexpr int kPublicityWorkingDays = 5;
inline constexpr double kSelectionThreshold = 60.0;

// R-INS-4: the publicity's last day for a start date: the 5th working day
// counted from `start` (R-CAL). `requested_end`, when given, may extend it
// but never shorten it: FailedPrecondition("recruitment.publicity_too_short").
Result<Date> PublicityEndDate(const WorkdayCalendar& calendar, Date start,
                              std::optional<Date> requested_end);

// R-INS-4/5: approval only from the day after the publicity's end date and
// with no open objection. FailedPrecondition "recruitment.publicity_running"
// naming the first allowed date, "recruitment.objection_open" naming the count.
Status CheckCanApprove(ApplicationState s, Date today, Date publicity_end,
                       int open_objections);

Status CheckCanReport(ApplicationState s);   // APPROVED
Status CheckCanPublish(ApplicationState s);  // REPORTED

}  // namespace zxkh::domain
