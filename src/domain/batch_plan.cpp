#include "domain/batch_plan.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "common/clock.hpp"
#include "common/text.hpp"

namespace zxkh::domain {
namespace {

constexpr int kMaxReasonChars = 500;

struct StateInfo {
  BatchState state;
  std::string_view name;
  std::string_view title;
};
constexpr StateInfo kStates[] = {
    {BatchState::kDraft, "draft", "草稿"},
    {BatchState::kSubmitted, "submitted", "待区县审核"},
    {BatchState::kReturned, "returned", "已退回"},
    {BatchState::kDistrictApproved, "district_approved", "待市级审批"},
    {BatchState::kApproved, "approved", "已批准"},
};

Status WrongState(BatchState s, std::string_view action) {
  return Status::FailedPrecondition(
      "batch.wrong_state", "批次计划当前为“" + std::string(BatchStateTitle(s)) +
                               "”，不能" + std::string(action));
}

// "HH:MM" of a Unix-millisecond instant in China time, for messages.
std::string ClockTime(int64_t ms) { return Clock::FormatIso(ms).substr(11, 5); }

std::string SessionName(const ExamSession& s) {
  return Clock::DateOf(s.start_ms).ToString() + " " + ClockTime(s.start_ms) +
         "–" + ClockTime(s.end_ms) + " " + s.room;
}

bool Overlap(int64_t a_start, int64_t a_end, int64_t b_start, int64_t b_end) {
  return a_start < b_end && b_start < a_end;
}

}  // namespace

std::string_view BatchStateName(BatchState s) {
  for (const StateInfo& i : kStates)
    if (i.state == s) return i.name;
  return "?";
}

std::string_view BatchStateTitle(BatchState s) {
  for (const StateInfo& i : kStates)
    if (i.state == s) return i.title;
  return "?";
}

std::optional<BatchState> ParseBatchState(std::string_view s) {
  for (const StateInfo& i : kStates)
    if (i.name == s) return i.state;
  return std::nullopt;
}

Result<Date> LastSubmissionDate(const WorkdayCalendar& calendar,
                                Date exam_start) {
  return calendar.WorkingDaysBefore(exam_start, kBatchLeadWorkingDays);
}

Status CheckSubmissionInTime(const WorkdayCalendar& calendar, Date today,
                             Date exam_start) {
  ZXKH_ASSIGN_OR_RETURN(Date last, LastSubmissionDate(calendar, exam_start));
  if (today > last) {
    return Status::FailedPrecondition(
        "batch.too_late", "批次考核计划须在考核开始前至少 10 个工作日提交：" +
                              exam_start.ToString() + " 开考的批次最晚于 " +
                              last.ToString() + " 提交");
  }
  return Status::Ok();
}

Status CheckCanSubmit(BatchState s) {
  if (s == BatchState::kDraft || s == BatchState::kReturned ||
      s == BatchState::kApproved) {
    return Status::Ok();
  }
  return WrongState(s, "提交");
}

Status CheckCanEdit(BatchState s) {
  if (s == BatchState::kDraft || s == BatchState::kReturned ||
      s == BatchState::kApproved) {
    return Status::Ok();
  }
  return WrongState(s, "修改（审核中的计划请等待审核结果）");
}

Status CheckCanDistrictDecide(BatchState s) {
  return s == BatchState::kSubmitted ? Status::Ok() : WrongState(s, "区县审核");
}

Status CheckCanCityDecide(BatchState s) {
  return s == BatchState::kDistrictApproved ? Status::Ok()
                                            : WrongState(s, "市级审批");
}

Status CheckBatchReturnReason(std::string_view reason) {
  const std::string_view trimmed = TrimSpace(reason);
  if (trimmed.empty()) {
    return Status::InvalidArgument("batch.reason_required", "请填写退回原因",
                                   "reason");
  }
  if (Utf8Length(trimmed) > kMaxReasonChars) {
    return Status::InvalidArgument("batch.reason_required",
                                   "退回原因不能超过 500 字", "reason");
  }
  return Status::Ok();
}

Status CheckVenue(VenueKind kind, std::string_view safety_statement) {
  if (kind == VenueKind::kProductionSite &&
      TrimSpace(safety_statement).empty()) {
    return Status::InvalidArgument("batch.safety_statement_required",
                                   "在生产场所考核须提交安全说明",
                                   "safety_statement");
  }
  return Status::Ok();
}

Status CheckSessions(const std::vector<ExamSession>& sessions) {
  for (const ExamSession& s : sessions) {
    if (s.end_ms <= s.start_ms ||
        Clock::DateOf(s.start_ms) != Clock::DateOf(s.end_ms - 1)) {
      return Status::InvalidArgument(
          "batch.session_time",
          "场次 " + SessionName(s) + " 的结束时间须晚于开始时间且在同一天",
          "sessions");
    }
    if (s.capacity < 1 || s.candidates > s.capacity) {
      return Status::InvalidArgument(
          "batch.session_capacity",
          "场次 " + SessionName(s) + " 容量 " + std::to_string(s.capacity) +
              " 人，已安排 " + std::to_string(s.candidates) + " 人",
          "sessions");
    }
  }
  for (std::size_t i = 0; i < sessions.size(); ++i) {
    for (std::size_t j = i + 1; j < sessions.size(); ++j) {
      const ExamSession& a = sessions[i];
      const ExamSession& b = sessions[j];
      if (a.room == b.room &&
          Overlap(a.start_ms, a.end_ms, b.start_ms, b.end_ms)) {
        return Status::InvalidArgument("batch.room_overlap",
                                       "考场“" + a.room + "”的场次时间重叠：" +
                                           SessionName(a) + " 与 " +
                                           SessionName(b),
                                       "sessions");
      }
    }
  }
  return Status::Ok();
}

std::string_view StaffRoleTitle(StaffRole r) {
  switch (r) {
    case StaffRole::kExaminer:
      return "考评员";
    case StaffRole::kProctor:
      return "监考人员";
    case StaffRole::kSupervisor:
      return "督导员";
  }
  return "?";
}

Status CheckStaffing(int64_t institution_id,
                     const std::vector<ExamSession>& sessions,
                     const std::vector<StaffAssignment>& staff,
                     const std::vector<Commitment>& elsewhere,
                     const StaffingRules& rules) {
  auto refuse = [](std::string code, std::string message) {
    return Status::FailedPrecondition(std::move(code), std::move(message));
  };
  for (const ExamSession& s : sessions) {
    int examiners = 0, leaders = 0, proctors = 0;
    for (const StaffAssignment& a : staff) {
      if (a.session_id != s.id) continue;
      if (a.role == StaffRole::kExaminer) {
        ++examiners;
        leaders += a.group_leader ? 1 : 0;
      } else if (a.role == StaffRole::kProctor) {
        ++proctors;
      }
    }
    if (examiners < rules.min_examiners_per_session) {
      return refuse("batch.too_few_examiners",
                    "场次 " + SessionName(s) + " 的考评组须有至少 " +
                        std::to_string(rules.min_examiners_per_session) +
                        " 名考评员，现有 " + std::to_string(examiners) + " 名");
    }
    if (leaders != 1) {
      return refuse("batch.group_leader",
                    "场次 " + SessionName(s) + " 须指定且只指定 1 名考评组长");
    }
    if (proctors < rules.min_proctors_per_session) {
      return refuse("batch.too_few_proctors",
                    "场次 " + SessionName(s) + " 须有至少 " +
                        std::to_string(rules.min_proctors_per_session) +
                        " 名监考人员，现有 " + std::to_string(proctors) +
                        " 名");
    }
  }
  const auto external =
      std::count_if(staff.begin(), staff.end(), [](const StaffAssignment& a) {
        return a.role == StaffRole::kSupervisor && a.external;
      });
  if (external < rules.min_external_supervisors) {
    return refuse("batch.no_external_supervisor",
                  "每个批次须有至少 " +
                      std::to_string(rules.min_external_supervisors) +
                      " 名由人社部门选派的外部督导员");
  }

  std::map<int64_t, const ExamSession*> by_id;
  for (const ExamSession& s : sessions) by_id[s.id] = &s;
  // Roles per person and session; a batch-wide supervisor is in every one.
  std::map<int64_t, std::vector<const StaffAssignment*>> by_person;
  for (const StaffAssignment& a : staff) by_person[a.person_id].push_back(&a);
  for (const auto& [person, roles] : by_person) {
    const bool supervises =
        std::any_of(roles.begin(), roles.end(), [](const StaffAssignment* a) {
          return a->role == StaffRole::kSupervisor;
        });
    std::set<int64_t> sessions_of_person;
    for (const StaffAssignment* a : roles) {
      if (a->role == StaffRole::kSupervisor) continue;
      if (supervises || !sessions_of_person.insert(a->session_id).second) {
        return refuse("batch.double_role",
                      a->name + " 在同一场次中不能同时担任两种角色");
      }
    }
    // Two of this person's sessions, or one and a commitment elsewhere,
    // at the same time.
    std::vector<const ExamSession*> mine;
    for (int64_t id : sessions_of_person) {
      if (auto it = by_id.find(id); it != by_id.end())
        mine.push_back(it->second);
    }
    const std::string& name = roles.front()->name;
    for (std::size_t i = 0; i < mine.size(); ++i) {
      for (std::size_t j = i + 1; j < mine.size(); ++j) {
        if (Overlap(mine[i]->start_ms, mine[i]->end_ms, mine[j]->start_ms,
                    mine[j]->end_ms)) {
          return refuse("batch.staff_overlap",
                        name + " 不能同时参加时间重叠的场次：" +
                            SessionName(*mine[i]) + " 与 " +
                            SessionName(*mine[j]));
        }
      }
      for (const Commitment& c : elsewhere) {
        if (c.person_id == person &&
            Overlap(mine[i]->start_ms, mine[i]->end_ms, c.start_ms, c.end_ms)) {
          return refuse("batch.staff_overlap", name + " 在 " +
                                                   SessionName(*mine[i]) +
                                                   " 的时间已安排：" + c.what);
        }
      }
    }
    for (const StaffAssignment* a : roles) {
      if (a->role == StaffRole::kExaminer && a->employer_institution_id &&
          *a->employer_institution_id == institution_id) {
        return refuse(
            "batch.examiner_conflict",
            a->name + " 是本考核机构的工作人员，须回避，不能担任本批次考评员");
      }
    }
  }
  return Status::Ok();
}

}  // namespace zxkh::domain
