-- Exam day (R-EXA-9, issue 6 point 3): closing a session, incidents,
-- recordings and the batch's coverage flag. Rules: domain/exam_day.hpp;
-- use cases: service/exam_day_service.hpp. Attendance itself is in
-- batch_session_candidates (migration 0011).

-- Set when a proctor or the institution closes the session after its end:
-- every candidate still pending became absent.
ALTER TABLE batch_sessions ADD COLUMN closed_at @INT@;
ALTER TABLE batch_sessions ADD COLUMN closed_by @INT@ REFERENCES users (id);

-- A recording gap in any session flags the batch (once; the district and
-- the city were notified at that moment).
ALTER TABLE batch_plans ADD COLUMN coverage_flagged @INT@ NOT NULL DEFAULT 0;
ALTER TABLE batch_plans ADD COLUMN coverage_flagged_at @INT@;

CREATE TABLE exam_incidents (
  id              @ID@,
  batch_id        @INT@ NOT NULL REFERENCES batch_plans (id),
  session_id      @INT@ NOT NULL REFERENCES batch_sessions (id),
  -- optional: the candidate concerned
  registration_id @INT@ REFERENCES registrations (id),
  -- discipline | cheating | equipment | safety | other
  kind            TEXT NOT NULL CHECK (kind IN ('discipline', 'cheating',
                                                'equipment', 'safety', 'other')),
  description     TEXT NOT NULL,
  action_taken    TEXT NOT NULL DEFAULT '',
  occurred_at     @INT@ NOT NULL,
  recorded_by     @INT@ REFERENCES users (id),
  created_at      @INT@ NOT NULL
) @STRICT@;
CREATE INDEX exam_incidents_session ON exam_incidents (session_id, occurred_at);
CREATE INDEX exam_incidents_batch ON exam_incidents (batch_id, occurred_at);

CREATE TABLE exam_recordings (
  id          @ID@,
  batch_id    @INT@ NOT NULL REFERENCES batch_plans (id),
  session_id  @INT@ NOT NULL REFERENCES batch_sessions (id),
  camera      TEXT NOT NULL,
  start_ms    @INT@ NOT NULL,
  end_ms      @INT@ NOT NULL,
  sha256      TEXT NOT NULL,            -- 64 lower-case hex digits
  file_name   TEXT NOT NULL DEFAULT '', -- optional upload (file store name)
  created_by  @INT@ REFERENCES users (id),
  created_at  @INT@ NOT NULL
) @STRICT@;
CREATE INDEX exam_recordings_session ON exam_recordings (session_id, start_ms);
