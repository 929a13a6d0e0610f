package dev.clinicsync.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clinicsync.examples.demo.DemoDoubleBooking;
import dev.clinicsync.examples.demo.DemoSyncCopy;
import dev.clinicsync.examples.demo.DemoPractice;
import dev.clinicsync.examples.demo.DemoSetup;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code clinicsync demo}, run in-process three times in one directory. */
class DemoCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final LocalDate TODAY = LocalDate.parse("2026-12-02");
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T15:00:00Z"), ZoneOffset.UTC);
  private static final long SEED = 7;

  private record Run(int exit, String out, String err) {}

  private static Run demo(Path dir, String... extra) {
    List<String> args = new ArrayList<>(List.of("demo", "--dir", dir.toString(), "--seed", Long.toString(SEED),
        "--today", TODAY.toString()));
    args.addAll(List.of(extra));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ClinicSyncCli cli = new ClinicSyncCli(CLOCK, Map.of(), new BufferedReader(new StringReader("")), false);
    int exit = cli.execute(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(exit, out.toString(), err.toString());
  }

  private static Map<String, JsonNode> byConnector(JsonNode doc) {
    Map<String, JsonNode> m = new HashMap<>();
    doc.path("connectors").forEach(c -> m.put(c.path("connector").asText(), c));
    return m;
  }

  /** A conflict as "clinician|source@start|source@start", sides in order of start then source. */
  private static Set<String> reported(JsonNode doc) {
    Set<String> out = new TreeSet<>();
    for (JsonNode c : doc.path("conflicts")) {
      List<String> sides = new ArrayList<>();
      c.path("sides").forEach(s -> sides.add(s.path("source").asText() + "@" + s.path("start").asText()));
      sides.sort(null);
      out.add(c.path("kind").asText() + "|" + c.path("clinician").asText() + "|" + String.join("|", sides));
    }
    return out;
  }

  /** Each linked busy-block copy as "clinician|source@start|copySource@start-end", from the demo's duplicates. */
  private static Set<String> linkedCopies(JsonNode doc) {
    Set<String> out = new TreeSet<>();
    for (JsonNode d : doc.path("duplicates")) {
      for (JsonNode b : d.path("duplicateBusyBlocks")) {
        out.add(d.path("clinician").asText() + "|" + d.path("source").asText() + "@" + d.path("start").asText() + "|"
            + b.path("source").asText() + "@" + b.path("start").asText() + "-" + b.path("end").asText());
      }
    }
    return out;
  }

  private static Set<String> plantedCopies(DemoPractice practice) {
    Set<String> out = new TreeSet<>();
    for (DemoSyncCopy c : practice.syncCopies()) {
      out.add(c.clinician() + "|simplepractice@" + c.event().start() + "|google@" + c.event().start() + "-" + c.event().end());
    }
    return out;
  }

  private static Set<String> planted(DemoPractice practice) {
    Set<String> out = new TreeSet<>();
    for (DemoDoubleBooking d : practice.doubleBookings()) {
      List<String> sides = new ArrayList<>(List.of(d.first().source().id() + "@" + d.first().start(),
          d.second().source().id() + "@" + d.second().start()));
      sides.sort(null);
      out.add("OVERLAP|" + d.clinician() + "|" + String.join("|", sides));
    }
    return out;
  }

  private static void assertNoPatientNames(DemoPractice practice, Path dir, Run... runs) throws IOException {
    Set<String> names = practice.patientNames();
    assertThat(names).hasSizeGreaterThan(50);
    for (Run r : runs) {
      for (String n : names) {
        assertThat(r.out()).as("stdout").doesNotContain(n);
        assertThat(r.err()).as("stderr").doesNotContain(n);
      }
    }
    // every file the demo leaves behind: the configuration, secrets, the H2 database (audit details
    // included), the Google sandbox's calendars and the HTML page, read as raw bytes
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        for (String n : names) {
          assertThat(text).as(dir.relativize(f).toString()).doesNotContain(n);
        }
      }
    }
  }

  @Test
  @DisplayName("a first run syncs every generated appointment fully and reports exactly the planted double-bookings;"
      + " a second run is incremental and picks up the vendors' changes; no patient name is printed or stored")
  void firstFullThenIncremental(@TempDir Path dir) throws IOException {
    DemoPractice practice = DemoPractice.generate(SEED, TODAY);

    Run first = demo(dir, "--format", "json");
    assertThat(first.exit()).as(first.err()).isZero();
    JsonNode doc1 = JSON.readTree(first.out());
    assertThat(doc1.path("command").asText()).isEqualTo("demo");
    assertThat(doc1.path("run").asInt()).isEqualTo(1);
    Map<String, JsonNode> c1 = byConnector(doc1);
    assertThat(c1.keySet()).containsExactlyInAnyOrderElementsOf(DemoSetup.connectorIds(practice));
    practice.expectedAppointments().forEach((connector, n) -> {
      JsonNode r = c1.get(connector);
      assertThat(r.path("mode").asText()).as(connector).isEqualTo("FULL");
      assertThat(r.path("outcome").asText()).as(connector).isEqualTo("APPLIED");
      assertThat(r.path("created").asInt()).as(connector + " created").isEqualTo(n);
      assertThat(r.path("skipped")).as(connector + " skipped").isEmpty();
    });
    practice.expectedBusyBlocks().forEach((connector, n) ->
        assertThat(c1.get(connector).path("busyBlocksUpserted").asInt()).as(connector + " busy blocks").isEqualTo(n));
    assertThat(reported(doc1)).as("the conflicts are the planted double-bookings, nothing else")
        .isEqualTo(planted(practice)).hasSize(5);
    assertThat(practice.syncCopies()).as("a SimplePractice session that its own sync copied into Google").hasSize(1);
    assertThat(linkedCopies(doc1)).as("the copy is linked to its session as a duplicate, not a conflict")
        .isEqualTo(plantedCopies(practice));
    assertThat(doc1.path("writes").path("written").asInt()).as("mirrors written to Google").isPositive();
    assertThat(doc1.path("writes").path("deadLettered").asInt()).isZero();
    assertThat(doc1.path("google").path("liveMirrors").asInt()).isEqualTo(doc1.path("google").path("inserted").asInt());
    assertThat(doc1.path("week").path("clinician").asText()).isEqualTo(practice.showcaseClinician());
    assertThat(doc1.path("week").path("appointments").toString()).as("the showcase week shows its double-booking")
        .contains("OVERLAP");
    Path page = Path.of(doc1.path("html").asText());
    assertThat(page).as("the HTML week view").exists().hasParent(dir.toAbsolutePath());
    String html = Files.readString(page);
    long conflicted = Pattern.compile("data-conflict=\"true\"").matcher(html).results().count();
    assertThat(conflicted).as("both sides of the showcase week's double-booking are highlighted").isGreaterThanOrEqualTo(2);
    assertThat(Pattern.compile("data-kind=\"BUSY\"[^>]*data-duplicate=\"true\"").matcher(html).results().count())
        .as("the copy is drawn linked, not as a conflict").isEqualTo(1);
    assertThat(Pattern.compile("data-kind=\"APPOINTMENT\" data-id=\"[^\"]*\" data-source=\"simplepractice\"[^>]*"
        + "data-conflict=\"false\" data-duplicate=\"true\"").matcher(html).results().count())
        .as("and so is the session it copies").isEqualTo(1);
    assertThat(Pattern.compile("data-kind=\"APPOINTMENT\"").matcher(html).results().count())
        .as("every clinician's week is on the page").isGreaterThan(doc1.path("week").path("appointments").size());

    DemoPractice changed = practice.next();
    Run second = demo(dir, "--format", "json");
    assertThat(second.exit()).as(second.err()).isZero();
    JsonNode doc2 = JSON.readTree(second.out());
    assertThat(doc2.path("run").asInt()).isEqualTo(2);
    assertThat(doc2.path("practice").path("changesSinceLastRun")).hasSize(4);
    Map<String, JsonNode> c2 = byConnector(doc2);
    for (String id : DemoSetup.connectorIds(practice)) {
      String expected = id.equals(DemoSetup.KAREO) || id.equals(DemoSetup.ZOCDOC) ? "FULL" : "INCREMENTAL";
      assertThat(c2.get(id).path("mode").asText()).as(id).isEqualTo(expected);
      assertThat(c2.get(id).path("outcome").asText()).as(id).isEqualTo("APPLIED");
    }
    assertThat(c2.get(DemoSetup.ATHENA).path("updated").asInt()).as("the moved appointment").isEqualTo(1);
    assertThat(c2.get(DemoSetup.ZOCDOC).path("created").asInt()).as("the new booking").isEqualTo(1);
    assertThat(c2.get(DemoSetup.KAREO).path("updated").asInt()).as("the cancellation").isEqualTo(1);
    int created = 0;
    int busy = 0;
    for (JsonNode r : doc2.path("connectors")) {
      created += r.path("created").asInt();
      busy += r.path("busyBlocksUpserted").asInt();
    }
    assertThat(created).as("nothing but the new booking is new").isEqualTo(1);
    assertThat(busy).as("only the new personal event, mirrors are never busy blocks").isEqualTo(1);
    assertThat(changed.expectedBusyBlocks().values().stream().mapToInt(Integer::intValue).sum())
        .isEqualTo(practice.busy().size() + 1);
    assertThat(reported(doc2)).isEqualTo(planted(practice));
    assertThat(linkedCopies(doc2)).isEqualTo(plantedCopies(practice));

    Run third = demo(dir);
    assertThat(third.exit()).as(third.err()).isZero();
    assertThat(third.out()).contains("incremental (cursor from the previous run)", "double-bookings across sources",
        "Duplicates linked (the same visit from two systems, not a conflict): 1",
        "google busy block", "(copied there by simplepractice's own calendar sync)",
        "This week for " + practice.showcaseClinician(), "Mirrors into Google");
    assertThat(third.err()).as("not a terminal: no progress").isEmpty();

    assertNoPatientNames(practice, dir, first, second, third);
  }
}
