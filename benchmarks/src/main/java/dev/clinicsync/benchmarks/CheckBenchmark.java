package dev.clinicsync.benchmarks;

import dev.clinicsync.core.model.Appointment;
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
 * Point {@code check} latency: one hot clinician (a booking form) and a random clinician per query
 * (cache-cold at 6M: memory layout decides), for each implementation on the same workload.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar CheckBenchmark -p appointments=6000000
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g", "-XX:+AlwaysPreTouch"})
public class CheckBenchmark {
  static final int MASK = (1 << 14) - 1;

  @Param({"CLINICSYNC", "NAIVE", "GUAVA", "POSTGRES"})
  IndexType impl;

  @Param({"6000000"})
  int appointments;

  ConflictIndex index;
  Appointment[] hot;
  Appointment[] random;

  /** Each benchmark thread's position in the proposal arrays. */
  @State(Scope.Thread)
  public static class Cursor {
    int i;
  }

  @Setup
  public void setup() {
    Workload w = Workload.of(appointments);
    index = impl.create();
    index.load(w);
    hot = w.proposals(MASK + 1, 0);
    random = w.proposals(MASK + 1, -1);
  }

  @TearDown
  public void tearDown() {
    index.close();
  }

  @Benchmark
  public int hotClinician(Cursor c) {
    return index.check(hot[c.i++ & MASK]);
  }

  @Benchmark
  public int randomClinician(Cursor c) {
    return index.check(random[c.i++ & MASK]);
  }
}
