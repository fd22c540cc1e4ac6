// Demo annual plans (R-EXA-5) for `zxkh serve --demo`: the 2027 plans of the
// demo institutions in every state, and the city's published 2027
// announcement whose items candidates can register against.
#include <string>
#include <vector>

#include "service/demo_data.hpp"

namespace zxkh::service {
namespace {

using store::Connection;
constexpr int64_t kDay = 24LL * 3600 * 1000;

struct DemoItem {
  const char* project_code;
  const char* months;
  const char* exam_date;
  int expected_count;
  const char* venue;
  const char* requirements;
  std::optional<int64_t> fee_fen;
  const char* contact_name;
  const char* contact_phone;
};

struct DemoPlan {
  const char* institution_code;
  const char* state;  // draft | submitted | approved | published
  std::vector<DemoItem> items;
};

}  // namespace

Status SeedDemoPlans(Connection& c, const Clock& clock) {
  const int64_t now = clock.NowUnixMillis();
  ZXKH_ASSIGN_OR_RETURN(
      store::Row city,
      c.One("SELECT id FROM users WHERE username = 'city'", {}));
  ZXKH_ASSIGN_OR_RETURN(
      store::Row announcement,
      c.One("INSERT INTO plan_announcements (year, title, published_at, "
            "published_by) VALUES (2027, ?, ?, ?) RETURNING id",
            {std::string("青岛市2027年度专项职业能力考核计划公告"),
             now - 3 * kDay, city.Int(0)}));

  const std::vector<DemoPlan> plans = {
      {"Z370211P001",
       "published",
       {{"ZX01001", "3,6,9,11", "2027-03-20", 120,
         "黄岛区长江中路216号实训楼三层",
         "年满16周岁，从事或准备从事面点制作工作", std::nullopt, "王老师",
         "0532-86981234"},
        {"ZX04001", "4,10", "2027-04-17", 60, "黄岛区长江中路216号直播实训室",
         "年满16周岁，具备基本的计算机和智能手机操作能力", 20000, "王老师",
         "0532-86981234"}}},
      {"Z370212Q001",
       "published",
       {{"ZX01004", "5,9", "2027-05-15", 40, "崂山区松岭路169号茶艺实训中心",
         "年满16周岁", std::nullopt, "刘老师", "0532-88812345"}}},
      {"Z370213Y001",
       "submitted",
       {{"ZX01005", "6", "2027-06-19", 30, "李沧区书院路88号", "年满16周岁",
         std::nullopt, "陈老师", "0532-87651234"}}},
      {"Z370202T001",
       "draft",
       {{"ZX03005", "7", "2027-07-10", 25, "市南区香港中路40号", "年满16周岁",
         std::nullopt, "赵老师", "0532-82861234"}}},
  };
  for (const DemoPlan& plan : plans) {
    ZXKH_ASSIGN_OR_RETURN(std::vector<store::Row> inst,
                          c.Rows("SELECT id FROM institutions WHERE code = ?",
                                 {std::string(plan.institution_code)}));
    if (inst.empty()) continue;
    const std::string state = plan.state;
    const bool submitted = state != "draft";
    const bool decided = state == "approved" || state == "published";
    ZXKH_ASSIGN_OR_RETURN(
        store::Row row,
        c.One("INSERT INTO annual_plans (institution_id, year, state, "
              "submitted_at, decided_by, decided_at, announcement_id, "
              "created_at, updated_at) VALUES (?, 2027, ?, ?, ?, ?, ?, ?, ?) "
              "RETURNING id",
              {inst.front().Int(0), state,
               submitted ? store::Value(now - 10 * kDay) : store::Value(),
               decided ? store::Value(city.Int(0)) : store::Value(),
               decided ? store::Value(now - 5 * kDay) : store::Value(),
               state == "published" ? store::Value(announcement.Int(0))
                                    : store::Value(),
               now - 20 * kDay, now - 3 * kDay}));
    int position = 0;
    for (const DemoItem& item : plan.items) {
      ZXKH_RETURN_IF_ERROR(
          c.Exec("INSERT INTO annual_plan_items (plan_id, project_code, "
                 "months, exam_date, expected_count, venue, requirements, "
                 "fee_fen, contact_name, contact_phone, position) VALUES "
                 "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 {row.Int(0), std::string(item.project_code),
                  std::string(item.months), std::string(item.exam_date),
                  int64_t{item.expected_count}, std::string(item.venue),
                  std::string(item.requirements),
                  item.fee_fen ? store::Value(*item.fee_fen) : store::Value(),
                  std::string(item.contact_name),
                  std::string(item.contact_phone), int64_t{++position}})
              .status());
    }
  }
  return Status::Ok();
}

}  // namespace zxkh::service
