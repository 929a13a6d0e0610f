package dev.clinicsync.examples.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.clinicsync.conflict.ConflictKind;
import dev.clinicsync.core.access.AccessDeniedException;
import dev.clinicsync.core.access.Role;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.LocalTimeRange;
import dev.clinicsync.core.model.WeeklyAvailability;
import dev.clinicsync.examples.EmbeddingExampleAccess;
import dev.clinicsync.sync.AppointmentView;
import dev.clinicsync.sync.CalendarEntry;
import dev.clinicsync.sync.CalendarView;
import dev.clinicsync.sync.SchedulingConflictException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample host integration, exercised as the application's screens would use it. */
class PracticeAppTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-04T12:00:00Z"), ZoneOffset.UTC);
  private static final LocalDate MONDAY = LocalDate.now(CLOCK.withZone(NEW_YORK)).with(TemporalAdjusters.next(DayOfWeek.MONDAY));
  private static final ClinicianId LEE = ClinicianId.of("dr-lee");
  private static final ClinicianId KIM = ClinicianId.of("dr-kim");

  private static final PracticeApp.User ADMIN = new PracticeApp.User("ops@clinic", Role.ADMIN, Optional.empty());
  private static final PracticeApp.User DESK = new PracticeApp.User("desk@clinic", Role.FRONT_DESK, Optional.empty());
  private static final PracticeApp.User LEE_USER = new PracticeApp.User("lee@clinic", Role.THERAPIST, Optional.of(LEE));

  /** The application's vault, as its client would answer. */
  private static final class MapVault implements PracticeApp.Vault {
    final Map<String, String> secrets = new ConcurrentHashMap<>();

    @Override
    public Optional<String> read(String path) {
      return Optional.ofNullable(secrets.get(path));
    }

    @Override
    public void write(String path, String value) {
      secrets.put(path, value);
    }

    @Override
    public void delete(String path) {
      secrets.remove(path);
    }
  }

  private static HikariDataSource pool(Path dir) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl("jdbc:h2:file:" + dir.resolve("practice") + ";DB_CLOSE_ON_EXIT=FALSE");
    c.setMaximumPoolSize(4);
    return new HikariDataSource(c);
  }

  private static List<Clinician> staff() {
    WeeklyAvailability hours = WeeklyAvailability.builder().weekdays(LocalTimeRange.of("09:00", "17:00")).build();
    return List.of(Clinician.of(LEE, "Dr. Lee", NEW_YORK, hours), Clinician.of(KIM, "Dr. Kim", NEW_YORK, hours));
  }

  private static List<ConnectorConfig> connectors() {
    return List.of(ConnectorConfig.of("sp-lee", "simplepractice-ics", Map.of(
        "feed-url-secret", "sp/feed-url/dr-lee", "clinician-id", "dr-lee", "practice-zone", "America/New_York",
        "allow-http", "true", "allow-private-addresses", "true")));
  }

  @Test
  @DisplayName("a practice app runs ClinicSync on its own pool, vault and users: sync, week view, booking, refusals, restart")
  void practiceAppJourney(@TempDir Path dir) throws Exception {
    HttpServer feed = EmbeddingExampleAccess.serveDemoFeed(MONDAY);
    MapVault vault = new MapVault();
    vault.write("clinicsync/patient-token-key", "a-32-byte-or-longer-hmac-key-from-the-vault");
    vault.write("clinicsync/audit-hmac/v1", "another-32-byte-key-signing-the-audit-trail");
    vault.write("clinicsync/phi-vault-key", "0123456789abcdef0123456789abcdef");
    vault.write("clinicsync/sp/feed-url/dr-lee", "http://127.0.0.1:" + feed.getAddress().getPort() + "/calendar/dr-lee.ics");
    AppointmentView booked;
    try (HikariDataSource pool = pool(dir)) {
      try (PracticeApp app = PracticeApp.start(pool, vault, staff(), connectors(), CLOCK)) {
        assertThat(app.syncAll(ADMIN)).allMatch(r -> r.succeeded());

        CalendarView leeWeek = app.week(LEE_USER, MONDAY, NEW_YORK);
        assertThat(leeWeek.entries()).as("the therapist sees her two sessions, overlapping").hasSize(2)
            .allMatch(CalendarEntry::hasConflicts);

        booked = app.book(DESK, LEE, MONDAY.atTime(15, 0), NEW_YORK, Duration.ofMinutes(50));
        assertThat(booked.clinicianId()).isEqualTo(LEE);

        assertThatThrownBy(() -> app.book(DESK, LEE, MONDAY.atTime(10, 15), NEW_YORK, Duration.ofMinutes(50)))
            .isInstanceOfSatisfying(SchedulingConflictException.class, e -> assertThat(e.conflicts())
                .extracting(c -> c.kind()).contains(ConflictKind.OVERLAP));
        assertThatThrownBy(() -> app.book(LEE_USER, KIM, MONDAY.atTime(11, 0), NEW_YORK, Duration.ofMinutes(50)))
            .as("a therapist books only for herself").isInstanceOf(AccessDeniedException.class);
      }
      try (PracticeApp restarted = PracticeApp.start(pool, vault, staff(), connectors(), CLOCK)) {
        CalendarView week = restarted.week(DESK, MONDAY, NEW_YORK);
        assertThat(week.entries()).as("the booking and the synced sessions are in the app's database")
            .extracting(e -> e.appointment().id()).contains(booked.id()).hasSize(3);
        assertThat(restarted.auditIntact(ADMIN)).isTrue();
      }
    } finally {
      feed.stop(0);
    }
    assertThat(vault.secrets.keySet()).as("ClinicSync kept its secrets under its own prefix in the vault")
        .allMatch(k -> k.startsWith("clinicsync/"));
  }
}
