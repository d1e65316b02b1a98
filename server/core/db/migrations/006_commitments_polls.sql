-- A promise made on air, tracked like a written answer.
CREATE TABLE commitments (
  id         INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions (id),
  segment_id INTEGER REFERENCES transcript_segments (id),
  at_ms      INTEGER NOT NULL CHECK (at_ms >= 0),
  text       TEXT NOT NULL,
  owner      TEXT NOT NULL,
  due_day    TEXT NOT NULL,
  status     TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'kept')),
  kept_at    TEXT,
  kept_note  TEXT,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX commitments_session ON commitments (session_id);

CREATE TABLE polls (
  id         INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions (id),
  question   TEXT NOT NULL,
  multiple   INTEGER NOT NULL DEFAULT 0,
  -- Residents choosing the theme of next month's session; the result is offered when planning.
  theme_poll INTEGER NOT NULL DEFAULT 0,
  status     TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
  -- Numbers each published state, so a client keeps the newest whatever order messages arrive in.
  revision   INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE INDEX polls_session ON polls (session_id);

CREATE TABLE poll_options (
  id       INTEGER PRIMARY KEY,
  poll_id  INTEGER NOT NULL REFERENCES polls (id),
  label    TEXT NOT NULL,
  position INTEGER NOT NULL
);
CREATE INDEX poll_options_poll ON poll_options (poll_id, position);

CREATE TABLE poll_votes (
  poll_id     INTEGER NOT NULL REFERENCES polls (id),
  option_id   INTEGER NOT NULL REFERENCES poll_options (id),
  resident_id TEXT NOT NULL,
  PRIMARY KEY (poll_id, resident_id, option_id)
) WITHOUT ROWID;
