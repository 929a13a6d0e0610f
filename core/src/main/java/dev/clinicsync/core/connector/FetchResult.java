package dev.clinicsync.core.connector;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SyncCursor;
import java.util.List;
import java.util.Optional;

/**
 * Every page of one fetch, merged by {@link FetchLoop}: the typed changes of all pages (a source
 * key reported on two pages, or twice on one, is dropped in favour of an issue and a retention),
 * the echoes, issues and retentions, the next cursor of the last page, and how many pages it took.
 *
 * @param appointmentUpserts changed or new appointments, in arrival order
 * @param appointmentDeletions appointments gone at the source
 * @param busyBlockUpserts changed or new busy blocks
 * @param busyBlockDeletions busy blocks gone at the source
 * @param echoes the SDK's own writes seen again
 * @param issues records skipped or mapped with a fallback
 * @param retentions what must not be inferred deleted
 * @param nextCursor the cursor of the last page, when the connector gave one
 * @param pages how many pages were read
 * @param replayOf when any page repeated an earlier vendor answer (the fetch came sooner than the
 *     connector's polling floor): the earliest instant such an answer was read at
 */
public record FetchResult(
    List<SourceRecord> appointmentUpserts,
    List<SourceRef> appointmentDeletions,
    List<BusyBlock> busyBlockUpserts,
    List<SourceRef> busyBlockDeletions,
    List<WriteEcho> echoes,
    List<RecordIssue> issues,
    List<Retention> retentions,
    Optional<SyncCursor> nextCursor,
    int pages,
    Optional<java.time.Instant> replayOf) {

  public FetchResult {
    appointmentUpserts = List.copyOf(Checks.notNull(appointmentUpserts, "fetch appointment upserts"));
    appointmentDeletions = List.copyOf(Checks.notNull(appointmentDeletions, "fetch appointment deletions"));
    busyBlockUpserts = List.copyOf(Checks.notNull(busyBlockUpserts, "fetch busy-block upserts"));
    busyBlockDeletions = List.copyOf(Checks.notNull(busyBlockDeletions, "fetch busy-block deletions"));
    echoes = List.copyOf(Checks.notNull(echoes, "fetch echoes"));
    issues = List.copyOf(Checks.notNull(issues, "fetch issues"));
    retentions = List.copyOf(Checks.notNull(retentions, "fetch retentions"));
    Checks.notNull(nextCursor, "fetch next cursor");
    Checks.notNull(replayOf, "fetch replay instant");
  }

  /** A fresh fetch (the form before {@link #replayOf()} existed). */
  public FetchResult(List<SourceRecord> appointmentUpserts, List<SourceRef> appointmentDeletions,
      List<BusyBlock> busyBlockUpserts, List<SourceRef> busyBlockDeletions, List<WriteEcho> echoes,
      List<RecordIssue> issues, List<Retention> retentions, Optional<SyncCursor> nextCursor, int pages) {
    this(appointmentUpserts, appointmentDeletions, busyBlockUpserts, busyBlockDeletions, echoes, issues, retentions,
        nextCursor, pages, Optional.empty());
  }

  /** Whether a stored record with this key and interval is covered by a retention. */
  public boolean retains(SourceRef stored, dev.clinicsync.core.model.TimeWindow storedWindow) {
    for (Retention r : retentions) {
      if (r.covers(stored, storedWindow)) {
        return true;
      }
    }
    return false;
  }
}
