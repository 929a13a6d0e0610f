package dev.clinicsync.benchmarks;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Prints, after every iteration, the CPU time this JVM and the PostgreSQL server spent per
 * operation and the load average, beside JMH's wall-clock figure (lines starting {@code # cpu}).
 * A benchmark takes it as an argument and {@link #count counts} its operations.
 */
@State(Scope.Benchmark)
public class CpuMeter {
  private final AtomicLong ops = new AtomicLong();
  private final Path pgDir = JdbcBenchStores.dir().resolve("pg");
  private long wall0;
  private long jvm0;
  private long workers0;
  private long server0;

  /** Counts {@code n} operations of the current iteration. */
  public void count(long n) {
    ops.addAndGet(n);
  }

  @Setup(Level.Iteration)
  public void start() {
    ops.set(0);
    wall0 = System.nanoTime();
    jvm0 = Cpu.processCpuNanos();
    workers0 = Cpu.workerCpuNanos();
    server0 = Cpu.serverCpuNanos(pgDir);
  }

  @TearDown(Level.Iteration)
  public void report() {
    long n = Math.max(1, ops.get());
    double wall = (System.nanoTime() - wall0) / 1e9;
    long jvm = Cpu.processCpuNanos() - jvm0;
    long workers = Cpu.workerCpuNanos() - workers0;
    long server = Cpu.serverCpuNanos(pgDir) - server0;
    System.out.printf("%n# cpu: %,d ops in %.2f s wall; benchmark threads' CPU %,.0f ns/op, JVM CPU (with JIT and GC)"
        + " %,.0f ns/op (%.2f cores), PostgreSQL server CPU %,.0f ns/op (%.2f cores); load average %s%n", ops.get(),
        wall, workers / (double) n, jvm / (double) n, jvm / 1e9 / wall, server / (double) n, server / 1e9 / wall,
        Cpu.loadAverage());
  }
}
