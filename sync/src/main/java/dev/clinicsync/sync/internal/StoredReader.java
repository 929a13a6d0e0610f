package dev.clinicsync.sync.internal;

import dev.clinicsync.core.connector.ConnectorCapabilities.Capability;
import dev.clinicsync.core.connector.FetchResult;
import dev.clinicsync.core.connector.SourceConnector;
import dev.clinicsync.core.connector.SourceRecord;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.store.AppointmentStore;
import dev.clinicsync.core.store.BusyBlockStore;
import dev.clinicsync.sync.SyncMode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the {@link Stored} state a plan needs, each record once: a full sync lists the
 * connector's records ({@link AppointmentQuery.Builder#connector}); an incremental one lists those
 * in the window (the mass-deletion guard measures against them) and looks up only the keys the
 * fetch mentions that the listing did not hold. The apply step then looks nothing up again: the
 * store's upsert answers what it replaced.
 */
public final class StoredReader {
  private final AppointmentStore store;
  private final BusyBlockStore busyBlocks;

  public StoredReader(AppointmentStore store, BusyBlockStore busyBlocks) {
    this.store = store;
    this.busyBlocks = busyBlocks;
  }

  Stored read(SourceConnector connector, SyncMode mode, TimeWindow window, FetchResult fetched) {
    AppointmentQuery.Builder query = AppointmentQuery.builder().connector(connector.id());
    if (!mode.reconciles()) {
      query.window(window);
    }
    Map<String, Appointment> appointments = new HashMap<>();
    for (Appointment a : store.find(query.build())) {
      appointments.put(a.source().key(), a);
    }
    if (!mode.reconciles()) {
      for (SourceRecord r : fetched.appointmentUpserts()) {
        lookUp(r.appointment().source(), appointments);
      }
      fetched.appointmentDeletions().forEach(ref -> lookUp(ref, appointments));
    }
    Map<String, BusyBlock> blocks = new HashMap<>();
    if (connector.capabilities().supports(Capability.BUSY_BLOCKS) || !fetched.busyBlockUpserts().isEmpty()
        || !fetched.busyBlockDeletions().isEmpty()) {
      for (BusyBlock b : busyBlocks.findByOwner(connector.id())) {
        blocks.put(b.source().key(), b);
      }
    }
    return new Stored(appointments, blocks);
  }

  private void lookUp(SourceRef ref, Map<String, Appointment> into) {
    if (!into.containsKey(ref.key())) {
      Optional<Appointment> found = store.findBySource(ref);
      found.ifPresent(a -> into.put(ref.key(), a));
    }
  }
}
