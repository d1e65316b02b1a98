-- Issue 18: how a resident who asked is told what happened to their question.

-- One contact per question, left by its asker (or recorded by staff with the asker's consent) and used for that
-- question's news alone (Law 91/2025/QH15 Art. 9: purpose-bound, minimal). Deleted with the question, on erasure,
-- and a grace period after the follow-up closes.
CREATE TABLE contacts (
  question_id       INTEGER PRIMARY KEY REFERENCES questions (id) ON DELETE CASCADE,
  channel           TEXT NOT NULL CHECK (channel IN ('email', 'zalo', 'sms')),
  address           TEXT NOT NULL,
  lang              TEXT NOT NULL DEFAULT 'vi' CHECK (lang IN ('vi', 'en')),
  -- Who gave consent: 'asker', or the staff member who recorded it on the asker's word.
  consent_by        TEXT NOT NULL,
  consent_at        TEXT NOT NULL,
  -- The verification code is sent once; only its hash is kept.
  code_hash         TEXT,
  code_attempts     INTEGER NOT NULL DEFAULT 0,
  verified_at       TEXT,
  -- The one-click way to stop: a random token in every message.
  stop_token        TEXT NOT NULL UNIQUE,
  stopped_at        TEXT
);

-- The transactional outbox: a row is written in the same transaction as the change it tells of, and a worker
-- delivers it afterwards. `key` makes each notification unique, so a change retried or replayed enqueues it once,
-- and it travels with the message (Message-ID, tracking id) so a delivery retried after a crash can be recognised.
CREATE TABLE notifications (
  id           INTEGER PRIMARY KEY,
  key          TEXT NOT NULL UNIQUE,
  question_id  INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
  kind         TEXT NOT NULL,
  params       TEXT NOT NULL DEFAULT '{}',
  state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'dead')),
  attempts     INTEGER NOT NULL DEFAULT 0,
  next_at      TEXT NOT NULL,
  last_error   TEXT,
  created_at   TEXT NOT NULL,
  sent_at      TEXT,
  channel      TEXT
);
CREATE INDEX notifications_due ON notifications (state, next_at);
CREATE INDEX notifications_question ON notifications (question_id);

-- A channel's rotating credentials: Zalo's refresh token works once, so each new one must outlive a restart.
CREATE TABLE channel_tokens (
  channel        TEXT PRIMARY KEY,
  access_token   TEXT NOT NULL,
  refresh_token  TEXT NOT NULL,
  expires_at     TEXT NOT NULL
);
