// The records behind `zxkh serve --demo`: what anyone sees after
// ./scripts/run without typing data in. Every feature extends it.
#pragma once

#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "common/pii_cipher.hpp"
#include "store/db.hpp"
#include "store/file_store.hpp"

namespace zxkh::service {

// The password of every demo account (demo mode only; a production start
// creates no account at all).
inline constexpr std::string_view kDemoPassword = "Zxkh@2026demo";

struct DemoAccount {
  std::string username;
  std::string role_title;  // Chinese
  std::string description;
};

// The demo accounts, for scripts/run to list and tests to log in with.
std::vector<DemoAccount> DemoAccounts();

// Loads institutions, accounts, staff and candidates (after the catalog,
// see SeedDemoData). Runs inside the caller's transaction.
Status SeedDemoIdentities(store::Connection& c, const Clock& clock,
                          const PiiCipher& pii);

// Loads the 2027 and 2028 annual plans of the demo institutions (every
// state, with their events) and the city's published 2027 announcement with
// its PDF (stored in `files`). Runs inside the caller's transaction, after
// the institutions' approved scope.
Status SeedDemoPlans(store::Connection& c, const Clock& clock,
                     store::FileStore& files);

// Staff pool (service/staff_demo.cpp): the demo staff accounts become pool
// records with qualifications. Runs inside the caller's transaction, after
// SeedDemoIdentities.
Status SeedDemoStaffPool(store::Connection& c, const Clock& clock);

// Loads demo registrations (self-registered, institution-entered, one
// cancelled, one re-registration after a failed 2026 assessment) against the
// published 2027 plan items. Runs inside the caller's transaction, after
// SeedDemoPlans.
Status SeedDemoRegistrations(store::Connection& c, const Clock& clock,
                             const PiiCipher& pii);
// Batch plans (service/batch_demo.cpp): Z370211P001's published 2026 plan
// and three December 2026 batches of ZX01001 (approved, submitted, draft).
// Runs inside the caller's transaction, after the staff pool, the question
// banks and the plans.
Status SeedDemoBatches(store::Connection& c, const Clock& clock);
// Certificates (service/certificate_demo.cpp): two past batches of
// Z370211P001 with city-approved results — the first one's certificates
// issued with `key` by CertificateService::IssueForBatchIn, the second left
// for the city — and three hand-based ones for the demo candidates (the
// last, 李春梅's, revoked). Runs inside the caller's transaction, last.
Status SeedDemoCertificates(store::Connection& c, const Clock& clock,
                            const SigningKey& key, const PiiCipher& pii);
// Scoring (service/scoring_demo.cpp): attendance and three examiners' scores
// for the first session of the approved batch, signed off, and its results
// in publicity. Runs inside the caller's transaction, after SeedDemoBatches.
Status SeedDemoScoring(store::Connection& c, const Clock& clock,
                       const PiiCipher& pii);

}  // namespace zxkh::service
