// Score sheets (评分, R-EXA-10 and R-EXA-4): one per session.
//
// clang-format off
//   OPEN ── each assigned examiner scores each present candidate, per rubric
//     │     item, independently of the others
//     │ sign-off by the group leader (every examiner scored every present
//     ▼ candidate)
//   LOCKED ── correction (reason + group leader) ──► LOCKED, audited
// clang-format on
//
// A candidate's final score is the mean of the examiners' totals, to one
// decimal (half up); 60.0 or more passes, a fixed rule. Points are kept in
// tenths so that sums and means are exact.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"

namespace zxkh::domain {

inline constexpr int kPassMarkTenths = 600;  // R-EXA-4, not configurable

// Who scores whom, read in the scoring transaction.
struct ScoringContext {
  bool caller_is_session_examiner = false;
  bool candidate_present = false;  // signed in, not absent
  bool sheet_locked = false;
};

// OK when the caller may enter or change their scores for the candidate.
// PermissionDenied("scoring.not_examiner") for anyone not assigned to the
// session as examiner; FailedPrecondition "scoring.absent" (the candidate
// did not sit) or "scoring.locked" (signed off: use a correction).
Status CheckCanScore(const ScoringContext& context);

// One rubric item's points against its maximum, both in tenths.
struct ItemScore {
  int max_tenths = 0;
  int points_tenths = 0;
};

// Every item scored, 0 ≤ points ≤ max. InvalidArgument
// "scoring.item_count" (not one score per rubric item) or
// "scoring.above_max" / "scoring.negative" naming the item (1-based) and
// its maximum, field "items".
Status ValidateItemScores(const std::vector<ItemScore>& items,
                          std::size_t rubric_items);

// The total of one examiner's item scores, in tenths.
int TotalTenths(const std::vector<ItemScore>& items);

// The mean of the examiners' totals rounded half up to one decimal, in
// tenths. Requires at least one total.
int FinalScoreTenths(const std::vector<int>& examiner_totals_tenths);

bool Passes(int final_tenths);

// "87.5" for 875.
std::string FormatTenths(int tenths);

// Sign-off: by the group leader, once every examiner has scored every
// present candidate. PermissionDenied("scoring.not_group_leader"),
// FailedPrecondition "scoring.incomplete" naming how many scores are
// missing, or "scoring.locked".
Status CheckCanSignOff(bool caller_is_group_leader, bool sheet_locked,
                       int missing_scores);

// A correction after sign-off: only on a locked sheet, by the group
// leader, with a reason (1–500 characters). FailedPrecondition
// "scoring.not_locked" (just score), PermissionDenied
// "scoring.not_group_leader", InvalidArgument "scoring.reason_required".
Status CheckCanCorrect(bool sheet_locked, bool caller_is_group_leader,
                       std::string_view reason);

}  // namespace zxkh::domain
