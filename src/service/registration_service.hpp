// Registration (报名, R-EXA-1, R-EXA-6) as use cases: the public list of
// open plan items, candidate self-registration with recorded consent,
// institution entry by form and by bulk import (XLSX or CSV in UTF-8/GBK,
// as a background job with progress), cancellation, scoped lists and XLSX
// export.
//
// Scope: an institution (admin, operator) sees and acts on registrations for
// items of its own plans; a district those of its institutions; city and
// province all (read only); a candidate only their own. Outside scope is
// NotFound, never PermissionDenied, so ids cannot be probed.
//
// Import jobs live in memory (this process): a job's progress and result
// can be read for an hour after it ends, and are lost when the server
// restarts — the registrations themselves are committed (or not) in one
// transaction before the job reports "done".
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/page.hpp"
#include "common/pii_cipher.hpp"
#include "domain/registration.hpp"
#include "domain/role.hpp"
#include "store/db.hpp"
#include "store/registration_repository.hpp"

namespace zxkh::service {

struct RegistrationRowError {
  int row = 0;          // as numbered in the spreadsheet (header = 1)
  std::string column;   // header title, e.g. "证件号码"; "" for the row
  std::string message;  // Chinese
};

struct RegistrationImportReport {
  int rows = 0;             // data rows read (blank rows not counted)
  int imported = 0;         // registrations created
  int persons_created = 0;  // of them, people new to the system
  std::vector<RegistrationRowError> errors;  // rows listed were not imported
};

// Progress of a running import: phase "reading" (parsing the file),
// "validating", "writing", then "done" or "failed".
using ImportProgressFn =
    std::function<void(std::string_view phase, int done, int total)>;

struct ImportJobView {
  std::string id;
  int64_t plan_item_id = 0;
  std::string phase;
  int rows_done = 0;
  int rows_total = 0;
  std::optional<RegistrationImportReport> report;  // when phase == "done"
  std::optional<Status> error;                     // when phase == "failed"
};

// The import template's columns, in order (the header row of the template
// and of the export's first columns).
inline constexpr const char* kImportColumns[] = {
    "姓名", "证件类型", "证件号码", "出生日期", "手机号", "工作单位"};

class RegistrationService {
 public:
  static constexpr int kMaxImportRows = 100'000;
  static constexpr int64_t kMaxImportBytes = 30LL * 1024 * 1024;
  static constexpr int kMaxRunningJobs = 2;
  static constexpr int kMaxExportRows = 100'000;

  // References must outlive the service. Thread-safe.
  RegistrationService(store::Database& db, const Clock& clock,
                      const PiiCipher& pii);
  // Waits for running import jobs.
  ~RegistrationService();
  RegistrationService(const RegistrationService&) = delete;
  RegistrationService& operator=(const RegistrationService&) = delete;

  // Anyone. Items of published plans whose exam date is still ahead.
  Result<std::vector<store::RegistrableItemRow>> OpenItems(store::ItemFilter f);

  // CANDIDATE. Registers the caller's own person for `item_id`, recording
  // the consent (`consent_version` must be domain::kConsentVersion:
  // InvalidArgument "registration.consent_required" otherwise).
  // NotFound "registration.item_not_found"; FailedPrecondition
  // "registration.item_not_published" | "registration.closed";
  // InvalidArgument "registration.underage"; AlreadyExists
  // "registration.duplicate" | "registration.already_passed".
  Result<store::RegistrationRow> RegisterSelf(const domain::Caller& caller,
                                              int64_t item_id,
                                              std::string_view consent_version);

  // INSTITUTION_ADMIN / _OPERATOR, for an item of the caller's institution
  // (others: NotFound). The person is found by ID (keyed hash) or created;
  // InvalidArgument (see domain::ValidateRegistrant) with the field;
  // "registration.name_mismatch" when the ID is known under another name.
  Result<store::RegistrationRow> Enter(const domain::Caller& caller,
                                       int64_t item_id,
                                       const domain::RegistrantInput& input);

  // INSTITUTION_ADMIN / _OPERATOR. Imports a CSV (UTF-8 or GBK) or XLSX
  // file with the columns of kImportColumns (姓名, 证件号码, 手机号
  // required). Every row is validated; bad rows are listed, the valid rows
  // are written in one transaction (all or, on a failure, none).
  // InvalidArgument for an unreadable file, a missing column, no rows or
  // more than kMaxImportRows rows.
  Result<RegistrationImportReport> Import(
      const domain::Caller& caller, int64_t item_id,
      std::string_view file_bytes, const ImportProgressFn& progress = {});

  // As Import, in the background: checks the caller and the item now, then
  // returns the job id at once. ResourceExhausted "registration.import_busy"
  // while kMaxRunningJobs imports run.
  Result<std::string> StartImport(const domain::Caller& caller, int64_t item_id,
                                  std::string file_bytes);
  // As StartImport, for an upload spooled to `temp_path` (read whole: at
  // most kMaxImportBytes, PayloadTooLarge "registration.file_too_large").
  Result<std::string> StartImportFile(const domain::Caller& caller,
                                      int64_t item_id,
                                      const std::string& temp_path);
  // The job's progress or result: the institution that started it only
  // (NotFound "registration.job_not_found" otherwise).
  Result<ImportJobView> ImportJob(const domain::Caller& caller,
                                  std::string_view job_id);

  // Scoped (see the top); candidates get their own.
  Result<Page<store::RegistrationRow>> List(const domain::Caller& caller,
                                            store::RegistrationFilter f);
  Result<store::RegistrationRow> Get(const domain::Caller& caller, int64_t id);
  // The candidate themself or the item's institution, before the exam date:
  // REGISTERED → CANCELLED.
  Result<store::RegistrationRow> Cancel(const domain::Caller& caller,
                                        int64_t id);

  // Scoped as List, every page (at most kMaxExportRows), as .xlsx.
  Result<std::string> ExportXlsx(const domain::Caller& caller,
                                 store::RegistrationFilter f);
  // The import template (.xlsx): the columns, and a sheet of instructions.
  static Result<std::string> TemplateXlsx();

 private:
  struct Job;
  Result<store::RegistrableItemRow> ItemForInstitution(
      const domain::Caller& caller, int64_t item_id);
  Status ApplyScope(const domain::Caller& caller, store::RegistrationFilter& f);

  store::Database& db_;
  const Clock& clock_;
  const PiiCipher& pii_;

  std::mutex mu_;
  std::map<std::string, std::shared_ptr<Job>> jobs_;
};

}  // namespace zxkh::service
