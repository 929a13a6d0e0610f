package dev.clinicsync.sync;

import dev.clinicsync.core.ValidationException;
import org.jspecify.annotations.Nullable;

/**
 * An availability edit was refused: overlapping ranges, an unknown zone, an exception id that is
 * not there or is there twice. {@link #field()} names where the problem is
 * ({@code weekly.TUESDAY[1]}, {@code exceptions[vac-1].ranges[0]}, {@code zone}); the message names
 * it too, never the refused value.
 *
 * <p>What the model itself refuses at construction stays the model's to say: a time range with
 * equal start and end ({@link dev.clinicsync.core.model.LocalTimeRange}), an exception whose last
 * date is before its first or that adds extra hours without naming any
 * ({@link dev.clinicsync.core.model.AvailabilityException}). A range whose end is before its start
 * is not an error: it runs past midnight.
 */
public class InvalidAvailabilityException extends ValidationException {
  private static final long serialVersionUID = 1L;

  private final String field;

  public InvalidAvailabilityException(String field, String message) {
    this(field, message, null);
  }

  public InvalidAvailabilityException(String field, String message, @Nullable Throwable cause) {
    super(field + ": " + message);
    this.field = field;
    if (cause != null) {
      initCause(cause);
    }
  }

  /** Where the problem is, as a path into the edited availability ({@code weekly.MONDAY[0]}, {@code zone}). */
  public String field() {
    return field;
  }
}
