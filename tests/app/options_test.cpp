// Command-line flags: what each accepts and the error it gives otherwise.
#include "app/options.hpp"

#include <gtest/gtest.h>

namespace zxkh::app {
namespace {

TEST(Options, PublicBaseUrlDefaultsToLocalhostAtThePort) {
  auto o = ParseOptions({"serve", "--port", "9090"});
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->PublicBaseUrl(), "http://localhost:9090");
  // Port 0 (chosen by the system) cannot be printed; the usual port is.
  auto any = ParseOptions({"serve", "--port", "0"});
  ASSERT_TRUE(any.ok());
  EXPECT_EQ(any->PublicBaseUrl(), "http://localhost:8080");
}

TEST(Options, PublicBaseUrlKeepsAPathAndDropsTrailingSlashes) {
  auto o = ParseOptions(
      {"serve", "--public-base-url=https://zxkh.qingdao.gov.cn/zxkh//"});
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->PublicBaseUrl(), "https://zxkh.qingdao.gov.cn/zxkh");
}

TEST(Options, PublicBaseUrlMustBeAnAbsoluteHttpAddress) {
  for (const char* bad :
       {"zxkh.qingdao.gov.cn", "ftp://zxkh.qingdao.gov.cn", "https://",
        "https:///", "https://a b.cn", "https://x.cn/?q=1", "https://x.cn/#f",
        "javascript:alert(1)"}) {
    auto o = ParseOptions({"serve", "--public-base-url", bad});
    ASSERT_FALSE(o.ok()) << bad;
    EXPECT_EQ(o.status().code(), "cli.flag") << bad;
    EXPECT_EQ(o.status().field(), "--public-base-url") << bad;
  }
}

TEST(Options, UnknownFlagIsRefusedByName) {
  auto o = ParseOptions({"serve", "--public-url", "https://x.cn"});
  ASSERT_FALSE(o.ok());
  EXPECT_NE(o.status().message().find("--public-url"), std::string::npos);
}

}  // namespace
}  // namespace zxkh::app
