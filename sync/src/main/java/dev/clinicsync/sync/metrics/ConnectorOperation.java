package dev.clinicsync.sync.metrics;

/**
 * A call the coordinator makes to a connector through the SPI ({@code SourceConnector} and its
 * write-back, account-linking and push sides). Each is counted and timed per connector.
 */
public enum ConnectorOperation {
  /** One page of a full or incremental fetch. */
  FETCH("fetch"),
  /** A targeted fetch of records by vendor id. */
  FETCH_BY_ID("fetch_by_id"),
  /** Creating a mirror at a write-back target. */
  MIRROR_CREATE("mirror_create"),
  /** Updating a mirror. */
  MIRROR_UPDATE("mirror_update"),
  /** Cancelling a mirror. */
  MIRROR_CANCEL("mirror_cancel"),
  /** Reading a mirror back. */
  MIRROR_READ("mirror_read"),
  /** Exchanging an authorization code for a user's grant. */
  ACCOUNT_EXCHANGE("account_exchange"),
  /** Revoking a user's grant. */
  ACCOUNT_REVOKE("account_revoke"),
  /** Opening a push channel. */
  PUSH_OPEN("push_open"),
  /** Stopping a push channel. */
  PUSH_STOP("push_stop"),
  /** {@link dev.clinicsync.core.connector.ServiceCatalog#serviceTypes()}: the vendor's service types. */
  SERVICE_TYPES("service_types");

  private final String tag;

  ConnectorOperation(String tag) {
    this.tag = tag;
  }

  /** The operation's name as a metric tag value: lower case, stable across releases. */
  public String tag() {
    return tag;
  }
}
