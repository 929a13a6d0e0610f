package dev.clinicsync.sync;

import static dev.clinicsync.sync.Fixtures.KIM;
import static dev.clinicsync.sync.Fixtures.LEE;
import static dev.clinicsync.sync.Fixtures.NOW;
import static dev.clinicsync.sync.Fixtures.TUESDAY_9AM;
import static dev.clinicsync.sync.Fixtures.appt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.StorageException;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.audit.AuditEvent;
import dev.clinicsync.core.memory.InMemoryAppointmentStore;
import dev.clinicsync.core.memory.InMemoryAuditSink;
import dev.clinicsync.core.memory.InMemorySyncStateStore;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.phi.AesGcmPhiVault;
import dev.clinicsync.core.phi.PhiField;
import dev.clinicsync.core.phi.PhiRecord;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.store.Lease;
import dev.clinicsync.core.connector.RecordIssue;
import dev.clinicsync.core.connector.Retention;
import dev.clinicsync.core.model.SyncCursor;
import dev.clinicsync.core.store.SyncStateStore;
import dev.clinicsync.core.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PullSyncTest {
  private static final Principal ADMIN = Principal.admin("u-admin");

  private final MutableClock clock = new MutableClock(NOW);
  private FakeConnector zocdoc;
  private InMemoryAppointmentStore store;
  private InMemoryAuditSink audit;
  private InMemorySyncStateStore state;
  private AesGcmPhiVault vault;
  private SyncCoordinator coordinator;

  @BeforeEach
  void wire() {
    zocdoc = new FakeConnector("zocdoc-main", SourceSystem.ZOCDOC);
    store = new InMemoryAppointmentStore();
    audit = new InMemoryAuditSink();
    state = new InMemorySyncStateStore(clock);
    vault = AesGcmPhiVault.withRandomKey();
    coordinator = build(state);
  }

  private SyncCoordinator build(SyncStateStore syncState) {
    return SyncCoordinator.builder().connectors(zocdoc).appointmentStore(store).syncStateStore(syncState)
        .auditSink(audit).phiVault(vault).clinicianDirectory(Fixtures.clinicians()).clock(clock).build();
  }

  /** Ten appointments at the source, synced once. */
  private void syncTenAppointments() {
    for (int i = 0; i < 10; i++) {
      zocdoc.put(appt(SourceSystem.ZOCDOC, "zd-" + i, "v1", LEE, TUESDAY_9AM.plus(Duration.ofHours(i)), 50));
    }
    coordinator.syncNow(ADMIN, zocdoc.id());
  }

  /** The vendor's outage reports everything deleted; the coordinator's sync is held. Returns the plan id. */
  private String holdAfterOutage(SyncCoordinator c) {
    zocdoc.outage(true);
    return c.syncNow(ADMIN, zocdoc.id()).heldPlan().orElseThrow();
  }

  private List<AuditEvent> events(AuditAction action) {
    return audit.read(1, 10_000).stream().filter(e -> e.action() == action).toList();
  }

  @Test
  @DisplayName("a first sync pages through everything, stores it with its PHI apart, audits why, and commits the cursor")
  void firstSync() {
    for (int i = 0; i < 5; i++) {
      zocdoc.put(appt(SourceSystem.ZOCDOC, "zd-" + i, "v1", LEE, TUESDAY_9AM.plus(Duration.ofHours(i)), 50),
          PhiRecord.builder().put(PhiField.PATIENT_NAME, "Jane Patient " + i).build());
    }
    SyncReport r = coordinator.syncNow(ADMIN, zocdoc.id());
    assertThat(r.outcome()).isEqualTo(SyncOutcome.APPLIED);
    assertThat(r.mode()).isEqualTo(SyncMode.FULL);
    assertThat(r.created()).isEqualTo(5);
    assertThat(r.cursorAdvanced()).isTrue();
    assertThat(zocdoc.fetches).as("five records, two per page").isEqualTo(3);
    assertThat(store.count()).isEqualTo(5);
    Appointment stored = store.find(AppointmentQuery.ALL).get(0);
    assertThat(vault.get(stored.id()).orElseThrow().get(PhiField.PATIENT_NAME)).hasValueSatisfying(n -> assertThat(n).startsWith("Jane"));
    assertThat(state.cursor(zocdoc.id())).contains(SyncCursor.of("5"));
    assertThat(events(AuditAction.CREATE_APPOINTMENT)).hasSize(5)
        .allSatisfy(e -> assertThat(e.details()).containsEntry("reason", "new at source").containsEntry("connector", "zocdoc-main"));
    assertThat(audit.read(1, 10_000)).allSatisfy(e -> assertThat(e.details().toString()).doesNotContain("Jane"));
    assertThat(events(AuditAction.SYNC_COMPLETED)).singleElement()
        .satisfies(e -> assertThat(e.details()).containsEntry("created", "5").containsEntry("cursor", "advanced"));
  }

  @Test
  @DisplayName("incremental syncs apply changes and deletions; an unchanged source version is not rewritten")
  void incremental() {
    Appointment a = appt(SourceSystem.ZOCDOC, "zd-1", "v1", LEE, TUESDAY_9AM, 50);
    Appointment b = appt(SourceSystem.ZOCDOC, "zd-2", "v1", LEE, TUESDAY_9AM.plus(Duration.ofHours(2)), 50);
    zocdoc.put(a);
    zocdoc.put(b);
    coordinator.syncNow(ADMIN, zocdoc.id());
    long revisionBefore = store.findBySource(a.source()).orElseThrow().revision();

    zocdoc.put(a); // same version again: the vendor re-sent it
    zocdoc.put(b.toBuilder().source(b.source().withVersion("v2")).status(AppointmentStatus.CONFIRMED).build());
    SyncReport r = coordinator.syncNow(ADMIN, zocdoc.id());
    assertThat(r.mode()).isEqualTo(SyncMode.INCREMENTAL);
    assertThat(r.updated()).isEqualTo(1);
    assertThat(r.unchanged()).isEqualTo(1);
    assertThat(store.findBySource(a.source()).orElseThrow().revision()).isEqualTo(revisionBefore);
    assertThat(store.findBySource(b.source()).orElseThrow().status()).isEqualTo(AppointmentStatus.CONFIRMED);
    assertThat(events(AuditAction.UPDATE_APPOINTMENT)).singleElement()
        .satisfies(e -> assertThat(e.details()).containsEntry("reason", "changed at source"));

    zocdoc.remove(a.source());
    SyncReport del = coordinator.syncNow(ADMIN, zocdoc.id());
    assertThat(del.deleted()).isEqualTo(1);
    assertThat(store.findBySource(a.source())).isEmpty();
    assertThat(events(AuditAction.DELETE_APPOINTMENT)).singleElement()
        .satisfies(e -> assertThat(e.details()).containsEntry("reason", "gone from source"));
  }

  @Test
  @DisplayName("an expired cursor falls back to a full sync that reconciles: records missing from it are deleted")
  void expiredCursor() {
    Appointment keep = appt(SourceSystem.ZOCDOC, "zd-1", "v1", LEE, TUESDAY_9AM, 50);
    Appointment gone = appt(SourceSystem.ZOCDOC, "zd-2", "v1", LEE, TUESDAY_9AM.plus(Duration.ofHours(2)), 50);
    zocdoc.put(keep);
    zocdoc.put(gone);
    for (int i = 3; i < 10; i++) {
      zocdoc.put(appt(SourceSystem.ZOCDOC, "zd-" + i, "v1", KIM, TUESDAY_9AM.plus(Duration.ofHours(i)), 50));
    }
    coordinator.syncNow(ADMIN, zocdoc.id());
    // the vendor forgets a deletion (no tombstone) and expires our cursor
    zocdoc.remove(gone.source());
    zocdoc.expireNextCursor();
    SyncReport r = coordinator.syncNow(ADMIN, zocdoc.id());
    assertThat(r.mode()).isEqualTo(SyncMode.FULL_AFTER_EXPIRED_CURSOR);
    assertThat(r.cursorReset()).isTrue();
    assertThat(r.cursorAdvanced()).isTrue();
    assertThat(r.deleted()).isEqualTo(1);
    assertThat(r.unchanged()).isEqualTo(8);
    assertThat(store.findBySource(gone.source())).isEmpty();
    assertThat(store.findBySource(keep.source())).isPresent();
  }

  @Test
  @DisplayName("the mass-deletion guard holds a sync that would wipe the schedule; an admin applies or discards it")
  void massDeletionGuard() {
    syncTenAppointments();
    SyncCoordinator restarted = build(state); // a restart resumes incrementally
    zocdoc.outage(true); // the vendor's change feed says everything is gone
    SyncReport r = restarted.syncNow(ADMIN, zocdoc.id());
    assertThat(r.outcome()).isEqualTo(SyncOutcome.HELD);
    assertThat(r.deleted()).isZero();
    assertThat(store.count()).as("nothing applied").isEqualTo(10);
    assertThat(state.cursor(zocdoc.id())).as("cursor not advanced").contains(SyncCursor.of("10"));
    List<SyncPlan> plans = restarted.heldPlans(ADMIN);
    assertThat(plans).singleElement().satisfies(p -> {
      assertThat(p.deletions()).isEqualTo(10);
      assertThat(p.liveAppointments()).isEqualTo(10);
      assertThat(p.changes()).allSatisfy(c -> assertThat(c.reason()).isEqualTo("gone from source"));
    });
    assertThat(events(AuditAction.SYNC_PLAN_HELD)).hasSize(1);

    restarted.discardPlan(ADMIN, plans.get(0).id());
    assertThat(restarted.heldPlans(ADMIN)).isEmpty();
    assertThat(store.count()).isEqualTo(10);

    SyncReport again = restarted.syncNow(ADMIN, zocdoc.id());
    assertThat(again.outcome()).isEqualTo(SyncOutcome.HELD);
    SyncReport applied = restarted.applyPlan(ADMIN, again.heldPlan().orElseThrow());
    assertThat(applied.deleted()).isEqualTo(10);
    assertThat(store.count()).isZero();
    assertThat(events(AuditAction.DELETE_APPOINTMENT)).hasSize(10)
        .allSatisfy(e -> assertThat(e.actor()).isEqualTo("u-admin"));
  }

  @Test
  @DisplayName("a held plan goes stale once a newer sync applies, and is then refused, never applied over newer data")
  void stalePlan() {
    syncTenAppointments();
    SyncCoordinator restarted = build(state);
    String planId = holdAfterOutage(restarted);
    zocdoc.outage(false);
    zocdoc.put(appt(SourceSystem.ZOCDOC, "zd-new", "v1", LEE, TUESDAY_9AM.plus(Duration.ofHours(12)), 50));
    assertThat(restarted.syncNow(ADMIN, zocdoc.id()).outcome()).isEqualTo(SyncOutcome.APPLIED);
    assertThat(restarted.heldPlans(ADMIN)).as("superseded by the applied sync").isEmpty();
    assertThatThrownBy(() -> restarted.applyPlan(ADMIN, planId)).isInstanceOf(dev.clinicsync.core.ValidationException.class);
    assertThat(store.count()).isEqualTo(11);
  }

  @Test
  @DisplayName("a held plan whose source synced on another node meanwhile is refused as stale")
  void planStaleAfterCursorMoved() {
    syncTenAppointments();
    SyncCoordinator restarted = build(state);
    String planId = holdAfterOutage(restarted);
    state.saveCursor(zocdoc.id(), SyncCursor.of("moved-by-another-node"));
    assertThatThrownBy(() -> restarted.applyPlan(ADMIN, planId))
        .isInstanceOf(dev.clinicsync.core.StorageConflictException.class).hasMessageContaining("stale");
    assertThat(store.count()).isEqualTo(10);
  }

  @Test
  @DisplayName("a calendar that suddenly reports no busy blocks is held too, not silently unblocked")
  void busyBlockMassRemovalHeld() {
    FakeConnector google = new FakeConnector("google-lee", SourceSystem.GOOGLE);
    SyncCoordinator c = SyncCoordinator.builder().connectors(google).clinicianDirectory(Fixtures.clinicians())
        .clock(clock).build();
    for (int i = 0; i < 4; i++) {
      google.putBusy(Fixtures.busy("evt-" + i, LEE, TUESDAY_9AM.plus(Duration.ofHours(i)), 30));
    }
    c.syncNow(ADMIN, google.id());
    google.outage(true);
    google.expireNextCursor(); // the fallback full read comes back empty
    SyncReport r = c.syncNow(ADMIN, google.id());
    assertThat(r.outcome()).as("errors: %s", r.errors()).isEqualTo(SyncOutcome.HELD);
    assertThat(c.aggregatedCalendar(ADMIN, AppointmentQuery.in(Fixtures.WEEK)).busyBlocks()).hasSize(4);
  }

  @Test
  @DisplayName("an unexpected runtime error in a connector ends in a typed FAILED report and an audit event")
  void unexpectedError() {
    FakeConnector broken = new FakeConnector("broken", SourceSystem.ZOCDOC) {
      @Override
      public dev.clinicsync.core.connector.FetchPage fetch(dev.clinicsync.core.connector.FetchRequest request) {
        throw new IllegalStateException("bug in a third-party connector");
      }
    };
    SyncCoordinator c = SyncCoordinator.builder().connectors(broken).auditSink(audit).clock(clock).build();
    SyncReport r = c.syncNow(ADMIN, broken.id());
    assertThat(r.outcome()).isEqualTo(SyncOutcome.FAILED);
    assertThat(r.errors()).singleElement().asString().contains("IllegalStateException");
    assertThat(events(AuditAction.SYNC_FAILED)).hasSize(1);
    assertThat(c.syncNow(ADMIN, broken.id()).mode()).as("still owes its first full sync").isEqualTo(SyncMode.FULL);
  }

  @Test
  @DisplayName("a held plan keeps the PHI of its records (sealed while it waits) and stores it when applied")
  void heldPlanKeepsPhi() {
    syncTenAppointments();
    for (int i = 0; i < 9; i++) {
      zocdoc.remove(appt(SourceSystem.ZOCDOC, "zd-" + i, "v1", LEE, TUESDAY_9AM, 50).source());
    }
    Appointment renamed = appt(SourceSystem.ZOCDOC, "zd-9", "v2", LEE, TUESDAY_9AM.plus(Duration.ofHours(9)), 50);
    zocdoc.put(renamed, PhiRecord.builder().put(PhiField.PATIENT_NAME, "Jane Renamed").build());
    SyncReport held = coordinator.syncNow(ADMIN, zocdoc.id());
    assertThat(held.outcome()).isEqualTo(SyncOutcome.HELD);
    Appointment stored = store.findBySource(renamed.source()).orElseThrow();
    assertThat(vault.get(stored.id())).as("nothing applied while held").isEmpty();
    coordinator.applyPlan(ADMIN, held.heldPlan().orElseThrow());
    assertThat(vault.get(stored.id()).orElseThrow().get(PhiField.PATIENT_NAME)).contains("Jane Renamed");
    assertThat(store.count()).isEqualTo(1);
  }

  @Test
  @DisplayName("a few deletions below the guard's share are applied directly")
  void smallDeletionsPass() {
    syncTenAppointments();
    for (int i = 0; i < 3; i++) {
      zocdoc.remove(appt(SourceSystem.ZOCDOC, "zd-" + i, "v1", LEE, TUESDAY_9AM, 50).source());
    }
    assertThat(coordinator.syncNow(ADMIN, zocdoc.id()).deleted()).isEqualTo(3);
  }

  @Test
  @DisplayName("a crash between storing records and committing the cursor re-fetches rather than loses")
  void crashBeforeCursorCommit() {
    AtomicBoolean crash = new AtomicBoolean();
    SyncStateStore crashing = new SyncStateStore() {
      @Override
      public Optional<SyncCursor> cursor(ConnectorId c) {
        return state.cursor(c);
      }

      @Override
      public void saveCursor(ConnectorId c, SyncCursor cursor) {
        if (crash.getAndSet(false)) {
          throw new StorageException("simulated crash before the cursor commit");
        }
        state.saveCursor(c, cursor);
      }

      @Override
      public void clearCursor(ConnectorId c) {
        state.clearCursor(c);
      }

      @Override
      public Optional<Lease> tryAcquire(String name, String owner, Duration ttl) {
        return state.tryAcquire(name, owner, ttl);
      }

      @Override
      public Optional<Lease> renew(Lease lease, Duration ttl) {
        return state.renew(lease, ttl);
      }

      @Override
      public void release(Lease lease) {
        state.release(lease);
      }
    };
    SyncCoordinator c = build(crashing);
    zocdoc.put(appt(SourceSystem.ZOCDOC, "zd-1", "v1", LEE, TUESDAY_9AM, 50));
    c.syncNow(ADMIN, zocdoc.id());
    Appointment changed = appt(SourceSystem.ZOCDOC, "zd-2", "v1", LEE, TUESDAY_9AM.plus(Duration.ofHours(3)), 50);
    zocdoc.put(changed);
    crash.set(true);
    SyncReport failed = c.syncNow(ADMIN, zocdoc.id());
    assertThat(failed.outcome()).isEqualTo(SyncOutcome.FAILED);
    assertThat(failed.errors()).singleElement().asString().contains("simulated crash");
    assertThat(state.cursor(zocdoc.id())).as("the old cursor survives").contains(SyncCursor.of("1"));
    SyncReport retry = c.syncNow(ADMIN, zocdoc.id());
    assertThat(retry.outcome()).isEqualTo(SyncOutcome.APPLIED);
    assertThat(retry.unchanged()).as("re-fetched, idempotently").isEqualTo(1);
    assertThat(store.findBySource(changed.source())).isPresent();
    assertThat(state.cursor(zocdoc.id())).contains(SyncCursor.of("2"));
  }

  @Test
  @DisplayName("a vendor failure ends in a FAILED report with the vendor's words, nothing applied, cursor kept")
  void vendorFailure() {
    zocdoc.put(appt(SourceSystem.ZOCDOC, "zd-1", "v1", LEE, TUESDAY_9AM, 50));
    zocdoc.failNext();
    SyncReport r = coordinator.syncNow(ADMIN, zocdoc.id());
    assertThat(r.outcome()).isEqualTo(SyncOutcome.FAILED);
    assertThat(r.errors()).singleElement().asString().contains("HTTP 503").contains("req-1");
    assertThat(store.count()).isZero();
    assertThat(events(AuditAction.SYNC_FAILED)).hasSize(1);
    assertThat(coordinator.syncNow(ADMIN, zocdoc.id()).mode()).as("the failed first sync is retried in full").isEqualTo(SyncMode.FULL);
  }

  @Test
  @DisplayName("records the connector skipped are reported with their reasons")
  void skippedReported() {
    zocdoc.put(appt(SourceSystem.ZOCDOC, "zd-1", "v1", LEE, TUESDAY_9AM, 50));
    zocdoc.issue(RecordIssue.skipped("zd-99", "start", "missing start time"));
    SyncReport r = coordinator.syncNow(ADMIN, zocdoc.id());
    assertThat(r.skipped()).extracting(RecordIssue::vendorRecordId).containsExactly("zd-99");
    assertThat(r.created()).isEqualTo(1);
  }

  @Test
  @DisplayName("busy blocks follow their source: moved, removed by a tombstone, and reconciled by a full sync")
  void busyBlocks() {
    FakeConnector google = new FakeConnector("google-lee", SourceSystem.GOOGLE);
    SyncCoordinator c = SyncCoordinator.builder().connectors(google).clinicianDirectory(Fixtures.clinicians())
        .clock(clock).build();
    google.putBusy(Fixtures.busy("evt-1", LEE, TUESDAY_9AM, 30));
    google.putBusy(Fixtures.busy("evt-2", LEE, TUESDAY_9AM.plus(Duration.ofHours(2)), 30));
    c.syncNow(ADMIN, google.id());
    assertThat(busyIds(c)).containsExactly("evt-1", "evt-2");
    google.putBusy(Fixtures.busy("evt-1", LEE, TUESDAY_9AM.plus(Duration.ofHours(4)), 30));
    google.remove(Fixtures.busy("evt-2", LEE, TUESDAY_9AM, 30).source());
    SyncReport r = c.syncNow(ADMIN, google.id());
    assertThat(r.busyBlocksRemoved()).isEqualTo(1);
    assertThat(c.aggregatedCalendar(ADMIN, AppointmentQuery.in(Fixtures.WEEK)).busyBlocks()).singleElement()
        .satisfies(b -> assertThat(b.start()).isEqualTo(TUESDAY_9AM.plus(Duration.ofHours(4))));
    assertThatNoConflictAt(c, TUESDAY_9AM);

    SyncCoordinator restarted = SyncCoordinator.builder().connectors(google).clinicianDirectory(Fixtures.clinicians())
        .clock(clock).build();
    restarted.syncNow(ADMIN, google.id());
    assertThat(busyIds(restarted)).as("restored by the first, full sync").containsExactly("evt-1");
  }

  private static List<String> busyIds(SyncCoordinator c) {
    return c.aggregatedCalendar(ADMIN, AppointmentQuery.in(Fixtures.WEEK)).busyBlocks().stream()
        .map(b -> b.full().orElseThrow().source().externalId()).toList();
  }

  private static void assertThatNoConflictAt(SyncCoordinator c, java.time.Instant start) {
    AppointmentView booked = c.book(ADMIN, BookingRequest.builder(LEE, dev.clinicsync.core.model.TimeWindow.of(start,
        Duration.ofMinutes(30))).build());
    assertThat(booked.conflictIds()).isEmpty();
  }

  @Test
  @DisplayName("a full sync keeps a stored record the connector skipped this time instead of deleting it")
  void skippedIsNotDeleted() {
    Appointment series = appt(SourceSystem.ZOCDOC, "uid-7/2026-03-03T14:00:00Z", "v1", LEE, TUESDAY_9AM, 50);
    Appointment single = appt(SourceSystem.ZOCDOC, "uid-8", "v1", LEE, TUESDAY_9AM.plus(Duration.ofHours(2)), 50);
    Appointment gone = appt(SourceSystem.ZOCDOC, "uid-9", "v1", LEE, TUESDAY_9AM.plus(Duration.ofHours(4)), 50);
    zocdoc.put(series);
    zocdoc.put(single);
    zocdoc.put(gone);
    for (int i = 0; i < 10; i++) {
      zocdoc.put(appt(SourceSystem.ZOCDOC, "other-" + i, "v1", KIM, TUESDAY_9AM.plus(Duration.ofHours(i)), 50));
    }
    coordinator.syncNow(ADMIN, zocdoc.id());
    zocdoc.remove(series.source());
    zocdoc.remove(single.source());
    zocdoc.remove(gone.source());
    zocdoc.issue(RecordIssue.skipped("uid-7", "TZID", "unknown time zone"));
    zocdoc.issue(RecordIssue.skipped("uid-8", "DTSTART", "missing start"));
    // the connector, which alone knows how its ids are formed, says what it could not see
    zocdoc.retain(Retention.idPrefix(SourceSystem.ZOCDOC, "uid-7/"));
    zocdoc.retain(Retention.key(single.source()));
    zocdoc.expireNextCursor();
    SyncReport r = build(state).syncNow(ADMIN, zocdoc.id()); // full, reconciling
    assertThat(r.deleted()).isEqualTo(1);
    assertThat(store.findBySource(series.source())).isPresent();
    assertThat(store.findBySource(single.source())).isPresent();
    assertThat(store.findBySource(gone.source())).isEmpty();
  }

  @Test
  @DisplayName("a sync whose lease another node holds does nothing")
  void leaseHeldElsewhere() {
    state.tryAcquire("sync:zocdoc-main", "other-node", Duration.ofMinutes(5));
    zocdoc.put(appt(SourceSystem.ZOCDOC, "zd-1", "v1", LEE, TUESDAY_9AM, 50));
    assertThat(coordinator.syncNow(ADMIN, zocdoc.id()).outcome()).isEqualTo(SyncOutcome.SKIPPED_LEASE_HELD);
    assertThat(zocdoc.fetches).isZero();
    clock.advance(Duration.ofMinutes(6));
    assertThat(coordinator.syncNow(ADMIN, zocdoc.id()).outcome()).isEqualTo(SyncOutcome.APPLIED);
  }
}
