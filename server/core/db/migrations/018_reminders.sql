-- Issue 18: reminders asked for on the programme page, the day before and an hour before a session, by e-mail.

-- One reminder per resident per session, with the consent given in the same place and an address confirmed by a
-- code sent once (only its hash is kept). Used for that session's reminders alone, and deleted once it has ended.
-- AUTOINCREMENT: a deleted reminder's id (and so its messages' keys, `remind_day:<id>`) is never given again.
CREATE TABLE reminders (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id     INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  resident_id    TEXT NOT NULL,
  address        TEXT NOT NULL,
  lang           TEXT NOT NULL DEFAULT 'vi' CHECK (lang IN ('vi', 'en')),
  consent_at     TEXT NOT NULL,
  code_hash      TEXT,
  code_attempts  INTEGER NOT NULL DEFAULT 0,
  verified_at    TEXT,
  stop_token     TEXT NOT NULL UNIQUE,
  UNIQUE (session_id, resident_id)
);

-- The outbox carries a reminder's messages too: a notification now tells of a question or of a reminder, never
-- both. SQLite cannot loosen a NOT NULL in place, so the table is rebuilt with its rows, ids and indexes.
-- Its ids become AUTOINCREMENT: rows are deleted while a worker may still be sending them (erasure, a stop, an
-- ended session), and a plain rowid would give the deleted id to the next row, which that worker's late "sent"
-- would then mark without sending it.
CREATE TABLE notifications_new (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  key          TEXT NOT NULL UNIQUE,
  question_id  INTEGER REFERENCES questions (id) ON DELETE CASCADE,
  reminder_id  INTEGER REFERENCES reminders (id) ON DELETE CASCADE,
  kind         TEXT NOT NULL,
  params       TEXT NOT NULL DEFAULT '{}',
  state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'dead')),
  attempts     INTEGER NOT NULL DEFAULT 0,
  next_at      TEXT NOT NULL,
  last_error   TEXT,
  created_at   TEXT NOT NULL,
  sent_at      TEXT,
  channel      TEXT,
  CHECK ((question_id IS NULL) <> (reminder_id IS NULL))
);
INSERT INTO notifications_new (id, key, question_id, kind, params, state, attempts, next_at, last_error, created_at, sent_at, channel)
  SELECT id, key, question_id, kind, params, state, attempts, next_at, last_error, created_at, sent_at, channel FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE INDEX notifications_due ON notifications (state, next_at);
CREATE INDEX notifications_question ON notifications (question_id);
CREATE INDEX notifications_reminder ON notifications (reminder_id);
