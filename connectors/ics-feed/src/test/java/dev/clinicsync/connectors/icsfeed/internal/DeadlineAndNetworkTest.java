package dev.clinicsync.connectors.icsfeed.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.clinicsync.core.model.TimeWindow;
import java.io.IOException;
import java.io.Reader;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Parsing safety")
class DeadlineAndNetworkTest {
  @RegisterExtension
  static WireMockExtension tzServer = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  /** A reader that never delivers: it blocks until its thread is interrupted. */
  static final class StuckReader extends Reader {
    final CountDownLatch released = new CountDownLatch(1);
    final CountDownLatch interrupted = new CountDownLatch(1);

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
      try {
        released.await();
        return -1;
      } catch (InterruptedException e) {
        interrupted.countDown();
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted");
      }
    }

    @Override
    public void close() {}
  }

  @Test
  @DisplayName("a parse that never finishes fails at the deadline with a typed problem, and its thread is cancelled")
  void deadline() throws Exception {
    StuckReader stuck = new StuckReader();
    assertThatThrownBy(() -> Deadline.run("feed 'dr-rivera-calendar'", Duration.ofMillis(200),
        () -> IcsParser.parse(stuck, 1_000_000)))
        .isInstanceOfSatisfying(FeedProblem.class, p -> {
          assertThat(p.kind()).isEqualTo(FeedProblem.Kind.DEADLINE_EXCEEDED);
          assertThat(p.getMessage()).contains("feed 'dr-rivera-calendar'").contains("PT0.2S");
        });
    // the cancelled parse sees its interrupt: nothing is left blocked
    assertThat(stuck.interrupted.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    stuck.released.countDown();
  }

  @Test
  @DisplayName("a problem thrown inside the parse comes out unchanged")
  void passesProblemsThrough() {
    assertThatThrownBy(() -> Deadline.run("feed 'x'", Duration.ofSeconds(30), () -> {
      throw new FeedProblem(FeedProblem.Kind.TRUNCATED, "cut");
    })).isInstanceOfSatisfying(FeedProblem.class, p -> assertThat(p.kind()).isEqualTo(FeedProblem.Kind.TRUNCATED));
  }

  @Test
  @DisplayName("never fetches time-zone definitions over the network, even with ical4j's updates switched on")
  void noNetwork() {
    tzServer.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withBody("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")));
    String tzurl = tzServer.baseUrl() + "/zoneinfo/";
    String ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
        + "BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\nTZURL:" + tzurl + "America/New_York.ics\r\n"
        + "BEGIN:STANDARD\r\nDTSTART:19701101T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\n"
        + "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
        + "BEGIN:VTIMEZONE\r\nTZID:Clinic Custom\r\nTZURL:" + tzurl + "Clinic.ics\r\n"
        + "BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:-0700\r\nTZOFFSETTO:-0700\r\nEND:STANDARD\r\n"
        + "END:VTIMEZONE\r\n"
        + "BEGIN:VEVENT\r\nUID:a\r\nDTSTART;TZID=America/New_York:20250310T090000\r\nDURATION:PT1H\r\nEND:VEVENT\r\n"
        + "BEGIN:VEVENT\r\nUID:b\r\nDTSTART;TZID=Clinic Custom:20250310T090000\r\nDURATION:PT1H\r\nEND:VEVENT\r\n"
        + "END:VCALENDAR\r\n";
    String key = "net.fortuna.ical4j.timezone.update.enabled";
    String before = System.getProperty(key);
    System.setProperty(key, "true");
    try {
      FeedContent c = new IcsFeedReader(ZoneId.of("America/Chicago"), 100).read(IcsParser.parse(ics, 100_000),
          TimeWindow.of(Instant.parse("2025-03-01T00:00:00Z"), Instant.parse("2025-04-01T00:00:00Z")));
      assertThat(c.instances()).extracting(EventInstance::start)
          .containsExactlyInAnyOrder(Instant.parse("2025-03-10T13:00:00Z"), Instant.parse("2025-03-10T16:00:00Z"));
    } finally {
      if (before == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, before);
      }
    }
    tzServer.verify(0, anyRequestedFor(anyUrl()));
  }
}
