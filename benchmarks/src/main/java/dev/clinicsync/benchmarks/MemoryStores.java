package dev.clinicsync.benchmarks;

import dev.clinicsync.core.memory.InMemoryAppointmentStore;
import dev.clinicsync.core.memory.InMemoryBusyBlockStore;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.sync.SyncCoordinatorBuilder;

/** The in-memory stores, loaded record by record through the store SPI. */
final class MemoryStores implements BenchStores {
  private final InMemoryAppointmentStore appointments = new InMemoryAppointmentStore();
  private final InMemoryBusyBlockStore busyBlocks = new InMemoryBusyBlockStore();

  @Override
  public void load(Workload w) {
    for (Appointment a : w.appointments) {
      appointments.upsertBySource(a);
    }
    for (BusyBlock b : w.busyBlocks) {
      busyBlocks.upsert(BUSY_OWNER, b);
    }
  }

  @Override
  public SyncCoordinatorBuilder configure(SyncCoordinatorBuilder builder) {
    // sync state, audit sink and write queue: the builder's in-memory defaults
    return builder.appointmentStore(appointments).busyBlockStore(busyBlocks);
  }

  @Override
  public BenchStores anotherNode() {
    throw new UnsupportedOperationException("in-memory stores belong to one coordinator");
  }

  @Override
  public String describe() {
    return "in-memory stores";
  }

  @Override
  public void close() {}
}
