// R-EXA-1 / R-EXA-6 through the service on SQLite and PostgreSQL: candidate
// self-registration, institution entry and bulk import (XLSX, UTF-8 and GBK
// CSV), scope, duplicates, re-registration after failure, atomic imports,
// import jobs, lists and export.
#include "service/registration_service.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "common/crypto.hpp"
#include "common/validators.hpp"
#include "docs/tabular.hpp"
#include "docs/text_encoding.hpp"
#include "docs/xlsx_reader.hpp"
#include "service/seed.hpp"
#include "store/migrate.hpp"
#include "support/registration_fixture.hpp"
#include "support/test_db.hpp"

namespace zxkh::service {
namespace {

using domain::Caller;
using domain::RegistrationState;
using domain::Role;
using test::CandidateRow;

class RegistrationServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.SetDate(*Date::FromYmd(2026, 11, 27), 9);
    ASSERT_TRUE(store::Migrate(tdb_.db()).ok());
    ASSERT_TRUE(SeedProductData(tdb_.db(), clock_).ok());
    auto demo = SeedDemoData(tdb_.db(), clock_, pii_, files_);
    ASSERT_TRUE(demo.ok()) << demo.status().ToString();
    mianshi_ = test::PlanItemId(tdb_.db(), "Z370211P001", "ZX01001");
    zhibo_ = test::PlanItemId(tdb_.db(), "Z370211P001", "ZX04001");
    chayi_ = test::PlanItemId(tdb_.db(), "Z370212Q001", "ZX01004");
    ASSERT_GT(mianshi_, 0);
    ASSERT_GT(zhibo_, 0);
    ASSERT_GT(chayi_, 0);
  }
  Caller C(const std::string& user) {
    return test::CallerOfUser(tdb_.db(), user);
  }
  int64_t Count(const std::string& sql) {
    return test::CountOf(tdb_.db(), sql);
  }
  int64_t RegistrationsOf(int64_t item) {
    return Count("SELECT COUNT(*) FROM registrations WHERE plan_item_id = " +
                 std::to_string(item));
  }
  domain::RegistrantInput Person(std::string id, std::string name = "周杰") {
    return {std::move(name), "", std::move(id), "", "13912345678", ""};
  }

  FakeClock clock_;
  test::TestDatabase tdb_;
  test::TempDir dir_;
  store::FileStore files_{dir_.path()};
  PiiCipher pii_ = PiiCipher::ForTesting("registration");
  RegistrationService svc_{tdb_.db(), clock_, pii_};
  int64_t mianshi_ = 0, zhibo_ = 0, chayi_ = 0;
};

TEST_F(RegistrationServiceTest, OpenItemsArePublishedOnesWithTheExamAhead) {
  auto items = svc_.OpenItems({});
  ASSERT_TRUE(items.ok()) << items.status().ToString();
  ASSERT_GE(items->size(), 3u);
  for (const auto& it : *items) {
    EXPECT_EQ(it.plan_state, "published");
    EXPECT_GT(it.exam_date, "2026-11-27");
  }
  auto laoshan = svc_.OpenItems({.district_code = "370212"});
  ASSERT_TRUE(laoshan.ok());
  ASSERT_EQ(laoshan->size(), 1u);
  EXPECT_EQ(laoshan->front().project_code, "ZX01004");
  auto mian = svc_.OpenItems({.project_code = "ZX01001"});
  ASSERT_TRUE(mian.ok());
  ASSERT_EQ(mian->size(), 1u);
  EXPECT_EQ(mian->front().institution_code, "Z370211P001");
  EXPECT_GE(mian->front().registered_count, 1);
}

TEST_F(RegistrationServiceTest, CandidateRegistersSelfWithConsent) {
  const Caller me = C("13800000003");
  auto refused = svc_.RegisterSelf(me, mianshi_, "");
  EXPECT_EQ(refused.status().code(), "registration.consent_required");
  auto g = svc_.RegisterSelf(me, mianshi_, domain::kConsentVersion);
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  EXPECT_EQ(g->state, RegistrationState::kRegistered);
  EXPECT_EQ(g->source, domain::RegistrationSource::kSelf);
  EXPECT_EQ(g->person_name, "李春梅");
  EXPECT_EQ(g->consent_version, std::string(domain::kConsentVersion));
  EXPECT_EQ(g->consent_sha256, Sha256Hex(domain::ConsentText()));
  EXPECT_EQ(g->consented_at, clock_.NowUnixMillis());
  // Twice: refused; the audit entry holds no personal data.
  auto again = svc_.RegisterSelf(me, mianshi_, domain::kConsentVersion);
  EXPECT_EQ(again.status().code(), "registration.duplicate");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = "
                  "'registration.self' AND summary LIKE '%李春梅%'"),
            0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = "
                  "'registration.self'"),
            1);
  // Only candidates register themselves.
  EXPECT_EQ(svc_.RegisterSelf(C("inst-Z370211P001"), mianshi_,
                              domain::kConsentVersion)
                .status()
                .status_code(),
            StatusCode::kPermissionDenied);
}

TEST_F(RegistrationServiceTest, ItemNotPublishedOrExamDatePassedIsRefused) {
  const int64_t draft = test::AddPlanItem(tdb_.db(), "Z370211P001", 2028,
                                          "approved", "ZX01001", "2028-03-18");
  auto g = svc_.RegisterSelf(C("13800000003"), draft, domain::kConsentVersion);
  EXPECT_EQ(g.status().code(), "registration.item_not_published");
  auto e =
      svc_.Enter(C("inst-Z370211P001"), draft, Person(test::NthResidentId(1)));
  EXPECT_EQ(e.status().code(), "registration.item_not_published");

  const int64_t past = test::AddPlanItem(tdb_.db(), "Z370211P001", 2025,
                                         "published", "ZX01001", "2026-11-27");
  g = svc_.RegisterSelf(C("13800000003"), past, domain::kConsentVersion);
  EXPECT_EQ(g.status().code(), "registration.closed");
  auto imp =
      svc_.Import(C("inst-Z370211P001"), past, test::CsvOf(test::ValidRows(2)));
  EXPECT_EQ(imp.status().code(), "registration.closed");
  EXPECT_EQ(RegistrationsOf(past), 0);
}

TEST_F(RegistrationServiceTest, AnotherInstitutionsItemLooksMissing) {
  auto e = svc_.Enter(C("inst-Z370212Q001"), mianshi_,
                      Person(test::NthResidentId(2)));
  EXPECT_EQ(e.status().status_code(), StatusCode::kNotFound);
  auto imp = svc_.Import(C("inst-Z370212Q001"), mianshi_,
                         test::CsvOf(test::ValidRows(3)));
  EXPECT_EQ(imp.status().status_code(), StatusCode::kNotFound);
  auto job = svc_.StartImport(C("inst-Z370212Q001"), mianshi_,
                              test::CsvOf(test::ValidRows(3)));
  EXPECT_EQ(job.status().status_code(), StatusCode::kNotFound);
  EXPECT_EQ(
      svc_.Enter(C("district-370211"), mianshi_, Person(test::NthResidentId(2)))
          .status()
          .status_code(),
      StatusCode::kPermissionDenied);
}

TEST_F(RegistrationServiceTest, UnderageOnTheExamDateIsRefusedSixteenAccepted) {
  // ZX01001 is examined on 2027-03-20.
  const Caller inst = C("inst-Z370211P001");
  auto young =
      svc_.Enter(inst, mianshi_, Person(test::ResidentIdFor("20110321", 1)));
  EXPECT_EQ(young.status().code(), "registration.underage");
  auto sixteen =
      svc_.Enter(inst, mianshi_, Person(test::ResidentIdFor("20110320", 1)));
  ASSERT_TRUE(sixteen.ok()) << sixteen.status().ToString();
  EXPECT_EQ(sixteen->birth_date, "2011-03-20");
  EXPECT_EQ(sixteen->source, domain::RegistrationSource::kInstitution);
}

TEST_F(RegistrationServiceTest, BadCheckCharacterIsRefused) {
  std::string id = test::NthResidentId(7);
  id.back() = id.back() == '3' ? '4' : '3';
  auto e = svc_.Enter(C("inst-Z370211P001"), mianshi_, Person(id));
  EXPECT_EQ(e.status().code(), "id.check_digit");
  EXPECT_EQ(e.status().field(), "id_number");
}

TEST_F(RegistrationServiceTest, SecondOpenRegistrationForTheProjectIsRefused) {
  const Caller inst = C("inst-Z370211P001");
  const std::string id = test::NthResidentId(11);
  ASSERT_TRUE(svc_.Enter(inst, mianshi_, Person(id)).ok());
  auto twice = svc_.Enter(inst, mianshi_, Person(id));
  EXPECT_EQ(twice.status().code(), "registration.duplicate");
  // The same project at another institution is the same project.
  // 2029: the plans demo holds Z370212Q001's 2028 plan.
  const int64_t other = test::AddPlanItem(tdb_.db(), "Z370212Q001", 2029,
                                          "published", "ZX01001", "2029-06-03");
  auto elsewhere = svc_.Enter(C("inst-Z370212Q001"), other, Person(id));
  EXPECT_EQ(elsewhere.status().code(), "registration.duplicate");
  // Another project is fine.
  EXPECT_TRUE(svc_.Enter(inst, zhibo_, Person(id)).ok());
  // A name that does not match the ID's person is refused.
  auto other_name = svc_.Enter(inst, zhibo_, Person(id, "吴用"));
  EXPECT_EQ(other_name.status().code(), "registration.name_mismatch");
}

TEST_F(RegistrationServiceTest, TheDatabaseRefusesASecondOpenRowToo) {
  // Even a writer that skips the service check cannot add one.
  const Caller inst = C("inst-Z370211P001");
  auto g = svc_.Enter(inst, mianshi_, Person(test::NthResidentId(12)));
  ASSERT_TRUE(g.ok());
  Status st = tdb_.db().Transact(
      store::Database::Mode::kWrite, [&](store::Connection& c) {
        store::RegistrationRow copy = *g;
        return store::RegistrationRepository(c).Insert(copy).status();
      });
  EXPECT_EQ(st.code(), "registration.duplicate");
}

TEST_F(RegistrationServiceTest, ReRegistrationAfterFailureOrCancelIsAllowed) {
  const Caller inst = C("inst-Z370211P001");
  const std::string id = test::NthResidentId(21);
  auto first = svc_.Enter(inst, mianshi_, Person(id));
  ASSERT_TRUE(first.ok());
  // Issue 6 will drive these: sat, then failed.
  ASSERT_TRUE(tdb_.db()
                  .Transact(store::Database::Mode::kWrite,
                            [&](store::Connection& c) -> Status {
                              store::RegistrationRepository r(c);
                              ZXKH_RETURN_IF_ERROR(r.UpdateState(
                                  first->id, RegistrationState::kSat, 0, 1));
                              return r.UpdateState(
                                  first->id, RegistrationState::kFailed, 0, 2);
                            })
                  .ok());
  auto again = svc_.Enter(inst, mianshi_, Person(id));
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  // Cancelled, then registered again.
  ASSERT_TRUE(svc_.Cancel(inst, again->id).ok());
  EXPECT_TRUE(svc_.Enter(inst, mianshi_, Person(id)).ok());
  // Passed blocks.
  const std::string passed_id = test::NthResidentId(22);
  auto p = svc_.Enter(inst, zhibo_, Person(passed_id));
  ASSERT_TRUE(p.ok());
  ASSERT_TRUE(
      tdb_.db()
          .Transact(store::Database::Mode::kWrite,
                    [&](store::Connection& c) {
                      return store::RegistrationRepository(c).UpdateState(
                          p->id, RegistrationState::kPassed, 0, 1);
                    })
          .ok());
  EXPECT_EQ(svc_.Enter(inst, zhibo_, Person(passed_id)).status().code(),
            "registration.already_passed");
}

TEST_F(RegistrationServiceTest, DemoPersonWhoFailedIn2026IsRegisteredAgain) {
  EXPECT_EQ(Count("SELECT COUNT(*) FROM registrations r JOIN persons p ON "
                  "p.id = r.person_id WHERE p.name = '赵强' AND r.state = "
                  "'failed'"),
            1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM registrations r JOIN persons p ON "
                  "p.id = r.person_id WHERE p.name = '赵强' AND r.state = "
                  "'registered'"),
            1);
}

TEST_F(RegistrationServiceTest, ImportWithThreeBadRowsImportsTheRest) {
  std::vector<CandidateRow> rows = test::ValidRows(20, 100);
  rows[3][2].back() = rows[3][2].back() == '1' ? '2' : '1';  // check char
  rows[9][4] = "12345";                                      // phone
  rows[14][2] = test::ResidentIdFor("20110321", 5);          // 15y364d
  auto report =
      svc_.Import(C("inst-Z370211P001-op"), mianshi_, test::XlsxOf(rows));
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->rows, 20);
  EXPECT_EQ(report->imported, 17);
  EXPECT_EQ(report->persons_created, 17);
  ASSERT_EQ(report->errors.size(), 3u);
  // Spreadsheet rows: header is row 1, rows[i] is row i + 2.
  EXPECT_EQ(report->errors[0].row, 5);
  EXPECT_EQ(report->errors[0].column, "证件号码");
  EXPECT_NE(report->errors[0].message.find("校验"), std::string::npos)
      << report->errors[0].message;
  EXPECT_EQ(report->errors[1].row, 11);
  EXPECT_EQ(report->errors[1].column, "手机号");
  EXPECT_EQ(report->errors[2].row, 16);
  EXPECT_EQ(report->errors[2].column, "证件号码");
  EXPECT_NE(report->errors[2].message.find("16 周岁"), std::string::npos);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM registrations WHERE source = "
                  "'import'"),
            17);
  // ID numbers are stored encrypted and masked only.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM persons WHERE id_masked LIKE '%*%'") -
                Count("SELECT COUNT(*) FROM persons"),
            0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM persons WHERE id_hash = '" +
                  rows[0][2] + "'"),
            0);
  // One audit entry for the whole file, without personal data.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = "
                  "'registration.import'"),
            1);
}

TEST_F(RegistrationServiceTest,
       DuplicatesInsideOneFileAndAcrossCallsAreListed) {
  std::vector<CandidateRow> rows = test::ValidRows(5, 300);
  rows.push_back(rows[1]);  // row 7 repeats row 3
  const Caller inst = C("inst-Z370211P001");
  auto report = svc_.Import(inst, mianshi_, test::CsvOf(rows));
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->imported, 5);
  ASSERT_EQ(report->errors.size(), 1u);
  EXPECT_EQ(report->errors[0].row, 7);
  EXPECT_EQ(report->errors[0].column, "证件号码");
  EXPECT_NE(report->errors[0].message.find("第 3 行"), std::string::npos);
  // The same file again: everyone already has an open registration.
  auto again = svc_.Import(inst, mianshi_, test::CsvOf(rows));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->imported, 0);
  ASSERT_EQ(again->errors.size(), 6u);
  EXPECT_NE(again->errors[0].message.find("有效报名"), std::string::npos);
  EXPECT_EQ(RegistrationsOf(mianshi_),
            5 + 2);  // plus the demo's 刘小红 and 赵强
}

TEST_F(RegistrationServiceTest, GbkCsvNamesComeOutRight) {
  std::vector<CandidateRow> rows = test::ValidRows(3, 500);
  rows[0][0] = "欧阳娜娜";
  rows[1][0] = "诸葛明";
  rows[2][0] = "龚雪";
  auto gbk = docs::Utf8ToGbk(test::CsvOf(rows));
  ASSERT_TRUE(gbk.ok());
  // Read as UTF-8 the file would be mojibake: it is not even valid UTF-8,
  // and a lossy decode would not contain the names.
  EXPECT_FALSE(docs::IsValidUtf8(*gbk));
  EXPECT_EQ(gbk->find("欧阳娜娜"), std::string::npos);
  EXPECT_EQ(docs::DetectEncoding(*gbk), docs::TextEncoding::kGbk);
  EXPECT_FALSE(docs::ToUtf8(*gbk, docs::TextEncoding::kUtf8).ok());

  auto report = svc_.Import(C("inst-Z370211P001"), zhibo_, *gbk);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->imported, 3);
  EXPECT_TRUE(report->errors.empty());
  auto list = svc_.List(C("inst-Z370211P001"),
                        {.plan_item_id = zhibo_, .name = "欧阳"});
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->items.size(), 1u);
  EXPECT_EQ(list->items[0].person_name, "欧阳娜娜");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM persons WHERE name IN ('诸葛明', "
                  "'龚雪')"),
            2);
}

TEST_F(RegistrationServiceTest, NothingIsImportedWhenTheTransactionFails) {
  // A trigger makes the 6th registration of the file fail in the database.
  const std::string sql =
      tdb_.is_postgres()
          ? "CREATE FUNCTION boom() RETURNS trigger AS $$ BEGIN IF (SELECT "
            "COUNT(*) FROM registrations WHERE source = 'import') >= 5 THEN "
            "RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$ LANGUAGE "
            "plpgsql; CREATE TRIGGER boom BEFORE INSERT ON registrations FOR "
            "EACH ROW EXECUTE FUNCTION boom();"
          : "CREATE TRIGGER boom BEFORE INSERT ON registrations WHEN (SELECT "
            "COUNT(*) FROM registrations WHERE source = 'import') >= 5 BEGIN "
            "SELECT RAISE(ABORT, 'boom'); END;";
  ASSERT_TRUE(
      tdb_.db()
          .Transact(store::Database::Mode::kWrite,
                    [&](store::Connection& c) { return c.ExecScript(sql); })
          .ok());
  const int64_t persons = Count("SELECT COUNT(*) FROM persons");
  const int64_t audit = Count("SELECT COUNT(*) FROM audit_log");
  auto report = svc_.Import(C("inst-Z370211P001"), zhibo_,
                            test::XlsxOf(test::ValidRows(10, 700)));
  EXPECT_FALSE(report.ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM registrations WHERE source = "
                  "'import'"),
            0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM persons"), persons);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log"), audit);
}

TEST_F(RegistrationServiceTest, BadFilesAreRefusedAsAWhole) {
  const Caller inst = C("inst-Z370211P001");
  auto no_phone = svc_.Import(inst, zhibo_, "姓名,证件号码\r\n王芳,1\r\n");
  EXPECT_EQ(no_phone.status().code(), "import.missing_column");
  EXPECT_NE(no_phone.status().message().find("手机号"), std::string::npos);
  auto junk = svc_.Import(inst, zhibo_, std::string("PK\x03\x04junk", 8));
  EXPECT_EQ(junk.status().status_code(), StatusCode::kInvalidArgument);
}

TEST_F(RegistrationServiceTest, ImportJobReportsProgressAndResult) {
  const Caller inst = C("inst-Z370211P001");
  std::vector<CandidateRow> rows = test::ValidRows(2500, 1000);
  rows[10][0] = "";
  auto id = svc_.StartImport(inst, zhibo_, test::XlsxOf(rows));
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  // Another institution cannot see it.
  EXPECT_EQ(svc_.ImportJob(C("inst-Z370212Q001"), *id).status().status_code(),
            StatusCode::kNotFound);
  ImportJobView v;
  for (int i = 0; i < 600; ++i) {
    auto got = svc_.ImportJob(C("inst-Z370211P001-op"), *id);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    v = *got;
    if (v.phase == "done" || v.phase == "failed") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(v.phase, "done");
  ASSERT_TRUE(v.report.has_value());
  EXPECT_EQ(v.rows_total, 2500);
  EXPECT_EQ(v.report->imported, 2499);
  ASSERT_EQ(v.report->errors.size(), 1u);
  EXPECT_EQ(v.report->errors[0].row, 12);
  EXPECT_EQ(v.report->errors[0].column, "姓名");
}

TEST_F(RegistrationServiceTest, ScopeOnListsGetAndCancel) {
  // Demo: 刘小红 (candidate 1) on 面点 of Z370211P001, 王大伟 (candidate 2)
  // on 茶艺 of Z370212Q001.
  auto mine = svc_.List(C("13800000001"), {});
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->total, 1);
  const int64_t liu = mine->items[0].id;
  auto wang_list = svc_.List(C("13800000002"), {});
  ASSERT_TRUE(wang_list.ok());
  ASSERT_EQ(wang_list->total, 1);
  const int64_t wang = wang_list->items[0].id;

  EXPECT_TRUE(svc_.Get(C("inst-Z370211P001"), liu).ok());
  EXPECT_TRUE(svc_.Get(C("district-370211"), liu).ok());
  EXPECT_TRUE(svc_.Get(C("city"), wang).ok());
  EXPECT_TRUE(svc_.Get(C("province"), wang).ok());
  for (const char* outsider :
       {"inst-Z370212Q001", "district-370212", "13800000002"}) {
    EXPECT_EQ(svc_.Get(C(outsider), liu).status().status_code(),
              StatusCode::kNotFound)
        << outsider;
    EXPECT_EQ(svc_.Cancel(C(outsider), liu).status().status_code(),
              std::string(outsider).starts_with("district")
                  ? StatusCode::kPermissionDenied
                  : StatusCode::kNotFound)
        << outsider;
  }
  EXPECT_EQ(svc_.Get(C("examiner-01"), liu).status().status_code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(svc_.Cancel(C("city"), liu).status().status_code(),
            StatusCode::kPermissionDenied);

  auto district = svc_.List(C("district-370212"), {});
  ASSERT_TRUE(district.ok());
  for (const auto& g : district->items) EXPECT_EQ(g.district_code, "370212");
  auto inst = svc_.List(C("inst-Z370211P001"), {});
  ASSERT_TRUE(inst.ok());
  for (const auto& g : inst->items) EXPECT_EQ(g.institution_id, 1);
  EXPECT_GE(inst->total, 5);

  // The candidate cancels their own; a second cancel is refused.
  auto cancelled = svc_.Cancel(C("13800000001"), liu);
  ASSERT_TRUE(cancelled.ok()) << cancelled.status().ToString();
  EXPECT_EQ(cancelled->state, RegistrationState::kCancelled);
  EXPECT_EQ(svc_.Cancel(C("13800000001"), liu).status().code(),
            "registration.state");
  // After the exam date nobody cancels.
  clock_.SetDate(*Date::FromYmd(2027, 5, 15));
  EXPECT_EQ(svc_.Cancel(C("13800000002"), wang).status().code(),
            "registration.closed");
}

TEST_F(RegistrationServiceTest, ExportAndTemplateAreWorkbooks) {
  ASSERT_TRUE(svc_.Import(C("inst-Z370211P001"), zhibo_,
                          test::CsvOf(test::ValidRows(4, 900)))
                  .ok());
  auto xlsx = svc_.ExportXlsx(
      C("inst-Z370211P001"),
      {.plan_item_id = zhibo_, .state = RegistrationState::kRegistered});
  ASSERT_TRUE(xlsx.ok()) << xlsx.status().ToString();
  auto table = docs::ReadTable(*xlsx);
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->header[1], "姓名");
  EXPECT_EQ(table->rows.size(), 4u + 2u);  // plus the demo's 张伟, 孙丽
  for (const auto& r : table->rows) {
    EXPECT_NE(r[3].find('*'), std::string::npos);  // masked ID
  }
  auto foreign =
      svc_.ExportXlsx(C("inst-Z370212Q001"), {.plan_item_id = zhibo_});
  ASSERT_TRUE(foreign.ok());
  EXPECT_TRUE(docs::ReadTable(*foreign)->rows.empty());

  auto tpl = RegistrationService::TemplateXlsx();
  ASSERT_TRUE(tpl.ok());
  auto header = docs::ReadTable(*tpl);
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(header->header, test::ImportHeader());
  EXPECT_TRUE(header->rows.empty());
}

}  // namespace
}  // namespace zxkh::service
