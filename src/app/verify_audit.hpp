// `zxkh verify-audit`: re-checks the operation log's hash chain and signed
// checkpoints from entry 1 and names the first bad entry.
#pragma once

#include <string_view>

#include "app/options.hpp"
#include "common/keyring.hpp"

namespace zxkh::app {

// In the data directory: the server's Ed25519 signing key (created 0600 by
// the server on first start) and, optionally, the public keys of retired
// signing keys, one standard-base64 key per line ('#' starts a comment).
inline constexpr std::string_view kAuditSigningKeyFile = kSigningKeyFile;

// Verifies the database of `options` (DatabaseUrl()) against the public key
// of <data_dir>/audit-signing.key (read, never created) and the keys in
// <data_dir>/trusted-keys. Prints "审计日志校验通过：N 条记录，M 个签名检查点"
// and returns 0, or prints "审计日志校验失败：第 <seq> 条记录 …（<code>）" and
// returns 1; returns 1 with a message on stderr when it cannot verify (no
// database, unreadable key). Never writes to the database or the data dir.
int RunVerifyAudit(const Options& options);

}  // namespace zxkh::app
