package dev.clinicsync.sync;

import static dev.clinicsync.sync.Fixtures.LEE;
import static dev.clinicsync.sync.Fixtures.NOW;
import static dev.clinicsync.sync.Fixtures.TUESDAY_9AM;
import static dev.clinicsync.sync.Fixtures.WEEK;
import static dev.clinicsync.sync.Fixtures.appt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.connector.Retention;
import dev.clinicsync.core.memory.InMemoryAuditSink;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.OverrideReason;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Sync bookkeeping")
class SyncBookkeepingTest {
  private static final Principal ADMIN = Principal.admin("u-admin");

  private final MutableClock clock = new MutableClock(NOW);
  private FakeConnector zocdoc;
  private FakeConnector google;
  private CountingAppointmentStore store;
  private SyncCoordinator coordinator;

  @BeforeEach
  void wire() {
    zocdoc = new FakeConnector("zocdoc-main", SourceSystem.ZOCDOC);
    google = new FakeConnector("google-lee", SourceSystem.GOOGLE);
    store = new CountingAppointmentStore();
    coordinator = SyncCoordinator.builder().connectors(zocdoc, google).appointmentStore(store)
        .auditSink(new InMemoryAuditSink()).clinicianDirectory(Fixtures.clinicians()).clock(clock).build();
  }

  private Appointment stored(Appointment a) {
    return store.delegate.findBySource(a.source()).orElseThrow();
  }

  @Test
  @DisplayName("the owning connector is the record's typed connector field; no clinicsync key is written into vendor metadata")
  void owningConnector() {
    Appointment a = appt(SourceSystem.ZOCDOC, "zd-1", "v1", LEE, TUESDAY_9AM, 50);
    zocdoc.put(a);
    coordinator.syncNow(ADMIN, zocdoc.id());
    assertThat(stored(a).connector()).contains(ConnectorId.of("zocdoc-main"));
    assertThat(stored(a).sourceMetadata()).containsOnlyKeys("visit_reason_code");
    assertThat(store.delegate.find(AppointmentQuery.builder().connector(zocdoc.id()).build())).hasSize(1);
  }

  @Test
  @DisplayName("an accepted override and the conflict ids survive a re-sync of the record that changed at the source")
  void overrideOutlivesResync() {
    Appointment a = appt(SourceSystem.ZOCDOC, "zd-1", "v1", LEE, TUESDAY_9AM, 50);
    Appointment b = appt(SourceSystem.ZOCDOC, "zd-2", "v1", LEE, TUESDAY_9AM.plus(Duration.ofMinutes(30)), 50);
    zocdoc.put(a);
    zocdoc.put(b);
    coordinator.syncNow(ADMIN, zocdoc.id());
    coordinator.resolveConflict(ADMIN, Resolution.acceptOverride(OverrideReason.INTENDED_OVERLAP), stored(a).id(), stored(b).id());
    assertThat(stored(a).override()).hasValueSatisfying(o -> {
      assertThat(o.reason()).isEqualTo(OverrideReason.INTENDED_OVERLAP);
      assertThat(o.userId()).isEqualTo("u-admin");
      assertThat(o.at()).isEqualTo(NOW);
    });

    zocdoc.put(a.toBuilder().source(a.source().withVersion("v2")).status(AppointmentStatus.CONFIRMED).build());
    SyncReport r = coordinator.syncNow(ADMIN, zocdoc.id());
    assertThat(r.updated()).isEqualTo(1);
    Appointment after = stored(a);
    assertThat(after.status()).isEqualTo(AppointmentStatus.CONFIRMED);
    assertThat(after.override()).as("the admin's decision outlives the sync").isPresent();
    assertThat(after.conflictIds()).containsExactly(stored(b).id());
    assertThat(stored(b).conflictIds()).containsExactly(after.id());
    assertThat(after.sourceMetadata().keySet()).noneMatch(k -> k.startsWith("clinicsync"));
  }

  @Test
  @DisplayName("a record's source key is looked up at most once per ingest; a full sync lists the connector's records instead")
  void oneLookupPerIngest() {
    for (int i = 0; i < 6; i++) {
      zocdoc.put(appt(SourceSystem.ZOCDOC, "zd-" + i, "v1", LEE, TUESDAY_9AM.plus(Duration.ofHours(i)), 50));
    }
    store.reset();
    coordinator.syncNow(ADMIN, zocdoc.id());
    assertThat(store.sourceLookups()).as("full: one listing, no per-record look-up").isZero();

    zocdoc.put(appt(SourceSystem.ZOCDOC, "zd-1", "v2", LEE, TUESDAY_9AM.plus(Duration.ofHours(1)), 40));
    zocdoc.put(appt(SourceSystem.ZOCDOC, "zd-late", "v1", LEE, NOW.plus(Duration.ofDays(400)), 50)); // outside the window
    zocdoc.remove(SourceRef.of(SourceSystem.ZOCDOC, "zd-2"));
    store.reset();
    SyncReport r = coordinator.syncNow(ADMIN, zocdoc.id());
    assertThat(r.mode()).isEqualTo(SyncMode.INCREMENTAL);
    assertThat(r.created() + r.updated() + r.deleted()).isEqualTo(3);
    assertThat(store.sourceLookups.values()).allSatisfy(n -> assertThat(n.get()).isLessThanOrEqualTo(1));
    assertThat(store.sourceLookups).as("only the key the window listing could not hold").containsOnlyKeys("zocdoc:zd-late");
  }

  @Test
  @DisplayName("deletions are typed: an appointment deletion never removes a busy block with that key, and the other way round")
  void typedDeletions() {
    google.putBusy(Fixtures.busy("evt-1", LEE, TUESDAY_9AM, 30));
    coordinator.syncNow(ADMIN, google.id());
    google.removeAsAppointment(SourceRef.of(SourceSystem.GOOGLE, "evt-1"));
    SyncReport r = coordinator.syncNow(ADMIN, google.id());
    assertThat(r.busyBlocksRemoved()).isZero();
    assertThat(coordinator.aggregatedCalendar(ADMIN, AppointmentQuery.in(WEEK)).busyBlocks()).hasSize(1);

    Appointment a = appt(SourceSystem.ZOCDOC, "zd-1", "v1", LEE, TUESDAY_9AM.plus(Duration.ofHours(3)), 50);
    zocdoc.put(a);
    coordinator.syncNow(ADMIN, zocdoc.id());
    zocdoc.removeAsBusyBlock(a.source());
    assertThat(coordinator.syncNow(ADMIN, zocdoc.id()).deleted()).isZero();
    assertThat(store.delegate.findBySource(a.source())).isPresent();
  }

  @Test
  @DisplayName("a full sync deletes nothing a retention covers: a window the connector could not read, or everything")
  void retentions() {
    for (int i = 0; i < 10; i++) {
      zocdoc.put(appt(SourceSystem.ZOCDOC, "zd-" + i, "v1", LEE, TUESDAY_9AM.plus(Duration.ofHours(i)), 50));
    }
    coordinator.syncNow(ADMIN, zocdoc.id());
    for (int i = 0; i < 3; i++) {
      zocdoc.remove(SourceRef.of(SourceSystem.ZOCDOC, "zd-" + i));
    }
    zocdoc.retain(Retention.window(dev.clinicsync.core.model.TimeWindow.of(TUESDAY_9AM, Duration.ofMinutes(90))));
    zocdoc.expireNextCursor();
    SyncReport r = coordinator.syncNow(ADMIN, zocdoc.id());
    assertThat(r.mode()).isEqualTo(SyncMode.FULL_AFTER_EXPIRED_CURSOR);
    assertThat(r.deleted()).as("zd-0 and zd-1 lie in the unreadable window; zd-2 does not").isEqualTo(1);

    zocdoc.retain(Retention.everything());
    zocdoc.outage(true);
    zocdoc.expireNextCursor();
    SyncReport empty = coordinator.syncNow(ADMIN, zocdoc.id());
    assertThat(empty.outcome()).isEqualTo(SyncOutcome.APPLIED);
    assertThat(empty.deleted()).isZero();
    assertThat(store.count()).isEqualTo(9);
  }

  @Test
  @DisplayName("records of other connectors of the same system are never reconciled away")
  void otherConnectorsRecordsKept() {
    FakeConnector second = new FakeConnector("zocdoc-annex", SourceSystem.ZOCDOC);
    SyncCoordinator c = SyncCoordinator.builder().connectors(zocdoc, second).appointmentStore(store)
        .clinicianDirectory(Fixtures.clinicians()).clock(clock).build();
    zocdoc.put(appt(SourceSystem.ZOCDOC, "zd-main", "v1", LEE, TUESDAY_9AM, 50));
    second.put(appt(SourceSystem.ZOCDOC, "zd-annex", "v1", LEE, TUESDAY_9AM.plus(Duration.ofHours(2)), 50));
    c.syncAll(ADMIN);
    zocdoc.expireNextCursor();
    assertThat(c.syncNow(ADMIN, zocdoc.id()).deleted()).isZero();
    assertThat(store.count()).isEqualTo(2);
    assertThat(List.of(zocdoc.id(), second.id())).allSatisfy(id ->
        assertThat(store.delegate.find(AppointmentQuery.builder().connector(id).build())).hasSize(1));
  }
}
