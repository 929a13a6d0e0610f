package dev.clinicsync.sync.internal;

import dev.clinicsync.core.connector.FetchPage;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.sync.PageProgress;
import dev.clinicsync.sync.SyncProgress;
import dev.clinicsync.sync.SyncReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands one sync's progress to the host's {@link SyncProgress}: counts pages and records as they
 * arrive and shields the sync from the callback — whatever it throws (short of what says the JVM
 * is broken) is caught and counted, and the sync goes on; at the end one log line names how often
 * and the first throwable's class, never its message (host code may put anything there).
 */
final class ProgressRelay {
  private static final Logger LOG = LoggerFactory.getLogger(ProgressRelay.class);

  private final SyncProgress target;
  private final ConnectorId connector;
  private final Clock clock;
  private final Instant started;
  private int pages;
  private long records;
  private int failures;
  private String firstFailure = "";

  ProgressRelay(SyncProgress target, ConnectorId connector, Clock clock) {
    this.target = target;
    this.connector = connector;
    this.clock = clock;
    this.started = clock.instant();
  }

  /** After each page read. */
  void page(FetchPage page) {
    pages++;
    records += page.size();
    Duration elapsed = Duration.between(started, clock.instant());
    PageProgress p = new PageProgress(connector, pages, records, page.size(),
        elapsed.isNegative() ? Duration.ZERO : elapsed);
    try {
      target.page(p);
    } catch (RuntimeException | Error e) {
      failed(e);
    }
  }

  /** A fresh read of the same sync (after an expired cursor): counting starts again. */
  void restart() {
    pages = 0;
    records = 0;
  }

  /** After the sync ended. */
  void finished(SyncReport report) {
    try {
      target.finished(report);
    } catch (RuntimeException | Error e) {
      failed(e);
    }
    if (failures > 0) {
      LOG.warn("connector {}: the sync's progress callback threw {} time(s) (first: {}); the sync went on",
          connector, failures, firstFailure);
    }
  }

  /** How often the callback threw. */
  int failures() {
    return failures;
  }

  private void failed(Throwable e) {
    if (Failures.isFatal(e)) {
      throw (Error) e;
    }
    if (failures++ == 0) {
      firstFailure = e.getClass().getSimpleName();
    }
  }
}
