package dev.clinicsync.examples.cli;

import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.sync.ConflictView;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clinicsync check}: would a booking of this slot conflict? Exit 3 when it would. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Whether a booking of a slot would conflict, and with what. Exit code 3 when it would.")
final class CheckCommand extends CliCommand {
  @Option(names = "--clinician", required = true, paramLabel = "ID", description = "The clinician.")
  String clinician = "";

  @Option(names = "--start", required = true, paramLabel = "WHEN",
      description = "Start; a local date-time is read in the clinician's zone.")
  String start = "";

  @Option(names = "--end", required = true, paramLabel = "WHEN", description = "End, exclusive.")
  String end = "";

  @Override
  int run(Context c) {
    ClinicianId id = ClinicianId.of(clinician.strip());
    ZoneId zone = c.runtime().clinician(id).map(x -> x.zone())
        .orElseThrow(() -> new UsageException("--clinician: no clinician '" + clinician.strip() + "' in "
            + c.runtime().config().file().getFileName()));
    TimeWindow slot = CalendarCommand.window(Times.instantOf("--start", start, zone), Times.instantOf("--end", end, zone));
    List<ConflictView> conflicts = c.runtime().coordinator().check(c.runtime().admin(), id, slot);
    if (c.format() == Format.JSON) {
      Map<String, Object> doc = Json.document("check");
      doc.put("clinician", id.value());
      doc.put("slot", Views.window(slot));
      doc.put("free", conflicts.isEmpty());
      doc.put("conflicts", Views.conflicts(conflicts));
      Json.print(c.out(), doc);
    } else if (conflicts.isEmpty()) {
      c.out().println("free: " + id.value() + " " + Times.DAY.format(slot.start().atZone(zone)) + " "
          + Times.TIME.format(slot.start().atZone(zone)) + "-" + Times.TIME.format(slot.end().atZone(zone)));
      c.out().flush();
    } else {
      Table t = new Table("CONFLICT", "OTHER SIDE");
      for (ConflictView v : conflicts) {
        t.row(v.kind().name().toLowerCase(Locale.ROOT), v.otherSource().map(s -> s.id() + " ").orElse("")
            + v.otherAppointment().map(a -> a.value() + " ").orElse("")
            + Times.TIME.format(v.window().start().atZone(zone)) + "-" + Times.TIME.format(v.window().end().atZone(zone)));
      }
      t.print(c.out());
    }
    return conflicts.isEmpty() ? 0 : ClinicSyncCli.FOUND;
  }
}
