-- Times are ISO-8601 UTC strings ('2026-12-18T07:00:00.000Z'): they sort as text and read well in a dump.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE units (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE staff_users (
  id            INTEGER PRIMARY KEY,
  unit_id       INTEGER NOT NULL REFERENCES units (id),
  username      TEXT NOT NULL UNIQUE,
  display_name  TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('moderator', 'chair', 'admin')),
  password_hash TEXT NOT NULL,
  active        INTEGER NOT NULL DEFAULT 1,
  created_at    TEXT NOT NULL
);

-- A staff sign-in; the cookie holds the token, the table only its hash.
CREATE TABLE staff_logins (
  token_hash TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);

CREATE TABLE sessions (
  id             INTEGER PRIMARY KEY,
  unit_id        INTEGER NOT NULL REFERENCES units (id),
  title          TEXT NOT NULL,
  theme          TEXT NOT NULL,
  description    TEXT NOT NULL DEFAULT '',
  officials_json TEXT NOT NULL DEFAULT '[]',
  starts_at      TEXT NOT NULL,
  ends_at        TEXT NOT NULL,
  state          TEXT NOT NULL CHECK (state IN ('scheduled', 'open', 'live', 'ended')),
  premoderated   INTEGER NOT NULL DEFAULT 1,
  -- Each audience's feed is numbered so a client can tell a missed broadcast from a late one.
  public_version INTEGER NOT NULL DEFAULT 0,
  staff_version  INTEGER NOT NULL DEFAULT 0,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);
CREATE INDEX sessions_unit_start ON sessions (unit_id, starts_at);

CREATE TABLE questions (
  id            INTEGER PRIMARY KEY,
  session_id    INTEGER NOT NULL REFERENCES sessions (id),
  resident_id   TEXT NOT NULL,
  client_key    TEXT NOT NULL,
  text          TEXT NOT NULL,
  original_text TEXT,
  author_name   TEXT,
  anonymous     INTEGER NOT NULL DEFAULT 0,
  topic         TEXT,
  status        TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'on_stage', 'answered')),
  reject_reason TEXT,
  reject_note   TEXT,
  vote_count    INTEGER NOT NULL DEFAULT 0 CHECK (vote_count >= 0),
  created_at    TEXT NOT NULL,
  staged_at     TEXT,
  answered_at   TEXT,
  UNIQUE (resident_id, client_key)
);
CREATE INDEX questions_session_status ON questions (session_id, status);
CREATE UNIQUE INDEX questions_one_on_stage ON questions (session_id) WHERE status = 'on_stage';

CREATE TABLE votes (
  question_id INTEGER NOT NULL REFERENCES questions (id),
  resident_id TEXT NOT NULL,
  PRIMARY KEY (question_id, resident_id)
) WITHOUT ROWID;
CREATE INDEX votes_resident ON votes (resident_id, question_id);

CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  unit_id     INTEGER,
  session_id  INTEGER,
  question_id INTEGER,
  actor       TEXT NOT NULL,
  action      TEXT NOT NULL,
  detail_json TEXT NOT NULL DEFAULT '{}',
  at          TEXT NOT NULL
);
CREATE INDEX audit_log_session ON audit_log (session_id, id);

CREATE TRIGGER audit_log_is_append_only_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_is_append_only_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
