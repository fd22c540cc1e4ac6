#include "store/batch_repository.hpp"

namespace zxkh::store {
namespace {

using domain::BatchState;

constexpr std::string_view kSelect =
    "SELECT b.id, b.institution_id, b.project_code, b.title, b.state, "
    "b.revision, b.venue_kind, b.venue_address, b.safety_statement, "
    "b.process, b.room_preparation, b.rules_text, b.discipline_text, "
    "b.safety_notes, b.expected_count, b.first_date, b.last_date, "
    "b.return_reason, b.submitted_at, b.district_decided_at, b.approved_at, "
    "b.approved_snapshot_id, b.created_by, b.created_at, b.updated_at, "
    "i.name, i.code, i.district_code, r.name, c.name, "
    "(SELECT COUNT(*) FROM batch_sessions s WHERE s.batch_id = b.id), "
    "b.coverage_flagged "
    "FROM batch_plans b "
    "JOIN institutions i ON i.id = b.institution_id "
    "JOIN regions r ON r.code = i.district_code "
    "JOIN catalog_projects c ON c.code = b.project_code ";

BatchRow FromRow(const Row& r) {
  BatchRow b;
  b.id = r.Int(0);
  b.institution_id = r.Int(1);
  b.project_code = r.Text(2);
  b.title = r.Text(3);
  b.state = domain::ParseBatchState(r.Text(4)).value_or(BatchState::kDraft);
  b.revision = static_cast<int>(r.Int(5));
  b.venue_kind = r.Text(6);
  b.venue_address = r.Text(7);
  b.safety_statement = r.Text(8);
  b.process = r.Text(9);
  b.room_preparation = r.Text(10);
  b.rules_text = r.Text(11);
  b.discipline_text = r.Text(12);
  b.safety_notes = r.Text(13);
  b.expected_count = static_cast<int>(r.Int(14));
  b.first_date = r.OptText(15);
  b.last_date = r.OptText(16);
  b.return_reason = r.Text(17);
  b.submitted_at = r.OptInt(18);
  b.district_decided_at = r.OptInt(19);
  b.approved_at = r.OptInt(20);
  b.approved_snapshot_id = r.OptInt(21);
  b.created_by = r.OptInt(22);
  b.created_at = r.Int(23);
  b.updated_at = r.Int(24);
  b.institution_name = r.Text(25);
  b.institution_code = r.OptText(26);
  b.district_code = r.Text(27);
  b.district_name = r.Text(28);
  b.project_name = r.Text(29);
  b.session_count = static_cast<int>(r.Int(30));
  b.coverage_flagged = r.Int(31) != 0;
  return b;
}

Value Opt(const std::optional<int64_t>& v) {
  return v ? Value(*v) : Value(std::monostate{});
}
Value OptS(const std::optional<std::string>& v) {
  return v ? Value(*v) : Value(std::monostate{});
}

std::string StateName(BatchState s) {
  return std::string(domain::BatchStateName(s));
}

std::string_view ScopeName(BatchScope s) {
  switch (s) {
    case BatchScope::kAll:
      return "all";
    case BatchScope::kDistrict:
      return "district";
    case BatchScope::kInstitution:
      return "institution";
  }
  return "none";
}

Status Conflict() {
  return Status::Unavailable("store.conflict", "记录已被他人修改，请重试");
}

constexpr std::string_view kSessionSelect =
    "SELECT id, batch_id, position, exam_date, start_time, end_time, "
    "start_ms, end_ms, room, capacity, paper_id, (SELECT COUNT(*) FROM "
    "batch_session_candidates k WHERE k.session_id = batch_sessions.id) "
    "FROM batch_sessions ";

BatchSessionRow SessionFromRow(const Row& r) {
  BatchSessionRow s;
  s.id = r.Int(0);
  s.batch_id = r.Int(1);
  s.position = static_cast<int>(r.Int(2));
  s.exam_date = r.Text(3);
  s.start_time = r.Text(4);
  s.end_time = r.Text(5);
  s.start_ms = r.Int(6);
  s.end_ms = r.Int(7);
  s.room = r.Text(8);
  s.capacity = static_cast<int>(r.Int(9));
  s.paper_id = r.OptInt(10);
  s.candidates = static_cast<int>(r.Int(11));
  return s;
}

BatchSnapshotRow SnapshotFromRow(const Row& r) {
  BatchSnapshotRow s;
  s.id = r.Int(0);
  s.batch_id = r.Int(1);
  s.revision = static_cast<int>(r.Int(2));
  s.created_at = r.Int(3);
  s.snapshot = r.Text(4);
  return s;
}

}  // namespace

Result<int64_t> BatchRepository::Insert(const BatchRow& b, int64_t now_ms) {
  ZXKH_ASSIGN_OR_RETURN(
      Row row,
      c_.One(
          "INSERT INTO batch_plans (institution_id, project_code, title, "
          "state, revision, venue_kind, venue_address, safety_statement, "
          "process, room_preparation, rules_text, discipline_text, "
          "safety_notes, expected_count, created_by, created_at, "
          "updated_at) VALUES (?, ?, ?, 'draft', 1, ?, ?, ?, ?, ?, ?, ?, ?, "
          "?, ?, ?, ?) RETURNING id",
          {b.institution_id, b.project_code, b.title, b.venue_kind,
           b.venue_address, b.safety_statement, b.process, b.room_preparation,
           b.rules_text, b.discipline_text, b.safety_notes,
           int64_t{b.expected_count}, Opt(b.created_by), now_ms, now_ms}));
  return row.Int(0);
}

Result<BatchRow> BatchRepository::Get(int64_t id) {
  auto row =
      c_.One(std::string(kSelect) + "WHERE b.id = ?", {id}, "batch.not_found");
  if (!row.ok()) {
    if (row.status().code() == "batch.not_found") {
      return Status::NotFound("batch.not_found", "考核批次不存在");
    }
    return row.status();
  }
  return FromRow(*row);
}

Result<std::vector<BatchRow>> BatchRepository::List(const BatchFilter& f) {
  const std::string scope(ScopeName(f.scope));
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows(std::string(kSelect) +
                  "WHERE (? = 'all' OR (? = 'district' AND i.district_code = "
                  "?) OR (? = 'institution' AND b.institution_id = ?)) "
                  "AND (? = '' OR b.state = ?) "
                  "AND (? = 0 OR b.state <> 'draft') "
                  "ORDER BY b.updated_at DESC, b.id DESC",
              {scope, scope, f.scope_district, scope, f.scope_institution,
               f.state, f.state, int64_t{f.submitted_only ? 1 : 0}}));
  std::vector<BatchRow> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(FromRow(r));
  return out;
}

Status BatchRepository::Save(const BatchRow& b, BatchState expected) {
  ZXKH_ASSIGN_OR_RETURN(
      int64_t n,
      c_.Exec("UPDATE batch_plans SET project_code = ?, title = ?, state = ?, "
              "revision = ?, venue_kind = ?, venue_address = ?, "
              "safety_statement = ?, process = ?, room_preparation = ?, "
              "rules_text = ?, discipline_text = ?, safety_notes = ?, "
              "expected_count = ?, first_date = ?, last_date = ?, "
              "return_reason = ?, submitted_at = ?, district_decided_at = ?, "
              "approved_at = ?, approved_snapshot_id = ?, updated_at = ? "
              "WHERE id = ? AND state = ?",
              {b.project_code,
               b.title,
               StateName(b.state),
               int64_t{b.revision},
               b.venue_kind,
               b.venue_address,
               b.safety_statement,
               b.process,
               b.room_preparation,
               b.rules_text,
               b.discipline_text,
               b.safety_notes,
               int64_t{b.expected_count},
               OptS(b.first_date),
               OptS(b.last_date),
               b.return_reason,
               Opt(b.submitted_at),
               Opt(b.district_decided_at),
               Opt(b.approved_at),
               Opt(b.approved_snapshot_id),
               b.updated_at,
               b.id,
               StateName(expected)}));
  return n == 1 ? Status::Ok() : Conflict();
}

Result<std::vector<BatchSessionRow>> BatchRepository::Sessions(
    int64_t batch_id) {
  ZXKH_ASSIGN_OR_RETURN(std::vector<Row> rows,
                        c_.Rows(std::string(kSessionSelect) +
                                    "WHERE batch_id = ? ORDER BY position, id",
                                {batch_id}));
  std::vector<BatchSessionRow> out;
  for (const auto& r : rows) out.push_back(SessionFromRow(r));
  return out;
}

Result<int64_t> BatchRepository::InsertSession(const BatchSessionRow& s) {
  ZXKH_ASSIGN_OR_RETURN(
      Row row,
      c_.One("INSERT INTO batch_sessions (batch_id, position, exam_date, "
             "start_time, end_time, start_ms, end_ms, room, capacity) VALUES "
             "(?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
             {s.batch_id, int64_t{s.position}, s.exam_date, s.start_time,
              s.end_time, s.start_ms, s.end_ms, s.room, int64_t{s.capacity}}));
  return row.Int(0);
}

Status BatchRepository::UpdateSession(const BatchSessionRow& s) {
  ZXKH_ASSIGN_OR_RETURN(
      int64_t n,
      c_.Exec("UPDATE batch_sessions SET position = ?, exam_date = ?, "
              "start_time = ?, end_time = ?, start_ms = ?, end_ms = ?, "
              "room = ?, capacity = ? WHERE id = ? AND batch_id = ?",
              {int64_t{s.position}, s.exam_date, s.start_time, s.end_time,
               s.start_ms, s.end_ms, s.room, int64_t{s.capacity}, s.id,
               s.batch_id}));
  return n == 1 ? Status::Ok() : Conflict();
}

Status BatchRepository::DeleteSession(int64_t batch_id, int64_t session_id) {
  // Its candidates become unassigned (exam day, migration 0012).
  ZXKH_RETURN_IF_ERROR(
      c_.Exec("DELETE FROM batch_session_candidates WHERE session_id IN "
              "(SELECT id FROM batch_sessions WHERE batch_id = ? AND id = ?)",
              {batch_id, session_id})
          .status());
  ZXKH_RETURN_IF_ERROR(
      c_.Exec("DELETE FROM batch_staff WHERE batch_id = ? AND session_id = ?",
              {batch_id, session_id})
          .status());
  return c_
      .Exec("DELETE FROM batch_sessions WHERE batch_id = ? AND id = ?",
            {batch_id, session_id})
      .status();
}

Status BatchRepository::SetSessionPaper(int64_t session_id, int64_t paper_id) {
  return c_
      .Exec("UPDATE batch_sessions SET paper_id = ? WHERE id = ?",
            {paper_id, session_id})
      .status();
}

Result<std::vector<BatchStaffRow>> BatchRepository::Staff(int64_t batch_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT s.id, s.batch_id, s.session_id, s.staff_id, "
              "s.person_id, s.role, s.group_leader, s.external, p.name, "
              "m.employer, m.employer_institution_id FROM batch_staff s "
              "JOIN persons p ON p.id = s.person_id "
              "JOIN staff_members m ON m.id = s.staff_id "
              "WHERE s.batch_id = ? ORDER BY s.session_id, s.role, "
              "s.group_leader DESC, s.id",
              {batch_id}));
  std::vector<BatchStaffRow> out;
  for (const auto& r : rows) {
    BatchStaffRow s;
    s.id = r.Int(0);
    s.batch_id = r.Int(1);
    s.session_id = r.OptInt(2);
    s.staff_id = r.Int(3);
    s.person_id = r.Int(4);
    s.role = r.Text(5);
    s.group_leader = r.Int(6) != 0;
    s.external = r.Int(7) != 0;
    s.name = r.Text(8);
    s.employer = r.Text(9);
    s.employer_institution_id = r.OptInt(10);
    out.push_back(std::move(s));
  }
  return out;
}

Status BatchRepository::ClearStaff(int64_t batch_id) {
  return c_.Exec("DELETE FROM batch_staff WHERE batch_id = ?", {batch_id})
      .status();
}

Status BatchRepository::InsertStaff(const BatchStaffRow& s) {
  return c_
      .Exec(
          "INSERT INTO batch_staff (batch_id, session_id, staff_id, "
          "person_id, role, group_leader, external) VALUES (?, ?, ?, ?, ?, "
          "?, ?)",
          {s.batch_id, Opt(s.session_id), s.staff_id, s.person_id, s.role,
           int64_t{s.group_leader ? 1 : 0}, int64_t{s.external ? 1 : 0}})
      .status();
}

Result<std::vector<PersonCommitment>> BatchRepository::CommitmentsElsewhere(
    int64_t batch_id, const std::vector<int64_t>& person_ids) {
  std::vector<PersonCommitment> out;
  for (int64_t person : person_ids) {
    // Session staff: their session; supervisors: every session of the batch.
    ZXKH_ASSIGN_OR_RETURN(
        std::vector<Row> rows,
        c_.Rows("SELECT DISTINCT s.id, s.batch_id, s.position, s.start_ms, "
                "s.end_ms FROM batch_staff a "
                "JOIN batch_plans b ON b.id = a.batch_id "
                "JOIN batch_sessions s ON s.batch_id = a.batch_id AND "
                "(a.session_id IS NULL OR s.id = a.session_id) "
                "WHERE a.person_id = ? AND a.batch_id <> ? AND b.state <> "
                "'draft' ORDER BY s.start_ms",
                {person, batch_id}));
    for (const auto& r : rows) {
      PersonCommitment pc;
      pc.person_id = person;
      pc.batch_id = r.Int(1);
      pc.position = static_cast<int>(r.Int(2));
      pc.start_ms = r.Int(3);
      pc.end_ms = r.Int(4);
      out.push_back(pc);
    }
  }
  return out;
}

Result<int64_t> BatchRepository::InsertSnapshot(int64_t batch_id, int revision,
                                                std::string_view snapshot,
                                                int64_t now_ms) {
  ZXKH_ASSIGN_OR_RETURN(
      Row row,
      c_.One("INSERT INTO batch_snapshots (batch_id, revision, "
             "created_at, snapshot) VALUES (?, ?, ?, ?) RETURNING id",
             {batch_id, int64_t{revision}, now_ms, std::string(snapshot)}));
  return row.Int(0);
}

Result<std::optional<BatchSnapshotRow>> BatchRepository::Snapshot(int64_t id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT id, batch_id, revision, created_at, snapshot FROM "
              "batch_snapshots WHERE id = ?",
              {id}));
  if (rows.empty()) return std::optional<BatchSnapshotRow>();
  return std::optional<BatchSnapshotRow>(SnapshotFromRow(rows[0]));
}

Result<std::optional<BatchSnapshotRow>> BatchRepository::LatestSnapshot(
    int64_t batch_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT id, batch_id, revision, created_at, snapshot FROM "
              "batch_snapshots WHERE batch_id = ? ORDER BY id DESC LIMIT 1",
              {batch_id}));
  if (rows.empty()) return std::optional<BatchSnapshotRow>();
  return std::optional<BatchSnapshotRow>(SnapshotFromRow(rows[0]));
}

Status BatchRepository::InsertEvent(const BatchEventRow& e) {
  return c_
      .Exec(
          "INSERT INTO batch_events (batch_id, at, user_id, action, "
          "from_state, to_state, revision, reason) VALUES (?, ?, ?, ?, ?, "
          "?, ?, ?)",
          {e.batch_id, e.at, Opt(e.user_id), e.action, e.from_state, e.to_state,
           int64_t{e.revision}, e.reason})
      .status();
}

Result<std::vector<BatchEventRow>> BatchRepository::Events(int64_t batch_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT id, batch_id, at, user_id, action, from_state, "
              "to_state, revision, reason FROM batch_events WHERE batch_id = "
              "? ORDER BY id",
              {batch_id}));
  std::vector<BatchEventRow> out;
  for (const auto& r : rows) {
    BatchEventRow e;
    e.id = r.Int(0);
    e.batch_id = r.Int(1);
    e.at = r.Int(2);
    e.user_id = r.OptInt(3);
    e.action = r.Text(4);
    e.from_state = r.Text(5);
    e.to_state = r.Text(6);
    e.revision = static_cast<int>(r.Int(7));
    e.reason = r.Text(8);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace zxkh::store
