package dev.clinicsync.examples.cli;

import dev.clinicsync.core.store.WriteJob;
import dev.clinicsync.sync.writes.WriteQueueHealth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code clinicsync queue}: the write queue's dead letters. */
@Command(name = "queue", mixinStandardHelpOptions = true, description = "The write queue: health and dead letters.",
    subcommands = {QueueCommand.ListJobs.class, QueueCommand.Retry.class, QueueCommand.Discard.class})
final class QueueCommand {

  static Map<String, Object> job(WriteJob j) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", j.id());
    m.put("target", j.target().value());
    m.put("appointment", j.appointmentId().value());
    m.put("operation", j.operation().name());
    m.put("state", j.state().name());
    m.put("attempts", j.attempts());
    m.put("createdAt", j.createdAt().toString());
    m.put("lastError", j.lastError().orElse(null));
    return m;
  }

  /** {@code clinicsync queue list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "Queue depth and the dead-lettered jobs.")
  static final class ListJobs extends CliCommand {
    @Override
    int run(Context c) {
      WriteQueueHealth health = c.runtime().coordinator().writeQueueHealth(c.runtime().admin());
      List<WriteJob> dead = c.runtime().coordinator().deadLetters(c.runtime().admin());
      if (c.format() == Format.JSON) {
        Map<String, Object> doc = Json.document("queue-list");
        doc.put("depth", health.depth());
        doc.put("oldestPendingAge", health.oldestPendingAge().toString());
        doc.put("deadLetters", dead.stream().map(QueueCommand::job).toList());
        Json.print(c.out(), doc);
        return 0;
      }
      c.out().println("pending: " + health.depth() + " (oldest " + Durations.format(health.oldestPendingAge())
          + "), dead letters: " + health.deadLetters());
      Table t = new Table("JOB", "TARGET", "OPERATION", "APPOINTMENT", "ATTEMPTS", "LAST ERROR");
      for (WriteJob j : dead) {
        t.row(j.id(), j.target().value(), j.operation().name().toLowerCase(Locale.ROOT), j.appointmentId().value(),
            j.attempts(), j.lastError().orElse("-"));
      }
      if (!t.isEmpty()) {
        t.print(c.out());
      }
      c.out().flush();
      return 0;
    }
  }

  /** {@code clinicsync queue retry JOB}. */
  @Command(name = "retry", mixinStandardHelpOptions = true, description = "Queue a dead-lettered job again (audited).")
  static final class Retry extends CliCommand {
    @Parameters(paramLabel = "JOB", description = "The job id, from queue list.")
    String job = "";

    @Override
    int run(Context c) {
      return print(c, "queue-retry", c.runtime().coordinator().retryDeadLetter(c.runtime().admin(), job.strip()));
    }
  }

  /** {@code clinicsync queue discard JOB}. */
  @Command(name = "discard", mixinStandardHelpOptions = true, description = "Give up a dead-lettered job (audited).")
  static final class Discard extends CliCommand {
    @Parameters(paramLabel = "JOB", description = "The job id, from queue list.")
    String job = "";

    @Override
    int run(Context c) {
      return print(c, "queue-discard", c.runtime().coordinator().discardDeadLetter(c.runtime().admin(), job.strip()));
    }
  }

  private static int print(CliCommand.Context c, String command, WriteJob j) {
    if (c.format() == Format.JSON) {
      Map<String, Object> doc = Json.document(command);
      doc.put("job", job(j));
      Json.print(c.out(), doc);
    } else {
      c.out().println(j.id() + ": " + j.state().name().toLowerCase(Locale.ROOT));
      c.out().flush();
    }
    return 0;
  }
}
