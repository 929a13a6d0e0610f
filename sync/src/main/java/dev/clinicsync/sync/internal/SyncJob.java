package dev.clinicsync.sync.internal;

import dev.clinicsync.core.ClinicSyncException;
import dev.clinicsync.core.CursorExpiredException;
import dev.clinicsync.core.StorageConflictException;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.audit.AuditLog;
import dev.clinicsync.core.connector.ConnectorCapabilities.Capability;
import dev.clinicsync.core.connector.FetchResult;
import dev.clinicsync.core.connector.SourceConnector;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.SyncCursor;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.store.SyncStateStore;
import dev.clinicsync.sync.SyncMode;
import dev.clinicsync.sync.SyncOutcome;
import dev.clinicsync.sync.SyncPlan;
import dev.clinicsync.sync.SyncProgress;
import dev.clinicsync.sync.SyncReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync of one connector, as read → decide → apply: take the lease; {@link ConnectorReader read}
 * every page; read the {@link StoredReader stored} state once and {@link SyncPlanner decide}; let
 * the {@link DeletionGuard} hold a plan that removes too much ({@link HeldPlans}); otherwise
 * {@link ChangeApplier apply} it per clinician; audit the summary and commit the cursor last, so a
 * crash before the commit re-fetches rather than loses.
 *
 * <p>Whatever goes wrong — a vendor error, a fetch limit, a store or audit failure, an
 * {@link Error} thrown while handling one connector's data (see {@link Failures}) — ends that
 * connector's sync in a {@link SyncOutcome#FAILED} report carrying the typed failure, audited as
 * {@code SYNC_FAILED} with a PHI-free code, with the cursor unchanged. Nothing escapes to the
 * caller but what says the JVM is broken.
 *
 * <p>With stores that roll back ({@link Transact#transactional()}) the apply step is one
 * transaction: every upsert and deletion, their audit events and outbox jobs, the sync's summary
 * event and, last, the cursor commit together; a failure anywhere rolls all of it back and the index
 * is {@link ChangeApplier#recover recovered} from the stores, so the next sync starts from the same
 * cursor over the same stored state.
 */
public final class SyncJob {
  private static final Logger LOG = LoggerFactory.getLogger(SyncJob.class);

  private final SyncStateStore syncState;
  private final ConnectorReader reader;
  private final StoredReader stored;
  private final SyncPlanner planner;
  private final DeletionGuard guard;
  private final ChangeApplier applier;
  private final HeldPlans plans;
  private final AuditLog audit;
  private final Clock clock;
  private final SyncOptions options;
  private final @Nullable EchoReconciler echoes;
  private final Transact tx;

  public SyncJob(SyncStateStore syncState, ConnectorReader reader, StoredReader stored, SyncPlanner planner,
      DeletionGuard guard, ChangeApplier applier, HeldPlans plans, AuditLog audit, Clock clock, SyncOptions options) {
    this(syncState, reader, stored, planner, guard, applier, plans, audit, clock, options, null);
  }

  /** A sync job that also settles the echoes of the SDK's own mirrors ({@link EchoReconciler}) after applying. */
  public SyncJob(SyncStateStore syncState, ConnectorReader reader, StoredReader stored, SyncPlanner planner,
      DeletionGuard guard, ChangeApplier applier, HeldPlans plans, AuditLog audit, Clock clock, SyncOptions options,
      @Nullable EchoReconciler echoes) {
    this(syncState, reader, stored, planner, guard, applier, plans, audit, clock, options, echoes, null);
  }

  /**
   * A sync job whose apply step is one transaction through {@code tx} when the stores roll back;
   * {@code null} for stores of one process.
   */
  public SyncJob(SyncStateStore syncState, ConnectorReader reader, StoredReader stored, SyncPlanner planner,
      DeletionGuard guard, ChangeApplier applier, HeldPlans plans, AuditLog audit, Clock clock, SyncOptions options,
      @Nullable EchoReconciler echoes, @Nullable Transact tx) {
    this.tx = tx != null ? tx : Transact.direct(new ClinicianLocks());
    this.echoes = echoes;
    this.syncState = syncState;
    this.reader = reader;
    this.stored = stored;
    this.planner = planner;
    this.guard = guard;
    this.applier = applier;
    this.plans = plans;
    this.audit = audit;
    this.clock = clock;
    this.options = options;
  }

  /** Syncs one connector: incrementally when it has a stored cursor, otherwise in full. */
  public SyncReport run(SourceConnector connector) {
    return run(connector, SyncProgress.none());
  }

  /**
   * As {@link #run(SourceConnector)}, telling {@code progress} of every page read and, at the end,
   * of the report. Whatever the callback throws is caught and counted ({@link ProgressRelay}); the
   * sync and its report are the same as without it.
   */
  public SyncReport run(SourceConnector connector, SyncProgress progress) {
    ProgressRelay relay = new ProgressRelay(progress, connector.id(), clock);
    SyncReport report = run(connector, relay);
    relay.finished(report);
    return report;
  }

  private SyncReport run(SourceConnector connector, ProgressRelay pages) {
    Instant started = clock.instant();
    ConnectorId id = connector.id();
    Optional<LeaseKeeper> lease = LeaseKeeper.acquire(syncState, id, options);
    if (lease.isEmpty()) {
      return Reports.skipped(id, Duration.between(started, clock.instant()));
    }
    SyncMode mode = SyncMode.FULL;
    ChangeSet changes = null;
    ChangeApplier.Progress progress = new ChangeApplier.Progress();
    try {
      Optional<SyncCursor> cursor = connector.capabilities().supports(Capability.INCREMENTAL_FETCH)
          ? syncState.cursor(id) : Optional.empty();
      mode = cursor.isPresent() ? SyncMode.INCREMENTAL : SyncMode.FULL;
      TimeWindow window = window();
      boolean reset = false;
      FetchResult fetched;
      try {
        fetched = reader.read(connector, window, cursor, lease.get(), pages::page);
      } catch (CursorExpiredException e) {
        LOG.info("connector {}: cursor expired, running a full sync", id);
        syncState.clearCursor(id);
        mode = SyncMode.FULL_AFTER_EXPIRED_CURSOR;
        reset = true;
        pages.restart();
        fetched = reader.read(connector, window, Optional.empty(), lease.get(), pages::page);
      }
      if (mode == SyncMode.FULL && fetched.replayOf().isPresent()) {
        mode = SyncMode.FULL_REPLAYED; // asked sooner than the polling floor: the connector repeated its last answer
      }
      changes = planner.plan(id, mode, reset, window, fetched, stored.read(connector, mode, window, fetched));
      Optional<String> tooMuch = guard.check(changes);
      if (tooMuch.isPresent()) {
        SyncPlan plan = plans.hold(changes, syncState.cursor(id), tooMuch.get());
        return Reports.held(changes, plan.id(), Duration.between(started, clock.instant()));
      }
      ChangeSet plan = changes;
      FetchResult read = fetched;
      SyncReport report = tx.inTransaction(() -> {
        try {
          applier.apply(plan, Principal.SYSTEM, progress);
        } finally {
          guard.applied(id, progress.removals, progress.busyRemoved);
        }
        if (echoes != null) {
          echoes.reconcile(id, read.echoes(), read.busyBlockDeletions());
        }
        lease.get().renew(); // a node that lost the lease meanwhile must not move the cursor
        SyncReport applied = Reports.applied(plan, progress, Duration.between(started, clock.instant()),
            plan.nextCursor().isPresent(), Optional.empty());
        audit.record(Principal.SYSTEM.userId(), AuditAction.SYNC_COMPLETED, id.value(), Reports.summary(applied));
        commitCursor(plan);
        return applied;
      });
      committed(progress);
      plans.discardAllOf(id); // a newer read applied: an older held plan is stale
      return report;
    } catch (Throwable t) {
      if (Failures.isFatal(t)) {
        throw t;
      }
      return failed(id, mode, changes, rolledBack(changes, progress, t), started, t);
    } finally {
      lease.get().release();
    }
  }

  /**
   * Refreshes specific records of one connector by vendor id ({@link SourceConnector#fetchByExternalIds}),
   * through the same decide → guard → apply path as a sync, audited the same way, in
   * {@link SyncMode#TARGETED} mode: nothing it did not name is inferred deleted and the cursor does
   * not move. Failures come back as a FAILED report, as for {@link #run}.
   */
  public SyncReport refresh(SourceConnector connector, java.util.Set<String> externalIds) {
    Instant started = clock.instant();
    ConnectorId id = connector.id();
    Optional<LeaseKeeper> lease = LeaseKeeper.acquire(syncState, id, options);
    if (lease.isEmpty()) {
      return Reports.skipped(id, Duration.between(started, clock.instant()));
    }
    SyncMode mode = SyncMode.TARGETED;
    ChangeSet changes = null;
    ChangeApplier.Progress progress = new ChangeApplier.Progress();
    try {
      dev.clinicsync.core.connector.FetchPage page = connector.fetchByExternalIds(externalIds);
      FetchResult fetched = new FetchResult(page.appointmentUpserts(), page.appointmentDeletions(),
          page.busyBlockUpserts(), page.busyBlockDeletions(), page.echoes(), page.issues(), page.retentions(),
          Optional.empty(), 1);
      TimeWindow window = window();
      changes = planner.plan(id, mode, false, window, fetched, stored.read(connector, mode, window, fetched));
      Optional<String> tooMuch = guard.check(changes);
      if (tooMuch.isPresent()) {
        SyncPlan plan = plans.hold(changes, syncState.cursor(id), tooMuch.get());
        return Reports.held(changes, plan.id(), Duration.between(started, clock.instant()));
      }
      ChangeSet plan = changes;
      SyncReport report = tx.inTransaction(() -> {
        try {
          applier.apply(plan, Principal.SYSTEM, progress);
        } finally {
          guard.applied(id, progress.removals, progress.busyRemoved);
        }
        SyncReport applied = Reports.applied(plan, progress, Duration.between(started, clock.instant()), false,
            Optional.empty());
        audit.record(Principal.SYSTEM.userId(), AuditAction.SYNC_COMPLETED, id.value(), Reports.summary(applied));
        return applied;
      });
      committed(progress);
      return report;
    } catch (Throwable t) {
      if (Failures.isFatal(t)) {
        throw t;
      }
      return failed(id, mode, changes, rolledBack(changes, progress, t), started, t);
    } finally {
      lease.get().release();
    }
  }

  /** Runs what waited for the sync's transaction to commit. */
  private static void committed(ChangeApplier.Progress progress) {
    progress.afterCommit.forEach(Runnable::run);
    progress.afterCommit.clear();
  }

  /**
   * After a failed apply: with transactions, nothing of it is stored any more, so the index is set
   * back to the stores and the report counts nothing applied; otherwise what was applied stays.
   */
  private ChangeApplier.Progress rolledBack(@Nullable ChangeSet changes, ChangeApplier.Progress progress,
      Throwable failure) {
    if (!tx.transactional()) {
      return progress;
    }
    if (changes != null) {
      try {
        applier.recover(changes);
      } catch (RuntimeException recovery) {
        failure.addSuppressed(recovery);
      }
    }
    return new ChangeApplier.Progress();
  }

  private SyncReport failed(ConnectorId id, SyncMode mode, @Nullable ChangeSet changes,
      ChangeApplier.Progress progress, Instant started, Throwable t) {
    ClinicSyncException failure = Failures.typed(t, id);
    String code = Failures.code(failure);
    LOG.warn("connector {}: sync failed ({}): {}", id, code, failure.getMessage());
    try {
      audit.record(Principal.SYSTEM.userId(), AuditAction.SYNC_FAILED, id.value(),
          Map.of("mode", mode.name(), "error", failure.getClass().getSimpleName(), "code", code));
    } catch (RuntimeException | Error auditFailure) {
      if (Failures.isFatal(auditFailure)) {
        throw auditFailure;
      }
      failure.addSuppressed(auditFailure);
      LOG.error("connector {}: the failed sync could not be audited ({})", id, auditFailure.getClass().getSimpleName());
    }
    return Reports.failed(id, mode, changes, progress, Duration.between(started, clock.instant()), failure);
  }

  private TimeWindow window() {
    Instant now = clock.instant();
    return TimeWindow.of(now.minus(options.lookBack()), now.plus(options.lookAhead()));
  }

  private boolean commitCursor(ChangeSet c) {
    if (c.nextCursor().isEmpty()) {
      return false;
    }
    syncState.saveCursor(c.connector(), c.nextCursor().get());
    return true;
  }

  // ---- held plans ----

  /** The plans held by the mass-deletion guard, oldest first. */
  public List<SyncPlan> heldPlans() {
    return plans.list();
  }

  /**
   * Applies a held plan as an admin decided, committing its cursor — only while it is still the
   * newest read of its source: a plan whose connector has synced since (the stored cursor moved)
   * is stale and refused, never applied over newer data.
   */
  public SyncReport applyPlan(String planId, Principal admin) {
    HeldPlans.Held plan = plans.take(planId);
    ChangeSet pending = plans.unseal(plan);
    ConnectorId id = pending.connector();
    Optional<LeaseKeeper> lease = LeaseKeeper.acquire(syncState, id, options);
    if (lease.isEmpty()) {
      plans.restore(plan);
      throw new StorageConflictException(planId, "connector " + id + " is syncing on another node; apply the plan again later");
    }
    Instant started = clock.instant();
    ChangeApplier.Progress progress = new ChangeApplier.Progress();
    try {
      if (!syncState.cursor(id).equals(plan.cursorAtHold())) {
        plans.forget(plan);
        throw new StorageConflictException(planId, "connector " + id
            + " has synced since the plan was held; the plan is stale and was discarded");
      }
      boolean advanced;
      if (tx.transactional()) {
        try {
          advanced = tx.inTransaction(() -> {
            applier.apply(pending, admin, progress);
            lease.get().renew();
            audit.record(admin.userId(), AuditAction.SYNC_PLAN_APPLIED, planId,
                Map.of("connector", id.value(), "deletions", Long.toString(plan.plan().deletions())));
            return commitCursor(pending);
          });
        } catch (RuntimeException | Error e) {
          rolledBack(pending, progress, e);
          plans.restore(plan); // rolled back as a whole: it can be applied again
          throw e;
        }
        committed(progress);
        guard.approved(id);
        plans.forget(plan);
      } else {
        try {
          applier.apply(pending, admin, progress);
        } catch (RuntimeException | Error e) {
          plans.restore(plan); // what was applied stays applied and audited; the rest can be applied again
          throw e;
        }
        guard.approved(id);
        try {
          lease.get().renew();
          audit.record(admin.userId(), AuditAction.SYNC_PLAN_APPLIED, planId,
              Map.of("connector", id.value(), "deletions", Long.toString(plan.plan().deletions())));
          advanced = commitCursor(pending);
        } finally {
          plans.forget(plan); // applied: its PHI is in the vault now; a lost lease or audit outage leaves none sealed either
        }
      }
      return Reports.applied(pending, progress, Duration.between(started, clock.instant()), advanced, Optional.of(planId));
    } finally {
      lease.get().release();
    }
  }

  /** Discards a held plan; the next sync reads the source again. */
  public void discardPlan(String planId, Principal admin) {
    HeldPlans.Held plan = plans.take(planId);
    plans.forget(plan);
    audit.record(admin.userId(), AuditAction.SYNC_PLAN_DISCARDED, planId, Map.of("connector", plan.plan().connector().value()));
  }
}
