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
   * Whether {@link #fetchByExternalIds} is supported: the connector can read specific records by
   * their vendor ids (for push notifications that name what changed). False unless overridden.
   */
  default boolean fetchesByExternalId() {
    return false;
  }

  /**
   * Fetches the current state of specific records by their vendor ids, for a targeted refresh
   * (a vendor's change notice, a push channel): one last page (no page token, no cursor) with each
   * record found as an upsert or busy block, each one the vendor no longer has as a deletion, and
   * record issues as usual. Records the vendor neither returned nor reported gone are simply not
   * in the page: a targeted refresh never implies deletions of anything it did not name.
   *
   * @throws dev.clinicsync.core.ValidationException when the connector cannot fetch by id (see
   *     {@link #fetchesByExternalId()}) or an id is not one of its vendor's ids
   * @throws dev.clinicsync.core.ConnectorException when the vendor could not be read
   */
  default FetchPage fetchByExternalIds(java.util.Set<String> externalIds) {
    throw new dev.clinicsync.core.ValidationException("connector " + id() + " cannot fetch records by vendor id");
  }

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

  /**
   * The vendor's catalogue of service or visit types, for connectors whose vendor lists one; empty
   * for every other connector.
   */
  default java.util.Optional<ServiceCatalog> serviceCatalog() {
    return java.util.Optional.empty();
  }

  /** Releases the connector's resources. Idempotent. */
  @Override
  default void close() {}
}
