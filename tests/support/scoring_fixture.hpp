// Test helpers for scoring (R-EXA-10): candidates (person + registration of
// the 2026 ZX01001 item of Z370211P001) assigned to a session with a given
// attendance, made by SQL since sign-in is built elsewhere.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/pii_cipher.hpp"
#include "store/db.hpp"

namespace zxkh::test {

// A new candidate of session `session_id` with attendance `attendance`
// (pending | present | absent); `n` makes the person unique. Returns the
// registration id. The ID number (NthResidentId(500 + n)) is sealed with
// `pii` when given (certificates open it), else stored as junk.
int64_t AddSessionCandidate(store::Database& db, int64_t session_id, int n,
                            const std::string& attendance,
                            const PiiCipher* pii = nullptr);

// The sessions of batch `batch_id` in position order (first, second).
int64_t NthSession(store::Database& db, int64_t batch_id, int position);

// An APPROVED batch of institution `institution_code` made by SQL with one
// session (2026-12-14) whose examiners are `examiners` (usernames, the first
// the group leader), a paper copied from the first paper assignment, and
// `present` present candidates.
struct ScoringWorld {
  int64_t batch_id = 0;
  int64_t session_id = 0;
  std::vector<int64_t> registrations;
};
ScoringWorld MakeScoringWorld(store::Database& db,
                              const std::string& institution_code,
                              const std::vector<std::string>& examiners,
                              int present, const PiiCipher* pii = nullptr);
// Every examiner scores every present candidate at `percent` of each item's
// maximum (by SQL).
void ScoreAllBySql(store::Database& db, const ScoringWorld& w, int percent);
// Locks the sheet with final scores (by SQL, after ScoreAllBySql).
void LockBySql(store::Database& db, const ScoringWorld& w);
// The batch's results in `state` with the publicity dates given.
void SetResultsBySql(store::Database& db, int64_t batch_id,
                     const std::string& state, const std::string& start,
                     const std::string& end);
// An open objection to the first registration of `w`.
int64_t AddObjectionBySql(store::Database& db, const ScoringWorld& w);

}  // namespace zxkh::test
