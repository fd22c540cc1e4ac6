#include "service/audit_service.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <mutex>

#include "common/log.hpp"
#include "docs/xlsx_writer.hpp"
#include "domain/merkle.hpp"
#include "service/permissions.hpp"
#include "store/audit_repository.hpp"

namespace zxkh::service {

using domain::AuditEntry;
using domain::Caller;
using domain::Checkpoint;
using domain::Hash;
using domain::Role;
using store::AuditRepository;
using store::Connection;
using store::Database;

namespace {

constexpr int64_t kBatch = 1000;

std::string Num(int64_t n) { return std::to_string(n); }

Hash LeafOf(const std::string& entry_hash_hex) {
  Hash raw{};
  domain::HashFromHex(entry_hash_hex, &raw);
  return domain::LeafHash(
      std::string_view(reinterpret_cast<const char*>(raw.data()), raw.size()));
}

// Whether `e` links to `prev_hash`, sits at `expected_seq` and hashes to its
// stored entry_hash.
bool EntryChecks(const AuditEntry& e, int64_t expected_seq,
                 const std::string& prev_hash) {
  Hash unused;
  return e.seq == expected_seq && e.prev_hash == prev_hash &&
         domain::ComputeEntryHash(e) == e.entry_hash &&
         domain::HashFromHex(e.entry_hash, &unused);
}

// Narrows `filter`'s scope fields to the caller's data scope (DOMAIN.md).
// Sets *empty when the filter asks for another district/institution, so the
// answer is an empty page rather than a hint that such rows exist.
template <typename Filter>
Status ApplyScope(const Caller& caller, Filter& filter, bool* empty) {
  *empty = false;
  ZXKH_RETURN_IF_ERROR(
      RequireRole(caller, {Role::kCity, Role::kProvince, Role::kDistrict,
                           Role::kInstitutionAdmin}));
  if (caller.role == Role::kDistrict) {
    if (!caller.district_code) {
      return Status::PermissionDenied("auth.forbidden", "账号未绑定区（市）");
    }
    if (filter.district_code && *filter.district_code != *caller.district_code)
      *empty = true;
    filter.district_code = caller.district_code;
  } else if (caller.role == Role::kInstitutionAdmin) {
    if (!caller.institution_id) {
      return Status::PermissionDenied("auth.forbidden", "账号未绑定考核机构");
    }
    if (filter.institution_id &&
        *filter.institution_id != *caller.institution_id)
      *empty = true;
    filter.institution_id = caller.institution_id;
  }
  return Status::Ok();
}

PageRequest Clamp(PageRequest p) {
  p.page = std::max(p.page, 1);
  p.page_size = std::clamp(p.page_size, 1, PageRequest::kMaxPageSize);
  return p;
}

std::string RoleLabel(const std::string& role) {
  auto r = domain::ParseRole(role);
  return r ? std::string(domain::RoleTitle(*r)) : role;
}

// Builds the failure half of a VerifyReport.
VerifyReport Fail(VerifyReport r, std::string code, int64_t seq,
                  int64_t checkpoint, std::string message) {
  r.ok = false;
  r.code = std::move(code);
  r.first_bad_seq = seq;
  r.checkpoint_tree_size = checkpoint;
  r.message = std::move(message);
  return r;
}

}  // namespace

// The leaves of the entries already read and checked, with an accumulator
// for the root at the newest size. Entries are append-only, so what was
// checked once stays valid; a checkpoint then reads only the new entries.
struct AuditService::Tree {
  std::mutex mu;
  std::vector<Hash> leaves;
  domain::MerkleAccumulator acc;
  std::string last_hash{domain::kGenesisHash};
  int64_t anchored = 0;  // the largest checkpoint the leaves were checked by

  // Extends to `size` entries (never shrinks), checking each new one's seq,
  // link and hash: a checkpoint must never vouch for a chain that does not
  // verify. Caller holds mu.
  Status ExtendTo(Connection& c, int64_t size) {
    AuditRepository repo(c);
    while (static_cast<int64_t>(leaves.size()) < size) {
      const int64_t next = static_cast<int64_t>(leaves.size()) + 1;
      ZXKH_ASSIGN_OR_RETURN(
          std::vector<AuditEntry> batch,
          repo.Range(next, std::min(kBatch, size - next + 1)));
      if (batch.empty()) return Broken(next);
      for (const AuditEntry& e : batch) {
        const int64_t expected = static_cast<int64_t>(leaves.size()) + 1;
        if (!EntryChecks(e, expected, last_hash)) return Broken(expected);
        const Hash leaf = LeafOf(e.entry_hash);
        leaves.push_back(leaf);
        acc.Append(leaf);
        last_hash = e.entry_hash;
      }
    }
    return Status::Ok();
  }

  // Checks that the leaves agree with the signed checkpoint `cp` (and, when
  // it was signed with `key`, that the signature holds), so a new checkpoint
  // never extends a chain someone rewrote and re-hashed: a process that
  // starts after such an edit reads a chain that links up, but cannot make
  // it reach the old signed root. Checkpoints of a retired key are checked
  // by root only; verify-audit checks their signatures. Caller holds mu.
  Status Anchor(const Checkpoint& cp, const SigningKey& key) {
    if (cp.tree_size <= anchored) return Status::Ok();
    if (cp.tree_size > static_cast<int64_t>(leaves.size()) ||
        domain::HashHex(RootAt(cp.tree_size)) != cp.root_hash) {
      return Refuse(
          "audit.checkpoint_root_mismatch", cp.tree_size,
          "操作日志与共 " + Num(cp.tree_size) + " 条记录的签名检查点不符");
    }
    if (cp.key_id == key.key_id()) {
      auto sig = Base64Decode(cp.signature);
      if (!sig.ok() ||
          !VerifySignature(key.public_key(),
                           domain::CheckpointMessage(cp.tree_size, cp.root_hash,
                                                     cp.signed_at, cp.key_id),
                           *sig)) {
        return Refuse(
            "audit.checkpoint_signature", cp.tree_size,
            "共 " + Num(cp.tree_size) + " 条记录的签名检查点签名无效");
      }
    }
    anchored = cp.tree_size;
    return Status::Ok();
  }

  // Extends to the latest checkpoint, anchors there (cheap: the accumulator
  // is at that size), then extends to `size`. Caller holds mu.
  Status CatchUp(Connection& c, const std::optional<Checkpoint>& latest,
                 int64_t size, const SigningKey& key) {
    if (size < static_cast<int64_t>(leaves.size())) {
      // The log shrank under us (a restore): start over from the database;
      // the anchor check below still ties it to the signed checkpoints.
      leaves.clear();
      acc = domain::MerkleAccumulator();
      last_hash = std::string(domain::kGenesisHash);
      anchored = 0;
    }
    if (latest) {
      ZXKH_RETURN_IF_ERROR(ExtendTo(c, std::min(latest->tree_size, size)));
      ZXKH_RETURN_IF_ERROR(Anchor(*latest, key));
    }
    return ExtendTo(c, size);
  }

  // MTH of the first `size` leaves (size <= leaves.size()).
  Hash RootAt(int64_t size) const {
    if (static_cast<uint64_t>(size) == acc.size()) return acc.Root();
    return domain::MerkleRoot(std::span<const Hash>(leaves).first(size));
  }

  static Status Broken(int64_t seq) {
    return Refuse("audit.chain_broken", seq,
                  "操作日志第 " + Num(seq) + " 条记录校验失败");
  }
  // Tampering found while signing: loud in the log, Internal to the caller.
  static Status Refuse(std::string code, int64_t at, std::string what) {
    LogError(code, {{"at", at}});
    return Status::Internal(
        std::move(code), what + "，已停止签名检查点，请运行 zxkh verify-audit");
  }
};

AuditService::AuditService(Database& db, const Clock& clock,
                           const SigningKey& key)
    : db_(db), clock_(clock), key_(key), tree_(std::make_unique<Tree>()) {}

AuditService::~AuditService() = default;

Status AuditService::Record(Connection& c, const Caller& caller, int64_t now_ms,
                            std::string action, std::string target_type,
                            std::string target_id, std::string summary,
                            std::optional<std::string> district_code,
                            std::optional<int64_t> institution_id) {
  AuditEntry e;
  e.at = now_ms;
  e.user_id = caller.user_id;
  e.role = std::string(domain::RoleName(caller.role));
  e.action = std::move(action);
  e.target_type = std::move(target_type);
  e.target_id = std::move(target_id);
  e.summary = std::move(summary);
  e.request_id = caller.request_id;
  e.district_code = std::move(district_code);
  e.institution_id = institution_id;
  ZXKH_RETURN_IF_ERROR(domain::ValidateEntryFields(e));
  return AuditRepository(c).Append(std::move(e)).status();
}

Status AuditService::RecordLogin(Connection& c, domain::LoginRecord r) {
  return AuditRepository(c).InsertLogin(domain::CleanLoginRecord(std::move(r)));
}

Result<std::optional<Checkpoint>> AuditService::MaybeCheckpoint(bool force) {
  const int64_t now = clock_.NowUnixMillis();
  // Catch up outside the write lock first, so the write transaction below
  // only reads the few entries appended meanwhile.
  ZXKH_RETURN_IF_ERROR(
      db_.Transact(Database::Mode::kRead, [&](Connection& c) -> Status {
        AuditRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(int64_t size, repo.Size());
        ZXKH_ASSIGN_OR_RETURN(std::optional<Checkpoint> latest,
                              repo.LatestCheckpoint());
        std::lock_guard lock(tree_->mu);
        return tree_->CatchUp(c, latest, size, key_);
      }));
  using Out = std::optional<Checkpoint>;
  auto signed_cp = db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<Out> {
        AuditRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(int64_t size, repo.Size());
        ZXKH_ASSIGN_OR_RETURN(Out latest, repo.LatestCheckpoint());
        const int64_t covered = latest ? latest->tree_size : 0;
        if (size <= covered) return Out();
        if (!force && size - covered < kCheckpointEvery) {
          // Age of the oldest unsigned entry: no entry waits much longer
          // than a minute for a signature, and a quiet log signs nothing.
          ZXKH_ASSIGN_OR_RETURN(AuditEntry oldest, repo.Get(covered + 1));
          if (now - oldest.at < kCheckpointMaxAgeMillis) return Out();
        }
        Checkpoint cp;
        {
          std::lock_guard lock(tree_->mu);
          ZXKH_RETURN_IF_ERROR(tree_->CatchUp(c, latest, size, key_));
          cp.root_hash = domain::HashHex(tree_->RootAt(size));
        }
        cp.tree_size = size;
        cp.signed_at = now;
        cp.key_id = key_.key_id();
        cp.signature = Base64Encode(key_.Sign(domain::CheckpointMessage(
            cp.tree_size, cp.root_hash, cp.signed_at, cp.key_id)));
        ZXKH_RETURN_IF_ERROR(repo.InsertCheckpoint(cp));
        return Out(cp);
      });
  if (!signed_cp.ok() &&
      signed_cp.status().code() == "audit.checkpoint_exists") {
    return std::optional<Checkpoint>();  // another process signed this size
  }
  return signed_cp;
}

Result<VerifyReport> AuditService::Verify(
    const std::vector<std::string>& trusted_public_keys) {
  return VerifyDatabase(db_, trusted_public_keys);
}

Result<VerifyReport> AuditService::VerifyDatabase(
    Database& db, const std::vector<std::string>& trusted_public_keys) {
  std::map<std::string, std::string> keys;  // key id → public key
  for (const std::string& pk : trusted_public_keys) keys[KeyIdOf(pk)] = pk;

  return db.InTransaction(
      Database::Mode::kRead, [&](Connection& c) -> Result<VerifyReport> {
        // One snapshot for head, checkpoints and entries, so appends running
        // meanwhile cannot look like tampering. (SQLite's read transaction is
        // a snapshot already.)
        if (c.backend() == store::Backend::kPostgres) {
          ZXKH_RETURN_IF_ERROR(
              c.ExecScript("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"));
        }
        AuditRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(auto head, repo.Head());
        VerifyReport report;
        domain::MerkleAccumulator acc;
        std::string prev(domain::kGenesisHash);
        int64_t last_good_checkpoint = 0;

        std::vector<Checkpoint> cps;
        std::size_t cp_next = 0;
        int64_t cp_after = std::numeric_limits<int64_t>::min();
        // The next checkpoint by tree size, streamed in batches; nullopt at
        // the end.
        auto peek_checkpoint = [&]() -> Result<std::optional<Checkpoint>> {
          if (cp_next == cps.size()) {
            ZXKH_ASSIGN_OR_RETURN(cps, repo.Checkpoints(cp_after, kBatch));
            cp_next = 0;
            if (cps.empty()) return std::optional<Checkpoint>();
            cp_after = cps.back().tree_size;
          }
          return std::optional<Checkpoint>(cps[cp_next]);
        };
        auto signature_ok = [&](const Checkpoint& cp) {
          auto key = keys.find(cp.key_id);
          if (key == keys.end()) return false;
          auto sig = Base64Decode(cp.signature);
          return sig.ok() && VerifySignature(key->second,
                                             domain::CheckpointMessage(
                                                 cp.tree_size, cp.root_hash,
                                                 cp.signed_at, cp.key_id),
                                             *sig);
        };
        auto signature_failure = [&](const Checkpoint& cp) {
          const std::string what = "签名检查点（共 " + Num(cp.tree_size) +
                                   " 条记录，密钥 " + cp.key_id + "）";
          return Fail(report, "audit.checkpoint_signature", 0, cp.tree_size,
                      keys.count(cp.key_id)
                          ? what + "的签名无效：检查点被伪造或改动"
                          : what + "由不受信任的密钥签名");
        };
        // Checks every checkpoint of size <= acc.size(); a failure as the
        // report, nullopt when all pass.
        auto check_checkpoints = [&]() -> Result<std::optional<VerifyReport>> {
          for (;;) {
            ZXKH_ASSIGN_OR_RETURN(std::optional<Checkpoint> cp,
                                  peek_checkpoint());
            if (!cp || static_cast<uint64_t>(
                           std::max<int64_t>(cp->tree_size, 0)) > acc.size()) {
              return std::optional<VerifyReport>();
            }
            ++cp_next;
            if (!signature_ok(*cp)) return {signature_failure(*cp)};
            if (cp->tree_size != static_cast<int64_t>(acc.size()) ||
                cp->root_hash != domain::HashHex(acc.Root())) {
              const int64_t from = last_good_checkpoint + 1;
              const int64_t to = std::max<int64_t>(cp->tree_size, from);
              return {Fail(report, "audit.checkpoint_root_mismatch", from,
                           cp->tree_size,
                           (from == to ? "第 " + Num(from) + " 条记录"
                                       : "第 " + Num(from) + " 条至第 " +
                                             Num(to) + " 条记录中有记录") +
                               "被改动且重算了哈希：与签名检查点（共 " +
                               Num(cp->tree_size) + " 条记录）的默克尔根不符")};
            }
            last_good_checkpoint = cp->tree_size;
            report.signed_entries = cp->tree_size;
            ++report.checkpoints_checked;
          }
        };

        ZXKH_ASSIGN_OR_RETURN(auto early, check_checkpoints());
        if (early) return *early;
        int64_t next_seq = 1;  // the seq the next row must have
        int64_t read_from = 1;
        for (;;) {
          ZXKH_ASSIGN_OR_RETURN(std::vector<AuditEntry> batch,
                                repo.Range(read_from, kBatch));
          if (batch.empty()) break;
          read_from = batch.back().seq + 1;
          for (const AuditEntry& e : batch) {
            if (e.seq != next_seq) {
              return Fail(report, "audit.seq_gap", next_seq, 0,
                          "第 " + Num(next_seq) + " 条记录缺失：序号从第 " +
                              Num(next_seq - 1) + " 条跳到第 " + Num(e.seq) +
                              " 条");
            }
            if (e.prev_hash != prev) {
              return Fail(report, "audit.chain_broken", e.seq, 0,
                          "第 " + Num(e.seq) +
                              " 条记录的前序哈希与上一条记录的哈希不符："
                              "记录被删除、插入或调换");
            }
            Hash leaf_bytes;
            if (domain::ComputeEntryHash(e) != e.entry_hash ||
                !domain::HashFromHex(e.entry_hash, &leaf_bytes)) {
              return Fail(
                  report, "audit.entry_hash_mismatch", e.seq, 0,
                  "第 " + Num(e.seq) + " 条记录的内容与其哈希不符：记录被改动");
            }
            acc.Append(LeafOf(e.entry_hash));
            prev = e.entry_hash;
            ++next_seq;
            ++report.entries_checked;
            ZXKH_ASSIGN_OR_RETURN(auto failed, check_checkpoints());
            if (failed) return *failed;
          }
        }
        const int64_t last = next_seq - 1;
        // Checkpoints beyond the last row prove rows existed that are gone.
        ZXKH_ASSIGN_OR_RETURN(std::optional<Checkpoint> beyond,
                              peek_checkpoint());
        if (beyond) {
          if (!signature_ok(*beyond)) return signature_failure(*beyond);
          return Fail(report, "audit.seq_gap", last + 1, beyond->tree_size,
                      "第 " + Num(last + 1) + " 条至第 " +
                          Num(beyond->tree_size) +
                          " 条记录缺失：签名检查点证明共有 " +
                          Num(beyond->tree_size) + " 条记录");
        }
        if (head.first != last || head.second != prev) {
          const int64_t bad = head.first == last
                                  ? std::max<int64_t>(last, 1)
                                  : std::min(head.first, last) + 1;
          return Fail(report, "audit.head_mismatch", bad, 0,
                      "第 " + Num(bad) + " 条记录缺失或被改动：链头记为第 " +
                          Num(head.first) + " 条，实际最后一条为第 " +
                          Num(last) + " 条");
        }
        return report;
      });
}

Result<InclusionProofAnswer> AuditService::Proof(const Caller& caller,
                                                 int64_t seq) {
  ZXKH_RETURN_IF_ERROR(
      RequireRole(caller, {Role::kCity, Role::kProvince, Role::kDistrict}));
  if (caller.role == Role::kDistrict && !caller.district_code) {
    return Status::PermissionDenied("auth.forbidden", "账号未绑定区（市）");
  }
  const Status not_found = Status::NotFound(
      "audit.not_found", "第 " + Num(seq) + " 条操作日志不存在");
  auto latest = db_.InTransaction(
      Database::Mode::kRead,
      [&](Connection& c) -> Result<std::optional<Checkpoint>> {
        AuditRepository repo(c);
        auto e = repo.Get(seq);
        if (!e.ok()) return e.status();
        if (caller.role == Role::kDistrict &&
            e->district_code != caller.district_code) {
          return not_found;  // outside the scope looks like absent
        }
        return repo.LatestCheckpoint();
      });
  if (!latest.ok()) return latest.status();
  if (!*latest || (*latest)->tree_size < seq) {
    ZXKH_RETURN_IF_ERROR(MaybeCheckpoint(/*force=*/true).status());
  }
  return ProofAgainstLatest(seq);
}

Result<InclusionProofAnswer> AuditService::SignedProof(int64_t seq) {
  auto latest = db_.InTransaction(
      Database::Mode::kRead,
      [&](Connection& c) -> Result<std::optional<Checkpoint>> {
        AuditRepository repo(c);
        ZXKH_RETURN_IF_ERROR(repo.Get(seq).status());
        return repo.LatestCheckpoint();
      });
  if (!latest.ok()) return latest.status();
  if (!*latest || (*latest)->tree_size < seq) {
    return Status::NotFound(
        "audit.not_yet_signed",
        "该记录尚未纳入签名检查点（检查点至多每分钟签署一次），请稍后再试");
  }
  return ProofAgainstLatest(seq);
}

Result<InclusionProofAnswer> AuditService::ProofAgainstLatest(int64_t seq) {
  return db_.InTransaction(
      Database::Mode::kRead,
      [&](Connection& c) -> Result<InclusionProofAnswer> {
        AuditRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(AuditEntry e, repo.Get(seq));
        ZXKH_ASSIGN_OR_RETURN(std::optional<Checkpoint> cp,
                              repo.LatestCheckpoint());
        if (!cp || cp->tree_size < seq) {
          return Status::Internal("audit.no_checkpoint",
                                  "未能为该记录生成签名检查点");
        }
        InclusionProofAnswer out;
        out.seq = seq;
        out.leaf_index = seq - 1;
        out.entry_hash = e.entry_hash;
        out.entry = e;
        out.checkpoint = *cp;
        Hash leaf;
        std::vector<Hash> path;
        {
          std::lock_guard lock(tree_->mu);
          ZXKH_RETURN_IF_ERROR(tree_->ExtendTo(c, cp->tree_size));
          const auto leaves =
              std::span<const Hash>(tree_->leaves).first(cp->tree_size);
          leaf = leaves[static_cast<std::size_t>(seq - 1)];
          path =
              domain::InclusionProof(leaves, static_cast<std::size_t>(seq - 1));
        }
        // Hand out only proofs that verify: a mismatch means the stored row
        // or checkpoint was tampered with, which verify-audit must explain.
        Hash root;
        if (LeafOf(e.entry_hash) != leaf ||
            !domain::HashFromHex(cp->root_hash, &root) ||
            !domain::VerifyInclusion(leaf, static_cast<std::size_t>(seq - 1),
                                     static_cast<std::size_t>(cp->tree_size),
                                     path, root)) {
          return Status::Internal(
              "audit.checkpoint_root_mismatch",
              "操作日志与签名检查点不符，请运行 zxkh verify-audit");
        }
        out.leaf_hash = domain::HashHex(leaf);
        out.audit_path.reserve(path.size());
        for (const Hash& h : path) out.audit_path.push_back(domain::HashHex(h));
        return out;
      });
}

Result<Page<AuditEntry>> AuditService::ListOperations(
    const Caller& caller, domain::AuditFilter filter) {
  bool empty = false;
  ZXKH_RETURN_IF_ERROR(ApplyScope(caller, filter, &empty));
  filter.page = Clamp(filter.page);
  if (empty) {
    return Page<AuditEntry>{{}, 0, filter.page.page, filter.page.page_size};
  }
  return db_.InTransaction(Database::Mode::kRead, [&](Connection& c) {
    return AuditRepository(c).List(filter);
  });
}

Result<Page<domain::LoginRecord>> AuditService::ListLogins(
    const Caller& caller, domain::LoginFilter filter) {
  bool empty = false;
  ZXKH_RETURN_IF_ERROR(ApplyScope(caller, filter, &empty));
  filter.page = Clamp(filter.page);
  if (empty) {
    return Page<domain::LoginRecord>{
        {}, 0, filter.page.page, filter.page.page_size};
  }
  return db_.InTransaction(Database::Mode::kRead, [&](Connection& c) {
    return AuditRepository(c).ListLogins(filter);
  });
}

Result<std::string> AuditService::ExportOperationsXlsx(
    const Caller& caller, domain::AuditFilter filter) {
  bool empty = false;
  ZXKH_RETURN_IF_ERROR(ApplyScope(caller, filter, &empty));
  std::vector<AuditEntry> rows;
  if (!empty) {
    ZXKH_ASSIGN_OR_RETURN(
        rows, db_.InTransaction(Database::Mode::kRead, [&](Connection& c) {
          return AuditRepository(c).ListAll(filter, kMaxExportRows + 1);
        }));
  }
  if (static_cast<int64_t>(rows.size()) > kMaxExportRows) {
    return Status::FailedPrecondition(
        "audit.export_too_large",
        "导出记录超过 " + Num(kMaxExportRows) + " 条，请缩小时间范围");
  }
  docs::Sheet sheet;
  sheet.name = "操作日志";
  sheet.header = {"序号",     "时间", "操作人ID", "角色",  "操作",
                  "对象类型", "对象", "摘要",     "请求号"};
  sheet.numeric_columns = {true, false, true};
  sheet.rows.reserve(rows.size());
  for (const AuditEntry& e : rows) {
    sheet.rows.push_back({Num(e.seq), Clock::FormatIso(e.at), Num(e.user_id),
                          RoleLabel(e.role), e.action, e.target_type,
                          e.target_id, e.summary, e.request_id});
  }
  return docs::WriteXlsx({sheet});
}

Result<std::string> AuditService::ExportLoginsXlsx(const Caller& caller,
                                                   domain::LoginFilter filter) {
  bool empty = false;
  ZXKH_RETURN_IF_ERROR(ApplyScope(caller, filter, &empty));
  std::vector<domain::LoginRecord> rows;
  if (!empty) {
    ZXKH_ASSIGN_OR_RETURN(
        rows, db_.InTransaction(Database::Mode::kRead, [&](Connection& c) {
          return AuditRepository(c).ListAllLogins(filter, kMaxExportRows + 1);
        }));
  }
  if (static_cast<int64_t>(rows.size()) > kMaxExportRows) {
    return Status::FailedPrecondition(
        "audit.export_too_large",
        "导出记录超过 " + Num(kMaxExportRows) + " 条，请缩小时间范围");
  }
  docs::Sheet sheet;
  sheet.name = "登录日志";
  sheet.header = {"时间", "用户名",  "用户ID", "结果",
                  "原因", "IP 地址", "客户端"};
  sheet.numeric_columns = {false, false, true};
  sheet.rows.reserve(rows.size());
  for (const domain::LoginRecord& r : rows) {
    sheet.rows.push_back(
        {Clock::FormatIso(r.at), r.username, r.user_id ? Num(*r.user_id) : "",
         r.success ? "成功" : "失败", r.reason, r.ip, r.user_agent});
  }
  return docs::WriteXlsx({sheet});
}

std::string AuditService::HashForSummary(std::string_view sha256_hex) {
  return "SHA-256 " + std::string(sha256_hex.substr(0, 8)) + "…";
}

}  // namespace zxkh::service
