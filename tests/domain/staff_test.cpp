// Staff pool rules (issue 6 point 1): the draft's validation in form order,
// qualification projects against the catalog, pool scope, eligibility for a
// batch (active, qualified on the exam date, 回避).
#include "domain/staff.hpp"

#include <gtest/gtest.h>

#include "common/validators.hpp"

namespace zxkh::domain {
namespace {

Date D(const char* iso) { return *Date::Parse(iso); }
const Date kToday = D("2026-11-27");

std::string ResidentId(std::string first17) {
  return first17 + ResidentIdCheckChar(first17);
}

StaffDraft Examiner() {
  StaffDraft d;
  d.name = " 王考评 ";
  d.id_number = ResidentId("37021119800101123");
  d.phone = "13963912345";
  d.role = StaffRole::kExaminer;
  d.employer = "青岛大学";
  d.qualifications = {{"zx01001", "证书 001", D("2028-12-31")}};
  return d;
}

TEST(StaffRoleTest, NamesRoundTrip) {
  for (StaffRole r :
       {StaffRole::kExaminer, StaffRole::kProctor, StaffRole::kSupervisor}) {
    EXPECT_EQ(ParseStaffRole(StaffRoleName(r)), r);
  }
  EXPECT_FALSE(ParseStaffRole("EXAMINER"));
  EXPECT_EQ(AccountRoleOf(StaffRole::kProctor), Role::kProctor);
  EXPECT_EQ(ParseIdType("other"), IdType::kOther);
  EXPECT_FALSE(ParseIdType("passport"));
}

TEST(StaffDraftTest, AValidExaminerIsNormalized) {
  StaffDraft d = Examiner();
  ASSERT_TRUE(ValidateStaffDraft(d, kToday).ok());
  EXPECT_EQ(d.name, "王考评");
  EXPECT_EQ(d.qualifications[0].project_code, "ZX01001");
  EXPECT_EQ(BirthDateOf(d), D("1980-01-01"));
}

void ExpectRefused(StaffDraft d, const std::string& code,
                   const std::string& field) {
  Status st = ValidateStaffDraft(d, kToday);
  EXPECT_EQ(st.code(), code) << st.ToString();
  EXPECT_EQ(st.field(), field) << st.ToString();
  EXPECT_FALSE(st.message().empty());
}

TEST(StaffDraftTest, RefusesABadCheckCharacter) {
  StaffDraft d = Examiner();
  d.id_number.back() = d.id_number.back() == '1' ? '2' : '1';
  ExpectRefused(d, "staff.id_invalid", "id_number");
}

TEST(StaffDraftTest, RefusesEachBadField) {
  StaffDraft d = Examiner();
  d.name = "王";
  ExpectRefused(d, "staff.name_invalid", "name");
  d = Examiner();
  d.id_number = "37021119800101";
  ExpectRefused(d, "staff.id_invalid", "id_number");
  d = Examiner();
  d.phone = "0532888";
  ExpectRefused(d, "staff.phone_invalid", "phone");
  d = Examiner();
  d.employer = "";
  ExpectRefused(d, "staff.employer_invalid", "employer");
  d = Examiner();
  d.note = std::string(501, 'x');
  ExpectRefused(d, "staff.note_too_long", "note");
}

TEST(StaffDraftTest, OtherDocumentsNeedABirthDateInThePast) {
  StaffDraft d = Examiner();
  d.id_type = IdType::kOther;
  d.id_number = "e12345678";
  ExpectRefused(d, "staff.birth_date_required", "birth_date");
  d.birth_date = D("2027-01-01");
  ExpectRefused(d, "staff.birth_date_invalid", "birth_date");
  d.birth_date = D("1985-05-05");
  ASSERT_TRUE(ValidateStaffDraft(d, kToday).ok());
  EXPECT_EQ(d.id_number, "E12345678");
  EXPECT_EQ(BirthDateOf(d), D("1985-05-05"));
  d.id_number = "E1 2";
  ExpectRefused(d, "staff.id_invalid", "id_number");
}

TEST(StaffDraftTest, AnExaminerNeedsAQualification) {
  StaffDraft d = Examiner();
  d.qualifications.clear();
  ExpectRefused(d, "staff.qualification_required", "qualifications");
}

TEST(StaffDraftTest, QualificationsAreForExaminersOnly) {
  StaffDraft d = Examiner();
  d.role = StaffRole::kProctor;
  ExpectRefused(d, "staff.qualification_not_applicable", "qualifications");
  d.qualifications.clear();
  EXPECT_TRUE(ValidateStaffDraft(d, kToday).ok());
}

TEST(StaffDraftTest, ExternalIsForSupervisorsOnly) {
  StaffDraft d = Examiner();
  d.external = true;
  ExpectRefused(d, "staff.external_not_applicable", "external");
  d.role = StaffRole::kSupervisor;
  d.qualifications.clear();
  EXPECT_TRUE(ValidateStaffDraft(d, kToday).ok());
}

TEST(StaffDraftTest, RefusesDuplicateAndExpiredQualifications) {
  StaffDraft d = Examiner();
  d.qualifications.push_back({"ZX01001", "", std::nullopt});
  ExpectRefused(d, "staff.qualification_duplicate", "qualifications");
  d = Examiner();
  d.qualifications[0].valid_until = D("2026-11-26");
  ExpectRefused(d, "staff.qualification_expired", "qualifications");
  d.qualifications[0].valid_until = kToday;  // valid through today
  EXPECT_TRUE(ValidateStaffDraft(d, kToday).ok());
}

TEST(StaffProjectsTest, RefusesUnknownAndRetiredProjects) {
  const std::map<std::string, bool> catalog = {{"ZX01001", true},
                                               {"ZX01002", false}};
  EXPECT_TRUE(
      CheckQualificationProjects({{"ZX01001", "", std::nullopt}}, catalog)
          .ok());
  EXPECT_EQ(CheckQualificationProjects({{"ZX09999", "", std::nullopt}}, catalog)
                .code(),
            "staff.project_unknown");
  EXPECT_EQ(CheckQualificationProjects({{"ZX01002", "", std::nullopt}}, catalog)
                .code(),
            "staff.project_retired");
}

Caller As(Role role, std::optional<std::string> district = std::nullopt) {
  Caller c;
  c.role = role;
  c.user_id = 1;
  c.district_code = std::move(district);
  return c;
}

TEST(StaffScopeTest, EachManagesItsOwnPool) {
  const std::optional<std::string> city;
  const std::optional<std::string> huangdao = "370211";
  const std::optional<std::string> laoshan = "370212";
  EXPECT_TRUE(CheckCanManagePool(As(Role::kCity), city).ok());
  EXPECT_EQ(CheckCanManagePool(As(Role::kCity), huangdao).code(),
            "staff.not_found");
  EXPECT_TRUE(CheckCanManagePool(As(Role::kDistrict, "370211"), huangdao).ok());
  EXPECT_EQ(CheckCanManagePool(As(Role::kDistrict, "370211"), laoshan).code(),
            "staff.not_found");
  EXPECT_EQ(CheckCanManagePool(As(Role::kDistrict, "370211"), city).code(),
            "staff.not_found");
  EXPECT_EQ(CheckCanManagePool(As(Role::kProvince), city).code(),
            "staff.not_found");
  EXPECT_EQ(
      CheckCanManagePool(As(Role::kInstitutionAdmin), huangdao).status_code(),
      StatusCode::kNotFound);
}

TEST(StaffScopeTest, DistrictsReadTheirPoolAndTheCitys) {
  EXPECT_TRUE(CanReadPool(As(Role::kDistrict, "370211"), std::nullopt));
  EXPECT_TRUE(CanReadPool(As(Role::kDistrict, "370211"), "370211"));
  EXPECT_FALSE(CanReadPool(As(Role::kDistrict, "370211"), "370212"));
  EXPECT_TRUE(CanReadPool(As(Role::kCity), "370212"));
  EXPECT_TRUE(CanReadPool(As(Role::kProvince), "370212"));
  EXPECT_FALSE(CanReadPool(As(Role::kInstitutionAdmin), std::nullopt));
  EXPECT_FALSE(CanReadPool(As(Role::kExaminer), std::nullopt));
  EXPECT_TRUE(PoolServesDistrict(std::nullopt, "370211"));
  EXPECT_TRUE(PoolServesDistrict("370211", "370211"));
  EXPECT_FALSE(PoolServesDistrict("370212", "370211"));
}

TEST(StaffEligibilityTest, ActiveQualifiedAndNotEmployedByTheInstitution) {
  StaffEligibilityFacts s;
  s.role = StaffRole::kExaminer;
  s.qualifications = {{"ZX01001", "", D("2027-03-31")}};
  EXPECT_TRUE(IsEligible(s, "ZX01001", 1, D("2027-03-31")));
  EXPECT_FALSE(IsEligible(s, "ZX01001", 1, D("2027-04-01")));  // expired
  EXPECT_FALSE(IsEligible(s, "ZX04001", 1, D("2027-01-01")));  // unqualified
  s.employer_institution_id = 1;
  EXPECT_FALSE(IsEligible(s, "ZX01001", 1, D("2027-01-01")));  // 回避
  EXPECT_TRUE(IsEligible(s, "ZX01001", 2, D("2027-01-01")));
  s.active = false;
  EXPECT_FALSE(IsEligible(s, "ZX01001", 2, D("2027-01-01")));
  StaffEligibilityFacts proctor;
  proctor.role = StaffRole::kProctor;
  EXPECT_TRUE(IsEligible(proctor, "ZX01001", 1, D("2027-01-01")));
  proctor.active = false;
  EXPECT_FALSE(IsEligible(proctor, "ZX01001", 1, D("2027-01-01")));
}

TEST(StaffStateTest, DeactivateAndReactivate) {
  EXPECT_TRUE(CheckCanSetActive(true, false).ok());
  EXPECT_TRUE(CheckCanSetActive(false, true).ok());
  EXPECT_EQ(CheckCanSetActive(true, true).code(), "staff.state_unchanged");
  EXPECT_EQ(CheckCanSetActive(false, false).code(), "staff.state_unchanged");
}

}  // namespace
}  // namespace zxkh::domain
