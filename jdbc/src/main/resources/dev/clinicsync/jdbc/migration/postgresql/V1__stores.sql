-- ClinicSync stores, PostgreSQL 12+. No PHI: patients appear only as HMAC tokens, the vault keeps its own table.
-- Instants are epoch seconds plus nanoseconds, so every one reads back exactly.

CREATE TABLE cs_appointment (
  id                 TEXT NOT NULL PRIMARY KEY,
  source_system      VARCHAR(40) NOT NULL,
  source_external_id TEXT NOT NULL,
  source_version     TEXT,
  clinician_id       TEXT NOT NULL,
  vendor_provider_id TEXT,
  patient_token      TEXT,
  start_s            BIGINT NOT NULL,
  start_n            INTEGER NOT NULL,
  end_s              BIGINT NOT NULL,
  end_n              INTEGER NOT NULL,
  location_id        TEXT,
  status             VARCHAR(40) NOT NULL,
  type_kind          VARCHAR(40) NOT NULL,
  type_vendor_code   TEXT,
  source_zone        VARCHAR(100),
  conflict_ids       TEXT NOT NULL,
  source_metadata    TEXT NOT NULL,
  connector_id       TEXT,
  override_reason    VARCHAR(40),
  override_user      TEXT,
  override_s         BIGINT,
  override_n         INTEGER,
  revision           BIGINT NOT NULL,
  CONSTRAINT cs_appointment_source_key UNIQUE (source_system, source_external_id)
);
CREATE INDEX cs_appointment_clinician_start ON cs_appointment (clinician_id, start_s);
CREATE INDEX cs_appointment_connector ON cs_appointment (connector_id);

CREATE TABLE cs_busy_block (
  source_system      VARCHAR(40) NOT NULL,
  source_external_id TEXT NOT NULL,
  source_version     TEXT,
  owner_connector    TEXT NOT NULL,
  calendar_id        TEXT NOT NULL,
  clinician_id       TEXT NOT NULL,
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
  connector_id TEXT NOT NULL PRIMARY KEY,
  cursor_value TEXT NOT NULL
);

-- A released or expired lease keeps its row, so its fencing token only ever grows.
CREATE TABLE cs_lease (
  lease_name    TEXT NOT NULL PRIMARY KEY,
  holder        TEXT,
  expires_s     BIGINT NOT NULL,
  expires_n     INTEGER NOT NULL,
  fencing_token BIGINT NOT NULL
);

-- Append-only: the code has no UPDATE or DELETE of it, and a trigger refuses both.
CREATE TABLE cs_audit_event (
  seq           BIGINT NOT NULL PRIMARY KEY,
  at_s          BIGINT NOT NULL,
  at_n          INTEGER NOT NULL,
  actor         TEXT NOT NULL,
  action        VARCHAR(60) NOT NULL,
  subject       TEXT NOT NULL,
  details       TEXT NOT NULL,
  key_id        VARCHAR(100) NOT NULL,
  previous_hash CHAR(64) NOT NULL,
  hash          CHAR(64) NOT NULL
);
CREATE FUNCTION cs_audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'cs_audit_event is append-only: % refused', TG_OP USING ERRCODE = 'P0001';
END
$$;
CREATE TRIGGER cs_audit_event_append_only BEFORE UPDATE OR DELETE ON cs_audit_event
  FOR EACH ROW EXECUTE FUNCTION cs_audit_event_refuse_change();
CREATE TRIGGER cs_audit_event_no_truncate BEFORE TRUNCATE ON cs_audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION cs_audit_event_refuse_change();
