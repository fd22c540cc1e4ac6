#include "store/staff_repository.hpp"

#include "common/text.hpp"
#include "store/sql_text.hpp"

namespace zxkh::store {
namespace {

constexpr std::string_view kSelect =
    "SELECT s.id, s.person_id, s.role, s.pool_district, s.employer, "
    "s.employer_institution_id, s.external, s.active, s.user_id, s.note, "
    "s.created_by, s.created_at, s.updated_at, p.name, p.id_type, "
    "p.id_masked, p.birth_date, p.phone, u.username, i.name, i.code, "
    "COALESCE(r.name, '青岛市') "
    "FROM staff_members s JOIN persons p ON p.id = s.person_id "
    "JOIN users u ON u.id = s.user_id "
    "LEFT JOIN institutions i ON i.id = s.employer_institution_id "
    "LEFT JOIN regions r ON r.code = s.pool_district ";

StaffRow FromRow(const Row& r) {
  StaffRow s;
  s.id = r.Int(0);
  s.person_id = r.Int(1);
  s.role =
      domain::ParseStaffRole(r.Text(2)).value_or(domain::StaffRole::kExaminer);
  s.pool_district = r.OptText(3);
  s.employer = r.Text(4);
  s.employer_institution_id = r.OptInt(5);
  s.external = r.Int(6) != 0;
  s.active = r.Int(7) != 0;
  s.user_id = r.Int(8);
  s.note = r.Text(9);
  s.created_by = r.OptInt(10);
  s.created_at = r.Int(11);
  s.updated_at = r.Int(12);
  s.name = r.Text(13);
  s.id_type = r.Text(14);
  s.id_masked = r.Text(15);
  s.birth_date = r.OptText(16);
  s.phone = r.Text(17);
  s.username = r.Text(18);
  s.employer_institution_name = r.OptText(19);
  s.employer_institution_code = r.OptText(20);
  s.pool_name = r.Text(21);
  return s;
}

Value OptValue(const std::optional<std::string>& v) {
  return v ? Value(*v) : Value(std::monostate{});
}
Value OptValue(const std::optional<int64_t>& v) {
  return v ? Value(*v) : Value(std::monostate{});
}

std::string PoolKey(const std::optional<std::string>& pool) {
  return pool.value_or("");
}

}  // namespace

Result<std::optional<int64_t>> StaffRepository::FindDuplicate(
    int64_t person_id, domain::StaffRole role,
    const std::optional<std::string>& pool) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT id FROM staff_members WHERE person_id = ? AND role = ? "
              "AND pool_key = ?",
              {person_id, std::string(domain::StaffRoleName(role)),
               PoolKey(pool)}));
  if (rows.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(rows.front().Int(0));
}

Result<int64_t> StaffRepository::Insert(const StaffRow& s) {
  ZXKH_ASSIGN_OR_RETURN(auto dup,
                        FindDuplicate(s.person_id, s.role, s.pool_district));
  if (dup) {
    return Status::AlreadyExists(
        "staff.duplicate",
        "该人员已作为" + std::string(domain::StaffRoleTitle(s.role)) +
            "登记在本人员库中",
        "id_number");
  }
  ZXKH_ASSIGN_OR_RETURN(
      Row r,
      c_.One("INSERT INTO staff_members (person_id, role, pool_district, "
             "pool_key, employer, employer_institution_id, external, active, "
             "user_id, note, created_by, created_at, updated_at) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
             {s.person_id, std::string(domain::StaffRoleName(s.role)),
              OptValue(s.pool_district), PoolKey(s.pool_district), s.employer,
              OptValue(s.employer_institution_id), int64_t{s.external ? 1 : 0},
              int64_t{s.active ? 1 : 0}, s.user_id, s.note,
              OptValue(s.created_by), s.created_at, s.updated_at}));
  StaffRow written = s;
  written.id = r.Int(0);
  ZXKH_RETURN_IF_ERROR(WriteQualifications(written));
  return written.id;
}

Status StaffRepository::WriteQualifications(const StaffRow& s) {
  ZXKH_RETURN_IF_ERROR(
      c_.Exec("DELETE FROM staff_qualifications WHERE staff_id = ?", {s.id})
          .status());
  for (const QualificationRow& q : s.qualifications) {
    const auto& qual = q.qualification;
    ZXKH_RETURN_IF_ERROR(
        c_.Exec("INSERT INTO staff_qualifications (staff_id, project_code, "
                "certificate, valid_until) VALUES (?, ?, ?, ?)",
                {s.id, qual.project_code, qual.certificate,
                 qual.valid_until ? Value(qual.valid_until->ToString())
                                  : Value(std::monostate{})})
            .status());
  }
  return Status::Ok();
}

Status StaffRepository::Update(const StaffRow& s) {
  ZXKH_ASSIGN_OR_RETURN(
      int64_t n,
      c_.Exec("UPDATE staff_members SET employer = ?, "
              "employer_institution_id = ?, external = ?, active = ?, "
              "note = ?, updated_at = ? WHERE id = ?",
              {s.employer, OptValue(s.employer_institution_id),
               int64_t{s.external ? 1 : 0}, int64_t{s.active ? 1 : 0}, s.note,
               s.updated_at, s.id}));
  if (n == 0) return Status::NotFound("staff.not_found", "考评人员不存在");
  return WriteQualifications(s);
}

Status StaffRepository::UpdatePerson(int64_t person_id, const std::string& name,
                                     const std::string& phone) {
  return c_
      .Exec("UPDATE persons SET name = ?, phone = ? WHERE id = ?",
            {name, phone, person_id})
      .status();
}

Status StaffRepository::LoadQualifications(StaffRow& s) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT q.project_code, q.certificate, q.valid_until, c.name "
              "FROM staff_qualifications q JOIN catalog_projects c "
              "ON c.code = q.project_code WHERE q.staff_id = ? "
              "ORDER BY q.project_code",
              {s.id}));
  s.qualifications.clear();
  for (const Row& r : rows) {
    QualificationRow q;
    q.qualification.project_code = r.Text(0);
    q.qualification.certificate = r.Text(1);
    if (auto until = r.OptText(2)) {
      auto d = Date::Parse(*until);
      if (d.ok()) q.qualification.valid_until = *d;
    }
    q.project_name = r.Text(3);
    s.qualifications.push_back(std::move(q));
  }
  return Status::Ok();
}

Result<StaffRow> StaffRepository::Get(int64_t id) {
  ZXKH_ASSIGN_OR_RETURN(std::vector<Row> rows,
                        c_.Rows(std::string(kSelect) + "WHERE s.id = ?", {id}));
  if (rows.empty()) {
    return Status::NotFound("staff.not_found", "考评人员不存在");
  }
  StaffRow s = FromRow(rows.front());
  ZXKH_RETURN_IF_ERROR(LoadQualifications(s));
  return s;
}

Result<Page<StaffRow>> StaffRepository::List(const StaffFilter& f) {
  const std::string scope =
      f.scope == StaffScope::kAll ? "all" : "district_and_city";
  const std::string q(TrimSpace(f.q));
  const std::string like = "%" + EscapeLike(q) + "%";
  const std::string pool_key = f.pool == "city" ? "" : f.pool;
  const int64_t active = f.active ? (*f.active ? 1 : 0) : -1;
  const std::string where =
      "WHERE (? = 'all' OR s.pool_key = '' OR s.pool_key = ?) "
      "AND (? = '' OR s.role = ?) "
      "AND (? = '' OR s.pool_key = ?) "
      "AND (? = -1 OR s.active = ?) "
      "AND (? = '' OR EXISTS (SELECT 1 FROM staff_qualifications q WHERE "
      "q.staff_id = s.id AND q.project_code = ?)) "
      "AND (? = '' OR p.name LIKE ? ESCAPE '\\' OR s.employer LIKE ? ESCAPE "
      "'\\' OR u.username LIKE ? ESCAPE '\\') ";
  const std::vector<Value> params = {scope,
                                     f.scope_district,
                                     f.role,
                                     f.role,
                                     f.pool,
                                     pool_key,
                                     active,
                                     active,
                                     f.project_code,
                                     f.project_code,
                                     q,
                                     like,
                                     like,
                                     like};
  Page<StaffRow> page;
  page.page = f.page.page;
  page.page_size = f.page.page_size;
  ZXKH_ASSIGN_OR_RETURN(
      QueryResult count,
      c_.Query("SELECT COUNT(*) FROM staff_members s JOIN persons p ON p.id = "
               "s.person_id JOIN users u ON u.id = s.user_id " +
                   where,
               params));
  page.total = count.rows.front().Int(0);
  std::vector<Value> list_params = params;
  list_params.push_back(int64_t{f.page.page_size});
  list_params.push_back(f.page.offset());
  ZXKH_ASSIGN_OR_RETURN(
      QueryResult rows,
      c_.Query(std::string(kSelect) + where +
                   "ORDER BY s.pool_key, s.role, p.name, s.id LIMIT ? OFFSET ?",
               list_params));
  for (const Row& r : rows.rows) {
    StaffRow s = FromRow(r);
    ZXKH_RETURN_IF_ERROR(LoadQualifications(s));
    page.items.push_back(std::move(s));
  }
  return page;
}

Result<std::vector<StaffRow>> StaffRepository::ActiveForDistrict(
    domain::StaffRole role, const std::string& district) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows(std::string(kSelect) +
                  "WHERE s.active = 1 AND s.role = ? AND (s.pool_key = '' OR "
                  "s.pool_key = ?) ORDER BY p.name, s.id",
              {std::string(domain::StaffRoleName(role)), district}));
  std::vector<StaffRow> out;
  for (const Row& r : rows) {
    StaffRow s = FromRow(r);
    ZXKH_RETURN_IF_ERROR(LoadQualifications(s));
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace zxkh::store
