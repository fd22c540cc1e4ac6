#include "domain/exam_day.hpp"

#include <cstdlib>

namespace zxkh::domain {

Status CheckCanAssign(BatchState s) {
  if (s == BatchState::kDraft || s == BatchState::kReturned ||
      s == BatchState::kApproved) {
    return Status::Ok();
  }
  return Status::FailedPrecondition(
      "exam.batch_state",
      "批次处于「" + std::string(BatchStateTitle(s)) + "」状态，不能安排考生");
}

Status CheckExamDay(BatchState s) {
  if (s == BatchState::kApproved) return Status::Ok();
  return Status::FailedPrecondition("exam.batch_not_approved",
                                    "批次尚未经市人社局批准，不能进行考务操作");
}

Status CheckSignInWindow(int64_t now_ms, int64_t start_ms, int64_t end_ms,
                         bool closed) {
  if (closed) {
    return Status::FailedPrecondition("exam.session_closed",
                                      "场次已结束签到，不能再签到");
  }
  if (now_ms < start_ms - kSignInLeadMillis || now_ms >= end_ms) {
    return Status::FailedPrecondition(
        "exam.sign_in_window", "只能在场次开始前 1 小时至场次结束之间签到");
  }
  return Status::Ok();
}

Status CheckCanClose(int64_t now_ms, int64_t end_ms, bool closed) {
  if (closed) {
    return Status::FailedPrecondition("exam.session_closed", "场次已经结束");
  }
  if (now_ms < end_ms) {
    return Status::FailedPrecondition("exam.session_not_ended",
                                      "场次结束后才能确认缺考");
  }
  return Status::Ok();
}

namespace {
struct Kind {
  std::string_view name;
  std::string_view title;
};
constexpr Kind kKinds[] = {{"discipline", "违纪"},
                           {"cheating", "作弊"},
                           {"equipment", "设备故障"},
                           {"safety", "安全"},
                           {"other", "其他"}};

bool IsHexDigit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
         (c >= 'A' && c <= 'F');
}

std::size_t Utf8Chars(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}
}  // namespace

std::optional<std::string> ParseIncidentKind(std::string_view s) {
  for (const auto& k : kKinds) {
    if (s == k.name || s == k.title) return std::string(k.name);
  }
  return std::nullopt;
}

std::string_view IncidentKindTitle(std::string_view name) {
  for (const auto& k : kKinds) {
    if (name == k.name) return k.title;
  }
  return "其他";
}

Status CheckRecording(std::string_view camera, int64_t start_ms, int64_t end_ms,
                      std::string_view sha256) {
  if (camera.empty() || Utf8Chars(camera) > 50) {
    return Status::InvalidArgument("exam.camera",
                                   "请填写摄像机（不超过 50 个字）", "camera");
  }
  if (end_ms <= start_ms) {
    return Status::InvalidArgument("exam.recording_time",
                                   "录像结束时间必须晚于开始时间", "end");
  }
  bool hex = sha256.size() == 64;
  for (char c : sha256) hex = hex && IsHexDigit(c);
  if (!hex) {
    return Status::InvalidArgument("exam.sha256",
                                   "SHA-256 须为 64 位十六进制数字", "sha256");
  }
  return Status::Ok();
}

std::string SeatLabel(int n) {
  std::string s = std::to_string(n);
  return s.size() < 2 ? "0" + s : s;
}

std::vector<Assignment> AutoAssign(std::vector<AssignSlot> slots,
                                   const std::vector<int64_t>& registration_ids,
                                   std::vector<int64_t>* unplaced) {
  std::vector<Assignment> out;
  std::size_t slot = 0;
  for (int64_t id : registration_ids) {
    while (slot < slots.size() && slots[slot].assigned >= slots[slot].capacity)
      ++slot;
    if (slot == slots.size()) {
      if (unplaced) unplaced->push_back(id);
      continue;
    }
    auto& s = slots[slot];
    ++s.assigned;
    ++s.last_seat;
    out.push_back({s.session_id, id, SeatLabel(s.last_seat)});
  }
  return out;
}

}  // namespace zxkh::domain
