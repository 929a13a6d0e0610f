package dev.clinicsync.connectors.athena;

import ca.uhn.fhir.context.FhirContext;
import dev.clinicsync.connectors.athena.internal.AppointmentMapper;
import dev.clinicsync.connectors.athena.internal.AthenaCursor;
import dev.clinicsync.connectors.athena.internal.FhirApi;
import dev.clinicsync.connectors.athena.internal.OperationOutcomeRules;
import dev.clinicsync.connectors.athena.internal.PageState;
import dev.clinicsync.connectors.athena.internal.ServiceTypeMapper;
import dev.clinicsync.connectors.kit.Backoff;
import dev.clinicsync.connectors.kit.ClientCredentialsTokenSource;
import dev.clinicsync.connectors.kit.ConnectorHttp;
import dev.clinicsync.connectors.kit.HttpClients;
import dev.clinicsync.connectors.kit.RateLimiter;
import dev.clinicsync.connectors.kit.Redaction;
import dev.clinicsync.connectors.kit.RetryExecutor;
import dev.clinicsync.connectors.kit.Sleeper;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.CursorExpiredException;
import dev.clinicsync.core.FetchLimitExceededException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.connector.ConnectorCapabilities;
import dev.clinicsync.core.connector.ConnectorCapabilities.Capability;
import dev.clinicsync.core.connector.ConnectorContext;
import dev.clinicsync.core.connector.FetchPage;
import dev.clinicsync.core.connector.FetchRequest;
import dev.clinicsync.core.connector.Retention;
import dev.clinicsync.core.connector.ServiceCatalog;
import dev.clinicsync.core.connector.ServiceType;
import dev.clinicsync.core.connector.SourceConnector;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a practice's appointments from athenahealth's FHIR R4 API.
 *
 * <p><b>Search.</b> {@code Appointment?ah-practice=Organization/a-1.Practice-{id}&date=ge…&date=lt…}
 * over the fetch window, narrowed by {@code ah-department} and {@code practitioner} when configured,
 * {@code _count} the smaller of the request's page size and {@link AthenaSettings#pageSize()}. One
 * {@link #fetch} reads one server page; the page token carries the server's {@code Bundle.link[next]}
 * (checked to stay on the configured base) until there is none.
 *
 * <p><b>Incremental.</b> Where the server's CapabilityStatement lists {@code _lastUpdated} (or
 * {@link IncrementalMode#LAST_UPDATED} is configured), the cursor is the server time of the last
 * fetch's first page and the next fetch asks {@code _lastUpdated=gt<it>} — without the date window,
 * so an appointment moved out of the window still arrives. Otherwise the window is read again and
 * compared by {@code meta.versionId} with the versions the cursor keeps: unchanged appointments are
 * left out, vanished ones are deletions. {@code entered-in-error} is a deletion either way. A cursor
 * of the other kind, or one this connector cannot read, is a {@link CursorExpiredException}: the
 * coordinator runs a full fetch.
 *
 * <p><b>HTTP.</b> HAPI's client on connector-kit's pipeline ({@link FhirApi}): OAuth 2.0 client
 * credentials (HTTP Basic, form body, configured scopes) through the kit's token source, the bearer
 * put on each request by our own interceptor, one refresh after a 401, retries of 429 and 5xx with
 * Retry-After, the rate limiter, the SSRF guard, the body cap, the call timeout, and redacted
 * logging. An {@code OperationOutcome} error names its issue codes, never its text.
 *
 * <p><b>Mapping.</b> {@link AppointmentMapper}: statuses through one table, practitioners to the
 * host's clinicians, the patient to a token, PHI (patient display name, notes) into the PHI record
 * only, bad records as issues naming the element.
 */
public final class AthenaConnector implements SourceConnector {
  private static final Logger LOG = LoggerFactory.getLogger(AthenaConnector.class);

  /** Without a server time or any appointment, a new cursor starts this far back (clock skew). */
  static final Duration CURSOR_SKEW = Duration.ofMinutes(5);

  /** The kit's redaction, showing our own search parameters (all ids and times, no PHI). */
  private static final Redaction REDACTION = Redaction.defaults().allowingQueryParameters(
      "date", "_lastUpdated", "ah-practice", "ah-department", "practitioner", "_getpagesoffset", "_bundletype");

  private final AthenaSettings settings;
  private final ConnectorContext context;
  private final FhirApi api;
  private final AppointmentMapper mapper;
  private final ServiceTypeMapper serviceTypes;
  private final ConnectorCapabilities capabilities;
  private final HttpUrl base;
  private volatile @Nullable IncrementalMode resolvedMode;

  private AthenaConnector(Builder b) {
    this.settings = b.settings;
    this.context = b.context;
    Sleeper sleeper = b.sleeper != null ? b.sleeper : Sleeper.system();
    RandomGenerator random = b.random != null ? b.random : RandomGenerator.getDefault();
    OkHttpClient baseClient = b.baseClient != null ? b.baseClient : HttpClients.shared();
    HttpUrl parsed = HttpUrl.parse(settings.fhirBaseUrl());
    if (parsed == null) {
      throw new ValidationException("connector " + id() + ": the FHIR base URL is not an http(s) URL");
    }
    this.base = parsed;
    ConnectorHttp.Builder tokenHttp = ConnectorHttp.builder(id(), context.clock())
        .baseClient(baseClient).settings(settings.http()).ssrfGuard(settings.ssrfGuard()).redaction(REDACTION)
        .retries(RetryExecutor.noRetries());
    ConnectorHttp.Builder apiHttp = ConnectorHttp.builder(id(), context.clock())
        .baseClient(baseClient).settings(settings.http()).ssrfGuard(settings.ssrfGuard()).redaction(REDACTION)
        .rateLimiter(RateLimiter.of(settings.requestsPerSecond(), settings.burst(), context.clock(), sleeper))
        .retries(RetryExecutor.of(Backoff.DEFAULT.withMaxAttempts(settings.maxAttempts()), sleeper, random))
        .errorRules(new OperationOutcomeRules());
    ClientCredentialsTokenSource tokens = ClientCredentialsTokenSource
        .builder(id(), settings.tokenUrl(), context.secrets(), context.clock())
        .credentials(settings.clientIdSecret(), settings.clientSecretSecret())
        .bodyFormat(ClientCredentialsTokenSource.BodyFormat.FORM)
        .clientAuthentication(ClientCredentialsTokenSource.ClientAuthentication.BASIC)
        .scope(settings.scopes())
        .refreshSkew(settings.tokenRefreshSkew())
        .httpClient(tokenHttp.build().client())
        .build();
    FhirContext fhir = b.fhirContext != null ? b.fhirContext : FhirContext.forR4();
    this.api = new FhirApi(fhir, apiHttp.build(), tokens, settings.fhirBaseUrl(), settings.http());
    this.serviceTypes = new ServiceTypeMapper(api.classifier());
    this.mapper = new AppointmentMapper(id(), settings.practiceId(), context.clinicians(), context.patients());
    this.capabilities = ConnectorCapabilities.of(settings.pollingFloor(), Capability.FULL_FETCH,
        Capability.INCREMENTAL_FETCH);
    if (settings.incrementalMode() != IncrementalMode.AUTO) {
      this.resolvedMode = settings.incrementalMode();
    }
  }

  /** A connector on the kit's shared HTTP client, with the system sleeper and default randomness. */
  public static AthenaConnector create(AthenaSettings settings, ConnectorContext context) {
    return builder(settings, context).build();
  }

  /** For tests and hosts that bring their own base client, sleeper or randomness. */
  public static Builder builder(AthenaSettings settings, ConnectorContext context) {
    return new Builder(settings, context);
  }

  @Override
  public ConnectorId id() {
    return settings.connectorId();
  }

  @Override
  public SourceSystem system() {
    return SourceSystem.ATHENAHEALTH;
  }

  @Override
  public ConnectorCapabilities capabilities() {
    return capabilities;
  }

  public AthenaSettings settings() {
    return settings;
  }

  /**
   * How this connector finds changes: the configured mode, or for {@link IncrementalMode#AUTO}
   * what the server's CapabilityStatement says (read once, on first use).
   */
  public IncrementalMode incrementalMode() {
    IncrementalMode mode = resolvedMode;
    if (mode == null) {
      mode = supportsLastUpdated(api.capabilities()) ? IncrementalMode.LAST_UPDATED : IncrementalMode.WINDOWED;
      LOG.debug("[{}] the server's capabilities choose {} incremental fetches", id(), mode);
      resolvedMode = mode;
    }
    return mode;
  }

  static boolean supportsLastUpdated(CapabilityStatement cs) {
    for (CapabilityStatement.CapabilityStatementRestComponent rest : cs.getRest()) {
      for (CapabilityStatement.CapabilityStatementRestResourceSearchParamComponent p : rest.getSearchParam()) {
        if ("_lastUpdated".equals(p.getName())) {
          return true;
        }
      }
      for (CapabilityStatement.CapabilityStatementRestResourceComponent r : rest.getResource()) {
        if (!"Appointment".equals(r.getType())) {
          continue;
        }
        for (CapabilityStatement.CapabilityStatementRestResourceSearchParamComponent p : r.getSearchParam()) {
          if ("_lastUpdated".equals(p.getName())) {
            return true;
          }
        }
      }
    }
    return false;
  }

  @Override
  public FetchPage fetch(FetchRequest request) {
    Checks.notNull(request, "fetch request");
    IncrementalMode mode = incrementalMode();
    AthenaCursor.Kind kind = mode == IncrementalMode.LAST_UPDATED ? AthenaCursor.Kind.LAST_UPDATED : AthenaCursor.Kind.WINDOWED;
    Optional<AthenaCursor> cursor = Optional.empty();
    if (request.cursor().isPresent()) {
      AthenaCursor c = AthenaCursor.decode(request.cursor().get()).orElse(null);
      if (c == null || c.kind() != kind) {
        LOG.warn("[{}] the stored cursor is not a {} cursor of this connector; a full sync is needed", id(), kind);
        throw new CursorExpiredException(id().value(), 0, null, null);
      }
      cursor = Optional.of(c);
    }
    Optional<PageState> state = Optional.empty();
    Bundle bundle;
    if (request.pageToken().isPresent()) {
      PageState s = PageState.decode(request.pageToken().get()).orElseThrow(() -> new ValidationException(
          "connector " + id() + ": the page token was not issued by this connector"));
      checkOnBase(s.next());
      state = Optional.of(s);
      bundle = api.page(s.next());
    } else {
      bundle = api.search(query(request, cursor));
    }

    List<Appointment> appointments = new ArrayList<>();
    Map<String, Resource> included = new HashMap<>();
    for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
      Resource r = e.getResource();
      if (r instanceof Appointment a) {
        appointments.add(a);
      } else if (r != null && r.getIdElement().getIdPart() != null) {
        included.put(r.fhirType() + "/" + r.getIdElement().getIdPart(), r);
      }
    }
    if (appointments.size() > request.limits().maxRecords()) {
      throw new FetchLimitExceededException(id().value(), FetchLimitExceededException.Limit.RECORDS,
          request.limits().maxRecords());
    }

    boolean compare = cursor.isPresent() && cursor.get().kind() == AthenaCursor.Kind.WINDOWED
        && cursor.get().window().orElseThrow().equals(request.window());
    Map<String, String> known = compare ? cursor.get().versions() : Map.of();
    Map<String, String> seen = new LinkedHashMap<>(state.map(PageState::seen).orElse(Map.of()));
    Set<String> removed = new HashSet<>();
    Optional<Instant> latest = state.flatMap(PageState::latestUpdate);
    Optional<Instant> searchTime = state.isPresent() ? state.get().searchTime() : bundleTime(bundle);

    FetchPage.Builder out = FetchPage.builder();
    int position = 0;
    int unchanged = 0;
    for (Appointment a : appointments) {
      position++;
      String recordId = AppointmentMapper.recordId(a, position);
      if (a.hasMeta() && a.getMeta().hasLastUpdated()) {
        Instant updated = a.getMeta().getLastUpdated().toInstant();
        latest = Optional.of(latest.filter(l -> l.isAfter(updated)).orElse(updated));
      }
      String version = versionOf(a);
      if (compare && version.equals(known.get(recordId))) {
        seen.put(recordId, version);
        unchanged++;
        continue;
      }
      AppointmentMapper.Outcome outcome = mapper.map(a, position, included, out::issue);
      if (outcome instanceof AppointmentMapper.Upsert u) {
        out.upsert(u.record());
        seen.put(recordId, version);
      } else if (outcome instanceof AppointmentMapper.Removal r) {
        out.deleteAppointment(r.ref());
        removed.add(recordId);
        seen.put(recordId, version);
      } else if (!recordId.startsWith("entry-")) {
        out.retain(Retention.key(SourceRef.of(SourceSystem.ATHENAHEALTH, recordId)));
        seen.put(recordId, version);
      }
    }

    String next = nextLink(bundle);
    if (next != null) {
      checkOnBase(next);
      out.nextPageToken(new PageState(next, searchTime, latest, seen).encode());
      return out.build();
    }
    if (kind == AthenaCursor.Kind.LAST_UPDATED) {
      Optional<Instant> latestSeen = latest;
      Optional<Instant> previousSince = cursor.flatMap(AthenaCursor::since);
      Instant since = searchTime.or(() -> latestSeen)
          .or(() -> previousSince)
          .orElseGet(() -> context.clock().instant().minus(CURSOR_SKEW));
      Optional<Instant> previous = cursor.flatMap(AthenaCursor::since);
      if (previous.isPresent() && previous.get().isAfter(since)) {
        since = previous.get();
      }
      out.nextCursor(AthenaCursor.lastUpdated(since).encode());
    } else {
      if (compare) {
        for (String id : known.keySet()) {
          if (!seen.containsKey(id) && !removed.contains(id)) {
            out.deleteAppointment(SourceRef.of(SourceSystem.ATHENAHEALTH, id));
          }
        }
      }
      out.nextCursor(AthenaCursor.windowed(request.window(), seen).encode());
    }
    LOG.debug("[{}] {} fetch complete ({} unchanged on the last page)", id(), request.isIncremental() ? "incremental" : "full",
        unchanged);
    return out.build();
  }

  private String query(FetchRequest request, Optional<AthenaCursor> cursor) {
    List<String[]> params = new ArrayList<>();
    params.add(new String[] {"ah-practice", settings.practiceReference()});
    if (cursor.isPresent() && cursor.get().kind() == AthenaCursor.Kind.LAST_UPDATED) {
      params.add(new String[] {"_lastUpdated", "gt" + cursor.get().since().orElseThrow()});
    } else {
      params.add(new String[] {"date", "ge" + request.window().start()});
      params.add(new String[] {"date", "lt" + request.window().end()});
    }
    if (!settings.departmentIds().isEmpty()) {
      List<String> refs = new ArrayList<>();
      settings.departmentIds().forEach(d -> refs.add("Organization/a-" + settings.practiceId() + ".Department-" + d));
      params.add(new String[] {"ah-department", String.join(",", refs)});
    }
    if (!settings.practitionerIds().isEmpty()) {
      List<String> refs = new ArrayList<>();
      settings.practitionerIds().forEach(p -> refs.add("Practitioner/a-" + settings.practiceId() + ".Provider-" + p));
      params.add(new String[] {"practitioner", String.join(",", refs)});
    }
    params.add(new String[] {"_count", Integer.toString(Math.min(request.pageSize(), settings.pageSize()))});
    StringBuilder sb = new StringBuilder("Appointment?");
    for (int i = 0; i < params.size(); i++) {
      if (i > 0) {
        sb.append('&');
      }
      sb.append(params.get(i)[0]).append('=').append(URLEncoder.encode(params.get(i)[1], StandardCharsets.UTF_8));
    }
    return sb.toString();
  }

  /** A next link must stay on the configured server: a vendor cannot send us elsewhere with it. */
  private void checkOnBase(String link) {
    HttpUrl url = HttpUrl.parse(link);
    if (url == null || !url.scheme().equals(base.scheme()) || !url.host().equals(base.host()) || url.port() != base.port()) {
      throw api.classifier().malformed("the server's next link points away from the FHIR base URL", 200, null);
    }
  }

  private static @Nullable String nextLink(Bundle bundle) {
    Bundle.BundleLinkComponent link = bundle.getLink(Bundle.LINK_NEXT);
    return link == null || !link.hasUrl() || link.getUrl().isBlank() ? null : link.getUrl();
  }

  private static Optional<Instant> bundleTime(Bundle bundle) {
    return bundle.hasMeta() && bundle.getMeta().hasLastUpdated()
        ? Optional.of(bundle.getMeta().getLastUpdated().toInstant()) : Optional.empty();
  }

  /** {@code meta.versionId} (or {@code meta.lastUpdated}), else a digest of the resource. */
  private String versionOf(Appointment a) {
    String v = AppointmentMapper.version(a);
    if (v != null) {
      return v;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(
          api.context().newJsonParser().encodeResourceToString(a).getBytes(StandardCharsets.UTF_8));
      StringBuilder sb = new StringBuilder("sha256-");
      for (int i = 0; i < 12; i++) {
        sb.append(String.format("%02x", digest[i]));
      }
      return sb.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
    }
  }

  /**
   * The service types of {@link AthenaSettings#serviceTypeValueSet()}, read with
   * {@code ValueSet/$expand?url=…} through the connector's FHIR client and mapped by
   * {@link ServiceTypeMapper}; empty when no value set is configured.
   */
  @Override
  public Optional<ServiceCatalog> serviceCatalog() {
    return settings.serviceTypeValueSet().map(url -> () -> {
      List<ServiceType> types = serviceTypes.map(api.expand(url));
      LOG.debug("[{}] the service type value set lists {} selectable type(s)", id(), types.size());
      return types;
    });
  }

  /** Nothing to release: the connector shares the kit's connection pool. */
  @Override
  public void close() {}

  @Override
  public String toString() {
    return "AthenaConnector[" + id() + ", practice " + settings.practiceId() + "]";
  }

  /** Builds an {@link AthenaConnector}. */
  public static final class Builder {
    private final AthenaSettings settings;
    private final ConnectorContext context;
    private @Nullable OkHttpClient baseClient;
    private @Nullable Sleeper sleeper;
    private @Nullable RandomGenerator random;
    private @Nullable FhirContext fhirContext;

    private Builder(AthenaSettings settings, ConnectorContext context) {
      this.settings = Checks.notNull(settings, "athenahealth settings");
      this.context = Checks.notNull(context, "connector context");
    }

    /** The OkHttp client the kit's pipeline derives from; {@link HttpClients#shared()} by default. */
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
      this.random = Checks.notNull(r, "random generator");
      return this;
    }

    /**
     * Tests only: an R4 context to use instead of a new one, shared by many short-lived connectors
     * used one after another (a context's first parse of a resource type costs seconds). The
     * connector installs its client factory in it, so connectors in use at the same time must never
     * share one: in production every connector makes its own.
     */
    Builder fhirContext(FhirContext context) {
      this.fhirContext = Checks.notNull(context, "FHIR context");
      return this;
    }

    public AthenaConnector build() {
      return new AthenaConnector(this);
    }
  }
}
