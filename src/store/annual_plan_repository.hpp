// Annual assessment plans and announcements (migration 0005): plans with
// their items and events, the aggregate a district reviews, the city's
// announcements. All methods run on the caller's connection, inside the
// caller's transaction; the rules live in domain/annual_plan.hpp and the
// service.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/annual_plan.hpp"
#include "store/db.hpp"

namespace zxkh::store {

// A plan joined with its institution and a summary of its items.
struct PlanRow {
  int64_t id = 0;
  int64_t institution_id = 0;
  int year = 0;
  domain::PlanState state = domain::PlanState::kDraft;
  std::string return_reason;  // the latest return's reason
  std::optional<int64_t> submitted_at;
  std::optional<int64_t> decided_by;
  std::optional<int64_t> decided_at;
  std::optional<int64_t> announcement_id;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  // Joined, read-only.
  std::string institution_name;
  std::optional<std::string> institution_code;
  std::string district_code;
  std::string district_name;
  int item_count = 0;
  int64_t expected_total = 0;
};

// One item joined with its catalog project.
struct PlanItemRow {
  int64_t id = 0;
  int64_t plan_id = 0;
  int position = 0;
  domain::PlanItem item;
  // Joined from catalog_projects.
  std::string project_name;
  std::string project_status;   // active | retired
  std::string catalog_version;  // e.g. 2023版
  std::optional<std::string> spec_file_name;
};

struct PlanEventRow {
  int64_t id = 0;
  int64_t plan_id = 0;
  int64_t at = 0;
  std::optional<int64_t> user_id;
  std::string action;  // create, submit, resubmit, return, approve, publish
  std::string from_state;
  std::string to_state;
  std::string reason;
};

enum class PlanScope { kAll, kDistrict, kInstitution };

struct PlanFilter {
  PlanScope scope = PlanScope::kAll;
  std::string scope_district;     // kDistrict
  int64_t scope_institution = 0;  // kInstitution
  int year = 0;                   // 0 = any
  std::string state;              // "" = any
  std::string district;           // "" = any
  // Only plans the institution has submitted (not DRAFT or RETURNED).
  bool submitted_only = false;
};

struct AnnouncementRow {
  int64_t id = 0;
  int year = 0;
  std::string title;
  int64_t published_at = 0;  // first publication
  int64_t published_by = 0;
  std::optional<std::string> pdf_sha256;
  int revision = 1;        // 1 + the times plans were added later
  int64_t updated_at = 0;  // latest publication
  int plan_count = 0;      // joined
  int item_count = 0;      // joined
};

// One published item as the announcement prints it.
struct AnnouncedItem {
  PlanItemRow item;
  int64_t plan_id = 0;
  int64_t institution_id = 0;
  std::string institution_name;
  std::string institution_code;
  std::string district_name;
};

// Totals of a year's plans (the district's aggregate view).
struct PlanTotal {
  std::string key;    // project code or institution id
  std::string name;   // project or institution name
  std::string extra;  // institution code / ""
  int plans = 0;      // institutions (per project) or plans (per institution)
  int items = 0;
  int64_t expected = 0;
};

class AnnualPlanRepository {
 public:
  explicit AnnualPlanRepository(Connection& c) : c_(c) {}

  // Inserts a DRAFT; AlreadyExists("plan.exists") when the institution has
  // a plan for that year already.
  Result<int64_t> Insert(int64_t institution_id, int year, int64_t now_ms);
  // NotFound("plan.not_found").
  Result<PlanRow> Get(int64_t id);
  // Plans matching `f`, by year (newest first), then institution code.
  Result<std::vector<PlanRow>> List(const PlanFilter& f);
  // Writes state, return_reason, submitted_at, decided_*, announcement_id,
  // updated_at, guarded by the state read: Unavailable("store.conflict")
  // when another transaction moved it first.
  Status Save(const PlanRow& p, domain::PlanState expected);
  Status Touch(int64_t id, int64_t now_ms);

  Result<std::vector<PlanItemRow>> Items(int64_t plan_id);
  // NotFound("plan.item_not_found") unless the item belongs to the plan.
  Result<PlanItemRow> Item(int64_t plan_id, int64_t item_id);
  Result<int64_t> InsertItem(int64_t plan_id, const domain::PlanItem& item);
  Status UpdateItem(int64_t plan_id, int64_t item_id,
                    const domain::PlanItem& item);
  Status DeleteItem(int64_t plan_id, int64_t item_id);

  Status InsertEvent(const PlanEventRow& e);
  // Oldest first.
  Result<std::vector<PlanEventRow>> Events(int64_t plan_id);

  // Per project and per institution over the plans of `f`.
  Result<std::vector<PlanTotal>> TotalsByProject(const PlanFilter& f);
  Result<std::vector<PlanTotal>> TotalsByInstitution(const PlanFilter& f);

  // Announcements.
  Result<std::optional<AnnouncementRow>> FindAnnouncement(int year);
  // Newest year first.
  Result<std::vector<AnnouncementRow>> Announcements();
  Result<int64_t> InsertAnnouncement(int year, std::string_view title,
                                     int64_t now_ms, int64_t user_id);
  // A later publication: revision + 1, updated_at, the PDF cleared (it no
  // longer shows every plan).
  Status Republish(int64_t id, int64_t now_ms);
  Status SetAnnouncementPdf(int64_t id, std::string_view sha256);
  // The items of the year's published plans, by institution code and item
  // position.
  Result<std::vector<AnnouncedItem>> PublishedItems(int year);

 private:
  Connection& c_;
};

}  // namespace zxkh::store
