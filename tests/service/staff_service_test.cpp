// The staff pool through the service, on SQLite and PostgreSQL: every rule
// is tried and refused with its code, scope answers "not found", accounts
// come with each record, EligibleStaff applies 回避 and activity.
#include "service/staff_service.hpp"

#include <gtest/gtest.h>

#include "common/validators.hpp"
#include "service/auth_service.hpp"
#include "service/seed.hpp"
#include "store/file_store.hpp"
#include "store/migrate.hpp"
#include "support/test_db.hpp"

namespace zxkh::service {
namespace {

using domain::Caller;
using domain::Role;
using domain::StaffRole;

bool HasChinese(const std::string& s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return true;
  }
  return false;
}

Status StatusOf(const Status& s) { return s; }
template <typename T>
Status StatusOf(const Result<T>& r) {
  return r.status();
}

#define EXPECT_REFUSED(expr, expected_code)                   \
  do {                                                        \
    const Status st_ = StatusOf(expr);                        \
    EXPECT_EQ(st_.code(), expected_code) << st_.ToString();   \
    EXPECT_TRUE(HasChinese(st_.message())) << st_.ToString(); \
  } while (0)

std::string ResidentId(std::string first17) {
  return first17 + ResidentIdCheckChar(first17);
}

class StaffServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.SetDate(*Date::FromYmd(2026, 11, 27), 9);
    ASSERT_TRUE(store::Migrate(tdb_.db()).ok());
    ASSERT_TRUE(SeedProductData(tdb_.db(), clock_).ok());
    auto demo = SeedDemoData(tdb_.db(), clock_, pii_, files_);
    ASSERT_TRUE(demo.ok()) << demo.status().ToString();
  }

  store::Row One(const std::string& sql,
                 std::initializer_list<store::Value> p) {
    auto r = tdb_.db().InTransaction(
        store::Database::Mode::kRead,
        [&](store::Connection& c) { return c.One(sql, p); });
    EXPECT_TRUE(r.ok()) << sql << ": " << r.status().ToString();
    return r.ok() ? *r : store::Row({});
  }

  Caller C(const std::string& username) {
    store::Row r =
        One("SELECT id, role, district_code, institution_id FROM users WHERE "
            "username = ?",
            {username});
    Caller c;
    c.user_id = r.Int(0);
    c.role = domain::ParseRole(r.Text(1)).value_or(Role::kPublic);
    c.district_code = r.OptText(2);
    c.institution_id = r.OptInt(3);
    c.request_id = "test";
    return c;
  }

  int64_t InstitutionId(const std::string& code) {
    return One("SELECT id FROM institutions WHERE code = ?", {code}).Int(0);
  }
  int64_t StaffIdOf(const std::string& username) {
    return One("SELECT s.id FROM staff_members s JOIN users u ON u.id = "
               "s.user_id WHERE u.username = ?",
               {username})
        .Int(0);
  }

  NewStaff Examiner(const std::string& username, const std::string& id17) {
    NewStaff n;
    n.draft.name = "孙考评";
    n.draft.id_number = ResidentId(id17);
    n.draft.phone = "13963911111";
    n.draft.role = StaffRole::kExaminer;
    n.draft.employer = "青岛科技大学";
    n.draft.qualifications = {
        {"ZX01001", "考评员证 T-001", *Date::FromYmd(2028, 12, 31)}};
    n.username = username;
    n.initial_password = "Staff#Initial2026";
    return n;
  }

  std::vector<std::string> EligibleUsers(const Caller& caller,
                                         const std::string& project,
                                         StaffRole role, int64_t institution) {
    auto list = staff_.EligibleStaff(caller, project, role, institution);
    EXPECT_TRUE(list.ok()) << list.status().ToString();
    std::vector<std::string> out;
    if (!list.ok()) return out;
    for (const auto& c : *list) {
      out.push_back(One("SELECT u.username FROM staff_members s JOIN users u "
                        "ON u.id = s.user_id WHERE s.id = ?",
                        {c.staff_id})
                        .Text(0));
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  FakeClock clock_;
  PiiCipher pii_ = PiiCipher::ForTesting("staff-test");
  test::TestDatabase tdb_;
  test::TempDir dir_;
  store::FileStore files_{dir_.path() + "/files"};
  StaffService staff_{tdb_.db(), clock_, pii_};
};

TEST_F(StaffServiceTest, TheCityRegistersAnExaminerWithAnAccount) {
  auto id = staff_.Create(C("city"), Examiner("kp-sun", "37020219800505123"));
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  auto row = staff_.Get(C("city"), *id);
  ASSERT_TRUE(row.ok()) << row.status().ToString();
  EXPECT_EQ(row->name, "孙考评");
  EXPECT_EQ(row->role, StaffRole::kExaminer);
  EXPECT_FALSE(row->pool_district.has_value());
  EXPECT_EQ(row->pool_name, "青岛市");
  EXPECT_EQ(row->id_masked.find("37020219800505123"), std::string::npos);
  EXPECT_NE(row->id_masked.find('*'), std::string::npos);
  ASSERT_EQ(row->qualifications.size(), 1u);
  EXPECT_EQ(row->qualifications[0].project_name, "胶东花饽饽制作");
  EXPECT_TRUE(row->active);
  // The login: role EXAMINER, city pool, must change the password.
  store::Row u =
      One("SELECT role, district_code, must_change_password, person_id FROM "
          "users WHERE username = 'kp-sun'",
          {});
  EXPECT_EQ(u.Text(0), "EXAMINER");
  EXPECT_TRUE(u.IsNull(1));
  EXPECT_EQ(u.Int(2), 1);
  EXPECT_EQ(u.Int(3), row->person_id);
  // Stored encrypted: the plain number is nowhere in persons.
  store::Row p =
      One("SELECT id_masked, id_type, birth_date FROM persons "
          "WHERE id = ?",
          {row->person_id});
  EXPECT_EQ(p.Text(1), "resident_id");
  EXPECT_EQ(p.Text(2), "1980-05-05");
  // One operation-log entry, without personal data.
  store::Row a =
      One("SELECT summary, district_code FROM audit_log WHERE action = "
          "'staff.create' AND target_id = ?",
          {std::to_string(*id)});
  EXPECT_EQ(a.Text(0).find("孙考评"), std::string::npos);
  EXPECT_TRUE(a.IsNull(1));
}

TEST_F(StaffServiceTest, ADistrictRegistersInItsOwnPool) {
  NewStaff n = Examiner("kp-hd", "37021119800505123");
  n.draft.role = StaffRole::kProctor;
  n.draft.qualifications.clear();
  auto id = staff_.Create(C("district-370211"), n);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  auto row = staff_.Get(C("district-370211"), *id);
  ASSERT_TRUE(row.ok());
  EXPECT_EQ(row->pool_district, "370211");
  EXPECT_EQ(
      One("SELECT role, district_code FROM users WHERE username = 'kp-hd'", {})
          .Text(1),
      "370211");
}

TEST_F(StaffServiceTest, RefusesABadCheckCharacter) {
  NewStaff n = Examiner("kp-bad", "37020219800505123");
  n.draft.id_number.back() = n.draft.id_number.back() == '1' ? '2' : '1';
  auto id = staff_.Create(C("city"), n);
  EXPECT_REFUSED(id, "staff.id_invalid");
  EXPECT_EQ(id.status().field(), "id_number");
  EXPECT_EQ(
      One("SELECT COUNT(*) FROM users WHERE username = 'kp-bad'", {}).Int(0),
      0);
}

TEST_F(StaffServiceTest, ADistrictCannotCreateInAnotherPool) {
  NewStaff n = Examiner("kp-x", "37020219800505123");
  n.pool_district = "370212";
  EXPECT_REFUSED(staff_.Create(C("district-370211"), n), "staff.not_found");
  EXPECT_EQ(staff_.Create(C("district-370211"), n).status().status_code(),
            StatusCode::kNotFound);
  // Nor in the city's pool, nor the city in a district's.
  n.pool_district = std::nullopt;
  n.pool_district = "";
  NewStaff city_pool = n;
  city_pool.pool_district.reset();
  n.pool_district = "370211";
  EXPECT_REFUSED(staff_.Create(C("city"), n), "staff.not_found");
  // Institutions and staff may not register anybody.
  EXPECT_REFUSED(staff_.Create(C("inst-Z370211P001"), city_pool),
                 "auth.forbidden");
  EXPECT_REFUSED(staff_.Create(C("examiner-01"), city_pool), "auth.forbidden");
  EXPECT_EQ(
      One("SELECT COUNT(*) FROM users WHERE username = 'kp-x'", {}).Int(0), 0);
}

TEST_F(StaffServiceTest, RefusesTheSamePersonTwiceForOneRoleInOnePool) {
  ASSERT_TRUE(
      staff_.Create(C("city"), Examiner("kp-a", "37020219800505123")).ok());
  auto again = staff_.Create(C("city"), Examiner("kp-b", "37020219800505123"));
  EXPECT_REFUSED(again, "staff.duplicate");
  EXPECT_EQ(again.status().field(), "id_number");
  EXPECT_EQ(again.status().status_code(), StatusCode::kAlreadyExists);
  // No half-made account was left behind.
  EXPECT_EQ(
      One("SELECT COUNT(*) FROM users WHERE username = 'kp-b'", {}).Int(0), 0);
  // The same person may be a supervisor in the same pool, and an examiner
  // in a district's pool.
  NewStaff sup = Examiner("kp-c", "37020219800505123");
  sup.draft.role = StaffRole::kSupervisor;
  sup.draft.qualifications.clear();
  sup.draft.external = true;
  EXPECT_TRUE(staff_.Create(C("city"), sup).ok());
  EXPECT_TRUE(
      staff_.Create(C("district-370211"), Examiner("kp-d", "37020219800505123"))
          .ok());
  EXPECT_EQ(One("SELECT COUNT(DISTINCT s.person_id) FROM staff_members s JOIN "
                "users u ON u.id = s.user_id WHERE u.username LIKE 'kp-%'",
                {})
                .Int(0),
            1);
}

TEST_F(StaffServiceTest, AKnownIdNumberWithAnotherNameIsRefused) {
  // 13800000001 is the demo candidate 刘小红.
  NewStaff n = Examiner("kp-cand", "37021119980315002");
  EXPECT_REFUSED(staff_.Create(C("city"), n), "staff.person_mismatch");
  n.draft.name = "刘小红";
  EXPECT_TRUE(staff_.Create(C("city"), n).ok());
}

TEST_F(StaffServiceTest, AnExaminerNeedsAnActiveKnownProject) {
  NewStaff n = Examiner("kp-q", "37020219800505123");
  n.draft.qualifications.clear();
  EXPECT_REFUSED(staff_.Create(C("city"), n), "staff.qualification_required");
  n.draft.qualifications = {{"ZX09999", "", std::nullopt}};
  EXPECT_REFUSED(staff_.Create(C("city"), n), "staff.project_unknown");
  n.draft.qualifications = {{"ZX01002", "", std::nullopt}};  // retired
  EXPECT_REFUSED(staff_.Create(C("city"), n), "staff.project_retired");
  n.draft.qualifications = {{"ZX01001", "", *Date::FromYmd(2026, 11, 26)}};
  EXPECT_REFUSED(staff_.Create(C("city"), n), "staff.qualification_expired");
  EXPECT_EQ(
      One("SELECT COUNT(*) FROM users WHERE username = 'kp-q'", {}).Int(0), 0);
}

TEST_F(StaffServiceTest, RefusesAnUnknownEmployerInstitutionAndTakenUserName) {
  NewStaff n = Examiner("kp-e", "37020219800505123");
  n.draft.employer_institution_id = 99999;
  EXPECT_REFUSED(staff_.Create(C("city"), n),
                 "staff.employer_institution_unknown");
  n.draft.employer_institution_id.reset();
  n.username = "examiner-01";
  EXPECT_REFUSED(staff_.Create(C("city"), n), "account.username_taken");
  n.username = "kp-e";
  n.initial_password = "short";
  EXPECT_REFUSED(staff_.Create(C("city"), n), "auth.password_weak");
}

TEST_F(StaffServiceTest, ScopeOfReadsAndWrites) {
  const int64_t city_rec = StaffIdOf("examiner-01");      // city pool
  const int64_t huangdao_rec = StaffIdOf("examiner-04");  // 370211 pool
  // A district reads the city's pool but does not change it.
  EXPECT_TRUE(staff_.Get(C("district-370211"), city_rec).ok());
  EXPECT_REFUSED(staff_.SetActive(C("district-370211"), city_rec, false),
                 "staff.not_found");
  // Another district sees nothing of 黄岛区's pool.
  EXPECT_REFUSED(staff_.Get(C("district-370212"), huangdao_rec),
                 "staff.not_found");
  EXPECT_REFUSED(staff_.SetActive(C("district-370212"), huangdao_rec, false),
                 "staff.not_found");
  StaffChange ch;
  ch.name = "马俊";
  ch.phone = "13963900004";
  ch.employer = "黄岛区职业教育中心";
  ch.qualifications = {{"ZX01001", "", std::nullopt}};
  EXPECT_REFUSED(staff_.Update(C("district-370212"), huangdao_rec, ch),
                 "staff.not_found");
  // The city reads it, but manages only its own pool.
  EXPECT_TRUE(staff_.Get(C("city"), huangdao_rec).ok());
  EXPECT_REFUSED(staff_.Update(C("city"), huangdao_rec, ch), "staff.not_found");
  EXPECT_TRUE(staff_.Update(C("district-370211"), huangdao_rec, ch).ok());
  // Institutions and staff read nothing here.
  EXPECT_REFUSED(staff_.Get(C("inst-Z370211P001"), city_rec), "auth.forbidden");
  EXPECT_REFUSED(staff_.List(C("examiner-01"), {}), "auth.forbidden");
  // Lists: the district sees the city's pool and its own.
  StaffQuery q;
  q.page.page_size = 200;
  auto district = staff_.List(C("district-370212"), q);
  ASSERT_TRUE(district.ok());
  for (const auto& s : district->items) {
    EXPECT_FALSE(s.pool_district.has_value()) << s.username;
  }
  EXPECT_EQ(district->total, 6);  // 3 examiners, 2 proctors, 1 supervisor
  auto all = staff_.List(C("city"), q);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->total, 12);
}

TEST_F(StaffServiceTest, EditChangesDetailsAndQualifications) {
  const int64_t id = StaffIdOf("examiner-01");
  StaffChange ch;
  ch.name = "张立华";
  ch.phone = "13963900099";
  ch.employer = "青岛市职业技能鉴定指导中心";
  ch.employer_institution_id = InstitutionId("Z370212Q001");
  ch.qualifications = {{"ZX03005", "剪纸考评员证", std::nullopt}};
  ASSERT_TRUE(staff_.Update(C("city"), id, ch).ok());
  auto row = staff_.Get(C("city"), id);
  ASSERT_TRUE(row.ok());
  EXPECT_EQ(row->phone, "13963900099");
  EXPECT_EQ(row->employer_institution_code, "Z370212Q001");
  ASSERT_EQ(row->qualifications.size(), 1u);
  EXPECT_EQ(row->qualifications[0].qualification.project_code, "ZX03005");
  // Refusals on edit: no qualification, retired project, external examiner.
  ch.qualifications.clear();
  EXPECT_REFUSED(staff_.Update(C("city"), id, ch),
                 "staff.qualification_required");
  ch.qualifications = {{"ZX01002", "", std::nullopt}};
  EXPECT_REFUSED(staff_.Update(C("city"), id, ch), "staff.project_retired");
  ch.qualifications = {{"ZX01001", "", std::nullopt}};
  ch.external = true;
  EXPECT_REFUSED(staff_.Update(C("city"), id, ch),
                 "staff.external_not_applicable");
  EXPECT_EQ(One("SELECT COUNT(*) FROM audit_log WHERE action = "
                "'staff.update' AND target_id = ?",
                {std::to_string(id)})
                .Int(0),
            1);
}

TEST_F(StaffServiceTest, DeactivationDisablesTheLogin) {
  const int64_t id = StaffIdOf("proctor-01");
  ASSERT_TRUE(staff_.SetActive(C("city"), id, false).ok());
  EXPECT_EQ(One("SELECT disabled FROM users WHERE username = 'proctor-01'", {})
                .Int(0),
            1);
  EXPECT_REFUSED(staff_.SetActive(C("city"), id, false),
                 "staff.state_unchanged");
  ASSERT_TRUE(staff_.SetActive(C("city"), id, true).ok());
  EXPECT_EQ(One("SELECT disabled FROM users WHERE username = 'proctor-01'", {})
                .Int(0),
            0);
  // Qualifications survive a deactivation.
  const int64_t ex = StaffIdOf("examiner-02");
  ASSERT_TRUE(staff_.SetActive(C("city"), ex, false).ok());
  EXPECT_EQ(staff_.Get(C("city"), ex)->qualifications.size(), 2u);
}

TEST_F(StaffServiceTest, ListFiltersAndPaging) {
  StaffQuery q;
  q.role = "examiner";
  q.project_code = "ZX04001";
  auto list = staff_.List(C("city"), q);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->total, 3);  // examiner-01, -03, -05
  q = {};
  q.pool = "370211";
  EXPECT_EQ(staff_.List(C("city"), q)->total, 6);
  q.pool = "city";
  EXPECT_EQ(staff_.List(C("city"), q)->total, 6);
  q = {};
  q.q = "黄岛区";
  EXPECT_GE(staff_.List(C("city"), q)->total, 3);
  q = {};
  q.page = PageRequest{2, 5};
  auto page2 = staff_.List(C("city"), q);
  ASSERT_TRUE(page2.ok());
  EXPECT_EQ(page2->total, 12);
  EXPECT_EQ(page2->items.size(), 5u);
  ASSERT_TRUE(
      staff_.SetActive(C("city"), StaffIdOf("examiner-01"), false).ok());
  q = {};
  q.active = false;
  EXPECT_EQ(staff_.List(C("city"), q)->total, 1);
  q.role = "chef";
  EXPECT_REFUSED(staff_.List(C("city"), q), "request.invalid_query");
}

TEST_F(StaffServiceTest, ExportIsAnXlsxWithMaskedIds) {
  auto xlsx = staff_.ExportXlsx(C("district-370211"), {});
  ASSERT_TRUE(xlsx.ok()) << xlsx.status().ToString();
  EXPECT_EQ(xlsx->substr(0, 2), "PK");
}

TEST_F(StaffServiceTest, EligibleStaffAppliesAvoidanceAndActivity) {
  const int64_t huangdao_inst = InstitutionId("Z370211P001");
  const int64_t laoshan_inst = InstitutionId("Z370212Q001");
  // examiner-05 works for Z370211P001: never proposed for its batches.
  EXPECT_EQ(
      EligibleUsers(C("inst-Z370211P001"), "ZX01001", StaffRole::kExaminer,
                    huangdao_inst),
      (std::vector<std::string>{"examiner-01", "examiner-02", "examiner-03",
                                "examiner-04", "examiner-06"}));
  // 崂山区's institution draws from the city's pool only (no 黄岛区 pool),
  // where examiner-05 is not.
  EXPECT_EQ(
      EligibleUsers(C("city"), "ZX04001", StaffRole::kExaminer, laoshan_inst),
      (std::vector<std::string>{"examiner-01", "examiner-03"}));
  // Inactive ones drop out.
  ASSERT_TRUE(
      staff_.SetActive(C("city"), StaffIdOf("examiner-01"), false).ok());
  EXPECT_EQ(EligibleUsers(C("district-370211"), "ZX04001", StaffRole::kExaminer,
                          huangdao_inst),
            (std::vector<std::string>{"examiner-03"}));
  // Supervisors: both, one external.
  auto sup = staff_.EligibleStaff(C("inst-Z370211P001"), "ZX01001",
                                  StaffRole::kSupervisor, huangdao_inst);
  ASSERT_TRUE(sup.ok());
  ASSERT_EQ(sup->size(), 2u);
  int external = 0;
  for (const auto& s : *sup) external += s.external ? 1 : 0;
  EXPECT_EQ(external, 1);
  // An expired qualification is not valid on the exam date.
  auto later = staff_.EligibleStaff(C("city"), "ZX04001", StaffRole::kExaminer,
                                    laoshan_inst, *Date::FromYmd(2027, 7, 1));
  ASSERT_TRUE(later.ok());
  EXPECT_TRUE(later->empty());
  // Scope and input.
  EXPECT_REFUSED(staff_.EligibleStaff(C("inst-Z370211P001"), "ZX01001",
                                      StaffRole::kExaminer, laoshan_inst),
                 "staff.institution_not_found");
  EXPECT_REFUSED(staff_.EligibleStaff(C("district-370212"), "ZX01001",
                                      StaffRole::kExaminer, huangdao_inst),
                 "staff.institution_not_found");
  EXPECT_REFUSED(staff_.EligibleStaff(C("city"), "ZX01002",
                                      StaffRole::kExaminer, huangdao_inst),
                 "staff.project_retired");
  EXPECT_REFUSED(staff_.EligibleStaff(C("examiner-02"), "ZX01001",
                                      StaffRole::kExaminer, huangdao_inst),
                 "auth.forbidden");
}

TEST_F(StaffServiceTest, ImportWritesValidRowsAndListsBadOnes) {
  const std::string a = ResidentId("37021119820202111");
  const std::string b = ResidentId("37021119830303222");
  std::string bad = ResidentId("37021119840404333");
  bad.back() = bad.back() == '1' ? '2' : '1';
  const std::string csv =
      "类别,姓名,证件号码,手机号,工作单位,所在考核机构代码,外部督导,考评资格,"
      "资格有效期至,登录账号,初始密码\n"
      "考评员,导入甲," +
      a +
      ",13963933331,黄岛区技师学院,Z370211P001,,ZX01001、ZX04001,2028-12-31,"
      "imp-a,Import#Pass2026\n"
      "督导员,导入乙," +
      b +
      ",13963933332,黄岛区人社局,,是,,,imp-b,Import#Pass2026\n"
      "考评员,导入丙," +
      bad +
      ",13963933333,黄岛区技师学院,,,ZX01001,,imp-c,Import#Pass2026\n"
      "考评员,导入丁," +
      b +
      ",13963933334,黄岛区技师学院,,,,,imp-d,Import#Pass2026\n"
      "监考人员,导入戊," +
      b + ",13963933335,黄岛区技师学院,Z999999X999,,,,imp-e,Import#Pass2026\n";
  auto report = staff_.Import(C("district-370211"), csv);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->rows, 5);
  EXPECT_EQ(report->created, 2);
  ASSERT_EQ(report->errors.size(), 3u);
  EXPECT_EQ(report->errors[0].row, 4);
  EXPECT_EQ(report->errors[0].column, "证件号码");
  EXPECT_EQ(report->errors[1].row, 5);
  EXPECT_EQ(report->errors[1].column, "考评资格");  // examiner without one
  EXPECT_EQ(report->errors[2].row, 6);
  EXPECT_EQ(report->errors[2].column, "所在考核机构代码");
  // Written exactly as Create would: 黄岛区's pool, accounts, 回避 data.
  StaffQuery q;
  q.q = "导入";
  auto list = staff_.List(C("district-370211"), q);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->total, 2);
  for (const auto& s : list->items) {
    EXPECT_EQ(s.pool_district, "370211");
    if (s.role == StaffRole::kExaminer) {
      EXPECT_EQ(s.employer_institution_code, "Z370211P001");
      EXPECT_EQ(s.qualifications.size(), 2u);
    } else {
      EXPECT_TRUE(s.external);
    }
  }
  EXPECT_EQ(One("SELECT must_change_password FROM users WHERE username = "
                "'imp-a'",
                {})
                .Int(0),
            1);
  // The same file again changes nothing.
  auto again = staff_.Import(C("district-370211"), csv);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->created, 0);
  EXPECT_EQ(again->unchanged, 2);
  EXPECT_EQ(staff_.List(C("district-370211"), q)->total, 2);
}

TEST_F(StaffServiceTest, ImportRefusesBadFilesAndOutsiders) {
  EXPECT_REFUSED(staff_.Import(C("city"), "姓名,证件号码\n张三,1\n"),
                 "import.missing_column");
  EXPECT_REFUSED(staff_.Import(C("inst-Z370211P001"), "x"), "auth.forbidden");
  EXPECT_REFUSED(staff_.Import(C("province"), "x"), "auth.forbidden");
}

}  // namespace
}  // namespace zxkh::service
