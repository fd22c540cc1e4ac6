// Natural persons (table persons): candidates and staff-pool members. The
// ID number arrives here already encrypted and hashed (common/pii_cipher).
#pragma once

#include <optional>
#include <string>

#include "store/db.hpp"

namespace zxkh::store {

struct PersonRow {
  int64_t id = 0;
  std::string name;
  std::string id_type;  // resident_id | other
  std::string id_hash;  // keyed digest of the ID number
  std::string id_cipher;
  std::string id_masked;  // 3702**********123X
  std::optional<std::string> birth_date;
  std::string phone;
  std::string employer;
  int64_t created_at = 0;
};

class PersonRepository {
 public:
  explicit PersonRepository(Connection& c) : c_(c) {}

  // AlreadyExists("person.id_taken", field "id_number") when the ID number
  // (by its hash) is registered already.
  Result<int64_t> Insert(const PersonRow& p);
  // NotFound("person.not_found").
  Result<PersonRow> Get(int64_t id);
  Result<std::optional<PersonRow>> FindByIdHash(std::string_view id_hash);

 private:
  Connection& c_;
};

}  // namespace zxkh::store
