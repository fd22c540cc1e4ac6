// Question banks (题库) and paper rotation (循环组卷), R-EXA-3.
//
// One bank per institution and approved project; a bank has versions:
//
//   DRAFT ──submit (≥ 5 sets, every rubric = 100)──► SUBMITTED ──approve──►
//   APPROVED ──(a later version is approved)──► SUPERSEDED
//     ▲                                            │
//     └── edit ◄── RETURNED ◄──return (reasons)────┘
//
// RETURNED is edited in place and submitted again (the reasons stay in the
// version's history). Editing an APPROVED bank = opening a new DRAFT version
// that carries the approved sets over by reference; only one version may be
// open (DRAFT, SUBMITTED or RETURNED) at a time.
//
// Sealing: on approval every set of the version is sealed for good — its
// content (tasks, rubric, attachments) is never shown again except as the
// paper of a session from the session's start time.
//
// A session takes the next approved set in a per-project rotation, never the
// set of that project's previous session; a set's content stays sealed until
// its session starts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.hpp"

namespace zxkh::domain {

inline constexpr int kMinSetsPerBank = 5;
inline constexpr int kRubricTotal = 100;

struct RubricItem {
  std::string description;
  int max_points = 0;
  std::string standard;  // 评分标准
};

struct PracticalTask {
  std::string title;
  std::string instructions;
  int duration_minutes = 0;
  std::string materials;  // materials and equipment list
};

struct QuestionSet {
  int64_t id = 0;
  std::string title;
  std::vector<PracticalTask> tasks;
  std::vector<RubricItem> rubric;
};

// One set: at least one task with a title and a positive duration, rubric
// items with positive maxima that add up to exactly 100. InvalidArgument
// ("bank.rubric_total" naming the actual sum, "bank.no_task",
// "bank.task_invalid", "bank.rubric_item_invalid") with the set's position in
// `field`.
Status ValidateSet(const QuestionSet& set, int position);

// A bank ready for the city: at least 5 sets, each valid.
// FailedPrecondition("bank.too_few_sets") naming the count.
Status CheckCanSubmitBank(const std::vector<QuestionSet>& sets);

// The set for a new session of a project: the approved set after
// `previous_set_id` in `approved_set_ids` (ordered), wrapping around; the
// first when there was no previous session. Never the previous set itself.
// FailedPrecondition("bank.not_enough_sets") with fewer than two sets when a
// previous session exists, ("bank.no_approved_sets") with none.
Result<int64_t> NextSetInRotation(const std::vector<int64_t>& approved_set_ids,
                                  std::optional<int64_t> previous_set_id);

// Sealed until the session starts: FailedPrecondition("bank.sealed") naming
// the start time while now_ms < session_start_ms.
Status CheckUnsealed(int64_t now_ms, int64_t session_start_ms);

enum class VersionState {
  kDraft,
  kSubmitted,
  kReturned,
  kApproved,
  kSuperseded
};

std::string_view VersionStateName(VersionState s);   // "draft", …
std::string_view VersionStateTitle(VersionState s);  // "草稿", …
std::optional<VersionState> ParseVersionState(std::string_view s);

// DRAFT, SUBMITTED and RETURNED versions are open: at most one per bank.
bool IsOpenVersion(VersionState s);

// Sets may be added, changed, removed or imported: DRAFT or RETURNED.
// FailedPrecondition("bank.version_not_editable") otherwise.
Status CheckCanEditVersion(VersionState s);
// DRAFT or RETURNED → SUBMITTED ("bank.wrong_state" otherwise); the sets as
// CheckCanSubmitBank.
Status CheckCanSubmitVersion(VersionState s,
                             const std::vector<QuestionSet>& sets);
// SUBMITTED → APPROVED | RETURNED ("bank.wrong_state" otherwise). A return
// needs a reason ("bank.reason_required").
Status CheckCanDecide(VersionState s);
Status CheckReturnReason(std::string_view reason);
// A new version needs an approved one and no open one
// ("bank.no_approved_version", "bank.version_open").
Status CheckCanOpenVersion(bool has_approved, bool has_open);
// A sealed set can be withdrawn from a new version but never changed
// ("bank.set_sealed").
Status CheckSetEditable(bool sealed);

}  // namespace zxkh::domain
