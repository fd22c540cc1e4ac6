-- Exam day (R-EXA-9): whether each candidate assigned to a session sat it.
-- 'pending' until sign-in ('present', with who and when) or until the
-- session is closed with the candidate absent. Scoring (R-EXA-10) reads it:
-- only present candidates are scored.
ALTER TABLE batch_session_candidates ADD COLUMN attendance TEXT NOT NULL DEFAULT 'pending'
  CHECK (attendance IN ('pending', 'present', 'absent'));
ALTER TABLE batch_session_candidates ADD COLUMN signed_in_at @INT@;
ALTER TABLE batch_session_candidates ADD COLUMN signed_in_by @INT@ REFERENCES users (id);
CREATE INDEX batch_session_candidates_registration ON batch_session_candidates (registration_id);
