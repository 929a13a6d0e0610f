package dev.clinicsync.benchmarks;

import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.Clinician;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.SplittableRandom;
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
 * Availability search on the {@link Workload}, for each {@link AvailabilityType}: one clinician's
 * week of 50-minute slots on a 15-minute grid (a hot clinician, and a random clinician and week
 * per query), a 20-clinician location's day (20 clinicians of one zone), {@code nextFree} from a
 * random instant within 14 days, and {@code isFree} of the check benchmark's 50-minute proposals;
 * on the aligned workload and on its {@link Edges#ODD} variant ({@code @Param edges}: a quarter of
 * the entries off the 5-minute grid, so the occupancy bitmap meets partly covered units).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar AvailabilityBenchmark -p appointments=6000000
 * # short, on a shared machine:
 * java -jar benchmarks/target/benchmarks.jar AvailabilityBenchmark -p appointments=1000000 -f 1 -wi 2 -i 3 -w 1 -r 1
 * # odd-minute edges only (both edges are the default), against Guava:
 * java -jar benchmarks/target/benchmarks.jar AvailabilityBenchmark -p impl=CLINICSYNC,GUAVA -p edges=ODD \
 *   -p appointments=1000000 -f 1 -wi 2 -i 3 -w 1 -r 1
 * # every question of an implementation on one loaded index, in one JVM (no forks):
 * java -Dclinicsync.bench.reuse=true -Xms12g -Xmx12g -jar benchmarks/target/benchmarks.jar AvailabilityBenchmark \
 *   -p impl=CLINICSYNC,CHECK_LOOP,GUAVA -p edges=ALIGNED -p appointments=6000000 -f 0 -wi 1 -w 1s -i 3 -r 1s
 * </pre>
 *
 * <p>With {@code -Dclinicsync.bench.reuse=true} (meant for {@code -f 0}) each implementation is
 * loaded once per size and edges and kept for the following benchmarks of the run, instead of once
 * per benchmark method: the questions only read, and at 6M a load takes minutes on a shared machine
 * (both edges in one such run hold two loaded indexes per implementation: give it the heap).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g", "-XX:+AlwaysPreTouch"})
public class AvailabilityBenchmark {
  /** The default number of pre-drawn questions per kind (the published figures). */
  static final int QUESTIONS = 1 << 12;
  static final int DURATION = 50 * 60;
  static final int STEP = 15 * 60;
  static final long HORIZON = 14 * 86_400L;
  static final int LOCATION = 20;

  @Param({"CLINICSYNC", "CHECK_LOOP", "GUAVA", "POSTGRES"})
  AvailabilityType impl;

  @Param({"6000000"})
  int appointments;

  /** The workload's edges: {@code ALIGNED} (the published figures) first, then {@code ODD}. */
  @Param({"ALIGNED", "ODD"})
  Edges edges = Edges.ALIGNED;

  /**
   * Pre-drawn questions per kind, a power of two, asked in turn. The default 4,096 random
   * clinician-weeks touch a few megabytes of the index, which stay in the last-level cache of
   * this class of machine once asked; {@code -p questions=1048576} draws so many that every
   * random question meets the index cold (memory latency), as a first question of the day would.
   */
  @Param({"4096"})
  int questions = QUESTIONS;

  /** {@link #questions} - 1. */
  int mask;

  AvailabilityIndex index;
  /** Per query: clinician, window start and end (hot: clinician 0). */
  int[] hotClin;
  long[] hotFrom;
  long[] hotTo;
  int[] randClin;
  long[] randFrom;
  long[] randTo;
  /** Per location query: the first clinician (the others are every 4th after it, same zone) and the day. */
  int[] locFirst;
  long[] locFrom;
  long[] locTo;
  int[] nextClin;
  long[] nextFrom;
  int[] freeHotClin;
  long[] freeHotStart;
  int[] freeRandClin;
  long[] freeRandStart;

  /** Each benchmark thread's position in the query arrays. */
  @State(Scope.Thread)
  public static class Cursor {
    int i;
    /** The location question's clinicians, filled per question. */
    final int[] location = new int[LOCATION];
  }

  /** Loaded indexes kept across benchmarks when {@link #REUSE} is set. */
  private static final java.util.Map<String, AvailabilityIndex> LOADED = new java.util.concurrent.ConcurrentHashMap<>();
  static final boolean REUSE = Boolean.getBoolean("clinicsync.bench.reuse");

  @Setup
  public void setup() {
    Workload w = Workload.of(appointments, edges);
    if (REUSE) {
      index = LOADED.computeIfAbsent(impl + "@" + appointments + "/" + edges, k -> {
        AvailabilityIndex x = impl.create();
        x.load(w);
        return x;
      });
    } else {
      index = impl.create();
      index.load(w);
    }
    SplittableRandom rnd = new SplittableRandom(23);
    if (questions <= 0 || Integer.bitCount(questions) != 1) {
      throw new IllegalArgumentException("questions must be a power of two");
    }
    int n = questions;
    mask = n - 1;
    hotClin = new int[n];
    hotFrom = new long[n];
    hotTo = new long[n];
    randClin = new int[n];
    randFrom = new long[n];
    randTo = new long[n];
    locFirst = new int[n];
    locFrom = new long[n];
    locTo = new long[n];
    nextClin = new int[n];
    nextFrom = new long[n];
    LocalDate firstMonday = Workload.FIRST_DAY.with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY));
    long span = Workload.END_DAY.toEpochDay() - Workload.FIRST_DAY.toEpochDay();
    int clinicians = w.clinicianCount();
    for (int i = 0; i < n; i++) {
      week(w, 0, firstMonday.plusWeeks(rnd.nextInt(50)), i, hotClin, hotFrom, hotTo);
      week(w, rnd.nextInt(clinicians), firstMonday.plusWeeks(rnd.nextInt(50)), i, randClin, randFrom, randTo);
      int first = rnd.nextInt(Math.max(1, clinicians - 4 * (LOCATION - 1)));
      Clinician c = w.clinicians.get(first);
      LocalDate day = Workload.FIRST_DAY.plusDays(rnd.nextLong(span - 1));
      locFirst[i] = first;
      locFrom[i] = day.atStartOfDay(c.zone()).toEpochSecond();
      locTo[i] = day.plusDays(1).atStartOfDay(c.zone()).toEpochSecond();
      nextClin[i] = rnd.nextInt(clinicians);
      nextFrom[i] = Workload.FIRST_DAY.atStartOfDay(w.clinicians.get(nextClin[i]).zone()).toEpochSecond()
          + rnd.nextLong((span - 15) * 86_400L);
    }
    Appointment[] hot = w.proposals(n, 0);
    Appointment[] random = w.proposals(n, -1);
    freeHotClin = new int[n];
    freeHotStart = new long[n];
    freeRandClin = new int[n];
    freeRandStart = new long[n];
    for (int i = 0; i < n; i++) {
      freeHotClin[i] = Workload.clinicianIndex(hot[i].clinicianId());
      freeHotStart[i] = hot[i].start().getEpochSecond();
      freeRandClin[i] = Workload.clinicianIndex(random[i].clinicianId());
      freeRandStart[i] = random[i].start().getEpochSecond();
    }
  }

  private static void week(Workload w, int clinician, LocalDate monday, int i, int[] clin, long[] from, long[] to) {
    Clinician c = w.clinicians.get(clinician);
    clin[i] = clinician;
    from[i] = monday.atStartOfDay(c.zone()).toEpochSecond();
    to[i] = monday.plusWeeks(1).atStartOfDay(c.zone()).toEpochSecond();
  }

  @TearDown
  public void tearDown() {
    if (REUSE) {
      return; // kept for the next benchmark of this JVM
    }
    index.close();
  }

  @Benchmark
  public int weekHot(Cursor c) {
    int i = c.i++ & mask;
    return index.freeSlots(hotClin[i], hotFrom[i], hotTo[i], DURATION, STEP);
  }

  @Benchmark
  public int weekRandom(Cursor c) {
    int i = c.i++ & mask;
    return index.freeSlots(randClin[i], randFrom[i], randTo[i], DURATION, STEP);
  }

  /** Twenty clinicians of one zone, one local day each: the slots a location's front desk can offer. */
  @Benchmark
  public int locationDay(Cursor c) {
    int i = c.i++ & mask;
    for (int k = 0; k < LOCATION; k++) {
      c.location[k] = locFirst[i] + 4 * k;
    }
    return index.freeSlots(c.location, locFrom[i], locTo[i], DURATION, STEP);
  }

  @Benchmark
  public long nextFreeRandom(Cursor c) {
    int i = c.i++ & mask;
    return index.nextFree(nextClin[i], nextFrom[i], DURATION, STEP, HORIZON);
  }

  @Benchmark
  public boolean isFreeHot(Cursor c) {
    int i = c.i++ & mask;
    return index.isFree(freeHotClin[i], freeHotStart[i], freeHotStart[i] + DURATION);
  }

  @Benchmark
  public boolean isFreeRandom(Cursor c) {
    int i = c.i++ & mask;
    return index.isFree(freeRandClin[i], freeRandStart[i], freeRandStart[i] + DURATION);
  }
}
