#include "store/registration_repository.hpp"

#include "store/sql_text.hpp"

namespace zxkh::store {
namespace {

using domain::RegistrationSource;
using domain::RegistrationState;

// Rows looked up per IN (…) statement: well under SQLite's 32,766 and
// PostgreSQL's 65,535 parameters, and few distinct statement texts.
constexpr std::size_t kChunk = 500;

constexpr std::string_view kItemSelect =
    "SELECT it.id, it.plan_id, p.year, p.state, p.institution_id, "
    "COALESCE(i.code, ''), i.name, i.district_code, rg.name, "
    "it.project_code, cp.name, it.months, it.exam_date, it.expected_count, "
    "it.venue, it.requirements, it.fee_fen, it.contact_name, "
    "it.contact_phone, (SELECT COUNT(*) FROM registrations r WHERE "
    "r.plan_item_id = it.id AND r.state IN ('registered', 'sat')) "
    "FROM annual_plan_items it JOIN annual_plans p ON p.id = it.plan_id "
    "JOIN institutions i ON i.id = p.institution_id "
    "JOIN regions rg ON rg.code = i.district_code "
    "JOIN catalog_projects cp ON cp.code = it.project_code ";

RegistrableItemRow ItemFromRow(const Row& r) {
  RegistrableItemRow it;
  it.id = r.Int(0);
  it.plan_id = r.Int(1);
  it.year = static_cast<int>(r.Int(2));
  it.plan_state = r.Text(3);
  it.institution_id = r.Int(4);
  it.institution_code = r.Text(5);
  it.institution_name = r.Text(6);
  it.district_code = r.Text(7);
  it.district_name = r.Text(8);
  it.project_code = r.Text(9);
  it.project_name = r.Text(10);
  it.months = r.Text(11);
  it.exam_date = r.Text(12);
  it.expected_count = r.Int(13);
  it.venue = r.Text(14);
  it.requirements = r.Text(15);
  it.fee_fen = r.OptInt(16);
  it.contact_name = r.Text(17);
  it.contact_phone = r.Text(18);
  it.registered_count = r.Int(19);
  return it;
}

constexpr std::string_view kRegSelect =
    "SELECT r.id, r.plan_item_id, r.person_id, r.project_code, "
    "r.institution_id, r.district_code, r.state, r.source, r.phone, "
    "r.employer, r.consent_version, r.consent_sha256, r.consented_at, "
    "r.created_by, r.created_at, r.updated_at, r.cancelled_by, "
    "r.cancelled_at, pe.name, pe.id_type, pe.id_masked, "
    "COALESCE(pe.birth_date, ''), cp.name, i.name, it.exam_date "
    "FROM registrations r JOIN persons pe ON pe.id = r.person_id "
    "JOIN annual_plan_items it ON it.id = r.plan_item_id "
    "JOIN catalog_projects cp ON cp.code = r.project_code "
    "JOIN institutions i ON i.id = r.institution_id ";

RegistrationState StateOf(const std::string& s) {
  return domain::ParseRegistrationState(s).value_or(
      RegistrationState::kCancelled);
}

RegistrationSource SourceOf(const std::string& s) {
  if (s == "institution") return RegistrationSource::kInstitution;
  if (s == "import") return RegistrationSource::kImport;
  return RegistrationSource::kSelf;
}

RegistrationRow RegFromRow(const Row& r) {
  RegistrationRow g;
  g.id = r.Int(0);
  g.plan_item_id = r.Int(1);
  g.person_id = r.Int(2);
  g.project_code = r.Text(3);
  g.institution_id = r.Int(4);
  g.district_code = r.Text(5);
  g.state = StateOf(r.Text(6));
  g.source = SourceOf(r.Text(7));
  g.phone = r.Text(8);
  g.employer = r.Text(9);
  g.consent_version = r.OptText(10);
  g.consent_sha256 = r.OptText(11);
  g.consented_at = r.OptInt(12);
  g.created_by = r.OptInt(13);
  g.created_at = r.Int(14);
  g.updated_at = r.Int(15);
  g.cancelled_by = r.OptInt(16);
  g.cancelled_at = r.OptInt(17);
  g.person_name = r.Text(18);
  g.id_type = r.Text(19);
  g.id_masked = r.Text(20);
  g.birth_date = r.Text(21);
  g.project_name = r.Text(22);
  g.institution_name = r.Text(23);
  g.exam_date = r.Text(24);
  return g;
}

Value OptIntValue(const std::optional<int64_t>& v) {
  return v ? Value(*v) : Value(std::monostate{});
}
Value OptTextValue(const std::optional<std::string>& v) {
  return v ? Value(*v) : Value(std::monostate{});
}

std::string Placeholders(std::size_t n) {
  std::string s;
  s.reserve(n * 3);
  for (std::size_t i = 0; i < n; ++i) s += i == 0 ? "?" : ", ?";
  return s;
}

}  // namespace

Result<RegistrableItemRow> RegistrationRepository::GetItem(int64_t item_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows(std::string(kItemSelect) + "WHERE it.id = ?", {item_id}));
  if (rows.empty()) {
    return Status::NotFound("registration.item_not_found",
                            "考核计划项目不存在");
  }
  return ItemFromRow(rows.front());
}

Result<std::vector<RegistrableItemRow>> RegistrationRepository::ListOpenItems(
    const ItemFilter& f) {
  std::string sql = std::string(kItemSelect) +
                    "WHERE p.state = 'published' AND it.exam_date > ? ";
  std::vector<Value> params = {f.today};
  if (!f.project_code.empty()) {
    sql += "AND it.project_code = ? ";
    params.push_back(f.project_code);
  }
  if (!f.district_code.empty()) {
    sql += "AND i.district_code = ? ";
    params.push_back(f.district_code);
  }
  if (f.institution_id) {
    sql += "AND p.institution_id = ? ";
    params.push_back(*f.institution_id);
  }
  sql += "ORDER BY it.exam_date, it.id LIMIT 500";
  ZXKH_ASSIGN_OR_RETURN(QueryResult q, c_.Query(sql, params));
  std::vector<RegistrableItemRow> out;
  out.reserve(q.rows.size());
  for (const Row& r : q.rows) out.push_back(ItemFromRow(r));
  return out;
}

Result<std::unordered_map<std::string, PersonRef>>
RegistrationRepository::FindPersons(const std::vector<std::string>& id_hashes) {
  std::unordered_map<std::string, PersonRef> out;
  out.reserve(id_hashes.size());
  std::vector<Value> params;
  for (std::size_t start = 0; start < id_hashes.size(); start += kChunk) {
    const std::size_t n = std::min(kChunk, id_hashes.size() - start);
    params.clear();
    for (std::size_t i = 0; i < n; ++i) params.push_back(id_hashes[start + i]);
    ZXKH_ASSIGN_OR_RETURN(
        QueryResult q,
        c_.Query("SELECT id_hash, id, name FROM persons WHERE id_hash IN (" +
                     Placeholders(n) + ")",
                 params));
    for (const Row& r : q.rows) {
      out.insert_or_assign(r.Text(0), PersonRef{r.Int(1), r.Text(2)});
    }
  }
  return out;
}

Result<int64_t> RegistrationRepository::InsertPerson(
    std::string_view name, std::string_view id_type, std::string_view id_hash,
    std::string_view cipher, std::string_view masked,
    std::string_view birth_date, std::string_view phone,
    std::string_view employer, int64_t now) {
  const Value params[] = {
      std::string(name),         std::string(id_type),  std::string(id_hash),
      Blob{std::string(cipher)}, std::string(masked),   std::string(birth_date),
      std::string(phone),        std::string(employer), now};
  ZXKH_ASSIGN_OR_RETURN(
      QueryResult q,
      c_.Query("INSERT INTO persons (name, id_type, id_hash, id_cipher, "
               "id_masked, birth_date, phone, employer, created_at) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
               params));
  return q.rows.front().Int(0);
}

Status RegistrationRepository::InsertPersons(std::vector<NewPerson>& persons,
                                             int64_t now) {
  constexpr std::size_t kRows = 100;  // 9 parameters each
  std::vector<Value> params;
  for (std::size_t start = 0; start < persons.size(); start += kRows) {
    const std::size_t n = std::min(kRows, persons.size() - start);
    params.clear();
    params.reserve(n * 9);
    std::string sql =
        "INSERT INTO persons (name, id_type, id_hash, id_cipher, id_masked, "
        "birth_date, phone, employer, created_at) VALUES ";
    for (std::size_t i = 0; i < n; ++i) {
      NewPerson& p = persons[start + i];
      sql += i == 0 ? "(?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    : ", (?, ?, ?, ?, ?, ?, ?, ?, ?)";
      // Moved: only id_hash (copied) and id are used afterwards.
      params.emplace_back(std::move(p.name));
      params.emplace_back(std::move(p.id_type));
      params.emplace_back(p.id_hash);
      params.emplace_back(Blob{std::move(p.id_cipher)});
      params.emplace_back(std::move(p.id_masked));
      params.emplace_back(std::move(p.birth_date));
      params.emplace_back(std::move(p.phone));
      params.emplace_back(std::move(p.employer));
      params.emplace_back(now);
    }
    sql += " RETURNING id, id_hash";
    ZXKH_ASSIGN_OR_RETURN(QueryResult q, c_.Query(sql, params));
    // RETURNING gives the rows in insertion order on both backends, but
    // that is not promised: match by hash, trying the same position first.
    for (std::size_t k = 0; k < q.rows.size(); ++k) {
      const std::string hash = q.rows[k].Text(1);
      if (k < n && persons[start + k].id_hash == hash) {
        persons[start + k].id = q.rows[k].Int(0);
        continue;
      }
      for (std::size_t i = 0; i < n; ++i) {
        if (persons[start + i].id_hash == hash) {
          persons[start + i].id = q.rows[k].Int(0);
        }
      }
    }
  }
  for (const NewPerson& p : persons) {
    if (p.id == 0) {
      return Status::Internal("registration.person_id", "人员写入失败");
    }
  }
  return Status::Ok();
}

Result<std::map<int64_t, RegistrationState>>
RegistrationRepository::BlockingStates(std::string_view project_code,
                                       const std::vector<int64_t>& person_ids) {
  std::map<int64_t, RegistrationState> out;
  std::vector<Value> params;
  for (std::size_t start = 0; start < person_ids.size(); start += kChunk) {
    const std::size_t n = std::min(kChunk, person_ids.size() - start);
    params.clear();
    params.push_back(std::string(project_code));
    for (std::size_t i = 0; i < n; ++i) params.push_back(person_ids[start + i]);
    ZXKH_ASSIGN_OR_RETURN(
        QueryResult q,
        c_.Query("SELECT person_id, state FROM registrations WHERE "
                 "project_code = ? AND state IN ('registered', 'sat', "
                 "'passed') AND person_id IN (" +
                     Placeholders(n) + ")",
                 params));
    for (const Row& r : q.rows) {
      RegistrationState s = StateOf(r.Text(1));
      auto [it, fresh] = out.emplace(r.Int(0), s);
      // An open registration is the more precise reason.
      if (!fresh && domain::IsOpen(s)) it->second = s;
    }
  }
  return out;
}

Result<int64_t> RegistrationRepository::Insert(const RegistrationRow& g) {
  const Value params[] = {g.plan_item_id,
                          g.person_id,
                          g.project_code,
                          g.institution_id,
                          g.district_code,
                          std::string(domain::RegistrationStateName(g.state)),
                          std::string(domain::RegistrationSourceName(g.source)),
                          g.phone,
                          g.employer,
                          OptTextValue(g.consent_version),
                          OptTextValue(g.consent_sha256),
                          OptIntValue(g.consented_at),
                          OptIntValue(g.created_by),
                          g.created_at,
                          g.updated_at};
  auto q = c_.Query(
      "INSERT INTO registrations (plan_item_id, person_id, project_code, "
      "institution_id, district_code, state, source, phone, employer, "
      "consent_version, consent_sha256, consented_at, created_by, created_at, "
      "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "RETURNING id",
      params);
  if (!q.ok()) {
    if (q.status().status_code() == StatusCode::kAlreadyExists) {
      return Status::AlreadyExists("registration.duplicate",
                                   "该考生已有本项目的有效报名", "id_number");
    }
    return q.status();
  }
  return q->rows.front().Int(0);
}

Status RegistrationRepository::InsertMany(
    const RegistrationRow& common, const std::vector<NewRegistration>& rows) {
  constexpr std::size_t kRows = 60;  // 15 parameters each
  const std::string state(domain::RegistrationStateName(common.state));
  const std::string source(domain::RegistrationSourceName(common.source));
  std::vector<Value> params;
  std::string sql;
  for (std::size_t start = 0; start < rows.size(); start += kRows) {
    const std::size_t n = std::min(kRows, rows.size() - start);
    params.clear();
    params.reserve(n * 15);
    sql =
        "INSERT INTO registrations (plan_item_id, person_id, project_code, "
        "institution_id, district_code, state, source, phone, employer, "
        "consent_version, consent_sha256, consented_at, created_by, "
        "created_at, updated_at) VALUES ";
    for (std::size_t i = 0; i < n; ++i) {
      const NewRegistration& r = rows[start + i];
      sql += i == 0 ? "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    : ", (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
      params.emplace_back(common.plan_item_id);
      params.emplace_back(r.person_id);
      params.emplace_back(common.project_code);
      params.emplace_back(common.institution_id);
      params.emplace_back(common.district_code);
      params.emplace_back(state);
      params.emplace_back(source);
      params.emplace_back(r.phone);
      params.emplace_back(r.employer);
      params.push_back(OptTextValue(common.consent_version));
      params.push_back(OptTextValue(common.consent_sha256));
      params.push_back(OptIntValue(common.consented_at));
      params.push_back(OptIntValue(common.created_by));
      params.emplace_back(common.created_at);
      params.emplace_back(common.updated_at);
    }
    auto q = c_.Query(sql, params);
    if (!q.ok()) {
      if (q.status().status_code() == StatusCode::kAlreadyExists) {
        return Status::AlreadyExists("registration.duplicate",
                                     "该考生已有本项目的有效报名", "id_number");
      }
      return q.status();
    }
  }
  return Status::Ok();
}

Result<std::optional<int64_t>> RegistrationRepository::OpenRegistration(
    int64_t person_id, std::string_view project_code) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT id FROM registrations WHERE person_id = ? AND "
              "project_code = ? AND state IN ('registered', 'sat')",
              {person_id, std::string(project_code)}));
  if (rows.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(rows.front().Int(0));
}

Result<RegistrationRow> RegistrationRepository::Get(int64_t id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows(std::string(kRegSelect) + "WHERE r.id = ?", {id}));
  if (rows.empty()) {
    return Status::NotFound("registration.not_found", "报名记录不存在");
  }
  return RegFromRow(rows.front());
}

Result<Page<RegistrationRow>> RegistrationRepository::List(
    const RegistrationFilter& f) {
  std::string where = "WHERE 1 = 1 ";
  std::vector<Value> params;
  if (f.institution_id) {
    where += "AND r.institution_id = ? ";
    params.push_back(*f.institution_id);
  }
  if (f.district_code) {
    where += "AND r.district_code = ? ";
    params.push_back(*f.district_code);
  }
  if (f.person_id) {
    where += "AND r.person_id = ? ";
    params.push_back(*f.person_id);
  }
  if (f.plan_item_id) {
    where += "AND r.plan_item_id = ? ";
    params.push_back(*f.plan_item_id);
  }
  if (!f.project_code.empty()) {
    where += "AND r.project_code = ? ";
    params.push_back(f.project_code);
  }
  if (f.state) {
    where += "AND r.state = ? ";
    params.push_back(std::string(domain::RegistrationStateName(*f.state)));
  }
  if (!f.name.empty()) {
    where += "AND pe.name LIKE ? ESCAPE '\\' ";
    params.push_back("%" + EscapeLike(f.name) + "%");
  }
  Page<RegistrationRow> page;
  page.page = f.page.page;
  page.page_size = f.page.page_size;
  ZXKH_ASSIGN_OR_RETURN(
      QueryResult count,
      c_.Query("SELECT COUNT(*) FROM registrations r JOIN persons pe ON pe.id "
               "= r.person_id " +
                   where,
               params));
  page.total = count.rows.front().Int(0);
  params.push_back(int64_t{f.page.page_size});
  params.push_back(f.page.offset());
  ZXKH_ASSIGN_OR_RETURN(
      QueryResult q,
      c_.Query(std::string(kRegSelect) + where +
                   "ORDER BY r.created_at DESC, r.id DESC LIMIT ? OFFSET ?",
               params));
  for (const Row& r : q.rows) page.items.push_back(RegFromRow(r));
  return page;
}

Status RegistrationRepository::UpdateState(int64_t id, RegistrationState state,
                                           int64_t user_id, int64_t now) {
  const std::string name(domain::RegistrationStateName(state));
  const Value by = user_id == 0 ? Value() : Value(user_id);
  if (state == RegistrationState::kCancelled) {
    return c_
        .Exec(
            "UPDATE registrations SET state = ?, updated_at = ?, "
            "cancelled_by = ?, cancelled_at = ? WHERE id = ?",
            {name, now, by, now, id})
        .status();
  }
  return c_
      .Exec("UPDATE registrations SET state = ?, updated_at = ? WHERE id = ?",
            {name, now, id})
      .status();
}

Status RegistrationRepository::SetBulkCache(bool on) {
  if (c_.backend() != Backend::kSqlite) return Status::Ok();
  return c_
      .Exec(on ? "PRAGMA cache_size = -65536" : "PRAGMA cache_size = -2000")
      .status();
}

Result<std::optional<int64_t>> RegistrationRepository::PersonOfUser(
    int64_t user_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT person_id FROM users WHERE id = ?", {user_id}));
  if (rows.empty()) return std::optional<int64_t>();
  return rows.front().OptInt(0);
}

}  // namespace zxkh::store
