// Institution recruitment records (migration 0003): applications with their
// projects, materials, findings and events, the selection criteria and
// evaluation forms, publicity rounds, objections and province reports. All
// methods run on the caller's connection, inside the caller's transaction;
// the rules live in domain/recruitment.hpp and the service.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/page.hpp"
#include "domain/recruitment.hpp"
#include "store/db.hpp"

namespace zxkh::store {

// An application joined with what every screen shows about it.
struct ApplicationRow {
  int64_t id = 0;
  int64_t institution_id = 0;
  domain::ApplicationState state = domain::ApplicationState::kDraft;
  int submission_count = 0;
  std::optional<double> evaluation_mean;
  std::optional<bool> evaluation_selected;
  std::optional<int64_t> publicity_round_id;
  std::optional<int64_t> report_id;
  std::optional<std::string> approved_on;  // YYYY-MM-DD
  std::optional<std::string> receipt_sha256;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  // Joined, read-only.
  std::string institution_name;
  std::optional<std::string> institution_code;
  std::string credit_code;
  domain::InstitutionType institution_type =
      domain::InstitutionType::kEnterprise;
  std::string district_code;
  std::string district_name;
  std::string credit_status;
  std::string institution_status;
  std::optional<std::string> publicity_start;  // of its round
  std::optional<std::string> publicity_end;
};

enum class ApplicationScope { kAll, kDistrict, kInstitution };

struct ApplicationFilter {
  ApplicationScope scope = ApplicationScope::kAll;
  std::string scope_district;     // kDistrict
  int64_t scope_institution = 0;  // kInstitution
  std::string state;              // "" = any
  std::string district;           // "" = any
  std::string q;  // part of the institution's name, code or credit code
  PageRequest page;
};

struct ProjectRef {
  std::string code;
  std::string name;
};

struct MaterialRow {
  int64_t id = 0;
  int64_t application_id = 0;
  domain::Material material;
  int64_t uploaded_at = 0;
  int64_t uploaded_by = 0;
  bool superseded = false;
};

struct FindingRow {
  int submission = 0;
  domain::MaterialFinding finding;
  int64_t decided_by = 0;
  int64_t decided_at = 0;
};

struct EventRow {
  int64_t id = 0;
  int64_t application_id = 0;
  int64_t at = 0;
  std::optional<int64_t> user_id;
  std::string role;    // RoleName of the actor
  std::string action;  // submit, return, forward, …
  std::string from_state;
  std::string to_state;
  std::string reason;
};

struct CriterionRow {
  domain::Criterion criterion;
  int position = 0;
};

struct EvaluationFormRow {
  int64_t id = 0;
  int64_t application_id = 0;
  int64_t evaluator_id = 0;
  std::string evaluator_name;
  int total = 0;
  std::string comment;
  int64_t submitted_at = 0;
  std::vector<domain::CriterionScore> scores;
};

struct PublicityRoundRow {
  int64_t id = 0;
  std::string title;
  std::string start_date;
  std::string end_date;
  int64_t opened_by = 0;
  int64_t opened_at = 0;
  int application_count = 0;
};

struct ObjectionRow {
  int64_t id = 0;
  int64_t application_id = 0;
  int64_t round_id = 0;
  int64_t filed_at = 0;
  std::string name;
  std::string contact;
  std::string content;
  std::string ip;
  std::string status;  // open | upheld | dismissed
  std::string decision_note;
  std::optional<int64_t> decided_by;
  std::optional<int64_t> decided_at;
};

struct ReportRow {
  int64_t id = 0;
  int64_t reported_at = 0;
  int64_t reported_by = 0;
  std::string note;
  std::optional<int64_t> published_at;
  std::optional<int64_t> published_by;
  std::vector<int64_t> application_ids;
};

class RecruitmentRepository {
 public:
  explicit RecruitmentRepository(Connection& c) : c_(c) {}

  // A DRAFT application of `institution_id`; returns its id.
  Result<int64_t> InsertApplication(int64_t institution_id, int64_t now_ms);
  // NotFound("recruitment.not_found").
  Result<ApplicationRow> Get(int64_t id);
  // Writes the mutable fields of `a` when the stored state is still
  // `expected`; Unavailable("store.conflict") when another transaction
  // changed it first, so the retry sees the new state.
  Status Save(const ApplicationRow& a, domain::ApplicationState expected);
  // Records the receipt file of an approved application, whatever its
  // state has become since.
  Status SetReceipt(int64_t id, std::string_view sha256);
  Result<Page<ApplicationRow>> List(const ApplicationFilter& f);
  // PUBLICIZING applications whose round runs on `today`, by id.
  Result<std::vector<ApplicationRow>> CurrentPublicity(std::string_view today);
  // The applications of a publicity round / of a report.
  Result<std::vector<ApplicationRow>> OfRound(int64_t round_id);
  Result<std::vector<ApplicationRow>> OfReport(int64_t report_id);
  // Every application in `state`, by id.
  Result<std::vector<ApplicationRow>> InState(domain::ApplicationState state);

  Result<std::vector<ProjectRef>> Projects(int64_t application_id);
  Status SetProjects(int64_t application_id,
                     const std::vector<std::string>& codes);
  // Projects of the institution's other open applications
  // (domain::IsOpenApplication), for the one-project-once rule.
  Result<std::vector<std::string>> ProjectsInOtherOpenApplications(
      int64_t institution_id, int64_t except_application_id);

  // Inserts `m` as the current material of its type/project: the previous
  // current one is marked superseded (kept as history). Returns the id.
  Result<int64_t> InsertMaterial(const MaterialRow& m);
  // Current (not superseded) materials, by type and project.
  Result<std::vector<MaterialRow>> CurrentMaterials(int64_t application_id);
  // Every upload, newest first.
  Result<std::vector<MaterialRow>> MaterialHistory(int64_t application_id);
  // NotFound("recruitment.material_not_found").
  Result<MaterialRow> GetMaterial(int64_t application_id, int64_t material_id);

  Status UpsertFinding(int64_t application_id, const FindingRow& f);
  Result<std::vector<FindingRow>> Findings(int64_t application_id,
                                           int submission);

  Status InsertEvent(const EventRow& e);
  Result<std::vector<EventRow>> Events(int64_t application_id);

  // The active criteria in order.
  Result<std::vector<CriterionRow>> ActiveCriteria();
  // Deactivates every criterion and activates `criteria` in order (keys seen
  // before are updated: old forms keep referring to them).
  Status ReplaceCriteria(const std::vector<domain::Criterion>& criteria);
  // Forms of applications still under evaluation (FORWARDED).
  Result<int64_t> CountFormsUnderEvaluation();

  // Inserts the form, replacing an earlier one of the same evaluator name.
  Result<int64_t> UpsertForm(const EvaluationFormRow& f);
  Result<std::vector<EvaluationFormRow>> Forms(int64_t application_id);

  Result<int64_t> InsertRound(const PublicityRoundRow& r);
  // NotFound("recruitment.round_not_found").
  Result<PublicityRoundRow> GetRound(int64_t id);
  Result<std::vector<PublicityRoundRow>> ListRounds();

  Result<int64_t> InsertObjection(const ObjectionRow& o);
  // NotFound("objection.not_found").
  Result<ObjectionRow> GetObjection(int64_t id);
  Result<std::vector<ObjectionRow>> Objections(int64_t application_id);
  Result<int> CountOpenObjections(int64_t application_id);
  // Objections filed from `ip` at or after `since_ms`.
  Result<int> CountObjectionsFrom(std::string_view ip, int64_t since_ms);
  // Records the decision when the objection is still open;
  // Unavailable("store.conflict") when another decision came first.
  Status DecideObjection(int64_t id, std::string_view status,
                         std::string_view note, int64_t by, int64_t at);

  Result<int64_t> InsertReport(int64_t by, int64_t at, std::string_view note);
  // NotFound("recruitment.report_not_found").
  Result<ReportRow> GetReport(int64_t id);
  Result<std::vector<ReportRow>> ListReports();
  Status MarkReportPublished(int64_t id, int64_t by, int64_t at);

 private:
  Result<std::vector<ApplicationRow>> Select(std::string_view where,
                                             std::vector<Value> params);
  Connection& c_;
};

}  // namespace zxkh::store
