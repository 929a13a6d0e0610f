package dev.clinicsync.benchmarks;

import dev.clinicsync.core.model.TimeWindow;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code scan} of every conflicting pair in a whole year of 1M appointments.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ScanBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
public class ScanBenchmark {
  static final TimeWindow YEAR = TimeWindow.of(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2027-01-02T00:00:00Z"));

  @Param({"CLINICSYNC", "NAIVE", "GUAVA"})
  IndexType impl;

  @Param({"1000000"})
  int appointments;

  ConflictIndex index;

  @Setup
  public void setup() {
    index = impl.create();
    index.load(Workload.of(appointments));
  }

  @TearDown
  public void tearDown() {
    index.close();
  }

  @Benchmark
  public int scanYear() {
    return index.scanPairs(YEAR);
  }
}
