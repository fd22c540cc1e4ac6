#include "store/institution_repository.hpp"

#include <map>

#include "common/codes.hpp"
#include "common/text.hpp"
#include "store/sql_text.hpp"

namespace zxkh::store {
namespace {

constexpr std::string_view kSelect =
    "SELECT i.id, i.code, i.name, i.credit_code, i.type, i.district_code, "
    "r.name, i.status, i.legal_representative, i.contact_name, "
    "i.contact_phone, i.address, i.credit_status, i.listed_at, i.created_at, "
    "i.updated_at FROM institutions i JOIN regions r ON r.code = "
    "i.district_code ";

InstitutionRow FromRow(const Row& r) {
  InstitutionRow out;
  out.id = r.Int(0);
  out.code = r.OptText(1);
  out.name = r.Text(2);
  out.credit_code = r.Text(3);
  out.type = domain::ParseInstitutionType(r.Text(4)).value_or(
      domain::InstitutionType::kEnterprise);
  out.district_code = r.Text(5);
  out.district_name = r.Text(6);
  out.status = r.Text(7);
  out.legal_representative = r.Text(8);
  out.contact_name = r.Text(9);
  out.contact_phone = r.Text(10);
  out.address = r.Text(11);
  out.credit_status = r.Text(12);
  out.listed_at = r.OptInt(13);
  out.created_at = r.Int(14);
  out.updated_at = r.Int(15);
  return out;
}

Status NotFound() {
  return Status::NotFound("institution.not_found", "考核机构不存在");
}

Value Opt(const std::optional<int64_t>& v) {
  return v ? Value(*v) : Value(std::monostate{});
}

// Scope rows: pre-platform approvals have no application; the others count
// once their application is published (`published_only`).
constexpr std::string_view kScopeSelect =
    "SELECT s.project_code, p.name, s.approved_at, s.application_id, "
    "s.institution_id FROM institution_projects s "
    "JOIN catalog_projects p ON p.code = s.project_code "
    "LEFT JOIN recruitment_applications a ON a.id = s.application_id ";
constexpr std::string_view kPublishedCondition =
    "(s.application_id IS NULL OR a.state = 'published')";

ScopeProject ScopeFromRow(const Row& r) {
  return ScopeProject{r.Text(0), r.Text(1), r.Int(2), r.OptInt(3)};
}

}  // namespace

Result<InstitutionRow> InstitutionRepository::Get(int64_t id) {
  ZXKH_ASSIGN_OR_RETURN(std::vector<Row> rows,
                        c_.Rows(std::string(kSelect) + "WHERE i.id = ?", {id}));
  if (rows.empty()) return NotFound();
  return FromRow(rows.front());
}

Result<InstitutionRow> InstitutionRepository::GetListedByCode(
    std::string_view code) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows(
          std::string(kSelect) + "WHERE i.code = ? AND i.listed_at IS NOT NULL",
          {std::string(code)}));
  if (rows.empty()) return NotFound();
  return FromRow(rows.front());
}

Result<int64_t> InstitutionRepository::Insert(const InstitutionRow& i) {
  // Checked first for a precise message: a failed INSERT would end the
  // transaction on PostgreSQL.
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> taken,
      c_.Rows("SELECT credit_code, name FROM institutions WHERE credit_code = "
              "? OR name = ?",
              {i.credit_code, i.name}));
  for (const Row& r : taken) {
    if (r.Text(0) == i.credit_code) {
      return Status::AlreadyExists(
          "institution.credit_code_taken",
          "统一社会信用代码 " + i.credit_code + " 已注册，请直接登录",
          "credit_code");
    }
    return Status::AlreadyExists("institution.name_taken",
                                 "机构名称「" + i.name + "」已注册", "name");
  }
  ZXKH_ASSIGN_OR_RETURN(
      Row r,
      c_.One("INSERT INTO institutions (name, credit_code, type, "
             "district_code, status, legal_representative, contact_name, "
             "contact_phone, address, credit_status, created_at, updated_at) "
             "VALUES (?, ?, ?, ?, 'applicant', ?, ?, ?, ?, 'good', ?, ?) "
             "RETURNING id",
             {i.name, i.credit_code,
              std::string(domain::InstitutionTypeName(i.type)), i.district_code,
              i.legal_representative, i.contact_name, i.contact_phone,
              i.address, i.created_at, i.updated_at}));
  return r.Int(0);
}

Status InstitutionRepository::SetCreditStatus(int64_t id,
                                              std::string_view credit_status,
                                              int64_t now_ms) {
  ZXKH_ASSIGN_OR_RETURN(
      int64_t n,
      c_.Exec("UPDATE institutions SET credit_status = ?, updated_at = ? "
              "WHERE id = ?",
              {std::string(credit_status), now_ms, id}));
  return n == 1 ? Status::Ok() : NotFound();
}

Result<int> InstitutionRepository::NextCodeSerial(std::string_view district,
                                                  char type_letter) {
  ZXKH_ASSIGN_OR_RETURN(
      Row r, c_.One("INSERT INTO institution_code_counters (district_code, "
                    "type_letter, last_serial) VALUES (?, ?, 1) "
                    "ON CONFLICT (district_code, type_letter) DO UPDATE SET "
                    "last_serial = institution_code_counters.last_serial + 1 "
                    "RETURNING last_serial",
                    {std::string(district), std::string(1, type_letter)}));
  return static_cast<int>(r.Int(0));
}

Status InstitutionRepository::SyncCodeCounters() {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> codes,
      c_.Rows("SELECT code FROM institutions WHERE code IS NOT NULL", {}));
  // (district, letter) → highest serial issued.
  std::map<std::pair<std::string, std::string>, int64_t> highest;
  for (const Row& r : codes) {
    const std::string code = r.Text(0);
    if (!ValidateInstitutionCode(code).ok()) continue;
    auto& h = highest[{code.substr(1, 6), code.substr(7, 1)}];
    h = std::max<int64_t>(h, std::stoi(code.substr(8, 3)));
  }
  for (const auto& [key, serial] : highest) {
    ZXKH_RETURN_IF_ERROR(
        c_.Exec("INSERT INTO institution_code_counters (district_code, "
                "type_letter, last_serial) VALUES (?, ?, ?) "
                "ON CONFLICT (district_code, type_letter) DO UPDATE SET "
                "last_serial = CASE WHEN excluded.last_serial > "
                "institution_code_counters.last_serial THEN "
                "excluded.last_serial ELSE "
                "institution_code_counters.last_serial END",
                {key.first, key.second, serial})
            .status());
  }
  return Status::Ok();
}

Status InstitutionRepository::Activate(int64_t id, std::string_view code,
                                       int64_t now_ms) {
  ZXKH_ASSIGN_OR_RETURN(
      int64_t n,
      c_.Exec("UPDATE institutions SET code = COALESCE(code, ?), status = "
              "'active', updated_at = ? WHERE id = ?",
              {std::string(code), now_ms, id}));
  return n == 1 ? Status::Ok() : NotFound();
}

Status InstitutionRepository::MarkListed(int64_t id, int64_t now_ms) {
  return c_
      .Exec(
          "UPDATE institutions SET listed_at = COALESCE(listed_at, ?) "
          "WHERE id = ?",
          {now_ms, id})
      .status();
}

Status InstitutionRepository::AddScope(
    int64_t id, const std::vector<std::string>& project_codes,
    std::optional<int64_t> application_id, int64_t now_ms) {
  for (const std::string& code : project_codes) {
    ZXKH_RETURN_IF_ERROR(
        c_.Exec("INSERT INTO institution_projects (institution_id, "
                "project_code, application_id, approved_at) VALUES (?, ?, ?, "
                "?) ON CONFLICT (institution_id, project_code) DO NOTHING",
                {id, code, Opt(application_id), now_ms})
            .status());
  }
  return Status::Ok();
}

Result<std::vector<ScopeProject>> InstitutionRepository::Scope(int64_t id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows(std::string(kScopeSelect) +
                  "WHERE s.institution_id = ? ORDER BY s.project_code",
              {id}));
  std::vector<ScopeProject> out;
  for (const Row& r : rows) out.push_back(ScopeFromRow(r));
  return out;
}

Result<std::vector<ScopeProject>> InstitutionRepository::PublishedScope(
    int64_t id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows(std::string(kScopeSelect) + "WHERE s.institution_id = ? AND " +
                  std::string(kPublishedCondition) + " ORDER BY s.project_code",
              {id}));
  std::vector<ScopeProject> out;
  for (const Row& r : rows) out.push_back(ScopeFromRow(r));
  return out;
}

Result<Page<DirectoryEntry>> InstitutionRepository::Directory(
    const DirectoryFilter& f) {
  const std::string q(TrimSpace(f.q));
  const std::string like = "%" + EscapeLike(q) + "%";
  const std::string where =
      "WHERE i.listed_at IS NOT NULL AND i.code IS NOT NULL "
      "AND (? = '' OR i.name LIKE ? ESCAPE '\\' OR i.code LIKE ? ESCAPE '\\') "
      "AND (? = '' OR i.district_code = ?) "
      "AND (? = '' OR i.status = ?) "
      "AND (? = '' OR EXISTS (SELECT 1 FROM institution_projects s LEFT JOIN "
      "recruitment_applications a ON a.id = s.application_id WHERE "
      "s.institution_id = i.id AND s.project_code = ? AND " +
      std::string(kPublishedCondition) + ")) ";
  const std::vector<Value> params = {q,          like,       like,
                                     f.district, f.district, f.status,
                                     f.status,   f.project,  f.project};
  Page<DirectoryEntry> page;
  page.page = f.page.page;
  page.page_size = f.page.page_size;
  ZXKH_ASSIGN_OR_RETURN(
      QueryResult count,
      c_.Query("SELECT COUNT(*) FROM institutions i " + where, params));
  page.total = count.rows.front().Int(0);
  std::vector<Value> list_params = params;
  list_params.push_back(int64_t{f.page.page_size});
  list_params.push_back(f.page.offset());
  ZXKH_ASSIGN_OR_RETURN(QueryResult rows,
                        c_.Query(std::string(kSelect) + where +
                                     "ORDER BY i.code LIMIT ? OFFSET ?",
                                 list_params));
  for (const Row& r : rows.rows) {
    DirectoryEntry e;
    e.institution = FromRow(r);
    ZXKH_ASSIGN_OR_RETURN(e.projects, PublishedScope(e.institution.id));
    page.items.push_back(std::move(e));
  }
  return page;
}

}  // namespace zxkh::store
