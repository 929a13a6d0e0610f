package dev.clinicsync.sync.internal;

import dev.clinicsync.conflict.Conflict;
import dev.clinicsync.conflict.ConflictReport;
import dev.clinicsync.core.StorageConflictException;
import dev.clinicsync.core.StorageException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.access.Operation;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConflictOverride;
import dev.clinicsync.core.model.OverrideReason;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.sync.AppointmentView;
import dev.clinicsync.sync.BookingRequest;
import dev.clinicsync.sync.Resolution;
import dev.clinicsync.sync.SchedulingConflictException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Booking, rescheduling, cancelling and conflict resolution.
 *
 * <p>Each operation runs under the clinicians' locks, so two concurrent bookings of one slot cannot
 * both win, and does its work once: one conflict check of the changed appointment, whose report
 * also gives its conflict ids, and one store write of it. Then it appends exactly one audit event;
 * when that append fails, the store writes (and the PHI of a booking) are undone and a
 * {@link StorageException} is thrown, so no change is ever stored without its audit event and a
 * retry after the outage finds the slot as it was. Only then does the conflict index learn of the
 * change and the other appointments' conflict ids follow it.
 *
 * <p>With stores that share a database with other nodes ({@link Transact#transactional()}), each
 * operation is one transaction: the clinicians' store locks are taken first (every node respects
 * them), the slot is {@link StoreRecheck re-read} from the stores into the index and checked, and
 * the check, the save, the audit event and the mirror job commit together; a failure rolls them
 * back. The index learns of the change only once it committed. A write the database refuses as a
 * conflict (its overlap guard, or the deadlock PostgreSQL answers two racing inserts with) is tried
 * again from the start, so it ends as a {@link SchedulingConflictException} with the conflict report
 * of what the other writer committed, never as a storage error.
 *
 * <p>An accepted conflict is stored in {@link Appointment#override()} (reason code, the principal's
 * user id, the clock's time) and audited as the code; no free text is accepted.
 */
public final class Scheduling {
  /** How often an operation the database refused as a conflict is tried again before the refusal stands. */
  static final int CONFLICT_ATTEMPTS = 3;

  private final Wiring w;
  private final HostAccess access;
  private final @Nullable Outbox outbox;
  private final Transact tx;
  private final StoreRecheck recheck;
  private final EventHub events;

  public Scheduling(Wiring wiring) {
    this(wiring, null);
  }

  /** Host operations whose changes also queue their write jobs through the {@link Outbox}, undone with them. */
  public Scheduling(Wiring wiring, @Nullable Outbox outbox) {
    this(wiring, outbox, Transact.direct(wiring.locks()), StoreRecheck.off(), EventHub.none());
  }

  /**
   * Host operations that also publish each operation's events (created, updated or cancelled, and
   * conflict transitions) once its audit event is written, under the clinicians' locks; an undone
   * operation publishes nothing.
   */
  public Scheduling(Wiring wiring, @Nullable Outbox outbox, EventHub events) {
    this(wiring, outbox, Transact.direct(wiring.locks()), StoreRecheck.off(), events);
  }

  /**
   * Host operations made durable through {@code tx} (one transaction under the clinicians' store
   * locks when the stores have them), re-checking each slot against the stores with {@code recheck}.
   */
  public Scheduling(Wiring wiring, @Nullable Outbox outbox, Transact tx, StoreRecheck recheck, EventHub events) {
    this.w = wiring;
    this.access = new HostAccess(wiring);
    this.outbox = outbox;
    this.tx = tx;
    this.recheck = recheck;
    this.events = events;
  }

  /**
   * Runs one operation's work in one transaction under the clinicians' locks, and publishes its
   * writes to the index once they committed. With transactions, a failure also undoes what the
   * rollback cannot (the PHI put first), and a conflict the database refused is tried again.
   */
  private <T> T atomically(Collection<ClinicianId> clinicians, Function<Writes, T> work) {
    for (int attempt = 1; ; attempt++) {
      Writes writes = new Writes();
      try {
        return tx.locked(clinicians, () -> work.apply(writes), r -> writes.publish());
      } catch (StorageConflictException e) {
        if (!tx.transactional() || writes.committed) {
          throw e; // a failure after the commit (a partner's conflict ids) is never tried again
        }
        writes.undoQuietly();
        if (attempt >= CONFLICT_ATTEMPTS) {
          throw e;
        }
      } catch (RuntimeException | Error e) {
        if (tx.transactional() && !writes.committed) {
          writes.undoQuietly();
        }
        throw e;
      }
    }
  }

  public AppointmentView book(Principal principal, BookingRequest request) {
    ClinicianId clinician = request.clinicianId();
    w.authorize(principal, Operation.BOOK, clinician);
    if (request.overrideReason().isPresent()) {
      w.authorize(principal, Operation.OVERRIDE_CONFLICT, clinician);
    }
    AppointmentId id = AppointmentId.random();
    Appointment draft = Appointment.builder()
        .id(id)
        .source(SourceRef.of(SourceSystem.INTERNAL, id.value()))
        .clinicianId(clinician)
        .window(request.window())
        .patient(request.patient().orElse(null))
        .type(request.type())
        .status(request.status())
        .locationId(request.locationId().orElse(null))
        .build();
    return atomically(List.of(clinician), writes -> {
      recheck.around(clinician, request.window());
      ConflictReport report = ConflictState.of(w.engine(), draft);
      List<Conflict> refusing = WriteConflicts.refusing(w.engine(), w.store(), draft, report);
      Optional<ConflictOverride> override = overrideOrRefuse(principal, clinician, refusing, request.overrideReason());
      request.phi().ifPresent(p -> {
        w.phiVault().put(id, p); // PHI first: no record without it
        writes.onUndo(() -> w.phiVault().delete(id));
      });
      Set<AppointmentId> conflictIds = ConflictState.ids(report);
      Appointment stored = writes.save(Optional.empty(),
          draft.toBuilder().conflictIds(ConflictState.stored(report)).override(override.orElse(null)).build());
      writes.refreshPartners(conflictIds);
      Map<String, String> details = new LinkedHashMap<>();
      details.put("clinician", clinician.value());
      details.put("start", request.window().start().toString());
      details.put("end", request.window().end().toString());
      overrideDetails(details, override, refusing);
      writes.commit(principal, AuditAction.CREATE_APPOINTMENT, id, details);
      return access.view(principal, stored);
    });
  }

  public AppointmentView reschedule(Principal principal, AppointmentId id, TimeWindow slot,
      Optional<OverrideReason> overrideReason) {
    Appointment current = access.require(principal, Operation.RESCHEDULE, id);
    if (overrideReason.isPresent()) {
      w.authorize(principal, Operation.OVERRIDE_CONFLICT, current.clinicianId());
    }
    return atomically(List.of(current.clinicianId()), writes -> {
      Appointment fresh = sameClinician(existing(id), current);
      Map<String, String> details = new LinkedHashMap<>();
      Appointment stored = move(principal, writes, fresh, slot, overrideReason, details);
      writes.commit(principal, AuditAction.RESCHEDULE_APPOINTMENT, id, details);
      return access.view(principal, stored);
    });
  }

  public AppointmentView cancel(Principal principal, AppointmentId id) {
    Appointment current = access.require(principal, Operation.CANCEL, id);
    return atomically(List.of(current.clinicianId()), writes -> {
      Appointment fresh = sameClinician(existing(id), current);
      if (fresh.status() == AppointmentStatus.CANCELLED) {
        return access.view(principal, fresh);
      }
      Appointment stored = cancelled(writes, fresh);
      writes.commit(principal, AuditAction.CANCEL_APPOINTMENT, id, Map.of("clinician", stored.clinicianId().value()));
      return access.view(principal, stored);
    });
  }

  /**
   * Resolves the conflict between a new appointment and an existing one, as one audited change.
   *
   * @return both appointments after the resolution
   */
  public List<AppointmentView> resolve(Principal principal, Resolution resolution, AppointmentId newOne,
      AppointmentId existingOne) {
    Appointment a = access.require(principal, Operation.RESOLVE_CONFLICT, newOne);
    Appointment b = access.require(principal, Operation.RESOLVE_CONFLICT, existingOne);
    Optional<Appointment> target = Optional.empty();
    switch (resolution.action()) {
      case CANCEL_NEW -> target = Optional.of(a);
      case CANCEL_EXISTING -> target = Optional.of(b);
      case RESCHEDULE -> {
        AppointmentId which = resolution.target().orElseThrow();
        if (!which.equals(newOne) && !which.equals(existingOne)) {
          throw new ValidationException("a RESCHEDULE resolution must move one of the two conflicting appointments");
        }
        target = Optional.of(which.equals(newOne) ? a : b);
      }
      case ACCEPT_OVERRIDE -> {
        w.authorize(principal, Operation.OVERRIDE_CONFLICT, a.clinicianId());
        w.authorize(principal, Operation.OVERRIDE_CONFLICT, b.clinicianId());
      }
      default -> throw new ValidationException("unknown resolution " + resolution.action());
    }
    if (target.isPresent()) {
      w.authorize(principal, resolution.action() == Resolution.Action.RESCHEDULE ? Operation.RESCHEDULE
          : Operation.CANCEL, target.get().clinicianId());
    }
    atomically(List.of(a.clinicianId(), b.clinicianId()), writes -> {
      Appointment freshA = sameClinician(existing(newOne), a);
      Appointment freshB = sameClinician(existing(existingOne), b);
      recheck.around(freshA.clinicianId(), freshA.window());
      recheck.around(freshB.clinicianId(), freshB.window());
      ConflictReport report = ConflictState.of(w.engine(), freshA);
      if (!ConflictState.ids(report).contains(existingOne)
          && !ConflictState.ids(ConflictState.of(w.engine(), freshB)).contains(newOne)) {
        throw new ValidationException("appointments " + newOne + " and " + existingOne + " are not in conflict");
      }
      Map<String, String> details = new LinkedHashMap<>();
      details.put("action", resolution.action().name());
      details.put("existing", existingOne.value());
      switch (resolution.action()) {
        case CANCEL_NEW, CANCEL_EXISTING -> {
          Appointment victim = resolution.action() == Resolution.Action.CANCEL_NEW ? freshA : freshB;
          cancelled(writes, victim);
          details.put("cancelled", victim.id().value());
        }
        case RESCHEDULE -> {
          Appointment mover = resolution.target().orElseThrow().equals(newOne) ? freshA : freshB;
          details.put("moved", mover.id().value());
          move(principal, writes, mover, resolution.slot().orElseThrow(), Optional.empty(), details);
        }
        default -> { // ACCEPT_OVERRIDE
          OverrideReason reason = resolution.reason().orElseThrow();
          ConflictOverride override = ConflictOverride.of(reason, principal.userId(), w.clock().instant());
          for (Appointment x : List.of(freshA, freshB)) {
            if (!x.override().map(o -> o.reason() == reason).orElse(false)) {
              writes.save(Optional.of(x), x.toBuilder().override(override).build());
            }
          }
          details.put("reason", reason.name());
          details.put("conflicts", kinds(report.conflicts(), existingOne));
        }
      }
      writes.commit(principal, AuditAction.RESOLVE_CONFLICT, newOne, details);
      return Boolean.TRUE;
    });
    // read once the partners' conflict ids were brought up to date (after the commit)
    return access.views(principal, List.of(existing(newOne), existing(existingOne)));
  }

  /** Moves an appointment after its one conflict check; the old slot never conflicts with the new. */
  private Appointment move(Principal principal, Writes writes, Appointment fresh, TimeWindow slot,
      Optional<OverrideReason> reason, Map<String, String> details) {
    Appointment draft = fresh.toBuilder().window(slot).build();
    recheck.around(fresh.clinicianId(), slot);
    ConflictReport report = ConflictState.of(w.engine(), draft);
    List<Conflict> refusing = WriteConflicts.refusing(w.engine(), w.store(), draft, report);
    Optional<ConflictOverride> override = overrideOrRefuse(principal, fresh.clinicianId(), refusing, reason);
    Set<AppointmentId> conflictIds = ConflictState.ids(report);
    // an override accepted the old slot's conflicts; the new slot keeps one only if it needs one
    Appointment stored = writes.save(Optional.of(fresh),
        draft.toBuilder().conflictIds(ConflictState.stored(report)).override(override.orElse(null)).build());
    writes.refreshPartners(fresh.conflictIds());
    writes.refreshPartners(conflictIds);
    details.put("from", fresh.start() + "/" + fresh.end());
    details.put("to", slot.start() + "/" + slot.end());
    overrideDetails(details, override, refusing);
    return stored;
  }

  /** Cancels an appointment; a cancelled appointment blocks nothing, so its check finds no conflicts. */
  private Appointment cancelled(Writes writes, Appointment fresh) {
    Appointment draft = fresh.toBuilder().status(AppointmentStatus.CANCELLED).build();
    Appointment stored = writes.save(Optional.of(fresh),
        draft.toBuilder().conflictIds(ConflictState.stored(ConflictState.of(w.engine(), draft))).build());
    writes.refreshPartners(fresh.conflictIds());
    return stored;
  }

  /**
   * The override to store: none for a free slot (one whose only conflicts are the written
   * appointment's own copies, {@link WriteConflicts}); for a conflicting one, the principal's if
   * they gave a reason (they were authorised for it before), else the slot is refused with its
   * conflicts as the principal may see them.
   */
  private Optional<ConflictOverride> overrideOrRefuse(Principal principal, ClinicianId clinician,
      List<Conflict> refusing, Optional<OverrideReason> reason) {
    if (refusing.isEmpty()) {
      return Optional.empty();
    }
    if (reason.isEmpty()) {
      throw new SchedulingConflictException(HostAccess.conflicts(access.seesSource(principal, clinician), refusing));
    }
    return Optional.of(ConflictOverride.of(reason.get(), principal.userId(), w.clock().instant()));
  }

  private static void overrideDetails(Map<String, String> details, Optional<ConflictOverride> override,
      List<Conflict> refusing) {
    override.ifPresent(o -> {
      details.put("override", o.reason().name());
      details.put("conflicts", kinds(refusing, null));
    });
  }

  /** The kinds of the conflicts (with one other appointment only, when given), comma-separated. */
  private static String kinds(List<Conflict> conflicts, @Nullable AppointmentId with) {
    StringBuilder kinds = new StringBuilder();
    for (Conflict c : conflicts) {
      if (with == null || c.otherAppointment().map(with::equals).orElse(false)) {
        kinds.append(kinds.length() == 0 ? "" : ",").append(c.kind());
      }
    }
    return kinds.toString();
  }

  /** The re-read appointment, provided a sync did not move it to another clinician meanwhile. */
  private static Appointment sameClinician(Appointment fresh, Appointment checked) {
    if (!fresh.clinicianId().equals(checked.clinicianId())) {
      throw new StorageConflictException(fresh.id().value(), "appointment " + fresh.id()
          + " moved to another clinician while the request was checked; retry it");
    }
    return fresh;
  }

  private Appointment existing(AppointmentId id) {
    return w.store().findById(id).orElseThrow(() -> new StorageConflictException(id.value(),
        "appointment " + id + " was deleted while the request was checked"));
  }

  /**
   * The store writes of one operation, not yet audited: how to undo each, and which other
   * appointments' conflict ids to bring up to date once the operation is audited.
   */
  private final class Writes {
    private final List<Appointment> saved = new ArrayList<>(2);
    private final Deque<Runnable> undo = new ArrayDeque<>();
    private final Set<AppointmentId> partners = new LinkedHashSet<>();
    private final List<Appointment> localChanges = new ArrayList<>(1);
    /** Whether the writes are durable: {@link #publish} ran. */
    boolean committed;
    private final List<dev.clinicsync.sync.events.CoordinatorEvent> published = new ArrayList<>(2);

    void onUndo(Runnable action) {
      undo.push(action);
    }

    /** Saves under optimistic concurrency; a failure undoes this operation's earlier writes. */
    Appointment save(Optional<Appointment> before, Appointment next) {
      Appointment stored;
      try {
        stored = w.store().save(next);
      } catch (RuntimeException e) {
        undoAll().forEach(e::addSuppressed);
        throw e;
      }
      saved.add(stored);
      published.addAll(ChangeEvents.of(before, Optional.of(stored), Optional.empty(), w.clock().instant()));
      if (!tx.transactional()) { // with transactions, the rollback undoes the store writes
        onUndo(() -> {
          if (before.isEmpty()) {
            w.store().delete(stored.id());
          } else {
            w.store().save(before.get().withRevision(stored.revision()));
          }
        });
      }
      if (outbox != null) { // the change's write jobs, with it or not at all
        Outbox.Queued queued;
        try {
          queued = outbox.record(before, Optional.of(stored), true);
        } catch (RuntimeException e) {
          undoAll().forEach(e::addSuppressed);
          throw e;
        }
        if (!tx.transactional()) {
          onUndo(() -> outbox.revert(queued.jobs()));
        }
        if (queued.localChangeNotAtSource()) {
          localChanges.add(stored);
        }
      }
      return stored;
    }

    void refreshPartners(Collection<AppointmentId> ids) {
      partners.addAll(ids);
    }

    /**
     * Appends the operation's one audit event. When the append fails, undoes every write instead
     * (or leaves that to the transaction's rollback) and throws.
     *
     * @throws StorageException when the audit event could not be appended (the change is undone)
     */
    void commit(Principal principal, AuditAction action, AppointmentId subject, Map<String, String> details) {
      if (!localChanges.isEmpty()) {
        details = new LinkedHashMap<>(details);
        details.put("source-note", "local change, not at the source");
      }
      try {
        w.audit().record(principal.userId(), action, subject.value(), details);
      } catch (RuntimeException e) {
        List<RuntimeException> undoFailures = undoAll();
        StorageException failure = new StorageException("the audit trail could not record " + action
            + " of appointment " + subject + (undoFailures.isEmpty() ? "; the change was undone"
                : "; undoing the change failed too, so it may be stored without its audit event"), e);
        undoFailures.forEach(failure::addSuppressed);
        throw failure;
      }
    }

    /**
     * Once the operation is durable (its transaction committed): indexes the writes and updates the
     * partners' conflict ids.
     */
    void publish() {
      committed = true;
      undo.clear();
      if (outbox != null) {
        localChanges.forEach(outbox::flagLocalChange);
      }
      events.publishAll(published); // audited: the change stands
      Set<AppointmentId> stale = new LinkedHashSet<>(partners);
      for (Appointment a : saved) {
        w.engine().upsert(a);
        stale.remove(a.id());
      }
      if (!stale.isEmpty()) {
        w.conflicts().refresh(List.<AppointmentId>of(), stale);
      }
    }

    /** Undoes what a rollback does not (the PHI of a booking); a failure is left to the next write. */
    void undoQuietly() {
      undoAll();
    }

    private List<RuntimeException> undoAll() {
      List<RuntimeException> failures = new ArrayList<>();
      while (!undo.isEmpty()) {
        try {
          undo.pop().run();
        } catch (RuntimeException u) {
          failures.add(u);
        }
      }
      return failures;
    }
  }
}
