-- Readiness writes its time here: a database that cannot take a write (disk full, read-only file or folder) fails
-- the probe even though reads still work.
CREATE TABLE health_probe (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  checked_at TEXT NOT NULL
);

-- Scheduled backups. Every process on the database reads the newest run to decide whether one is due, so several
-- processes take one backup per interval between them, and administrators see the same history whichever answers.
CREATE TABLE backup_runs (
  id          INTEGER PRIMARY KEY,
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  status      TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'ok', 'failed')),
  file        TEXT NOT NULL,
  size_bytes  INTEGER,
  error       TEXT
);
CREATE INDEX backup_runs_started ON backup_runs (started_at);
