-- The staff pool (考评人员库, issue 6 point 1): examiners, proctors and
-- supervisors of the city's pool and of each district's pool, each with a
-- login account of the matching role, and the examiners' qualifications per
-- catalog project. Rules: domain/staff.hpp.

CREATE TABLE staff_members (
  id            @ID@,
  person_id     @INT@ NOT NULL REFERENCES persons (id),
  role          TEXT NOT NULL CHECK (role IN ('examiner', 'proctor', 'supervisor')),
  pool_district TEXT REFERENCES regions (code),   -- NULL: the city's pool
  pool_key      TEXT NOT NULL,                    -- '' for the city, else pool_district
  employer      TEXT NOT NULL,
  employer_institution_id @INT@ REFERENCES institutions (id),  -- drives 回避
  external      @INT@ NOT NULL DEFAULT 0,         -- supervisors: 外督
  active        @INT@ NOT NULL DEFAULT 1,
  user_id       @INT@ NOT NULL UNIQUE REFERENCES users (id),
  note          TEXT NOT NULL DEFAULT '',
  created_by    @INT@ REFERENCES users (id),
  created_at    @INT@ NOT NULL,
  updated_at    @INT@ NOT NULL,
  UNIQUE (person_id, role, pool_key)
) @STRICT@;
CREATE INDEX staff_members_pool ON staff_members (pool_key, role, active);

CREATE TABLE staff_qualifications (
  staff_id     @INT@ NOT NULL REFERENCES staff_members (id),
  project_code TEXT NOT NULL REFERENCES catalog_projects (code),
  certificate  TEXT NOT NULL DEFAULT '',
  valid_until  TEXT,                              -- YYYY-MM-DD; NULL: no expiry
  PRIMARY KEY (staff_id, project_code)
) @STRICT@;
CREATE INDEX staff_qualifications_project ON staff_qualifications (project_code);
