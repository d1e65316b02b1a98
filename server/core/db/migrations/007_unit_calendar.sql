-- The national calendar (calendar_days: the Labour Code's holidays, filled in by the server, and the rows set before
-- units had their own) is common to every unit. What a unit's administrator changes is kept here and counts only
-- for that unit, overriding the national day of the same date.
CREATE TABLE unit_calendar_days (
  unit_id INTEGER NOT NULL REFERENCES units (id),
  date    TEXT NOT NULL,
  kind    TEXT NOT NULL CHECK (kind IN ('holiday', 'working')),
  name    TEXT NOT NULL,
  PRIMARY KEY (unit_id, date)
);
