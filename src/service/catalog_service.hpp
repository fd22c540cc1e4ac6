// The assessment catalog (R-CAT-1/2): public listing, and maintenance by the
// city bureau — create, edit, retire, reinstate, import from CSV/XLSX.
#pragma once

#include <string>
#include <vector>

#include "common/clock.hpp"
#include "domain/catalog.hpp"
#include "domain/role.hpp"
#include "store/db.hpp"
#include "store/file_store.hpp"

namespace zxkh::service {

// Fields a city administrator may change on an existing project; unset
// fields stay as they are.
struct ProjectPatch {
  std::optional<std::string> name;
  std::optional<std::string> category;
  std::optional<std::string> catalog_version;
};

struct ImportRowError {
  int row = 0;          // 1-based row in the file (the header is row 1)
  std::string column;   // header name, or "" for the whole row
  std::string message;  // Chinese
};

struct ImportReport {
  int rows = 0;  // data rows read
  int created = 0;
  int updated = 0;
  int unchanged = 0;
  std::vector<ImportRowError> errors;  // rows listed here were not imported
};

class CatalogService {
 public:
  // `db` and `clock` must outlive the service. Thread-safe.
  CatalogService(store::Database& db, const Clock& clock,
                 store::FileStore& files);

  // Anyone. Filtered, paged, ordered by code.
  Result<Page<domain::CatalogProject>> List(const domain::CatalogFilter& f);
  // Anyone. NotFound("catalog.not_found").
  Result<domain::CatalogProject> Get(std::string_view code);

  // CITY only. Creates an ACTIVE project; InvalidArgument on a bad draft,
  // AlreadyExists when the code or name is taken.
  Result<domain::CatalogProject> Create(const domain::Caller& caller,
                                        domain::ProjectDraft draft);
  // CITY only. The code never changes (issued numbers refer to it).
  Result<domain::CatalogProject> Update(const domain::Caller& caller,
                                        std::string_view code,
                                        ProjectPatch patch);
  // CITY only. ACTIVE → RETIRED; FailedPrecondition when already retired.
  Result<domain::CatalogProject> Retire(const domain::Caller& caller,
                                        std::string_view code);
  // CITY only. RETIRED → ACTIVE.
  Result<domain::CatalogProject> Reinstate(const domain::Caller& caller,
                                           std::string_view code);

  // CITY only. Imports a CSV (UTF-8 or GBK) or XLSX file whose header names
  // the columns 项目代码, 项目名称 and optionally 类别, 目录版本 (or code,
  // name, category, catalog_version). Valid rows are created or updated in
  // one transaction; invalid rows are listed in the report and skipped.
  // InvalidArgument when the file itself is unreadable or lacks a column.
  Result<ImportReport> Import(const domain::Caller& caller,
                              std::string_view file_bytes,
                              std::string_view default_version);

  // Anyone. The projects matching `f` (all pages) as an .xlsx workbook with
  // the import columns, so an exported file can be edited and imported back.
  Result<std::string> ExportXlsx(domain::CatalogFilter f);

  // CITY only. Attaches the assessment specification (考核规范) document:
  // a PDF or DOCX (by content) of at most kMaxSpecificationBytes, moved from
  // the spooled upload `temp_path` into the file store.
  Result<domain::CatalogProject> AttachSpecification(
      const domain::Caller& caller, std::string_view code,
      const std::string& temp_path, std::string file_name);
  struct Document {
    std::string bytes;
    std::string media_type;
    std::string file_name;
  };
  // Anyone. The specification document; NotFound("catalog.no_specification").
  Result<Document> Specification(std::string_view code);

  static constexpr int64_t kMaxSpecificationBytes = 20 * 1024 * 1024;

  // Loads `csv` (the demo catalog's format: code,name,category,...) into an
  // empty catalog, as `version`. Used by seed-demo.
  Status SeedFromCsv(std::string_view csv, std::string_view version);

 private:
  store::Database& db_;
  const Clock& clock_;
  store::FileStore& files_;
};

}  // namespace zxkh::service
