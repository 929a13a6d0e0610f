package dev.clinicsync.examples.cli;

import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.sync.AvailabilityQuery;
import dev.clinicsync.sync.AvailabilityView;
import dev.clinicsync.sync.OfferedSlot;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clinicsync availability}: the slots that can be offered. */
@Command(name = "availability", mixinStandardHelpOptions = true,
    description = "Free slots of a given length for clinicians or everyone at a location, on a grid.")
final class AvailabilityCommand extends CliCommand {
  @Option(names = "--clinician", paramLabel = "ID", description = "A clinician (repeatable).")
  List<String> clinicians = new ArrayList<>();

  @Option(names = "--location", paramLabel = "ID", description = "Everyone at this location.")
  String location = "";

  @Option(names = "--from", required = true, paramLabel = "WHEN", description = "Start: a date or a date-time.")
  String from = "";

  @Option(names = "--to", required = true, paramLabel = "WHEN", description = "End (exclusive).")
  String to = "";

  @Option(names = "--duration", required = true, paramLabel = "LENGTH", description = "Slot length, such as 50m.")
  String duration = "";

  @Option(names = "--step", paramLabel = "LENGTH", defaultValue = "15m", description = "Grid step (default: 15m).")
  String step = "15m";

  @Option(names = "--zone", paramLabel = "ZONE", description = "Zone of dates given without an offset (default: the system's).")
  String zone = ZoneId.systemDefault().getId();

  @Override
  int run(Context c) {
    if (clinicians.isEmpty() == location.isBlank()) {
      throw new UsageException("name either --clinician (one or more) or --location");
    }
    ZoneId z = Times.zone("--zone", zone);
    TimeWindow window = CalendarCommand.window(Times.instantOf("--from", from, z), Times.instantOf("--to", to, z));
    Duration length = positive("--duration", duration);
    AvailabilityQuery.Builder q = AvailabilityQuery.builder().window(window).duration(length).step(positive("--step", step));
    if (location.isBlank()) {
      q.clinician(clinicians.stream().map(ClinicianId::of).toArray(ClinicianId[]::new));
    } else {
      q.location(location.strip());
    }
    AvailabilityView view = c.runtime().coordinator().availability(c.runtime().admin(), q.build());
    if (c.format() == Format.JSON) {
      Map<String, Object> doc = Json.document("availability");
      doc.put("window", Views.window(window));
      doc.put("duration", length.toString());
      List<Map<String, Object>> slots = new ArrayList<>();
      for (OfferedSlot s : view.slots()) {
        Map<String, Object> m = new LinkedHashMap<>(Views.window(s.slot()));
        m.put("clinicians", s.clinicians().stream().map(ClinicianId::value).toList());
        slots.add(m);
      }
      doc.put("slots", slots);
      Json.print(c.out(), doc);
      return 0;
    }
    Table t = new Table("DAY", "TIME", "CLINICIANS");
    for (OfferedSlot s : view.slots()) {
      ZoneId cz = s.clinicians().isEmpty() ? z : c.runtime().zoneOf(s.clinicians().get(0), z);
      t.row(Times.DAY.format(s.slot().start().atZone(cz)),
          Times.TIME.format(s.slot().start().atZone(cz)) + "-" + Times.TIME.format(s.slot().end().atZone(cz)),
          s.clinicians().stream().map(ClinicianId::value).collect(Collectors.joining(", ")));
    }
    t.print(c.out());
    c.out().println(view.slots().size() + " slots of " + Durations.format(length));
    c.out().flush();
    return 0;
  }

  static Duration positive(String option, String text) {
    return Durations.parse(text).filter(d -> !d.isZero() && !d.isNegative())
        .orElseThrow(() -> new UsageException(option + ": expected a positive duration such as 50m or 1h30m"));
  }
}
