// Certificates through the service on SQLite and PostgreSQL (R-EXA-12,
// CODES.md): gap-free numbers under concurrency, every issuance refusal,
// verification by number and name only, revocation and the status list.
#include "service/certificate_service.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <set>
#include <thread>

#include "common/codes.hpp"
#include "domain/certificate_verification.hpp"
#include "service/seed.hpp"
#include "store/migrate.hpp"
#include "support/test_db.hpp"

namespace zxkh::service {
namespace {

namespace json = boost::json;

class CertificateServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.SetDate(*Date::FromYmd(2026, 12, 8), 9);
    ASSERT_TRUE(store::Migrate(tdb_.db()).ok());
    ASSERT_TRUE(SeedProductData(tdb_.db(), clock_).ok());
    auto demo = SeedDemoData(tdb_.db(), clock_, pii_, files_);
    ASSERT_TRUE(demo.ok()) << demo.status().ToString();
    city_.role = domain::Role::kCity;
    city_.user_id = One("SELECT id FROM users WHERE username = 'city'");
  }

  int64_t One(const std::string& sql) {
    auto r = tdb_.db().InTransaction(
        store::Database::Mode::kRead,
        [&](store::Connection& c) { return c.One(sql, {}); });
    EXPECT_TRUE(r.ok()) << r.status().ToString() << " " << sql;
    return r.ok() ? r->Int(0) : -1;
  }

  // A passing candidate of Z370211P001 (institution 1) in 胶东花饽饽制作.
  IssueInput Passing(std::string name = "刘小红",
                     std::string id = "370211199803150021") {
    IssueInput in;
    in.institution_id = 1;
    in.institution_code = "Z370211P001";
    in.institution_name = "青岛西海岸新区职业技能培训学校";
    in.holder_name = std::move(name);
    in.id_number = std::move(id);
    in.project_code = "ZX01001";
    in.project_name = "胶东花饽饽制作";
    in.basis.results_city_approved = true;
    in.basis.sat = true;
    in.basis.score_tenths = 856;
    return in;
  }

  FakeClock clock_;
  PiiCipher pii_ = PiiCipher::ForTesting("certificate-test");
  test::TempDir dir_;
  store::FileStore files_{dir_.path() + "/files"};
  test::TestDatabase tdb_;
  Keyring keys_{SigningKey::FromSeed(std::string(32, 'c'))};
  CertificateService svc_{tdb_.db(), clock_, keys_, pii_};
  domain::Caller city_;
};

TEST_F(CertificateServiceTest, NumbersAreGapFreePerInstitutionAndYear) {
  std::vector<std::string> numbers;
  for (int i = 0; i < 3; ++i) {
    auto c = svc_.Issue(city_, Passing());
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    numbers.push_back(c->record.number);
  }
  EXPECT_EQ(numbers[0].substr(0, 19), "Z370211P00126000001");
  EXPECT_EQ(numbers[2].substr(0, 19), "Z370211P00126000003");
  for (const std::string& n : numbers) {
    EXPECT_TRUE(ValidateCertificateNumber(n).ok()) << n;
  }
  // Another institution starts at 1; a new year starts again at 1.
  IssueInput other = Passing();
  other.institution_id = 2;
  other.institution_code = "Z370212Q001";
  auto o = svc_.Issue(city_, other);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->record.number.substr(0, 19), "Z370212Q00126000001");
  clock_.SetDate(*Date::FromYmd(2027, 1, 4), 9);
  auto next_year = svc_.Issue(city_, Passing());
  ASSERT_TRUE(next_year.ok());
  EXPECT_EQ(next_year->record.number.substr(0, 19), "Z370211P00127000001");
}

TEST_F(CertificateServiceTest, RefusesWhatRestsOnNoPassingApprovedResult) {
  IssueInput failed = Passing();
  failed.basis.score_tenths = 599;
  auto s = svc_.Issue(city_, failed);
  EXPECT_EQ(s.status().code(), "certificate.failed");
  EXPECT_NE(s.status().message().find("59.9"), std::string::npos);
  IssueInput absent = Passing();
  absent.basis.sat = false;
  EXPECT_EQ(svc_.Issue(city_, absent).status().code(), "certificate.absent");
  IssueInput unapproved = Passing();
  unapproved.basis.results_city_approved = false;
  EXPECT_EQ(svc_.Issue(city_, unapproved).status().code(),
            "certificate.results_not_approved");
  // Nothing was written and no serial was used up.
  EXPECT_EQ(One("SELECT COUNT(*) FROM certificates"), 0);
  auto first = svc_.Issue(city_, Passing());
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->record.number.substr(13, 6), "000001");
}

TEST_F(CertificateServiceTest, OneCertificatePerRegistration) {
  const int64_t reg = One("SELECT MIN(id) FROM registrations");
  ASSERT_GT(reg, 0);
  IssueInput in = Passing();
  in.registration_id = reg;
  ASSERT_TRUE(svc_.Issue(city_, in).ok());
  EXPECT_EQ(svc_.Issue(city_, in).status().code(),
            "certificate.already_issued");
  EXPECT_EQ(One("SELECT COUNT(*) FROM certificates"), 1);
  // The refused second one gave its serial back.
  auto next = svc_.Issue(city_, Passing());
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->record.number.substr(13, 6), "000002");
}

TEST_F(CertificateServiceTest, VerificationNeedsNumberAndNameTogether) {
  auto c = svc_.Issue(city_, Passing());
  ASSERT_TRUE(c.ok());
  const std::string number = c->record.number;

  auto ok = svc_.Verify(number, "刘小红");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->status, "valid");
  ASSERT_TRUE(ok->certificate.has_value());
  EXPECT_EQ(ok->certificate->record.id_masked, "3702**********0021");
  // Lower case and spaces are forgiven.
  std::string lower = number;
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  EXPECT_EQ(svc_.Verify(" " + lower + " ", "刘 小红")->status, "valid");

  // A wrong name answers exactly like an unknown number.
  auto wrong_name = svc_.Verify(number, "刘小明");
  ASSERT_TRUE(wrong_name.ok());
  EXPECT_EQ(wrong_name->status, "not_found");
  EXPECT_FALSE(wrong_name->certificate.has_value());
  auto unknown = FormatCertificateNumber("Z370211P001", 2026, 999);
  ASSERT_TRUE(unknown.ok());
  auto no_such = svc_.Verify(*unknown, "刘小红");
  ASSERT_TRUE(no_such.ok());
  EXPECT_EQ(no_such->status, "not_found");
  EXPECT_FALSE(no_such->certificate.has_value());

  // No lookup by number alone.
  EXPECT_EQ(svc_.Verify(number, "  ").status().code(),
            "certificate.name_required");
}

TEST_F(CertificateServiceTest, AWrongCheckCharacterIsAnsweredWithoutALookup) {
  auto c = svc_.Issue(city_, Passing());
  ASSERT_TRUE(c.ok());
  std::string typo = c->record.number;
  typo.back() = typo.back() == 'A' ? 'B' : 'A';
  // A service on a database without any table: a lookup would fail with a
  // store error, so the check-character answer proves none was made.
  test::TestDatabase empty;
  CertificateService blind(empty.db(), clock_, keys_, pii_);
  EXPECT_EQ(blind.Verify(typo, "刘小红").status().code(),
            "certificate.check_char");
  EXPECT_EQ(blind.Verify("Z370211P0012600000", "刘小红").status().code(),
            "certificate.length");
  EXPECT_FALSE(blind.Verify(c->record.number, "刘小红").ok());  // it looked
}

TEST_F(CertificateServiceTest, RevocationShowsInVerificationAndStatusList) {
  auto c = svc_.Issue(city_, Passing());
  ASSERT_TRUE(c.ok());
  const std::string number = c->record.number;
  domain::Caller district;
  district.role = domain::Role::kDistrict;
  district.district_code = "370211";
  EXPECT_EQ(svc_.Revoke(district, number, "违规").code(),
            "certificate.forbidden");
  EXPECT_EQ(svc_.Revoke(city_, number, " ").code(),
            "certificate.reason_required");
  auto before = svc_.StatusListJson();
  ASSERT_TRUE(before.ok());

  ASSERT_TRUE(svc_.Revoke(city_, number, "考核过程违规，依法撤销").ok());
  EXPECT_EQ(svc_.Revoke(city_, number, "再次撤销").code(),
            "certificate.already_revoked");
  auto v = svc_.Verify(number, "刘小红");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->status, "revoked");
  EXPECT_EQ(v->certificate->revoke_reason, "考核过程违规，依法撤销");

  // Offline: the token verifies, the fresh status list says revoked, the
  // list fetched before the revocation still says valid.
  auto keyset = domain::ParseKeySet(json::serialize(json::object{
      {"keys",
       json::array{json::object{
           {"key_id", keys_.current()->key_id()},
           {"public_key", Base64Encode(keys_.current()->public_key())}}}}}));
  ASSERT_TRUE(keyset.ok());
  const std::string token = CertificateService::TokenOf(*c);
  auto after = svc_.StatusListJson();
  ASSERT_TRUE(after.ok());
  const int64_t now = clock_.NowUnixMillis();
  auto fresh = domain::VerifyOffline(token, *keyset, *after, now);
  EXPECT_EQ(fresh.signature, domain::SignatureVerdict::kValid);
  EXPECT_EQ(fresh.status, domain::StatusVerdict::kRevoked);
  EXPECT_EQ(domain::VerifyOffline(token, *keyset, *before, now).status,
            domain::StatusVerdict::kValid);
  EXPECT_EQ(One("SELECT COUNT(*) FROM audit_log WHERE action = "
                "'certificate.revoke'"),
            1);
}

TEST_F(CertificateServiceTest, EightThreadsIssueUniqueGapFreeNumbers) {
  constexpr int kThreads = 8;
  constexpr int kEach = 25;
  auto pool = tdb_.OpenPool(kThreads);
  CertificateService shared(*pool, clock_, keys_, pii_);
  std::vector<std::thread> threads;
  std::vector<std::vector<std::string>> issued(kThreads);
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto c = shared.Issue(city_, Passing());
        if (c.ok()) {
          issued[t].push_back(c->record.number);
        } else {
          ++failures;
          ADD_FAILURE() << c.status().ToString();
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  std::set<std::string> numbers;
  std::set<int> serials;
  for (const auto& list : issued) {
    for (const std::string& n : list) {
      numbers.insert(n);
      serials.insert(std::stoi(n.substr(13, 6)));
    }
  }
  EXPECT_EQ(numbers.size(), static_cast<std::size_t>(kThreads * kEach));
  ASSERT_FALSE(serials.empty());
  EXPECT_EQ(*serials.begin(), 1);
  EXPECT_EQ(*serials.rbegin(), kThreads * kEach);  // gap-free
  EXPECT_EQ(serials.size(), static_cast<std::size_t>(kThreads * kEach));
}

}  // namespace
}  // namespace zxkh::service
