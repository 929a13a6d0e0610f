package dev.clinicsync.core;

import java.time.Instant;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Argument checks that fail with a {@link ValidationException} naming what was wrong. Used by the
 * model's compact constructors, and available to connector authors for their own value types.
 */
public final class Checks {

  private Checks() {}

  /** Fails with a message naming {@code what} when the value is null. */
  public static <T> T notNull(@Nullable T value, String what) {
    if (value == null) {
      throw new ValidationException(what + " is required");
    }
    return value;
  }

  /**
   * {@link #notNull(Object, String)} with a message built only on failure: for value types
   * constructed on every record synced, whose messages name the record ({@code "appointment " + id}).
   */
  public static <T> T notNull(@Nullable T value, Supplier<String> what) {
    if (value == null) {
      throw new ValidationException(what.get() + " is required");
    }
    return value;
  }

  /** {@link #notBlank(String, String)} with a message built only on failure. */
  public static String notBlank(@Nullable String value, Supplier<String> what) {
    if (value == null || value.isBlank()) {
      return notBlank(value, what.get());
    }
    return value;
  }

  /** Fails when the value is null, empty or only whitespace. */
  public static String notBlank(@Nullable String value, String what) {
    if (value == null) {
      throw new ValidationException(what + " is required");
    }
    if (value.isBlank()) {
      throw new ValidationException(what + " must not be blank");
    }
    return value;
  }

  /**
   * Fails unless the value is a printable identifier without whitespace (letters, digits and
   * {@code ._:@/+=-}, at most 512 characters). The value is not echoed: ids may come from vendors.
   */
  public static String identifier(@Nullable String value, String what) {
    String present = notBlank(value, what);
    if (!isIdentifier(present)) {
      throw new ValidationException(what + " must be 1-512 characters of letters, digits and ._:@/+=- "
          + "(length " + present.length() + ")");
    }
    return present;
  }

  /**
   * {@code [A-Za-z0-9._:@/+=-]{1,512}}, checked without a regex: ids are built for every record
   * synced, and a matcher per id showed up in ingest profiles.
   */
  private static boolean isIdentifier(String value) {
    int n = value.length();
    if (n == 0 || n > 512) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == ':' || c == '@' || c == '/' || c == '+' || c == '=' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Fails unless {@code end} is strictly after {@code start}. */
  public static void ordered(@Nullable Instant start, @Nullable Instant end, String what) {
    if (start == null || end == null || !end.isAfter(start)) {
      failOrdered(start, end, what);
    }
  }

  /** {@link #ordered(Instant, Instant, String)} with a message built only on failure. */
  public static void ordered(@Nullable Instant start, @Nullable Instant end, Supplier<String> what) {
    if (start == null || end == null || !end.isAfter(start)) {
      failOrdered(start, end, what.get());
    }
  }

  private static void failOrdered(@Nullable Instant start, @Nullable Instant end, String what) {
    if (start == null) {
      throw new ValidationException(what + " start is required");
    }
    if (end == null) {
      throw new ValidationException(what + " end is required");
    }
    throw new ValidationException(what + " end " + end + " must be after its start " + start);
  }
}
