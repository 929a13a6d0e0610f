package dev.clinicsync.connectors.icsfeed;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.clinicsync.core.connector.ConnectorCapabilities;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.connector.ConnectorContext;
import dev.clinicsync.core.connector.ConnectorProvider;
import dev.clinicsync.core.connector.FetchPage;
import dev.clinicsync.core.connector.FetchRequest;
import dev.clinicsync.core.connector.SourceConnector;
import dev.clinicsync.core.memory.InMemoryClinicianDirectory;
import dev.clinicsync.core.memory.InMemorySecretStore;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.model.WeeklyAvailability;
import dev.clinicsync.core.phi.PatientTokenizer;
import dev.clinicsync.core.store.Secret;
import dev.clinicsync.core.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("A clinician's personal feed as busy blocks")
class IcsFeedBusyBlocksTest {
  @RegisterExtension
  static WireMockExtension vendor = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String PATH = "/personal/lee.ics";
  static final ClinicianId LEE = ClinicianId.of("dr-lee");
  static final TimeWindow MARCH = TimeWindow.of(Instant.parse("2025-03-01T00:00:00Z"), Instant.parse("2025-04-01T00:00:00Z"));

  final InMemorySecretStore secrets = new InMemorySecretStore();
  ConnectorContext context;

  @BeforeEach
  void setUp() {
    secrets.put("feeds/lee", Secret.of(vendor.baseUrl() + PATH));
    context = new ConnectorContext(MutableClock.at("2025-03-01T12:00:00Z"), secrets, InMemoryClinicianDirectory.of(
        Clinician.of(LEE, "Dr. Lee", ZoneId.of("America/New_York"), WeeklyAvailability.NONE)),
        PatientTokenizer.fromKey(Secret.of("0123456789abcdef0123456789abcdef")));
  }

  SourceConnector connector() {
    ConnectorConfig cc = ConnectorConfig.of("lee-personal", "ics-feed", Map.of("feed-url-secret", "feeds/lee",
        "practice-zone", "America/New_York", "clinician-id", "dr-lee", "mode", "busy-blocks", "source-system", "icloud",
        "allow-http", "true", "allow-private-addresses", "true"));
    return ConnectorProvider.create(cc, context, getClass().getClassLoader());
  }

  static void serve(String... events) {
    vendor.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200)
        .withBody(("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Apple Inc.//iOS 17.4//EN\r\n" + String.join("", events)
            + "END:VCALENDAR\r\n").getBytes(StandardCharsets.UTF_8))));
  }

  static String event(String uid, String start, String... more) {
    return "BEGIN:VEVENT\r\nUID:" + uid + "\r\nDTSTART:" + start + "\r\nDURATION:PT1H\r\nSUMMARY:Dentist - private\r\n"
        + String.join("", java.util.Arrays.stream(more).map(m -> m + "\r\n").toList()) + "END:VEVENT\r\n";
  }

  @Test
  @DisplayName("is found through ServiceLoader as type ics-feed, declares busy blocks and yields only blocks of the source system it was given")
  void provider() {
    serve(event("dentist", "20250305T150000Z"));
    try (SourceConnector c = connector()) {
      assertThat(c).isInstanceOf(IcsFeedConnector.class);
      assertThat(c.system()).isEqualTo(SourceSystem.of("icloud"));
      assertThat(c.capabilities().supports(ConnectorCapabilities.Capability.BUSY_BLOCKS)).isTrue();
      FetchPage page = c.fetch(FetchRequest.full(MARCH));
      assertThat(page.busyBlockUpserts()).singleElement().satisfies(b -> {
        assertThat(b.source()).isEqualTo(SourceRef.of(SourceSystem.of("icloud"), "dentist"));
        assertThat(b.clinicianId()).isEqualTo(LEE);
        assertThat(b.toString()).doesNotContain("Dentist");
      });
      assertThat(page.appointmentUpserts()).isEmpty();
    }
  }

  @Test
  @DisplayName("an incremental fetch deletes a block whose event was cancelled or made free, and keeps one that merely left the window")
  void incremental() {
    try (SourceConnector c = connector()) {
      serve(event("cancel-me", "20250305T150000Z"), event("free-me", "20250306T150000Z"),
          event("far-away", "20250330T150000Z"));
      FetchPage first = c.fetch(FetchRequest.full(MARCH));
      assertThat(first.busyBlockUpserts()).hasSize(3);

      serve(event("cancel-me", "20250305T150000Z", "STATUS:CANCELLED"),
          event("free-me", "20250306T150000Z", "TRANSP:TRANSPARENT"), event("far-away", "20250330T150000Z"));
      TimeWindow earlier = TimeWindow.of(Instant.parse("2025-02-01T00:00:00Z"), Instant.parse("2025-03-10T00:00:00Z"));
      FetchPage next = c.fetch(FetchRequest.incremental(earlier, first.nextCursor().orElseThrow()));
      assertThat(next.busyBlockDeletions()).extracting(SourceRef::externalId)
          .containsExactlyInAnyOrder("cancel-me", "free-me");
      assertThat(next.busyBlockUpserts()).isEmpty();
      assertThat(next.appointmentDeletions()).isEmpty();
    }
  }
}
