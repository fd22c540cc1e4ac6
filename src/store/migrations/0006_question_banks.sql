-- Question banks (题库, R-EXA-3): one bank per institution and approved
-- project; versions DRAFT → SUBMITTED → APPROVED | RETURNED (→ SUBMITTED
-- again), a later approval supersedes the earlier one. Sets are rows of
-- their own, linked to the versions that hold them: a new version carries
-- the approved (sealed, immutable) sets over by reference. Papers of
-- sessions are recorded in paper_assignments (rotation, 循环组卷).

CREATE TABLE question_banks (
  id                  @ID@,
  institution_id      @INT@ NOT NULL REFERENCES institutions (id),
  project_code        TEXT NOT NULL REFERENCES catalog_projects (code),
  approved_version_id @INT@,            -- the version in use; NULL before the first approval
  created_at          @INT@ NOT NULL,
  updated_at          @INT@ NOT NULL,
  UNIQUE (institution_id, project_code)
) @STRICT@;

CREATE TABLE bank_versions (
  id            @ID@,
  bank_id       @INT@ NOT NULL REFERENCES question_banks (id),
  number        @INT@ NOT NULL,          -- 1, 2, … per bank
  -- draft | submitted | returned | approved | superseded
  state         TEXT NOT NULL,
  return_reason TEXT NOT NULL DEFAULT '', -- the latest return's reasons
  submitted_at  @INT@,
  decided_by    @INT@ REFERENCES users (id),
  decided_at    @INT@,
  created_by    @INT@ REFERENCES users (id),
  created_at    @INT@ NOT NULL,
  updated_at    @INT@ NOT NULL,
  UNIQUE (bank_id, number)
) @STRICT@;
CREATE INDEX bank_versions_state ON bank_versions (state);

-- A set (套). sealed = 1 once a version holding it was approved: its content
-- never changes and is shown only as a session's paper after the start.
CREATE TABLE bank_sets (
  id                @ID@,
  bank_id           @INT@ NOT NULL REFERENCES question_banks (id),
  origin_version_id @INT@ NOT NULL REFERENCES bank_versions (id),
  title             TEXT NOT NULL,
  sealed            @INT@ NOT NULL DEFAULT 0,
  created_at        @INT@ NOT NULL,
  updated_at        @INT@ NOT NULL
) @STRICT@;
CREATE INDEX bank_sets_bank ON bank_sets (bank_id);

CREATE TABLE bank_version_sets (
  version_id @INT@ NOT NULL REFERENCES bank_versions (id),
  set_id     @INT@ NOT NULL REFERENCES bank_sets (id),
  position   @INT@ NOT NULL,
  PRIMARY KEY (version_id, set_id)
) @STRICT@;
CREATE INDEX bank_version_sets_set ON bank_version_sets (set_id);

CREATE TABLE bank_set_tasks (
  set_id           @INT@ NOT NULL REFERENCES bank_sets (id),
  position         @INT@ NOT NULL,
  title            TEXT NOT NULL,
  instructions     TEXT NOT NULL DEFAULT '',
  duration_minutes @INT@ NOT NULL CHECK (duration_minutes > 0),
  materials        TEXT NOT NULL DEFAULT '',   -- materials and equipment list
  PRIMARY KEY (set_id, position)
) @STRICT@;

CREATE TABLE bank_set_rubric (
  set_id      @INT@ NOT NULL REFERENCES bank_sets (id),
  position    @INT@ NOT NULL,
  description TEXT NOT NULL,
  max_points  @INT@ NOT NULL CHECK (max_points > 0),
  standard    TEXT NOT NULL DEFAULT '',        -- 评分标准
  PRIMARY KEY (set_id, position)
) @STRICT@;

-- Files attached to a task (task_position within the set), content-addressed.
CREATE TABLE bank_set_attachments (
  id            @ID@,
  set_id        @INT@ NOT NULL REFERENCES bank_sets (id),
  task_position @INT@ NOT NULL,
  file_sha256   TEXT NOT NULL REFERENCES files (sha256),
  file_name     TEXT NOT NULL,
  media_type    TEXT NOT NULL,
  size_bytes    @INT@ NOT NULL,
  uploaded_at   @INT@ NOT NULL,
  uploaded_by   @INT@ NOT NULL REFERENCES users (id)
) @STRICT@;
CREATE INDEX bank_set_attachments_set ON bank_set_attachments (set_id);

-- Who did what to a version, when and why (every return's reasons kept).
CREATE TABLE bank_version_events (
  id         @ID@,
  version_id @INT@ NOT NULL REFERENCES bank_versions (id),
  at         @INT@ NOT NULL,
  user_id    @INT@ REFERENCES users (id),
  role       TEXT NOT NULL,
  action     TEXT NOT NULL,
  from_state TEXT NOT NULL,
  to_state   TEXT NOT NULL,
  reason     TEXT NOT NULL DEFAULT ''
) @STRICT@;
CREATE INDEX bank_version_events_version ON bank_version_events (version_id);

-- The paper of one session: the set rotation chose, in the version in use
-- then (kept when a later version is approved). session_ref is the exam
-- session's id (issue 6 creates sessions and assigns their papers).
CREATE TABLE paper_assignments (
  id             @ID@,
  session_ref    TEXT NOT NULL UNIQUE,
  institution_id @INT@ NOT NULL REFERENCES institutions (id),
  project_code   TEXT NOT NULL REFERENCES catalog_projects (code),
  bank_id        @INT@ NOT NULL REFERENCES question_banks (id),
  version_id     @INT@ NOT NULL REFERENCES bank_versions (id),
  set_id         @INT@ NOT NULL REFERENCES bank_sets (id),
  session_start  @INT@ NOT NULL,        -- Unix ms; sealed before it
  assigned_at    @INT@ NOT NULL,
  assigned_by    @INT@ REFERENCES users (id)
) @STRICT@;
CREATE INDEX paper_assignments_project ON paper_assignments (institution_id, project_code);
