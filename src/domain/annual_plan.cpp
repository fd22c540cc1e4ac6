#include "domain/annual_plan.hpp"

#include <algorithm>
#include <array>
#include <set>

#include "common/text.hpp"

namespace zxkh::domain {
namespace {

struct StateNames {
  PlanState state;
  std::string_view name;
  std::string_view title;
};

constexpr std::array<StateNames, 5> kStates = {{
    {PlanState::kDraft, "draft", "草稿"},
    {PlanState::kSubmitted, "submitted", "已提交，待区(市)审核"},
    {PlanState::kReturned, "returned", "已退回修改"},
    {PlanState::kApproved, "approved", "区(市)已审核通过，待市局发布"},
    {PlanState::kPublished, "published", "已发布"},
}};

Status WrongState(PlanState s, std::string_view action) {
  return Status::FailedPrecondition(
      "plan.wrong_state", "年度考核计划当前状态为「" +
                              std::string(PlanStateTitle(s)) + "」，不能" +
                              std::string(action));
}

bool Blank(std::string_view s) { return TrimSpace(s).empty(); }

}  // namespace

std::string_view PlanStateName(PlanState s) {
  for (const auto& n : kStates) {
    if (n.state == s) return n.name;
  }
  return "?";
}

std::string_view PlanStateTitle(PlanState s) {
  for (const auto& n : kStates) {
    if (n.state == s) return n.title;
  }
  return "?";
}

std::optional<PlanState> ParsePlanState(std::string_view s) {
  for (const auto& n : kStates) {
    if (n.name == s) return n.state;
  }
  return std::nullopt;
}

Result<std::vector<int>> ParseMonths(std::string_view text) {
  // Chinese separators become commas; spaces are ignored.
  std::string s(text);
  for (std::string_view sep : {"、", "，", "；", ";", " ", "\t", "月"}) {
    for (std::size_t at = s.find(sep); at != std::string::npos;
         at = s.find(sep, at)) {
      s.replace(at, sep.size(),
                sep == "月" || sep == " " || sep == "\t" ? "" : ",");
    }
  }
  const Status bad = Status::InvalidArgument(
      "plan.months_invalid",
      "考核月份应为 1 至 12 的数字，多个月份用逗号分隔，如 3,6,9", "months");
  std::set<int> months;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t comma = s.find(',', start);
    if (comma == std::string::npos) comma = s.size();
    const std::string part = s.substr(start, comma - start);
    start = comma + 1;
    if (part.empty()) continue;
    if (part.size() > 2 || !std::all_of(part.begin(), part.end(), [](char c) {
          return c >= '0' && c <= '9';
        })) {
      return bad;
    }
    const int m = std::stoi(part);
    if (m < 1 || m > 12) return bad;
    months.insert(m);
  }
  if (months.empty()) return bad;
  return std::vector<int>(months.begin(), months.end());
}

std::string FormatMonths(const std::vector<int>& months) {
  std::string out;
  for (int m : months) {
    if (!out.empty()) out += ",";
    out += std::to_string(m);
  }
  return out;
}

std::string MonthsTitle(const std::vector<int>& months) {
  std::string out;
  for (int m : months) {
    if (!out.empty()) out += "、";
    out += std::to_string(m) + "月";
  }
  return out;
}

Status ValidatePlanPhone(std::string_view p) {
  bool ok =
      p.size() >= 7 && p.size() <= 20 && p.front() != '-' && p.back() != '-';
  int digits = 0;
  for (char ch : p) {
    ok = ok && ((ch >= '0' && ch <= '9') || ch == '-');
    digits += ch >= '0' && ch <= '9';
  }
  if (!ok || digits < 7) {
    return Status::InvalidArgument(
        "plan.phone_invalid",
        "联系电话应为固定电话（如 0532-88886666）或手机号码", "contact_phone");
  }
  return Status::Ok();
}

Status ValidatePlanYear(int year, Date today) {
  if (year < today.year() || year > today.year() + 2) {
    return Status::InvalidArgument("plan.year_invalid",
                                   "计划年度应为 " +
                                       std::to_string(today.year()) + " 至 " +
                                       std::to_string(today.year() + 2) + " 年",
                                   "year");
  }
  return Status::Ok();
}

Status ValidateItem(const PlanItem& item, int year, Date today) {
  if (item.months.empty()) {
    return Status::InvalidArgument("plan.months_invalid", "请填写考核月份",
                                   "months");
  }
  for (std::size_t i = 0; i < item.months.size(); ++i) {
    const int m = item.months[i];
    if (m < 1 || m > 12 || (i > 0 && item.months[i - 1] >= m)) {
      return Status::InvalidArgument(
          "plan.months_invalid", "考核月份应为 1 至 12 月，且不重复", "months");
    }
  }
  if (item.exam_date.year() != year) {
    return Status::InvalidArgument("plan.exam_date_outside_year",
                                   "计划考核日期 " + item.exam_date.ToString() +
                                       " 不在 " + std::to_string(year) +
                                       " 年度内",
                                   "exam_date");
  }
  if (std::find(item.months.begin(), item.months.end(),
                item.exam_date.month()) == item.months.end()) {
    return Status::InvalidArgument("plan.exam_date_not_in_months",
                                   "计划考核日期 " + item.exam_date.ToString() +
                                       " 不在所填考核月份（" +
                                       MonthsTitle(item.months) + "）内",
                                   "exam_date");
  }
  if (item.exam_date <= today) {
    return Status::InvalidArgument(
        "plan.exam_date_past",
        "计划考核日期应晚于今天（" + today.ToString() + "）", "exam_date");
  }
  if (item.expected_count <= 0 || item.expected_count > kMaxExpectedCount) {
    return Status::InvalidArgument("plan.expected_count_invalid",
                                   "预计考核人数应为 1 至 100000 人",
                                   "expected_count");
  }
  if (Blank(item.venue)) {
    return Status::InvalidArgument("plan.venue_required", "请填写考核地点",
                                   "venue");
  }
  if (Blank(item.contact_name)) {
    return Status::InvalidArgument("plan.contact_required", "请填写联系人",
                                   "contact_name");
  }
  ZXKH_RETURN_IF_ERROR(ValidatePlanPhone(item.contact_phone));
  if (item.fee_fen && (*item.fee_fen < 0 || *item.fee_fen > kMaxFeeFen)) {
    return Status::InvalidArgument("plan.fee_invalid",
                                   "收费标准应为 0 至 100000 元", "fee_fen");
  }
  return Status::Ok();
}

Status CheckProjectInScope(std::string_view project_code,
                           std::string_view project_name,
                           const std::vector<std::string>& scope_codes) {
  if (std::find(scope_codes.begin(), scope_codes.end(), project_code) ==
      scope_codes.end()) {
    return Status::InvalidArgument(
        "plan.project_out_of_scope",
        "「" + std::string(project_name) + "」（" + std::string(project_code) +
            "）不在本机构核准的考核项目范围内，不能列入年度考核计划",
        "project_code");
  }
  return Status::Ok();
}

Status CheckCanEditItems(PlanState s) {
  if (s != PlanState::kDraft && s != PlanState::kReturned) {
    return WrongState(s, "修改计划条目");
  }
  return Status::Ok();
}

Status CheckCanSubmit(PlanState s, int item_count) {
  if (s != PlanState::kDraft && s != PlanState::kReturned) {
    return WrongState(s, "提交");
  }
  if (item_count < 1) {
    return Status::FailedPrecondition(
        "plan.no_items", "年度考核计划至少需要一个计划条目，才能提交");
  }
  return Status::Ok();
}

Status CheckCanReturn(PlanState s, std::string_view reason) {
  if (s != PlanState::kSubmitted) return WrongState(s, "退回");
  if (Blank(reason)) {
    return Status::InvalidArgument("plan.reason_required", "退回修改须填写原因",
                                   "reason");
  }
  return Status::Ok();
}

Status CheckCanApprove(PlanState s) {
  if (s != PlanState::kSubmitted) return WrongState(s, "审核通过");
  return Status::Ok();
}

Status CheckCanPublish(int year, int approved_count) {
  if (approved_count < 1) {
    return Status::FailedPrecondition(
        "plan.nothing_to_publish",
        std::to_string(year) +
            " 年度没有已审核通过、待发布的年度考核计划，不能发布公告");
  }
  return Status::Ok();
}

std::string AnnouncementTitle(int year) {
  return "青岛市" + std::to_string(year) + "年度专项职业能力考核计划公告";
}

}  // namespace zxkh::domain
