package dev.clinicsync.jdbc;

import dev.clinicsync.core.model.ClinicianId;

/**
 * A lock per clinician that every node on the database respects: the decision to accept a booking
 * is made while holding it, re-checked against the database inside the same transaction. On
 * PostgreSQL it is an advisory transaction lock ({@code pg_advisory_xact_lock}); on H2, the
 * clinician's row in a lock table. Either way it is held until the transaction ends.
 */
public interface ClinicianLocks {

  /**
   * Waits for and takes the clinician's lock until the calling thread's transaction ends.
   *
   * @throws dev.clinicsync.core.StorageException when no transaction is open on this thread (a
   *     lock outside one would end at once), or the lock cannot be had within the database's lock
   *     timeout
   */
  void lock(ClinicianId clinician);
}
