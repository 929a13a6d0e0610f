package dev.clinicsync.examples.cli;

import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.sync.PageProgress;
import dev.clinicsync.sync.SyncProgress;
import dev.clinicsync.sync.SyncReport;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A sync's progress for a person at a terminal: one line on standard error, rewritten in place
 * ({@code \r}) as pages arrive — {@code google-lee: page 3, 250 records} — and ended with the
 * connector's outcome. Prints nothing when no one is watching (piped output, or JSON), so scripts
 * see only the summary. Any command that syncs passes one to the coordinator's
 * {@code syncNow(principal, connector, progress)}, through {@link #sync} so that a sync refused
 * with an exception (access denied, an unknown connector) still ends the line before the error is
 * printed.
 */
final class ProgressLine implements SyncProgress {
  private final PrintWriter err;
  private final boolean enabled;
  private int width;

  ProgressLine(PrintWriter err, boolean enabled) {
    this.err = err;
    this.enabled = enabled;
  }

  /** The progress line of a command: shown only where {@link CliCommand.Context#showsProgress()}. */
  static ProgressLine of(CliCommand.Context c) {
    return new ProgressLine(c.err(), c.showsProgress());
  }

  /**
   * Runs one connector's sync with this line: started, then ended by the sync's report or — when
   * {@code sync} throws instead — by {@link #abandon()}, so the error printed next starts on a line
   * of its own. The exception is rethrown unchanged.
   */
  SyncReport sync(ConnectorId connector, Supplier<SyncReport> sync) {
    start(connector);
    try {
      return sync.get();
    } catch (RuntimeException | Error e) {
      abandon();
      throw e;
    }
  }

  /** Ends a line left open (a sync that threw before its report); nothing when none is open. */
  void abandon() {
    if (enabled && width > 0) {
      err.println();
      err.flush();
      width = 0;
    }
  }

  /** Before a connector's first page. */
  void start(ConnectorId connector) {
    rewrite("syncing " + connector.value() + " ...");
  }

  @Override
  public void page(PageProgress p) {
    rewrite(p.connector().value() + ": page " + p.page() + ", " + p.recordsSoFar() + " records");
  }

  @Override
  public void finished(SyncReport r) {
    rewrite(r.connector().value() + ": " + (r.created() + r.updated() + r.unchanged() + r.skipped().size())
        + " records read, " + r.outcome().name().toLowerCase(Locale.ROOT));
    if (enabled) {
      err.println();
      err.flush();
      width = 0;
    }
  }

  /** Replaces the current line, blanking what a longer previous text left. */
  private void rewrite(String text) {
    if (!enabled) {
      return;
    }
    int pad = Math.max(0, width - text.length());
    err.print("\r" + text + " ".repeat(pad));
    err.flush();
    width = text.length();
  }
}
