package dev.clinicsync.connectors.google;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clinicsync.connectors.google.FreeBusyResult.CalendarFreeBusy;
import dev.clinicsync.connectors.google.FreeBusyResult.FreeBusyError;
import dev.clinicsync.connectors.google.internal.CursorCodec;
import dev.clinicsync.connectors.google.internal.CursorCodec.PagePosition;
import dev.clinicsync.connectors.google.internal.EventMapper;
import dev.clinicsync.connectors.google.internal.GoogleCalendarApi;
import dev.clinicsync.connectors.google.internal.GoogleConsentFlow;
import dev.clinicsync.connectors.google.internal.GoogleErrorRules;
import dev.clinicsync.connectors.google.internal.GoogleUserTokens;
import dev.clinicsync.connectors.google.internal.GoogleWatchChannels;
import dev.clinicsync.connectors.kit.Backoff;
import dev.clinicsync.connectors.kit.ConnectorHttp;
import dev.clinicsync.connectors.kit.HttpClients;
import dev.clinicsync.connectors.kit.RateLimiter;
import dev.clinicsync.connectors.kit.Redaction;
import dev.clinicsync.connectors.kit.RetryExecutor;
import dev.clinicsync.connectors.kit.Sleeper;
import dev.clinicsync.connectors.kit.VendorJson;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.CursorExpiredException;
import dev.clinicsync.core.FetchLimitExceededException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.connector.AccountLinking;
import dev.clinicsync.core.connector.MirrorWriter;
import dev.clinicsync.core.connector.PushChannels;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.connector.ConnectorCapabilities;
import dev.clinicsync.core.connector.ConnectorCapabilities.Capability;
import dev.clinicsync.core.connector.ConnectorContext;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.connector.FetchPage;
import dev.clinicsync.core.connector.FetchRequest;
import dev.clinicsync.core.connector.SourceConnector;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one clinician's Google calendars: a full sync of the window (instances expanded), then
 * incremental syncs with one Google sync token per calendar, all encoded in the
 * {@link dev.clinicsync.core.model.SyncCursor}.
 *
 * <p><b>Pages.</b> Each {@link FetchPage} is one Google page of one calendar; calendars are read
 * one after the other. The page token says which calendar, Google's page token within it, and
 * the sync tokens of the calendars already finished; only the very last page carries the cursor.
 * A calendar the cursor does not know yet (newly configured) is read in full over the window.
 *
 * <p><b>What a page holds.</b> Other people's and personal events become
 * {@link dev.clinicsync.core.model.BusyBlock}s without any detail; events ClinicSync wrote (our
 * private marker) are reported as {@link dev.clinicsync.core.connector.WriteEcho}es, never as busy
 * blocks; cancelled events and tombstones are deletions of {@code google:<eventId>}; transparent
 * and declined events block nothing. No appointment records come from Google. Bad events become
 * {@link dev.clinicsync.core.connector.RecordIssue}s.
 *
 * <p><b>HTTP.</b> Every call — events.list, get, insert, patch, delete, freeBusy and the token
 * refresh — goes through connector-kit's {@link ConnectorHttp}: the therapist's OAuth tokens
 * behind the kit's {@link dev.clinicsync.connectors.kit.AccessTokenProvider} (a 401 refreshes
 * once), retries with backoff and Retry-After, the rate limiter, redacted logging, the SSRF guard,
 * the body cap and the call timeout. Failures are classified once, by the kit, with Google's facts
 * plugged in ({@link GoogleErrorRules}); Google's {@code 410 Gone} for a sync token is a
 * {@link CursorExpiredException}: the coordinator drops the cursor and runs a full sync, so no
 * change is silently lost.
 *
 * <p><b>Write-back.</b> With a {@link GoogleCalendarSettings#writeCalendarId() write calendar}
 * the connector declares {@code WRITE_BACK} and {@link #mirrorWriter()} mirrors appointments into
 * it (core's {@link MirrorWriter}); without one it is read-only.
 */
public final class GoogleCalendarConnector implements SourceConnector {
  private static final Logger LOG = LoggerFactory.getLogger(GoogleCalendarConnector.class);

  /** Google's largest events.list page. */
  public static final int MAX_PAGE_SIZE = 2500;
  /** Google's largest freebusy.query request. */
  public static final int FREEBUSY_MAX_CALENDARS = 50;
  /** The longest window one freebusy.query answers ("time range is too long" beyond it). */
  public static final Duration FREEBUSY_MAX_CHUNK = Duration.ofDays(90);

  /** The kit's redaction, also masking calendar and event ids in paths (sync and page tokens are masked by name). */
  private static final Redaction REDACTION = Redaction.defaults().withPersonCollections("calendars", "events");

  private final GoogleCalendarSettings settings;
  private final ConnectorContext context;
  private final GoogleCalendarApi api;
  private final CursorCodec codec;
  private final @Nullable GoogleCalendarWriter writer;
  private final ConnectorCapabilities capabilities;
  private final GoogleConsentFlow consent;
  private final GoogleWatchChannels channels;

  private GoogleCalendarConnector(Builder b) {
    this.settings = b.settings;
    this.context = b.context;
    Sleeper sleeper = b.sleeper != null ? b.sleeper : Sleeper.system();
    RandomGenerator random = b.random != null ? b.random : RandomGenerator.getDefault();
    OkHttpClient base = b.baseClient != null ? b.baseClient : HttpClients.shared();
    HttpUrl tokenUrl = HttpUrl.parse(settings.tokenUrl());
    if (tokenUrl == null) {
      throw new ValidationException("connector " + id() + ": the token URL is not an http(s) URL");
    }
    ConnectorHttp.Builder tokenHttp = ConnectorHttp.builder(settings.connectorId(), context.clock())
        .baseClient(base)
        .settings(settings.http())
        .ssrfGuard(settings.ssrfGuard())
        .redaction(REDACTION)
        .retries(RetryExecutor.noRetries())
        .errorRules(GoogleErrorRules.tokenEndpoint());
    ConnectorHttp.Builder apiHttp = ConnectorHttp.builder(settings.connectorId(), context.clock())
        .baseClient(base)
        .settings(settings.http())
        .ssrfGuard(settings.ssrfGuard())
        .redaction(REDACTION)
        .rateLimiter(RateLimiter.of(settings.requestsPerSecond(), settings.burst(), context.clock(), sleeper))
        .retries(RetryExecutor.of(Backoff.DEFAULT.withMaxAttempts(settings.maxAttempts()), sleeper, random))
        .errorRules(GoogleErrorRules.api(settings.quotaBackoff()));
    if (b.maxBodyBytes != null) {
      tokenHttp.maxBodyBytes(b.maxBodyBytes);
      apiHttp.maxBodyBytes(b.maxBodyBytes);
    }
    ConnectorHttp tokenPipeline = tokenHttp.build();
    GoogleUserTokens tokens = new GoogleUserTokens(id().value(), tokenPipeline, tokenUrl, context.secrets(),
        settings.clientIdSecret(), settings.clientSecretSecret(), settings.refreshTokenSecret(), context.clock());
    this.api = new GoogleCalendarApi(apiHttp.accessTokens(tokens).build(), settings.rootUrl());
    this.codec = new CursorCodec(VendorJson.newMapper());
    this.writer = settings.writeCalendarId()
        .map(calendar -> new GoogleCalendarWriter(api, id().value(), calendar, settings.eventLabel(), settings.provenance()))
        .orElse(null);
    this.capabilities = settings.writesBack()
        ? ConnectorCapabilities.of(settings.pollingFloor(), Capability.FULL_FETCH, Capability.INCREMENTAL_FETCH,
            Capability.BUSY_BLOCKS, Capability.PUSH_NOTIFICATIONS, Capability.WRITE_BACK)
        : ConnectorCapabilities.of(settings.pollingFloor(), Capability.FULL_FETCH, Capability.INCREMENTAL_FETCH,
            Capability.BUSY_BLOCKS, Capability.PUSH_NOTIFICATIONS);
    GoogleConsentSettings consentSettings = b.consent != null ? b.consent : GoogleConsentSettings.DEFAULTS;
    this.consent = new GoogleConsentFlow(id().value(), settings.clinicianId(), settings.refreshTokenSecret(),
        tokenPipeline, settings.tokenUrl(), consentSettings.authorizationUrl(), consentSettings.revokeUrl(),
        consentSettings.scopes(), context.secrets(), settings.clientIdSecret(), settings.clientSecretSecret());
    this.channels = new GoogleWatchChannels(id().value(), api, settings.calendarIds());
  }

  /** A connector on the kit's shared HTTP client, with the system sleeper and default randomness. */
  public static GoogleCalendarConnector create(GoogleCalendarSettings settings, ConnectorContext context) {
    return builder(settings, context).build();
  }

  /** For tests and hosts that bring their own base client, sleeper or randomness. */
  public static Builder builder(GoogleCalendarSettings settings, ConnectorContext context) {
    return new Builder(settings, context);
  }

  @Override
  public ConnectorId id() {
    return settings.connectorId();
  }

  @Override
  public SourceSystem system() {
    return SourceSystem.GOOGLE;
  }

  @Override
  public ConnectorCapabilities capabilities() {
    return capabilities;
  }

  public GoogleCalendarSettings settings() {
    return settings;
  }

  /**
   * The write-back side, sharing this connector's credentials, limits and policy; present exactly
   * when the connector has a write calendar (and declares {@code WRITE_BACK}).
   */
  @Override
  public Optional<MirrorWriter> mirrorWriter() {
    return Optional.ofNullable(writer);
  }

  /**
   * The therapist's consent (google-oauth-client's authorization-code flow with PKCE, over the kit's
   * pipeline): the refresh token it yields is the one this connector reads from
   * {@link GoogleCalendarSettings#refreshTokenSecret()}.
   */
  @Override
  public Optional<AccountLinking> accountLinking() {
    return Optional.of(consent);
  }

  /** Watch channels ({@code events.watch}) on every calendar this connector reads. */
  @Override
  public Optional<PushChannels> pushChannels() {
    return Optional.of(channels);
  }

  @Override
  public FetchPage fetch(FetchRequest request) {
    Checks.notNull(request, "fetch request");
    PagePosition position = request.pageToken()
        .map(t -> codec.decodePage(t).orElseThrow(() -> new ValidationException(
            "connector " + id() + ": the page token was not issued by this connector")))
        .orElse(PagePosition.start());
    List<String> calendars = settings.calendarIds();
    if (position.calendarIndex() >= calendars.size()) {
      throw new ValidationException("connector " + id() + ": the page token names a calendar this connector no longer reads");
    }
    Map<String, String> known = Map.of();
    if (request.cursor().isPresent()) {
      known = codec.decodeCursor(request.cursor().get()).orElseThrow(() -> {
        LOG.warn("[{}] the stored cursor is not readable; a full sync is needed", id());
        return new CursorExpiredException(id().value(), 0, null, null);
      });
    }
    String calendarId = calendars.get(position.calendarIndex());
    Optional<String> syncToken = Optional.ofNullable(known.get(calendarId));
    int pageSize = Math.min(request.pageSize(), MAX_PAGE_SIZE);

    JsonNode page = api.listEvents(calendarId, syncToken, request.window(), position.googlePageToken(), pageSize);
    if (page.path("items").size() > request.limits().maxRecords()) {
      throw new FetchLimitExceededException(id().value(), FetchLimitExceededException.Limit.RECORDS,
          request.limits().maxRecords());
    }

    FetchPage.Builder out = FetchPage.builder();
    EventMapper.PageContext ctx = new EventMapper.PageContext(calendarId, settings.clinicianId(),
        zone(page.path("timeZone").asText(null)), this::clinicianZone, settings.provenance(),
        request.window(), syncToken.isPresent(), settings.syncedFrom(calendarId));
    new EventMapper(ctx, out).mapAll(page.path("items"));

    String nextPageToken = text(page, "nextPageToken");
    if (nextPageToken != null) {
      out.nextPageToken(codec.encodePage(new PagePosition(position.calendarIndex(), Optional.of(nextPageToken), position.finished())));
      return out.build();
    }
    String nextSyncToken = text(page, "nextSyncToken");
    if (nextSyncToken == null) {
      throw api.http().classifier().malformed("the last events page of a calendar carries no nextSyncToken", 200, null);
    }
    Map<String, String> finished = new LinkedHashMap<>(position.finished());
    finished.put(calendarId, nextSyncToken);
    if (position.calendarIndex() + 1 < calendars.size()) {
      out.nextPageToken(codec.encodePage(new PagePosition(position.calendarIndex() + 1, Optional.empty(), finished)));
    } else {
      out.nextCursor(codec.encodeCursor(finished));
      LOG.debug("[{}] {} sync of {} calendar(s) complete", id(), request.isIncremental() ? "incremental" : "full", calendars.size());
    }
    return out.build();
  }

  /** Free/busy of this connector's calendars. */
  public FreeBusyResult freeBusy(TimeWindow window) {
    return freeBusy(window, settings.calendarIds());
  }

  /**
   * Free/busy of any calendars the therapist's account may read, in requests of at most
   * {@value #FREEBUSY_MAX_CALENDARS} calendars and chunks of at most 90 days. Per-calendar errors
   * inside a successful response are kept per calendar.
   */
  public FreeBusyResult freeBusy(TimeWindow window, List<String> calendarIds) {
    Checks.notNull(window, "free/busy window");
    Checks.notNull(calendarIds, "free/busy calendars");
    if (calendarIds.isEmpty()) {
      throw new ValidationException("free/busy needs at least one calendar id");
    }
    Map<String, List<TimeWindow>> busy = new LinkedHashMap<>();
    Map<String, List<FreeBusyError>> errors = new LinkedHashMap<>();
    for (String id : calendarIds) {
      Checks.notBlank(id, "free/busy calendar id");
      busy.putIfAbsent(id, new ArrayList<>());
      errors.putIfAbsent(id, new ArrayList<>());
    }
    List<String> distinct = List.copyOf(busy.keySet());
    for (TimeWindow chunk : chunks(window, FREEBUSY_MAX_CHUNK)) {
      for (int i = 0; i < distinct.size(); i += FREEBUSY_MAX_CALENDARS) {
        List<String> batch = distinct.subList(i, Math.min(distinct.size(), i + FREEBUSY_MAX_CALENDARS));
        JsonNode answered = api.freeBusy(batch, chunk).path("calendars");
        for (String id : batch) {
          // both maps hold a list for every requested id (filled above)
          List<FreeBusyError> calErrors = Objects.requireNonNull(errors.get(id), "errors of a requested calendar");
          List<TimeWindow> calBusy = Objects.requireNonNull(busy.get(id), "busy times of a requested calendar");
          JsonNode cal = answered.get(id);
          if (cal == null || !cal.isObject()) {
            calErrors.add(new FreeBusyError("clinicsync", "missingFromResponse", chunk));
            continue;
          }
          for (JsonNode e : cal.path("errors")) {
            calErrors.add(new FreeBusyError(FreeBusyResult.shownDomain(e.path("domain").asText("")),
                FreeBusyResult.shownReason(e.path("reason").asText("")), chunk));
          }
          for (JsonNode p : cal.path("busy")) {
            Optional<Instant> start = instant(p.path("start"));
            Optional<Instant> end = instant(p.path("end"));
            if (start.isPresent() && end.isPresent() && end.get().isAfter(start.get())) {
              calBusy.add(new TimeWindow(start.get(), end.get()));
            }
          }
        }
      }
    }
    Map<String, CalendarFreeBusy> result = new LinkedHashMap<>();
    for (String id : distinct) {
      List<TimeWindow> sorted = new ArrayList<>(busy.getOrDefault(id, List.of()));
      sorted.sort(Comparator.comparing(TimeWindow::start).thenComparing(TimeWindow::end));
      result.put(id, new CalendarFreeBusy(id, sorted, errors.getOrDefault(id, List.of())));
    }
    return new FreeBusyResult(window, result);
  }

  /** The window cut into consecutive chunks of at most {@code max}. */
  static List<TimeWindow> chunks(TimeWindow window, Duration max) {
    List<TimeWindow> out = new ArrayList<>();
    Instant start = window.start();
    while (start.isBefore(window.end())) {
      Instant end = start.plus(max);
      if (end.isAfter(window.end())) {
        end = window.end();
      }
      out.add(new TimeWindow(start, end));
      start = end;
    }
    return out;
  }

  private Optional<ZoneId> clinicianZone() {
    return context.clinicians().find(settings.clinicianId()).map(Clinician::zone);
  }

  private static Optional<ZoneId> zone(@Nullable String id) {
    if (id == null || id.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(ZoneId.of(id));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<Instant> instant(JsonNode node) {
    if (!node.isTextual()) {
      return Optional.empty();
    }
    try {
      return Optional.of(java.time.OffsetDateTime.parse(node.asText()).toInstant());
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || !v.isTextual() || v.asText().isBlank() ? null : v.asText();
  }

  /** Nothing to release: the connector shares the kit's connection pool. */
  @Override
  public void close() {}

  @Override
  public String toString() {
    return "GoogleCalendarConnector[" + id() + ", clinician " + settings.clinicianId() + ", "
        + settings.calendarIds().size() + " calendar(s)]";
  }

  /** Builds a {@link GoogleCalendarConnector}. */
  public static final class Builder {
    private final GoogleCalendarSettings settings;
    private final ConnectorContext context;
    private @Nullable OkHttpClient baseClient;
    private @Nullable Sleeper sleeper;
    private @Nullable RandomGenerator random;
    private @Nullable Long maxBodyBytes;
    private @Nullable GoogleConsentSettings consent;

    private Builder(GoogleCalendarSettings settings, ConnectorContext context) {
      this.settings = Checks.notNull(settings, "google settings");
      this.context = Checks.notNull(context, "connector context");
    }

    /**
     * The OkHttp client the connector's pipeline derives from (a proxy, a custom trust store);
     * connector-kit's {@link HttpClients#shared() shared client} by default. The kit's
     * interceptors, timeouts and guard are added to it.
     */
    public Builder baseClient(OkHttpClient client) {
      this.baseClient = Checks.notNull(client, "base client");
      return this;
    }

    /** How retries and the rate limiter wait; {@link Sleeper#system()} by default. */
    public Builder sleeper(Sleeper s) {
      this.sleeper = s;
      return this;
    }

    /** The randomness of backoff jitter. */
    public Builder random(RandomGenerator r) {
      this.random = r;
      return this;
    }

    /** Google's consent endpoints and scopes ({@link GoogleConsentSettings#DEFAULTS} by default). */
    public Builder consent(GoogleConsentSettings c) {
      this.consent = Checks.notNull(c, "google consent settings");
      return this;
    }

    /** The body cap, overriding the kit's default (tests). */
    Builder maxBodyBytes(long bytes) {
      this.maxBodyBytes = bytes;
      return this;
    }

    public GoogleCalendarConnector build() {
      return new GoogleCalendarConnector(this);
    }
  }
}
