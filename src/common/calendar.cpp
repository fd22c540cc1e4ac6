#include "common/calendar.hpp"

#include <algorithm>
#include <cassert>
#include <map>
#include <utility>

namespace zxkh {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

Status LineError(int line, const std::string& what) {
  return Status::InvalidArgument(
      "calendar.csv_invalid",
      "工作日历第 " + std::to_string(line) + " 行：" + what);
}

}  // namespace

WorkdayCalendar::WorkdayCalendar(std::vector<CalendarEntry> entries,
                                 std::set<int> covered_years)
    : entries_(std::move(entries)), covered_years_(std::move(covered_years)) {
  std::sort(entries_.begin(), entries_.end(),
            [](const CalendarEntry& a, const CalendarEntry& b) {
              return a.date < b.date;
            });
  years_.reserve(covered_years_.size());
  for (int year : covered_years_) {
    // Only years Date can spell get a table; any other "covered" year still
    // answers year_not_covered, which is the safe failure.
    const std::optional<Date> jan1 = Date::FromYmd(year, 1, 1);
    if (!jan1) continue;
    YearTable t;
    t.year = year;
    t.first_day = jan1->days();
    t.length = Date::IsLeapYear(year) ? 366 : 365;
    for (int i = 0; i < t.length; ++i) {
      t.working[i] = Date::FromDays(t.first_day + i).weekday() <= 5;
    }
    years_.push_back(t);
  }
  for (const CalendarEntry& e : entries_) {
    const int year = e.date.year();
    auto it =
        std::lower_bound(years_.begin(), years_.end(), year,
                         [](const YearTable& t, int y) { return t.year < y; });
    if (it != years_.end() && it->year == year) {
      it->working[e.date.days() - it->first_day] = e.kind == DayKind::kWork;
    }
  }
#ifndef NDEBUG
  for (size_t i = 1; i < entries_.size(); ++i) {
    assert(entries_[i - 1].date != entries_[i].date &&
           "WorkdayCalendar: duplicate date");
  }
#endif
}

Result<WorkdayCalendar> WorkdayCalendar::FromCsv(std::string_view csv) {
  if (csv.starts_with("\xEF\xBB\xBF")) csv.remove_prefix(3);
  std::vector<CalendarEntry> entries;
  std::set<int> years;
  std::map<Date, int> line_of;  // for naming the first occurrence of a dup
  int line_no = 0;
  bool header_seen = false;
  while (!csv.empty()) {
    const size_t nl = csv.find('\n');
    std::string_view line = Trim(csv.substr(0, nl));
    csv.remove_prefix(nl == std::string_view::npos ? csv.size() : nl + 1);
    ++line_no;
    if (line.empty()) continue;
    if (!header_seen) {
      if (line != "date,kind,name") {
        return LineError(line_no, "表头应为 date,kind,name");
      }
      header_seen = true;
      continue;
    }
    const size_t c1 = line.find(',');
    const size_t c2 =
        c1 == std::string_view::npos ? c1 : line.find(',', c1 + 1);
    if (c2 == std::string_view::npos) {
      return LineError(line_no, "应有 date,kind,name 三列");
    }
    const std::string_view date_text = Trim(line.substr(0, c1));
    const std::string_view kind_text = Trim(line.substr(c1 + 1, c2 - c1 - 1));
    // The name is the rest of the line, so a name may itself contain commas.
    const std::string_view name = Trim(line.substr(c2 + 1));
    Result<Date> date = Date::Parse(date_text);
    if (!date.ok()) return LineError(line_no, date.status().message());
    DayKind kind;
    if (kind_text == "off") {
      kind = DayKind::kOff;
    } else if (kind_text == "work") {
      kind = DayKind::kWork;
    } else {
      return LineError(
          line_no, "类型应为 off 或 work，实际为 " + std::string(kind_text));
    }
    if (name.empty()) return LineError(line_no, "名称不能为空");
    auto [it, inserted] = line_of.emplace(*date, line_no);
    if (!inserted) {
      return Status::InvalidArgument(
          "calendar.duplicate_date",
          "工作日历第 " + std::to_string(line_no) + " 行：日期 " +
              date->ToString() + " 重复（已在第 " + std::to_string(it->second) +
              " 行出现）");
    }
    years.insert(date->year());
    entries.push_back({*date, kind, std::string(name)});
  }
  if (!header_seen) {
    return Status::InvalidArgument("calendar.csv_invalid",
                                   "工作日历文件为空，应有表头 date,kind,name");
  }
  if (entries.empty()) {
    return Status::InvalidArgument("calendar.csv_invalid",
                                   "工作日历没有任何日期行");
  }
  return WorkdayCalendar(std::move(entries), std::move(years));
}

const WorkdayCalendar::YearTable* WorkdayCalendar::TableFor(Date d) const {
  const int64_t x = d.days();
  auto it = std::upper_bound(
      years_.begin(), years_.end(), x,
      [](int64_t v, const YearTable& t) { return v < t.first_day; });
  if (it == years_.begin()) return nullptr;
  --it;
  return x < it->first_day + it->length ? &*it : nullptr;
}

Status WorkdayCalendar::NotCovered(int year) {
  return Status::FailedPrecondition(
      "calendar.year_not_covered",
      "工作日历未包含 " + std::to_string(year) +
          " 年的数据，请市级管理员先补充该年度的节假日安排");
}

Result<bool> WorkdayCalendar::IsWorkingDay(Date d) const {
  const YearTable* t = TableFor(d);
  if (t == nullptr) return NotCovered(d.year());
  return static_cast<bool>(t->working[d.days() - t->first_day]);
}

Result<Date> WorkdayCalendar::AddWorkingDays(Date start, int n) const {
  if (n < 1) {
    return Status::InvalidArgument(
        "calendar.n_invalid",
        "工作日天数应至少为 1，实际为 " + std::to_string(n));
  }
  int seen = 0;
  // Terminates: every step either finds a working day or moves towards the
  // end of the (finite) covered years, after which TableFor fails.
  for (Date d = start;; d = d.AddDays(1)) {
    ZXKH_ASSIGN_OR_RETURN(const bool working, IsWorkingDay(d));
    if (working && ++seen == n) return d;
  }
}

Result<Date> WorkdayCalendar::WorkingDaysBefore(Date d, int n) const {
  if (n < 1) {
    return Status::InvalidArgument(
        "calendar.n_invalid",
        "工作日天数应至少为 1，实际为 " + std::to_string(n));
  }
  int seen = 0;
  for (Date x = d.AddDays(-1);; x = x.AddDays(-1)) {
    ZXKH_ASSIGN_OR_RETURN(const bool working, IsWorkingDay(x));
    if (working && ++seen == n) return x;
  }
}

Result<int> WorkdayCalendar::CountWorkingDays(Date from, Date to) const {
  int count = 0;
  for (Date d = from; d <= to; d = d.AddDays(1)) {
    ZXKH_ASSIGN_OR_RETURN(const bool working, IsWorkingDay(d));
    count += working ? 1 : 0;
  }
  return count;
}

}  // namespace zxkh
