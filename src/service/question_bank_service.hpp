// Question banks (题库), paper rotation (循环组卷) and sealing, R-EXA-3.
//
// Scope: an institution's staff (admin, operator) see and edit their own
// banks; the city sees every bank and decides; a district and the province
// see the metadata of banks in their scope (titles, counts, states), never
// set content. Anything outside scope is NotFound("bank.not_found").
//
// Sealing: set content (tasks, rubric, attachments) is readable — by the
// institution and the city only — while the set has never been in an
// approved version. Once approved it is sealed for good: no method returns
// it except ReadPaper for a session's assigned set, from the session's
// start time, and every such read is written to the operation log.
//
// Every state change is one transaction ending with AuditService::Record.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "domain/question_bank.hpp"
#include "domain/role.hpp"
#include "store/db.hpp"
#include "store/file_store.hpp"
#include "store/question_bank_repository.hpp"

namespace zxkh::service {

// An attachment of a task may weigh this much.
inline constexpr int64_t kMaxBankAttachmentBytes = 20LL * 1024 * 1024;
// An imported workbook may hold this many data rows.
inline constexpr int kMaxBankImportRows = 5000;

// One set as the caller may see it: content only when unsealed and the
// caller may read content.
struct SetView {
  store::SetRow set;
  bool carried = false;  // taken over from an earlier approved version
  std::optional<domain::QuestionSet> content;
  std::vector<store::AttachmentRow> attachments;  // with content only
};

struct BankDetail {
  store::BankRow bank;
  std::vector<store::VersionRow> versions;  // newest first
  std::vector<store::BankEventRow> events;  // oldest first
};

struct VersionDetail {
  store::BankRow bank;
  store::VersionRow version;
  std::vector<SetView> sets;
  bool editable = false;         // the caller may edit it now
  bool content_visible = false;  // the caller may read unsealed content
};

struct SetInput {
  std::string title;
  std::vector<domain::PracticalTask> tasks;
  std::vector<domain::RubricItem> rubric;
};

// One refused row of an import.
struct RowError {
  int row = 0;         // file row number
  std::string column;  // header title, e.g. "分值"
  std::string message;
};

struct BankImportResult {
  std::vector<RowError> errors;  // non-empty: nothing was written
  int imported_sets = 0;
  std::optional<VersionDetail> version;  // when imported
};

struct BankFile {
  std::string bytes;
  std::string media_type;
  std::string file_name;
};

struct Paper {
  store::PaperRow assignment;
  domain::QuestionSet content;
  std::vector<store::AttachmentRow> attachments;
};

struct PaperRequest {
  std::string project_code;
  std::string session_ref;
  int64_t session_start_ms = 0;
};

class QuestionBankService {
 public:
  // References must outlive the service. Thread-safe.
  QuestionBankService(store::Database& db, const Clock& clock,
                      store::FileStore& files);

  // Banks within scope, newest change first; `open_state` filters on the
  // open version's state (the city's review queue: "submitted").
  Result<std::vector<store::BankRow>> ListBanks(const domain::Caller& caller,
                                                std::string open_state);
  // INSTITUTION_*. A bank for a project in the institution's approved scope
  // (InvalidArgument "bank.project_not_in_scope"), one per project
  // (AlreadyExists "bank.exists"), with version 1 in DRAFT.
  Result<BankDetail> CreateBank(const domain::Caller& caller,
                                std::string project_code);
  Result<BankDetail> GetBank(const domain::Caller& caller, int64_t id);
  // INSTITUTION_*. A new DRAFT version carrying the approved version's sets.
  Result<VersionDetail> OpenVersion(const domain::Caller& caller,
                                    int64_t bank_id);
  Result<VersionDetail> GetVersion(const domain::Caller& caller,
                                   int64_t version_id);

  // INSTITUTION_*, DRAFT or RETURNED. A set is validated when it is saved
  // (domain::ValidateSet): a rubric of 99 or 101 is refused right away.
  Result<VersionDetail> AddSet(const domain::Caller& caller, int64_t version_id,
                               SetInput in);
  // Only sets created in this version ("bank.set_sealed" for carried ones).
  Result<VersionDetail> UpdateSet(const domain::Caller& caller,
                                  int64_t version_id, int64_t set_id,
                                  SetInput in);
  // Deletes a set created in this version, or withdraws a carried one.
  Result<VersionDetail> RemoveSet(const domain::Caller& caller,
                                  int64_t version_id, int64_t set_id);

  // INSTITUTION_*. DRAFT/RETURNED → SUBMITTED (≥ 5 valid sets).
  Result<VersionDetail> Submit(const domain::Caller& caller,
                               int64_t version_id);
  // CITY. SUBMITTED → APPROVED: seals its sets, supersedes the previous
  // approved version (whose assignments keep pointing at it).
  Result<VersionDetail> Approve(const domain::Caller& caller,
                                int64_t version_id);
  // CITY. SUBMITTED → RETURNED with reasons (kept in the history).
  Result<VersionDetail> Return(const domain::Caller& caller, int64_t version_id,
                               std::string reason);

  // Anyone allowed to edit banks. The import template (docs/question-bank-
  // template.md describes its columns).
  Result<BankFile> Template();
  // INSTITUTION_*, DRAFT or RETURNED. Replaces the sets created in this
  // version with the workbook's sets (carried sets stay). Any bad row:
  // nothing written, every error listed.
  Result<BankImportResult> Import(const domain::Caller& caller,
                                  int64_t version_id,
                                  const std::string& temp_path);
  // Institution and city: the unsealed sets of a version, in the template's
  // layout. A sealed (approved) version: "bank.sealed".
  Result<BankFile> Export(const domain::Caller& caller, int64_t version_id);

  // INSTITUTION_*. Adds a file to task `task_position` of an unsealed set of
  // an editable version of the caller's institution.
  Result<store::AttachmentRow> UploadAttachment(const domain::Caller& caller,
                                                int64_t set_id,
                                                int task_position,
                                                const std::string& temp_path,
                                                std::string file_name);
  // Institution and city, unsealed sets only.
  Result<BankFile> DownloadAttachment(const domain::Caller& caller,
                                      int64_t set_id, int64_t attachment_id);

  // INSTITUTION_ADMIN. Assigns the next set of the approved version in
  // rotation (never the previous session's set) to a session of the
  // caller's institution and records it. AlreadyExists("paper.exists") for a
  // session_ref assigned before.
  Result<store::PaperRow> AssignPaper(const domain::Caller& caller,
                                      PaperRequest in);
  // The same inside the caller's transaction (issue 6: session creation),
  // without the operation-log entry, which the caller writes last.
  static Result<store::PaperRow> AssignPaperIn(store::Connection& c,
                                               int64_t institution_id,
                                               const PaperRequest& in,
                                               std::optional<int64_t> by,
                                               int64_t now_ms);
  // Assignments within scope (metadata only), newest session first.
  Result<std::vector<store::PaperRow>> ListPapers(const domain::Caller& caller);
  // The institution's staff and the city: the paper's content, refused with
  // "bank.sealed" before the session's start; every read is logged.
  Result<Paper> ReadPaper(const domain::Caller& caller, int64_t paper_id);
  // As ReadPaper, one attachment of the paper's set.
  Result<BankFile> ReadPaperAttachment(const domain::Caller& caller,
                                       int64_t paper_id, int64_t attachment_id);

 private:
  Result<VersionDetail> Detail(store::Connection& c,
                               const domain::Caller& caller,
                               store::BankRow bank, store::VersionRow v);
  store::Database& db_;
  const Clock& clock_;
  store::FileStore& files_;
};

// Demo banks (zxkh serve --demo): an approved 5-set bank with papers, one
// awaiting the city, one returned. Runs inside the caller's transaction,
// after the demo institutions' scope.
Status SeedDemoQuestionBanks(store::Connection& c, const Clock& clock);

}  // namespace zxkh::service
