package dev.clinicsync.benchmarks;

import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.OverrideReason;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.sync.AppointmentView;
import dev.clinicsync.sync.BookingRequest;
import dev.clinicsync.sync.SyncCoordinator;
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
 * Booking latency through {@code SyncCoordinator.book} with 1M appointments stored, on each
 * {@link StoreType} in the same run. The slots are the workload's booking-form proposals
 * ({@link Workload#proposals}: 50-minute slots between 08:00 and 16:00 local, random clinicians and
 * days); in this packed schedule nearly every one conflicts, so each booking carries an override
 * reason (as an admin) and is stored: the conflict check, the save, the audit event and the index
 * update, every time. SampleTime, for the percentiles.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar BookingBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g", "-XX:+AlwaysPreTouch"})
public class BookingBenchmark {
  static final int SLOTS = 4096;

  @Param({"1000000"})
  int appointments;

  @Param({"MEMORY", "H2", "POSTGRES"})
  StoreType store;

  BenchStores stores;
  SyncCoordinator coordinator;
  BookingRequest[] requests;
  int i;

  @Setup(Level.Trial)
  public void load() {
    Workload w = Workload.of(appointments);
    stores = store.open(appointments);
    stores.load(w);
    coordinator = stores.coordinator(w).build();
    requests = requests(w, SLOTS);
  }

  /** Booking requests for the workload's proposals, each overriding conflicts. */
  static BookingRequest[] requests(Workload w, int count) {
    Appointment[] slots = w.proposals(count, -1);
    BookingRequest[] out = new BookingRequest[count];
    for (int k = 0; k < count; k++) {
      out[k] = BookingRequest.builder(slots[k].clinicianId(), TimeWindow.of(slots[k].start(), slots[k].end()))
          .overrideConflicts(OverrideReason.INTENDED_OVERLAP)
          .build();
    }
    return out;
  }

  @TearDown(Level.Trial)
  public void close() {
    coordinator.close();
    stores.close();
  }

  @Benchmark
  public AppointmentView book(CpuMeter cpu) {
    cpu.count(1);
    return coordinator.book(Principal.SYSTEM, requests[i++ & (SLOTS - 1)]);
  }
}
