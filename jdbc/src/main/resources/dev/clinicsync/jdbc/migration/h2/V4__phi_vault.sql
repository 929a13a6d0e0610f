-- The PHI vault: the identifying part of each record, apart from every other table. Only the
-- sealed box is stored (AES-256-GCM: nonce, ciphertext, tag; the appointment id as associated
-- data), under a key that lives in the host's SecretStore and never in this database.
CREATE TABLE cs_phi_record (
  appointment_id VARCHAR NOT NULL PRIMARY KEY,
  sealed         VARBINARY NOT NULL
);
