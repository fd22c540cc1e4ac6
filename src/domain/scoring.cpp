#include "domain/scoring.hpp"

#include "common/text.hpp"

namespace zxkh::domain {

Status CheckCanScore(const ScoringContext& context) {
  if (!context.caller_is_session_examiner) {
    return Status::PermissionDenied("scoring.not_examiner",
                                    "只有本场次的考评员可以评分");
  }
  if (!context.candidate_present) {
    return Status::FailedPrecondition("scoring.absent",
                                      "该考生未签到参加考核（缺考），不能评分");
  }
  if (context.sheet_locked) {
    return Status::FailedPrecondition(
        "scoring.locked", "评分表已签字确认锁定，修改须由考评组长填写原因更正");
  }
  return Status::Ok();
}

std::string FormatTenths(int tenths) {
  const char* sign = tenths < 0 ? "-" : "";
  const int v = tenths < 0 ? -tenths : tenths;
  return sign + std::to_string(v / 10) + "." + std::to_string(v % 10);
}

Status ValidateItemScores(const std::vector<ItemScore>& items,
                          std::size_t rubric_items) {
  if (items.size() != rubric_items) {
    return Status::InvalidArgument(
        "scoring.item_count",
        "评分细则共 " + std::to_string(rubric_items) + " 项，提交了 " +
            std::to_string(items.size()) + " 项",
        "items");
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    const ItemScore& item = items[i];
    const std::string which = "第 " + std::to_string(i + 1) + " 项";
    if (item.points_tenths < 0) {
      return Status::InvalidArgument("scoring.negative", which + "得分不能为负",
                                     "items");
    }
    if (item.points_tenths > item.max_tenths) {
      return Status::InvalidArgument(
          "scoring.above_max",
          which + "得分 " + FormatTenths(item.points_tenths) +
              " 超过该项满分 " + FormatTenths(item.max_tenths),
          "items");
    }
  }
  return Status::Ok();
}

int TotalTenths(const std::vector<ItemScore>& items) {
  int total = 0;
  for (const ItemScore& i : items) total += i.points_tenths;
  return total;
}

int FinalScoreTenths(const std::vector<int>& totals) {
  if (totals.empty()) return 0;
  int64_t sum = 0;
  for (int t : totals) sum += t;
  const int64_t n = static_cast<int64_t>(totals.size());
  // Half up on non-negative values: floor((2·sum + n) / 2n).
  return static_cast<int>((2 * sum + n) / (2 * n));
}

bool Passes(int final_tenths) { return final_tenths >= kPassMarkTenths; }

Status CheckCanSignOff(bool caller_is_group_leader, bool sheet_locked,
                       int missing_scores) {
  if (!caller_is_group_leader) {
    return Status::PermissionDenied("scoring.not_group_leader",
                                    "只有考评组长可以签字确认评分表");
  }
  if (sheet_locked) {
    return Status::FailedPrecondition("scoring.locked", "评分表已签字确认");
  }
  if (missing_scores > 0) {
    return Status::FailedPrecondition(
        "scoring.incomplete",
        "还有 " + std::to_string(missing_scores) +
            " 份评分未完成，全部考评员评完后方可签字确认");
  }
  return Status::Ok();
}

Status CheckCanCorrect(bool sheet_locked, bool caller_is_group_leader,
                       std::string_view reason) {
  if (!sheet_locked) {
    return Status::FailedPrecondition(
        "scoring.not_locked", "评分表尚未锁定，考评员可直接修改自己的评分");
  }
  if (!caller_is_group_leader) {
    return Status::PermissionDenied("scoring.not_group_leader",
                                    "锁定后的成绩只能由考评组长更正");
  }
  const std::string_view trimmed = TrimSpace(reason);
  if (trimmed.empty() || Utf8Length(trimmed) > 500) {
    return Status::InvalidArgument("scoring.reason_required",
                                   "更正已锁定的成绩须填写原因（500 字以内）",
                                   "reason");
  }
  return Status::Ok();
}

}  // namespace zxkh::domain
