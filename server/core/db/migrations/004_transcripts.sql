CREATE TABLE transcript_segments (
  id           INTEGER PRIMARY KEY,
  session_id   INTEGER NOT NULL REFERENCES sessions (id),
  start_ms     INTEGER NOT NULL CHECK (start_ms >= 0),
  end_ms       INTEGER NOT NULL CHECK (end_ms >= start_ms),
  speaker_name TEXT,
  speaker_role TEXT,
  text         TEXT NOT NULL,
  source       TEXT NOT NULL CHECK (source IN ('captioner', 'livekit', 'import')),
  -- LiveKit's segment id: a segment re-sent by the agent is stored once.
  external_id  TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
);
CREATE INDEX transcript_session_time ON transcript_segments (session_id, start_ms);
CREATE UNIQUE INDEX transcript_external ON transcript_segments (session_id, source, external_id) WHERE external_id IS NOT NULL;

-- Full-text search over folded text (no diacritics, đ → d, lower case), which FTS5's own remove_diacritics
-- cannot do for "đ". Row ids: 2 × segment id for segments, 2 × question id + 1 for public questions.
CREATE VIRTUAL TABLE search_index USING fts5 (folded, session_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 0');
