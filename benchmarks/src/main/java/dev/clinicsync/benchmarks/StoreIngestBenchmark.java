package dev.clinicsync.benchmarks;

import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.connector.SourceRecord;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SyncCursor;
import dev.clinicsync.sync.SyncCoordinator;
import dev.clinicsync.sync.SyncReport;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ingest into stores that already hold the workload ({@code appointments}, 1M by default), on each
 * {@link StoreType} in the same run: one incremental sync per invocation brings {@value #BATCH} new
 * appointments (each with a PHI record, in pages of 250, built from the workload's appointments by
 * {@link IngestBenchmark#record}) through the whole ingest path — store upsert, PHI vault (in
 * memory for every store type), audit event, conflict index — in one transaction per sync on the
 * JDBC stores where the coordinator opens one. Time is per appointment; the throughput is its
 * inverse. {@link IngestBenchmark} measures the in-memory path into an empty coordinator.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar StoreIngestBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g", "-XX:+AlwaysPreTouch"})
public class StoreIngestBenchmark {
  static final int BATCH = 2_000;

  @Param({"1000000"})
  int appointments;

  @Param({"MEMORY", "H2", "POSTGRES"})
  StoreType store;

  Workload workload;
  BenchStores stores;
  SyncCoordinator coordinator;
  IngestBenchmark.PagedConnector connector;
  final ConnectorId connectorId = ConnectorId.of(JdbcBenchStores.INGEST_CONNECTOR);
  int batch;

  @Setup(Level.Trial)
  public void load() {
    workload = Workload.of(appointments);
    stores = store.open(appointments);
    stores.load(workload);
    connector = new IngestBenchmark.PagedConnector(connectorId, nextBatch(), true);
    coordinator = stores.coordinator(workload).connectors(connector).build();
    // the first sync is a full one and stores the cursor: every measured sync is incremental
    coordinator.syncNow(Principal.SYSTEM, connectorId);
  }

  @Setup(Level.Invocation)
  public void newRecords() {
    connector.serve(nextBatch());
  }

  /** {@link #BATCH} appointments never seen before, copied from the workload's with new ids. */
  private List<dev.clinicsync.core.connector.FetchPage> nextBatch() {
    int b = batch++;
    List<SourceRecord> records = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      Appointment a = workload.appointments[(b * BATCH + i) * 7 % workload.appointments.length];
      String key = JdbcBenchStores.INGEST_CONNECTOR + "-" + b + "-" + i;
      records.add(IngestBenchmark.record(a.toBuilder().id(AppointmentId.of(key))
          .source(SourceRef.of(a.source().system(), key)).build(), i));
    }
    return IngestBenchmark.pages(records, SyncCursor.of("batch-" + b));
  }

  @TearDown(Level.Trial)
  public void close() {
    coordinator.close();
    stores.close();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public SyncReport incrementalSync(CpuMeter cpu) {
    cpu.count(BATCH);
    SyncReport r = coordinator.syncNow(Principal.SYSTEM, connectorId);
    if (r.created() != BATCH) {
      throw new IllegalStateException("expected " + BATCH + " created, got " + r);
    }
    return r;
  }
}
