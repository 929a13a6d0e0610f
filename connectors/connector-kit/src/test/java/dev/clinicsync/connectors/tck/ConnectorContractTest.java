package dev.clinicsync.connectors.tck;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.matching.UrlPattern;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.clinicsync.core.ConnectorAuthException;
import dev.clinicsync.core.ConnectorException;
import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.RetryableConnectorException;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.spi.ConnectorCapabilities.Capability;
import dev.clinicsync.core.spi.FetchPage;
import dev.clinicsync.core.spi.FetchRequest;
import dev.clinicsync.core.spi.RecordIssue;
import dev.clinicsync.core.spi.SourceConnector;
import dev.clinicsync.core.spi.SourceRecord;
import dev.clinicsync.core.spi.SyncCursor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The connector TCK: the contract every {@link SourceConnector} passes, in the style of
 * Micrometer's {@code MeterRegistryCompatibilityKit}. A connector's test suite extends it, tells
 * it how to build the connector against a stub vendor and how to stub each scenario in the
 * vendor's wire format, and inherits every check.
 *
 * <h2>How to use it</h2>
 * Add the kit's test-jar and the test libraries to the connector's pom:
 * <pre>{@code
 * <dependency><groupId>dev.clinicsync</groupId><artifactId>clinicsync-connector-kit</artifactId>
 *   <type>test-jar</type><scope>test</scope></dependency>
 * <dependency><groupId>dev.clinicsync</groupId><artifactId>clinicsync-core</artifactId>
 *   <type>test-jar</type><scope>test</scope></dependency>
 * <!-- and org.wiremock:wiremock, junit-jupiter, assertj-core, all test scope -->
 * }</pre>
 * then subclass it:
 * <pre>{@code
 * class ZocdocConnectorContractTest extends ConnectorContractTest {
 *   protected SourceConnector createConnector(ConnectorTestContext ctx) {
 *     stubToken(ctx);                                     // your OAuth stub, if any
 *     return new ZocdocConnector(ctx.config("zocdoc", Map.of()), ctx.connectorContext(), ctx.sleeper());
 *   }
 *   protected UrlPattern fetchUrlPattern() { return urlPathEqualTo("/v1/appointments"); }
 *   protected Map<String, TimeWindow> stubMultiPageFullFetch(ConnectorTestContext ctx, TimeWindow w, int n, int size) {
 *     ... ctx.vendor().stubFor(get(...).withQueryParam("page", equalTo("0")).willReturn(okJson(page0))); ...
 *     return expectedTimesByExternalId;
 *   }
 *   // stubIncrementalChanges, stubBadRecords, stubDocumentedStatuses, stubUndocumentedValues, plantedPhi
 * }
 * }</pre>
 * Rules for the stubs:
 * <ul>
 *   <li>Build the connector from {@link ConnectorTestContext#config} (its base URL and short
 *       timeouts) and {@link ConnectorTestContext#connectorContext()}, and give its retries and
 *       rate limiter {@link ConnectorTestContext#sleeper()}, so no test really sleeps.
 *   <li>Stub with the default WireMock priority; the TCK plants faults at priority 1 on
 *       {@link #fetchUrlPattern()} for one request, then lets your stubs answer.
 *   <li>Plant PHI (patient names, birth dates, phone numbers, notes) in every fixture and list it
 *       in {@link #plantedPhi()}: the TCK fails if any of it appears in an appointment, its
 *       metadata, a record issue, a deletion, a cursor or an exception message.
 *   <li>{@link #stubIncrementalChanges} is only called when the connector declares
 *       {@code INCREMENTAL_FETCH}; return {@code null} otherwise.
 * </ul>
 */
public abstract class ConnectorContractTest {
  private static final int MAX_PAGES = 200;

  private @Nullable WireMockServer server;
  private @Nullable ConnectorTestContext context;
  private @Nullable SourceConnector connector;

  // ---------------------------------------------------------------- the SPI a connector test implements

  /** Builds the connector under test, pointed at {@code ctx.baseUrl()}; stub auth here too. */
  protected abstract SourceConnector createConnector(ConnectorTestContext ctx);

  /** The URL pattern every fetch page request matches; faults are planted on it. */
  protected abstract UrlPattern fetchUrlPattern();

  /**
   * Stubs a full fetch of {@code records} records over several pages of at most {@code pageSize}
   * (the TCK sends that page size in its {@link FetchRequest}).
   *
   * @return each record's external id and the exact UTC interval it must normalize to
   */
  protected abstract Map<String, TimeWindow> stubMultiPageFullFetch(ConnectorTestContext ctx, TimeWindow window,
      int records, int pageSize);

  /** Stubs a full fetch and, for the cursor it ends with, a change set with deletions. */
  protected abstract @Nullable IncrementalStub stubIncrementalChanges(ConnectorTestContext ctx, TimeWindow window);

  /** Stubs one page with good records and one record per bad value the format can express. */
  protected abstract BadRecordsStub stubBadRecords(ConnectorTestContext ctx, TimeWindow window);

  /**
   * Stubs a full fetch with one record for every documented vendor status.
   *
   * @return each record's external id and the canonical status it must map to
   */
  protected abstract Map<String, AppointmentStatus> stubDocumentedStatuses(ConnectorTestContext ctx, TimeWindow window);

  /**
   * Stubs a full fetch holding one record with an undocumented status and an undocumented type.
   *
   * @return that record's external id, or empty when the vendor's format has no such fields
   */
  protected abstract Optional<String> stubUndocumentedValues(ConnectorTestContext ctx, TimeWindow window);

  /** Every PHI string planted in the fixtures (names, birth dates, phone numbers, notes). */
  protected abstract Set<String> plantedPhi();

  /** The HTTP method of fetch requests; GET unless overridden (SOAP: POST). */
  protected RequestMethod fetchMethod() {
    return RequestMethod.GET;
  }

  /** How the connector authenticates; decides what a single 401 must lead to. */
  protected AuthStyle authStyle() {
    return AuthStyle.REFRESHABLE_TOKEN;
  }

  /** A body that is not the vendor's format, served by the MALFORMED_BODY fault. */
  protected String malformedBody() {
    return "{\"appointments\": [ {\"id\": \"tck-broken\", ";
  }

  /** The content type of the vendor's responses. */
  protected String contentType() {
    return "application/json";
  }

  /** The window every scenario fetches: the week of Monday 2 March 2026 (UTC). */
  protected TimeWindow window() {
    return TimeWindow.of(Instant.parse("2026-03-02T00:00:00Z"), Instant.parse("2026-03-09T00:00:00Z"));
  }

  /** The page size the TCK asks for. */
  protected int pageSize() {
    return 3;
  }

  /** How many records the multi-page scenario stubs; more than two pages' worth. */
  protected int multiPageRecords() {
    return 2 * pageSize() + 1;
  }

  /** Plants {@code fault} once on the first fetch request; override for vendors that need more. */
  protected void stubFault(ConnectorTestContext ctx, VendorFault fault) {
    ctx.vendor().stubFor(request(fetchMethod().getName(), fetchUrlPattern()).atPriority(1)
        .inScenario("tck-fault").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("served")
        .willReturn(faultResponse(fault)));
  }

  /** The response the default {@link #stubFault} plants. */
  protected ResponseDefinitionBuilder faultResponse(VendorFault fault) {
    switch (fault) {
      case RATE_LIMITED_WITH_RETRY_AFTER:
        return aResponse().withStatus(429).withHeader("Retry-After", "1");
      case SERVER_ERROR:
        return aResponse().withStatus(500);
      case SERVICE_UNAVAILABLE:
        return aResponse().withStatus(503);
      case CONNECTION_RESET:
        return aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER);
      case EMPTY_BODY:
        return aResponse().withStatus(200).withHeader("Content-Type", contentType()).withBody("");
      case MALFORMED_BODY:
        return aResponse().withStatus(200).withHeader("Content-Type", contentType()).withBody(malformedBody());
      case SLOW_RESPONSE:
        return aResponse().withStatus(200).withHeader("Content-Type", contentType())
            .withFixedDelay((int) ConnectorTestContext.READ_TIMEOUT.toMillis() * 4).withBody(malformedBody());
      case UNAUTHORIZED_ONCE:
        return aResponse().withStatus(401);
      default:
        throw new IllegalArgumentException("no response for " + fault);
    }
  }

  // ---------------------------------------------------------------- plumbing available to subclasses

  @BeforeEach
  final void startVendor() {
    WireMockServer s = new WireMockServer(wireMockConfig().dynamicPort());
    s.start();
    server = s;
    context = new ConnectorTestContext(s);
  }

  @AfterEach
  final void stopVendor() {
    if (connector != null) {
      connector.close();
    }
    if (server != null) {
      server.stop();
    }
  }

  /** This test's context. */
  protected final ConnectorTestContext ctx() {
    if (context == null) {
      throw new IllegalStateException("the TCK context exists only inside a test");
    }
    return context;
  }

  /** The connector under test, created on first use. */
  protected final SourceConnector connector() {
    if (connector == null) {
      connector = createConnector(ctx());
    }
    return connector;
  }

  /** Fetches every page, starting from {@code first}. */
  protected final FetchResult fetchAll(FetchRequest first) {
    List<FetchPage> pages = new ArrayList<>();
    FetchRequest request = first;
    while (true) {
      FetchPage page = connector().fetch(request);
      pages.add(page);
      if (page.isLastPage()) {
        return new FetchResult(pages);
      }
      if (pages.size() >= MAX_PAGES) {
        throw new AssertionError("the connector returned more than " + MAX_PAGES + " pages: is it looping?");
      }
      request = request.next(page);
    }
  }

  /** A full fetch of {@link #window()} with {@link #pageSize()}. */
  protected final FetchResult fetchFull() {
    return fetchAll(FetchRequest.full(window()).withPageSize(pageSize()));
  }

  // ---------------------------------------------------------------- the contract

  @Nested
  @DisplayName("Normalized appointments")
  class Normalization {

    @Test
    @DisplayName("every appointment has the vendor's times as UTC instants, end after start, and its source key")
    void appointmentsAreNormalized() {
      Map<String, TimeWindow> expected = stubMultiPageFullFetch(ctx(), window(), multiPageRecords(), pageSize());
      FetchResult result = fetchFull();
      SoftAssertions soft = new SoftAssertions();
      for (Appointment a : result.appointments()) {
        String id = a.source().externalId();
        soft.assertThat(a.source().system()).as("source system of %s", id).isEqualTo(connector().system());
        soft.assertThat(id).as("external id").isNotBlank();
        soft.assertThat(a.id()).as("id of %s derives from its source key", id).isEqualTo(AppointmentId.forSource(a.source()));
        soft.assertThat(a.end()).as("end of %s", id).isAfter(a.start());
        soft.assertThat(a.revision()).as("revision of %s", id).isZero();
        soft.assertThat(a.conflictIds()).as("conflict ids of %s", id).isEmpty();
        soft.assertThat(expected).as("the vendor's record %s", id).containsKey(id);
        if (expected.containsKey(id)) {
          soft.assertThat(a.window()).as("UTC interval of %s", id).isEqualTo(expected.get(id));
        }
      }
      soft.assertAll();
    }

    @Test
    @DisplayName("every documented vendor status maps to its canonical status without a fallback")
    void documentedStatusesMap() {
      Map<String, AppointmentStatus> expected = stubDocumentedStatuses(ctx(), window());
      FetchResult result = fetchFull();
      Map<String, AppointmentStatus> actual = result.appointments().stream()
          .collect(Collectors.toMap(a -> a.source().externalId(), Appointment::status, (x, y) -> x));
      assertThat(actual).as("canonical status by vendor record").containsAllEntriesOf(expected);
      assertThat(result.issues()).as("issues of documented statuses")
          .filteredOn(i -> expected.containsKey(i.vendorRecordId()))
          .filteredOn(i -> i.severity() == RecordIssue.Severity.FALLBACK)
          .isEmpty();
    }

    @Test
    @DisplayName("an undocumented status or type maps to an explicit fallback and is reported, not dropped")
    void undocumentedValuesFallBack() {
      Optional<String> id = stubUndocumentedValues(ctx(), window());
      Assumptions.assumeTrue(id.isPresent(), "the vendor's format has no status or type to leave undocumented");
      FetchResult result = fetchFull();
      assertThat(result.externalIds()).as("the record with undocumented values is kept").contains(id.get());
      assertThat(result.issuesOf(id.get())).as("issues naming " + id.get())
          .isNotEmpty()
          .allSatisfy(i -> assertThat(i.severity()).isEqualTo(RecordIssue.Severity.FALLBACK));
    }
  }

  @Nested
  @DisplayName("PHI stays out of the canonical model")
  class Phi {

    @Test
    @DisplayName("no planted PHI appears in appointments, metadata, issues, deletions or cursors of a full fetch")
    void fullFetchIsPhiFree() {
      stubMultiPageFullFetch(ctx(), window(), multiPageRecords(), pageSize());
      assertPhiFree(fetchFull());
    }

    @Test
    @DisplayName("no planted PHI appears in what a page of bad and undocumented records yields")
    void badRecordsArePhiFree() {
      stubBadRecords(ctx(), window());
      assertPhiFree(fetchFull());
    }

    @Test
    @DisplayName("no planted PHI appears in an incremental change set")
    void incrementalIsPhiFree() {
      assumeIncremental();
      IncrementalStub stub = stubIncrementalChanges(ctx(), window());
      FetchResult full = fetchFull();
      assertPhiFree(full);
      SyncCursor cursor = full.cursor().orElseThrow(() -> new AssertionError("the full fetch gave no cursor"));
      assertPhiFree(fetchAll(FetchRequest.incremental(window(), cursor).withPageSize(pageSize())));
      assertThat(stub).isNotNull();
    }

    @Test
    @DisplayName("the planted PHI goes to the PHI record instead")
    void phiGoesToThePhiRecord() {
      stubMultiPageFullFetch(ctx(), window(), multiPageRecords(), pageSize());
      Set<String> phiValues = fetchFull().records().stream()
          .flatMap(r -> r.phi().stream())
          .flatMap(p -> p.asMap().values().stream())
          .map(v -> v.toLowerCase(Locale.ROOT))
          .collect(Collectors.toSet());
      assertThat(plantedPhi()).as("planted PHI found in the PHI records")
          .anySatisfy(planted -> assertThat(phiValues.stream().anyMatch(v -> v.contains(planted.toLowerCase(Locale.ROOT))))
              .isTrue());
    }
  }

  @Nested
  @DisplayName("Paging")
  class Paging {

    @Test
    @DisplayName("a multi-page vendor response yields every record exactly once")
    void everyRecordExactlyOnce() {
      Map<String, TimeWindow> expected = stubMultiPageFullFetch(ctx(), window(), multiPageRecords(), pageSize());
      FetchResult result = fetchFull();
      assertThat(result.pages()).as("pages").hasSizeGreaterThan(1);
      assertThat(result.externalIds()).as("external ids over all pages").doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(expected.keySet());
    }

    @Test
    @DisplayName("only the last page carries the cursor")
    void cursorOnlyOnLastPage() {
      stubMultiPageFullFetch(ctx(), window(), multiPageRecords(), pageSize());
      FetchResult result = fetchFull();
      List<FetchPage> pages = result.pages();
      for (int i = 0; i < pages.size() - 1; i++) {
        assertThat(pages.get(i).nextCursor()).as("cursor on page %d of %d", i + 1, pages.size()).isEmpty();
      }
      if (connector().capabilities().supports(Capability.INCREMENTAL_FETCH)) {
        assertThat(result.cursor()).as("cursor on the last page").isPresent();
      }
    }
  }

  @Nested
  @DisplayName("Incremental fetch")
  class Incremental {

    @Test
    @DisplayName("a cursor round-trips and a second fetch returns only the changes")
    void cursorRoundTrips() {
      assumeIncremental();
      IncrementalStub stub = requireStub();
      FetchResult full = fetchFull();
      assertThat(full.externalIds()).as("full fetch").containsExactlyInAnyOrderElementsOf(stub.initial().keySet());
      SyncCursor cursor = full.cursor().orElseThrow(() -> new AssertionError("the full fetch gave no cursor"));
      SyncCursor restored = SyncCursor.of(new String(cursor.value().toCharArray()));
      FetchResult changes = fetchAll(FetchRequest.incremental(window(), restored).withPageSize(pageSize()));
      assertThat(changes.externalIds()).as("changed records").containsExactlyInAnyOrderElementsOf(stub.changed());
      assertThat(changes.cursor()).as("the incremental fetch's next cursor").isPresent();
    }

    @Test
    @DisplayName("deletions arrive as deletions of this source, not as records")
    void deletionsArriveAsDeletions() {
      assumeIncremental();
      IncrementalStub stub = requireStub();
      SyncCursor cursor = fetchFull().cursor().orElseThrow(() -> new AssertionError("the full fetch gave no cursor"));
      FetchResult changes = fetchAll(FetchRequest.incremental(window(), cursor).withPageSize(pageSize()));
      assertThat(changes.deletions()).as("deletions").allSatisfy(d ->
          assertThat(d.system()).isEqualTo(connector().system()));
      assertThat(changes.deletions().stream().map(SourceRef::externalId)).as("deleted external ids")
          .containsExactlyInAnyOrderElementsOf(stub.deleted());
      assertThat(changes.externalIds()).as("records").doesNotContainAnyElementsOf(stub.deleted());
    }

    private IncrementalStub requireStub() {
      IncrementalStub stub = stubIncrementalChanges(ctx(), window());
      if (stub == null) {
        throw new AssertionError("the connector declares INCREMENTAL_FETCH but stubIncrementalChanges returned null");
      }
      return stub;
    }
  }

  @Nested
  @DisplayName("Faults")
  class Faults {

    @ParameterizedTest(name = "{0}")
    @EnumSource(VendorFault.class)
    @DisplayName("each vendor fault ends in the right error class or a complete, successful retry")
    void faultIsClassifiedOrSurvived(VendorFault fault) {
      Map<String, TimeWindow> expected = stubMultiPageFullFetch(ctx(), window(), multiPageRecords(), pageSize());
      stubFault(ctx(), fault);
      List<FetchResult> success = new ArrayList<>();
      Throwable thrown = catchThrowable(() -> success.add(fetchFull()));
      if (thrown == null) {
        assertThat(fault).as("a malformed payload is a permanent failure, never a success")
            .isNotEqualTo(VendorFault.MALFORMED_BODY);
        assertThat(success.get(0).externalIds()).as("records after surviving %s", fault)
            .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected.keySet());
        assertPhiFree(success.get(0));
        return;
      }
      assertThat(thrown).as("failure after %s", fault).isInstanceOf(ConnectorException.class);
      ConnectorException e = (ConnectorException) thrown;
      assertThat(e.connectorId()).as("connector id on the failure").isEqualTo(connector().id().value());
      assertNoPhiIn("exception message", String.valueOf(e.getMessage()));
      switch (fault) {
        case MALFORMED_BODY:
          assertThat(e).as("failure after %s", fault).isInstanceOf(PermanentConnectorException.class);
          break;
        case UNAUTHORIZED_ONCE:
          assertThat(authStyle()).as("a connector with refreshable tokens survives a single 401")
              .isEqualTo(AuthStyle.STATIC_CREDENTIALS);
          assertThat(e).as("failure after %s", fault).isInstanceOf(ConnectorAuthException.class);
          break;
        case RATE_LIMITED_WITH_RETRY_AFTER:
          assertThat(e).as("failure after %s", fault).isInstanceOf(RetryableConnectorException.class);
          assertThat(((RetryableConnectorException) e).retryAfter()).as("the vendor's Retry-After is kept").isPresent();
          break;
        default:
          assertThat(e).as("failure after %s", fault).isInstanceOf(RetryableConnectorException.class);
      }
    }
  }

  @Nested
  @DisplayName("Bad payload values")
  class BadValues {

    @Test
    @DisplayName("each bad record gives an issue naming it, while the rest of the page comes through")
    void badRecordsAreReportedNotFatal() {
      BadRecordsStub stub = stubBadRecords(ctx(), window());
      FetchResult result = fetchFull();
      assertThat(result.externalIds()).as("good records").containsAll(stub.goodIds());
      SoftAssertions soft = new SoftAssertions();
      for (Map.Entry<BadValue, String> bad : stub.badIds().entrySet()) {
        String id = bad.getValue();
        List<RecordIssue> issues = result.issuesOf(id);
        soft.assertThat(issues).as("issues naming the %s record %s", bad.getKey(), id).isNotEmpty();
        boolean kept = result.externalIds().contains(id);
        if (kept) {
          soft.assertThat(issues).as("a kept %s record %s must be a reported fallback", bad.getKey(), id)
              .allSatisfy(i -> assertThat(i.severity()).isEqualTo(RecordIssue.Severity.FALLBACK));
        }
      }
      soft.assertAll();
    }

    @Test
    @DisplayName("the stub covers missing start and end before start at least")
    void coversTheBasics() {
      BadRecordsStub stub = stubBadRecords(ctx(), window());
      assertThat(stub.badIds()).containsKeys(BadValue.MISSING_START, BadValue.END_BEFORE_START);
    }
  }

  // ---------------------------------------------------------------- PHI checks

  /** Fails when any planted PHI string appears in the fetch's canonical output. */
  protected final void assertPhiFree(FetchResult result) {
    SoftAssertions soft = new SoftAssertions();
    for (SourceRecord r : result.records()) {
      Appointment a = r.appointment();
      String where = "appointment " + a.source().externalId();
      check(soft, where + " toString", a.toString());
      check(soft, where + " source", a.source().externalId() + " " + a.source().version().orElse(""));
      check(soft, where + " vendor provider id", a.vendorProviderId().orElse(""));
      check(soft, where + " location id", a.locationId().orElse(""));
      check(soft, where + " type", a.type().toString());
      check(soft, where + " patient token", a.patient().map(p -> p.token()).orElse(""));
      a.sourceMetadata().forEach((k, v) -> check(soft, where + " metadata " + k, k + "=" + v));
      check(soft, where + " PHI record toString", r.phi().map(Object::toString).orElse(""));
    }
    result.issues().forEach(i -> check(soft, "record issue of " + i.vendorRecordId(), i.toString()));
    result.deletions().forEach(d -> check(soft, "deletion", d.toString()));
    result.pages().forEach(p -> {
      check(soft, "page token", p.nextPageToken().orElse(""));
      check(soft, "cursor", p.nextCursor().map(SyncCursor::value).orElse(""));
    });
    soft.assertAll();
  }

  /** Fails when any planted PHI string appears in {@code text}. */
  protected final void assertNoPhiIn(String where, String text) {
    SoftAssertions soft = new SoftAssertions();
    check(soft, where, text);
    soft.assertAll();
  }

  private void check(SoftAssertions soft, String where, String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    Set<String> found = new HashSet<>();
    for (String planted : plantedPhi()) {
      if (!planted.isBlank() && lower.contains(planted.toLowerCase(Locale.ROOT))) {
        found.add(planted);
      }
    }
    soft.assertThat(found).as("planted PHI found in %s", where).isEmpty();
  }

  private void assumeIncremental() {
    Assumptions.assumeTrue(connector().capabilities().supports(Capability.INCREMENTAL_FETCH),
        "the connector does not declare INCREMENTAL_FETCH");
  }
}
