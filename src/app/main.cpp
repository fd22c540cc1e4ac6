// zxkh — 青岛市专项职业能力考核管理平台. See `zxkh help`.
#include <string>
#include <vector>

#include "app/cli.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return zxkh::app::RunCli(args);
}
