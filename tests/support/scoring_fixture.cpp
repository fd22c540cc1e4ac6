#include "support/scoring_fixture.hpp"

#include <stdexcept>

#include "support/registration_fixture.hpp"

namespace zxkh::test {

int64_t AddSessionCandidate(store::Database& db, int64_t session_id, int n,
                            const std::string& attendance,
                            const PiiCipher* pii) {
  auto r = db.InTransaction(
      store::Database::Mode::kWrite,
      [&](store::Connection& c) -> Result<int64_t> {
        ZXKH_ASSIGN_OR_RETURN(
            store::Row item,
            c.One("SELECT it.id, p.institution_id, i.district_code FROM "
                  "annual_plan_items it JOIN annual_plans p ON p.id = "
                  "it.plan_id JOIN institutions i ON i.id = p.institution_id "
                  "WHERE i.code = 'Z370211P001' AND p.year = 2026 AND "
                  "it.project_code = 'ZX01001' ORDER BY it.id",
                  {}));
        const std::string id = NthResidentId(500 + n);
        ZXKH_ASSIGN_OR_RETURN(
            store::Row person,
            c.One("INSERT INTO persons (name, id_type, id_hash, id_cipher, "
                  "id_masked, created_at) VALUES (?, 'resident_id', ?, ?, ?, "
                  "1) RETURNING id",
                  {"考生" + std::to_string(n), "scoring-test-" + id,
                   store::Blob{pii ? pii->Encrypt(id) : "x"},
                   id.substr(0, 6) + "********" + id.substr(14)}));
        ZXKH_ASSIGN_OR_RETURN(
            store::Row reg,
            c.One("INSERT INTO registrations (plan_item_id, person_id, "
                  "project_code, institution_id, district_code, state, "
                  "source, phone, created_at, updated_at) VALUES (?, ?, "
                  "'ZX01001', ?, ?, ?, 'institution', '13800000000', 1, 1) "
                  "RETURNING id",
                  {item.Int(0), person.Int(0), item.Int(1), item.Text(2),
                   std::string(attendance == "present"  ? "sat"
                               : attendance == "absent" ? "absent"
                                                        : "registered")}));
        ZXKH_RETURN_IF_ERROR(
            c.Exec("INSERT INTO batch_session_candidates (session_id, "
                   "registration_id, seat, attendance) VALUES (?, ?, ?, ?)",
                   {session_id, reg.Int(0), std::to_string(n), attendance})
                .status());
        return reg.Int(0);
      });
  if (!r.ok()) throw std::runtime_error(r.status().ToString());
  return *r;
}

int64_t NthSession(store::Database& db, int64_t batch_id, int position) {
  auto r = db.InTransaction(
      store::Database::Mode::kRead,
      [&](store::Connection& c) -> Result<int64_t> {
        ZXKH_ASSIGN_OR_RETURN(
            std::vector<store::Row> rows,
            c.Rows("SELECT id FROM batch_sessions WHERE batch_id = ? ORDER BY "
                   "position, id",
                   {batch_id}));
        if (static_cast<int>(rows.size()) <= position) {
          return Status::NotFound("test.no_session", "no session");
        }
        return rows[position].Int(0);
      });
  if (!r.ok()) throw std::runtime_error(r.status().ToString());
  return *r;
}

}  // namespace zxkh::test

namespace zxkh::test {
namespace {

template <typename T>
T Must(Result<T> r) {
  if (!r.ok()) throw std::runtime_error(r.status().ToString());
  return std::move(*r);
}

void MustOk(const Status& st) {
  if (!st.ok()) throw std::runtime_error(st.ToString());
}

}  // namespace

ScoringWorld MakeScoringWorld(store::Database& db,
                              const std::string& institution_code,
                              const std::vector<std::string>& examiners,
                              int present, const PiiCipher* pii) {
  static int counter = 0;
  ScoringWorld w;
  MustOk(db.Transact(
      store::Database::Mode::kWrite, [&](store::Connection& c) -> Status {
        ZXKH_ASSIGN_OR_RETURN(
            store::Row b,
            c.One("INSERT INTO batch_plans (institution_id, project_code, "
                  "title, state, venue_kind, first_date, last_date, "
                  "created_at, updated_at) SELECT id, 'ZX01001', '评分批次', "
                  "'approved', 'fixed_site', '2026-12-14', '2026-12-14', 1, 1 "
                  "FROM institutions WHERE code = ? RETURNING id",
                  {institution_code}));
        w.batch_id = b.Int(0);
        ZXKH_ASSIGN_OR_RETURN(
            store::Row s,
            c.One("INSERT INTO batch_sessions (batch_id, position, exam_date, "
                  "start_time, end_time, start_ms, end_ms, room, capacity) "
                  "VALUES (?, 1, '2026-12-14', '09:00', '11:00', "
                  "1797210000000, 1797217200000, '评分101', 30) RETURNING id",
                  {w.batch_id}));
        w.session_id = s.Int(0);
        ZXKH_RETURN_IF_ERROR(
            c.Exec("INSERT INTO paper_assignments (session_ref, "
                   "institution_id, project_code, bank_id, version_id, "
                   "set_id, session_start, assigned_at) SELECT ?, "
                   "institution_id, project_code, bank_id, version_id, "
                   "set_id, session_start, assigned_at FROM paper_assignments "
                   "ORDER BY id LIMIT 1",
                   {"session-" + std::to_string(w.session_id)})
                .status());
        bool first = true;
        for (const auto& e : examiners) {
          ZXKH_ASSIGN_OR_RETURN(
              store::Row m,
              c.One("SELECT m.id, m.person_id FROM staff_members m JOIN "
                    "users u ON u.id = m.user_id WHERE u.username = ? ORDER "
                    "BY m.id",
                    {e}));
          ZXKH_RETURN_IF_ERROR(
              c.Exec("INSERT INTO batch_staff (batch_id, session_id, "
                     "staff_id, person_id, role, group_leader) VALUES (?, ?, "
                     "?, ?, 'examiner', ?)",
                     {w.batch_id, w.session_id, m.Int(0), m.Int(1),
                      int64_t{first ? 1 : 0}})
                  .status());
          first = false;
        }
        return Status::Ok();
      }));
  for (int i = 0; i < present; ++i) {
    w.registrations.push_back(AddSessionCandidate(
        db, w.session_id, 1000 + 10 * (++counter) + i, "present", pii));
  }
  return w;
}

void ScoreAllBySql(store::Database& db, const ScoringWorld& w, int percent) {
  MustOk(db.Transact(
      store::Database::Mode::kWrite, [&](store::Connection& c) -> Status {
        for (int64_t reg : w.registrations) {
          ZXKH_RETURN_IF_ERROR(
              c.Exec("INSERT INTO score_entries (session_id, "
                     "registration_id, examiner_person_id, position, "
                     "points_tenths, entered_at) SELECT ?, ?, s.person_id, "
                     "r.position, r.max_points * ?, 1 FROM batch_staff s, "
                     "paper_assignments pa JOIN bank_set_rubric r ON "
                     "r.set_id = pa.set_id WHERE s.session_id = ? AND s.role "
                     "= 'examiner' AND pa.session_ref = ?",
                     {w.session_id, reg, int64_t{percent / 10}, w.session_id,
                      "session-" + std::to_string(w.session_id)})
                  .status());
        }
        return Status::Ok();
      }));
}

void LockBySql(store::Database& db, const ScoringWorld& w) {
  MustOk(db.Transact(
      store::Database::Mode::kWrite, [&](store::Connection& c) -> Status {
        ZXKH_RETURN_IF_ERROR(
            c.Exec("INSERT INTO score_sheets (session_id, batch_id, "
                   "locked_at) VALUES (?, ?, 1)",
                   {w.session_id, w.batch_id})
                .status());
        for (int64_t reg : w.registrations) {
          ZXKH_ASSIGN_OR_RETURN(
              store::Row t,
              c.One("SELECT SUM(points_tenths) / COUNT(DISTINCT "
                    "examiner_person_id) FROM score_entries WHERE "
                    "registration_id = ?",
                    {reg}));
          ZXKH_RETURN_IF_ERROR(
              c.Exec("INSERT INTO final_scores (registration_id, session_id, "
                     "batch_id, final_tenths, passed, computed_at) VALUES "
                     "(?, ?, ?, ?, ?, 1)",
                     {reg, w.session_id, w.batch_id, t.Int(0),
                      int64_t{t.Int(0) >= 600 ? 1 : 0}})
                  .status());
        }
        return Status::Ok();
      }));
}

void SetResultsBySql(store::Database& db, int64_t batch_id,
                     const std::string& state, const std::string& start,
                     const std::string& end) {
  MustOk(db.Transact(
      store::Database::Mode::kWrite, [&](store::Connection& c) -> Status {
        return c
            .Exec(
                "INSERT INTO batch_results (batch_id, state, "
                "publicity_start, publicity_end, opened_at, updated_at) "
                "VALUES (?, ?, ?, ?, 1, 1)",
                {batch_id, state, start, end})
            .status();
      }));
}

int64_t AddObjectionBySql(store::Database& db, const ScoringWorld& w) {
  return Must(db.InTransaction(
      store::Database::Mode::kWrite,
      [&](store::Connection& c) -> Result<int64_t> {
        ZXKH_ASSIGN_OR_RETURN(
            store::Row r,
            c.One("INSERT INTO results_objections (batch_id, "
                  "registration_id, filed_at, name, contact, content, ip, "
                  "status) VALUES (?, ?, 1, '某人', '139', '有误', '', "
                  "'open') RETURNING id",
                  {w.batch_id, w.registrations.at(0)}));
        return r.Int(0);
      }));
}

}  // namespace zxkh::test
