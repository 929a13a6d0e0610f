package dev.clinicsync.connectors.athena;

import dev.clinicsync.connectors.kit.HttpSettings;
import dev.clinicsync.connectors.kit.RateLimiter;
import dev.clinicsync.connectors.kit.SsrfGuard;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.model.ConnectorId;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The validated settings of one athenahealth connector instance: one practice, optionally narrowed
 * to departments and practitioners, where athena's FHIR R4 API (or a sandbox) lives, which secrets
 * hold the OAuth client, and the client-side limits. Read from a {@link ConnectorConfig} with
 * {@link #from(ConnectorConfig)}; every key is listed in {@link Keys}.
 *
 * @param connectorId the connector instance
 * @param fhirBaseUrl the FHIR R4 base ({@value #DEFAULT_FHIR_BASE_URL}), without a trailing slash
 * @param tokenUrl the OAuth 2.0 token endpoint
 * @param practiceId athena's numeric practice id (sent as {@code ah-practice=Organization/a-1.Practice-{id}})
 * @param departmentIds numeric department ids ({@code ah-department}); empty for every department
 * @param practitionerIds numeric provider ids ({@code practitioner}); empty for every practitioner
 * @param clientIdSecret the {@code SecretStore} name of the OAuth client id
 * @param clientSecretSecret the {@code SecretStore} name of the OAuth client secret
 * @param scopes the space-separated scopes of the token request
 * @param pageSize the largest {@code _count} sent (the fetch request's page size may be smaller)
 * @param incrementalMode how changes since a cursor are found
 * @param http timeouts and body cap (connector-kit's {@code http.*} keys)
 * @param ssrfGuard connector-kit's SSRF guard for every call (its {@code allow-*} keys)
 * @param requestsPerSecond the client-side rate limit
 * @param burst the rate limiter's burst
 * @param maxAttempts calls per operation, the first included, for retryable failures
 * @param tokenRefreshSkew how long before expiry a token is replaced (athena: 15 minutes)
 * @param pollingFloor the shortest interval between two scheduled syncs
 * @param serviceTypeValueSet the canonical URL of the value set athena binds {@code Appointment.serviceType}
 *     to, read with {@code ValueSet/$expand} for the connector's {@link
 *     dev.clinicsync.core.connector.ServiceCatalog}; empty (no catalogue) unless configured
 */
public record AthenaSettings(
    ConnectorId connectorId,
    String fhirBaseUrl,
    String tokenUrl,
    String practiceId,
    List<String> departmentIds,
    List<String> practitionerIds,
    String clientIdSecret,
    String clientSecretSecret,
    String scopes,
    int pageSize,
    IncrementalMode incrementalMode,
    HttpSettings http,
    SsrfGuard ssrfGuard,
    double requestsPerSecond,
    int burst,
    int maxAttempts,
    Duration tokenRefreshSkew,
    Duration pollingFloor,
    Optional<String> serviceTypeValueSet) {

  /** The configuration keys. */
  public static final class Keys {
    /** The FHIR R4 base URL; the TCK's {@code base-url}. */
    public static final String BASE_URL = "base-url";
    public static final String TOKEN_URL = "token-url";
    /** Required: athena's numeric practice id. */
    public static final String PRACTICE_ID = "practice-id";
    /** Comma-separated numeric department ids. */
    public static final String DEPARTMENT_IDS = "department-ids";
    /** Comma-separated numeric provider ids. */
    public static final String PRACTITIONER_IDS = "practitioner-ids";
    public static final String CLIENT_ID_SECRET = "client-id-secret";
    public static final String CLIENT_SECRET_SECRET = "client-secret-secret";
    /** Space-separated scopes; default {@value AthenaSettings#DEFAULT_SCOPES}. */
    public static final String SCOPES = "scopes";
    /** The largest {@code _count}; default {@value AthenaSettings#DEFAULT_PAGE_SIZE}. */
    public static final String PAGE_SIZE = "page-size";
    /** {@code auto} (default), {@code last-updated} or {@code windowed}. */
    public static final String INCREMENTAL = "incremental";
    public static final String REQUESTS_PER_SECOND = RateLimiter.PER_SECOND;
    public static final String BURST = RateLimiter.BURST;
    public static final String MAX_ATTEMPTS = "max-attempts";
    public static final String TOKEN_REFRESH_SKEW = "token-refresh-skew";
    public static final String POLLING_FLOOR = "polling-floor";
    /** The canonical URL of the service-type value set; no default (athena's URL is unconfirmed). */
    public static final String SERVICE_TYPE_VALUE_SET = "service-type-value-set";

    private Keys() {}
  }

  public static final String DEFAULT_FHIR_BASE_URL = "https://api.platform.athenahealth.com/fhir/r4";
  public static final String DEFAULT_TOKEN_URL = "https://api.platform.athenahealth.com/oauth2/v1/token";
  public static final String DEFAULT_CLIENT_ID_SECRET = "athenahealth/client-id";
  public static final String DEFAULT_CLIENT_SECRET_SECRET = "athenahealth/client-secret";
  public static final String DEFAULT_SCOPES = "system/Appointment.read";
  public static final int DEFAULT_PAGE_SIZE = 100;
  /** athena's FHIR search pages hold at most this many entries. */
  public static final int MAX_PAGE_SIZE = 1000;
  /** About athena's published default of 10 requests a second per app, halved. */
  public static final double DEFAULT_REQUESTS_PER_SECOND = 5.0;

  private static final Pattern NUMERIC_ID = Pattern.compile("[0-9]{1,12}");
  private static final Pattern SCOPE = Pattern.compile("[A-Za-z0-9/._*:\\- ]{1,1000}");

  public AthenaSettings {
    Checks.notNull(connectorId, "athenahealth connector id");
    String where = "connector " + connectorId + " (athenahealth)";
    Checks.notNull(ssrfGuard, where + " SSRF guard");
    fhirBaseUrl = url(fhirBaseUrl, ssrfGuard, where + " property '" + Keys.BASE_URL + "'");
    while (fhirBaseUrl.endsWith("/")) {
      fhirBaseUrl = fhirBaseUrl.substring(0, fhirBaseUrl.length() - 1);
    }
    tokenUrl = url(tokenUrl, ssrfGuard, where + " property '" + Keys.TOKEN_URL + "'");
    numeric(practiceId, where + " property '" + Keys.PRACTICE_ID + "'");
    departmentIds = List.copyOf(Checks.notNull(departmentIds, where + " department ids"));
    departmentIds.forEach(d -> numeric(d, where + " property '" + Keys.DEPARTMENT_IDS + "'"));
    practitionerIds = List.copyOf(Checks.notNull(practitionerIds, where + " practitioner ids"));
    practitionerIds.forEach(p -> numeric(p, where + " property '" + Keys.PRACTITIONER_IDS + "'"));
    Checks.notBlank(clientIdSecret, where + " " + Keys.CLIENT_ID_SECRET);
    Checks.notBlank(clientSecretSecret, where + " " + Keys.CLIENT_SECRET_SECRET);
    Checks.notBlank(scopes, where + " " + Keys.SCOPES);
    if (!SCOPE.matcher(scopes).matches()) {
      throw new ValidationException(where + ": property '" + Keys.SCOPES
          + "' must be space-separated scopes of letters, digits and / . _ * : -");
    }
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new ValidationException(where + ": property '" + Keys.PAGE_SIZE + "' must be between 1 and " + MAX_PAGE_SIZE);
    }
    Checks.notNull(incrementalMode, where + " " + Keys.INCREMENTAL);
    Checks.notNull(http, where + " HTTP settings");
    if (http.callTimeout().isZero()) {
      throw new ValidationException(where + ": " + HttpSettings.CALL_TIMEOUT + " must be positive");
    }
    if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
      throw new ValidationException(where + ": property '" + Keys.REQUESTS_PER_SECOND + "' must be positive");
    }
    if (burst < 1) {
      throw new ValidationException(where + ": property '" + Keys.BURST + "' must be at least 1");
    }
    if (maxAttempts < 1) {
      throw new ValidationException(where + ": property '" + Keys.MAX_ATTEMPTS + "' must be at least 1");
    }
    notNegative(tokenRefreshSkew, where + " property '" + Keys.TOKEN_REFRESH_SKEW + "'");
    notNegative(pollingFloor, where + " property '" + Keys.POLLING_FLOOR + "'");
    Checks.notNull(serviceTypeValueSet, where + " " + Keys.SERVICE_TYPE_VALUE_SET);
    serviceTypeValueSet = serviceTypeValueSet.map(v -> canonical(v, where + " property '" + Keys.SERVICE_TYPE_VALUE_SET + "'"));
  }

  /** Reads and validates the settings of a connector configuration. */
  public static AthenaSettings from(ConnectorConfig config) {
    Checks.notNull(config, "connector config");
    Builder b = builder(config.id(), config.require(Keys.PRACTICE_ID));
    config.get(Keys.BASE_URL).ifPresent(b::fhirBaseUrl);
    config.get(Keys.TOKEN_URL).ifPresent(b::tokenUrl);
    config.get(Keys.DEPARTMENT_IDS).ifPresent(v -> b.departmentIds(split(v)));
    config.get(Keys.PRACTITIONER_IDS).ifPresent(v -> b.practitionerIds(split(v)));
    config.get(Keys.CLIENT_ID_SECRET).ifPresent(v -> b.clientIdSecret = v);
    config.get(Keys.CLIENT_SECRET_SECRET).ifPresent(v -> b.clientSecretSecret = v);
    config.get(Keys.SCOPES).ifPresent(b::scopes);
    b.pageSize(config.integer(Keys.PAGE_SIZE, b.pageSize));
    config.get(Keys.INCREMENTAL).ifPresent(v -> b.incrementalMode(IncrementalMode.parse(v,
        "connector " + config.id() + " (athenahealth): property '" + Keys.INCREMENTAL + "'")));
    b.http(HttpSettings.from(config));
    b.ssrfGuard(SsrfGuard.from(config));
    b.requestsPerSecond(config.decimal(Keys.REQUESTS_PER_SECOND, b.requestsPerSecond));
    b.burst(config.integer(Keys.BURST, b.burst));
    b.maxAttempts(config.integer(Keys.MAX_ATTEMPTS, b.maxAttempts));
    b.tokenRefreshSkew(config.duration(Keys.TOKEN_REFRESH_SKEW, b.tokenRefreshSkew));
    b.pollingFloor(config.duration(Keys.POLLING_FLOOR, b.pollingFloor));
    config.get(Keys.SERVICE_TYPE_VALUE_SET).filter(v -> !v.isBlank()).ifPresent(b::serviceTypeValueSet);
    return b.build();
  }

  /** Defaults for everything but the connector and the practice. */
  public static Builder builder(ConnectorId connectorId, String practiceId) {
    return new Builder(connectorId, practiceId);
  }

  /** {@code Organization/a-1.Practice-{id}}, the value of {@code ah-practice}. */
  public String practiceReference() {
    return "Organization/a-1.Practice-" + practiceId;
  }

  private static List<String> split(String value) {
    List<String> out = new ArrayList<>();
    for (String part : value.split(",")) {
      if (!part.isBlank()) {
        out.add(part.strip());
      }
    }
    return out;
  }

  private static void numeric(@Nullable String id, String what) {
    Checks.notBlank(id, what);
    if (!NUMERIC_ID.matcher(id).matches()) {
      throw new ValidationException(what + " must be athena's numeric id (1 to 12 digits)");
    }
  }

  /**
   * An absolute https URL (http only where the guard allows it), without user info. Checked without
   * resolving the host: the SSRF guard checks the address actually connected to, on every call.
   */
  private static String url(@Nullable String given, SsrfGuard guard, String what) {
    String url = Checks.notBlank(given, what);
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw new ValidationException(what + " is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
      throw new ValidationException(what + " must be an absolute https URL");
    }
    if (scheme.equals("http") && !guard.allowsHttp()) {
      throw new ValidationException(what + " must be an https URL (set " + SsrfGuard.ALLOW_HTTP + " for a local sandbox)");
    }
    if (uri.getRawUserInfo() != null) {
      throw new ValidationException(what + " must not carry user info");
    }
    return url.strip();
  }

  /**
   * A canonical URL: an absolute http(s) URI without whitespace or user info. It names the value set
   * and is sent as a query parameter, never connected to, so the SSRF guard has no say.
   */
  private static String canonical(String given, String what) {
    String url = Checks.notBlank(given, what).strip();
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new ValidationException(what + " is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || uri.getRawUserInfo() != null
        || url.length() > 2048) {
      throw new ValidationException(what + " must be an absolute http(s) canonical URL of at most 2048 characters");
    }
    return url;
  }

  private static void notNegative(@Nullable Duration given, String what) {
    Duration d = Checks.notNull(given, what);
    if (d.isNegative()) {
      throw new ValidationException(what + " must not be negative");
    }
  }

  @Override
  public String toString() {
    return "AthenaSettings[" + connectorId + ", practice " + practiceId + ", " + departmentIds.size()
        + " department(s), " + practitionerIds.size() + " practitioner(s), " + incrementalMode + "]";
  }

  /** Builds {@link AthenaSettings}. */
  public static final class Builder {
    private final ConnectorId connectorId;
    private final String practiceId;
    private String fhirBaseUrl = DEFAULT_FHIR_BASE_URL;
    private String tokenUrl = DEFAULT_TOKEN_URL;
    private List<String> departmentIds = List.of();
    private List<String> practitionerIds = List.of();
    private String clientIdSecret = DEFAULT_CLIENT_ID_SECRET;
    private String clientSecretSecret = DEFAULT_CLIENT_SECRET_SECRET;
    private String scopes = DEFAULT_SCOPES;
    private int pageSize = DEFAULT_PAGE_SIZE;
    private IncrementalMode incrementalMode = IncrementalMode.AUTO;
    private HttpSettings http = HttpSettings.DEFAULTS;
    private SsrfGuard ssrfGuard = SsrfGuard.strict();
    private double requestsPerSecond = DEFAULT_REQUESTS_PER_SECOND;
    private int burst = 5;
    private int maxAttempts = 5;
    private Duration tokenRefreshSkew = Duration.ofMinutes(15);
    private Duration pollingFloor = Duration.ofMinutes(1);
    private Optional<String> serviceTypeValueSet = Optional.empty();

    private Builder(ConnectorId connectorId, String practiceId) {
      this.connectorId = Checks.notNull(connectorId, "athenahealth connector id");
      this.practiceId = Checks.notBlank(practiceId, "athenahealth practice id");
    }

    public Builder fhirBaseUrl(String url) {
      this.fhirBaseUrl = url;
      return this;
    }

    public Builder tokenUrl(String url) {
      this.tokenUrl = url;
      return this;
    }

    public Builder departmentIds(List<String> ids) {
      this.departmentIds = List.copyOf(ids);
      return this;
    }

    public Builder practitionerIds(List<String> ids) {
      this.practitionerIds = List.copyOf(ids);
      return this;
    }

    /** The names of the client id and secret in the {@code SecretStore}. */
    public Builder credentials(String clientIdSecretName, String clientSecretSecretName) {
      this.clientIdSecret = clientIdSecretName;
      this.clientSecretSecret = clientSecretSecretName;
      return this;
    }

    public Builder scopes(String s) {
      this.scopes = s;
      return this;
    }

    public Builder pageSize(int size) {
      this.pageSize = size;
      return this;
    }

    public Builder incrementalMode(IncrementalMode mode) {
      this.incrementalMode = mode;
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

    public Builder requestsPerSecond(double rate) {
      this.requestsPerSecond = rate;
      return this;
    }

    public Builder burst(int b) {
      this.burst = b;
      return this;
    }

    public Builder maxAttempts(int attempts) {
      this.maxAttempts = attempts;
      return this;
    }

    public Builder tokenRefreshSkew(Duration skew) {
      this.tokenRefreshSkew = skew;
      return this;
    }

    public Builder pollingFloor(Duration floor) {
      this.pollingFloor = floor;
      return this;
    }

    /** The canonical URL of the value set {@code Appointment.serviceType} is bound to. */
    public Builder serviceTypeValueSet(String canonicalUrl) {
      this.serviceTypeValueSet = Optional.of(Checks.notNull(canonicalUrl, "service type value set"));
      return this;
    }

    public AthenaSettings build() {
      return new AthenaSettings(connectorId, fhirBaseUrl, tokenUrl, practiceId, departmentIds, practitionerIds,
          clientIdSecret, clientSecretSecret, scopes, pageSize, incrementalMode, http, ssrfGuard, requestsPerSecond,
          burst, maxAttempts, tokenRefreshSkew, pollingFloor, serviceTypeValueSet);
    }
  }
}
