-- Registration (报名, R-EXA-1, R-EXA-6): one row per person per published
-- plan item, entered by the candidate (with recorded consent), by the
-- institution's form, or by its bulk import. States and their diagram:
-- src/domain/registration.hpp. Personal data stays in persons (the ID
-- number encrypted); a registration keeps the phone and employer given at
-- the time.

CREATE TABLE registrations (
  id              @ID@,
  plan_item_id    @INT@ NOT NULL REFERENCES annual_plan_items (id),
  person_id       @INT@ NOT NULL REFERENCES persons (id),
  -- Copied from the item and its plan's institution for scoped queries and
  -- the one-open-registration index (they never change for an item).
  project_code    TEXT NOT NULL,
  institution_id  @INT@ NOT NULL REFERENCES institutions (id),
  district_code   TEXT NOT NULL,
  -- registered | sat | absent | passed | failed | cancelled
  state           TEXT NOT NULL CHECK (state IN ('registered', 'sat', 'absent',
                                                 'passed', 'failed', 'cancelled')),
  -- self | institution | import
  source          TEXT NOT NULL CHECK (source IN ('self', 'institution', 'import')),
  phone           TEXT NOT NULL,
  employer        TEXT NOT NULL DEFAULT '',
  -- Self-registration: the consent text's version and SHA-256, and when.
  consent_version TEXT,
  consent_sha256  TEXT,
  consented_at    @INT@,
  created_by      @INT@ REFERENCES users (id),
  created_at      @INT@ NOT NULL,
  updated_at      @INT@ NOT NULL,
  cancelled_by    @INT@ REFERENCES users (id),
  cancelled_at    @INT@
) @STRICT@;

-- R-EXA-6: at most one open registration (registered or sat) of a person for
-- a project. Partial unique indexes exist on SQLite and PostgreSQL alike.
CREATE UNIQUE INDEX registrations_one_open ON registrations (person_id, project_code)
  WHERE state IN ('registered', 'sat');
CREATE INDEX registrations_item ON registrations (plan_item_id, state);
CREATE INDEX registrations_institution ON registrations (institution_id, created_at);
CREATE INDEX registrations_district ON registrations (district_code, created_at);
CREATE INDEX registrations_person ON registrations (person_id, project_code);
