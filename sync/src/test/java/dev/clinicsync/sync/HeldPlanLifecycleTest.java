package dev.clinicsync.sync;

import static dev.clinicsync.sync.Fixtures.LEE;
import static dev.clinicsync.sync.Fixtures.NOW;
import static dev.clinicsync.sync.Fixtures.TUESDAY_9AM;
import static dev.clinicsync.sync.Fixtures.appt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.conflict.ConflictEngine;
import dev.clinicsync.core.ConnectorException;
import dev.clinicsync.core.StorageConflictException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.audit.AuditEvent;
import dev.clinicsync.core.audit.AuditKeys;
import dev.clinicsync.core.audit.AuditLog;
import dev.clinicsync.core.audit.AuditSink;
import dev.clinicsync.core.connector.FetchLimits;
import dev.clinicsync.core.memory.InMemoryAppointmentStore;
import dev.clinicsync.core.memory.InMemoryAuditSink;
import dev.clinicsync.core.memory.InMemoryBusyBlockStore;
import dev.clinicsync.core.memory.InMemorySyncStateStore;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.SyncCursor;
import dev.clinicsync.core.phi.AesGcmPhiVault;
import dev.clinicsync.core.phi.PhiField;
import dev.clinicsync.core.phi.PhiRecord;
import dev.clinicsync.core.phi.PhiVault;
import dev.clinicsync.core.store.Lease;
import dev.clinicsync.core.store.SyncStateStore;
import dev.clinicsync.core.testkit.MutableClock;
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
import dev.clinicsync.sync.internal.UnitOfWork;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The life of a plan held by the mass-deletion guard (issue #22): a newer read supersedes it, its
 * sealed PHI is purged once it is applied, discarded, superseded or found stale, and neither a
 * sync nor an applied plan commits a cursor without first renewing the connector's lease.
 */
@DisplayName("A held sync plan")
class HeldPlanLifecycleTest {
  private static final Principal ADMIN = Principal.admin("u-admin");
  private static final Duration LEASE_TTL = Duration.ofMinutes(10);

  private final MutableClock clock = new MutableClock(NOW);
  private final FakeConnector zocdoc = new FakeConnector("zocdoc-main", SourceSystem.ZOCDOC);
  private final InMemoryAppointmentStore store = new InMemoryAppointmentStore();
  private final AesGcmPhiVault vault = AesGcmPhiVault.withRandomKey();
  private final SealedStore sealed = new SealedStore();
  private final HookedAuditSink sink = new HookedAuditSink();
  private final StealableLeases state = new StealableLeases(new InMemorySyncStateStore(clock));
  private HeldPlans plans;
  private SyncJob job;

  /** Where a held plan's PHI waits: a plain map, so a test can see what is left in it. */
  static final class SealedStore implements PhiVault {
    final Map<AppointmentId, PhiRecord> records = new ConcurrentHashMap<>();

    @Override
    public void put(AppointmentId id, PhiRecord record) {
      records.put(id, record);
    }

    @Override
    public Optional<PhiRecord> get(AppointmentId id) {
      return Optional.ofNullable(records.get(id));
    }

    @Override
    public boolean delete(AppointmentId id) {
      return records.remove(id) != null;
    }
  }

  /** An in-memory audit sink that runs a hook on the first append of one action, or fails it. */
  static final class HookedAuditSink implements AuditSink {
    final InMemoryAuditSink events = new InMemoryAuditSink();
    AuditAction on;
    Runnable hook = () -> { };

    @Override
    public void append(AuditEvent event) {
      if (event.action() == on) {
        on = null;
        hook.run();
      }
      events.append(event);
    }

    @Override
    public Optional<AuditEvent> last() {
      return events.last();
    }

    @Override
    public List<AuditEvent> read(long fromSequence, int limit) {
      return events.read(fromSequence, limit);
    }
  }

  /** A sync state store whose leases another node can take away: renewing then fails. */
  static final class StealableLeases implements SyncStateStore {
    final InMemorySyncStateStore delegate;
    volatile boolean stolen;

    StealableLeases(InMemorySyncStateStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public Optional<SyncCursor> cursor(ConnectorId c) {
      return delegate.cursor(c);
    }

    @Override
    public void saveCursor(ConnectorId c, SyncCursor cursor) {
      delegate.saveCursor(c, cursor);
    }

    @Override
    public void clearCursor(ConnectorId c) {
      delegate.clearCursor(c);
    }

    @Override
    public Optional<Lease> tryAcquire(String name, String owner, Duration ttl) {
      return delegate.tryAcquire(name, owner, ttl);
    }

    @Override
    public Optional<Lease> renew(Lease lease, Duration ttl) {
      return stolen ? Optional.empty() : delegate.renew(lease, ttl);
    }

    @Override
    public void release(Lease lease) {
      delegate.release(lease);
    }
  }

  @BeforeEach
  void wire() {
    AuditLog audit = new AuditLog(sink, AuditKeys.inProcess(), clock);
    ConflictEngine engine = ConflictEngine.builder().build();
    Fixtures.clinicians().all().forEach(engine::updateClinician);
    InMemoryBusyBlockStore blocks = new InMemoryBusyBlockStore();
    SyncOptions options = new SyncOptions(Duration.ofDays(30), Duration.ofDays(180), 0.30, 2, Duration.ofDays(1),
        "node-a", LEASE_TTL, FetchLimits.DEFAULTS);
    ChangeApplier applier = new ChangeApplier(store, vault, engine, new ConflictMaintainer(engine, store), blocks,
        new BusyBlockIndex(), new ClinicianLocks(), new UnitOfWork(audit));
    plans = new HeldPlans(clock, audit, sealed);
    job = new SyncJob(state, new ConnectorReader(clock, FetchLimits.DEFAULTS), new StoredReader(store, blocks),
        new SyncPlanner(), new DeletionGuard(clock, 0.30, 2, Duration.ofDays(1)), applier, plans, audit, clock, options);
  }

  /** Ten appointments synced; then nine vanish at the source and the tenth changes, with PHI: the sync is held. */
  private String holdNineDeletionsAndOneChange(String name) {
    for (int i = 0; i < 10; i++) {
      zocdoc.put(appt(SourceSystem.ZOCDOC, "zd-" + i, "v1", LEE, TUESDAY_9AM.plus(Duration.ofHours(i)), 50));
    }
    assertThat(job.run(zocdoc).outcome()).isEqualTo(SyncOutcome.APPLIED);
    return holdAgain(name);
  }

  /** The source (nine gone, one renamed) read again: a held plan. */
  private String holdAgain(String name) {
    for (int i = 0; i < 9; i++) {
      zocdoc.remove(appt(SourceSystem.ZOCDOC, "zd-" + i, "v1", LEE, TUESDAY_9AM, 50).source());
    }
    zocdoc.put(renamed(), PhiRecord.builder().put(PhiField.PATIENT_NAME, name).build());
    SyncReport held = job.run(zocdoc);
    assertThat(held.outcome()).as("errors: %s", held.errors()).isEqualTo(SyncOutcome.HELD);
    return held.heldPlan().orElseThrow();
  }

  private static Appointment renamed() {
    return appt(SourceSystem.ZOCDOC, "zd-9", "v2", LEE, TUESDAY_9AM.plus(Duration.ofHours(9)), 50);
  }

  private List<String> planIds() {
    return job.heldPlans().stream().map(SyncPlan::id).toList();
  }

  private long events(AuditAction action) {
    return sink.events.read(1, 10_000).stream().filter(e -> e.action() == action).count();
  }

  @Test
  @DisplayName("keeps its PHI sealed apart while it waits, never in the appointment vault")
  void sealedWhileWaiting() {
    holdNineDeletionsAndOneChange("Jane Waiting");
    assertThat(sealed.records.values()).singleElement()
        .satisfies(p -> assertThat(p.get(PhiField.PATIENT_NAME)).contains("Jane Waiting"));
    Appointment stored = store.findBySource(renamed().source()).orElseThrow();
    assertThat(vault.get(stored.id())).isEmpty();
  }

  @Test
  @DisplayName("is superseded by a newer held read of its connector, whose PHI alone stays sealed")
  void newerPlanSupersedes() {
    String first = holdNineDeletionsAndOneChange("Jane First");
    String second = holdAgain("Jane Second");
    assertThat(second).isNotEqualTo(first);
    assertThat(planIds()).containsExactly(second);
    assertThat(sealed.records.values()).singleElement()
        .satisfies(p -> assertThat(p.get(PhiField.PATIENT_NAME)).contains("Jane Second"));
    assertThatThrownBy(() -> job.applyPlan(first, ADMIN)).isInstanceOf(ValidationException.class);
  }

  @Test
  @DisplayName("is discarded by a newer sync that applies, with its sealed PHI purged")
  void appliedSyncDiscardsIt() {
    holdNineDeletionsAndOneChange("Jane Outdated");
    for (int i = 0; i < 9; i++) {
      zocdoc.put(appt(SourceSystem.ZOCDOC, "zd-" + i, "v1", LEE, TUESDAY_9AM.plus(Duration.ofHours(i)), 50));
    }
    SyncReport r = job.run(zocdoc);
    assertThat(r.outcome()).as("errors: %s", r.errors()).isEqualTo(SyncOutcome.APPLIED);
    assertThat(job.heldPlans()).isEmpty();
    assertThat(sealed.records).isEmpty();
  }

  @Test
  @DisplayName("when discarded by an admin leaves no sealed PHI behind, and is audited")
  void discardPurges() {
    String plan = holdNineDeletionsAndOneChange("Jane Discarded");
    job.discardPlan(plan, ADMIN);
    assertThat(job.heldPlans()).isEmpty();
    assertThat(sealed.records).isEmpty();
    assertThat(events(AuditAction.SYNC_PLAN_DISCARDED)).isEqualTo(1);
    assertThat(store.count()).as("nothing applied").isEqualTo(10);
  }

  @Test
  @DisplayName("when applied moves its PHI into the vault and leaves none sealed")
  void applyPurges() {
    String plan = holdNineDeletionsAndOneChange("Jane Applied");
    SyncReport r = job.applyPlan(plan, ADMIN);
    assertThat(r.deleted()).isEqualTo(9);
    Appointment stored = store.findBySource(renamed().source()).orElseThrow();
    assertThat(vault.get(stored.id()).orElseThrow().get(PhiField.PATIENT_NAME)).contains("Jane Applied");
    assertThat(sealed.records).isEmpty();
    assertThat(job.heldPlans()).isEmpty();
    assertThat(events(AuditAction.SYNC_PLAN_APPLIED)).isEqualTo(1);
  }

  @Test
  @DisplayName("found stale (its connector's cursor moved) is refused and discarded with its sealed PHI")
  void stalePurges() {
    String plan = holdNineDeletionsAndOneChange("Jane Stale");
    state.saveCursor(zocdoc.id(), SyncCursor.of("moved-by-another-node"));
    assertThatThrownBy(() -> job.applyPlan(plan, ADMIN)).isInstanceOf(StorageConflictException.class)
        .hasMessageContaining("stale");
    assertThat(job.heldPlans()).isEmpty();
    assertThat(sealed.records).isEmpty();
    assertThat(store.count()).isEqualTo(10);
  }

  @Test
  @DisplayName("is put back, PHI and all, while another node holds its connector's lease")
  void leaseHeldElsewhere() {
    String plan = holdNineDeletionsAndOneChange("Jane Later");
    Lease other = state.delegate.tryAcquire("sync:" + zocdoc.id(), "node-b", LEASE_TTL).orElseThrow();
    assertThatThrownBy(() -> job.applyPlan(plan, ADMIN)).isInstanceOf(StorageConflictException.class);
    assertThat(planIds()).containsExactly(plan);
    assertThat(sealed.records).hasSize(1);
    state.delegate.release(other);
    assertThat(job.applyPlan(plan, ADMIN).deleted()).isEqualTo(9);
  }

  @Test
  @DisplayName("that fails while being applied is kept, PHI and all, to be applied again")
  void failedApplyKeepsIt() {
    String plan = holdNineDeletionsAndOneChange("Jane Retried");
    sink.on = AuditAction.DELETE_APPOINTMENT;
    sink.hook = () -> {
      throw new java.io.UncheckedIOException(new java.io.IOException("audit store unreachable"));
    };
    assertThatThrownBy(() -> job.applyPlan(plan, ADMIN)).isInstanceOf(RuntimeException.class);
    assertThat(planIds()).containsExactly(plan);
    assertThat(sealed.records).hasSize(1);
    assertThat(job.applyPlan(plan, ADMIN).outcome()).isEqualTo(SyncOutcome.APPLIED);
    assertThat(sealed.records).isEmpty();
  }

  @Test
  @DisplayName("whose hold cannot be audited is not kept, and its PHI is not left sealed")
  void unauditedHoldIsDropped() {
    for (int i = 0; i < 10; i++) {
      zocdoc.put(appt(SourceSystem.ZOCDOC, "zd-" + i, "v1", LEE, TUESDAY_9AM.plus(Duration.ofHours(i)), 50));
    }
    job.run(zocdoc);
    sink.on = AuditAction.SYNC_PLAN_HELD;
    sink.hook = () -> {
      throw new java.io.UncheckedIOException(new java.io.IOException("audit store unreachable"));
    };
    for (int i = 0; i < 9; i++) {
      zocdoc.remove(appt(SourceSystem.ZOCDOC, "zd-" + i, "v1", LEE, TUESDAY_9AM, 50).source());
    }
    zocdoc.put(renamed(), PhiRecord.builder().put(PhiField.PATIENT_NAME, "Jane Unaudited").build());
    SyncReport r = job.run(zocdoc);
    assertThat(r.outcome()).isEqualTo(SyncOutcome.FAILED);
    assertThat(job.heldPlans()).isEmpty();
    assertThat(sealed.records).isEmpty();
  }

  @Test
  @DisplayName("applied by a node that lost the lease meanwhile commits no cursor")
  void applyRenewsTheLeaseBeforeTheCursor() {
    String plan = holdNineDeletionsAndOneChange("Jane Raced");
    Optional<SyncCursor> before = state.cursor(zocdoc.id());
    sink.on = AuditAction.DELETE_APPOINTMENT;
    sink.hook = () -> state.stolen = true; // another node takes the lease while the plan is applied
    assertThatThrownBy(() -> job.applyPlan(plan, ADMIN)).isInstanceOf(ConnectorException.class)
        .hasMessageContaining("lease");
    assertThat(state.cursor(zocdoc.id())).isEqualTo(before);
    assertThat(events(AuditAction.SYNC_PLAN_APPLIED)).isZero();
    assertThat(sealed.records).as("the applied PHI is not left sealed").isEmpty();
  }

  @Test
  @DisplayName("(and a sync) run by a node that lost the lease after reading commits no cursor")
  void syncRenewsTheLeaseBeforeTheCursor() {
    zocdoc.put(appt(SourceSystem.ZOCDOC, "zd-1", "v1", LEE, TUESDAY_9AM, 50));
    job.run(zocdoc);
    Optional<SyncCursor> before = state.cursor(zocdoc.id());
    zocdoc.put(appt(SourceSystem.ZOCDOC, "zd-2", "v1", LEE, TUESDAY_9AM.plus(Duration.ofHours(2)), 50));
    sink.on = AuditAction.CREATE_APPOINTMENT;
    sink.hook = () -> state.stolen = true; // taken while the read is applied, after every page was read
    SyncReport r = job.run(zocdoc);
    assertThat(r.outcome()).isEqualTo(SyncOutcome.FAILED);
    assertThat(r.errors()).singleElement().asString().contains("lease");
    assertThat(state.cursor(zocdoc.id())).isEqualTo(before);
    assertThat(events(AuditAction.SYNC_COMPLETED)).isEqualTo(1);
  }
}
