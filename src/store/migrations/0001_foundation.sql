-- Foundation: regions, the working-day calendar, content-addressed files,
-- the assessment catalog. Times are Unix milliseconds (UTC); civil dates are
-- ISO 'YYYY-MM-DD' text. Dialect tokens: see store/migrate.hpp.

CREATE TABLE regions (
  code        TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  level       TEXT NOT NULL CHECK (level IN ('province', 'city', 'district')),
  parent_code TEXT REFERENCES regions (code)
) @STRICT@;

-- A year is covered only when its row exists: the calendar never guesses.
CREATE TABLE calendar_years (
  year       @INT@ PRIMARY KEY,
  source     TEXT NOT NULL,
  updated_at @INT@ NOT NULL
) @STRICT@;

-- Exceptions to Monday-Friday: public holidays (off) and make-up days (work).
CREATE TABLE calendar_days (
  day  TEXT PRIMARY KEY,
  year @INT@ NOT NULL REFERENCES calendar_years (year) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('off', 'work')),
  name TEXT NOT NULL
) @STRICT@;
CREATE INDEX calendar_days_year ON calendar_days (year);

-- Metadata of content-addressed files kept under <data>/files/.
CREATE TABLE files (
  sha256     TEXT PRIMARY KEY,
  size_bytes @INT@ NOT NULL,
  media_type TEXT NOT NULL,
  created_at @INT@ NOT NULL
) @STRICT@;

CREATE TABLE catalog_projects (
  id               @ID@,
  code             TEXT NOT NULL UNIQUE,
  name             TEXT NOT NULL UNIQUE,
  category         TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('active', 'retired')),
  catalog_version  TEXT NOT NULL,
  spec_file_sha256 TEXT REFERENCES files (sha256),
  spec_file_name   TEXT,
  created_at       @INT@ NOT NULL,
  updated_at       @INT@ NOT NULL,
  retired_at       @INT@
) @STRICT@;
CREATE INDEX catalog_projects_category ON catalog_projects (category, code);
