package dev.clinicsync.connectors.google;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.matching.UrlPattern;
import dev.clinicsync.connectors.tck.BadRecordsStub;
import dev.clinicsync.connectors.tck.BadValue;
import dev.clinicsync.connectors.tck.ConnectorContractTest;
import dev.clinicsync.connectors.tck.ConnectorTestContext;
import dev.clinicsync.connectors.tck.FetchResult;
import dev.clinicsync.connectors.tck.IncrementalStub;
import dev.clinicsync.connectors.tck.VendorFault;
import dev.clinicsync.core.ConnectorException;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.model.WeeklyAvailability;
import dev.clinicsync.core.spi.FetchPage;
import dev.clinicsync.core.spi.FetchRequest;
import dev.clinicsync.core.spi.RecordIssue;
import dev.clinicsync.core.spi.Secret;
import dev.clinicsync.core.spi.SourceConnector;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The connector TCK for Google Calendar, plus the same checks made for busy blocks.
 *
 * <p>Google yields no appointment records — only busy blocks, deletions, echoes and issues — so
 * the TCK's record-only checks do not apply and are switched off by name (see
 * {@link RecordOnlyChecks}); the stubs return no expected records. What the TCK then checks for
 * real: cursors only on the last page and round-tripping, deletions, fault classification, PHI in
 * issues, deletions, page tokens, cursors and exception messages. The {@code BusyBlocks} group
 * below repeats the record-only checks for busy blocks.
 */
@ExtendWith(GoogleCalendarContractTest.RecordOnlyChecks.class)
@DisplayName("Google Calendar connector contract")
class GoogleCalendarContractTest extends ConnectorContractTest {
  static final ClinicianId CLINICIAN = ClinicianId.of("tck-clinician");
  static final String EVENTS = "/calendar/v3/calendars/primary/events";

  /** Switches off the TCK checks that only make sense for connectors that yield appointment records. */
  static final class RecordOnlyChecks implements ExecutionCondition {
    static final Map<String, String> NOT_APPLICABLE = Map.of(
        "appointmentsAreNormalized", "Google yields busy blocks, not appointments: see BusyBlocks.everyBlockExactlyOnce",
        "documentedStatusesMap", "Google events are busy or not; no appointment status is mapped",
        "phiGoesToThePhiRecord", "Google yields no PHI record by design: personal details are dropped, never kept",
        "everyRecordExactlyOnce", "Google yields busy blocks: see BusyBlocks.everyBlockExactlyOnce",
        "badRecordsAreReportedNotFatal", "Google yields busy blocks: see BusyBlocks.badEventsAreReportedNotFatal");

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getTestMethod().map(m -> NOT_APPLICABLE.get(m.getName()))
          .map(ConditionEvaluationResult::disabled)
          .orElseGet(() -> ConditionEvaluationResult.enabled("applies to busy-block connectors"));
    }
  }

  @Override
  protected SourceConnector createConnector(ConnectorTestContext ctx) {
    ctx.secrets().put("google/client-id", Secret.of("tck-client"));
    ctx.secrets().put("google/client-secret", Secret.of("tck-secret"));
    ctx.secrets().put("google/refresh-token/tck-clinician", Secret.of("tck-refresh"));
    if (ctx.clinicians().find(CLINICIAN).isEmpty()) {
      ctx.clinicians().save(Clinician.of(CLINICIAN, "TCK Clinician", ZoneId.of("America/Chicago"), WeeklyAvailability.NONE));
    }
    ctx.vendor().stubFor(post(urlPathEqualTo("/token"))
        .willReturn(okJson("{\"access_token\":\"tck-access\",\"expires_in\":3600,\"token_type\":\"Bearer\"}")));
    GoogleCalendarSettings settings = GoogleCalendarSettings.from(ctx.config(GoogleCalendarConnectorProvider.TYPE, Map.of(
        "clinician", CLINICIAN.value(), "root-url", ctx.baseUrl(), "token-url", ctx.baseUrl() + "/token")));
    return GoogleCalendarConnector.builder(settings, ctx.connectorContext()).sleeper(ctx.sleeper()).build();
  }

  @Override
  protected UrlPattern fetchUrlPattern() {
    return urlPathEqualTo(EVENTS);
  }

  // ------------------------------------------------------------------------------- Google payloads

  static String event(String id, String start, String end) {
    return "{\"kind\":\"calendar#event\",\"etag\":\"\\\"" + id.hashCode() + "\\\"\",\"id\":\"" + id + "\",\"status\":\"confirmed\","
        + "\"summary\":\"PERSONAL-TITLE session with Jordan Q. Patient\",\"description\":\"call 555-0199, born 1984-02-29\","
        + "\"attendees\":[{\"email\":\"jordan.patient@mail.example\",\"displayName\":\"Jordan Q. Patient\"}],"
        + "\"start\":{\"dateTime\":\"" + start + "\"},\"end\":{\"dateTime\":\"" + end + "\"}}";
  }

  static String page(List<String> items, @Nullable String nextPageToken, @Nullable String nextSyncToken) {
    return "{\"kind\":\"calendar#events\",\"summary\":\"PERSONAL-TITLE Jordan's calendar\",\"timeZone\":\"America/Chicago\","
        + (nextPageToken == null ? "" : "\"nextPageToken\":\"" + nextPageToken + "\",")
        + (nextSyncToken == null ? "" : "\"nextSyncToken\":\"" + nextSyncToken + "\",")
        + "\"items\":[" + String.join(",", items) + "]}";
  }

  /** Busy windows stubbed by the last multi-page scenario, by event id. */
  private final Map<String, TimeWindow> stubbedBlocks = new LinkedHashMap<>();

  @Override
  protected Map<String, TimeWindow> stubMultiPageFullFetch(ConnectorTestContext ctx, TimeWindow window, int records, int pageSize) {
    stubbedBlocks.clear();
    List<String> items = new ArrayList<>();
    for (int i = 0; i < records; i++) {
      String id = "tck0event" + i;
      TimeWindow w = TimeWindow.of(window.start().plus(Duration.ofHours(9 + i)), Duration.ofMinutes(45));
      stubbedBlocks.put(id, w);
      items.add(event(id, w.start().toString(), w.end().toString()));
    }
    int pages = (records + pageSize - 1) / pageSize;
    for (int p = 0; p < pages; p++) {
      List<String> slice = items.subList(p * pageSize, Math.min(records, (p + 1) * pageSize));
      boolean last = p == pages - 1;
      var request = get(urlPathEqualTo(EVENTS)).withQueryParam("maxResults", equalTo(String.valueOf(pageSize)));
      request = p == 0 ? request.withQueryParam("pageToken", com.github.tomakehurst.wiremock.client.WireMock.absent())
          : request.withQueryParam("pageToken", equalTo("tck-page-" + p));
      ctx.vendor().stubFor(request.willReturn(okJson(page(slice, last ? null : "tck-page-" + (p + 1), last ? "tck-sync-1" : null))));
    }
    return Map.of(); // no appointment records: the busy blocks are checked in BusyBlocks
  }

  @Override
  protected @Nullable IncrementalStub stubIncrementalChanges(ConnectorTestContext ctx, TimeWindow window) {
    String t0 = window.start().plus(Duration.ofHours(10)).toString();
    String t1 = window.start().plus(Duration.ofHours(11)).toString();
    ctx.vendor().stubFor(get(urlPathEqualTo(EVENTS)).withQueryParam("timeMin", com.github.tomakehurst.wiremock.client.WireMock.matching(".+"))
        .willReturn(okJson(page(List.of(event("tck0keep", t0, t1), event("tck0gone", t0, t1)), null, "tck-sync-1"))));
    ctx.vendor().stubFor(get(urlPathEqualTo(EVENTS)).withQueryParam("syncToken", equalTo("tck-sync-1"))
        .willReturn(okJson(page(List.of("{\"kind\":\"calendar#event\",\"etag\":\"\\\"9\\\"\",\"id\":\"tck0gone\",\"status\":\"cancelled\"}",
            event("tck0new", t0, t1)), null, "tck-sync-2"))));
    return new IncrementalStub(Map.of(), Set.of(), Set.of("tck0gone"));
  }

  @Override
  protected BadRecordsStub stubBadRecords(ConnectorTestContext ctx, TimeWindow window) {
    String s = window.start().plus(Duration.ofHours(10)).toString();
    String e = window.start().plus(Duration.ofHours(11)).toString();
    String local = window.start().plus(Duration.ofHours(10)).toString().replace("Z", "");
    ctx.vendor().stubFor(get(urlPathEqualTo(EVENTS)).willReturn(okJson(page(List.of(
        event("tck0good1", s, e),
        event("tck0good2", s, e),
        "{\"id\":\"tck0nostart\",\"status\":\"confirmed\",\"summary\":\"PERSONAL-TITLE Jordan Q. Patient\",\"end\":{\"dateTime\":\"" + e + "\"}}",
        event("tck0backwards", e, s),
        "{\"id\":\"tck0mars\",\"status\":\"confirmed\",\"summary\":\"PERSONAL-TITLE Jordan Q. Patient\","
            + "\"start\":{\"dateTime\":\"" + local + "\",\"timeZone\":\"Mars/Olympus_Mons\"},"
            + "\"end\":{\"dateTime\":\"" + local + "\",\"timeZone\":\"Mars/Olympus_Mons\"}}"), null, "tck-sync-1"))));
    // BadRecordsStub needs good ids; Google's good events are busy blocks, checked in BusyBlocks
    return new BadRecordsStub(Set.of("tck0good1", "tck0good2"), Map.of(
        BadValue.MISSING_START, "tck0nostart", BadValue.END_BEFORE_START, "tck0backwards", BadValue.UNKNOWN_ZONE, "tck0mars"));
  }

  @Override
  protected Map<String, AppointmentStatus> stubDocumentedStatuses(ConnectorTestContext ctx, TimeWindow window) {
    stubMultiPageFullFetch(ctx, window, 2, pageSize());
    return Map.of();
  }

  @Override
  protected Optional<String> stubUndocumentedValues(ConnectorTestContext ctx, TimeWindow window) {
    return Optional.empty();
  }

  @Override
  protected Set<String> plantedPhi() {
    return Set.of("PERSONAL-TITLE", "Jordan Q. Patient", "jordan.patient@mail.example", "555-0199", "1984-02-29");
  }

  // ------------------------------------------------------------------ the record-only checks, for busy blocks

  static List<BusyBlock> blocks(FetchResult r) {
    return r.pages().stream().flatMap(p -> p.busyBlocks().stream()).collect(Collectors.toList());
  }

  @Nested
  @DisplayName("Busy blocks")
  class BusyBlocks {

    @Test
    @DisplayName("a multi-page answer yields every busy block exactly once, at the event's UTC interval, without details")
    void everyBlockExactlyOnce() {
      stubMultiPageFullFetch(ctx(), window(), multiPageRecords(), pageSize());
      FetchResult result = fetchFull();
      assertThat(result.pages()).hasSizeGreaterThan(1);
      List<BusyBlock> blocks = blocks(result);
      assertThat(blocks).extracting(b -> b.source().externalId()).doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(stubbedBlocks.keySet());
      blocks.forEach(b -> {
        assertThat(b.window()).isEqualTo(stubbedBlocks.get(b.source().externalId()));
        assertThat(b.clinicianId()).isEqualTo(CLINICIAN);
        assertNoPhiIn("busy block " + b.source().externalId(), b.toString());
      });
      assertThat(result.records()).isEmpty();
    }

    @Test
    @DisplayName("each bad event gives an issue naming it, while the good events still come through")
    void badEventsAreReportedNotFatal() {
      BadRecordsStub stub = stubBadRecords(ctx(), window());
      FetchResult result = fetchFull();
      assertThat(blocks(result)).extracting(b -> b.source().externalId()).containsExactlyInAnyOrderElementsOf(stub.goodIds());
      stub.badIds().forEach((bad, id) -> assertThat(result.issuesOf(id)).as("issues of the %s event %s", bad, id)
          .isNotEmpty().allSatisfy(i -> assertThat(i.severity()).isEqualTo(RecordIssue.Severity.SKIPPED)));
      result.issues().forEach(i -> assertNoPhiIn("issue", i.toString()));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(VendorFault.class)
    @DisplayName("a fault survived by retrying still yields every busy block exactly once")
    void faultSurvivedCompletely(VendorFault fault) {
      stubMultiPageFullFetch(ctx(), window(), multiPageRecords(), pageSize());
      stubFault(ctx(), fault);
      List<FetchResult> success = new ArrayList<>();
      Throwable thrown = catchThrowable(() -> success.add(fetchFull()));
      if (thrown != null) {
        assertThat(thrown).isInstanceOf(ConnectorException.class); // classified: the TCK's Faults group checks which class
        return;
      }
      assertThat(blocks(success.get(0))).extracting(b -> b.source().externalId()).doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(stubbedBlocks.keySet());
    }

    @Test
    @DisplayName("the incremental fetch carries the new event as a busy block and the tombstone as a deletion")
    void incrementalBlocks() {
      stubIncrementalChanges(ctx(), window());
      FetchResult full = fetchFull();
      assertThat(blocks(full)).extracting(b -> b.source().externalId()).containsExactlyInAnyOrder("tck0keep", "tck0gone");
      FetchPage changes = connector().fetch(FetchRequest.incremental(window(), full.cursor().orElseThrow()).withPageSize(pageSize()));
      assertThat(changes.busyBlocks()).extracting(b -> b.source().externalId()).containsExactly("tck0new");
      assertThat(changes.deletions()).extracting(d -> d.externalId()).containsExactly("tck0gone");
    }
  }
}
