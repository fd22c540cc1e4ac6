// Accounts and sessions through the services, on SQLite and PostgreSQL:
// brute force locks, sessions expire (idle and absolute), resets force a
// change, administrators stay inside their scope on writes as on reads.
#include "service/auth_service.hpp"

#include <gtest/gtest.h>

#include "service/account_service.hpp"
#include "service/demo_data.hpp"
#include "service/seed.hpp"
#include "store/migrate.hpp"
#include "support/test_db.hpp"

namespace zxkh::service {
namespace {

using domain::Role;

class AuthServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.SetDate(*Date::FromYmd(2026, 11, 27), 9);
    ASSERT_TRUE(store::Migrate(tdb_.db()).ok());
    ASSERT_TRUE(SeedProductData(tdb_.db(), clock_).ok());
    auto demo = SeedDemoData(tdb_.db(), clock_, pii_, files_);
    ASSERT_TRUE(demo.ok()) << demo.status().ToString();
  }
  Result<SessionInfo> LogIn(
      const std::string& user,
      const std::string& password = std::string(kDemoPassword)) {
    return auth_.Login({user, password, "127.0.0.1", "test", "req-1"});
  }
  domain::Caller CallerFor(const std::string& user) {
    auto s = LogIn(user);
    EXPECT_TRUE(s.ok()) << user << ": " << s.status().ToString();
    auto a = auth_.Authenticate(s->token, "req");
    EXPECT_TRUE(a.ok());
    return a->caller;
  }

  FakeClock clock_;
  PiiCipher pii_ = PiiCipher::ForTesting("auth-test");
  test::TestDatabase tdb_;
  test::TempDir dir_;
  store::FileStore files_{dir_.path()};
  AuthService auth_{tdb_.db(), clock_, pii_};
  AccountService accounts_{tdb_.db(), clock_};
};

TEST_F(AuthServiceTest, LoginByUsernameOrPhoneAndAuthenticate) {
  auto s = LogIn("city");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_FALSE(s->token.empty());
  EXPECT_FALSE(s->csrf_token.empty());
  auto a = auth_.Authenticate(s->token, "r");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->caller.role, Role::kCity);
  EXPECT_EQ(a->csrf_token, s->csrf_token);

  auto by_phone = LogIn("13800000001");
  ASSERT_TRUE(by_phone.ok());
  EXPECT_EQ(by_phone->account.account.role, Role::kCandidate);

  auto district = CallerFor("district-370211");
  EXPECT_EQ(district.district_code, "370211");
  auto inst = CallerFor("inst-Z370211P001");
  EXPECT_TRUE(inst.institution_id.has_value());
}

TEST_F(AuthServiceTest, UnknownUserAndWrongPasswordLookTheSame) {
  auto unknown = LogIn("nobody-here");
  auto wrong = LogIn("city", "Wrong#Password1");
  EXPECT_EQ(unknown.status().code(), "auth.bad_credentials");
  EXPECT_EQ(wrong.status().code(), "auth.bad_credentials");
  EXPECT_EQ(unknown.status().message(), wrong.status().message());
}

TEST_F(AuthServiceTest,
       FiveFailuresLockForFifteenMinutesEvenWithTheRightPassword) {
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(LogIn("district-370211", "Wrong#Password1").status().code(),
              "auth.bad_credentials");
  }
  auto fifth = LogIn("district-370211", "Wrong#Password1");
  EXPECT_EQ(fifth.status().code(), "auth.locked");
  EXPECT_NE(fifth.status().message().find("2026-11-27 09:15"),
            std::string::npos)
      << fifth.status().message();
  EXPECT_EQ(LogIn("district-370211").status().code(), "auth.locked");
  clock_.Advance(15 * 60 * 1000);
  EXPECT_TRUE(LogIn("district-370211").ok());
  // Other accounts were never affected.
  EXPECT_TRUE(LogIn("district-370212").ok());
}

TEST_F(AuthServiceTest, SessionsExpireWhenIdleAndAbsolutely) {
  auto s = LogIn("city");
  ASSERT_TRUE(s.ok());
  clock_.Advance(29 * 60 * 1000);
  EXPECT_TRUE(
      auth_.Authenticate(s->token, "r").ok());  // touches: idle restarts
  clock_.Advance(29 * 60 * 1000);
  EXPECT_TRUE(auth_.Authenticate(s->token, "r").ok());
  clock_.Advance(30 * 60 * 1000);
  EXPECT_EQ(auth_.Authenticate(s->token, "r").status().code(),
            "auth.session_expired");

  auto busy = LogIn("city");
  ASSERT_TRUE(busy.ok());
  for (int minutes = 0; minutes < 12 * 60 - 20; minutes += 20) {
    clock_.Advance(20 * 60 * 1000);
    ASSERT_TRUE(auth_.Authenticate(busy->token, "r").ok()) << minutes;
  }
  clock_.Advance(20 * 60 * 1000);  // past 12 h although never idle
  EXPECT_EQ(auth_.Authenticate(busy->token, "r").status().code(),
            "auth.session_expired");
  EXPECT_EQ(auth_.Authenticate("", "r").status().code(), "auth.required");
  EXPECT_EQ(auth_.Authenticate("forged", "r").status().code(),
            "auth.session_expired");
}

TEST_F(AuthServiceTest, LogoutEndsTheSession) {
  auto s = LogIn("city");
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE(auth_.Logout(s->token).ok());
  EXPECT_EQ(auth_.Authenticate(s->token, "r").status().code(),
            "auth.session_expired");
}

TEST_F(AuthServiceTest, ResetForcesAChangeAndEndsSessions) {
  const auto city = CallerFor("city");
  auto target = LogIn("district-370213");
  ASSERT_TRUE(target.ok());
  const int64_t id = target->account.account.id;
  ASSERT_TRUE(accounts_.ResetPassword(city, id, "Reset#Pass2026").ok());
  EXPECT_EQ(auth_.Authenticate(target->token, "r").status().code(),
            "auth.session_expired");
  EXPECT_EQ(LogIn("district-370213").status().code(), "auth.bad_credentials");
  auto fresh = LogIn("district-370213", "Reset#Pass2026");
  ASSERT_TRUE(fresh.ok());
  EXPECT_TRUE(fresh->account.account.must_change_password);
  auto me = auth_.Authenticate(fresh->token, "r");
  ASSERT_TRUE(me.ok());
  EXPECT_EQ(
      auth_.ChangePassword(me->caller, fresh->token, "Reset#Pass2026", "short")
          .code(),
      "auth.password_weak");
  EXPECT_EQ(auth_
                .ChangePassword(me->caller, fresh->token, "wrong-old-one",
                                "New#Pass20261")
                .code(),
            "auth.bad_credentials");
  ASSERT_TRUE(auth_
                  .ChangePassword(me->caller, fresh->token, "Reset#Pass2026",
                                  "New#Pass20261")
                  .ok());
  auto after = LogIn("district-370213", "New#Pass20261");
  ASSERT_TRUE(after.ok());
  EXPECT_FALSE(after->account.account.must_change_password);
  EXPECT_TRUE(auth_.Authenticate(fresh->token, "r")
                  .ok());  // the changing session stays
}

TEST_F(AuthServiceTest, ResetIsOnlyForTheLevelAboveInScope) {
  const auto district = CallerFor("district-370211");
  auto other = LogIn("district-370212");
  ASSERT_TRUE(other.ok());
  // A district cannot reset a peer district: outside scope looks missing.
  EXPECT_EQ(
      accounts_
          .ResetPassword(district, other->account.account.id, "Reset#Pass2026")
          .code(),
      "account.not_found");
  auto inst_other = LogIn("inst-Z370212Q001");
  ASSERT_TRUE(inst_other.ok());
  EXPECT_EQ(accounts_
                .ResetPassword(district, inst_other->account.account.id,
                               "Reset#Pass2026")
                .code(),
            "account.not_found");
  auto inst_own = LogIn("inst-Z370211P001");
  EXPECT_TRUE(accounts_
                  .ResetPassword(district, inst_own->account.account.id,
                                 "Reset#Pass2026")
                  .ok());
  // Nothing changed for the foreign account.
  EXPECT_TRUE(LogIn("inst-Z370212Q001").ok());
}

TEST_F(AuthServiceTest, DistrictCreatesOnlyInsideItsDistrictAndBelowItsRole) {
  const auto district = CallerFor("district-370211");
  NewAccount n{"hd-operator",  "黄岛经办人",
               std::nullopt,   Role::kInstitutionOperator,
               std::nullopt,   1,
               "Operator#2026"};
  auto own = accounts_.Create(district, n);
  ASSERT_TRUE(own.ok()) << own.status().ToString();

  n.username = "foreign-operator";
  n.institution_id = 2;  // 崂山区 institution
  EXPECT_EQ(accounts_.Create(district, n).status().code(),
            "account.scope_not_found");
  n.username = "raise-district";
  n.role = Role::kDistrict;
  n.district_code = "370212";
  EXPECT_EQ(accounts_.Create(district, n).status().code(),
            "account.role_not_allowed");
  n.username = "raise-city";
  n.role = Role::kCity;
  EXPECT_EQ(accounts_.Create(district, n).status().code(),
            "account.role_not_allowed");
  EXPECT_EQ(LogIn("foreign-operator", "Operator#2026").status().code(),
            "auth.bad_credentials");  // nothing was written
}

TEST_F(AuthServiceTest, ListsShowOnlyWhatTheAdministratorManages) {
  auto list = [&](const std::string& user) {
    auto page = accounts_.List(CallerFor(user),
                               {.page = {.page = 1, .page_size = 200}});
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    std::set<std::string> names;
    for (const auto& r : page->items) names.insert(r.account.username);
    EXPECT_EQ(page->total, static_cast<int64_t>(names.size()));
    return names;
  };
  auto huangdao = list("district-370211");
  EXPECT_TRUE(huangdao.count("inst-Z370211P001"));
  EXPECT_TRUE(huangdao.count("examiner-04"));  // its own staff pool
  EXPECT_FALSE(huangdao.count("inst-Z370212Q001"));
  EXPECT_FALSE(huangdao.count("examiner-01"));  // the city's pool
  EXPECT_FALSE(huangdao.count("district-370212"));
  auto city = list("city");
  EXPECT_TRUE(city.count("district-370212"));
  EXPECT_TRUE(city.count("examiner-01"));
  EXPECT_FALSE(city.count("inst-Z370211P001"));
  auto inst = list("inst-Z370211P001");
  EXPECT_EQ(inst, std::set<std::string>{"inst-Z370211P001-op"});
  EXPECT_EQ(accounts_.List(CallerFor("examiner-01"), {}).status().code(),
            "auth.forbidden");
}

TEST_F(AuthServiceTest, CandidateRegistrationValidatesAndEncryptsTheId) {
  CandidateRegistration reg{"张三", "37021119900101002", "13912345678",
                            "Candidate#2026"};
  EXPECT_EQ(auth_.RegisterCandidate(reg, "r").status().field(), "id_number");
  reg.id_number =
      "370211199001010028";  // wrong check digit (should be 3? computed below)
  static constexpr int kW[] = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                               3, 7, 9,  10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (reg.id_number[i] - '0') * kW[i];
  const char right = "10X98765432"[sum % 11];
  reg.id_number[17] = right == '0' ? '1' : '0';
  EXPECT_EQ(auth_.RegisterCandidate(reg, "r").status().code(),
            "id.check_digit");
  reg.id_number[17] = right;
  auto id = auth_.RegisterCandidate(reg, "r");
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  auto again = auth_.RegisterCandidate(
      {"张三", reg.id_number, "13912345679", "Candidate#2026"}, "r");
  EXPECT_EQ(again.status().code(), "person.id_taken");
  // The ID number is not stored in clear anywhere.
  auto rows = tdb_.db().InTransaction(
      store::Database::Mode::kRead, [&](store::Connection& c) {
        return c.Rows(
            "SELECT COUNT(*) FROM persons WHERE id_masked LIKE '3702%' AND "
            "(name = ? AND id_hash <> ?)",
            {std::string("张三"), reg.id_number});
      });
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->front().Int(0), 1);
  auto s = LogIn("13912345678", "Candidate#2026");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->account.account.role, Role::kCandidate);
}

}  // namespace
}  // namespace zxkh::service
