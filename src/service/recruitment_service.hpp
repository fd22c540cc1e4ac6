// Institution recruitment (考核机构征集, R-INS-1 … R-INS-6) as use cases:
// self-registration, the application with its materials, the district's
// preliminary check, the city's evaluation, publicity with objections,
// approval with the institution code and receipt, the report to the
// province, publication, and the public directory.
//
// Scope (DOMAIN.md): an institution sees its own applications, a district
// those of institutions registered in it, the city and the province all;
// anything outside scope is NotFound("recruitment.not_found"), on reads and
// on every id written or referenced. Every transition is one transaction
// that writes the new state, an application_events row, the notifications
// and an operation-log entry (ids only).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/page.hpp"
#include "domain/recruitment.hpp"
#include "domain/role.hpp"
#include "store/db.hpp"
#include "store/file_store.hpp"
#include "store/institution_repository.hpp"
#include "store/notification_repository.hpp"
#include "store/recruitment_repository.hpp"

namespace zxkh::service {

class CalendarService;

// The most an uploaded material may weigh (R-INS-2).
inline constexpr int64_t kMaxMaterialBytes = 50LL * 1024 * 1024;
// Objections one IP address may file per hour (R-INS-4, our rule).
inline constexpr int kObjectionsPerIpPerHour = 5;

struct RecruitmentOptions {
  // Prefixed to "/institutions/<code>" in the receipt's QR code.
  std::string public_base_url = "http://localhost:8080";
};

// R-INS-1 self-registration: the profile and the administrator account.
struct InstitutionRegistration {
  std::string name;
  std::string credit_code;  // 统一社会信用代码
  std::string type;         // enterprise | college | social_org | training
  std::string district_code;
  std::string legal_representative;
  std::string contact_name;
  std::string contact_phone;
  std::string address;
  std::string username;  // the institution administrator's login
  std::string password;
};

struct RegisteredInstitution {
  int64_t institution_id = 0;
  int64_t user_id = 0;
};

struct InstitutionProfile {
  store::InstitutionRow institution;
  std::vector<store::ScopeProject> scope;  // approved projects
};

struct ApplicationQuery {
  std::string state;     // ApplicationStateName, "" = any
  std::string district;  // "" = any (within scope)
  std::string q;
  PageRequest page;
};

// One required material of the completeness indicator.
struct CompletenessItem {
  domain::MaterialType type = domain::MaterialType::kApplicationForm;
  std::string project_code;                   // question banks only
  std::optional<store::MaterialRow> current;  // nullopt: still missing
};

struct ApplicationDetail {
  store::ApplicationRow application;
  std::vector<store::ProjectRef> projects;
  std::vector<CompletenessItem> completeness;
  std::vector<store::MaterialRow> history;      // every upload, newest first
  std::vector<store::FindingRow> findings;      // of the current submission
  std::vector<store::EventRow> events;          // oldest first
  std::vector<store::EvaluationFormRow> forms;  // city and province only
  std::vector<store::ObjectionRow> objections;  // city and province only
  int open_objections = 0;
};

struct MaterialUpload {
  std::string type;          // MaterialTypeName
  std::string project_code;  // question banks: one of the projects
  std::string temp_path;     // the spooled upload; moved into the store
  std::string file_name;     // as the applicant named it (UTF-8)
};

struct FindingInput {
  std::string type;
  std::string project_code;
  std::string result;  // ok | missing | invalid
  std::string note;
};

struct EvaluationInput {
  std::string evaluator_name;  // the expert whose form this is
  std::vector<domain::CriterionScore> scores;
  std::string comment;
};

struct PublicityInput {
  std::string title;
  std::string start_date;                // YYYY-MM-DD, today or later
  std::optional<std::string> end_date;   // may extend, never shorten
  std::vector<int64_t> application_ids;  // EVALUATED applications
};

struct ObjectionInput {
  std::string name;
  std::string contact;
  std::string content;  // at most 1,000 characters
  std::string ip;       // of the request, for the rate limit
};

// An application as the public sees it during publicity.
struct PublicityItem {
  store::ApplicationRow application;
  std::vector<store::ProjectRef> projects;
};

struct ReportView {
  store::ReportRow report;
  std::vector<store::ApplicationRow> applications;
};

struct DirectoryQuery {
  std::string q;
  std::string district;
  std::string project;
  std::string status;  // active | suspended | removed
  PageRequest page;
};

// A stored file to send.
struct FileDownload {
  std::string bytes;
  std::string media_type;
  std::string file_name;
};

class RecruitmentService {
 public:
  // References must outlive the service. Thread-safe.
  RecruitmentService(store::Database& db, const Clock& clock,
                     CalendarService& calendar, store::FileStore& files,
                     RecruitmentOptions options = {});

  // Anyone. Registers an applicant institution (status applicant, credit
  // good) in one of the ten Qingdao districts with its administrator
  // account. InvalidArgument naming the field (credit code check character:
  // "credit_code.check"); AlreadyExists for a taken credit code, name or
  // user name.
  Result<RegisteredInstitution> RegisterInstitution(
      const InstitutionRegistration& r, std::string request_id);
  // The institution itself, its district, the city and the province.
  Result<InstitutionProfile> GetInstitution(const domain::Caller& caller,
                                            int64_t id);
  // CITY. Sets the credit status (good | bad_record); an institution with a
  // bad record cannot submit (R-INS-1).
  Result<InstitutionProfile> SetCreditStatus(const domain::Caller& caller,
                                             int64_t id,
                                             std::string credit_status);

  // INSTITUTION_*. A DRAFT application for ≥ 1 active projects that the
  // institution neither holds nor has in another open application.
  Result<ApplicationDetail> CreateApplication(
      const domain::Caller& caller, std::vector<std::string> project_codes);
  // Applications within scope, newest change first.
  Result<Page<store::ApplicationRow>> ListApplications(
      const domain::Caller& caller, const ApplicationQuery& q);
  Result<ApplicationDetail> GetApplication(const domain::Caller& caller,
                                           int64_t id);
  // INSTITUTION_*, DRAFT or RETURNED. Replaces the projects.
  Result<ApplicationDetail> SetProjects(const domain::Caller& caller,
                                        int64_t id,
                                        std::vector<std::string> project_codes);
  // INSTITUTION_*, DRAFT or RETURNED. Sniffs the content (PDF, PNG, JPEG,
  // DOCX, XLSX; "file.type_not_allowed" otherwise), stores it by SHA-256
  // (≤ 50 MB, "file.too_large") and makes it the current material of its
  // type/project; earlier uploads stay as history.
  Result<store::MaterialRow> UploadMaterial(const domain::Caller& caller,
                                            int64_t id, MaterialUpload upload);
  // Within scope. The content of one upload of the application.
  Result<FileDownload> DownloadMaterial(const domain::Caller& caller,
                                        int64_t id, int64_t material_id);
  // INSTITUTION_*. DRAFT/RETURNED → SUBMITTED (submission_count + 1): good
  // credit, active projects, complete materials.
  Result<ApplicationDetail> Submit(const domain::Caller& caller, int64_t id);
  // INSTITUTION_*. SUBMITTED → DRAFT while the district has recorded no
  // finding ("recruitment.review_started" afterwards).
  Result<ApplicationDetail> Recall(const domain::Caller& caller, int64_t id);

  // DISTRICT of registration, SUBMITTED. Records findings on materials of
  // the current submission (a finding other than ok needs a note).
  Result<ApplicationDetail> RecordFindings(const domain::Caller& caller,
                                           int64_t id,
                                           std::vector<FindingInput> findings);
  // DISTRICT. SUBMITTED → RETURNED with the reasons the applicant sees.
  Result<ApplicationDetail> Return(const domain::Caller& caller, int64_t id,
                                   std::string reason);
  // DISTRICT. SUBMITTED → REJECTED.
  Result<ApplicationDetail> Reject(const domain::Caller& caller, int64_t id,
                                   std::string reason);
  // DISTRICT. SUBMITTED → FORWARDED (domain::CheckCanForward).
  Result<ApplicationDetail> Forward(const domain::Caller& caller, int64_t id,
                                    std::string note);

  // Logged-in back-office and institution roles. The active criteria.
  Result<std::vector<domain::Criterion>> Criteria(const domain::Caller& caller);
  // CITY. Replaces the active set (domain::ValidateCriteria); refused while
  // a forwarded application has evaluation forms
  // ("recruitment.criteria_in_use").
  Result<std::vector<domain::Criterion>> ReplaceCriteria(
      const domain::Caller& caller, std::vector<domain::Criterion> criteria);
  // CITY, FORWARDED. Records (or replaces) one evaluator's form.
  Result<ApplicationDetail> SubmitEvaluation(const domain::Caller& caller,
                                             int64_t id, EvaluationInput in);
  // CITY, FORWARDED → EVALUATED or NOT_SELECTED by domain::ConcludeEvaluation.
  Result<ApplicationDetail> Conclude(const domain::Caller& caller, int64_t id);

  // CITY. Opens a round for EVALUATED applications (→ PUBLICIZING); the
  // end date follows R-CAL (domain::PublicityEndDate).
  Result<store::PublicityRoundRow> OpenPublicity(const domain::Caller& caller,
                                                 PublicityInput in);
  // CITY and PROVINCE. Every round, newest first.
  Result<std::vector<store::PublicityRoundRow>> ListRounds(
      const domain::Caller& caller);
  // CITY. Resolves an open objection: upheld (the application becomes
  // NOT_SELECTED) or dismissed; a note is required.
  Result<store::ObjectionRow> DecideObjection(const domain::Caller& caller,
                                              int64_t objection_id,
                                              std::string decision,
                                              std::string note);
  // CITY. PUBLICIZING → APPROVED from the day after the publicity and with
  // no open objection: allocates the institution code (kept when it has
  // one), activates the institution, adds the approved scope and renders
  // the receipt.
  Result<ApplicationDetail> Approve(const domain::Caller& caller, int64_t id);
  // The institution itself, its district, the city and the province, once
  // approved. The receipt PDF (rendered again if its file is missing).
  Result<FileDownload> Receipt(const domain::Caller& caller, int64_t id);

  // CITY. Reports APPROVED applications (all of them when `ids` is empty)
  // to the province in one batch (→ REPORTED).
  Result<ReportView> Report(const domain::Caller& caller,
                            std::vector<int64_t> ids, std::string note);
  // CITY and PROVINCE. Every report, newest first.
  Result<std::vector<ReportView>> ListReports(const domain::Caller& caller);
  // PROVINCE. REPORTED → PUBLISHED for the whole batch; the institutions
  // enter the public directory.
  Result<ReportView> Publish(const domain::Caller& caller, int64_t report_id);

  // Anyone. The applications being publicized today.
  Result<std::vector<PublicityItem>> CurrentPublicity();
  // Anyone, during the round's dates; at most kObjectionsPerIpPerHour per
  // IP ("objection.rate_limited"). Returns the objection id.
  Result<int64_t> FileObjection(int64_t application_id, ObjectionInput in,
                                std::string request_id);
  // Anyone. Listed institutions with their published scope.
  Result<Page<store::DirectoryEntry>> Directory(const DirectoryQuery& q);
  // Anyone. One listed institution by code.
  Result<store::DirectoryEntry> PublicInstitution(std::string_view code);

  // Renders the receipt of an approved application (pure: the same record
  // gives the same bytes).
  Result<std::string> RenderReceipt(const store::ApplicationRow& a,
                                    const std::vector<store::ProjectRef>& p);

 private:
  Result<ApplicationDetail> Detail(store::Connection& c,
                                   const domain::Caller& caller,
                                   store::ApplicationRow a);
  // Renders, stores and records the receipt outside the approving
  // transaction (rendering takes a while; approval must not wait on it).
  Result<std::string> StoreReceipt(int64_t id);

  store::Database& db_;
  const Clock& clock_;
  CalendarService& calendar_;
  store::FileStore& files_;
  RecruitmentOptions options_;
};

// Demo data (zxkh serve --demo): code counters and approved scope of the
// demo institutions. Runs inside the caller's transaction, after
// SeedDemoIdentities.
Status SeedDemoInstitutionScope(store::Connection& c, const Clock& clock);

// Demo applications, one per interesting state: a DRAFT of a new 城阳区
// applicant (account inst-applicant-370214), a SUBMITTED one in 黄岛区, a
// FORWARDED one with one evaluation form, a PUBLICIZING one with an open
// objection. Materials are small generated PDFs put into `files`. Runs
// inside the caller's transaction, after SeedDemoInstitutionScope.
Status SeedDemoRecruitment(store::Connection& c, const Clock& clock,
                           store::FileStore& files);

}  // namespace zxkh::service
