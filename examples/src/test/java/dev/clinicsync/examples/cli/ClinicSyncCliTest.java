package dev.clinicsync.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClinicSyncCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private CliFixture fx;

  @BeforeEach
  void start() throws Exception {
    fx = new CliFixture(dir);
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  private String monday(String time) {
    return CliFixture.MONDAY + "T" + time;
  }

  @Test
  @DisplayName("sync prints one summary row per connector, and the second run is incremental")
  void syncSummaryThenIncremental() throws Exception {
    CliFixture.Run first = fx.run("sync");
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out()).contains("CONNECTOR").containsPattern("sp-lee\\s+full\\s+applied\\s+2\\s+0\\s+0\\s+0");

    CliFixture.Run second = fx.run("sync", "--format", "json");
    assertThat(second.exit()).as(second.err()).isZero();
    JsonNode doc = JSON.readTree(second.out());
    assertThat(doc.path("command").asText()).isEqualTo("sync");
    assertThat(doc.path("version").asInt()).isEqualTo(1);
    JsonNode row = doc.path("connectors").get(0);
    assertThat(row.path("connector").asText()).isEqualTo("sp-lee");
    assertThat(row.path("mode").asText()).as("the stored cursor makes the second run incremental").isNotEqualTo("FULL");
    assertThat(row.path("created").asInt()).isZero();
  }

  @Test
  @DisplayName("calendar shows the week's sessions from the database, with the overlap flagged, as a table and as JSON")
  void calendarFromTheDatabase() throws Exception {
    assertThat(fx.run("sync").exit()).isZero();

    CliFixture.Run table = fx.run("calendar", "--from", CliFixture.MONDAY.toString(),
        "--to", CliFixture.MONDAY.plusDays(7).toString(), "--zone", "America/New_York");
    assertThat(table.exit()).as(table.err()).isZero();
    assertThat(table.out()).contains("10:00-10:50", "10:30-11:20", "OVERLAP with simplepractice")
        .contains("2 appointments (2 not cancelled), 2 with conflicts");

    CliFixture.Run json = fx.run("calendar", "--from", CliFixture.MONDAY.toString(),
        "--to", CliFixture.MONDAY.plusDays(7).toString(), "--zone", "America/New_York", "--format", "json");
    JsonNode doc = JSON.readTree(json.out());
    assertThat(doc.path("command").asText()).isEqualTo("calendar");
    assertThat(doc.path("appointments")).hasSize(2);
    JsonNode first = doc.path("appointments").get(0);
    assertThat(first.path("clinician").asText()).isEqualTo("dr-lee");
    assertThat(first.path("source").asText()).isEqualTo("simplepractice");
    assertThat(first.path("start").asText()).isEqualTo(CliFixture.MONDAY.atTime(10, 0).atZone(CliFixture.NEW_YORK)
        .toInstant().toString());
    assertThat(first.path("conflicts").get(0).path("kind").asText()).isEqualTo("OVERLAP");
    assertThat(first.path("conflicts").get(0).path("otherAppointment").asText())
        .isEqualTo(doc.path("appointments").get(1).path("id").asText());
  }

  @Test
  @DisplayName("no command prints a patient's name, though the vendor's feed carries them")
  void noPhiInOutput() {
    fx.run("sync");
    String all = fx.run("calendar", "--from", CliFixture.MONDAY.toString(), "--to", CliFixture.MONDAY.plusDays(7).toString()).out()
        + fx.run("calendar", "--from", CliFixture.MONDAY.toString(), "--to", CliFixture.MONDAY.plusDays(7).toString(),
            "--format", "json").out()
        + fx.run("conflicts", "--from", CliFixture.MONDAY.minusDays(1).toString(), "--format", "json").out()
        + fx.run("conflicts", "--from", CliFixture.MONDAY.toString()).out();
    assertThat(all).contains("dr-lee").doesNotContain("Demo Patient", "Psychotherapy", "Intake");
  }

  @Test
  @DisplayName("conflicts lists each appointment in conflict with the other side's source and id")
  void conflictsWithProvenance() throws Exception {
    fx.run("sync");
    CliFixture.Run run = fx.run("conflicts", "--from", CliFixture.MONDAY.toString(), "--zone", "America/New_York");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("2 appointments in conflict").contains("overlap").contains("simplepractice");
    JsonNode doc = JSON.readTree(fx.run("conflicts", "--from", CliFixture.MONDAY.plusDays(1).toString(),
        "--zone", "America/New_York", "--format", "json").out());
    assertThat(doc.path("appointments")).as("nothing in conflict after Monday: %s", doc.path("window")).isEmpty();
  }

  @Test
  @DisplayName("check exits 3 and names the conflict for a taken slot, and exits 0 for a free one")
  void checkASlot() throws Exception {
    fx.run("sync");
    CliFixture.Run taken = fx.run("check", "--clinician", "dr-lee", "--start", monday("10:15"), "--end", monday("11:00"));
    assertThat(taken.exit()).isEqualTo(ClinicSyncCli.FOUND);
    assertThat(taken.out()).contains("overlap").contains("simplepractice");

    CliFixture.Run late = fx.run("check", "--clinician", "dr-lee", "--start", monday("16:30"), "--end", monday("17:20"),
        "--format", "json");
    assertThat(late.exit()).isEqualTo(ClinicSyncCli.FOUND);
    JsonNode doc = JSON.readTree(late.out());
    assertThat(doc.path("free").asBoolean()).isFalse();
    assertThat(doc.path("conflicts").get(0).path("kind").asText()).isEqualTo("OUTSIDE_AVAILABILITY");

    CliFixture.Run free = fx.run("check", "--clinician", "dr-lee", "--start", monday("14:00"), "--end", monday("14:50"));
    assertThat(free.exit()).as(free.err()).isZero();
    assertThat(free.out()).startsWith("free: dr-lee");
  }

  @Test
  @DisplayName("availability offers the day's 50-minute slots around the booked sessions, for a clinician or a location")
  void availability() throws Exception {
    fx.run("sync");
    JsonNode doc = JSON.readTree(fx.run("availability", "--clinician", "dr-lee", "--from", CliFixture.MONDAY.toString(),
        "--to", CliFixture.MONDAY.plusDays(1).toString(), "--zone", "America/New_York", "--duration", "50m",
        "--format", "json").out());
    java.util.List<String> starts = new java.util.ArrayList<>();
    doc.path("slots").forEach(s -> starts.add(s.path("start").asText()));
    String nine = CliFixture.MONDAY.atTime(9, 0).atZone(CliFixture.NEW_YORK).toInstant().toString();
    String ten = CliFixture.MONDAY.atTime(10, 0).atZone(CliFixture.NEW_YORK).toInstant().toString();
    String half11 = CliFixture.MONDAY.atTime(11, 30).atZone(CliFixture.NEW_YORK).toInstant().toString();
    assertThat(starts).contains(nine, half11).doesNotContain(ten);
    assertThat(doc.path("slots").get(0).path("clinicians").get(0).asText()).isEqualTo("dr-lee");

    CliFixture.Run byLocation = fx.run("availability", "--location", "midtown", "--from", CliFixture.MONDAY.toString(),
        "--to", CliFixture.MONDAY.plusDays(1).toString(), "--zone", "America/New_York", "--duration", "50m");
    assertThat(byLocation.exit()).as(byLocation.err()).isZero();
    assertThat(byLocation.out()).contains("09:00-09:50").doesNotContain("10:00-10:50");
  }

  @Test
  @DisplayName("audit verify reports an intact trail after a sync and exits 0")
  void auditVerify() throws Exception {
    fx.run("sync");
    CliFixture.Run run = fx.run("audit", "verify", "--format", "json");
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode doc = JSON.readTree(run.out());
    assertThat(doc.path("intact").asBoolean()).isTrue();
    assertThat(doc.path("eventsChecked").asLong()).isGreaterThanOrEqualTo(2);
  }

  @Test
  @DisplayName("queue list shows an empty queue, and retrying a job that does not exist is one clear error line")
  void queue() throws Exception {
    CliFixture.Run list = fx.run("queue", "list", "--format", "json");
    assertThat(list.exit()).as(list.err()).isZero();
    assertThat(JSON.readTree(list.out()).path("depth").asLong()).isZero();

    CliFixture.Run retry = fx.run("queue", "retry", "no-such-job");
    assertThat(retry.exit()).isEqualTo(1);
    assertThat(retry.err().strip().lines()).hasSize(1);
    assertThat(retry.err()).startsWith("clinicsync: ").doesNotContain("\tat ");
  }

  @Test
  @DisplayName("an error is one line without a stack trace; --verbose adds the trace")
  void verboseAddsTheTrace() {
    CliFixture.Run plain = fx.run("queue", "retry", "no-such-job");
    CliFixture.Run verbose = fx.run("queue", "retry", "no-such-job", "--verbose");
    assertThat(plain.err()).doesNotContain("\tat ");
    assertThat(verbose.err()).contains("\tat ");
  }

  @Test
  @DisplayName("progress goes to standard error on a terminal and nowhere when piped")
  void progressOnlyOnATerminal() {
    CliFixture.Run piped = fx.run("", false, "sync");
    assertThat(piped.err()).isEmpty();
    CliFixture.Run terminal = fx.run("", true, "sync");
    assertThat(terminal.err()).contains("syncing sp-lee").contains("records read");
    assertThat(terminal.out()).doesNotContain("syncing");
  }

  @Test
  @DisplayName("on a terminal, sync rewrites one line per connector with its pages and records, and the summary is the same as piped")
  void pageProgressOnATerminal() throws Exception {
    CliFixture.Run terminal = fx.run("", true, "sync");
    assertThat(terminal.exit()).as(terminal.err()).isZero();
    assertThat(terminal.err()).contains("\rsyncing sp-lee ...", "\rsp-lee: page 1, 2 records",
        "\rsp-lee: 2 records read, applied").endsWith("\n");
    assertThat(terminal.err().chars().filter(ch -> ch == '\n').count()).as("one line per connector, rewritten in place")
        .isEqualTo(1);
    assertThat(terminal.err()).doesNotContain("Demo Patient");
    assertThat(terminal.out()).doesNotContain("page 1").contains("CONNECTOR");

    Path other = Files.createDirectories(dir.resolve("piped"));
    try (CliFixture pipedFx = new CliFixture(other)) {
      CliFixture.Run piped = pipedFx.run("", false, "sync");
      assertThat(piped.err()).as("piped: no progress at all").isEmpty();
      assertThat(piped.out().replaceAll("\\d+ ms", "")).as("the summary is the same either way")
          .isEqualTo(terminal.out().replaceAll("\\d+ ms", ""));
    }
  }

  @Test
  @DisplayName("the first run makes the two signing keys in an owner-only secrets file")
  void secretsFileIsMadePrivate() throws Exception {
    fx.run("queue", "list");
    Path secrets = dir.resolve("secrets.properties");
    assertThat(secrets).exists();
    assertThat(Files.readString(secrets)).contains("clinicsync/patient-token-key=").contains("clinicsync/audit-hmac");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets))).isEqualTo("rw-------");
  }

  @Test
  @DisplayName("a bad option is a usage error with exit code 2 naming the option")
  void badOption() {
    CliFixture.Run run = fx.run("check", "--clinician", "dr-lee", "--start", "next tuesday", "--end", monday("11:00"));
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).startsWith("clinicsync: --start: expected a date");
  }
}
