-- Every question gets a code residents can quote and look up: TD-YYYY-MM-NNNN, numbered per month (Hanoi time).
ALTER TABLE questions ADD COLUMN tracking_code TEXT;
UPDATE questions SET tracking_code = (
  SELECT 'TD-' || strftime('%Y-%m', q2.created_at, '+7 hours') || '-' || printf('%04d', q2.n)
  FROM (SELECT id, created_at, row_number() OVER (PARTITION BY strftime('%Y-%m', created_at, '+7 hours') ORDER BY id) AS n FROM questions) q2
  WHERE q2.id = questions.id
);
CREATE UNIQUE INDEX questions_tracking_code ON questions (tracking_code);
-- Where the question came from: this platform, or a channel staff typed it in from.
ALTER TABLE questions ADD COLUMN channel TEXT NOT NULL DEFAULT 'online'
  CHECK (channel IN ('online', 'hotline', 'letter', 'office', 'messaging'));
-- The same case's code in another system (the city's feedback app, say).
ALTER TABLE questions ADD COLUMN external_ref TEXT;
ALTER TABLE questions ADD COLUMN merged_into INTEGER REFERENCES questions (id);

-- Weekday holidays and worked weekend days; every other day follows Monday-to-Friday.
CREATE TABLE calendar_days (
  date TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('holiday', 'working')),
  name TEXT NOT NULL
);

CREATE TABLE departments (
  id      INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units (id),
  name    TEXT NOT NULL,
  UNIQUE (unit_id, name)
);

-- Working days each urgency allows, per unit.
CREATE TABLE urgency_allowances (
  unit_id      INTEGER NOT NULL REFERENCES units (id),
  urgency      TEXT NOT NULL CHECK (urgency IN ('urgent', 'normal', 'complex')),
  working_days INTEGER NOT NULL CHECK (working_days BETWEEN 1 AND 90),
  PRIMARY KEY (unit_id, urgency)
);

-- The fate of a question that was not answered live.
CREATE TABLE followups (
  question_id     INTEGER PRIMARY KEY REFERENCES questions (id),
  session_id      INTEGER NOT NULL REFERENCES sessions (id),
  fate            TEXT NOT NULL CHECK (fate IN ('written', 'merged', 'closed')),
  status          TEXT NOT NULL CHECK (status IN ('assigned', 'answered', 'closed')),
  department_id   INTEGER REFERENCES departments (id),
  urgency         TEXT CHECK (urgency IN ('urgent', 'normal', 'complex')),
  received_at     TEXT,
  due_day         TEXT,
  close_reason    TEXT,
  answer_text     TEXT,
  answered_at     TEXT,
  answered_by     TEXT,
  attachment_name TEXT,
  attachment_file TEXT,
  attachment_mime TEXT,
  attachment_size INTEGER,
  rating          TEXT CHECK (rating IN ('satisfied', 'partly', 'not_satisfied')),
  rating_comment  TEXT,
  rated_at        TEXT,
  reopened_at     TEXT,
  reopen_reason   TEXT,
  asker_seen      INTEGER NOT NULL DEFAULT 0,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);
CREATE INDEX followups_status_due ON followups (status, due_day);

-- The public history of a follow-up: every assignment and hand-over with its reason, the answer, the rating.
CREATE TABLE followup_events (
  id          INTEGER PRIMARY KEY,
  question_id INTEGER NOT NULL REFERENCES questions (id),
  kind        TEXT NOT NULL,
  at          TEXT NOT NULL,
  actor       TEXT NOT NULL,
  from_dept   TEXT,
  to_dept     TEXT,
  reason      TEXT
);
CREATE INDEX followup_events_question ON followup_events (question_id, id);
