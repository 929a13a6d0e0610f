package dev.clinicsync.examples.cli;

import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.sync.CalendarEntry;
import dev.clinicsync.sync.ConflictView;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clinicsync conflicts}: the appointments in conflict, each with the other side. */
@Command(name = "conflicts", mixinStandardHelpOptions = true,
    description = "Appointments in conflict (double-bookings, outside hours, time off, busy blocks, buffers), with provenance.")
final class ConflictsCommand extends CliCommand {
  @Option(names = "--from", paramLabel = "WHEN", description = "Start (default: today).")
  String from = "";

  @Option(names = "--to", paramLabel = "WHEN", description = "End, exclusive (default: 30 days after the start).")
  String to = "";

  @Option(names = "--zone", paramLabel = "ZONE", description = "Zone of dates given without an offset (default: the system's).")
  String zone = ZoneId.systemDefault().getId();

  @Override
  int run(Context c) {
    ZoneId z = Times.zone("--zone", zone);
    java.time.Instant start = from.isBlank() ? LocalDate.now(c.cli().clock().withZone(z)).atStartOfDay(z).toInstant()
        : Times.instantOf("--from", from, z);
    java.time.Instant end = to.isBlank() ? start.atZone(z).plusDays(30).toInstant() : Times.instantOf("--to", to, z);
    TimeWindow window = CalendarCommand.window(start, end);
    List<CalendarEntry> all = c.runtime().coordinator()
        .aggregatedCalendar(c.runtime().admin(), AppointmentQuery.in(window)).entries();
    Comparator<CalendarEntry> order = Comparator.comparing((CalendarEntry e) -> e.appointment().start())
        .thenComparing(e -> e.appointment().id().value());
    List<CalendarEntry> entries = new ArrayList<>(all);
    entries.removeIf(e -> !e.hasConflicts());
    entries.sort(order);
    // the same visit from two sources is linked, not a conflict: listed apart
    List<CalendarEntry> linked = new ArrayList<>(all);
    linked.removeIf(e -> !e.hasDuplicates());
    linked.sort(order);
    if (c.format() == Format.JSON) {
      Map<String, Object> doc = Json.document("conflicts");
      doc.put("window", Views.window(window));
      doc.put("appointments", entries.stream().map(Views::entry).toList());
      doc.put("duplicates", linked.stream().map(Views::entry).toList());
      Json.print(c.out(), doc);
      return 0;
    }
    Table t = new Table("DAY", "TIME", "CLINICIAN", "SOURCE", "APPOINTMENT", "CONFLICT", "OTHER SIDE");
    for (CalendarEntry e : entries) {
      ZoneId cz = c.runtime().zoneOf(e.appointment().clinicianId(), z);
      for (ConflictView v : e.conflicts()) {
        t.row(Times.DAY.format(e.appointment().start().atZone(cz)),
            Times.TIME.format(e.appointment().start().atZone(cz)) + "-" + Times.TIME.format(e.appointment().end().atZone(cz)),
            e.appointment().clinicianId().value(), e.appointment().sourceSystem().id(), e.appointment().id().value(),
            v.kind().name().toLowerCase(Locale.ROOT), other(v, cz));
      }
    }
    t.print(c.out());
    c.out().println(entries.size() + " appointments in conflict");
    if (!linked.isEmpty()) {
      c.out().println(linked.size() + " appointments with a linked duplicate (the same visit from another source, not a conflict):");
      for (CalendarEntry e : linked) {
        ZoneId cz = c.runtime().zoneOf(e.appointment().clinicianId(), z);
        List<String> others = new ArrayList<>();
        e.duplicates().stream().map(id -> id.value()).sorted().forEach(others::add);
        for (ConflictView v : e.duplicateBusyBlocks()) {
          others.add(other(v, cz) + " busy block");
        }
        c.out().println("  " + Times.DAY.format(e.appointment().start().atZone(cz)) + " "
            + Times.TIME.format(e.appointment().start().atZone(cz)) + "-" + Times.TIME.format(e.appointment().end().atZone(cz))
            + " " + e.appointment().clinicianId().value() + " " + e.appointment().sourceSystem().id() + " "
            + e.appointment().id().value() + " = " + String.join(", ", others));
      }
    }
    c.out().flush();
    return 0;
  }

  private static String other(ConflictView v, ZoneId zone) {
    String when = Times.TIME.format(v.window().start().atZone(zone)) + "-" + Times.TIME.format(v.window().end().atZone(zone));
    return v.otherSource().map(s -> s.id() + " ").orElse("") + v.otherAppointment().map(a -> a.value() + " ").orElse("") + when;
  }
}
