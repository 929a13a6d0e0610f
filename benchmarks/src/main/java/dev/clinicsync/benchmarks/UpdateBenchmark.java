package dev.clinicsync.benchmarks;

import dev.clinicsync.core.model.Appointment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
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
 * Index update throughput on one writer thread (moving appointments by five minutes and back)
 * while one reader thread checks random proposals ({@code readWrite}), and with no reader
 * ({@code writeOnly}).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar UpdateBenchmark
 * </pre>
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g", "-XX:+AlwaysPreTouch"})
public class UpdateBenchmark {
  static final int MASK = (1 << 18) - 1;

  @Param({"CLINICSYNC", "NAIVE", "GUAVA", "POSTGRES"})
  IndexType impl;

  @Param({"1000000"})
  int appointments;

  ConflictIndex index;
  Appointment[] original;
  Appointment[] shifted;
  boolean[] moved;
  Appointment[] proposals;
  int writeCursor;
  int readCursor;

  @Setup
  public void setup() {
    Workload w = Workload.of(appointments);
    index = impl.create();
    index.load(w);
    SplittableRandom rnd = new SplittableRandom(7);
    List<Appointment> blocking = new ArrayList<>();
    for (Appointment a : w.appointments) {
      if (NaiveIndex.blocking(a.status())) {
        blocking.add(a);
      }
    }
    original = new Appointment[MASK + 1];
    shifted = new Appointment[MASK + 1];
    moved = new boolean[MASK + 1];
    for (int i = 0; i <= MASK; i++) {
      // distinct appointments, so each one toggles between its two versions
      Appointment a = blocking.get((int) ((long) i * blocking.size() / (MASK + 1)));
      original[i] = a;
      shifted[i] = a.toBuilder().start(a.start().plusSeconds(300)).end(a.end().plusSeconds(300)).build();
    }
    proposals = w.proposals(1 << 14, -1);
  }

  @TearDown
  public void tearDown() {
    // put everything back, so a persistent database is left as loaded
    for (int i = 0; i <= MASK; i++) {
      if (moved[i]) {
        index.move(shifted[i], original[i]);
        moved[i] = false;
      }
    }
    index.close();
  }

  @Benchmark
  @Group("readWrite")
  @GroupThreads(1)
  public void update() {
    int k = writeCursor++ & MASK;
    if (moved[k]) {
      index.move(shifted[k], original[k]);
    } else {
      index.move(original[k], shifted[k]);
    }
    moved[k] = !moved[k];
  }

  /** The same updates with no reader: the single-thread update rate. */
  @Benchmark
  @Group("writeOnly")
  @GroupThreads(1)
  public void updateAlone() {
    update();
  }

  @Benchmark
  @Group("readWrite")
  @GroupThreads(1)
  public int check() {
    return index.check(proposals[readCursor++ & ((1 << 14) - 1)]);
  }
}
