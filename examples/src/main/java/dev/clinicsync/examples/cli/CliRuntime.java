package dev.clinicsync.examples.cli;

import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.phi.PhiCipher;
import dev.clinicsync.core.phi.PhiRecord;
import dev.clinicsync.core.phi.PhiVault;
import dev.clinicsync.jdbc.JdbcStores;
import dev.clinicsync.sync.ClinicianLocations;
import dev.clinicsync.sync.SyncCoordinator;
import dev.clinicsync.sync.SyncCoordinatorBuilder;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

/**
 * What a command works on: the configuration, the embedded H2 database it names and a
 * coordinator over both, acting as the configured administrator. Patient details a sync reads go
 * to the PHI vault in the same database, encrypted (AES-256-GCM) under the key named
 * {@link CliSecrets#PHI_VAULT_KEY} from the secrets file or the environment, so they survive
 * between runs and never lie in the database in clear.
 */
final class CliRuntime implements AutoCloseable {
  private final CliConfig config;
  private final JdbcStores db;
  private final SyncCoordinator coordinator;
  private final Principal admin;
  private final CliSecrets secrets;

  private CliRuntime(CliConfig config, JdbcStores db, SyncCoordinator coordinator, CliSecrets secrets) {
    this.config = config;
    this.db = db;
    this.coordinator = coordinator;
    this.secrets = secrets;
    this.admin = Principal.admin(config.user());
  }

  /** Opens the database (creating or migrating it) and builds the coordinator. */
  static CliRuntime open(CliConfig config, Clock clock, Map<String, String> environment) {
    CliSecrets secrets = new CliSecrets(config.secretsFile(), environment);
    secrets.ensureKeys(new SecureRandom());
    JdbcStores db = JdbcStores.h2File(config.database()).clock(clock).build();
    try {
      // patient details from a sync stay in this database, sealed under the secrets' PHI vault key
      PhiVault phi = db.phiVault(PhiCipher.withKey(secrets.phiVaultKey()));
      SyncCoordinatorBuilder b = SyncCoordinator.builder().secretStore(secrets).clock(clock).phiVault(phi)
          .appointmentStore(db.appointments()).busyBlockStore(db.busyBlocks()).syncStateStore(db.syncState())
          .auditSink(db.audit()).writeQueue(db.writeQueue())
          // a sync's changes, audit events and write jobs commit together, the cursor after them
          .transactions(db.transactions()).clinicianLocks(db.clinicianLocks())
          .connectorConfigs(config.connectors().toArray(ConnectorConfig[]::new));
      config.clinicians().forEach(b::clinician);
      config.intervals().forEach(b::interval);
      config.mirrors().forEach(b::mirrorInto);
      if (!config.locations().isEmpty()) {
        b.clinicianLocations(ClinicianLocations.of(config.locations()));
      }
      return new CliRuntime(config, db, b.build(), secrets);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  CliConfig config() {
    return config;
  }

  SyncCoordinator coordinator() {
    return coordinator;
  }

  /** The administrator the CLI acts as. */
  Principal admin() {
    return admin;
  }

  CliSecrets secrets() {
    return secrets;
  }

  /**
   * The patient details of an appointment, from the PHI vault in the database, read through the
   * coordinator as the configured administrator: access-checked and audited (VIEW_PHI, naming the
   * user and the appointment, never the details).
   */
  Optional<PhiRecord> patientDetails(AppointmentId id) {
    return coordinator.patientDetails(admin, id);
  }

  Optional<Clinician> clinician(ClinicianId id) {
    return config.clinicians().stream().filter(c -> c.id().equals(id)).findFirst();
  }

  /** The zone to show a clinician's times in: their own, else the given fallback. */
  ZoneId zoneOf(ClinicianId id, ZoneId fallback) {
    return clinician(id).map(Clinician::zone).orElse(fallback);
  }

  @Override
  public void close() {
    try {
      coordinator.close();
    } finally {
      db.close();
    }
  }
}
