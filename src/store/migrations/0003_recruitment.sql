-- Institution recruitment (R-INS-1 … R-INS-6): applications, materials,
-- the district's findings, the city's evaluation, publicity and objections,
-- institution codes, the approved scope, reports to the province, and
-- in-app notifications. Files themselves are content-addressed (files).

-- R-INS-6: configurable selection criteria (the default set is seeded).
CREATE TABLE evaluation_criteria (
  key        TEXT PRIMARY KEY,
  title      TEXT NOT NULL,
  max_points @INT@ NOT NULL CHECK (max_points > 0),
  required   @INT@ NOT NULL,
  position   @INT@ NOT NULL,
  active     @INT@ NOT NULL DEFAULT 1
) @STRICT@;

CREATE TABLE publicity_rounds (
  id         @ID@,
  title      TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date   TEXT NOT NULL,            -- last day of publicity (R-CAL, ≥ 5 working days)
  opened_by  @INT@ NOT NULL REFERENCES users (id),
  opened_at  @INT@ NOT NULL
) @STRICT@;

CREATE TABLE province_reports (
  id          @ID@,
  reported_at @INT@ NOT NULL,
  reported_by @INT@ NOT NULL REFERENCES users (id),
  note        TEXT NOT NULL DEFAULT ''
) @STRICT@;

CREATE TABLE recruitment_applications (
  id                 @ID@,
  institution_id     @INT@ NOT NULL REFERENCES institutions (id),
  state              TEXT NOT NULL,
  submission_count   @INT@ NOT NULL DEFAULT 0,   -- 1 on first submission, +1 per resubmission
  evaluation_mean    @REAL@,
  evaluation_selected @INT@,
  publicity_round_id @INT@ REFERENCES publicity_rounds (id),
  report_id          @INT@ REFERENCES province_reports (id),
  created_at         @INT@ NOT NULL,
  updated_at         @INT@ NOT NULL
) @STRICT@;
CREATE INDEX recruitment_applications_institution ON recruitment_applications (institution_id);
CREATE INDEX recruitment_applications_state ON recruitment_applications (state);

CREATE TABLE application_projects (
  application_id @INT@ NOT NULL REFERENCES recruitment_applications (id),
  project_code   TEXT NOT NULL REFERENCES catalog_projects (code),
  PRIMARY KEY (application_id, project_code)
) @STRICT@;

-- Every upload is kept (history); the current material of a type/project is
-- the newest row that is not superseded.
CREATE TABLE application_materials (
  id             @ID@,
  application_id @INT@ NOT NULL REFERENCES recruitment_applications (id),
  type           TEXT NOT NULL,
  project_code   TEXT NOT NULL DEFAULT '',
  file_sha256    TEXT NOT NULL REFERENCES files (sha256),
  file_name      TEXT NOT NULL,
  media_type     TEXT NOT NULL,
  size_bytes     @INT@ NOT NULL,
  uploaded_at    @INT@ NOT NULL,
  uploaded_by    @INT@ NOT NULL REFERENCES users (id),
  superseded     @INT@ NOT NULL DEFAULT 0
) @STRICT@;
CREATE INDEX application_materials_application ON application_materials (application_id);

-- The district's per-material findings, per submission (history kept).
CREATE TABLE material_findings (
  application_id @INT@ NOT NULL REFERENCES recruitment_applications (id),
  submission     @INT@ NOT NULL,
  type           TEXT NOT NULL,
  project_code   TEXT NOT NULL DEFAULT '',
  result         TEXT NOT NULL CHECK (result IN ('ok', 'missing', 'invalid')),
  note           TEXT NOT NULL DEFAULT '',
  decided_by     @INT@ NOT NULL REFERENCES users (id),
  decided_at     @INT@ NOT NULL,
  PRIMARY KEY (application_id, submission, type, project_code)
) @STRICT@;

-- Who did what, when and why: every transition (R-INS-3).
CREATE TABLE application_events (
  id             @ID@,
  application_id @INT@ NOT NULL REFERENCES recruitment_applications (id),
  at             @INT@ NOT NULL,
  user_id        @INT@ REFERENCES users (id),
  role           TEXT NOT NULL,
  action         TEXT NOT NULL,
  from_state     TEXT NOT NULL,
  to_state       TEXT NOT NULL,
  reason         TEXT NOT NULL DEFAULT ''
) @STRICT@;
CREATE INDEX application_events_application ON application_events (application_id);

CREATE TABLE evaluation_forms (
  id             @ID@,
  application_id @INT@ NOT NULL REFERENCES recruitment_applications (id),
  evaluator_id   @INT@ NOT NULL REFERENCES users (id),
  evaluator_name TEXT NOT NULL,
  total          @INT@ NOT NULL,
  comment        TEXT NOT NULL DEFAULT '',
  submitted_at   @INT@ NOT NULL,
  UNIQUE (application_id, evaluator_name)
) @STRICT@;

CREATE TABLE evaluation_scores (
  form_id       @INT@ NOT NULL REFERENCES evaluation_forms (id),
  criterion_key TEXT NOT NULL REFERENCES evaluation_criteria (key),
  points        @INT@ NOT NULL,
  met           @INT@ NOT NULL,
  PRIMARY KEY (form_id, criterion_key)
) @STRICT@;

CREATE TABLE objections (
  id             @ID@,
  application_id @INT@ NOT NULL REFERENCES recruitment_applications (id),
  round_id       @INT@ NOT NULL REFERENCES publicity_rounds (id),
  filed_at       @INT@ NOT NULL,
  name           TEXT NOT NULL,
  contact        TEXT NOT NULL,
  content        TEXT NOT NULL,
  ip             TEXT NOT NULL DEFAULT '',
  status         TEXT NOT NULL CHECK (status IN ('open', 'upheld', 'dismissed')),
  decision_note  TEXT NOT NULL DEFAULT '',
  decided_by     @INT@ REFERENCES users (id),
  decided_at     @INT@
) @STRICT@;
CREATE INDEX objections_application ON objections (application_id);

-- Institution codes (CODES.md): a serial per district and type letter,
-- taken with INSERT … ON CONFLICT DO UPDATE … RETURNING (a row lock until
-- commit) inside the approving transaction.
CREATE TABLE institution_code_counters (
  district_code TEXT NOT NULL REFERENCES regions (code),
  type_letter   TEXT NOT NULL,
  last_serial   @INT@ NOT NULL,
  PRIMARY KEY (district_code, type_letter)
) @STRICT@;

-- The approved scope (R-INS-5): what an institution may assess.
CREATE TABLE institution_projects (
  institution_id @INT@ NOT NULL REFERENCES institutions (id),
  project_code   TEXT NOT NULL REFERENCES catalog_projects (code),
  application_id @INT@ REFERENCES recruitment_applications (id),
  approved_at    @INT@ NOT NULL,
  PRIMARY KEY (institution_id, project_code)
) @STRICT@;

CREATE TABLE notifications (
  id       @ID@,
  user_id  @INT@ NOT NULL REFERENCES users (id),
  at       @INT@ NOT NULL,
  title    TEXT NOT NULL,
  body     TEXT NOT NULL DEFAULT '',
  link     TEXT NOT NULL DEFAULT '',
  read_at  @INT@
) @STRICT@;
CREATE INDEX notifications_user ON notifications (user_id, at);

-- Institutions of the demo data were approved before this table existed:
-- the code counters start after them (a no-op on a fresh database).
INSERT INTO institution_code_counters (district_code, type_letter, last_serial)
  SELECT district_code, substr(code, 8, 1), MAX(CAST(substr(code, 9, 3) AS INTEGER))
  FROM institutions WHERE code IS NOT NULL
  GROUP BY district_code, substr(code, 8, 1);

-- The shipped default selection criteria (R-INS-6, domain::DefaultCriteria):
-- 100 points, the required ones must be judged met.
INSERT INTO evaluation_criteria (key, title, max_points, required, position, active) VALUES
  ('legal_qualification', '法人资格合法有效', 10, 1, 1, 1),
  ('credit', '信用状况良好，无不良记录', 10, 1, 2, 1),
  ('venue_equipment', '考核场地与设施设备', 15, 0, 3, 1),
  ('examiner_team', '考评人员队伍', 15, 0, 4, 1),
  ('question_bank', '题库（每个项目不少于 5 套）', 15, 1, 5, 1),
  ('management_rules', '考核管理制度', 10, 0, 6, 1),
  ('training_capability', '培训能力', 15, 0, 7, 1),
  ('assessment_experience', '考核评价工作经验', 10, 0, 8, 1);

-- The receipt (回执) generated on approval, content-addressed like every
-- file, and the civil date it states.
ALTER TABLE recruitment_applications ADD COLUMN approved_on TEXT;
ALTER TABLE recruitment_applications ADD COLUMN receipt_sha256 TEXT REFERENCES files (sha256);

-- The province publishes a report; its institutions then enter the public
-- directory (institutions.listed_at).
ALTER TABLE province_reports ADD COLUMN published_at @INT@;
ALTER TABLE province_reports ADD COLUMN published_by @INT@ REFERENCES users (id);
ALTER TABLE institutions ADD COLUMN listed_at @INT@;
-- Institutions approved before the platform carry a code already: listed.
UPDATE institutions SET listed_at = created_at WHERE code IS NOT NULL;

-- The per-IP objection rate limit counts recent rows of one address.
CREATE INDEX objections_ip ON objections (ip, filed_at);
CREATE INDEX application_materials_file ON application_materials (file_sha256);
