#include <gtest/gtest.h>

#include <vector>

#include "http/route.hpp"

namespace zxkh::http {
namespace {

Route Make(Verb method, std::string pattern) {
  Route r;
  r.method = method;
  r.pattern = std::move(pattern);
  r.handler = [](const Request&) { return Response::Json(nullptr); };
  return r;
}

TEST(RouterTest, LiteralSegmentBeatsParamRegardlessOfOrder) {
  Router router(
      {Make(Verb::get, "/api/items/{id}"), Make(Verb::get, "/api/items/new")});
  RouteMatch literal = router.Match(Verb::get, "/api/items/new");
  ASSERT_EQ(literal.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(literal.route->pattern, "/api/items/new");
  EXPECT_TRUE(literal.path_params.empty());

  RouteMatch param = router.Match(Verb::get, "/api/items/42");
  ASSERT_EQ(param.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(param.route->pattern, "/api/items/{id}");
  ASSERT_EQ(param.path_params.size(), 1u);
  EXPECT_EQ(param.path_params.at("id"), "42");
}

TEST(RouterTest, EarlierLiteralSegmentWins) {
  Router router({Make(Verb::get, "/api/{area}/list"),
                 Make(Verb::get, "/api/catalog/{code}")});
  RouteMatch m = router.Match(Verb::get, "/api/catalog/list");
  ASSERT_EQ(m.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(m.route->pattern, "/api/catalog/{code}");
  EXPECT_EQ(m.path_params.at("code"), "list");
}

TEST(RouterTest, SeveralParamsAreCaptured) {
  Router router({Make(Verb::get, "/api/batches/{batch}/people/{person}")});
  RouteMatch m = router.Match(Verb::get, "/api/batches/2026-01/people/张三");
  ASSERT_EQ(m.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(m.path_params.at("batch"), "2026-01");
  EXPECT_EQ(m.path_params.at("person"), "张三");
}

TEST(RouterTest, WrongMethodGives405WithSortedAllowList) {
  Router router({Make(Verb::post, "/api/items"), Make(Verb::get, "/api/items"),
                 Make(Verb::delete_, "/api/items/{id}")});
  RouteMatch m = router.Match(Verb::put, "/api/items");
  EXPECT_EQ(m.kind, RouteMatch::Kind::kMethodNotAllowed);
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allowed, (std::vector<Verb>{Verb::get, Verb::head, Verb::post}));

  RouteMatch del = router.Match(Verb::get, "/api/items/7");
  EXPECT_EQ(del.kind, RouteMatch::Kind::kMethodNotAllowed);
  EXPECT_EQ(del.allowed, (std::vector<Verb>{Verb::delete_}));
}

TEST(RouterTest, HeadMatchesGetRoute) {
  Router router({Make(Verb::get, "/api/items")});
  RouteMatch m = router.Match(Verb::head, "/api/items");
  ASSERT_EQ(m.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(m.route->method, Verb::get);
}

TEST(RouterTest, HeadDoesNotMatchPostRoute) {
  Router router({Make(Verb::post, "/api/items")});
  RouteMatch m = router.Match(Verb::head, "/api/items");
  EXPECT_EQ(m.kind, RouteMatch::Kind::kMethodNotAllowed);
  EXPECT_EQ(m.allowed, (std::vector<Verb>{Verb::post}));
}

TEST(RouterTest, RouteForTheMethodWinsOverMoreLiteralRouteWithoutIt) {
  Router router(
      {Make(Verb::post, "/api/users/me"), Make(Verb::get, "/api/users/{id}")});
  RouteMatch get = router.Match(Verb::get, "/api/users/me");
  ASSERT_EQ(get.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(get.route->pattern, "/api/users/{id}");
  RouteMatch post = router.Match(Verb::post, "/api/users/me");
  ASSERT_EQ(post.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(post.route->pattern, "/api/users/me");
}

TEST(RouterTest, SegmentCountAndEmptySegmentsMustMatch) {
  Router router({Make(Verb::get, "/api/items"),
                 Make(Verb::get, "/api/items/{id}"), Make(Verb::get, "/")});
  EXPECT_EQ(router.Match(Verb::get, "/api/items/").kind,
            RouteMatch::Kind::kNoSuchPath);  // a param never matches ""
  EXPECT_EQ(router.Match(Verb::get, "/api/items/1/2").kind,
            RouteMatch::Kind::kNoSuchPath);
  EXPECT_EQ(router.Match(Verb::get, "/api").kind,
            RouteMatch::Kind::kNoSuchPath);
  EXPECT_EQ(router.Match(Verb::get, "api/items").kind,
            RouteMatch::Kind::kNoSuchPath);
  EXPECT_EQ(router.Match(Verb::get, "").kind, RouteMatch::Kind::kNoSuchPath);
  RouteMatch root = router.Match(Verb::get, "/");
  ASSERT_EQ(root.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(root.route->pattern, "/");
}

TEST(RouterTest, LiteralComparisonIsExactAndCaseSensitive) {
  Router router({Make(Verb::get, "/api/items")});
  EXPECT_EQ(router.Match(Verb::get, "/api/Items").kind,
            RouteMatch::Kind::kNoSuchPath);
  EXPECT_EQ(router.Match(Verb::get, "/api/item").kind,
            RouteMatch::Kind::kNoSuchPath);
}

}  // namespace
}  // namespace zxkh::http
