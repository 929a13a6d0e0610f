package dev.clinicsync.core.model;

import dev.clinicsync.core.Checks;

/**
 * An opaque incremental-sync position that only its connector understands (a Google sync token,
 * a last-modified timestamp, several of those encoded together). Stored by the
 * {@link dev.clinicsync.core.store.SyncStateStore} only after the records it covers are stored.
 *
 * @param value the connector's encoding, not blank
 */
public record SyncCursor(String value) {
  public SyncCursor {
    Checks.notBlank(value, "sync cursor");
  }

  public static SyncCursor of(String value) {
    return new SyncCursor(value);
  }

  /** Shows the length only: cursors can be long and are nobody's business in a log. */
  @Override
  public String toString() {
    return "SyncCursor[" + value.length() + " chars]";
  }
}
