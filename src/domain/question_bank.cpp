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

std::string_view VersionStateName(VersionState s) {
  switch (s) {
    case VersionState::kDraft:
      return "draft";
    case VersionState::kSubmitted:
      return "submitted";
    case VersionState::kReturned:
      return "returned";
    case VersionState::kApproved:
      return "approved";
    case VersionState::kSuperseded:
      return "superseded";
  }
  return "draft";
}

std::string_view VersionStateTitle(VersionState s) {
  switch (s) {
    case VersionState::kDraft:
      return "草稿";
    case VersionState::kSubmitted:
      return "待市局审核";
    case VersionState::kReturned:
      return "退回修改";
    case VersionState::kApproved:
      return "已通过（使用中）";
    case VersionState::kSuperseded:
      return "已被新版本替代";
  }
  return "草稿";
}

std::optional<VersionState> ParseVersionState(std::string_view s) {
  for (VersionState v :
       {VersionState::kDraft, VersionState::kSubmitted, VersionState::kReturned,
        VersionState::kApproved, VersionState::kSuperseded}) {
    if (VersionStateName(v) == s) return v;
  }
  return std::nullopt;
}

bool IsOpenVersion(VersionState s) {
  return s == VersionState::kDraft || s == VersionState::kSubmitted ||
         s == VersionState::kReturned;
}

namespace {
Status WrongState(VersionState s, std::string_view action) {
  return Status::FailedPrecondition(
      "bank.wrong_state", "题库版本当前状态为「" +
                              std::string(VersionStateTitle(s)) + "」，不能" +
                              std::string(action));
}
}  // namespace

Status CheckCanEditVersion(VersionState s) {
  if (s == VersionState::kDraft || s == VersionState::kReturned) {
    return Status::Ok();
  }
  return Status::FailedPrecondition("bank.version_not_editable",
                                    "题库版本当前状态为「" +
                                        std::string(VersionStateTitle(s)) +
                                        "」，只有草稿或退回修改的版本可以编辑");
}

Status CheckCanSubmitVersion(VersionState s,
                             const std::vector<QuestionSet>& sets) {
  if (s != VersionState::kDraft && s != VersionState::kReturned) {
    return WrongState(s, "提交");
  }
  return CheckCanSubmitBank(sets);
}

Status CheckCanDecide(VersionState s) {
  if (s != VersionState::kSubmitted) return WrongState(s, "审核");
  return Status::Ok();
}

Status CheckReturnReason(std::string_view reason) {
  bool blank = true;
  for (char c : reason) blank = blank && (c == ' ' || c == '\n' || c == '\t');
  if (blank) {
    return Status::InvalidArgument("bank.reason_required", "退回须写明理由",
                                   "reason");
  }
  return Status::Ok();
}

Status CheckCanOpenVersion(bool has_approved, bool has_open) {
  if (has_open) {
    return Status::FailedPrecondition(
        "bank.version_open", "该题库已有未审结的版本，请先完成或提交该版本");
  }
  if (!has_approved) {
    return Status::FailedPrecondition(
        "bank.no_approved_version",
        "该题库还没有通过审核的版本，请直接编辑当前版本");
  }
  return Status::Ok();
}

Status CheckSetEditable(bool sealed) {
  if (sealed) {
    return Status::FailedPrecondition(
        "bank.set_sealed",
        "该套试题已审核通过并封存，不能修改，只能从新版本中撤出");
  }
  return Status::Ok();
}

}  // namespace zxkh::domain
