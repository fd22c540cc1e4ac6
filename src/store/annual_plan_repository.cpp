#include "store/annual_plan_repository.hpp"

namespace zxkh::store {
namespace {

using domain::PlanState;

constexpr std::string_view kSelect =
    "SELECT p.id, p.institution_id, p.year, p.state, p.return_reason, "
    "p.submitted_at, p.decided_by, p.decided_at, p.announcement_id, "
    "p.created_at, p.updated_at, i.name, i.code, i.district_code, r.name, "
    "(SELECT COUNT(*) FROM annual_plan_items t WHERE t.plan_id = p.id), "
    "(SELECT COALESCE(SUM(t.expected_count), 0) FROM annual_plan_items t "
    "WHERE t.plan_id = p.id) "
    "FROM annual_plans p "
    "JOIN institutions i ON i.id = p.institution_id "
    "JOIN regions r ON r.code = i.district_code ";

PlanRow FromRow(const Row& r) {
  PlanRow p;
  p.id = r.Int(0);
  p.institution_id = r.Int(1);
  p.year = static_cast<int>(r.Int(2));
  p.state = domain::ParsePlanState(r.Text(3)).value_or(PlanState::kDraft);
  p.return_reason = r.Text(4);
  p.submitted_at = r.OptInt(5);
  p.decided_by = r.OptInt(6);
  p.decided_at = r.OptInt(7);
  p.announcement_id = r.OptInt(8);
  p.created_at = r.Int(9);
  p.updated_at = r.Int(10);
  p.institution_name = r.Text(11);
  p.institution_code = r.OptText(12);
  p.district_code = r.Text(13);
  p.district_name = r.Text(14);
  p.item_count = static_cast<int>(r.Int(15));
  p.expected_total = r.Int(16);
  return p;
}

constexpr std::string_view kItemSelect =
    "SELECT t.id, t.plan_id, t.position, t.project_code, t.months, "
    "t.exam_date, t.expected_count, t.venue, t.requirements, t.fee_fen, "
    "t.contact_name, t.contact_phone, c.name, c.status, c.catalog_version, "
    "c.spec_file_name FROM annual_plan_items t "
    "JOIN catalog_projects c ON c.code = t.project_code ";

PlanItemRow ItemFromRow(const Row& r) {
  PlanItemRow t;
  t.id = r.Int(0);
  t.plan_id = r.Int(1);
  t.position = static_cast<int>(r.Int(2));
  t.item.project_code = r.Text(3);
  if (auto m = domain::ParseMonths(r.Text(4)); m.ok()) t.item.months = *m;
  if (auto d = Date::Parse(r.Text(5)); d.ok()) t.item.exam_date = *d;
  t.item.expected_count = static_cast<int>(r.Int(6));
  t.item.venue = r.Text(7);
  t.item.requirements = r.Text(8);
  t.item.fee_fen = r.OptInt(9);
  t.item.contact_name = r.Text(10);
  t.item.contact_phone = r.Text(11);
  t.project_name = r.Text(12);
  t.project_status = r.Text(13);
  t.catalog_version = r.Text(14);
  t.spec_file_name = r.OptText(15);
  return t;
}

Value Opt(const std::optional<int64_t>& v) {
  return v ? Value(*v) : Value(std::monostate{});
}

std::string StateName(PlanState s) {
  return std::string(domain::PlanStateName(s));
}

std::string_view ScopeName(PlanScope s) {
  switch (s) {
    case PlanScope::kAll:
      return "all";
    case PlanScope::kDistrict:
      return "district";
    case PlanScope::kInstitution:
      return "institution";
  }
  return "none";
}

// The WHERE clause of a filter over `annual_plans p JOIN institutions i`.
std::string Where(const PlanFilter& f, std::vector<Value>& params) {
  const std::string scope(ScopeName(f.scope));
  params = {scope,
            scope,
            f.scope_district,
            scope,
            f.scope_institution,
            int64_t{f.year},
            int64_t{f.year},
            f.state,
            f.state,
            f.district,
            f.district,
            int64_t{f.submitted_only ? 1 : 0}};
  return "WHERE (? = 'all' OR (? = 'district' AND i.district_code = ?) "
         "OR (? = 'institution' AND p.institution_id = ?)) "
         "AND (? = 0 OR p.year = ?) AND (? = '' OR p.state = ?) "
         "AND (? = '' OR i.district_code = ?) "
         "AND (? = 0 OR p.state IN ('submitted', 'approved', 'published')) ";
}

Status Conflict() {
  return Status::Unavailable("store.conflict", "记录已被他人修改，请重试");
}

constexpr std::string_view kAnnouncementSelect =
    "SELECT a.id, a.year, a.title, a.published_at, a.published_by, "
    "a.pdf_sha256, a.revision, COALESCE(a.updated_at, a.published_at), "
    "(SELECT COUNT(*) FROM annual_plans p WHERE p.announcement_id = a.id "
    "AND p.state = 'published'), "
    "(SELECT COUNT(*) FROM annual_plan_items t JOIN annual_plans p ON p.id = "
    "t.plan_id WHERE p.announcement_id = a.id AND p.state = 'published') "
    "FROM plan_announcements a ";

AnnouncementRow AnnouncementFromRow(const Row& r) {
  AnnouncementRow a;
  a.id = r.Int(0);
  a.year = static_cast<int>(r.Int(1));
  a.title = r.Text(2);
  a.published_at = r.Int(3);
  a.published_by = r.Int(4);
  a.pdf_sha256 = r.OptText(5);
  a.revision = static_cast<int>(r.Int(6));
  a.updated_at = r.Int(7);
  a.plan_count = static_cast<int>(r.Int(8));
  a.item_count = static_cast<int>(r.Int(9));
  return a;
}

std::vector<Value> ItemValues(const domain::PlanItem& item) {
  return {item.project_code,
          domain::FormatMonths(item.months),
          item.exam_date.ToString(),
          int64_t{item.expected_count},
          item.venue,
          item.requirements,
          Opt(item.fee_fen),
          item.contact_name,
          item.contact_phone};
}

}  // namespace

Result<int64_t> AnnualPlanRepository::Insert(int64_t institution_id, int year,
                                             int64_t now_ms) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> existing,
      c_.Rows("SELECT id FROM annual_plans WHERE institution_id = ? AND year "
              "= ?",
              {institution_id, int64_t{year}}));
  if (!existing.empty()) {
    return Status::AlreadyExists(
        "plan.exists",
        "本机构已有 " + std::to_string(year) + " 年度考核计划，请直接编辑",
        "year");
  }
  ZXKH_ASSIGN_OR_RETURN(
      Row row, c_.One("INSERT INTO annual_plans (institution_id, year, state, "
                      "created_at, updated_at) VALUES (?, ?, 'draft', ?, ?) "
                      "RETURNING id",
                      {institution_id, int64_t{year}, now_ms, now_ms}));
  return row.Int(0);
}

Result<PlanRow> AnnualPlanRepository::Get(int64_t id) {
  ZXKH_ASSIGN_OR_RETURN(std::vector<Row> rows,
                        c_.Rows(std::string(kSelect) + "WHERE p.id = ?", {id}));
  if (rows.empty()) {
    return Status::NotFound("plan.not_found", "年度考核计划不存在");
  }
  return FromRow(rows.front());
}

Result<std::vector<PlanRow>> AnnualPlanRepository::List(const PlanFilter& f) {
  std::vector<Value> params;
  const std::string where = Where(f, params);
  ZXKH_ASSIGN_OR_RETURN(
      QueryResult result,
      c_.Query(std::string(kSelect) + where +
                   "ORDER BY p.year DESC, i.code, i.name, p.id",
               params));
  std::vector<PlanRow> out;
  out.reserve(result.rows.size());
  for (const Row& r : result.rows) out.push_back(FromRow(r));
  return out;
}

Status AnnualPlanRepository::Save(const PlanRow& p, PlanState expected) {
  ZXKH_ASSIGN_OR_RETURN(
      int64_t n,
      c_.Exec("UPDATE annual_plans SET state = ?, return_reason = ?, "
              "submitted_at = ?, decided_by = ?, decided_at = ?, "
              "announcement_id = ?, updated_at = ? WHERE id = ? AND state = ?",
              {StateName(p.state), p.return_reason, Opt(p.submitted_at),
               Opt(p.decided_by), Opt(p.decided_at), Opt(p.announcement_id),
               p.updated_at, p.id, StateName(expected)}));
  return n == 1 ? Status::Ok() : Conflict();
}

Status AnnualPlanRepository::Touch(int64_t id, int64_t now_ms) {
  return c_
      .Exec("UPDATE annual_plans SET updated_at = ? WHERE id = ?", {now_ms, id})
      .status();
}

Result<std::vector<PlanItemRow>> AnnualPlanRepository::Items(int64_t plan_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows(std::string(kItemSelect) +
                  "WHERE t.plan_id = ? ORDER BY t.position, t.id",
              {plan_id}));
  std::vector<PlanItemRow> out;
  out.reserve(rows.size());
  for (const Row& r : rows) out.push_back(ItemFromRow(r));
  return out;
}

Result<PlanItemRow> AnnualPlanRepository::Item(int64_t plan_id,
                                               int64_t item_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows(std::string(kItemSelect) + "WHERE t.plan_id = ? AND t.id = ?",
              {plan_id, item_id}));
  if (rows.empty()) {
    return Status::NotFound("plan.item_not_found", "计划条目不存在");
  }
  return ItemFromRow(rows.front());
}

Result<int64_t> AnnualPlanRepository::InsertItem(int64_t plan_id,
                                                 const domain::PlanItem& item) {
  std::vector<Value> params = ItemValues(item);
  params.insert(params.begin(), plan_id);
  params.push_back(plan_id);
  ZXKH_ASSIGN_OR_RETURN(
      QueryResult r,
      c_.Query("INSERT INTO annual_plan_items (plan_id, project_code, months, "
               "exam_date, expected_count, venue, requirements, fee_fen, "
               "contact_name, contact_phone, position) VALUES (?, ?, ?, ?, ?, "
               "?, ?, ?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM "
               "annual_plan_items WHERE plan_id = ?)) RETURNING id",
               params));
  return r.rows.front().Int(0);
}

Status AnnualPlanRepository::UpdateItem(int64_t plan_id, int64_t item_id,
                                        const domain::PlanItem& item) {
  std::vector<Value> params = ItemValues(item);
  params.push_back(plan_id);
  params.push_back(item_id);
  ZXKH_ASSIGN_OR_RETURN(
      QueryResult r,
      c_.Query("UPDATE annual_plan_items SET project_code = ?, months = ?, "
               "exam_date = ?, expected_count = ?, venue = ?, requirements = "
               "?, fee_fen = ?, contact_name = ?, contact_phone = ? WHERE "
               "plan_id = ? AND id = ?",
               params));
  if (r.affected_rows != 1) {
    return Status::NotFound("plan.item_not_found", "计划条目不存在");
  }
  return Status::Ok();
}

Status AnnualPlanRepository::DeleteItem(int64_t plan_id, int64_t item_id) {
  ZXKH_ASSIGN_OR_RETURN(
      int64_t n,
      c_.Exec("DELETE FROM annual_plan_items WHERE plan_id = ? AND id = ?",
              {plan_id, item_id}));
  if (n != 1) return Status::NotFound("plan.item_not_found", "计划条目不存在");
  return Status::Ok();
}

Status AnnualPlanRepository::InsertEvent(const PlanEventRow& e) {
  return c_
      .Exec(
          "INSERT INTO annual_plan_events (plan_id, at, user_id, action, "
          "from_state, to_state, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
          {e.plan_id, e.at, Opt(e.user_id), e.action, e.from_state, e.to_state,
           e.reason})
      .status();
}

Result<std::vector<PlanEventRow>> AnnualPlanRepository::Events(
    int64_t plan_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT id, plan_id, at, user_id, action, from_state, to_state, "
              "reason FROM annual_plan_events WHERE plan_id = ? ORDER BY at, "
              "id",
              {plan_id}));
  std::vector<PlanEventRow> out;
  for (const Row& r : rows) {
    out.push_back(PlanEventRow{r.Int(0), r.Int(1), r.Int(2), r.OptInt(3),
                               r.Text(4), r.Text(5), r.Text(6), r.Text(7)});
  }
  return out;
}

Result<std::vector<PlanTotal>> AnnualPlanRepository::TotalsByProject(
    const PlanFilter& f) {
  std::vector<Value> params;
  const std::string where = Where(f, params);
  ZXKH_ASSIGN_OR_RETURN(
      QueryResult result,
      c_.Query("SELECT t.project_code, c.name, COUNT(DISTINCT p.id), "
               "COUNT(*), SUM(t.expected_count) FROM annual_plan_items t "
               "JOIN annual_plans p ON p.id = t.plan_id "
               "JOIN institutions i ON i.id = p.institution_id "
               "JOIN catalog_projects c ON c.code = t.project_code " +
                   where +
                   "GROUP BY t.project_code, c.name ORDER BY "
                   "t.project_code",
               params));
  std::vector<PlanTotal> out;
  for (const Row& r : result.rows) {
    out.push_back(PlanTotal{r.Text(0), r.Text(1), "",
                            static_cast<int>(r.Int(2)),
                            static_cast<int>(r.Int(3)), r.Int(4)});
  }
  return out;
}

Result<std::vector<PlanTotal>> AnnualPlanRepository::TotalsByInstitution(
    const PlanFilter& f) {
  std::vector<Value> params;
  const std::string where = Where(f, params);
  ZXKH_ASSIGN_OR_RETURN(
      QueryResult result,
      c_.Query("SELECT i.id, i.name, COALESCE(i.code, ''), COUNT(DISTINCT "
               "p.id), COUNT(t.id), COALESCE(SUM(t.expected_count), 0) "
               "FROM annual_plans p "
               "JOIN institutions i ON i.id = p.institution_id "
               "LEFT JOIN annual_plan_items t ON t.plan_id = p.id " +
                   where +
                   "GROUP BY i.id, i.name, i.code ORDER BY i.code, i.id",
               params));
  std::vector<PlanTotal> out;
  for (const Row& r : result.rows) {
    out.push_back(PlanTotal{std::to_string(r.Int(0)), r.Text(1), r.Text(2),
                            static_cast<int>(r.Int(3)),
                            static_cast<int>(r.Int(4)), r.Int(5)});
  }
  return out;
}

Result<std::optional<AnnouncementRow>> AnnualPlanRepository::FindAnnouncement(
    int year) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows(std::string(kAnnouncementSelect) + "WHERE a.year = ?",
              {int64_t{year}}));
  if (rows.empty()) return std::optional<AnnouncementRow>();
  return std::optional<AnnouncementRow>(AnnouncementFromRow(rows.front()));
}

Result<std::vector<AnnouncementRow>> AnnualPlanRepository::Announcements() {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows(std::string(kAnnouncementSelect) + "ORDER BY a.year DESC", {}));
  std::vector<AnnouncementRow> out;
  for (const Row& r : rows) out.push_back(AnnouncementFromRow(r));
  return out;
}

Result<int64_t> AnnualPlanRepository::InsertAnnouncement(int year,
                                                         std::string_view title,
                                                         int64_t now_ms,
                                                         int64_t user_id) {
  ZXKH_ASSIGN_OR_RETURN(
      Row row,
      c_.One("INSERT INTO plan_announcements (year, title, published_at, "
             "published_by, revision, updated_at) VALUES (?, ?, ?, ?, 1, ?) "
             "RETURNING id",
             {int64_t{year}, std::string(title), now_ms, user_id, now_ms}));
  return row.Int(0);
}

Status AnnualPlanRepository::Republish(int64_t id, int64_t now_ms) {
  return c_
      .Exec(
          "UPDATE plan_announcements SET revision = revision + 1, "
          "updated_at = ?, pdf_sha256 = NULL WHERE id = ?",
          {now_ms, id})
      .status();
}

Status AnnualPlanRepository::SetAnnouncementPdf(int64_t id,
                                                std::string_view sha256) {
  return c_
      .Exec("UPDATE plan_announcements SET pdf_sha256 = ? WHERE id = ?",
            {std::string(sha256), id})
      .status();
}

Result<std::vector<AnnouncedItem>> AnnualPlanRepository::PublishedItems(
    int year) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows(std::string(kItemSelect) +
                  ", annual_plans p, institutions i, regions r "
                  "WHERE p.id = t.plan_id AND i.id = p.institution_id AND "
                  "r.code = i.district_code AND p.year = ? AND p.state = "
                  "'published' ORDER BY i.code, i.id, t.position, t.id",
              {int64_t{year}}));
  // The joined columns come after the item's: re-read them by plan.
  std::vector<AnnouncedItem> out;
  out.reserve(rows.size());
  for (const Row& r : rows) {
    AnnouncedItem a;
    a.item = ItemFromRow(r);
    out.push_back(std::move(a));
  }
  if (out.empty()) return out;
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> plans,
      c_.Rows("SELECT p.id, i.id, i.name, COALESCE(i.code, ''), r.name FROM "
              "annual_plans p JOIN institutions i ON i.id = p.institution_id "
              "JOIN regions r ON r.code = i.district_code WHERE p.year = ? "
              "AND p.state = 'published'",
              {int64_t{year}}));
  for (AnnouncedItem& a : out) {
    for (const Row& p : plans) {
      if (p.Int(0) == a.item.plan_id) {
        a.plan_id = p.Int(0);
        a.institution_id = p.Int(1);
        a.institution_name = p.Text(2);
        a.institution_code = p.Text(3);
        a.district_name = p.Text(4);
      }
    }
  }
  return out;
}

}  // namespace zxkh::store
