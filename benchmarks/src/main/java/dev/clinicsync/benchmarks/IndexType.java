package dev.clinicsync.benchmarks;

import java.util.function.Supplier;

/** The implementations under comparison; the {@code @Param} value of every benchmark. */
public enum IndexType {
  /** ClinicSync's {@link dev.clinicsync.conflict.ConflictEngine}. */
  CLINICSYNC(ClinicSyncIndex::new),
  /** A list of appointments per clinician, scanned in full. */
  NAIVE(NaiveIndex::new),
  /** A Guava {@code TreeRangeMap} per clinician (what a Java developer reaches for). */
  GUAVA(GuavaIndex::new),
  /** PostgreSQL 14 with a GiST index on {@code (clinician, tstzrange)} (btree_gist), over JDBC. */
  POSTGRES(PostgresIndex::new);

  private final Supplier<ConflictIndex> factory;

  IndexType(Supplier<ConflictIndex> factory) {
    this.factory = factory;
  }

  public ConflictIndex create() {
    return factory.get();
  }
}
