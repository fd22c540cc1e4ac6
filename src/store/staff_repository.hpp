// The staff pool (migration 0007): staff_members with their persons and
// accounts, and staff_qualifications. All methods run on the caller's
// connection, inside the caller's transaction; the rules live in
// domain/staff.hpp and service/staff_service.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/page.hpp"
#include "domain/staff.hpp"
#include "store/db.hpp"

namespace zxkh::store {

struct QualificationRow {
  domain::StaffQualification qualification;
  std::string project_name;  // joined
};

// A pool record joined with what every screen shows about it.
struct StaffRow {
  int64_t id = 0;
  int64_t person_id = 0;
  domain::StaffRole role = domain::StaffRole::kExaminer;
  std::optional<std::string> pool_district;  // nullopt: the city's pool
  std::string employer;
  std::optional<int64_t> employer_institution_id;
  bool external = false;
  bool active = true;
  int64_t user_id = 0;
  std::string note;
  std::optional<int64_t> created_by;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  std::vector<QualificationRow> qualifications;
  // Joined, read-only.
  std::string name;
  std::string id_type;
  std::string id_masked;
  std::optional<std::string> birth_date;
  std::string phone;
  std::string username;
  std::optional<std::string> employer_institution_name;
  std::optional<std::string> employer_institution_code;
  std::string pool_name;  // 青岛市 for the city's pool, else the district
};

// Which pools a listing covers: every pool, or one district's and the
// city's (what a district may read).
enum class StaffScope { kAll, kDistrictAndCity };

struct StaffFilter {
  StaffScope scope = StaffScope::kAll;
  std::string scope_district;  // kDistrictAndCity
  std::string role;            // "" = any; StaffRoleName otherwise
  std::string pool;            // "" = any, "city", or a district code
  std::optional<bool> active;
  std::string project_code;  // "" = any; else examiners qualified for it
  std::string q;             // part of the name, employer or user name
  PageRequest page;
};

class StaffRepository {
 public:
  explicit StaffRepository(Connection& c) : c_(c) {}

  // Inserts the record and its qualifications; AlreadyExists
  // ("staff.duplicate", field "id_number") when the person is in that pool
  // for that role already.
  Result<int64_t> Insert(const StaffRow& s);
  // Writes employer, employer institution, external, active, note,
  // updated_at and replaces the qualifications.
  Status Update(const StaffRow& s);
  // Writes a person's name and phone (the pool record's person).
  Status UpdatePerson(int64_t person_id, const std::string& name,
                      const std::string& phone);
  // NotFound("staff.not_found").
  Result<StaffRow> Get(int64_t id);
  Result<std::optional<int64_t>> FindDuplicate(
      int64_t person_id, domain::StaffRole role,
      const std::optional<std::string>& pool_district);
  Result<Page<StaffRow>> List(const StaffFilter& f);
  // Active records of `role` in the city's pool and in `district`'s pool,
  // by name: the candidates batch planning filters (domain::IsEligible).
  Result<std::vector<StaffRow>> ActiveForDistrict(domain::StaffRole role,
                                                  const std::string& district);

 private:
  Status LoadQualifications(StaffRow& s);
  Status WriteQualifications(const StaffRow& s);
  Connection& c_;
};

}  // namespace zxkh::store
