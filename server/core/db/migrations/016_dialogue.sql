-- Dialogues with residents (Law on Organisation of Local Government 2025, Art. 43): the public notice, the
-- results report with its sign-offs, and residents' requests for a dialogue.

-- A session is public only once its notice is published; every session that existed was already public.
ALTER TABLE sessions ADD COLUMN notice_at TEXT;
UPDATE sessions SET notice_at = created_at;

-- The unit's number of voters, set by an administrator: 10% of it may ask for a dialogue.
ALTER TABLE units ADD COLUMN voter_count INTEGER CHECK (voter_count IS NULL OR voter_count > 0);

-- One results report per ended session, due 10 days after it really ended: signed off by the secretary and the
-- chair, then published.
CREATE TABLE session_results (
  session_id            INTEGER PRIMARY KEY REFERENCES sessions (id),
  due_at                TEXT NOT NULL,
  summary               TEXT NOT NULL DEFAULT '',
  groups_json           TEXT NOT NULL DEFAULT '[]',
  secretary_signed_by   TEXT,
  secretary_signed_at   TEXT,
  chair_signed_by       TEXT,
  chair_signed_at       TEXT,
  published_at          TEXT,
  updated_at            TEXT NOT NULL
);

CREATE TABLE dialogue_requests (
  id           INTEGER PRIMARY KEY,
  unit_id      INTEGER NOT NULL REFERENCES units (id),
  theme        TEXT NOT NULL,
  reason       TEXT NOT NULL DEFAULT '',
  status       TEXT NOT NULL CHECK (status IN ('open', 'accepted', 'declined')) DEFAULT 'open',
  outcome      TEXT,
  session_id   INTEGER REFERENCES sessions (id),
  backer_count INTEGER NOT NULL DEFAULT 0 CHECK (backer_count >= 0),
  -- The author's resident id, only to limit how many requests one browser starts; never shown.
  created_by   TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  decided_at   TEXT
);
CREATE INDEX dialogue_requests_unit ON dialogue_requests (unit_id, created_at);

-- Who backs a request: a browser's resident id, once; the author backs their own request.
CREATE TABLE dialogue_request_backers (
  request_id  INTEGER NOT NULL REFERENCES dialogue_requests (id),
  resident_id TEXT NOT NULL,
  backed_at   TEXT NOT NULL,
  PRIMARY KEY (request_id, resident_id)
) WITHOUT ROWID;
