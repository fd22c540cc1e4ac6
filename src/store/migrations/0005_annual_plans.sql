-- Annual assessment plans (年度考核计划, R-EXA-5): an institution drafts its
-- plan for a year, item by item within its approved scope; the district
-- returns or approves it; the city publishes the year's announcement (公告),
-- after which candidates may register against its items (R-EXA-1).

CREATE TABLE annual_plans (
  id             @ID@,
  institution_id @INT@ NOT NULL REFERENCES institutions (id),
  year           @INT@ NOT NULL,
  -- draft | submitted | returned | approved | published
  state          TEXT NOT NULL,
  return_reason  TEXT NOT NULL DEFAULT '',
  submitted_at   @INT@,
  decided_by     @INT@ REFERENCES users (id),
  decided_at     @INT@,
  announcement_id @INT@,                 -- set when the city publishes
  created_at     @INT@ NOT NULL,
  updated_at     @INT@ NOT NULL,
  UNIQUE (institution_id, year)
) @STRICT@;
CREATE INDEX annual_plans_state ON annual_plans (year, state);

-- One planned assessment of one approved project. exam_date is the planned
-- exam date that registration checks the age (≥ 16) against; months is the
-- time arrangement as published ("3,6,9" = March, June, September).
CREATE TABLE annual_plan_items (
  id             @ID@,
  plan_id        @INT@ NOT NULL REFERENCES annual_plans (id),
  project_code   TEXT NOT NULL REFERENCES catalog_projects (code),
  months         TEXT NOT NULL,
  exam_date      TEXT NOT NULL,
  expected_count @INT@ NOT NULL CHECK (expected_count > 0),
  venue          TEXT NOT NULL,
  requirements   TEXT NOT NULL DEFAULT '',   -- 报名条件
  fee_fen        @INT@,                      -- NULL: free of charge
  contact_name   TEXT NOT NULL,
  contact_phone  TEXT NOT NULL,
  position       @INT@ NOT NULL DEFAULT 0
) @STRICT@;
CREATE INDEX annual_plan_items_plan ON annual_plan_items (plan_id);

-- The city's annual announcement: one per year once published; its PDF is
-- content-addressed like every file.
CREATE TABLE plan_announcements (
  id           @ID@,
  year         @INT@ NOT NULL UNIQUE,
  title        TEXT NOT NULL,
  published_at @INT@ NOT NULL,
  published_by @INT@ NOT NULL REFERENCES users (id),
  pdf_sha256   TEXT REFERENCES files (sha256),
  -- Publishing the year again adds the plans approved since: revision + 1,
  -- updated_at = that publication, and the PDF is rendered anew (NULL until
  -- then; a missing PDF is rendered on first download).
  revision     @INT@ NOT NULL DEFAULT 1,
  updated_at   @INT@
) @STRICT@;

-- Who did what to a plan, when and why (history of returns).
CREATE TABLE annual_plan_events (
  id        @ID@,
  plan_id   @INT@ NOT NULL REFERENCES annual_plans (id),
  at        @INT@ NOT NULL,
  user_id   @INT@ REFERENCES users (id),
  action    TEXT NOT NULL,
  from_state TEXT NOT NULL,
  to_state  TEXT NOT NULL,
  reason    TEXT NOT NULL DEFAULT ''
) @STRICT@;
CREATE INDEX annual_plan_events_plan ON annual_plan_events (plan_id);
