-- When a session really went live and really ended: the record counts from the first, and the second frees the
-- rest of a slot a session left early. NULL until it happens.
ALTER TABLE sessions ADD COLUMN live_at TEXT;
ALTER TABLE sessions ADD COLUMN ended_at TEXT;
UPDATE sessions SET live_at = (
  SELECT MIN(at) FROM audit_log a
  WHERE a.session_id = sessions.id AND a.action = 'session.transition' AND json_extract(a.detail_json, '$.to') = 'live'
);
UPDATE sessions SET ended_at = (
  SELECT MIN(at) FROM audit_log a
  WHERE a.session_id = sessions.id AND a.action = 'session.transition' AND json_extract(a.detail_json, '$.to') = 'ended'
);
-- A generated session whose theme staff changed by hand keeps it when the month's planned theme changes.
ALTER TABLE sessions ADD COLUMN theme_by_hand INTEGER NOT NULL DEFAULT 0;
UPDATE sessions SET theme_by_hand = 1 WHERE occurrence_key IS NOT NULL AND EXISTS (
  SELECT 1 FROM audit_log a
  WHERE a.session_id = sessions.id AND a.action = 'session.update' AND EXISTS (
    SELECT 1 FROM json_each(a.detail_json, '$.fields') f WHERE f.value = 'theme'
  )
);
