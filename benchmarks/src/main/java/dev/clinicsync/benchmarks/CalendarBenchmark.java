package dev.clinicsync.benchmarks;

import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.sync.CalendarView;
import dev.clinicsync.sync.SyncCoordinator;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * Latency of {@code aggregatedCalendar} at 1M stored appointments (and their busy blocks): one
 * clinician's week, and a 50-clinician week, as an admin (every entry with its live conflicts,
 * the read audited), on each {@link StoreType} in the same run. SampleTime reports the p95 the
 * issue's target is about; {@link CpuMeter} prints the CPU time per read beside it.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar CalendarBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms8g", "-Xmx8g", "-XX:+AlwaysPreTouch"})
public class CalendarBenchmark {
  static final int QUERIES = 256;

  @Param({"1000000"})
  int appointments;

  @Param({"MEMORY", "H2", "POSTGRES"})
  StoreType store;

  BenchStores stores;
  SyncCoordinator coordinator;
  AppointmentQuery[] oneClinician;
  AppointmentQuery[] fiftyClinicians;
  int i;

  @Setup
  public void load() {
    Workload w = Workload.of(appointments);
    stores = store.open(appointments);
    stores.load(w); // the appointments, and the busy blocks as a Google sync brings them
    coordinator = stores.coordinator(w).build();
    oneClinician = weekQueries(w, 1, 7);
    fiftyClinicians = weekQueries(w, 50, 7);
  }

  /**
   * {@link #QUERIES} admin queries for a random week of 2026 (in clinician 0's zone) and
   * {@code clinicians} random clinicians each (one for a therapist's week view).
   */
  static AppointmentQuery[] weekQueries(Workload w, int clinicians, long seed) {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
    AppointmentQuery[] out = new AppointmentQuery[QUERIES];
    for (int q = 0; q < QUERIES; q++) {
      LocalDate monday = LocalDate.of(2026, 1, 5).plusWeeks(rnd.nextInt(50));
      ZoneId zone = w.clinicians.get(0).zone();
      TimeWindow week = TimeWindow.ofLocalDays(monday, monday.plusDays(7), zone);
      Set<ClinicianId> chosen = new HashSet<>();
      while (chosen.size() < Math.min(clinicians, w.clinicianCount())) {
        chosen.add(w.clinicians.get(rnd.nextInt(w.clinicianCount())).id());
      }
      out[q] = AppointmentQuery.builder().window(week).clinicians(chosen).build();
    }
    return out;
  }

  @TearDown(Level.Trial)
  public void close() {
    coordinator.close();
    stores.close();
  }

  @Benchmark
  public CalendarView oneClinicianWeek(CpuMeter cpu) {
    cpu.count(1);
    return coordinator.aggregatedCalendar(Principal.SYSTEM, oneClinician[i++ & (QUERIES - 1)]);
  }

  @Benchmark
  public CalendarView fiftyClinicianWeek(CpuMeter cpu) {
    cpu.count(1);
    return coordinator.aggregatedCalendar(Principal.SYSTEM, fiftyClinicians[i++ & (QUERIES - 1)]);
  }
}
