package dev.clinicsync.sync.internal;

import dev.clinicsync.core.ClinicSyncException;
import dev.clinicsync.core.ConnectorException;
import dev.clinicsync.core.CursorExpiredException;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.phi.AesGcmPhiVault;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.connector.ConnectorCapabilities.Capability;
import dev.clinicsync.core.connector.FetchPage;
import dev.clinicsync.core.connector.FetchRequest;
import dev.clinicsync.core.store.Lease;
import dev.clinicsync.core.connector.RecordIssue;
import dev.clinicsync.core.connector.SourceConnector;
import dev.clinicsync.core.connector.SourceRecord;
import dev.clinicsync.core.model.SyncCursor;
import dev.clinicsync.core.store.UpsertResult;
import dev.clinicsync.core.StorageConflictException;
import dev.clinicsync.sync.PlannedChange;
import dev.clinicsync.sync.SyncMode;
import dev.clinicsync.sync.SyncOutcome;
import dev.clinicsync.sync.SyncPlan;
import dev.clinicsync.sync.SyncReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one sync of one connector: take the lease, read every page, decide each change, hold the
 * lot when it would delete too much, otherwise apply it per clinician, keep the conflict index
 * and conflict ids current, audit every change with its reason, and commit the cursor last — so
 * a crash between storing and committing re-fetches rather than loses.
 */
public final class SyncRunner {
  private static final Logger LOG = LoggerFactory.getLogger(SyncRunner.class);

  private final Wiring w;
  private final Map<String, HeldPlan> held = new LinkedHashMap<>();
  /** The PHI of held plans' records, encrypted like the default vault while the plans wait. */
  private final AesGcmPhiVault sealedPhi = AesGcmPhiVault.withRandomKey();

  /** A held plan, the changes it would apply, and the cursor stored when it was held. */
  record HeldPlan(SyncPlan plan, ChangeSet changes, Optional<SyncCursor> cursorAtHold) {}

  public SyncRunner(Wiring wiring) {
    this.w = wiring;
  }

  /**
   * Syncs one connector.
   *
   * @param forceFull read the whole window even when a cursor is stored
   */
  public SyncReport run(SourceConnector connector, boolean forceFull) {
    Instant started = w.clock().instant();
    Optional<Lease> lease = w.syncState().tryAcquire("sync:" + connector.id(), w.options().nodeId(), w.options().leaseTtl());
    if (lease.isEmpty()) {
      return report(connector, SyncMode.INCREMENTAL, SyncOutcome.SKIPPED_LEASE_HELD, null, started, false, List.of());
    }
    SyncMode mode = SyncMode.FULL;
    LeaseKeeper keeper = new LeaseKeeper(lease.get(), connector.id().value());
    try {
      Optional<SyncCursor> cursor = forceFull || !connector.capabilities().supports(Capability.INCREMENTAL_FETCH)
          ? Optional.empty() : w.syncState().cursor(connector.id());
      mode = cursor.isPresent() ? SyncMode.INCREMENTAL : SyncMode.FULL;
      ChangeSet changes;
      try {
        changes = read(connector, mode, cursor, false, keeper);
      } catch (CursorExpiredException e) {
        LOG.info("connector {}: cursor expired, running a full sync", connector.id());
        w.syncState().clearCursor(connector.id());
        mode = SyncMode.FULL_AFTER_EXPIRED_CURSOR;
        changes = read(connector, mode, Optional.empty(), true, keeper);
      }
      if (tripsGuard(changes)) {
        SyncPlan plan = hold(changes);
        return report(connector, mode, SyncOutcome.HELD, changes, started, false, List.of(), plan.id());
      }
      apply(changes, Principal.SYSTEM);
      keeper.renew(); // a node that lost the lease meanwhile must not move the cursor
      boolean advanced = commitCursor(changes);
      discardHeldPlansOf(connector.id()); // a newer read applied: an older held plan is stale
      SyncReport r = report(connector, mode, SyncOutcome.APPLIED, changes, started, advanced, List.of());
      w.audit().record(Principal.SYSTEM.userId(), AuditAction.SYNC_COMPLETED, connector.id().value(), summary(r));
      return r;
    } catch (RuntimeException e) {
      ClinicSyncException failure = e instanceof ClinicSyncException c ? c
          : new ConnectorException(connector.id().value(), "unexpected " + e.getClass().getSimpleName()
              + " during the sync", 0, null, e);
      LOG.warn("connector {}: sync failed: {}", connector.id(), failure.getMessage());
      SyncReport r = report(connector, mode, SyncOutcome.FAILED, null, started, false, List.of(describe(failure)));
      w.audit().record(Principal.SYSTEM.userId(), AuditAction.SYNC_FAILED, connector.id().value(),
          Map.of("mode", mode.name(), "error", e.getClass().getSimpleName()));
      return r;
    } finally {
      w.syncState().release(keeper.lease);
    }
  }

  /** Renews the sync lease as pages come in, and fails the sync once another node holds it. */
  private final class LeaseKeeper {
    private Lease lease;
    private final String connectorId;

    LeaseKeeper(Lease lease, String connectorId) {
      this.lease = lease;
      this.connectorId = connectorId;
    }

    void renew() {
      lease = w.syncState().renew(lease, w.options().leaseTtl()).orElseThrow(() -> new ConnectorException(connectorId,
          "the sync lease was lost to another node; nothing committed", 0, null, null));
    }
  }

  /** The plans held by the mass-deletion guard, oldest first. */
  public synchronized List<SyncPlan> heldPlans() {
    List<SyncPlan> out = new ArrayList<>();
    held.values().forEach(h -> out.add(h.plan()));
    return List.copyOf(out);
  }

  /**
   * Applies a held plan as an admin decided, committing its cursor — only while it is still the
   * newest read of its source: a plan whose connector has synced since (the stored cursor moved)
   * is stale and refused, never applied over newer data.
   */
  public SyncReport applyPlan(String planId, Principal admin) {
    HeldPlan plan = take(planId);
    ChangeSet pending = unseal(plan);
    Optional<Lease> lease = w.syncState().tryAcquire("sync:" + pending.connector(), w.options().nodeId(),
        w.options().leaseTtl());
    if (lease.isEmpty()) {
      restore(plan);
      throw new StorageConflictException(planId, "connector " + pending.connector()
          + " is syncing on another node; apply the plan again later");
    }
    Instant started = w.clock().instant();
    boolean advanced;
    try {
      if (!w.syncState().cursor(pending.connector()).equals(plan.cursorAtHold())) {
        forget(plan);
        throw new StorageConflictException(planId, "connector " + pending.connector()
            + " has synced since the plan was held; the plan is stale and was discarded");
      }
      try {
        apply(pending, admin);
      } catch (RuntimeException e) {
        restore(plan);
        throw e;
      }
      advanced = commitCursor(pending);
      forget(plan);
    } finally {
      w.syncState().release(lease.get());
    }
    w.audit().record(admin.userId(), AuditAction.SYNC_PLAN_APPLIED, planId,
        Map.of("connector", plan.plan().connector().value(), "deletions", Long.toString(plan.plan().deletions())));
    ChangeSet c = plan.changes();
    return new SyncReport(c.connector(), c.mode(), SyncOutcome.APPLIED, count(c, true), count(c, false),
        c.deletions().size(), c.unchanged(), c.issues(), c.busyUpserts().size(), c.busyRemovals().size(),
        Duration.between(started, w.clock().instant()), advanced, c.cursorReset(), Optional.of(planId), List.of());
  }

  /** Discards a held plan; the next sync reads the source again. */
  public void discardPlan(String planId, Principal admin) {
    HeldPlan plan = take(planId);
    forget(plan);
    w.audit().record(admin.userId(), AuditAction.SYNC_PLAN_DISCARDED, planId,
        Map.of("connector", plan.plan().connector().value()));
  }

  private synchronized void restore(HeldPlan plan) {
    held.putIfAbsent(plan.plan().id(), plan);
  }

  private synchronized void discardHeldPlansOf(dev.clinicsync.core.model.ConnectorId connector) {
    held.values().removeIf(h -> {
      boolean stale = h.plan().connector().equals(connector);
      if (stale) {
        forget(h);
      }
      return stale;
    });
  }

  /** Moves a plan's PHI out of the heap into the encrypted store until the plan is applied. */
  private ChangeSet seal(String planId, ChangeSet c) {
    List<ChangeSet.Upsert> upserts = new ArrayList<>(c.upserts().size());
    for (ChangeSet.Upsert u : c.upserts()) {
      u.phi().ifPresent(p -> sealedPhi.put(sealedKey(planId, u.appointment().id()), p));
      upserts.add(new ChangeSet.Upsert(u.appointment(), Optional.empty(), u.created(), u.reason()));
    }
    return withUpserts(c, upserts);
  }

  private ChangeSet unseal(HeldPlan plan) {
    ChangeSet c = plan.changes();
    List<ChangeSet.Upsert> upserts = new ArrayList<>(c.upserts().size());
    for (ChangeSet.Upsert u : c.upserts()) {
      upserts.add(new ChangeSet.Upsert(u.appointment(),
          sealedPhi.get(sealedKey(plan.plan().id(), u.appointment().id())), u.created(), u.reason()));
    }
    return withUpserts(c, upserts);
  }

  private void forget(HeldPlan plan) {
    plan.changes().upserts().forEach(u -> sealedPhi.delete(sealedKey(plan.plan().id(), u.appointment().id())));
  }

  private static AppointmentId sealedKey(String planId, AppointmentId id) {
    return AppointmentId.of(planId + ":" + id.value());
  }

  private static ChangeSet withUpserts(ChangeSet c, List<ChangeSet.Upsert> upserts) {
    return new ChangeSet(c.connector(), c.mode(), c.cursorReset(), upserts, c.deletions(), c.busyUpserts(),
        c.busyRemovals(), c.unchanged(), c.issues(), c.nextCursor(), c.liveInWindow(), c.planned());
  }

  private synchronized HeldPlan take(String planId) {
    HeldPlan plan = held.remove(planId);
    if (plan == null) {
      throw new dev.clinicsync.core.ValidationException("no held sync plan with id " + planId);
    }
    return plan;
  }

  private synchronized SyncPlan hold(ChangeSet changes) {
    discardHeldPlansOf(changes.connector()); // the newer read supersedes
    SyncPlan plan = new SyncPlan(UUID.randomUUID().toString(), changes.connector(), changes.mode(),
        w.clock().instant(), changes.liveInWindow(), changes.planned());
    held.put(plan.id(), new HeldPlan(plan, seal(plan.id(), changes), w.syncState().cursor(changes.connector())));
    w.audit().record(Principal.SYSTEM.userId(), AuditAction.SYNC_PLAN_HELD, plan.id(), Map.of(
        "connector", changes.connector().value(),
        "deletions", Long.toString(plan.deletions()),
        "live", Integer.toString(changes.liveInWindow())));
    LOG.warn("connector {}: sync would delete {} of {} live appointments; held as plan {}",
        changes.connector(), plan.deletions(), changes.liveInWindow(), plan.id());
    return plan;
  }

  /**
   * Whether a sync would delete too much: more than the configured share (and at least the
   * minimum) of the source's live appointments in the window, or of the busy blocks it reported —
   * an outage that empties a personal calendar would otherwise silently unblock its time.
   */
  private boolean tripsGuard(ChangeSet c) {
    return tooMany(c.deletions().size(), c.liveInWindow())
        || tooMany(c.busyRemovals().size(), w.busyBlocks().reportedBy(c.connector()).size());
  }

  private boolean tooMany(int deletions, int live) {
    return deletions >= w.options().massDeletionMinimum() && deletions > w.options().massDeletionShare() * live;
  }

  // ---- reading and deciding ----

  private ChangeSet read(SourceConnector connector, SyncMode mode, Optional<SyncCursor> cursor, boolean cursorReset,
      LeaseKeeper keeper) {
    Instant now = w.clock().instant();
    TimeWindow window = TimeWindow.of(now.minus(w.options().lookBack()), now.plus(w.options().lookAhead()));
    FetchRequest request = cursor.map(c -> FetchRequest.incremental(window, c)).orElseGet(() -> FetchRequest.full(window));

    Map<String, SourceRecord> records = new LinkedHashMap<>();
    Map<String, SourceRef> deletions = new LinkedHashMap<>();
    Map<String, BusyBlock> busy = new LinkedHashMap<>();
    List<RecordIssue> issues = new ArrayList<>();
    List<dev.clinicsync.core.connector.Retention> retentions = new ArrayList<>();
    Optional<SyncCursor> nextCursor = Optional.empty();
    Set<String> seenTokens = new HashSet<>();
    for (int pages = 1; ; pages++) {
      if (pages > w.options().maxPages()) {
        throw new ConnectorException(connector.id().value(), "more than " + w.options().maxPages()
            + " pages in one fetch; refusing to loop", 0, null, null);
      }
      FetchPage page = connector.fetch(request);
      keeper.renew();
      for (SourceRecord r : page.appointmentUpserts()) {
        String key = r.appointment().source().key();
        records.put(key, r); // a later page's copy of a record wins
        deletions.remove(key);
      }
      List<SourceRef> gone = new ArrayList<>(page.appointmentDeletions());
      gone.addAll(page.busyBlockDeletions());
      for (SourceRef d : gone) {
        String key = d.key();
        deletions.put(key, d);
        records.remove(key);
        busy.remove(key);
      }
      for (BusyBlock b : page.busyBlockUpserts()) {
        busy.put(b.source().key(), b);
      }
      issues.addAll(page.issues());
      retentions.addAll(page.retentions());
      if (page.isLastPage()) {
        nextCursor = page.nextCursor();
        break;
      }
      String token = page.nextPageToken().orElseThrow();
      if (!seenTokens.add(token)) {
        throw new ConnectorException(connector.id().value(), "the vendor repeated a page token; refusing to loop",
            0, null, null);
      }
      request = request.next(page);
    }
    return decide(connector, mode, cursorReset, window, records, deletions, busy, issues, retentions, nextCursor);
  }

  private ChangeSet decide(
      SourceConnector connector, SyncMode mode, boolean cursorReset, TimeWindow window,
      Map<String, SourceRecord> records, Map<String, SourceRef> deletionRefs, Map<String, BusyBlock> busy,
      List<RecordIssue> issues, List<dev.clinicsync.core.connector.Retention> retentions,
      Optional<SyncCursor> nextCursor) {
    String connectorId = connector.id().value();
    List<ChangeSet.Upsert> upserts = new ArrayList<>();
    List<ChangeSet.Deletion> deletions = new ArrayList<>();
    List<PlannedChange> planned = new ArrayList<>();
    int unchanged = 0;

    for (SourceRecord r : records.values()) {
      Appointment incoming = r.appointment().toBuilder().connector(connector.id()).build();
      Optional<Appointment> existing = w.store().findBySource(incoming.source());
      if (existing.isEmpty()) {
        upserts.add(new ChangeSet.Upsert(incoming, r.phi(), true, "new at source"));
        planned.add(new PlannedChange(PlannedChange.Kind.CREATE, incoming.id(), incoming.source(), "new at source"));
        continue;
      }
      Appointment stored = existing.get();
      Appointment prepared = incoming.toBuilder().id(stored.id()).conflictIds(stored.conflictIds())
          .revision(stored.revision())
          .override(stored.override().orElse(null)) // an admin's decision outlives syncs
          .build();
      boolean sameVersion = stored.source().version().isPresent()
          && stored.source().version().equals(incoming.source().version());
      if (sameVersion || prepared.equals(stored)) {
        unchanged++;
        continue;
      }
      String reason = stored.source().version().map(v -> "changed at source since version " + v)
          .orElse("changed at source");
      upserts.add(new ChangeSet.Upsert(prepared, r.phi(), false, reason));
      planned.add(new PlannedChange(PlannedChange.Kind.UPDATE, stored.id(), incoming.source(), reason));
    }

    List<SourceRef> busyRemovals = new ArrayList<>();
    for (SourceRef ref : deletionRefs.values()) {
      Optional<Appointment> stored = w.store().findBySource(ref);
      if (stored.isPresent()) {
        deletions.add(new ChangeSet.Deletion(stored.get(), "gone from source"));
      } else {
        busyRemovals.add(ref);
      }
    }

    List<Appointment> live = w.store().find(AppointmentQuery.builder().window(window)
        .source(connector.system()).build()).stream()
        .filter(a -> a.connector().equals(Optional.of(connector.id()))).toList();
    if (mode != SyncMode.INCREMENTAL) {
      Set<AppointmentId> deleting = new HashSet<>();
      deletions.forEach(d -> deleting.add(d.appointment().id()));
      Set<String> skipped = new HashSet<>();
      issues.stream().filter(i -> i.severity() == RecordIssue.Severity.SKIPPED)
          .forEach(i -> skipped.add(i.vendorRecordId()));
      for (Appointment a : live) {
        if (!records.containsKey(a.source().key()) && !wasSkipped(a.source(), skipped)
            && retentions.stream().noneMatch(r -> r.covers(a.source(), a.window())) && deleting.add(a.id())) {
          deletions.add(new ChangeSet.Deletion(a, "gone from source"));
        }
      }
      for (SourceRef ref : w.busyBlocks().reportedBy(connector.id())) {
        if (!busy.containsKey(ref.key())) {
          busyRemovals.add(ref);
        }
      }
    }
    for (ChangeSet.Deletion d : deletions) {
      planned.add(new PlannedChange(PlannedChange.Kind.DELETE, d.appointment().id(), d.appointment().source(), d.reason()));
    }
    return new ChangeSet(connector.id(), mode, cursorReset, upserts, deletions, List.copyOf(busy.values()),
        busyRemovals, unchanged, issues, nextCursor, live.size(), planned);
  }

  /**
   * Whether a stored record was skipped (not normalizable) in this read rather than gone: the
   * issue names its vendor id, or the series it is an instance of ({@code id/...}). A record the
   * connector could not read this time is kept, never deleted by reconciliation.
   */
  private static boolean wasSkipped(SourceRef source, Set<String> skipped) {
    if (skipped.isEmpty()) {
      return false;
    }
    String id = source.externalId();
    if (skipped.contains(id)) {
      return true;
    }
    int slash = id.lastIndexOf('/');
    return slash > 0 && skipped.contains(id.substring(0, slash));
  }

  // ---- applying ----

  private void apply(ChangeSet c, Principal actor) {
    Map<ClinicianId, List<Object>> byClinician = new LinkedHashMap<>();
    c.upserts().forEach(u -> byClinician.computeIfAbsent(u.appointment().clinicianId(), k -> new ArrayList<>()).add(u));
    c.deletions().forEach(d -> byClinician.computeIfAbsent(d.appointment().clinicianId(), k -> new ArrayList<>()).add(d));
    c.busyUpserts().forEach(b -> byClinician.computeIfAbsent(b.clinicianId(), k -> new ArrayList<>()).add(b));
    for (SourceRef ref : c.busyRemovals()) {
      w.busyBlocks().remove(ref).ifPresent(b -> w.engine().removeBusyBlock(ref));
    }
    for (Map.Entry<ClinicianId, List<Object>> e : byClinician.entrySet()) {
      try (ClinicianLocks.Held ignored = w.locks().lock(e.getKey())) {
        applyForClinician(c.connector().value(), e.getValue(), actor);
      }
    }
  }

  private void applyForClinician(String connectorId, List<Object> changes, Principal actor) {
    List<AppointmentId> changed = new ArrayList<>();
    Set<AppointmentId> previousPartners = new HashSet<>();
    for (Object change : changes) {
      if (change instanceof ChangeSet.Upsert u) {
        Optional<Appointment> before = u.created() ? Optional.empty() : w.store().findBySource(u.appointment().source());
        before.ifPresent(b -> previousPartners.addAll(b.conflictIds()));
        AppointmentId id = before.map(Appointment::id).orElse(u.appointment().id());
        // PHI first: a vault failure leaves the store untouched, so the next sync retries the record
        u.phi().ifPresentOrElse(p -> w.phiVault().put(id, p), () -> w.phiVault().delete(id));
        UpsertResult result = w.store().upsertBySource(keepBookkeeping(u.appointment(), before));
        Appointment stored = result.appointment();
        w.engine().upsert(stored);
        if (result.outcome() == UpsertResult.Outcome.UNCHANGED) {
          continue;
        }
        changed.add(stored.id());
        w.audit().record(actor.userId(), result.outcome() == UpsertResult.Outcome.CREATED
                ? AuditAction.CREATE_APPOINTMENT : AuditAction.UPDATE_APPOINTMENT,
            stored.id().value(), details(connectorId, stored.source(), u.reason()));
      } else if (change instanceof ChangeSet.Deletion d) {
        Optional<Appointment> removed = w.store().delete(d.appointment().id());
        if (removed.isPresent()) {
          previousPartners.addAll(removed.get().conflictIds());
          w.phiVault().delete(d.appointment().id());
          w.engine().remove(d.appointment().id());
          w.audit().record(actor.userId(), AuditAction.DELETE_APPOINTMENT, d.appointment().id().value(),
              details(connectorId, d.appointment().source(), d.reason()));
        }
      } else if (change instanceof BusyBlock b) {
        if (w.busyBlocks().upsert(dev.clinicsync.core.model.ConnectorId.of(connectorId), b)) {
          w.engine().upsertBusyBlock(b);
        }
      }
    }
    w.conflicts().refresh(changed, previousPartners);
  }

  /**
   * The SDK's own bookkeeping on a stored record — its conflict ids and an admin's accepted
   * override — as it is now, under the clinician's lock: a booking-path change made between
   * reading the vendor and applying must not be undone by the sync.
   */
  private static Appointment keepBookkeeping(Appointment incoming, Optional<Appointment> before) {
    if (before.isEmpty()) {
      return incoming;
    }
    Appointment current = before.get();
    if (current.override().equals(incoming.override()) && current.conflictIds().equals(incoming.conflictIds())) {
      return incoming;
    }
    return incoming.toBuilder().conflictIds(current.conflictIds()).override(current.override().orElse(null)).build();
  }

  private static Map<String, String> details(String connectorId, SourceRef source, String reason) {
    return source.version()
        .map(v -> Map.of("connector", connectorId, "source", source.key(), "version", v, "reason", reason))
        .orElseGet(() -> Map.of("connector", connectorId, "source", source.key(), "reason", reason));
  }

  private boolean commitCursor(ChangeSet c) {
    if (c.nextCursor().isEmpty()) {
      return false;
    }
    w.syncState().saveCursor(c.connector(), c.nextCursor().get());
    return true;
  }

  // ---- reporting ----

  private static int count(ChangeSet c, boolean created) {
    return (int) c.upserts().stream().filter(u -> u.created() == created).count();
  }

  private SyncReport report(SourceConnector connector, SyncMode mode, SyncOutcome outcome, ChangeSet c,
      Instant started, boolean advanced, List<String> errors) {
    return report(connector, mode, outcome, c, started, advanced, errors, null);
  }

  private SyncReport report(SourceConnector connector, SyncMode mode, SyncOutcome outcome, ChangeSet c,
      Instant started, boolean advanced, List<String> errors, String planId) {
    Duration took = Duration.between(started, w.clock().instant());
    boolean applied = outcome == SyncOutcome.APPLIED;
    return new SyncReport(connector.id(), mode, outcome,
        c == null || !applied ? 0 : count(c, true),
        c == null || !applied ? 0 : count(c, false),
        c == null || !applied ? 0 : c.deletions().size(),
        c == null ? 0 : c.unchanged(),
        c == null ? List.of() : c.issues(),
        c == null || !applied ? 0 : c.busyUpserts().size(),
        c == null || !applied ? 0 : c.busyRemovals().size(),
        took, advanced, c != null && c.cursorReset(), Optional.ofNullable(planId), errors);
  }

  private static Map<String, String> summary(SyncReport r) {
    return Map.of(
        "mode", r.mode().name(),
        "created", Integer.toString(r.created()),
        "updated", Integer.toString(r.updated()),
        "deleted", Integer.toString(r.deleted()),
        "unchanged", Integer.toString(r.unchanged()),
        "skipped", Integer.toString(r.skipped().size()),
        "cursor", r.cursorAdvanced() ? "advanced" : (r.cursorReset() ? "reset" : "kept"));
  }

  private static String describe(ClinicSyncException e) {
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
