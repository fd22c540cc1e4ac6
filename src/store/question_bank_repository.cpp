#include "store/question_bank_repository.hpp"

namespace zxkh::store {
namespace {

using domain::VersionState;

Value Opt(const std::optional<int64_t>& v) {
  return v ? Value(*v) : Value(std::monostate{});
}

std::string StateName(VersionState s) {
  return std::string(domain::VersionStateName(s));
}

Status Conflict() {
  return Status::Unavailable("store.conflict", "记录已被他人修改，请重试");
}

std::string_view ScopeName(BankScope s) {
  switch (s) {
    case BankScope::kAll:
      return "all";
    case BankScope::kDistrict:
      return "district";
    case BankScope::kInstitution:
      return "institution";
  }
  return "none";
}

// The open version (draft, submitted, returned) of a bank, at most one.
constexpr std::string_view kBankSelect =
    "SELECT b.id, b.institution_id, b.project_code, b.approved_version_id, "
    "b.created_at, b.updated_at, p.name, i.name, i.code, i.district_code, "
    "av.number, ov.id, ov.number, ov.state "
    "FROM question_banks b "
    "JOIN catalog_projects p ON p.code = b.project_code "
    "JOIN institutions i ON i.id = b.institution_id "
    "LEFT JOIN bank_versions av ON av.id = b.approved_version_id "
    "LEFT JOIN bank_versions ov ON ov.bank_id = b.id AND ov.state IN "
    "('draft', 'submitted', 'returned') ";

BankRow BankFromRow(const Row& r) {
  BankRow b;
  b.id = r.Int(0);
  b.institution_id = r.Int(1);
  b.project_code = r.Text(2);
  b.approved_version_id = r.OptInt(3);
  b.created_at = r.Int(4);
  b.updated_at = r.Int(5);
  b.project_name = r.Text(6);
  b.institution_name = r.Text(7);
  b.institution_code = r.OptText(8);
  b.district_code = r.Text(9);
  if (!r.IsNull(10)) b.approved_number = static_cast<int>(r.Int(10));
  b.open_version_id = r.OptInt(11);
  if (!r.IsNull(12)) b.open_number = static_cast<int>(r.Int(12));
  if (!r.IsNull(13)) b.open_state = domain::ParseVersionState(r.Text(13));
  return b;
}

constexpr std::string_view kVersionSelect =
    "SELECT v.id, v.bank_id, v.number, v.state, v.return_reason, "
    "v.submitted_at, v.decided_by, v.decided_at, v.created_by, v.created_at, "
    "v.updated_at, (SELECT COUNT(*) FROM bank_version_sets s WHERE "
    "s.version_id = v.id) FROM bank_versions v ";

VersionRow VersionFromRow(const Row& r) {
  VersionRow v;
  v.id = r.Int(0);
  v.bank_id = r.Int(1);
  v.number = static_cast<int>(r.Int(2));
  v.state = domain::ParseVersionState(r.Text(3)).value_or(VersionState::kDraft);
  v.return_reason = r.Text(4);
  v.submitted_at = r.OptInt(5);
  v.decided_by = r.OptInt(6);
  v.decided_at = r.OptInt(7);
  v.created_by = r.OptInt(8);
  v.created_at = r.Int(9);
  v.updated_at = r.Int(10);
  v.set_count = static_cast<int>(r.Int(11));
  return v;
}

constexpr std::string_view kSetColumns =
    "s.id, s.bank_id, s.origin_version_id, s.title, s.sealed, "
    "(SELECT COUNT(*) FROM bank_set_tasks t WHERE t.set_id = s.id), "
    "(SELECT COUNT(*) FROM bank_set_rubric r WHERE r.set_id = s.id), "
    "(SELECT COALESCE(SUM(r.max_points), 0) FROM bank_set_rubric r WHERE "
    "r.set_id = s.id), s.created_at, s.updated_at";

SetRow SetFromRow(const Row& r, int position) {
  SetRow s;
  s.id = r.Int(0);
  s.bank_id = r.Int(1);
  s.origin_version_id = r.Int(2);
  s.title = r.Text(3);
  s.sealed = r.Int(4) != 0;
  s.task_count = static_cast<int>(r.Int(5));
  s.rubric_count = static_cast<int>(r.Int(6));
  s.total_points = static_cast<int>(r.Int(7));
  s.created_at = r.Int(8);
  s.updated_at = r.Int(9);
  s.position = position;
  return s;
}

constexpr std::string_view kAttachmentSelect =
    "SELECT id, set_id, task_position, file_sha256, file_name, media_type, "
    "size_bytes, uploaded_at, uploaded_by FROM bank_set_attachments ";

AttachmentRow AttachmentFromRow(const Row& r) {
  return AttachmentRow{r.Int(0),  r.Int(1),  static_cast<int>(r.Int(2)),
                       r.Text(3), r.Text(4), r.Text(5),
                       r.Int(6),  r.Int(7),  r.Int(8)};
}

constexpr std::string_view kPaperSelect =
    "SELECT a.id, a.session_ref, a.institution_id, a.project_code, "
    "a.bank_id, a.version_id, a.set_id, a.session_start, a.assigned_at, "
    "a.assigned_by, p.name, i.name, i.district_code, v.number, s.title "
    "FROM paper_assignments a "
    "JOIN catalog_projects p ON p.code = a.project_code "
    "JOIN institutions i ON i.id = a.institution_id "
    "JOIN bank_versions v ON v.id = a.version_id "
    "JOIN bank_sets s ON s.id = a.set_id ";

PaperRow PaperFromRow(const Row& r) {
  PaperRow p;
  p.id = r.Int(0);
  p.session_ref = r.Text(1);
  p.institution_id = r.Int(2);
  p.project_code = r.Text(3);
  p.bank_id = r.Int(4);
  p.version_id = r.Int(5);
  p.set_id = r.Int(6);
  p.session_start = r.Int(7);
  p.assigned_at = r.Int(8);
  p.assigned_by = r.OptInt(9);
  p.project_name = r.Text(10);
  p.institution_name = r.Text(11);
  p.district_code = r.Text(12);
  p.version_number = static_cast<int>(r.Int(13));
  p.set_title = r.Text(14);
  return p;
}

}  // namespace

Result<std::vector<BankRow>> QuestionBankRepository::SelectBanks(
    std::string_view where, std::vector<Value> params) {
  ZXKH_ASSIGN_OR_RETURN(
      QueryResult rows,
      c_.Query(std::string(kBankSelect) + std::string(where), params));
  std::vector<BankRow> out;
  for (const Row& r : rows.rows) out.push_back(BankFromRow(r));
  return out;
}

Result<int64_t> QuestionBankRepository::InsertBank(
    int64_t institution_id, const std::string& project_code, int64_t now_ms) {
  ZXKH_ASSIGN_OR_RETURN(
      Row r, c_.One("INSERT INTO question_banks (institution_id, project_code, "
                    "created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING id",
                    {institution_id, project_code, now_ms, now_ms}));
  return r.Int(0);
}

Result<BankRow> QuestionBankRepository::GetBank(int64_t id) {
  ZXKH_ASSIGN_OR_RETURN(std::vector<BankRow> rows,
                        SelectBanks("WHERE b.id = ?", {id}));
  if (rows.empty()) return Status::NotFound("bank.not_found", "题库不存在");
  return std::move(rows.front());
}

Result<std::optional<BankRow>> QuestionBankRepository::FindBank(
    int64_t institution_id, const std::string& project_code) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<BankRow> rows,
      SelectBanks("WHERE b.institution_id = ? AND b.project_code = ?",
                  {institution_id, project_code}));
  if (rows.empty()) return std::optional<BankRow>();
  return std::optional<BankRow>(std::move(rows.front()));
}

Result<std::vector<BankRow>> QuestionBankRepository::ListBanks(
    const BankFilter& f) {
  const std::string scope(ScopeName(f.scope));
  return SelectBanks(
      "WHERE (? = 'all' OR (? = 'district' AND i.district_code = ?) "
      "OR (? = 'institution' AND b.institution_id = ?)) "
      "AND (? = '' OR ov.state = ?) "
      "ORDER BY b.updated_at DESC, b.id DESC",
      {scope, scope, f.scope_district, scope, f.scope_institution, f.open_state,
       f.open_state});
}

Status QuestionBankRepository::SetApprovedVersion(int64_t bank_id,
                                                  int64_t version_id,
                                                  int64_t now_ms) {
  return c_
      .Exec(
          "UPDATE question_banks SET approved_version_id = ?, updated_at = ? "
          "WHERE id = ?",
          {version_id, now_ms, bank_id})
      .status();
}

Status QuestionBankRepository::LockBank(int64_t bank_id) {
  return c_
      .Exec("UPDATE question_banks SET updated_at = updated_at WHERE id = ?",
            {bank_id})
      .status();
}

Result<int64_t> QuestionBankRepository::InsertVersion(
    int64_t bank_id, int number, VersionState state,
    std::optional<int64_t> created_by, int64_t now_ms) {
  ZXKH_ASSIGN_OR_RETURN(
      Row r,
      c_.One("INSERT INTO bank_versions (bank_id, number, state, created_by, "
             "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
             {bank_id, int64_t{number}, StateName(state), Opt(created_by),
              now_ms, now_ms}));
  ZXKH_RETURN_IF_ERROR(
      c_.Exec("UPDATE question_banks SET updated_at = ? WHERE id = ?",
              {now_ms, bank_id})
          .status());
  return r.Int(0);
}

Result<VersionRow> QuestionBankRepository::GetVersion(int64_t id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows(std::string(kVersionSelect) + "WHERE v.id = ?", {id}));
  if (rows.empty()) {
    return Status::NotFound("bank.version_not_found", "题库版本不存在");
  }
  return VersionFromRow(rows.front());
}

Result<std::vector<VersionRow>> QuestionBankRepository::Versions(
    int64_t bank_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows(std::string(kVersionSelect) +
                  "WHERE v.bank_id = ? ORDER BY v.number DESC",
              {bank_id}));
  std::vector<VersionRow> out;
  for (const Row& r : rows) out.push_back(VersionFromRow(r));
  return out;
}

Status QuestionBankRepository::SaveVersion(const VersionRow& v,
                                           VersionState expected) {
  ZXKH_ASSIGN_OR_RETURN(
      int64_t n,
      c_.Exec("UPDATE bank_versions SET state = ?, return_reason = ?, "
              "submitted_at = ?, decided_by = ?, decided_at = ?, updated_at "
              "= ? WHERE id = ? AND state = ?",
              {StateName(v.state), v.return_reason, Opt(v.submitted_at),
               Opt(v.decided_by), Opt(v.decided_at), v.updated_at, v.id,
               StateName(expected)}));
  if (n != 1) return Conflict();
  return c_
      .Exec("UPDATE question_banks SET updated_at = ? WHERE id = ?",
            {v.updated_at, v.bank_id})
      .status();
}

Result<int64_t> QuestionBankRepository::InsertSet(int64_t bank_id,
                                                  int64_t origin_version_id,
                                                  const std::string& title,
                                                  int64_t now_ms) {
  ZXKH_ASSIGN_OR_RETURN(
      Row r, c_.One("INSERT INTO bank_sets (bank_id, origin_version_id, "
                    "title, sealed, created_at, updated_at) VALUES (?, ?, ?, "
                    "0, ?, ?) RETURNING id",
                    {bank_id, origin_version_id, title, now_ms, now_ms}));
  return r.Int(0);
}

Status QuestionBankRepository::LinkSet(int64_t version_id, int64_t set_id) {
  return c_
      .Exec(
          "INSERT INTO bank_version_sets (version_id, set_id, position) "
          "SELECT ?, ?, COALESCE(MAX(position), 0) + 1 FROM "
          "bank_version_sets WHERE version_id = ?",
          {version_id, set_id, version_id})
      .status();
}

Status QuestionBankRepository::UnlinkSet(int64_t version_id, int64_t set_id) {
  return c_
      .Exec("DELETE FROM bank_version_sets WHERE version_id = ? AND set_id = ?",
            {version_id, set_id})
      .status();
}

Status QuestionBankRepository::CopyLinks(int64_t from_version,
                                         int64_t to_version) {
  return c_
      .Exec(
          "INSERT INTO bank_version_sets (version_id, set_id, position) "
          "SELECT ?, set_id, position FROM bank_version_sets WHERE "
          "version_id = ?",
          {to_version, from_version})
      .status();
}

Result<std::vector<SetRow>> QuestionBankRepository::VersionSets(
    int64_t version_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT " + std::string(kSetColumns) +
                  ", l.position FROM bank_version_sets l JOIN bank_sets s ON "
                  "s.id = l.set_id WHERE l.version_id = ? ORDER BY "
                  "l.position, s.id",
              {version_id}));
  std::vector<SetRow> out;
  int i = 0;
  for (const Row& r : rows) out.push_back(SetFromRow(r, ++i));
  return out;
}

Result<SetRow> QuestionBankRepository::GetSet(int64_t set_id) {
  ZXKH_ASSIGN_OR_RETURN(std::vector<Row> rows,
                        c_.Rows("SELECT " + std::string(kSetColumns) +
                                    " FROM bank_sets s WHERE s.id = ?",
                                {set_id}));
  if (rows.empty()) {
    return Status::NotFound("bank.set_not_found", "试题不存在");
  }
  return SetFromRow(rows.front(), 0);
}

Result<bool> QuestionBankRepository::InVersion(int64_t version_id,
                                               int64_t set_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT 1 FROM bank_version_sets WHERE version_id = ? AND "
              "set_id = ?",
              {version_id, set_id}));
  return !rows.empty();
}

Result<domain::QuestionSet> QuestionBankRepository::SetContent(int64_t set_id) {
  ZXKH_ASSIGN_OR_RETURN(SetRow meta, GetSet(set_id));
  domain::QuestionSet s;
  s.id = meta.id;
  s.title = meta.title;
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> tasks,
      c_.Rows("SELECT title, instructions, duration_minutes, materials FROM "
              "bank_set_tasks WHERE set_id = ? ORDER BY position",
              {set_id}));
  for (const Row& r : tasks) {
    s.tasks.push_back(
        {r.Text(0), r.Text(1), static_cast<int>(r.Int(2)), r.Text(3)});
  }
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rubric,
      c_.Rows("SELECT description, max_points, standard FROM bank_set_rubric "
              "WHERE set_id = ? ORDER BY position",
              {set_id}));
  for (const Row& r : rubric) {
    s.rubric.push_back({r.Text(0), static_cast<int>(r.Int(1)), r.Text(2)});
  }
  return s;
}

Status QuestionBankRepository::ReplaceContent(int64_t set_id,
                                              const domain::QuestionSet& s,
                                              int64_t now_ms) {
  ZXKH_RETURN_IF_ERROR(
      c_.Exec("UPDATE bank_sets SET title = ?, updated_at = ? WHERE id = ?",
              {s.title, now_ms, set_id})
          .status());
  ZXKH_RETURN_IF_ERROR(
      c_.Exec("DELETE FROM bank_set_tasks WHERE set_id = ?", {set_id})
          .status());
  ZXKH_RETURN_IF_ERROR(
      c_.Exec("DELETE FROM bank_set_rubric WHERE set_id = ?", {set_id})
          .status());
  for (std::size_t i = 0; i < s.tasks.size(); ++i) {
    const domain::PracticalTask& t = s.tasks[i];
    ZXKH_RETURN_IF_ERROR(
        c_.Exec("INSERT INTO bank_set_tasks (set_id, position, title, "
                "instructions, duration_minutes, materials) VALUES (?, ?, ?, "
                "?, ?, ?)",
                {set_id, static_cast<int64_t>(i), t.title, t.instructions,
                 int64_t{t.duration_minutes}, t.materials})
            .status());
  }
  for (std::size_t i = 0; i < s.rubric.size(); ++i) {
    const domain::RubricItem& r = s.rubric[i];
    ZXKH_RETURN_IF_ERROR(
        c_.Exec("INSERT INTO bank_set_rubric (set_id, position, description, "
                "max_points, standard) VALUES (?, ?, ?, ?, ?)",
                {set_id, static_cast<int64_t>(i), r.description,
                 int64_t{r.max_points}, r.standard})
            .status());
  }
  return c_
      .Exec(
          "DELETE FROM bank_set_attachments WHERE set_id = ? AND "
          "task_position >= ?",
          {set_id, static_cast<int64_t>(s.tasks.size())})
      .status();
}

Status QuestionBankRepository::DeleteSet(int64_t set_id) {
  ZXKH_ASSIGN_OR_RETURN(SetRow s, GetSet(set_id));
  if (s.sealed) {
    return Status::FailedPrecondition("bank.set_sealed",
                                      "该套试题已审核通过并封存，不能删除");
  }
  for (const char* sql :
       {"DELETE FROM bank_set_attachments WHERE set_id = ?",
        "DELETE FROM bank_set_tasks WHERE set_id = ?",
        "DELETE FROM bank_set_rubric WHERE set_id = ?",
        "DELETE FROM bank_version_sets WHERE set_id = ?",
        "DELETE FROM bank_sets WHERE id = ? AND sealed = 0"}) {
    ZXKH_RETURN_IF_ERROR(c_.Exec(sql, {set_id}).status());
  }
  return Status::Ok();
}

Status QuestionBankRepository::SealSets(int64_t version_id, int64_t now_ms) {
  return c_
      .Exec(
          "UPDATE bank_sets SET sealed = 1, updated_at = ? WHERE sealed = 0 "
          "AND id IN (SELECT set_id FROM bank_version_sets WHERE version_id "
          "= ?)",
          {now_ms, version_id})
      .status();
}

Result<std::vector<AttachmentRow>> QuestionBankRepository::Attachments(
    int64_t set_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows(std::string(kAttachmentSelect) +
                  "WHERE set_id = ? ORDER BY task_position, id",
              {set_id}));
  std::vector<AttachmentRow> out;
  for (const Row& r : rows) out.push_back(AttachmentFromRow(r));
  return out;
}

Result<int64_t> QuestionBankRepository::InsertAttachment(
    const AttachmentRow& a) {
  ZXKH_ASSIGN_OR_RETURN(
      Row r,
      c_.One("INSERT INTO bank_set_attachments (set_id, task_position, "
             "file_sha256, file_name, media_type, size_bytes, uploaded_at, "
             "uploaded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
             {a.set_id, int64_t{a.task_position}, a.file_sha256, a.file_name,
              a.media_type, a.size_bytes, a.uploaded_at, a.uploaded_by}));
  return r.Int(0);
}

Result<AttachmentRow> QuestionBankRepository::GetAttachment(int64_t set_id,
                                                            int64_t id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows(std::string(kAttachmentSelect) + "WHERE set_id = ? AND id = ?",
              {set_id, id}));
  if (rows.empty()) {
    return Status::NotFound("bank.attachment_not_found", "附件不存在");
  }
  return AttachmentFromRow(rows.front());
}

Status QuestionBankRepository::InsertEvent(const BankEventRow& e) {
  return c_
      .Exec(
          "INSERT INTO bank_version_events (version_id, at, user_id, role, "
          "action, from_state, to_state, reason) VALUES (?, ?, ?, ?, ?, ?, ?, "
          "?)",
          {e.version_id, e.at, Opt(e.user_id), e.role, e.action, e.from_state,
           e.to_state, e.reason})
      .status();
}

Result<std::vector<BankEventRow>> QuestionBankRepository::Events(
    int64_t bank_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT e.id, e.version_id, v.number, e.at, e.user_id, e.role, "
              "e.action, e.from_state, e.to_state, e.reason FROM "
              "bank_version_events e JOIN bank_versions v ON v.id = "
              "e.version_id WHERE v.bank_id = ? ORDER BY e.at, e.id",
              {bank_id}));
  std::vector<BankEventRow> out;
  for (const Row& r : rows) {
    out.push_back(BankEventRow{r.Int(0), r.Int(1), static_cast<int>(r.Int(2)),
                               r.Int(3), r.OptInt(4), r.Text(5), r.Text(6),
                               r.Text(7), r.Text(8), r.Text(9)});
  }
  return out;
}

Result<int64_t> QuestionBankRepository::InsertPaper(const PaperRow& p) {
  ZXKH_ASSIGN_OR_RETURN(
      Row r,
      c_.One("INSERT INTO paper_assignments (session_ref, institution_id, "
             "project_code, bank_id, version_id, set_id, session_start, "
             "assigned_at, assigned_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
             "RETURNING id",
             {p.session_ref, p.institution_id, p.project_code, p.bank_id,
              p.version_id, p.set_id, p.session_start, p.assigned_at,
              Opt(p.assigned_by)}));
  return r.Int(0);
}

Result<std::vector<PaperRow>> QuestionBankRepository::SelectPapers(
    std::string_view where, std::vector<Value> params) {
  ZXKH_ASSIGN_OR_RETURN(
      QueryResult rows,
      c_.Query(std::string(kPaperSelect) + std::string(where), params));
  std::vector<PaperRow> out;
  for (const Row& r : rows.rows) out.push_back(PaperFromRow(r));
  return out;
}

Result<PaperRow> QuestionBankRepository::GetPaper(int64_t id) {
  ZXKH_ASSIGN_OR_RETURN(std::vector<PaperRow> rows,
                        SelectPapers("WHERE a.id = ?", {id}));
  if (rows.empty()) return Status::NotFound("paper.not_found", "试卷不存在");
  return std::move(rows.front());
}

Result<std::optional<PaperRow>> QuestionBankRepository::FindPaperByRef(
    const std::string& ref) {
  ZXKH_ASSIGN_OR_RETURN(std::vector<PaperRow> rows,
                        SelectPapers("WHERE a.session_ref = ?", {ref}));
  if (rows.empty()) return std::optional<PaperRow>();
  return std::optional<PaperRow>(std::move(rows.front()));
}

Result<std::optional<int64_t>> QuestionBankRepository::LastAssignedSet(
    int64_t institution_id, const std::string& project_code) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT set_id FROM paper_assignments WHERE institution_id = ? "
              "AND project_code = ? ORDER BY assigned_at DESC, id DESC LIMIT "
              "1",
              {institution_id, project_code}));
  if (rows.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(rows.front().Int(0));
}

Result<std::vector<PaperRow>> QuestionBankRepository::ListPapers(
    const BankFilter& f) {
  const std::string scope(ScopeName(f.scope));
  return SelectPapers(
      "WHERE (? = 'all' OR (? = 'district' AND i.district_code = ?) "
      "OR (? = 'institution' AND a.institution_id = ?)) "
      "ORDER BY a.session_start DESC, a.id DESC LIMIT 500",
      {scope, scope, f.scope_district, scope, f.scope_institution});
}

}  // namespace zxkh::store
