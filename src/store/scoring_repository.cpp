#include "store/scoring_repository.hpp"

namespace zxkh::store {
namespace {

Value OptValue(const std::optional<int64_t>& v) {
  return v ? Value(*v) : Value();
}

ResultsObjectionRow ObjectionFromRow(const Row& r) {
  ResultsObjectionRow o;
  o.id = r.Int(0);
  o.batch_id = r.Int(1);
  o.registration_id = r.Int(2);
  o.candidate_name = r.Text(3);
  o.filed_at = r.Int(4);
  o.name = r.Text(5);
  o.contact = r.Text(6);
  o.content = r.Text(7);
  o.status = r.Text(8);
  o.decision_note = r.Text(9);
  o.decided_at = r.OptInt(10);
  return o;
}

constexpr std::string_view kObjectionSelect =
    "SELECT o.id, o.batch_id, o.registration_id, p.name, o.filed_at, o.name, "
    "o.contact, o.content, o.status, o.decision_note, o.decided_at FROM "
    "results_objections o JOIN registrations r ON r.id = o.registration_id "
    "JOIN persons p ON p.id = r.person_id ";

}  // namespace

Result<std::optional<int64_t>> ScoringRepository::PersonOfUser(
    int64_t user_id) {
  if (user_id <= 0) return std::optional<int64_t>();
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT person_id FROM users WHERE id = ?", {user_id}));
  if (rows.empty() || rows[0].IsNull(0)) return std::optional<int64_t>();
  return std::optional<int64_t>(rows[0].Int(0));
}

Result<std::optional<int64_t>> ScoringRepository::BatchOfSession(
    int64_t session_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT batch_id FROM batch_sessions WHERE id = ?",
              {session_id}));
  if (rows.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(rows[0].Int(0));
}

Result<std::vector<ScoringStaffRow>> ScoringRepository::StaffOf(
    int64_t batch_id, int64_t person_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT session_id, role, group_leader FROM batch_staff WHERE "
              "batch_id = ? AND person_id = ?",
              {batch_id, person_id}));
  std::vector<ScoringStaffRow> out;
  for (const auto& r : rows) {
    out.push_back({r.OptInt(0), r.Text(1), r.Int(2) != 0});
  }
  return out;
}

Result<std::vector<int64_t>> ScoringRepository::ExaminedSessions(
    int64_t person_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT s.id FROM batch_staff st JOIN batch_sessions s ON s.id "
              "= st.session_id JOIN batch_plans b ON b.id = s.batch_id WHERE "
              "st.person_id = ? AND st.role = 'examiner' AND b.state = "
              "'approved' ORDER BY s.exam_date, s.start_time, s.id",
              {person_id}));
  std::vector<int64_t> out;
  for (const auto& r : rows) out.push_back(r.Int(0));
  return out;
}

Result<std::vector<RubricRow>> ScoringRepository::Rubric(int64_t session_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT r.position, r.description, r.standard, r.max_points "
              "FROM paper_assignments pa JOIN bank_set_rubric r ON r.set_id = "
              "pa.set_id WHERE pa.session_ref = ? ORDER BY r.position",
              {"session-" + std::to_string(session_id)}));
  std::vector<RubricRow> out;
  for (const auto& r : rows) {
    out.push_back({static_cast<int>(r.Int(0)), r.Text(1), r.Text(2),
                   static_cast<int>(r.Int(3))});
  }
  return out;
}

Result<std::vector<SessionExaminerRow>> ScoringRepository::Examiners(
    int64_t session_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT s.person_id, p.name, s.group_leader FROM batch_staff s "
              "JOIN persons p ON p.id = s.person_id WHERE s.session_id = ? "
              "AND s.role = 'examiner' ORDER BY s.group_leader DESC, s.id",
              {session_id}));
  std::vector<SessionExaminerRow> out;
  for (const auto& r : rows) {
    out.push_back({r.Int(0), r.Text(1), r.Int(2) != 0});
  }
  return out;
}

Result<std::vector<ScoreEntryRow>> ScoringRepository::Entries(
    int64_t session_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT examiner_person_id, registration_id, position, "
              "points_tenths FROM score_entries WHERE session_id = ?",
              {session_id}));
  std::vector<ScoreEntryRow> out;
  for (const auto& r : rows) {
    out.push_back({r.Int(0), r.Int(1), static_cast<int>(r.Int(2)),
                   static_cast<int>(r.Int(3))});
  }
  return out;
}

Result<std::vector<SheetCandidateRow>> ScoringRepository::SheetCandidates(
    int64_t session_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT sc.registration_id, p.name, p.id_masked, sc.seat, "
              "sc.attendance, f.final_tenths, f.passed FROM "
              "batch_session_candidates sc JOIN registrations r ON r.id = "
              "sc.registration_id JOIN persons p ON p.id = r.person_id LEFT "
              "JOIN final_scores f ON f.registration_id = sc.registration_id "
              "WHERE sc.session_id = ? ORDER BY sc.seat, sc.registration_id",
              {session_id}));
  std::vector<SheetCandidateRow> out;
  for (const auto& r : rows) {
    SheetCandidateRow k;
    k.registration_id = r.Int(0);
    k.name = r.Text(1);
    k.id_masked = r.Text(2);
    k.seat = r.Text(3);
    k.attendance = r.Text(4);
    if (!r.IsNull(5)) {
      k.final_tenths = static_cast<int>(r.Int(5));
      k.passed = r.Int(6) != 0;
    }
    out.push_back(std::move(k));
  }
  return out;
}

Result<std::optional<std::string>> ScoringRepository::Attendance(
    int64_t session_id, int64_t registration_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT attendance FROM batch_session_candidates WHERE "
              "session_id = ? AND registration_id = ?",
              {session_id, registration_id}));
  if (rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(rows[0].Text(0));
}

Result<std::optional<SheetLockRow>> ScoringRepository::SheetLock(
    int64_t session_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT locked_by, locked_at FROM score_sheets WHERE "
              "session_id = ?",
              {session_id}));
  if (rows.empty()) return std::optional<SheetLockRow>();
  return std::optional<SheetLockRow>(
      SheetLockRow{rows[0].OptInt(0), rows[0].Int(1)});
}

Result<std::vector<CorrectionRow>> ScoringRepository::Corrections(
    int64_t session_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT id, registration_id, examiner_person_id, "
              "before_tenths, after_tenths, reason, corrected_at FROM "
              "score_corrections WHERE session_id = ? ORDER BY id",
              {session_id}));
  std::vector<CorrectionRow> out;
  for (const auto& r : rows) {
    CorrectionRow k;
    k.id = r.Int(0);
    k.registration_id = r.Int(1);
    k.examiner_person_id = r.Int(2);
    k.before_tenths = static_cast<int>(r.Int(3));
    k.after_tenths = static_cast<int>(r.Int(4));
    k.reason = r.Text(5);
    k.corrected_at = r.Int(6);
    out.push_back(std::move(k));
  }
  return out;
}

Status ScoringRepository::ReplaceEntries(
    int64_t session_id, int64_t registration_id, int64_t examiner_person_id,
    const std::vector<std::pair<int, int>>& points,
    std::optional<int64_t> entered_by, int64_t now) {
  ZXKH_RETURN_IF_ERROR(
      c_.Exec("DELETE FROM score_entries WHERE session_id = ? AND "
              "registration_id = ? AND examiner_person_id = ?",
              {session_id, registration_id, examiner_person_id})
          .status());
  for (const auto& [position, tenths] : points) {
    ZXKH_RETURN_IF_ERROR(
        c_.Exec("INSERT INTO score_entries (session_id, registration_id, "
                "examiner_person_id, position, points_tenths, entered_by, "
                "entered_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                {session_id, registration_id, examiner_person_id,
                 int64_t{position}, int64_t{tenths}, OptValue(entered_by), now})
            .status());
  }
  return Status::Ok();
}

Result<std::vector<int>> ScoringRepository::ExaminerTotals(
    int64_t session_id, int64_t registration_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT SUM(points_tenths) FROM score_entries WHERE session_id "
              "= ? AND registration_id = ? GROUP BY examiner_person_id",
              {session_id, registration_id}));
  std::vector<int> out;
  for (const auto& r : rows) out.push_back(static_cast<int>(r.Int(0)));
  return out;
}

Status ScoringRepository::ReplaceFinal(int64_t registration_id,
                                       int64_t session_id, int64_t batch_id,
                                       int final_tenths, bool passed,
                                       std::optional<int64_t> locked_by,
                                       int64_t now) {
  ZXKH_RETURN_IF_ERROR(
      c_.Exec("DELETE FROM final_scores WHERE registration_id = ?",
              {registration_id})
          .status());
  return c_
      .Exec(
          "INSERT INTO final_scores (registration_id, session_id, batch_id, "
          "final_tenths, passed, locked_by, computed_at) VALUES (?, ?, ?, "
          "?, ?, ?, ?)",
          {registration_id, session_id, batch_id, int64_t{final_tenths},
           int64_t{passed ? 1 : 0}, OptValue(locked_by), now})
      .status();
}

Status ScoringRepository::LockSheet(int64_t session_id, int64_t batch_id,
                                    int64_t locked_by, int64_t now) {
  return c_
      .Exec(
          "INSERT INTO score_sheets (session_id, batch_id, locked_by, "
          "locked_at) VALUES (?, ?, ?, ?)",
          {session_id, batch_id, locked_by, now})
      .status();
}

Status ScoringRepository::InsertCorrection(int64_t session_id,
                                           const CorrectionRow& r,
                                           int64_t corrected_by) {
  return c_
      .Exec(
          "INSERT INTO score_corrections (session_id, registration_id, "
          "examiner_person_id, before_tenths, after_tenths, before_items, "
          "reason, corrected_by, corrected_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
          "?, ?)",
          {session_id, r.registration_id, r.examiner_person_id,
           int64_t{r.before_tenths}, int64_t{r.after_tenths}, r.before_items,
           r.reason, corrected_by, r.corrected_at})
      .status();
}

Result<std::vector<int64_t>> ScoringRepository::ApprovedBatchIds() {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT id FROM batch_plans WHERE state = 'approved' ORDER BY "
              "first_date, id",
              {}));
  std::vector<int64_t> out;
  for (const auto& r : rows) out.push_back(r.Int(0));
  return out;
}

Result<std::optional<ResultsStateRow>> ScoringRepository::ResultsOf(
    int64_t batch_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT state, publicity_start, publicity_end, return_reason "
              "FROM batch_results WHERE batch_id = ?",
              {batch_id}));
  if (rows.empty()) return std::optional<ResultsStateRow>();
  ResultsStateRow r;
  r.state = domain::ParseResultsState(rows[0].Text(0))
                .value_or(domain::ResultsState::kPublicizing);
  r.publicity_start = rows[0].Text(1);
  r.publicity_end = rows[0].Text(2);
  r.return_reason = rows[0].Text(3);
  return std::optional<ResultsStateRow>(std::move(r));
}

Result<std::pair<int, int>> ScoringRepository::SessionCounts(int64_t batch_id) {
  ZXKH_ASSIGN_OR_RETURN(
      Row counts,
      c_.One("SELECT COUNT(*), COUNT(sh.session_id) FROM batch_sessions s "
             "LEFT JOIN score_sheets sh ON sh.session_id = s.id WHERE "
             "s.batch_id = ? AND NOT (s.closed_at IS NOT NULL AND NOT EXISTS "
             "(SELECT 1 FROM batch_session_candidates k WHERE k.session_id = "
             "s.id AND k.attendance = 'present'))",
             {batch_id}));
  return std::make_pair(static_cast<int>(counts.Int(0)),
                        static_cast<int>(counts.Int(1)));
}

Result<std::vector<ResultLineRow>> ScoringRepository::Lines(int64_t batch_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT f.registration_id, p.id, p.name, p.id_masked, "
              "f.final_tenths, f.passed, r.state FROM final_scores f JOIN "
              "registrations r ON r.id = f.registration_id JOIN persons p ON "
              "p.id = r.person_id WHERE f.batch_id = ? ORDER BY "
              "f.registration_id",
              {batch_id}));
  std::vector<ResultLineRow> out;
  for (const auto& r : rows) {
    out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Text(3),
                   static_cast<int>(r.Int(4)), r.Int(5) != 0, r.Text(6)});
  }
  return out;
}

Status ScoringRepository::OpenPublicity(int64_t batch_id,
                                        std::string_view start,
                                        std::string_view end,
                                        std::optional<int64_t> by,
                                        int64_t now) {
  return c_
      .Exec(
          "INSERT INTO batch_results (batch_id, state, publicity_start, "
          "publicity_end, opened_by, opened_at, updated_at) VALUES (?, "
          "'publicizing', ?, ?, ?, ?, ?)",
          {batch_id, std::string(start), std::string(end), OptValue(by), now,
           now})
      .status();
}

Status ScoringRepository::SetResultsState(int64_t batch_id,
                                          domain::ResultsState to,
                                          ResultsStamp stamp, int64_t now,
                                          std::string return_reason) {
  std::string sql =
      "UPDATE batch_results SET state = ?, return_reason = ?, updated_at = ?";
  switch (stamp) {
    case ResultsStamp::kNone:
      break;
    case ResultsStamp::kClosedAt:
      sql += ", closed_at = ?";
      break;
    case ResultsStamp::kSubmittedAt:
      sql += ", submitted_at = ?";
      break;
    case ResultsStamp::kDistrictDecidedAt:
      sql += ", district_decided_at = ?";
      break;
    case ResultsStamp::kApprovedAt:
      sql += ", approved_at = ?";
      break;
  }
  sql += " WHERE batch_id = ?";
  std::vector<Value> params = {std::string(domain::ResultsStateName(to)),
                               std::move(return_reason), now};
  if (stamp != ResultsStamp::kNone) params.push_back(now);
  params.push_back(batch_id);
  return c_.Query(sql, params).status();
}

Status ScoringRepository::SetOutcome(int64_t registration_id, bool passed,
                                     int64_t now) {
  return c_
      .Exec(
          "UPDATE registrations SET state = ?, updated_at = ? WHERE id = ? "
          "AND state IN ('registered', 'sat')",
          {std::string(passed ? "passed" : "failed"), now, registration_id})
      .status();
}

Result<std::vector<std::tuple<int64_t, std::string, std::string>>>
ScoringRepository::PublicizingOn(std::string_view today) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT batch_id, publicity_start, publicity_end FROM "
              "batch_results WHERE state = 'publicizing' AND publicity_start "
              "<= ? AND publicity_end >= ? ORDER BY batch_id",
              {std::string(today), std::string(today)}));
  std::vector<std::tuple<int64_t, std::string, std::string>> out;
  for (const auto& r : rows) out.emplace_back(r.Int(0), r.Text(1), r.Text(2));
  return out;
}

Result<std::vector<std::tuple<int64_t, int64_t, int>>>
ScoringRepository::ApprovedPassing(int64_t batch_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT f.registration_id, r.person_id, f.final_tenths FROM "
              "final_scores f JOIN batch_results br ON br.batch_id = "
              "f.batch_id JOIN registrations r ON r.id = f.registration_id "
              "WHERE f.batch_id = ? AND br.state = 'approved' AND f.passed = "
              "1 ORDER BY f.registration_id",
              {batch_id}));
  std::vector<std::tuple<int64_t, int64_t, int>> out;
  for (const auto& r : rows) {
    out.emplace_back(r.Int(0), r.Int(1), static_cast<int>(r.Int(2)));
  }
  return out;
}

Result<std::vector<ResultsObjectionRow>> ScoringRepository::Objections(
    int64_t batch_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows(std::string(kObjectionSelect) + "WHERE o.batch_id = ? ORDER BY "
                                              "o.id",
              {batch_id}));
  std::vector<ResultsObjectionRow> out;
  for (const auto& r : rows) out.push_back(ObjectionFromRow(r));
  return out;
}

Result<std::optional<ResultsObjectionRow>> ScoringRepository::Objection(
    int64_t id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows(std::string(kObjectionSelect) + "WHERE o.id = ?", {id}));
  if (rows.empty()) return std::optional<ResultsObjectionRow>();
  return std::optional<ResultsObjectionRow>(ObjectionFromRow(rows[0]));
}

Result<int64_t> ScoringRepository::CountOpenObjections(int64_t batch_id) {
  ZXKH_ASSIGN_OR_RETURN(Row r, c_.One("SELECT COUNT(*) FROM "
                                      "results_objections WHERE batch_id = ? "
                                      "AND status = 'open'",
                                      {batch_id}));
  return r.Int(0);
}

Status ScoringRepository::DecideObjection(int64_t id, std::string_view status,
                                          std::string_view note, int64_t by,
                                          int64_t now) {
  return c_
      .Exec(
          "UPDATE results_objections SET status = ?, decision_note = ?, "
          "decided_by = ?, decided_at = ? WHERE id = ?",
          {std::string(status), std::string(note), by, now, id})
      .status();
}

Status ScoringRepository::LockAddress(std::string_view ip) {
  if (c_.backend() != Backend::kPostgres) return Status::Ok();
  uint64_t key = 0x7a786b72;  // "zxkr", then the address
  for (unsigned char ch : ip) key = key * 131 + ch;
  return c_
      .Query("SELECT pg_advisory_xact_lock(CAST(? AS BIGINT))",
             std::vector<Value>{static_cast<int64_t>(key >> 1)})
      .status();
}

Result<int64_t> ScoringRepository::CountObjectionsFrom(std::string_view ip,
                                                       int64_t since) {
  ZXKH_ASSIGN_OR_RETURN(Row r, c_.One("SELECT COUNT(*) FROM "
                                      "results_objections WHERE ip = ? AND "
                                      "filed_at >= ?",
                                      {std::string(ip), since}));
  return r.Int(0);
}

Result<bool> ScoringRepository::HasFinalScore(int64_t batch_id,
                                              int64_t registration_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT 1 FROM final_scores WHERE batch_id = ? AND "
              "registration_id = ?",
              {batch_id, registration_id}));
  return !rows.empty();
}

Result<int64_t> ScoringRepository::InsertObjection(
    const ResultsObjectionRow& r) {
  ZXKH_ASSIGN_OR_RETURN(
      Row id, c_.One("INSERT INTO results_objections (batch_id, "
                     "registration_id, filed_at, name, contact, content, ip, "
                     "status) VALUES (?, ?, ?, ?, ?, ?, ?, 'open') RETURNING "
                     "id",
                     {r.batch_id, r.registration_id, r.filed_at, r.name,
                      r.contact, r.content, r.ip}));
  return id.Int(0);
}

}  // namespace zxkh::store
