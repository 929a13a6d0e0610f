package dev.clinicsync.benchmarks;

import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.TimeWindow;

/**
 * The one small question every implementation answers, so that a benchmark's {@code @Param}
 * swaps them (the Caffeine {@code CacheType} pattern). Blocking statuses are PENDING, SCHEDULED
 * and CONFIRMED everywhere.
 */
public interface ConflictIndex extends AutoCloseable {

  /** Indexes the workload's clinicians, appointments and busy blocks. */
  void load(Workload workload);

  /**
   * The number of blocking appointments (other than the proposal itself) and busy blocks of the
   * proposal's clinician that overlap it. Each implementation finds the conflicting items
   * themselves (with their ids), not only a count.
   */
  int check(Appointment proposal);

  /** The number of overlapping pairs of blocking appointments with a member in the window. */
  int scanPairs(TimeWindow window);

  /** Replaces the appointment with the same id (the old version is {@code previous}). */
  void move(Appointment previous, Appointment next);

  @Override
  default void close() {}
}
