-- Batch plans (批次考核计划, R-EXA-7, 7a, 8; issue 6 point 2): one
-- institution's assessment of one project on one or more days, with its
-- sessions (场次) and staff, reviewed by the district and approved by the
-- city. Rules: domain/batch_plan.hpp; use cases: service/batch_service.hpp.

CREATE TABLE batch_plans (
  id               @ID@,
  institution_id   @INT@ NOT NULL REFERENCES institutions (id),
  project_code     TEXT NOT NULL REFERENCES catalog_projects (code),
  title            TEXT NOT NULL,
  -- draft | submitted | returned | district_approved | approved
  state            TEXT NOT NULL,
  -- 1 at creation; + 1 for each change after approval
  revision         @INT@ NOT NULL DEFAULT 1,
  venue_kind       TEXT NOT NULL CHECK (venue_kind IN ('fixed_site', 'production_site')),
  venue_address    TEXT NOT NULL DEFAULT '',
  safety_statement TEXT NOT NULL DEFAULT '',
  process          TEXT NOT NULL DEFAULT '',   -- 考核流程
  room_preparation TEXT NOT NULL DEFAULT '',   -- 考场准备
  -- Posted documents (R-EXA-8) as text: 考场规则, 考场纪律, 安全须知
  rules_text       TEXT NOT NULL DEFAULT '',
  discipline_text  TEXT NOT NULL DEFAULT '',
  safety_notes     TEXT NOT NULL DEFAULT '',
  expected_count   @INT@ NOT NULL DEFAULT 0,
  first_date       TEXT,                       -- YYYY-MM-DD, from the sessions
  last_date        TEXT,
  return_reason    TEXT NOT NULL DEFAULT '',
  submitted_at     @INT@,
  district_decided_at @INT@,
  approved_at      @INT@,
  -- the snapshot of the last city approval (what a change is compared with)
  approved_snapshot_id @INT@,
  created_by       @INT@ REFERENCES users (id),
  created_at       @INT@ NOT NULL,
  updated_at       @INT@ NOT NULL
) @STRICT@;
CREATE INDEX batch_plans_institution ON batch_plans (institution_id, state);
CREATE INDEX batch_plans_state ON batch_plans (state, first_date);

-- One session: a room for a time span on one day (China Standard Time).
CREATE TABLE batch_sessions (
  id         @ID@,
  batch_id   @INT@ NOT NULL REFERENCES batch_plans (id),
  position   @INT@ NOT NULL,
  exam_date  TEXT NOT NULL,
  start_time TEXT NOT NULL,                    -- HH:MM
  end_time   TEXT NOT NULL,
  start_ms   @INT@ NOT NULL,
  end_ms     @INT@ NOT NULL,
  room       TEXT NOT NULL,
  capacity   @INT@ NOT NULL CHECK (capacity > 0),
  -- set when the city approves (question_bank papers, session_ref "session-<id>")
  paper_id   @INT@
) @STRICT@;
CREATE INDEX batch_sessions_batch ON batch_sessions (batch_id, position);

-- Staff: examiners and proctors per session, supervisors per batch
-- (session_id NULL).
CREATE TABLE batch_staff (
  id           @ID@,
  batch_id     @INT@ NOT NULL REFERENCES batch_plans (id),
  session_id   @INT@ REFERENCES batch_sessions (id),
  staff_id     @INT@ NOT NULL REFERENCES staff_members (id),
  person_id    @INT@ NOT NULL REFERENCES persons (id),
  role         TEXT NOT NULL CHECK (role IN ('examiner', 'proctor', 'supervisor')),
  group_leader @INT@ NOT NULL DEFAULT 0,
  external     @INT@ NOT NULL DEFAULT 0
) @STRICT@;
CREATE INDEX batch_staff_batch ON batch_staff (batch_id);
CREATE INDEX batch_staff_person ON batch_staff (person_id);

-- Follow-up (registrations, migration 0008): candidates assigned to a
-- session. Not used yet; the registrations table is not merged.
CREATE TABLE batch_session_candidates (
  session_id      @INT@ NOT NULL REFERENCES batch_sessions (id),
  registration_id @INT@ NOT NULL,
  seat            TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (session_id, registration_id)
) @STRICT@;

-- What each submission said (JSON: [[field, value], …] in display order),
-- so reviewers of a change see what changed since the approved revision.
CREATE TABLE batch_snapshots (
  id         @ID@,
  batch_id   @INT@ NOT NULL REFERENCES batch_plans (id),
  revision   @INT@ NOT NULL,
  created_at @INT@ NOT NULL,
  snapshot   TEXT NOT NULL
) @STRICT@;
CREATE INDEX batch_snapshots_batch ON batch_snapshots (batch_id, id);

CREATE TABLE batch_events (
  id         @ID@,
  batch_id   @INT@ NOT NULL REFERENCES batch_plans (id),
  at         @INT@ NOT NULL,
  user_id    @INT@ REFERENCES users (id),
  action     TEXT NOT NULL,
  from_state TEXT NOT NULL,
  to_state   TEXT NOT NULL,
  revision   @INT@ NOT NULL,
  reason     TEXT NOT NULL DEFAULT ''
) @STRICT@;
CREATE INDEX batch_events_batch ON batch_events (batch_id);
