package dev.clinicsync.connectors.google;

import dev.clinicsync.connectors.kit.HttpSettings;
import dev.clinicsync.connectors.kit.RateLimiter;
import dev.clinicsync.connectors.kit.SsrfGuard;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.model.ConnectorId;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import dev.clinicsync.core.model.SourceSystem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The validated settings of one Google Calendar connector instance: one clinician, one or more
 * of their calendars, where Google (or a stub of it) lives, which secrets hold the OAuth
 * credentials, and the client-side limits. Read from a {@link ConnectorConfig} with
 * {@link #from(ConnectorConfig)}; every key is listed in {@link Keys}.
 *
 * @param connectorId the connector instance
 * @param clinicianId the therapist whose calendars these are
 * @param calendarIds the calendars to read, in order, without duplicates ({@code primary} allowed)
 * @param writeCalendarId the calendar mirrored appointments go to, when the connector writes back
 *     (it then declares {@code WRITE_BACK}); one of {@code calendarIds}, so that edits made to
 *     mirrors in Google come back as echoes. Empty (the default): a read-only connector
 * @param rootUrl Google's API root ({@code https://www.googleapis.com/}); a stub's in tests
 * @param tokenUrl the OAuth2 token endpoint
 * @param allowHttp whether plain-http root and token URLs are accepted (local sandboxes, tests)
 * @param allowPrivateAddresses whether hosts resolving to loopback or private addresses are
 *     accepted (local sandboxes, tests); connector-kit's SSRF guard refuses them otherwise
 * @param privateTargets {@code host:port} pairs allowed although private (a stub in tests), in
 *     connector-kit's {@code allow-private-targets} form; empty for none
 * @param clientIdSecret the {@code SecretStore} name of the OAuth client id
 * @param clientSecretSecret the {@code SecretStore} name of the OAuth client secret
 * @param refreshTokenSecret the {@code SecretStore} name of this therapist's refresh token
 * @param eventLabel the title of mirrored events
 * @param provenance the tag marking events this installation wrote
 * @param http the HTTP timeouts (connector-kit's {@code http.*} keys)
 * @param requestsPerSecond the client-side rate limit
 * @param burst the rate limiter's burst
 * @param maxAttempts calls per operation, the first included, for retryable failures
 * @param quotaBackoff how long to stay away after 403 {@code quotaExceeded}
 * @param pollingFloor the shortest interval between two scheduled syncs
 * @param receivesSyncFrom the calendars (each one of {@code calendarIds}) that receive a practice
 *     system's own calendar sync (SimplePractice's Google Calendar sync copies every session into
 *     the clinician's Google calendar), each with that system; busy blocks read from such a
 *     calendar are marked {@link dev.clinicsync.core.model.BusyBlock#copyOf} that system, so the
 *     conflict engine links an exact copy to its session instead of reporting a conflict. Empty
 *     (the default): no calendar does
 */
public record GoogleCalendarSettings(
    ConnectorId connectorId,
    ClinicianId clinicianId,
    List<String> calendarIds,
    Optional<String> writeCalendarId,
    String rootUrl,
    String tokenUrl,
    boolean allowHttp,
    boolean allowPrivateAddresses,
    Optional<String> privateTargets,
    String clientIdSecret,
    String clientSecretSecret,
    String refreshTokenSecret,
    String eventLabel,
    String provenance,
    HttpSettings http,
    double requestsPerSecond,
    int burst,
    int maxAttempts,
    Duration quotaBackoff,
    Duration pollingFloor,
    Map<String, SourceSystem> receivesSyncFrom) {

  /** The configuration keys, with their defaults in {@link #builder}. */
  public static final class Keys {
    /** Required: the host's clinician id. */
    public static final String CLINICIAN = "clinician";
    /** Comma-separated calendar ids; default {@code primary}. */
    public static final String CALENDARS = "calendars";
    /** The calendar mirrors are written to; none by default (a read-only connector). */
    public static final String WRITE_CALENDAR = "write-calendar";
    public static final String ROOT_URL = "root-url";
    public static final String TOKEN_URL = "token-url";
    /** {@code true} to accept plain-http URLs (local sandboxes, tests); default {@code false}. */
    public static final String ALLOW_HTTP = "allow-http";
    /** {@code true} to accept hosts on loopback or private addresses (local sandboxes, tests); default {@code false}. */
    public static final String ALLOW_PRIVATE_ADDRESSES = "allow-private-addresses";
    public static final String CLIENT_ID_SECRET = "client-id-secret";
    public static final String CLIENT_SECRET_SECRET = "client-secret-secret";
    /** Default {@code google/refresh-token/<clinician>}. */
    public static final String REFRESH_TOKEN_SECRET = "refresh-token-secret";
    public static final String EVENT_LABEL = "event-label";
    public static final String PROVENANCE = "provenance";
    /** connector-kit's rate-limit key, {@code rate-limit.per-second}. */
    public static final String REQUESTS_PER_SECOND = RateLimiter.PER_SECOND;
    /** connector-kit's rate-limit key, {@code rate-limit.burst}. */
    public static final String BURST = RateLimiter.BURST;
    public static final String MAX_ATTEMPTS = "max-attempts";
    public static final String QUOTA_BACKOFF = "quota-backoff";
    public static final String POLLING_FLOOR = "polling-floor";
    /**
     * The calendars that receive a practice system's own calendar sync: a system name
     * ({@code simplepractice}, {@code zocdoc}, {@code kareo}, {@code athenahealth}; any letter case)
     * for every calendar read, or comma-separated {@code <calendar id>=<system>} pairs. An unknown
     * name or calendar is a configuration error naming this key; default none.
     */
    public static final String RECEIVES_SYNC_FROM = "receives-sync-from";

    private Keys() {}
  }

  public static final String DEFAULT_ROOT_URL = "https://www.googleapis.com/";
  public static final String DEFAULT_TOKEN_URL = "https://oauth2.googleapis.com/token";
  public static final String DEFAULT_CLIENT_ID_SECRET = "google/client-id";
  public static final String DEFAULT_CLIENT_SECRET_SECRET = "google/client-secret";
  public static final String DEFAULT_EVENT_LABEL = "Appointment";
  /** Google's per-user quota is 600 requests a minute; stay well below it. */
  public static final double DEFAULT_REQUESTS_PER_SECOND = 5.0;
  /** The practice systems {@link Keys#RECEIVES_SYNC_FROM} may name in a configuration. */
  public static final List<SourceSystem> SYNCING_SYSTEMS = List.of(
      SourceSystem.SIMPLEPRACTICE, SourceSystem.ZOCDOC, SourceSystem.KAREO, SourceSystem.ATHENAHEALTH);

  public GoogleCalendarSettings {
    Checks.notNull(connectorId, "google connector id");
    String where = "connector " + connectorId + " (google-calendar)";
    Checks.notNull(clinicianId, where + " clinician");
    Checks.notNull(calendarIds, where + " calendars");
    if (calendarIds.isEmpty()) {
      throw new ValidationException(where + ": at least one calendar id is required");
    }
    calendarIds.forEach(c -> Checks.notBlank(c, where + " calendar id"));
    if (new LinkedHashSet<>(calendarIds).size() != calendarIds.size()) {
      throw new ValidationException(where + ": calendar ids must not repeat");
    }
    calendarIds = List.copyOf(calendarIds);
    Checks.notNull(writeCalendarId, where + " " + Keys.WRITE_CALENDAR);
    if (writeCalendarId.isPresent()) {
      Checks.notBlank(writeCalendarId.get(), where + " " + Keys.WRITE_CALENDAR);
      if (!calendarIds.contains(writeCalendarId.get())) {
        throw new ValidationException(where + ": " + Keys.WRITE_CALENDAR
            + " must be one of the calendars it reads, or edits to mirrors would go unseen");
      }
    }
    Checks.notNull(privateTargets, where + " private targets");
    privateTargets.ifPresent(t -> SsrfGuard.strict().allowingPrivateTargets(t, where + " " + SsrfGuard.ALLOW_PRIVATE_TARGETS));
    rootUrl = httpUrl(rootUrl, allowHttp, where + " " + Keys.ROOT_URL);
    rootUrl = rootUrl.endsWith("/") ? rootUrl : rootUrl + "/";
    tokenUrl = httpUrl(tokenUrl, allowHttp, where + " " + Keys.TOKEN_URL);
    Checks.notBlank(clientIdSecret, where + " " + Keys.CLIENT_ID_SECRET);
    Checks.notBlank(clientSecretSecret, where + " " + Keys.CLIENT_SECRET_SECRET);
    Checks.notBlank(refreshTokenSecret, where + " " + Keys.REFRESH_TOKEN_SECRET);
    Checks.notBlank(eventLabel, where + " " + Keys.EVENT_LABEL);
    Checks.notBlank(provenance, where + " " + Keys.PROVENANCE);
    if (provenance.length() > 64) {
      throw new ValidationException(where + ": " + Keys.PROVENANCE + " must be at most 64 characters");
    }
    Checks.notNull(http, where + " HTTP settings");
    if (http.callTimeout().isZero()) {
      throw new ValidationException(where + ": " + HttpSettings.CALL_TIMEOUT
          + " must be positive: every Google call, its body read included, ends within it");
    }
    if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
      throw new ValidationException(where + ": " + Keys.REQUESTS_PER_SECOND + " must be positive");
    }
    if (burst < 1) {
      throw new ValidationException(where + ": " + Keys.BURST + " must be at least 1");
    }
    if (maxAttempts < 1) {
      throw new ValidationException(where + ": " + Keys.MAX_ATTEMPTS + " must be at least 1");
    }
    positive(quotaBackoff, where + " " + Keys.QUOTA_BACKOFF);
    Checks.notNull(pollingFloor, where + " " + Keys.POLLING_FLOOR);
    if (pollingFloor.isNegative()) {
      throw new ValidationException(where + ": " + Keys.POLLING_FLOOR + " must not be negative");
    }
    Checks.notNull(receivesSyncFrom, where + " " + Keys.RECEIVES_SYNC_FROM);
    for (Map.Entry<String, SourceSystem> e : receivesSyncFrom.entrySet()) {
      Checks.notNull(e.getValue(), where + " " + Keys.RECEIVES_SYNC_FROM + " system");
      if (!calendarIds.contains(e.getKey())) {
        throw new ValidationException(where + ": " + Keys.RECEIVES_SYNC_FROM
            + " names a calendar the connector does not read (see " + Keys.CALENDARS + ")");
      }
      if (e.getValue().equals(SourceSystem.GOOGLE) || e.getValue().equals(SourceSystem.INTERNAL)) {
        throw new ValidationException(where + ": " + Keys.RECEIVES_SYNC_FROM
            + " must name a practice system, not " + e.getValue());
      }
    }
    receivesSyncFrom = Collections.unmodifiableMap(new TreeMap<>(receivesSyncFrom));
  }

  /** The practice system whose own calendar sync feeds this calendar, if it is configured as receiving one. */
  public Optional<SourceSystem> syncedFrom(String calendarId) {
    return Optional.ofNullable(receivesSyncFrom.get(calendarId));
  }

  /** Reads and validates the settings of a connector configuration. */
  public static GoogleCalendarSettings from(ConnectorConfig config) {
    Checks.notNull(config, "connector config");
    ClinicianId clinician = ClinicianId.of(config.require(Keys.CLINICIAN));
    Builder b = builder(config.id(), clinician);
    config.get(Keys.CALENDARS).ifPresent(v -> b.calendarIds(splitCalendars(v)));
    config.get(Keys.WRITE_CALENDAR).ifPresent(b::writeCalendarId);
    config.get(Keys.ROOT_URL).ifPresent(b::rootUrl);
    config.get(Keys.TOKEN_URL).ifPresent(b::tokenUrl);
    if (config.bool(Keys.ALLOW_HTTP, false)) {
      b.allowHttp();
    }
    if (config.bool(Keys.ALLOW_PRIVATE_ADDRESSES, false)) {
      b.allowPrivateAddresses();
    }
    config.get(SsrfGuard.ALLOW_PRIVATE_TARGETS).ifPresent(b::privateTargets);
    config.get(Keys.CLIENT_ID_SECRET).ifPresent(b::clientIdSecret);
    config.get(Keys.CLIENT_SECRET_SECRET).ifPresent(b::clientSecretSecret);
    config.get(Keys.REFRESH_TOKEN_SECRET).ifPresent(b::refreshTokenSecret);
    config.get(Keys.EVENT_LABEL).ifPresent(b::eventLabel);
    config.get(Keys.PROVENANCE).ifPresent(b::provenance);
    b.http(HttpSettings.from(config));
    b.requestsPerSecond(config.decimal(Keys.REQUESTS_PER_SECOND, b.requestsPerSecond));
    b.burst(config.integer(Keys.BURST, b.burst));
    b.maxAttempts(config.integer(Keys.MAX_ATTEMPTS, b.maxAttempts));
    b.quotaBackoff(config.duration(Keys.QUOTA_BACKOFF, b.quotaBackoff));
    b.pollingFloor(config.duration(Keys.POLLING_FLOOR, b.pollingFloor));
    config.get(Keys.RECEIVES_SYNC_FROM).ifPresent(v -> receivesSyncFrom(b, v, "connector " + config.id()
        + " (google-calendar): " + Keys.RECEIVES_SYNC_FROM));
    return b.build();
  }

  /** Defaults for everything but the connector and the clinician. */
  public static Builder builder(ConnectorId connectorId, ClinicianId clinicianId) {
    return new Builder(connectorId, clinicianId);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Parses {@link Keys#RECEIVES_SYNC_FROM}: one system for every calendar read, or
   * {@code calendar=system} pairs. Errors name the key and the entry's position, never its text.
   */
  private static void receivesSyncFrom(Builder b, String value, String where) {
    String[] parts = value.split(",", -1);
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i].strip();
      if (part.isEmpty()) {
        throw new ValidationException(where + ": entry " + (i + 1) + " is empty");
      }
      int eq = part.lastIndexOf('=');
      if (eq < 0) {
        if (parts.length != 1) {
          throw new ValidationException(where + ": entry " + (i + 1)
              + " must be <calendar id>=<system> when more than one entry is given");
        }
        b.receivesSyncFromOnEveryCalendar(syncingSystem(part.strip(), where + " (entry " + (i + 1) + ")"));
        return;
      }
      String calendar = part.substring(0, eq).strip();
      if (calendar.isEmpty()) {
        throw new ValidationException(where + ": entry " + (i + 1) + " has no calendar id before '='");
      }
      b.receivesSyncFrom(calendar, syncingSystem(part.substring(eq + 1).strip(), where + " (entry " + (i + 1) + ")"));
    }
  }

  private static SourceSystem syncingSystem(String name, String where) {
    for (SourceSystem s : SYNCING_SYSTEMS) {
      if (s.id().equalsIgnoreCase(name)) {
        return s;
      }
    }
    throw new ValidationException(where + " must name one of the practice systems "
        + SYNCING_SYSTEMS.stream().map(SourceSystem::id).toList());
  }

  private static List<String> splitCalendars(String value) {
    List<String> out = new ArrayList<>();
    for (String part : value.split(",")) {
      String id = part.strip();
      if (!id.isEmpty()) {
        out.add(id);
      }
    }
    return out;
  }

  /** Whether this connector writes back (it has a write calendar). */
  public boolean writesBack() {
    return writeCalendarId.isPresent();
  }

  /** connector-kit's SSRF guard for every call of this connector: strict unless relaxed here. */
  public SsrfGuard ssrfGuard() {
    SsrfGuard guard = SsrfGuard.strict();
    if (allowHttp) {
      guard = guard.allowingHttp();
    }
    if (privateTargets.isPresent()) {
      guard = guard.allowingPrivateTargets(privateTargets.get(), "connector " + connectorId + " " + SsrfGuard.ALLOW_PRIVATE_TARGETS);
    }
    return allowPrivateAddresses ? guard.allowingPrivateAddresses() : guard;
  }

  private static String httpUrl(@Nullable String given, boolean allowHttp, String what) {
    String url = Checks.notBlank(given, what);
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
        throw new ValidationException(what + " must be an absolute http(s) URL");
      }
      if (scheme.equals("http") && !allowHttp) {
        throw new ValidationException(what + " must be an https URL (set " + Keys.ALLOW_HTTP + " for a local sandbox)");
      }
      if (uri.getRawUserInfo() != null) {
        throw new ValidationException(what + " must not carry user info");
      }
    } catch (URISyntaxException e) {
      throw new ValidationException(what + " is not a valid URL");
    }
    return url;
  }

  private static void positive(@Nullable Duration given, String what) {
    Duration d = Checks.notNull(given, what);
    if (d.isNegative() || d.isZero()) {
      throw new ValidationException(what + " must be positive");
    }
  }

  /** Builds {@link GoogleCalendarSettings}. */
  public static final class Builder {
    private final ConnectorId connectorId;
    private final ClinicianId clinicianId;
    private List<String> calendarIds = List.of("primary");
    private @Nullable String writeCalendarId;
    private String rootUrl = DEFAULT_ROOT_URL;
    private String tokenUrl = DEFAULT_TOKEN_URL;
    private boolean allowHttp;
    private boolean allowPrivateAddresses;
    private @Nullable String privateTargets;
    private String clientIdSecret = DEFAULT_CLIENT_ID_SECRET;
    private String clientSecretSecret = DEFAULT_CLIENT_SECRET_SECRET;
    private String refreshTokenSecret;
    private String eventLabel = DEFAULT_EVENT_LABEL;
    private String provenance = OwnedEvents.DEFAULT_PROVENANCE;
    private HttpSettings http = HttpSettings.DEFAULTS;
    private double requestsPerSecond = DEFAULT_REQUESTS_PER_SECOND;
    private int burst = 10;
    private int maxAttempts = 5;
    private Duration quotaBackoff = Duration.ofHours(1);
    private Duration pollingFloor = Duration.ofMinutes(1);
    private final Map<String, SourceSystem> receivesSyncFrom = new LinkedHashMap<>();
    private @Nullable SourceSystem everyCalendarSyncedFrom;

    private Builder(ConnectorId connectorId, ClinicianId clinicianId) {
      this.connectorId = Checks.notNull(connectorId, "google connector id");
      this.clinicianId = Checks.notNull(clinicianId, "google connector clinician");
      this.refreshTokenSecret = "google/refresh-token/" + clinicianId.value();
    }

    private Builder(GoogleCalendarSettings s) {
      this.connectorId = s.connectorId;
      this.clinicianId = s.clinicianId;
      this.calendarIds = s.calendarIds;
      this.writeCalendarId = s.writeCalendarId.orElse(null);
      this.rootUrl = s.rootUrl;
      this.tokenUrl = s.tokenUrl;
      this.allowHttp = s.allowHttp;
      this.allowPrivateAddresses = s.allowPrivateAddresses;
      this.privateTargets = s.privateTargets.orElse(null);
      this.clientIdSecret = s.clientIdSecret;
      this.clientSecretSecret = s.clientSecretSecret;
      this.refreshTokenSecret = s.refreshTokenSecret;
      this.eventLabel = s.eventLabel;
      this.provenance = s.provenance;
      this.http = s.http;
      this.requestsPerSecond = s.requestsPerSecond;
      this.burst = s.burst;
      this.maxAttempts = s.maxAttempts;
      this.quotaBackoff = s.quotaBackoff;
      this.pollingFloor = s.pollingFloor;
      this.receivesSyncFrom.putAll(s.receivesSyncFrom);
    }

    public Builder calendarIds(List<String> ids) {
      this.calendarIds = ids;
      return this;
    }

    public Builder calendarIds(String... ids) {
      return calendarIds(List.of(ids));
    }

    /** The calendar mirrors go to; the connector writes back only when one is set. */
    public Builder writeCalendarId(String id) {
      this.writeCalendarId = id;
      return this;
    }

    public Builder rootUrl(String url) {
      this.rootUrl = url;
      return this;
    }

    public Builder tokenUrl(String url) {
      this.tokenUrl = url;
      return this;
    }

    /** Accepts plain-http root and token URLs (local sandboxes, tests). */
    public Builder allowHttp() {
      this.allowHttp = true;
      return this;
    }

    /** Accepts hosts on loopback and private addresses (local sandboxes, tests). */
    /** Allows exactly these {@code host:port} pairs although private (connector-kit's {@code allow-private-targets} form). */
    public Builder privateTargets(String hostPorts) {
      this.privateTargets = hostPorts;
      return this;
    }

    public Builder allowPrivateAddresses() {
      this.allowPrivateAddresses = true;
      return this;
    }

    public Builder clientIdSecret(String name) {
      this.clientIdSecret = name;
      return this;
    }

    public Builder clientSecretSecret(String name) {
      this.clientSecretSecret = name;
      return this;
    }

    public Builder refreshTokenSecret(String name) {
      this.refreshTokenSecret = name;
      return this;
    }

    public Builder eventLabel(String label) {
      this.eventLabel = label;
      return this;
    }

    public Builder provenance(String tag) {
      this.provenance = tag;
      return this;
    }

    public Builder http(HttpSettings settings) {
      this.http = settings;
      return this;
    }

    public Builder requestsPerSecond(double rate) {
      this.requestsPerSecond = rate;
      return this;
    }

    public Builder burst(int permits) {
      this.burst = permits;
      return this;
    }

    public Builder maxAttempts(int attempts) {
      this.maxAttempts = attempts;
      return this;
    }

    public Builder quotaBackoff(Duration backoff) {
      this.quotaBackoff = backoff;
      return this;
    }

    public Builder pollingFloor(Duration floor) {
      this.pollingFloor = floor;
      return this;
    }

    /**
     * Marks a calendar as receiving a practice system's own calendar sync (see
     * {@link GoogleCalendarSettings#receivesSyncFrom}); the calendar must be one of those read.
     */
    public Builder receivesSyncFrom(String calendarId, SourceSystem system) {
      Checks.notBlank(calendarId, "connector " + connectorId + " " + Keys.RECEIVES_SYNC_FROM + " calendar id");
      this.receivesSyncFrom.put(calendarId, Checks.notNull(system, "connector " + connectorId + " "
          + Keys.RECEIVES_SYNC_FROM + " system"));
      return this;
    }

    /** Marks every calendar read (whatever {@link #calendarIds} ends up being) as receiving this system's sync. */
    public Builder receivesSyncFromOnEveryCalendar(SourceSystem system) {
      this.everyCalendarSyncedFrom = Checks.notNull(system, "connector " + connectorId + " "
          + Keys.RECEIVES_SYNC_FROM + " system");
      return this;
    }

    /** @throws ValidationException naming the first invalid setting */
    public GoogleCalendarSettings build() {
      return new GoogleCalendarSettings(connectorId, clinicianId, calendarIds, Optional.ofNullable(writeCalendarId),
          rootUrl, tokenUrl, allowHttp, allowPrivateAddresses, Optional.ofNullable(privateTargets), clientIdSecret, clientSecretSecret, refreshTokenSecret, eventLabel, provenance,
          http, requestsPerSecond, burst, maxAttempts, quotaBackoff, pollingFloor, syncedFrom());
    }

    private Map<String, SourceSystem> syncedFrom() {
      Map<String, SourceSystem> out = new LinkedHashMap<>(receivesSyncFrom);
      SourceSystem every = everyCalendarSyncedFrom;
      if (every != null && calendarIds != null) {
        for (String c : calendarIds) {
          if (c != null) {
            out.putIfAbsent(c, every);
          }
        }
      }
      return out;
    }
  }
}
