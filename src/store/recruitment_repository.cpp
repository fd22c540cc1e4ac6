#include "store/recruitment_repository.hpp"

#include <map>

#include "common/text.hpp"
#include "store/sql_text.hpp"

namespace zxkh::store {
namespace {

using domain::ApplicationState;

constexpr std::string_view kSelect =
    "SELECT a.id, a.institution_id, a.state, a.submission_count, "
    "a.evaluation_mean, a.evaluation_selected, a.publicity_round_id, "
    "a.report_id, a.approved_on, a.receipt_sha256, a.created_at, "
    "a.updated_at, i.name, i.code, i.credit_code, i.type, i.district_code, "
    "r.name, i.credit_status, i.status, p.start_date, p.end_date "
    "FROM recruitment_applications a "
    "JOIN institutions i ON i.id = a.institution_id "
    "JOIN regions r ON r.code = i.district_code "
    "LEFT JOIN publicity_rounds p ON p.id = a.publicity_round_id ";

ApplicationRow FromRow(const Row& r) {
  ApplicationRow a;
  a.id = r.Int(0);
  a.institution_id = r.Int(1);
  a.state = domain::ParseApplicationState(r.Text(2)).value_or(
      ApplicationState::kDraft);
  a.submission_count = static_cast<int>(r.Int(3));
  if (!r.IsNull(4)) a.evaluation_mean = r.Real(4);
  if (!r.IsNull(5)) a.evaluation_selected = r.Int(5) != 0;
  a.publicity_round_id = r.OptInt(6);
  a.report_id = r.OptInt(7);
  a.approved_on = r.OptText(8);
  a.receipt_sha256 = r.OptText(9);
  a.created_at = r.Int(10);
  a.updated_at = r.Int(11);
  a.institution_name = r.Text(12);
  a.institution_code = r.OptText(13);
  a.credit_code = r.Text(14);
  a.institution_type = domain::ParseInstitutionType(r.Text(15))
                           .value_or(domain::InstitutionType::kEnterprise);
  a.district_code = r.Text(16);
  a.district_name = r.Text(17);
  a.credit_status = r.Text(18);
  a.institution_status = r.Text(19);
  a.publicity_start = r.OptText(20);
  a.publicity_end = r.OptText(21);
  return a;
}

Value Opt(const std::optional<std::string>& s) {
  return s ? Value(*s) : Value(std::monostate{});
}
Value Opt(const std::optional<int64_t>& v) {
  return v ? Value(*v) : Value(std::monostate{});
}

std::string StateName(ApplicationState s) {
  return std::string(domain::ApplicationStateName(s));
}

std::string_view ScopeName(ApplicationScope s) {
  switch (s) {
    case ApplicationScope::kAll:
      return "all";
    case ApplicationScope::kDistrict:
      return "district";
    case ApplicationScope::kInstitution:
      return "institution";
  }
  return "none";
}

Status Conflict() {
  return Status::Unavailable("store.conflict", "记录已被他人修改，请重试");
}

constexpr std::string_view kMaterialSelect =
    "SELECT id, application_id, type, project_code, file_sha256, file_name, "
    "media_type, size_bytes, uploaded_at, uploaded_by, superseded FROM "
    "application_materials ";

MaterialRow MaterialFromRow(const Row& r) {
  MaterialRow m;
  m.id = r.Int(0);
  m.application_id = r.Int(1);
  m.material.type = domain::ParseMaterialType(r.Text(2)).value_or(
      domain::MaterialType::kApplicationForm);
  m.material.project_code = r.Text(3);
  m.material.file_sha256 = r.Text(4);
  m.material.file_name = r.Text(5);
  m.material.media_type = r.Text(6);
  m.material.size_bytes = r.Int(7);
  m.uploaded_at = r.Int(8);
  m.uploaded_by = r.Int(9);
  m.superseded = r.Int(10) != 0;
  return m;
}

constexpr std::string_view kObjectionSelect =
    "SELECT id, application_id, round_id, filed_at, name, contact, content, "
    "ip, status, decision_note, decided_by, decided_at FROM objections ";

ObjectionRow ObjectionFromRow(const Row& r) {
  return ObjectionRow{r.Int(0),  r.Int(1),  r.Int(2),     r.Int(3),
                      r.Text(4), r.Text(5), r.Text(6),    r.Text(7),
                      r.Text(8), r.Text(9), r.OptInt(10), r.OptInt(11)};
}

constexpr std::string_view kRoundSelect =
    "SELECT p.id, p.title, p.start_date, p.end_date, p.opened_by, "
    "p.opened_at, (SELECT COUNT(*) FROM recruitment_applications a WHERE "
    "a.publicity_round_id = p.id) FROM publicity_rounds p ";

PublicityRoundRow RoundFromRow(const Row& r) {
  return PublicityRoundRow{r.Int(0),
                           r.Text(1),
                           r.Text(2),
                           r.Text(3),
                           r.Int(4),
                           r.Int(5),
                           static_cast<int>(r.Int(6))};
}

}  // namespace

Result<std::vector<ApplicationRow>> RecruitmentRepository::Select(
    std::string_view where, std::vector<Value> params) {
  ZXKH_ASSIGN_OR_RETURN(
      QueryResult rows,
      c_.Query(std::string(kSelect) + std::string(where), params));
  std::vector<ApplicationRow> out;
  out.reserve(rows.rows.size());
  for (const Row& r : rows.rows) out.push_back(FromRow(r));
  return out;
}

Result<int64_t> RecruitmentRepository::InsertApplication(int64_t institution_id,
                                                         int64_t now_ms) {
  ZXKH_ASSIGN_OR_RETURN(
      Row r, c_.One("INSERT INTO recruitment_applications (institution_id, "
                    "state, submission_count, created_at, updated_at) VALUES "
                    "(?, 'draft', 0, ?, ?) RETURNING id",
                    {institution_id, now_ms, now_ms}));
  return r.Int(0);
}

Result<ApplicationRow> RecruitmentRepository::Get(int64_t id) {
  ZXKH_ASSIGN_OR_RETURN(std::vector<ApplicationRow> rows,
                        Select("WHERE a.id = ?", {id}));
  if (rows.empty()) {
    return Status::NotFound("recruitment.not_found", "申请不存在");
  }
  return std::move(rows.front());
}

Status RecruitmentRepository::Save(const ApplicationRow& a,
                                   ApplicationState expected) {
  ZXKH_ASSIGN_OR_RETURN(
      int64_t n,
      c_.Exec(
          "UPDATE recruitment_applications SET state = ?, submission_count = "
          "?, evaluation_mean = ?, evaluation_selected = ?, "
          "publicity_round_id = ?, report_id = ?, approved_on = ?, "
          "receipt_sha256 = ?, updated_at = ? WHERE id = ? AND state = ?",
          {StateName(a.state), int64_t{a.submission_count},
           a.evaluation_mean ? Value(*a.evaluation_mean)
                             : Value(std::monostate{}),
           a.evaluation_selected ? Value(int64_t{*a.evaluation_selected})
                                 : Value(std::monostate{}),
           Opt(a.publicity_round_id), Opt(a.report_id), Opt(a.approved_on),
           Opt(a.receipt_sha256), a.updated_at, a.id, StateName(expected)}));
  return n == 1 ? Status::Ok() : Conflict();
}

Status RecruitmentRepository::SetReceipt(int64_t id, std::string_view sha256) {
  return c_
      .Exec(
          "UPDATE recruitment_applications SET receipt_sha256 = ? WHERE id "
          "= ?",
          {std::string(sha256), id})
      .status();
}

Result<Page<ApplicationRow>> RecruitmentRepository::List(
    const ApplicationFilter& f) {
  const std::string scope(ScopeName(f.scope));
  const std::string q(TrimSpace(f.q));
  const std::string like = "%" + EscapeLike(q) + "%";
  const std::string where =
      "WHERE (? = 'all' OR (? = 'district' AND i.district_code = ?) "
      "OR (? = 'institution' AND a.institution_id = ?)) "
      "AND (? = '' OR a.state = ?) AND (? = '' OR i.district_code = ?) "
      "AND (? = '' OR i.name LIKE ? ESCAPE '\\' OR i.code LIKE ? ESCAPE '\\' "
      "OR i.credit_code LIKE ? ESCAPE '\\') ";
  const std::vector<Value> params = {scope,
                                     scope,
                                     f.scope_district,
                                     scope,
                                     f.scope_institution,
                                     f.state,
                                     f.state,
                                     f.district,
                                     f.district,
                                     q,
                                     like,
                                     like,
                                     like};
  Page<ApplicationRow> page;
  page.page = f.page.page;
  page.page_size = f.page.page_size;
  ZXKH_ASSIGN_OR_RETURN(
      QueryResult count,
      c_.Query("SELECT COUNT(*) FROM recruitment_applications a JOIN "
               "institutions i ON i.id = a.institution_id " +
                   where,
               params));
  page.total = count.rows.front().Int(0);
  std::vector<Value> list_params = params;
  list_params.push_back(int64_t{f.page.page_size});
  list_params.push_back(f.page.offset());
  ZXKH_ASSIGN_OR_RETURN(
      page.items,
      Select(where + "ORDER BY a.updated_at DESC, a.id DESC LIMIT ? OFFSET ?",
             list_params));
  return page;
}

Result<std::vector<ApplicationRow>> RecruitmentRepository::CurrentPublicity(
    std::string_view today) {
  const std::string t(today);
  return Select(
      "WHERE a.state = 'publicizing' AND p.start_date <= ? AND p.end_date >= "
      "? ORDER BY p.end_date, a.id",
      {t, t});
}

Result<std::vector<ApplicationRow>> RecruitmentRepository::OfRound(
    int64_t round_id) {
  return Select("WHERE a.publicity_round_id = ? ORDER BY a.id", {round_id});
}

Result<std::vector<ApplicationRow>> RecruitmentRepository::OfReport(
    int64_t report_id) {
  return Select("WHERE a.report_id = ? ORDER BY a.id", {report_id});
}

Result<std::vector<ApplicationRow>> RecruitmentRepository::InState(
    ApplicationState state) {
  return Select("WHERE a.state = ? ORDER BY a.id", {StateName(state)});
}

Result<std::vector<ProjectRef>> RecruitmentRepository::Projects(
    int64_t application_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT p.code, p.name FROM application_projects ap JOIN "
              "catalog_projects p ON p.code = ap.project_code WHERE "
              "ap.application_id = ? ORDER BY p.code",
              {application_id}));
  std::vector<ProjectRef> out;
  for (const Row& r : rows) out.push_back({r.Text(0), r.Text(1)});
  return out;
}

Status RecruitmentRepository::SetProjects(
    int64_t application_id, const std::vector<std::string>& codes) {
  ZXKH_RETURN_IF_ERROR(
      c_.Exec("DELETE FROM application_projects WHERE application_id = ?",
              {application_id})
          .status());
  for (const std::string& code : codes) {
    ZXKH_RETURN_IF_ERROR(
        c_.Exec("INSERT INTO application_projects (application_id, "
                "project_code) VALUES (?, ?)",
                {application_id, code})
            .status());
  }
  return Status::Ok();
}

Result<std::vector<std::string>>
RecruitmentRepository::ProjectsInOtherOpenApplications(int64_t institution_id,
                                                       int64_t except_id) {
  std::vector<Value> params = {institution_id, except_id};
  std::string in;
  for (ApplicationState s :
       {ApplicationState::kDraft, ApplicationState::kSubmitted,
        ApplicationState::kReturned, ApplicationState::kForwarded,
        ApplicationState::kEvaluated, ApplicationState::kPublicizing}) {
    if (!domain::IsOpenApplication(s)) continue;
    in += in.empty() ? "?" : ", ?";
    params.push_back(StateName(s));
  }
  ZXKH_ASSIGN_OR_RETURN(
      QueryResult rows,
      c_.Query("SELECT DISTINCT ap.project_code FROM application_projects ap "
               "JOIN recruitment_applications a ON a.id = ap.application_id "
               "WHERE a.institution_id = ? AND a.id <> ? AND a.state IN (" +
                   in + ")",
               params));
  std::vector<std::string> out;
  for (const Row& r : rows.rows) out.push_back(r.Text(0));
  return out;
}

Result<int64_t> RecruitmentRepository::InsertMaterial(const MaterialRow& m) {
  ZXKH_RETURN_IF_ERROR(
      c_.Exec("UPDATE application_materials SET superseded = 1 WHERE "
              "application_id = ? AND type = ? AND project_code = ? AND "
              "superseded = 0",
              {m.application_id,
               std::string(domain::MaterialTypeName(m.material.type)),
               m.material.project_code})
          .status());
  ZXKH_ASSIGN_OR_RETURN(
      Row r,
      c_.One("INSERT INTO application_materials (application_id, type, "
             "project_code, file_sha256, file_name, media_type, size_bytes, "
             "uploaded_at, uploaded_by, superseded) VALUES (?, ?, ?, ?, ?, ?, "
             "?, ?, ?, 0) RETURNING id",
             {m.application_id,
              std::string(domain::MaterialTypeName(m.material.type)),
              m.material.project_code, m.material.file_sha256,
              m.material.file_name, m.material.media_type,
              m.material.size_bytes, m.uploaded_at, m.uploaded_by}));
  return r.Int(0);
}

Result<std::vector<MaterialRow>> RecruitmentRepository::CurrentMaterials(
    int64_t application_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows(std::string(kMaterialSelect) +
                  "WHERE application_id = ? AND superseded = 0 ORDER BY id",
              {application_id}));
  std::vector<MaterialRow> out;
  for (const Row& r : rows) out.push_back(MaterialFromRow(r));
  return out;
}

Result<std::vector<MaterialRow>> RecruitmentRepository::MaterialHistory(
    int64_t application_id) {
  ZXKH_ASSIGN_OR_RETURN(std::vector<Row> rows,
                        c_.Rows(std::string(kMaterialSelect) +
                                    "WHERE application_id = ? ORDER BY id DESC",
                                {application_id}));
  std::vector<MaterialRow> out;
  for (const Row& r : rows) out.push_back(MaterialFromRow(r));
  return out;
}

Result<MaterialRow> RecruitmentRepository::GetMaterial(int64_t application_id,
                                                       int64_t material_id) {
  ZXKH_ASSIGN_OR_RETURN(std::vector<Row> rows,
                        c_.Rows(std::string(kMaterialSelect) +
                                    "WHERE application_id = ? AND id = ?",
                                {application_id, material_id}));
  if (rows.empty()) {
    return Status::NotFound("recruitment.material_not_found", "材料不存在");
  }
  return MaterialFromRow(rows.front());
}

Status RecruitmentRepository::UpsertFinding(int64_t application_id,
                                            const FindingRow& f) {
  return c_
      .Exec(
          "INSERT INTO material_findings (application_id, submission, type, "
          "project_code, result, note, decided_by, decided_at) VALUES (?, ?, "
          "?, ?, ?, ?, ?, ?) ON CONFLICT (application_id, submission, type, "
          "project_code) DO UPDATE SET result = excluded.result, note = "
          "excluded.note, decided_by = excluded.decided_by, decided_at = "
          "excluded.decided_at",
          {application_id, int64_t{f.submission},
           std::string(domain::MaterialTypeName(f.finding.type)),
           f.finding.project_code,
           std::string(domain::FindingResultName(f.finding.result)),
           f.finding.note, f.decided_by, f.decided_at})
      .status();
}

Result<std::vector<FindingRow>> RecruitmentRepository::Findings(
    int64_t application_id, int submission) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT submission, type, project_code, result, note, "
              "decided_by, decided_at FROM material_findings WHERE "
              "application_id = ? AND submission = ? ORDER BY type, "
              "project_code",
              {application_id, int64_t{submission}}));
  std::vector<FindingRow> out;
  for (const Row& r : rows) {
    FindingRow f;
    f.submission = static_cast<int>(r.Int(0));
    f.finding.type = domain::ParseMaterialType(r.Text(1)).value_or(
        domain::MaterialType::kApplicationForm);
    f.finding.project_code = r.Text(2);
    f.finding.result = domain::ParseFindingResult(r.Text(3)).value_or(
        domain::FindingResult::kInvalid);
    f.finding.note = r.Text(4);
    f.decided_by = r.Int(5);
    f.decided_at = r.Int(6);
    out.push_back(std::move(f));
  }
  return out;
}

Status RecruitmentRepository::InsertEvent(const EventRow& e) {
  return c_
      .Exec(
          "INSERT INTO application_events (application_id, at, user_id, "
          "role, action, from_state, to_state, reason) VALUES (?, ?, ?, ?, "
          "?, ?, ?, ?)",
          {e.application_id, e.at, Opt(e.user_id), e.role, e.action,
           e.from_state, e.to_state, e.reason})
      .status();
}

Result<std::vector<EventRow>> RecruitmentRepository::Events(
    int64_t application_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT id, application_id, at, user_id, role, action, "
              "from_state, to_state, reason FROM application_events WHERE "
              "application_id = ? ORDER BY id",
              {application_id}));
  std::vector<EventRow> out;
  for (const Row& r : rows) {
    out.push_back(EventRow{r.Int(0), r.Int(1), r.Int(2), r.OptInt(3), r.Text(4),
                           r.Text(5), r.Text(6), r.Text(7), r.Text(8)});
  }
  return out;
}

Result<std::vector<CriterionRow>> RecruitmentRepository::ActiveCriteria() {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT key, title, max_points, required, position FROM "
              "evaluation_criteria WHERE active = 1 ORDER BY position, key",
              {}));
  std::vector<CriterionRow> out;
  for (const Row& r : rows) {
    out.push_back(CriterionRow{
        domain::Criterion{r.Text(0), r.Text(1), static_cast<int>(r.Int(2)),
                          r.Int(3) != 0},
        static_cast<int>(r.Int(4))});
  }
  return out;
}

Status RecruitmentRepository::ReplaceCriteria(
    const std::vector<domain::Criterion>& criteria) {
  ZXKH_RETURN_IF_ERROR(
      c_.Exec("UPDATE evaluation_criteria SET active = 0", {}).status());
  int position = 0;
  for (const domain::Criterion& k : criteria) {
    ZXKH_RETURN_IF_ERROR(
        c_.Exec("INSERT INTO evaluation_criteria (key, title, max_points, "
                "required, position, active) VALUES (?, ?, ?, ?, ?, 1) ON "
                "CONFLICT (key) DO UPDATE SET title = excluded.title, "
                "max_points = excluded.max_points, required = "
                "excluded.required, position = excluded.position, active = 1",
                {k.key, k.title, int64_t{k.max_points}, int64_t{k.required},
                 int64_t{++position}})
            .status());
  }
  return Status::Ok();
}

Result<int64_t> RecruitmentRepository::CountFormsUnderEvaluation() {
  ZXKH_ASSIGN_OR_RETURN(
      Row r, c_.One("SELECT COUNT(*) FROM evaluation_forms f JOIN "
                    "recruitment_applications a ON a.id = f.application_id "
                    "WHERE a.state = 'forwarded'",
                    {}));
  return r.Int(0);
}

Result<int64_t> RecruitmentRepository::UpsertForm(const EvaluationFormRow& f) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> old,
      c_.Rows("SELECT id FROM evaluation_forms WHERE application_id = ? AND "
              "evaluator_name = ?",
              {f.application_id, f.evaluator_name}));
  for (const Row& r : old) {
    ZXKH_RETURN_IF_ERROR(
        c_.Exec("DELETE FROM evaluation_scores WHERE form_id = ?", {r.Int(0)})
            .status());
    ZXKH_RETURN_IF_ERROR(
        c_.Exec("DELETE FROM evaluation_forms WHERE id = ?", {r.Int(0)})
            .status());
  }
  ZXKH_ASSIGN_OR_RETURN(
      Row r,
      c_.One("INSERT INTO evaluation_forms (application_id, evaluator_id, "
             "evaluator_name, total, comment, submitted_at) VALUES (?, ?, ?, "
             "?, ?, ?) RETURNING id",
             {f.application_id, f.evaluator_id, f.evaluator_name,
              int64_t{f.total}, f.comment, f.submitted_at}));
  const int64_t id = r.Int(0);
  for (const domain::CriterionScore& s : f.scores) {
    ZXKH_RETURN_IF_ERROR(
        c_.Exec("INSERT INTO evaluation_scores (form_id, criterion_key, "
                "points, met) VALUES (?, ?, ?, ?)",
                {id, s.key, int64_t{s.points}, int64_t{s.met}})
            .status());
  }
  return id;
}

Result<std::vector<EvaluationFormRow>> RecruitmentRepository::Forms(
    int64_t application_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT id, application_id, evaluator_id, evaluator_name, "
              "total, comment, submitted_at FROM evaluation_forms WHERE "
              "application_id = ? ORDER BY id",
              {application_id}));
  std::vector<EvaluationFormRow> out;
  std::map<int64_t, std::size_t> index;
  for (const Row& r : rows) {
    index[r.Int(0)] = out.size();
    out.push_back(EvaluationFormRow{r.Int(0),
                                    r.Int(1),
                                    r.Int(2),
                                    r.Text(3),
                                    static_cast<int>(r.Int(4)),
                                    r.Text(5),
                                    r.Int(6),
                                    {}});
  }
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> scores,
      c_.Rows("SELECT s.form_id, s.criterion_key, s.points, s.met FROM "
              "evaluation_scores s JOIN evaluation_forms f ON f.id = "
              "s.form_id LEFT JOIN evaluation_criteria c ON c.key = "
              "s.criterion_key WHERE f.application_id = ? ORDER BY s.form_id, "
              "c.position, s.criterion_key",
              {application_id}));
  for (const Row& r : scores) {
    auto it = index.find(r.Int(0));
    if (it == index.end()) continue;
    out[it->second].scores.push_back(domain::CriterionScore{
        r.Text(1), static_cast<int>(r.Int(2)), r.Int(3) != 0});
  }
  return out;
}

Result<int64_t> RecruitmentRepository::InsertRound(const PublicityRoundRow& p) {
  ZXKH_ASSIGN_OR_RETURN(
      Row r,
      c_.One("INSERT INTO publicity_rounds (title, start_date, "
             "end_date, opened_by, opened_at) VALUES (?, ?, ?, ?, ?) "
             "RETURNING id",
             {p.title, p.start_date, p.end_date, p.opened_by, p.opened_at}));
  return r.Int(0);
}

Result<PublicityRoundRow> RecruitmentRepository::GetRound(int64_t id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows(std::string(kRoundSelect) + "WHERE p.id = ?", {id}));
  if (rows.empty()) {
    return Status::NotFound("recruitment.round_not_found", "公示批次不存在");
  }
  return RoundFromRow(rows.front());
}

Result<std::vector<PublicityRoundRow>> RecruitmentRepository::ListRounds() {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows(std::string(kRoundSelect) + "ORDER BY p.id DESC", {}));
  std::vector<PublicityRoundRow> out;
  for (const Row& r : rows) out.push_back(RoundFromRow(r));
  return out;
}

Result<int64_t> RecruitmentRepository::InsertObjection(const ObjectionRow& o) {
  ZXKH_ASSIGN_OR_RETURN(
      Row r, c_.One("INSERT INTO objections (application_id, round_id, "
                    "filed_at, name, contact, content, ip, status) VALUES (?, "
                    "?, ?, ?, ?, ?, ?, 'open') RETURNING id",
                    {o.application_id, o.round_id, o.filed_at, o.name,
                     o.contact, o.content, o.ip}));
  return r.Int(0);
}

Result<ObjectionRow> RecruitmentRepository::GetObjection(int64_t id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows(std::string(kObjectionSelect) + "WHERE id = ?", {id}));
  if (rows.empty()) {
    return Status::NotFound("objection.not_found", "异议不存在");
  }
  return ObjectionFromRow(rows.front());
}

Result<std::vector<ObjectionRow>> RecruitmentRepository::Objections(
    int64_t application_id) {
  ZXKH_ASSIGN_OR_RETURN(std::vector<Row> rows,
                        c_.Rows(std::string(kObjectionSelect) +
                                    "WHERE application_id = ? ORDER BY id",
                                {application_id}));
  std::vector<ObjectionRow> out;
  for (const Row& r : rows) out.push_back(ObjectionFromRow(r));
  return out;
}

Result<int> RecruitmentRepository::CountOpenObjections(int64_t application_id) {
  ZXKH_ASSIGN_OR_RETURN(
      Row r, c_.One("SELECT COUNT(*) FROM objections WHERE application_id = "
                    "? AND status = 'open'",
                    {application_id}));
  return static_cast<int>(r.Int(0));
}

Result<int> RecruitmentRepository::CountObjectionsFrom(std::string_view ip,
                                                       int64_t since_ms) {
  ZXKH_ASSIGN_OR_RETURN(
      Row r, c_.One("SELECT COUNT(*) FROM objections WHERE ip = ? AND "
                    "filed_at >= ?",
                    {std::string(ip), since_ms}));
  return static_cast<int>(r.Int(0));
}

Status RecruitmentRepository::DecideObjection(int64_t id,
                                              std::string_view status,
                                              std::string_view note, int64_t by,
                                              int64_t at) {
  ZXKH_ASSIGN_OR_RETURN(
      int64_t n,
      c_.Exec("UPDATE objections SET status = ?, decision_note = ?, "
              "decided_by = ?, decided_at = ? WHERE id = ? AND status = "
              "'open'",
              {std::string(status), std::string(note), by, at, id}));
  return n == 1 ? Status::Ok() : Conflict();
}

Result<int64_t> RecruitmentRepository::InsertReport(int64_t by, int64_t at,
                                                    std::string_view note) {
  ZXKH_ASSIGN_OR_RETURN(
      Row r, c_.One("INSERT INTO province_reports (reported_at, reported_by, "
                    "note) VALUES (?, ?, ?) RETURNING id",
                    {at, by, std::string(note)}));
  return r.Int(0);
}

Result<ReportRow> RecruitmentRepository::GetReport(int64_t id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT id, reported_at, reported_by, note, published_at, "
              "published_by FROM province_reports WHERE id = ?",
              {id}));
  if (rows.empty()) {
    return Status::NotFound("recruitment.report_not_found", "报送批次不存在");
  }
  const Row& r = rows.front();
  ReportRow out{r.Int(0),    r.Int(1),    r.Int(2), r.Text(3),
                r.OptInt(4), r.OptInt(5), {}};
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> apps,
      c_.Rows("SELECT id FROM recruitment_applications WHERE report_id = ? "
              "ORDER BY id",
              {id}));
  for (const Row& a : apps) out.application_ids.push_back(a.Int(0));
  return out;
}

Result<std::vector<ReportRow>> RecruitmentRepository::ListReports() {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT id FROM province_reports ORDER BY id DESC", {}));
  std::vector<ReportRow> out;
  for (const Row& r : rows) {
    ZXKH_ASSIGN_OR_RETURN(ReportRow report, GetReport(r.Int(0)));
    out.push_back(std::move(report));
  }
  return out;
}

Status RecruitmentRepository::MarkReportPublished(int64_t id, int64_t by,
                                                  int64_t at) {
  ZXKH_ASSIGN_OR_RETURN(
      int64_t n,
      c_.Exec("UPDATE province_reports SET published_at = ?, published_by = "
              "? WHERE id = ? AND published_at IS NULL",
              {at, by, id}));
  return n == 1 ? Status::Ok() : Conflict();
}

}  // namespace zxkh::store
