#include "store/region_repository.hpp"

namespace zxkh::store {
namespace {

domain::Region FromRow(const Row& r) {
  return domain::Region{r.Text(0), r.Text(1),
                        domain::ParseRegionLevel(r.Text(2)).value_or(
                            domain::RegionLevel::kDistrict),
                        r.OptText(3)};
}

}  // namespace

Status RegionRepository::Upsert(const domain::Region& r) {
  Value parent =
      r.parent_code ? Value(*r.parent_code) : Value(std::monostate{});
  return c_
      .Exec(
          "INSERT INTO regions (code, name, level, parent_code) VALUES (?, ?, "
          "?, ?) "
          "ON CONFLICT (code) DO UPDATE SET name = excluded.name, "
          "level = excluded.level, parent_code = excluded.parent_code",
          {r.code, r.name, std::string(domain::RegionLevelName(r.level)),
           parent})
      .status();
}

Result<std::vector<domain::Region>> RegionRepository::List() {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows(
          "SELECT code, name, level, parent_code FROM regions ORDER BY code"));
  std::vector<domain::Region> out;
  out.reserve(rows.size());
  for (const Row& r : rows) out.push_back(FromRow(r));
  return out;
}

Result<domain::Region> RegionRepository::Get(std::string_view code) {
  auto row = c_.One(
      "SELECT code, name, level, parent_code FROM regions WHERE code = ?",
      {std::string(code)}, "region.not_found");
  if (!row.ok()) {
    if (row.status().status_code() == StatusCode::kNotFound) {
      return Status::NotFound("region.not_found",
                              "行政区划 " + std::string(code) + " 不存在");
    }
    return row.status();
  }
  return FromRow(*row);
}

}  // namespace zxkh::store
