#include "domain/recruitment.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <utility>

#include "common/text.hpp"

namespace zxkh::domain {
namespace {

struct StateNames {
  ApplicationState state;
  std::string_view name;
  std::string_view title;
};

constexpr std::array<StateNames, 11> kStates = {{
    {ApplicationState::kDraft, "draft", "草稿"},
    {ApplicationState::kSubmitted, "submitted", "已提交，待区(市)初审"},
    {ApplicationState::kReturned, "returned", "已退回修改"},
    {ApplicationState::kRejected, "rejected", "初审不通过"},
    {ApplicationState::kForwarded, "forwarded", "已报市局，待遴选评估"},
    {ApplicationState::kNotSelected, "not_selected", "未入选"},
    {ApplicationState::kEvaluated, "evaluated", "评估入选，待公示"},
    {ApplicationState::kPublicizing, "publicizing", "公示中"},
    {ApplicationState::kApproved, "approved", "已确定为考核机构"},
    {ApplicationState::kReported, "reported", "已报省厅"},
    {ApplicationState::kPublished, "published", "已公布"},
}};

struct MaterialNames {
  MaterialType type;
  std::string_view name;
  std::string_view title;
};

constexpr std::array<MaterialNames, 6> kMaterials = {{
    {MaterialType::kApplicationForm, "application_form", "申请表"},
    {MaterialType::kWorkPlan, "work_plan", "工作方案"},
    {MaterialType::kQuestionBank, "question_bank", "题库"},
    {MaterialType::kTrainingCapability, "training_capability", "培训能力证明"},
    {MaterialType::kLegalRegistration, "legal_registration", "法人登记证书"},
    {MaterialType::kCreditReport, "credit_report", "信用报告"},
}};

struct TypeNames {
  InstitutionType type;
  std::string_view name;
  std::string_view title;
  char letter;
};

constexpr std::array<TypeNames, 4> kTypes = {{
    {InstitutionType::kEnterprise, "enterprise", "企业", 'Q'},
    {InstitutionType::kCollege, "college", "院校", 'Y'},
    {InstitutionType::kSocialOrg, "social_org", "社会团体", 'T'},
    {InstitutionType::kTraining, "training", "职业技能培训机构", 'P'},
}};

Status WrongState(ApplicationState s, std::string_view action) {
  return Status::FailedPrecondition("recruitment.wrong_state",
                                    "申请当前状态为「" +
                                        std::string(ApplicationStateTitle(s)) +
                                        "」，不能" + std::string(action));
}

std::string MaterialLabel(MaterialType t, const std::string& project) {
  std::string label(MaterialTypeTitle(t));
  if (!project.empty()) label += "（" + project + "）";
  return label;
}

}  // namespace

std::string_view ApplicationStateName(ApplicationState s) {
  for (const auto& n : kStates) {
    if (n.state == s) return n.name;
  }
  return "draft";
}

std::string_view ApplicationStateTitle(ApplicationState s) {
  for (const auto& n : kStates) {
    if (n.state == s) return n.title;
  }
  return "草稿";
}

std::optional<ApplicationState> ParseApplicationState(std::string_view s) {
  for (const auto& n : kStates) {
    if (n.name == s) return n.state;
  }
  return std::nullopt;
}

std::string_view MaterialTypeName(MaterialType t) {
  for (const auto& m : kMaterials) {
    if (m.type == t) return m.name;
  }
  return "application_form";
}

std::string_view MaterialTypeTitle(MaterialType t) {
  for (const auto& m : kMaterials) {
    if (m.type == t) return m.title;
  }
  return "申请表";
}

std::optional<MaterialType> ParseMaterialType(std::string_view s) {
  for (const auto& m : kMaterials) {
    if (m.name == s) return m.type;
  }
  return std::nullopt;
}

std::string_view InstitutionTypeName(InstitutionType t) {
  for (const auto& n : kTypes) {
    if (n.type == t) return n.name;
  }
  return "enterprise";
}

std::string_view InstitutionTypeTitle(InstitutionType t) {
  for (const auto& n : kTypes) {
    if (n.type == t) return n.title;
  }
  return "企业";
}

std::optional<InstitutionType> ParseInstitutionType(std::string_view s) {
  for (const auto& n : kTypes) {
    if (n.name == s) return n.type;
  }
  return std::nullopt;
}

char InstitutionTypeLetter(InstitutionType t) {
  for (const auto& n : kTypes) {
    if (n.type == t) return n.letter;
  }
  return 'Q';
}

std::vector<MissingMaterial> MissingMaterials(
    const std::vector<std::string>& projects,
    const std::vector<Material>& materials) {
  auto has = [&](MaterialType t, const std::string& project) {
    return std::any_of(materials.begin(), materials.end(),
                       [&](const Material& m) {
                         return m.type == t && m.project_code == project;
                       });
  };
  std::vector<MissingMaterial> missing;
  for (MaterialType t : kAllMaterialTypes) {
    if (t == MaterialType::kQuestionBank) {
      for (const std::string& p : projects) {
        if (!has(t, p)) missing.push_back({t, p});
      }
    } else if (!has(t, "")) {
      missing.push_back({t, ""});
    }
  }
  return missing;
}

std::string_view FindingResultName(FindingResult r) {
  switch (r) {
    case FindingResult::kOk:
      return "ok";
    case FindingResult::kMissing:
      return "missing";
    case FindingResult::kInvalid:
      return "invalid";
  }
  return "ok";
}

std::optional<FindingResult> ParseFindingResult(std::string_view s) {
  if (s == "ok") return FindingResult::kOk;
  if (s == "missing") return FindingResult::kMissing;
  if (s == "invalid") return FindingResult::kInvalid;
  return std::nullopt;
}

bool IsOpenApplication(ApplicationState s) {
  switch (s) {
    case ApplicationState::kDraft:
    case ApplicationState::kSubmitted:
    case ApplicationState::kReturned:
    case ApplicationState::kForwarded:
    case ApplicationState::kEvaluated:
    case ApplicationState::kPublicizing:
      return true;
    default:
      return false;
  }
}

Status CheckCanEdit(ApplicationState s) {
  if (s != ApplicationState::kDraft && s != ApplicationState::kReturned) {
    return WrongState(s, "修改");
  }
  return Status::Ok();
}

Status CheckCanSubmit(ApplicationState s,
                      const std::vector<std::string>& projects,
                      const std::vector<Material>& materials) {
  if (s != ApplicationState::kDraft && s != ApplicationState::kReturned) {
    return WrongState(s, "提交");
  }
  if (projects.empty()) {
    return Status::InvalidArgument("recruitment.no_project",
                                   "请至少选择一个考核项目", "project_codes");
  }
  auto missing = MissingMaterials(projects, materials);
  if (!missing.empty()) {
    std::string list;
    for (const auto& m : missing) {
      if (!list.empty()) list += "、";
      list += MaterialLabel(m.type, m.project_code);
    }
    return Status::FailedPrecondition("recruitment.materials_incomplete",
                                      "申报材料不完整，缺少：" + list);
  }
  return Status::Ok();
}

Status CheckCanRecall(ApplicationState s) {
  if (s != ApplicationState::kSubmitted)
    return WrongState(s, "撤回（区(市)已受理或尚未提交）");
  return Status::Ok();
}

Status CheckCanReturn(ApplicationState s, std::string_view reason) {
  if (s != ApplicationState::kSubmitted) return WrongState(s, "退回修改");
  if (reason.empty()) {
    return Status::InvalidArgument("recruitment.reason_required",
                                   "退回修改须填写原因", "reason");
  }
  return Status::Ok();
}

Status CheckCanReject(ApplicationState s, std::string_view reason) {
  if (s != ApplicationState::kSubmitted) return WrongState(s, "作出初审不通过");
  if (reason.empty()) {
    return Status::InvalidArgument("recruitment.reason_required",
                                   "初审不通过须填写原因", "reason");
  }
  return Status::Ok();
}

Status CheckCanForward(ApplicationState s,
                       const std::vector<std::string>& projects,
                       const std::vector<Material>& materials,
                       const std::vector<MaterialFinding>& findings) {
  if (s != ApplicationState::kSubmitted) return WrongState(s, "报送市局");
  // The same completeness rule as submission: a file may have been
  // withdrawn, and forwarding an incomplete file is what R-INS-3 forbids.
  auto missing = MissingMaterials(projects, materials);
  if (!missing.empty()) {
    return Status::FailedPrecondition(
        "recruitment.materials_incomplete",
        "材料不完整，不能报送市局：缺少" +
            MaterialLabel(missing[0].type, missing[0].project_code));
  }
  for (const MaterialFinding& f : findings) {
    if (f.result != FindingResult::kOk) {
      return Status::FailedPrecondition(
          "recruitment.finding_not_ok",
          "初审意见中「" + MaterialLabel(f.type, f.project_code) +
              (f.result == FindingResult::kMissing ? "」为缺失"
                                                   : "」为不合格") +
              "，应退回修改，不能报送市局");
    }
  }
  // Every required material needs an explicit OK finding: the check is a
  // check, not a default.
  for (MaterialType t : kAllMaterialTypes) {
    const std::vector<std::string> keys = t == MaterialType::kQuestionBank
                                              ? projects
                                              : std::vector<std::string>{""};
    for (const std::string& p : keys) {
      const bool found = std::any_of(
          findings.begin(), findings.end(),
          [&](const auto& f) { return f.type == t && f.project_code == p; });
      if (!found) {
        return Status::FailedPrecondition(
            "recruitment.finding_missing",
            "请先对「" + MaterialLabel(t, p) + "」给出初审意见");
      }
    }
  }
  return Status::Ok();
}

std::vector<Criterion> DefaultCriteria() {
  return {
      {"legal_qualification", "法人资格合法有效", 10, true},
      {"credit", "信用状况良好，无不良记录", 10, true},
      {"venue_equipment", "考核场地与设施设备", 15, false},
      {"examiner_team", "考评人员队伍", 15, false},
      {"question_bank", "题库（每个项目不少于 5 套）", 15, true},
      {"management_rules", "考核管理制度", 10, false},
      {"training_capability", "培训能力", 15, false},
      {"assessment_experience", "考核评价工作经验", 10, false},
  };
}

Status ValidateCriteria(const std::vector<Criterion>& criteria) {
  if (criteria.empty()) {
    return Status::InvalidArgument("recruitment.criteria_total",
                                   "评估指标不能为空", "criteria");
  }
  std::set<std::string> keys;
  int total = 0;
  for (std::size_t i = 0; i < criteria.size(); ++i) {
    const Criterion& c = criteria[i];
    const std::string field = "criteria[" + std::to_string(i) + "]";
    const bool key_ok = !c.key.empty() && c.key.size() <= 40 &&
                        std::all_of(c.key.begin(), c.key.end(), [](char ch) {
                          return (ch >= 'a' && ch <= 'z') ||
                                 (ch >= '0' && ch <= '9') || ch == '_';
                        });
    if (!key_ok) {
      return Status::InvalidArgument(
          "recruitment.criterion_invalid",
          "指标代码「" + c.key + "」应为 1 至 40 个小写字母、数字或下划线",
          field + ".key");
    }
    if (!keys.insert(c.key).second) {
      return Status::InvalidArgument("recruitment.criterion_invalid",
                                     "指标代码「" + c.key + "」重复",
                                     field + ".key");
    }
    // Titles are counted in characters, not bytes: they are Chinese.
    const std::size_t chars = Utf8Length(c.title);
    if (chars < 2 || chars > 60) {
      return Status::InvalidArgument(
          "recruitment.criterion_invalid",
          "指标「" + c.key + "」的名称应为 2 至 60 个字符", field + ".title");
    }
    if (c.max_points < 1 || c.max_points > 100) {
      return Status::InvalidArgument(
          "recruitment.criterion_invalid",
          "指标「" + c.title + "」的分值应在 1 至 100 分之间",
          field + ".max_points");
    }
    total += c.max_points;
  }
  if (total != 100) {
    return Status::InvalidArgument(
        "recruitment.criteria_total",
        "各项指标分值合计应为 100 分，当前为 " + std::to_string(total) + " 分",
        "criteria");
  }
  return Status::Ok();
}

Status ValidateEvaluationForm(const std::vector<Criterion>& criteria,
                              const std::vector<CriterionScore>& scores) {
  std::map<std::string, const Criterion*> by_key;
  for (const Criterion& c : criteria) by_key[c.key] = &c;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    const CriterionScore& s = scores[i];
    auto it = by_key.find(s.key);
    const std::string field = "scores[" + std::to_string(i) + "]";
    if (it == by_key.end()) {
      return Status::InvalidArgument("recruitment.unknown_criterion",
                                     "未知的评估指标：" + s.key, field);
    }
    if (!seen.insert(s.key).second) {
      return Status::InvalidArgument(
          "recruitment.duplicate_criterion",
          "评估指标「" + it->second->title + "」重复打分", field);
    }
    if (s.points < 0 || s.points > it->second->max_points) {
      return Status::InvalidArgument(
          "recruitment.points_out_of_range",
          "「" + it->second->title + "」的得分应在 0 至 " +
              std::to_string(it->second->max_points) + " 分之间",
          field + ".points");
    }
  }
  for (const Criterion& c : criteria) {
    if (!seen.count(c.key)) {
      return Status::InvalidArgument("recruitment.criterion_missing",
                                     "评估表缺少指标「" + c.title + "」的得分",
                                     "scores");
    }
  }
  return Status::Ok();
}

Result<EvaluationOutcome> ConcludeEvaluation(
    const std::vector<Criterion>& criteria,
    const std::vector<std::vector<CriterionScore>>& forms) {
  if (forms.empty()) {
    return Status::FailedPrecondition("recruitment.no_evaluation",
                                      "尚无评估表，不能作出评估结论");
  }
  EvaluationOutcome out;
  double sum = 0;
  std::map<std::string, int> met_votes;
  for (const auto& form : forms) {
    int total = 0;
    for (const CriterionScore& s : form) {
      total += s.points;
      if (s.met) ++met_votes[s.key];
    }
    sum += total;
  }
  out.mean_total =
      std::round(sum / static_cast<double>(forms.size()) * 10.0) / 10.0;
  out.required_met = true;
  for (const Criterion& c : criteria) {
    if (c.required && met_votes[c.key] * 2 <= static_cast<int>(forms.size())) {
      out.required_met = false;
      out.unmet_required.push_back(c.title);
    }
  }
  out.selected = out.required_met && out.mean_total >= kSelectionThreshold;
  return out;
}

Result<Date> PublicityEndDate(const WorkdayCalendar& calendar, Date start,
                              std::optional<Date> requested_end) {
  ZXKH_ASSIGN_OR_RETURN(Date earliest,
                        calendar.AddWorkingDays(start, kPublicityWorkingDays));
  if (requested_end && *requested_end < earliest) {
    return Status::FailedPrecondition("recruitment.publicity_too_short",
                                      "公示期不得少于 5 个工作日：自 " +
                                          start.ToString() + " 起最早于 " +
                                          earliest.ToString() + " 结束");
  }
  return requested_end.value_or(earliest);
}

Status CheckCanApprove(ApplicationState s, Date today, Date publicity_end,
                       int open_objections) {
  if (s != ApplicationState::kPublicizing)
    return WrongState(s, "确定为考核机构");
  if (!(publicity_end < today)) {
    return Status::FailedPrecondition(
        "recruitment.publicity_running",
        "公示期至 " + publicity_end.ToString() + " 结束，" +
            publicity_end.AddDays(1).ToString() + " 起方可确定考核机构");
  }
  if (open_objections > 0) {
    return Status::FailedPrecondition(
        "recruitment.objection_open",
        "尚有 " + std::to_string(open_objections) +
            " 件异议未处理，处理完毕后方可确定考核机构");
  }
  return Status::Ok();
}

Status CheckCanReport(ApplicationState s) {
  if (s != ApplicationState::kApproved) return WrongState(s, "报送省厅");
  return Status::Ok();
}

Status CheckCanPublish(ApplicationState s) {
  if (s != ApplicationState::kReported) return WrongState(s, "公布");
  return Status::Ok();
}

}  // namespace zxkh::domain
