package dev.clinicsync.examples.cli;

import dev.clinicsync.core.audit.AuditVerification;
import dev.clinicsync.sync.AuditQuery;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code clinicsync audit}: the audit trail. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "The tamper-evident audit trail.",
    subcommands = AuditCommand.Verify.class)
final class AuditCommand {

  /** {@code clinicsync audit verify}: checks every event's keyed hash and link. Exit 3 when broken. */
  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Verify the whole audit chain; names the first bad event. Exit code 3 when broken.")
  static final class Verify extends CliCommand {
    @Override
    int run(Context c) {
      AuditVerification v = c.runtime().coordinator().auditTrail(c.runtime().admin(), AuditQuery.first(1)).verification();
      if (c.format() == Format.JSON) {
        Map<String, Object> doc = Json.document("audit-verify");
        doc.put("intact", v.isIntact());
        doc.put("eventsChecked", v.eventsChecked());
        doc.put("firstBrokenSequence", v.firstBrokenSequence().isPresent() ? v.firstBrokenSequence().getAsLong() : null);
        doc.put("failure", v.failure().map(Enum::name).orElse(null));
        doc.put("problem", v.problem().isEmpty() ? null : v.problem());
        Json.print(c.out(), doc);
      } else if (v.isIntact()) {
        c.out().println("audit trail intact: " + v.eventsChecked() + " events checked");
      } else {
        c.out().println("audit trail BROKEN at event " + v.firstBrokenSequence().getAsLong() + " ("
            + v.failure().map(Enum::name).orElse("") + "): " + v.problem());
      }
      c.out().flush();
      return v.isIntact() ? 0 : ClinicSyncCli.FOUND;
    }
  }
}
