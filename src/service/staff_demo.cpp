// The demo staff pool: the staff accounts of SeedDemoIdentities
// (examiner-01…06, proctor-01…04, supervisor-01…02) become pool records
// with realistic qualifications. examiner-05 works for Z370211P001, so
// batch planning for that institution must leave him out (回避);
// supervisor-01 is the bureau's external supervisor (外督), supervisor-02 an
// internal one.
#include "service/demo_data.hpp"
#include "store/staff_repository.hpp"

namespace zxkh::service {
namespace {

struct DemoQualification {
  const char* code;
  const char* certificate;
  const char* valid_until;  // "" = no expiry
};

struct DemoPoolEntry {
  const char* username;
  domain::StaffRole role;
  const char* phone;
  const char* employer_institution;  // institution code, "" = none
  bool external;
  std::vector<DemoQualification> qualifications;
};

std::vector<DemoPoolEntry> Entries() {
  using R = domain::StaffRole;
  return {
      {"examiner-01",
       R::kExaminer,
       "13963900001",
       "",
       false,
       {{"ZX01001", "青岛市专项考评员证 QD-KP-2023-001", "2028-12-31"},
        {"ZX04001", "青岛市专项考评员证 QD-KP-2024-017", "2027-06-30"}}},
      {"examiner-02",
       R::kExaminer,
       "13963900002",
       "",
       false,
       {{"ZX01001", "青岛市专项考评员证 QD-KP-2023-002", "2028-12-31"},
        {"ZX03005", "青岛市专项考评员证 QD-KP-2023-031", ""}}},
      {"examiner-03",
       R::kExaminer,
       "13963900003",
       "",
       false,
       {{"ZX01001", "青岛市专项考评员证 QD-KP-2023-003", "2028-12-31"},
        {"ZX04001", "青岛市专项考评员证 QD-KP-2024-018", "2027-06-30"}}},
      {"examiner-04",
       R::kExaminer,
       "13963900004",
       "",
       false,
       {{"ZX01001", "黄岛区考评员证 HD-KP-2024-004", "2029-03-31"},
        {"ZX03005", "黄岛区考评员证 HD-KP-2024-009", "2029-03-31"}}},
      {"examiner-05",
       R::kExaminer,
       "13963900005",
       "Z370211P001",
       false,
       {{"ZX01001", "黄岛区考评员证 HD-KP-2024-005", "2029-03-31"},
        {"ZX04001", "黄岛区考评员证 HD-KP-2024-010", "2029-03-31"}}},
      {"examiner-06",
       R::kExaminer,
       "13963900006",
       "",
       false,
       {{"ZX01001", "黄岛区考评员证 HD-KP-2024-006", "2029-03-31"},
        {"ZX01004", "黄岛区考评员证 HD-KP-2024-011", ""}}},
      {"proctor-01", R::kProctor, "13963900011", "", false, {}},
      {"proctor-02", R::kProctor, "13963900012", "", false, {}},
      {"proctor-03", R::kProctor, "13963900013", "", false, {}},
      {"proctor-04", R::kProctor, "13963900014", "", false, {}},
      {"supervisor-01", R::kSupervisor, "13963900021", "", true, {}},
      {"supervisor-02", R::kSupervisor, "13963900022", "", false, {}},
  };
}

}  // namespace

Status SeedDemoStaffPool(store::Connection& c, const Clock& clock) {
  const int64_t now = clock.NowUnixMillis();
  store::StaffRepository staff(c);
  for (const DemoPoolEntry& e : Entries()) {
    ZXKH_ASSIGN_OR_RETURN(
        store::Row u,
        c.One("SELECT u.id, u.person_id, u.district_code, p.employer FROM "
              "users u JOIN persons p ON p.id = u.person_id WHERE "
              "u.username = ?",
              {std::string(e.username)}, "seed.staff_missing"));
    ZXKH_RETURN_IF_ERROR(c.Exec("UPDATE persons SET phone = ? WHERE id = ?",
                                {std::string(e.phone), u.Int(1)})
                             .status());
    store::StaffRow s;
    s.person_id = u.Int(1);
    s.role = e.role;
    s.pool_district = u.OptText(2);
    s.employer = u.Text(3);
    if (*e.employer_institution) {
      ZXKH_ASSIGN_OR_RETURN(
          store::Row inst,
          c.One("SELECT id, name FROM institutions WHERE code = ?",
                {std::string(e.employer_institution)}));
      s.employer_institution_id = inst.Int(0);
      s.employer = inst.Text(1);
      ZXKH_RETURN_IF_ERROR(
          c.Exec("UPDATE persons SET employer = ? WHERE id = ?",
                 {s.employer, s.person_id})
              .status());
    }
    s.external = e.external;
    s.active = true;
    s.user_id = u.Int(0);
    s.created_at = s.updated_at = now;
    for (const DemoQualification& q : e.qualifications) {
      store::QualificationRow row;
      row.qualification.project_code = q.code;
      row.qualification.certificate = q.certificate;
      if (*q.valid_until) {
        ZXKH_ASSIGN_OR_RETURN(row.qualification.valid_until,
                              Date::Parse(q.valid_until));
      }
      s.qualifications.push_back(std::move(row));
    }
    ZXKH_RETURN_IF_ERROR(staff.Insert(s).status());
  }
  return Status::Ok();
}

}  // namespace zxkh::service
