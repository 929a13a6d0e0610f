package dev.clinicsync.connectors.zocdoc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clinicsync.connectors.kit.Backoff;
import dev.clinicsync.connectors.kit.ClientCredentialsTokenSource;
import dev.clinicsync.connectors.kit.ClientCredentialsTokenSource.BodyFormat;
import dev.clinicsync.connectors.kit.ClientCredentialsTokenSource.ClientAuthentication;
import dev.clinicsync.connectors.kit.ConnectorHttp;
import dev.clinicsync.connectors.kit.HttpClients;
import dev.clinicsync.connectors.kit.HttpErrorClassifier;
import dev.clinicsync.connectors.kit.HttpSettings;
import dev.clinicsync.connectors.kit.RateLimiter;
import dev.clinicsync.connectors.kit.Redaction;
import dev.clinicsync.connectors.kit.RetryExecutor;
import dev.clinicsync.connectors.kit.Sleeper;
import dev.clinicsync.connectors.kit.SsrfGuard;
import dev.clinicsync.connectors.zocdoc.internal.AppointmentMapper;
import dev.clinicsync.connectors.zocdoc.internal.PageState;
import dev.clinicsync.connectors.zocdoc.internal.Slice;
import dev.clinicsync.connectors.zocdoc.internal.ZocdocApi;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.FetchLimitExceededException;
import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.connector.ConnectorCapabilities;
import dev.clinicsync.core.connector.ConnectorCapabilities.Capability;
import dev.clinicsync.core.connector.ConnectorContext;
import dev.clinicsync.core.connector.FetchPage;
import dev.clinicsync.core.connector.FetchRequest;
import dev.clinicsync.core.connector.Retention;
import dev.clinicsync.core.connector.SourceConnector;
import dev.clinicsync.core.connector.SourceRecord;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.ExternalIdentity;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.random.RandomGenerator;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a Zocdoc developer account's appointments with {@code GET /v1/appointments}.
 *
 * <p><b>Paging and the result cap.</b> Zocdoc pages are zero-indexed ({@code page} 0–10) of at most
 * 100 ({@code page_size}), and one query returns at most 1,000 appointments in all. So a fetch reads
 * its window as <em>slices</em>, each a query by start time ({@code start_time_utc_min}/{@code _max},
 * the bounds re-checked here, so that no appointment belongs to two slices). A slice that reaches the
 * cap is never read on: it is replaced by its two halves in time, and once a slice is no longer than
 * {@link ZocdocSettings#minSlice()}, by one slice per known provider ({@code provider_ids}), then per
 * known location of that provider ({@code location_ids}) — providers and locations come from the
 * clinician directory's Zocdoc identities and the {@code provider-ids}/{@code location-ids} settings.
 * A provider or location split cannot see appointments of providers nobody configured, so it adds a
 * {@link Retention#window window retention}: nothing stored there is inferred deleted. A slice that
 * cannot be split further fails the fetch with a permanent error.
 *
 * <p>Whether a slice reaches the cap is known on its first page when the answer carries
 * {@code total_count} (then pages are streamed, one {@link FetchPage} per vendor page). Without it
 * (UNCONFIRMED which Zocdoc sends), the slice's pages are read before anything of it is reported,
 * so records of a slice that turns out capped are never reported twice. Each split is reported as an
 * empty page, so the coordinator's page limit bounds the splitting too.
 *
 * <p><b>Records.</b> {@link AppointmentMapper} maps the eight statuses, the composite
 * {@code pr_…|lo_…} ids (through the {@link dev.clinicsync.core.store.ClinicianDirectory}), the times
 * with their offsets, and keeps the PHI apart.
 *
 * <p><b>Push.</b> Zocdoc's webhooks are change notices: {@link ZocdocWebhookHandler} verifies them
 * and asks for a targeted refresh, which reaches {@link #fetchByExternalIds}.
 *
 * <p><b>Read-only by default.</b> Zocdoc has no idempotency key, so a retried booking could book
 * twice; unless {@code book=true} this connector declares no {@code WRITE_BACK} and sends no write at
 * all. With it, {@link ZocdocBookingWriter} books, sending each create once and reading back after
 * a lost answer. Every read goes through
 * connector-kit's {@link ConnectorHttp} with OAuth 2.0 client credentials (JSON body with the
 * {@code audience}).
 */
public final class ZocdocConnector implements SourceConnector {
  private static final Logger LOG = LoggerFactory.getLogger(ZocdocConnector.class);
  private static final Redaction REDACTION = Redaction.defaults()
      .allowingQueryParameters(ZocdocApi.SHOWN_QUERY_PARAMETERS)
      .withPersonCollections("appointments");

  private final ZocdocSettings settings;
  private final ConnectorContext context;
  private final ZocdocApi api;
  private final AppointmentMapper mapper;
  private final ConnectorCapabilities capabilities;
  private final @Nullable ZocdocBookingWriter writer;

  private ZocdocConnector(Builder b) {
    this.settings = b.settings;
    this.context = b.context;
    Sleeper sleeper = b.sleeper != null ? b.sleeper : Sleeper.system();
    RandomGenerator random = b.random != null ? b.random : RandomGenerator.getDefault();
    OkHttpClient base = b.baseClient != null ? b.baseClient : HttpClients.shared();
    ConnectorId id = settings.connectorId();
    // the token call: guarded and time-bounded like every call, but without the API's interceptors,
    // so the token source classifies the endpoint's refusals itself
    HttpSettings http = HttpSettings.from(settings.config());
    SsrfGuard guard = SsrfGuard.from(settings.config());
    OkHttpClient tokenClient = guard.applyTo(HttpClients.withSettings(base.newBuilder(), http),
        HttpErrorClassifier.forConnector(id, context.clock())).build();
    ClientCredentialsTokenSource tokens = ClientCredentialsTokenSource
        .builder(id, settings.tokenUrl(), context.secrets(), context.clock())
        .credentials(settings.clientIdSecret(), settings.clientSecretSecret())
        .bodyFormat(BodyFormat.JSON)
        .clientAuthentication(ClientAuthentication.BODY)
        .audience(settings.audience())
        .httpClient(tokenClient)
        .build();
    ConnectorHttp apiHttp = ConnectorHttp.builder(id, context.clock())
        .baseClient(base)
        .config(settings.config())
        .redaction(REDACTION)
        .accessTokens(tokens)
        .rateLimiter(RateLimiter.fromConfig(settings.config(), 5, context.clock(), sleeper))
        .retries(RetryExecutor.of(Backoff.DEFAULT.withMaxAttempts(settings.maxAttempts()), sleeper, random))
        .build();
    this.api = new ZocdocApi(apiHttp, settings.baseUrl());
    this.mapper = new AppointmentMapper(context.clinicians(), context.patients(), settings.defaultDuration());
    this.writer = settings.book()
        ? new ZocdocBookingWriter(api, settings, b.patients != null ? b.patients : BookingPatients.none())
        : null;
    this.capabilities = settings.book()
        ? ConnectorCapabilities.of(settings.pollingFloor(), Capability.FULL_FETCH, Capability.PUSH_NOTIFICATIONS,
            Capability.WRITE_BACK)
        : ConnectorCapabilities.of(settings.pollingFloor(), Capability.FULL_FETCH, Capability.PUSH_NOTIFICATIONS);
  }

  /** A connector on the kit's shared client, with the system sleeper. */
  public static ZocdocConnector create(ZocdocSettings settings, ConnectorContext context) {
    return builder(settings, context).build();
  }

  /** For tests and hosts that bring their own base client, sleeper or randomness. */
  public static Builder builder(ZocdocSettings settings, ConnectorContext context) {
    return new Builder(settings, context);
  }

  @Override
  public ConnectorId id() {
    return settings.connectorId();
  }

  @Override
  public SourceSystem system() {
    return SourceSystem.ZOCDOC;
  }

  @Override
  public ConnectorCapabilities capabilities() {
    return capabilities;
  }

  /** The booking writer when {@code book=true}; empty (read-only) by default. */
  @Override
  public Optional<dev.clinicsync.core.connector.MirrorWriter> mirrorWriter() {
    return Optional.ofNullable(writer);
  }

  public ZocdocSettings settings() {
    return settings;
  }

  @Override
  public FetchPage fetch(FetchRequest request) {
    Checks.notNull(request, "fetch request");
    int size = Math.min(request.pageSize(), settings.pageSize());
    PageState state = request.pageToken()
        .map(t -> PageState.decode(t).orElseThrow(() -> new ValidationException(
            "connector " + id() + ": the page token was not issued by this connector")))
        .orElseGet(() -> new PageState(List.of(initialSlice(request.window())), 0));
    Slice slice = state.current();
    int cap = capFor(size);
    JsonNode body = api.list(slice, state.page(), size, settings.practiceIds());
    List<JsonNode> items = items(body);
    OptionalLong total = total(body);
    FetchPage.Builder out = FetchPage.builder();

    if (state.page() == 0 && total.isPresent() && total.getAsLong() >= cap) {
      return split(state, out);
    }
    if (state.page() == 0 && total.isEmpty()) {
      // no total: read the whole slice before reporting any of it
      List<JsonNode> all = new ArrayList<>(items);
      List<JsonNode> last = items;
      int page = 0;
      while (last.size() >= size && all.size() < cap && page < settings.maxPageIndex()) {
        page++;
        last = items(api.list(slice, page, size, settings.practiceIds()));
        all.addAll(last);
        checkRecords(all.size(), request);
      }
      if (all.size() >= cap || (last.size() >= size && page >= settings.maxPageIndex())) {
        return split(state, out);
      }
      mapAll(all, 0, slice, request.window(), out);
      return advance(state.nextSlice(), out);
    }
    checkRecords(items.size(), request);
    mapAll(items, state.page() * size, slice, request.window(), out);
    long reachable = Math.min(total.orElse(Long.MAX_VALUE), cap);
    boolean more = items.size() >= size && (long) (state.page() + 1) * size < reachable
        && state.page() < settings.maxPageIndex();
    return advance(more ? Optional.of(state.nextPage()) : state.nextSlice(), out);
  }

  /**
   * Fetches the current state of specific appointments ({@code GET /v1/appointments/{id}} each): one
   * last page with each found appointment as an upsert (or an issue), and each one Zocdoc no longer
   * shows (404) as a deletion. For push notices: {@link ZocdocWebhookHandler}.
   *
   * @throws ValidationException when an id is not a Zocdoc appointment id
   */
  @Override
  public FetchPage fetchByExternalIds(Set<String> externalIds) {
    Checks.notNull(externalIds, "external ids");
    for (String id : externalIds) {
      if (id == null || !AppointmentMapper.isAppointmentId(id)) {
        throw new ValidationException("connector " + id() + ": a requested id is not a Zocdoc appointment id");
      }
    }
    FetchPage.Builder out = FetchPage.builder();
    for (String id : new LinkedHashSet<>(externalIds)) {
      Optional<JsonNode> found = api.get(id);
      if (found.isEmpty()) {
        out.deleteAppointment(SourceRef.of(SourceSystem.ZOCDOC, id));
        continue;
      }
      JsonNode data = found.get().path("data").isObject() ? found.get().path("data") : found.get();
      mapper.map(data, id, out::issue).ifPresent(out::upsert);
    }
    return out.build();
  }

  @Override
  public boolean fetchesByExternalId() {
    return true;
  }

  /** The most timeslot pages read for one provider and date. */
  public static final int MAX_TIMESLOT_PAGES = 50;

  /**
   * The open calendar-integration timeslots of one provider on one <em>local</em> date
   * ({@code GET /v1/providers/{provider_id}/calendar/timeslots?date=}; Zocdoc matches the date in the
   * slot's own zone, so a 22:00 New York slot on 1 October is listed under 1 October although it is
   * 2 October in UTC). Each slot's local {@code start_time} is converted with its {@code time_zone};
   * slots without a readable time or a valid zone are left out (counted in the log, never quoted).
   * Follows {@code next_page_token} for at most {@value #MAX_TIMESLOT_PAGES} pages. The response
   * shape beyond {@code start_time} and {@code time_zone} is UNCONFIRMED.
   */
  public List<ZocdocTimeslot> timeslots(String providerId, java.time.LocalDate date) {
    Checks.notNull(date, "timeslot date");
    if (providerId == null || !ZocdocSettings.PROVIDER_ID.matcher(providerId).matches()) {
      throw new ValidationException("connector " + id() + ": timeslots need a pr_ provider id");
    }
    List<ZocdocTimeslot> out = new ArrayList<>();
    int skipped = 0;
    Optional<String> token = Optional.empty();
    for (int page = 0; page < MAX_TIMESLOT_PAGES; page++) {
      JsonNode body = api.timeslots(providerId, date, token);
      JsonNode slots = body.has("timeslots") ? body.get("timeslots") : body.path("data");
      for (JsonNode slot : slots) {
        Optional<ZocdocTimeslot> t = timeslot(slot);
        if (t.isPresent()) {
          out.add(t.get());
        } else {
          skipped++;
        }
      }
      JsonNode next = body.get("next_page_token");
      if (next == null || !next.isTextual() || next.asText().isBlank()) {
        if (skipped > 0) {
          LOG.warn("[{}] {} timeslot(s) without a readable local time or zone were left out", id(), skipped);
        }
        return out;
      }
      token = Optional.of(next.asText());
    }
    throw new PermanentConnectorException(id().value(), "more than " + MAX_TIMESLOT_PAGES
        + " pages of timeslots for one provider and date", 0, null, null);
  }

  private static Optional<ZocdocTimeslot> timeslot(JsonNode slot) {
    JsonNode start = slot.get("start_time");
    JsonNode tz = slot.get("time_zone");
    if (start == null || tz == null || !start.isTextual() || !tz.isTextual()) {
      return Optional.empty();
    }
    try {
      java.time.LocalDateTime local = java.time.LocalDateTime.parse(start.asText());
      java.time.ZoneId zone = java.time.ZoneId.of(tz.asText());
      return Optional.of(new ZocdocTimeslot(dev.clinicsync.connectors.zocdoc.internal.LocalZoned.toInstant(local, zone),
          local, zone));
    } catch (java.time.DateTimeException e) {
      return Optional.empty();
    }
  }

  // ------------------------------------------------------------------------------------ internals

  /** The most a slice query returns, with pages of {@code size}: the result cap, or the last page's end. */
  private int capFor(int size) {
    long reachable = (long) (settings.maxPageIndex() + 1) * size;
    return (int) Math.min(settings.resultCap(), reachable);
  }

  private Slice initialSlice(TimeWindow window) {
    Instant start = window.start().minus(settings.startLookback()).truncatedTo(ChronoUnit.SECONDS);
    Instant end = window.end().truncatedTo(ChronoUnit.SECONDS);
    if (end.isBefore(window.end())) {
      end = end.plusSeconds(1);
    }
    return Slice.of(start, end);
  }

  private FetchPage split(PageState state, FetchPage.Builder out) {
    Slice s = state.current();
    List<Slice> parts = new ArrayList<>();
    if (s.providerId().isEmpty() && s.length().compareTo(settings.minSlice()) > 0) {
      parts.addAll(List.of(s.halves()));
    } else if (s.providerId().isEmpty()) {
      knownProviders().forEach(p -> parts.add(s.forProvider(p)));
    } else if (s.locationId().isEmpty()) {
      knownLocations(s.providerId().get()).forEach(l -> parts.add(s.forLocation(l)));
    }
    if (parts.isEmpty()) {
      throw new PermanentConnectorException(id().value(), "a slice of " + s.length()
          + (s.providerId().isPresent() ? " for one provider" : "") + " holds " + settings.resultCap()
          + " or more appointments and cannot be split further (configure provider-ids and location-ids)",
          0, null, null);
    }
    if (s.providerId().isPresent() || parts.get(0).providerId().isPresent()) {
      out.retain(Retention.window(new TimeWindow(s.start(), s.end())));
    }
    LOG.debug("[{}] a slice of {} reached the result cap; split into {}", id(), s.length(), parts.size());
    return out.nextPageToken(state.replaceCurrent(parts).encode()).build();
  }

  private Set<String> knownProviders() {
    Set<String> out = new LinkedHashSet<>(settings.providerIds());
    for (Clinician c : context.clinicians().all()) {
      for (ExternalIdentity e : c.externalIds()) {
        if (e.system().equals(SourceSystem.ZOCDOC)) {
          String provider = e.id().split("\\|", 2)[0];
          if (ZocdocSettings.PROVIDER_ID.matcher(provider).matches()) {
            out.add(provider);
          }
        }
      }
    }
    return out;
  }

  private Set<String> knownLocations(String provider) {
    Set<String> out = new LinkedHashSet<>(settings.locationIds());
    for (Clinician c : context.clinicians().all()) {
      for (ExternalIdentity e : c.externalIds()) {
        String[] parts = e.id().split("\\|", 2);
        if (e.system().equals(SourceSystem.ZOCDOC) && parts.length == 2 && parts[0].equals(provider)
            && ZocdocSettings.LOCATION_ID.matcher(parts[1]).matches()) {
          out.add(parts[1]);
        }
      }
    }
    return out;
  }

  private void mapAll(List<JsonNode> items, int offset, Slice slice, TimeWindow window, FetchPage.Builder out) {
    int position = offset;
    for (JsonNode item : items) {
      Optional<SourceRecord> record = mapper.map(item, "item#" + position++, out::issue);
      if (record.isEmpty()) {
        continue;
      }
      SourceRecord r = record.get();
      // the vendor's bounds are re-checked, so an appointment on a slice boundary is reported once
      if (slice.holdsStart(r.appointment().start()) && r.appointment().overlaps(window)) {
        out.upsert(r);
      }
    }
  }

  private static FetchPage advance(Optional<PageState> next, FetchPage.Builder out) {
    next.ifPresent(s -> out.nextPageToken(s.encode()));
    return out.build();
  }

  private void checkRecords(int count, FetchRequest request) {
    if (count > request.limits().maxRecords()) {
      throw new FetchLimitExceededException(id().value(), FetchLimitExceededException.Limit.RECORDS,
          request.limits().maxRecords());
    }
  }

  private List<JsonNode> items(JsonNode body) {
    JsonNode data = body.get("data");
    if (data == null || !data.isArray()) {
      throw api.http().classifier().malformed("the appointments page has no data array", 200, null);
    }
    List<JsonNode> out = new ArrayList<>(data.size());
    data.forEach(out::add);
    return out;
  }

  private static OptionalLong total(JsonNode body) {
    JsonNode t = body.get("total_count");
    return t != null && t.isIntegralNumber() && t.asLong() >= 0 ? OptionalLong.of(t.asLong()) : OptionalLong.empty();
  }

  /** Nothing to release: the connector shares the kit's connection pool. */
  @Override
  public void close() {}

  @Override
  public String toString() {
    return "ZocdocConnector[" + id() + ", " + settings.environment() + "]";
  }

  /** Builds a {@link ZocdocConnector}. */
  public static final class Builder {
    private final ZocdocSettings settings;
    private final ConnectorContext context;
    private @Nullable OkHttpClient baseClient;
    private @Nullable Sleeper sleeper;
    private @Nullable RandomGenerator random;
    private @Nullable BookingPatients patients;

    private Builder(ZocdocSettings settings, ConnectorContext context) {
      this.settings = Checks.notNull(settings, "zocdoc settings");
      this.context = Checks.notNull(context, "connector context");
    }

    /** The OkHttp client the pipeline derives from; connector-kit's shared client by default. */
    public Builder baseClient(OkHttpClient client) {
      this.baseClient = Checks.notNull(client, "base client");
      return this;
    }

    /** How retries and the rate limiter wait; {@link Sleeper#system()} by default. */
    public Builder sleeper(Sleeper s) {
      this.sleeper = Checks.notNull(s, "sleeper");
      return this;
    }

    /** The randomness of backoff jitter. */
    public Builder random(RandomGenerator r) {
      this.random = Checks.notNull(r, "random");
      return this;
    }

    /** The patients of bookings (only used with {@code book=true}); none by default, so creates are refused. */
    public Builder bookingPatients(BookingPatients p) {
      this.patients = Checks.notNull(p, "booking patients");
      return this;
    }

    public ZocdocConnector build() {
      return new ZocdocConnector(this);
    }
  }
}
