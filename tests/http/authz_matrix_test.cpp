// The authorization matrix (issue 3 point 6), generated from the route
// table: every route is called as every role — and, where the route acts on
// a record, as its owner and as a foreigner (another district, another
// institution, another candidate) — and the status must be what the route's
// declared policy and the data scope rules say. A route added without a
// case here fails the test, so new routes join the matrix automatically.
#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <thread>
#include <tuple>

#include "common/validators.hpp"
#include "service/audit_service.hpp"
#include "service/certificate_service.hpp"
#include "store/file_store.hpp"
#include "store/registration_repository.hpp"
#include "support/question_bank_fixture.hpp"
#include "support/recruitment_fixture.hpp"
#include "support/registration_fixture.hpp"
#include "support/scoring_fixture.hpp"
#include "support/test_app.hpp"

namespace zxkh::http {
namespace {

namespace json = boost::json;
using domain::Role;
using test::Headers;
using test::HttpResult;

// Who calls: a role and a demo account of it ("" = no session).
struct Actor {
  Role role;
  std::string username;
};

const std::vector<Actor> kActors = {
    {Role::kPublic, ""},
    {Role::kProvince, "province"},
    {Role::kCity, "city"},
    {Role::kDistrict, "district-370211"},
    {Role::kInstitutionAdmin, "inst-Z370211P001"},
    {Role::kInstitutionOperator, "inst-Z370211P001-op"},
    {Role::kExaminer, "examiner-01"},
    {Role::kProctor, "proctor-01"},
    {Role::kSupervisor, "supervisor-01"},
    {Role::kCandidate, "13800000001"},
};

enum class Ownership { kNone, kOwner, kForeigner };

std::string_view OwnershipName(Ownership o) {
  switch (o) {
    case Ownership::kNone:
      return "-";
    case Ownership::kOwner:
      return "owner";
    case Ownership::kForeigner:
      return "foreigner";
  }
  return "?";
}

// One request to make: path (pattern with its parameters filled) and body.
struct Call {
  std::string path;
  std::string body;
  std::string content_type = "application/json";
};

class MatrixTest : public ::testing::Test {
 public:
  static void SetUpTestSuite() {
    app_ = new test::TestApp(/*demo=*/true);
    recruitment_ = new test::RecruitmentFixture(
        app_->app().database(), app_->clock(), app_->data_dir() + "/files");
  }
  static void TearDownTestSuite() {
    delete recruitment_;
    recruitment_ = nullptr;
    delete app_;
    app_ = nullptr;
  }

  // Session headers per demo user, cached.
  Headers SessionOf(const std::string& username) {
    if (username.empty()) return {};
    auto it = sessions_.find(username);
    if (it == sessions_.end()) {
      it = sessions_.emplace(username, app_->SessionHeaders(username)).first;
    }
    return it->second;
  }

  // Creates an account as `creator` and returns its id.
  int64_t CreateAccount(const std::string& creator, json::object body) {
    static std::atomic<int> serial{0};
    body["username"] = "matrix-" + std::to_string(++serial);
    body["display_name"] = "矩阵测试账号";
    body["password"] = "Matrix#Pass2026";
    auto r = app_->Client()->Post("/api/accounts", json::serialize(body),
                                  SessionOf(creator));
    EXPECT_EQ(r.status, 201u) << creator << " " << r.body;
    return r.status == 201 ? r.Json().at("id").as_int64() : -1;
  }

  // An account that `actor` administers (owner) or that lies outside its
  // scope (foreigner), created fresh for every call.
  int64_t AccountTarget(Role role, Ownership o) {
    const bool own = o == Ownership::kOwner;
    switch (role) {
      case Role::kProvince:
        return own ? CreateAccount("province", {{"role", "CITY"}})
                   : CreateAccount("city", {{"role", "DISTRICT"},
                                            {"district_code", "370211"}});
      case Role::kCity:
        return own ? CreateAccount("city", {{"role", "DISTRICT"},
                                            {"district_code", "370212"}})
                   : CreateAccount("district-370211",
                                   {{"role", "INSTITUTION_OPERATOR"},
                                    {"institution_id", 1}});
      case Role::kDistrict:
        return own ? CreateAccount("district-370211",
                                   {{"role", "INSTITUTION_OPERATOR"},
                                    {"institution_id", 1}})
                   : CreateAccount("district-370212",
                                   {{"role", "INSTITUTION_OPERATOR"},
                                    {"institution_id", 2}});
      case Role::kInstitutionAdmin:
        return own ? CreateAccount("inst-Z370211P001",
                                   {{"role", "INSTITUTION_OPERATOR"}})
                   : CreateAccount("inst-Z370212Q001",
                                   {{"role", "INSTITUTION_OPERATOR"}});
      default:
        // Roles without account administration: any account will do, the
        // policy refuses them first.
        return CreateAccount("inst-Z370211P001",
                             {{"role", "INSTITUTION_OPERATOR"}});
    }
  }

  static std::string Fill(std::string pattern, const std::string& name,
                          const std::string& v) {
    const std::string key = "{" + name + "}";
    pattern.replace(pattern.find(key), key.size(), v);
    return pattern;
  }

  // Whether the route being checked admits `role` (set by the loop), so a
  // case prepares fresh records only for calls that will change them.
  bool Allows(Role role) const { return route_->policy.Allows(role); }

  // An application of `institution_user` in `state`, shared by the calls
  // that only read it or are refused.
  int64_t Shared(const std::string& institution_user,
                 domain::ApplicationState state, bool publicity_over = true) {
    const std::string key = institution_user + "/" +
                            std::string(domain::ApplicationStateName(state)) +
                            (publicity_over ? "" : "/running");
    auto it = shared_.find(key);
    if (it == shared_.end()) {
      it = shared_
               .emplace(key, recruitment_->ApplicationIn(institution_user,
                                                         state, publicity_over))
               .first;
    }
    return it->second;
  }

  static test::TestApp* app_;
  static test::RecruitmentFixture* recruitment_;
  const Route* route_ = nullptr;
  std::map<std::string, Headers> sessions_;
  std::map<std::string, int64_t> shared_;
};

test::TestApp* MatrixTest::app_ = nullptr;
test::RecruitmentFixture* MatrixTest::recruitment_ = nullptr;

// How to call one route: whether it acts on a scoped record, and the call
// for an actor in an ownership relation. Every route needs one.
struct Case {
  bool scoped = false;  // true: run as owner and as foreigner
  std::function<Call(MatrixTest&, Role, Ownership)> make;
  // Expected status for an allowed caller (owner, or any when unscoped).
  unsigned ok_status = 200;
  // Roles whose scope is the whole city: for them no record is foreign.
  std::vector<Role> citywide = {};
};

// Institution recruitment (issue 4): owner = the applicant institution
// Z370211P001 (黄岛区) and its district; foreigner = Z370212Q001 (崂山区).
// Calls that will change a record get a fresh one in the state they need.
void AddRecruitmentCases(std::map<std::string, Case>& cases) {
  using domain::ApplicationState;
  using State = ApplicationState;
  const std::vector<Role> kCitywide = {Role::kProvince, Role::kCity};
  auto owner_of = [](Ownership o) {
    return o == Ownership::kForeigner ? "inst-Z370212Q001" : "inst-Z370211P001";
  };
  auto district_of = [](Ownership o) {
    return o == Ownership::kForeigner ? "district-370212" : "district-370211";
  };
  // An application in `state`: fresh when the call may change it.
  auto app_in = [owner_of](MatrixTest& t, Role role, Ownership o, State state,
                           bool publicity_over = true) {
    return t.Allows(role) ? MatrixTest::recruitment_->ApplicationIn(
                                owner_of(o), state, publicity_over)
                          : t.Shared(owner_of(o), state, publicity_over);
  };
  auto on_app = [app_in](State state, std::string suffix, std::string body = "",
                         std::string content_type = "application/json") {
    return [=](MatrixTest& t, Role role, Ownership o) {
      const int64_t id = app_in(t, role, o, state);
      return Call{
          "/api/recruitment/applications/" + std::to_string(id) + suffix, body,
          content_type};
    };
  };
  auto read_app = [owner_of](State state, std::string suffix) {
    return [=](MatrixTest& t, Role, Ownership o) {
      return Call{"/api/recruitment/applications/" +
                      std::to_string(t.Shared(owner_of(o), state)) + suffix,
                  ""};
    };
  };
  auto projects_body = [](MatrixTest& t, Role role) {
    const std::string code =
        t.Allows(role) ? MatrixTest::recruitment_->FreshProject() : "ZX03005";
    return json::serialize(json::object{{"project_codes", json::array{code}}});
  };
  auto city_call = [](std::function<Call(MatrixTest&)> fresh,
                      std::string placeholder) {
    return [=](MatrixTest& t, Role role, Ownership) {
      return t.Allows(role) ? fresh(t) : Call{placeholder, "{}"};
    };
  };
  auto fixture = [] { return MatrixTest::recruitment_; };

  static std::atomic<int> registration{0};
  cases.insert({
      {"POST /api/public/institution-registrations",
       {false,
        [](MatrixTest&, Role, Ownership) {
          const int n = ++registration;
          std::string first17 = "9137021" + std::to_string(1000000000 + n);
          first17.resize(17, '0');
          return Call{
              "/api/public/institution-registrations",
              json::serialize(json::object{
                  {"name", "矩阵测试机构" + std::to_string(n)},
                  {"credit_code", first17 + CreditCodeCheckChar(first17)},
                  {"type", "enterprise"},
                  {"district_code", "370211"},
                  {"legal_representative", "测试法人"},
                  {"contact_name", "测试联系人"},
                  {"contact_phone", "0532-88880000"},
                  {"address", "青岛市黄岛区测试路 1 号"},
                  {"username", "matrix-inst-" + std::to_string(n)},
                  {"password", "Matrix#Pass2026"}})};
        },
        201}},
      {"GET /api/public/publicity",
       {false,
        [](MatrixTest&, Role, Ownership) {
          return Call{"/api/public/publicity", ""};
        }}},
      {"POST /api/public/publicity/{application_id}/objections",
       {false,
        [](MatrixTest& t, Role, Ownership) {
          // The matrix files more than the hourly limit per address: age the
          // earlier ones out of the window.
          EXPECT_TRUE(
              MatrixTest::app_->app()
                  .database()
                  .Transact(store::Database::Mode::kWrite,
                            [](store::Connection& c) {
                              return c
                                  .Exec(
                                      "UPDATE objections SET filed_at = "
                                      "filed_at - 7200000 WHERE ip = "
                                      "'127.0.0.1'")
                                  .status();
                            })
                  .ok());
          const int64_t id = t.Shared("inst-Z370211P001", State::kPublicizing,
                                      /*publicity_over=*/false);
          return Call{
              "/api/public/publicity/" + std::to_string(id) + "/objections",
              R"({"name":"矩阵","contact":"0532-1234567","content":"请核实场地。"})"};
        },
        201}},
      {"GET /api/public/institutions",
       {false,
        [](MatrixTest&, Role, Ownership) {
          return Call{"/api/public/institutions?district=370211", ""};
        }}},
      {"GET /api/public/institutions/{code}",
       {false,
        [](MatrixTest&, Role, Ownership) {
          return Call{"/api/public/institutions/Z370211P001", ""};
        }}},
      {"GET /api/recruitment/institutions/{id}",
       {true,
        [](MatrixTest&, Role, Ownership o) {
          return Call{o == Ownership::kForeigner
                          ? "/api/recruitment/institutions/2"
                          : "/api/recruitment/institutions/1",
                      ""};
        },
        200, kCitywide}},
      {"PUT /api/recruitment/institutions/{id}/credit",
       {false,
        [](MatrixTest&, Role, Ownership) {
          return Call{"/api/recruitment/institutions/1/credit",
                      R"({"credit_status":"good"})"};
        }}},
      {"GET /api/recruitment/applications",
       {false,
        [](MatrixTest&, Role, Ownership) {
          return Call{"/api/recruitment/applications?state=submitted", ""};
        }}},
      {"POST /api/recruitment/applications",
       {false,
        [projects_body](MatrixTest& t, Role role, Ownership) {
          return Call{"/api/recruitment/applications", projects_body(t, role)};
        },
        201}},
      {"GET /api/recruitment/applications/{id}",
       {true, read_app(State::kSubmitted, ""), 200, kCitywide}},
      {"PUT /api/recruitment/applications/{id}/projects",
       {true,
        [app_in, projects_body](MatrixTest& t, Role role, Ownership o) {
          const int64_t id = app_in(t, role, o, State::kDraft);
          return Call{"/api/recruitment/applications/" + std::to_string(id) +
                          "/projects",
                      projects_body(t, role)};
        }}},
      {"POST /api/recruitment/applications/{id}/materials",
       {true,
        on_app(State::kDraft, "/materials?type=work_plan",
               test::TinyPdf("matrix work plan"), "application/pdf"),
        201}},
      {"GET /api/recruitment/applications/{id}/materials/{material_id}",
       {true,
        [owner_of, fixture](MatrixTest& t, Role, Ownership o) {
          const int64_t id = t.Shared(owner_of(o), State::kSubmitted);
          auto d = fixture()->service().GetApplication(
              fixture()->CallerOf("city"), id);
          EXPECT_TRUE(d.ok() && !d->history.empty());
          return Call{"/api/recruitment/applications/" + std::to_string(id) +
                          "/materials/" + std::to_string(d->history.front().id),
                      ""};
        },
        200, kCitywide}},
      {"POST /api/recruitment/applications/{id}/submit",
       {true, on_app(State::kDraft, "/submit")}},
      {"POST /api/recruitment/applications/{id}/recall",
       {true, on_app(State::kSubmitted, "/recall")}},
      {"PUT /api/recruitment/applications/{id}/findings",
       {true,
        on_app(State::kSubmitted, "/findings",
               R"({"findings":[{"type":"application_form","result":"ok"}]})")}},
      {"POST /api/recruitment/applications/{id}/return",
       {true,
        on_app(State::kSubmitted, "/return", R"({"reason":"请补充题库"})")}},
      {"POST /api/recruitment/applications/{id}/reject",
       {true,
        on_app(State::kSubmitted, "/reject", R"({"reason":"不符合条件"})")}},
      {"POST /api/recruitment/applications/{id}/forward",
       {true,
        [app_in, district_of, fixture](MatrixTest& t, Role role, Ownership o) {
          const int64_t id = app_in(t, role, o, State::kSubmitted);
          if (t.Allows(role)) {
            const auto district = fixture()->CallerOf(district_of(o));
            auto d = fixture()->service().GetApplication(district, id);
            std::vector<service::FindingInput> findings;
            for (const auto& item : d->completeness) {
              findings.push_back(
                  {std::string(domain::MaterialTypeName(item.type)),
                   item.project_code, "ok", ""});
            }
            EXPECT_TRUE(fixture()
                            ->service()
                            .RecordFindings(district, id, findings)
                            .ok());
          }
          return Call{"/api/recruitment/applications/" + std::to_string(id) +
                          "/forward",
                      "{}"};
        }}},
      {"GET /api/recruitment/criteria",
       {false,
        [](MatrixTest&, Role, Ownership) {
          return Call{"/api/recruitment/criteria", ""};
        }}},
      // The demo has an application under evaluation (one form filled): the
      // city's change is refused with 409 recruitment.criteria_in_use.
      {"PUT /api/recruitment/criteria",
       {false,
        [](MatrixTest&, Role, Ownership) {
          json::array criteria;
          for (const auto& c : domain::DefaultCriteria()) {
            criteria.push_back(json::object{{"key", c.key},
                                            {"title", c.title},
                                            {"max_points", c.max_points},
                                            {"required", c.required}});
          }
          return Call{"/api/recruitment/criteria",
                      json::serialize(json::object{{"criteria", criteria}})};
        },
        409}},
      {"POST /api/recruitment/applications/{id}/evaluations",
       {false,
        [app_in](MatrixTest& t, Role role, Ownership) {
          const int64_t id =
              app_in(t, role, Ownership::kOwner, State::kForwarded);
          json::array scores;
          for (const auto& c : domain::DefaultCriteria()) {
            scores.push_back(
                json::object{{"key", c.key}, {"points", c.max_points}});
          }
          return Call{"/api/recruitment/applications/" + std::to_string(id) +
                          "/evaluations",
                      json::serialize(json::object{
                          {"evaluator_name", "矩阵专家"}, {"scores", scores}})};
        },
        201}},
      {"POST /api/recruitment/applications/{id}/conclude",
       {false,
        [app_in, fixture](MatrixTest& t, Role role, Ownership) {
          const int64_t id =
              app_in(t, role, Ownership::kOwner, State::kForwarded);
          if (t.Allows(role)) {
            service::EvaluationInput in;
            in.evaluator_name = "矩阵专家";
            for (const auto& c : domain::DefaultCriteria()) {
              in.scores.push_back({c.key, c.max_points, true});
            }
            EXPECT_TRUE(
                fixture()
                    ->service()
                    .SubmitEvaluation(fixture()->CallerOf("city"), id, in)
                    .ok());
          }
          return Call{"/api/recruitment/applications/" + std::to_string(id) +
                          "/conclude",
                      ""};
        }}},
      {"GET /api/recruitment/publicity-rounds",
       {false,
        [](MatrixTest&, Role, Ownership) {
          return Call{"/api/recruitment/publicity-rounds", ""};
        }}},
      {"POST /api/recruitment/publicity-rounds",
       {false,
        [app_in](MatrixTest& t, Role role, Ownership) {
          const int64_t id =
              app_in(t, role, Ownership::kOwner, State::kEvaluated);
          return Call{
              "/api/recruitment/publicity-rounds",
              json::serialize(json::object{
                  {"title", "矩阵公示"},
                  {"start_date", MatrixTest::app_->clock().Today().ToString()},
                  {"application_ids", json::array{id}}})};
        },
        201}},
      {"POST /api/recruitment/objections/{id}/decide",
       {false,
        city_call(
            [](MatrixTest& t) {
              static std::atomic<int> ip{0};
              const int64_t app = MatrixTest::recruitment_->ApplicationIn(
                  "inst-Z370211P001", State::kPublicizing, false);
              auto filed = MatrixTest::recruitment_->service().FileObjection(
                  app,
                  {"矩阵", "0532-1234567", "请核实",
                   "198.51.100." + std::to_string(++ip)},
                  "matrix");
              EXPECT_TRUE(filed.ok()) << filed.status().ToString();
              (void)t;
              return Call{
                  "/api/recruitment/objections/" +
                      std::to_string(filed.ok() ? *filed : 1) + "/decide",
                  R"({"decision":"dismissed","note":"经核实，场地符合要求"})"};
            },
            "/api/recruitment/objections/1/decide")}},
      {"POST /api/recruitment/applications/{id}/approve",
       {false,
        [app_in](MatrixTest& t, Role role, Ownership) {
          const int64_t id =
              app_in(t, role, Ownership::kOwner, State::kPublicizing);
          return Call{"/api/recruitment/applications/" + std::to_string(id) +
                          "/approve",
                      ""};
        }}},
      {"GET /api/recruitment/applications/{id}/receipt.pdf",
       {true, read_app(State::kApproved, "/receipt.pdf"), 200, kCitywide}},
      {"GET /api/recruitment/reports",
       {false,
        [](MatrixTest&, Role, Ownership) {
          return Call{"/api/recruitment/reports", ""};
        }}},
      {"POST /api/recruitment/reports",
       {false,
        [app_in](MatrixTest& t, Role role, Ownership) {
          const int64_t id =
              app_in(t, role, Ownership::kOwner, State::kApproved);
          return Call{"/api/recruitment/reports",
                      json::serialize(
                          json::object{{"application_ids", json::array{id}}})};
        },
        201}},
      {"POST /api/recruitment/reports/{id}/publish",
       {false,
        [app_in, fixture](MatrixTest& t, Role role, Ownership) {
          const int64_t id =
              app_in(t, role, Ownership::kOwner, State::kReported);
          auto d = fixture()->service().GetApplication(
              fixture()->CallerOf("city"), id);
          const int64_t report = d.ok() && d->application.report_id
                                     ? *d->application.report_id
                                     : 1;
          return Call{
              "/api/recruitment/reports/" + std::to_string(report) + "/publish",
              ""};
        }}},
      {"GET /api/notifications",
       {false,
        [](MatrixTest&, Role, Ownership) {
          return Call{"/api/notifications?unread=true", ""};
        }}},
      // Owner: a message to the caller; foreigner: one to another account.
      {"POST /api/notifications/{id}/read",
       {true,
        [fixture](MatrixTest&, Role role, Ownership o) {
          std::string user = "city";
          for (const Actor& a : kActors) {
            if (a.role == role && !a.username.empty()) user = a.username;
          }
          if (o == Ownership::kForeigner)
            user = user == "city" ? "province" : "city";
          const int64_t user_id = fixture()->CallerOf(user).user_id;
          auto id = MatrixTest::app_->app().database().InTransaction(
              store::Database::Mode::kWrite, [&](store::Connection& c) {
                return c.One(
                    "INSERT INTO notifications (user_id, at, title) VALUES (?, "
                    "?, "
                    "'矩阵消息') RETURNING id",
                    {user_id, MatrixTest::app_->clock().NowUnixMillis()});
              });
          EXPECT_TRUE(id.ok());
          return Call{"/api/notifications/" +
                          std::to_string(id.ok() ? id->Int(0) : 1) + "/read",
                      ""};
        }}},
  });
}

// Annual plans (issue 5, R-EXA-5): owner = Z370211P001 (黄岛区) and its
// district; foreigner = Z370212Q001 (崂山区). Plans are unique per
// institution and year, so the records a call changes are made directly in
// the database in years of their own (3001, 3002, …) in the state needed.
void AddPlanCases(std::map<std::string, Case>& cases) {
  const std::vector<Role> kCitywide = {Role::kProvince, Role::kCity};
  struct PlanRef {
    int64_t plan = 0;
    int64_t item = 0;
    int year = 0;
  };
  static std::atomic<int> next_year{3000};
  // A plan of the owner's or the foreigner's institution in `state` with
  // one item of its approved scope.
  auto make_plan = [](Ownership o, const std::string& state) {
    const bool foreign = o == Ownership::kForeigner;
    const std::string code = foreign ? "Z370212Q001" : "Z370211P001";
    const std::string project = foreign ? "ZX01004" : "ZX01001";
    PlanRef ref;
    ref.year = ++next_year;
    const int64_t now = MatrixTest::app_->clock().NowUnixMillis();
    Status st = MatrixTest::app_->app().database().Transact(
        store::Database::Mode::kWrite, [&](store::Connection& c) -> Status {
          ZXKH_ASSIGN_OR_RETURN(
              store::Row plan,
              c.One("INSERT INTO annual_plans (institution_id, year, state, "
                    "created_at, updated_at) SELECT id, ?, ?, ?, ? FROM "
                    "institutions WHERE code = ? RETURNING id",
                    {int64_t{ref.year}, state, now, now, code}));
          ref.plan = plan.Int(0);
          ZXKH_ASSIGN_OR_RETURN(
              store::Row item,
              c.One("INSERT INTO annual_plan_items (plan_id, project_code, "
                    "months, exam_date, expected_count, venue, contact_name, "
                    "contact_phone, position) VALUES (?, ?, '3', ?, 10, "
                    "'矩阵考场', '矩阵', '0532-88880000', 1) RETURNING id",
                    {ref.plan, project, std::to_string(ref.year) + "-03-15"}));
          ref.item = item.Int(0);
          return Status::Ok();
        });
    EXPECT_TRUE(st.ok()) << st.ToString();
    return ref;
  };
  // Fresh when the call may change it, else one shared per owner/state.
  auto plan_in = [make_plan](MatrixTest& t, Role role, Ownership o,
                             const std::string& state) {
    static std::map<std::string, PlanRef> shared;
    if (t.Allows(role)) return make_plan(o, state);
    const std::string key = std::string(OwnershipName(o)) + "/" + state;
    auto it = shared.find(key);
    if (it == shared.end()) it = shared.emplace(key, make_plan(o, state)).first;
    return it->second;
  };
  auto on_plan = [plan_in](std::string state, std::string suffix,
                           std::string body = "") {
    return [=](MatrixTest& t, Role role, Ownership o) {
      const PlanRef p = plan_in(t, role, o, state);
      return Call{"/api/plans/" + std::to_string(p.plan) + suffix, body};
    };
  };
  auto item_body = [](Ownership o, int year) {
    return json::serialize(json::object{
        {"project_code", o == Ownership::kForeigner ? "ZX01004" : "ZX01001"},
        {"months", "3,6"},
        {"exam_date", std::to_string(year) + "-06-20"},
        {"expected_count", 20},
        {"venue", "矩阵考场"},
        {"requirements", "年满16周岁"},
        {"fee_fen", nullptr},
        {"contact_name", "矩阵"},
        {"contact_phone", "0532-88880000"}});
  };

  cases.insert({
      {"GET /api/public/announcements",
       {false,
        [](MatrixTest&, Role, Ownership) {
          return Call{"/api/public/announcements", ""};
        }}},
      {"GET /api/public/announcements/{year}",
       {false,
        [](MatrixTest&, Role, Ownership) {
          return Call{"/api/public/announcements/2027", ""};
        }}},
      {"GET /api/public/announcements/{year}/pdf",
       {false,
        [](MatrixTest&, Role, Ownership) {
          return Call{"/api/public/announcements/2027/pdf", ""};
        }}},
      {"GET /api/plans",
       {false,
        [](MatrixTest&, Role, Ownership) {
          return Call{"/api/plans?year=2027", ""};
        }}},
      // The institution's 2028 plan: an earlier one is moved out of the way.
      {"POST /api/plans",
       {false,
        [](MatrixTest& t, Role role, Ownership) {
          if (t.Allows(role)) {
            const int year = ++next_year;
            EXPECT_TRUE(MatrixTest::app_->app()
                            .database()
                            .Transact(store::Database::Mode::kWrite,
                                      [year](store::Connection& c) {
                                        return c
                                            .Exec(
                                                "UPDATE annual_plans SET year "
                                                "= ? WHERE year = 2028 AND "
                                                "institution_id = (SELECT id "
                                                "FROM institutions WHERE code "
                                                "= 'Z370211P001')",
                                                {int64_t{year}})
                                            .status();
                                      })
                            .ok());
          }
          return Call{"/api/plans", R"({"year":2028})"};
        },
        201}},
      {"GET /api/plans/aggregate",
       {false,
        [](MatrixTest&, Role, Ownership) {
          return Call{"/api/plans/aggregate?year=2027", ""};
        }}},
      {"GET /api/plans/aggregate/export.xlsx",
       {false,
        [](MatrixTest&, Role, Ownership) {
          return Call{"/api/plans/aggregate/export.xlsx?year=2027", ""};
        }}},
      {"POST /api/plans/announcements",
       {false,
        [make_plan](MatrixTest& t, Role role, Ownership) {
          const int year = t.Allows(role)
                               ? make_plan(Ownership::kOwner, "approved").year
                               : 2027;
          return Call{"/api/plans/announcements",
                      R"({"year":)" + std::to_string(year) + "}"};
        }}},
      {"GET /api/plans/{id}",
       {true,
        [make_plan](MatrixTest&, Role, Ownership o) {
          static std::map<Ownership, int64_t> shared;
          if (!shared.count(o)) shared[o] = make_plan(o, "submitted").plan;
          return Call{"/api/plans/" + std::to_string(shared[o]), ""};
        },
        200, kCitywide}},
      {"POST /api/plans/{id}/items",
       {true,
        [plan_in, item_body](MatrixTest& t, Role role, Ownership o) {
          const PlanRef p = plan_in(t, role, o, "draft");
          // The plan's own item takes the project: delete it first.
          EXPECT_TRUE(MatrixTest::app_->app()
                          .database()
                          .Transact(store::Database::Mode::kWrite,
                                    [&](store::Connection& c) {
                                      return c
                                          .Exec(
                                              "DELETE FROM annual_plan_items "
                                              "WHERE plan_id = ?",
                                              {p.plan})
                                          .status();
                                    })
                          .ok());
          return Call{"/api/plans/" + std::to_string(p.plan) + "/items",
                      item_body(o, p.year)};
        },
        201}},
      {"PUT /api/plans/{id}/items/{item_id}",
       {true,
        [plan_in, item_body](MatrixTest& t, Role role, Ownership o) {
          const PlanRef p = plan_in(t, role, o, "draft");
          return Call{"/api/plans/" + std::to_string(p.plan) + "/items/" +
                          std::to_string(p.item),
                      item_body(o, p.year)};
        }}},
      {"DELETE /api/plans/{id}/items/{item_id}",
       {true,
        [plan_in](MatrixTest& t, Role role, Ownership o) {
          const PlanRef p = plan_in(t, role, o, "draft");
          return Call{"/api/plans/" + std::to_string(p.plan) + "/items/" +
                          std::to_string(p.item),
                      ""};
        }}},
      {"POST /api/plans/{id}/submit", {true, on_plan("draft", "/submit")}},
      {"POST /api/plans/{id}/return",
       {true,
        on_plan("submitted", "/return", R"({"reason":"请补充考核地点"})")}},
      {"POST /api/plans/{id}/approve",
       {true, on_plan("submitted", "/approve", R"({"note":"同意"})")}},
  });
}

// Batch plans (issue 6 point 2): owner = Z370211P001 (黄岛区) and its
// district; foreigner = Z370212Q001 (崂山区). Records in a review state are
// written directly (no sessions, so the city's approval assigns no paper);
// the submission gets a fully staffed draft through the API, on its own day
// so that its staff never overlap an earlier call's.
void AddBatchCases(std::map<std::string, Case>& cases) {
  const std::vector<Role> kCitywide = {Role::kProvince, Role::kCity};
  auto make_batch = [](Ownership o, const std::string& state) -> int64_t {
    const bool foreign = o == Ownership::kForeigner;
    const std::string code = foreign ? "Z370212Q001" : "Z370211P001";
    const std::string project = foreign ? "ZX01004" : "ZX01001";
    const int64_t now = MatrixTest::app_->clock().NowUnixMillis();
    int64_t id = 0;
    Status st = MatrixTest::app_->app().database().Transact(
        store::Database::Mode::kWrite, [&](store::Connection& c) -> Status {
          ZXKH_ASSIGN_OR_RETURN(
              store::Row row,
              c.One("INSERT INTO batch_plans (institution_id, project_code, "
                    "title, state, venue_kind, created_at, updated_at) SELECT "
                    "id, ?, '矩阵批次', ?, 'fixed_site', ?, ? FROM "
                    "institutions WHERE code = ? RETURNING id",
                    {project, state, now, now, code}));
          id = row.Int(0);
          return Status::Ok();
        });
    EXPECT_TRUE(st.ok()) << st.ToString();
    return id;
  };
  auto staff_id = [](const std::string& username) -> int64_t {
    auto r = MatrixTest::app_->app().database().InTransaction(
        store::Database::Mode::kRead, [&](store::Connection& c) {
          return c.One(
              "SELECT m.id FROM staff_members m JOIN users u ON u.id = "
              "m.user_id WHERE u.username = ?",
              {username});
        });
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->Int(0) : 1;
  };
  // A submittable batch of Z370211P001 on `date`.
  auto full_body = [staff_id](const std::string& date) {
    json::array examiners{json::object{{"staff_id", staff_id("examiner-01")},
                                       {"group_leader", true}},
                          json::object{{"staff_id", staff_id("examiner-02")}},
                          json::object{{"staff_id", staff_id("examiner-04")}}};
    json::array proctors{staff_id("proctor-01"), staff_id("proctor-03")};
    return json::serialize(json::object{
        {"project_code", "ZX01001"},
        {"title", "矩阵批次"},
        {"venue_kind", "fixed_site"},
        {"venue_address", "矩阵考场"},
        {"expected_count", 10},
        {"sessions", json::array{json::object{{"date", date},
                                              {"start", "09:00"},
                                              {"end", "11:00"},
                                              {"room", "矩阵101"},
                                              {"capacity", 20},
                                              {"examiners", examiners},
                                              {"proctors", proctors}}}},
        {"supervisors", json::array{staff_id("supervisor-01")}}});
  };
  // A review-state batch: for an allowed caller fresh and in the state its
  // role decides in (the district SUBMITTED, the city DISTRICT_APPROVED).
  auto review = [make_batch](std::string suffix, std::string body) {
    return [=](MatrixTest&, Role role, Ownership o) {
      const std::string state =
          role == Role::kCity ? "district_approved" : "submitted";
      return Call{
          "/api/batches/" + std::to_string(make_batch(o, state)) + suffix,
          body};
    };
  };
  cases.insert({
      {"GET /api/batches",
       {false,
        [](MatrixTest&, Role, Ownership) {
          return Call{"/api/batches?state=submitted", ""};
        }}},
      {"POST /api/batches",
       {false,
        [](MatrixTest&, Role, Ownership) {
          return Call{"/api/batches",
                      R"({"project_code":"ZX01001","title":"矩阵草稿"})"};
        },
        201}},
      {"GET /api/batches/{id}",
       {true,
        [make_batch](MatrixTest&, Role, Ownership o) {
          static std::map<Ownership, int64_t> shared;
          if (!shared.count(o)) shared[o] = make_batch(o, "submitted");
          return Call{"/api/batches/" + std::to_string(shared[o]), ""};
        },
        200, kCitywide}},
      {"PUT /api/batches/{id}",
       {true,
        [make_batch](MatrixTest&, Role, Ownership o) {
          return Call{"/api/batches/" + std::to_string(make_batch(o, "draft")),
                      R"({"project_code":"ZX01001","title":"矩阵草稿（改）"})"};
        }}},
      {"POST /api/batches/{id}/submit",
       {true,
        [make_batch, full_body](MatrixTest& t, Role role, Ownership o) {
          static std::atomic<int> day{0};
          if (!t.Allows(role) || o == Ownership::kForeigner) {
            return Call{"/api/batches/" +
                            std::to_string(make_batch(o, "draft")) + "/submit",
                        ""};
          }
          const std::string date =
              Date::FromYmd(2026, 12, 15)->AddDays(day++).ToString();
          auto r = MatrixTest::app_->Client()->Post(
              "/api/batches", full_body(date), t.SessionOf("inst-Z370211P001"));
          EXPECT_EQ(r.status, 201u) << r.body;
          const int64_t id = r.status == 201 ? r.Json().at("id").as_int64() : 1;
          return Call{"/api/batches/" + std::to_string(id) + "/submit", ""};
        }}},
      {"POST /api/batches/{id}/approve",
       {true, review("/approve", R"({"note":"同意"})"), 200, {Role::kCity}}},
      {"POST /api/batches/{id}/return",
       {true,
        review("/return", R"({"reason":"请补充考场准备"})"),
        200,
        {Role::kCity}}},
  });
}

// Exam day (R-EXA-9): owner = an approved batch of Z370211P001 with one
// session running now (proctor-01, examiner-01, supervisor-01) and one
// candidate; foreigner = an approved batch of Z370212Q001 nobody of ours
// works in. Sign-in answers the identity mismatch (400) and closing the
// running session "not ended" (409) — reached, not refused.
void AddExamDayCases(std::map<std::string, Case>& cases) {
  const std::vector<Role> kCitywide = {Role::kProvince, Role::kCity};
  struct Ids {
    int64_t batch = 0, session = 0, registration = 0;
  };
  auto make = [](Ownership o) -> Ids {
    static std::map<Ownership, Ids> made;
    if (made.count(o)) return made[o];
    const bool foreign = o == Ownership::kForeigner;
    const std::string code = foreign ? "Z370212Q001" : "Z370211P001";
    const std::string project = foreign ? "ZX01004" : "ZX01001";
    const int64_t now = MatrixTest::app_->clock().NowUnixMillis();
    const std::string today = Clock::DateOf(now).ToString();
    Ids ids;
    Status st = MatrixTest::app_->app().database().Transact(
        store::Database::Mode::kWrite, [&](store::Connection& c) -> Status {
          ZXKH_ASSIGN_OR_RETURN(
              store::Row b,
              c.One("INSERT INTO batch_plans (institution_id, project_code, "
                    "title, state, venue_kind, first_date, last_date, "
                    "created_at, updated_at) SELECT id, ?, '矩阵考务批次', "
                    "'approved', 'fixed_site', ?, ?, ?, ? FROM institutions "
                    "WHERE code = ? RETURNING id",
                    {project, today, today, now, now, code}));
          ids.batch = b.Int(0);
          ZXKH_ASSIGN_OR_RETURN(
              store::Row s,
              c.One("INSERT INTO batch_sessions (batch_id, position, "
                    "exam_date, start_time, end_time, start_ms, end_ms, room, "
                    "capacity) VALUES (?, 1, ?, '00:00', '23:59', ?, ?, "
                    "'矩阵考场', 30) RETURNING id",
                    {ids.batch, today, now - 30 * 60 * 1000,
                     now + 3 * 3600 * 1000}));
          ids.session = s.Int(0);
          if (foreign) return Status::Ok();
          for (const auto& [user, role, session] :
               std::vector<std::tuple<std::string, std::string, bool>>{
                   {"proctor-01", "proctor", true},
                   {"examiner-01", "examiner", true},
                   {"supervisor-01", "supervisor", false}}) {
            ZXKH_RETURN_IF_ERROR(
                c.Exec("INSERT INTO batch_staff (batch_id, session_id, "
                       "staff_id, person_id, role) SELECT ?, ?, m.id, "
                       "m.person_id, ? FROM staff_members m JOIN users u ON "
                       "u.id = m.user_id WHERE u.username = ?",
                       {ids.batch,
                        session ? store::Value{ids.session} : store::Value{},
                        role, user})
                    .status());
          }
          ZXKH_ASSIGN_OR_RETURN(
              store::Row p,
              c.One("INSERT INTO persons (name, id_type, id_hash, id_cipher, "
                    "id_masked, created_at) VALUES ('矩阵考生', "
                    "'resident_id', 'matrix-exam-person', ?, '3702**********"
                    "0011', ?) RETURNING id",
                    {store::Blob{"x"}, now}));
          ZXKH_ASSIGN_OR_RETURN(
              store::Row r,
              c.One("INSERT INTO registrations (plan_item_id, person_id, "
                    "project_code, institution_id, district_code, state, "
                    "source, phone, created_at, updated_at) SELECT it.id, ?, "
                    "'ZX01001', p.institution_id, i.district_code, "
                    "'registered', 'institution', '13900000011', ?, ? FROM "
                    "annual_plan_items it JOIN annual_plans p ON p.id = "
                    "it.plan_id JOIN institutions i ON i.id = "
                    "p.institution_id WHERE i.code = 'Z370211P001' AND "
                    "it.project_code = 'ZX01001' AND p.year = ? ORDER BY "
                    "it.id DESC LIMIT 1 RETURNING id",
                    {p.Int(0), now, now, int64_t{Clock::DateOf(now).year()}}));
          ids.registration = r.Int(0);
          return c
              .Exec(
                  "INSERT INTO batch_session_candidates (session_id, "
                  "registration_id, seat) VALUES (?, ?, '01')",
                  {ids.session, ids.registration})
              .status();
        });
    EXPECT_TRUE(st.ok()) << st.ToString();
    made[o] = ids;
    return ids;
  };
  auto batch = [make](std::string suffix, std::string body = "") {
    return [=](MatrixTest&, Role, Ownership o) {
      return Call{"/api/batches/" + std::to_string(make(o).batch) + suffix,
                  body};
    };
  };
  auto session = [make](std::string suffix, std::string body = "") {
    return [=](MatrixTest&, Role, Ownership o) {
      return Call{
          "/api/exam-day/sessions/" + std::to_string(make(o).session) + suffix,
          body};
    };
  };
  // A recording of the session with its file stored (so both the upload of
  // the same bytes and the download succeed in scope).
  auto recording = [make](Ownership o) -> std::pair<int64_t, std::string> {
    static std::map<Ownership, std::pair<int64_t, std::string>> made;
    if (made.count(o)) return made[o];
    const Ids ids = make(o);
    const std::string bytes =
        std::string("矩阵录像-") + std::string(OwnershipName(o));
    store::FileStore files(MatrixTest::app_->data_dir() + "/files");
    auto stored = files.PutBytes(bytes, "application/octet-stream");
    EXPECT_TRUE(stored.ok()) << stored.status().ToString();
    const int64_t now = MatrixTest::app_->clock().NowUnixMillis();
    auto id = MatrixTest::app_->app().database().InTransaction(
        store::Database::Mode::kWrite,
        [&](store::Connection& c) -> Result<int64_t> {
          ZXKH_RETURN_IF_ERROR(store::FileStore::Register(c, *stored, now));
          ZXKH_ASSIGN_OR_RETURN(
              store::Row r,
              c.One("INSERT INTO exam_recordings (batch_id, session_id, "
                    "camera, start_ms, end_ms, sha256, file_name, "
                    "created_at) VALUES (?, ?, '矩阵前门', ?, ?, ?, "
                    "'matrix.mp4', ?) RETURNING id",
                    {ids.batch, ids.session, now - 3600 * 1000, now,
                     stored->sha256, now}));
          return r.Int(0);
        });
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    made[o] = {id.ok() ? *id : 0, bytes};
    return made[o];
  };
  cases.insert({
      {"GET /api/batches/{id}/assignment",
       {true, batch("/assignment"), 200, kCitywide}},
      {"POST /api/batches/{id}/assignment/auto",
       {true, batch("/assignment/auto"), 200, kCitywide}},
      {"POST /api/batches/{id}/assignment/move",
       {true,
        [make](MatrixTest&, Role, Ownership o) {
          const Ids own = make(Ownership::kOwner);
          const Ids ids = make(o);
          return Call{
              "/api/batches/" + std::to_string(ids.batch) + "/assignment/move",
              R"({"registration_id":)" + std::to_string(own.registration) +
                  R"(,"session_id":)" + std::to_string(ids.session) + "}"};
        },
        200, kCitywide}},
      {"GET /api/batches/{id}/incidents",
       {true, batch("/incidents"), 200, kCitywide}},
      {"GET /api/exam-day/my-sessions",
       {false,
        [](MatrixTest&, Role, Ownership) {
          return Call{"/api/exam-day/my-sessions", ""};
        }}},
      {"GET /api/exam-day/sessions/{id}", {true, session(""), 200, kCitywide}},
      {"GET /api/exam-day/sessions/{id}/sign-in-sheet.pdf",
       {true, session("/sign-in-sheet.pdf"), 200, kCitywide}},
      {"POST /api/exam-day/sessions/{id}/sign-in",
       {true,
        session("/sign-in",
                R"({"name":"矩阵考生","id_number":"370211199501011234"})"),
        400, kCitywide}},
      {"POST /api/exam-day/sessions/{id}/close",
       {true, session("/close"), 409, kCitywide}},
      {"POST /api/exam-day/sessions/{id}/incidents",
       {true,
        session("/incidents",
                R"({"kind":"equipment","description":"矩阵：设备故障"})"),
        201, kCitywide}},
      {"POST /api/exam-day/sessions/{id}/recordings",
       {true,
        [make](MatrixTest&, Role, Ownership o) {
          const Ids ids = make(o);
          const int64_t now = MatrixTest::app_->clock().NowUnixMillis();
          return Call{
              "/api/exam-day/sessions/" + std::to_string(ids.session) +
                  "/recordings",
              json::serialize(json::object{{"camera", "矩阵前门"},
                                           {"start_ms", now - 3600 * 1000},
                                           {"end_ms", now},
                                           {"sha256", std::string(64, 'a')}})};
        },
        201, kCitywide}},
      // The matrix batch has no paper: reached, "exam.no_paper".
      {"GET /api/exam-day/sessions/{id}/paper",
       {true, session("/paper"), 404, kCitywide}},
      {"POST /api/exam-day/sessions/{id}/coverage-check",
       {true, session("/coverage-check"), 200, kCitywide}},
      {"POST /api/exam-day/recordings/{id}/file",
       {true,
        [recording](MatrixTest&, Role, Ownership o) {
          const auto [id, bytes] = recording(o);
          return Call{
              "/api/exam-day/recordings/" + std::to_string(id) + "/file", bytes,
              "application/octet-stream"};
        },
        200, kCitywide}},
      {"GET /api/exam-day/recordings/{id}/file",
       {true,
        [recording](MatrixTest&, Role, Ownership o) {
          return Call{"/api/exam-day/recordings/" +
                          std::to_string(recording(o).first) + "/file",
                      ""};
        },
        200, kCitywide}},

  });
}

// Scoring and results (issue 6 points 4, 5): owner = a session / batch of
// Z370211P001 (黄岛区) whose examiners are examiner-01 (group leader),
// examiner-02 and examiner-04; foreigner = one of Z370212Q001 (崂山区)
// without examiner-01. Records are made by SQL (support/scoring_fixture).
void AddScoringCases(std::map<std::string, Case>& cases) {
  const std::vector<Role> kCitywide = {Role::kProvince, Role::kCity};
  auto db = []() -> store::Database& {
    return MatrixTest::app_->app().database();
  };
  auto world = [db](Ownership o) {
    return o == Ownership::kForeigner
               ? test::MakeScoringWorld(
                     db(), "Z370212Q001",
                     {"examiner-03", "examiner-06", "examiner-02"}, 1)
               : test::MakeScoringWorld(
                     db(), "Z370211P001",
                     {"examiner-01", "examiner-02", "examiner-04"}, 1);
  };
  // A world scored and locked, with results in `state` (none when empty).
  auto locked = [db, world](Ownership o, const std::string& state,
                            const std::string& start = "2026-01-05",
                            const std::string& end = "2026-01-09") {
    test::ScoringWorld w = world(o);
    test::ScoreAllBySql(db(), w, 80);
    test::LockBySql(db(), w);
    if (!state.empty()) {
      test::SetResultsBySql(db(), w.batch_id, state, start, end);
    }
    return w;
  };
  auto shared_open = [world](Ownership o) {
    static std::map<Ownership, test::ScoringWorld> shared;
    if (!shared.count(o)) shared[o] = world(o);
    return shared[o];
  };
  auto shared_results = [locked](Ownership o) {
    static std::map<Ownership, test::ScoringWorld> shared;
    if (!shared.count(o)) shared[o] = locked(o, "publicizing");
    return shared[o];
  };
  auto rubric_size = [db](int64_t session) {
    auto r = db().InTransaction(
        store::Database::Mode::kRead, [&](store::Connection& c) {
          return c.One(
              "SELECT COUNT(*) FROM paper_assignments pa JOIN bank_set_rubric "
              "r ON r.set_id = pa.set_id WHERE pa.session_ref = ?",
              {"session-" + std::to_string(session)});
        });
    return r.ok() ? r->Int(0) : 0;
  };
  auto person_of = [db](const std::string& user) {
    auto r = db().InTransaction(
        store::Database::Mode::kRead, [&](store::Connection& c) {
          return c.One("SELECT person_id FROM users WHERE username = ?",
                       {user});
        });
    return r.ok() ? r->Int(0) : 1;
  };
  auto results_call = [](const test::ScoringWorld& w, std::string suffix,
                         std::string body = "") {
    return Call{"/api/results/" + std::to_string(w.batch_id) + suffix, body};
  };
  cases.insert({
      {"GET /api/scoring/sessions",
       {false,
        [](MatrixTest&, Role, Ownership) {
          return Call{"/api/scoring/sessions", ""};
        }}},
      {"GET /api/scoring/sessions/{id}",
       {true,
        [shared_open](MatrixTest&, Role, Ownership o) {
          return Call{"/api/scoring/sessions/" +
                          std::to_string(shared_open(o).session_id),
                      ""};
        },
        200, kCitywide}},
      {"PUT /api/scoring/sessions/{id}/candidates/{registration_id}",
       {true,
        [shared_open, rubric_size](MatrixTest&, Role, Ownership o) {
          const test::ScoringWorld w = shared_open(o);
          json::array points;
          for (int64_t i = 0; i < rubric_size(w.session_id); ++i) {
            points.push_back(0);
          }
          return Call{"/api/scoring/sessions/" + std::to_string(w.session_id) +
                          "/candidates/" +
                          std::to_string(w.registrations.at(0)),
                      json::serialize(
                          json::object{{"points_tenths", std::move(points)}})};
        }}},
      {"POST /api/scoring/sessions/{id}/sign-off",
       {true,
        [db, world](MatrixTest&, Role, Ownership o) {
          test::ScoringWorld w = world(o);
          test::ScoreAllBySql(db(), w, 70);
          return Call{"/api/scoring/sessions/" + std::to_string(w.session_id) +
                          "/sign-off",
                      ""};
        }}},
      {"POST /api/scoring/sessions/{id}/corrections",
       {true,
        [locked, rubric_size, person_of](MatrixTest&, Role, Ownership o) {
          test::ScoringWorld w = locked(o, "");
          json::array points;
          for (int64_t i = 0; i < rubric_size(w.session_id); ++i) {
            points.push_back(0);
          }
          return Call{"/api/scoring/sessions/" + std::to_string(w.session_id) +
                          "/corrections",
                      json::serialize(json::object{
                          {"registration_id", w.registrations.at(0)},
                          {"examiner_person_id", person_of("examiner-02")},
                          {"points_tenths", std::move(points)},
                          {"reason", "复核发现计分错误"}})};
        }}},
      {"GET /api/scoring/sessions/{id}/sheet.pdf",
       {true,
        [shared_open](MatrixTest&, Role, Ownership o) {
          return Call{"/api/scoring/sessions/" +
                          std::to_string(shared_open(o).session_id) +
                          "/sheet.pdf",
                      ""};
        },
        200, kCitywide}},
      {"GET /api/results",
       {false,
        [](MatrixTest&, Role, Ownership) {
          return Call{"/api/results", ""};
        }}},
      {"GET /api/results/{id}",
       {true,
        [shared_results, results_call](MatrixTest&, Role, Ownership o) {
          return results_call(shared_results(o), "");
        },
        200, kCitywide}},
      {"GET /api/results/{id}/summary.xlsx",
       {true,
        [shared_results, results_call](MatrixTest&, Role, Ownership o) {
          return results_call(shared_results(o), "/summary.xlsx");
        },
        200, kCitywide}},
      {"POST /api/results/{id}/publicity",
       {true,
        [locked, results_call](MatrixTest&, Role, Ownership o) {
          return results_call(locked(o, ""), "/publicity");
        }}},
      {"POST /api/results/{id}/close",
       {true,
        [locked, results_call](MatrixTest&, Role, Ownership o) {
          return results_call(locked(o, "publicizing"), "/close");
        }}},
      {"POST /api/results/{id}/submit",
       {true,
        [locked, results_call](MatrixTest&, Role, Ownership o) {
          return results_call(locked(o, "publicity_closed"), "/submit");
        }}},
      {"POST /api/results/{id}/approve",
       {true,
        [locked, results_call](MatrixTest&, Role role, Ownership o) {
          return results_call(
              locked(o,
                     role == Role::kCity ? "district_approved" : "submitted"),
              "/approve");
        },
        200,
        {Role::kCity}}},
      {"POST /api/results/{id}/return",
       {true,
        [locked, results_call](MatrixTest&, Role role, Ownership o) {
          return results_call(
              locked(o,
                     role == Role::kCity ? "district_approved" : "submitted"),
              "/return", R"({"reason":"缺少签字页"})");
        },
        200,
        {Role::kCity}}},
      {"POST /api/results/objections/{id}/decide",
       {true,
        [db, locked](MatrixTest&, Role, Ownership o) {
          test::ScoringWorld w = locked(o, "publicizing");
          const int64_t id = test::AddObjectionBySql(db(), w);
          return Call{
              "/api/results/objections/" + std::to_string(id) + "/decide",
              R"({"decision":"dismissed","note":"经复核无误"})"};
        }}},
      {"GET /api/public/results",
       {false,
        [](MatrixTest&, Role, Ownership) {
          return Call{"/api/public/results", ""};
        }}},
      {"POST /api/public/results/{id}/objections",
       {false,
        [db, locked](MatrixTest&, Role, Ownership) {
          // Age earlier objections out of the hourly window per address.
          EXPECT_TRUE(db().Transact(store::Database::Mode::kWrite,
                                    [](store::Connection& c) {
                                      return c
                                          .Exec(
                                              "UPDATE results_objections "
                                              "SET filed_at = filed_at - "
                                              "7200000")
                                          .status();
                                    })
                          .ok());
          static std::optional<test::ScoringWorld> w;
          if (!w)
            w = locked(Ownership::kOwner, "publicizing", "2026-01-01",
                       "2099-12-31");
          return Call{"/api/public/results/" + std::to_string(w->batch_id) +
                          "/objections",
                      json::serialize(json::object{
                          {"registration_id", w->registrations.at(0)},
                          {"name", "王某"},
                          {"contact", "13900000000"},
                          {"content", "成绩有误"}})};
        },
        201}},
  });
}

// Question banks (issue 5): owner = Z370211P001 (黄岛区) and its district;
// foreigner = Z370212Q001 (崂山区). Calls that change a bank get a fresh one
// in the state they need; reads share one per owner.
void AddQuestionBankCases(std::map<std::string, Case>& cases) {
  struct Shared {
    std::unique_ptr<test::BankFixture> fx;
    std::map<std::string, int64_t> ids;
  };
  auto shared = std::make_shared<Shared>();
  auto fx = [shared]() -> test::BankFixture& {
    if (!shared->fx) {
      shared->fx = std::make_unique<test::BankFixture>(
          MatrixTest::app_->app().database(), MatrixTest::app_->clock(),
          MatrixTest::app_->data_dir() + "/files");
    }
    return *shared->fx;
  };
  auto owner_of = [](Ownership o) -> std::string {
    return o == Ownership::kForeigner ? "inst-Z370212Q001" : "inst-Z370211P001";
  };
  // A bank of `user` in `state` (draft0 = no sets, draft1 = one set, draft =
  // five sets, submitted, approved); fresh when `fresh`.
  auto bank = [fx, shared](const std::string& user, const std::string& state,
                           bool fresh) -> test::BankFixture::Made {
    const std::string key = user + "/" + state;
    auto make = [&] {
      if (state == "draft0") return fx().DraftBank(user, 0);
      if (state == "draft1") return fx().DraftBank(user, 1);
      if (state == "draft") return fx().DraftBank(user, 5);
      if (state == "submitted") return fx().SubmittedBank(user);
      return fx().ApprovedBank(user);
    };
    if (!fresh && shared->ids.count(key + "/bank")) {
      return {shared->ids[key + "/bank"], shared->ids[key + "/version"], ""};
    }
    test::BankFixture::Made m = make();
    if (!fresh) {
      shared->ids[key + "/bank"] = m.bank_id;
      shared->ids[key + "/version"] = m.version_id;
    }
    return m;
  };
  auto first_set = [fx](const std::string& user, int64_t version) {
    auto v = fx().service().GetVersion(fx().CallerOf(user), version);
    EXPECT_TRUE(v.ok() && !v->sets.empty()) << v.status().ToString();
    return v.ok() && !v->sets.empty() ? v->sets[0].set.id : int64_t{0};
  };
  // An approved bank whose first set has an attachment, and a paper on that
  // set that has started: {set, attachment, paper}.
  auto paper = [fx, shared, bank, first_set](const std::string& user) {
    const std::string key = user + "/paper";
    if (!shared->ids.count(key)) {
      test::BankFixture::Made m = bank(user, "draft", true);
      const int64_t set = first_set(user, m.version_id);
      const std::string path =
          test::WriteTemp(MatrixTest::app_->data_dir(), test::TinyPng());
      auto a = fx().service().UploadAttachment(fx().CallerOf(user), set, 0,
                                               path, "图样.png");
      EXPECT_TRUE(a.ok()) << a.status().ToString();
      EXPECT_TRUE(
          fx().service().Submit(fx().CallerOf(user), m.version_id).ok());
      EXPECT_TRUE(
          fx().service().Approve(fx().CallerOf("city"), m.version_id).ok());
      auto p = fx().service().AssignPaper(
          fx().CallerOf(user),
          {m.project, "matrix-" + user,
           MatrixTest::app_->clock().NowUnixMillis() - 3600 * 1000});
      EXPECT_TRUE(p.ok()) << p.status().ToString();
      shared->ids[key] = p.ok() ? p->id : 0;
      shared->ids[key + "/set"] = set;
      shared->ids[key + "/attachment"] = a.ok() ? a->id : 0;
    }
    return std::array<int64_t, 3>{shared->ids[key + "/set"],
                                  shared->ids[key + "/attachment"],
                                  shared->ids[key]};
  };
  const std::vector<Role> kCitywide = {Role::kProvince, Role::kCity};
  const std::vector<Role> kCity = {Role::kCity};
  const std::string set_body = json::serialize(json::object{
      {"title", "矩阵测试套题"},
      {"tasks", json::array{json::object{{"title", "寿桃造型"},
                                         {"duration_minutes", 90}}}},
      {"rubric", json::array{json::object{{"description", "造型"},
                                          {"max_points", 100}}}}});
  // A version call: fresh bank in `state` when the role may change it.
  auto on_version = [bank, owner_of](
                        std::string state, std::string suffix,
                        std::string body = "",
                        std::string content_type = "application/json") {
    return [=](MatrixTest& t, Role role, Ownership o) {
      auto m = bank(owner_of(o), state, t.Allows(role));
      return Call{"/api/question-banks/versions/" +
                      std::to_string(m.version_id) + suffix,
                  body, content_type};
    };
  };
  auto on_set = [bank, owner_of, first_set](std::string suffix,
                                            std::string body) {
    return [=](MatrixTest& t, Role role, Ownership o) {
      auto m = bank(owner_of(o), "draft1", t.Allows(role));
      return Call{"/api/question-banks/versions/" +
                      std::to_string(m.version_id) + "/sets/" +
                      std::to_string(first_set(owner_of(o), m.version_id)) +
                      suffix,
                  body};
    };
  };
  static std::atomic<int> paper_serial{0};
  cases.insert({
      {"GET /api/question-banks",
       {false,
        [](MatrixTest&, Role, Ownership) {
          return Call{"/api/question-banks?state=submitted", ""};
        }}},
      {"POST /api/question-banks",
       {false,
        [fx](MatrixTest& t, Role role, Ownership) {
          const std::string code = t.Allows(role)
                                       ? fx().ScopedProject("inst-Z370211P001")
                                       : "ZX01001";
          return Call{"/api/question-banks",
                      json::serialize(json::object{{"project_code", code}})};
        },
        201}},
      {"GET /api/question-banks/template.xlsx",
       {false,
        [](MatrixTest&, Role, Ownership) {
          return Call{"/api/question-banks/template.xlsx", ""};
        }}},
      {"GET /api/question-banks/{id}",
       {true,
        [bank, owner_of](MatrixTest&, Role, Ownership o) {
          return Call{
              "/api/question-banks/" +
                  std::to_string(bank(owner_of(o), "submitted", false).bank_id),
              ""};
        },
        200, kCitywide}},
      {"POST /api/question-banks/{id}/versions",
       {true,
        [bank, owner_of](MatrixTest& t, Role role, Ownership o) {
          auto m = bank(owner_of(o), "approved", t.Allows(role));
          return Call{
              "/api/question-banks/" + std::to_string(m.bank_id) + "/versions",
              ""};
        },
        201}},
      {"GET /api/question-banks/versions/{version_id}",
       {true, on_version("submitted", ""), 200, kCitywide}},
      {"POST /api/question-banks/versions/{version_id}/sets",
       {true, on_version("draft0", "/sets", set_body), 201}},
      {"PUT /api/question-banks/versions/{version_id}/sets/{set_id}",
       {true, on_set("", set_body)}},
      {"DELETE /api/question-banks/versions/{version_id}/sets/{set_id}",
       {true, on_set("", "")}},
      {"POST /api/question-banks/versions/{version_id}/submit",
       {true, on_version("draft", "/submit")}},
      {"POST /api/question-banks/versions/{version_id}/approve",
       {true, on_version("submitted", "/approve"), 200, kCity}},
      {"POST /api/question-banks/versions/{version_id}/return",
       {true,
        on_version("submitted", "/return", R"({"reason":"评分标准不具体"})"),
        200, kCity}},
      {"POST /api/question-banks/versions/{version_id}/import",
       {true,
        [bank, owner_of](MatrixTest& t, Role role, Ownership o) {
          auto m = bank(owner_of(o), "draft0", t.Allows(role));
          auto tmpl = MatrixTest::app_->Client()->Get(
              "/api/question-banks/template.xlsx",
              t.SessionOf("inst-Z370211P001"));
          EXPECT_EQ(tmpl.status, 200u);
          return Call{"/api/question-banks/versions/" +
                          std::to_string(m.version_id) + "/import",
                      tmpl.body, "application/octet-stream"};
        }}},
      {"GET /api/question-banks/versions/{version_id}/export.xlsx",
       {true, on_version("submitted", "/export.xlsx"), 200, kCity}},
      {"POST /api/question-banks/sets/{set_id}/attachments",
       {true,
        [bank, owner_of, first_set](MatrixTest& t, Role role, Ownership o) {
          auto m = bank(owner_of(o), "draft1", t.Allows(role));
          return Call{"/api/question-banks/sets/" +
                          std::to_string(first_set(owner_of(o), m.version_id)) +
                          "/attachments?task=0",
                      test::TinyPng(), "application/octet-stream"};
        },
        201}},
      {"GET /api/question-banks/sets/{set_id}/attachments/{attachment_id}",
       {true,
        [fx, bank, owner_of, first_set, shared](MatrixTest&, Role,
                                                Ownership o) {
          const std::string user = owner_of(o);
          const std::string key = user + "/draft-attachment";
          if (!shared->ids.count(key)) {
            auto m = bank(user, "draft1", true);
            const int64_t set = first_set(user, m.version_id);
            auto a = fx().service().UploadAttachment(
                fx().CallerOf(user), set, 0,
                test::WriteTemp(MatrixTest::app_->data_dir(), test::TinyPng()),
                "图样.png");
            EXPECT_TRUE(a.ok()) << a.status().ToString();
            shared->ids[key] = a.ok() ? a->id : 0;
            shared->ids[key + "/set"] = set;
          }
          return Call{"/api/question-banks/sets/" +
                          std::to_string(shared->ids[key + "/set"]) +
                          "/attachments/" + std::to_string(shared->ids[key]),
                      ""};
        },
        200, kCity}},
      {"GET /api/papers",
       {false,
        [](MatrixTest&, Role, Ownership) {
          return Call{"/api/papers", ""};
        }}},
      {"POST /api/papers",
       {false,
        [bank](MatrixTest& t, Role role, Ownership) {
          const std::string project =
              t.Allows(role)
                  ? bank("inst-Z370211P001", "approved", true).project
                  : "ZX01001";
          return Call{"/api/papers",
                      json::serialize(json::object{
                          {"project_code", project},
                          {"session_ref",
                           "matrix-session-" + std::to_string(++paper_serial)},
                          {"session_start", "2026-12-01T09:00"}})};
        },
        201}},
      {"GET /api/papers/{id}",
       {true,
        [paper, owner_of](MatrixTest&, Role, Ownership o) {
          return Call{"/api/papers/" + std::to_string(paper(owner_of(o))[2]),
                      ""};
        },
        200, kCity}},
      {"GET /api/papers/{id}/attachments/{attachment_id}",
       {true,
        [paper, owner_of](MatrixTest&, Role, Ownership o) {
          auto p = paper(owner_of(o));
          return Call{"/api/papers/" + std::to_string(p[2]) + "/attachments/" +
                          std::to_string(p[1]),
                      ""};
        },
        200, kCity}},
  });
}

// The staff pool (issue 6 point 1): owner = a record of the caller's own
// pool (the city's pool for CITY, 黄岛区's for district-370211); foreigner =
// a record of 崂山区's pool. Reads are citywide for the province and the
// city; writes are not (the city manages only the city's pool). The
// eligibility query is scoped by institution: owner Z370211P001 (id 1),
// foreigner Z370212Q001 (id 2).
void AddStaffCases(std::map<std::string, Case>& cases) {
  static std::atomic<int> serial{0};
  // A fresh pool record created through the API by `creator`.
  auto create = [](MatrixTest& t, const std::string& creator) -> int64_t {
    const int n = ++serial;
    std::string id17 =
        "370212" + Date::FromYmd(1970, 1, 1)->AddDays(n * 3).ToString() + "123";
    std::erase(id17, '-');
    const std::string id = id17 + ResidentIdCheckChar(id17);
    json::object body{{"name", "矩阵监考"},
                      {"id_number", id},
                      {"phone", "13963800000"},
                      {"role", "proctor"},
                      {"employer", "矩阵测试单位"},
                      {"username", "matrix-staff-" + std::to_string(n)},
                      {"password", "Matrix#Pass2026"}};
    auto r = MatrixTest::app_->Client()->Post(
        "/api/staff", json::serialize(body), t.SessionOf(creator));
    EXPECT_EQ(r.status, 201u) << creator << " " << r.body;
    return r.status == 201 ? r.Json().at("id").as_int64() : 1;
  };
  auto creator_for = [](Role role, Ownership o) -> std::string {
    if (o == Ownership::kForeigner) return "district-370212";
    return role == Role::kDistrict ? "district-370211" : "city";
  };
  auto target = [create, creator_for](MatrixTest& t, Role role, Ownership o) {
    return create(t, creator_for(role, o));
  };
  // Read targets are shared: one per pool.
  auto shared = [create](MatrixTest& t, const std::string& creator) {
    static std::map<std::string, int64_t> ids;
    auto it = ids.find(creator);
    if (it == ids.end()) it = ids.emplace(creator, create(t, creator)).first;
    return it->second;
  };
  const std::vector<Role> kCitywide = {Role::kProvince, Role::kCity};
  const std::string change =
      R"({"name":"矩阵监考","phone":"13963800001","employer":"矩阵测试单位二"})";
  cases.insert({
      {"GET /api/staff",
       {false,
        [](MatrixTest&, Role, Ownership) {
          return Call{"/api/staff?role=examiner&project=ZX01001", ""};
        }}},
      {"GET /api/staff/institutions",
       {false,
        [](MatrixTest&, Role, Ownership) {
          return Call{"/api/staff/institutions", ""};
        }}},
      {"GET /api/staff/export.xlsx",
       {false,
        [](MatrixTest&, Role, Ownership) {
          return Call{"/api/staff/export.xlsx?active=true", ""};
        }}},
      {"GET /api/staff/eligible",
       {true,
        [](MatrixTest&, Role, Ownership o) {
          return Call{
              std::string("/api/staff/eligible?project=ZX01001&role=examiner"
                          "&institution_id=") +
                  (o == Ownership::kForeigner ? "2" : "1"),
              ""};
        },
        200, kCitywide}},
      {"GET /api/staff/{id}",
       {true,
        [shared](MatrixTest& t, Role role, Ownership o) {
          const std::string creator =
              o == Ownership::kForeigner
                  ? "district-370212"
                  : (role == Role::kDistrict ? "district-370211" : "city");
          return Call{"/api/staff/" + std::to_string(shared(t, creator)), ""};
        },
        200, kCitywide}},
      {"POST /api/staff",
       {false,
        [](MatrixTest&, Role, Ownership) {
          const int n = ++serial;
          std::string id17 =
              "370213" + Date::FromYmd(1970, 1, 1)->AddDays(n * 3).ToString() +
              "456";
          std::erase(id17, '-');
          json::object body{
              {"name", "矩阵考评"},
              {"id_number", id17 + ResidentIdCheckChar(id17)},
              {"phone", "13963800002"},
              {"role", "examiner"},
              {"employer", "矩阵测试单位"},
              {"qualifications",
               json::array{json::object{{"project_code", "ZX01001"},
                                        {"valid_until", "2028-12-31"}}}},
              {"username", "matrix-staff-" + std::to_string(n)},
              {"password", "Matrix#Pass2026"}};
          return Call{"/api/staff", json::serialize(body)};
        },
        201}},
      {"POST /api/staff/import",
       {false,
        [](MatrixTest&, Role, Ownership) {
          const int n = ++serial;
          std::string id17 =
              "370214" + Date::FromYmd(1970, 1, 1)->AddDays(n * 3).ToString() +
              "789";
          std::erase(id17, '-');
          return Call{"/api/staff/import",
                      "类别,姓名,证件号码,手机号,工作单位,登录账号,初始密码\n"
                      "监考人员,矩阵导入," +
                          id17 + ResidentIdCheckChar(id17) +
                          ",13963800003,矩阵测试单位,matrix-staff-" +
                          std::to_string(n) + ",Matrix#Pass2026\n",
                      "text/csv"};
        }}},
      {"PUT /api/staff/{id}",
       {true,
        [target, change](MatrixTest& t, Role role, Ownership o) {
          const int64_t id = t.Allows(role) ? target(t, role, o) : 1;
          return Call{"/api/staff/" + std::to_string(id), change};
        }}},
      {"POST /api/staff/{id}/deactivate",
       {true,
        [target](MatrixTest& t, Role role, Ownership o) {
          const int64_t id = t.Allows(role) ? target(t, role, o) : 1;
          return Call{"/api/staff/" + std::to_string(id) + "/deactivate", ""};
        }}},
      {"POST /api/staff/{id}/reactivate",
       {true,
        [target, creator_for](MatrixTest& t, Role role, Ownership o) {
          int64_t id = 1;
          if (t.Allows(role)) {
            id = target(t, role, o);
            auto r = MatrixTest::app_->Client()->Post(
                "/api/staff/" + std::to_string(id) + "/deactivate", "",
                t.SessionOf(creator_for(role, o)), "");
            EXPECT_EQ(r.status, 200u) << r.body;
          }
          return Call{"/api/staff/" + std::to_string(id) + "/reactivate", ""};
        }}},
  });
}

// Registration (issue 5, R-EXA-6): owner = institution Z370211P001 (黄岛区)
// and candidate 13800000001, whose demo person registered there; foreigner
// = Z370212Q001 (崂山区) and candidate 13800000002. Calls that change a
// registration get a fresh one.
// Certificates (issue 7): verification and the status list are public;
// revocation is the city's, on a fresh certificate per allowed call.
void AddCertificateCases(std::map<std::string, Case>& cases) {
  auto issue = [](const std::string& name) {
    service::IssueInput in;
    in.institution_id = 1;
    in.institution_code = "Z370211P001";
    in.institution_name = "青岛西海岸新区职业技能培训学校";
    in.holder_name = name;
    in.id_number = "370211199803150021";
    in.project_code = "ZX01001";
    in.project_name = "胶东花饽饽制作";
    in.basis = {
        .results_city_approved = true, .sat = true, .score_tenths = 800};
    domain::Caller city;
    city.role = Role::kCity;
    auto row = MatrixTest::app_->app().database().InTransaction(
        store::Database::Mode::kWrite, [&](store::Connection& c) {
          return service::CertificateService::IssueIn(
              c, *MatrixTest::app_->app().keys().current(), city,
              MatrixTest::app_->clock().NowUnixMillis(), in);
        });
    EXPECT_TRUE(row.ok()) << row.status().ToString();
    return row.ok() ? row->record.number : std::string("Z370211P00126999999X");
  };
  cases.insert({
      {"GET /api/public/certificates/{number}",
       {false,
        [issue](MatrixTest&, Role, Ownership) {
          static const std::string number = issue("矩阵持证人");
          return Call{"/api/public/certificates/" + number +
                          "?name=%E7%9F%A9%E9%98%B5%E6%8C%81%E8%AF%81%E4%BA%BA",
                      ""};
        }}},
      {"GET /api/public/certificate-status",
       {false,
        [](MatrixTest&, Role, Ownership) {
          return Call{"/api/public/certificate-status", ""};
        }}},
      {"POST /api/certificates/{number}/revoke",
       {false,
        [issue](MatrixTest& t, Role role, Ownership) {
          const std::string number =
              t.Allows(role) ? issue("矩阵撤销") : "Z370211P00126999999X";
          return Call{"/api/certificates/" + number + "/revoke",
                      R"({"reason":"矩阵测试撤销"})"};
        }}},
  });
  // Certificates for their readers: owner = Z370211P001's certificate of
  // candidate 13800000001; foreigner = Z370212Q001's (崂山区) of 13800000002.
  auto held = [](bool owner) {
    auto& db = MatrixTest::app_->app().database();
    auto one = [&db](const std::string& sql) {
      auto r = db.InTransaction(
          store::Database::Mode::kRead,
          [&](store::Connection& c) { return c.One(sql, {}); });
      EXPECT_TRUE(r.ok()) << sql << ": " << r.status().ToString();
      return r.ok() ? r->Int(0) : int64_t{-1};
    };
    service::IssueInput in;
    in.institution_code = owner ? "Z370211P001" : "Z370212Q001";
    in.institution_id = one("SELECT id FROM institutions WHERE code = '" +
                            in.institution_code + "'");
    in.institution_name = "矩阵发证机构";
    in.person_id =
        one(std::string("SELECT person_id FROM users WHERE username = '") +
            (owner ? "13800000001" : "13800000002") + "'");
    in.holder_name = "矩阵持证人";
    in.id_number = "370211199803150021";
    in.project_code = "ZX01001";
    in.project_name = "胶东花饽饽制作";
    in.basis = {
        .results_city_approved = true, .sat = true, .score_tenths = 800};
    domain::Caller city;
    city.role = Role::kCity;
    auto row = db.InTransaction(
        store::Database::Mode::kWrite, [&](store::Connection& c) {
          return service::CertificateService::IssueIn(
              c, *MatrixTest::app_->app().keys().current(), city,
              MatrixTest::app_->clock().NowUnixMillis(), in);
        });
    EXPECT_TRUE(row.ok()) << row.status().ToString();
    return row.ok() ? row->record.number : std::string("Z370211P00126999999X");
  };
  const std::vector<Role> kCitywide = {Role::kProvince, Role::kCity};
  // Batch issuance: owner = a batch of Z370211P001 with city-approved
  // results and one passing candidate (ID sealed with the server's key);
  // foreigner = one of Z370212Q001.
  auto approved = [](Ownership o) {
    auto& db = MatrixTest::app_->app().database();
    static const PiiCipher pii =
        *PiiCipher::LoadOrCreate(MatrixTest::app_->data_dir() + "/pii.key");
    test::ScoringWorld w = test::MakeScoringWorld(
        db, o == Ownership::kForeigner ? "Z370212Q001" : "Z370211P001",
        {"examiner-01"}, 1, &pii);
    test::ScoreAllBySql(db, w, 80);
    test::LockBySql(db, w);
    test::SetResultsBySql(db, w.batch_id, "approved", "2026-01-05",
                          "2026-01-09");
    return w;
  };
  auto batch_certificates = [](const test::ScoringWorld& w) {
    return "/api/batches/" + std::to_string(w.batch_id) + "/certificates";
  };
  cases.insert({
      {"POST /api/batches/{id}/certificates",
       {true,
        [approved, batch_certificates](MatrixTest&, Role, Ownership o) {
          return Call{batch_certificates(approved(o)), ""};
        },
        200, kCitywide}},
      {"GET /api/batches/{id}/certificates",
       {true,
        [approved, batch_certificates](MatrixTest&, Role, Ownership o) {
          static std::map<Ownership, test::ScoringWorld> shared;
          if (!shared.count(o)) shared[o] = approved(o);
          return Call{batch_certificates(shared[o]), ""};
        },
        200, kCitywide}},
  });
  cases.insert({
      {"GET /api/certificates/{number}/pdf",
       {true,
        [held](MatrixTest&, Role, Ownership o) {
          static const std::string mine = held(true);
          static const std::string theirs = held(false);
          return Call{"/api/certificates/" +
                          (o == Ownership::kOwner ? mine : theirs) + "/pdf",
                      ""};
        },
        200, kCitywide}},
      {"GET /api/my/certificates",
       {false,
        [](MatrixTest&, Role, Ownership) {
          return Call{"/api/my/certificates", ""};
        }}},
      {"GET /api/certificates/roster",
       {true,
        [](MatrixTest&, Role, Ownership o) {
          return Call{std::string("/api/certificates/roster?institution_id=") +
                          (o == Ownership::kOwner ? "1" : "2") +
                          "&year=2026&format=xlsx",
                      ""};
        },
        200, kCitywide}},
      {"GET /api/public/certificates/{number}/proof",
       {false,
        [held](MatrixTest&, Role, Ownership) {
          static const std::string number = [&] {
            std::string n = held(true);
            // Signed into a checkpoint, so the proof exists.
            service::AuditService audit(
                MatrixTest::app_->app().database(), MatrixTest::app_->clock(),
                *MatrixTest::app_->app().keys().current());
            EXPECT_TRUE(audit.MaybeCheckpoint(/*force=*/true).ok());
            return n;
          }();
          return Call{
              "/api/public/certificates/" + number +
                  "/proof?name=%E7%9F%A9%E9%98%B5%E6%8C%81%E8%AF%81%E4%BA%BA",
              ""};
        }}},
  });
}

void AddRegistrationCases(std::map<std::string, Case>& cases) {
  const std::vector<Role> kCitywide = {Role::kProvince, Role::kCity};
  auto db = []() -> store::Database& {
    return MatrixTest::app_->app().database();
  };
  auto scalar = [db](const std::string& sql) {
    auto r = db().InTransaction(
        store::Database::Mode::kRead,
        [&](store::Connection& c) { return c.One(sql, {}); });
    EXPECT_TRUE(r.ok()) << sql << ": " << r.status().ToString();
    return r.ok() ? r->Int(0) : int64_t{-1};
  };
  auto item_of = [scalar](const std::string& inst, const std::string& project) {
    return scalar(
        "SELECT it.id FROM annual_plan_items it JOIN annual_plans p ON p.id = "
        "it.plan_id JOIN institutions i ON i.id = p.institution_id WHERE "
        "i.code = '" +
        inst + "' AND p.year = 2027 AND it.project_code = '" + project + "'");
  };
  auto person_of = [scalar](const std::string& username) {
    return scalar("SELECT person_id FROM users WHERE username = '" + username +
                  "'");
  };
  // Cancels `person`'s open registrations for `project` (so a new one may
  // be made).
  auto clear = [db](int64_t person, const std::string& project) {
    EXPECT_TRUE(db().Transact(store::Database::Mode::kWrite,
                              [&](store::Connection& c) {
                                return c
                                    .Exec(
                                        "UPDATE registrations SET state = "
                                        "'cancelled' WHERE person_id = ? AND "
                                        "project_code = ? AND state IN "
                                        "('registered', 'sat')",
                                        {person, project})
                                    .status();
                              })
                    .ok());
  };
  // A fresh REGISTERED registration of `person` for `item`.
  auto fresh = [db](int64_t person, int64_t item) {
    auto id = db().InTransaction(
        store::Database::Mode::kWrite,
        [&](store::Connection& c) -> Result<int64_t> {
          store::RegistrationRepository repo(c);
          ZXKH_ASSIGN_OR_RETURN(store::RegistrableItemRow it,
                                repo.GetItem(item));
          ZXKH_RETURN_IF_ERROR(
              c.Exec("UPDATE registrations SET state = 'cancelled' WHERE "
                     "person_id = ? AND project_code = ? AND state IN "
                     "('registered', 'sat')",
                     {person, it.project_code})
                  .status());
          store::RegistrationRow g;
          g.plan_item_id = it.id;
          g.person_id = person;
          g.project_code = it.project_code;
          g.institution_id = it.institution_id;
          g.district_code = it.district_code;
          g.phone = "13800000009";
          g.created_at = g.updated_at = 1;
          return repo.Insert(g);
        });
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : int64_t{-1};
  };
  static std::atomic<int> serial{0};
  auto fresh_id = [] { return test::NthResidentId(5'000'000 + ++serial); };
  // An import job started by `user` for `item`, once per user.
  static std::map<std::string, std::string> jobs;
  // Imports run at most two at a time (registration.import_busy): before
  // starting more, wait until the ones started here have finished, or a
  // loaded machine turns the next call into a 429.
  auto wait_for_jobs = [](MatrixTest& t) {
    for (const auto& [user, id] : jobs) {
      for (int i = 0; i < 400; ++i) {
        auto r = MatrixTest::app_->Client()->Get(
            "/api/registrations/imports/" + id, t.SessionOf(user));
        if (r.status != 200) break;
        const json::value body = r.Json();
        const std::string phase(body.at("phase").as_string());
        if (phase == "done" || phase == "failed") break;
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
      }
    }
  };
  auto job_of = [fresh_id, wait_for_jobs](
                    MatrixTest& t, const std::string& user, int64_t item) {
    auto it = jobs.find(user);
    if (it != jobs.end()) return it->second;
    wait_for_jobs(t);
    auto r = MatrixTest::app_->Client()->Post(
        "/api/registrations/imports?item_id=" + std::to_string(item),
        "姓名,证件号码,手机号\r\n矩阵考生," + fresh_id() + ",13912340000\r\n",
        t.SessionOf(user), "text/csv");
    EXPECT_EQ(r.status, 202u) << r.body;
    const std::string id =
        r.status == 202 ? std::string(r.Json().at("job_id").as_string()) : "x";
    jobs[user] = id;
    return id;
  };

  cases.insert({
      {"GET /api/public/registration-items",
       {false,
        [](MatrixTest&, Role, Ownership) {
          return Call{"/api/public/registration-items?district=370211", ""};
        }}},
      {"POST /api/registrations/self",
       {false,
        [item_of, person_of, clear](MatrixTest& t, Role role, Ownership) {
          const int64_t item = item_of("Z370211P001", "ZX01001");
          if (t.Allows(role)) clear(person_of("13800000001"), "ZX01001");
          return Call{
              "/api/registrations/self",
              json::serialize(json::object{
                  {"item_id", item},
                  {"consent_version", std::string(domain::kConsentVersion)}})};
        },
        201}},
      {"POST /api/registrations",
       {false,
        [item_of, fresh_id](MatrixTest&, Role, Ownership) {
          return Call{"/api/registrations",
                      json::serialize(json::object{
                          {"item_id", item_of("Z370211P001", "ZX04001")},
                          {"name", "矩阵考生"},
                          {"id_number", fresh_id()},
                          {"phone", "13912345678"}})};
        },
        201}},
      {"GET /api/registrations",
       {false,
        [](MatrixTest&, Role, Ownership) {
          return Call{"/api/registrations?state=registered&page_size=5", ""};
        }}},
      {"GET /api/registrations/export.xlsx",
       {false,
        [](MatrixTest&, Role, Ownership) {
          return Call{"/api/registrations/export.xlsx?project=ZX04001", ""};
        }}},
      {"GET /api/registrations/template.xlsx",
       {false,
        [](MatrixTest&, Role, Ownership) {
          return Call{"/api/registrations/template.xlsx", ""};
        }}},
      {"POST /api/registrations/imports",
       {false,
        [item_of, fresh_id, wait_for_jobs](MatrixTest& t, Role role,
                                           Ownership) {
          if (t.Allows(role)) wait_for_jobs(t);
          return Call{"/api/registrations/imports?item_id=" +
                          std::to_string(item_of("Z370211P001", "ZX04001")),
                      "姓名,证件号码,手机号\r\n矩阵考生," + fresh_id() +
                          ",13912340000\r\n",
                      "text/csv"};
        },
        202}},
      {"GET /api/registrations/imports/{job_id}",
       {true,
        [item_of, job_of](MatrixTest& t, Role, Ownership o) {
          const std::string id =
              o == Ownership::kForeigner
                  ? job_of(t, "inst-Z370212Q001",
                           item_of("Z370212Q001", "ZX01004"))
                  : job_of(t, "inst-Z370211P001",
                           item_of("Z370211P001", "ZX04001"));
          return Call{"/api/registrations/imports/" + id, ""};
        }}},
      {"GET /api/registrations/{id}",
       {true,
        [scalar](MatrixTest&, Role, Ownership o) {
          const std::string user =
              o == Ownership::kForeigner ? "13800000002" : "13800000001";
          return Call{"/api/registrations/" +
                          std::to_string(scalar(
                              "SELECT MIN(r.id) FROM registrations r JOIN "
                              "users u ON u.person_id = r.person_id WHERE "
                              "u.username = '" +
                              user + "'")),
                      ""};
        },
        200, kCitywide}},
      {"POST /api/registrations/{id}/cancel",
       {true,
        [scalar, item_of, person_of, fresh](MatrixTest& t, Role role,
                                            Ownership o) {
          if (o == Ownership::kForeigner || !t.Allows(role)) {
            return Call{"/api/registrations/" +
                            std::to_string(scalar(
                                "SELECT MIN(r.id) FROM registrations r JOIN "
                                "users u ON u.person_id = r.person_id WHERE "
                                "u.username = '13800000002'")) +
                            "/cancel",
                        ""};
          }
          const int64_t id = fresh(person_of("13800000001"),
                                   item_of("Z370211P001", "ZX04001"));
          return Call{"/api/registrations/" + std::to_string(id) + "/cancel",
                      ""};
        }}},
  });
}

TEST_F(MatrixTest, EveryRouteAsEveryRoleOwnerAndForeigner) {
  static std::atomic<int> project_serial{100};
  static std::atomic<int> phone_serial{0};
  auto fixed = [](std::string path, std::string body = "") {
    return [path, body](MatrixTest&, Role, Ownership) {
      return Call{path, body};
    };
  };
  auto fresh_project = [](MatrixTest& t) {
    const std::string code = "ZX04" + std::to_string(++project_serial);
    json::object body{{"code", code},
                      {"name", "矩阵项目" + code},
                      {"catalog_version", "2023版"}};
    auto r = app_->Client()->Post("/api/catalog/projects",
                                  json::serialize(body), t.SessionOf("city"));
    EXPECT_EQ(r.status, 201u) << r.body;
    return code;
  };
  auto account = [](std::string suffix, std::string body = "") {
    return [suffix, body](MatrixTest& t, Role role, Ownership o) {
      const int64_t id =
          t.AccountTarget(role, o == Ownership::kNone ? Ownership::kOwner : o);
      return Call{"/api/accounts/" + std::to_string(id) + suffix, body};
    };
  };

  std::map<std::string, Case> cases = {
      {"GET /healthz", {false, fixed("/healthz")}},
      {"GET /metrics", {false, fixed("/metrics")}},
      {"GET /api/openapi.json", {false, fixed("/api/openapi.json")}},
      {"GET /api/public/catalog", {false, fixed("/api/public/catalog")}},
      {"GET /api/public/catalog/export.xlsx",
       {false, fixed("/api/public/catalog/export.xlsx")}},
      {"GET /api/public/catalog/{code}",
       {false, fixed("/api/public/catalog/ZX01001")}},
      {"POST /api/catalog/projects",
       {false,
        [](MatrixTest&, Role, Ownership) {
          const std::string code = "ZX04" + std::to_string(++project_serial);
          return Call{
              "/api/catalog/projects",
              json::serialize(json::object{{"code", code},
                                           {"name", "矩阵项目" + code},
                                           {"catalog_version", "2023版"}})};
        },
        201}},
      {"PATCH /api/catalog/projects/{code}",
       {false,
        [fresh_project](MatrixTest& t, Role, Ownership) {
          return Call{"/api/catalog/projects/" + fresh_project(t),
                      R"({"catalog_version":"2024版"})"};
        }}},
      {"POST /api/catalog/projects/{code}/retire",
       {false,
        [fresh_project](MatrixTest& t, Role, Ownership) {
          return Call{"/api/catalog/projects/" + fresh_project(t) + "/retire",
                      ""};
        }}},
      {"POST /api/catalog/projects/{code}/reinstate",
       {false,
        [fresh_project](MatrixTest& t, Role, Ownership) {
          const std::string code = fresh_project(t);
          auto r =
              app_->Client()->Post("/api/catalog/projects/" + code + "/retire",
                                   "", t.SessionOf("city"), "");
          EXPECT_EQ(r.status, 200u);
          return Call{"/api/catalog/projects/" + code + "/reinstate", ""};
        }}},
      {"POST /api/catalog/import",
       {false,
        [](MatrixTest&, Role, Ownership) {
          return Call{"/api/catalog/import",
                      "项目代码,项目名称\nZX01001,胶东花饽饽制作\n",
                      "text/csv"};
        }}},
      {"PUT /api/catalog/projects/{code}/specification",
       {false,
        [](MatrixTest&, Role, Ownership) {
          return Call{"/api/catalog/projects/ZX01003/specification",
                      "%PDF-1.4\n%matrix test specification\n%%EOF\n",
                      "application/pdf"};
        }}},
      {"GET /api/public/catalog/{code}/specification",
       {false,
        [](MatrixTest& t, Role, Ownership) {
          auto r =
              app_->Client()->Put("/api/catalog/projects/ZX01004/specification",
                                  "%PDF-1.4\n%spec\n%%EOF\n",
                                  t.SessionOf("city"), "application/pdf");
          EXPECT_EQ(r.status, 200u) << r.body;
          return Call{"/api/public/catalog/ZX01004/specification", ""};
        }}},
      {"GET /api/public/calendar/years",
       {false, fixed("/api/public/calendar/years")}},
      {"GET /api/public/calendar/years/{year}",
       {false, fixed("/api/public/calendar/years/2026")}},
      {"GET /api/public/calendar/add-working-days",
       {false,
        fixed("/api/public/calendar/add-working-days?date=2026-09-30&n=5")}},
      {"GET /api/public/calendar/working-days-before",
       {false,
        fixed(
            "/api/public/calendar/working-days-before?date=2026-10-12&n=10")}},
      {"PUT /api/calendar/years/{year}",
       {false, fixed("/api/calendar/years/2031",
                     R"({"source":"矩阵测试","days":[]})")}},
      {"GET /api/public/regions", {false, fixed("/api/public/regions")}},
      // Wrong password: every caller gets the same 401, and nobody is locked
      // out (the user name does not exist).
      {"POST /api/auth/login",
       {false,
        fixed("/api/auth/login",
              R"({"username":"no-such-user","password":"x"})"),
        401}},
      {"POST /api/auth/register",
       {false,
        [](MatrixTest&, Role, Ownership) {
          // A fresh phone and resident ID per call (check digit computed).
          const int n = ++phone_serial;
          std::string id17 =
              "37021119900101" + std::to_string(100 + n).substr(0, 3);
          static constexpr int kWeights[] = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                                             3, 7, 9,  10, 5, 8, 4, 2};
          int sum = 0;
          for (int i = 0; i < 17; ++i) sum += (id17[i] - '0') * kWeights[i];
          const std::string id = id17 + "10X98765432"[sum % 11];
          char phone[16];
          std::snprintf(phone, sizeof phone, "139%08d", n);
          return Call{"/api/auth/register", json::serialize(json::object{
                                                {"name", "矩阵考生"},
                                                {"id_number", id},
                                                {"phone", phone},
                                                {"password", "Candidate#2026"},
                                                {"consent", true}})};
        },
        201}},
      {"GET /api/auth/me", {false, fixed("/api/auth/me")}},
      // Logout is called with a throw-away session (see below).
      {"POST /api/auth/logout", {false, fixed("/api/auth/logout"), 204}},
      // A wrong old password: the session is valid, the answer is 401.
      {"POST /api/auth/password",
       {false,
        fixed(
            "/api/auth/password",
            R"({"old_password":"wrong-old-password","new_password":"New#Password2026"})"),
        401}},
      {"GET /api/accounts", {false, fixed("/api/accounts")}},
      {"POST /api/accounts",
       {false,
        [](MatrixTest&, Role role, Ownership) {
          static std::atomic<int> n{0};
          json::object body{{"username", "matrix-new-" + std::to_string(++n)},
                            {"display_name", "矩阵新账号"},
                            {"password", "Matrix#Pass2026"}};
          // What each administrator may create.
          switch (role) {
            case Role::kProvince:
              body["role"] = "CITY";
              break;
            case Role::kCity:
              body["role"] = "EXAMINER";
              break;
            case Role::kDistrict:
              body["role"] = "INSTITUTION_OPERATOR";
              body["institution_id"] = 1;
              break;
            default:
              body["role"] = "INSTITUTION_OPERATOR";
              break;
          }
          return Call{"/api/accounts", json::serialize(body)};
        },
        201}},
      {"GET /api/accounts/{id}", {true, account("")}},
      {"POST /api/accounts/{id}/reset-password",
       {true,
        account("/reset-password", R"({"new_password":"Reset#Pass2026"})")}},
      {"POST /api/accounts/{id}/disable", {true, account("/disable")}},
      {"GET /api/logs/operations",
       {false, fixed("/api/logs/operations?from=2026-01-01")}},
      {"GET /api/logs/operations/export.xlsx",
       {false, fixed("/api/logs/operations/export.xlsx")}},
      {"GET /api/logs/logins",
       {false, fixed("/api/logs/logins?success=false")}},
      {"GET /api/logs/logins/export.xlsx",
       {false, fixed("/api/logs/logins/export.xlsx")}},
      {"GET /api/public/keys", {false, fixed("/api/public/keys")}},
      // An entry of the caller's own district (owner) or of another one.
      {"GET /api/audit/{seq}/proof",
       {true,
        [](MatrixTest& t, Role, Ownership o) {
          const char* district = o == Ownership::kForeigner ? "district-370212"
                                                            : "district-370211";
          auto r = app_->Client()->Get("/api/logs/operations?page_size=1",
                                       t.SessionOf(district));
          EXPECT_EQ(r.status, 200u) << r.body;
          const int64_t seq = r.Json().at("items").at(0).at("seq").as_int64();
          return Call{"/api/audit/" + std::to_string(seq) + "/proof", ""};
        },
        200,
        {Role::kProvince, Role::kCity}}},
      {"POST /api/accounts/{id}/enable",
       {true,
        [](MatrixTest& t, Role role, Ownership o) {
          const int64_t id = t.AccountTarget(role, o);
          // Disabled by the city or district that can, so enabling is possible.
          for (const char* admin :
               {"province", "city", "district-370211", "district-370212",
                "inst-Z370211P001", "inst-Z370212Q001"}) {
            auto r = app_->Client()->Post(
                "/api/accounts/" + std::to_string(id) + "/disable", "",
                t.SessionOf(admin), "");
            if (r.status == 200) break;
          }
          return Call{"/api/accounts/" + std::to_string(id) + "/enable", ""};
        }}},
  };

  AddRecruitmentCases(cases);
  AddPlanCases(cases);
  AddQuestionBankCases(cases);
  AddStaffCases(cases);
  AddRegistrationCases(cases);
  AddBatchCases(cases);
  AddExamDayCases(cases);
  AddScoringCases(cases);
  AddCertificateCases(cases);

  // Both districts have entries in the operation log to point at.
  AccountTarget(Role::kDistrict, Ownership::kOwner);
  AccountTarget(Role::kDistrict, Ownership::kForeigner);

  int checked = 0;
  std::vector<std::string> missing;
  for (const Route& route : app_->app().routes()) {
    std::string method(boost::beast::http::to_string(route.method));
    const std::string key = method + " " + route.pattern;
    auto it = cases.find(key);
    if (it == cases.end()) {
      missing.push_back(key);
      continue;
    }
    const Case& c = it->second;
    for (const Actor& actor : kActors) {
      const std::vector<Ownership> relations =
          c.scoped
              ? std::vector<Ownership>{Ownership::kOwner, Ownership::kForeigner}
              : std::vector<Ownership>{Ownership::kNone};
      for (Ownership o : relations) {
        SCOPED_TRACE(key + " as " + std::string(domain::RoleName(actor.role)) +
                     " " + std::string(OwnershipName(o)));
        route_ = &route;
        Call call = c.make(*this, actor.role, o);
        Headers headers = SessionOf(actor.username);
        if (key == "POST /api/auth/logout" && !actor.username.empty()) {
          headers = app_->SessionHeaders(actor.username);  // not the cached one
        }
        auto r =
            app_->Client()->Request(route.method, call.path, call.body, headers,
                                    call.body.empty() ? "" : call.content_type);
        unsigned expected;
        if (!route.policy.Allows(actor.role)) {
          expected = actor.role == Role::kPublic ? 401 : 403;
        } else if (o == Ownership::kForeigner &&
                   std::find(c.citywide.begin(), c.citywide.end(),
                             actor.role) == c.citywide.end()) {
          expected = 404;  // outside scope looks like missing
        } else {
          expected = c.ok_status;
        }
        EXPECT_EQ(r.status, expected) << r.body;
        ++checked;
      }
    }
  }
  EXPECT_TRUE(missing.empty())
      << "routes without an authorization matrix case: "
      << ::testing::PrintToString(missing);
  std::cout << "authorization matrix (" << test::TestDatabase::BackendName()
            << "): " << checked
            << " (route × role × owner/foreigner) cases checked\n";
  EXPECT_GT(checked, 200);
}

// The test clock route exists only on a `--fake-clock` server (see
// test_clock_api_test.cpp); this application has none, so the route is
// absent from the table above and must answer 404 to everyone, and /healthz
// must not claim a fake clock.
TEST_F(MatrixTest, TestClockRouteIsAbsentWithoutTheFlag) {
  for (const Route& route : app_->app().routes()) {
    EXPECT_FALSE(route.pattern.starts_with("/api/test/")) << route.pattern;
  }
  for (const Actor& actor : kActors) {
    auto r = app_->Client()->Post("/api/test/clock", R"({"advance_ms": 1000})",
                                  SessionOf(actor.username));
    EXPECT_EQ(r.status, 404u) << actor.username << " " << r.body;
  }
  auto health = app_->Client()->Get("/healthz");
  ASSERT_EQ(health.status, 200u);
  EXPECT_FALSE(health.Json().as_object().contains("fake_clock"));
}

}  // namespace
}  // namespace zxkh::http
