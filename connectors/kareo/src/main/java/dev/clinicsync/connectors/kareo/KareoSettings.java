package dev.clinicsync.connectors.kareo;

import dev.clinicsync.connectors.kit.HttpSettings;
import dev.clinicsync.connectors.kit.RateLimiter;
import dev.clinicsync.connectors.kit.SsrfGuard;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.model.ConnectorId;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * A Kareo connector's settings. From configuration ({@link #from}):
 *
 * <table>
 *   <caption>Kareo connector properties</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value Keys#PRACTICE_ZONE}</td><td>required</td><td>the practice's IANA zone: Kareo's times
 *       carry no offset</td></tr>
 *   <tr><td>{@value Keys#CUSTOMER_KEY_SECRET}</td><td>required</td><td>the name of the customer key in the
 *       {@link dev.clinicsync.core.store.SecretStore}</td></tr>
 *   <tr><td>{@value Keys#USER_SECRET}</td><td>required</td><td>the name of the API user's login there</td></tr>
 *   <tr><td>{@value Keys#PASSWORD_SECRET}</td><td>required</td><td>the name of the API user's password there</td></tr>
 *   <tr><td>{@value Keys#BASE_URL}</td><td>{@value #DEFAULT_BASE_URL}</td><td>scheme and host of the
 *       service; {@value #SERVICE_PATH} is appended</td></tr>
 *   <tr><td>{@value Keys#POLLING_FLOOR}</td><td>{@code PT5M}</td><td>the shortest interval between two reads
 *       of Kareo; never below five minutes (Kareo asks integrators not to poll often)</td></tr>
 *   <tr><td>{@value Keys#MAX_ATTEMPTS}</td><td>4</td><td>attempts per call, retryable failures only</td></tr>
 *   <tr><td>{@code rate-limit.*}, {@code http.*}, {@code allow-*}</td><td>1 call per second; the kit's
 *       defaults</td><td>as every kit connector reads them</td></tr>
 * </table>
 * Credentials are never properties: the properties name secrets.
 *
 * @param connectorId the connector instance
 * @param endpoint the service URL
 * @param practiceZone the practice's zone
 * @param customerKeySecret the secret name of the customer key
 * @param userSecret the secret name of the API user
 * @param passwordSecret the secret name of the password
 * @param pollingFloor the shortest interval between two reads of Kareo, at least {@link #MINIMUM_POLLING_FLOOR}
 * @param maxAttempts attempts per call, at least 1
 * @param requestsPerSecond the rate limit
 * @param burst the rate limiter's bucket
 * @param http timeouts and the body cap
 * @param ssrfGuard where calls may go
 */
public record KareoSettings(
    ConnectorId connectorId,
    HttpUrl endpoint,
    ZoneId practiceZone,
    String customerKeySecret,
    String userSecret,
    String passwordSecret,
    Duration pollingFloor,
    int maxAttempts,
    double requestsPerSecond,
    int burst,
    HttpSettings http,
    SsrfGuard ssrfGuard) {

  /** Kareo's production host. */
  public static final String DEFAULT_BASE_URL = "https://webservice.kareo.com";
  /** The SOAP 2.1 service path. */
  public static final String SERVICE_PATH = "/services/soap/2.1/KareoServices.svc";
  /** The lowest polling floor accepted: five minutes. */
  public static final Duration MINIMUM_POLLING_FLOOR = Duration.ofMinutes(5);

  /** Configuration keys. */
  public static final class Keys {
    public static final String BASE_URL = "base-url";
    public static final String PRACTICE_ZONE = "practice-zone";
    public static final String CUSTOMER_KEY_SECRET = "customer-key-secret";
    public static final String USER_SECRET = "user-secret";
    public static final String PASSWORD_SECRET = "password-secret";
    public static final String POLLING_FLOOR = "polling-floor";
    public static final String MAX_ATTEMPTS = "max-attempts";

    private Keys() {}
  }

  public KareoSettings {
    String where = "connector " + connectorId;
    Checks.notNull(connectorId, "connector id");
    Checks.notNull(endpoint, where + " endpoint");
    Checks.notNull(practiceZone, where + " practice zone");
    Checks.notBlank(customerKeySecret, where + " " + Keys.CUSTOMER_KEY_SECRET);
    Checks.notBlank(userSecret, where + " " + Keys.USER_SECRET);
    Checks.notBlank(passwordSecret, where + " " + Keys.PASSWORD_SECRET);
    Checks.notNull(pollingFloor, where + " " + Keys.POLLING_FLOOR);
    if (pollingFloor.compareTo(MINIMUM_POLLING_FLOOR) < 0) {
      throw new ValidationException(where + ": property '" + Keys.POLLING_FLOOR + "' must be at least "
          + MINIMUM_POLLING_FLOOR + " (Kareo asks integrators not to poll often)");
    }
    if (maxAttempts < 1) {
      throw new ValidationException(where + ": property '" + Keys.MAX_ATTEMPTS + "' must be at least 1");
    }
    if (!(requestsPerSecond > 0) || burst < 1) {
      throw new ValidationException(where + ": the rate limit must be positive");
    }
    Checks.notNull(http, where + " HTTP settings");
    Checks.notNull(ssrfGuard, where + " SSRF guard");
  }

  /**
   * The settings in a configuration.
   *
   * @throws ValidationException naming every missing or malformed property
   */
  public static KareoSettings from(ConnectorConfig config) {
    Checks.notNull(config, "connector config");
    List<String> problems = new ArrayList<>();
    Builder b = builder(config.id());
    String base = config.get(Keys.BASE_URL).orElse(DEFAULT_BASE_URL);
    HttpUrl url = HttpUrl.parse(stripSlash(base) + SERVICE_PATH);
    if (url == null) {
      problems.add("connector " + config.id() + ": property '" + Keys.BASE_URL + "' must be an http(s) URL");
    } else {
      b.endpoint(url);
    }
    config.get(Keys.PRACTICE_ZONE).ifPresentOrElse(z -> {
      try {
        b.practiceZone(ZoneId.of(z));
      } catch (DateTimeException e) {
        problems.add("connector " + config.id() + ": property '" + Keys.PRACTICE_ZONE + "' must be an IANA zone id");
      }
    }, () -> problems.add(missing(config, Keys.PRACTICE_ZONE)));
    for (String key : List.of(Keys.CUSTOMER_KEY_SECRET, Keys.USER_SECRET, Keys.PASSWORD_SECRET)) {
      if (config.get(key).isEmpty()) {
        problems.add(missing(config, key));
      }
    }
    if (!problems.isEmpty()) {
      throw new ValidationException("invalid Kareo connector configuration", problems);
    }
    double perSecond = config.decimal(RateLimiter.PER_SECOND, 1.0);
    return b.customerKeySecret(config.require(Keys.CUSTOMER_KEY_SECRET))
        .userSecret(config.require(Keys.USER_SECRET))
        .passwordSecret(config.require(Keys.PASSWORD_SECRET))
        .pollingFloor(config.duration(Keys.POLLING_FLOOR, MINIMUM_POLLING_FLOOR))
        .maxAttempts(config.integer(Keys.MAX_ATTEMPTS, 4))
        .rateLimit(perSecond, config.integer(RateLimiter.BURST, Math.max(1, (int) Math.floor(perSecond))))
        .http(HttpSettings.from(config))
        .ssrfGuard(SsrfGuard.from(config))
        .build();
  }

  private static String missing(ConnectorConfig config, String key) {
    return "connector " + config.id() + " (" + config.type() + "): missing required property '" + key + "'";
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  public static Builder builder(ConnectorId connectorId) {
    return new Builder(connectorId);
  }

  /** Builds {@link KareoSettings}; everything but the zone and the secret names has a default. */
  public static final class Builder {
    private final ConnectorId connectorId;
    private HttpUrl endpoint = HttpUrl.get(DEFAULT_BASE_URL + SERVICE_PATH);
    private @Nullable ZoneId practiceZone;
    private @Nullable String customerKeySecret;
    private @Nullable String userSecret;
    private @Nullable String passwordSecret;
    private Duration pollingFloor = MINIMUM_POLLING_FLOOR;
    private int maxAttempts = 4;
    private double requestsPerSecond = 1.0;
    private int burst = 1;
    private HttpSettings http = HttpSettings.DEFAULTS;
    private SsrfGuard ssrfGuard = SsrfGuard.strict();

    private Builder(ConnectorId connectorId) {
      this.connectorId = Checks.notNull(connectorId, "connector id");
    }

    public Builder endpoint(HttpUrl url) {
      this.endpoint = url;
      return this;
    }

    public Builder practiceZone(ZoneId zone) {
      this.practiceZone = zone;
      return this;
    }

    public Builder customerKeySecret(String name) {
      this.customerKeySecret = name;
      return this;
    }

    public Builder userSecret(String name) {
      this.userSecret = name;
      return this;
    }

    public Builder passwordSecret(String name) {
      this.passwordSecret = name;
      return this;
    }

    public Builder pollingFloor(Duration floor) {
      this.pollingFloor = floor;
      return this;
    }

    public Builder maxAttempts(int attempts) {
      this.maxAttempts = attempts;
      return this;
    }

    public Builder rateLimit(double perSecond, int bucket) {
      this.requestsPerSecond = perSecond;
      this.burst = bucket;
      return this;
    }

    public Builder http(HttpSettings settings) {
      this.http = settings;
      return this;
    }

    public Builder ssrfGuard(SsrfGuard guard) {
      this.ssrfGuard = guard;
      return this;
    }

    public KareoSettings build() {
      return new KareoSettings(connectorId, endpoint, Checks.notNull(practiceZone, "connector " + connectorId
          + " practice zone"), Checks.notNull(customerKeySecret, "connector " + connectorId + " customer key secret"),
          Checks.notNull(userSecret, "connector " + connectorId + " user secret"),
          Checks.notNull(passwordSecret, "connector " + connectorId + " password secret"), pollingFloor, maxAttempts,
          requestsPerSecond, burst, http, ssrfGuard);
    }
  }
}
