package dev.clinicsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.testkit.Appointments;
import dev.clinicsync.core.store.AppointmentChange;
import dev.clinicsync.core.store.AppointmentChange.Kind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every committed appointment write gets the next change id; readers catch up from "since N". */
class ChangeSequenceTest {

  private static JdbcStores stores(Dialect dialect) {
    TestDatabases.TestDb db = dialect == Dialect.H2 ? TestDatabases.h2() : TestDatabases.postgres();
    return JdbcStores.builder().dataSource(db.dataSource()).dialect(dialect).migrate(false).build();
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  @DisplayName("saves, changing upserts and deletes are numbered in commit order; unchanged upserts and rollbacks are not")
  void numbersWrites(Dialect dialect) {
    JdbcStores stores = stores(dialect);
    assertThat(stores.changes().latest()).isZero();
    Appointment a = stores.appointments().save(Appointments.booked().build());
    Appointment b = stores.appointments().upsertBySource(Appointments.booked().build()).appointment();
    stores.appointments().upsertBySource(b); // unchanged
    stores.appointments().upsertBySource(b.toBuilder().status(AppointmentStatus.CONFIRMED).build());
    assertThatThrownBy(() -> stores.transactions().run(() -> {
      stores.appointments().delete(a.id());
      throw new IllegalStateException("rolled back");
    })).hasMessage("rolled back");
    stores.appointments().delete(a.id());

    List<AppointmentChange> all = stores.changes().since(0, 100);
    assertThat(all).extracting(AppointmentChange::appointmentId).containsExactly(a.id(), b.id(), b.id(), a.id());
    assertThat(all).extracting(AppointmentChange::kind).containsExactly(Kind.SAVED, Kind.SAVED, Kind.SAVED, Kind.DELETED);
    assertThat(all).extracting(AppointmentChange::changeId).containsExactly(1L, 2L, 3L, 4L);
    assertThat(all.get(3).clinicianId()).isEqualTo(a.clinicianId());
    assertThat(stores.changes().latest()).isEqualTo(4);
    assertThat(stores.changes().since(2, 1)).extracting(AppointmentChange::changeId).containsExactly(3L);
    assertThat(stores.changes().since(4, 100)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  @DisplayName("a transaction's writes are numbered together when it commits")
  void numberedAtCommit(Dialect dialect) {
    JdbcStores stores = stores(dialect);
    stores.transactions().run(() -> {
      stores.appointments().upsertBySource(Appointments.booked().build());
      stores.appointments().upsertBySource(Appointments.booked().build());
      assertThat(stores.changes().latest()).as("not numbered before commit").isZero();
    });
    assertThat(stores.changes().since(0, 10)).extracting(AppointmentChange::changeId).containsExactly(1L, 2L);
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  @DisplayName("a reader polling while four writers commit sees every change once, and never an id below one it has seen")
  void readerNeverSkips(Dialect dialect) throws Exception {
    JdbcStores stores = stores(dialect);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> writers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      writers.add(pool.submit(() -> {
        for (int i = 0; i < 40; i++) {
          stores.appointments().upsertBySource(Appointments.booked().build());
        }
      }));
    }
    Set<Long> seen = new HashSet<>();
    long cursor = 0;
    boolean writing = true;
    while (writing || cursor < stores.changes().latest()) {
      writing = writers.stream().anyMatch(f -> !f.isDone());
      for (AppointmentChange c : stores.changes().since(cursor, 25)) {
        assertThat(c.changeId()).isGreaterThan(cursor);
        assertThat(seen.add(c.changeId())).isTrue();
        cursor = c.changeId();
      }
    }
    for (Future<?> f : writers) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(seen).hasSize(160);
    assertThat(stores.appointments().count()).isEqualTo(160);
  }

  @Test
  @DisplayName("on PostgreSQL a commit with changes notifies listeners with its newest change id; a rollback sends nothing")
  void notifiesOnCommit() throws Exception {
    JdbcStores stores = stores(Dialect.POSTGRESQL);
    try (Connection listener = TestDatabases.server().getPostgresDatabase().getConnection();
        Statement st = listener.createStatement()) {
      st.execute("LISTEN " + AppointmentChanges.NOTIFY_CHANNEL);
      assertThatThrownBy(() -> stores.transactions().run(() -> {
        stores.appointments().upsertBySource(Appointments.booked().build());
        throw new IllegalStateException("rolled back");
      })).hasMessage("rolled back");
      stores.transactions().run(() -> {
        stores.appointments().upsertBySource(Appointments.booked().build());
        stores.appointments().upsertBySource(Appointments.booked().build());
      });
      PGNotification[] received = listener.unwrap(PGConnection.class).getNotifications(30_000);
      assertThat(received).extracting(PGNotification::getParameter).containsExactly("2");
    }
  }
}
