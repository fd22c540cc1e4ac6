#include "service/catalog_service.hpp"

#include <map>
#include <set>

#include "common/text.hpp"
#include "docs/file_kind.hpp"
#include "docs/tabular.hpp"
#include "docs/xlsx_writer.hpp"
#include "service/audit_service.hpp"
#include "service/permissions.hpp"
#include "store/catalog_repository.hpp"

namespace zxkh::service {

using domain::CatalogProject;
using domain::ProjectDraft;
using store::CatalogRepository;
using store::Connection;
using store::Database;

namespace {

// Accepted header spellings for each import column.
const std::map<std::string, std::string> kHeaderAliases = {
    {"项目代码", "code"},
    {"code", "code"},
    {"项目名称", "name"},
    {"name", "name"},
    {"类别", "category"},
    {"项目类别", "category"},
    {"category", "category"},
    {"目录版本", "catalog_version"},
    {"catalog_version", "catalog_version"},
};

const std::map<std::string, std::string> kColumnTitles = {
    {"code", "项目代码"},
    {"name", "项目名称"},
    {"category", "类别"},
    {"catalog_version", "目录版本"},
};

std::string ColumnTitleForField(const std::string& field) {
  auto it = kColumnTitles.find(field);
  return it == kColumnTitles.end() ? std::string() : it->second;
}

}  // namespace

CatalogService::CatalogService(Database& db, const Clock& clock,
                               store::FileStore& files)
    : db_(db), clock_(clock), files_(files) {}

Result<Page<CatalogProject>> CatalogService::List(
    const domain::CatalogFilter& f) {
  return db_.InTransaction(Database::Mode::kRead, [&](Connection& c) {
    return CatalogRepository(c).List(f);
  });
}

Result<CatalogProject> CatalogService::Get(std::string_view code) {
  return db_.InTransaction(Database::Mode::kRead, [&](Connection& c) {
    return CatalogRepository(c).Get(code);
  });
}

Result<CatalogProject> CatalogService::Create(const domain::Caller& caller,
                                              ProjectDraft draft) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, {domain::Role::kCity}));
  ZXKH_ASSIGN_OR_RETURN(ProjectDraft d,
                        domain::NormalizeProjectDraft(std::move(draft)));
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<CatalogProject> {
        ZXKH_ASSIGN_OR_RETURN(CatalogProject p,
                              CatalogRepository(c).Insert(d, now));
        ZXKH_RETURN_IF_ERROR(AuditService::Record(
            c, caller, now, "catalog.create", "catalog_project", p.code,
            "新增项目「" + p.name + "」（" + p.category + "，" +
                p.catalog_version + "）"));
        return p;
      });
}

Result<CatalogProject> CatalogService::Update(const domain::Caller& caller,
                                              std::string_view code,
                                              ProjectPatch patch) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, {domain::Role::kCity}));
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<CatalogProject> {
        CatalogRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(CatalogProject p, repo.Get(code));
        ProjectDraft draft{p.code, patch.name.value_or(p.name),
                           patch.category.value_or(p.category),
                           patch.catalog_version.value_or(p.catalog_version)};
        ZXKH_ASSIGN_OR_RETURN(ProjectDraft d,
                              domain::NormalizeProjectDraft(draft));
        const std::string before =
            p.name + "／" + p.category + "／" + p.catalog_version;
        p.name = d.name;
        p.category = d.category;
        p.catalog_version = d.catalog_version;
        p.updated_at = now;
        ZXKH_RETURN_IF_ERROR(repo.Update(p));
        ZXKH_RETURN_IF_ERROR(AuditService::Record(
            c, caller, now, "catalog.update", "catalog_project", p.code,
            before + " → " + p.name + "／" + p.category + "／" +
                p.catalog_version));
        return p;
      });
}

Result<CatalogProject> CatalogService::Retire(const domain::Caller& caller,
                                              std::string_view code) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, {domain::Role::kCity}));
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<CatalogProject> {
        CatalogRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(CatalogProject p, repo.Get(code));
        ZXKH_RETURN_IF_ERROR(domain::CheckCanRetire(p));
        p.status = domain::ProjectStatus::kRetired;
        p.retired_at = now;
        p.updated_at = now;
        ZXKH_RETURN_IF_ERROR(repo.Update(p));
        ZXKH_RETURN_IF_ERROR(
            AuditService::Record(c, caller, now, "catalog.retire",
                                 "catalog_project", p.code, "有效 → 已停用"));
        return p;
      });
}

Result<CatalogProject> CatalogService::Reinstate(const domain::Caller& caller,
                                                 std::string_view code) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, {domain::Role::kCity}));
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<CatalogProject> {
        CatalogRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(CatalogProject p, repo.Get(code));
        ZXKH_RETURN_IF_ERROR(domain::CheckCanReinstate(p));
        p.status = domain::ProjectStatus::kActive;
        p.retired_at.reset();
        p.updated_at = now;
        ZXKH_RETURN_IF_ERROR(repo.Update(p));
        ZXKH_RETURN_IF_ERROR(
            AuditService::Record(c, caller, now, "catalog.reinstate",
                                 "catalog_project", p.code, "已停用 → 有效"));
        return p;
      });
}

Result<ImportReport> CatalogService::Import(const domain::Caller& caller,
                                            std::string_view file_bytes,
                                            std::string_view default_version) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, {domain::Role::kCity}));
  ZXKH_ASSIGN_OR_RETURN(docs::Table table, docs::ReadTable(file_bytes));
  if (table.rows.empty()) {
    return Status::InvalidArgument("import.empty", "文件中没有数据行", "file");
  }
  // Map header cells to fields.
  std::map<std::string, std::size_t> column_of;
  for (std::size_t i = 0; i < table.header.size(); ++i) {
    auto it = kHeaderAliases.find(table.header[i]);
    if (it != kHeaderAliases.end()) column_of.emplace(it->second, i);
  }
  for (const char* required : {"code", "name"}) {
    if (!column_of.count(required)) {
      return Status::InvalidArgument(
          "import.missing_column",
          "表头缺少「" + ColumnTitleForField(required) + "」列", "file");
    }
  }
  auto cell = [&](const std::vector<std::string>& row,
                  const char* field) -> std::string {
    auto it = column_of.find(field);
    if (it == column_of.end() || it->second >= row.size()) return {};
    return row[it->second];
  };

  ImportReport report;
  std::vector<std::pair<int, ProjectDraft>> valid;
  std::set<std::string> codes_in_file;
  for (std::size_t i = 0; i < table.rows.size(); ++i) {
    const auto& row = table.rows[i];
    const int row_number = table.row_numbers[i];
    bool blank = true;
    for (const auto& c : row) blank = blank && c.empty();
    if (blank) continue;
    ++report.rows;
    ProjectDraft draft{cell(row, "code"), cell(row, "name"),
                       cell(row, "category"), cell(row, "catalog_version")};
    if (draft.catalog_version.empty()) draft.catalog_version = default_version;
    auto normalized = domain::NormalizeProjectDraft(draft);
    if (!normalized.ok()) {
      report.errors.push_back({row_number,
                               ColumnTitleForField(normalized.status().field()),
                               normalized.status().message()});
      continue;
    }
    if (!codes_in_file.insert(normalized->code).second) {
      report.errors.push_back(
          {row_number, "项目代码",
           "项目代码 " + normalized->code + " 在文件中重复出现"});
      continue;
    }
    valid.emplace_back(row_number, std::move(normalized).value());
  }

  const int64_t now = clock_.NowUnixMillis();
  // Name clashes can only be judged against the database, so they are found
  // inside the transaction; such rows join the error list and the rest of
  // the valid rows still go in together. The report is rebuilt on a retry.
  ImportReport base = report;
  Status st =
      db_.Transact(Database::Mode::kWrite, [&](Connection& c) -> Status {
        report = base;
        CatalogRepository repo(c);
        std::set<std::string> names_in_file;
        for (const auto& [row_number, d] : valid) {
          if (!names_in_file.insert(d.name).second) {
            report.errors.push_back(
                {row_number, "项目名称",
                 "项目名称「" + d.name + "」在文件中重复出现"});
            continue;
          }
          auto existing = repo.Get(d.code);
          if (existing.ok()) {
            CatalogProject p = std::move(existing).value();
            if (p.name == d.name && p.category == d.category &&
                p.catalog_version == d.catalog_version) {
              ++report.unchanged;
              continue;
            }
            p.name = d.name;
            p.category = d.category;
            p.catalog_version = d.catalog_version;
            p.updated_at = now;
            Status u = repo.Update(p);
            if (u.status_code() == StatusCode::kAlreadyExists) {
              report.errors.push_back({row_number, "项目名称", u.message()});
              continue;
            }
            ZXKH_RETURN_IF_ERROR(u);
            ++report.updated;
          } else if (existing.status().status_code() == StatusCode::kNotFound) {
            auto inserted = repo.Insert(d, now);
            if (inserted.status().status_code() == StatusCode::kAlreadyExists) {
              report.errors.push_back(
                  {row_number, "项目名称", inserted.status().message()});
              continue;
            }
            ZXKH_RETURN_IF_ERROR(inserted.status());
            ++report.created;
          } else {
            return existing.status();
          }
        }
        return Status::Ok();
      });
  ZXKH_RETURN_IF_ERROR(st);
  return report;
}

Result<std::string> CatalogService::ExportXlsx(domain::CatalogFilter f) {
  docs::Sheet sheet;
  sheet.name = "考核项目目录";
  sheet.header = {"项目代码", "项目名称", "类别", "目录版本", "状态"};
  f.page = PageRequest{.page = 1, .page_size = PageRequest::kMaxPageSize};
  for (;;) {
    ZXKH_ASSIGN_OR_RETURN(Page<CatalogProject> page, List(f));
    for (const CatalogProject& p : page.items) {
      sheet.rows.push_back(
          {p.code, p.name, p.category, p.catalog_version,
           p.status == domain::ProjectStatus::kActive ? "有效" : "已停用"});
    }
    if (page.items.empty() || f.page.offset() + page.page_size >= page.total)
      break;
    ++f.page.page;
  }
  return docs::WriteXlsx({sheet});
}

Result<CatalogProject> CatalogService::AttachSpecification(
    const domain::Caller& caller, std::string_view code,
    const std::string& temp_path, std::string file_name) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, {domain::Role::kCity}));
  // The project must exist before anything is stored.
  ZXKH_RETURN_IF_ERROR(Get(code).status());
  constexpr docs::FileKind kAllowed[] = {docs::FileKind::kPdf,
                                         docs::FileKind::kDocx};
  ZXKH_ASSIGN_OR_RETURN(docs::FileKind kind,
                        docs::SniffFile(temp_path, kAllowed));
  ZXKH_ASSIGN_OR_RETURN(
      store::StoredFile stored,
      files_.PutFile(temp_path, std::string(docs::MediaTypeOf(kind)),
                     kMaxSpecificationBytes));
  file_name = std::string(TrimSpace(file_name));
  if (file_name.empty() || !IsValidUtf8(file_name) ||
      Utf8Length(file_name) > 100) {
    file_name =
        std::string(code) + (kind == docs::FileKind::kPdf ? ".pdf" : ".docx");
  }
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<CatalogProject> {
        ZXKH_RETURN_IF_ERROR(store::FileStore::Register(c, stored, now));
        CatalogRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(CatalogProject p, repo.Get(code));
        p.spec_file_sha256 = stored.sha256;
        p.spec_file_name = file_name;
        p.updated_at = now;
        ZXKH_RETURN_IF_ERROR(repo.Update(p));
        ZXKH_RETURN_IF_ERROR(AuditService::Record(
            c, caller, now, "catalog.specification", "catalog_project", p.code,
            "上传考核规范（" + std::string(docs::FileKindTitle(kind)) + "，" +
                AuditService::HashForSummary(stored.sha256) + "）"));
        return p;
      });
}

Result<CatalogService::Document> CatalogService::Specification(
    std::string_view code) {
  ZXKH_ASSIGN_OR_RETURN(CatalogProject p, Get(code));
  if (!p.spec_file_sha256) {
    return Status::NotFound("catalog.no_specification",
                            "项目「" + p.name + "」尚未上传考核规范");
  }
  ZXKH_ASSIGN_OR_RETURN(std::string bytes, files_.Read(*p.spec_file_sha256));
  ZXKH_ASSIGN_OR_RETURN(
      store::Row meta,
      db_.InTransaction(Database::Mode::kRead, [&](Connection& c) {
        return c.One("SELECT media_type FROM files WHERE sha256 = ?",
                     {*p.spec_file_sha256}, "file.not_found");
      }));
  return Document{std::move(bytes), meta.Text(0),
                  p.spec_file_name.value_or(p.code)};
}

Status CatalogService::SeedFromCsv(std::string_view csv,
                                   std::string_view version) {
  ZXKH_ASSIGN_OR_RETURN(docs::Table table, docs::ReadTable(csv));
  const int64_t now = clock_.NowUnixMillis();
  return db_.Transact(Database::Mode::kWrite, [&](Connection& c) -> Status {
    CatalogRepository repo(c);
    for (const auto& row : table.rows) {
      if (row.size() < 3) continue;
      ZXKH_ASSIGN_OR_RETURN(
          ProjectDraft d, domain::NormalizeProjectDraft(
                              {row[0], row[1], row[2], std::string(version)}));
      ZXKH_RETURN_IF_ERROR(repo.Insert(d, now).status());
    }
    return Status::Ok();
  });
}

}  // namespace zxkh::service
