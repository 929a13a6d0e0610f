package dev.clinicsync.jdbc;

import dev.clinicsync.core.audit.AuditSink;
import dev.clinicsync.core.contract.AppointmentStoreContract;
import dev.clinicsync.core.contract.AuditSinkContract;
import dev.clinicsync.core.contract.BusyBlockStoreContract;
import dev.clinicsync.core.contract.SyncStateStoreContract;
import dev.clinicsync.core.contract.WriteQueueContract;
import dev.clinicsync.core.store.AppointmentStore;
import dev.clinicsync.core.store.BusyBlockStore;
import dev.clinicsync.core.store.SyncStateStore;
import dev.clinicsync.core.store.WriteQueue;
import dev.clinicsync.core.testkit.MutableClock;
import java.time.Clock;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The JDBC stores pass the same published contracts as the in-memory ones, on H2 and on a real
 * PostgreSQL server (embedded, one per test JVM), each test on emptied tables.
 */
class StoreContractsTest {
  static JdbcStores stores(Supplier<TestDatabases.TestDb> database, Clock clock) {
    TestDatabases.TestDb db = database.get();
    return JdbcStores.builder().dataSource(db.dataSource()).dialect(db.dialect()).clock(clock).migrate(false).build();
  }

  @Nested
  @DisplayName("on H2")
  class OnH2 {
    @Nested
    class Appointments extends AppointmentStoreContract {
      @Override
      protected AppointmentStore newStore() {
        return stores(TestDatabases::h2, Clock.systemUTC()).appointments();
      }
    }

    @Nested
    class BusyBlocks extends BusyBlockStoreContract {
      @Override
      protected BusyBlockStore newStore() {
        return stores(TestDatabases::h2, Clock.systemUTC()).busyBlocks();
      }
    }

    @Nested
    class SyncState extends SyncStateStoreContract {
      @Override
      protected SyncStateStore newStore(MutableClock clock) {
        return stores(TestDatabases::h2, clock).syncState();
      }
    }

    @Nested
    class Audit extends AuditSinkContract {
      @Override
      protected AuditSink newSink() {
        return stores(TestDatabases::h2, clock).audit();
      }
    }

    @Nested
    class Queue extends WriteQueueContract {
      @Override
      protected WriteQueue newQueue(MutableClock clock) {
        return stores(TestDatabases::h2, clock).writeQueue();
      }
    }
  }

  @Nested
  @DisplayName("on PostgreSQL")
  class OnPostgres {
    @Nested
    class Appointments extends AppointmentStoreContract {
      @Override
      protected AppointmentStore newStore() {
        return stores(TestDatabases::postgres, Clock.systemUTC()).appointments();
      }
    }

    @Nested
    class BusyBlocks extends BusyBlockStoreContract {
      @Override
      protected BusyBlockStore newStore() {
        return stores(TestDatabases::postgres, Clock.systemUTC()).busyBlocks();
      }
    }

    @Nested
    class SyncState extends SyncStateStoreContract {
      @Override
      protected SyncStateStore newStore(MutableClock clock) {
        return stores(TestDatabases::postgres, clock).syncState();
      }
    }

    @Nested
    class Audit extends AuditSinkContract {
      @Override
      protected AuditSink newSink() {
        return stores(TestDatabases::postgres, clock).audit();
      }
    }

    @Nested
    class Queue extends WriteQueueContract {
      @Override
      protected WriteQueue newQueue(MutableClock clock) {
        return stores(TestDatabases::postgres, clock).writeQueue();
      }
    }
  }
}
