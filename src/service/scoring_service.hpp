// Scoring (评分, R-EXA-10, R-EXA-4) and results publicity and review
// (考核结果公示与审核, R-EXA-11; issue 6 points 4 and 5) as use cases.
//
// Score entry: per session, each examiner assigned to it (batch_staff
// examiner of the session, matched through the caller's user → person)
// scores each present candidate (attendance 'present', migration 0011) per
// rubric item of the session's paper, independently: one row per examiner ×
// registration × item; a re-entry before the lock replaces the examiner's
// own. The group leader signs the sheet off once every examiner scored every
// present candidate: the sheet is locked and each candidate's final score
// (mean of the examiners' totals to one decimal, half up) is stored with
// who locked it. After the lock only the group leader corrects, with a
// reason; the correction is kept (score_corrections) and recomputes the
// final score.
//
// Results: the institution opens the results publicity of a batch whose
// sheets are all locked (today → the 5th working day); the public sees name,
// masked ID number, project and 合格/不合格 and may object (rate-limited per
// IP, like recruitment objections); the institution decides objections with
// a note (the city reads them). After the end day and with no open
// objection the institution closes the publicity and submits; the district
// of the institution reviews, then the city; the city's approval sets each
// registration passed (≥ 60.0) or failed — what certificates are issued
// from (ApprovedPassingRegistrations). In-app messages go out in the
// transaction of each step: submitted → the district's accounts; district
// approval → the city's; a return → the institution's, with the reason;
// city approval → the institution's and the district's; an objection → the
// institution's.
//
// Scope: an examiner reads only the sessions they examine. An examiner who
// is staff of the batch but not an examiner of the session gets
// PermissionDenied("scoring.not_examiner") (they know the session exists);
// anyone else NotFound("scoring.session_not_found"). Institutions read the
// sheets of their batches, the district of its institutions, the city and
// the province all. Every change is one transaction ending with
// AuditService::Record (ids only; a correction logs that a reason was
// given, not the reason).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "domain/exam_results.hpp"
#include "domain/role.hpp"
#include "service/calendar_service.hpp"
#include "store/batch_repository.hpp"
#include "store/db.hpp"
#include "store/notification_repository.hpp"

namespace zxkh::service {

// Objections one IP address may file per hour on results publicity.
inline constexpr int kResultsObjectionsPerIpPerHour = 5;

struct RubricItemView {
  int position = 0;
  std::string description;
  std::string standard;
  int max_tenths = 0;
};

struct ExaminerView {
  int64_t person_id = 0;
  std::string name;
  bool group_leader = false;
};

struct CandidateView {
  int64_t registration_id = 0;
  std::string name;
  std::string id_masked;
  std::string seat;
  std::string attendance;  // pending | present | absent
  // Examiner person id → total in tenths (only examiners who scored).
  std::vector<std::pair<int64_t, int>> totals;
  // The caller's own item scores (tenths, by rubric position), if any.
  std::vector<int> my_items;
  std::optional<int> final_tenths;
  std::optional<bool> passed;
};

struct CorrectionView {
  int64_t id = 0;
  int64_t registration_id = 0;
  int64_t examiner_person_id = 0;
  int before_tenths = 0;
  int after_tenths = 0;
  std::string reason;
  int64_t corrected_at = 0;
};

struct SessionSummary {
  int64_t session_id = 0;
  int64_t batch_id = 0;
  std::string batch_title;
  std::string project_code;
  std::string project_name;
  std::string institution_name;
  std::string date;
  std::string start;
  std::string end;
  std::string room;
  bool group_leader = false;  // the caller leads this session
  bool locked = false;
  int present = 0;
};

struct ScoreSheet {
  SessionSummary session;
  std::vector<RubricItemView> rubric;
  std::vector<ExaminerView> examiners;
  std::vector<CandidateView> candidates;
  bool caller_is_examiner = false;
  std::optional<int64_t> caller_person_id;
  std::optional<int64_t> locked_by;
  std::optional<int64_t> locked_at;
  int missing_scores = 0;
  std::vector<CorrectionView> corrections;
};

struct ObjectionView {
  int64_t id = 0;
  int64_t registration_id = 0;
  std::string candidate_name;
  int64_t filed_at = 0;
  std::string name;
  std::string contact;
  std::string content;
  std::string status;  // open | upheld | dismissed
  std::string decision_note;
  std::optional<int64_t> decided_at;
};

struct ResultLine {
  int64_t registration_id = 0;
  int64_t person_id = 0;
  std::string name;
  std::string id_masked;
  std::optional<int> final_tenths;
  bool passed = false;
  std::string registration_state;
};

struct BatchResults {
  int64_t batch_id = 0;
  std::string batch_title;
  std::string project_code;
  std::string project_name;
  int64_t institution_id = 0;
  std::string institution_name;
  std::string district_code;
  // Sessions that need a signed sheet (not those closed with nobody
  // present), and how many are signed.
  int sessions = 0;
  int locked_sessions = 0;
  // Absent while no publicity has been opened.
  std::optional<domain::ResultsState> state;
  std::string publicity_start;
  std::string publicity_end;
  std::string return_reason;
  std::vector<ResultLine> lines;
  std::vector<ObjectionView> objections;
};

// What the public sees of one batch during its results publicity.
struct PublicResults {
  int64_t batch_id = 0;
  std::string batch_title;
  std::string project_name;
  std::string institution_name;
  std::string publicity_start;
  std::string publicity_end;
  std::vector<ResultLine> lines;  // name, masked ID, passed; no score
};

struct ResultsObjectionInput {
  int64_t registration_id = 0;
  std::string name;
  std::string contact;
  std::string content;
  std::string ip;
};

// For certificates (issue 7): a passing registration of APPROVED results.
struct PassingRegistration {
  int64_t registration_id = 0;
  int64_t person_id = 0;
  int final_tenths = 0;
};

// The in-app message to the institution about an objection to the results
// publicity of batch `b` (the objector's details are not in it).
store::Message ResultsObjectionMessage(const store::BatchRow& b);

class ScoringService {
 public:
  // References must outlive the service. Thread-safe.
  ScoringService(store::Database& db, const Clock& clock,
                 CalendarService& calendar);

  // EXAMINER: the sessions of approved batches the caller examines.
  Result<std::vector<SessionSummary>> MySessions(const domain::Caller& caller);
  Result<ScoreSheet> Sheet(const domain::Caller& caller, int64_t session_id);
  // EXAMINER of the session: the caller's item scores (tenths, one per
  // rubric item in position order) for a present candidate.
  Result<ScoreSheet> Score(const domain::Caller& caller, int64_t session_id,
                           int64_t registration_id,
                           std::vector<int> points_tenths);
  // The group leader: locks the sheet and stores the final scores.
  Result<ScoreSheet> SignOff(const domain::Caller& caller, int64_t session_id);
  // The group leader, after the lock, with a reason: replaces one
  // examiner's item scores for a candidate and recomputes the final score.
  // Refused once the batch's results have been submitted.
  Result<ScoreSheet> Correct(const domain::Caller& caller, int64_t session_id,
                             int64_t registration_id,
                             int64_t examiner_person_id,
                             std::vector<int> points_tenths,
                             std::string reason);

  // 评分表 PDF of a session; 成绩汇总 XLSX of a batch.
  Result<std::string> SheetPdf(const domain::Caller& caller,
                               int64_t session_id);
  Result<std::string> SummaryXlsx(const domain::Caller& caller,
                                  int64_t batch_id);

  // Results (R-EXA-11).
  Result<std::vector<BatchResults>> ListResults(const domain::Caller& caller);
  Result<BatchResults> Results(const domain::Caller& caller, int64_t batch_id);
  Result<BatchResults> OpenPublicity(const domain::Caller& caller,
                                     int64_t batch_id);
  Result<BatchResults> ClosePublicity(const domain::Caller& caller,
                                      int64_t batch_id);
  Result<BatchResults> Submit(const domain::Caller& caller, int64_t batch_id);
  // DISTRICT (SUBMITTED) or CITY (DISTRICT_APPROVED).
  Result<BatchResults> Approve(const domain::Caller& caller, int64_t batch_id);
  Result<BatchResults> Return(const domain::Caller& caller, int64_t batch_id,
                              std::string reason);
  // INSTITUTION of the batch: upheld | dismissed, with a note.
  Result<BatchResults> DecideObjection(const domain::Caller& caller,
                                       int64_t objection_id,
                                       std::string decision, std::string note);

  // Public.
  Result<std::vector<PublicResults>> CurrentPublicity();
  Result<int64_t> FileObjection(int64_t batch_id, ResultsObjectionInput in,
                                std::string request_id);

  // For certificates: the passing registrations of APPROVED results
  // (empty when the results are not approved).
  Result<std::vector<PassingRegistration>> ApprovedPassingRegistrations(
      int64_t batch_id);
  // The same on `c`, inside the caller's transaction (batch issuance).
  static Result<std::vector<PassingRegistration>>
  ApprovedPassingRegistrationsIn(store::Connection& c, int64_t batch_id);

 private:
  store::Database& db_;
  const Clock& clock_;
  CalendarService& calendar_;
};

}  // namespace zxkh::service
