#include "domain/question_bank.hpp"

#include <algorithm>

#include "common/clock.hpp"

namespace zxkh::domain {

Status ValidateSet(const QuestionSet& set, int position) {
  const std::string field = "sets[" + std::to_string(position) + "]";
  const std::string name = "第 " + std::to_string(position + 1) + " 套";
  if (set.tasks.empty()) {
    return Status::InvalidArgument("bank.no_task", name + "没有实操任务",
                                   field + ".tasks");
  }
  for (std::size_t i = 0; i < set.tasks.size(); ++i) {
    const PracticalTask& t = set.tasks[i];
    if (t.title.empty() || t.duration_minutes <= 0) {
      return Status::InvalidArgument(
          "bank.task_invalid",
          name + "第 " + std::to_string(i + 1) + " 个任务缺少标题或时长",
          field + ".tasks[" + std::to_string(i) + "]");
    }
  }
  int total = 0;
  for (std::size_t i = 0; i < set.rubric.size(); ++i) {
    const RubricItem& r = set.rubric[i];
    if (r.description.empty() || r.max_points <= 0) {
      return Status::InvalidArgument(
          "bank.rubric_item_invalid",
          name + "评分细则第 " + std::to_string(i + 1) + " 项缺少说明或分值",
          field + ".rubric[" + std::to_string(i) + "]");
    }
    total += r.max_points;
  }
  if (total != kRubricTotal) {
    return Status::InvalidArgument("bank.rubric_total",
                                   name + "评分细则各项分值合计为 " +
                                       std::to_string(total) +
                                       " 分，应恰好为 100 分",
                                   field + ".rubric");
  }
  return Status::Ok();
}

Status CheckCanSubmitBank(const std::vector<QuestionSet>& sets) {
  if (static_cast<int>(sets.size()) < kMinSetsPerBank) {
    return Status::FailedPrecondition("bank.too_few_sets",
                                      "题库至少需要 5 套试题，当前只有 " +
                                          std::to_string(sets.size()) + " 套");
  }
  for (std::size_t i = 0; i < sets.size(); ++i) {
    ZXKH_RETURN_IF_ERROR(ValidateSet(sets[i], static_cast<int>(i)));
  }
  return Status::Ok();
}

Result<int64_t> NextSetInRotation(const std::vector<int64_t>& approved,
                                  std::optional<int64_t> previous) {
  if (approved.empty()) {
    return Status::FailedPrecondition("bank.no_approved_sets",
                                      "该项目没有经市局审核通过的试题");
  }
  if (!previous) return approved.front();
  if (approved.size() < 2) {
    return Status::FailedPrecondition(
        "bank.not_enough_sets",
        "可用试题不足两套，无法避免与上一场次使用同一套试题");
  }
  auto it = std::find(approved.begin(), approved.end(), *previous);
  // A previous set no longer approved (a new bank version): start over, but
  // never hand out that same id.
  if (it == approved.end())
    return approved.front() != *previous ? approved.front() : approved[1];
  ++it;
  return it == approved.end() ? approved.front() : *it;
}

Status CheckUnsealed(int64_t now_ms, int64_t session_start_ms) {
  if (now_ms < session_start_ms) {
    return Status::FailedPrecondition(
        "bank.sealed", "试题在考核开始（" +
                           Clock::FormatIso(session_start_ms).substr(0, 19) +
                           "）前密封，任何人不得查看");
  }
  return Status::Ok();
}

}  // namespace zxkh::domain
