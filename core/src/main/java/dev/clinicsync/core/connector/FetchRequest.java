package dev.clinicsync.core.connector;

import dev.clinicsync.core.model.SyncCursor;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.TimeWindow;
import java.util.Optional;

/**
 * One page request to a connector. Without a cursor it is a full fetch of the window; with one it
 * is an incremental fetch of what changed since (the window then only bounds what the caller
 * cares about; connectors filter on the client side where the vendor cannot).
 *
 * @param window the time window of interest
 * @param cursor the incremental position, empty for a full fetch
 * @param pageToken the token of the page to fetch, empty for the first page
 * @param pageSize the connector's page size hint, positive
 * @param limits the most work the whole fetch may take; a connector that reads several vendor pages
 *     or expands records inside one page enforces them there too
 */
public record FetchRequest(
    TimeWindow window, Optional<SyncCursor> cursor, Optional<String> pageToken, int pageSize, FetchLimits limits) {

  /** The page size used when the caller does not say. */
  public static final int DEFAULT_PAGE_SIZE = 250;

  public FetchRequest {
    Checks.notNull(window, "fetch window");
    Checks.notNull(cursor, "fetch cursor");
    Checks.notNull(pageToken, "fetch page token");
    pageToken.ifPresent(t -> Checks.notBlank(t, "fetch page token"));
    if (pageSize <= 0) {
      throw new ValidationException("fetch page size must be positive: " + pageSize);
    }
    Checks.notNull(limits, "fetch limits");
  }

  /** The first page of a full fetch. */
  public static FetchRequest full(TimeWindow window) {
    return new FetchRequest(window, Optional.empty(), Optional.empty(), DEFAULT_PAGE_SIZE, FetchLimits.DEFAULTS);
  }

  /** The first page of an incremental fetch. */
  public static FetchRequest incremental(TimeWindow window, SyncCursor cursor) {
    return new FetchRequest(window, Optional.of(cursor), Optional.empty(), DEFAULT_PAGE_SIZE, FetchLimits.DEFAULTS);
  }

  public boolean isIncremental() {
    return cursor.isPresent();
  }

  /** The request for the page after {@code page}. */
  public FetchRequest next(FetchPage page) {
    String token = page.nextPageToken().orElseThrow(() ->
        new ValidationException("page is the last one: it has no next page token"));
    return new FetchRequest(window, cursor, Optional.of(token), pageSize, limits);
  }

  public FetchRequest withPageSize(int size) {
    return new FetchRequest(window, cursor, pageToken, size, limits);
  }

  public FetchRequest withLimits(FetchLimits newLimits) {
    return new FetchRequest(window, cursor, pageToken, pageSize, newLimits);
  }
}
