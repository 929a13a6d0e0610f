package dev.clinicsync.benchmarks;

import java.util.function.Supplier;

/** The availability implementations under comparison; the {@code @Param} of {@link AvailabilityBenchmark}. */
public enum AvailabilityType {
  /** {@code ConflictEngine.freeSlots / nextFree / isFree}: one walk of the index. */
  CLINICSYNC(ClinicSyncAvailability::new),
  /** ClinicSync's own {@code check} called for every grid candidate inside working hours: what a host writes today. */
  CHECK_LOOP(CheckLoopAvailability::new),
  /** A Guava {@code TreeRangeSet} of busy time per clinician: its complement intersected with working hours. */
  GUAVA(GuavaAvailability::new),
  /** PostgreSQL: candidates from {@code generate_series} anti-joined with the GiST-indexed tables. */
  POSTGRES(PostgresAvailability::new);

  private final Supplier<AvailabilityIndex> factory;

  AvailabilityType(Supplier<AvailabilityIndex> factory) {
    this.factory = factory;
  }

  public AvailabilityIndex create() {
    return factory.get();
  }
}
