#include "support/scoring_fixture.hpp"

#include <stdexcept>

#include "support/registration_fixture.hpp"

namespace zxkh::test {

int64_t AddSessionCandidate(store::Database& db, int64_t session_id, int n,
                            const std::string& attendance) {
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
                   store::Blob{"x"},
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
