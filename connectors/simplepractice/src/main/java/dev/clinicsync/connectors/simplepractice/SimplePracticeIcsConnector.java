package dev.clinicsync.connectors.simplepractice;

import dev.clinicsync.connectors.kit.ConnectorHttp;
import dev.clinicsync.connectors.kit.HttpClients;
import dev.clinicsync.connectors.kit.HttpSettings;
import dev.clinicsync.connectors.kit.Redaction;
import dev.clinicsync.connectors.kit.RetryExecutor;
import dev.clinicsync.connectors.kit.SsrfGuard;
import dev.clinicsync.connectors.simplepractice.internal.Deadline;
import dev.clinicsync.connectors.simplepractice.internal.EventInstance;
import dev.clinicsync.connectors.simplepractice.internal.FeedContent;
import dev.clinicsync.connectors.simplepractice.internal.FeedCursor;
import dev.clinicsync.connectors.simplepractice.internal.FeedProblem;
import dev.clinicsync.connectors.simplepractice.internal.IcsComponent;
import dev.clinicsync.connectors.simplepractice.internal.IcsEventMapper;
import dev.clinicsync.connectors.simplepractice.internal.IcsFeedReader;
import dev.clinicsync.connectors.simplepractice.internal.IcsParser;
import dev.clinicsync.core.CursorExpiredException;
import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ExternalIdentity;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.phi.PhiField;
import dev.clinicsync.core.spi.ConnectorCapabilities;
import dev.clinicsync.core.spi.ConnectorContext;
import dev.clinicsync.core.spi.ConnectorId;
import dev.clinicsync.core.spi.FetchPage;
import dev.clinicsync.core.spi.FetchRequest;
import dev.clinicsync.core.spi.RecordIssue;
import dev.clinicsync.core.spi.Secret;
import dev.clinicsync.core.spi.SourceConnector;
import dev.clinicsync.core.spi.SourceRecord;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one clinician's SimplePractice calendar subscription feed (iCalendar over HTTPS).
 *
 * <p><b>Fetching.</b> The feed URL comes from the {@link dev.clinicsync.core.spi.SecretStore}
 * (it grants access to the calendar) and is checked by the kit's {@link SsrfGuard} before every
 * fetch and at every connection. Logs and errors show only {@code scheme://host/[redacted]} and
 * the feed's configured name. An incremental fetch sends {@code If-None-Match} /
 * {@code If-Modified-Since}; an unchanged feed costs one 304 and returns an empty page.
 *
 * <p><b>Window.</b> The feed is expanded over the requested window padded by
 * {@code window-padding} on each side (the <em>horizon</em>), and records are reported for the
 * horizon, so a 304 is only trusted while the requested window lies inside the horizon of the last
 * read. Everything comes back as one page.
 *
 * <p><b>Deletions.</b> The connector remembers every instance it reported (id, start, a content
 * fingerprint) inside the {@link dev.clinicsync.core.spi.SyncCursor} it returns. An incremental
 * fetch reports only new or changed instances, and as deletions the remembered ones the feed no
 * longer defines: a single event whose UID is gone, or a series instance whose start lies in the
 * new horizon but is no longer produced (removed, EXDATE'd). A full fetch (no cursor) reports every
 * live record and no deletions; the coordinator reconciles it.
 *
 * <p><b>Untrusted feeds.</b> A feed cut short (no END:VCALENDAR) throws
 * {@link FeedTruncatedException} — retryable, nothing applied, no deletions, cursor unchanged. A
 * well-formed feed with no events after one that had instances is passed on with its deletions
 * <em>and</em> a {@link RecordIssue} whose field is {@link #SUSPECT_EMPTY_FEED}: the deletions are
 * what the coordinator's mass-deletion guard measures and holds for an admin; the issue says why.
 * Too large, too slow to parse, or not iCalendar: {@link FeedRejectedException}.
 *
 * <p><b>Ids.</b> A single event's external id is its UID (so moving it updates it); a series
 * instance's is UID + "/" + its original start (UTC {@code yyyyMMdd'T'HHmmss'Z'}, or
 * {@code yyyyMMdd} for all-day series), which RECURRENCE-ID overrides keep.
 *
 * <p><b>PHI.</b> See {@link IcsEventMapper}: summary, description, location, links, attendees go
 * to the PHI record only; the feed has no patient id, so appointments carry no patient token.
 */
public final class SimplePracticeIcsConnector implements SourceConnector {
  /** The {@link RecordIssue#field()} of the issue that flags an emptied feed. */
  public static final String SUSPECT_EMPTY_FEED = "SUSPECT_EMPTY_FEED";

  private static final Logger DEFAULT_LOG = LoggerFactory.getLogger(SimplePracticeIcsConnector.class);
  private static final ConnectorCapabilities CAPABILITIES = ConnectorCapabilities.of(Duration.ofMinutes(5),
      ConnectorCapabilities.Capability.FULL_FETCH, ConnectorCapabilities.Capability.INCREMENTAL_FETCH);

  private final ConnectorId id;
  private final SimplePracticeIcsConfig config;
  private final ConnectorContext context;
  private final HttpSettings httpSettings;
  private final OkHttpClient baseClient;
  private final RetryExecutor retries;
  private final SsrfGuard guard;
  private final Logger log;

  /**
   * A connector with the kit's shared HTTP client, default retries and a strict SSRF guard
   * (relaxed only by {@code allow-http} / {@code allow-private-addresses}).
   */
  public SimplePracticeIcsConnector(ConnectorId id, SimplePracticeIcsConfig config, HttpSettings httpSettings,
      ConnectorContext context) {
    this(id, config, httpSettings, context, HttpClients.shared(),
        RetryExecutor.of(dev.clinicsync.connectors.kit.Backoff.DEFAULT, dev.clinicsync.connectors.kit.Sleeper.system(),
            RandomGenerator.getDefault()),
        guardFor(config), DEFAULT_LOG);
  }

  SimplePracticeIcsConnector(ConnectorId id, SimplePracticeIcsConfig config, HttpSettings httpSettings,
      ConnectorContext context, OkHttpClient baseClient, RetryExecutor retries, SsrfGuard guard, Logger log) {
    this.id = id;
    this.config = config;
    this.context = context;
    this.httpSettings = httpSettings;
    this.baseClient = baseClient;
    this.retries = retries;
    this.guard = guard;
    this.log = log;
  }

  static SsrfGuard guardFor(SimplePracticeIcsConfig config) {
    SsrfGuard g = SsrfGuard.strict();
    if (config.allowHttp()) {
      g = g.allowingHttp();
    }
    if (config.allowPrivateAddresses()) {
      g = g.allowingPrivateAddresses();
    }
    return g;
  }

  @Override
  public ConnectorId id() {
    return id;
  }

  @Override
  public SourceSystem system() {
    return SourceSystem.SIMPLEPRACTICE;
  }

  @Override
  public ConnectorCapabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public FetchPage fetch(FetchRequest request) {
    if (request.pageToken().isPresent()) {
      throw new PermanentConnectorException(id.value(), "this connector returns one page; it issued no page token",
          0, null, null);
    }
    List<RecordIssue> issues = new ArrayList<>();
    TimeWindow window = clamp(request.window(), issues);
    TimeWindow horizon = TimeWindow.of(window.start().minus(config.windowPadding()), window.end().plus(config.windowPadding()));
    Optional<FeedCursor> previous = request.cursor().map(c -> FeedCursor.decode(c)
        .orElseThrow(() -> new CursorExpiredException(id.value(), 0, null, null)));
    ClinicianId clinician = clinician();
    URI uri = feedUri();
    String shownUrl = redacted(uri);

    boolean conditional = previous.isPresent() && previous.get().horizon().encloses(window);
    Request.Builder rb = new Request.Builder().url(HttpUrl.get(uri)).get()
        .header("Accept", "text/calendar, text/plain;q=0.5, */*;q=0.1");
    if (conditional) {
      previous.get().etag().ifPresent(e -> rb.header("If-None-Match", e));
      previous.get().lastModified().ifPresent(m -> rb.header("If-Modified-Since", m));
    }
    Download download = download(rb.build(), uri);
    if (download.notModified()) {
      FeedCursor same = previous.orElseThrow();
      log.debug("SimplePractice feed '{}' ({}): not modified", config.feedName(), shownUrl);
      return FetchPage.builder().nextCursor(same.encode()).build();
    }

    FeedContent content = parse(download, horizon);
    IcsEventMapper mapper = new IcsEventMapper(clinician, config.clinicianExternalId().orElse(null), config.defaultType());
    Map<String, FeedCursor.Seen> seen = new LinkedHashMap<>();
    FetchPage.Builder page = FetchPage.builder();
    int changed = 0;
    issues.addAll(content.issues());
    for (EventInstance instance : content.instances()) {
      SourceRecord record;
      try {
        record = mapper.map(instance, issues::add);
      } catch (ValidationException e) {
        issues.add(RecordIssue.skipped(instance.externalId(), "VEVENT", "does not make a valid appointment"));
        continue;
      }
      String fp = fingerprint(record);
      seen.put(instance.externalId(), new FeedCursor.Seen(instance.start(), !instance.recurring(), fp));
      FeedCursor.Seen before = previous.map(p -> p.instances().get(instance.externalId())).orElse(null);
      if (before == null || !before.fingerprint().equals(fp)) {
        page.record(record);
        changed++;
      }
    }
    int deleted = 0;
    if (previous.isPresent()) {
      for (Map.Entry<String, FeedCursor.Seen> e : previous.get().instances().entrySet()) {
        if (seen.containsKey(e.getKey()) || content.known().containsKey(e.getKey())) {
          continue;
        }
        FeedCursor.Seen s = e.getValue();
        if (s.single() || horizon.contains(s.start())) {
          page.deletion(SourceRef.of(SourceSystem.SIMPLEPRACTICE, e.getKey()));
          deleted++;
        }
        // otherwise it left the horizon without being deleted: forget it, it is no longer tracked
      }
      if (content.eventCount() == 0 && !previous.get().instances().isEmpty()) {
        issues.add(RecordIssue.skipped("feed:" + config.feedName(), SUSPECT_EMPTY_FEED,
            "the feed has no events although the previous read had " + previous.get().instances().size()
                + " instances; its " + deleted + " deletions are reported for the mass-deletion guard to review"));
        log.warn("SimplePractice feed '{}' ({}) is empty after {} instances; {} deletions need review",
            config.feedName(), shownUrl, previous.get().instances().size(), deleted);
      }
    }
    issues.forEach(page::issue);
    page.nextCursor(new FeedCursor(download.etag(), download.lastModified(), horizon, seen).encode());
    log.info("SimplePractice feed '{}' ({}): {} events, {} instances in horizon, {} new or changed, {} deleted, {} issues",
        config.feedName(), shownUrl, content.eventCount(), seen.size(), changed, deleted, issues.size());
    return page.build();
  }

  private TimeWindow clamp(TimeWindow w, List<RecordIssue> issues) {
    if (w.length().compareTo(config.maxWindow()) <= 0) {
      return w;
    }
    issues.add(RecordIssue.fallback("feed:" + config.feedName(), "window",
        "requested window of " + w.length().toDays() + " days clamped to max-window " + config.maxWindow().toDays() + " days"));
    return TimeWindow.of(w.start(), w.start().plus(config.maxWindow()));
  }

  private ClinicianId clinician() {
    if (config.clinicianId().isPresent()) {
      return config.clinicianId().get();
    }
    String external = config.clinicianExternalId().orElseThrow();
    return context.clinicians().findByExternalId(ExternalIdentity.of(SourceSystem.SIMPLEPRACTICE, external))
        .map(c -> c.id())
        .orElseThrow(() -> new PermanentConnectorException(id.value(), "no clinician in the directory has the "
            + "SimplePractice id configured as 'clinician-external-id' for feed '" + config.feedName() + "'", 0, null, null));
  }

  private URI feedUri() {
    Secret secret = context.secrets().get(config.feedUrlSecret()).orElseThrow(() -> new PermanentConnectorException(
        id.value(), "the feed URL secret '" + config.feedUrlSecret() + "' of feed '" + config.feedName()
            + "' is not in the secret store", 0, null, null));
    try {
      return guard.check(secret.asString(), "the URL of SimplePractice feed '" + config.feedName() + "'");
    } catch (ValidationException e) {
      throw new PermanentConnectorException(id.value(), e.getMessage(), 0, null, null);
    }
  }

  private record Download(boolean notModified, byte[] body, Optional<String> etag, Optional<String> lastModified,
      int status) {}

  private Download download(Request request, URI uri) {
    ConnectorHttp http = ConnectorHttp.builder(id, context.clock())
        .settings(httpSettings)
        .baseClient(baseClient)
        .ssrfGuard(guard)
        .retries(retries)
        .redaction(redactionFor(uri))
        .maxBodyBytes(config.maxFeedBytes())
        .build();
    try {
      return http.execute(request, response -> {
        if (response.status() == 304) {
          return new Download(true, new byte[0], Optional.empty(), Optional.empty(), 304);
        }
        if (response.status() != 200 && response.status() != 203) {
          throw new PermanentConnectorException(id.value(), "SimplePractice feed '" + config.feedName()
              + "' answered with an unexpected status", response.status(), response.requestId().orElse(null), null);
        }
        return new Download(false, response.body(), response.header("ETag"), response.header("Last-Modified"),
            response.status());
      });
    } catch (PermanentConnectorException e) {
      if (!(e instanceof FeedRejectedException) && e.getMessage() != null && e.getMessage().contains("larger than")) {
        throw new FeedRejectedException(id.value(), config.feedName(), FeedRejectedException.Reason.TOO_LARGE,
            "the download is larger than max-feed-bytes (" + config.maxFeedBytes() + ")",
            e.httpStatus().orElse(0), e);
      }
      throw e;
    }
  }

  private FeedContent parse(Download d, TimeWindow horizon) {
    String text = new String(d.body(), StandardCharsets.UTF_8);
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    IcsFeedReader reader = new IcsFeedReader(config.practiceZone(), config.maxInstancesPerSeries());
    try {
      return Deadline.run("feed '" + config.feedName() + "'", config.parseDeadline(), () -> {
        IcsComponent calendar = IcsParser.parse(new StringReader(body), config.maxFeedBytes());
        return reader.read(calendar, horizon);
      });
    } catch (FeedProblem p) {
      switch (p.kind()) {
        case TRUNCATED:
          throw new FeedTruncatedException(id.value(), config.feedName(), p.getMessage(), d.status());
        case TOO_LARGE:
          throw new FeedRejectedException(id.value(), config.feedName(), FeedRejectedException.Reason.TOO_LARGE,
              p.getMessage(), d.status(), null);
        case DEADLINE_EXCEEDED:
          throw new FeedRejectedException(id.value(), config.feedName(),
              FeedRejectedException.Reason.PARSE_DEADLINE_EXCEEDED, p.getMessage(), d.status(), null);
        default:
          throw new FeedRejectedException(id.value(), config.feedName(), FeedRejectedException.Reason.MALFORMED,
              p.getMessage(), d.status(), null);
      }
    }
  }

  /** {@code scheme://host[:port]/[redacted]}: enough to tell feeds apart, nothing that grants access. */
  static String redacted(URI uri) {
    String port = uri.getPort() > 0 && uri.getPort() != 443 && uri.getPort() != 80 ? ":" + uri.getPort() : "";
    return uri.getScheme() + "://" + uri.getHost() + port + "/" + Redaction.MASK;
  }

  /** The kit's redaction for this feed: no path, and every query parameter of the URL masked. */
  static Redaction redactionFor(URI uri) {
    Redaction r = Redaction.defaults().withOpaquePaths();
    HttpUrl url = HttpUrl.get(uri);
    Set<String> names = new LinkedHashSet<>(url.queryParameterNames());
    return names.isEmpty() ? r : r.denyingQueryParameters(names.toArray(String[]::new));
  }

  /** A short hash of everything a record says, so unchanged instances are not reported again. */
  static String fingerprint(SourceRecord r) {
    Appointment a = r.appointment();
    StringBuilder sb = new StringBuilder()
        .append(a.source()).append('\u0000').append(a.clinicianId()).append('\u0000')
        .append(a.vendorProviderId().orElse("")).append('\u0000')
        .append(a.start()).append('\u0000').append(a.end()).append('\u0000')
        .append(a.status()).append('\u0000').append(a.type()).append('\u0000')
        .append(a.sourceZone().map(Object::toString).orElse("")).append('\u0000')
        .append(new TreeMap<>(a.sourceMetadata())).append('\u0000');
    Map<PhiField, String> phi = r.phi().map(p -> p.asMap()).orElse(Map.of());
    for (PhiField f : PhiField.values()) {
      @Nullable String v = phi.get(f);
      if (v != null) {
        sb.append(f).append('=').append(v).append('\u0000');
      }
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 12));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
    }
  }

  @Override
  public String toString() {
    return "SimplePracticeIcsConnector[" + id + ", feed '" + config.feedName() + "']";
  }
}
