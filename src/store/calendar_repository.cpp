#include "store/calendar_repository.hpp"

#include <set>

namespace zxkh::store {

Status CalendarRepository::ReplaceYear(
    int year, std::string_view source,
    const std::vector<CalendarEntry>& entries, int64_t now_ms) {
  ZXKH_RETURN_IF_ERROR(
      c_.Exec("INSERT INTO calendar_years (year, source, updated_at) VALUES "
              "(?, ?, ?) "
              "ON CONFLICT (year) DO UPDATE SET source = excluded.source, "
              "updated_at = excluded.updated_at",
              {int64_t{year}, std::string(source), now_ms})
          .status());
  ZXKH_RETURN_IF_ERROR(
      c_.Exec("DELETE FROM calendar_days WHERE year = ?", {int64_t{year}})
          .status());
  for (const CalendarEntry& e : entries) {
    ZXKH_RETURN_IF_ERROR(
        c_.Exec("INSERT INTO calendar_days (day, year, kind, name) VALUES (?, "
                "?, ?, ?)",
                {e.date.ToString(), int64_t{year},
                 std::string(e.kind == DayKind::kOff ? "off" : "work"), e.name})
            .status());
  }
  return Status::Ok();
}

Result<WorkdayCalendar> CalendarRepository::Load() {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> years,
      c_.Rows("SELECT year FROM calendar_years ORDER BY year"));
  std::set<int> covered;
  for (const Row& r : years) covered.insert(static_cast<int>(r.Int(0)));
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> days,
      c_.Rows("SELECT day, kind, name FROM calendar_days ORDER BY day"));
  std::vector<CalendarEntry> entries;
  entries.reserve(days.size());
  for (const Row& r : days) {
    auto date = Date::Parse(r.Text(0));
    if (!date.ok()) {
      return Status::Internal("calendar.corrupt",
                              "calendar_days holds " + r.Text(0));
    }
    entries.push_back(CalendarEntry{
        *date, r.Text(1) == "off" ? DayKind::kOff : DayKind::kWork, r.Text(2)});
  }
  return WorkdayCalendar(std::move(entries), std::move(covered));
}

Result<std::vector<domain::CalendarYearInfo>> CalendarRepository::ListYears() {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows(
          "SELECT y.year, y.source, y.updated_at, "
          "COALESCE(SUM(CASE WHEN d.kind = 'off' THEN 1 ELSE 0 END), 0), "
          "COALESCE(SUM(CASE WHEN d.kind = 'work' THEN 1 ELSE 0 END), 0) "
          "FROM calendar_years y LEFT JOIN calendar_days d ON d.year = y.year "
          "GROUP BY y.year, y.source, y.updated_at ORDER BY y.year"));
  std::vector<domain::CalendarYearInfo> out;
  for (const Row& r : rows) {
    out.push_back({static_cast<int>(r.Int(0)), r.Text(1), r.Int(2),
                   static_cast<int>(r.Int(3)), static_cast<int>(r.Int(4))});
  }
  return out;
}

Result<int64_t> CalendarRepository::Revision() {
  ZXKH_ASSIGN_OR_RETURN(
      Row r,
      c_.One(
          "SELECT COALESCE(MAX(updated_at), 0) + COUNT(*) FROM calendar_years",
          {}));
  return r.Int(0);
}

}  // namespace zxkh::store
