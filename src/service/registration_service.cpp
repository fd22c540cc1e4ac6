#include "service/registration_service.hpp"

#include <fstream>
#include <thread>
#include <unordered_map>

#include "common/codes.hpp"
#include "common/crypto.hpp"
#include "common/log.hpp"
#include "common/text.hpp"
#include "common/validators.hpp"
#include "docs/tabular.hpp"
#include "docs/xlsx_writer.hpp"
#include "service/audit_service.hpp"
#include "service/permissions.hpp"
#include "store/person_repository.hpp"

namespace zxkh::service {

using domain::Caller;
using domain::IdType;
using domain::RegistrationSource;
using domain::RegistrationState;
using domain::Role;
using store::Connection;
using store::Database;
using store::RegistrableItemRow;
using store::RegistrationRepository;
using store::RegistrationRow;

namespace {

constexpr int64_t kJobKeepMillis = 3600 * 1000;

// Header titles (and English aliases) → field.
const std::map<std::string, std::string, std::less<>> kHeaderAliases = {
    {"姓名", "name"},           {"name", "name"},
    {"证件类型", "id_type"},    {"id_type", "id_type"},
    {"证件号码", "id_number"},  {"身份证号码", "id_number"},
    {"身份证号", "id_number"},  {"id_number", "id_number"},
    {"出生日期", "birth_date"}, {"birth_date", "birth_date"},
    {"手机号", "phone"},        {"手机号码", "phone"},
    {"phone", "phone"},         {"工作单位", "employer"},
    {"employer", "employer"},
};

std::string ColumnTitle(std::string_view field) {
  if (field == "name") return "姓名";
  if (field == "id_type") return "证件类型";
  if (field == "id_number") return "证件号码";
  if (field == "birth_date") return "出生日期";
  if (field == "phone") return "手机号";
  if (field == "employer") return "工作单位";
  return "";
}

// One checked row on its way into the database.
struct Pending {
  int row = 0;
  domain::Registrant r;
  std::string id_hash;
  std::string id_cipher;  // Encrypt(IdentityKey), for a new person
  Status problem;         // set when the database refuses it
};

Status ItemOpen(const RegistrableItemRow& item, Date today) {
  auto exam = Date::Parse(item.exam_date);
  if (!exam.ok()) {
    return Status::Internal("registration.exam_date", "考核日期无效");
  }
  return domain::CheckItemOpen(item.plan_state == "published", *exam, today);
}

// Writes `rows` (already valid) for `item` in the caller's transaction:
// finds the persons (one batched lookup), refuses people with a blocking
// registration for the project or known under another name (their `problem`
// is set, nothing written for them), creates the new persons and inserts the
// registrations, many rows per statement. Returns the number written and
// the persons created.
Status WriteRows(Connection& c, const PiiCipher& pii,
                 const RegistrableItemRow& item, std::vector<Pending>& rows,
                 RegistrationSource source, const Caller& caller, int64_t now,
                 int& written, int& persons_created,
                 const ImportProgressFn& progress) {
  RegistrationRepository repo(c);
  written = persons_created = 0;
  std::vector<std::string> hashes;
  hashes.reserve(rows.size());
  for (const Pending& p : rows) hashes.push_back(p.id_hash);
  ZXKH_ASSIGN_OR_RETURN(auto known, repo.FindPersons(hashes));
  std::vector<int64_t> known_ids;
  known_ids.reserve(known.size());
  for (const auto& [hash, ref] : known) known_ids.push_back(ref.id);
  ZXKH_ASSIGN_OR_RETURN(auto blocking,
                        repo.BlockingStates(item.project_code, known_ids));

  // Decide every row; collect the new persons (a hash occurs once: the
  // caller drops duplicates).
  const int total = static_cast<int>(rows.size());
  std::vector<store::NewPerson> fresh;
  std::vector<std::size_t> fresh_row;  // index into rows of fresh[i]
  std::vector<int64_t> person_of(rows.size(), 0);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    Pending& p = rows[i];
    auto it = known.find(p.id_hash);
    if (it == known.end()) {
      std::string cipher = std::move(p.id_cipher);
      if (cipher.empty()) {
        cipher = pii.Encrypt(domain::IdentityKey(p.r.id_type, p.r.id_number));
      }
      // The cipher moves (a retried transaction encrypts again); the rest
      // is copied, so a retry finds the rows as they were.
      fresh.push_back({p.r.name, std::string(domain::IdTypeName(p.r.id_type)),
                       p.id_hash, std::move(cipher),
                       MaskIdNumber(p.r.id_number), p.r.birth_date.ToString(),
                       p.r.phone, p.r.employer});
      fresh_row.push_back(i);
      continue;
    }
    if (it->second.name != p.r.name) {
      p.problem = Status::InvalidArgument(
          "registration.name_mismatch",
          "该证件号码已登记的姓名与本次填写的姓名不一致", "name");
      continue;
    }
    auto b = blocking.find(it->second.id);
    if (b != blocking.end()) {
      p.problem = b->second == RegistrationState::kPassed
                      ? Status::AlreadyExists(
                            "registration.already_passed",
                            "该考生已通过本项目考核，不能重复报名", "id_number")
                      : Status::AlreadyExists("registration.duplicate",
                                              "该考生已有本项目的有效报名",
                                              "id_number");
      continue;
    }
    person_of[i] = it->second.id;
  }
  if (progress) progress("writing", 0, total);
  ZXKH_RETURN_IF_ERROR(repo.InsertPersons(fresh, now));
  for (std::size_t k = 0; k < fresh.size(); ++k) {
    person_of[fresh_row[k]] = fresh[k].id;
  }
  persons_created = static_cast<int>(fresh.size());
  fresh = {};
  fresh_row = {};
  if (progress) progress("writing", total / 2, total);

  // Registrations in batches, so that no second copy of every row is held.
  constexpr std::size_t kBatch = 1200;
  std::vector<store::NewRegistration> regs;
  regs.reserve(std::min(kBatch, rows.size()));
  RegistrationRow g;
  g.plan_item_id = item.id;
  g.project_code = item.project_code;
  g.institution_id = item.institution_id;
  g.district_code = item.district_code;
  g.state = RegistrationState::kRegistered;
  g.source = source;
  if (caller.user_id != 0) g.created_by = caller.user_id;
  g.created_at = g.updated_at = now;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (person_of[i] == 0) continue;
    regs.push_back({person_of[i], rows[i].r.phone, rows[i].r.employer});
    if (regs.size() == kBatch) {
      ZXKH_RETURN_IF_ERROR(repo.InsertMany(g, regs));
      written += static_cast<int>(regs.size());
      regs.clear();
    }
  }
  ZXKH_RETURN_IF_ERROR(repo.InsertMany(g, regs));
  written += static_cast<int>(regs.size());
  if (progress) progress("writing", total, total);
  return Status::Ok();
}

std::string Summary(const RegistrableItemRow& item, std::string what) {
  return what + "（计划项目 " + std::to_string(item.id) + "，" +
         item.project_code + "）";
}

}  // namespace

struct RegistrationService::Job {
  std::string id;
  int64_t institution_id = 0;
  int64_t plan_item_id = 0;
  std::mutex mu;
  std::string phase = "reading";
  int done = 0;
  int total = 0;
  bool finished = false;
  int64_t finished_at = 0;
  std::optional<RegistrationImportReport> report;
  std::optional<Status> error;
  std::thread worker;  // joined when the job is forgotten
};

RegistrationService::RegistrationService(Database& db, const Clock& clock,
                                         const PiiCipher& pii)
    : db_(db), clock_(clock), pii_(pii) {}

RegistrationService::~RegistrationService() {
  std::map<std::string, std::shared_ptr<Job>> jobs;
  {
    std::lock_guard lock(mu_);
    jobs.swap(jobs_);
  }
  for (auto& [id, job] : jobs) {
    if (job->worker.joinable()) job->worker.join();
  }
}

Result<std::vector<RegistrableItemRow>> RegistrationService::OpenItems(
    store::ItemFilter f) {
  f.today = clock_.Today().ToString();
  return db_.InTransaction(Database::Mode::kRead, [&](Connection& c) {
    return RegistrationRepository(c).ListOpenItems(f);
  });
}

Result<RegistrableItemRow> RegistrationService::ItemForInstitution(
    const Caller& caller, int64_t item_id) {
  ZXKH_ASSIGN_OR_RETURN(
      RegistrableItemRow item,
      db_.InTransaction(Database::Mode::kRead, [&](Connection& c) {
        return RegistrationRepository(c).GetItem(item_id);
      }));
  if (!caller.institution_id || *caller.institution_id != item.institution_id) {
    return Status::NotFound("registration.item_not_found",
                            "考核计划项目不存在");
  }
  return item;
}

Result<RegistrationRow> RegistrationService::RegisterSelf(
    const Caller& caller, int64_t item_id, std::string_view consent_version) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, {Role::kCandidate}));
  if (consent_version != domain::kConsentVersion) {
    return Status::InvalidArgument("registration.consent_required",
                                   "请阅读并同意《个人自愿报名承诺》",
                                   "consent_version");
  }
  const int64_t now = clock_.NowUnixMillis();
  const Date today = clock_.Today();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<RegistrationRow> {
        RegistrationRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(std::optional<int64_t> person_id,
                              repo.PersonOfUser(caller.user_id));
        if (!person_id) {
          return Status::FailedPrecondition("registration.no_person",
                                            "账号未关联考生身份信息");
        }
        ZXKH_ASSIGN_OR_RETURN(RegistrableItemRow item, repo.GetItem(item_id));
        ZXKH_RETURN_IF_ERROR(ItemOpen(item, today));
        ZXKH_ASSIGN_OR_RETURN(store::PersonRow person,
                              store::PersonRepository(c).Get(*person_id));
        auto birth = Date::Parse(person.birth_date.value_or(""));
        if (!birth.ok()) {
          return Status::FailedPrecondition("registration.no_birth_date",
                                            "考生身份信息缺少出生日期");
        }
        ZXKH_ASSIGN_OR_RETURN(Date exam, Date::Parse(item.exam_date));
        if (AgeOn(*birth, exam) < domain::kMinimumAge) {
          return Status::InvalidArgument(
              "registration.underage",
              "考核日期 " + item.exam_date + " 时未满 16 周岁", "item_id");
        }
        ZXKH_ASSIGN_OR_RETURN(
            auto blocking,
            repo.BlockingStates(item.project_code, {*person_id}));
        if (!blocking.empty()) {
          return blocking.begin()->second == RegistrationState::kPassed
                     ? Status::AlreadyExists("registration.already_passed",
                                             "您已通过本项目考核，不能重复报名",
                                             "item_id")
                     : Status::AlreadyExists("registration.duplicate",
                                             "您已有本项目的有效报名",
                                             "item_id");
        }
        RegistrationRow g;
        g.plan_item_id = item.id;
        g.person_id = *person_id;
        g.project_code = item.project_code;
        g.institution_id = item.institution_id;
        g.district_code = item.district_code;
        g.source = RegistrationSource::kSelf;
        g.phone = person.phone;
        g.employer = person.employer;
        g.consent_version = std::string(domain::kConsentVersion);
        g.consent_sha256 = Sha256Hex(domain::ConsentText());
        g.consented_at = now;
        g.created_by = caller.user_id;
        g.created_at = g.updated_at = now;
        ZXKH_ASSIGN_OR_RETURN(int64_t id, repo.Insert(g));
        ZXKH_RETURN_IF_ERROR(AuditService::Record(
            c, caller, now, "registration.self", "registration",
            std::to_string(id), Summary(item, "考生本人报名，已同意承诺"),
            item.district_code, item.institution_id));
        return repo.Get(id);
      });
}

Result<RegistrationRow> RegistrationService::Enter(
    const Caller& caller, int64_t item_id,
    const domain::RegistrantInput& input) {
  ZXKH_RETURN_IF_ERROR(RequireRole(
      caller, {Role::kInstitutionAdmin, Role::kInstitutionOperator}));
  ZXKH_ASSIGN_OR_RETURN(RegistrableItemRow item,
                        ItemForInstitution(caller, item_id));
  const Date today = clock_.Today();
  ZXKH_RETURN_IF_ERROR(ItemOpen(item, today));
  ZXKH_ASSIGN_OR_RETURN(Date exam, Date::Parse(item.exam_date));
  ZXKH_ASSIGN_OR_RETURN(domain::Registrant r,
                        domain::ValidateRegistrant(input, today, exam));
  const int64_t now = clock_.NowUnixMillis();
  const std::string hash =
      pii_.LookupHash(domain::IdentityKey(r.id_type, r.id_number));
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<RegistrationRow> {
        std::vector<Pending> rows(1);
        rows[0].r = r;
        rows[0].id_hash = hash;
        int written = 0, created = 0;
        ZXKH_RETURN_IF_ERROR(WriteRows(c, pii_, item, rows,
                                       RegistrationSource::kInstitution, caller,
                                       now, written, created, {}));
        if (!rows[0].problem.ok()) return rows[0].problem;
        // The new registration: the person's (found or just created) open
        // one for the project.
        RegistrationRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(auto found, repo.FindPersons({hash}));
        if (found.empty()) {
          return Status::Internal("registration.lost", "人员写入失败");
        }
        ZXKH_ASSIGN_OR_RETURN(
            std::optional<int64_t> id,
            repo.OpenRegistration(found.begin()->second.id, item.project_code));
        if (!id) {
          return Status::Internal("registration.lost", "报名写入失败");
        }
        ZXKH_ASSIGN_OR_RETURN(RegistrationRow g, repo.Get(*id));
        ZXKH_RETURN_IF_ERROR(AuditService::Record(
            c, caller, now, "registration.enter", "registration",
            std::to_string(g.id), Summary(item, "机构录入报名"),
            item.district_code, item.institution_id));
        return g;
      });
}

Result<RegistrationImportReport> RegistrationService::Import(
    const Caller& caller, int64_t item_id, std::string_view file_bytes,
    const ImportProgressFn& progress) {
  ZXKH_RETURN_IF_ERROR(RequireRole(
      caller, {Role::kInstitutionAdmin, Role::kInstitutionOperator}));
  ZXKH_ASSIGN_OR_RETURN(RegistrableItemRow item,
                        ItemForInstitution(caller, item_id));
  const Date today = clock_.Today();
  ZXKH_RETURN_IF_ERROR(ItemOpen(item, today));
  ZXKH_ASSIGN_OR_RETURN(Date exam, Date::Parse(item.exam_date));
  if (progress) progress("reading", 0, 0);

  ZXKH_ASSIGN_OR_RETURN(docs::Table table, docs::ReadTable(file_bytes));
  std::map<std::string, std::size_t> column_of;
  for (std::size_t i = 0; i < table.header.size(); ++i) {
    auto it = kHeaderAliases.find(table.header[i]);
    if (it != kHeaderAliases.end()) column_of.emplace(it->second, i);
  }
  for (const char* required : {"name", "id_number", "phone"}) {
    if (!column_of.count(required)) {
      return Status::InvalidArgument(
          "import.missing_column",
          "表头缺少「" + ColumnTitle(required) + "」列", "file");
    }
  }
  if (table.rows.size() > static_cast<std::size_t>(kMaxImportRows)) {
    return Status::InvalidArgument(
        "import.too_many_rows",
        "一次最多导入 " + std::to_string(kMaxImportRows) + " 行", "file");
  }
  auto cell = [&](std::vector<std::string>& row,
                  const char* field) -> std::string {
    auto it = column_of.find(field);
    if (it == column_of.end() || it->second >= row.size()) return {};
    return std::move(row[it->second]);
  };

  // One pass over the rows, in two steps: each row on its own (validation,
  // lookup hash, encryption — independent, so both cores share the work),
  // then in file order the duplicates inside the file.
  struct Checked {
    bool blank = true;
    Status problem;
    Pending p;
  };
  // Memory: the cells move into `checked`, each row once.
  const std::size_t n = table.rows.size();
  const int total = static_cast<int>(n);
  std::vector<Checked> checked(n);
  auto check_range = [&](std::size_t from, std::size_t to,
                         bool report_progress) {
    for (std::size_t i = from; i < to; ++i) {
      auto& row = table.rows[i];
      if (report_progress && progress && (i + 1) % 1000 == 0) {
        progress("validating", static_cast<int>(i + 1), total);
      }
      Checked& out = checked[i];
      for (const auto& c : row) out.blank = out.blank && c.empty();
      if (out.blank) continue;
      domain::RegistrantInput in{
          cell(row, "name"),       cell(row, "id_type"), cell(row, "id_number"),
          cell(row, "birth_date"), cell(row, "phone"),   cell(row, "employer")};
      auto r = domain::ValidateRegistrant(in, today, exam);
      if (!r.ok()) {
        out.problem = r.status();
        continue;
      }
      out.p.row = table.row_numbers[i];
      out.p.r = std::move(r).value();
      const std::string key =
          domain::IdentityKey(out.p.r.id_type, out.p.r.id_number);
      out.p.id_hash = pii_.LookupHash(key);
      out.p.id_cipher = pii_.Encrypt(key);
    }
  };
  if (n >= 2000) {
    std::thread helper(check_range, n / 2, n, false);
    check_range(0, n / 2, true);
    helper.join();
  } else {
    check_range(0, n, true);
  }

  RegistrationImportReport report;
  std::vector<Pending> valid;
  valid.reserve(n);
  std::unordered_map<std::string_view, int> row_of_hash;
  row_of_hash.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    Checked& c = checked[i];
    if (c.blank) continue;
    ++report.rows;
    if (!c.problem.ok()) {
      report.errors.push_back({table.row_numbers[i],
                               ColumnTitle(c.problem.field()),
                               c.problem.message()});
      continue;
    }
    // Equal lookup hashes mean equal documents (keyed BLAKE2b).
    auto [it, fresh] = row_of_hash.emplace(c.p.id_hash, c.p.row);
    if (!fresh) {
      report.errors.push_back(
          {c.p.row, "证件号码",
           "与第 " + std::to_string(it->second) + " 行的证件号码重复"});
      continue;
    }
    valid.push_back(std::move(c.p));
  }
  row_of_hash.clear();  // its keys point into `checked`
  checked = {};
  table = docs::Table();  // free the cells before writing

  const int64_t now = clock_.NowUnixMillis();
  const RegistrationImportReport base = report;
  Status st = db_.Transact(Database::Mode::kWrite, [&](Connection& c) {
    report = base;
    // A large page cache for this transaction only (SQLite: the persons'
    // lookup-hash index takes random inserts), back to normal afterwards.
    store::RegistrationRepository bulk(c);
    ZXKH_RETURN_IF_ERROR(bulk.SetBulkCache(true));
    struct Restore {
      store::RegistrationRepository& r;
      ~Restore() { (void)r.SetBulkCache(false); }
    } restore{bulk};
    for (Pending& p : valid) p.problem = Status::Ok();
    if (progress) progress("writing", 0, static_cast<int>(valid.size()));
    int written = 0, created = 0;
    ZXKH_RETURN_IF_ERROR(WriteRows(c, pii_, item, valid,
                                   RegistrationSource::kImport, caller, now,
                                   written, created, progress));
    report.imported = written;
    report.persons_created = created;
    for (const Pending& p : valid) {
      if (!p.problem.ok()) {
        report.errors.push_back(
            {p.row, ColumnTitle(p.problem.field()), p.problem.message()});
      }
    }
    if (written == 0) return Status::Ok();
    return AuditService::Record(
        c, caller, now, "registration.import", "plan_item",
        std::to_string(item.id),
        Summary(item, "批量导入报名 " + std::to_string(written) + " 条，" +
                          std::to_string(report.errors.size()) + " 行有误"),
        item.district_code, item.institution_id);
  });
  ZXKH_RETURN_IF_ERROR(st);
  std::stable_sort(report.errors.begin(), report.errors.end(),
                   [](const auto& a, const auto& b) { return a.row < b.row; });
  return report;
}

Result<std::string> RegistrationService::StartImport(const Caller& caller,
                                                     int64_t item_id,
                                                     std::string file_bytes) {
  ZXKH_RETURN_IF_ERROR(RequireRole(
      caller, {Role::kInstitutionAdmin, Role::kInstitutionOperator}));
  ZXKH_ASSIGN_OR_RETURN(RegistrableItemRow item,
                        ItemForInstitution(caller, item_id));
  ZXKH_RETURN_IF_ERROR(ItemOpen(item, clock_.Today()));
  auto job = std::make_shared<Job>();
  job->id = RandomToken(16);
  job->institution_id = item.institution_id;
  job->plan_item_id = item_id;
  std::vector<std::shared_ptr<Job>> expired;
  {
    std::lock_guard lock(mu_);
    const int64_t now = clock_.NowUnixMillis();
    int running = 0;
    for (auto it = jobs_.begin(); it != jobs_.end();) {
      bool finished, old;
      {
        std::lock_guard jl(it->second->mu);
        finished = it->second->finished;
        old = finished && now - it->second->finished_at > kJobKeepMillis;
      }
      if (old) {
        expired.push_back(it->second);
        it = jobs_.erase(it);
        continue;
      }
      running += !finished;
      ++it;
    }
    if (running >= kMaxRunningJobs) {
      return Status::ResourceExhausted("registration.import_busy",
                                       "导入任务较多，请稍后再试");
    }
    jobs_[job->id] = job;
    // The worker uses the job through a plain pointer: a job is dropped
    // only after its worker has been joined (on expiry or at the end).
    job->worker = std::thread([this, job = job.get(), caller, item_id,
                               bytes = std::move(file_bytes)]() {
      auto progress = [job](std::string_view phase, int done, int total) {
        std::lock_guard jl(job->mu);
        job->phase = std::string(phase);
        job->done = done;
        job->total = total;
      };
      auto result = Import(caller, item_id, bytes, progress);
      std::lock_guard jl(job->mu);
      job->finished = true;
      job->finished_at = clock_.NowUnixMillis();
      if (result.ok()) {
        job->phase = "done";
        job->done = job->total = result->rows;
        job->report = std::move(result).value();
      } else {
        job->phase = "failed";
        job->error = result.status();
      }
    });
  }
  // Finished workers: joining returns at once.
  for (auto& old : expired) {
    if (old->worker.joinable()) old->worker.join();
  }
  return job->id;
}

Result<std::string> RegistrationService::StartImportFile(
    const Caller& caller, int64_t item_id, const std::string& temp_path) {
  std::ifstream in(temp_path, std::ios::binary);
  if (!in) {
    return Status::InvalidArgument("import.empty", "没有收到文件", "file");
  }
  std::string bytes;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    bytes.append(buf, static_cast<std::size_t>(in.gcount()));
    if (static_cast<int64_t>(bytes.size()) > kMaxImportBytes) {
      return Status::PayloadTooLarge("registration.file_too_large",
                                     "导入文件不能超过 30 MB");
    }
  }
  if (bytes.empty()) {
    return Status::InvalidArgument("import.empty", "文件为空", "file");
  }
  return StartImport(caller, item_id, std::move(bytes));
}

Result<ImportJobView> RegistrationService::ImportJob(const Caller& caller,
                                                     std::string_view job_id) {
  ZXKH_RETURN_IF_ERROR(RequireRole(
      caller, {Role::kInstitutionAdmin, Role::kInstitutionOperator}));
  std::shared_ptr<Job> job;
  {
    std::lock_guard lock(mu_);
    auto it = jobs_.find(std::string(job_id));
    if (it != jobs_.end()) job = it->second;
  }
  if (!job || !caller.institution_id ||
      *caller.institution_id != job->institution_id) {
    return Status::NotFound("registration.job_not_found", "导入任务不存在");
  }
  std::lock_guard jl(job->mu);
  ImportJobView v;
  v.id = job->id;
  v.plan_item_id = job->plan_item_id;
  v.phase = job->phase;
  v.rows_done = job->done;
  v.rows_total = job->total;
  v.report = job->report;
  v.error = job->error;
  return v;
}

Status RegistrationService::ApplyScope(const Caller& caller,
                                       store::RegistrationFilter& f) {
  f.institution_id.reset();
  f.district_code.reset();
  f.person_id.reset();
  switch (caller.role) {
    case Role::kProvince:
    case Role::kCity:
      return Status::Ok();
    case Role::kDistrict:
      if (!caller.district_code) break;
      f.district_code = caller.district_code;
      return Status::Ok();
    case Role::kInstitutionAdmin:
    case Role::kInstitutionOperator:
      if (!caller.institution_id) break;
      f.institution_id = caller.institution_id;
      return Status::Ok();
    case Role::kCandidate: {
      ZXKH_ASSIGN_OR_RETURN(
          std::optional<int64_t> person,
          db_.InTransaction(Database::Mode::kRead, [&](Connection& c) {
            return RegistrationRepository(c).PersonOfUser(caller.user_id);
          }));
      f.person_id = person.value_or(-1);
      return Status::Ok();
    }
    default:
      break;
  }
  // Staff-pool roles, PUBLIC, or an account without its scope binding.
  if (caller.role == Role::kPublic) {
    return Status::Unauthenticated("auth.required", "请先登录");
  }
  return Status::PermissionDenied("auth.forbidden", "当前角色无权查看报名");
}

Result<Page<RegistrationRow>> RegistrationService::List(
    const Caller& caller, store::RegistrationFilter f) {
  ZXKH_RETURN_IF_ERROR(ApplyScope(caller, f));
  return db_.InTransaction(Database::Mode::kRead, [&](Connection& c) {
    return RegistrationRepository(c).List(f);
  });
}

Result<RegistrationRow> RegistrationService::Get(const Caller& caller,
                                                 int64_t id) {
  store::RegistrationFilter scope;
  ZXKH_RETURN_IF_ERROR(ApplyScope(caller, scope));
  ZXKH_ASSIGN_OR_RETURN(
      RegistrationRow g,
      db_.InTransaction(Database::Mode::kRead, [&](Connection& c) {
        return RegistrationRepository(c).Get(id);
      }));
  if ((scope.institution_id && *scope.institution_id != g.institution_id) ||
      (scope.district_code && *scope.district_code != g.district_code) ||
      (scope.person_id && *scope.person_id != g.person_id)) {
    return Status::NotFound("registration.not_found", "报名记录不存在");
  }
  return g;
}

Result<RegistrationRow> RegistrationService::Cancel(const Caller& caller,
                                                    int64_t id) {
  ZXKH_RETURN_IF_ERROR(RequireRole(
      caller,
      {Role::kCandidate, Role::kInstitutionAdmin, Role::kInstitutionOperator}));
  ZXKH_ASSIGN_OR_RETURN(RegistrationRow g, Get(caller, id));
  const int64_t now = clock_.NowUnixMillis();
  const Date today = clock_.Today();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<RegistrationRow> {
        RegistrationRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(RegistrationRow cur, repo.Get(g.id));
        ZXKH_RETURN_IF_ERROR(
            domain::CheckTransition(cur.state, RegistrationState::kCancelled));
        auto exam = Date::Parse(cur.exam_date);
        if (exam.ok() && !(today < *exam)) {
          return Status::FailedPrecondition("registration.closed",
                                            "考核日期已到，不能取消报名");
        }
        ZXKH_RETURN_IF_ERROR(repo.UpdateState(
            cur.id, RegistrationState::kCancelled, caller.user_id, now));
        ZXKH_RETURN_IF_ERROR(AuditService::Record(
            c, caller, now, "registration.cancel", "registration",
            std::to_string(cur.id),
            caller.role == Role::kCandidate ? "考生本人取消报名"
                                            : "考核机构取消报名",
            cur.district_code, cur.institution_id));
        return repo.Get(cur.id);
      });
}

Result<std::string> RegistrationService::ExportXlsx(
    const Caller& caller, store::RegistrationFilter f) {
  ZXKH_RETURN_IF_ERROR(ApplyScope(caller, f));
  docs::Sheet sheet;
  sheet.name = "报名名单";
  sheet.header = {"序号",     "姓名",     "证件类型", "证件号码", "出生日期",
                  "手机号",   "工作单位", "项目代码", "项目名称", "考核机构",
                  "考核日期", "状态",     "报名方式", "报名时间"};
  f.page = PageRequest{.page = 1, .page_size = PageRequest::kMaxPageSize};
  ZXKH_RETURN_IF_ERROR(
      db_.Transact(Database::Mode::kRead, [&](Connection& c) -> Status {
        RegistrationRepository repo(c);
        sheet.rows.clear();
        for (;;) {
          ZXKH_ASSIGN_OR_RETURN(auto page, repo.List(f));
          if (page.total > kMaxExportRows) {
            return Status::InvalidArgument("registration.export_too_large",
                                           "导出超过 " +
                                               std::to_string(kMaxExportRows) +
                                               " 行，请缩小范围");
          }
          for (const RegistrationRow& g : page.items) {
            sheet.rows.push_back(
                {std::to_string(sheet.rows.size() + 1), g.person_name,
                 g.id_type == "other" ? "其他证件" : "居民身份证", g.id_masked,
                 g.birth_date, g.phone, g.employer, g.project_code,
                 g.project_name, g.institution_name, g.exam_date,
                 std::string(domain::RegistrationStateTitle(g.state)),
                 std::string(domain::RegistrationSourceTitle(g.source)),
                 Clock::FormatIso(g.created_at)});
          }
          if (page.items.empty() ||
              f.page.offset() + page.page_size >= page.total) {
            break;
          }
          ++f.page.page;
        }
        return Status::Ok();
      }));
  return docs::WriteXlsx({sheet});
}

Result<std::string> RegistrationService::TemplateXlsx() {
  docs::Sheet data;
  data.name = "报名名单";
  for (const char* col : kImportColumns) data.header.push_back(col);
  data.column_widths = {12, 12, 22, 12, 14, 30};
  docs::Sheet help;
  help.name = "填写说明";
  help.header = {"列", "是否必填", "说明"};
  help.rows = {
      {"姓名", "必填", "2 至 30 个字符，与证件一致"},
      {"证件类型", "选填",
       "「居民身份证」（留空即为居民身份证）或「其他证件」"},
      {"证件号码", "必填",
       "居民身份证 18 位，末位校验码按 GB 11643 核验；其他证件 5 至 30 "
       "位字母、数字或连字符"},
      {"出生日期", "其他证件必填",
       "YYYY-MM-DD；居民身份证从号码中读取，无需填写"},
      {"手机号", "必填", "11 位大陆手机号码"},
      {"工作单位", "选填", "不超过 100 个字符"},
      {"年龄", "—", "考核日期当天须年满 16 周岁"},
      {"重复报名", "—",
       "同一人同一项目已有有效报名（已报名、已参考）或已合格的不能再报；"
       "缺考、不合格或已取消的可以再报"},
      {"文件", "—",
       "Excel（.xlsx）或 CSV（UTF-8 或 GBK），第一行为表头，最多 100000 行；"
       "有误的行会列出行号、列名和原因，其余行一次性导入"},
  };
  help.column_widths = {12, 14, 80};
  return docs::WriteXlsx({data, help});
}

}  // namespace zxkh::service
