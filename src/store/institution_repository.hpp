// Institutions (table institutions): the profile of R-INS-1, the code
// counters of CODES.md, the approved scope of R-INS-5 and the public
// directory. All methods run on the caller's connection, inside the caller's
// transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/page.hpp"
#include "domain/recruitment.hpp"
#include "store/db.hpp"

namespace zxkh::store {

struct InstitutionRow {
  int64_t id = 0;
  std::optional<std::string> code;  // set on the first approval
  std::string name;
  std::string credit_code;
  domain::InstitutionType type = domain::InstitutionType::kEnterprise;
  std::string district_code;
  std::string district_name;  // joined from regions
  std::string status;         // applicant | active | suspended | removed
  std::string legal_representative;
  std::string contact_name;
  std::string contact_phone;
  std::string address;
  std::string credit_status;         // good | bad_record
  std::optional<int64_t> listed_at;  // in the public directory since
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

// One project of an institution's approved scope.
struct ScopeProject {
  std::string code;
  std::string name;
  int64_t approved_at = 0;
  std::optional<int64_t> application_id;  // none for pre-platform approvals
};

struct DirectoryFilter {
  std::string q;         // part of the name or the code
  std::string district;  // district code
  std::string project;   // catalog project code in the published scope
  std::string status;    // active | suspended | removed
  PageRequest page;
};

// A directory line: the institution and its published scope.
struct DirectoryEntry {
  InstitutionRow institution;
  std::vector<ScopeProject> projects;
};

class InstitutionRepository {
 public:
  explicit InstitutionRepository(Connection& c) : c_(c) {}

  // NotFound("institution.not_found").
  Result<InstitutionRow> Get(int64_t id);
  // NotFound("institution.not_found"); only listed institutions.
  Result<InstitutionRow> GetListedByCode(std::string_view code);
  // Inserts with status 'applicant' and credit 'good'; checks the credit
  // code and the name first: AlreadyExists("institution.credit_code_taken" /
  // "institution.name_taken").
  Result<int64_t> Insert(const InstitutionRow& row);
  Status SetCreditStatus(int64_t id, std::string_view credit_status,
                         int64_t now_ms);

  // Takes the next serial of (district, type letter) with one statement
  // that inserts or increments the counter row; the row lock it holds
  // until commit keeps two servers from taking the same serial.
  Result<int> NextCodeSerial(std::string_view district_code, char type_letter);
  // Raises each counter to at least the highest serial already issued (for
  // institutions loaded with their codes, e.g. the demo data).
  Status SyncCodeCounters();
  // Gives the institution its code (only when it has none) and makes it
  // active.
  Status Activate(int64_t id, std::string_view code, int64_t now_ms);
  // Puts the institution in the public directory (idempotent).
  Status MarkListed(int64_t id, int64_t now_ms);

  // Adds projects to the approved scope (a project already there stays as
  // it was).
  Status AddScope(int64_t id, const std::vector<std::string>& project_codes,
                  std::optional<int64_t> application_id, int64_t now_ms);
  // The whole approved scope, by project code.
  Result<std::vector<ScopeProject>> Scope(int64_t id);
  // The published part: pre-platform approvals and projects of published
  // applications.
  Result<std::vector<ScopeProject>> PublishedScope(int64_t id);

  // Listed institutions matching `f`, ordered by code.
  Result<Page<DirectoryEntry>> Directory(const DirectoryFilter& f);

 private:
  Connection& c_;
};

}  // namespace zxkh::store
