package dev.clinicsync.benchmarks;

/**
 * Where the {@link Workload}'s appointments and busy blocks start and end: the {@code @Param edges}
 * of {@link AvailabilityBenchmark}.
 */
public enum Edges {
  /**
   * Every start and end on a whole 5-minute boundary (the original workload, byte for byte): every
   * occupancy unit an entry touches is fully covered.
   */
  ALIGNED,
  /**
   * The same schedule with about a quarter of the appointments and busy blocks moved off the
   * 5-minute grid, as vendor data arrives: odd-minute slots (:07 starts, :52 early starts),
   * 53-minute sessions, visits ending two minutes early, personal events starting at :07 or ending
   * at :58, and a few with seconds. Units cut by such an edge are only partly covered.
   */
  ODD
}
