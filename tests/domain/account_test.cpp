#include "domain/account.hpp"

#include <gtest/gtest.h>

namespace zxkh::domain {
namespace {

Caller As(Role role, std::optional<std::string> district = {},
          std::optional<int64_t> institution = {}) {
  Caller c;
  c.role = role;
  c.user_id = 7;
  c.district_code = std::move(district);
  c.institution_id = institution;
  return c;
}

TEST(PasswordRules, RefuseShortEqualToUsernameAndRepeated) {
  EXPECT_EQ(ValidatePassword("short1!", "alice").code(), "auth.password_weak");
  EXPECT_EQ(ValidatePassword("123456789", "alice").code(),
            "auth.password_weak");                            // 9
  EXPECT_TRUE(ValidatePassword("1234567890", "alice").ok());  // 10
  EXPECT_EQ(ValidatePassword("District-370211", "district-370211").code(),
            "auth.password_weak");
  EXPECT_EQ(ValidatePassword("aaaaaaaaaaaa", "alice").code(),
            "auth.password_weak");
  // Ten Chinese characters are ten characters, not thirty bytes.
  EXPECT_TRUE(ValidatePassword("青岛市专项职业能力考", "alice").ok());
  EXPECT_EQ(ValidatePassword("青岛市专项职业能力", "alice").code(),
            "auth.password_weak");
  EXPECT_EQ(ValidatePassword("1234567890", "alice").field(), "");
  EXPECT_EQ(ValidatePassword("short", "alice").field(), "password");
}

TEST(Lockout, FifthFailureLocksForFifteenMinutes) {
  Account a;
  int64_t now = 1'000'000;
  for (int i = 1; i <= 4; ++i) {
    a = AfterFailedLogin(a, now);
    EXPECT_EQ(a.failed_logins, i);
    EXPECT_TRUE(CheckCanLogIn(a, now).ok());
  }
  a = AfterFailedLogin(a, now);
  EXPECT_EQ(a.locked_until, now + kLockoutMillis);
  Status locked = CheckCanLogIn(a, now + kLockoutMillis - 1);
  EXPECT_EQ(locked.code(), "auth.locked");
  EXPECT_NE(locked.message().find("后再试"), std::string::npos);
  EXPECT_TRUE(CheckCanLogIn(a, now + kLockoutMillis).ok());
  // After the lock ran out, one failure does not lock again.
  a = AfterFailedLogin(a, now + kLockoutMillis + 1);
  EXPECT_EQ(a.failed_logins, 1);
  EXPECT_EQ(a.locked_until, 0);
}

TEST(CreateRules, DistrictCannotCreateForAnotherDistrictOrAboveItself) {
  const Caller huangdao = As(Role::kDistrict, "370211");
  EXPECT_TRUE(
      CheckCanCreate(huangdao, {Role::kInstitutionAdmin, {}, 1, "370211"})
          .ok());
  EXPECT_EQ(CheckCanCreate(huangdao, {Role::kInstitutionAdmin, {}, 2, "370212"})
                .code(),
            "account.scope_not_found");
  EXPECT_EQ(
      CheckCanCreate(huangdao, {Role::kDistrict, "370212", {}, {}}).code(),
      "account.role_not_allowed");
  EXPECT_EQ(
      CheckCanCreate(huangdao, {Role::kDistrict, "370211", {}, {}}).code(),
      "account.role_not_allowed");
  EXPECT_EQ(CheckCanCreate(huangdao, {Role::kCity, {}, {}, {}}).code(),
            "account.role_not_allowed");
  EXPECT_TRUE(CheckCanCreate(huangdao, {Role::kExaminer, {}, {}, {}}).ok());
}

TEST(CreateRules, EachLevelCreatesOnlyTheLevelBelow) {
  EXPECT_TRUE(
      CheckCanCreate(As(Role::kProvince), {Role::kCity, {}, {}, {}}).ok());
  EXPECT_FALSE(
      CheckCanCreate(As(Role::kProvince), {Role::kDistrict, "370211", {}, {}})
          .ok());
  EXPECT_TRUE(
      CheckCanCreate(As(Role::kCity), {Role::kDistrict, "370211", {}, {}})
          .ok());
  EXPECT_EQ(
      CheckCanCreate(As(Role::kCity), {Role::kDistrict, {}, {}, {}}).code(),
      "account.district_required");
  EXPECT_FALSE(CheckCanCreate(As(Role::kCity), {Role::kCity, {}, {}, {}}).ok());
  EXPECT_FALSE(
      CheckCanCreate(As(Role::kCity), {Role::kProvince, {}, {}, {}}).ok());
  const Caller inst = As(Role::kInstitutionAdmin, {}, 1);
  EXPECT_TRUE(
      CheckCanCreate(inst, {Role::kInstitutionOperator, {}, 1, "370211"}).ok());
  EXPECT_EQ(CheckCanCreate(inst, {Role::kInstitutionOperator, {}, 2, "370211"})
                .code(),
            "account.scope_not_found");
  EXPECT_FALSE(
      CheckCanCreate(inst, {Role::kInstitutionAdmin, {}, 1, "370211"}).ok());
  for (Role r : {Role::kInstitutionOperator, Role::kExaminer, Role::kProctor,
                 Role::kSupervisor, Role::kCandidate, Role::kPublic}) {
    EXPECT_EQ(
        CheckCanCreate(As(r), {Role::kInstitutionOperator, {}, 1, "370211"})
            .status_code(),
        StatusCode::kPermissionDenied);
  }
}

TEST(ManageRules, OutsideScopeLooksMissing) {
  Account op;
  op.id = 9;
  op.role = Role::kInstitutionOperator;
  op.institution_id = 2;
  EXPECT_TRUE(CheckCanManage(As(Role::kDistrict, "370212"), op, "370212").ok());
  EXPECT_EQ(CheckCanManage(As(Role::kDistrict, "370211"), op, "370212").code(),
            "account.not_found");
  EXPECT_EQ(
      CheckCanManage(As(Role::kInstitutionAdmin, {}, 1), op, "370212").code(),
      "account.not_found");
  EXPECT_TRUE(
      CheckCanManage(As(Role::kInstitutionAdmin, {}, 2), op, "370212").ok());
  // The city does not reach past the district level.
  EXPECT_FALSE(CheckCanManage(As(Role::kCity), op, "370212").ok());
  Account self = op;
  self.id = 7;
  EXPECT_TRUE(CanSeeAccount(As(Role::kExaminer), self, std::nullopt));
}

}  // namespace
}  // namespace zxkh::domain
