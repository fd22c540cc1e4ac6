#include "store/catalog_repository.hpp"

#include "common/text.hpp"
#include "store/sql_text.hpp"

namespace zxkh::store {
namespace {

using domain::CatalogProject;

constexpr std::string_view kColumns =
    "id, code, name, category, status, catalog_version, spec_file_sha256, "
    "spec_file_name, created_at, updated_at, retired_at";

constexpr std::string_view kSelectByCode =
    "SELECT id, code, name, category, status, catalog_version, "
    "spec_file_sha256, "
    "spec_file_name, created_at, updated_at, retired_at "
    "FROM catalog_projects WHERE code = ?";

// Filters are bound twice ("? = ''" short-circuits an unused filter) so the
// statement text stays constant and cacheable.
constexpr std::string_view kFilterWhere =
    " WHERE (? = '' OR name LIKE ? ESCAPE '\\' OR code LIKE ? ESCAPE '\\')"
    " AND (? = '' OR category = ?)"
    " AND (? = '' OR status = ?)";

const std::string kListSql =
    "SELECT " + std::string(kColumns) + " FROM catalog_projects" +
    std::string(kFilterWhere) + " ORDER BY code LIMIT ? OFFSET ?";
const std::string kCountSql =
    "SELECT COUNT(*) FROM catalog_projects" + std::string(kFilterWhere);

CatalogProject FromRow(const Row& r) {
  CatalogProject p;
  p.id = r.Int(0);
  p.code = r.Text(1);
  p.name = r.Text(2);
  p.category = r.Text(3);
  p.status = r.Text(4) == "retired" ? domain::ProjectStatus::kRetired
                                    : domain::ProjectStatus::kActive;
  p.catalog_version = r.Text(5);
  p.spec_file_sha256 = r.OptText(6);
  p.spec_file_name = r.OptText(7);
  p.created_at = r.Int(8);
  p.updated_at = r.Int(9);
  p.retired_at = r.OptInt(10);
  return p;
}

Value OptionalText(const std::optional<std::string>& s) {
  if (!s) return std::monostate{};
  return *s;
}

Value OptionalInt(const std::optional<int64_t>& v) {
  if (!v) return std::monostate{};
  return *v;
}

}  // namespace

Result<CatalogProject> CatalogRepository::Get(std::string_view code) {
  auto row = c_.One(kSelectByCode, {std::string(code)}, "catalog.not_found");
  if (!row.ok()) {
    if (row.status().status_code() == StatusCode::kNotFound) {
      return Status::NotFound("catalog.not_found",
                              "考核项目 " + std::string(code) + " 不存在");
    }
    return row.status();
  }
  return FromRow(*row);
}

Result<Page<CatalogProject>> CatalogRepository::List(
    const domain::CatalogFilter& f) {
  const std::string q(TrimSpace(f.q));
  const std::string name_like = "%" + EscapeLike(q) + "%";
  const std::string code_like = EscapeLike(AsciiUpper(q)) + "%";
  const std::string status(f.status ? domain::ProjectStatusName(*f.status)
                                    : "");
  Page<CatalogProject> page;
  page.page = f.page.page;
  page.page_size = f.page.page_size;
  ZXKH_ASSIGN_OR_RETURN(Row count,
                        c_.One(kCountSql, {q, name_like, code_like, f.category,
                                           f.category, status, status}));
  page.total = count.Int(0);
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows(kListSql,
              {q, name_like, code_like, f.category, f.category, status, status,
               int64_t{f.page.page_size}, f.page.offset()}));
  page.items.reserve(rows.size());
  for (const Row& r : rows) page.items.push_back(FromRow(r));
  return page;
}

Result<CatalogProject> CatalogRepository::Insert(const domain::ProjectDraft& d,
                                                 int64_t now_ms) {
  // Checked first so the caller learns which key is taken; the UNIQUE
  // constraints still guard against a concurrent insert.
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> taken,
      c_.Rows(
          "SELECT code, name FROM catalog_projects WHERE code = ? OR name = ?",
          {d.code, d.name}));
  for (const Row& r : taken) {
    if (r.Text(0) == d.code) {
      return Status::AlreadyExists("catalog.code_taken",
                                   "项目代码 " + d.code + " 已存在", "code");
    }
    return Status::AlreadyExists("catalog.name_taken",
                                 "项目名称「" + d.name + "」已存在", "name");
  }
  auto inserted = c_.One(
      "INSERT INTO catalog_projects (code, name, category, status, "
      "catalog_version, created_at, updated_at) VALUES (?, ?, ?, 'active', ?, "
      "?, ?) "
      "RETURNING id",
      {d.code, d.name, d.category, d.catalog_version, now_ms, now_ms});
  if (!inserted.ok()) {
    if (inserted.status().status_code() == StatusCode::kAlreadyExists) {
      return Status::AlreadyExists("catalog.code_taken",
                                   "项目代码或名称已被占用", "code");
    }
    return inserted.status();
  }
  return Get(d.code);
}

Status CatalogRepository::Update(const CatalogProject& p) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> taken,
      c_.Rows("SELECT code FROM catalog_projects WHERE name = ? AND code <> ?",
              {p.name, p.code}));
  if (!taken.empty()) {
    return Status::AlreadyExists(
        "catalog.name_taken",
        "项目名称「" + p.name + "」已被项目 " + taken.front().Text(0) + " 使用",
        "name");
  }
  ZXKH_ASSIGN_OR_RETURN(
      int64_t n,
      c_.Exec(
          "UPDATE catalog_projects SET name = ?, category = ?, status = ?, "
          "catalog_version = ?, spec_file_sha256 = ?, spec_file_name = ?, "
          "updated_at = ?, retired_at = ? WHERE code = ?",
          {p.name, p.category, std::string(domain::ProjectStatusName(p.status)),
           p.catalog_version, OptionalText(p.spec_file_sha256),
           OptionalText(p.spec_file_name), p.updated_at,
           OptionalInt(p.retired_at), p.code}));
  if (n == 0) {
    return Status::NotFound("catalog.not_found",
                            "考核项目 " + p.code + " 不存在");
  }
  return Status::Ok();
}

}  // namespace zxkh::store
