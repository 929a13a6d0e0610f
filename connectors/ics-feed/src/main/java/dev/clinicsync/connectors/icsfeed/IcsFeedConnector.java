package dev.clinicsync.connectors.icsfeed;

import dev.clinicsync.connectors.kit.ConnectorHttp;
import dev.clinicsync.connectors.kit.HttpClients;
import dev.clinicsync.connectors.kit.HttpSettings;
import dev.clinicsync.connectors.kit.Redaction;
import dev.clinicsync.connectors.kit.RetryExecutor;
import dev.clinicsync.connectors.kit.SsrfGuard;
import dev.clinicsync.connectors.icsfeed.internal.Deadline;
import dev.clinicsync.connectors.icsfeed.internal.EventInstance;
import dev.clinicsync.connectors.icsfeed.internal.FeedContent;
import dev.clinicsync.connectors.icsfeed.internal.FeedCursor;
import dev.clinicsync.connectors.icsfeed.internal.FeedProblem;
import dev.clinicsync.connectors.icsfeed.internal.UidKeys;
import dev.clinicsync.connectors.icsfeed.internal.IcsEventMapper;
import dev.clinicsync.connectors.icsfeed.internal.IcsFeedReader;
import dev.clinicsync.connectors.icsfeed.internal.IcsParser;
import dev.clinicsync.core.CursorExpiredException;
import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.RetryableConnectorException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ExternalIdentity;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.connector.ConnectorCapabilities;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.connector.ConnectorContext;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.connector.FetchPage;
import dev.clinicsync.core.connector.FetchRequest;
import dev.clinicsync.core.connector.RecordIssue;
import dev.clinicsync.core.connector.Retention;
import dev.clinicsync.connectors.kit.ResponseTooLargeException;
import dev.clinicsync.core.store.Secret;
import dev.clinicsync.core.connector.SourceConnector;
import dev.clinicsync.core.connector.SourceRecord;
import dev.clinicsync.core.model.SyncCursor;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one published iCalendar feed over HTTPS — Outlook/Exchange "publish calendar", an iCloud
 * public calendar, Google's secret iCal address, Zimbra, a practice system's export — as
 * appointments or as one clinician's busy blocks ({@link IcsFeedMode}). A vendor whose calendar is
 * such a feed is an {@link IcsFeedPreset} of this connector (SimplePractice is), not a copy of it.
 *
 * <p><b>Busy blocks.</b> In {@link IcsFeedMode#BUSY_BLOCKS} mode every instance that blocks time
 * becomes a {@link BusyBlock} of the configured clinician on the calendar named by
 * {@code feed-name}, with no details: summaries, notes and attendees are never read into it.
 * All-day events become all-day blocks (their local dates, re-anchored to the clinician's zone by
 * the conflict engine). Cancelled and free ({@code TRANSP:TRANSPARENT}) events block nothing; an
 * incremental fetch deletes a block whose event became one of them.
 *
 * <p><b>Fetching.</b> The feed URL comes from the {@link dev.clinicsync.core.store.SecretStore}
 * (it grants access to the calendar) and is checked by the kit's {@link SsrfGuard} before every
 * fetch and at every connection. Logs and errors show only {@code scheme://host/[redacted]} and
 * the feed's configured name. An incremental fetch sends {@code If-None-Match} /
 * {@code If-Modified-Since}; an unchanged feed costs one 304 and returns an empty page.
 *
 * <p><b>Window.</b> The feed is expanded over the requested window padded by
 * {@code window-padding} on each side (the <em>horizon</em>), and records are reported for the
 * horizon, so a 304 is only trusted while the requested window lies inside the horizon of the last
 * read. Records come in pages of the requested size (held in memory between
 * page calls, deletions and issues on the first page, the cursor on the last).
 *
 * <p><b>Deletions.</b> The connector remembers every instance it reported (id, start, a content
 * fingerprint) inside the {@link dev.clinicsync.core.model.SyncCursor} it returns. An incremental
 * fetch reports only new or changed instances, and as deletions the remembered ones the feed no
 * longer defines: a single event whose UID is gone, or a series instance whose start lies in the
 * new horizon but is no longer produced (removed, EXDATE'd). An event this read had to skip (an
 * issue names its UID: say its TZID became unknown) is not taken as deleted; it stays tracked.
 * Every record's vendor version is a keyed content fingerprint ({@link RecordFingerprint}), so any
 * change, PHI included, reaches the store. A full fetch (no cursor) reports every
 * live record and no deletions; the coordinator reconciles it.
 *
 * <p><b>Untrusted feeds.</b> A feed cut short (no END:VCALENDAR) throws
 * {@link FeedTruncatedException} — retryable, nothing applied, no deletions, cursor unchanged. A
 * well-formed feed with no events after one that had instances is passed on with its deletions
 * <em>and</em> a {@link RecordIssue} whose field is {@link #SUSPECT_EMPTY_FEED}: the deletions are
 * what the coordinator's mass-deletion guard measures and holds for an admin; the issue says why.
 * Too large, too slow to parse, or not iCalendar: {@link FeedRejectedException}.
 *
 * <p><b>Bounded expansion.</b> Recurrence expansion is bounded per series and per feed, by
 * instances and by expansion steps (see {@link IcsFeedConfig}). A series over a
 * per-series limit is a {@code SKIPPED} {@link RecordIssue} naming its UID and none of its
 * instances are reported; like any event this read had to skip, its remembered instances are
 * neither deleted nor forgotten. A feed over a per-feed limit throws
 * {@link FeedLimitExceededException} naming the limit, and nothing is applied.
 *
 * <p><b>Ids.</b> A single event's external id is its UID (so moving it updates it); a series
 * instance's is UID + "/" + its original start (UTC {@code yyyyMMdd'T'HHmmss'Z'}, or
 * {@code yyyyMMdd} for all-day series), which RECURRENCE-ID overrides keep. An event without a UID
 * (OWA) is kept under a derived key, or refused, as its preset says ({@link IcsFeedPreset}).
 *
 * <p><b>PHI.</b> See {@link IcsEventMapper}: summary, description, location, links, attendees go
 * to the PHI record only; the feed has no patient id, so appointments carry no patient token.
 */
public final class IcsFeedConnector implements SourceConnector {
  /** The {@link RecordIssue#field()} of the issue that flags an emptied feed. */
  public static final String SUSPECT_EMPTY_FEED = "SUSPECT_EMPTY_FEED";

  private static final Logger DEFAULT_LOG = LoggerFactory.getLogger(IcsFeedConnector.class);

  private final ConnectorId id;
  private final IcsFeedConfig config;
  private final ConnectorCapabilities capabilities;
  private final ConnectorContext context;
  private final HttpSettings httpSettings;
  private final OkHttpClient baseClient;
  private final RetryExecutor retries;
  private final SsrfGuard guard;
  private final Logger log;
  private final java.util.concurrent.atomic.AtomicLong fetchCounter = new java.util.concurrent.atomic.AtomicLong();
  private @Nullable Pending pending;

  /**
   * A connector with the kit's shared HTTP client, default retries and the SSRF guard its
   * configuration asks for ({@link SsrfGuard#from}: strict unless relaxed by {@code allow-http},
   * {@code allow-private-addresses} or {@code allow-private-targets}).
   */
  public IcsFeedConnector(ConnectorConfig connectorConfig, ConnectorContext context) {
    this(connectorConfig, context, IcsFeedPreset.GENERIC);
  }

  /**
   * A connector for a vendor preset, with the kit's shared HTTP client, default retries and the
   * SSRF guard its configuration asks for.
   *
   * @throws dev.clinicsync.core.ValidationException naming every missing or invalid property
   */
  public IcsFeedConnector(ConnectorConfig connectorConfig, ConnectorContext context, IcsFeedPreset preset) {
    this(connectorConfig.id(), IcsFeedConfig.from(connectorConfig, preset), HttpSettings.from(connectorConfig), context,
        HttpClients.shared(),
        RetryExecutor.of(dev.clinicsync.connectors.kit.Backoff.DEFAULT, dev.clinicsync.connectors.kit.Sleeper.system(),
            RandomGenerator.getDefault()),
        SsrfGuard.from(connectorConfig), DEFAULT_LOG);
  }

  /**
   * A connector with every collaborator given (tests, and hosts sharing one client and retry policy).
   *
   * @param id the connector instance
   * @param config its configuration
   * @param httpSettings timeouts
   * @param context the SDK's context (secrets, clinicians, patient tokens, clock)
   * @param baseClient the OkHttp client whose pool is shared
   * @param retries the retry policy
   * @param guard the SSRF guard
   * @param log where its PHI-free log lines go
   */
  public IcsFeedConnector(ConnectorId id, IcsFeedConfig config, HttpSettings httpSettings,
      ConnectorContext context, OkHttpClient baseClient, RetryExecutor retries, SsrfGuard guard, Logger log) {
    this.id = id;
    this.config = config;
    this.capabilities = config.mode() == IcsFeedMode.BUSY_BLOCKS
        ? ConnectorCapabilities.of(config.preset().pollingFloor(), ConnectorCapabilities.Capability.FULL_FETCH,
            ConnectorCapabilities.Capability.INCREMENTAL_FETCH, ConnectorCapabilities.Capability.BUSY_BLOCKS)
        : ConnectorCapabilities.of(config.preset().pollingFloor(), ConnectorCapabilities.Capability.FULL_FETCH,
            ConnectorCapabilities.Capability.INCREMENTAL_FETCH);
    this.context = context;
    this.httpSettings = httpSettings;
    this.baseClient = baseClient;
    this.retries = retries;
    this.guard = guard;
    this.log = log;
  }

  @Override
  public ConnectorId id() {
    return id;
  }

  @Override
  public SourceSystem system() {
    return config.system();
  }

  @Override
  public ConnectorCapabilities capabilities() {
    return capabilities;
  }

  /** The configuration this connector was built from. */
  public IcsFeedConfig config() {
    return config;
  }

  @Override
  public FetchPage fetch(FetchRequest request) {
    if (request.pageToken().isPresent()) {
      return nextPage(request.pageToken().get());
    }
    List<RecordIssue> issues = new ArrayList<>();
    TimeWindow window = clamp(request.window(), issues);
    TimeWindow horizon = TimeWindow.of(window.start().minus(config.windowPadding()), window.end().plus(config.windowPadding()));
    Optional<FeedCursor> previous = request.cursor().map(c -> FeedCursor.decode(c, config.preset().cursorPrefix())
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
    Download download = download(rb.build(), horizon);
    if (download.content() == null) {
      FeedCursor same = previous.orElseThrow(() -> new PermanentConnectorException(id.value(),
          vendor() + " feed '" + config.feedName() + "' answered 304 to an unconditional request", 304, null, null));
      log.debug("{} feed '{}' ({}): not modified", vendor(), config.feedName(), shownUrl);
      return FetchPage.builder().nextCursor(same.encode(config.preset().cursorPrefix())).build();
    }

    FeedContent content = download.content();
    IcsEventMapper mapper = new IcsEventMapper(config.system(), clinician, config.clinicianExternalId().orElse(null),
        config.defaultType());
    boolean blocks = config.mode() == IcsFeedMode.BUSY_BLOCKS;
    Map<String, FeedCursor.Seen> seen = new LinkedHashMap<>();
    List<SourceRecord> records = new ArrayList<>();
    List<BusyBlock> busyBlocks = new ArrayList<>();
    List<SourceRef> deletions = new ArrayList<>();
    Set<String> nonBlocking = new java.util.HashSet<>();
    issues.addAll(content.issues());
    for (EventInstance instance : content.instances()) {
      String fp;
      if (blocks) {
        Optional<BusyBlock> block;
        try {
          block = mapper.busyBlock(instance, config.feedName(), config.practiceZone());
        } catch (ValidationException e) {
          issues.add(RecordIssue.skipped(instance.externalId(), "VEVENT", "does not make a valid busy block"));
          continue;
        }
        if (block.isEmpty()) {
          nonBlocking.add(instance.externalId());
          continue; // cancelled or free: blocks nothing (and, if it blocked before, is deleted below)
        }
        fp = RecordFingerprint.of(block.get(), context.patients(), config.preset().versionNamespace());
        if (changed(previous, instance.externalId(), fp)) {
          busyBlocks.add(block.get());
        }
      } else {
        SourceRecord record;
        try {
          record = RecordFingerprint.versioned(mapper.map(instance, issues::add), context.patients(),
              config.preset().versionNamespace());
        } catch (ValidationException e) {
          issues.add(RecordIssue.skipped(instance.externalId(), "VEVENT", "does not make a valid appointment"));
          continue;
        }
        fp = record.appointment().source().version().orElseThrow();
        if (changed(previous, instance.externalId(), fp)) {
          records.add(record);
        }
      }
      seen.put(instance.externalId(), new FeedCursor.Seen(instance.start(), !instance.recurring(), fp));
    }
    if (previous.isPresent()) {
      // an event this read could not use (an issue naming its UID) is not gone: keep tracking it
      Set<String> unreadable = new java.util.HashSet<>();
      issues.stream().filter(i -> i.severity() == RecordIssue.Severity.SKIPPED)
          .forEach(i -> unreadable.add(i.vendorRecordId()));
      for (Map.Entry<String, FeedCursor.Seen> e : previous.get().instances().entrySet()) {
        if (seen.containsKey(e.getKey())
            || (content.known().containsKey(e.getKey()) && !nonBlocking.contains(e.getKey()))) {
          continue; // (a busy block whose event still exists but no longer blocks time is deleted)
        }
        if (unreadable.contains(e.getKey()) || unreadable.contains(uidOf(e.getKey()))) {
          seen.put(e.getKey(), e.getValue());
          continue;
        }
        FeedCursor.Seen s = e.getValue();
        // a series instance whose start left the horizon was not deleted: it is simply no longer tracked
        if (s.single() || horizon.contains(s.start())) {
          deletions.add(SourceRef.of(config.system(), e.getKey()));
        }
      }
      if (content.eventCount() == 0 && !previous.get().instances().isEmpty()) {
        issues.add(RecordIssue.skipped("feed:" + config.feedName(), SUSPECT_EMPTY_FEED,
            "the feed has no events although the previous read had " + previous.get().instances().size()
                + " instances; its " + deletions.size() + " deletions are reported for the mass-deletion guard to review"));
        log.warn("{} feed '{}' ({}) is empty after {} instances; {} deletions need review",
            vendor(), config.feedName(), shownUrl, previous.get().instances().size(), deletions.size());
      }
    }
    SyncCursor next = new FeedCursor(download.etag(), download.lastModified(), horizon, seen)
        .encode(config.preset().cursorPrefix());
    log.info("{} feed '{}' ({}): {} events, {} instances in horizon, {} new or changed, {} deleted, {} issues",
        vendor(), config.feedName(), shownUrl, content.eventCount(), seen.size(), records.size() + busyBlocks.size(),
        deletions.size(), issues.size());
    return firstPage(blocks ? busyBlocks : records, blocks, deletions, issues, retentions(issues), next,
        request.pageSize());
  }

  private static boolean changed(Optional<FeedCursor> previous, String externalId, String fingerprint) {
    FeedCursor.Seen before = previous.map(p -> p.instances().get(externalId)).orElse(null);
    return before == null || !before.fingerprint().equals(fingerprint);
  }

  private String vendor() {
    return config.preset().vendorName();
  }

  /**
   * What this read could not use is not gone: an event skipped by an issue keeps its stored copy —
   * a single event under its UID, a series under every instance id this connector forms from it
   * (UID + "/"), which only this connector knows how to spell.
   */
  private List<Retention> retentions(List<RecordIssue> issues) {
    List<Retention> out = new ArrayList<>();
    for (RecordIssue i : issues) {
      if (i.severity() == RecordIssue.Severity.SKIPPED) {
        String uid = uidOf(i.vendorRecordId());
        out.add(Retention.key(SourceRef.of(config.system(), i.vendorRecordId())));
        out.add(Retention.idPrefix(config.system(), uid + "/"));
      }
    }
    return out;
  }

  /** The first page; the rest of the records wait for {@link #nextPage} under a fresh page token. */
  private FetchPage firstPage(List<?> records, boolean blocks, List<SourceRef> deletions, List<RecordIssue> issues,
      List<Retention> retentions, SyncCursor next, int pageSize) {
    FetchPage.Builder page = FetchPage.builder();
    deletions.forEach(blocks ? page::deleteBusyBlock : page::deleteAppointment);
    issues.forEach(page::issue);
    retentions.forEach(page::retain);
    records.subList(0, Math.min(pageSize, records.size())).forEach(r -> add(page, r));
    synchronized (this) {
      pending = null;
      if (records.size() <= pageSize) {
        return page.nextCursor(next).build();
      }
      pending = new Pending("p" + fetchCounter.incrementAndGet(), List.copyOf(records), pageSize, next);
      return page.nextPageToken(pending.token(pageSize)).build();
    }
  }

  private synchronized FetchPage nextPage(String token) {
    Pending p = pending;
    int offset = p == null ? -1 : p.offsetOf(token);
    if (p == null || offset < 0 || offset >= p.records().size()) {
      throw new RetryableConnectorException(id.value(), "the page token is unknown or expired (pages are kept only "
          + "until the next fetch); restart the fetch from its first page", 0, null, null, null);
    }
    int end = Math.min(offset + p.pageSize(), p.records().size());
    FetchPage.Builder page = FetchPage.builder();
    p.records().subList(offset, end).forEach(r -> add(page, r));
    if (end >= p.records().size()) {
      pending = null;
      return page.nextCursor(p.cursor()).build();
    }
    return page.nextPageToken(p.token(end)).build();
  }

  private static void add(FetchPage.Builder page, Object record) {
    if (record instanceof BusyBlock b) {
      page.busyBlock(b);
    } else {
      page.upsert((SourceRecord) record);
    }
  }

  /** The records (appointments or busy blocks) of a fetch still to be paged out, held in memory between page calls. */
  private record Pending(String fetchId, List<?> records, int pageSize, SyncCursor cursor) {
    String token(int offset) {
      return fetchId + ":" + offset;
    }

    int offsetOf(String token) {
      if (!token.startsWith(fetchId + ":")) {
        return -1;
      }
      try {
        return Integer.parseInt(token.substring(fetchId.length() + 1));
      } catch (NumberFormatException e) {
        return -1;
      }
    }

    @Override
    public String toString() {
      return "Pending[" + fetchId + ", " + records.size() + " records]";
    }
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
    return context.clinicians().findByExternalId(ExternalIdentity.of(config.system(), external))
        .map(c -> c.id())
        .orElseThrow(() -> new PermanentConnectorException(id.value(), "no clinician in the directory has the "
            + vendor() + " id configured as 'clinician-external-id' for feed '" + config.feedName() + "'", 0, null, null));
  }

  private URI feedUri() {
    Secret secret = context.secrets().get(config.feedUrlSecret()).orElseThrow(() -> new PermanentConnectorException(
        id.value(), "the feed URL secret '" + config.feedUrlSecret() + "' of feed '" + config.feedName()
            + "' is not in the secret store", 0, null, null));
    try {
      return guard.check(secret.asString(), "the URL of " + vendor() + " feed '" + config.feedName() + "'");
    } catch (ValidationException e) {
      throw new PermanentConnectorException(id.value(),
          Objects.requireNonNull(e.getMessage(), "a ValidationException always has a message"), 0, null, null);
    }
  }

  /** A download: {@code content} is null for a 304. */
  private record Download(@Nullable FeedContent content, Optional<String> etag, Optional<String> lastModified) {}

  private Download download(Request request, TimeWindow horizon) {
    ConnectorHttp http = ConnectorHttp.builder(id, context.clock())
        .settings(httpSettings)
        .baseClient(baseClient)
        .ssrfGuard(guard)
        .retries(retries)
        .redaction(redactionFor(request.url().uri()))
        .maxBodyBytes(config.maxFeedBytes())
        .build();
    try {
      // parsing runs inside the retried call: a download cut short is retried like a reset connection
      return http.execute(request, response -> {
        if (response.status() == 304) {
          return new Download(null, Optional.empty(), Optional.empty());
        }
        if (response.status() != 200 && response.status() != 203) {
          throw new PermanentConnectorException(id.value(), vendor() + " feed '" + config.feedName()
              + "' answered with an unexpected status", response.status(), response.requestId().orElse(null), null);
        }
        FeedContent content = parse(response.body(), horizon, response.status());
        return new Download(content, response.header("ETag"), response.header("Last-Modified"));
      });
    } catch (ResponseTooLargeException e) {
      throw new FeedRejectedException(id.value(), config.feedName(), FeedRejectedException.Reason.TOO_LARGE,
          "the download is larger than max-feed-bytes (" + config.maxFeedBytes() + ")",
          e.httpStatus().orElse(0), e);
    }
  }

  private FeedContent parse(byte[] bytes, TimeWindow horizon, int status) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    UidKeys uidKeys = config.preset().uidlessEvents() == IcsFeedPreset.UidlessEvents.DERIVE_KEY
        ? UidKeys.derived(context.patients(), IcsFeedPreset.DERIVED_ID_PREFIX, "ics-feed-derived-uid/" + id.value())
        : UidKeys.refusing();
    IcsFeedReader reader = new IcsFeedReader(config.practiceZone(), config.expansionLimits(), uidKeys);
    try {
      return Deadline.run("feed '" + config.feedName() + "'", config.parseDeadline(),
          () -> reader.read(IcsParser.parse(text, config.maxFeedBytes()), horizon));
    } catch (FeedProblem p) {
      switch (p.kind()) {
        case TRUNCATED:
          throw new FeedTruncatedException(id.value(), config.feedName(), p.getMessage(), status);
        case TOO_LARGE:
          throw new FeedRejectedException(id.value(), config.feedName(), FeedRejectedException.Reason.TOO_LARGE,
              p.getMessage(), status, null);
        case DEADLINE_EXCEEDED:
          throw new FeedRejectedException(id.value(), config.feedName(),
              FeedRejectedException.Reason.PARSE_DEADLINE_EXCEEDED, p.getMessage(), status, null);
        case LIMIT_EXCEEDED:
          log.warn("{} feed '{}' rejected: {}", vendor(), config.feedName(), p.getMessage());
          throw new FeedLimitExceededException(id.value(), config.feedName(), p.limit().orElse("a per-feed limit"),
              p.limitValue(), p.getMessage(), status);
        default:
          throw new FeedRejectedException(id.value(), config.feedName(), FeedRejectedException.Reason.MALFORMED,
              p.getMessage(), status, null);
      }
    }
  }

  /** {@code scheme://host[:port]/[redacted]}: enough to tell feeds apart, nothing that grants access. */
  public static String redacted(URI uri) {
    String port = uri.getPort() > 0 && uri.getPort() != 443 && uri.getPort() != 80 ? ":" + uri.getPort() : "";
    return uri.getScheme() + "://" + uri.getHost() + port + "/" + Redaction.MASK;
  }

  /** The kit's redaction for this feed: no path, and every query parameter of the URL masked. */
  public static Redaction redactionFor(URI uri) {
    Redaction r = Redaction.defaults().withOpaquePaths();
    HttpUrl url = HttpUrl.get(uri);
    Set<String> names = new LinkedHashSet<>(url.queryParameterNames());
    return names.isEmpty() ? r : r.denyingQueryParameters(names.toArray(String[]::new));
  }

  private static final java.util.regex.Pattern INSTANCE_KEY = java.util.regex.Pattern.compile("^(.+)/[0-9]{8}(T[0-9]{6}Z)?$");

  /** The UID of an external id: the id itself for a single event, the part before "/start" for an instance. */
  static String uidOf(String externalId) {
    java.util.regex.Matcher m = INSTANCE_KEY.matcher(externalId);
    return m.matches() ? m.group(1) : externalId;
  }

  /** Drops the pages still held from the last fetch. */
  @Override
  public synchronized void close() {
    pending = null;
  }

  @Override
  public String toString() {
    return "IcsFeedConnector[" + id + ", " + config.preset().type() + ", " + config.mode().value() + ", feed '"
        + config.feedName() + "']";
  }
}
