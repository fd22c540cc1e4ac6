// The staff pool (考评人员库, issue 6 point 1): examiners (考评员), proctors
// (监考人员) and supervisors (督导员) the city and the districts keep, from
// which batch plans pick their staff (R-EXA-7a).
//
// One record = one person in one pool for one role, with its own login
// account of that role. A person may be in a pool for several roles (one
// record each), never twice for the same role in the same pool.
//
//   create ──► ACTIVE ──deactivate──► INACTIVE ──reactivate──► ACTIVE
//
// Pools: the city's pool (pool_district = nullopt) and one per district.
// Scope (our rule): the city manages the city pool and reads every pool; a
// district manages its own pool and reads the city pool (its institutions
// draw from both); the province reads everything. Anything else behaves as
// missing (NotFound "staff.not_found").
//
// Eligibility for a batch of an institution (used by batch planning):
// active; examiners hold a qualification for the project that is valid on
// the exam date; examiners are not employed by that institution (回避).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/date.hpp"
#include "common/status.hpp"
#include "domain/batch_plan.hpp"
#include "domain/id_document.hpp"
#include "domain/role.hpp"

namespace zxkh::domain {

// "examiner" | "proctor" | "supervisor".
std::string_view StaffRoleName(StaffRole r);
std::optional<StaffRole> ParseStaffRole(std::string_view s);
// The account role of a pool record's login.
Role AccountRoleOf(StaffRole r);

// Document types: 居民身份证 (GB 11643, checked) or another document
// (passport, Hong Kong/Macao/Taiwan permits…) with a separate birth date.

// A project an examiner may examine: the catalog code, the certificate or
// qualification note (e.g. 考评员证书编号), and the last valid day (nullopt:
// no expiry).
struct StaffQualification {
  std::string project_code;
  std::string certificate;
  std::optional<Date> valid_until;
};

// What the creator types in (create and edit).
struct StaffDraft {
  std::string name;
  IdType id_type = IdType::kResidentId;
  std::string id_number;
  std::optional<Date> birth_date;  // required for kOther
  std::string phone;
  StaffRole role = StaffRole::kExaminer;
  std::string employer;
  // Set when the employer is an assessment institution of the system.
  std::optional<int64_t> employer_institution_id;
  bool external = false;  // supervisors: 外督, appointed by the bureau
  std::vector<StaffQualification> qualifications;  // examiners only
  std::string note;
};

// Checks a draft; returns the first problem as InvalidArgument naming the
// field, in form order:
//   "staff.name_invalid" (2–30 characters), "staff.id_type_invalid",
//   "staff.id_invalid" (resident ID: GB 11643 length, digits, birth date,
//   check character; other: 5–30 of [A-Za-z0-9-]),
//   "staff.birth_date_required" / "staff.birth_date_invalid" (other
//   documents; not in the future, not before 1900),
//   "staff.phone_invalid", "staff.employer_invalid" (2–60 characters),
//   "staff.external_not_applicable" (external only for supervisors),
//   "staff.qualification_required" (examiner without a project),
//   "staff.qualification_not_applicable" (qualifications on non-examiners),
//   "staff.qualification_duplicate", "staff.qualification_expired"
//   (valid_until before today), "staff.certificate_too_long" (> 100),
//   "staff.note_too_long" (> 500).
// The name, employer and note are trimmed, the ID number upper-cased.
Status ValidateStaffDraft(StaffDraft& draft, Date today);
// The two halves of ValidateStaffDraft: the identity (name, document,
// birth date) and the rest (phone onwards). An edit keeps the document, so
// it checks the name and the details only.
Status ValidateStaffIdentity(StaffDraft& draft, Date today);
Status ValidateStaffDetails(StaffDraft& draft, Date today);

// The birth date of a validated draft: from the resident ID, or as typed.
std::optional<Date> BirthDateOf(const StaffDraft& draft);

// The catalog state of each qualification's project (code → active), as the
// service found it. InvalidArgument "staff.project_unknown" (not in the
// catalog) or "staff.project_retired" (R-CAT-2), field "qualifications".
Status CheckQualificationProjects(
    const std::vector<StaffQualification>& qualifications,
    const std::map<std::string, bool>& project_active);

// Whether `caller` may create, edit, deactivate or reactivate records of
// the pool `pool_district` (nullopt = the city's pool). NotFound
// ("staff.not_found") otherwise: outside scope looks like missing.
Status CheckCanManagePool(const Caller& caller,
                          const std::optional<std::string>& pool_district);

// Whether `caller` may read records of that pool (see the header comment).
bool CanReadPool(const Caller& caller,
                 const std::optional<std::string>& pool_district);

// Which pools a batch of an institution in `institution_district` draws
// from: the city's pool and that district's pool.
bool PoolServesDistrict(const std::optional<std::string>& pool_district,
                        std::string_view institution_district);

// What eligibility looks at.
struct StaffEligibilityFacts {
  StaffRole role = StaffRole::kExaminer;
  bool active = true;
  std::optional<int64_t> employer_institution_id;
  std::vector<StaffQualification> qualifications;
};

// Whether a pool record may be proposed for a batch of `institution_id`
// assessing `project_code` on `exam_date` (see the header comment).
bool IsEligible(const StaffEligibilityFacts& s, std::string_view project_code,
                int64_t institution_id, Date exam_date);

// Transitions; FailedPrecondition("staff.state_unchanged").
Status CheckCanSetActive(bool currently_active, bool active);

}  // namespace zxkh::domain
