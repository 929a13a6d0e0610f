package dev.clinicsync.examples.cli;

import dev.clinicsync.core.connector.RecordIssue;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.sync.SyncReport;
import dev.clinicsync.sync.writes.WriteRunReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clinicsync sync}: every connector (or those named), then the queued mirror writes. */
@Command(name = "sync", mixinStandardHelpOptions = true,
    description = "Sync every connector (or those named) into the database, then run the queued mirror writes.")
final class SyncCommand extends CliCommand {
  @Option(names = "--connector", paramLabel = "ID", description = "Only this connector (repeatable).")
  List<String> connectors = new ArrayList<>();

  @Override
  int run(Context c) {
    List<ConnectorId> ids = new ArrayList<>();
    if (connectors.isEmpty()) {
      ids.addAll(c.runtime().coordinator().connectors());
    } else {
      for (String id : connectors) {
        ConnectorId cid = ConnectorId.of(id);
        if (!c.runtime().coordinator().connectors().contains(cid)) {
          throw new UsageException("--connector: no connector '" + id + "' in " + c.runtime().config().file().getFileName());
        }
        ids.add(cid);
      }
    }
    List<SyncReport> reports = new ArrayList<>();
    ProgressLine progress = ProgressLine.of(c);
    for (ConnectorId id : ids) {
      reports.add(progress.sync(id, () -> c.runtime().coordinator().syncNow(c.runtime().admin(), id, progress)));
    }
    WriteRunReport writes = c.runtime().coordinator().processWriteQueue(c.runtime().admin());
    long failed = reports.stream().filter(r -> !r.succeeded()).count();
    if (c.format() == Format.JSON) {
      Map<String, Object> doc = Json.document("sync");
      doc.put("connectors", reports.stream().map(Json::syncRow).toList());
      doc.put("writes", Json.writes(writes));
      Json.print(c.out(), doc);
    } else {
      Table t = new Table("CONNECTOR", "MODE", "OUTCOME", "CREATED", "UPDATED", "DELETED", "UNCHANGED", "SKIPPED",
          "BUSY", "ELAPSED");
      for (SyncReport r : reports) {
        t.row(r.connector().value(), r.mode().name().toLowerCase(java.util.Locale.ROOT),
            r.outcome().name().toLowerCase(java.util.Locale.ROOT), r.created(), r.updated(), r.deleted(), r.unchanged(),
            r.skipped().size(), r.busyBlocksUpserted(), r.duration().toMillis() + " ms");
      }
      t.print(c.out());
      for (SyncReport r : reports) {
        for (RecordIssue i : r.skipped()) {
          c.out().println(Json.issueLine(r.connector().value(), i));
        }
        r.heldPlan().ifPresent(p -> c.out().println("  " + r.connector().value()
            + ": held by the mass-deletion guard as plan " + p + " (review before applying)"));
        r.errors().forEach(e -> c.out().println("  " + r.connector().value() + ": " + e));
      }
      if (writes.attempted() > 0) {
        c.out().println("mirror writes: " + writes.written() + " written, " + writes.retried() + " to retry, "
            + writes.deadLettered() + " dead-lettered");
      }
      c.out().flush();
    }
    if (failed > 0) {
      c.err().println("clinicsync: " + failed + " of " + reports.size() + " connectors failed");
      c.err().flush();
      return 1;
    }
    return 0;
  }
}
