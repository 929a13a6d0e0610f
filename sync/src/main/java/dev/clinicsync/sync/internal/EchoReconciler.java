package dev.clinicsync.sync.internal;

import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.audit.AuditLog;
import dev.clinicsync.core.connector.WriteEcho;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.store.AppointmentStore;
import dev.clinicsync.core.store.WriteQueue;
import dev.clinicsync.sync.writes.MirrorIssue;
import dev.clinicsync.sync.writes.MirrorRule;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices, on each pull of a mirror target, the mirrors changed there: an echo of our own write that
 * differs from what this node last wrote (moved, or cancelled), or a tombstone of a mirror this node
 * wrote. An echo carrying the version we wrote, or matching the appointment, is our own write seen
 * again and changes nothing — so the SDK's writes never come back as changes, and never loop.
 *
 * <p>A change at the target is settled by the {@link MirrorRule}s: by default the source system
 * wins — a restore is queued through the {@link Outbox} and audited as "reverted: edited at Google"
 * (or "deleted") together, or not at all; otherwise a {@link MirrorIssue} is raised and audited.
 */
public final class EchoReconciler {
  private static final Logger LOG = LoggerFactory.getLogger(EchoReconciler.class);

  private final MirrorTargets targets;
  private final AppointmentStore store;
  private final Outbox outbox;
  private final MirrorLedger ledger;
  private final MirrorIssues issues;
  private final AuditLog audit;
  private final MirrorRule onEdit;
  private final MirrorRule onDelete;

  public EchoReconciler(MirrorTargets targets, AppointmentStore store, Outbox outbox, MirrorLedger ledger,
      MirrorIssues issues, AuditLog audit, MirrorRule onEdit, MirrorRule onDelete) {
    this.targets = targets;
    this.store = store;
    this.outbox = outbox;
    this.ledger = ledger;
    this.issues = issues;
    this.audit = audit;
    this.onEdit = onEdit;
    this.onDelete = onDelete;
  }

  /**
   * Settles what one pull of {@code connector} saw of its mirrors.
   *
   * @return how many mirrors were found changed at the target
   */
  int reconcile(ConnectorId connector, java.util.List<WriteEcho> echoes, java.util.List<SourceRef> tombstones) {
    if (!targets.isTarget(connector)) {
      return 0;
    }
    int changed = 0;
    for (WriteEcho echo : echoes) {
      changed += settle(connector, echo.appointmentId(), Optional.of(echo)) ? 1 : 0;
    }
    for (SourceRef tombstone : tombstones) {
      Optional<AppointmentId> mirrored = ledger.byIdempotencyKey(connector, tombstone.externalId());
      if (mirrored.isPresent()) {
        changed += settle(connector, mirrored.get(), Optional.empty()) ? 1 : 0;
      }
    }
    return changed;
  }

  /** One mirror as the target shows it now ({@code seen} empty: deleted there). */
  private boolean settle(ConnectorId connector, AppointmentId id, Optional<WriteEcho> seen) {
    Optional<Appointment> appointment = store.findById(id);
    if (appointment.isEmpty() || !Outbox.live(appointment.get())) {
      return false; // its cancel is queued or done: a cancelled mirror is what we want
    }
    Appointment a = appointment.get();
    Optional<MirrorTargets.Target> target = targets.resolve(a.clinicianId());
    if (target.isEmpty() || !target.get().connector().equals(connector)) {
      return false;
    }
    Optional<MirrorLedger.Entry> written = ledger.find(connector, id);
    boolean deleted = seen.map(WriteEcho::cancelled).orElse(true);
    Optional<String> version = seen.flatMap(e -> e.source().version());
    if (!deleted) {
      WriteEcho echo = seen.orElseThrow();
      if (written.isPresent() && written.get().version().isPresent() && written.get().version().equals(version)) {
        return false; // our own write, seen again
      }
      if (echo.window().equals(Optional.of(a.window()))
          || written.isPresent() && echo.window().equals(written.get().window())) {
        ledger.put(connector, id, new MirrorLedger.Entry(version, echo.window()));
        return false; // as written (a newer version only: a touch that moved nothing), or as the source has it
      }
    } else if (written.isPresent() && written.get().window().isEmpty()) {
      return false; // we cancelled it ourselves
    }
    if (deleted) {
      ledger.forget(connector, id); // the restore reads back and recreates
    } else {
      ledger.put(connector, id, new MirrorLedger.Entry(version, seen.flatMap(WriteEcho::window)));
    }
    MirrorRule rule = deleted ? onDelete : onEdit;
    if (rule == MirrorRule.RAISE_CONFLICT) {
      MirrorIssue.Kind kind = deleted ? MirrorIssue.Kind.DELETED_AT_TARGET : MirrorIssue.Kind.EDITED_AT_TARGET;
      if (issues.raise(kind, a.clinicianId(), Optional.of(id), Optional.of(connector))) {
        audit.record(Principal.SYSTEM.userId(), AuditAction.MIRROR_CONFLICT_RAISED, id.value(),
            Map.of("target", connector.value(), "reason", deleted ? "deleted at Google" : "edited at Google"));
      }
      return true;
    }
    Optional<WriteQueue.Enqueued> job = outbox.restore(a);
    try {
      audit.record(Principal.SYSTEM.userId(), AuditAction.MIRROR_RESTORED, id.value(),
          Map.of("target", connector.value(), "reason", deleted ? "reverted: deleted at Google" : "reverted: edited at Google"));
    } catch (RuntimeException e) {
      job.ifPresent(j -> outbox.revert(java.util.List.of(j)));
      throw e;
    }
    LOG.info("the mirror of appointment {} was {} at {}; restoring it", id, deleted ? "deleted" : "edited", connector);
    return true;
  }
}
