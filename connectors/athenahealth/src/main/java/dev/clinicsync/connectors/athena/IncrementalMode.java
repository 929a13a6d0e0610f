package dev.clinicsync.connectors.athena;

import dev.clinicsync.core.ValidationException;
import java.util.Locale;

/** How the connector finds what changed since its cursor. */
public enum IncrementalMode {
  /** Ask the server's CapabilityStatement: {@link #LAST_UPDATED} when it lists {@code _lastUpdated}, else {@link #WINDOWED}. */
  AUTO,
  /** Search {@code _lastUpdated=gt<cursor>}: only what changed comes back. */
  LAST_UPDATED,
  /** Re-read the window and compare each appointment's {@code meta.versionId} with the cursor's. */
  WINDOWED;

  /** Parses {@code auto}, {@code last-updated} or {@code windowed}. */
  public static IncrementalMode parse(String value, String where) {
    switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "auto":
        return AUTO;
      case "last-updated":
        return LAST_UPDATED;
      case "windowed":
        return WINDOWED;
      default:
        throw new ValidationException(where + " must be auto, last-updated or windowed");
    }
  }
}
