// Administrative regions: Shandong → Qingdao → its ten districts (CODES.md).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zxkh::domain {

enum class RegionLevel { kProvince, kCity, kDistrict };

struct Region {
  std::string code;  // 6-digit administrative division code
  std::string name;
  RegionLevel level = RegionLevel::kDistrict;
  std::optional<std::string> parent_code;
};

// "province" / "city" / "district".
std::string_view RegionLevelName(RegionLevel level);
std::optional<RegionLevel> ParseRegionLevel(std::string_view s);

// The regions the platform serves (Shandong, Qingdao, the ten districts of
// Qingdao), parents before children. Product data, not demo data.
const std::vector<Region>& QingdaoRegions();

}  // namespace zxkh::domain
