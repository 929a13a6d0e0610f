package dev.clinicsync.connectors.kareo;

import dev.clinicsync.connectors.kareo.internal.AppointmentMapper;
import dev.clinicsync.connectors.kareo.internal.KareoReply;
import dev.clinicsync.connectors.kareo.internal.KareoTimes;
import dev.clinicsync.connectors.kareo.internal.SoapEnvelope;
import dev.clinicsync.connectors.kit.Backoff;
import dev.clinicsync.connectors.kit.ConnectorHttp;
import dev.clinicsync.connectors.kit.HttpClients;
import dev.clinicsync.connectors.kit.RateLimiter;
import dev.clinicsync.connectors.kit.Redaction;
import dev.clinicsync.connectors.kit.RetryExecutor;
import dev.clinicsync.connectors.kit.Sleeper;
import dev.clinicsync.connectors.kit.VendorReasons;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ConnectorAuthException;
import dev.clinicsync.core.connector.ConnectorCapabilities;
import dev.clinicsync.core.connector.ConnectorCapabilities.Capability;
import dev.clinicsync.core.connector.ConnectorContext;
import dev.clinicsync.core.connector.FetchPage;
import dev.clinicsync.core.connector.FetchRequest;
import dev.clinicsync.core.connector.RecordIssue;
import dev.clinicsync.core.connector.Retention;
import dev.clinicsync.core.connector.SourceConnector;
import dev.clinicsync.core.connector.SourceRecord;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.store.Secret;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.jspecify.annotations.Nullable;

/**
 * Reads a practice's appointments from Kareo/Tebra's SOAP 2.1 service with one
 * {@code GetAppointments} call per fetch, and pages that one answer out by the requested page size.
 *
 * <p><b>Request.</b> A SOAP 1.1 envelope written by a real XML writer ({@link SoapEnvelope}): the
 * {@code RequestHeader} with the customer key, user and password read from the host's
 * {@link dev.clinicsync.core.store.SecretStore} on every fetch (a rotated password is picked up
 * without a restart), the {@code Fields} flags of exactly the fields the mapping reads, and a
 * {@code Filter} with the window in practice-local time; {@code SOAPAction} and
 * {@code Content-Type: text/xml; charset=utf-8} headers. {@code TimeZoneOffsetFromGMT} is not sent:
 * its effect is unconfirmed, and one fixed offset is wrong for half of a window spanning a DST
 * change. Records outside the window are dropped on our side.
 *
 * <p><b>Reply.</b> Parsed by connector-kit's hardened parser (no DTD: XXE and entity bombs are
 * refused as malformed payloads), then classified by {@link KareoReply}: a SOAP fault, a failed
 * {@code SecurityResponse} or an {@code ErrorResponse} inside a 200 reply are typed failures. Each
 * record is mapped by {@link AppointmentMapper}; a bad one becomes a {@link RecordIssue} naming
 * the field, and a skipped one is {@linkplain Retention#key retained}, so its stored copy stays.
 *
 * <p><b>Polling floor.</b> The connector declares a {@link KareoSettings#pollingFloor() floor} of
 * five minutes. A full fetch asked sooner than the floor after the last successful read of Kareo is
 * answered from that read — its records overlapping the requested window, with a
 * {@linkplain Retention#window window retention} for any part of the window the read did not cover
 * — and every page of it is marked {@link FetchPage#replayOf() as a replay} of that read. A failed
 * read leaves no result to repeat, so the next fetch asks Kareo again.
 *
 * <p><b>Logging.</b> The credentials travel in the body; the kit's logging interceptor never logs a
 * body, and the SOAPAction header value is masked like every header off the allow-list.
 *
 * <p>Full fetch only (no cursor: Kareo's modified-since filter is unconfirmed for appointments).
 * Thread-safe: {@link #fetch} is synchronized.
 */
public final class KareoConnector implements SourceConnector {
  private static final MediaType TEXT_XML = MediaType.get("text/xml; charset=utf-8");
  private static final String TOKEN_PREFIX = "kareo-page.";

  private final KareoSettings settings;
  private final ConnectorContext context;
  private final ConnectorHttp http;
  private final KareoTimes times;
  private final AppointmentMapper mapper;
  private final ConnectorCapabilities capabilities;
  private long serials;
  /** The last successful read of Kareo, repeated for fetches sooner than the polling floor. */
  private @Nullable Snapshot last;
  /** What the current fetch pages out (the last read, or a replay of it), named by page tokens. */
  private @Nullable Snapshot paging;

  /**
   * One successful read of Kareo: what it yielded, for paging it out and for answering fetches
   * asked sooner than the polling floor.
   */
  private record Snapshot(long serial, TimeWindow window, Instant readAt, boolean replay, List<SourceRecord> records,
      List<RecordIssue> issues, List<Retention> retentions) {}

  private KareoConnector(Builder b) {
    this.settings = b.settings;
    this.context = b.context;
    Sleeper sleeper = b.sleeper != null ? b.sleeper : Sleeper.system();
    RandomGenerator random = b.random != null ? b.random : RandomGenerator.getDefault();
    OkHttpClient base = b.baseClient != null ? b.baseClient : HttpClients.shared();
    this.http = ConnectorHttp.builder(settings.connectorId(), context.clock())
        .baseClient(base)
        .settings(settings.http())
        .ssrfGuard(settings.ssrfGuard())
        .redaction(Redaction.defaults())
        .rateLimiter(RateLimiter.of(settings.requestsPerSecond(), settings.burst(), context.clock(), sleeper))
        .retries(RetryExecutor.of(Backoff.DEFAULT.withMaxAttempts(settings.maxAttempts()), sleeper, random))
        .knownReasons(VendorReasons.none().allowing(KareoReply.FAULT_CODES.toArray(new String[0])))
        .errorRules(KareoReply.errorRules())
        .build();
    this.times = new KareoTimes(settings.practiceZone());
    this.mapper = new AppointmentMapper(times, context.clinicians(), context.patients());
    this.capabilities = ConnectorCapabilities.of(settings.pollingFloor(), Capability.FULL_FETCH);
  }

  /** A connector with the system sleeper. */
  public static KareoConnector create(KareoSettings settings, ConnectorContext context) {
    return builder(settings, context).build();
  }

  public static Builder builder(KareoSettings settings, ConnectorContext context) {
    return new Builder(settings, context);
  }

  @Override
  public ConnectorId id() {
    return settings.connectorId();
  }

  @Override
  public SourceSystem system() {
    return SourceSystem.KAREO;
  }

  @Override
  public ConnectorCapabilities capabilities() {
    return capabilities;
  }

  @Override
  public synchronized FetchPage fetch(FetchRequest request) {
    Checks.notNull(request, "fetch request");
    if (request.pageToken().isPresent()) {
      return continuePage(request);
    }
    Snapshot previous = last;
    Instant now = context.clock().instant();
    if (previous != null && now.isBefore(previous.readAt().plus(settings.pollingFloor()))) {
      return replay(previous, request);
    }
    Snapshot fresh = read(request.window());
    last = fresh;
    paging = fresh;
    return page(fresh, 0, request.pageSize());
  }

  private FetchPage continuePage(FetchRequest request) {
    String token = request.pageToken().orElseThrow();
    Snapshot s = paging;
    long[] parsed = parseToken(token);
    if (s == null || parsed == null || parsed[0] != s.serial() || parsed[1] <= 0 || parsed[1] >= s.records().size()) {
      throw http.classifier().permanent("the page token does not belong to this connector's current result", 0,
          null, null);
    }
    return page(s, (int) parsed[1], request.pageSize());
  }

  private FetchPage replay(Snapshot s, FetchRequest request) {
    TimeWindow asked = request.window();
    List<SourceRecord> inWindow = new ArrayList<>();
    for (SourceRecord r : s.records()) {
      if (r.appointment().overlaps(asked)) {
        inWindow.add(r);
      }
    }
    List<Retention> retentions = new ArrayList<>(s.retentions());
    TimeWindow covered = s.window();
    if (asked.start().isBefore(covered.start())) {
      retentions.add(Retention.window(TimeWindow.of(asked.start(), min(covered.start(), asked.end()))));
    }
    if (asked.end().isAfter(covered.end())) {
      retentions.add(Retention.window(TimeWindow.of(max(covered.end(), asked.start()), asked.end())));
    }
    // issues were reported with the read itself; a replay repeats its records and retentions only
    Snapshot view = new Snapshot(++serials, asked, s.readAt(), true, List.copyOf(inWindow), List.of(),
        List.copyOf(retentions));
    paging = view;
    return page(view, 0, request.pageSize());
  }

  /** One page of a snapshot; the first carries its issues and retentions, every one its replay mark. */
  private FetchPage page(Snapshot s, int offset, int pageSize) {
    FetchPage.Builder page = FetchPage.builder();
    int end = (int) Math.min((long) offset + pageSize, s.records().size());
    for (int i = offset; i < end; i++) {
      page.upsert(s.records().get(i));
    }
    if (offset == 0) {
      s.issues().forEach(page::issue);
      s.retentions().forEach(page::retain);
    }
    if (end < s.records().size()) {
      page.nextPageToken(TOKEN_PREFIX + s.serial() + "." + end);
    }
    if (s.replay()) {
      page.replayOf(s.readAt());
    }
    return page.build();
  }

  private static long @Nullable [] parseToken(String token) {
    if (!token.startsWith(TOKEN_PREFIX)) {
      return null;
    }
    String[] parts = token.substring(TOKEN_PREFIX.length()).split("\\.");
    if (parts.length != 2) {
      return null;
    }
    try {
      return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** One GetAppointments call over the window, mapped whole. */
  private Snapshot read(TimeWindow window) {
    SoapEnvelope.Credentials credentials = new SoapEnvelope.Credentials(
        secret(settings.customerKeySecret(), "customer key"), secret(settings.userSecret(), "user"),
        secret(settings.passwordSecret(), "password"));
    byte[] body = SoapEnvelope.getAppointments(credentials, times.filterStart(window.start()),
        times.filterEnd(window.end()));
    Request request = new Request.Builder()
        .url(settings.endpoint())
        .header("SOAPAction", "\"" + SoapEnvelope.GET_APPOINTMENTS_ACTION + "\"")
        .post(RequestBody.create(body, TEXT_XML))
        .build();
    Instant readAt = context.clock().instant();
    List<Map<String, String>> data = http.execute(request, response -> KareoReply.appointments(response.xml(),
        http.classifier(), response.status(), response.requestId().orElse(null)));
    return snapshot(window, readAt, data);
  }

  private Snapshot snapshot(TimeWindow window, Instant readAt, List<Map<String, String>> data) {
    List<RecordIssue> issues = new ArrayList<>();
    List<Retention> retentions = new ArrayList<>();
    Map<String, SourceRecord> byId = new LinkedHashMap<>();
    Set<String> repeated = new HashSet<>();
    for (int i = 0; i < data.size(); i++) {
      List<RecordIssue> own = new ArrayList<>();
      Optional<SourceRecord> mapped = mapper.map(data.get(i), i, own::add);
      issues.addAll(own);
      if (mapped.isEmpty()) {
        own.stream().filter(x -> x.severity() == RecordIssue.Severity.SKIPPED && !x.vendorRecordId().startsWith("#"))
            .findFirst()
            .ifPresent(x -> retentions.add(Retention.key(SourceRef.of(SourceSystem.KAREO, x.vendorRecordId()))));
        continue;
      }
      SourceRecord r = mapped.get();
      String id = r.appointment().source().externalId();
      if (repeated.contains(id)) {
        continue;
      }
      if (byId.putIfAbsent(id, r) != null) {
        byId.remove(id);
        repeated.add(id);
        issues.add(RecordIssue.skipped(id, "ID", "the same record appears more than once in one reply"));
        retentions.add(Retention.key(r.appointment().source()));
      }
    }
    List<SourceRecord> records = new ArrayList<>();
    for (SourceRecord r : byId.values()) {
      if (r.appointment().overlaps(window)) {
        records.add(r);
      }
    }
    return new Snapshot(++serials, window, readAt, false, List.copyOf(records), List.copyOf(issues),
        List.copyOf(retentions));
  }

  private String secret(String name, String what) {
    return context.secrets().get(name).map(Secret::asString).filter(v -> !v.isBlank())
        .orElseThrow(() -> new ConnectorAuthException(id().value(), "the Kareo " + what
            + " is missing from the secret store (secret '" + name + "')", 0, null, false, null));
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  @Override
  public String toString() {
    return "KareoConnector[" + id() + "]";
  }

  /** Builds a {@link KareoConnector}; the sleeper and random source are for tests. */
  public static final class Builder {
    private final KareoSettings settings;
    private final ConnectorContext context;
    private @Nullable Sleeper sleeper;
    private @Nullable RandomGenerator random;
    private @Nullable OkHttpClient baseClient;

    private Builder(KareoSettings settings, ConnectorContext context) {
      this.settings = Checks.notNull(settings, "Kareo settings");
      this.context = Checks.notNull(context, "connector context");
    }

    /** What retries and the rate limiter wait with; the system sleeper unless given. */
    public Builder sleeper(Sleeper s) {
      this.sleeper = Checks.notNull(s, "sleeper");
      return this;
    }

    public Builder random(RandomGenerator r) {
      this.random = Checks.notNull(r, "random");
      return this;
    }

    /** The client to derive from (its pool is shared); connector-kit's shared client unless given. */
    public Builder baseClient(OkHttpClient client) {
      this.baseClient = Checks.notNull(client, "base client");
      return this;
    }

    public KareoConnector build() {
      return new KareoConnector(this);
    }
  }
}
