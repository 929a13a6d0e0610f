package dev.clinicsync.examples.cli;

import com.sun.net.httpserver.HttpServer;
import dev.clinicsync.examples.EmbeddingExampleAccess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Map;

/**
 * A configuration directory with one SimplePractice feed served locally (two overlapping
 * sessions next Monday, 10:00-10:50 and 10:30-11:20 New York time), and a way to run commands.
 */
final class CliFixture implements AutoCloseable {
  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-04T12:00:00Z"), ZoneOffset.UTC);
  static final LocalDate MONDAY = mondayAfter(CLOCK);

  final Path dir;
  final Path config;
  final HttpServer vendor;
  final Map<String, String> environment;

  CliFixture(Path dir) throws IOException {
    this(dir, MONDAY);
  }

  /** A fixture whose feed lists its sessions on {@code monday}. */
  CliFixture(Path dir, LocalDate monday) throws IOException {
    this.dir = dir;
    this.vendor = EmbeddingExampleAccess.serveDemoFeed(monday);
    this.environment = Map.of("CLINICSYNC_SP_FEED_URL_DR_LEE",
        "http://127.0.0.1:" + vendor.getAddress().getPort() + "/calendar/dr-lee.ics");
    this.config = dir.resolve("clinicsync.yaml");
    Files.writeString(config, String.join("\n",
        "# a practice with one therapist and her SimplePractice calendar feed",
        "database: data/clinicsync",
        "secrets-file: secrets.properties",
        "user: admin-1",
        "clinicians:",
        "  - id: dr-lee",
        "    name: Dr. Lee",
        "    zone: America/New_York",
        "    location: midtown",
        "    hours:",
        "      weekdays: [\"09:00-17:00\"]",
        "connectors:",
        "  - id: sp-lee",
        "    type: simplepractice-ics",
        "    interval: 15m",
        "    properties:",
        "      feed-url-secret: sp/feed-url/dr-lee",
        "      clinician-id: dr-lee",
        "      practice-zone: America/New_York",
        "      allow-http: \"true\"",
        "      allow-private-addresses: \"true\"",
        ""), StandardCharsets.UTF_8);
  }

  static LocalDate mondayAfter(Clock clock) {
    return LocalDate.now(clock.withZone(NEW_YORK)).with(TemporalAdjusters.next(DayOfWeek.MONDAY));
  }

  /** What one command printed, and its exit code. */
  record Run(int exit, String out, String err) {}

  Run run(String... args) {
    return run("", false, args);
  }

  Run run(String stdin, boolean interactive, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ClinicSyncCli cli = new ClinicSyncCli(CLOCK, environment, new BufferedReader(new StringReader(stdin)), interactive);
    String[] full = new String[args.length + 2];
    System.arraycopy(args, 0, full, 0, args.length);
    full[args.length] = "--config";
    full[args.length + 1] = config.toString();
    int exit = cli.execute(args.length == 0 || args[0].startsWith("-") ? args : full,
        new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(exit, out.toString(), err.toString());
  }

  @Override
  public void close() {
    vendor.stop(0);
  }
}
