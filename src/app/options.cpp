#include "app/options.hpp"

#include <charconv>

#include "common/instant.hpp"
#include "common/text.hpp"

namespace zxkh::app {
namespace {

Status BadFlag(const std::string& flag, const std::string& why) {
  return Status::InvalidArgument("cli.flag", "参数 " + flag + " " + why, flag);
}

Result<int> ParseInt(const std::string& flag, const std::string& v, int min,
                     int max) {
  int out = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || p != v.data() + v.size() || out < min || out > max) {
    return BadFlag(flag, "应为 " + std::to_string(min) + "–" +
                             std::to_string(max) + " 之间的整数：" + v);
  }
  return out;
}

}  // namespace

Result<Options> ParseOptions(const std::vector<std::string>& args) {
  Options o;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string a = args[i];
    if (!a.starts_with("--")) {
      o.positional.push_back(a);
      continue;
    }
    std::string value;
    bool has_value = false;
    if (auto eq = a.find('='); eq != std::string::npos) {
      value = a.substr(eq + 1);
      a = a.substr(0, eq);
      has_value = true;
    }
    auto take = [&]() -> Result<std::string> {
      if (has_value) return value;
      if (i + 1 >= args.size()) return BadFlag(a, "缺少取值");
      return args[++i];
    };
    if (a == "--demo") {
      o.demo = true;
      continue;
    }
    ZXKH_ASSIGN_OR_RETURN(std::string v, take());
    if (a == "--port") {
      ZXKH_ASSIGN_OR_RETURN(o.port, ParseInt(a, v, 0, 65535));
    } else if (a == "--address") {
      o.address = v;
    } else if (a == "--data") {
      o.data_dir = v;
    } else if (a == "--db") {
      o.db_url = v;
    } else if (a == "--web") {
      o.web_dir = v;
    } else if (a == "--port-file") {
      o.port_file = v;
    } else if (a == "--role") {
      o.role = v;
    } else if (a == "--name") {
      o.name = v;
    } else if (a == "--rate-limits") {
      if (v != "on" && v != "off") return BadFlag(a, "应为 on 或 off");
      o.rate_limits = v == "on";
    } else if (a == "--trusted-proxy") {
      std::string_view rest = v;
      while (!rest.empty()) {
        const std::size_t comma = rest.find(',');
        std::string_view one = TrimSpace(rest.substr(0, comma));
        if (!one.empty()) o.trusted_proxies.emplace_back(one);
        rest = comma == std::string_view::npos ? std::string_view()
                                               : rest.substr(comma + 1);
      }
    } else if (a == "--public-base-url") {
      // Printed into signed documents: only an absolute http(s) origin
      // (optionally with a path), without a trailing slash.
      if (!v.starts_with("https://") && !v.starts_with("http://")) {
        return BadFlag(a, "应以 https:// 或 http:// 开头：" + v);
      }
      while (v.ends_with('/')) v.pop_back();
      if (v.find_first_of(" ?#\"") != std::string::npos ||
          v.size() <= std::string_view("https://").size()) {
        return BadFlag(a, "不是有效的网址：" + v);
      }
      o.public_base_url = v;
    } else if (a == "--keys") {
      o.keys_file = v;
    } else if (a == "--status") {
      o.status_file = v;
    } else if (a == "--proof") {
      o.proof_file = v;
    } else if (a == "--fake-clock") {
      o.fake_clock_millis = ParseIsoInstant(v);
      if (!o.fake_clock_millis) {
        return BadFlag(a,
                       "应为带时区的 ISO 8601 时刻，如 "
                       "2026-12-01T08:00:00+08:00：" +
                           v);
      }
    } else if (a == "--io-threads") {
      ZXKH_ASSIGN_OR_RETURN(o.io_threads, ParseInt(a, v, 0, 256));
    } else if (a == "--worker-threads") {
      ZXKH_ASSIGN_OR_RETURN(o.worker_threads, ParseInt(a, v, 0, 1024));
    } else {
      return BadFlag(a, "不存在");
    }
  }
  // The test clock lets anyone move the server's time: only ever on a demo
  // server (whose accounts have a published password anyway), never on a
  // production start.
  if (o.fake_clock_millis && !o.demo) {
    return BadFlag("--fake-clock", "仅供自动化测试，只能与 --demo 一同使用");
  }
  return o;
}

}  // namespace zxkh::app
