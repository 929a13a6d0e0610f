package dev.clinicsync.benchmarks;

import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.memory.InMemoryClinicianDirectory;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.SyncCursor;
import dev.clinicsync.core.phi.PhiField;
import dev.clinicsync.core.phi.PhiRecord;
import dev.clinicsync.core.connector.ConnectorCapabilities;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.connector.FetchPage;
import dev.clinicsync.core.connector.FetchRequest;
import dev.clinicsync.core.connector.SourceConnector;
import dev.clinicsync.core.connector.SourceRecord;
import dev.clinicsync.sync.SyncCoordinator;
import dev.clinicsync.sync.SyncReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.jspecify.annotations.Nullable;

/**
 * Ingest throughput: normalized appointments per second from connector output to the store, the
 * PHI vault, the audit trail and the conflict index (in-memory stores), as one full sync of
 * {@code records} appointments in pages of 250. Time is reported per appointment; the
 * throughput is its inverse.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar IngestBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 8)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
public class IngestBenchmark {
  static final int RECORDS = 100_000;
  static final int PAGE = 250;

  @Param({"1000000"})
  int workload;

  List<FetchPage> pages;
  List<dev.clinicsync.core.model.Clinician> clinicians;
  Instant now;
  SyncCoordinator coordinator;
  ConnectorId connectorId = ConnectorId.of("bench-vendor");

  @Setup(Level.Trial)
  public void pages() {
    Workload w = Workload.of(workload);
    clinicians = w.clinicians;
    int stride = Math.max(1, w.appointments.length / RECORDS);
    List<SourceRecord> records = new ArrayList<>(RECORDS);
    for (int i = 0; i < RECORDS; i++) {
      records.add(record(w.appointments[i * stride], i));
    }
    pages = pages(records, null);
    now = Workload.FIRST_DAY.plusDays(180).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  @Setup(Level.Invocation)
  public void freshCoordinator() {
    InMemoryClinicianDirectory directory = new InMemoryClinicianDirectory();
    clinicians.forEach(directory::save);
    coordinator = SyncCoordinator.builder()
        .connectors(new PagedConnector(connectorId, pages))
        .clinicianDirectory(directory)
        .clock(Clock.fixed(now, ZoneOffset.UTC))
        .window(Duration.ofDays(400), Duration.ofDays(400))
        .build();
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public SyncReport fullSync() {
    SyncReport r = coordinator.syncNow(Principal.SYSTEM, connectorId);
    if (r.created() != RECORDS) {
      throw new IllegalStateException("expected " + RECORDS + " created, got " + r);
    }
    return r;
  }

  /** A connector's record of a workload appointment: the appointment and a PHI part. */
  static SourceRecord record(Appointment a, int i) {
    return SourceRecord.of(a, PhiRecord.builder().put(PhiField.PATIENT_NAME, "Patient " + i)
        .put(PhiField.PHONE, "555-01" + (i % 100)).build());
  }

  /**
   * The records in pages of {@link #PAGE}, linked by page tokens (the offset of the next page); the
   * last page carries {@code cursor} when one is given.
   */
  static List<FetchPage> pages(List<SourceRecord> records, @Nullable SyncCursor cursor) {
    List<FetchPage> out = new ArrayList<>();
    for (int from = 0; from < records.size(); from += PAGE) {
      FetchPage.Builder page = FetchPage.builder();
      records.subList(from, Math.min(records.size(), from + PAGE)).forEach(page::upsert);
      if (from + PAGE < records.size()) {
        page.nextPageToken(Integer.toString(from + PAGE));
      } else {
        page.nextCursor(cursor);
      }
      out.add(page.build());
    }
    return out;
  }

  /**
   * Serves pre-built pages (replaced with {@link #serve} between syncs); the benchmark measures the
   * coordinator, not a vendor. With {@code incremental}, a stored cursor makes the next sync an
   * incremental one.
   */
  static final class PagedConnector implements SourceConnector {
    private final ConnectorId id;
    private final boolean incremental;
    private volatile List<FetchPage> pages;

    PagedConnector(ConnectorId id, List<FetchPage> pages) {
      this(id, pages, false);
    }

    PagedConnector(ConnectorId id, List<FetchPage> pages, boolean incremental) {
      this.id = id;
      this.pages = pages;
      this.incremental = incremental;
    }

    void serve(List<FetchPage> next) {
      this.pages = next;
    }

    @Override
    public ConnectorId id() {
      return id;
    }

    @Override
    public SourceSystem system() {
      return SourceSystem.ZOCDOC;
    }

    @Override
    public ConnectorCapabilities capabilities() {
      return incremental
          ? ConnectorCapabilities.of(Duration.ZERO, ConnectorCapabilities.Capability.FULL_FETCH,
              ConnectorCapabilities.Capability.INCREMENTAL_FETCH)
          : ConnectorCapabilities.of(Duration.ZERO, ConnectorCapabilities.Capability.FULL_FETCH);
    }

    @Override
    public FetchPage fetch(FetchRequest request) {
      int from = request.pageToken().map(Integer::parseInt).orElse(0);
      return pages.get(from / PAGE);
    }
  }
}
