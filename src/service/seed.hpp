// Product data every installation needs (regions, the official calendar)
// and the demo data behind `zxkh serve --demo`.
#pragma once

#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "common/pii_cipher.hpp"
#include "store/db.hpp"
#include "store/file_store.hpp"

namespace zxkh::service {

// Idempotent: upserts the region tree and adds the official calendar years
// the database lacks. Run at every start after migrations.
Status SeedProductData(store::Database& db, const Clock& clock);

// Loads the demo records (catalog, institutions, accounts, staff,
// candidates) into a database that has no catalog projects and no accounts
// yet; does nothing (OK) otherwise. Returns whether demo data was loaded.
// With `certificate_key`, demo certificates signed with it come last.
Result<bool> SeedDemoData(store::Database& db, const Clock& clock,
                          const PiiCipher& pii, store::FileStore& files,
                          const SigningKey* certificate_key = nullptr);

}  // namespace zxkh::service
