// Registrations (table registrations) and the plan items they refer to
// (annual_plan_items of annual_plans, read here with our own queries). No
// access rules here: the service scopes every call.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/page.hpp"
#include "domain/registration.hpp"
#include "store/db.hpp"

namespace zxkh::store {

// A plan item as registration sees it.
struct RegistrableItemRow {
  int64_t id = 0;
  int64_t plan_id = 0;
  int year = 0;
  std::string plan_state;  // 'published' = in the city's announcement
  int64_t institution_id = 0;
  std::string institution_code;
  std::string institution_name;
  std::string district_code;
  std::string district_name;
  std::string project_code;
  std::string project_name;
  std::string months;
  std::string exam_date;  // YYYY-MM-DD
  int64_t expected_count = 0;
  std::string venue;
  std::string requirements;
  std::optional<int64_t> fee_fen;
  std::string contact_name;
  std::string contact_phone;
  int64_t registered_count = 0;  // open registrations
};

struct ItemFilter {
  std::string today;  // items whose exam_date is after today
  std::string project_code;
  std::string district_code;
  std::optional<int64_t> institution_id;
};

struct RegistrationRow {
  int64_t id = 0;
  int64_t plan_item_id = 0;
  int64_t person_id = 0;
  std::string project_code;
  int64_t institution_id = 0;
  std::string district_code;
  domain::RegistrationState state = domain::RegistrationState::kRegistered;
  domain::RegistrationSource source = domain::RegistrationSource::kSelf;
  std::string phone;
  std::string employer;
  std::optional<std::string> consent_version;
  std::optional<std::string> consent_sha256;
  std::optional<int64_t> consented_at;
  std::optional<int64_t> created_by;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  std::optional<int64_t> cancelled_by;
  std::optional<int64_t> cancelled_at;
  // Joined for lists (never written).
  std::string person_name;
  std::string id_type;
  std::string id_masked;
  std::string birth_date;
  std::string project_name;
  std::string institution_name;
  std::string exam_date;
};

struct RegistrationFilter {
  // Scope, set by the service from the caller.
  std::optional<int64_t> institution_id;
  std::optional<std::string> district_code;
  std::optional<int64_t> person_id;
  // Caller's filters.
  std::optional<int64_t> plan_item_id;
  std::string project_code;
  std::optional<domain::RegistrationState> state;
  std::string name;  // substring of the person's name
  PageRequest page;
};

// A person found by lookup hash.
struct PersonRef {
  int64_t id = 0;
  std::string name;
};

// One registration of a bulk insert (the rest is common to all).
struct NewRegistration {
  int64_t person_id = 0;
  std::string phone;
  std::string employer;
};

// A person to create (bulk import); `id` is set by InsertPersons.
struct NewPerson {
  std::string name;
  std::string id_type;
  std::string id_hash;
  std::string id_cipher;
  std::string id_masked;
  std::string birth_date;
  std::string phone;
  std::string employer;
  int64_t id = 0;
};

class RegistrationRepository {
 public:
  explicit RegistrationRepository(Connection& c) : c_(c) {}

  // NotFound("registration.item_not_found").
  Result<RegistrableItemRow> GetItem(int64_t item_id);
  // Items of published plans with exam_date > filter.today, by exam date.
  Result<std::vector<RegistrableItemRow>> ListOpenItems(const ItemFilter& f);

  // The persons among `id_hashes` (any number; looked up in chunks).
  Result<std::unordered_map<std::string, PersonRef>> FindPersons(
      const std::vector<std::string>& id_hashes);
  // Inserts a person whose hash is known to be new; returns its id.
  Result<int64_t> InsertPerson(std::string_view name, std::string_view id_type,
                               std::string_view id_hash,
                               std::string_view cipher, std::string_view masked,
                               std::string_view birth_date,
                               std::string_view phone,
                               std::string_view employer, int64_t now);
  // Inserts persons whose hashes are known to be new, many rows per
  // statement, and sets each one's id.
  Status InsertPersons(std::vector<NewPerson>& persons, int64_t now);
  // For each of `person_ids` (chunked), the state of a registration for
  // `project_code` that blocks a new one (open or passed), if any.
  Result<std::map<int64_t, domain::RegistrationState>> BlockingStates(
      std::string_view project_code, const std::vector<int64_t>& person_ids);

  // Returns the new id. AlreadyExists("registration.duplicate") when the
  // person already has an open registration for the project.
  Result<int64_t> Insert(const RegistrationRow& r);
  // Inserts many registrations like `common` (item, project, institution,
  // district, state, source, consent, creator, times) for the persons of
  // `rows`, many rows per statement (ids not needed). AlreadyExists
  // ("registration.duplicate") when any of them would be a second open
  // registration (nothing of the statement is written then).
  Status InsertMany(const RegistrationRow& common,
                    const std::vector<NewRegistration>& rows);
  // The open registration of `person_id` for `project_code`, if any.
  Result<std::optional<int64_t>> OpenRegistration(
      int64_t person_id, std::string_view project_code);
  // NotFound("registration.not_found"); with person and item joined.
  Result<RegistrationRow> Get(int64_t id);
  Result<Page<RegistrationRow>> List(const RegistrationFilter& f);
  Status UpdateState(int64_t id, domain::RegistrationState state,
                     int64_t user_id, int64_t now);

  // SQLite: a 64 MB page cache on this connection while `on` (bulk
  // imports), the default otherwise. A no-op on PostgreSQL.
  Status SetBulkCache(bool on);

  // users.person_id of a candidate account, or nullopt.
  Result<std::optional<int64_t>> PersonOfUser(int64_t user_id);

 private:
  Connection& c_;
};

}  // namespace zxkh::store
