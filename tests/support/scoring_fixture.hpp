// Test helpers for scoring (R-EXA-10): candidates (person + registration of
// the 2026 ZX01001 item of Z370211P001) assigned to a session with a given
// attendance, made by SQL since sign-in is built elsewhere.
#pragma once

#include <cstdint>
#include <string>

#include "store/db.hpp"

namespace zxkh::test {

// A new candidate of session `session_id` with attendance `attendance`
// (pending | present | absent); `n` makes the person unique. Returns the
// registration id.
int64_t AddSessionCandidate(store::Database& db, int64_t session_id, int n,
                            const std::string& attendance);

// The sessions of batch `batch_id` in position order (first, second).
int64_t NthSession(store::Database& db, int64_t batch_id, int position);

}  // namespace zxkh::test
