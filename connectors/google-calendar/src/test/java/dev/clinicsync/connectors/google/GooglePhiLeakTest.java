package dev.clinicsync.connectors.google;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.core.connector.MirrorWrite;
import dev.clinicsync.core.connector.WriteOutcome;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.connector.FetchPage;
import dev.clinicsync.core.connector.FetchRequest;
import dev.clinicsync.core.model.SyncCursor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Personal event titles, notes, locations and attendee e-mails are planted in every recorded
 * payload (and in error bodies); none may reach a busy block, an echo, an issue, a deletion, a
 * cursor, an exception (stack trace included) or a log line (the connector's and connector-kit's
 * HTTP log, at TRACE).
 */
@DisplayName("Personal event details never leave Google")
class GooglePhiLeakTest {
  static final List<String> PLANTED = List.of("PERSONAL-", "personal-attendee@mail.example", "Robin", "Custody",
      "12 Elm Street", "school records", "Lunch with Sam", "Surgery");
  static final TimeWindow MARCH = TimeWindow.of(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"));

  final GoogleStub stub = new GoogleStub();
  final GoogleCalendarConnector connector = stub.connector(stub.settings().writeCalendarId("primary").build());

  @AfterEach
  void stop() {
    connector.close();
    stub.close();
  }

  @Test
  @DisplayName("through full and incremental syncs, expiry, errors, conflicts and free/busy")
  void nothingLeaks() throws Exception {
    StringBuilder seen = new StringBuilder();
    List<Throwable> thrown = new ArrayList<>();

    List<FetchPage> pages = new ArrayList<>(GoogleCalendarPullTest.drain(connector, FetchRequest.full(MARCH)));
    SyncCursor cursor = pages.get(pages.size() - 1).nextCursor().orElseThrow();
    pages.addAll(GoogleCalendarPullTest.drain(connector, FetchRequest.incremental(MARCH, cursor)));
    for (FetchPage p : pages) {
      p.busyBlockUpserts().forEach(b -> seen.append(b).append('\n'));
      p.echoes().forEach(e -> seen.append(e).append('\n'));
      p.issues().forEach(i -> seen.append(i).append('\n'));
      p.busyBlockDeletions().forEach(d -> seen.append(d).append('\n'));
      p.nextPageToken().ifPresent(t -> seen.append(decoded(t)).append('\n'));
      p.nextCursor().ifPresent(c -> seen.append(decoded(c.value())).append('\n'));
      seen.append(p).append('\n');
    }
    assertThat(pages.stream().mapToInt(p -> p.busyBlockUpserts().size()).sum()).isPositive();
    assertThat(pages.stream().mapToInt(p -> p.issues().size()).sum()).isPositive();

    // errors whose bodies quote personal content
    stub.server.stubFor(get(urlPathEqualTo("/calendar/v3/calendars/primary/events")).atPriority(1)
        .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
            .withBody("{\"error\":{\"errors\":[{\"domain\":\"global\",\"reason\":\"invalid\",\"message\":\"Invalid value PERSONAL-TITLE-in-error\"}],"
                + "\"code\":400,\"message\":\"Invalid value PERSONAL-TITLE-in-error\"}}")));
    thrown.add(catchAny(() -> connector.fetch(FetchRequest.full(MARCH))));
    stub.server.stubFor(get(urlPathEqualTo("/calendar/v3/calendars/primary/events")).atPriority(1)
        .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
            .withBody("{\"error\":{\"errors\":[{\"domain\":\"global\",\"reason\":\"PERSONAL-reason Robin\",\"message\":\"PERSONAL-x\"}],"
                + "\"code\":403,\"message\":\"PERSONAL-x\"}}")));
    thrown.add(catchAny(() -> connector.fetch(FetchRequest.full(MARCH))));
    stub.server.stubFor(get(urlPathEqualTo("/calendar/v3/calendars/primary/events")).atPriority(1)
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody("{\"items\":[{\"summary\":\"PERSONAL-TITLE-truncated")));
    thrown.add(catchAny(() -> connector.fetch(FetchRequest.full(MARCH))));

    // a write conflict whose current remote version carries a personal title someone typed into it
    AppointmentId appt = AppointmentId.of("appt-0001");
    String one = "/calendar/v3/calendars/primary/events/" + GoogleEventIds.forAppointment(appt);
    stub.server.stubFor(patch(urlPathEqualTo(one)).willReturn(aResponse().withStatus(412)));
    stub.server.stubFor(post(urlPathEqualTo(one)).withHeader("X-HTTP-Method-Override", equalTo("PATCH"))
        .willReturn(aResponse().withStatus(412)));
    stub.server.stubFor(get(urlPathEqualTo(one)).willReturn(okJson("{\"id\":\"" + GoogleEventIds.forAppointment(appt)
        + "\",\"etag\":\"\\\"e9\\\"\",\"status\":\"confirmed\",\"summary\":\"PERSONAL-TITLE-Robin renamed it\","
        + "\"description\":\"PERSONAL-NOTES\",\"attendees\":[{\"email\":\"personal-attendee@mail.example\"}],"
        + "\"start\":{\"dateTime\":\"2026-03-03T17:00:00Z\"},\"end\":{\"dateTime\":\"2026-03-03T18:00:00Z\"},"
        + "\"extendedProperties\":{\"private\":{\"clinicsyncId\":\"appt-0001\",\"clinicsyncProvenance\":\"clinicsync\"}}}")));
    WriteOutcome conflict = connector.mirrorWriter().orElseThrow().update(MirrorWrite.of(appt, "primary",
        TimeWindow.of(Instant.parse("2026-03-03T17:00:00Z"), Instant.parse("2026-03-03T17:50:00Z")), GoogleStub.LEE_ZONE), "\"e1\"");
    assertThat(conflict).isInstanceOf(WriteOutcome.Conflict.class);
    seen.append(conflict).append('\n');

    seen.append(connector.freeBusy(MARCH)).append('\n');

    for (Throwable t : thrown) {
      assertThat(t).as("each error case must fail").isNotNull();
      StringWriter trace = new StringWriter();
      t.printStackTrace(new PrintWriter(trace));
      seen.append(trace).append('\n');
    }

    assertNoPlanted("what the connector returned and threw", seen.toString());

    String logFile = System.getProperty("org.slf4j.simpleLogger.logFile");
    Assumptions.assumeTrue(logFile != null && !logFile.startsWith("System."), "slf4j-simple logs to a file under Maven");
    String log = Files.readString(Path.of(logFile), StandardCharsets.UTF_8);
    assertThat(log).as("the log is not empty, so this check can fail").contains("[google-dr-lee]");
    assertNoPlanted("the log file", log);
    for (String secret : List.of("rt-lee", "ya29.a0-test-access-token-lee", "client-secret-xyz")) {
      assertThat(log + seen).as("credentials stay out of logs, results and errors").doesNotContain(secret);
    }
    assertThat(log).as("sync tokens stay out of the log (the cursor holds them)").doesNotContain("CPjXo4KO4_IC");
  }

  static void assertNoPlanted(String where, String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    for (String planted : PLANTED) {
      assertThat(lower).as("%s must not contain '%s'", where, planted).doesNotContain(planted.toLowerCase(Locale.ROOT));
    }
  }

  /** Cursors and page tokens are base64 of JSON: look inside too. */
  static String decoded(String token) {
    if (!token.startsWith("g1.")) {
      return token;
    }
    return token + " " + new String(Base64.getUrlDecoder().decode(token.substring(3)), StandardCharsets.UTF_8);
  }

  static Throwable catchAny(Runnable r) {
    try {
      r.run();
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }
}
