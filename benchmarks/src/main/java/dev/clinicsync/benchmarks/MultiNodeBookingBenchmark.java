package dev.clinicsync.benchmarks;

import dev.clinicsync.core.access.Principal;
import dev.clinicsync.sync.AppointmentView;
import dev.clinicsync.sync.BookingRequest;
import dev.clinicsync.sync.SyncCoordinator;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Bookings per second across {@code nodes} coordinators on one PostgreSQL (1M appointments
 * stored): each node its own {@code JdbcStores}, HikariCP pool, conflict index and audit chain
 * writer over the same schema; {@value #THREADS} booking threads, thread {@code t} on node
 * {@code t % nodes}, so {@code nodes=1} is the same load on a single coordinator. The bookings are
 * {@link BookingBenchmark}'s (random clinicians, each overriding conflicts, so each is stored).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar MultiNodeBookingBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(MultiNodeBookingBenchmark.THREADS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g", "-XX:+AlwaysPreTouch"})
public class MultiNodeBookingBenchmark {
  static final int THREADS = 3;
  static final int SLOTS = 4096;

  @Param({"1000000"})
  int appointments;

  @Param({"1", "3"})
  int nodes;

  final List<BenchStores> stores = new ArrayList<>();
  final List<SyncCoordinator> coordinators = new ArrayList<>();
  BookingRequest[] requests;

  @Setup(Level.Trial)
  public void load() {
    Workload w = Workload.of(appointments);
    BenchStores first = StoreType.POSTGRES.open(appointments);
    first.load(w);
    stores.add(first);
    for (int n = 1; n < nodes; n++) {
      stores.add(first.anotherNode());
    }
    for (int n = 0; n < nodes; n++) {
      coordinators.add(stores.get(n).coordinator(w).nodeId("node-" + n).build());
    }
    requests = BookingBenchmark.requests(w, SLOTS);
  }

  @TearDown(Level.Trial)
  public void close() {
    coordinators.forEach(SyncCoordinator::close);
    stores.forEach(BenchStores::close);
  }

  /** One booking thread: its node and its own walk through the requests. */
  @State(Scope.Thread)
  public static class Booker {
    SyncCoordinator node;
    int next;
    int step;

    @Setup(Level.Trial)
    public void pick(MultiNodeBookingBenchmark bench, ThreadParams thread) {
      node = bench.coordinators.get(thread.getThreadIndex() % bench.nodes);
      next = thread.getThreadIndex();
      step = thread.getThreadCount();
    }
  }

  @Benchmark
  public AppointmentView book(Booker booker, CpuMeter cpu) {
    cpu.count(1);
    BookingRequest r = requests[booker.next & (SLOTS - 1)];
    booker.next += booker.step;
    return booker.node.book(Principal.SYSTEM, r);
  }
}
