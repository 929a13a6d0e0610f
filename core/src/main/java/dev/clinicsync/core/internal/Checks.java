package dev.clinicsync.core.internal;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Moved to {@link dev.clinicsync.core.Checks}; this delegate remains only until every module has
 * switched, and will be removed.
 */
@Deprecated(forRemoval = true)
public final class Checks {
  private Checks() {}

  public static <T> T notNull(@Nullable T value, String what) {
    return dev.clinicsync.core.Checks.notNull(value, what);
  }

  public static String notBlank(@Nullable String value, String what) {
    return dev.clinicsync.core.Checks.notBlank(value, what);
  }

  public static String identifier(@Nullable String value, String what) {
    return dev.clinicsync.core.Checks.identifier(value, what);
  }

  public static void ordered(Instant start, Instant end, String what) {
    dev.clinicsync.core.Checks.ordered(start, end, what);
  }
}
