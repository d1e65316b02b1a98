-- Live video through LiveKit: rooms, stage, recordings and restreams, OBS inputs and the webhook log.

ALTER TABLE sessions ADD COLUMN external_stream_url TEXT;

-- One LiveKit room per session; the audience is counted from LiveKit's webhooks.
CREATE TABLE media_rooms (
  session_id    INTEGER PRIMARY KEY REFERENCES sessions (id),
  room_name     TEXT NOT NULL UNIQUE,
  status        TEXT NOT NULL CHECK (status IN ('creating', 'open', 'failed', 'closed')),
  error         TEXT,
  audience_now  INTEGER NOT NULL DEFAULT 0,
  audience_peak INTEGER NOT NULL DEFAULT 0,
  updated_at    TEXT NOT NULL
);

-- Who is in a room now, by LiveKit identity, so a repeated or reordered join never counts twice.
CREATE TABLE media_participants (
  session_id INTEGER NOT NULL REFERENCES sessions (id),
  identity   TEXT NOT NULL,
  joined_at  TEXT NOT NULL,
  PRIMARY KEY (session_id, identity)
) WITHOUT ROWID;

-- A resident's raised hand and a moderator's invitation: publishing is granted only while both hold.
CREATE TABLE media_stage (
  session_id     INTEGER NOT NULL REFERENCES sessions (id),
  resident_id    TEXT NOT NULL,
  resident_tag   TEXT NOT NULL,
  hand_raised_at TEXT NOT NULL,
  invited_at     TEXT,
  invited_by     TEXT,
  PRIMARY KEY (session_id, resident_id)
);

-- Participants a moderator removed: they get no new token for that session.
CREATE TABLE media_removed (
  session_id INTEGER NOT NULL REFERENCES sessions (id),
  identity   TEXT NOT NULL,
  removed_by TEXT NOT NULL,
  removed_at TEXT NOT NULL,
  PRIMARY KEY (session_id, identity)
) WITHOUT ROWID;

-- Restream destinations; the stream key never leaves the server.
CREATE TABLE media_stream_targets (
  id         INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions (id),
  platform   TEXT NOT NULL CHECK (platform IN ('youtube', 'facebook', 'other')),
  rtmp_url   TEXT NOT NULL,
  stream_key TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX media_stream_targets_session ON media_stream_targets (session_id);

-- Recordings (the archive's MP4) and restreams, with LiveKit's status and the resulting file.
CREATE TABLE media_egress (
  egress_id     TEXT PRIMARY KEY,
  session_id    INTEGER NOT NULL REFERENCES sessions (id),
  kind          TEXT NOT NULL CHECK (kind IN ('recording', 'restream')),
  status        TEXT NOT NULL,
  error         TEXT,
  file_location TEXT,
  file_size     INTEGER,
  duration_ms   INTEGER,
  started_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
CREATE INDEX media_egress_session ON media_egress (session_id);

-- OBS inputs created for a session.
CREATE TABLE media_ingress (
  ingress_id TEXT PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions (id),
  type       TEXT NOT NULL CHECK (type IN ('rtmp', 'whip')),
  url        TEXT NOT NULL,
  stream_key TEXT NOT NULL,
  status     TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX media_ingress_session ON media_ingress (session_id);

-- LiveKit retries webhooks: each event id is applied once.
CREATE TABLE media_webhook_events (
  event_id    TEXT PRIMARY KEY,
  event       TEXT NOT NULL,
  received_at TEXT NOT NULL
);
