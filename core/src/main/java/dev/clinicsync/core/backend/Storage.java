package dev.clinicsync.core.backend;

import dev.clinicsync.core.audit.AuditSink;
import dev.clinicsync.core.store.AppointmentChanges;
import dev.clinicsync.core.store.AppointmentStore;
import dev.clinicsync.core.store.BusyBlockStore;
import dev.clinicsync.core.store.ClinicianLocks;
import dev.clinicsync.core.store.SyncStateStore;
import dev.clinicsync.core.store.Transactions;
import dev.clinicsync.core.store.WriteQueue;

/**
 * Every store a coordinator persists, from one storage backend: what lets a host wire a database
 * with one builder call ({@code SyncCoordinator.builder().storage(db)}) instead of eight. The JDBC
 * stores ({@code dev.clinicsync.jdbc.JdbcStores}) are one; a host with its own backend may
 * implement this beside the individual store SPIs.
 *
 * <p>The stores of one {@code Storage} share a database: writes made inside one
 * {@link Transactions#inTransaction} call of {@link #transactions()} commit together, and
 * {@link #clinicianLocks()} and {@link #changes()} are what several nodes sharing that database
 * coordinate through. A backend kept in one process answers {@link Transactions#direct()},
 * {@link ClinicianLocks#none()} and {@link AppointmentChanges#none()} for those three.
 *
 * <p>The PHI vault is not part of it: sealing patient details needs a key the host chooses, so it
 * is wired on its own.
 */
public interface Storage {

  /** The canonical appointments. */
  AppointmentStore appointments();

  /** External busy blocks (personal calendars). */
  BusyBlockStore busyBlocks();

  /** Sync cursors and leases. */
  SyncStateStore syncState();

  /** The append-only audit trail. */
  AuditSink audit();

  /** The write-back queue (mirrors and vendor writes). */
  WriteQueue writeQueue();

  /** The transactions every store above joins. */
  Transactions transactions();

  /** The per-clinician locks every node sharing the stores respects. */
  ClinicianLocks clinicianLocks();

  /** The change sequence of appointment writes, which other nodes' indexes follow. */
  AppointmentChanges changes();
}
