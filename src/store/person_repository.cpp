#include "store/person_repository.hpp"

namespace zxkh::store {
namespace {

constexpr std::string_view kSelect =
    "SELECT id, name, id_type, id_hash, id_cipher, id_masked, birth_date, "
    "phone, "
    "employer, created_at FROM persons ";

PersonRow FromRow(const Row& r) {
  PersonRow p;
  p.id = r.Int(0);
  p.name = r.Text(1);
  p.id_type = r.Text(2);
  p.id_hash = r.Text(3);
  p.id_cipher = r.Text(4);
  p.id_masked = r.Text(5);
  p.birth_date = r.OptText(6);
  p.phone = r.Text(7);
  p.employer = r.Text(8);
  p.created_at = r.Int(9);
  return p;
}

}  // namespace

Result<int64_t> PersonRepository::Insert(const PersonRow& p) {
  ZXKH_ASSIGN_OR_RETURN(auto existing, FindByIdHash(p.id_hash));
  if (existing) {
    return Status::AlreadyExists("person.id_taken", "该证件号码已登记",
                                 "id_number");
  }
  Value birth = p.birth_date ? Value(*p.birth_date) : Value(std::monostate{});
  ZXKH_ASSIGN_OR_RETURN(
      Row r,
      c_.One(
          "INSERT INTO persons (name, id_type, id_hash, id_cipher, id_masked, "
          "birth_date, phone, employer, created_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {p.name, p.id_type, p.id_hash, Blob{p.id_cipher}, p.id_masked, birth,
           p.phone, p.employer, p.created_at}));
  return r.Int(0);
}

Result<PersonRow> PersonRepository::Get(int64_t id) {
  ZXKH_ASSIGN_OR_RETURN(std::vector<Row> rows,
                        c_.Rows(std::string(kSelect) + "WHERE id = ?", {id}));
  if (rows.empty()) return Status::NotFound("person.not_found", "人员不存在");
  return FromRow(rows.front());
}

Result<std::optional<PersonRow>> PersonRepository::FindByIdHash(
    std::string_view id_hash) {
  ZXKH_ASSIGN_OR_RETURN(std::vector<Row> rows,
                        c_.Rows(std::string(kSelect) + "WHERE id_hash = ?",
                                {std::string(id_hash)}));
  if (rows.empty()) return std::optional<PersonRow>();
  return std::optional<PersonRow>(FromRow(rows.front()));
}

}  // namespace zxkh::store
