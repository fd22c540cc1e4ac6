#include "domain/region.hpp"

namespace zxkh::domain {

std::string_view RegionLevelName(RegionLevel level) {
  switch (level) {
    case RegionLevel::kProvince:
      return "province";
    case RegionLevel::kCity:
      return "city";
    case RegionLevel::kDistrict:
      return "district";
  }
  return "district";
}

std::optional<RegionLevel> ParseRegionLevel(std::string_view s) {
  if (s == "province") return RegionLevel::kProvince;
  if (s == "city") return RegionLevel::kCity;
  if (s == "district") return RegionLevel::kDistrict;
  return std::nullopt;
}

const std::vector<Region>& QingdaoRegions() {
  static const std::vector<Region> kRegions = [] {
    std::vector<Region> r;
    r.push_back({"370000", "山东省", RegionLevel::kProvince, std::nullopt});
    r.push_back({"370200", "青岛市", RegionLevel::kCity, "370000"});
    const std::pair<const char*, const char*> districts[] = {
        {"370202", "市南区"}, {"370203", "市北区"}, {"370211", "黄岛区"},
        {"370212", "崂山区"}, {"370213", "李沧区"}, {"370214", "城阳区"},
        {"370215", "即墨区"}, {"370281", "胶州市"}, {"370283", "平度市"},
        {"370285", "莱西市"}};
    for (const auto& [code, name] : districts) {
      r.push_back({code, name, RegionLevel::kDistrict, "370200"});
    }
    return r;
  }();
  return kRegions;
}

}  // namespace zxkh::domain
