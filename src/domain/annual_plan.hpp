// Annual assessment plans (年度考核计划) and the city's annual announcement
// (公告), R-EXA-5: an institution plans its year item by item, within its
// approved scope; the district of registration reviews; the city publishes.
//
//            submit (≥ 1 item)            approve
//   DRAFT ─────────────────► SUBMITTED ───────────► APPROVED
//     │  ▲                     │    ▲                 │
//     │  └── (items edited) ─┐ │    │ resubmit        │ the city publishes
//     │                      │ │    │                 │ the year's announcement
//     │  edit items          │ ▼    │                 ▼
//     └──────────────────  RETURNED ┘              PUBLISHED
//                     (return with a reason; history kept in events)
//
// Who acts: the institution (create, edit items in DRAFT or RETURNED,
// submit), the district of registration (return with a reason, approve), the
// city (publish: every APPROVED plan of the year enters the announcement;
// publishing again later adds the plans approved since and renders the PDF
// anew). A PUBLISHED plan is final: candidates register against its items.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/date.hpp"
#include "common/status.hpp"

namespace zxkh::domain {

enum class PlanState { kDraft, kSubmitted, kReturned, kApproved, kPublished };

std::string_view PlanStateName(PlanState s);   // "draft", …
std::string_view PlanStateTitle(PlanState s);  // "草稿", …
std::optional<PlanState> ParsePlanState(std::string_view s);

// One planned assessment of one project (计划条目).
struct PlanItem {
  std::string project_code;
  std::vector<int> months;  // 1–12, ascending, distinct
  Date exam_date;           // planned exam date, inside `months`
  int expected_count = 0;   // 预计人数
  std::string venue;
  std::string requirements;        // 报名条件
  std::optional<int64_t> fee_fen;  // 收费标准 in fen; nullopt = free
  std::string contact_name;
  std::string contact_phone;
};

// The limits of one item (our rule).
inline constexpr int kMaxExpectedCount = 100000;
inline constexpr int64_t kMaxFeeFen = 10000000;  // ¥100,000
inline constexpr int kMaxItemsPerPlan = 100;

// "3,6,9" → {3, 6, 9}: comma-separated (、，and spaces accepted), each 1–12;
// the result sorted and distinct. InvalidArgument("plan.months_invalid",
// field "months").
Result<std::vector<int>> ParseMonths(std::string_view text);
// {3, 6, 9} → "3,6,9" (the stored form).
std::string FormatMonths(const std::vector<int>& months);
// {3, 6, 9} → "3月、6月、9月" (the published form).
std::string MonthsTitle(const std::vector<int>& months);

// A landline (0532-88886666) or a mobile number (13800000000): 7–20
// characters of digits and hyphens with at least 7 digits, no leading or
// trailing hyphen. InvalidArgument("plan.phone_invalid", "contact_phone").
Status ValidatePlanPhone(std::string_view phone);

// The plan's year may be this year or one of the next two (our rule):
// InvalidArgument("plan.year_invalid", "year").
Status ValidatePlanYear(int year, Date today);

// Everything about one item that needs no database, for a plan of `year`:
// months (1–12, at least one: "plan.months_invalid"), the exam date inside
// the year ("plan.exam_date_outside_year"), within one of the months
// ("plan.exam_date_not_in_months") and after today ("plan.exam_date_past"),
// expected count 1–100,000 ("plan.expected_count_invalid"), venue
// ("plan.venue_required") and contact ("plan.contact_required") present, the
// phone (ValidatePlanPhone), fee 0–¥100,000 ("plan.fee_invalid"). All
// InvalidArgument with the field's name.
Status ValidateItem(const PlanItem& item, int year, Date today);

// The project must be in the institution's approved scope (R-EXA-5):
// InvalidArgument("plan.project_out_of_scope", field "project_code") naming
// the project. Whether it is still active is R-CAT-2
// (RequireActiveProject, "catalog.project_retired").
Status CheckProjectInScope(std::string_view project_code,
                           std::string_view project_name,
                           const std::vector<std::string>& scope_codes);

// State checks: FailedPrecondition("plan.wrong_state") naming the state, or
// the rule's own code.
Status CheckCanEditItems(PlanState s);  // DRAFT or RETURNED
// DRAFT or RETURNED with at least one item: "plan.no_items".
Status CheckCanSubmit(PlanState s, int item_count);
// SUBMITTED, with a reason that is not blank: "plan.reason_required"
// (InvalidArgument, field "reason").
Status CheckCanReturn(PlanState s, std::string_view reason);
Status CheckCanApprove(PlanState s);  // SUBMITTED
// The city publishes a year only when at least one plan of it is APPROVED
// and not yet published: FailedPrecondition("plan.nothing_to_publish").
Status CheckCanPublish(int year, int approved_count);

// "青岛市2027年度专项职业能力考核计划公告".
std::string AnnouncementTitle(int year);

}  // namespace zxkh::domain
