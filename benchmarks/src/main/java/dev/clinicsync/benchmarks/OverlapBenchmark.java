package dev.clinicsync.benchmarks;

import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.connector.ConnectorCapabilities;
import dev.clinicsync.core.connector.FetchPage;
import dev.clinicsync.core.connector.FetchRequest;
import dev.clinicsync.core.connector.SourceConnector;
import dev.clinicsync.core.connector.SourceRecord;
import dev.clinicsync.core.memory.InMemoryClinicianDirectory;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.LocalTimeRange;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.SyncCursor;
import dev.clinicsync.core.model.WeeklyAvailability;
import dev.clinicsync.sync.SyncCoordinator;
import dev.clinicsync.sync.SyncReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The pathological feed of issue 12 §3: {@code appointments} mutually overlapping appointments of
 * one clinician (eight hourly series whose instances each last 60 days, as a 931-byte iCalendar
 * feed expands to), through one full sync into a fresh coordinator with the in-memory stores:
 * store upserts, audit events, conflict index and conflict ids. Before the bounded conflict ids,
 * 8,000 of them stored 64 million conflict ids (1.4 GB, 28 s); the target is under 2 s and 256 MB
 * for 10,000. One sync per invocation ({@code SingleShotTime}); the allocation per sync comes from
 * {@code -prof gc} ({@code gc.alloc.rate.norm}).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar OverlapBenchmark -prof gc
 * java -jar benchmarks/target/benchmarks.jar OverlapBenchmark -f 1 -wi 1 -i 3 -prof gc   # short
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class OverlapBenchmark {
  static final int PAGE = 250;
  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  static final ClinicianId CLINICIAN = ClinicianId.of("dr-overlap");

  @Param({"10000"})
  int appointments;

  List<FetchPage> pages;
  Instant now;
  SyncCoordinator coordinator;
  final ConnectorId connectorId = ConnectorId.of("ics-feed");

  @Setup(Level.Trial)
  public void feed() {
    now = Instant.parse("2026-03-02T12:00:00Z");
    Instant first = now.plus(Duration.ofDays(1));
    List<SourceRecord> records = new ArrayList<>(appointments);
    for (int i = 0; i < appointments; i++) {
      int series = i % 8;
      Instant start = first.plus(Duration.ofMinutes(i)); // ten thousand minutes: all within 7 days
      records.add(SourceRecord.of(Appointment.builder()
          .source(SourceRef.of(SourceSystem.SIMPLEPRACTICE, "series-" + series + "/" + start, "1"))
          .clinicianId(CLINICIAN)
          .start(start)
          .end(start.plus(Duration.ofDays(60)))
          .status(AppointmentStatus.SCHEDULED)
          .build()));
    }
    pages = new ArrayList<>();
    for (int from = 0; from < appointments; from += PAGE) {
      FetchPage.Builder page = FetchPage.builder();
      records.subList(from, Math.min(appointments, from + PAGE)).forEach(page::upsert);
      if (from + PAGE < appointments) {
        page.nextPageToken(Integer.toString(from + PAGE));
      } else {
        page.nextCursor(SyncCursor.of("end"));
      }
      pages.add(page.build());
    }
  }

  @Setup(Level.Invocation)
  public void freshCoordinator() {
    InMemoryClinicianDirectory directory = new InMemoryClinicianDirectory();
    directory.save(Clinician.of(CLINICIAN, "Dr Overlap", NEW_YORK,
        WeeklyAvailability.builder().weekdays(LocalTimeRange.of("08:00", "18:00")).build()));
    coordinator = SyncCoordinator.builder()
        .connectors(new FeedConnector(connectorId, pages))
        .clinicianDirectory(directory)
        .clock(Clock.fixed(now, ZoneOffset.UTC))
        .build();
  }

  @Benchmark
  public SyncReport fullSync() {
    SyncReport r = coordinator.syncNow(Principal.SYSTEM, connectorId);
    if (r.created() != appointments) {
      throw new IllegalStateException("expected " + appointments + " created, got " + r);
    }
    return r;
  }

  /** Serves pre-built pages; the benchmark measures the coordinator, not a feed parser. */
  static final class FeedConnector implements SourceConnector {
    private final ConnectorId id;
    private final List<FetchPage> pages;

    FeedConnector(ConnectorId id, List<FetchPage> pages) {
      this.id = id;
      this.pages = pages;
    }

    @Override
    public ConnectorId id() {
      return id;
    }

    @Override
    public SourceSystem system() {
      return SourceSystem.SIMPLEPRACTICE;
    }

    @Override
    public ConnectorCapabilities capabilities() {
      return ConnectorCapabilities.of(Duration.ZERO, ConnectorCapabilities.Capability.FULL_FETCH,
          ConnectorCapabilities.Capability.INCREMENTAL_FETCH);
    }

    @Override
    public FetchPage fetch(FetchRequest request) {
      int from = request.pageToken().map(Integer::parseInt).orElse(0);
      return pages.get(from / PAGE);
    }
  }
}
