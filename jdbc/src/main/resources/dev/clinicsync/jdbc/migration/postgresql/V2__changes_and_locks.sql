-- The change sequence: one row per appointment write, numbered at commit under the counter's row
-- lock, so change ids become visible in order and "changes since N" never skips a later commit.
-- (Clinician locks are advisory transaction locks on PostgreSQL: no table.)
CREATE TABLE cs_appointment_change (
  change_id      BIGINT NOT NULL PRIMARY KEY,
  appointment_id TEXT NOT NULL,
  clinician_id   TEXT NOT NULL,
  kind           VARCHAR(10) NOT NULL
);

CREATE TABLE cs_change_counter (
  id          INTEGER NOT NULL PRIMARY KEY,
  last_change BIGINT NOT NULL
);
INSERT INTO cs_change_counter (id, last_change) VALUES (1, 0);
