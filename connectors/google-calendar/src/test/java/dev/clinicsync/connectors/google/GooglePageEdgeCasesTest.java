package dev.clinicsync.connectors.google;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.connectors.kit.HttpSettings;
import dev.clinicsync.core.ConnectorException;
import dev.clinicsync.core.FetchLimitExceededException;
import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.RetryableConnectorException;
import dev.clinicsync.core.connector.FetchLimits;
import dev.clinicsync.core.connector.FetchPage;
import dev.clinicsync.core.connector.FetchRequest;
import dev.clinicsync.core.connector.RecordIssue;
import dev.clinicsync.core.connector.Retention;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Google pages at the edges")
class GooglePageEdgeCasesTest {
  static final TimeWindow MARCH = TimeWindow.of(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"));
  static final String EVENTS = "/calendar/v3/calendars/primary/events";

  final GoogleStub stub = new GoogleStub();
  GoogleCalendarConnector connector = stub.connector();

  @AfterEach
  void stop() {
    connector.close();
    stub.close();
  }

  void answer(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
    stub.server.stubFor(get(urlPathEqualTo(EVENTS)).atPriority(1).willReturn(response));
  }

  static String page(String... items) {
    return "{\"kind\":\"calendar#events\",\"timeZone\":\"America/Los_Angeles\",\"nextSyncToken\":\"S1\",\"items\":["
        + String.join(",", items) + "]}";
  }

  @Nested
  @DisplayName("repeated event ids")
  class RepeatedIds {
    @Test
    @DisplayName("a page that repeats an event id (an edit while paging, a mirror seen twice) reports each id once and keeps neither copy")
    void repeatedIdKeepsNeitherCopy() {
      answer(aResponse().withStatus(200).withHeader("Content-Type", "application/json; charset=UTF-8")
          .withBodyFile("events-repeated-ids.json"));

      FetchPage page = connector.fetch(FetchRequest.full(MARCH));

      SourceRef lunch = SourceRef.of(SourceSystem.GOOGLE, "0lunch0edited0while0paging");
      SourceRef mirror = SourceRef.of(SourceSystem.GOOGLE, "a8f1c0de2b4a6c8e0f1a2b3c4d5e6f70");
      assertThat(page.busyBlockUpserts()).extracting(b -> b.source().externalId()).containsExactly("0kept0dentist0event0000001");
      assertThat(page.echoes()).as("a mirror seen twice in one page is no echo").isEmpty();
      assertThat(page.busyBlockDeletions()).isEmpty();
      assertThat(page.appointmentUpserts()).isEmpty();
      assertThat(page.issues()).extracting(RecordIssue::vendorRecordId, RecordIssue::severity, RecordIssue::field)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(lunch.externalId(), RecordIssue.Severity.SKIPPED, "id"),
              org.assertj.core.groups.Tuple.tuple(mirror.externalId(), RecordIssue.Severity.SKIPPED, "id"));
      assertThat(page.retentions()).containsExactlyInAnyOrder(Retention.key(lunch), Retention.key(mirror));
      assertThat(page.nextCursor()).isPresent();
    }
  }

  @Nested
  @DisplayName("zero-length events")
  class ZeroLength {
    @Test
    @DisplayName("a mirror the therapist shrank to zero length still comes back as an echo, without a window")
    void ownedZeroLengthEchoesWithoutWindow() {
      answer(okJson(page("{\"id\":\"0mirror0shrunk0to0zero\",\"status\":\"confirmed\","
          + "\"start\":{\"dateTime\":\"2026-03-04T10:00:00-08:00\"},\"end\":{\"dateTime\":\"2026-03-04T10:00:00-08:00\"},"
          + "\"extendedProperties\":{\"private\":{\"clinicsyncId\":\"appt-0001\",\"clinicsyncProvenance\":\"clinicsync\"}}}")));

      FetchPage page = connector.fetch(FetchRequest.full(MARCH));

      assertThat(page.echoes()).singleElement().satisfies(e -> {
        assertThat(e.appointmentId().value()).isEqualTo("appt-0001");
        assertThat(e.window()).isEmpty();
        assertThat(e.cancelled()).isFalse();
      });
      assertThat(page.busyBlockUpserts()).isEmpty();
    }
  }

  @Nested
  @DisplayName("series masters")
  class SeriesMasters {
    @Test
    @DisplayName("an item that carries recurrence (a master a proxy let through) is refused with an issue naming the field, never read as one block")
    void masterRefused() {
      answer(okJson(page(
          "{\"kind\":\"calendar#event\",\"etag\":\"\\\"3412345678901234\\\"\",\"id\":\"0weekly0therapy0master\","
              + "\"status\":\"confirmed\",\"summary\":\"Weekly - Jordan Testpatient\","
              + "\"start\":{\"dateTime\":\"2026-03-02T09:00:00-08:00\",\"timeZone\":\"America/Los_Angeles\"},"
              + "\"end\":{\"dateTime\":\"2026-03-02T09:50:00-08:00\",\"timeZone\":\"America/Los_Angeles\"},"
              + "\"recurrence\":[\"RRULE:FREQ=WEEKLY;BYDAY=MO\",\"EXDATE;TZID=America/Los_Angeles:20260309T090000\"],"
              + "\"iCalUID\":\"0weekly0therapy0master@google.com\",\"sequence\":0}",
          "{\"kind\":\"calendar#event\",\"id\":\"0single0dentist\",\"status\":\"confirmed\","
              + "\"start\":{\"dateTime\":\"2026-03-04T12:00:00-08:00\"},\"end\":{\"dateTime\":\"2026-03-04T13:00:00-08:00\"}}")));

      FetchPage page = connector.fetch(FetchRequest.full(MARCH));

      assertThat(page.busyBlockUpserts()).extracting(b -> b.source().externalId()).containsExactly("0single0dentist");
      assertThat(page.issues()).singleElement().satisfies(i -> {
        assertThat(i.vendorRecordId()).isEqualTo("0weekly0therapy0master");
        assertThat(i.field()).isEqualTo("recurrence");
        assertThat(i.severity()).isEqualTo(RecordIssue.Severity.SKIPPED);
        assertThat(i.toString()).doesNotContain("RRULE").doesNotContain("Jordan");
      });
    }
  }

  @Nested
  @DisplayName("record issues")
  class Issues {
    @Test
    @DisplayName("issues name the event and the field, never a value the vendor sent")
    void issuesEchoNoVendorValue() {
      answer(okJson("{\"kind\":\"calendar#events\",\"timeZone\":\"PHI-CALZONE Jordan\",\"nextSyncToken\":\"S1\",\"items\":["
          + "{\"id\":\"0bad0zone0local\",\"status\":\"confirmed\","
          + "\"start\":{\"dateTime\":\"2026-03-04T10:00:00\",\"timeZone\":\"PHI-ZONE Jordan/Patient\"},"
          + "\"end\":{\"dateTime\":\"2026-03-04T11:00:00\",\"timeZone\":\"PHI-ZONE Jordan/Patient\"}},"
          + "{\"id\":\"0bad0zone0offset\",\"status\":\"confirmed\","
          + "\"start\":{\"dateTime\":\"2026-03-04T10:00:00-08:00\",\"timeZone\":\"PHI-ZONE2 Jordan\"},"
          + "\"end\":{\"dateTime\":\"2026-03-04T11:00:00-08:00\"}},"
          + "{\"id\":\"0bad0datetime\",\"status\":\"confirmed\","
          + "\"start\":{\"dateTime\":\"PHI-DATETIME Jordan\"},\"end\":{\"dateTime\":\"2026-03-04T11:00:00Z\"}},"
          + "{\"id\":\"0bad0date\",\"status\":\"confirmed\","
          + "\"start\":{\"date\":\"PHI-DATE Jordan\"},\"end\":{\"date\":\"2026-03-06\"}},"
          + "{\"id\":\"0allday0fallback\",\"status\":\"confirmed\","
          + "\"start\":{\"date\":\"2026-03-05\"},\"end\":{\"date\":\"2026-03-06\"}},"
          + "{\"id\":\"0bad0marker\",\"status\":\"confirmed\","
          + "\"start\":{\"dateTime\":\"2026-03-04T10:00:00Z\"},\"end\":{\"dateTime\":\"2026-03-04T11:00:00Z\"},"
          + "\"extendedProperties\":{\"private\":{\"clinicsyncId\":\"PHI marker Jordan\",\"clinicsyncProvenance\":\"clinicsync\"}}}"
          + "]}"));

      FetchPage page = connector.fetch(FetchRequest.full(MARCH));

      assertThat(page.issues()).extracting(RecordIssue::vendorRecordId).contains(
          "0bad0zone0local", "0bad0zone0offset", "0bad0datetime", "0bad0date", "0allday0fallback", "0bad0marker");
      assertThat(page.issues()).allSatisfy(i -> {
        assertThat(i.toString()).doesNotContainIgnoringCase("PHI").doesNotContainIgnoringCase("Jordan");
        assertThat(i.field()).matches("[A-Za-z.]+");
      });
    }
  }

  @Nested
  @DisplayName("connector-kit's limits hold for Google")
  class Limits {
    @Test
    @DisplayName("a body dripping byte by byte ends at the call timeout, as a retryable timeout")
    void callTimeout() {
      connector.close();
      connector = stub.connector(stub.settings().maxAttempts(1)
          .http(new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofMillis(500)))
          .build());
      answer(okJson(page()).withChunkedDribbleDelay(20, 4_000));
      long started = System.nanoTime();

      assertThatThrownBy(() -> connector.fetch(FetchRequest.full(MARCH)))
          .isInstanceOf(RetryableConnectorException.class).hasCauseInstanceOf(InterruptedIOException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    @DisplayName("a body larger than the cap after decompression is refused, not retried")
    void bodyCapAfterDecompression() throws IOException {
      connector.close();
      connector = GoogleCalendarConnector.builder(stub.settings().build(), stub.context).sleeper(stub.sleeper)
          .maxBodyBytes(64 * 1024).build();
      byte[] inflated = page("{\"id\":\"0padding\",\"status\":\"cancelled\",\"description\":\"" + " ".repeat(2 * 1024 * 1024) + "\"}")
          .getBytes(StandardCharsets.UTF_8);
      ByteArrayOutputStream gz = new ByteArrayOutputStream();
      try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
        out.write(inflated);
      }
      assertThat(gz.size()).as("the compressed body").isLessThan(64 * 1024);
      answer(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withHeader("Content-Encoding", "gzip")
          .withBody(gz.toByteArray()));

      assertThatThrownBy(() -> connector.fetch(FetchRequest.full(MARCH)))
          .isInstanceOf(dev.clinicsync.connectors.kit.ResponseTooLargeException.class);
      assertThat(stub.server.findAll(getRequestedFor(urlPathEqualTo(EVENTS)))).hasSize(1);
    }

    @Test
    @DisplayName("a page holding more events than the fetch's record limit stops the fetch")
    void recordLimit() {
      answer(okJson(page("{\"id\":\"0a0\",\"status\":\"cancelled\"}", "{\"id\":\"0b0\",\"status\":\"cancelled\"}",
          "{\"id\":\"0c0\",\"status\":\"cancelled\"}")));

      assertThatThrownBy(() -> connector.fetch(FetchRequest.full(MARCH).withLimits(FetchLimits.DEFAULTS.withMaxRecords(2))))
          .isInstanceOfSatisfying(FetchLimitExceededException.class,
              e -> assertThat(e.limit()).isEqualTo(FetchLimitExceededException.Limit.RECORDS));
    }

    @Test
    @DisplayName("the SSRF guard refuses a Google root on a private address unless the configuration allows it; nothing is sent")
    void ssrfGuard() {
      connector.close();
      GoogleCalendarSettings strict = GoogleCalendarSettings.builder(stub.settings().build().connectorId(), GoogleStub.LEE)
          .rootUrl(stub.base()).tokenUrl(stub.base() + "/token").allowHttp().maxAttempts(1).build();
      connector = stub.connector(strict);

      assertThatThrownBy(() -> connector.fetch(FetchRequest.full(MARCH))).isInstanceOf(ConnectorException.class);
      assertThat(stub.server.getAllServeEvents()).as("requests that reached the private address").isEmpty();
    }
  }
}
