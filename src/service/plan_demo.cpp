// Demo annual plans (R-EXA-5) for `zxkh serve --demo`: plans of the demo
// institutions in every state, with their history (annual_plan_events), and
// the city's published 2027 announcement with its PDF, whose items
// candidates can register against.
//
//   2027  Z370211P001 published (ZX01001, ZX04001)   in the announcement
//         Z370212Q001 published (ZX01004)            in the announcement
//         Z370213Y001 submitted (ZX01005)            李沧区's review queue
//         Z370202T001 draft     (ZX03005)
//   2028  Z370212Q001 approved  (ZX01004)            the city can publish 2028
//         Z370213Y001 returned  (ZX01003)            with the district's reason
#include <string>
#include <vector>

#include "domain/annual_plan.hpp"
#include "service/annual_plan_service.hpp"
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
  int year;
  const char* state;  // draft | submitted | returned | approved | published
  std::vector<DemoItem> items;
  const char* return_reason = "";
};

}  // namespace

Status SeedDemoPlans(Connection& c, const Clock& clock,
                     store::FileStore& files) {
  const int64_t now = clock.NowUnixMillis();
  ZXKH_ASSIGN_OR_RETURN(
      store::Row city,
      c.One("SELECT id FROM users WHERE username = 'city'", {}));
  ZXKH_ASSIGN_OR_RETURN(
      store::Row announcement,
      c.One("INSERT INTO plan_announcements (year, title, published_at, "
            "published_by, revision, updated_at) VALUES (2027, ?, ?, ?, 1, ?) "
            "RETURNING id",
            {domain::AnnouncementTitle(2027), now - 3 * kDay, city.Int(0),
             now - 3 * kDay}));

  const std::vector<DemoPlan> plans = {
      {"Z370211P001",
       2027,
       "published",
       {{"ZX01001", "3,6,9,11", "2027-03-20", 120,
         "黄岛区长江中路216号实训楼三层",
         "年满16周岁，从事或准备从事面点制作工作", std::nullopt, "王老师",
         "0532-86981234"},
        {"ZX04001", "4,10", "2027-04-17", 60, "黄岛区长江中路216号直播实训室",
         "年满16周岁，具备基本的计算机和智能手机操作能力", 20000, "王老师",
         "0532-86981234"}}},
      {"Z370212Q001",
       2027,
       "published",
       {{"ZX01004", "5,9", "2027-05-15", 40, "崂山区松岭路169号茶艺实训中心",
         "年满16周岁", std::nullopt, "刘老师", "0532-88812345"}}},
      {"Z370213Y001",
       2027,
       "submitted",
       {{"ZX01005", "6", "2027-06-19", 30, "李沧区书院路88号", "年满16周岁",
         std::nullopt, "陈老师", "0532-87651234"}}},
      {"Z370202T001",
       2027,
       "draft",
       {{"ZX03005", "7", "2027-07-10", 25, "市南区香港中路40号", "年满16周岁",
         std::nullopt, "赵老师", "0532-82861234"}}},
      {"Z370212Q001",
       2028,
       "approved",
       {{"ZX01004", "4,9", "2028-04-15", 50, "崂山区松岭路169号茶艺实训中心",
         "年满16周岁，从事或准备从事茶叶加工工作", 15000, "刘老师",
         "0532-88812345"}}},
      {"Z370213Y001",
       2028,
       "returned",
       {{"ZX01003", "5", "2028-05-20", 35, "李沧区书院路", "年满16周岁",
         std::nullopt, "陈老师", "0532-87651234"}},
       "考核地点请写明门牌号及实训室，并补充报名所需材料。"},
  };
  for (const DemoPlan& plan : plans) {
    ZXKH_ASSIGN_OR_RETURN(std::vector<store::Row> inst,
                          c.Rows("SELECT id FROM institutions WHERE code = ?",
                                 {std::string(plan.institution_code)}));
    if (inst.empty()) continue;
    ZXKH_ASSIGN_OR_RETURN(
        std::vector<store::Row> district,
        c.Rows("SELECT u.id FROM users u JOIN institutions i ON "
               "i.district_code = u.district_code WHERE i.id = ? AND u.role = "
               "'DISTRICT' ORDER BY u.id LIMIT 1",
               {inst.front().Int(0)}));
    ZXKH_ASSIGN_OR_RETURN(
        std::vector<store::Row> admin,
        c.Rows("SELECT id FROM users WHERE username = ?",
               {"inst-" + std::string(plan.institution_code)}));
    const store::Value district_user =
        district.empty() ? store::Value() : store::Value(district[0].Int(0));
    const store::Value admin_user =
        admin.empty() ? store::Value() : store::Value(admin[0].Int(0));
    const std::string state = plan.state;
    const bool submitted = state != "draft";
    const bool decided =
        state == "approved" || state == "published" || state == "returned";
    ZXKH_ASSIGN_OR_RETURN(
        store::Row row,
        c.One("INSERT INTO annual_plans (institution_id, year, state, "
              "return_reason, submitted_at, decided_by, decided_at, "
              "announcement_id, created_at, updated_at) VALUES (?, ?, ?, ?, "
              "?, ?, ?, ?, ?, ?) RETURNING id",
              {inst.front().Int(0), int64_t{plan.year}, state,
               std::string(plan.return_reason),
               submitted ? store::Value(now - 10 * kDay) : store::Value(),
               decided ? district_user : store::Value(),
               decided ? store::Value(now - 5 * kDay) : store::Value(),
               state == "published" ? store::Value(announcement.Int(0))
                                    : store::Value(),
               now - 20 * kDay, now - 3 * kDay}));
    const int64_t plan_id = row.Int(0);
    int position = 0;
    for (const DemoItem& item : plan.items) {
      ZXKH_RETURN_IF_ERROR(
          c.Exec("INSERT INTO annual_plan_items (plan_id, project_code, "
                 "months, exam_date, expected_count, venue, requirements, "
                 "fee_fen, contact_name, contact_phone, position) VALUES "
                 "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 {plan_id, std::string(item.project_code),
                  std::string(item.months), std::string(item.exam_date),
                  int64_t{item.expected_count}, std::string(item.venue),
                  std::string(item.requirements),
                  item.fee_fen ? store::Value(*item.fee_fen) : store::Value(),
                  std::string(item.contact_name),
                  std::string(item.contact_phone), int64_t{++position}})
              .status());
    }
    // The history a real plan would have.
    struct Event {
      int64_t at;
      store::Value user;
      const char* action;
      const char* from;
      const char* to;
      std::string reason;
    };
    std::vector<Event> events = {
        {now - 20 * kDay, admin_user, "create", "", "draft", ""}};
    if (submitted) {
      events.push_back(
          {now - 10 * kDay, admin_user, "submit", "draft", "submitted", ""});
    }
    if (state == "returned") {
      events.push_back({now - 5 * kDay, district_user, "return", "submitted",
                        "returned", plan.return_reason});
    }
    if (state == "approved" || state == "published") {
      events.push_back({now - 5 * kDay, district_user, "approve", "submitted",
                        "approved", ""});
    }
    if (state == "published") {
      events.push_back({now - 3 * kDay, store::Value(city.Int(0)), "publish",
                        "approved", "published",
                        domain::AnnouncementTitle(plan.year)});
    }
    for (const Event& e : events) {
      ZXKH_RETURN_IF_ERROR(
          c.Exec("INSERT INTO annual_plan_events (plan_id, at, user_id, "
                 "action, from_state, to_state, reason) VALUES (?, ?, ?, ?, "
                 "?, ?, ?)",
                 {plan_id, e.at, e.user, std::string(e.action),
                  std::string(e.from), std::string(e.to), e.reason})
              .status());
    }
  }
  // The announcement's PDF, as the publication renders it.
  return AnnualPlanService::StoreAnnouncementPdf(c, files, 2027, now).status();
}

}  // namespace zxkh::service
