// Scoring and results (migration 0013): score entries, sheet locks, final
// scores, corrections, batch results and their objections. All methods run
// on the caller's connection, inside the caller's transaction; the rules
// live in domain/scoring.hpp, domain/exam_results.hpp and
// service/scoring_service.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "domain/exam_results.hpp"
#include "store/db.hpp"

namespace zxkh::store {

// A batch_staff row of one person in one batch.
struct ScoringStaffRow {
  std::optional<int64_t> session_id;  // none: the whole batch (supervisors)
  std::string role;                   // examiner | proctor | supervisor
  bool group_leader = false;
};

struct RubricRow {
  int position = 0;
  std::string description;
  std::string standard;
  int max_points = 0;  // whole points
};

struct SessionExaminerRow {
  int64_t person_id = 0;
  std::string name;
  bool group_leader = false;
};

struct ScoreEntryRow {
  int64_t examiner_person_id = 0;
  int64_t registration_id = 0;
  int position = 0;
  int points_tenths = 0;
};

// A candidate of a session with the final score, if any.
struct SheetCandidateRow {
  int64_t registration_id = 0;
  std::string name;
  std::string id_masked;
  std::string seat;
  std::string attendance;
  std::optional<int> final_tenths;
  bool passed = false;
};

struct SheetLockRow {
  std::optional<int64_t> locked_by;
  int64_t locked_at = 0;
};

struct CorrectionRow {
  int64_t id = 0;
  int64_t registration_id = 0;
  int64_t examiner_person_id = 0;
  int before_tenths = 0;
  int after_tenths = 0;
  std::string reason;
  int64_t corrected_at = 0;
  // Only on insert: the examiner's item scores before, e.g. "[80,75]".
  std::string before_items;
};

struct ResultsStateRow {
  domain::ResultsState state = domain::ResultsState::kPublicizing;
  std::string publicity_start;
  std::string publicity_end;
  std::string return_reason;
};

struct ResultLineRow {
  int64_t registration_id = 0;
  int64_t person_id = 0;
  std::string name;
  std::string id_masked;
  int final_tenths = 0;
  bool passed = false;
  std::string registration_state;
};

struct ResultsObjectionRow {
  int64_t id = 0;
  int64_t batch_id = 0;
  int64_t registration_id = 0;
  std::string candidate_name;
  int64_t filed_at = 0;
  std::string name;
  std::string contact;
  std::string content;
  std::string ip;
  std::string status;  // open | upheld | dismissed
  std::string decision_note;
  std::optional<int64_t> decided_at;
};

// The time column a results transition stamps besides updated_at.
enum class ResultsStamp {
  kNone,
  kClosedAt,
  kSubmittedAt,
  kDistrictDecidedAt,
  kApprovedAt
};

class ScoringRepository {
 public:
  explicit ScoringRepository(Connection& c) : c_(c) {}

  // --- sessions and sheets --------------------------------------------------
  // The person behind an account, if any.
  Result<std::optional<int64_t>> PersonOfUser(int64_t user_id);
  Result<std::optional<int64_t>> BatchOfSession(int64_t session_id);
  Result<std::vector<ScoringStaffRow>> StaffOf(int64_t batch_id,
                                               int64_t person_id);
  // Sessions of approved batches the person examines, in time order.
  Result<std::vector<int64_t>> ExaminedSessions(int64_t person_id);
  // The rubric of the session's paper (session_ref "session-<id>").
  Result<std::vector<RubricRow>> Rubric(int64_t session_id);
  Result<std::vector<SessionExaminerRow>> Examiners(int64_t session_id);
  Result<std::vector<ScoreEntryRow>> Entries(int64_t session_id);
  Result<std::vector<SheetCandidateRow>> SheetCandidates(int64_t session_id);
  // The candidate's attendance; none when not in the session.
  Result<std::optional<std::string>> Attendance(int64_t session_id,
                                                int64_t registration_id);
  Result<std::optional<SheetLockRow>> SheetLock(int64_t session_id);
  Result<std::vector<CorrectionRow>> Corrections(int64_t session_id);

  // Replaces one examiner's item scores of a candidate; `points` pairs
  // (rubric position, tenths).
  Status ReplaceEntries(int64_t session_id, int64_t registration_id,
                        int64_t examiner_person_id,
                        const std::vector<std::pair<int, int>>& points,
                        std::optional<int64_t> entered_by, int64_t now);
  // Each examiner's total (tenths) for a candidate.
  Result<std::vector<int>> ExaminerTotals(int64_t session_id,
                                          int64_t registration_id);
  Status ReplaceFinal(int64_t registration_id, int64_t session_id,
                      int64_t batch_id, int final_tenths, bool passed,
                      std::optional<int64_t> locked_by, int64_t now);
  Status LockSheet(int64_t session_id, int64_t batch_id, int64_t locked_by,
                   int64_t now);
  Status InsertCorrection(int64_t session_id, const CorrectionRow& r,
                          int64_t corrected_by);

  // --- results --------------------------------------------------------------
  Result<std::vector<int64_t>> ApprovedBatchIds();  // by first day
  Result<std::optional<ResultsStateRow>> ResultsOf(int64_t batch_id);
  // (sessions that need a signed sheet, those signed) of a batch: a session
  // closed with nobody present has nothing to score and needs none.
  Result<std::pair<int, int>> SessionCounts(int64_t batch_id);
  Result<std::vector<ResultLineRow>> Lines(int64_t batch_id);
  Status OpenPublicity(int64_t batch_id, std::string_view start,
                       std::string_view end, std::optional<int64_t> by,
                       int64_t now);
  Status SetResultsState(int64_t batch_id, domain::ResultsState to,
                         ResultsStamp stamp, int64_t now,
                         std::string return_reason = "");
  // passed / failed on a registered or sat registration.
  Status SetOutcome(int64_t registration_id, bool passed, int64_t now);
  // Batches whose publicity includes `today` (YYYY-MM-DD):
  // (batch id, start, end).
  Result<std::vector<std::tuple<int64_t, std::string, std::string>>>
  PublicizingOn(std::string_view today);
  // (registration, person, final tenths) passing in APPROVED results.
  Result<std::vector<std::tuple<int64_t, int64_t, int>>> ApprovedPassing(
      int64_t batch_id);

  // --- objections
  // -------------------------------------------------------------
  Result<std::vector<ResultsObjectionRow>> Objections(int64_t batch_id);
  Result<std::optional<ResultsObjectionRow>> Objection(int64_t id);
  Result<int64_t> CountOpenObjections(int64_t batch_id);
  Status DecideObjection(int64_t id, std::string_view status,
                         std::string_view note, int64_t by, int64_t now);
  // Serializes filings from one address across servers (PostgreSQL; SQLite
  // writers are serialized already).
  Status LockAddress(std::string_view ip);
  Result<int64_t> CountObjectionsFrom(std::string_view ip, int64_t since);
  Result<bool> HasFinalScore(int64_t batch_id, int64_t registration_id);
  Result<int64_t> InsertObjection(const ResultsObjectionRow& r);

 private:
  Connection& c_;
};

}  // namespace zxkh::store
