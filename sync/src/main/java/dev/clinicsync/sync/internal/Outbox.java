package dev.clinicsync.sync.internal;

import dev.clinicsync.core.connector.IdempotencyKey;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.store.WriteJob;
import dev.clinicsync.core.store.WriteQueue;
import dev.clinicsync.sync.writes.MirrorIssue;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox: the one place that turns a stored change of an appointment into the write jobs it
 * needs, called by whatever applies the change ({@link UnitOfWork} for syncs, the booking path for
 * host operations) between the store write and the audit event, so that a change is never stored
 * without its jobs nor a job queued without its change. With the in-memory stores the caller undoes
 * both by compensation ({@link #revert}); a transactional store would enqueue inside the change's
 * transaction instead.
 *
 * <p>Per change: the mirror in the clinician's calendar is created or moved when a live appointment
 * appears or moves, and cancelled when it is cancelled, deleted or moves to another clinician
 * (whose own mirror is then created); a clinician who cannot be mirrored is reported once. A
 * vendor-sourced appointment rescheduled or cancelled in ClinicSync is flagged as a local change
 * not at the source: no vendor connector writes its own records back yet.
 */
public final class Outbox {
  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

  /** Job attribute: what the job writes. */
  static final String PURPOSE = "purpose";
  /** {@link #PURPOSE}: the mirror in a clinician's calendar. */
  static final String MIRROR = "mirror";
  /** Job attribute: the calendar the mirror lives in. */
  static final String CALENDAR = "calendar";

  private final WriteQueue queue;
  private final MirrorTargets targets;
  private final MirrorIssues issues;
  private final Clock clock;

  public Outbox(WriteQueue queue, MirrorTargets targets, MirrorIssues issues, Clock clock) {
    this.queue = queue;
    this.targets = targets;
    this.issues = issues;
    this.clock = clock;
  }

  /**
   * What a change queued.
   *
   * @param jobs the enqueues, to revert when the change is undone
   * @param localChangeNotAtSource whether the change is a local one its vendor was not told of
   */
  record Queued(List<WriteQueue.Enqueued> jobs, boolean localChangeNotAtSource) {
    static final Queued NOTHING = new Queued(List.of(), false);
  }

  /**
   * Enqueues the jobs of one stored change.
   *
   * @param before the appointment as it was; empty for a new one
   * @param after the appointment as stored now; empty for a deletion
   * @param local whether the change was made in ClinicSync (a host operation) rather than read
   *     from the appointment's source
   */
  Queued record(Optional<Appointment> before, Optional<Appointment> after, boolean local) {
    List<WriteQueue.Enqueued> jobs = new ArrayList<>(2);
    try {
      Optional<MirrorTargets.Target> was = before.filter(Outbox::live).flatMap(a -> targets.resolve(a.clinicianId()));
      Optional<MirrorTargets.Target> now = Optional.empty();
      if (after.isPresent() && live(after.get())) {
        now = targets.resolve(after.get().clinicianId());
        if (now.isEmpty() && targets.enabled()
            && issues.raise(MirrorIssue.Kind.NO_MIRROR_CALENDAR, after.get().clinicianId(), Optional.empty(),
                Optional.empty())) {
          LOG.warn("clinician {} has no calendar to mirror into; their appointments are not mirrored",
              after.get().clinicianId());
        }
      }
      if (was.isPresent() && (now.isEmpty() || !now.get().equals(was.get()))) {
        jobs.add(enqueue(before.orElseThrow(), was.get(), WriteJob.Operation.CANCEL));
      }
      if (now.isPresent() && (was.isEmpty() || !was.get().equals(now.get())
          || !before.orElseThrow().window().equals(after.orElseThrow().window()))) {
        jobs.add(enqueue(after.orElseThrow(), now.get(), WriteJob.Operation.UPSERT));
      }
    } catch (RuntimeException e) {
      revert(jobs);
      throw e;
    }
    boolean flagged = local && before.isPresent() && after.isPresent() && vendorSourced(after.get())
        && (!before.get().window().equals(after.get().window()) || before.get().status() != after.get().status());
    return new Queued(List.copyOf(jobs), flagged);
  }

  /** Enqueues a restore of the mirror of a live appointment (the source system wins over an edit at the target). */
  Optional<WriteQueue.Enqueued> restore(Appointment appointment) {
    if (!live(appointment)) {
      return Optional.empty();
    }
    return targets.resolve(appointment.clinicianId()).map(t -> enqueue(appointment, t, WriteJob.Operation.UPSERT));
  }

  /** Raises the flag of a local change its vendor was not told of (after the change is audited). */
  void flagLocalChange(Appointment a) {
    issues.raise(MirrorIssue.Kind.LOCAL_CHANGE_NOT_AT_SOURCE, a.clinicianId(), Optional.of(a.id()), a.connector());
  }

  /** Takes back enqueues, newest first; a failure is suppressed into the first one thrown at the end. */
  void revert(List<WriteQueue.Enqueued> jobs) {
    RuntimeException failure = null;
    for (int i = jobs.size() - 1; i >= 0; i--) {
      try {
        queue.revert(jobs.get(i));
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private WriteQueue.Enqueued enqueue(Appointment a, MirrorTargets.Target target, WriteJob.Operation op) {
    return queue.enqueue(new WriteJob.Request(target.connector(), a.id(), op,
        IdempotencyKey.forAppointment(a.id()).value(), Map.of(PURPOSE, MIRROR, CALENDAR, target.calendar()),
        clock.instant()));
  }

  /** Whether the appointment's mirror should exist: everything but a cancelled appointment keeps its time. */
  static boolean live(Appointment a) {
    return a.status() != AppointmentStatus.CANCELLED;
  }

  private boolean vendorSourced(Appointment a) {
    return a.connector().isPresent() && !targets.isTarget(a.connector().get());
  }

  /** The connectors mirrors are written through. */
  java.util.Collection<ConnectorId> mirrorConnectors() {
    return targets.connectors();
  }
}
