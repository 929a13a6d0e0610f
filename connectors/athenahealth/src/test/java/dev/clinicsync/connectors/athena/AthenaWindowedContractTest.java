package dev.clinicsync.connectors.athena;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.clinicsync.connectors.tck.ConnectorTestContext;
import dev.clinicsync.connectors.tck.IncrementalStub;
import dev.clinicsync.core.model.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;

/**
 * The connector TCK again, with incremental fetches as a windowed re-fetch compared by
 * {@code meta.versionId} (a server whose CapabilityStatement lacks {@code _lastUpdated}): the second
 * read of the window carries one unchanged, one changed, one new appointment, and one gone.
 */
@DisplayName("athenahealth connector (windowed re-fetch): the connector TCK")
class AthenaWindowedContractTest extends AthenaContractTest {

  @Override
  protected String incrementalMode() {
    return "windowed";
  }

  @Override
  protected IncrementalStub stubIncrementalChanges(ConnectorTestContext ctx, TimeWindow window) {
    Instant t = window.start().plus(Duration.ofDays(2)).plus(Duration.ofHours(15));
    String kept = "a-195900.A-7001";
    String changed = "a-195900.A-7002";
    String gone = "a-195900.A-7003";
    String added = "a-195900.A-7004";
    ctx.vendor().stubFor(get(urlPathEqualTo(PATH)).inScenario("windowed").whenScenarioStateIs(Scenario.STARTED)
        .willSetStateTo("read once").willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(200)
            .withHeader("Content-Type", "application/fhir+json;charset=utf-8").withBody(bundle(ctx, List.of(
                appointment(kept, "booked", "1", t, 50),
                appointment(changed, "booked", "1", t.plus(Duration.ofHours(1)), 50),
                appointment(gone, "booked", "1", t.plus(Duration.ofHours(2)), 50)), null, SEARCH_TIME))));
    ctx.vendor().stubFor(get(urlPathEqualTo(PATH)).inScenario("windowed").whenScenarioStateIs("read once")
        .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(200)
            .withHeader("Content-Type", "application/fhir+json;charset=utf-8").withBody(bundle(ctx, List.of(
                appointment(kept, "booked", "1", t, 50),
                appointment(changed, "cancelled", "2", t.plus(Duration.ofHours(1)), 50),
                appointment(added, "booked", "1", t.plus(Duration.ofHours(5)), 30)), null, SEARCH_TIME))));
    Map<String, TimeWindow> initial = new LinkedHashMap<>();
    initial.put(kept, TimeWindow.of(t, t.plus(Duration.ofMinutes(50))));
    initial.put(changed, TimeWindow.of(t.plus(Duration.ofHours(1)), t.plus(Duration.ofHours(1)).plus(Duration.ofMinutes(50))));
    initial.put(gone, TimeWindow.of(t.plus(Duration.ofHours(2)), t.plus(Duration.ofHours(2)).plus(Duration.ofMinutes(50))));
    return new IncrementalStub(initial, Set.of(changed, added), Set.of(gone));
  }
}
