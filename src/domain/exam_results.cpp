#include "domain/exam_results.hpp"

#include <string>

namespace zxkh::domain {
namespace {

struct StateInfo {
  ResultsState state;
  std::string_view name;
  std::string_view title;
};
constexpr StateInfo kStates[] = {
    {ResultsState::kPublicizing, "publicizing", "公示中"},
    {ResultsState::kPublicityClosed, "publicity_closed", "公示结束"},
    {ResultsState::kSubmitted, "submitted", "待区县初审"},
    {ResultsState::kReturned, "returned", "已退回"},
    {ResultsState::kDistrictApproved, "district_approved", "待市级审核"},
    {ResultsState::kApproved, "approved", "审核通过"},
};

Status WrongState(ResultsState s, std::string_view action) {
  return Status::FailedPrecondition(
      "results.wrong_state", "考核结果当前为“" +
                                 std::string(ResultsStateTitle(s)) + "”，不能" +
                                 std::string(action));
}

}  // namespace

std::string_view ResultsStateName(ResultsState s) {
  for (const StateInfo& i : kStates)
    if (i.state == s) return i.name;
  return "?";
}

std::string_view ResultsStateTitle(ResultsState s) {
  for (const StateInfo& i : kStates)
    if (i.state == s) return i.title;
  return "?";
}

std::optional<ResultsState> ParseResultsState(std::string_view s) {
  for (const StateInfo& i : kStates)
    if (i.name == s) return i.state;
  return std::nullopt;
}

Result<Date> ResultsPublicityEnd(const WorkdayCalendar& calendar, Date start) {
  return calendar.AddWorkingDays(start, kResultsPublicityWorkingDays);
}

Status CheckCanClosePublicity(const WorkdayCalendar& calendar,
                              ResultsState state, Date start, Date today,
                              int open_objections) {
  if (state != ResultsState::kPublicizing) return WrongState(state, "结束公示");
  ZXKH_ASSIGN_OR_RETURN(Date end, ResultsPublicityEnd(calendar, start));
  if (!(end < today)) {
    return Status::FailedPrecondition(
        "results.publicity_running",
        "结果公示不少于 5 个工作日：自 " + start.ToString() + " 起公示至 " +
            end.ToString() + "，" + end.AddDays(1).ToString() +
            " 起方可结束公示");
  }
  if (open_objections > 0) {
    return Status::FailedPrecondition(
        "results.objection_open", "尚有 " + std::to_string(open_objections) +
                                      " 件异议未处理，处理后方可结束公示");
  }
  return Status::Ok();
}

Status CheckCanSubmitResults(ResultsState s) {
  return s == ResultsState::kPublicityClosed || s == ResultsState::kReturned
             ? Status::Ok()
             : WrongState(s, "上报");
}

Status CheckCanDistrictReview(ResultsState s) {
  return s == ResultsState::kSubmitted ? Status::Ok()
                                       : WrongState(s, "区县初审");
}

Status CheckCanCityReview(ResultsState s) {
  return s == ResultsState::kDistrictApproved ? Status::Ok()
                                              : WrongState(s, "市级审核");
}

}  // namespace zxkh::domain
