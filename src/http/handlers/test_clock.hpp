// Test-only routes of `zxkh serve --fake-clock` (end-to-end tests that need
// days to pass: exam day, 5 working days of publicity). They exist only when
// the application was given a settable FakeClock; a production server has
// neither (POST /api/test/clock is 404 there).
#pragma once

#include "common/clock.hpp"
#include "http/route.hpp"

namespace zxkh::http {

// POST /api/test/clock — {"advance_ms": N} moves the clock forward N ms,
// {"now": "2026-12-15T17:30:00+08:00"} sets it; answers {"now": ISO,
// "unix_ms": N}. Public (no session, no CSRF): the whole server is a test
// server.
Route TestClockRoute(FakeClock& clock);

// GET /healthz of a fake-clock server: {"status": "ok", "fake_clock": true,
// "now": ISO}, so nobody mistakes it for a production server.
Route FakeClockHealthRoute(const FakeClock& clock);

}  // namespace zxkh::http
