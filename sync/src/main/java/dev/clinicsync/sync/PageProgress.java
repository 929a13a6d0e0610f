package dev.clinicsync.sync;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.model.ConnectorId;
import java.time.Duration;

/**
 * How far one connector's sync has read, after one page: what a {@link SyncProgress} receives.
 * PHI-free: the connector's id and counts only. A full re-read after the vendor expired the cursor
 * ({@link SyncMode#FULL_AFTER_EXPIRED_CURSOR}) starts again at page 1 with its own count.
 *
 * @param connector the connector being synced
 * @param page the 1-based number of the page just read
 * @param recordsSoFar the records read so far in this fetch, this page included (appointments,
 *     busy blocks and deletions of both, echoes, and records reported as issues)
 * @param recordsOnPage the records on this page, counted the same way
 * @param elapsed the time since the sync started, by the coordinator's clock
 */
public record PageProgress(ConnectorId connector, int page, long recordsSoFar, int recordsOnPage, Duration elapsed) {

  public PageProgress {
    Checks.notNull(connector, "page progress connector");
    Checks.notNull(elapsed, "page progress elapsed time");
    if (page < 1) {
      throw new ValidationException("page progress page: must be 1 or more");
    }
    if (recordsOnPage < 0 || recordsSoFar < recordsOnPage) {
      throw new ValidationException("page progress records: must be 0 or more, the total at least the page's");
    }
    if (elapsed.isNegative()) {
      throw new ValidationException("page progress elapsed time: must not be negative");
    }
  }
}
