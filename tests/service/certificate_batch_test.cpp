// Batch issuance (R-EXA-11, R-EXA-12, issue 7 point 1) on SQLite and
// PostgreSQL: only the city, only on city-approved results, only for
// candidates who sat and scored ≥ 60.0, with the basis read from the
// scoring tables in the issuing transaction; a failure anywhere issues
// nothing, a repeat issues no duplicates, numbers stay gap-free.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "common/codes.hpp"
#include "service/certificate_service.hpp"
#include "service/seed.hpp"
#include "store/migrate.hpp"
#include "support/registration_fixture.hpp"
#include "support/scoring_fixture.hpp"
#include "support/test_db.hpp"

namespace zxkh::service {
namespace {

using domain::Caller;
using domain::Role;

class CertificateBatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.SetDate(*Date::FromYmd(2026, 12, 28), 9);
    ASSERT_TRUE(store::Migrate(tdb_.db()).ok());
    ASSERT_TRUE(SeedProductData(tdb_.db(), clock_).ok());
    auto demo = SeedDemoData(tdb_.db(), clock_, pii_, files_);
    ASSERT_TRUE(demo.ok()) << demo.status().ToString();
    city_.role = Role::kCity;
    city_.user_id = One("SELECT id FROM users WHERE username = 'city'");
    // A batch of Z370211P001 with four candidates: 85.6, 59.9, 60.0 and
    // one absent (no final score); the sheet locked.
    w_ = test::MakeScoringWorld(tdb_.db(), "Z370211P001", {"examiner-01"}, 0);
    a_ = Candidate(1, "present", 856);
    b_ = Candidate(2, "present", 599);
    c_ = Candidate(3, "present", 600);
    d_ = Candidate(4, "absent", std::nullopt);
    Exec(
        "INSERT INTO score_sheets (session_id, batch_id, locked_at) VALUES "
        "(?, ?, 1)",
        {w_.session_id, w_.batch_id});
  }

  int64_t Candidate(int n, const std::string& attendance,
                    std::optional<int> final_tenths) {
    const int64_t reg = test::AddSessionCandidate(tdb_.db(), w_.session_id,
                                                  7000 + n, attendance, &pii_);
    if (final_tenths) {
      Exec(
          "INSERT INTO final_scores (registration_id, session_id, batch_id, "
          "final_tenths, passed, computed_at) VALUES (?, ?, ?, ?, ?, 1)",
          {reg, w_.session_id, w_.batch_id, int64_t{*final_tenths},
           int64_t{*final_tenths >= 600 ? 1 : 0}});
    }
    return reg;
  }

  void Approve(const std::string& state = "approved") {
    test::SetResultsBySql(tdb_.db(), w_.batch_id, state, "2026-12-15",
                          "2026-12-21");
  }

  void Exec(const std::string& sql,
            std::initializer_list<store::Value> params) {
    auto r = tdb_.db().Transact(
        store::Database::Mode::kWrite,
        [&](store::Connection& c) { return c.Exec(sql, params).status(); });
    ASSERT_TRUE(r.ok()) << r.ToString() << " " << sql;
  }

  int64_t One(const std::string& sql,
              std::initializer_list<store::Value> params = {}) {
    auto r = tdb_.db().InTransaction(
        store::Database::Mode::kRead,
        [&](store::Connection& c) { return c.One(sql, params); });
    EXPECT_TRUE(r.ok()) << r.status().ToString() << " " << sql;
    return r.ok() ? r->Int(0) : -1;
  }

  int64_t Certificates() { return One("SELECT COUNT(*) FROM certificates"); }

  FakeClock clock_;
  PiiCipher pii_ = PiiCipher::ForTesting("certificate-batch-test");
  test::TempDir dir_;
  store::FileStore files_{dir_.path() + "/files"};
  test::TestDatabase tdb_;
  Keyring keys_{SigningKey::FromSeed(std::string(32, 'b'))};
  CertificateService svc_{tdb_.db(), clock_, keys_, pii_};
  Caller city_;
  test::ScoringWorld w_;
  int64_t a_ = 0, b_ = 0, c_ = 0, d_ = 0;
};

TEST_F(CertificateBatchTest, NothingIssuesBeforeTheCityApproved) {
  // No results yet, then every state short of the city's approval.
  auto none = svc_.IssueForBatch(city_, w_.batch_id);
  EXPECT_EQ(none.status().code(), "certificate.results_not_approved");
  EXPECT_EQ(none.status().status_code(), StatusCode::kFailedPrecondition);
  Approve("district_approved");
  auto early = svc_.IssueForBatch(city_, w_.batch_id);
  EXPECT_EQ(early.status().code(), "certificate.results_not_approved");
  EXPECT_EQ(Certificates(), 0);
  EXPECT_EQ(One("SELECT COUNT(*) FROM audit_log WHERE action LIKE "
                "'certificate.%'"),
            0);
}

TEST_F(CertificateBatchTest, OnlyTheCityIssues) {
  Approve();
  Caller district;
  district.role = Role::kDistrict;
  district.district_code = "370211";
  Caller inst;
  inst.role = Role::kInstitutionAdmin;
  inst.institution_id = 1;
  Caller province;
  province.role = Role::kProvince;
  for (const Caller& c : {district, inst, province}) {
    EXPECT_EQ(svc_.IssueForBatch(c, w_.batch_id).status().status_code(),
              StatusCode::kPermissionDenied);
  }
  EXPECT_EQ(svc_.IssueForBatch(city_, 999999).status().code(),
            "certificate.batch_not_found");
  EXPECT_EQ(Certificates(), 0);
}

TEST_F(CertificateBatchTest, IssuesOnlyToThosePresentWithSixtyOrMore) {
  Approve();
  auto done = svc_.IssueForBatch(city_, w_.batch_id);
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  ASSERT_EQ(done->issued.size(), 2u);
  EXPECT_EQ(done->already_issued, 0);
  // In registration order, numbered 000001 and 000002.
  const auto& first = done->issued[0];
  const auto& second = done->issued[1];
  EXPECT_EQ(first.certificate.registration_id.value_or(0), a_);
  EXPECT_EQ(first.final_tenths.value_or(0), 856);
  EXPECT_EQ(second.certificate.registration_id.value_or(0), c_);
  EXPECT_EQ(second.final_tenths.value_or(0), 600);
  EXPECT_EQ(first.certificate.record.number.substr(0, 19),
            "Z370211P00126000001");
  EXPECT_EQ(second.certificate.record.number.substr(0, 19),
            "Z370211P00126000002");
  // The record comes from the person, institution and project rows.
  const std::string id = test::NthResidentId(500 + 7001);
  const domain::CertificateRecord& rec = first.certificate.record;
  EXPECT_EQ(rec.holder_name, "考生7001");
  EXPECT_EQ(rec.id_masked, MaskIdNumber(id));
  EXPECT_EQ(rec.id_hash, domain::IdNumberHash(rec.id_salt, id));
  EXPECT_EQ(rec.project_code, "ZX01001");
  EXPECT_EQ(rec.institution_code, "Z370211P001");
  EXPECT_EQ(first.certificate.person_id.value_or(0),
            One("SELECT person_id FROM registrations WHERE id = ?", {a_}));
  EXPECT_EQ(svc_.Verify(rec.number, "考生7001")->status, "valid");
  // Not the 59.9 one, not the absentee.
  EXPECT_EQ(One("SELECT COUNT(*) FROM certificates WHERE registration_id IN "
                "(?, ?)",
                {b_, d_}),
            0);
  EXPECT_EQ(Certificates(), 2);
  EXPECT_EQ(One("SELECT COUNT(*) FROM audit_log WHERE action = "
                "'certificate.issue'"),
            2);
  EXPECT_EQ(One("SELECT COUNT(*) FROM audit_log WHERE action = "
                "'certificate.issue_batch' AND target_id = ?",
                {std::to_string(w_.batch_id)}),
            1);

  // The readers' list carries the scores.
  auto list = svc_.ForBatch(city_, w_.batch_id);
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  EXPECT_TRUE(list->results_approved);
  EXPECT_EQ(list->passing, 2);
  EXPECT_EQ(list->pending, 0);
  ASSERT_EQ(list->certificates.size(), 2u);
  EXPECT_EQ(list->certificates[0].final_tenths.value_or(0), 856);
}

TEST_F(CertificateBatchTest, ARepeatIssuesNoDuplicatesAndNumbersStayGapFree) {
  Approve();
  ASSERT_TRUE(svc_.IssueForBatch(city_, w_.batch_id).ok());
  auto again = svc_.IssueForBatch(city_, w_.batch_id);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(again->issued.empty());
  EXPECT_EQ(again->already_issued, 2);
  EXPECT_EQ(Certificates(), 2);
  // Nothing issued: no batch entry in the log for the repeat.
  EXPECT_EQ(One("SELECT COUNT(*) FROM audit_log WHERE action = "
                "'certificate.issue_batch'"),
            1);
  // The next serial follows on.
  IssueInput next;
  next.institution_id = 1;
  next.institution_code = "Z370211P001";
  next.institution_name = "机构";
  next.holder_name = "下一位";
  next.id_number = test::NthResidentId(42);
  next.project_code = "ZX01001";
  next.project_name = "项目";
  next.basis = {
      .results_city_approved = true, .sat = true, .score_tenths = 700};
  auto n = svc_.Issue(city_, next);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(n->record.number.substr(13, 6), "000003");
}

TEST_F(CertificateBatchTest, AFailureMidBatchIssuesNothing) {
  // A fifth candidate scored 75.0 whose ID number cannot be opened (a
  // corrupt row): it comes after a_, so a_'s certificate would be made
  // first.
  const int64_t e = test::AddSessionCandidate(tdb_.db(), w_.session_id, 7005,
                                              "present", nullptr);
  Exec(
      "INSERT INTO final_scores (registration_id, session_id, batch_id, "
      "final_tenths, passed, computed_at) VALUES (?, ?, ?, 750, 1, 1)",
      {e, w_.session_id, w_.batch_id});
  Approve();
  auto failed = svc_.IssueForBatch(city_, w_.batch_id);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), "certificate.holder_id_unreadable");
  EXPECT_NE(failed.status().message().find(std::to_string(e)),
            std::string::npos)
      << failed.status().ToString();
  EXPECT_EQ(Certificates(), 0);
  EXPECT_EQ(One("SELECT COUNT(*) FROM audit_log WHERE action LIKE "
                "'certificate.%'"),
            0);

  // A passing score recorded for an absentee is refused by the basis read
  // from attendance, and again nothing is issued.
  Exec(
      "UPDATE persons SET id_cipher = ? WHERE id = (SELECT person_id FROM "
      "registrations WHERE id = ?)",
      {store::Blob{pii_.Encrypt(test::NthResidentId(500 + 7005))}, e});
  Exec(
      "UPDATE batch_session_candidates SET attendance = 'absent' WHERE "
      "registration_id = ?",
      {e});
  auto absent = svc_.IssueForBatch(city_, w_.batch_id);
  EXPECT_EQ(absent.status().code(), "certificate.absent");
  EXPECT_NE(absent.status().message().find("考生7005"), std::string::npos);
  EXPECT_EQ(Certificates(), 0);

  // Repaired, the batch issues from serial 1: the failures used none.
  Exec(
      "UPDATE batch_session_candidates SET attendance = 'present' WHERE "
      "registration_id = ?",
      {e});
  auto done = svc_.IssueForBatch(city_, w_.batch_id);
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  ASSERT_EQ(done->issued.size(), 3u);
  std::set<std::string> serials;
  for (const auto& c : done->issued) {
    serials.insert(c.certificate.record.number.substr(13, 6));
  }
  EXPECT_EQ(serials, (std::set<std::string>{"000001", "000002", "000003"}));
}

TEST_F(CertificateBatchTest, TwoCityAdministratorsAtOnceIssueEachOnce) {
  Approve();
  auto pool = tdb_.OpenPool(2);
  CertificateService shared(*pool, clock_, keys_, pii_);
  std::atomic<int> issued{0};
  std::atomic<int> skipped{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&] {
      auto r = shared.IssueForBatch(city_, w_.batch_id);
      if (!r.ok()) {
        ADD_FAILURE() << r.status().ToString();
        return;
      }
      issued += static_cast<int>(r->issued.size());
      skipped += r->already_issued;
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(issued.load(), 2);
  EXPECT_EQ(skipped.load(), 2);
  EXPECT_EQ(Certificates(), 2);
}

TEST_F(CertificateBatchTest, TheBatchListFollowsTheBatchScope) {
  Approve();
  auto before = svc_.ForBatch(city_, w_.batch_id);
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->pending, 2);
  EXPECT_TRUE(before->certificates.empty());
  ASSERT_TRUE(svc_.IssueForBatch(city_, w_.batch_id).ok());

  Caller inst;
  inst.role = Role::kInstitutionOperator;
  inst.institution_id = 1;
  Caller district;
  district.role = Role::kDistrict;
  district.district_code = "370211";
  Caller province;
  province.role = Role::kProvince;
  for (const Caller& c : {inst, district, province}) {
    auto l = svc_.ForBatch(c, w_.batch_id);
    ASSERT_TRUE(l.ok()) << l.status().ToString();
    EXPECT_EQ(l->certificates.size(), 2u);
  }
  Caller other_inst = inst;
  other_inst.institution_id = 2;
  Caller other_district = district;
  other_district.district_code = "370212";
  for (const Caller& c : {other_inst, other_district}) {
    EXPECT_EQ(svc_.ForBatch(c, w_.batch_id).status().code(),
              "certificate.batch_not_found");
  }
  Caller candidate;
  candidate.role = Role::kCandidate;
  EXPECT_EQ(svc_.ForBatch(candidate, w_.batch_id).status().status_code(),
            StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace zxkh::service
