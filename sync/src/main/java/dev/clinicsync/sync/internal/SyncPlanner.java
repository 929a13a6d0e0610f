package dev.clinicsync.sync.internal;

import dev.clinicsync.core.connector.FetchResult;
import dev.clinicsync.core.connector.SourceRecord;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.sync.PlannedChange;
import dev.clinicsync.sync.SyncMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The deciding step, a pure function of what was fetched and what was {@link Stored}: which
 * records are new, changed or unchanged (an unchanged source version is never rewritten), which
 * stored records go, and how many live appointments the plan takes out of the window.
 *
 * <p>Deletions: what the connector reports deleted (typed: an appointment deletion never touches
 * a busy block and the other way round); and, when the fetch was full, every stored record of the
 * connector overlapping the window that the fetch did not return, unless a
 * {@link dev.clinicsync.core.connector.Retention} of the fetch covers it (the connector could not
 * see it this time). A record moved outside the window therefore goes: an incremental fetch
 * delivers its new times (applied as they are, outside the window or not), a full fetch of the
 * window no longer returns it (so its stored copy in the window is deleted, and stops blocking its
 * old slot). Records stored outside the window are never inferred deleted.
 *
 * <p>Removals, which the mass-deletion guard counts: a live (not cancelled) appointment
 * overlapping the window that the plan deletes, cancels, or moves out of the window.
 */
public final class SyncPlanner {

  ChangeSet plan(ConnectorId connector, SyncMode mode, boolean cursorReset, TimeWindow window, FetchResult fetched,
      Stored stored) {
    int fetchedCount = fetched.appointmentUpserts().size();
    List<ChangeSet.Upsert> upserts = new ArrayList<>(fetchedCount);
    List<ChangeSet.Deletion> deletions = new ArrayList<>();
    List<PlannedChange> planned = new ArrayList<>(fetchedCount);
    Set<String> seen = new HashSet<>(Math.max(16, fetchedCount * 4 / 3 + 1));
    int unchanged = 0;
    int removals = 0;

    for (SourceRecord r : fetched.appointmentUpserts()) {
      Appointment incoming = r.appointment().toBuilder().connector(connector).override(null).conflictIds(Set.of()).build();
      String key = incoming.source().key();
      seen.add(key);
      Appointment before = stored.appointments().get(key);
      if (before == null) {
        upserts.add(new ChangeSet.Upsert(incoming, r.phi(), Optional.empty(), "new at source", false));
        planned.add(new PlannedChange(PlannedChange.Kind.CREATE, incoming.id(), incoming.source(), "new at source"));
        continue;
      }
      // the SDK's bookkeeping (its id, an accepted override, conflict ids) outlives syncs of the record
      Appointment prepared = incoming.toBuilder().id(before.id()).conflictIds(before.conflictIds())
          .override(before.override().orElse(null)).revision(before.revision()).build();
      boolean sameVersion = before.source().version().isPresent()
          && before.source().version().equals(incoming.source().version());
      if ((sameVersion || before.sameContentAs(prepared)) && before.connector().equals(prepared.connector())) {
        unchanged++;
        continue;
      }
      String reason = before.source().version().map(v -> "changed at source since version " + v)
          .orElse("changed at source");
      boolean removal = isLive(before, connector, window)
          && (prepared.status() == AppointmentStatus.CANCELLED || !prepared.overlaps(window));
      removals += removal ? 1 : 0;
      upserts.add(new ChangeSet.Upsert(prepared, r.phi(), Optional.of(before), reason, removal));
      planned.add(new PlannedChange(PlannedChange.Kind.UPDATE, before.id(), incoming.source(), reason));
    }

    Set<String> deleting = new HashSet<>();
    for (SourceRef ref : fetched.appointmentDeletions()) {
      Appointment before = stored.appointments().get(ref.key());
      if (before != null && deleting.add(ref.key())) {
        deletions.add(new ChangeSet.Deletion(before, "gone from source", isLive(before, connector, window)));
      }
    }
    if (mode.reconciles()) {
      for (Appointment a : stored.appointments().values()) {
        String key = a.source().key();
        if (a.connector().equals(Optional.of(connector)) && a.overlaps(window) && !seen.contains(key)
            && !deleting.contains(key) && !fetched.retains(a.source(), a.window())) {
          deleting.add(key);
          deletions.add(new ChangeSet.Deletion(a, "gone from source", isLive(a, connector, window)));
        }
      }
    }
    for (ChangeSet.Deletion d : deletions) {
      removals += d.removal() ? 1 : 0;
      planned.add(new PlannedChange(PlannedChange.Kind.DELETE, d.appointment().id(), d.appointment().source(),
          d.reason()));
    }

    List<BusyBlock> busyUpserts = new ArrayList<>();
    Set<String> busySeen = new HashSet<>();
    for (BusyBlock b : fetched.busyBlockUpserts()) {
      busySeen.add(b.source().key());
      if (!b.equals(stored.busyBlocks().get(b.source().key()))) {
        busyUpserts.add(b);
      }
    }
    List<BusyBlock> busyDeletions = new ArrayList<>();
    for (SourceRef ref : fetched.busyBlockDeletions()) {
      BusyBlock before = stored.busyBlocks().get(ref.key());
      if (before != null && busySeen.add(ref.key())) {
        busyDeletions.add(before);
      }
    }
    if (mode.reconciles()) {
      for (BusyBlock b : stored.busyBlocks().values()) {
        if (busySeen.add(b.source().key()) && !fetched.retains(b.source(), b.window())) {
          busyDeletions.add(b);
        }
      }
    }

    int live = 0;
    for (Appointment a : stored.appointments().values()) {
      live += isLive(a, connector, window) ? 1 : 0;
    }
    return new ChangeSet(connector, mode, cursorReset, window, upserts, deletions, busyUpserts, busyDeletions, unchanged,
        fetched.issues(), fetched.nextCursor(), live, stored.busyBlocks().size(), removals, planned);
  }

  /** Whether a stored record counts for the guard: the connector's, not cancelled, in the window. */
  private static boolean isLive(Appointment a, ConnectorId connector, TimeWindow window) {
    return a.status() != AppointmentStatus.CANCELLED && a.connector().equals(Optional.of(connector)) && a.overlaps(window);
  }
}
