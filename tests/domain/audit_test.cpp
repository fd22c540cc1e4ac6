// The operation log's pure rules: canonical bytes, the chain hash, the
// checkpoint text, and the personal-data guard.
#include "domain/audit.hpp"

#include <gtest/gtest.h>

#include "common/crypto.hpp"

namespace zxkh::domain {
namespace {

AuditEntry Sample() {
  AuditEntry e;
  e.seq = 7;
  e.at = 1'764'205'200'000;
  e.user_id = 42;
  e.role = "CITY";
  e.action = "catalog.retire";
  e.target_type = "catalog_project";
  e.target_id = "ZX01002";
  e.summary = "状态 active → retired";
  e.request_id = "a1b2c3";
  e.district_code = "370202";
  e.institution_id = 9;
  e.prev_hash = std::string(64, 'a');
  return e;
}

TEST(AuditCanonical, ExactBytes) {
  EXPECT_EQ(CanonicalBytes(Sample()),
            "zxkh-audit-entry/v1\n"
            "seq:1:7\n"
            "at:13:1764205200000\n"
            "user_id:2:42\n"
            "role:4:CITY\n"
            "action:14:catalog.retire\n"
            "target_type:15:catalog_project\n"
            "target_id:7:ZX01002\n"
            "summary:25:状态 active → retired\n"
            "request_id:6:a1b2c3\n"
            "district_code:6:370202\n"
            "institution_id:1:9\n"
            "prev_hash:64:" +
                std::string(64, 'a') + "\n");
  AuditEntry e = Sample();
  e.district_code.reset();
  e.institution_id.reset();
  const std::string bytes = CanonicalBytes(e);
  EXPECT_NE(bytes.find("district_code:-\ninstitution_id:-\n"),
            std::string::npos);
}

TEST(AuditCanonical, EveryFieldButTheHashChangesTheBytes) {
  const AuditEntry base = Sample();
  const std::string b = CanonicalBytes(base);
  std::vector<AuditEntry> variants(14, base);
  variants[0].seq = 8;
  variants[1].at += 1;
  variants[2].user_id = 43;
  variants[3].role = "CITZ";
  variants[4].action = "catalog.retirf";
  variants[5].target_type = "catalog_projecu";
  variants[6].target_id = "ZX01003";
  variants[7].summary = "状态 active → retirad";
  variants[8].request_id = "a1b2c4";
  variants[9].district_code = "370203";
  variants[10].district_code.reset();
  variants[11].institution_id = 10;
  variants[12].institution_id.reset();
  variants[13].prev_hash[0] = 'b';
  for (std::size_t i = 0; i < variants.size(); ++i) {
    EXPECT_NE(CanonicalBytes(variants[i]), b) << i;
    EXPECT_NE(ComputeEntryHash(variants[i]), ComputeEntryHash(base)) << i;
  }
  AuditEntry hashed = base;
  hashed.entry_hash = "ignored";
  EXPECT_EQ(CanonicalBytes(hashed), b);
}

TEST(AuditCanonical, LengthPrefixesKeepFieldBoundaries) {
  // Moving text from one field to the next must not give the same bytes,
  // nor may an empty optional equal an absent one.
  AuditEntry a = Sample(), b = Sample();
  a.target_id = "ZX0100";
  a.summary = "2状态";
  b.target_id = "ZX01002";
  b.summary = "状态";
  EXPECT_NE(CanonicalBytes(a), CanonicalBytes(b));
  AuditEntry c = Sample(), d = Sample();
  c.district_code = "";
  d.district_code.reset();
  EXPECT_NE(CanonicalBytes(c), CanonicalBytes(d));
  AuditEntry e = Sample();
  e.summary = "x\nrequest_id:6:a1b2c3";
  e.request_id = "";
  EXPECT_NE(CanonicalBytes(e), CanonicalBytes(Sample()));
}

TEST(AuditChain, HashIsSha256OfPrevHashAndCanonicalBytes) {
  const AuditEntry e = Sample();
  EXPECT_EQ(ComputeEntryHash(e), Sha256Hex(e.prev_hash + CanonicalBytes(e)));
  EXPECT_EQ(ComputeEntryHash(e).size(), 64u);
  EXPECT_EQ(kGenesisHash, std::string(64, '0'));
}

TEST(AuditCheckpoint, MessageText) {
  EXPECT_EQ(
      CheckpointMessage(20, std::string(64, 'f'), 1000, "0123456789abcdef"),
      "zxkh-audit-checkpoint/v1\ntree_size=20\nroot=" + std::string(64, 'f') +
          "\nsigned_at=1000\nkey_id=0123456789abcdef\n");
}

TEST(AuditPersonalData, IdNumbersAndMobilesAreRefused) {
  const char* const refused[] = {
      "考生 370202199001011234 报名", "身份证37020219900101123X",
      "身份证37020219900101123x",     "370202 19900101 1234",
      "370202-19900101-123X",         "联系电话13812345678",
      "电话 138 1234 5678",           "电话 138-1234-5678",
      "电话：１３８１２３４５６７８", "３７０２０２１９９００１０１１２３Ｘ",
      "卡号 6222021234567890123",
  };
  for (const char* s : refused) {
    const Status st = CheckSummaryHasNoPersonalData(s);
    EXPECT_EQ(st.code(), "audit.personal_data") << s;
    EXPECT_EQ(st.status_code(), StatusCode::kInvalidArgument) << s;
  }
}

TEST(AuditPersonalData, OrdinarySummariesPass) {
  const char* const allowed[] = {
      "",
      "状态 active → retired",
      "项目 ZX01002 停用",
      "考核日期 2026-11-27 → 2026-12-01，2027-01-05",
      "考生 #12345 成绩 85 → 90",
      "批次 2026110001 审核通过",   // 10 digits
      "12345678901 以外的数字",     // 11 digits, not a mobile prefix
      "证书编号 3702002026000123",  // 16 digits
      "机构 Z370202A001 申请",
      "账号 admin 创建",
  };
  for (const char* s : allowed) {
    EXPECT_TRUE(CheckSummaryHasNoPersonalData(s).ok()) << s;
  }
}

TEST(AuditFields, ValidatesShapeAndPersonalData) {
  AuditEntry e = Sample();
  EXPECT_TRUE(ValidateEntryFields(e).ok());
  for (const char* action : {"", "retire", "Catalog.retire", ".retire",
                             "catalog.", "catalog retire"}) {
    AuditEntry bad = e;
    bad.action = action;
    EXPECT_EQ(ValidateEntryFields(bad).code(), "audit.action") << action;
  }
  AuditEntry bad_type = e;
  bad_type.target_type = "Catalog";
  EXPECT_EQ(ValidateEntryFields(bad_type).code(), "audit.target");
  AuditEntry long_summary = e;
  long_summary.summary = std::string(501, 'a');
  EXPECT_EQ(ValidateEntryFields(long_summary).code(), "audit.summary");
  AuditEntry bad_utf8 = e;
  bad_utf8.summary = "\xff\xfe";
  EXPECT_EQ(ValidateEntryFields(bad_utf8).code(), "audit.summary");
  AuditEntry pii = e;
  pii.summary = "手机 13912345678";
  EXPECT_EQ(ValidateEntryFields(pii).code(), "audit.personal_data");
  AuditEntry pii_target = e;
  pii_target.target_id = "370202199001011234";
  const Status st = ValidateEntryFields(pii_target);
  EXPECT_EQ(st.code(), "audit.personal_data");
  EXPECT_EQ(st.field(), "target_id");
}

TEST(LoginRecords, CleanedForStorage) {
  LoginRecord r;
  r.username = std::string(70, 'u');
  r.user_agent = std::string("Mozilla\x01\xff", 9) + std::string(400, 'a');
  r.ip = "10.0.0.1";
  r.reason = "bad_password";
  const LoginRecord c = CleanLoginRecord(r);
  EXPECT_EQ(c.username, std::string(64, 'u'));
  EXPECT_EQ(c.user_agent.substr(0, 11), "Mozilla \xEF\xBF\xBD");
  EXPECT_EQ(c.user_agent.size(), 11u + 291u);  // 300 characters
  EXPECT_EQ(c.ip, "10.0.0.1");
  LoginRecord chinese;
  chinese.username = "张三丰";
  EXPECT_EQ(CleanLoginRecord(chinese).username, "张三丰");
}

}  // namespace
}  // namespace zxkh::domain
