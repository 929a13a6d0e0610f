package dev.clinicsync.connectors.google;

import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.clinicsync.core.model.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Google free/busy")
class GoogleFreeBusyTest {
  static final String FREEBUSY = "/calendar/v3/freeBusy";
  final GoogleStub stub = new GoogleStub();
  final GoogleCalendarConnector connector = stub.connector();

  @AfterEach
  void stop() {
    connector.close();
    stub.close();
  }

  @Test
  @DisplayName("busy intervals per calendar, and a calendar's errors inside a 200 response kept with that calendar")
  void perCalendarErrors() {
    TimeWindow week = TimeWindow.of(Instant.parse("2026-03-02T00:00:00Z"), Instant.parse("2026-03-09T00:00:00Z"));

    FreeBusyResult result = connector.freeBusy(week, List.of("primary", "missing-cal@group.calendar.google.com"));

    assertThat(result.calendar("primary")).hasValueSatisfying(c -> {
      assertThat(c.complete()).isTrue();
      assertThat(c.busy()).containsExactly(
          TimeWindow.of(Instant.parse("2026-03-02T17:00:00Z"), Instant.parse("2026-03-02T18:30:00Z")),
          TimeWindow.of(Instant.parse("2026-03-03T16:00:00Z"), Instant.parse("2026-03-03T16:50:00Z")));
    });
    assertThat(result.calendar("missing-cal@group.calendar.google.com")).hasValueSatisfying(c -> {
      assertThat(c.complete()).isFalse();
      assertThat(c.errors()).singleElement().satisfies(e -> {
        assertThat(e.reason()).isEqualTo("notFound");
        assertThat(e.domain()).isEqualTo("global");
        assertThat(e.chunk()).isEqualTo(week);
      });
    });
    assertThat(result.complete()).isFalse();
    stub.server.verify(postRequestedFor(urlPathEqualTo(FREEBUSY))
        .withRequestBody(matchingJsonPath("$.timeMin", com.github.tomakehurst.wiremock.client.WireMock.equalTo("2026-03-02T00:00:00.000Z")))
        .withRequestBody(matchingJsonPath("$.timeMax", com.github.tomakehurst.wiremock.client.WireMock.equalTo("2026-03-09T00:00:00.000Z"))));
  }

  @Test
  @DisplayName("more than 50 calendars and more than 90 days are split into requests of at most 50 calendars and 90 days")
  void splitsCalendarsAndWindow() throws Exception {
    stub.server.stubFor(post(urlPathEqualTo(FREEBUSY)).atPriority(1)
        .willReturn(okJson("{\"kind\":\"calendar#freeBusy\",\"calendars\":{\"cal-0\":{\"busy\":[{\"start\":\"2026-01-05T10:00:00Z\",\"end\":\"2026-01-05T11:00:00Z\"}]}}}")));
    List<String> calendars = IntStream.range(0, 120).mapToObj(i -> "cal-" + i).toList();
    TimeWindow twoHundredDays = TimeWindow.of(Instant.parse("2026-01-01T00:00:00Z"), Duration.ofDays(200));

    FreeBusyResult result = connector.freeBusy(twoHundredDays, calendars);

    List<LoggedRequest> requests = stub.server.findAll(postRequestedFor(urlPathEqualTo(FREEBUSY)));
    assertThat(requests).hasSize(3 * 3); // 50 + 50 + 20 calendars, times 90 + 90 + 20 days
    ObjectMapper json = new ObjectMapper();
    List<Integer> sizes = new ArrayList<>();
    for (LoggedRequest r : requests) {
      JsonNode body = json.readTree(r.getBodyAsString());
      sizes.add(body.get("items").size());
      Duration span = Duration.between(Instant.parse(body.get("timeMin").asText()), Instant.parse(body.get("timeMax").asText()));
      assertThat(span).isLessThanOrEqualTo(Duration.ofDays(90));
    }
    assertThat(sizes).allSatisfy(s -> assertThat(s).isLessThanOrEqualTo(50));
    assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(3 * 120);
    // every calendar is in the result; the ones the stub did not answer say so
    assertThat(result.calendars()).hasSize(120);
    assertThat(result.calendar("cal-0").orElseThrow().busy()).hasSize(3).allSatisfy(w ->
        assertThat(w.start()).isEqualTo(Instant.parse("2026-01-05T10:00:00Z")));
    assertThat(result.calendar("cal-7").orElseThrow().errors()).extracting(FreeBusyResult.FreeBusyError::reason)
        .containsOnly("missingFromResponse");
  }

  @Test
  @DisplayName("the window is cut into consecutive chunks without gaps or overlaps")
  void chunks() {
    TimeWindow w = TimeWindow.of(Instant.parse("2026-01-01T00:00:00Z"), Duration.ofDays(181));
    List<TimeWindow> chunks = GoogleCalendarConnector.chunks(w, Duration.ofDays(90));
    assertThat(chunks).hasSize(3);
    assertThat(chunks.get(0).start()).isEqualTo(w.start());
    assertThat(chunks.get(2).end()).isEqualTo(w.end());
    for (int i = 1; i < chunks.size(); i++) {
      assertThat(chunks.get(i).start()).isEqualTo(chunks.get(i - 1).end());
    }
  }
}
