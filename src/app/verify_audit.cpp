#include "app/verify_audit.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "common/crypto.hpp"
#include "common/keyring.hpp"
#include "common/text.hpp"
#include "service/audit_service.hpp"
#include "store/db.hpp"

namespace zxkh::app {
namespace {

int CannotVerify(const Status& st) {
  std::cerr << "错误：" << st.message() << " (" << st.code() << ")\n";
  return 1;
}

// The public keys to trust: the current key's (derived from the key file)
// and the retired ones listed in trusted-keys.
Result<std::vector<std::string>> TrustedKeys(const std::string& data_dir) {
  ZXKH_ASSIGN_OR_RETURN(Keyring ring, Keyring::LoadForVerification(data_dir));
  std::vector<std::string> keys;
  for (const PublishedKey& k : ring.keys()) keys.push_back(k.public_key);
  return keys;
}

}  // namespace

int RunVerifyAudit(const Options& options) {
  const std::string url = options.DatabaseUrl();
  if (url.starts_with("sqlite:")) {
    // Opening a missing SQLite file would create an empty database, and an
    // empty log would "verify".
    std::string path = url.substr(7);
    if (path.starts_with("//")) path = path.substr(2);
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
      return CannotVerify(Status::NotFound("store.not_found",
                                           "数据库文件 " + path + " 不存在"));
    }
  }
  auto keys = TrustedKeys(options.data_dir);
  if (!keys.ok()) return CannotVerify(keys.status());
  if (keys->empty()) {
    std::cerr << "警告：未找到签名公钥（" << options.data_dir << "/"
              << kSigningKeyFile << " 或 " << options.data_dir << "/"
              << kTrustedKeysFile << "），签名检查点将无法通过校验\n";
  }
  auto db = store::Database::Open(url, 1);
  if (!db.ok()) return CannotVerify(db.status());
  auto report = service::AuditService::VerifyDatabase(**db, *keys);
  if (!report.ok()) return CannotVerify(report.status());
  if (!report->ok) {
    std::cout << "审计日志校验失败：" << report->message << "（" << report->code
              << "）\n";
    return 1;
  }
  std::cout << "审计日志校验通过：" << report->entries_checked << " 条记录，"
            << report->checkpoints_checked << " 个签名检查点";
  const int64_t unsigned_tail =
      report->entries_checked - report->signed_entries;
  if (unsigned_tail > 0) {
    std::cout << "（最后 " << unsigned_tail << " 条尚待签名）";
  }
  std::cout << "\n";
  return 0;
}

}  // namespace zxkh::app
