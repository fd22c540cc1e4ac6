// Batch plans (migration 0009): batches with their sessions, staff,
// snapshots and events. All methods run on the caller's connection, inside
// the caller's transaction; the rules live in domain/batch_plan.hpp and
// service/batch_service.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/batch_plan.hpp"
#include "store/db.hpp"

namespace zxkh::store {

// A batch joined with its institution, district and project.
struct BatchRow {
  int64_t id = 0;
  int64_t institution_id = 0;
  std::string project_code;
  std::string title;
  domain::BatchState state = domain::BatchState::kDraft;
  int revision = 1;
  std::string venue_kind;  // fixed_site | production_site
  std::string venue_address;
  std::string safety_statement;
  std::string process;
  std::string room_preparation;
  std::string rules_text;
  std::string discipline_text;
  std::string safety_notes;
  int expected_count = 0;
  std::optional<std::string> first_date;
  std::optional<std::string> last_date;
  std::string return_reason;
  std::optional<int64_t> submitted_at;
  std::optional<int64_t> district_decided_at;
  std::optional<int64_t> approved_at;
  std::optional<int64_t> approved_snapshot_id;
  std::optional<int64_t> created_by;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  // Joined, read-only.
  std::string institution_name;
  std::optional<std::string> institution_code;
  std::string district_code;
  std::string district_name;
  std::string project_name;
  int session_count = 0;
  // Exam day (migration 0012): a recording gap in a session (read-only).
  bool coverage_flagged = false;
};

struct BatchSessionRow {
  int64_t id = 0;
  int64_t batch_id = 0;
  int position = 0;
  std::string exam_date;   // YYYY-MM-DD
  std::string start_time;  // HH:MM
  std::string end_time;
  int64_t start_ms = 0;
  int64_t end_ms = 0;
  std::string room;
  int capacity = 0;
  std::optional<int64_t> paper_id;
  int candidates = 0;  // assigned (batch_session_candidates), read-only
};

struct BatchStaffRow {
  int64_t id = 0;
  int64_t batch_id = 0;
  std::optional<int64_t> session_id;  // nullopt: a supervisor
  int64_t staff_id = 0;
  int64_t person_id = 0;
  std::string role;  // examiner | proctor | supervisor
  bool group_leader = false;
  bool external = false;
  // Joined, read-only.
  std::string name;
  std::string employer;
  std::optional<int64_t> employer_institution_id;
};

struct BatchEventRow {
  int64_t id = 0;
  int64_t batch_id = 0;
  int64_t at = 0;
  std::optional<int64_t> user_id;
  // create, update, submit, resubmit, change, district_approve,
  // district_return, city_approve, city_return
  std::string action;
  std::string from_state;
  std::string to_state;
  int revision = 1;
  std::string reason;
};

struct BatchSnapshotRow {
  int64_t id = 0;
  int64_t batch_id = 0;
  int revision = 1;
  int64_t created_at = 0;
  std::string snapshot;  // JSON
};

enum class BatchScope { kAll, kDistrict, kInstitution };

struct BatchFilter {
  BatchScope scope = BatchScope::kAll;
  std::string scope_district;     // kDistrict
  int64_t scope_institution = 0;  // kInstitution
  std::string state;              // "" = any
  // Hide drafts (reviewers never see an unsubmitted batch).
  bool submitted_only = false;
};

// A person's session in another batch (for the overlap check).
struct PersonCommitment {
  int64_t person_id = 0;
  int64_t batch_id = 0;
  int position = 0;
  int64_t start_ms = 0;
  int64_t end_ms = 0;
};

class BatchRepository {
 public:
  explicit BatchRepository(Connection& c) : c_(c) {}

  // Inserts a DRAFT with the fields of `b` (not state, revision, times).
  Result<int64_t> Insert(const BatchRow& b, int64_t now_ms);
  // NotFound("batch.not_found").
  Result<BatchRow> Get(int64_t id);
  // Newest first.
  Result<std::vector<BatchRow>> List(const BatchFilter& f);
  // Writes every column of `b` but the id and creation, guarded by the
  // state read: Unavailable("store.conflict") when another transaction
  // moved it first.
  Status Save(const BatchRow& b, domain::BatchState expected);

  Result<std::vector<BatchSessionRow>> Sessions(int64_t batch_id);
  Result<int64_t> InsertSession(const BatchSessionRow& s);
  Status UpdateSession(const BatchSessionRow& s);
  // Deletes the session (its staff first).
  Status DeleteSession(int64_t batch_id, int64_t session_id);
  Status SetSessionPaper(int64_t session_id, int64_t paper_id);

  Result<std::vector<BatchStaffRow>> Staff(int64_t batch_id);
  Status ClearStaff(int64_t batch_id);
  Status InsertStaff(const BatchStaffRow& s);

  // The sessions of `person_ids` in other batches that are not drafts.
  Result<std::vector<PersonCommitment>> CommitmentsElsewhere(
      int64_t batch_id, const std::vector<int64_t>& person_ids);

  Result<int64_t> InsertSnapshot(int64_t batch_id, int revision,
                                 std::string_view snapshot, int64_t now_ms);
  Result<std::optional<BatchSnapshotRow>> Snapshot(int64_t id);
  Result<std::optional<BatchSnapshotRow>> LatestSnapshot(int64_t batch_id);

  Status InsertEvent(const BatchEventRow& e);
  // Oldest first.
  Result<std::vector<BatchEventRow>> Events(int64_t batch_id);

 private:
  Connection& c_;
};

}  // namespace zxkh::store
