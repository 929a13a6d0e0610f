package dev.clinicsync.sync;

import static dev.clinicsync.sync.Fixtures.LEE;
import static dev.clinicsync.sync.Fixtures.NOW;
import static dev.clinicsync.sync.Fixtures.TUESDAY_9AM;
import static dev.clinicsync.sync.Fixtures.appt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.conflict.ConflictEngine;
import dev.clinicsync.core.ConnectorException;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.audit.AuditKeys;
import dev.clinicsync.core.audit.AuditLog;
import dev.clinicsync.core.connector.FetchLimits;
import dev.clinicsync.core.memory.InMemoryAppointmentStore;
import dev.clinicsync.core.memory.InMemoryBusyBlockStore;
import dev.clinicsync.core.memory.InMemorySyncStateStore;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.SyncCursor;
import dev.clinicsync.core.phi.AesGcmPhiVault;
import dev.clinicsync.core.phi.PhiField;
import dev.clinicsync.core.phi.PhiRecord;
import dev.clinicsync.core.store.Transactions;
import dev.clinicsync.core.testkit.MutableClock;
import dev.clinicsync.sync.HeldPlanLifecycleTest.HookedAuditSink;
import dev.clinicsync.sync.HeldPlanLifecycleTest.SealedStore;
import dev.clinicsync.sync.HeldPlanLifecycleTest.StealableLeases;
import dev.clinicsync.sync.internal.BusyBlockIndex;
import dev.clinicsync.sync.internal.ChangeApplier;
import dev.clinicsync.sync.internal.ClinicianLocks;
import dev.clinicsync.sync.internal.ConflictMaintainer;
import dev.clinicsync.sync.internal.ConnectorReader;
import dev.clinicsync.sync.internal.DeletionGuard;
import dev.clinicsync.sync.internal.HeldPlans;
import dev.clinicsync.sync.internal.StoredReader;
import dev.clinicsync.sync.internal.SyncJob;
import dev.clinicsync.sync.internal.SyncOptions;
import dev.clinicsync.sync.internal.SyncPlanner;
import dev.clinicsync.sync.internal.Transact;
import dev.clinicsync.sync.internal.UnitOfWork;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A sync job on stores that roll back (issue #22): what waits for the commit (deleting a removed
 * appointment's PHI) happens once it committed; an applied held plan reports its cursor, resets the
 * deletion guard and forgets its sealed PHI; a plan whose transaction fails is put back whole; the
 * lease is always released. Uses {@link HeldPlanLifecycleTest}'s inspectable parts.
 */
@DisplayName("A sync job in store transactions")
class SyncJobTransactionsTest {
  private static final Principal ADMIN = Principal.admin("u-admin");
  private static final Duration LEASE_TTL = Duration.ofMinutes(10);

  /** Counted transactions over the in-memory stores. */
  static final class CountingTransactions implements Transactions {
    int transactions;

    @Override
    public <T> T inTransaction(Supplier<T> work) {
      transactions++;
      return work.get();
    }
  }

  private final MutableClock clock = new MutableClock(NOW);
  private final FakeConnector zocdoc = new FakeConnector("zocdoc-main", SourceSystem.ZOCDOC);
  private final InMemoryAppointmentStore store = new InMemoryAppointmentStore();
  private final AesGcmPhiVault vault = AesGcmPhiVault.withRandomKey();
  private final SealedStore sealed = new SealedStore();
  private final HookedAuditSink sink = new HookedAuditSink();
  private final StealableLeases state = new StealableLeases(new InMemorySyncStateStore(clock));
  private final CountingTransactions transactions = new CountingTransactions();
  private SyncJob job;

  @BeforeEach
  void wire() {
    AuditLog audit = new AuditLog(sink, AuditKeys.inProcess(), clock);
    ConflictEngine engine = ConflictEngine.builder().build();
    Fixtures.clinicians().all().forEach(engine::updateClinician);
    InMemoryBusyBlockStore blocks = new InMemoryBusyBlockStore();
    SyncOptions options = new SyncOptions(Duration.ofDays(30), Duration.ofDays(180), 0.30, 2, Duration.ofDays(1),
        "node-a", LEASE_TTL, FetchLimits.DEFAULTS);
    ClinicianLocks locks = new ClinicianLocks();
    Transact tx = new Transact(transactions, dev.clinicsync.core.store.ClinicianLocks.none(), locks);
    ChangeApplier applier = new ChangeApplier(store, vault, engine, new ConflictMaintainer(engine, store), blocks,
        new BusyBlockIndex(), tx, new UnitOfWork(audit));
    job = new SyncJob(state, new ConnectorReader(clock, FetchLimits.DEFAULTS), new StoredReader(store, blocks),
        new SyncPlanner(), new DeletionGuard(clock, 0.30, 2, Duration.ofDays(1)), applier,
        new HeldPlans(clock, audit, sealed), audit, clock, options, null, tx);
  }

  private void putTen() {
    for (int i = 0; i < 10; i++) {
      zocdoc.put(appt(SourceSystem.ZOCDOC, "zd-" + i, "v1", LEE, TUESDAY_9AM.plus(Duration.ofHours(i)), 50),
          PhiRecord.builder().put(PhiField.PATIENT_NAME, "Patient " + i).build());
    }
    assertThat(job.run(zocdoc).outcome()).isEqualTo(SyncOutcome.APPLIED);
  }

  private AppointmentId idOf(int i) {
    return store.findBySource(appt(SourceSystem.ZOCDOC, "zd-" + i, "v1", LEE, TUESDAY_9AM, 50).source())
        .orElseThrow().id();
  }

  private void removeAtSource(int from, int to) {
    for (int i = from; i < to; i++) {
      zocdoc.remove(appt(SourceSystem.ZOCDOC, "zd-" + i, "v1", LEE, TUESDAY_9AM, 50).source());
    }
  }

  private String holdSevenOfTen() {
    putTen();
    removeAtSource(0, 7);
    zocdoc.put(appt(SourceSystem.ZOCDOC, "zd-9", "v2", LEE, TUESDAY_9AM.plus(Duration.ofHours(9)), 50),
        PhiRecord.builder().put(PhiField.PATIENT_NAME, "Jane Waiting").build());
    SyncReport held = job.run(zocdoc);
    assertThat(held.outcome()).isEqualTo(SyncOutcome.HELD);
    return held.heldPlan().orElseThrow();
  }

  private long events(AuditAction action) {
    return sink.events.read(1, 10_000).stream().filter(e -> e.action() == action).count();
  }

  @Test
  @DisplayName("a removal synced in a transaction deletes the appointment's PHI once the transaction committed")
  void removalDeletesPhiAfterCommit() {
    putTen();
    AppointmentId gone = idOf(0);
    assertThat(vault.get(gone)).isPresent();
    removeAtSource(0, 1);

    SyncReport r = job.run(zocdoc);

    assertThat(r.outcome()).isEqualTo(SyncOutcome.APPLIED);
    assertThat(r.deleted()).isEqualTo(1);
    assertThat(vault.get(gone)).isEmpty();
    assertThat(vault.get(idOf(1))).isPresent();
  }

  @Test
  @DisplayName("a held plan applied in a transaction advances the cursor, deletes the removed PHI and forgets its sealed PHI")
  void appliedPlanInTransaction() {
    String plan = holdSevenOfTen();
    AppointmentId gone = idOf(3);
    int before = transactions.transactions;

    SyncReport r = job.applyPlan(plan, ADMIN);

    assertThat(transactions.transactions).isEqualTo(before + 1);
    assertThat(r.deleted()).isEqualTo(7);
    assertThat(r.cursorAdvanced()).isTrue();
    assertThat(state.cursor(zocdoc.id())).isPresent();
    assertThat(vault.get(gone)).isEmpty();
    assertThat(job.heldPlans()).isEmpty();
    assertThat(sealed.records).isEmpty();
    assertThat(events(AuditAction.SYNC_PLAN_APPLIED)).isEqualTo(1);
  }

  @Test
  @DisplayName("an applied plan (in a transaction) starts the deletion guard's count again")
  void appliedPlanResetsTheGuard() {
    putTen();
    removeAtSource(0, 2);
    assertThat(job.run(zocdoc).outcome()).as("two of ten removed: allowed").isEqualTo(SyncOutcome.APPLIED);
    removeAtSource(2, 9);
    String plan = job.run(zocdoc).heldPlan().orElseThrow();
    job.applyPlan(plan, ADMIN);
    removeAtSource(9, 10);

    // with the count of the two earlier removals still standing, removing the last one would be held
    assertThat(job.run(zocdoc).outcome()).isEqualTo(SyncOutcome.APPLIED);
  }

  @Test
  @DisplayName("a plan whose transaction fails at its audit event is put back, PHI and all, with the cursor where it was")
  void failedTransactionPutsThePlanBack() {
    String plan = holdSevenOfTen();
    Optional<SyncCursor> cursor = state.cursor(zocdoc.id());
    sink.on = AuditAction.SYNC_PLAN_APPLIED;
    sink.hook = () -> {
      throw new java.io.UncheckedIOException(new java.io.IOException("audit store unreachable"));
    };

    assertThatThrownBy(() -> job.applyPlan(plan, ADMIN)).isInstanceOf(RuntimeException.class);

    assertThat(job.heldPlans()).extracting(SyncPlan::id).containsExactly(plan);
    assertThat(sealed.records.values()).singleElement()
        .satisfies(p -> assertThat(p.get(PhiField.PATIENT_NAME)).contains("Jane Waiting"));
    assertThat(state.cursor(zocdoc.id())).isEqualTo(cursor);
  }

  @Test
  @DisplayName("a plan applied in a transaction by a node that lost the lease is put back and commits no cursor")
  void lostLeaseInTransaction() {
    String plan = holdSevenOfTen();
    Optional<SyncCursor> cursor = state.cursor(zocdoc.id());
    state.stolen = true;

    assertThatThrownBy(() -> job.applyPlan(plan, ADMIN)).isInstanceOf(ConnectorException.class)
        .hasMessageContaining("lease");

    assertThat(job.heldPlans()).extracting(SyncPlan::id).containsExactly(plan);
    assertThat(state.cursor(zocdoc.id())).isEqualTo(cursor);
    assertThat(events(AuditAction.SYNC_PLAN_APPLIED)).isZero();
  }

  @Test
  @DisplayName("applying a plan releases the connector's lease: another node may sync at once")
  void applyReleasesTheLease() {
    String plan = holdSevenOfTen();
    job.applyPlan(plan, ADMIN);
    assertThat(state.delegate.tryAcquire("sync:" + zocdoc.id(), "node-b", LEASE_TTL)).isPresent();
  }

  @Test
  @DisplayName("an expired cursor is forgotten even when the full read that follows is held")
  void expiredCursorIsForgotten() {
    putTen();
    assertThat(state.cursor(zocdoc.id())).isPresent();
    zocdoc.expireNextCursor();
    removeAtSource(0, 7);

    SyncReport r = job.run(zocdoc);

    assertThat(r.outcome()).isEqualTo(SyncOutcome.HELD);
    assertThat(state.cursor(zocdoc.id())).as("the next sync reads in full").isEmpty();
    assertThat(List.of(r.mode())).containsExactly(SyncMode.FULL_AFTER_EXPIRED_CURSOR);
  }

  @Test
  @DisplayName("a sync that applies discards its own connector's held plans only, never another connector's")
  void appliedSyncDiscardsOnlyItsOwnPlans() {
    FakeConnector kareo = new FakeConnector("kareo-main", SourceSystem.KAREO);
    for (int i = 0; i < 10; i++) {
      kareo.put(appt(SourceSystem.KAREO, "ka-" + i, "v1", LEE, TUESDAY_9AM.plus(Duration.ofDays(1).plusHours(i)), 50));
    }
    assertThat(job.run(kareo).outcome()).isEqualTo(SyncOutcome.APPLIED);
    for (int i = 0; i < 8; i++) {
      kareo.remove(appt(SourceSystem.KAREO, "ka-" + i, "v1", LEE, TUESDAY_9AM, 50).source());
    }
    String kareoPlan = job.run(kareo).heldPlan().orElseThrow();
    String zocdocPlan = holdSevenOfTen();
    zocdoc.put(appt(SourceSystem.ZOCDOC, "zd-0", "v1", LEE, TUESDAY_9AM, 50));
    for (int i = 1; i < 7; i++) {
      zocdoc.put(appt(SourceSystem.ZOCDOC, "zd-" + i, "v1", LEE, TUESDAY_9AM.plus(Duration.ofHours(i)), 50));
    }

    assertThat(job.run(zocdoc).outcome()).isEqualTo(SyncOutcome.APPLIED);

    assertThat(job.heldPlans()).extracting(SyncPlan::id).containsExactly(kareoPlan).doesNotContain(zocdocPlan);
  }

  /** The fake vendor, also answering targeted reads (push notifications naming records) with a set page. */
  static final class Refreshable implements dev.clinicsync.core.connector.SourceConnector {
    final FakeConnector delegate;
    dev.clinicsync.core.connector.FetchPage next = dev.clinicsync.core.connector.FetchPage.builder().build();
    RuntimeException failure;

    Refreshable(FakeConnector delegate) {
      this.delegate = delegate;
    }

    @Override
    public dev.clinicsync.core.model.ConnectorId id() {
      return delegate.id();
    }

    @Override
    public SourceSystem system() {
      return delegate.system();
    }

    @Override
    public dev.clinicsync.core.connector.ConnectorCapabilities capabilities() {
      return delegate.capabilities();
    }

    @Override
    public dev.clinicsync.core.connector.FetchPage fetch(dev.clinicsync.core.connector.FetchRequest request) {
      return delegate.fetch(request);
    }

    @Override
    public boolean fetchesByExternalId() {
      return true;
    }

    @Override
    public dev.clinicsync.core.connector.FetchPage fetchByExternalIds(java.util.Set<String> externalIds) {
      if (failure != null) {
        throw failure;
      }
      return next;
    }
  }

  private static dev.clinicsync.core.model.SourceRef ref(int i) {
    return appt(SourceSystem.ZOCDOC, "zd-" + i, "v1", LEE, TUESDAY_9AM, 50).source();
  }

  @Test
  @DisplayName("a targeted refresh applies what it names in a transaction, deletes a removed PHI after the commit, is audited, leaves the cursor and releases the lease")
  void refreshApplies() {
    putTen();
    Refreshable vendor = new Refreshable(zocdoc);
    Optional<SyncCursor> cursor = state.cursor(zocdoc.id());
    AppointmentId gone = idOf(0);
    long completed = events(AuditAction.SYNC_COMPLETED);
    vendor.next = dev.clinicsync.core.connector.FetchPage.builder()
        .upsert(dev.clinicsync.core.connector.SourceRecord.of(
            appt(SourceSystem.ZOCDOC, "zd-1", "v2", LEE, TUESDAY_9AM.plus(Duration.ofDays(2)), 50)))
        .deleteAppointment(ref(0)).build();
    int before = transactions.transactions;

    SyncReport r = job.refresh(vendor, java.util.Set.of("zd-0", "zd-1"));

    assertThat(r.outcome()).as("errors: %s", r.errors()).isEqualTo(SyncOutcome.APPLIED);
    assertThat(r.mode()).isEqualTo(SyncMode.TARGETED);
    assertThat(r.updated()).isEqualTo(1);
    assertThat(r.deleted()).isEqualTo(1);
    assertThat(transactions.transactions).isEqualTo(before + 1);
    assertThat(store.findById(idOf(1)).orElseThrow().start()).isEqualTo(TUESDAY_9AM.plus(Duration.ofDays(2)));
    assertThat(vault.get(gone)).isEmpty();
    assertThat(state.cursor(zocdoc.id())).isEqualTo(cursor);
    assertThat(events(AuditAction.SYNC_COMPLETED)).isEqualTo(completed + 1);
    assertThat(state.delegate.tryAcquire("sync:" + zocdoc.id(), "node-b", LEASE_TTL)).as("the lease was released")
        .isPresent();
  }

  @Test
  @DisplayName("a refresh is skipped while another node holds the connector's lease")
  void refreshSkippedWithoutLease() {
    putTen();
    state.delegate.tryAcquire("sync:" + zocdoc.id(), "node-b", LEASE_TTL).orElseThrow();
    assertThat(job.refresh(new Refreshable(zocdoc), java.util.Set.of("zd-1")).outcome()).isEqualTo(SyncOutcome.SKIPPED_LEASE_HELD);
  }

  @Test
  @DisplayName("a refresh that removes too much is held like a sync")
  void refreshHeld() {
    putTen();
    Refreshable vendor = new Refreshable(zocdoc);
    dev.clinicsync.core.connector.FetchPage.Builder page = dev.clinicsync.core.connector.FetchPage.builder();
    for (int i = 0; i < 8; i++) {
      page.deleteAppointment(ref(i));
    }
    vendor.next = page.build();

    SyncReport r = job.refresh(vendor, java.util.Set.of("zd-0"));

    assertThat(r.outcome()).isEqualTo(SyncOutcome.HELD);
    assertThat(store.count()).isEqualTo(10);
  }

  @Test
  @DisplayName("removals applied by a refresh count towards the deletion guard's period")
  void refreshRemovalsCount() {
    putTen();
    Refreshable vendor = new Refreshable(zocdoc);
    vendor.next = dev.clinicsync.core.connector.FetchPage.builder().deleteAppointment(ref(0)).deleteAppointment(ref(1))
        .build();
    assertThat(job.refresh(vendor, java.util.Set.of("zd-0", "zd-1")).outcome()).isEqualTo(SyncOutcome.APPLIED);
    removeAtSource(0, 4);

    // two more of the eight left are 2 <= 30%; with the refresh's two in the period, 4 of 10 are not
    assertThat(job.run(zocdoc).outcome()).isEqualTo(SyncOutcome.HELD);
  }

  @Test
  @DisplayName("a refresh whose vendor call fails ends FAILED and audited, and releases the lease to any node")
  void refreshFails() {
    putTen();
    Refreshable vendor = new Refreshable(zocdoc);
    vendor.failure = new dev.clinicsync.core.RetryableConnectorException(zocdoc.id().value(), "service unavailable", 503,
        "req-9", null, null);
    long failed = events(AuditAction.SYNC_FAILED);

    SyncReport r = job.refresh(vendor, java.util.Set.of("zd-1"));

    assertThat(r.outcome()).isEqualTo(SyncOutcome.FAILED);
    assertThat(events(AuditAction.SYNC_FAILED)).isEqualTo(failed + 1);
    assertThat(state.delegate.tryAcquire("sync:" + zocdoc.id(), "node-b", LEASE_TTL)).as("another node may sync at once")
        .isPresent();
  }

  @Test
  @DisplayName("a sync whose transaction fails reports nothing applied, since the rollback undid it")
  void rolledBackSyncCountsNothing() {
    putTen();
    zocdoc.put(appt(SourceSystem.ZOCDOC, "zd-10", "v1", LEE, TUESDAY_9AM.plus(Duration.ofDays(3)), 50));
    sink.on = AuditAction.SYNC_COMPLETED;
    sink.hook = () -> {
      throw new java.io.UncheckedIOException(new java.io.IOException("audit store unreachable"));
    };

    SyncReport r = job.run(zocdoc);

    assertThat(r.outcome()).isEqualTo(SyncOutcome.FAILED);
    assertThat(r.created()).isZero();
  }

  @Test
  @DisplayName("a failed sync that cannot even be audited still ends in a FAILED report carrying the audit failure")
  void unauditedFailure() {
    putTen();
    zocdoc.failNext();
    sink.on = AuditAction.SYNC_FAILED;
    sink.hook = () -> {
      throw new java.io.UncheckedIOException(new java.io.IOException("audit store unreachable"));
    };

    SyncReport r = job.run(zocdoc);

    assertThat(r.outcome()).isEqualTo(SyncOutcome.FAILED);
    assertThat(r.failure().orElseThrow().getSuppressed()).isNotEmpty();
  }
}
