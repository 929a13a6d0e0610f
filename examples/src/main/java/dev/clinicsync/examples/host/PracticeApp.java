package dev.clinicsync.examples.host;

import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.access.Role;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.store.Secret;
import dev.clinicsync.core.store.SecretStore;
import dev.clinicsync.jdbc.JdbcStores;
import dev.clinicsync.sync.AppointmentView;
import dev.clinicsync.sync.AuditQuery;
import dev.clinicsync.sync.BookingRequest;
import dev.clinicsync.sync.CalendarView;
import dev.clinicsync.sync.SyncCoordinator;
import dev.clinicsync.sync.SyncCoordinatorBuilder;
import dev.clinicsync.sync.SyncReport;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A practice-management application's side of the integration, in plain Java: ClinicSync keeps its
 * tables in the application's own database (its {@link DataSource}, a connection pool the
 * application already runs), reads credentials from the application's own vault through a
 * {@link SecretStore} adapter, and acts for the application's own logged-in users, each mapped to
 * a {@link Principal}. The application's screens call these methods; ClinicSync decides access,
 * checks conflicts and writes the audit trail.
 */
public final class PracticeApp implements AutoCloseable {

  /** A user of the application, as its own login knows them. */
  public record User(String login, Role role, Optional<ClinicianId> clinician) {

    /** The ClinicSync principal acting for this user: same id in the audit trail, same role. */
    public Principal principal() {
      return switch (role) {
        case ADMIN -> Principal.admin(login);
        case FRONT_DESK -> Principal.frontDesk(login);
        case THERAPIST -> Principal.therapist(login, clinician.orElseThrow(
            () -> new IllegalStateException("therapist " + login + " has no clinician record")));
      };
    }
  }

  /** The application's secrets vault (HashiCorp Vault, AWS Secrets Manager, ...), as its client exposes it. */
  public interface Vault {
    /** The secret at a path, if any. */
    Optional<String> read(String path);

    /** Stores a secret (ClinicSync stores Google grants after a therapist's consent). */
    void write(String path, String value);

    /** Removes a secret. */
    void delete(String path);
  }

  private final JdbcStores stores;
  private final SyncCoordinator clinic;

  private PracticeApp(JdbcStores stores, SyncCoordinator clinic) {
    this.stores = stores;
    this.clinic = clinic;
  }

  /**
   * Starts ClinicSync inside the application: migrates its tables in the application's database
   * (PostgreSQL or H2, detected), and builds a coordinator over them.
   *
   * @param database the application's connection pool
   * @param vault the application's secrets vault, read under {@code clinicsync/...} paths
   * @param staff the application's clinicians
   * @param connectors the vendor accounts the practice has connected
   */
  public static PracticeApp start(DataSource database, Vault vault, List<Clinician> staff, List<ConnectorConfig> connectors,
      Clock clock) {
    SecretStore secrets = new VaultSecrets(vault);
    JdbcStores stores = JdbcStores.builder().dataSource(database).clock(clock).build();
    SyncCoordinatorBuilder b = SyncCoordinator.builder().clock(clock).secretStore(secrets)
        // every store in the application's database: one transaction per sync and per booking, bookings
        // decided under a lock every node respects, this node's conflict index following the others
        .storage(stores).phiVault(stores.phiVault(secrets))
        .connectorConfigs(connectors.toArray(ConnectorConfig[]::new));
    staff.forEach(b::clinician);
    try {
      return new PracticeApp(stores, b.build());
    } catch (RuntimeException e) {
      stores.close();
      throw e;
    }
  }

  /** The nightly job (or an admin's "sync now" button): every connected vendor. */
  public List<SyncReport> syncAll(User admin) {
    return clinic.syncAll(admin.principal());
  }

  /** The week screen: what this user may see of a week, conflicts flagged. */
  public CalendarView week(User user, LocalDate monday, ZoneId zone) {
    return clinic.aggregatedCalendar(user.principal(),
        AppointmentQuery.in(TimeWindow.ofLocalDays(monday, monday.plusDays(7), zone)));
  }

  /**
   * The booking form.
   *
   * @throws dev.clinicsync.sync.SchedulingConflictException when the slot conflicts; its
   *     {@code conflicts()} is what the form shows
   * @throws dev.clinicsync.core.access.AccessDeniedException when this user may not book for the clinician
   */
  public AppointmentView book(User user, ClinicianId clinician, LocalDateTime start, ZoneId zone, Duration length) {
    return clinic.book(user.principal(),
        BookingRequest.builder(clinician, TimeWindow.of(start.atZone(zone).toInstant(), length)).build());
  }

  /** The compliance screen: whether the audit trail verifies end to end. */
  public boolean auditIntact(User admin) {
    return clinic.auditTrail(admin.principal(), AuditQuery.first(1)).verification().isIntact();
  }

  /** The coordinator itself, for the application's other screens. */
  public SyncCoordinator coordinator() {
    return clinic;
  }

  @Override
  public void close() {
    try {
      clinic.close();
    } finally {
      stores.close();
    }
  }

  /** ClinicSync's {@link SecretStore} over the application's vault, under {@code clinicsync/}. */
  private static final class VaultSecrets implements SecretStore {
    private final Vault vault;

    VaultSecrets(Vault vault) {
      this.vault = vault;
    }

    @Override
    public Optional<Secret> get(String name) {
      return vault.read(path(name)).map(Secret::of);
    }

    @Override
    public void put(String name, Secret secret) {
      vault.write(path(name), secret.asString());
    }

    @Override
    public void delete(String name) {
      vault.delete(path(name));
    }

    private static String path(String name) {
      return name.startsWith("clinicsync/") ? name : "clinicsync/" + name;
    }

    @Override
    public String toString() {
      return "VaultSecrets"; // never the secrets
    }
  }
}
