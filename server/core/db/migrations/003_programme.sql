-- The monthly programme: each unit's recurring rule and its plan of themes by month.
CREATE TABLE unit_programmes (
  unit_id    INTEGER PRIMARY KEY REFERENCES units (id),
  rule_json  TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE theme_plans (
  unit_id   INTEGER NOT NULL REFERENCES units (id),
  month_key TEXT NOT NULL,
  theme     TEXT NOT NULL,
  PRIMARY KEY (unit_id, month_key)
);

-- When questions open; until now that was a manual step.
ALTER TABLE sessions ADD COLUMN opens_at TEXT;
UPDATE sessions SET opens_at = strftime('%Y-%m-%dT%H:%M:%fZ', starts_at, '-7 days');
-- Which month's occurrence of the unit's rule a generated session is; NULL for sessions planned by hand.
ALTER TABLE sessions ADD COLUMN occurrence_key TEXT;
CREATE UNIQUE INDEX sessions_occurrence ON sessions (unit_id, occurrence_key) WHERE occurrence_key IS NOT NULL;
-- A recording published elsewhere (the unit's YouTube upload, say), for the archive page.
ALTER TABLE sessions ADD COLUMN archive_video_url TEXT;
