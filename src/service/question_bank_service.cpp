#include "service/question_bank_service.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "common/text.hpp"
#include "docs/file_kind.hpp"
#include "docs/tabular.hpp"
#include "docs/xlsx_writer.hpp"
#include "service/audit_service.hpp"
#include "service/permissions.hpp"
#include "store/institution_repository.hpp"

namespace zxkh::service {

using domain::Caller;
using domain::Role;
using domain::VersionState;
using store::BankRow;
using store::Connection;
using store::Database;
using store::QuestionBankRepository;
using store::VersionRow;

namespace {

constexpr std::initializer_list<Role> kInstitutionRoles = {
    Role::kInstitutionAdmin, Role::kInstitutionOperator};
constexpr std::initializer_list<Role> kReaders = {
    Role::kProvince, Role::kCity, Role::kDistrict, Role::kInstitutionAdmin,
    Role::kInstitutionOperator};
constexpr std::initializer_list<Role> kContentReaders = {
    Role::kCity, Role::kInstitutionAdmin, Role::kInstitutionOperator};
constexpr docs::FileKind kAttachmentKinds[] = {
    docs::FileKind::kPdf, docs::FileKind::kPng, docs::FileKind::kJpeg,
    docs::FileKind::kDocx, docs::FileKind::kXlsx};
constexpr std::string_view kXlsxMediaType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// The template's columns (docs/question-bank-template.md).
const std::vector<std::string> kColumns = {
    "套号",       "套题名称", "行类型", "标题或评分项", "操作要求或评分标准",
    "时长(分钟)", "材料设备", "分值"};

Status NotFound() { return Status::NotFound("bank.not_found", "题库不存在"); }

bool IsInstitution(const Caller& c) {
  return c.role == Role::kInstitutionAdmin ||
         c.role == Role::kInstitutionOperator;
}

// DOMAIN.md data scope.
bool InScope(const Caller& c, const std::string& district,
             int64_t institution_id) {
  switch (c.role) {
    case Role::kProvince:
    case Role::kCity:
      return true;
    case Role::kDistrict:
      return c.district_code && *c.district_code == district;
    case Role::kInstitutionAdmin:
    case Role::kInstitutionOperator:
      return c.institution_id && *c.institution_id == institution_id;
    default:
      return false;
  }
}

bool MayReadContent(const Caller& c) {
  return c.role == Role::kCity || IsInstitution(c);
}

Result<BankRow> LoadBank(Connection& c, const Caller& caller, int64_t id) {
  auto b = QuestionBankRepository(c).GetBank(id);
  if (!b.ok())
    return b.status().status_code() == StatusCode::kNotFound ? NotFound()
                                                             : b.status();
  if (!InScope(caller, b->district_code, b->institution_id)) return NotFound();
  return b;
}

struct Loaded {
  BankRow bank;
  VersionRow version;
};

Result<Loaded> LoadVersion(Connection& c, const Caller& caller, int64_t id) {
  auto v = QuestionBankRepository(c).GetVersion(id);
  if (!v.ok()) return v.status();
  auto b = LoadBank(c, caller, v->bank_id);
  if (!b.ok()) {
    if (b.status().status_code() == StatusCode::kNotFound) {
      return Status::NotFound("bank.version_not_found", "题库版本不存在");
    }
    return b.status();
  }
  return Loaded{std::move(*b), std::move(*v)};
}

std::string Trimmed(std::string_view s) { return std::string(TrimSpace(s)); }

Status Audit(Connection& c, const Caller& caller, int64_t now,
             std::string action, std::string target_type, std::string target_id,
             std::string summary, const BankRow& b) {
  return AuditService::Record(c, caller, now, std::move(action),
                              std::move(target_type), std::move(target_id),
                              std::move(summary), b.district_code,
                              b.institution_id);
}

Status Move(Connection& c, const Caller& caller, int64_t now, VersionRow& v,
            VersionState to, std::string action, std::string reason) {
  const VersionState from = v.state;
  v.state = to;
  v.updated_at = now;
  QuestionBankRepository repo(c);
  ZXKH_RETURN_IF_ERROR(repo.SaveVersion(v, from));
  store::BankEventRow e;
  e.version_id = v.id;
  e.at = now;
  if (caller.user_id > 0) e.user_id = caller.user_id;
  e.role = std::string(domain::RoleName(caller.role));
  e.action = std::move(action);
  e.from_state = std::string(domain::VersionStateName(from));
  e.to_state = std::string(domain::VersionStateName(to));
  e.reason = std::move(reason);
  return repo.InsertEvent(e);
}

std::string VersionLabel(const BankRow& b, const VersionRow& v) {
  return b.project_code + " 题库第 " + std::to_string(v.number) + " 版";
}

// Trimmed, valid UTF-8, within limits; InvalidArgument naming `field`.
Result<std::string> CheckText(std::string_view raw, std::size_t min,
                              std::size_t max, const std::string& field,
                              const std::string& what) {
  std::string s = Trimmed(raw);
  const std::size_t n = Utf8Length(s);
  if (!IsValidUtf8(s) || n < min || n > max) {
    return Status::InvalidArgument("bank.text_invalid",
                                   what + (min > 0 ? "不能为空，" : "") +
                                       "最多 " + std::to_string(max) + " 个字",
                                   field);
  }
  return s;
}

// Cleans the text of a set and validates it (domain::ValidateSet).
Result<domain::QuestionSet> CleanSet(const SetInput& in, int position) {
  domain::QuestionSet s;
  ZXKH_ASSIGN_OR_RETURN(s.title,
                        CheckText(in.title, 1, 100, "title", "套题名称"));
  if (in.tasks.size() > 20 || in.rubric.size() > 50) {
    return Status::InvalidArgument("bank.too_many_items",
                                   "每套最多 20 个实操任务、50 项评分细则",
                                   "tasks");
  }
  for (std::size_t i = 0; i < in.tasks.size(); ++i) {
    const auto& t = in.tasks[i];
    const std::string f = "tasks[" + std::to_string(i) + "]";
    domain::PracticalTask out;
    ZXKH_ASSIGN_OR_RETURN(out.title,
                          CheckText(t.title, 0, 100, f + ".title", "任务标题"));
    ZXKH_ASSIGN_OR_RETURN(
        out.instructions,
        CheckText(t.instructions, 0, 5000, f + ".instructions", "操作要求"));
    ZXKH_ASSIGN_OR_RETURN(
        out.materials,
        CheckText(t.materials, 0, 2000, f + ".materials", "材料设备"));
    if (t.duration_minutes > 24 * 60) {
      return Status::InvalidArgument("bank.task_invalid",
                                     "任务时长不能超过 1440 分钟",
                                     f + ".duration_minutes");
    }
    out.duration_minutes = t.duration_minutes;
    s.tasks.push_back(std::move(out));
  }
  for (std::size_t i = 0; i < in.rubric.size(); ++i) {
    const auto& r = in.rubric[i];
    const std::string f = "rubric[" + std::to_string(i) + "]";
    domain::RubricItem out;
    ZXKH_ASSIGN_OR_RETURN(
        out.description,
        CheckText(r.description, 0, 200, f + ".description", "评分项"));
    ZXKH_ASSIGN_OR_RETURN(out.standard, CheckText(r.standard, 0, 2000,
                                                  f + ".standard", "评分标准"));
    out.max_points = r.max_points;
    s.rubric.push_back(std::move(out));
  }
  Status st = domain::ValidateSet(s, position);
  if (!st.ok()) {
    // Fields relative to the set being saved ("rubric", "tasks[0]").
    std::string field = st.field();
    const auto dot = field.find("].");
    if (field.rfind("sets[", 0) == 0 && dot != std::string::npos) {
      field = field.substr(dot + 2);
    }
    return Status::InvalidArgument(st.code(), st.message(), field);
  }
  return s;
}

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::InvalidArgument("file.unreadable", "无法读取上传的文件",
                                   "file");
  }
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string CleanFileName(std::string_view raw) {
  std::string name(raw);
  const auto slash = name.find_last_of("/\\");
  if (slash != std::string::npos) name = name.substr(slash + 1);
  std::string cleaned;
  for (char ch : Trimmed(name)) {
    if (static_cast<unsigned char>(ch) >= 0x20 && ch != 0x7f) cleaned += ch;
  }
  if (!IsValidUtf8(cleaned) || Utf8Length(cleaned) > 120) cleaned.clear();
  return cleaned.empty() ? "附件" : cleaned;
}

// Row of the template for one set.
void AppendSetRows(std::vector<std::vector<std::string>>& rows, int number,
                   const domain::QuestionSet& s) {
  bool first = true;
  for (const auto& t : s.tasks) {
    rows.push_back({std::to_string(number), first ? s.title : "", "任务",
                    t.title, t.instructions, std::to_string(t.duration_minutes),
                    t.materials, ""});
    first = false;
  }
  for (const auto& r : s.rubric) {
    rows.push_back({std::to_string(number), first ? s.title : "", "评分",
                    r.description, r.standard, "", "",
                    std::to_string(r.max_points)});
    first = false;
  }
}

Result<std::string> Workbook(std::vector<std::vector<std::string>> rows) {
  docs::Sheet data;
  data.name = "题库";
  data.header = kColumns;
  data.rows = std::move(rows);
  data.column_widths = {6, 24, 8, 24, 48, 10, 30, 6};
  data.numeric_columns = {true, false, false, false, false, true, false, true};
  docs::Sheet help;
  help.name = "填写说明";
  help.header = {"列", "说明"};
  help.rows = {
      {"套号", "整数 1、2、3……；同一套的各行套号相同。题库至少 5 套。"},
      {"套题名称", "每套第一行必填，其余行可留空（填写时须与第一行相同）。"},
      {"行类型",
       "「任务」= 一个实操任务；「评分」= 一项评分细则。每套至少 1 "
       "个任务。"},
      {"标题或评分项", "任务：任务标题；评分：评分项说明。必填。"},
      {"操作要求或评分标准", "任务：操作要求；评分：评分标准（扣分办法）。"},
      {"时长(分钟)", "仅任务行：正整数，最多 1440。"},
      {"材料设备", "仅任务行：材料与设备清单。"},
      {"分值", "仅评分行：正整数；每套各评分项分值合计必须恰好为 100 分。"},
      {"附件", "任务附件（图样、照片等）请导入后在系统中按任务上传。"},
  };
  help.column_widths = {20, 80};
  return docs::WriteXlsx({data, help});
}

// Parses a positive integer cell; nullopt when it is not one.
std::optional<int> PositiveInt(const std::string& s) {
  if (s.empty() || s.size() > 6) return std::nullopt;
  std::string digits = s;
  // Excel may store whole numbers as "5.0".
  if (digits.size() > 2 && digits.substr(digits.size() - 2) == ".0") {
    digits.resize(digits.size() - 2);
  }
  int v = 0;
  for (char ch : digits) {
    if (ch < '0' || ch > '9') return std::nullopt;
    v = v * 10 + (ch - '0');
  }
  if (v <= 0) return std::nullopt;
  return v;
}

struct ParsedSet {
  int number = 0;
  int first_row = 0;
  SetInput input;
};

// Reads the template's rows; every problem becomes a RowError.
std::vector<ParsedSet> ParseWorkbook(const docs::Table& t,
                                     std::vector<RowError>& errors) {
  std::map<std::string, int> col;
  for (std::size_t i = 0; i < t.header.size(); ++i) col[t.header[i]] = i;
  for (const auto& name : {"套号", "套题名称", "行类型", "标题或评分项"}) {
    if (!col.count(name)) {
      errors.push_back({1, name, "缺少列「" + std::string(name) + "」"});
    }
  }
  if (!errors.empty()) return {};
  auto cell = [&](const std::vector<std::string>& row, const char* name) {
    auto it = col.find(name);
    if (it == col.end() || it->second >= static_cast<int>(row.size())) {
      return std::string();
    }
    return Trimmed(row[it->second]);
  };
  std::vector<ParsedSet> sets;
  std::map<int, std::size_t> index;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const auto& row = t.rows[i];
    const int n =
        i < t.row_numbers.size() ? t.row_numbers[i] : t.first_data_row + (int)i;
    bool blank = true;
    for (const auto& v : row) blank = blank && Trimmed(v).empty();
    if (blank) continue;
    auto number = PositiveInt(cell(row, "套号"));
    if (!number) {
      errors.push_back({n, "套号", "套号应为正整数"});
      continue;
    }
    auto it = index.find(*number);
    if (it == index.end()) {
      it = index.emplace(*number, sets.size()).first;
      sets.push_back(ParsedSet{*number, n, {}});
    }
    ParsedSet& s = sets[it->second];
    const std::string title = cell(row, "套题名称");
    if (s.input.title.empty()) {
      if (title.empty()) {
        errors.push_back({n, "套题名称", "每套第一行须填写套题名称"});
      }
      s.input.title = title;
    } else if (!title.empty() && title != s.input.title) {
      errors.push_back(
          {n, "套题名称",
           "同一套的套题名称不一致（第一行为「" + s.input.title + "」）"});
    }
    const std::string kind = cell(row, "行类型");
    const std::string head = cell(row, "标题或评分项");
    const std::string body = cell(row, "操作要求或评分标准");
    if (head.empty()) {
      errors.push_back({n, "标题或评分项", "标题或评分项不能为空"});
    }
    if (kind == "任务") {
      auto minutes = PositiveInt(cell(row, "时长(分钟)"));
      if (!minutes || *minutes > 1440) {
        errors.push_back({n, "时长(分钟)", "任务时长应为 1–1440 的整数分钟"});
      }
      s.input.tasks.push_back(
          {head, body, minutes.value_or(0), cell(row, "材料设备")});
    } else if (kind == "评分") {
      auto points = PositiveInt(cell(row, "分值"));
      if (!points || *points > 100) {
        errors.push_back({n, "分值", "分值应为 1–100 的整数"});
      }
      s.input.rubric.push_back({head, points.value_or(0), body});
    } else {
      errors.push_back({n, "行类型", "行类型应为「任务」或「评分」"});
    }
  }
  if (errors.empty() && sets.empty()) {
    errors.push_back({t.first_data_row, "套号", "文件中没有试题"});
  }
  if (!errors.empty()) return sets;
  for (std::size_t i = 0; i < sets.size(); ++i) {
    auto cleaned = CleanSet(sets[i].input, static_cast<int>(i));
    if (!cleaned.ok()) {
      const std::string& f = cleaned.status().field();
      const char* column = f.find("rubric") != std::string::npos  ? "分值"
                           : f.find("tasks") != std::string::npos ? "行类型"
                                                                  : "套题名称";
      errors.push_back({sets[i].first_row, column,
                        "第 " + std::to_string(sets[i].number) + " 套：" +
                            cleaned.status().message()});
    }
  }
  return sets;
}

}  // namespace

QuestionBankService::QuestionBankService(Database& db, const Clock& clock,
                                         store::FileStore& files)
    : db_(db), clock_(clock), files_(files) {}

Result<VersionDetail> QuestionBankService::Detail(Connection& c,
                                                  const Caller& caller,
                                                  BankRow bank, VersionRow v) {
  QuestionBankRepository repo(c);
  VersionDetail d;
  d.content_visible = MayReadContent(caller);
  d.editable =
      IsInstitution(caller) && domain::CheckCanEditVersion(v.state).ok();
  ZXKH_ASSIGN_OR_RETURN(std::vector<store::SetRow> sets,
                        repo.VersionSets(v.id));
  for (auto& s : sets) {
    SetView view;
    view.carried = s.origin_version_id != v.id;
    if (d.content_visible && !s.sealed) {
      ZXKH_ASSIGN_OR_RETURN(view.content, repo.SetContent(s.id));
      ZXKH_ASSIGN_OR_RETURN(view.attachments, repo.Attachments(s.id));
    }
    view.set = std::move(s);
    d.sets.push_back(std::move(view));
  }
  d.bank = std::move(bank);
  d.version = std::move(v);
  return d;
}

Result<std::vector<BankRow>> QuestionBankService::ListBanks(
    const Caller& caller, std::string open_state) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kReaders));
  if (!open_state.empty() && !domain::ParseVersionState(open_state)) {
    return Status::InvalidArgument("bank.state_invalid", "题库版本状态无效",
                                   "state");
  }
  store::BankFilter f;
  f.open_state = open_state;
  if (caller.role == Role::kDistrict) {
    f.scope = store::BankScope::kDistrict;
    f.scope_district = caller.district_code.value_or("");
  } else if (IsInstitution(caller)) {
    f.scope = store::BankScope::kInstitution;
    f.scope_institution = caller.institution_id.value_or(0);
  }
  return db_.InTransaction(Database::Mode::kRead, [&](Connection& c) {
    return QuestionBankRepository(c).ListBanks(f);
  });
}

Result<BankDetail> QuestionBankService::CreateBank(const Caller& caller,
                                                   std::string project_code) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kInstitutionRoles));
  const std::string code = AsciiUpper(Trimmed(project_code));
  const int64_t inst = caller.institution_id.value_or(0);
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<BankDetail> {
        ZXKH_ASSIGN_OR_RETURN(auto scope,
                              store::InstitutionRepository(c).Scope(inst));
        const bool in_scope =
            std::any_of(scope.begin(), scope.end(),
                        [&](const auto& p) { return p.code == code; });
        if (!in_scope) {
          return Status::InvalidArgument(
              "bank.project_not_in_scope",
              "项目「" + code + "」不在本机构经批准的考核项目范围内",
              "project_code");
        }
        QuestionBankRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(auto existing, repo.FindBank(inst, code));
        if (existing) {
          return Status::AlreadyExists(
              "bank.exists",
              "项目「" + code + "」的题库已存在，请在原题库中编辑",
              "project_code");
        }
        ZXKH_ASSIGN_OR_RETURN(int64_t id, repo.InsertBank(inst, code, now));
        ZXKH_ASSIGN_OR_RETURN(int64_t vid,
                              repo.InsertVersion(id, 1, VersionState::kDraft,
                                                 caller.user_id, now));
        ZXKH_RETURN_IF_ERROR(repo.InsertEvent(
            {0, vid, 1, now,
             caller.user_id > 0 ? std::optional<int64_t>(caller.user_id)
                                : std::nullopt,
             std::string(domain::RoleName(caller.role)), "create", "", "draft",
             ""}));
        BankDetail d;
        ZXKH_ASSIGN_OR_RETURN(d.bank, repo.GetBank(id));
        ZXKH_ASSIGN_OR_RETURN(d.versions, repo.Versions(id));
        ZXKH_ASSIGN_OR_RETURN(d.events, repo.Events(id));
        ZXKH_RETURN_IF_ERROR(Audit(
            c, caller, now, "bank.create", "question_bank", std::to_string(id),
            "新建题库（" + code + "，第 1 版草稿）", d.bank));
        return d;
      });
}

Result<BankDetail> QuestionBankService::GetBank(const Caller& caller,
                                                int64_t id) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kReaders));
  return db_.InTransaction(
      Database::Mode::kRead, [&](Connection& c) -> Result<BankDetail> {
        BankDetail d;
        ZXKH_ASSIGN_OR_RETURN(d.bank, LoadBank(c, caller, id));
        QuestionBankRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(d.versions, repo.Versions(id));
        ZXKH_ASSIGN_OR_RETURN(d.events, repo.Events(id));
        return d;
      });
}

Result<VersionDetail> QuestionBankService::OpenVersion(const Caller& caller,
                                                       int64_t bank_id) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kInstitutionRoles));
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<VersionDetail> {
        ZXKH_ASSIGN_OR_RETURN(BankRow b, LoadBank(c, caller, bank_id));
        ZXKH_RETURN_IF_ERROR(domain::CheckCanOpenVersion(
            b.approved_version_id.has_value(), b.open_version_id.has_value()));
        QuestionBankRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(auto versions, repo.Versions(bank_id));
        const int number = versions.empty() ? 1 : versions.front().number + 1;
        ZXKH_ASSIGN_OR_RETURN(
            int64_t vid,
            repo.InsertVersion(bank_id, number, VersionState::kDraft,
                               caller.user_id, now));
        ZXKH_RETURN_IF_ERROR(repo.CopyLinks(*b.approved_version_id, vid));
        ZXKH_RETURN_IF_ERROR(repo.InsertEvent(
            {0, vid, number, now, caller.user_id,
             std::string(domain::RoleName(caller.role)), "create", "", "draft",
             "沿用第 " + std::to_string(b.approved_number.value_or(0)) +
                 " 版已通过的试题"}));
        ZXKH_ASSIGN_OR_RETURN(BankRow fresh, repo.GetBank(bank_id));
        ZXKH_ASSIGN_OR_RETURN(VersionRow v, repo.GetVersion(vid));
        ZXKH_ASSIGN_OR_RETURN(VersionDetail d, Detail(c, caller, fresh, v));
        ZXKH_RETURN_IF_ERROR(Audit(c, caller, now, "bank.new_version",
                                   "bank_version", std::to_string(vid),
                                   "新建" + VersionLabel(fresh, v) + "（草稿）",
                                   fresh));
        return d;
      });
}

Result<VersionDetail> QuestionBankService::GetVersion(const Caller& caller,
                                                      int64_t version_id) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kReaders));
  return db_.InTransaction(
      Database::Mode::kRead, [&](Connection& c) -> Result<VersionDetail> {
        ZXKH_ASSIGN_OR_RETURN(Loaded l, LoadVersion(c, caller, version_id));
        return Detail(c, caller, l.bank, l.version);
      });
}

Result<VersionDetail> QuestionBankService::AddSet(const Caller& caller,
                                                  int64_t version_id,
                                                  SetInput in) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kInstitutionRoles));
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<VersionDetail> {
        ZXKH_ASSIGN_OR_RETURN(Loaded l, LoadVersion(c, caller, version_id));
        ZXKH_RETURN_IF_ERROR(domain::CheckCanEditVersion(l.version.state));
        ZXKH_ASSIGN_OR_RETURN(domain::QuestionSet s,
                              CleanSet(in, l.version.set_count));
        if (l.version.set_count >= 100) {
          return Status::FailedPrecondition("bank.too_many_sets",
                                            "一个版本最多 100 套试题");
        }
        QuestionBankRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(
            int64_t sid, repo.InsertSet(l.bank.id, l.version.id, s.title, now));
        ZXKH_RETURN_IF_ERROR(repo.ReplaceContent(sid, s, now));
        ZXKH_RETURN_IF_ERROR(repo.LinkSet(l.version.id, sid));
        l.version.updated_at = now;
        ZXKH_RETURN_IF_ERROR(repo.SaveVersion(l.version, l.version.state));
        ZXKH_ASSIGN_OR_RETURN(VersionRow v, repo.GetVersion(l.version.id));
        ZXKH_ASSIGN_OR_RETURN(VersionDetail d, Detail(c, caller, l.bank, v));
        ZXKH_RETURN_IF_ERROR(Audit(
            c, caller, now, "bank.set_add", "bank_set", std::to_string(sid),
            VersionLabel(l.bank, v) + "新增一套试题", l.bank));
        return d;
      });
}

Result<VersionDetail> QuestionBankService::UpdateSet(const Caller& caller,
                                                     int64_t version_id,
                                                     int64_t set_id,
                                                     SetInput in) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kInstitutionRoles));
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<VersionDetail> {
        ZXKH_ASSIGN_OR_RETURN(Loaded l, LoadVersion(c, caller, version_id));
        QuestionBankRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(bool in_version,
                              repo.InVersion(version_id, set_id));
        if (!in_version) {
          return Status::NotFound("bank.set_not_found", "试题不存在");
        }
        ZXKH_RETURN_IF_ERROR(domain::CheckCanEditVersion(l.version.state));
        ZXKH_ASSIGN_OR_RETURN(store::SetRow row, repo.GetSet(set_id));
        ZXKH_RETURN_IF_ERROR(domain::CheckSetEditable(
            row.sealed || row.origin_version_id != version_id));
        ZXKH_ASSIGN_OR_RETURN(auto sets, repo.VersionSets(version_id));
        int position = 0;
        for (const auto& s : sets) {
          if (s.id == set_id) position = s.position - 1;
        }
        ZXKH_ASSIGN_OR_RETURN(domain::QuestionSet s, CleanSet(in, position));
        ZXKH_RETURN_IF_ERROR(repo.ReplaceContent(set_id, s, now));
        l.version.updated_at = now;
        ZXKH_RETURN_IF_ERROR(repo.SaveVersion(l.version, l.version.state));
        ZXKH_ASSIGN_OR_RETURN(VersionDetail d,
                              Detail(c, caller, l.bank, l.version));
        ZXKH_RETURN_IF_ERROR(
            Audit(c, caller, now, "bank.set_update", "bank_set",
                  std::to_string(set_id),
                  VersionLabel(l.bank, l.version) + "修改一套试题", l.bank));
        return d;
      });
}

Result<VersionDetail> QuestionBankService::RemoveSet(const Caller& caller,
                                                     int64_t version_id,
                                                     int64_t set_id) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kInstitutionRoles));
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<VersionDetail> {
        ZXKH_ASSIGN_OR_RETURN(Loaded l, LoadVersion(c, caller, version_id));
        QuestionBankRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(bool in_version,
                              repo.InVersion(version_id, set_id));
        if (!in_version) {
          return Status::NotFound("bank.set_not_found", "试题不存在");
        }
        ZXKH_RETURN_IF_ERROR(domain::CheckCanEditVersion(l.version.state));
        ZXKH_ASSIGN_OR_RETURN(store::SetRow row, repo.GetSet(set_id));
        const bool own = !row.sealed && row.origin_version_id == version_id;
        if (own) {
          ZXKH_RETURN_IF_ERROR(repo.DeleteSet(set_id));
        } else {
          ZXKH_RETURN_IF_ERROR(repo.UnlinkSet(version_id, set_id));
        }
        l.version.updated_at = now;
        ZXKH_RETURN_IF_ERROR(repo.SaveVersion(l.version, l.version.state));
        ZXKH_ASSIGN_OR_RETURN(VersionRow v, repo.GetVersion(version_id));
        ZXKH_ASSIGN_OR_RETURN(VersionDetail d, Detail(c, caller, l.bank, v));
        ZXKH_RETURN_IF_ERROR(
            Audit(c, caller, now, own ? "bank.set_delete" : "bank.set_withdraw",
                  "bank_set", std::to_string(set_id),
                  VersionLabel(l.bank, v) +
                      (own ? "删除一套试题" : "撤出一套已封存的试题"),
                  l.bank));
        return d;
      });
}

Result<VersionDetail> QuestionBankService::Submit(const Caller& caller,
                                                  int64_t version_id) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kInstitutionRoles));
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<VersionDetail> {
        ZXKH_ASSIGN_OR_RETURN(Loaded l, LoadVersion(c, caller, version_id));
        QuestionBankRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(auto rows, repo.VersionSets(version_id));
        std::vector<domain::QuestionSet> sets;
        for (const auto& r : rows) {
          ZXKH_ASSIGN_OR_RETURN(domain::QuestionSet s, repo.SetContent(r.id));
          sets.push_back(std::move(s));
        }
        ZXKH_RETURN_IF_ERROR(
            domain::CheckCanSubmitVersion(l.version.state, sets));
        const VersionState from = l.version.state;
        l.version.submitted_at = now;
        ZXKH_RETURN_IF_ERROR(
            Move(c, caller, now, l.version, VersionState::kSubmitted,
                 from == VersionState::kReturned ? "resubmit" : "submit", ""));
        ZXKH_ASSIGN_OR_RETURN(VersionRow v, repo.GetVersion(version_id));
        ZXKH_ASSIGN_OR_RETURN(BankRow b, repo.GetBank(l.bank.id));
        ZXKH_ASSIGN_OR_RETURN(VersionDetail d, Detail(c, caller, b, v));
        ZXKH_RETURN_IF_ERROR(Audit(c, caller, now, "bank.submit",
                                   "bank_version", std::to_string(version_id),
                                   VersionLabel(b, v) + "提交市局审核（" +
                                       std::to_string(sets.size()) + " 套）",
                                   b));
        return d;
      });
}

Result<VersionDetail> QuestionBankService::Approve(const Caller& caller,
                                                   int64_t version_id) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, {Role::kCity}));
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<VersionDetail> {
        ZXKH_ASSIGN_OR_RETURN(Loaded l, LoadVersion(c, caller, version_id));
        ZXKH_RETURN_IF_ERROR(domain::CheckCanDecide(l.version.state));
        QuestionBankRepository repo(c);
        if (l.bank.approved_version_id) {
          ZXKH_ASSIGN_OR_RETURN(VersionRow old,
                                repo.GetVersion(*l.bank.approved_version_id));
          ZXKH_RETURN_IF_ERROR(
              Move(c, caller, now, old, VersionState::kSuperseded, "supersede",
                   "第 " + std::to_string(l.version.number) + " 版审核通过"));
        }
        l.version.decided_by = caller.user_id;
        l.version.decided_at = now;
        ZXKH_RETURN_IF_ERROR(Move(c, caller, now, l.version,
                                  VersionState::kApproved, "approve", ""));
        ZXKH_RETURN_IF_ERROR(repo.SealSets(version_id, now));
        ZXKH_RETURN_IF_ERROR(
            repo.SetApprovedVersion(l.bank.id, version_id, now));
        ZXKH_ASSIGN_OR_RETURN(VersionRow v, repo.GetVersion(version_id));
        ZXKH_ASSIGN_OR_RETURN(BankRow b, repo.GetBank(l.bank.id));
        ZXKH_ASSIGN_OR_RETURN(VersionDetail d, Detail(c, caller, b, v));
        ZXKH_RETURN_IF_ERROR(Audit(c, caller, now, "bank.approve",
                                   "bank_version", std::to_string(version_id),
                                   VersionLabel(b, v) + "审核通过，试题封存",
                                   b));
        return d;
      });
}

Result<VersionDetail> QuestionBankService::Return(const Caller& caller,
                                                  int64_t version_id,
                                                  std::string reason) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, {Role::kCity}));
  ZXKH_RETURN_IF_ERROR(domain::CheckReturnReason(reason));
  ZXKH_ASSIGN_OR_RETURN(std::string why,
                        CheckText(reason, 1, 1000, "reason", "退回理由"));
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<VersionDetail> {
        ZXKH_ASSIGN_OR_RETURN(Loaded l, LoadVersion(c, caller, version_id));
        ZXKH_RETURN_IF_ERROR(domain::CheckCanDecide(l.version.state));
        l.version.decided_by = caller.user_id;
        l.version.decided_at = now;
        l.version.return_reason = why;
        ZXKH_RETURN_IF_ERROR(Move(c, caller, now, l.version,
                                  VersionState::kReturned, "return", why));
        QuestionBankRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(VersionRow v, repo.GetVersion(version_id));
        ZXKH_ASSIGN_OR_RETURN(BankRow b, repo.GetBank(l.bank.id));
        ZXKH_ASSIGN_OR_RETURN(VersionDetail d, Detail(c, caller, b, v));
        ZXKH_RETURN_IF_ERROR(Audit(c, caller, now, "bank.return",
                                   "bank_version", std::to_string(version_id),
                                   VersionLabel(b, v) + "退回修改", b));
        return d;
      });
}

Result<BankFile> QuestionBankService::Template() {
  std::vector<std::vector<std::string>> rows;
  domain::QuestionSet example;
  example.title = "示例：胶东花饽饽制作 第一套";
  example.tasks = {{"寿桃花饽饽制作",
                    "按图样完成一件寿桃造型花饽饽，发酵、造型、蒸制、点色。",
                    120, "中筋面粉 1 kg、酵母、食用色素、蒸笼、剪刀、梳子"}};
  example.rubric = {
      {"面团调制与发酵", 20, "面团软硬适中、发酵充分；不符合扣 5–20 分"},
      {"造型", 40, "形态饱满、比例协调；每处缺陷扣 5 分"},
      {"蒸制与色彩", 30, "表面光洁无塌陷，点色自然；不符合扣 5–30 分"},
      {"安全卫生", 10, "操作规范、台面整洁；违规扣 10 分"}};
  AppendSetRows(rows, 1, example);
  ZXKH_ASSIGN_OR_RETURN(std::string bytes, Workbook(std::move(rows)));
  return BankFile{std::move(bytes), std::string(kXlsxMediaType),
                  "题库导入模板.xlsx"};
}

Result<BankImportResult> QuestionBankService::Import(
    const Caller& caller, int64_t version_id, const std::string& temp_path) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kInstitutionRoles));
  // Scope and state before reading the file.
  ZXKH_RETURN_IF_ERROR(
      db_.InTransaction(Database::Mode::kRead, [&](Connection& c) -> Status {
        ZXKH_ASSIGN_OR_RETURN(Loaded l, LoadVersion(c, caller, version_id));
        return domain::CheckCanEditVersion(l.version.state);
      }));
  ZXKH_ASSIGN_OR_RETURN(std::string bytes, ReadWholeFile(temp_path));
  ZXKH_ASSIGN_OR_RETURN(docs::Table table, docs::ReadTable(bytes));
  if (static_cast<int>(table.rows.size()) > kMaxBankImportRows) {
    return Status::InvalidArgument("bank.import_too_large",
                                   "文件行数过多，最多 5000 行", "file");
  }
  BankImportResult out;
  std::vector<ParsedSet> parsed = ParseWorkbook(table, out.errors);
  if (!out.errors.empty()) return out;
  const int64_t now = clock_.NowUnixMillis();
  auto written = db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<VersionDetail> {
        ZXKH_ASSIGN_OR_RETURN(Loaded l, LoadVersion(c, caller, version_id));
        ZXKH_RETURN_IF_ERROR(domain::CheckCanEditVersion(l.version.state));
        QuestionBankRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(auto existing, repo.VersionSets(version_id));
        for (const auto& s : existing) {
          if (!s.sealed && s.origin_version_id == version_id) {
            ZXKH_RETURN_IF_ERROR(repo.DeleteSet(s.id));
          }
        }
        for (std::size_t i = 0; i < parsed.size(); ++i) {
          ZXKH_ASSIGN_OR_RETURN(domain::QuestionSet s,
                                CleanSet(parsed[i].input, static_cast<int>(i)));
          ZXKH_ASSIGN_OR_RETURN(
              int64_t sid, repo.InsertSet(l.bank.id, version_id, s.title, now));
          ZXKH_RETURN_IF_ERROR(repo.ReplaceContent(sid, s, now));
          ZXKH_RETURN_IF_ERROR(repo.LinkSet(version_id, sid));
        }
        l.version.updated_at = now;
        ZXKH_RETURN_IF_ERROR(repo.SaveVersion(l.version, l.version.state));
        ZXKH_ASSIGN_OR_RETURN(VersionRow v, repo.GetVersion(version_id));
        ZXKH_ASSIGN_OR_RETURN(VersionDetail d, Detail(c, caller, l.bank, v));
        ZXKH_RETURN_IF_ERROR(Audit(c, caller, now, "bank.import",
                                   "bank_version", std::to_string(version_id),
                                   VersionLabel(l.bank, v) + "从 Excel 导入 " +
                                       std::to_string(parsed.size()) + " 套",
                                   l.bank));
        return d;
      });
  if (!written.ok()) return written.status();
  out.imported_sets = static_cast<int>(parsed.size());
  out.version = std::move(*written);
  return out;
}

Result<BankFile> QuestionBankService::Export(const Caller& caller,
                                             int64_t version_id) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kReaders));
  std::string name;
  auto rows = db_.InTransaction(
      Database::Mode::kRead,
      [&](Connection& c) -> Result<std::vector<std::vector<std::string>>> {
        ZXKH_ASSIGN_OR_RETURN(Loaded l, LoadVersion(c, caller, version_id));
        if (!MayReadContent(caller)) {
          return Status::PermissionDenied("bank.content_forbidden",
                                          "只有考核机构和市局可以查看试题内容");
        }
        if (!domain::IsOpenVersion(l.version.state)) {
          return Status::FailedPrecondition(
              "bank.sealed", "已审核通过的题库版本已封存，不能导出试题内容");
        }
        QuestionBankRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(auto sets, repo.VersionSets(version_id));
        std::vector<std::vector<std::string>> out;
        int n = 0;
        for (const auto& s : sets) {
          if (s.sealed) continue;
          ZXKH_ASSIGN_OR_RETURN(domain::QuestionSet content,
                                repo.SetContent(s.id));
          AppendSetRows(out, ++n, content);
        }
        name = l.bank.project_code + "题库第" +
               std::to_string(l.version.number) + "版.xlsx";
        return out;
      });
  if (!rows.ok()) return rows.status();
  ZXKH_ASSIGN_OR_RETURN(std::string bytes, Workbook(std::move(*rows)));
  return BankFile{std::move(bytes), std::string(kXlsxMediaType), name};
}

Result<store::AttachmentRow> QuestionBankService::UploadAttachment(
    const Caller& caller, int64_t set_id, int task_position,
    const std::string& temp_path, std::string file_name) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kInstitutionRoles));
  auto check = [&](Connection& c) -> Result<BankRow> {
    QuestionBankRepository repo(c);
    auto s = repo.GetSet(set_id);
    if (!s.ok()) return s.status();
    ZXKH_ASSIGN_OR_RETURN(BankRow b, LoadBank(c, caller, s->bank_id));
    ZXKH_RETURN_IF_ERROR(domain::CheckSetEditable(s->sealed));
    ZXKH_ASSIGN_OR_RETURN(VersionRow v, repo.GetVersion(s->origin_version_id));
    ZXKH_RETURN_IF_ERROR(domain::CheckCanEditVersion(v.state));
    if (task_position < 0 || task_position >= s->task_count) {
      return Status::InvalidArgument("bank.task_not_found",
                                     "该套试题没有这个任务", "task");
    }
    return b;
  };
  ZXKH_RETURN_IF_ERROR(
      db_.InTransaction(Database::Mode::kRead, check).status());
  std::error_code ec;
  const auto size = std::filesystem::file_size(temp_path, ec);
  if (ec) {
    return Status::InvalidArgument("file.unreadable", "无法读取上传的文件",
                                   "file");
  }
  if (static_cast<int64_t>(size) > kMaxBankAttachmentBytes) {
    return Status::PayloadTooLarge("file.too_large",
                                   "文件过大，单个附件不得超过 20 MB");
  }
  if (size == 0) {
    return Status::InvalidArgument("file.empty", "上传的文件是空的", "file");
  }
  ZXKH_ASSIGN_OR_RETURN(docs::FileKind kind,
                        docs::SniffFile(temp_path, kAttachmentKinds));
  ZXKH_ASSIGN_OR_RETURN(
      store::StoredFile stored,
      files_.PutFile(temp_path, std::string(docs::MediaTypeOf(kind)),
                     kMaxBankAttachmentBytes));
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite,
      [&](Connection& c) -> Result<store::AttachmentRow> {
        ZXKH_ASSIGN_OR_RETURN(BankRow b, check(c));
        ZXKH_RETURN_IF_ERROR(store::FileStore::Register(c, stored, now));
        store::AttachmentRow a;
        a.set_id = set_id;
        a.task_position = task_position;
        a.file_sha256 = stored.sha256;
        a.file_name = CleanFileName(file_name);
        a.media_type = stored.media_type;
        a.size_bytes = stored.size_bytes;
        a.uploaded_at = now;
        a.uploaded_by = caller.user_id;
        ZXKH_ASSIGN_OR_RETURN(a.id,
                              QuestionBankRepository(c).InsertAttachment(a));
        ZXKH_RETURN_IF_ERROR(
            Audit(c, caller, now, "bank.attachment_upload", "bank_set",
                  std::to_string(set_id),
                  "上传任务附件（" + std::string(docs::FileKindTitle(kind)) +
                      "，" + AuditService::HashForSummary(stored.sha256) + "）",
                  b));
        return a;
      });
}

Result<BankFile> QuestionBankService::DownloadAttachment(
    const Caller& caller, int64_t set_id, int64_t attachment_id) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kReaders));
  auto a = db_.InTransaction(
      Database::Mode::kRead,
      [&](Connection& c) -> Result<store::AttachmentRow> {
        QuestionBankRepository repo(c);
        auto s = repo.GetSet(set_id);
        if (!s.ok()) return s.status();
        ZXKH_RETURN_IF_ERROR(LoadBank(c, caller, s->bank_id).status());
        if (!MayReadContent(caller)) {
          return Status::PermissionDenied("bank.content_forbidden",
                                          "只有考核机构和市局可以查看试题内容");
        }
        if (s->sealed) {
          return Status::FailedPrecondition(
              "bank.sealed",
              "该套试题已审核通过并封存，考核开始前任何人不得查看");
        }
        return repo.GetAttachment(set_id, attachment_id);
      });
  if (!a.ok()) return a.status();
  ZXKH_ASSIGN_OR_RETURN(std::string bytes, files_.Read(a->file_sha256));
  return BankFile{std::move(bytes), a->media_type, a->file_name};
}

Result<store::PaperRow> QuestionBankService::AssignPaperIn(
    Connection& c, int64_t institution_id, const PaperRequest& in,
    std::optional<int64_t> by, int64_t now_ms) {
  const std::string ref = Trimmed(in.session_ref);
  if (ref.empty() || ref.size() > 64 || !IsValidUtf8(ref)) {
    return Status::InvalidArgument("paper.session_ref_invalid",
                                   "场次编号不能为空，最多 64 个字符",
                                   "session_ref");
  }
  if (in.session_start_ms <= 0) {
    return Status::InvalidArgument("paper.start_invalid", "考核开始时间无效",
                                   "session_start");
  }
  const std::string code = AsciiUpper(Trimmed(in.project_code));
  QuestionBankRepository repo(c);
  ZXKH_ASSIGN_OR_RETURN(auto existing, repo.FindPaperByRef(ref));
  if (existing) {
    return Status::AlreadyExists("paper.exists", "该场次已分配试卷",
                                 "session_ref");
  }
  ZXKH_ASSIGN_OR_RETURN(auto scope,
                        store::InstitutionRepository(c).Scope(institution_id));
  if (std::none_of(scope.begin(), scope.end(),
                   [&](const auto& p) { return p.code == code; })) {
    return Status::InvalidArgument(
        "bank.project_not_in_scope",
        "项目「" + code + "」不在本机构经批准的考核项目范围内", "project_code");
  }
  ZXKH_ASSIGN_OR_RETURN(auto bank, repo.FindBank(institution_id, code));
  if (!bank || !bank->approved_version_id) {
    return Status::FailedPrecondition("bank.no_approved_sets",
                                      "该项目没有经市局审核通过的试题");
  }
  // Two servers assigning at once: the second waits, then sees the first's
  // assignment as the previous one.
  ZXKH_RETURN_IF_ERROR(repo.LockBank(bank->id));
  ZXKH_ASSIGN_OR_RETURN(auto sets,
                        repo.VersionSets(*bank->approved_version_id));
  std::vector<int64_t> ids;
  for (const auto& s : sets) ids.push_back(s.id);
  ZXKH_ASSIGN_OR_RETURN(auto previous,
                        repo.LastAssignedSet(institution_id, code));
  ZXKH_ASSIGN_OR_RETURN(int64_t set_id,
                        domain::NextSetInRotation(ids, previous));
  store::PaperRow p;
  p.session_ref = ref;
  p.institution_id = institution_id;
  p.project_code = code;
  p.bank_id = bank->id;
  p.version_id = *bank->approved_version_id;
  p.set_id = set_id;
  p.session_start = in.session_start_ms;
  p.assigned_at = now_ms;
  p.assigned_by = by;
  ZXKH_ASSIGN_OR_RETURN(int64_t id, repo.InsertPaper(p));
  return repo.GetPaper(id);
}

Result<store::PaperRow> QuestionBankService::AssignPaper(const Caller& caller,
                                                         PaperRequest in) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, {Role::kInstitutionAdmin}));
  const int64_t inst = caller.institution_id.value_or(0);
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<store::PaperRow> {
        ZXKH_ASSIGN_OR_RETURN(store::PaperRow p,
                              AssignPaperIn(c, inst, in, caller.user_id, now));
        ZXKH_RETURN_IF_ERROR(
            AuditService::Record(c, caller, now, "paper.assign",
                                 "paper_assignment", std::to_string(p.id),
                                 "场次分配试卷：" + p.project_code + " 第 " +
                                     std::to_string(p.version_number) +
                                     " 版 set " + std::to_string(p.set_id),
                                 p.district_code, p.institution_id));
        return p;
      });
}

Result<std::vector<store::PaperRow>> QuestionBankService::ListPapers(
    const Caller& caller) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kReaders));
  store::BankFilter f;
  if (caller.role == Role::kDistrict) {
    f.scope = store::BankScope::kDistrict;
    f.scope_district = caller.district_code.value_or("");
  } else if (IsInstitution(caller)) {
    f.scope = store::BankScope::kInstitution;
    f.scope_institution = caller.institution_id.value_or(0);
  }
  return db_.InTransaction(Database::Mode::kRead, [&](Connection& c) {
    return QuestionBankRepository(c).ListPapers(f);
  });
}

Result<Paper> QuestionBankService::ReadPaper(const Caller& caller,
                                             int64_t paper_id) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kContentReaders));
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<Paper> {
        QuestionBankRepository repo(c);
        auto p = repo.GetPaper(paper_id);
        if (!p.ok()) return p.status();
        if (!InScope(caller, p->district_code, p->institution_id)) {
          return Status::NotFound("paper.not_found", "试卷不存在");
        }
        ZXKH_RETURN_IF_ERROR(domain::CheckUnsealed(now, p->session_start));
        Paper out;
        ZXKH_ASSIGN_OR_RETURN(out.content, repo.SetContent(p->set_id));
        ZXKH_ASSIGN_OR_RETURN(out.attachments, repo.Attachments(p->set_id));
        out.assignment = std::move(*p);
        ZXKH_RETURN_IF_ERROR(AuditService::Record(
            c, caller, now, "paper.read", "paper_assignment",
            std::to_string(paper_id),
            "查看场次试卷（set " + std::to_string(out.assignment.set_id) + "）",
            out.assignment.district_code, out.assignment.institution_id));
        return out;
      });
}

Result<BankFile> QuestionBankService::ReadPaperAttachment(
    const Caller& caller, int64_t paper_id, int64_t attachment_id) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kContentReaders));
  const int64_t now = clock_.NowUnixMillis();
  auto a = db_.InTransaction(
      Database::Mode::kWrite,
      [&](Connection& c) -> Result<store::AttachmentRow> {
        QuestionBankRepository repo(c);
        auto p = repo.GetPaper(paper_id);
        if (!p.ok()) return p.status();
        if (!InScope(caller, p->district_code, p->institution_id)) {
          return Status::NotFound("paper.not_found", "试卷不存在");
        }
        ZXKH_RETURN_IF_ERROR(domain::CheckUnsealed(now, p->session_start));
        ZXKH_ASSIGN_OR_RETURN(store::AttachmentRow a,
                              repo.GetAttachment(p->set_id, attachment_id));
        ZXKH_RETURN_IF_ERROR(AuditService::Record(
            c, caller, now, "paper.read_attachment", "paper_assignment",
            std::to_string(paper_id),
            "下载场次试卷附件 " + std::to_string(attachment_id),
            p->district_code, p->institution_id));
        return a;
      });
  if (!a.ok()) return a.status();
  ZXKH_ASSIGN_OR_RETURN(std::string bytes, files_.Read(a->file_sha256));
  return BankFile{std::move(bytes), a->media_type, a->file_name};
}

}  // namespace zxkh::service
