package dev.clinicsync.core.store;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.ClinicianId;

/**
 * A lock per clinician that every node sharing the stores respects: the coordinator decides
 * whether to accept a booking while holding it, and re-checks the slot against the stores inside
 * the same {@link Transactions transaction}. The JDBC stores take a PostgreSQL advisory
 * transaction lock (or a locked row on H2), held until the calling thread's transaction ends.
 *
 * <p>Callers that need several clinicians lock them in ascending id order, so two nodes cannot
 * deadlock on each other's locks. Stores kept in one process need no lock of their own: the
 * coordinator serialises each clinician's bookings in memory, and {@link #none()} is the default.
 */
public interface ClinicianLocks {

  /**
   * Waits for and takes the clinician's lock until the calling thread's transaction ends.
   *
   * @throws dev.clinicsync.core.StorageException when the lock cannot be had (no transaction is
   *     open on this thread, or the store's lock timeout passed)
   */
  void lock(ClinicianId clinician);

  /** No lock: for stores kept in one process, where the coordinator's own locks suffice. */
  static ClinicianLocks none() {
    return None.INSTANCE;
  }

  /** The {@link #none()} implementation. */
  enum None implements ClinicianLocks {
    INSTANCE;

    @Override
    public void lock(ClinicianId clinician) {
      Checks.notNull(clinician, "clinician id");
    }
  }
}
