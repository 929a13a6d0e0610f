package dev.clinicsync.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditKeys;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.memory.InMemorySecretStore;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.LocalTimeRange;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.model.WeeklyAvailability;
import dev.clinicsync.core.phi.PatientTokenizer;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.store.Secret;
import dev.clinicsync.core.store.SecretStore;
import dev.clinicsync.jdbc.JdbcStores;
import dev.clinicsync.sync.AppointmentView;
import dev.clinicsync.sync.AuditQuery;
import dev.clinicsync.sync.AuditTrail;
import dev.clinicsync.sync.BookingRequest;
import dev.clinicsync.sync.SyncCoordinator;
import dev.clinicsync.sync.SyncMode;
import dev.clinicsync.sync.SyncReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "keep ClinicSync's data in your database" wiring, run: a coordinator on the JDBC
 * stores over an H2 file syncs a feed and books; a second coordinator opened on the same file after
 * the first is closed (a restart) finds everything, continues incrementally, and the audit trail
 * still verifies.
 */
class JdbcEmbeddingTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final ClinicianId LEE = ClinicianId.of("dr-lee");
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-04T12:00:00Z"), ZoneOffset.UTC);

  @Test
  @DisplayName("data kept in an H2 file survives a restart of the coordinator: appointments, booking, cursor and an intact audit trail")
  void dataSurvivesARestart(@TempDir Path dir) throws Exception {
    LocalDate monday = LocalDate.now(CLOCK.withZone(NEW_YORK)).with(TemporalAdjusters.next(DayOfWeek.MONDAY));
    HttpServer vendor = EmbeddingExample.serveFeed(EmbeddingExample.demoFeed(monday));
    Path file = dir.resolve("clinicsync-data");
    SecretStore secrets = secrets("http://127.0.0.1:" + vendor.getAddress().getPort() + "/calendar/dr-lee.ics");
    TimeWindow slot = TimeWindow.of(monday.atTime(15, 0).atZone(NEW_YORK).toInstant(), Duration.ofMinutes(50));
    try {
      AppointmentView booked;
      try (JdbcStores db = JdbcStores.h2File(file).clock(CLOCK).build();
          SyncCoordinator clinic = coordinator(db, secrets)) {
        SyncReport first = clinic.syncAll(Principal.admin("admin-1")).get(0);
        assertThat(first.mode()).isEqualTo(SyncMode.FULL);
        booked = clinic.book(Principal.frontDesk("front-desk-1"), BookingRequest.builder(LEE, slot).build());
      }
      assertThat(Files.list(dir)).anyMatch(p -> p.getFileName().toString().startsWith("clinicsync-data"));

      try (JdbcStores db = JdbcStores.h2File(file).clock(CLOCK).build();
          SyncCoordinator restarted = coordinator(db, secrets)) {
        assertThat(db.appointments().find(AppointmentQuery.ALL))
            .as("the two feed sessions and the booking, read back from the file")
            .hasSize(3)
            .anyMatch(a -> a.id().equals(booked.id()) && a.window().equals(slot));
        SyncReport again = restarted.syncAll(Principal.admin("admin-1")).get(0);
        assertThat(again.mode()).as("the stored cursor makes the second sync incremental").isEqualTo(SyncMode.INCREMENTAL);
        AuditTrail trail = restarted.auditTrail(Principal.admin("admin-1"), AuditQuery.first(1_000));
        assertThat(trail.verification().isIntact()).isTrue();
        assertThat(trail.events()).hasSizeGreaterThanOrEqualTo(4);
      }
    } finally {
      vendor.stop(0);
    }
  }

  private static SyncCoordinator coordinator(JdbcStores db, SecretStore secrets) {
    return SyncCoordinator.builder().secretStore(secrets).clock(CLOCK)
        .appointmentStore(db.appointments()).busyBlockStore(db.busyBlocks()).syncStateStore(db.syncState())
        .auditSink(db.audit()).writeQueue(db.writeQueue())
        .clinician(Clinician.of(LEE, "Dr. Lee", NEW_YORK,
            WeeklyAvailability.builder().weekdays(LocalTimeRange.of("09:00", "17:00")).build()))
        .connectorConfigs(ConnectorConfig.of("sp-lee", "simplepractice-ics", Map.of(
            "feed-url-secret", "sp/feed-url/dr-lee", "clinician-id", "dr-lee", "practice-zone", "America/New_York",
            "allow-http", "true", "allow-private-addresses", "true")))
        .build();
  }

  private static SecretStore secrets(String feedUrl) {
    SecretStore secrets = new InMemorySecretStore();
    secrets.put(PatientTokenizer.DEFAULT_KEY_NAME, Secret.of("a-32-byte-or-longer-hmac-key-from-your-vault"));
    secrets.put(AuditKeys.DEFAULT_SECRET_NAME, Secret.of("another-32-byte-key-signing-the-audit-trail"));
    secrets.put("sp/feed-url/dr-lee", Secret.of(feedUrl));
    return secrets;
  }
}
