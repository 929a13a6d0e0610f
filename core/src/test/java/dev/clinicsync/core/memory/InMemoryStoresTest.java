package dev.clinicsync.core.memory;

import dev.clinicsync.core.contract.AppointmentStoreContract;
import dev.clinicsync.core.contract.AuditSinkContract;
import dev.clinicsync.core.contract.BusyBlockStoreContract;
import dev.clinicsync.core.store.BusyBlockStore;
import dev.clinicsync.core.contract.ClinicianDirectoryContract;
import dev.clinicsync.core.contract.PhiVaultContract;
import dev.clinicsync.core.contract.SecretStoreContract;
import dev.clinicsync.core.contract.SyncStateStoreContract;
import dev.clinicsync.core.contract.WriteQueueContract;
import dev.clinicsync.core.phi.AesGcmPhiVault;
import dev.clinicsync.core.store.AppointmentStore;
import dev.clinicsync.core.audit.AuditSink;
import dev.clinicsync.core.store.ClinicianDirectory;
import dev.clinicsync.core.phi.PhiVault;
import dev.clinicsync.core.store.SecretStore;
import dev.clinicsync.core.store.SyncStateStore;
import dev.clinicsync.core.store.WriteQueue;
import dev.clinicsync.core.testkit.MutableClock;
import org.junit.jupiter.api.Nested;

/** The in-memory defaults pass the same published contracts as any host store must. */
class InMemoryStoresTest {

  @Nested
  class AppointmentStoreTest extends AppointmentStoreContract {
    @Override
    protected AppointmentStore newStore() {
      return new InMemoryAppointmentStore();
    }
  }

  @Nested
  class BusyBlockStoreTest extends BusyBlockStoreContract {
    @Override
    protected BusyBlockStore newStore() {
      return new InMemoryBusyBlockStore();
    }
  }

  @Nested
  class SyncStateStoreTest extends SyncStateStoreContract {
    @Override
    protected SyncStateStore newStore(MutableClock clock) {
      return new InMemorySyncStateStore(clock);
    }
  }

  @Nested
  class WriteQueueTest extends WriteQueueContract {
    @Override
    protected WriteQueue newQueue(MutableClock clock) {
      return new InMemoryWriteQueue(clock);
    }
  }

  @Nested
  class AuditSinkTest extends AuditSinkContract {
    @Override
    protected AuditSink newSink() {
      return new InMemoryAuditSink();
    }
  }

  @Nested
  class SecretStoreTest extends SecretStoreContract {
    @Override
    protected SecretStore newStore() {
      return new InMemorySecretStore();
    }
  }

  @Nested
  class PhiVaultTest extends PhiVaultContract {
    @Override
    protected PhiVault newVault() {
      return AesGcmPhiVault.withRandomKey();
    }
  }

  @Nested
  class ClinicianDirectoryTest extends ClinicianDirectoryContract {
    @Override
    protected ClinicianDirectory newDirectory() {
      return new InMemoryClinicianDirectory();
    }
  }
}
