// Exam day (R-EXA-9, issue 6 point 3 and the candidate part of point 2) as
// use cases: the institution assigns its REGISTERED candidates of the
// batch's project and exam year to the sessions (automatically in time
// order up to capacity, or one by one); on the day a proctor of the session
// signs candidates in (name + ID number against the registration's person,
// by keyed hash), closes the session (pending → absent), and proctors and
// supervisors record incidents; recordings are registered per session and
// checked against the schedule — a gap flags the batch to the district and
// the city once — and their video file may be attached (its SHA-256 must be
// the registered one). Rules: domain/exam_day.hpp.
//
// Scope: the institution its batches; the proctors (and examiners) of a
// session that session, the supervisors their batch (approved batches
// only); the district the submitted batches of its institutions, the city
// and the province every submitted batch (read). Anything outside scope is
// NotFound("batch.not_found"). Every change is one transaction ending with
// AuditService::Record (ids only).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/pii_cipher.hpp"
#include "domain/recording.hpp"
#include "domain/role.hpp"
#include "service/question_bank_service.hpp"
#include "store/batch_repository.hpp"
#include "store/db.hpp"
#include "store/file_store.hpp"

namespace zxkh::service {

struct SessionCandidate {
  int64_t session_id = 0;  // 0: not assigned yet
  int64_t registration_id = 0;
  std::string seat;
  std::string name;
  std::string id_masked;
  std::string attendance;  // pending | present | absent ("" unassigned)
  std::optional<int64_t> signed_in_at;
  std::string registration_state;
};

struct ExamSessionView {
  store::BatchSessionRow session;
  std::string batch_title;
  std::string institution_name;
  std::optional<int64_t> closed_at;
  std::vector<SessionCandidate> candidates;  // by seat
};

struct AssignmentView {
  store::BatchRow batch;
  bool coverage_flagged = false;
  std::vector<ExamSessionView> sessions;     // in time order
  std::vector<SessionCandidate> unassigned;  // REGISTERED, not in a session
};

// A session of an approved batch the caller works in.
struct MySession {
  store::BatchSessionRow session;
  std::string batch_title;
  std::string institution_name;
  std::string role;  // proctor | examiner | supervisor
  std::optional<int64_t> closed_at;
};

struct IncidentInput {
  int64_t session_id = 0;
  std::optional<int64_t> registration_id;
  std::string kind;  // discipline | cheating | equipment | safety | other
  std::string description;
  std::string action_taken;
  int64_t occurred_at = 0;  // 0: now
};

struct IncidentRow {
  int64_t id = 0;
  int64_t batch_id = 0;
  int64_t session_id = 0;
  std::optional<int64_t> registration_id;
  std::string kind;
  std::string kind_title;
  std::string description;
  std::string action_taken;
  int64_t occurred_at = 0;
  std::optional<int64_t> recorded_by;
  int64_t created_at = 0;
};

struct RecordingInput {
  int64_t session_id = 0;
  std::string camera;
  int64_t start_ms = 0;
  int64_t end_ms = 0;
  std::string sha256;
};

struct RecordingRow {
  int64_t id = 0;
  int64_t session_id = 0;
  std::string camera;
  int64_t start_ms = 0;
  int64_t end_ms = 0;
  std::string sha256;
  std::string file_name;  // "" until the file is uploaded (its address: sha256)
  int64_t created_at = 0;
};

// A recording's video file, read whole (≤ kMaxRecordingFileBytes).
struct RecordingFile {
  std::string bytes;
  std::string media_type;
  std::string file_name;
};

// The largest recording file one upload may carry (see ARCHITECTURE.md,
// "Files and uploads"): a session's video is uploaded in segments.
inline constexpr int64_t kMaxRecordingFileBytes = int64_t{512} << 20;

struct CoverageView {
  int64_t session_id = 0;
  domain::TimeSpan scheduled;
  std::vector<RecordingRow> recordings;
  std::vector<domain::TimeSpan> gaps;  // empty = fully covered
  bool batch_flagged = false;
};

class ExamDayService {
 public:
  // References must outlive the service. Thread-safe.
  ExamDayService(store::Database& db, const Clock& clock, const PiiCipher& pii,
                 store::FileStore& files);

  // Institution, reviewers. The sessions with their candidates, and the
  // registrations that could still be assigned.
  Result<AssignmentView> Assignment(const domain::Caller& caller,
                                    int64_t batch_id);
  // INSTITUTION_*. Fills the sessions in time order up to capacity with the
  // unassigned registrations (oldest first). FailedPrecondition
  // "exam.batch_state" | "exam.no_sessions"; AlreadyExists
  // "batch.candidate_already_assigned" when another assignment took one of
  // them meanwhile (also from Move).
  Result<AssignmentView> AutoAssign(const domain::Caller& caller,
                                    int64_t batch_id);
  // INSTITUTION_*. Puts one registration into `session_id` (moving it when
  // it is in another session of the batch). NotFound
  // "exam.registration_not_found" (another institution, project or year),
  // FailedPrecondition "exam.registration_state" (not REGISTERED, e.g.
  // cancelled), "exam.session_full", "exam.already_assigned" (a session
  // of another batch), "exam.already_signed_in".
  Result<AssignmentView> Move(const domain::Caller& caller, int64_t batch_id,
                              int64_t registration_id, int64_t session_id);

  // PROCTOR / EXAMINER / SUPERVISOR: their sessions in approved batches.
  Result<std::vector<MySession>> MySessions(const domain::Caller& caller);
  // Anyone in scope of the session.
  Result<ExamSessionView> Session(const domain::Caller& caller,
                                  int64_t session_id);
  // The printable sign-in sheet (PDF): seat, name, masked ID, signature.
  Result<std::string> SignInSheet(const domain::Caller& caller,
                                  int64_t session_id);
  // PROCTOR of the session. InvalidArgument "exam.identity_mismatch" when
  // no candidate of the session has this name and ID number (which field
  // is wrong is not said); FailedPrecondition "exam.sign_in_window",
  // "exam.session_closed", "exam.already_signed_in".
  Result<SessionCandidate> SignIn(const domain::Caller& caller,
                                  int64_t session_id, std::string name,
                                  std::string id_number);
  // PROCTOR of the session or INSTITUTION_*: after the end, every pending
  // candidate becomes absent (registration ABSENT).
  Result<ExamSessionView> Close(const domain::Caller& caller,
                                int64_t session_id);

  // PROCTOR of the session or SUPERVISOR of the batch.
  Result<IncidentRow> RecordIncident(const domain::Caller& caller,
                                     IncidentInput in);
  // Anyone in scope of the batch; one session when `session_id` is set.
  Result<std::vector<IncidentRow>> Incidents(const domain::Caller& caller,
                                             int64_t batch_id,
                                             std::optional<int64_t> session_id);

  // PROCTOR or EXAMINER of the session: the session's paper, sealed until
  // its start (FailedPrecondition "bank.sealed"); NotFound "exam.no_paper"
  // before the city assigned one. Every read is in the operation log.
  Result<Paper> ReadSessionPaper(const domain::Caller& caller,
                                 int64_t session_id);

  // PROCTOR of the session or INSTITUTION_*.
  Result<RecordingRow> AddRecording(const domain::Caller& caller,
                                    RecordingInput in);
  // PROCTOR of the session or INSTITUTION_*: attaches the spooled file
  // `temp_path` to a registered recording (again: replaces the name only).
  // InvalidArgument "recording.hash_mismatch" when its SHA-256 is not the
  // registered one (nothing stored); NotFound "recording.not_found".
  Result<RecordingRow> AttachRecordingFile(const domain::Caller& caller,
                                           int64_t recording_id,
                                           const std::string& temp_path,
                                           std::string file_name);
  // The institution, its district, the city, the province and the
  // supervisors of the batch; NotFound "recording.not_found" otherwise,
  // "recording.no_file" while no file is attached.
  Result<RecordingFile> DownloadRecordingFile(const domain::Caller& caller,
                                              int64_t recording_id);
  // Anyone in scope. After the session's end a gap flags the batch (once:
  // the district's and the city's accounts are notified).
  Result<CoverageView> Coverage(const domain::Caller& caller,
                                int64_t session_id);

 private:
  store::Database& db_;
  const Clock& clock_;
  const PiiCipher& pii_;
  store::FileStore& files_;
};

// Demo (zxkh serve --demo): candidates in the approved December batch, a
// few sign-ins, an incident and recordings (one session covered, one with
// a one-minute gap and the batch flagged; one recording's file in `files`).
// Inside the caller's transaction, after SeedDemoBatches.
Status SeedDemoExamDay(store::Connection& c, const Clock& clock,
                       const PiiCipher& pii, store::FileStore& files);

}  // namespace zxkh::service
