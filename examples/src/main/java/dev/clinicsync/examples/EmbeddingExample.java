package dev.clinicsync.examples;

import com.sun.net.httpserver.HttpServer;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditKeys;
import dev.clinicsync.core.memory.InMemorySecretStore;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.LocalTimeRange;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.model.WeeklyAvailability;
import dev.clinicsync.core.phi.PatientTokenizer;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.store.Secret;
import dev.clinicsync.core.store.SecretStore;
import dev.clinicsync.sync.AppointmentView;
import dev.clinicsync.sync.BookingRequest;
import dev.clinicsync.sync.CalendarEntry;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.sync.SyncCoordinator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;

/**
 * The embedding example quoted in the README (the region between the tags is kept identical to
 * the README by {@code ReadmeExampleTest}): a coordinator with a SimplePractice calendar feed,
 * synced, read as front desk, and booked into. The feed is served from this process, standing in
 * for SimplePractice. Run it with the README's demo command.
 */
public final class EmbeddingExample {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  private EmbeddingExample() {}

  public static void main(String[] args) throws IOException {
    run(System.out, Clock.systemUTC());
  }

  /** Runs the example against a local feed, printing to {@code out}; returns what it booked. */
  static AppointmentView run(PrintStream out, Clock clock) throws IOException {
    LocalDate monday = LocalDate.now(clock.withZone(NEW_YORK)).with(TemporalAdjusters.next(DayOfWeek.MONDAY));
    HttpServer vendor = serveFeed(demoFeed(monday));
    try {
      String feedUrl = "http://127.0.0.1:" + vendor.getAddress().getPort() + "/calendar/dr-lee.ics";
      ClinicianId lee = ClinicianId.of("dr-lee");
      // tag::embed[]
      SecretStore secrets = new InMemorySecretStore(); // your vault, behind the SecretStore SPI
      secrets.put(PatientTokenizer.DEFAULT_KEY_NAME, Secret.of("a-32-byte-or-longer-hmac-key-from-your-vault"));
      secrets.put(AuditKeys.DEFAULT_SECRET_NAME, Secret.of("another-32-byte-key-signing-the-audit-trail"));
      secrets.put("sp/feed-url/dr-lee", Secret.of(feedUrl)); // a feed URL grants access: it is a secret
      SyncCoordinator clinic = SyncCoordinator.builder().secretStore(secrets).clock(clock)
          .clinician(Clinician.of(lee, "Dr. Lee", NEW_YORK,
              WeeklyAvailability.builder().weekdays(LocalTimeRange.of("09:00", "17:00")).build()))
          .connectorConfigs(ConnectorConfig.of("sp-lee", "simplepractice-ics", Map.of(
              "feed-url-secret", "sp/feed-url/dr-lee", "clinician-id", "dr-lee", "practice-zone", "America/New_York",
              "allow-http", "true", "allow-private-addresses", "true"))) // a local demo feed only
          .build();
      clinic.syncAll(Principal.admin("admin-1"));

      Principal desk = Principal.frontDesk("front-desk-1");
      TimeWindow week = TimeWindow.ofLocalDays(monday, monday.plusDays(7), NEW_YORK);
      List<CalendarEntry> entries = clinic.aggregatedCalendar(desk, AppointmentQuery.in(week)).entries();
      entries.forEach(e -> out.println(e.appointment() + " conflicts=" + e.conflicts().size()));
      TimeWindow slot = TimeWindow.of(monday.atTime(15, 0).atZone(NEW_YORK).toInstant(), Duration.ofMinutes(50));
      AppointmentView booked = clinic.book(desk, BookingRequest.builder(lee, slot).build());
      out.println("booked " + booked);
      // end::embed[]
      clinic.close();
      return booked;
    } finally {
      vendor.stop(0);
    }
  }

  /** Two sessions on Monday, as SimplePractice's calendar feed would list them. */
  static String demoFeed(LocalDate monday) {
    DateTimeFormatter day = DateTimeFormatter.BASIC_ISO_DATE;
    return String.join("\r\n",
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//ClinicSync demo//EN",
        "BEGIN:VEVENT", "UID:demo-1@example.invalid", "DTSTAMP:20260101T000000Z",
        "DTSTART;TZID=America/New_York:" + monday.format(day) + "T100000",
        "DTEND;TZID=America/New_York:" + monday.format(day) + "T105000",
        "SUMMARY:Demo Patient One - Psychotherapy", "STATUS:CONFIRMED", "END:VEVENT",
        "BEGIN:VEVENT", "UID:demo-2@example.invalid", "DTSTAMP:20260101T000000Z",
        "DTSTART;TZID=America/New_York:" + monday.format(day) + "T103000",
        "DTEND;TZID=America/New_York:" + monday.format(day) + "T112000",
        "SUMMARY:Demo Patient Two - Intake", "STATUS:CONFIRMED", "END:VEVENT",
        "END:VCALENDAR", "");
  }

  static HttpServer serveFeed(String ics) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    byte[] body = ics.getBytes(StandardCharsets.UTF_8);
    server.createContext("/calendar/dr-lee.ics", exchange -> {
      exchange.getResponseHeaders().add("Content-Type", "text/calendar; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(body);
      }
    });
    server.start();
    return server;
  }
}
