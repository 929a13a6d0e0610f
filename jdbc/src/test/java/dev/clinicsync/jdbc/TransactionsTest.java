package dev.clinicsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.audit.AuditKeys;
import dev.clinicsync.core.audit.AuditLog;
import dev.clinicsync.core.memory.InMemorySecretStore;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.SyncCursor;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.store.Transactions;
import dev.clinicsync.core.testkit.Appointments;
import dev.clinicsync.core.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One transaction across the JDBC stores: a sync's upserts, busy blocks, audit events and cursor
 * commit together, and a failure anywhere leaves nothing behind.
 */
class TransactionsTest {
  private static final ConnectorId ZOCDOC = ConnectorId.of("zocdoc-main");
  private final MutableClock clock = MutableClock.at("2026-03-02T12:00:00Z");

  private JdbcStores stores(Dialect dialect) {
    TestDatabases.TestDb db = dialect == Dialect.H2 ? TestDatabases.h2() : TestDatabases.postgres();
    return JdbcStores.builder().dataSource(db.dataSource()).dialect(dialect).clock(clock).migrate(false).build();
  }

  private AuditLog auditLog(JdbcStores stores) {
    InMemorySecretStore secrets = new InMemorySecretStore();
    secrets.put(AuditKeys.DEFAULT_SECRET_NAME, AuditKeys.newKey());
    return new AuditLog(stores.audit(), AuditKeys.fromSecretStore(secrets), clock);
  }

  private static BusyBlock block(String id) {
    Instant nine = Instant.parse("2026-03-02T14:00:00Z");
    return BusyBlock.timed(SourceRef.of(SourceSystem.GOOGLE, id, "etag-1"), "primary", ClinicianId.of("dr-lee"),
        nine, nine.plus(Duration.ofHours(1)));
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  @DisplayName("a failure after a sync's upserts, audit event and cursor rolls all of them back")
  void rollbackLeavesNothing(Dialect dialect) {
    JdbcStores stores = stores(dialect);
    AuditLog audit = auditLog(stores);
    Appointment a = Appointments.booked().build();
    assertThatThrownBy(() -> stores.transactions().run(() -> {
      stores.appointments().upsertBySource(a);
      stores.appointments().upsertBySource(Appointments.booked().build());
      stores.busyBlocks().upsert(ConnectorId.of("google-dr-lee"), block("e1"));
      audit.record("clinicsync-system", AuditAction.SYNC_COMPLETED, "zocdoc-main", Map.of("created", "2"));
      stores.syncState().saveCursor(ZOCDOC, SyncCursor.of("after-page-1"));
      assertThat(stores.appointments().count()).as("visible inside the transaction").isEqualTo(2);
      throw new IllegalStateException("connector failed mid-sync");
    })).isInstanceOf(IllegalStateException.class).hasMessage("connector failed mid-sync");

    assertThat(stores.appointments().count()).isZero();
    assertThat(stores.appointments().findBySource(a.source())).isEmpty();
    assertThat(stores.busyBlocks().all()).isEmpty();
    assertThat(stores.audit().last()).isEmpty();
    assertThat(stores.syncState().cursor(ZOCDOC)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  @DisplayName("work that returns commits every write together, and a nested transaction joins the outer one")
  void commitTogether(Dialect dialect) {
    JdbcStores stores = stores(dialect);
    AuditLog audit = auditLog(stores);
    Transactions tx = stores.transactions();
    long created = tx.inTransaction(() -> {
      stores.appointments().upsertBySource(Appointments.booked().build());
      tx.run(() -> audit.record("clinicsync-system", AuditAction.SYNC_COMPLETED, "zocdoc-main", Map.of()));
      stores.syncState().saveCursor(ZOCDOC, SyncCursor.of("c1"));
      return stores.appointments().count();
    });
    assertThat(created).isEqualTo(1);
    assertThat(stores.appointments().count()).isEqualTo(1);
    assertThat(stores.audit().last()).isPresent();
    assertThat(stores.syncState().cursor(ZOCDOC)).contains(SyncCursor.of("c1"));
    assertThat(audit.verify().isIntact()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  @DisplayName("a nested failure rolls back the outer transaction too, including the outer writes made before it")
  void nestedFailureRollsBackAll(Dialect dialect) {
    JdbcStores stores = stores(dialect);
    Transactions tx = stores.transactions();
    assertThatThrownBy(() -> tx.run(() -> {
      stores.appointments().upsertBySource(Appointments.booked().build());
      tx.run(() -> {
        stores.appointments().upsertBySource(Appointments.booked().build());
        throw new IllegalStateException("inner");
      });
    })).hasMessage("inner");
    assertThat(stores.appointments().count()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  @DisplayName("a store conflict inside a transaction leaves it usable: the caller may catch it and go on")
  void conflictInsideTransaction(Dialect dialect) {
    JdbcStores stores = stores(dialect);
    Appointment first = stores.appointments().save(Appointments.booked().build());
    tx(stores).run(() -> {
      Appointment clash = Appointments.booked().build().toBuilder().id(first.id()).build();
      assertThatThrownBy(() -> stores.appointments().upsertBySource(clash))
          .isInstanceOf(dev.clinicsync.core.StorageConflictException.class);
      stores.appointments().upsertBySource(Appointments.booked().build());
    });
    assertThat(stores.appointments().count()).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  @DisplayName("another thread sees nothing of an open transaction until it commits")
  void isolation(Dialect dialect) throws Exception {
    JdbcStores stores = stores(dialect);
    CountDownLatch written = new CountDownLatch(1);
    CountDownLatch checked = new CountDownLatch(1);
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> stores.transactions().run(() -> {
      stores.appointments().upsertBySource(Appointments.booked().build());
      written.countDown();
      await(checked);
    }));
    await(written);
    assertThat(stores.appointments().find(AppointmentQuery.ALL)).isEmpty();
    checked.countDown();
    writer.get(30, TimeUnit.SECONDS);
    assertThat(stores.appointments().count()).isEqualTo(1);
  }

  private static Transactions tx(JdbcStores stores) {
    return stores.transactions();
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("latch not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
