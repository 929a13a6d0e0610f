package dev.clinicsync.connectors.zocdoc;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.model.ConnectorId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The validated settings of one Zocdoc connector instance, read once from a {@link ConnectorConfig}
 * by {@link #from(ConnectorConfig)}, every problem reported at once. Keys are listed in {@link Keys}.
 *
 * <p>Production and sandbox differ in API root, token URL and audience (and in credentials): the
 * {@code environment} key picks both sets of defaults, and each of the three can be overridden.
 */
public final class ZocdocSettings {

  /** The two Zocdoc environments and their documented endpoints. */
  public enum Environment {
    /** {@code https://api-developer.zocdoc.com}. */
    PRODUCTION("https://api-developer.zocdoc.com", "https://auth.zocdoc.com/oauth/token",
        "https://api-developer.zocdoc.com/"),
    /** {@code https://api-developer-sandbox.zocdoc.com}. */
    SANDBOX("https://api-developer-sandbox.zocdoc.com",
        "https://auth-api-developer-sandbox.zocdoc.com/oauth/token", "https://api-developer-sandbox.zocdoc.com/");

    private final String baseUrl;
    private final String tokenUrl;
    private final String audience;

    Environment(String baseUrl, String tokenUrl, String audience) {
      this.baseUrl = baseUrl;
      this.tokenUrl = tokenUrl;
      this.audience = audience;
    }

    public String baseUrl() {
      return baseUrl;
    }

    public String tokenUrl() {
      return tokenUrl;
    }

    public String audience() {
      return audience;
    }
  }

  /** The configuration keys (besides connector-kit's {@code http.*}, {@code allow-*} and {@code rate-limit.*}). */
  public static final class Keys {
    /** {@code production} (default) or {@code sandbox}. */
    public static final String ENVIRONMENT = "environment";
    /** The API root; the environment's by default. */
    public static final String BASE_URL = "base-url";
    /** The OAuth token URL; the environment's by default. */
    public static final String TOKEN_URL = "token-url";
    /** The OAuth {@code audience}; the environment's by default. */
    public static final String AUDIENCE = "audience";
    /** SecretStore name of the client id; {@code zocdoc/client-id} by default. */
    public static final String CLIENT_ID_SECRET = "client-id-secret";
    /** SecretStore name of the client secret; {@code zocdoc/client-secret} by default. */
    public static final String CLIENT_SECRET_SECRET = "client-secret-secret";
    /** Comma-separated {@code pt_} practice ids sent as a filter on every list call; none by default. */
    public static final String PRACTICE_IDS = "practice-ids";
    /** Comma-separated {@code pr_} provider ids a crowded slice is split by, besides the directory's. */
    public static final String PROVIDER_IDS = "provider-ids";
    /** Comma-separated {@code lo_} location ids a crowded provider slice is split by, besides the directory's. */
    public static final String LOCATION_IDS = "location-ids";
    /** Results per list call, 1..100; 100 by default (a smaller fetch page-size hint wins). */
    public static final String PAGE_SIZE = "page-size";
    /** The most results one list query returns; 1000 (documented). */
    public static final String RESULT_CAP = "result-cap";
    /** The highest page index accepted; 10 (documented). */
    public static final String MAX_PAGE_INDEX = "max-page-index";
    /** The shortest time slice; a crowded one is split by provider, then location. {@code PT5M} by default. */
    public static final String MIN_SLICE = "min-slice";
    /** How far before the window start an appointment may begin and still overlap it; {@code PT12H}. */
    public static final String START_LOOKBACK = "start-lookback";
    /** The length assumed for an appointment without an end or duration (reported); {@code PT30M}. */
    public static final String DEFAULT_DURATION = "default-duration";
    /** The shortest interval between two scheduled syncs; {@code PT1M}. */
    public static final String POLLING_FLOOR = "polling-floor";
    /** Calls per read, the first included, for retryable failures; 5. */
    public static final String MAX_ATTEMPTS = "max-attempts";
    /** {@code true} to book (declare {@code WRITE_BACK}); {@code false} (read-only) by default. */
    public static final String BOOK = "book";
    /** The {@code pc_} visit reason every booking is made for; required when booking. */
    public static final String BOOK_VISIT_REASON_ID = "book.visit-reason-id";
    /** {@code new} or {@code existing} (default) as the booking's {@code patient_type}. */
    public static final String BOOK_PATIENT_TYPE = "book.patient-type";
    /** Whether a booking is confirmed ({@code POST /v1/appointments/confirm}) after it was created; true. */
    public static final String BOOK_CONFIRM = "book.confirm";
    /** The {@code cancellation_reason} sent with a cancel; UNCONFIRMED free text, {@code Cancelled by the practice}. */
    public static final String BOOK_CANCELLATION_REASON = "book.cancellation-reason";
    /** The {@code cancellation_reason_type} sent with a cancel; UNCONFIRMED values, {@code other} by default. */
    public static final String BOOK_CANCELLATION_REASON_TYPE = "book.cancellation-reason-type";

    private Keys() {}
  }

  /** The vendor's provider and location id shapes ({@code pr_…}, {@code lo_…}). */
  static final Pattern PROVIDER_ID = Pattern.compile("pr_[A-Za-z0-9_-]{1,64}");
  static final Pattern LOCATION_ID = Pattern.compile("lo_[A-Za-z0-9_-]{1,64}");
  static final Pattern VISIT_REASON_ID = Pattern.compile("pc_[A-Za-z0-9_-]{1,64}");
  private static final Pattern PRACTICE_ID = Pattern.compile("pt_[A-Za-z0-9_-]{1,64}");

  private final ConnectorConfig config;
  private final Environment environment;
  private final String baseUrl;
  private final String tokenUrl;
  private final String audience;
  private final String clientIdSecret;
  private final String clientSecretSecret;
  private final List<String> practiceIds;
  private final List<String> providerIds;
  private final List<String> locationIds;
  private final int pageSize;
  private final int resultCap;
  private final int maxPageIndex;
  private final Duration minSlice;
  private final Duration startLookback;
  private final Duration defaultDuration;
  private final Duration pollingFloor;
  private final int maxAttempts;
  private final boolean book;
  private final String visitReasonId;
  private final String patientType;
  private final boolean confirmBookings;
  private final String cancellationReason;
  private final String cancellationReasonType;

  private ZocdocSettings(ConnectorConfig c, List<String> problems) {
    this.config = c;
    Environment env = Environment.PRODUCTION;
    String envText = c.get(Keys.ENVIRONMENT).orElse("production").toUpperCase(Locale.ROOT);
    try {
      env = Environment.valueOf(envText);
    } catch (IllegalArgumentException e) {
      problems.add("property '" + Keys.ENVIRONMENT + "' must be production or sandbox");
    }
    this.environment = env;
    this.baseUrl = stripSlash(c.get(Keys.BASE_URL).orElse(env.baseUrl()));
    this.tokenUrl = c.get(Keys.TOKEN_URL).orElse(env.tokenUrl());
    this.audience = c.get(Keys.AUDIENCE).orElse(env.audience());
    this.clientIdSecret = c.get(Keys.CLIENT_ID_SECRET).orElse("zocdoc/client-id");
    this.clientSecretSecret = c.get(Keys.CLIENT_SECRET_SECRET).orElse("zocdoc/client-secret");
    this.practiceIds = ids(c, Keys.PRACTICE_IDS, PRACTICE_ID, "pt_", problems);
    this.providerIds = ids(c, Keys.PROVIDER_IDS, PROVIDER_ID, "pr_", problems);
    this.locationIds = ids(c, Keys.LOCATION_IDS, LOCATION_ID, "lo_", problems);
    this.pageSize = integer(c, Keys.PAGE_SIZE, 100, 1, 100, problems);
    this.resultCap = integer(c, Keys.RESULT_CAP, 1000, 1, 1_000_000, problems);
    this.maxPageIndex = integer(c, Keys.MAX_PAGE_INDEX, 10, 0, 100_000, problems);
    this.minSlice = positive(c, Keys.MIN_SLICE, Duration.ofMinutes(5), problems);
    this.startLookback = nonNegative(c, Keys.START_LOOKBACK, Duration.ofHours(12), problems);
    this.defaultDuration = positive(c, Keys.DEFAULT_DURATION, Duration.ofMinutes(30), problems);
    this.pollingFloor = nonNegative(c, Keys.POLLING_FLOOR, Duration.ofMinutes(1), problems);
    this.maxAttempts = integer(c, Keys.MAX_ATTEMPTS, 5, 1, 20, problems);
    this.book = bool(c, Keys.BOOK, false, problems);
    this.visitReasonId = c.get(Keys.BOOK_VISIT_REASON_ID).map(String::strip).orElse("");
    if (book && !VISIT_REASON_ID.matcher(visitReasonId).matches()) {
      problems.add("property '" + Keys.BOOK_VISIT_REASON_ID + "' must be a pc_… visit reason id when '" + Keys.BOOK + "' is true");
    }
    this.patientType = c.get(Keys.BOOK_PATIENT_TYPE).map(String::strip).orElse("existing");
    if (!patientType.equals("new") && !patientType.equals("existing")) {
      problems.add("property '" + Keys.BOOK_PATIENT_TYPE + "' must be new or existing");
    }
    this.confirmBookings = bool(c, Keys.BOOK_CONFIRM, true, problems);
    this.cancellationReason = c.get(Keys.BOOK_CANCELLATION_REASON).orElse("Cancelled by the practice");
    this.cancellationReasonType = c.get(Keys.BOOK_CANCELLATION_REASON_TYPE).orElse("other");
    if (cancellationReason.isBlank() || cancellationReasonType.isBlank()) {
      problems.add("properties '" + Keys.BOOK_CANCELLATION_REASON + "' and '" + Keys.BOOK_CANCELLATION_REASON_TYPE
          + "' must not be blank");
    }
  }

  private static boolean bool(ConnectorConfig c, String key, boolean dflt, List<String> problems) {
    try {
      return c.bool(key, dflt);
    } catch (ValidationException e) {
      problems.add(e.getMessage());
      return dflt;
    }
  }

  /**
   * Reads and validates the settings.
   *
   * @throws ValidationException naming every missing or invalid property (never a secret)
   */
  public static ZocdocSettings from(ConnectorConfig config) {
    Checks.notNull(config, "connector config");
    List<String> problems = new ArrayList<>();
    ZocdocSettings s = new ZocdocSettings(config, problems);
    if (!problems.isEmpty()) {
      throw new ValidationException("connector " + config.id() + " (" + config.type() + ") is misconfigured", problems);
    }
    return s;
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static List<String> ids(ConnectorConfig c, String key, Pattern shape, String prefix, List<String> problems) {
    Set<String> out = new LinkedHashSet<>();
    for (String part : c.get(key).orElse("").split(",")) {
      String id = part.strip();
      if (id.isEmpty()) {
        continue;
      }
      if (!shape.matcher(id).matches()) {
        problems.add("property '" + key + "' must list " + prefix + "… ids separated by commas");
        return List.of();
      }
      out.add(id);
    }
    return List.copyOf(out);
  }

  private static int integer(ConnectorConfig c, String key, int dflt, int min, int max, List<String> problems) {
    try {
      int v = c.integer(key, dflt);
      if (v < min || v > max) {
        problems.add("property '" + key + "' must be between " + min + " and " + max + ", was " + v);
        return dflt;
      }
      return v;
    } catch (ValidationException e) {
      problems.add(e.getMessage());
      return dflt;
    }
  }

  private static Duration positive(ConnectorConfig c, String key, Duration dflt, List<String> problems) {
    Duration d = nonNegative(c, key, dflt, problems);
    if (d.isZero()) {
      problems.add("property '" + key + "' must be positive");
      return dflt;
    }
    return d;
  }

  private static Duration nonNegative(ConnectorConfig c, String key, Duration dflt, List<String> problems) {
    try {
      Duration d = c.duration(key, dflt);
      if (d.isNegative()) {
        problems.add("property '" + key + "' must not be negative");
        return dflt;
      }
      return d;
    } catch (ValidationException e) {
      problems.add(e.getMessage());
      return dflt;
    }
  }

  /** The raw configuration (connector-kit reads its {@code http.*}, {@code allow-*} and rate-limit keys from it). */
  public ConnectorConfig config() {
    return config;
  }

  public ConnectorId connectorId() {
    return config.id();
  }

  public Environment environment() {
    return environment;
  }

  /** The API root, without a trailing slash. */
  public String baseUrl() {
    return baseUrl;
  }

  public String tokenUrl() {
    return tokenUrl;
  }

  public String audience() {
    return audience;
  }

  public String clientIdSecret() {
    return clientIdSecret;
  }

  public String clientSecretSecret() {
    return clientSecretSecret;
  }

  public List<String> practiceIds() {
    return practiceIds;
  }

  public List<String> providerIds() {
    return providerIds;
  }

  public List<String> locationIds() {
    return locationIds;
  }

  public int pageSize() {
    return pageSize;
  }

  public int resultCap() {
    return resultCap;
  }

  public int maxPageIndex() {
    return maxPageIndex;
  }

  public Duration minSlice() {
    return minSlice;
  }

  public Duration startLookback() {
    return startLookback;
  }

  public Duration defaultDuration() {
    return defaultDuration;
  }

  public Duration pollingFloor() {
    return pollingFloor;
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  /** Whether the connector books (declares {@code WRITE_BACK} and has a writer); false by default. */
  public boolean book() {
    return book;
  }

  /** The {@code pc_} visit reason of every booking; empty unless booking. */
  public String visitReasonId() {
    return visitReasonId;
  }

  /** {@code new} or {@code existing}. */
  public String patientType() {
    return patientType;
  }

  /** Whether a created booking is confirmed at once. */
  public boolean confirmBookings() {
    return confirmBookings;
  }

  public String cancellationReason() {
    return cancellationReason;
  }

  public String cancellationReasonType() {
    return cancellationReasonType;
  }

  @Override
  public String toString() {
    return "ZocdocSettings[" + config.id() + ", " + environment + ", page size " + pageSize + ", cap " + resultCap + (book ? ", booking" : ", read-only") + "]";
  }
}
