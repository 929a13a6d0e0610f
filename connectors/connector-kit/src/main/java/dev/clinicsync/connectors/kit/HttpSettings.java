package dev.clinicsync.connectors.kit;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.connector.ConnectorConfig;
import java.time.Duration;

/**
 * A connector's HTTP timeouts. {@link #from(ConnectorConfig)} reads them from the connector's
 * configuration ({@code http.connect-timeout}, {@code http.read-timeout},
 * {@code http.write-timeout}, {@code http.call-timeout}: ISO-8601 durations or seconds).
 *
 * @param connectTimeout to open a connection
 * @param readTimeout between two reads of the response
 * @param writeTimeout between two writes of the request
 * @param callTimeout for one whole call (one attempt), zero for none
 */
public record HttpSettings(Duration connectTimeout, Duration readTimeout, Duration writeTimeout, Duration callTimeout) {

  /** 10 s to connect, 30 s per read and write, 60 s per call. */
  public static final HttpSettings DEFAULTS =
      new HttpSettings(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(60));

  public static final String CONNECT_TIMEOUT = "http.connect-timeout";
  public static final String READ_TIMEOUT = "http.read-timeout";
  public static final String WRITE_TIMEOUT = "http.write-timeout";
  public static final String CALL_TIMEOUT = "http.call-timeout";

  public HttpSettings {
    positive(connectTimeout, "connect timeout");
    positive(readTimeout, "read timeout");
    positive(writeTimeout, "write timeout");
    Checks.notNull(callTimeout, "call timeout");
    if (callTimeout.isNegative()) {
      throw new ValidationException("HTTP call timeout must not be negative: " + callTimeout);
    }
  }

  /** The timeouts in a connector's configuration, {@link #DEFAULTS} for those it leaves out. */
  public static HttpSettings from(ConnectorConfig config) {
    return new HttpSettings(
        config.duration(CONNECT_TIMEOUT, DEFAULTS.connectTimeout),
        config.duration(READ_TIMEOUT, DEFAULTS.readTimeout),
        config.duration(WRITE_TIMEOUT, DEFAULTS.writeTimeout),
        config.duration(CALL_TIMEOUT, DEFAULTS.callTimeout));
  }

  public HttpSettings withReadTimeout(Duration timeout) {
    return new HttpSettings(connectTimeout, timeout, writeTimeout, callTimeout);
  }

  public HttpSettings withCallTimeout(Duration timeout) {
    return new HttpSettings(connectTimeout, readTimeout, writeTimeout, timeout);
  }

  private static void positive(Duration d, String what) {
    Checks.notNull(d, "HTTP " + what);
    if (d.isNegative() || d.isZero()) {
      throw new ValidationException("HTTP " + what + " must be positive: " + d);
    }
  }
}
