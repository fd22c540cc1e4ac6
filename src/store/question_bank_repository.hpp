// Question banks, their versions and sets, and paper assignments (migration
// 0006). All methods run on the caller's connection, inside the caller's
// transaction; the rules live in domain/question_bank.hpp and the service.
// The repository hands out content (tasks, rubric, attachments) to whoever
// asks: sealing is the service's job.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/question_bank.hpp"
#include "store/db.hpp"

namespace zxkh::store {

// A bank joined with what every list shows about it.
struct BankRow {
  int64_t id = 0;
  int64_t institution_id = 0;
  std::string project_code;
  std::optional<int64_t> approved_version_id;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  // Joined, read-only.
  std::string project_name;
  std::string institution_name;
  std::optional<std::string> institution_code;
  std::string district_code;
  std::optional<int> approved_number;  // of the version in use
  std::optional<int64_t> open_version_id;
  std::optional<int> open_number;
  std::optional<domain::VersionState> open_state;
};

struct VersionRow {
  int64_t id = 0;
  int64_t bank_id = 0;
  int number = 0;
  domain::VersionState state = domain::VersionState::kDraft;
  std::string return_reason;
  std::optional<int64_t> submitted_at;
  std::optional<int64_t> decided_by;
  std::optional<int64_t> decided_at;
  std::optional<int64_t> created_by;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  int set_count = 0;  // joined
};

// A set's metadata (what a sealed set shows).
struct SetRow {
  int64_t id = 0;
  int64_t bank_id = 0;
  int64_t origin_version_id = 0;
  std::string title;
  bool sealed = false;
  int position = 0;  // within the version it was read through
  int task_count = 0;
  int rubric_count = 0;
  int total_points = 0;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct AttachmentRow {
  int64_t id = 0;
  int64_t set_id = 0;
  int task_position = 0;
  std::string file_sha256;
  std::string file_name;
  std::string media_type;
  int64_t size_bytes = 0;
  int64_t uploaded_at = 0;
  int64_t uploaded_by = 0;
};

struct BankEventRow {
  int64_t id = 0;
  int64_t version_id = 0;
  int version_number = 0;  // joined
  int64_t at = 0;
  std::optional<int64_t> user_id;
  std::string role;
  std::string action;  // create, submit, approve, return, supersede
  std::string from_state;
  std::string to_state;
  std::string reason;
};

struct PaperRow {
  int64_t id = 0;
  std::string session_ref;
  int64_t institution_id = 0;
  std::string project_code;
  int64_t bank_id = 0;
  int64_t version_id = 0;
  int64_t set_id = 0;
  int64_t session_start = 0;
  int64_t assigned_at = 0;
  std::optional<int64_t> assigned_by;
  // Joined, read-only.
  std::string project_name;
  std::string institution_name;
  std::string district_code;
  int version_number = 0;
  std::string set_title;
};

enum class BankScope { kAll, kDistrict, kInstitution };

struct BankFilter {
  BankScope scope = BankScope::kAll;
  std::string scope_district;     // kDistrict
  int64_t scope_institution = 0;  // kInstitution
  std::string open_state;         // "" = any; else banks with a version in it
};

class QuestionBankRepository {
 public:
  explicit QuestionBankRepository(Connection& c) : c_(c) {}

  Result<int64_t> InsertBank(int64_t institution_id,
                             const std::string& project_code, int64_t now_ms);
  // NotFound("bank.not_found").
  Result<BankRow> GetBank(int64_t id);
  Result<std::optional<BankRow>> FindBank(int64_t institution_id,
                                          const std::string& project_code);
  Result<std::vector<BankRow>> ListBanks(const BankFilter& f);
  Status SetApprovedVersion(int64_t bank_id, int64_t version_id,
                            int64_t now_ms);
  // Takes the bank's row lock until commit (a no-op UPDATE: PostgreSQL locks
  // the row, SQLite holds the write lock already), so that two servers
  // assigning papers of one bank serialize and see each other's assignment.
  Status LockBank(int64_t bank_id);

  Result<int64_t> InsertVersion(int64_t bank_id, int number,
                                domain::VersionState state,
                                std::optional<int64_t> created_by,
                                int64_t now_ms);
  // NotFound("bank.version_not_found").
  Result<VersionRow> GetVersion(int64_t id);
  // Newest first.
  Result<std::vector<VersionRow>> Versions(int64_t bank_id);
  // Writes the mutable fields when the stored state is still `expected`;
  // Unavailable("store.conflict") otherwise.
  Status SaveVersion(const VersionRow& v, domain::VersionState expected);

  Result<int64_t> InsertSet(int64_t bank_id, int64_t origin_version_id,
                            const std::string& title, int64_t now_ms);
  // Appends the set to the version (position after the last).
  Status LinkSet(int64_t version_id, int64_t set_id);
  Status UnlinkSet(int64_t version_id, int64_t set_id);
  // Copies every link of `from` to `to` in the same order.
  Status CopyLinks(int64_t from_version, int64_t to_version);
  // The sets of a version, by position.
  Result<std::vector<SetRow>> VersionSets(int64_t version_id);
  // NotFound("bank.set_not_found").
  Result<SetRow> GetSet(int64_t set_id);
  // Whether `set_id` is one of the version's sets.
  Result<bool> InVersion(int64_t version_id, int64_t set_id);
  // Tasks and rubric (id and title included).
  Result<domain::QuestionSet> SetContent(int64_t set_id);
  // Replaces title, tasks and rubric; drops attachments of tasks that no
  // longer exist.
  Status ReplaceContent(int64_t set_id, const domain::QuestionSet& s,
                        int64_t now_ms);
  // Deletes an unsealed set with its content, links and attachments;
  // FailedPrecondition("bank.set_sealed") for a sealed one (kept forever).
  Status DeleteSet(int64_t set_id);
  // Seals every set of the version.
  Status SealSets(int64_t version_id, int64_t now_ms);

  Result<std::vector<AttachmentRow>> Attachments(int64_t set_id);
  Result<int64_t> InsertAttachment(const AttachmentRow& a);
  // NotFound("bank.attachment_not_found").
  Result<AttachmentRow> GetAttachment(int64_t set_id, int64_t id);

  Status InsertEvent(const BankEventRow& e);
  // Every event of the bank, oldest first.
  Result<std::vector<BankEventRow>> Events(int64_t bank_id);

  Result<int64_t> InsertPaper(const PaperRow& p);
  // NotFound("paper.not_found").
  Result<PaperRow> GetPaper(int64_t id);
  Result<std::optional<PaperRow>> FindPaperByRef(const std::string& ref);
  // The set of the institution's latest assignment for the project.
  Result<std::optional<int64_t>> LastAssignedSet(
      int64_t institution_id, const std::string& project_code);
  // Newest session first.
  Result<std::vector<PaperRow>> ListPapers(const BankFilter& f);

 private:
  Result<std::vector<BankRow>> SelectBanks(std::string_view where,
                                           std::vector<Value> params);
  Result<std::vector<PaperRow>> SelectPapers(std::string_view where,
                                             std::vector<Value> params);
  Connection& c_;
};

}  // namespace zxkh::store
