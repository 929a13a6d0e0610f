-- The change sequence: one row per appointment write, numbered at commit under the counter's row
-- lock, so change ids become visible in order and "changes since N" never skips a later commit.
CREATE TABLE cs_appointment_change (
  change_id      BIGINT NOT NULL PRIMARY KEY,
  appointment_id VARCHAR NOT NULL,
  clinician_id   VARCHAR NOT NULL,
  kind           VARCHAR(10) NOT NULL
);

CREATE TABLE cs_change_counter (
  id          INTEGER NOT NULL PRIMARY KEY,
  last_change BIGINT NOT NULL
);
INSERT INTO cs_change_counter (id, last_change) VALUES (1, 0);

-- H2 has no advisory locks: a clinician's lock is its row here, locked until the transaction ends.
CREATE TABLE cs_clinician_lock (
  clinician_id VARCHAR NOT NULL PRIMARY KEY,
  locks        BIGINT NOT NULL
);
