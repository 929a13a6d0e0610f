package dev.clinicsync.examples.cli;

import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.sync.BusyBlockView;
import dev.clinicsync.sync.CalendarEntry;
import dev.clinicsync.sync.CalendarView;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clinicsync calendar}: the aggregated calendar of a window. */
@Command(name = "calendar", mixinStandardHelpOptions = true,
    description = "The aggregated calendar of every source, conflicts flagged, busy blocks included.")
final class CalendarCommand extends CliCommand {
  @Option(names = "--from", required = true, paramLabel = "WHEN", description = "Start: a date or a date-time.")
  String from = "";

  @Option(names = "--to", required = true, paramLabel = "WHEN", description = "End (exclusive): a date or a date-time.")
  String to = "";

  @Option(names = "--clinician", paramLabel = "ID", description = "Only this clinician (repeatable).")
  List<String> clinicians = new ArrayList<>();

  @Option(names = "--location", paramLabel = "ID", description = "Only this location (repeatable).")
  List<String> locations = new ArrayList<>();

  @Option(names = "--source", paramLabel = "SYSTEM",
      description = "Only this source system: google, simplepractice, zocdoc, kareo, athenahealth, internal (repeatable).")
  List<String> sources = new ArrayList<>();

  @Option(names = "--zone", paramLabel = "ZONE",
      description = "Zone of dates and times given without an offset (default: the system's).")
  String zone = ZoneId.systemDefault().getId();

  @Override
  int run(Context c) {
    ZoneId z = Times.zone("--zone", zone);
    TimeWindow window = window(Times.instantOf("--from", from, z), Times.instantOf("--to", to, z));
    AppointmentQuery.Builder q = AppointmentQuery.builder().window(window);
    clinicians.forEach(id -> q.clinician(ClinicianId.of(id)));
    locations.forEach(q::location);
    sources.forEach(s -> q.source(SourceSystem.of(s.toLowerCase(Locale.ROOT))));
    CalendarView view = c.runtime().coordinator().aggregatedCalendar(c.runtime().admin(), q.build());
    List<CalendarEntry> entries = new ArrayList<>(view.entries());
    entries.sort(Comparator.comparing((CalendarEntry e) -> e.appointment().start())
        .thenComparing(e -> e.appointment().clinicianId().value()));
    if (c.format() == Format.JSON) {
      Map<String, Object> doc = Json.document("calendar");
      doc.put("window", Views.window(window));
      doc.put("appointments", entries.stream().map(Views::entry).toList());
      doc.put("busyBlocks", view.busyBlocks().stream().map(Views::busyBlock).toList());
      Json.print(c.out(), doc);
      return 0;
    }
    Table t = new Table("DAY", "TIME", "CLINICIAN", "SOURCE", "STATUS", "TYPE", "CONFLICTS");
    for (CalendarEntry e : entries) {
      ZoneId cz = c.runtime().zoneOf(e.appointment().clinicianId(), z);
      t.row(Times.DAY.format(e.appointment().start().atZone(cz)),
          Times.TIME.format(e.appointment().start().atZone(cz)) + "-" + Times.TIME.format(e.appointment().end().atZone(cz)),
          e.appointment().clinicianId().value(), e.appointment().sourceSystem().id(),
          e.appointment().status().name().toLowerCase(Locale.ROOT), e.appointment().type().kind().name().toLowerCase(Locale.ROOT),
          Views.conflictCells(e.conflicts(), cz) + Views.duplicateCell(e));
    }
    t.print(c.out());
    long busy = view.busyBlocks().size();
    long conflicting = entries.stream().filter(CalendarEntry::hasConflicts).count();
    long active = entries.stream().filter(e -> e.appointment().status() != AppointmentStatus.CANCELLED).count();
    c.out().println(entries.size() + " appointments (" + active + " not cancelled), " + conflicting
        + " with conflicts, " + busy + " busy blocks");
    for (BusyBlockView b : view.busyBlocks()) {
      ZoneId cz = c.runtime().zoneOf(b.clinicianId(), z);
      c.out().println("  busy " + b.clinicianId().value() + " " + Times.DAY.format(b.start().atZone(cz)) + " "
          + Times.TIME.format(b.start().atZone(cz)) + "-" + Times.TIME.format(b.end().atZone(cz)) + " (" + b.sourceSystem().id()
          + b.copyOf().map(sys -> ", a copy by " + sys.id() + "'s own calendar sync").orElse("") + ")");
    }
    c.out().flush();
    return 0;
  }

  static TimeWindow window(java.time.Instant start, java.time.Instant end) {
    if (!end.isAfter(start)) {
      throw new UsageException("--to: must be after --from");
    }
    return TimeWindow.of(start, end);
  }
}
