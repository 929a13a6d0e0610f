package dev.clinicsync.sync.internal;

import dev.clinicsync.conflict.Conflict;
import dev.clinicsync.conflict.ConflictEngine;
import dev.clinicsync.conflict.Provenance;
import dev.clinicsync.conflict.SlotGrid;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.store.AppointmentStore;
import dev.clinicsync.core.store.BusyBlockStore;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Brings the in-memory index up to the stores for one clinician around one slot: what a booking
 * does inside its transaction, under the clinician's store lock, before it decides. Other nodes
 * sharing the stores may have booked, moved or cancelled there since this node's index last caught
 * up; reading the clinician's appointments and busy blocks around the slot (and re-reading what the
 * index still holds there but the stores no longer do) makes the decision one made against the
 * database, with the index's conflict report. With stores of one process there is nothing to read.
 */
public interface StoreRecheck {
  /** How far around the slot to read: wider than any buffer between appointments. */
  Duration MARGIN = Duration.ofDays(1);

  /** Re-reads the clinician's appointments and busy blocks around {@code slot} into the index. */
  void around(ClinicianId clinician, TimeWindow slot);

  /** Nothing to re-read: the stores have no other writer. */
  static StoreRecheck off() {
    return (clinician, slot) -> { };
  }

  /** Reads the stores into the index and busy-block read index. */
  static StoreRecheck reading(AppointmentStore store, BusyBlockStore busyStore, ConflictEngine engine,
      BusyBlockIndex busyIndex) {
    return new Reading(store, busyStore, engine, busyIndex);
  }

  /** The {@link #reading} implementation. */
  final class Reading implements StoreRecheck {
    private final AppointmentStore store;
    private final BusyBlockStore busyStore;
    private final ConflictEngine engine;
    private final BusyBlockIndex busyIndex;

    Reading(AppointmentStore store, BusyBlockStore busyStore, ConflictEngine engine, BusyBlockIndex busyIndex) {
      this.store = store;
      this.busyStore = busyStore;
      this.engine = engine;
      this.busyIndex = busyIndex;
    }

    @Override
    public void around(ClinicianId clinician, TimeWindow slot) {
      TimeWindow wide = TimeWindow.of(slot.start().minus(MARGIN), slot.end().plus(MARGIN));
      List<Appointment> stored = store.find(AppointmentQuery.builder().window(wide).clinician(clinician).build());
      Set<AppointmentId> held = new HashSet<>();
      for (Appointment a : stored) {
        held.add(a.id());
      }
      engine.apply(stored, List.of());
      Set<String> blocks = new HashSet<>();
      for (BusyBlock b : busyStore.find(clinician, wide)) {
        blocks.add(b.source().key());
        busyIndex.upsert(b);
        engine.upsertBusyBlock(b);
      }
      // what the index still holds there that the stores do not: moved, cancelled or deleted elsewhere
      for (Conflict c : engine.check(SlotGrid.probe(clinician, wide)).conflicts()) {
        Provenance p = c.provenance();
        if (p instanceof Provenance.OtherAppointment o && !held.contains(o.id())) {
          Optional<Appointment> now = store.findById(o.id());
          if (now.isPresent()) {
            engine.upsert(now.get());
          } else {
            engine.remove(o.id());
          }
        } else if (p instanceof Provenance.ExternalBusy b && !blocks.contains(b.source().key())) {
          forgetOrReread(b.source());
        }
      }
    }

    private void forgetOrReread(SourceRef source) {
      Optional<BusyBlock> now = busyStore.find(source);
      if (now.isPresent()) {
        busyIndex.upsert(now.get());
        engine.upsertBusyBlock(now.get());
      } else {
        busyIndex.remove(source);
        engine.removeBusyBlock(source);
      }
    }
  }
}
