package dev.clinicsync.connectors.tck;

/**
 * The hostile-vendor checks of the TCK (issue #12): what every connector must withstand, and the
 * keys of {@link ConnectorContractTest#knownGaps()}.
 */
public enum Hardening {
  /** A redirect to a loopback address (in any spelling) is refused and never followed. */
  REDIRECT_TO_LOOPBACK,
  /** A redirect to a cloud metadata address (169.254.169.254 in any spelling, fd00:ec2::254) is refused. */
  REDIRECT_TO_METADATA,
  /** A small gzip body inflating past the body cap fails with a ResponseTooLargeException. */
  BODY_CAP,
  /** A body dripping slower than the call timeout but faster than the read timeout ends as a retryable timeout within the call timeout. */
  CALL_TIMEOUT,
  /** A vendor error reason or message that is not a known reason code never reaches an exception message. */
  UNRECOGNIZED_ERROR_REASON
}
