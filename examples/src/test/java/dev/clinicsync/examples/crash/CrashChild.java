package dev.clinicsync.examples.crash;

import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditKeys;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.connector.FetchLimits;
import dev.clinicsync.core.memory.InMemorySecretStore;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.ExternalIdentity;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.WeeklyAvailability;
import dev.clinicsync.core.phi.AesGcmPhiVault;
import dev.clinicsync.core.phi.PatientTokenizer;
import dev.clinicsync.core.store.Secret;
import dev.clinicsync.core.store.SecretStore;
import dev.clinicsync.jdbc.JdbcStores;
import dev.clinicsync.sync.SyncCoordinator;
import dev.clinicsync.sync.SyncOutcome;
import dev.clinicsync.sync.SyncReport;
import dev.clinicsync.sync.writes.WriteQueueHealth;
import dev.clinicsync.sync.writes.WriteRunReport;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The process {@link CrashRecoveryTest} kills: a coordinator on an H2 file that syncs Zocdoc (the
 * stub's base URL is the second argument) until a sync is applied, then runs the write queue (the
 * mirrors into the clinician's Google calendar, on the same stub) until it is empty, prints
 * {@code DONE} and exits. {@link #runToEnd} on the same file, in this process or another, picks up
 * what a killed run left.
 */
public final class CrashChild {
  static final ClinicianId QUINCY = ClinicianId.of("dr-quincy");
  static final ConnectorId ZOCDOC = ConnectorId.of("zocdoc-main");
  static final ConnectorId GOOGLE = ConnectorId.of("google-quincy");
  static final String NODE = "crash-node";
  static final String PHI_KEY = "0123456789abcdef0123456789abcdef";

  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    try (JdbcStores db = JdbcStores.h2File(file).clock(Clock.systemUTC()).build();
        SyncCoordinator clinic = coordinator(db, secrets(), Clock.systemUTC(), args[1], args[2])) {
      System.out.println("READY");
      runToEnd(clinic, System.out::println);
    }
    System.exit(0);
  }

  /**
   * Syncs Zocdoc until a sync is applied, then runs the write queue until it is empty (waiting for
   * the claims of a killed run to expire), telling {@code out} how far it got.
   */
  static void runToEnd(SyncCoordinator clinic, Consumer<String> out) throws InterruptedException {
    Principal admin = Principal.admin("crash-test");
    while (true) {
      SyncReport report = clinic.syncNow(admin, ZOCDOC);
      if (report.outcome() == SyncOutcome.APPLIED) {
        break;
      }
      if (report.outcome() == SyncOutcome.FAILED) {
        out.accept("SYNC-FAILED " + report.errors());
      }
      Thread.sleep(20);
    }
    out.accept("SYNCED");
    while (true) {
      WriteRunReport run = clinic.processWriteQueue(admin);
      WriteQueueHealth health = clinic.writeQueueHealth(admin);
      if (health.depth() == 0) {
        if (health.deadLetters() > 0) {
          out.accept("DEAD-LETTERS " + health.deadLetters());
        }
        break;
      }
      if (run.attempted() == 0) {
        Thread.sleep(20); // a killed run's claims have not expired yet
      }
    }
    out.accept("DONE");
  }

  static SecretStore secrets() {
    SecretStore secrets = new InMemorySecretStore();
    secrets.put(PatientTokenizer.DEFAULT_KEY_NAME, Secret.of("a-32-byte-or-longer-hmac-key-for-patient-tokens"));
    secrets.put(AuditKeys.DEFAULT_SECRET_NAME, Secret.of("another-32-byte-key-signing-the-audit-trail"));
    secrets.put(AesGcmPhiVault.DEFAULT_KEY_NAME, Secret.of(PHI_KEY));
    secrets.put("zocdoc/client-id", Secret.of("m2m-client"));
    secrets.put("zocdoc/client-secret", Secret.of("m2m-secret"));
    secrets.put("google/client-id", Secret.of("client-123.apps.googleusercontent.com"));
    secrets.put("google/client-secret", Secret.of("client-secret-xyz"));
    secrets.put("google/refresh-token/dr-quincy", Secret.of("rt-quincy"));
    return secrets;
  }

  static SyncCoordinator coordinator(JdbcStores db, SecretStore secrets, Clock clock, String base, String target) {
    return SyncCoordinator.builder().secretStore(secrets).clock(clock).nodeId(NODE)
        .appointmentStore(db.appointments()).busyBlockStore(db.busyBlocks()).syncStateStore(db.syncState())
        .auditSink(db.audit()).writeQueue(db.writeQueue()).phiVault(db.phiVault(secrets))
        .transactions(db.transactions())
        .leaseTtl(Duration.ofSeconds(30))
        .writeSchedule(Duration.ofSeconds(30), Duration.ofMillis(300))
        .fetchLimits(FetchLimits.DEFAULTS)
        .window(Duration.ofDays(7), Duration.ofDays(60))
        .clinician(Clinician.of(QUINCY, "Dr. Quincy", VendorStub.NEW_YORK, WeeklyAvailability.NONE)
            .withExternalIds(Set.of(ExternalIdentity.of(SourceSystem.ZOCDOC, VendorStub.PROVIDER),
                ExternalIdentity.of(SourceSystem.GOOGLE, "primary"))))
        .connectorConfigs(
            ConnectorConfig.of(ZOCDOC.value(), "zocdoc", Map.of(
                "base-url", base, "token-url", base + "/oauth/token", "allow-http", "true",
                "allow-private-targets", target, "rate-limit.per-second", "1000", "page-size", "10")),
            ConnectorConfig.of(GOOGLE.value(), "google-calendar", Map.of(
                "clinician", QUINCY.value(), "calendars", "primary", "write-calendar", "primary",
                "root-url", base + "/", "token-url", base + "/token", "allow-http", "true",
                "allow-private-addresses", "true",
                // Google's client-side default of 5 requests a second made the 50 mirror inserts
                // of every run take 10 s; the kills are aimed by request number, not by time
                "rate-limit.per-second", "1000")))
        .mirrorInto(QUINCY, GOOGLE)
        .build();
  }
}
