package dev.clinicsync.benchmarks;

import dev.clinicsync.core.memory.InMemoryClinicianDirectory;
import dev.clinicsync.sync.SyncCoordinatorBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;

/**
 * The stores a coordinator benchmark runs on, behind one small interface so that a
 * {@code @Param StoreType store} swaps them (the {@link ConflictIndex}/{@link IndexType} pattern):
 * in memory, H2 in file mode, or PostgreSQL. Everything else (the PHI vault, the clinician
 * directory, the conflict engine) is the same in-memory part for all three.
 */
public interface BenchStores extends AutoCloseable {

  /** The benchmarks' clock: mid-2026, inside the workload's year. */
  Clock CLOCK = Clock.fixed(Workload.FIRST_DAY.plusDays(180).atStartOfDay(ZoneOffset.UTC).toInstant(), ZoneOffset.UTC);

  /** One audit HMAC key for every coordinator of the JVM: nodes on one database append to one chain. */
  dev.clinicsync.core.audit.AuditKeys AUDIT_KEYS = dev.clinicsync.core.audit.AuditKeys.inProcess();

  /** The connector that owns the workload's busy blocks (as a Google sync would bring them). */
  dev.clinicsync.core.model.ConnectorId BUSY_OWNER = dev.clinicsync.core.model.ConnectorId.of("google-all");

  /**
   * Puts the workload's appointments and busy blocks in the stores. A database kept from an earlier
   * run at the same scale is reused as it is (the load is the slow part); what earlier benchmark runs
   * added to it (bookings, ingested appointments) is removed first.
   */
  void load(Workload workload);

  /** Sets these stores on a coordinator builder. */
  SyncCoordinatorBuilder configure(SyncCoordinatorBuilder builder);

  /**
   * A builder with these stores, the workload's clinicians, {@link #CLOCK} and a window covering the
   * workload's year; the benchmark adds its connectors.
   */
  default SyncCoordinatorBuilder coordinator(Workload workload) {
    InMemoryClinicianDirectory directory = new InMemoryClinicianDirectory();
    workload.clinicians.forEach(directory::save);
    return configure(dev.clinicsync.sync.SyncCoordinator.builder())
        .clinicianDirectory(directory)
        .auditKeys(AUDIT_KEYS)
        .clock(CLOCK)
        .window(Duration.ofDays(400), Duration.ofDays(400));
  }

  /**
   * Another node's stores on the same database (its own store objects and connection pool), for
   * several coordinators on one database.
   *
   * @throws UnsupportedOperationException for stores that only one process can share
   */
  BenchStores anotherNode();

  /** What the stores are and how the figures were loaded, for the README. */
  String describe();

  @Override
  void close();
}
