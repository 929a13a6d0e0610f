package dev.clinicsync.connectors.kit;

import dev.clinicsync.core.connector.RecordIssue;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Plausibility checks every connector applies to a vendor record's times before building an
 * appointment, so that a bad record becomes a {@link RecordIssue} naming it — and the rest of the
 * page still comes through — instead of an exception or a silently wrong appointment.
 */
public final class RecordChecks {
  /** Times before this are absurd for a clinic appointment. */
  public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
  /** Times after this are absurd for a clinic appointment. */
  public static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");
  /** No appointment lasts longer. */
  public static final Duration LONGEST = Duration.ofDays(31);

  private RecordChecks() {}

  /**
   * The issue with a record's start and end, if any: missing, end not after start, outside
   * [{@link #EARLIEST}, {@link #LATEST}), or longer than {@link #LONGEST}.
   */
  public static Optional<RecordIssue> times(String vendorRecordId, @Nullable Instant start, @Nullable Instant end) {
    if (start == null) {
      return Optional.of(RecordIssue.skipped(vendorRecordId, "start", "no start time"));
    }
    if (end == null) {
      return Optional.of(RecordIssue.skipped(vendorRecordId, "end", "no end time"));
    }
    if (start.isBefore(EARLIEST) || !start.isBefore(LATEST)) {
      return Optional.of(RecordIssue.skipped(vendorRecordId, "start", "start " + start + " is not a plausible date"));
    }
    if (end.isBefore(EARLIEST) || !end.isBefore(LATEST)) {
      return Optional.of(RecordIssue.skipped(vendorRecordId, "end", "end " + end + " is not a plausible date"));
    }
    if (!end.isAfter(start)) {
      return Optional.of(RecordIssue.skipped(vendorRecordId, "end", "end " + end + " is not after start " + start));
    }
    if (Duration.between(start, end).compareTo(LONGEST) > 0) {
      return Optional.of(RecordIssue.skipped(vendorRecordId, "end", "lasts longer than " + LONGEST.toDays() + " days"));
    }
    return Optional.empty();
  }
}
