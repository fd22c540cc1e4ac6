// The staff pool (考评人员库, issue 6 point 1): the city and the districts
// register examiners, proctors and supervisors, each with a login account of
// the matching role; batch planning asks which of them are eligible.
// Rules and scope: domain/staff.hpp. Every change is one transaction ending
// with its operation-log entry (ids only, never personal data).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/page.hpp"
#include "common/pii_cipher.hpp"
#include "domain/staff.hpp"
#include "service/catalog_service.hpp"
#include "store/db.hpp"
#include "store/staff_repository.hpp"

namespace zxkh::service {

struct NewStaff {
  domain::StaffDraft draft;
  // The pool to register in; nullopt = the caller's own (city → the city's
  // pool, district → its pool). Another pool answers NotFound.
  std::optional<std::string> pool_district;
  std::string username;          // the login account's user name
  std::string initial_password;  // must be changed at first login
};

// What an edit may change: not the document (ID number), nor the role or
// the pool — those make a new record.
struct StaffChange {
  std::string name;
  std::string phone;
  std::string employer;
  std::optional<int64_t> employer_institution_id;
  bool external = false;
  std::vector<domain::StaffQualification> qualifications;
  std::string note;
};

struct StaffQuery {
  std::string q;
  std::string role;  // "" or examiner | proctor | supervisor
  std::string pool;  // "" | "city" | district code
  std::optional<bool> active;
  std::string project_code;
  PageRequest page;
};

// One record as batch planning (and institutions choosing staff) see it:
// no ID number, masked or not.
struct StaffCandidate {
  int64_t staff_id = 0;
  int64_t person_id = 0;
  std::string name;
  domain::StaffRole role = domain::StaffRole::kExaminer;
  std::string employer;
  std::optional<int64_t> employer_institution_id;
  bool external = false;
  std::optional<std::string> pool_district;
  std::string pool_name;
  std::vector<store::QualificationRow> qualifications;
};

// An assessment institution a staff member may work for (回避).
struct EmployerInstitution {
  int64_t id = 0;
  std::string code;
  std::string name;
  std::string district_code;
};

class StaffService {
 public:
  // References must outlive the service. Thread-safe.
  StaffService(store::Database& db, const Clock& clock, const PiiCipher& pii);

  // Registers a person in a pool for a role with a new login account of
  // that role (domain::ValidateStaffDraft, CheckCanManagePool,
  // CheckQualificationProjects; AlreadyExists "staff.duplicate" for the
  // same person, role and pool; "account.username_taken"). A person known
  // already (same ID number) is reused when the name agrees
  // (InvalidArgument "staff.person_mismatch" otherwise). Returns the id.
  Result<int64_t> Create(const domain::Caller& caller, NewStaff n);
  Status Update(const domain::Caller& caller, int64_t id, StaffChange change);
  // Deactivation also disables the login (ending its sessions);
  // reactivation enables it again.
  Status SetActive(const domain::Caller& caller, int64_t id, bool active);

  // Imports records into the caller's pool from an XLSX or CSV file (first
  // row = header; columns 类别, 姓名, 证件类型, 证件号码, 出生日期, 手机号,
  // 工作单位, 所在考核机构代码, 外部督导, 考评资格 (project codes separated
  // by 、，; or spaces), 资格证书, 资格有效期至, 备注, 登录账号, 初始密码).
  // Valid rows are written in one transaction, each exactly as Create would;
  // bad rows are listed (row, column, Chinese message) and skipped; a person
  // already in the pool for that role counts as unchanged, so importing the
  // same file twice changes nothing. InvalidArgument "import.empty",
  // "import.missing_column", "import.too_many_rows" (> 500) for the file.
  Result<ImportReport> Import(const domain::Caller& caller,
                              std::string_view file_bytes);

  // NotFound("staff.not_found") outside the caller's reading scope.
  Result<store::StaffRow> Get(const domain::Caller& caller, int64_t id);
  Result<Page<store::StaffRow>> List(const domain::Caller& caller,
                                     StaffQuery q);
  // The whole filtered list as an .xlsx (masked ID numbers).
  Result<std::string> ExportXlsx(const domain::Caller& caller, StaffQuery q);

  // Who may staff a batch of `institution_id` assessing `project_code` on
  // `exam_date` (default: today) in `role`: active records of the city's
  // pool and of the institution's district's pool, examiners qualified for
  // the project on that date and not employed by the institution (回避).
  // Institution accounts ask for their own institution, a district for
  // institutions of its district, the city and province for any
  // (NotFound "staff.institution_not_found" otherwise); the project must be
  // in the catalog and active ("staff.project_unknown" / "_retired").
  // The approved assessment institutions (those with an institution code),
  // for choosing a record's employer institution.
  Result<std::vector<EmployerInstitution>> EmployerInstitutions(
      const domain::Caller& caller);

  Result<std::vector<StaffCandidate>> EligibleStaff(
      const domain::Caller& caller, const std::string& project_code,
      domain::StaffRole role, int64_t institution_id,
      std::optional<Date> exam_date = std::nullopt);

 private:
  store::Database& db_;
  const Clock& clock_;
  const PiiCipher& pii_;
};

}  // namespace zxkh::service
