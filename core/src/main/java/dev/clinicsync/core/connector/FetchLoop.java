package dev.clinicsync.core.connector;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.FetchLimitExceededException;
import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.model.SyncCursor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The one page loop: reads every page of a fetch, merges the typed changes, and stops with a typed
 * error — within the request's {@link FetchLimits} — on a page-token loop, an endless run of fresh
 * tokens, too many records or too much time. The coordinator syncs through it and the connector
 * TCK checks connectors through it, so both see exactly the same rules.
 */
public final class FetchLoop {
  private FetchLoop() {}

  /**
   * Reads every page, starting with {@code first}.
   *
   * @param connector the connector to read
   * @param first the first page's request (its limits bound the whole fetch)
   * @param clock the clock that measures the fetch's elapsed time
   * @param afterEachPage called after each page is read (the coordinator renews its lease there)
   * @throws FetchLimitExceededException when a limit is exceeded
   * @throws PermanentConnectorException when the vendor repeats a page token
   * @throws dev.clinicsync.core.ConnectorException when a page cannot be read
   */
  public static FetchResult readAll(
      SourceConnector connector, FetchRequest first, Clock clock, Consumer<FetchPage> afterEachPage) {
    Checks.notNull(connector, "connector");
    Checks.notNull(first, "first fetch request");
    Checks.notNull(clock, "clock");
    Checks.notNull(afterEachPage, "after-each-page callback");
    FetchLimits limits = first.limits();
    String id = connector.id().value();
    Instant started = clock.instant();
    Merge merge = new Merge();
    Set<String> seenTokens = new HashSet<>();
    FetchRequest request = first;
    long records = 0;
    for (int pages = 1; ; pages++) {
      if (pages > limits.maxPages()) {
        throw new FetchLimitExceededException(id, FetchLimitExceededException.Limit.PAGES, limits.maxPages());
      }
      FetchPage page = connector.fetch(request);
      checkTime(id, limits, started, clock);
      records += page.size();
      if (records > limits.maxRecords()) {
        throw new FetchLimitExceededException(id, FetchLimitExceededException.Limit.RECORDS, limits.maxRecords());
      }
      afterEachPage.accept(page);
      merge.add(page);
      if (page.isLastPage()) {
        return merge.result(page.nextCursor(), pages);
      }
      String token = page.nextPageToken().orElseThrow();
      if (!seenTokens.add(token)) {
        throw new PermanentConnectorException(id, "the vendor repeated a page token; refusing to loop", 0, null, null);
      }
      request = request.next(page);
    }
  }

  private static void checkTime(String id, FetchLimits limits, Instant started, Clock clock) {
    if (Duration.between(started, clock.instant()).compareTo(limits.maxDuration()) > 0) {
      throw new FetchLimitExceededException(id, FetchLimitExceededException.Limit.DURATION,
          limits.maxDuration().toMillis());
    }
  }

  /** Merges pages through one {@link FetchPage.Builder}: a key seen twice becomes an issue and a retention. */
  private static final class Merge {
    private final FetchPage.Builder merged = FetchPage.builder();
    private Optional<Instant> replayOf = Optional.empty();

    void add(FetchPage page) {
      if (page.replayOf().isPresent()
          && (replayOf.isEmpty() || page.replayOf().get().isBefore(replayOf.get()))) {
        replayOf = page.replayOf();
      }
      page.appointmentUpserts().forEach(merged::upsert);
      page.appointmentDeletions().forEach(merged::deleteAppointment);
      page.busyBlockUpserts().forEach(merged::busyBlock);
      page.busyBlockDeletions().forEach(merged::deleteBusyBlock);
      page.echoes().forEach(merged::echo);
      page.issues().forEach(merged::issue);
      page.retentions().forEach(merged::retain);
    }

    FetchResult result(Optional<SyncCursor> cursor, int pages) {
      FetchPage all = merged.build();
      return new FetchResult(all.appointmentUpserts(), all.appointmentDeletions(), all.busyBlockUpserts(),
          all.busyBlockDeletions(), all.echoes(), all.issues(), all.retentions(), cursor, pages, replayOf);
    }
  }
}
