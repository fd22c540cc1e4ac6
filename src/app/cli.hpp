// The `zxkh` command line: serve | migrate | seed-demo | calendar.
#pragma once

#include <string>
#include <vector>

namespace zxkh::app {

// Runs the command in `args` (args[0] is the command name, without the
// program name). Returns the process exit code; prints Chinese errors to
// stderr. 0 success, 1 failure, 2 usage error.
int RunCli(const std::vector<std::string>& args);

}  // namespace zxkh::app
