-- Certificates (专项职业能力证书, R-EXA-12 and CODES.md): gap-free numbers
-- per institution and year, the signed electronic record, revocation, and
-- the status list index. The signed record is rebuilt from these columns
-- (domain::CanonicalJson), so verifying needs no JSON parsing.

-- Serials: INSERT … ON CONFLICT DO UPDATE … RETURNING in the issuing
-- transaction locks the row until commit, so numbers are gap-free and
-- unique across threads and processes.
CREATE TABLE certificate_serials (
  institution_id @INT@ NOT NULL REFERENCES institutions (id),
  year           @INT@ NOT NULL,
  last_serial    @INT@ NOT NULL,
  PRIMARY KEY (institution_id, year)
) @STRICT@;

-- One row: the last status-list index handed out.
CREATE TABLE certificate_status_counter (
  id         @INT@ PRIMARY KEY CHECK (id = 1),
  last_index @INT@ NOT NULL
) @STRICT@;

CREATE TABLE certificates (
  id               @ID@,
  number           TEXT NOT NULL UNIQUE,
  institution_id   @INT@ NOT NULL REFERENCES institutions (id),
  year             @INT@ NOT NULL,
  serial           @INT@ NOT NULL,
  -- At most one certificate per registration (R-EXA-12).
  registration_id  @INT@ UNIQUE REFERENCES registrations (id),
  person_id        @INT@ REFERENCES persons (id),
  holder_name      TEXT NOT NULL,
  id_type          TEXT NOT NULL,
  id_masked        TEXT NOT NULL,
  id_salt          TEXT NOT NULL,
  id_hash          TEXT NOT NULL,
  project_code     TEXT NOT NULL,
  project_name     TEXT NOT NULL,
  institution_code TEXT NOT NULL,
  institution_name TEXT NOT NULL,
  result           TEXT NOT NULL,
  issue_date       TEXT NOT NULL,
  key_id           TEXT NOT NULL,
  status_index     @INT@ NOT NULL UNIQUE,
  signature        TEXT NOT NULL,           -- base64url Ed25519 over the record
  state            TEXT NOT NULL CHECK (state IN ('valid', 'revoked')),
  issued_at        @INT@ NOT NULL,
  issued_by        @INT@ REFERENCES users (id),
  revoked_at       @INT@,
  revoked_by       @INT@ REFERENCES users (id),
  revoke_reason    TEXT,
  UNIQUE (institution_id, year, serial)
) @STRICT@;
CREATE INDEX certificates_person ON certificates (person_id);
CREATE INDEX certificates_revoked ON certificates (state) WHERE state = 'revoked';
