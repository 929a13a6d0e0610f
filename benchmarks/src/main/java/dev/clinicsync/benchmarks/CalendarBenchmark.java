package dev.clinicsync.benchmarks;

import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.memory.InMemoryAppointmentStore;
import dev.clinicsync.core.memory.InMemoryClinicianDirectory;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.connector.ConnectorCapabilities;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.connector.FetchPage;
import dev.clinicsync.core.connector.FetchRequest;
import dev.clinicsync.core.connector.SourceConnector;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.sync.CalendarView;
import dev.clinicsync.sync.SyncCoordinator;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latency of {@code aggregatedCalendar} at 1M stored appointments (and their busy blocks): one
 * clinician's week, and a 50-clinician week, as an admin (every entry with its live conflicts,
 * the read audited). SampleTime reports the p95 the target is about.
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

  SyncCoordinator coordinator;
  AppointmentQuery[] oneClinician;
  AppointmentQuery[] fiftyClinicians;
  int i;

  @Setup
  public void load() {
    Workload w = Workload.of(appointments);
    InMemoryAppointmentStore store = new InMemoryAppointmentStore();
    for (Appointment a : w.appointments) {
      store.upsertBySource(a);
    }
    InMemoryClinicianDirectory directory = new InMemoryClinicianDirectory();
    w.clinicians.forEach(directory::save);
    ConnectorId google = ConnectorId.of("google-all");
    coordinator = SyncCoordinator.builder()
        .appointmentStore(store)
        .clinicianDirectory(directory)
        .connectors(new BusyConnector(google, w))
        .clock(Clock.fixed(Workload.FIRST_DAY.plusDays(180).atStartOfDay(ZoneOffset.UTC).toInstant(), ZoneOffset.UTC))
        .window(Duration.ofDays(400), Duration.ofDays(400))
        .build();
    coordinator.syncNow(Principal.SYSTEM, google); // the busy blocks, as a Google sync brings them
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
    oneClinician = new AppointmentQuery[QUERIES];
    fiftyClinicians = new AppointmentQuery[QUERIES];
    for (int q = 0; q < QUERIES; q++) {
      LocalDate monday = LocalDate.of(2026, 1, 5).plusWeeks(rnd.nextInt(50));
      ZoneId zone = w.clinicians.get(0).zone();
      TimeWindow week = TimeWindow.ofLocalDays(monday, monday.plusDays(7), zone);
      oneClinician[q] = AppointmentQuery.builder().window(week).clinician(w.clinicians.get(rnd.nextInt(w.clinicianCount())).id()).build();
      Set<ClinicianId> fifty = new HashSet<>();
      while (fifty.size() < Math.min(50, w.clinicianCount())) {
        fifty.add(w.clinicians.get(rnd.nextInt(w.clinicianCount())).id());
      }
      fiftyClinicians[q] = AppointmentQuery.builder().window(week).clinicians(fifty).build();
    }
  }

  @Benchmark
  public CalendarView oneClinicianWeek() {
    return coordinator.aggregatedCalendar(Principal.SYSTEM, oneClinician[i++ & (QUERIES - 1)]);
  }

  @Benchmark
  public CalendarView fiftyClinicianWeek() {
    return coordinator.aggregatedCalendar(Principal.SYSTEM, fiftyClinicians[i++ & (QUERIES - 1)]);
  }

  /** Serves the workload's busy blocks in one full fetch. */
  static final class BusyConnector implements SourceConnector {
    private final ConnectorId id;
    private final List<FetchPage> pages = new ArrayList<>();

    BusyConnector(ConnectorId id, Workload w) {
      this.id = id;
      int page = 5_000;
      for (int from = 0; from < w.busyBlocks.length; from += page) {
        FetchPage.Builder b = FetchPage.builder();
        Arrays.asList(w.busyBlocks).subList(from, Math.min(w.busyBlocks.length, from + page)).forEach(b::busyBlock);
        if (from + page < w.busyBlocks.length) {
          b.nextPageToken(Integer.toString(from + page));
        }
        pages.add(b.build());
      }
    }

    @Override
    public ConnectorId id() {
      return id;
    }

    @Override
    public SourceSystem system() {
      return SourceSystem.GOOGLE;
    }

    @Override
    public ConnectorCapabilities capabilities() {
      return ConnectorCapabilities.of(Duration.ZERO, ConnectorCapabilities.Capability.FULL_FETCH,
          ConnectorCapabilities.Capability.BUSY_BLOCKS);
    }

    @Override
    public FetchPage fetch(FetchRequest request) {
      return pages.get(request.pageToken().map(Integer::parseInt).orElse(0) / 5_000);
    }
  }
}
