package dev.clinicsync.sync.internal;

import dev.clinicsync.conflict.ConflictEngine;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.audit.AuditDetails;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.phi.PhiVault;
import dev.clinicsync.core.store.AppointmentStore;
import dev.clinicsync.core.store.BusyBlockStore;
import dev.clinicsync.core.store.UpsertResult;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The applying step: a plan's changes, one clinician at a time under that clinician's lock (and
 * the old clinician's, for a record that moved), so a booking never sees half a sync. Per
 * clinician: busy blocks to the {@link BusyBlockStore}, its read index and the engine; then the
 * engine indexes the clinician's appointment changes in one batch, each appointment is written with
 * its bounded conflict ids and its audit event through the {@link UnitOfWork} (together or not at
 * all), and the {@link ConflictMaintainer} updates the partners' lists.
 *
 * <p>A record is read once per ingest: the plan read it; the store's upsert answers what it
 * replaced ({@link UpsertResult#previous()}), which also shows whether the booking path accepted an
 * override meanwhile (kept, never undone by the sync) and is what an undo restores.
 *
 * <p>When a change fails (its audit event included), the changes already applied stay (each with
 * its event), the failed one is undone, none after it is applied, the engine is set back to what the
 * store holds, conflict ids are recomputed, and the failure propagates: the sync fails without
 * committing its cursor, and the next sync applies the rest.
 *
 * <p>With stores that roll back ({@link Transact#transactional()}), the whole plan is applied inside
 * the sync's one transaction, under the store locks of every clinician it touches (taken first, in
 * id order): a failure leaves the undoing to the rollback, after which {@link #recover} sets the
 * index back to what the stores hold; PHI of deleted records is removed only once the transaction
 * committed ({@link Progress#afterCommit}).
 */
public final class ChangeApplier {
  private final AppointmentStore store;
  private final PhiVault vault;
  private final ConflictEngine engine;
  private final ConflictMaintainer conflicts;
  private final BusyBlockStore busyStore;
  private final BusyBlockIndex busyIndex;
  private final Transact tx;
  private final UnitOfWork work;
  private final EventHub events;
  private final Clock clock;

  public ChangeApplier(AppointmentStore store, PhiVault vault, ConflictEngine engine, ConflictMaintainer conflicts,
      BusyBlockStore busyStore, BusyBlockIndex busyIndex, ClinicianLocks locks, UnitOfWork work) {
    this(store, vault, engine, conflicts, busyStore, busyIndex, Transact.direct(locks), work, EventHub.none(),
        Clock.systemUTC());
  }

  /** An applier whose plans are made durable through {@code tx} (see the class comment). */
  public ChangeApplier(AppointmentStore store, PhiVault vault, ConflictEngine engine, ConflictMaintainer conflicts,
      BusyBlockStore busyStore, BusyBlockIndex busyIndex, Transact tx, UnitOfWork work) {
    this(store, vault, engine, conflicts, busyStore, busyIndex, tx, work, EventHub.none(), Clock.systemUTC());
  }

  /**
   * An apply step that publishes each applied change's events (created, updated or cancelled, and
   * its conflict transition) once it is stored and audited, under the clinician's lock.
   */
  public ChangeApplier(AppointmentStore store, PhiVault vault, ConflictEngine engine, ConflictMaintainer conflicts,
      BusyBlockStore busyStore, BusyBlockIndex busyIndex, ClinicianLocks locks, UnitOfWork work, EventHub events,
      Clock clock) {
    this(store, vault, engine, conflicts, busyStore, busyIndex, Transact.direct(locks), work, events, clock);
  }

  /**
   * An applier made durable through {@code tx} that publishes each applied change's events once it
   * is stored and audited — with transactions, once the sync's transaction committed.
   */
  public ChangeApplier(AppointmentStore store, PhiVault vault, ConflictEngine engine, ConflictMaintainer conflicts,
      BusyBlockStore busyStore, BusyBlockIndex busyIndex, Transact tx, UnitOfWork work, EventHub events, Clock clock) {
    this.events = events;
    this.clock = clock;
    this.store = store;
    this.vault = vault;
    this.engine = engine;
    this.conflicts = conflicts;
    this.busyStore = busyStore;
    this.busyIndex = busyIndex;
    this.tx = tx;
    this.work = work;
  }

  /** Publishes a change's events now, or — with transactions — once the sync's transaction committed. */
  private void publish(Progress progress, List<dev.clinicsync.sync.events.CoordinatorEvent> changeEvents) {
    if (tx.transactional()) {
      progress.afterCommit.add(() -> events.publishAll(changeEvents));
    } else {
      events.publishAll(changeEvents);
    }
  }

  /** What has been applied so far: read by the caller after success and after a failure alike. */
  static final class Progress {
    int created;
    int updated;
    int deleted;
    int unchanged;
    int busyUpserted;
    int busyRemoved;
    /** Live appointments taken out of the window (the guard's count). */
    int removals;
    /** What to do once the sync's transaction committed (with transactions only). */
    final List<Runnable> afterCommit = new ArrayList<>();
  }

  /** One clinician's share of a plan, and the other clinicians whose locks it needs. */
  private static final class Group {
    final Set<ClinicianId> locks = new LinkedHashSet<>();
    final List<ChangeSet.Upsert> upserts = new ArrayList<>();
    final List<ChangeSet.Deletion> deletions = new ArrayList<>();
    final List<BusyBlock> busyUpserts = new ArrayList<>();
    final List<BusyBlock> busyDeletions = new ArrayList<>();

    Group(ClinicianId clinician) {
      locks.add(clinician);
    }
  }

  /**
   * Applies a plan as {@code actor}.
   *
   * @throws dev.clinicsync.sync.ChangeNotAuditedException when a change's audit event could not be
   *     written (the change was undone); any store failure likewise propagates
   */
  void apply(ChangeSet c, Principal actor, Progress progress) {
    Map<ClinicianId, Group> groups = new LinkedHashMap<>();
    for (BusyBlock b : c.busyDeletions()) {
      group(groups, b.clinicianId()).busyDeletions.add(b);
    }
    for (BusyBlock b : c.busyUpserts()) {
      group(groups, b.clinicianId()).busyUpserts.add(b);
    }
    for (ChangeSet.Upsert u : c.upserts()) {
      Group g = group(groups, u.appointment().clinicianId());
      g.upserts.add(u);
      u.stored().ifPresent(s -> g.locks.add(s.clinicianId()));
    }
    for (ChangeSet.Deletion d : c.deletions()) {
      group(groups, d.appointment().clinicianId()).deletions.add(d);
    }
    Set<ClinicianId> all = new LinkedHashSet<>();
    groups.values().forEach(g -> all.addAll(g.locks));
    tx.lockStores(all); // every store lock first, in id order: then the node's locks group by group
    for (Group g : groups.values()) {
      try (ClinicianLocks.Held ignored = tx.nodeLocks().lock(g.locks)) {
        applyBusyBlocks(c.connector(), g, progress);
        applyAppointments(c.connector(), g, actor, progress);
      }
    }
  }

  private static Group group(Map<ClinicianId, Group> groups, ClinicianId clinician) {
    return groups.computeIfAbsent(clinician, Group::new);
  }

  private void applyBusyBlocks(ConnectorId connector, Group g, Progress progress) {
    for (BusyBlock b : g.busyDeletions) {
      if (busyStore.remove(b.source()).isPresent()) {
        busyIndex.remove(b.source());
        engine.removeBusyBlock(b.source());
        progress.busyRemoved++;
      }
    }
    for (BusyBlock b : g.busyUpserts) {
      if (busyStore.upsert(connector, b) != BusyBlockStore.Change.UNCHANGED) {
        busyIndex.upsert(b);
        engine.upsertBusyBlock(b);
        progress.busyUpserted++;
      }
    }
  }

  private void applyAppointments(ConnectorId connector, Group g, Principal actor, Progress progress) {
    if (g.upserts.isEmpty() && g.deletions.isEmpty()) {
      return;
    }
    int size = g.upserts.size() + g.deletions.size();
    Set<AppointmentId> changed = new HashSet<>(Math.max(16, size * 4 / 3 + 1));
    List<Appointment> indexed = new ArrayList<>(g.upserts.size());
    List<AppointmentId> unindexed = new ArrayList<>(g.deletions.size());
    for (ChangeSet.Upsert u : g.upserts) {
      changed.add(u.appointment().id());
      indexed.add(u.appointment());
    }
    for (ChangeSet.Deletion d : g.deletions) {
      changed.add(d.appointment().id());
      unindexed.add(d.appointment().id());
    }
    engine.apply(indexed, unindexed); // the whole clinician batch first: each list below sees all of it

    List<ConflictMaintainer.Change> applied = new ArrayList<>(size);
    Set<AppointmentId> current = new HashSet<>(Math.max(16, g.upserts.size() * 4 / 3 + 1));
    int next = 0;
    try {
      for (; next < g.upserts.size(); next++) {
        ChangeSet.Upsert u = g.upserts.get(next);
        Appointment toStore = u.appointment().withConflictIds(
            conflicts.idsFor(u.appointment(), u.appointment().conflictIds(), changed));
        UpsertResult r = work.run(new UpsertStep(connector, actor, u, toStore));
        applied.add(new ConflictMaintainer.Change(r.previous(), Optional.of(r.appointment())));
        current.add(r.appointment().id());
        if (r.outcome() != UpsertResult.Outcome.UNCHANGED) {
          publish(progress, ChangeEvents.of(r.previous(), Optional.of(r.appointment()), Optional.of(connector),
              clock.instant()));
        }
        switch (r.outcome()) {
          case CREATED -> progress.created++;
          case UPDATED -> progress.updated++;
          default -> progress.unchanged++;
        }
        progress.removals += u.removal() && r.outcome() != UpsertResult.Outcome.UNCHANGED ? 1 : 0;
      }
      for (int d = 0; d < g.deletions.size(); d++, next++) {
        ChangeSet.Deletion deletion = g.deletions.get(d);
        Optional<Appointment> removed = work.run(new DeletionStep(connector, actor, deletion));
        if (removed.isPresent()) {
          AppointmentId gone = removed.get().id();
          if (tx.transactional()) {
            progress.afterCommit.add(() -> vault.delete(gone)); // a rolled-back deletion keeps its PHI
          } else {
            vault.delete(gone); // after its event: an undone deletion keeps its PHI
          }
          applied.add(new ConflictMaintainer.Change(removed, Optional.empty()));
          publish(progress, ChangeEvents.of(removed, Optional.empty(), Optional.of(connector), clock.instant()));
          progress.deleted++;
          progress.removals += deletion.removal() ? 1 : 0;
        }
      }
    } catch (RuntimeException | Error failure) {
      if (tx.transactional()) {
        throw failure; // rolled back: the sync then recovers the index from the stores
      }
      try {
        reindexFromStore(g, next);
        conflicts.refresh(applied, Set.of());
      } catch (RuntimeException recovery) {
        failure.addSuppressed(recovery);
      }
      throw failure;
    }
    conflicts.refresh(applied, current);
  }

  /**
   * After the transaction that applied (part of) {@code c} rolled back: sets the index and the busy
   * block read index back to what the stores hold for every record the plan names, and removes the
   * PHI that the plan put for records the rollback took away.
   */
  void recover(ChangeSet c) {
    List<Appointment> restore = new ArrayList<>();
    List<AppointmentId> drop = new ArrayList<>();
    for (ChangeSet.Upsert u : c.upserts()) {
      Appointment planned = u.appointment();
      Optional<Appointment> now = store.findBySource(planned.source());
      if (now.isPresent()) {
        if (!now.get().id().equals(planned.id())) {
          drop.add(planned.id());
        }
        restore.add(now.get());
      } else {
        drop.add(planned.id());
        vault.delete(planned.id());
      }
    }
    for (ChangeSet.Deletion d : c.deletions()) {
      store.findById(d.appointment().id()).ifPresent(restore::add);
    }
    engine.apply(restore, drop);
    List<BusyBlock> blocks = new ArrayList<>(c.busyUpserts());
    blocks.addAll(c.busyDeletions());
    for (BusyBlock b : blocks) {
      Optional<BusyBlock> now = busyStore.find(b.source());
      if (now.isPresent()) {
        busyIndex.upsert(now.get());
        engine.upsertBusyBlock(now.get());
      } else {
        busyIndex.remove(b.source());
        engine.removeBusyBlock(b.source());
      }
    }
  }

  /** Sets the engine back to what the store holds for every change from {@code from} on (not applied). */
  private void reindexFromStore(Group g, int from) {
    List<Appointment> restore = new ArrayList<>();
    List<AppointmentId> drop = new ArrayList<>();
    for (int i = from; i < g.upserts.size() + g.deletions.size(); i++) {
      Appointment planned = i < g.upserts.size() ? g.upserts.get(i).appointment()
          : g.deletions.get(i - g.upserts.size()).appointment();
      Optional<Appointment> now = store.findBySource(planned.source());
      if (now.isPresent()) {
        restore.add(now.get());
      } else {
        drop.add(planned.id());
      }
    }
    engine.apply(restore, drop);
  }

  /**
   * Why a sync changed a record, PHI-free: the fixed reason phrase, the connector, the source key and
   * the vendor versions (before and after) — vendor strings only as {@link AuditDetails#reference
   * references}, so nothing a vendor wrote reaches the audit trail as free text.
   */
  private static Map<String, String> details(ConnectorId connector, SourceRef source, Optional<SourceRef> before,
      String reason) {
    Map<String, String> d = new java.util.TreeMap<>();
    d.put("reason", AuditDetails.PHRASES.contains(reason) ? reason
        : reason.startsWith("changed at source") ? "changed at source" : AuditDetails.reference(reason));
    d.put("connector", connector.value());
    d.put("source", AuditDetails.reference(source.key()));
    source.version().ifPresent(v -> d.put("version", AuditDetails.reference(v)));
    before.flatMap(SourceRef::version).ifPresent(v -> d.put("previous-version", AuditDetails.reference(v)));
    return d;
  }

  /** Writes one appointment (its PHI first), audited as a create or an update; undone by restoring what it replaced. */
  private final class UpsertStep implements UnitOfWork.Step<UpsertResult> {
    private final ConnectorId connector;
    private final Principal actor;
    private final ChangeSet.Upsert change;
    private final Appointment toStore;

    UpsertStep(ConnectorId connector, Principal actor, ChangeSet.Upsert change, Appointment toStore) {
      this.connector = connector;
      this.actor = actor;
      this.change = change;
      this.toStore = toStore;
    }

    @Override
    public UpsertResult apply() {
      AppointmentId id = toStore.id();
      // PHI first: a vault failure leaves the store untouched, so the next sync retries the record
      change.phi().ifPresentOrElse(p -> vault.put(id, p), () -> vault.delete(id));
      UpsertResult r = store.upsertBySource(toStore);
      Appointment stored = r.appointment();
      if (r.previous().isPresent() && !r.previous().get().override().equals(toStore.override())) {
        // an override accepted since the plan was read is the admin's decision: the sync keeps it
        stored = store.save(stored.toBuilder().override(r.previous().get().override().orElse(null)).build());
        r = new UpsertResult(stored, r.outcome(), r.previous());
      }
      if (!stored.id().equals(id)) {
        engine.remove(id); // the plan did not know the stored record: index it under its real id
        engine.upsert(stored);
      }
      return r;
    }

    @Override
    public Optional<UnitOfWork.Event> event(UpsertResult r) {
      if (r.outcome() == UpsertResult.Outcome.UNCHANGED) {
        return Optional.empty();
      }
      AuditAction action = r.outcome() == UpsertResult.Outcome.CREATED
          ? AuditAction.CREATE_APPOINTMENT : AuditAction.UPDATE_APPOINTMENT;
      Appointment a = r.appointment();
      Optional<SourceRef> before = r.previous().map(Appointment::source);
      return Optional.of(new UnitOfWork.Event(actor.userId(), action, a.id().value(),
          details(connector, a.source(), before, change.reason())));
    }

    @Override
    public Optional<UnitOfWork.Change> change(UpsertResult r) {
      return r.outcome() == UpsertResult.Outcome.UNCHANGED ? Optional.empty()
          : Optional.of(new UnitOfWork.Change(r.previous(), Optional.of(r.appointment()), false));
    }

    @Override
    public void undo(UpsertResult r) {
      if (r.previous().isEmpty()) {
        store.delete(r.appointment().id());
        vault.delete(r.appointment().id());
      } else {
        store.upsertBySource(r.previous().get()); // its PHI stays the newer one: the next sync writes it again
      }
    }
  }

  /** Deletes one appointment, audited; undone by storing it again. */
  private final class DeletionStep implements UnitOfWork.Step<Optional<Appointment>> {
    private final ConnectorId connector;
    private final Principal actor;
    private final ChangeSet.Deletion change;

    DeletionStep(ConnectorId connector, Principal actor, ChangeSet.Deletion change) {
      this.connector = connector;
      this.actor = actor;
      this.change = change;
    }

    @Override
    public Optional<Appointment> apply() {
      return store.delete(change.appointment().id());
    }

    @Override
    public Optional<UnitOfWork.Event> event(Optional<Appointment> removed) {
      return removed.map(a -> new UnitOfWork.Event(actor.userId(), AuditAction.DELETE_APPOINTMENT, a.id().value(),
          details(connector, a.source(), Optional.empty(), change.reason())));
    }

    @Override
    public Optional<UnitOfWork.Change> change(Optional<Appointment> removed) {
      return removed.map(a -> new UnitOfWork.Change(Optional.of(a), Optional.empty(), false));
    }

    @Override
    public void undo(Optional<Appointment> removed) {
      removed.ifPresent(store::upsertBySource);
    }
  }
}
