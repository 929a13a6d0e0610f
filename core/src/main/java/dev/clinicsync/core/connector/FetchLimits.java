package dev.clinicsync.core.connector;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import java.time.Duration;

/**
 * The most work one fetch of one connector may take: pages, records (changes, echoes and issues
 * together) and elapsed time. The coordinator's page loop ({@link FetchLoop}) enforces all three
 * across pages; a connector that reads several vendor pages inside one {@link FetchPage}, or
 * expands records (recurring series), enforces them inside its page too. Exceeding one fails the
 * fetch with a {@link dev.clinicsync.core.FetchLimitExceededException}.
 *
 * @param maxPages pages per fetch, at least 1
 * @param maxRecords records per fetch, at least 1
 * @param maxDuration elapsed time per fetch, positive
 */
public record FetchLimits(int maxPages, int maxRecords, Duration maxDuration) {

  /** 1,000 pages, 1,000,000 records, 10 minutes. */
  public static final FetchLimits DEFAULTS = new FetchLimits(1_000, 1_000_000, Duration.ofMinutes(10));

  public FetchLimits {
    if (maxPages < 1) {
      throw new ValidationException("fetch limit max pages must be at least 1: " + maxPages);
    }
    if (maxRecords < 1) {
      throw new ValidationException("fetch limit max records must be at least 1: " + maxRecords);
    }
    Checks.notNull(maxDuration, "fetch limit max duration");
    if (maxDuration.isNegative() || maxDuration.isZero()) {
      throw new ValidationException("fetch limit max duration must be positive: " + maxDuration);
    }
  }

  public FetchLimits withMaxPages(int pages) {
    return new FetchLimits(pages, maxRecords, maxDuration);
  }

  public FetchLimits withMaxRecords(int records) {
    return new FetchLimits(maxPages, records, maxDuration);
  }

  public FetchLimits withMaxDuration(Duration duration) {
    return new FetchLimits(maxPages, maxRecords, duration);
  }
}
