// Certificates for their readers (issue 7): the PDF within scope (holder,
// issuing institution, its district, the city; anything else NotFound),
// "my certificates", the paper-certificate roster and the public
// transparency proof, on SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "common/codes.hpp"
#include "common/crypto.hpp"
#include "docs/certificate_pdf.hpp"
#include "docs/pdf_reader.hpp"
#include "docs/xlsx_reader.hpp"
#include "domain/certificate_verification.hpp"
#include "service/audit_service.hpp"
#include "service/certificate_service.hpp"
#include "service/seed.hpp"
#include "store/migrate.hpp"
#include "support/test_db.hpp"

namespace zxkh::service {
namespace {

namespace json = boost::json;
using domain::Role;

class CertificateAccessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.SetDate(*Date::FromYmd(2026, 12, 8), 9);
    ASSERT_TRUE(store::Migrate(tdb_.db()).ok());
    ASSERT_TRUE(SeedProductData(tdb_.db(), clock_).ok());
    auto demo = SeedDemoData(tdb_.db(), clock_, pii_, files_);
    ASSERT_TRUE(demo.ok()) << demo.status().ToString();
    city_.role = Role::kCity;
    city_.user_id = One("SELECT id FROM users WHERE username = 'city'");
    liu_person_ =
        One("SELECT person_id FROM users WHERE username = '13800000001'");
    ASSERT_GT(liu_person_, 0);
  }

  int64_t One(const std::string& sql) {
    auto r = tdb_.db().InTransaction(
        store::Database::Mode::kRead,
        [&](store::Connection& c) { return c.One(sql, {}); });
    EXPECT_TRUE(r.ok()) << r.status().ToString() << " " << sql;
    return r.ok() ? r->Int(0) : -1;
  }

  domain::Caller User(const std::string& username) {
    domain::Caller c;
    auto r = tdb_.db().InTransaction(
        store::Database::Mode::kRead, [&](store::Connection& conn) {
          return conn.One(
              "SELECT id, role, district_code, institution_id FROM users "
              "WHERE username = ?",
              {username});
        });
    EXPECT_TRUE(r.ok()) << username << " " << r.status().ToString();
    if (!r.ok()) return c;
    c.user_id = r->Int(0);
    c.role = domain::ParseRole(r->Text(1)).value_or(Role::kPublic);
    c.district_code = r->OptText(2);
    c.institution_id = r->OptInt(3);
    return c;
  }

  // Liu's passing certificate of Z370211P001 (district 370211).
  store::CertificateRow IssueLiu() {
    IssueInput in;
    in.institution_id =
        One("SELECT id FROM institutions WHERE code = 'Z370211P001'");
    in.institution_code = "Z370211P001";
    in.institution_name = "青岛西海岸新区职业技能培训学校";
    in.person_id = liu_person_;
    in.holder_name = "刘小红";
    in.id_number = "370211199803150021";
    in.project_code = "ZX01001";
    in.project_name = "胶东花饽饽制作";
    in.basis = {
        .results_city_approved = true, .sat = true, .score_tenths = 856};
    auto c = svc_.Issue(city_, in);
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? *c : store::CertificateRow{};
  }

  FakeClock clock_;
  PiiCipher pii_ = PiiCipher::ForTesting("certificate-access-test");
  test::TempDir dir_;
  store::FileStore files_{dir_.path() + "/files"};
  test::TestDatabase tdb_;
  Keyring keys_{SigningKey::FromSeed(std::string(32, 'c'))};
  CertificateService svc_{tdb_.db(), clock_, keys_, pii_};
  AuditService audit_{tdb_.db(), clock_, *keys_.current()};
  domain::Caller city_;
  int64_t liu_person_ = 0;
};

TEST_F(CertificateAccessTest, PdfForHolderInstitutionDistrictAndCityOnly) {
  const store::CertificateRow c = IssueLiu();
  const std::string& n = c.record.number;
  const std::string url = "https://zxkh.example/verify";
  for (const std::string who :
       {"13800000001", "inst-Z370211P001", "inst-Z370211P001-op",
        "district-370211", "city", "province"}) {
    auto pdf = svc_.Pdf(User(who), n, url);
    ASSERT_TRUE(pdf.ok()) << who << " " << pdf.status().ToString();
    ASSERT_TRUE(pdf->starts_with("%PDF")) << who;
  }
  // The PDF carries the stored token and prints the signed record.
  auto pdf = svc_.Pdf(User("13800000001"), n, url);
  auto read = docs::ReadPdf(*pdf);
  ASSERT_TRUE(read.ok());
  auto kw = docs::ParseCertificateKeywords(read->keywords);
  ASSERT_TRUE(kw.ok());
  EXPECT_EQ(kw->token, CertificateService::TokenOf(c));
  EXPECT_EQ(kw->verify_url, url);
  EXPECT_TRUE(docs::CheckCertificateText(c.record, url, read->text).ok());

  // Outside the scope: another candidate, another institution, another
  // district — all NotFound, like an unknown number.
  for (const std::string who :
       {"13800000002", "inst-Z370212Q001", "district-370212"}) {
    auto refused = svc_.Pdf(User(who), n, url);
    EXPECT_EQ(refused.status().code(), "certificate.not_found") << who;
  }
  auto unknown = FormatCertificateNumber("Z370211P001", 2026, 777);
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(svc_.Pdf(city_, *unknown, url).status().code(),
            "certificate.not_found");
  EXPECT_EQ(svc_.Pdf(city_, "nonsense", url).status().code(),
            "certificate.not_found");
  EXPECT_EQ(svc_.Pdf(domain::Caller::Public(), n, url).status().status_code(),
            StatusCode::kUnauthenticated);
}

TEST_F(CertificateAccessTest, MyCertificatesAreTheCallersOnly) {
  const store::CertificateRow c = IssueLiu();
  auto mine = svc_.Mine(User("13800000001"));
  ASSERT_TRUE(mine.ok()) << mine.status().ToString();
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ(mine->front().record.number, c.record.number);
  auto other = svc_.Mine(User("13800000002"));
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->empty());
  EXPECT_EQ(svc_.Mine(city_).status().code(), "auth.forbidden");
}

// Every cell of the first sheet, "|"-separated; `rows` gets the row count.
std::string Flatten(const std::string& bytes, int* rows) {
  auto reader = docs::XlsxReader::Open(bytes);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  std::string out;
  *rows = 0;
  if (!reader.ok()) return out;
  std::vector<std::string> cells;
  int n = 0;
  while (reader->NextRow(cells, n)) {
    ++*rows;
    for (const auto& cell : cells) out += cell + "|";
  }
  return out;
}

TEST_F(CertificateAccessTest, RosterWithinScopeAsXlsxAndPdf) {
  const store::CertificateRow first = IssueLiu();
  const store::CertificateRow second = IssueLiu();
  ASSERT_TRUE(svc_.Revoke(city_, second.record.number, "考核违规").ok());
  RosterQuery q;
  q.institution_id = first.institution_id;
  q.year = 2026;
  auto xlsx = svc_.Roster(User("inst-Z370211P001"), q, /*xlsx=*/true);
  ASSERT_TRUE(xlsx.ok()) << xlsx.status().ToString();
  EXPECT_EQ(xlsx->file_name, "发证名册-Z370211P001-2026.xlsx");
  int rows = 0;
  const std::string flat = Flatten(xlsx->bytes, &rows);
  EXPECT_EQ(rows, 3);
  EXPECT_NE(flat.find(first.record.number + "|刘小红|3702**********0021|"),
            std::string::npos)
      << flat;
  EXPECT_NE(flat.find("已撤销"), std::string::npos);
  EXPECT_EQ(flat.find("370211199803150021"), std::string::npos);

  auto pdf = svc_.Roster(User("district-370211"), q, /*xlsx=*/false);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  auto text = docs::ReadPdf(pdf->bytes);
  ASSERT_TRUE(text.ok());
  EXPECT_NE(text->text.find(second.record.number), std::string::npos);
  ASSERT_TRUE(svc_.Roster(city_, q, true).ok());

  // A date range before the issue date leaves the roster empty.
  RosterQuery early = q;
  early.to = *Date::FromYmd(2026, 12, 7);
  auto none = svc_.Roster(city_, early, true);
  ASSERT_TRUE(none.ok());
  Flatten(none->bytes, &rows);
  EXPECT_EQ(rows, 1);  // the header only

  // Other institutions and districts: NotFound; candidates: forbidden.
  EXPECT_EQ(svc_.Roster(User("inst-Z370212Q001"), q, true).status().code(),
            "certificate.institution_not_found");
  EXPECT_EQ(svc_.Roster(User("district-370212"), q, true).status().code(),
            "certificate.institution_not_found");
  EXPECT_EQ(svc_.Roster(User("13800000001"), q, true).status().code(),
            "auth.forbidden");
  RosterQuery backwards = q;
  backwards.from = *Date::FromYmd(2026, 12, 9);
  backwards.to = *Date::FromYmd(2026, 12, 1);
  EXPECT_EQ(svc_.Roster(city_, backwards, true).status().code(),
            "certificate.roster_range");
}

// The proof JSON as the public route answers it.
std::string ProofJson(const CertificateProof& p) {
  const InclusionProofAnswer& a = p.proof;
  json::array path;
  for (const auto& h : a.audit_path) path.push_back(json::string(h));
  const domain::AuditEntry& e = a.entry;
  return json::serialize(json::object{
      {"number", p.number},
      {"audit_path", path},
      {"entry",
       json::object{
           {"seq", e.seq},
           {"at", e.at},
           {"user_id", e.user_id},
           {"role", e.role},
           {"action", e.action},
           {"target_type", e.target_type},
           {"target_id", e.target_id},
           {"summary", e.summary},
           {"request_id", e.request_id},
           {"district_code", e.district_code ? json::value(*e.district_code)
                                             : json::value(nullptr)},
           {"institution_id", e.institution_id ? json::value(*e.institution_id)
                                               : json::value(nullptr)},
           {"prev_hash", e.prev_hash},
           {"entry_hash", e.entry_hash}}},
      {"checkpoint", json::object{{"tree_size", a.checkpoint.tree_size},
                                  {"root_hash", a.checkpoint.root_hash},
                                  {"signed_at_ms", a.checkpoint.signed_at},
                                  {"key_id", a.checkpoint.key_id},
                                  {"signature", a.checkpoint.signature}}},
  });
}

TEST_F(CertificateAccessTest, PublicProofOfIssuanceUnderASignedCheckpoint) {
  const store::CertificateRow c = IssueLiu();
  const std::string& n = c.record.number;
  // Not under a checkpoint yet: a clear 404, and no checkpoint is signed.
  const int64_t checkpoints = One("SELECT COUNT(*) FROM audit_checkpoints");
  auto early = svc_.PublicProof(audit_, n, "刘小红");
  EXPECT_EQ(early.status().code(), "audit.not_yet_signed");
  EXPECT_EQ(One("SELECT COUNT(*) FROM audit_checkpoints"), checkpoints);

  ASSERT_TRUE(audit_.MaybeCheckpoint(/*force=*/true).ok());
  // Another certificate after the checkpoint, and a second checkpoint.
  const store::CertificateRow other = IssueLiu();
  ASSERT_TRUE(audit_.MaybeCheckpoint(/*force=*/true).ok());

  // Number and name must match, as for verification.
  EXPECT_EQ(svc_.PublicProof(audit_, n, "刘小明").status().code(),
            "certificate.not_found");
  auto proof = svc_.PublicProof(audit_, n, "刘小红");
  ASSERT_TRUE(proof.ok()) << proof.status().ToString();
  EXPECT_EQ(proof->proof.entry.target_id, n);

  auto keyset = domain::ParseKeySet(json::serialize(json::object{
      {"keys",
       json::array{json::object{
           {"key_id", keys_.current()->key_id()},
           {"public_key", Base64Encode(keys_.current()->public_key())}}}}}));
  ASSERT_TRUE(keyset.ok());
  const std::string body = ProofJson(*proof);
  EXPECT_TRUE(domain::VerifyIssuanceProof(body, n, *keyset).ok());

  // A proof for another entry is refused for this certificate.
  auto other_proof = svc_.PublicProof(audit_, other.record.number, "刘小红");
  ASSERT_TRUE(other_proof.ok());
  EXPECT_EQ(
      domain::VerifyIssuanceProof(ProofJson(*other_proof), n, *keyset).code(),
      "certificate.proof_other_entry");

  // A tampered root, a tampered path, a tampered entry, a forged signer.
  CertificateProof bad = *proof;
  bad.proof.checkpoint.root_hash[0] =
      bad.proof.checkpoint.root_hash[0] == 'a' ? 'b' : 'a';
  EXPECT_EQ(domain::VerifyIssuanceProof(ProofJson(bad), n, *keyset).code(),
            "certificate.proof_inclusion");
  if (!proof->proof.audit_path.empty()) {
    CertificateProof path = *proof;
    path.proof.audit_path[0][0] =
        path.proof.audit_path[0][0] == 'a' ? 'b' : 'a';
    EXPECT_EQ(domain::VerifyIssuanceProof(ProofJson(path), n, *keyset).code(),
              "certificate.proof_inclusion");
  }
  CertificateProof entry = *proof;
  entry.proof.entry.summary += "（改）";
  EXPECT_EQ(domain::VerifyIssuanceProof(ProofJson(entry), n, *keyset).code(),
            "certificate.proof_entry_hash");
  Keyring stranger{SigningKey::FromSeed(std::string(32, 'z'))};
  auto stranger_keys = domain::ParseKeySet(json::serialize(json::object{
      {"keys",
       json::array{json::object{
           {"key_id", stranger.current()->key_id()},
           {"public_key", Base64Encode(stranger.current()->public_key())}}}}}));
  ASSERT_TRUE(stranger_keys.ok());
  EXPECT_EQ(domain::VerifyIssuanceProof(body, n, *stranger_keys).code(),
            "certificate.proof_signature");
}

}  // namespace
}  // namespace zxkh::service
