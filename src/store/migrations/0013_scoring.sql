-- Scoring (评分, R-EXA-10, R-EXA-4) and results publicity and review
-- (考核结果公示与审核, R-EXA-11). Rules: domain/scoring.hpp and
-- domain/exam_results.hpp; use cases: service/scoring_service.hpp.

-- One row per examiner × registration × rubric item of a session's paper;
-- an examiner's re-entry before the lock replaces their own rows.
CREATE TABLE score_entries (
  session_id         @INT@ NOT NULL REFERENCES batch_sessions (id),
  registration_id    @INT@ NOT NULL REFERENCES registrations (id),
  examiner_person_id @INT@ NOT NULL REFERENCES persons (id),
  position           @INT@ NOT NULL,          -- bank_set_rubric.position
  points_tenths      @INT@ NOT NULL CHECK (points_tenths >= 0),
  entered_by         @INT@ REFERENCES users (id),
  entered_at         @INT@ NOT NULL,
  PRIMARY KEY (session_id, registration_id, examiner_person_id, position)
) @STRICT@;

-- The sheet of a session: locked by the group leader's sign-off.
CREATE TABLE score_sheets (
  session_id @INT@ PRIMARY KEY REFERENCES batch_sessions (id),
  batch_id   @INT@ NOT NULL REFERENCES batch_plans (id),
  locked_by  @INT@ REFERENCES users (id),
  locked_at  @INT@ NOT NULL
) @STRICT@;

-- The final score of a registration: the mean of the examiners' totals.
CREATE TABLE final_scores (
  registration_id @INT@ PRIMARY KEY REFERENCES registrations (id),
  session_id      @INT@ NOT NULL REFERENCES batch_sessions (id),
  batch_id        @INT@ NOT NULL REFERENCES batch_plans (id),
  final_tenths    @INT@ NOT NULL,
  passed          @INT@ NOT NULL,
  locked_by       @INT@ REFERENCES users (id),
  computed_at     @INT@ NOT NULL
) @STRICT@;
CREATE INDEX final_scores_batch ON final_scores (batch_id);

-- Corrections after the lock (history; the reason is kept here, the
-- operation log only records that there was one).
CREATE TABLE score_corrections (
  id                 @ID@,
  session_id         @INT@ NOT NULL REFERENCES batch_sessions (id),
  registration_id    @INT@ NOT NULL REFERENCES registrations (id),
  examiner_person_id @INT@ NOT NULL REFERENCES persons (id),
  before_tenths      @INT@ NOT NULL,            -- the examiner's total
  after_tenths       @INT@ NOT NULL,
  before_items       TEXT NOT NULL,             -- JSON array of tenths
  reason             TEXT NOT NULL,
  corrected_by       @INT@ REFERENCES users (id),
  corrected_at       @INT@ NOT NULL
) @STRICT@;
CREATE INDEX score_corrections_session ON score_corrections (session_id, id);

-- The results of a batch: publicity, then review upward.
CREATE TABLE batch_results (
  batch_id        @INT@ PRIMARY KEY REFERENCES batch_plans (id),
  -- publicizing | publicity_closed | submitted | returned |
  -- district_approved | approved
  state           TEXT NOT NULL,
  publicity_start TEXT NOT NULL,               -- YYYY-MM-DD
  publicity_end   TEXT NOT NULL,
  return_reason   TEXT NOT NULL DEFAULT '',
  opened_by       @INT@ REFERENCES users (id),
  opened_at       @INT@ NOT NULL,
  closed_at       @INT@,
  submitted_at    @INT@,
  district_decided_at @INT@,
  approved_at     @INT@,
  updated_at      @INT@ NOT NULL
) @STRICT@;
CREATE INDEX batch_results_state ON batch_results (state);

CREATE TABLE results_objections (
  id              @ID@,
  batch_id        @INT@ NOT NULL REFERENCES batch_plans (id),
  registration_id @INT@ NOT NULL REFERENCES registrations (id),
  filed_at        @INT@ NOT NULL,
  name            TEXT NOT NULL,
  contact         TEXT NOT NULL,
  content         TEXT NOT NULL,
  ip              TEXT NOT NULL DEFAULT '',
  status          TEXT NOT NULL CHECK (status IN ('open', 'upheld', 'dismissed')),
  decision_note   TEXT NOT NULL DEFAULT '',
  decided_by      @INT@ REFERENCES users (id),
  decided_at      @INT@
) @STRICT@;
CREATE INDEX results_objections_batch ON results_objections (batch_id, status);
CREATE INDEX results_objections_ip ON results_objections (ip, filed_at);
