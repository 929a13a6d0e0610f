package dev.clinicsync.core.connector;

import dev.clinicsync.core.model.ConnectorId;

import dev.clinicsync.core.model.SourceSystem;

/**
 * Reads appointments (and, for calendars, busy blocks) from one vendor account. Implementations
 * are thread-safe for sequential use by one coordinator; {@link #fetch} is called page by page.
 *
 * <p>Failures are thrown as {@link dev.clinicsync.core.ConnectorException} subclasses, classified
 * once (connector-kit does this for HTTP vendors): retryable, auth, permanent, or an expired
 * cursor ({@link dev.clinicsync.core.CursorExpiredException}).
 */
public interface SourceConnector extends AutoCloseable {

  /** This instance's id. */
  ConnectorId id();

  /** The system its records come from. */
  SourceSystem system();

  /** What it can do, and how often it may be polled. */
  ConnectorCapabilities capabilities();

  /**
   * Fetches one page. A full fetch (no cursor) returns every live record in the window; an
   * incremental fetch returns what changed since the cursor, deletions included. The last page
   * carries the next cursor when the connector supports incremental fetch.
   *
   * @throws dev.clinicsync.core.ConnectorException when the page could not be read whole
   */
  FetchPage fetch(FetchRequest request);

  /**
   * The write-back side, for connectors that declare
   * {@link ConnectorCapabilities.Capability#WRITE_BACK}; empty for every other connector.
   */
  default java.util.Optional<MirrorWriter> mirrorWriter() {
    return java.util.Optional.empty();
  }

  /**
   * The account-linking side (a user's OAuth consent), for connectors that read a user's own
   * account; empty for every other connector.
   */
  default java.util.Optional<AccountLinking> accountLinking() {
    return java.util.Optional.empty();
  }

  /**
   * The push side, for connectors that declare
   * {@link ConnectorCapabilities.Capability#PUSH_NOTIFICATIONS}; empty for every other connector.
   */
  default java.util.Optional<PushChannels> pushChannels() {
    return java.util.Optional.empty();
  }

  /** Releases the connector's resources. Idempotent. */
  @Override
  default void close() {}
}
