#include "service/calendar_service.hpp"

#include <map>
#include <set>

#include "common/embedded_data.hpp"
#include "service/audit_service.hpp"
#include "service/permissions.hpp"
#include "store/calendar_repository.hpp"

namespace zxkh::service {

using store::CalendarRepository;
using store::Connection;
using store::Database;

CalendarService::CalendarService(Database& db, const Clock& clock)
    : db_(db), clock_(clock) {}

Result<std::shared_ptr<const WorkdayCalendar>> CalendarService::Current() {
  ZXKH_ASSIGN_OR_RETURN(
      int64_t revision,
      db_.InTransaction(Database::Mode::kRead, [](Connection& c) {
        return CalendarRepository(c).Revision();
      }));
  {
    std::lock_guard lock(mu_);
    if (cached_ && revision == revision_) return cached_;
  }
  ZXKH_ASSIGN_OR_RETURN(
      WorkdayCalendar loaded,
      db_.InTransaction(Database::Mode::kRead, [](Connection& c) {
        return CalendarRepository(c).Load();
      }));
  auto fresh = std::make_shared<const WorkdayCalendar>(std::move(loaded));
  std::lock_guard lock(mu_);
  cached_ = fresh;
  revision_ = revision;
  return fresh;
}

Result<std::vector<domain::CalendarYearInfo>> CalendarService::Years() {
  return db_.InTransaction(Database::Mode::kRead, [](Connection& c) {
    return CalendarRepository(c).ListYears();
  });
}

Status ValidateYearEntries(int year,
                           const std::vector<CalendarEntry>& entries) {
  if (year < 2000 || year > 2100) {
    return Status::InvalidArgument("calendar.year_invalid",
                                   "年份应在 2000 至 2100 之间", "year");
  }
  std::set<Date> seen;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const CalendarEntry& e = entries[i];
    const std::string field = "days[" + std::to_string(i) + "]";
    if (e.date.year() != year) {
      return Status::InvalidArgument("calendar.date_outside_year",
                                     "日期 " + e.date.ToString() + " 不属于 " +
                                         std::to_string(year) + " 年",
                                     field + ".date");
    }
    if (!seen.insert(e.date).second) {
      return Status::InvalidArgument("calendar.duplicate_date",
                                     "日期 " + e.date.ToString() + " 重复出现",
                                     field + ".date");
    }
    if (e.kind == DayKind::kWork && e.date.weekday() < 6) {
      return Status::InvalidArgument("calendar.workday_not_weekend",
                                     "调休上班日 " + e.date.ToString() +
                                         " 应为周六或周日（工作日本来就上班）",
                                     field + ".kind");
    }
  }
  return Status::Ok();
}

Status CalendarService::ReplaceYear(const domain::Caller& caller, int year,
                                    std::string source,
                                    std::vector<CalendarEntry> entries) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, {domain::Role::kCity}));
  ZXKH_RETURN_IF_ERROR(ValidateYearEntries(year, entries));
  const int64_t now = clock_.NowUnixMillis();
  return db_.Transact(Database::Mode::kWrite, [&](Connection& c) -> Status {
    ZXKH_RETURN_IF_ERROR(
        CalendarRepository(c).ReplaceYear(year, source, entries, now));
    return AuditService::Record(
        c, caller, now, "calendar.replace_year", "calendar_year",
        std::to_string(year),
        "设置 " + std::to_string(year) + " 年工作日历（" +
            std::to_string(entries.size()) + " 个调整日）");
  });
}

Status CalendarService::SeedOfficialCalendar() {
  auto csv = EmbeddedDataFile("cn-workday-calendar.csv");
  if (!csv)
    return Status::Internal("calendar.seed_missing",
                            "embedded calendar missing");
  ZXKH_ASSIGN_OR_RETURN(WorkdayCalendar official,
                        WorkdayCalendar::FromCsv(*csv));
  std::map<int, std::vector<CalendarEntry>> by_year;
  for (const CalendarEntry& e : official.entries())
    by_year[e.date.year()].push_back(e);
  const int64_t now = clock_.NowUnixMillis();
  return db_.Transact(Database::Mode::kWrite, [&](Connection& c) -> Status {
    CalendarRepository repo(c);
    ZXKH_ASSIGN_OR_RETURN(auto years, repo.ListYears());
    std::set<int> present;
    for (const auto& y : years) present.insert(y.year);
    for (const auto& [year, entries] : by_year) {
      if (present.count(year)) continue;
      ZXKH_RETURN_IF_ERROR(repo.ReplaceYear(
          year,
          "国务院办公厅关于" + std::to_string(year) + "年部分节假日安排的通知",
          entries, now));
    }
    return Status::Ok();
  });
}

}  // namespace zxkh::service
