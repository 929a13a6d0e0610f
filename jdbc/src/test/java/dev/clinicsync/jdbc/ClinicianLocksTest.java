package dev.clinicsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.StorageException;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.testkit.Appointments;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A clinician's lock serialises booking decisions across threads (and so across nodes). */
class ClinicianLocksTest {
  private static final ClinicianId LEE = ClinicianId.of("dr-lee");

  private static JdbcStores stores(Dialect dialect) {
    TestDatabases.TestDb db = dialect == Dialect.H2 ? TestDatabases.h2() : TestDatabases.postgres();
    return JdbcStores.builder().dataSource(db.dataSource()).dialect(dialect).migrate(false).build();
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  @DisplayName("a lock outside a transaction is refused: it would end at once")
  void needsTransaction(Dialect dialect) {
    JdbcStores stores = stores(dialect);
    assertThatThrownBy(() -> stores.clinicianLocks().lock(LEE))
        .isInstanceOf(StorageException.class).hasMessageContaining("transaction");
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  @DisplayName("eight racing bookings of one slot, each checked under the clinician's lock: exactly one is accepted")
  void oneBookingWins(Dialect dialect) throws Exception {
    JdbcStores stores = stores(dialect);
    Appointment slot = Appointments.booked().forClinician("dr-lee").at("2026-03-02T15:00:00Z").build();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> attempts = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      attempts.add(pool.submit(() -> {
        start.await();
        return stores.transactions().inTransaction(() -> {
          stores.clinicianLocks().lock(LEE);
          boolean free = stores.appointments().find(AppointmentQuery.builder().clinician(LEE)
              .window(slot.window()).build()).isEmpty();
          if (free) {
            stores.appointments().save(Appointments.booked().forClinician("dr-lee").at("2026-03-02T15:00:00Z").build());
          }
          return free;
        });
      }));
    }
    start.countDown();
    int accepted = 0;
    for (Future<Boolean> f : attempts) {
      accepted += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
    }
    pool.shutdown();
    assertThat(accepted).isEqualTo(1);
    assertThat(stores.appointments().count()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  @DisplayName("another clinician's lock is free while one is held")
  void otherClinicianFree(Dialect dialect) throws Exception {
    JdbcStores stores = stores(dialect);
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> stores.transactions().run(() -> {
      stores.clinicianLocks().lock(LEE);
      held.countDown();
      await(done);
    }));
    await(held);
    stores.transactions().run(() -> stores.clinicianLocks().lock(ClinicianId.of("dr-kim")));
    done.countDown();
    holder.get(30, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("on PostgreSQL the lock is an advisory transaction lock, gone when the transaction ends")
  void advisoryOnPostgres() throws Exception {
    JdbcStores stores = stores(Dialect.POSTGRESQL);
    stores.transactions().run(() -> {
      stores.clinicianLocks().lock(LEE);
      assertThat(advisoryLocks()).isEqualTo(1);
    });
    assertThat(advisoryLocks()).isZero();
  }

  private static long advisoryLocks() {
    try (Connection c = TestDatabases.server().getPostgresDatabase().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = "
            + 0x4353_0001 + " AND granted")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
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
