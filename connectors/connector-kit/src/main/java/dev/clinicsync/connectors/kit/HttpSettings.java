package dev.clinicsync.connectors.kit;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.connector.ConnectorConfig;
import java.time.Duration;

/**
 * A connector's HTTP limits. {@link #from(ConnectorConfig)} reads them from the connector's
 * configuration, {@link #DEFAULTS} for those it leaves out:
 *
 * <table>
 *   <caption>HTTP settings of a connector configuration</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value #CONNECT_TIMEOUT}</td><td>{@code PT10S}</td><td>to open a connection</td></tr>
 *   <tr><td>{@value #READ_TIMEOUT}</td><td>{@code PT30S}</td><td>between two reads of the response</td></tr>
 *   <tr><td>{@value #WRITE_TIMEOUT}</td><td>{@code PT30S}</td><td>between two writes of the request</td></tr>
 *   <tr><td>{@value #CALL_TIMEOUT}</td><td>{@code PT60S}</td><td>one whole attempt — connect, send,
 *       wait, read the whole body — so a vendor dripping a body byte by byte cannot hold a sync;
 *       must be positive</td></tr>
 *   <tr><td>{@value #MAX_BODY_BYTES}</td><td>33554432 (32 MiB)</td><td>the largest response body
 *       read, counted after decompression</td></tr>
 * </table>
 * Durations are ISO-8601 ({@code PT30S}) or whole seconds.
 *
 * @param connectTimeout to open a connection
 * @param readTimeout between two reads of the response
 * @param writeTimeout between two writes of the request
 * @param callTimeout for one whole call (one attempt, the body read included); zero for none is
 *     accepted here for clients outside the kit, but never from configuration nor by {@link ConnectorHttp}
 * @param maxBodyBytes the largest response body read, after decompression
 */
public record HttpSettings(Duration connectTimeout, Duration readTimeout, Duration writeTimeout, Duration callTimeout,
    long maxBodyBytes) {

  /** The largest body read unless another limit is set: 32 MiB. */
  public static final long DEFAULT_MAX_BODY_BYTES = 32L * 1024 * 1024;
  /**
   * The largest cap accepted: bodies are read into one array, and Java arrays stop short of 2 GiB.
   */
  public static final long MAX_BODY_BYTES_CEILING = Integer.MAX_VALUE - 16;

  /** 10 s to connect, 30 s per read and write, 60 s per call, 32 MiB per body. */
  public static final HttpSettings DEFAULTS = new HttpSettings(Duration.ofSeconds(10), Duration.ofSeconds(30),
      Duration.ofSeconds(30), Duration.ofSeconds(60), DEFAULT_MAX_BODY_BYTES);

  public static final String CONNECT_TIMEOUT = "http.connect-timeout";
  public static final String READ_TIMEOUT = "http.read-timeout";
  public static final String WRITE_TIMEOUT = "http.write-timeout";
  public static final String CALL_TIMEOUT = "http.call-timeout";
  public static final String MAX_BODY_BYTES = "http.max-body-bytes";

  public HttpSettings {
    positive(connectTimeout, "connect timeout");
    positive(readTimeout, "read timeout");
    positive(writeTimeout, "write timeout");
    Checks.notNull(callTimeout, "call timeout");
    if (callTimeout.isNegative()) {
      throw new ValidationException("HTTP call timeout must not be negative: " + callTimeout);
    }
    checkMaxBodyBytes(maxBodyBytes, "HTTP max body bytes");
  }

  /** Timeouts with the default body cap. */
  public HttpSettings(Duration connectTimeout, Duration readTimeout, Duration writeTimeout, Duration callTimeout) {
    this(connectTimeout, readTimeout, writeTimeout, callTimeout, DEFAULT_MAX_BODY_BYTES);
  }

  /**
   * The settings in a connector's configuration, {@link #DEFAULTS} for those it leaves out.
   *
   * @throws ValidationException naming the key when a value is malformed, or the call timeout is
   *     not positive (configuration cannot switch the bound off)
   */
  public static HttpSettings from(ConnectorConfig config) {
    Duration call = config.duration(CALL_TIMEOUT, DEFAULTS.callTimeout);
    if (call.isNegative() || call.isZero()) {
      throw new ValidationException("connector " + config.id() + ": property '" + CALL_TIMEOUT + "' must be positive");
    }
    long maxBody = config.get(MAX_BODY_BYTES).map(v -> {
      try {
        return Long.parseLong(v);
      } catch (NumberFormatException e) {
        throw new ValidationException("connector " + config.id() + ": property '" + MAX_BODY_BYTES
            + "' must be a whole number of bytes");
      }
    }).orElse(DEFAULTS.maxBodyBytes);
    checkMaxBodyBytes(maxBody, "connector " + config.id() + ": property '" + MAX_BODY_BYTES + "'");
    return new HttpSettings(
        config.duration(CONNECT_TIMEOUT, DEFAULTS.connectTimeout),
        config.duration(READ_TIMEOUT, DEFAULTS.readTimeout),
        config.duration(WRITE_TIMEOUT, DEFAULTS.writeTimeout),
        call,
        maxBody);
  }

  public HttpSettings withReadTimeout(Duration timeout) {
    return new HttpSettings(connectTimeout, timeout, writeTimeout, callTimeout, maxBodyBytes);
  }

  public HttpSettings withCallTimeout(Duration timeout) {
    return new HttpSettings(connectTimeout, readTimeout, writeTimeout, timeout, maxBodyBytes);
  }

  public HttpSettings withMaxBodyBytes(long bytes) {
    return new HttpSettings(connectTimeout, readTimeout, writeTimeout, callTimeout, bytes);
  }

  static void checkMaxBodyBytes(long bytes, String what) {
    if (bytes < 1 || bytes > MAX_BODY_BYTES_CEILING) {
      throw new ValidationException(what + " must be between 1 and " + MAX_BODY_BYTES_CEILING);
    }
  }

  private static void positive(Duration d, String what) {
    Checks.notNull(d, "HTTP " + what);
    if (d.isNegative() || d.isZero()) {
      throw new ValidationException("HTTP " + what + " must be positive: " + d);
    }
  }
}
