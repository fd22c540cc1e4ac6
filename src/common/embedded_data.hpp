// Data files from the repository's data/ directory, compiled into the binary
// so that a production install needs nothing beside the executable.
#pragma once

#include <optional>
#include <string_view>

namespace zxkh {

// Content of data/<name> (e.g. "cn-workday-calendar.csv",
// "demo/catalog-examples.csv"), or nullopt. Static storage.
std::optional<std::string_view> EmbeddedDataFile(std::string_view name);

}  // namespace zxkh
