package dev.clinicsync.connectors.tck;

/** The vendor faults the TCK plants, once, on the first fetch request. */
public enum VendorFault {
  /** 429 with {@code Retry-After: 1}. */
  RATE_LIMITED_WITH_RETRY_AFTER,
  /** 500. */
  SERVER_ERROR,
  /** 503. */
  SERVICE_UNAVAILABLE,
  /** The connection is reset by the peer. */
  CONNECTION_RESET,
  /** 200 with an empty body. */
  EMPTY_BODY,
  /** 200 with a body that is not the vendor's format. */
  MALFORMED_BODY,
  /** 200 only after a delay well past the connector's read timeout. */
  SLOW_RESPONSE,
  /** 401 once; a fresh token then works. */
  UNAUTHORIZED_ONCE
}
