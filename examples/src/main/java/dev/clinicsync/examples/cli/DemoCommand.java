package dev.clinicsync.examples.cli;

import dev.clinicsync.core.connector.RecordIssue;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.store.Secret;
import dev.clinicsync.examples.demo.DemoPractice;
import dev.clinicsync.examples.demo.DemoSandboxes;
import dev.clinicsync.examples.demo.DemoSetup;
import dev.clinicsync.examples.demo.GoogleSandbox;
import dev.clinicsync.examples.demo.view.WeekViewPage;
import dev.clinicsync.examples.demo.view.WeekViews;
import dev.clinicsync.sync.BusyBlockView;
import dev.clinicsync.sync.CalendarEntry;
import dev.clinicsync.sync.CalendarView;
import dev.clinicsync.sync.ConflictView;
import dev.clinicsync.sync.SyncMode;
import dev.clinicsync.sync.SyncReport;
import dev.clinicsync.sync.writes.WriteRunReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code clinicsync demo}: generates a practice, starts in-process sandboxes of the five vendors
 * serving it in their wire formats, writes a configuration pointing every connector at them, syncs
 * every connector into an H2 file in {@code --dir} (a full sync the first time, incremental ones
 * after), mirrors appointments into the Google sandbox, and prints what happened: per-connector
 * counts, the conflicts with their provenance, duplicates, one clinician's week, the HTML week view.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Run ClinicSync against in-process vendor sandboxes serving a generated practice.",
        "The first run syncs everything; a second run in the same --dir is incremental."})
final class DemoCommand implements Callable<Integer> {
  private static final String STATE = "demo.properties";
  private static final long DEFAULT_SEED = 20_261_202L;

  @Option(names = "--dir", paramLabel = "DIR", defaultValue = "clinicsync-demo",
      description = "Where the demo keeps its configuration, secrets and database (default: ${DEFAULT-VALUE}).")
  Path dir = Path.of("clinicsync-demo");

  @Option(names = "--seed", paramLabel = "N", description = "Seed of the generated practice (first run only; default 20261202).")
  @Nullable Long seed;

  @Option(names = "--today", paramLabel = "DATE",
      description = "The day the practice's month is generated around (first run only; default: today).")
  @Nullable String today;

  @Option(names = "--format", paramLabel = "table|json", defaultValue = "table",
      description = "Output as text and tables (default) or one JSON document.")
  String format = "table";

  @Option(names = {"-v", "--verbose"}, description = "On an error, print its stack trace too.")
  boolean verbose;

  @Spec
  @Nullable CommandSpec spec;

  /** One conflict between two appointments (or an appointment and something else), with provenance. */
  private record Side(String appointment, String source, String connector, Instant start, Instant end) {}

  private record Found(String kind, String clinician, ZoneId zone, Instant start, Instant end, List<Side> sides) {}

  @Override
  public Integer call() {
    CommandSpec s = java.util.Objects.requireNonNull(spec, "picocli injects the command spec");
    ClinicSyncCli cli = (ClinicSyncCli) s.root().userObject();
    PrintWriter out = s.commandLine().getOut();
    PrintWriter err = s.commandLine().getErr();
    Format fmt = switch (format.strip().toLowerCase(Locale.ROOT)) {
      case "table" -> Format.TABLE;
      case "json" -> Format.JSON;
      default -> throw new UsageException("--format: expected table or json");
    };
    boolean progress = cli.interactive() && fmt == Format.TABLE;
    Path home = dir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(home);
    } catch (IOException e) {
      throw new UsageException("--dir: cannot create the directory " + home.getFileName());
    }
    Properties state = readState(home);
    long practiceSeed = state.containsKey("seed") ? Long.parseLong(state.getProperty("seed"))
        : seed != null ? seed : DEFAULT_SEED;
    LocalDate day = state.containsKey("today") ? LocalDate.parse(state.getProperty("today"))
        : today != null ? parseDay(today) : LocalDate.now(cli.clock().withZone(DemoPractice.NEW_YORK));
    int run = Integer.parseInt(state.getProperty("runs", "0")) + 1;
    DemoPractice practice = DemoPractice.generate(practiceSeed, day, run);
    if (progress) {
      err.println("clinicsync demo: run " + run + " in " + home + " (practice seed " + practiceSeed + ", around " + day + ")");
      err.flush();
    }
    Map<String, Object> doc = Json.document("demo");
    List<SyncReport> reports = new ArrayList<>();
    List<WriteRunReport> writes = new ArrayList<>();
    List<Found> found;
    List<CalendarEntry> duplicates;
    List<CalendarEntry> week;
    List<BusyBlockView> weekBusy;
    Optional<Path> html;
    GoogleSandbox.Stats google;
    ZoneId showcaseZone = practice.clinician(practice.showcaseClinician()).zone();
    Map<String, String> sources = DemoSetup.sourceOf(practice);
    try (DemoSandboxes sandboxes = DemoSandboxes.start(practice, home.resolve("google-sandbox.json"))) {
      Path yaml = home.resolve("clinicsync.yaml");
      write(yaml, DemoSetup.config(practice, sandboxes));
      CliSecrets secrets = new CliSecrets(Optional.of(home.resolve("secrets.properties")), cli.environment());
      DemoSetup.secrets(practice, sandboxes).forEach((k, v) -> secrets.put(k, Secret.of(v)));
      CliConfig config = ConfigLoader.load(yaml);
      try (CliRuntime runtime = CliRuntime.open(config, cli.clock(), cli.environment())) {
        ProgressLine line = new ProgressLine(err, progress); // page by page, on a terminal only
        for (String id : DemoSetup.connectorIds(practice)) {
          ConnectorId connector = ConnectorId.of(id);
          reports.add(line.sync(connector, () -> runtime.coordinator().syncNow(runtime.admin(), connector, line)));
        }
        for (int i = 0; i < 100; i++) { // every due mirror write, in the coordinator's batches
          WriteRunReport w = runtime.coordinator().processWriteQueue(runtime.admin());
          if (w.attempted() == 0) {
            break;
          }
          writes.add(w);
        }
        TimeWindow month = TimeWindow.of(practice.firstDay().minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
            practice.lastDay().plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant());
        CalendarView all = runtime.coordinator().aggregatedCalendar(runtime.admin(), AppointmentQuery.in(month));
        found = conflicts(runtime, all, sources);
        duplicates = all.entries().stream().filter(CalendarEntry::hasDuplicates)
            .sorted(Comparator.comparing((CalendarEntry e) -> e.appointment().start())).toList();
        LocalDate monday = practice.weekStart();
        TimeWindow weekWindow = TimeWindow.of(monday.atStartOfDay(showcaseZone).toInstant(),
            monday.plusDays(7).atStartOfDay(showcaseZone).toInstant());
        CalendarView w = runtime.coordinator().aggregatedCalendar(runtime.admin(), AppointmentQuery.builder()
            .window(weekWindow).clinician(ClinicianId.of(practice.showcaseClinician())).build());
        week = w.entries().stream().sorted(Comparator.comparing((CalendarEntry e) -> e.appointment().start())).toList();
        weekBusy = w.busyBlocks().stream().sorted(Comparator.comparing(BusyBlockView::start)).toList();
        Map<ClinicianId, String> locationOf = new LinkedHashMap<>();
        practice.clinicians().forEach(c -> locationOf.put(ClinicianId.of(c.id()), c.location()));
        html = Optional.of(WeekViewPage.write(WeekViews.of(runtime.coordinator(), runtime.admin(), config.clinicians(),
            locationOf, monday, showcaseZone, "ClinicSync demo practice: week of " + monday), home.resolve("week.html")));
      }
      google = sandboxes.googleStats();
    }
    state.setProperty("seed", Long.toString(practiceSeed));
    state.setProperty("today", day.toString());
    state.setProperty("runs", Integer.toString(run));
    writeState(home, state);

    int failed = (int) reports.stream().filter(r -> !r.succeeded()).count();
    int attempted = writes.stream().mapToInt(WriteRunReport::attempted).sum();
    int written = writes.stream().mapToInt(WriteRunReport::written).sum();
    int retried = writes.stream().mapToInt(WriteRunReport::retried).sum();
    int dead = writes.stream().mapToInt(WriteRunReport::deadLettered).sum();
    if (fmt == Format.JSON) {
      doc.put("run", run);
      doc.put("dir", home.toString());
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("seed", practiceSeed);
      p.put("today", day.toString());
      p.put("clinicians", practice.clinicians().size());
      p.put("locations", practice.clinicians().stream().map(c -> c.location()).distinct().toList());
      p.put("appointments", practice.expectedAppointments().values().stream().mapToInt(Integer::intValue).sum());
      p.put("busyBlocks", practice.busy().size());
      p.put("doubleBookingsPlanted", practice.doubleBookings().size());
      p.put("changesSinceLastRun", practice.changes());
      doc.put("practice", p);
      List<Map<String, Object>> rows = new ArrayList<>();
      for (SyncReport r : reports) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("connector", r.connector().value());
        m.put("source", sources.getOrDefault(r.connector().value(), "?"));
        m.put("mode", r.mode().name());
        m.put("outcome", r.outcome().name());
        m.put("fetched", fetched(r)); // appointments and busy blocks read
        m.putAll(Json.syncRow(r)); // the sync document's row; the demo's has no heldPlan
        m.remove("heldPlan");
        rows.add(m);
      }
      doc.put("connectors", rows);
      doc.put("writes", Json.writes(attempted, written, retried, dead));
      Map<String, Object> g = new LinkedHashMap<>();
      g.put("inserted", google.inserts());
      g.put("updated", google.patches());
      g.put("deleted", google.deletes());
      g.put("liveMirrors", google.liveMirrors());
      g.put("personalEvents", google.personalEvents());
      doc.put("google", g);
      doc.put("conflicts", found.stream().map(DemoCommand::conflictJson).toList());
      doc.put("duplicates", duplicates.stream().map(e -> {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("appointment", e.appointment().id().value());
        m.put("source", e.appointment().sourceSystem().id());
        m.put("duplicates", e.duplicates().stream().map(AppointmentId::value).sorted().toList());
        m.put("clinician", e.appointment().clinicianId().value());
        m.put("start", e.appointment().start().toString());
        m.put("end", e.appointment().end().toString());
        m.put("duplicateBusyBlocks", Views.duplicateBusyBlocks(e));
        return m;
      }).toList());
      Map<String, Object> wk = new LinkedHashMap<>();
      wk.put("clinician", practice.showcaseClinician());
      wk.put("zone", showcaseZone.getId());
      wk.put("weekStart", practice.weekStart().toString());
      wk.put("appointments", week.stream().map(Views::entry).toList());
      wk.put("busyBlocks", weekBusy.stream().map(Views::busyBlock).toList());
      doc.put("week", wk);
      doc.put("html", html.map(Path::toString).orElse(null));
      Json.print(out, doc);
    } else {
      printText(out, practice, run, home, reports, attempted, written, retried, dead, google, found, duplicates, week,
          weekBusy, showcaseZone, html, sources);
    }
    if (failed > 0) {
      err.println("clinicsync: " + failed + " of " + reports.size() + " connectors failed");
      err.flush();
      return 1;
    }
    return 0;
  }

  private static void printText(PrintWriter out, DemoPractice practice, int run, Path home, List<SyncReport> reports,
      int attempted, int written, int retried, int dead, GoogleSandbox.Stats google, List<Found> found,
      List<CalendarEntry> duplicates, List<CalendarEntry> week, List<BusyBlockView> weekBusy, ZoneId zone,
      Optional<Path> html, Map<String, String> sources) {
    long locations = practice.clinicians().stream().map(c -> c.location()).distinct().count();
    out.println("ClinicSync demo, run " + run + ": " + practice.clinicians().size() + " clinicians at " + locations
        + " locations (Midtown, America/New_York; Bayside, America/Los_Angeles), a month around " + practice.today()
        + ", served by in-process sandboxes of athenahealth (FHIR R4), Kareo (SOAP), Zocdoc (JSON),"
        + " SimplePractice (iCalendar feeds) and Google Calendar.");
    if (run == 1) {
      out.println("First run: a full sync of every connector.");
    } else {
      out.println("Run " + run + ": incremental where the vendor allows it. The vendors changed since the last run:");
      practice.changes().forEach(c -> out.println("  - " + c));
    }
    out.println();
    Table t = new Table("CONNECTOR", "SOURCE", "MODE", "FETCHED", "CREATED", "UPDATED", "DELETED", "UNCHANGED", "SKIPPED",
        "BUSY", "ELAPSED");
    for (SyncReport r : reports) {
      t.row(r.connector().value(), sources.getOrDefault(r.connector().value(), "?"), mode(r, run), fetched(r), r.created(), r.updated(),
          r.deleted(), r.unchanged(), r.skipped().size(), r.busyBlocksUpserted(), r.duration().toMillis() + " ms");
    }
    t.print(out);
    for (SyncReport r : reports) {
      for (RecordIssue i : r.skipped()) {
        out.println(Json.issueLine(r.connector().value(), i));
      }
      r.errors().forEach(e -> out.println("  " + r.connector().value() + ": " + e));
    }
    out.println();
    out.println("Mirrors into Google: " + written + " writes of " + attempted + " attempted (" + retried + " to retry, "
        + dead + " dead-lettered); the Google sandbox now holds " + google.liveMirrors()
        + " content-free mirror events beside " + google.personalEvents() + " personal events.");
    out.println();
    long doubles = found.stream().filter(f -> f.kind().equals("OVERLAP")).count();
    out.println("Conflicts: " + found.size() + " (" + doubles + " double-bookings across sources), times in each clinician's zone:");
    Table c = new Table("DAY", "TIME", "CLINICIAN", "KIND", "ONE SIDE", "OTHER SIDE");
    for (Found f : found) {
      c.row(Times.DAY.format(f.start().atZone(f.zone())), span(f.start(), f.end(), f.zone()) + " " + abbrev(f.zone(), f.start()),
          f.clinician(), f.kind().toLowerCase(Locale.ROOT), side(f.sides(), 0, f.zone()), side(f.sides(), 1, f.zone()));
    }
    c.print(out);
    out.println();
    if (duplicates.isEmpty()) {
      out.println("Duplicates linked: none (the same visit recorded by two systems is linked, not counted as a conflict).");
    } else {
      out.println("Duplicates linked (the same visit from two systems, not a conflict): " + duplicates.size());
      for (CalendarEntry e : duplicates) {
        ZoneId z = practice.clinician(e.appointment().clinicianId().value()).zone();
        Side one = side(e);
        List<String> others = new ArrayList<>(e.duplicates().stream().map(AppointmentId::value).sorted().toList());
        for (ConflictView v : e.duplicateBusyBlocks()) {
          String system = v.otherSource().map(x -> x.id()).orElse("?");
          others.add(system + " busy block " + span(v.window().start(), v.window().end(), z)
              + " (copied there by " + e.appointment().sourceSystem().id() + "'s own calendar sync)");
        }
        out.println("  " + e.appointment().clinicianId().value() + " " + Times.DAY.format(one.start().atZone(z)) + ": "
            + one.source() + " via " + one.connector() + " " + span(one.start(), one.end(), z) + " [" + one.appointment()
            + "] = " + String.join(", ", others));
      }
    }
    out.println();
    out.println("This week for " + practice.showcaseClinician() + " (" + zone.getId() + "):");
    Table w = new Table("DAY", "TIME", "SOURCE", "STATUS", "TYPE", "CONFLICTS");
    List<Object[]> rows = new ArrayList<>();
    for (CalendarEntry e : week) {
      rows.add(new Object[] {e.appointment().start(), Times.DAY.format(e.appointment().start().atZone(zone)),
          span(e.appointment().start(), e.appointment().end(), zone), e.appointment().sourceSystem().id(),
          e.appointment().status().name().toLowerCase(Locale.ROOT), e.appointment().type().kind().name().toLowerCase(Locale.ROOT),
          Views.conflictCells(e.conflicts(), zone) + Views.duplicateCell(e)});
    }
    for (BusyBlockView b : weekBusy) {
      rows.add(new Object[] {b.start(), Times.DAY.format(b.start().atZone(zone)), span(b.start(), b.end(), zone),
          b.sourceSystem().id(), "busy", b.copyOf().map(x -> "copy of " + x.id()).orElse("personal"), "-"});
    }
    rows.sort(Comparator.comparing(r -> (Instant) r[0]));
    rows.forEach(r -> w.row(r[1], r[2], r[3], r[4], r[5], r[6]));
    w.print(out);
    out.println();
    out.println(html.map(p -> "HTML week view of every clinician: " + p)
        .orElse("HTML week view: not available in this build."));
    out.println("Data kept in " + home + " (run `clinicsync demo --dir " + home.getFileName()
        + "` again for an incremental sync; `clinicsync calendar --config " + home.resolve("clinicsync.yaml") + " ...`).");
    out.flush();
  }

  private static String mode(SyncReport r, int run) {
    if (r.mode() == SyncMode.INCREMENTAL) {
      return "incremental (cursor from the previous run)";
    }
    String m = r.mode().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    String id = r.connector().value();
    if (run > 1 && r.mode() == SyncMode.FULL && (id.equals(DemoSetup.KAREO) || id.equals(DemoSetup.ZOCDOC))) {
      return m + " (the vendor has no change feed)";
    }
    return m;
  }

  private static int fetched(SyncReport r) {
    return r.created() + r.updated() + r.unchanged() + r.skipped().size() + r.busyBlocksUpserted();
  }

  /** Every conflict of the month, a pair of appointments reported once, with each side's source and connector. */
  private static List<Found> conflicts(CliRuntime runtime, CalendarView all, Map<String, String> sources) {
    Map<AppointmentId, CalendarEntry> byId = new HashMap<>();
    all.entries().forEach(e -> byId.put(e.appointment().id(), e));
    List<Found> out = new ArrayList<>();
    Set<String> seen = new TreeSet<>();
    for (CalendarEntry e : all.entries()) {
      ZoneId zone = runtime.zoneOf(e.appointment().clinicianId(), ZoneOffset.UTC);
      for (ConflictView v : e.conflicts()) {
        Side one = side(e);
        List<Side> sides = new ArrayList<>(List.of(one));
        if (v.otherAppointment().isPresent()) {
          String a = e.appointment().id().value();
          String b = v.otherAppointment().get().value();
          String key = v.kind().name() + (a.compareTo(b) < 0 ? a + "/" + b : b + "/" + a);
          if (!seen.add(key)) {
            continue;
          }
          CalendarEntry other = byId.get(v.otherAppointment().get());
          sides.add(other != null ? side(other) : new Side(b, v.otherSource().map(s -> s.id()).orElse("?"), "?",
              v.window().start(), v.window().end()));
        } else {
          sides.add(new Side("", v.otherSource().map(s -> s.id()).orElse(v.kind().name().toLowerCase(Locale.ROOT)),
              v.otherSource().isPresent() ? "busy block" : "-", v.window().start(), v.window().end()));
        }
        out.add(new Found(v.kind().name(), e.appointment().clinicianId().value(), zone, v.window().start(),
            v.window().end(), sides));
      }
    }
    out.sort(Comparator.comparing(Found::start).thenComparing(Found::clinician));
    return out;
  }

  private static Side side(CalendarEntry e) {
    String connector = e.appointment().full().flatMap(Appointment::connector).map(ConnectorId::value).orElse("?");
    return new Side(e.appointment().id().value(), e.appointment().sourceSystem().id(), connector,
        e.appointment().start(), e.appointment().end());
  }

  private static String side(List<Side> sides, int i, ZoneId zone) {
    if (i >= sides.size()) {
      return "-";
    }
    Side s = sides.get(i);
    return s.source() + " via " + s.connector() + " " + span(s.start(), s.end(), zone)
        + (s.appointment().isEmpty() ? "" : " [" + s.appointment() + "]");
  }

  private static Map<String, Object> conflictJson(Found f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", f.kind());
    m.put("clinician", f.clinician());
    m.put("zone", f.zone().getId());
    m.put("start", f.start().toString());
    m.put("end", f.end().toString());
    m.put("sides", f.sides().stream().map(s -> {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("appointment", s.appointment().isEmpty() ? null : s.appointment());
      x.put("source", s.source());
      x.put("connector", s.connector());
      x.put("start", s.start().toString());
      x.put("end", s.end().toString());
      return x;
    }).toList());
    return m;
  }

  private static String span(Instant start, Instant end, ZoneId zone) {
    return Times.TIME.format(start.atZone(zone)) + "-" + Times.TIME.format(end.atZone(zone));
  }

  private static String abbrev(ZoneId zone, Instant at) {
    return java.time.format.DateTimeFormatter.ofPattern("zzz", Locale.US).format(at.atZone(zone));
  }

  private static LocalDate parseDay(String text) {
    try {
      return LocalDate.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new UsageException("--today: expected a date such as 2026-12-07");
    }
  }

  private static Properties readState(Path home) {
    Properties p = new Properties();
    Path f = home.resolve(STATE);
    if (Files.exists(f)) {
      try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
        p.load(r);
      } catch (IOException | IllegalArgumentException e) {
        throw new UsageException("--dir: " + STATE + " cannot be read; remove the directory to start again");
      }
    }
    return p;
  }

  private static void writeState(Path home, Properties p) {
    try (Writer w = Files.newBufferedWriter(home.resolve(STATE), StandardCharsets.UTF_8)) {
      p.store(w, "clinicsync demo: the practice's seed and day, and how many runs it has had");
    } catch (IOException e) {
      throw new UncheckedIOException("the demo state could not be written", e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("the demo configuration could not be written", e);
    }
  }
}
