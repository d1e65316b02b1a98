-- Law 91/2025/QH15 Art. 9 and 16: an asker's name is published only when they chose it (or staff recorded another
-- basis), no longer whenever "anonymous" was left unticked. Rows from before keep what they showed: a name was
-- public iff the question was not anonymous; their basis says so.
ALTER TABLE questions ADD COLUMN name_public INTEGER NOT NULL DEFAULT 0 CHECK (name_public IN (0, 1));
ALTER TABLE questions ADD COLUMN name_basis TEXT
  CHECK (name_basis IN ('asker_choice', 'written_consent', 'oral_consent', 'law', 'earlier_form'));
UPDATE questions SET name_public = 1, name_basis = 'earlier_form' WHERE anonymous = 0 AND author_name IS NOT NULL;
ALTER TABLE questions DROP COLUMN anonymous;

-- Who controls the data (Art. 9): the unit, and how a resident reaches it.
ALTER TABLE units ADD COLUMN contact_address TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN contact_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN contact_email TEXT NOT NULL DEFAULT '';

-- When the resident ids of a session's questions and votes were replaced by unlinked ones (retention).
ALTER TABLE sessions ADD COLUMN residents_detached_at TEXT;

-- A data subject's request received outside the platform (a letter, the ward office), due two working days later.
CREATE TABLE privacy_requests (
  id           INTEGER PRIMARY KEY,
  unit_id      INTEGER NOT NULL REFERENCES units (id),
  kind         TEXT NOT NULL CHECK (kind IN ('access', 'correct', 'erase', 'restrict', 'object', 'withdraw_consent', 'other')),
  channel      TEXT NOT NULL CHECK (channel IN ('letter', 'office', 'hotline', 'email', 'other')),
  -- The requester's name and how to answer them: needed to do what they ask.
  requester    TEXT NOT NULL,
  details      TEXT NOT NULL DEFAULT '',
  received_day TEXT NOT NULL,
  due_day      TEXT NOT NULL,
  done_at      TEXT,
  outcome      TEXT,
  created_by   TEXT NOT NULL,
  created_at   TEXT NOT NULL
);
CREATE INDEX privacy_requests_open ON privacy_requests (unit_id, done_at, due_day);
