// The CLI as an operator uses it: exact output and exit codes.
#include "app/cli.hpp"

#include <gtest/gtest.h>

#include <iostream>
#include <sstream>

#include "common/keyring.hpp"
#include "support/test_db.hpp"

namespace zxkh::app {
namespace {

struct CliResult {
  int code;
  std::string out;
  std::string err;
};

CliResult RunZxkh(std::vector<std::string> args) {
  std::ostringstream out, err;
  auto* old_out = std::cout.rdbuf(out.rdbuf());
  auto* old_err = std::cerr.rdbuf(err.rdbuf());
  const int code = RunCli(args);
  std::cout.rdbuf(old_out);
  std::cerr.rdbuf(old_err);
  return {code, out.str(), err.str()};
}

TEST(CalendarCli, AddCountsTheStartDayAndMakeUpSaturdays) {
  auto r = RunZxkh({"calendar", "add", "2026-09-30", "5"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "2026-10-12\n");
  EXPECT_EQ(RunZxkh({"calendar", "add", "2026-10-01", "1"}).out,
            "2026-10-08\n");
}

TEST(CalendarCli, BeforeGivesTheLatestDateNWorkingDaysEarlier) {
  auto r = RunZxkh({"calendar", "before", "2026-10-12", "10"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "2026-09-21\n");
}

TEST(CalendarCli, UncoveredYearIsAnErrorNamingTheYear) {
  auto r = RunZxkh({"calendar", "add", "2026-12-28", "10"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(r.out.empty());
  EXPECT_NE(r.err.find("2027"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("calendar.year_not_covered"), std::string::npos);
}

TEST(CalendarCli, BadArgumentsAreRefused) {
  EXPECT_EQ(RunZxkh({"calendar", "add", "2026-02-30", "5"}).code, 1);
  EXPECT_EQ(RunZxkh({"calendar", "add", "2026-09-30", "0"}).code, 1);
  EXPECT_EQ(RunZxkh({"calendar", "add", "2026-09-30", "five"}).code, 1);
  EXPECT_EQ(RunZxkh({"calendar", "sideways", "2026-09-30", "5"}).code, 2);
  EXPECT_EQ(RunZxkh({"calendar", "add"}).code, 2);
  EXPECT_EQ(RunZxkh({"no-such-command"}).code, 2);
  EXPECT_EQ(RunZxkh({"serve", "--port", "70000"}).code, 1);
  EXPECT_EQ(RunZxkh({"serve", "--no-such-flag", "x"}).code, 1);
}

TEST(CalendarCli, UsesTheDatabaseCalendarWhenGivenOne) {
  test::TempDir dir;
  // A year added to the database (as the city administrator would) is used.
  ASSERT_EQ(RunZxkh({"migrate", "--data", dir.path()}).code, 0);
  auto db = store::Database::Open("sqlite:" + dir.path() + "/zxkh.db", 1);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(
      (*db)
          ->Transact(store::Database::Mode::kWrite,
                     [](store::Connection& c) {
                       return c
                           .Exec(
                               "INSERT INTO calendar_years (year, source, "
                               "updated_at) VALUES (2027, 't', 1)")
                           .status();
                     })
          .ok());
  auto r =
      RunZxkh({"calendar", "add", "2026-12-28", "10", "--data", dir.path()});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "2027-01-08\n");  // no 2027 holidays entered: Jan 1 counts
}

TEST(MigrateCli, PrintsTheSchemaVersionAndSeedDemoLoadsOnce) {
  test::TempDir dir;
  auto m = RunZxkh({"migrate", "--data", dir.path()});
  EXPECT_EQ(m.code, 0) << m.err;
  EXPECT_EQ(m.out.rfind("schema version ", 0), 0u);
  EXPECT_EQ(RunZxkh({"seed-demo", "--data", dir.path()}).out,
            "演示数据已载入\n");
  EXPECT_EQ(RunZxkh({"seed-demo", "--data", dir.path()}).out,
            "数据库非空，未载入演示数据\n");
}

}  // namespace
}  // namespace zxkh::app

namespace zxkh::app {
namespace {

// Feeds `input` to std::cin for the duration of one command.
CliResult RunWithInput(std::vector<std::string> args,
                       const std::string& input) {
  std::istringstream in(input);
  auto* old_in = std::cin.rdbuf(in.rdbuf());
  CliResult r = RunZxkh(std::move(args));
  std::cin.rdbuf(old_in);
  return r;
}

int64_t CountUsers(const std::string& dir) {
  auto db = store::Database::Open("sqlite:" + dir + "/zxkh.db", 1);
  EXPECT_TRUE(db.ok());
  auto n = (*db)->InTransaction(
      store::Database::Mode::kRead, [](store::Connection& c) {
        return c.One("SELECT COUNT(*) FROM users", {});
      });
  EXPECT_TRUE(n.ok());
  return n->Int(0);
}

TEST(UserCli, ProductionStartsWithoutAccountsAndCreatesTheFirstCityAdmin) {
  test::TempDir dir;
  ASSERT_EQ(RunZxkh({"migrate", "--data", dir.path()}).code, 0);
  EXPECT_EQ(CountUsers(dir.path()), 0);  // no default account, ever

  auto weak = RunWithInput({"user", "create", "qd-admin", "--data", dir.path()},
                           "short\n");
  EXPECT_EQ(weak.code, 1);
  EXPECT_NE(weak.err.find("auth.password_weak"), std::string::npos) << weak.err;
  EXPECT_EQ(CountUsers(dir.path()), 0);

  auto made = RunWithInput({"user", "create", "qd-admin", "--name",
                            "青岛市人社局管理员", "--data", dir.path()},
                           "Qingdao#Admin2026\n");
  EXPECT_EQ(made.code, 0) << made.err;
  EXPECT_NE(made.out.find("首次登录须修改密码"), std::string::npos);
  EXPECT_EQ(CountUsers(dir.path()), 1);
  auto again =
      RunWithInput({"user", "create", "qd-admin", "--data", dir.path()},
                   "Qingdao#Admin2026\n");
  EXPECT_EQ(again.code, 1);
  EXPECT_NE(again.err.find("account.username_taken"), std::string::npos);
  auto district = RunWithInput(
      {"user", "create", "hd", "--role", "DISTRICT", "--data", dir.path()},
      "Qingdao#Admin2026\n");
  EXPECT_EQ(district.code, 1);  // only province or city administrators
}

TEST(KeysCli, RotateThenListShowsTheCurrentAndTheRetiredKey) {
  test::TempDir dir;
  CliResult none = RunZxkh({"keys", "rotate", "--data", dir.path()});
  EXPECT_EQ(none.code, 1);
  EXPECT_NE(none.err.find("crypto.key_missing"), std::string::npos) << none.err;

  // The server creates the key at its first start.
  ASSERT_TRUE(Keyring::LoadOrCreate(dir.path()).ok());
  CliResult rotated = RunZxkh({"keys", "rotate", "--data", dir.path()});
  ASSERT_EQ(rotated.code, 0) << rotated.err;
  EXPECT_NE(rotated.out.find("请重启服务"), std::string::npos) << rotated.out;
  CliResult listed = RunZxkh({"keys", "list", "--data", dir.path()});
  ASSERT_EQ(listed.code, 0) << listed.err;
  EXPECT_NE(listed.out.find("当前"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("已停用"), std::string::npos) << listed.out;
  EXPECT_EQ(RunZxkh({"keys", "burn", "--data", dir.path()}).code, 2);
}

}  // namespace
}  // namespace zxkh::app
