-- The write queue (outbox). No PHI: a job holds ids, its idempotency key, PHI-free attributes
-- (an ETag, a projection name; one length-prefixed text, see Codec) and a PHI-free last error.
-- Instants are epoch seconds plus nanoseconds, as in V1.
CREATE SEQUENCE cs_write_job_seq START WITH 1 INCREMENT BY 1;

CREATE TABLE cs_write_job (
  job_id         TEXT NOT NULL PRIMARY KEY,
  seq            BIGINT NOT NULL UNIQUE,
  target         TEXT NOT NULL,
  idem_key       TEXT NOT NULL,
  appointment_id TEXT NOT NULL,
  operation      VARCHAR(10) NOT NULL,
  attributes     TEXT NOT NULL,
  state          VARCHAR(10) NOT NULL,
  attempts       INTEGER NOT NULL,
  created_s      BIGINT NOT NULL,
  created_n      INTEGER NOT NULL,
  not_before_s   BIGINT NOT NULL,
  not_before_n   INTEGER NOT NULL,
  claimed_by     TEXT,
  claim_s        BIGINT,
  claim_n        INTEGER,
  last_error     TEXT
);
-- the head of each ordering key (target, idempotency key) and the newest job of a key
CREATE INDEX cs_write_job_key ON cs_write_job (target, idem_key, seq);
CREATE INDEX cs_write_job_due ON cs_write_job (target, state, not_before_s);

-- One row per ordering key ever enqueued, locked by every enqueue of the key until its
-- transaction ends: a key's jobs get their sequence numbers in commit order.
CREATE TABLE cs_write_key (
  target   TEXT NOT NULL,
  idem_key TEXT NOT NULL,
  enqueues BIGINT NOT NULL,
  PRIMARY KEY (target, idem_key)
);
