-- Identity: institutions (the minimum accounts are bound to; recruitment
-- extends them), people, accounts, sessions, login log, and the
-- hash-chained operation log with its signed Merkle checkpoints.

CREATE TABLE institutions (
  id            @ID@,
  code          TEXT UNIQUE,              -- Z + division + type + serial, set on approval
  name          TEXT NOT NULL UNIQUE,
  credit_code   TEXT NOT NULL UNIQUE,     -- 统一社会信用代码, GB 32100
  type          TEXT NOT NULL CHECK (type IN ('enterprise', 'college', 'social_org', 'training')),
  district_code TEXT NOT NULL REFERENCES regions (code),
  status        TEXT NOT NULL CHECK (status IN ('applicant', 'active', 'suspended', 'removed')),
  legal_representative TEXT NOT NULL DEFAULT '',
  contact_name  TEXT NOT NULL DEFAULT '',
  contact_phone TEXT NOT NULL DEFAULT '',
  address       TEXT NOT NULL DEFAULT '',
  credit_status TEXT NOT NULL DEFAULT 'good' CHECK (credit_status IN ('good', 'bad_record')),
  created_at    @INT@ NOT NULL,
  updated_at    @INT@ NOT NULL
) @STRICT@;
CREATE INDEX institutions_district ON institutions (district_code);

-- A natural person known to the system (candidate, examiner, proctor,
-- supervisor). The ID number is stored encrypted; id_hash (keyed BLAKE2b)
-- finds duplicates without decrypting; id_masked is what screens show.
CREATE TABLE persons (
  id          @ID@,
  name        TEXT NOT NULL,
  id_type     TEXT NOT NULL CHECK (id_type IN ('resident_id', 'other')),
  id_hash     TEXT NOT NULL UNIQUE,
  id_cipher   @BLOB@ NOT NULL,
  id_masked   TEXT NOT NULL,
  birth_date  TEXT,
  phone       TEXT NOT NULL DEFAULT '',
  employer    TEXT NOT NULL DEFAULT '',
  created_at  @INT@ NOT NULL
) @STRICT@;

CREATE TABLE users (
  id                   @ID@,
  username             TEXT NOT NULL UNIQUE,
  phone                TEXT UNIQUE,
  display_name         TEXT NOT NULL,
  password_hash        TEXT NOT NULL,       -- argon2id, libsodium string form
  role                 TEXT NOT NULL,
  district_code        TEXT REFERENCES regions (code),
  institution_id       @INT@ REFERENCES institutions (id),
  person_id            @INT@ REFERENCES persons (id),
  must_change_password @INT@ NOT NULL DEFAULT 0,
  failed_logins        @INT@ NOT NULL DEFAULT 0,
  locked_until         @INT@ NOT NULL DEFAULT 0,
  disabled             @INT@ NOT NULL DEFAULT 0,
  created_by           @INT@ REFERENCES users (id),
  created_at           @INT@ NOT NULL,
  updated_at           @INT@ NOT NULL
) @STRICT@;
CREATE INDEX users_district ON users (district_code);
CREATE INDEX users_institution ON users (institution_id);

-- Server-side sessions, shared by every server process on one database.
-- The cookie carries a random token; only its SHA-256 is stored.
CREATE TABLE sessions (
  token_hash   TEXT PRIMARY KEY,
  user_id      @INT@ NOT NULL REFERENCES users (id),
  csrf_token   TEXT NOT NULL,
  created_at   @INT@ NOT NULL,
  last_seen_at @INT@ NOT NULL,
  expires_at   @INT@ NOT NULL,              -- absolute expiry
  ip           TEXT NOT NULL DEFAULT '',
  user_agent   TEXT NOT NULL DEFAULT '',
  revoked      @INT@ NOT NULL DEFAULT 0
) @STRICT@;
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_log (
  id          @ID@,
  at          @INT@ NOT NULL,
  username    TEXT NOT NULL,
  user_id     @INT@ REFERENCES users (id),
  success     @INT@ NOT NULL,
  reason      TEXT NOT NULL,
  ip          TEXT NOT NULL DEFAULT '',
  user_agent  TEXT NOT NULL DEFAULT '',
  district_code  TEXT,                     -- copied from the user, for scoped browsing
  institution_id @INT@
) @STRICT@;
CREATE INDEX login_log_at ON login_log (at);

-- The operation log: one row per state change, hash-chained
-- (entry_hash = SHA-256(prev_hash || canonical bytes of the entry)).
-- Personal data never enters it: ids and short summaries only.
CREATE TABLE audit_log (
  seq            @INT@ PRIMARY KEY,        -- 1, 2, 3, … without gaps
  at             @INT@ NOT NULL,
  user_id        @INT@,
  role           TEXT NOT NULL,
  action         TEXT NOT NULL,            -- e.g. catalog.retire
  target_type    TEXT NOT NULL,
  target_id      TEXT NOT NULL,
  summary        TEXT NOT NULL,            -- short before → after
  request_id     TEXT NOT NULL,
  district_code  TEXT,                     -- scope of the target, for browsing
  institution_id @INT@,
  prev_hash      TEXT NOT NULL,
  entry_hash     TEXT NOT NULL
) @STRICT@;
CREATE INDEX audit_log_at ON audit_log (at);

-- Signed checkpoints: RFC 6962 Merkle root over entry hashes 1..tree_size.
CREATE TABLE audit_checkpoints (
  tree_size  @INT@ PRIMARY KEY,
  root_hash  TEXT NOT NULL,
  signed_at  @INT@ NOT NULL,
  key_id     TEXT NOT NULL,
  signature  TEXT NOT NULL                 -- Ed25519, base64, over the checkpoint text
) @STRICT@;

-- The chain's head: one row, locked by every append so that appends from
-- several server processes serialize (SELECT … FOR UPDATE on PostgreSQL;
-- SQLite write transactions are exclusive anyway).
CREATE TABLE audit_head (
  id         @INT@ PRIMARY KEY CHECK (id = 1),
  seq        @INT@ NOT NULL,
  entry_hash TEXT NOT NULL
) @STRICT@;
INSERT INTO audit_head (id, seq, entry_hash)
  VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
