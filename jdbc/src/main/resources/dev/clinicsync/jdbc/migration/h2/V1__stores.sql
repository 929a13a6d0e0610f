-- ClinicSync stores, H2 2.x. No PHI: patients appear only as HMAC tokens, the vault keeps its own table.
-- Instants are epoch seconds plus nanoseconds, so every one reads back exactly.

CREATE TABLE cs_appointment (
  id                 VARCHAR NOT NULL PRIMARY KEY,
  source_system      VARCHAR(40) NOT NULL,
  source_external_id VARCHAR NOT NULL,
  source_version     VARCHAR,
  clinician_id       VARCHAR NOT NULL,
  vendor_provider_id VARCHAR,
  patient_token      VARCHAR,
  start_s            BIGINT NOT NULL,
  start_n            INTEGER NOT NULL,
  end_s              BIGINT NOT NULL,
  end_n              INTEGER NOT NULL,
  location_id        VARCHAR,
  status             VARCHAR(40) NOT NULL,
  type_kind          VARCHAR(40) NOT NULL,
  type_vendor_code   VARCHAR,
  source_zone        VARCHAR(100),
  conflict_ids       VARCHAR NOT NULL,
  source_metadata    VARCHAR NOT NULL,
  connector_id       VARCHAR,
  override_reason    VARCHAR(40),
  override_user      VARCHAR,
  override_s         BIGINT,
  override_n         INTEGER,
  revision           BIGINT NOT NULL,
  CONSTRAINT cs_appointment_source_key UNIQUE (source_system, source_external_id)
);
CREATE INDEX cs_appointment_clinician_start ON cs_appointment (clinician_id, start_s);
CREATE INDEX cs_appointment_connector ON cs_appointment (connector_id);

CREATE TABLE cs_busy_block (
  source_system      VARCHAR(40) NOT NULL,
  source_external_id VARCHAR NOT NULL,
  source_version     VARCHAR,
  owner_connector    VARCHAR NOT NULL,
  calendar_id        VARCHAR NOT NULL,
  clinician_id       VARCHAR NOT NULL,
  start_s            BIGINT NOT NULL,
  start_n            INTEGER NOT NULL,
  end_s              BIGINT NOT NULL,
  end_n              INTEGER NOT NULL,
  all_day_first      DATE,
  all_day_end        DATE,
  PRIMARY KEY (source_system, source_external_id)
);
CREATE INDEX cs_busy_block_clinician_start ON cs_busy_block (clinician_id, start_s);
CREATE INDEX cs_busy_block_owner ON cs_busy_block (owner_connector);

CREATE TABLE cs_sync_cursor (
  connector_id VARCHAR NOT NULL PRIMARY KEY,
  cursor_value VARCHAR NOT NULL
);

-- A released or expired lease keeps its row, so its fencing token only ever grows.
CREATE TABLE cs_lease (
  lease_name    VARCHAR NOT NULL PRIMARY KEY,
  holder        VARCHAR,
  expires_s     BIGINT NOT NULL,
  expires_n     INTEGER NOT NULL,
  fencing_token BIGINT NOT NULL
);

-- Append-only: the code has no UPDATE or DELETE of it, and a trigger refuses both.
CREATE TABLE cs_audit_event (
  seq           BIGINT NOT NULL PRIMARY KEY,
  at_s          BIGINT NOT NULL,
  at_n          INTEGER NOT NULL,
  actor         VARCHAR NOT NULL,
  action        VARCHAR(60) NOT NULL,
  subject       VARCHAR NOT NULL,
  details       VARCHAR NOT NULL,
  key_id        VARCHAR(100) NOT NULL,
  previous_hash CHAR(64) NOT NULL,
  hash          CHAR(64) NOT NULL
);
CREATE TRIGGER cs_audit_event_append_only BEFORE UPDATE, DELETE ON cs_audit_event FOR EACH ROW
  CALL 'dev.clinicsync.jdbc.internal.AppendOnlyTrigger';
