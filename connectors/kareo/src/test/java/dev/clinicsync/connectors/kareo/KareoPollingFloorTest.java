package dev.clinicsync.connectors.kareo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.connector.FetchPage;
import dev.clinicsync.core.connector.FetchRequest;
import dev.clinicsync.core.connector.FetchResult;
import dev.clinicsync.core.connector.Retention;
import dev.clinicsync.core.model.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Kareo connector: the polling floor")
class KareoPollingFloorTest extends KareoTestBase {

  @Test
  @DisplayName("declares a floor of five minutes and full fetch only")
  void declaresFloor() {
    assertThat(connector().capabilities().pollingFloor()).isEqualTo(Duration.ofMinutes(5));
    assertThat(connector().capabilities().capabilities()).containsExactly(
        dev.clinicsync.core.connector.ConnectorCapabilities.Capability.FULL_FETCH);
  }

  @Test
  @DisplayName("refuses a configured floor below five minutes")
  void floorCannotBeLowered() {
    assertThatThrownBy(() -> connector(Map.of("polling-floor", "PT1M")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("polling-floor").hasMessageContaining("PT5M");
  }

  @Test
  @DisplayName("a fetch sooner than the floor is answered from the last read, marked as a replay of it, without calling Kareo")
  void soonerIsReplayed() {
    serve(200, KareoXml.file("get-appointments-week.xml"));
    KareoConnector c = connector();
    Instant firstRead = clock.instant();
    FetchResult first = fetch(c, WEEK);
    assertThat(first.replayOf()).isEmpty();
    clock.advance(Duration.ofMinutes(4).plusSeconds(59));
    FetchResult second = fetch(c, WEEK);
    assertThat(calls()).as("calls to Kareo").hasSize(1);
    assertThat(second.replayOf()).hasValue(firstRead);
    assertThat(second.appointmentUpserts()).containsExactlyElementsOf(first.appointmentUpserts());
    assertThat(second.issues()).as("issues are reported once, with the read").isEmpty();
    assertThat(second.retentions()).as("the skipped record's stored copy is still kept")
        .containsAll(first.retentions());
  }

  @Test
  @DisplayName("every page of a replay says so")
  void everyPageSaysSo() {
    serve(200, KareoXml.file("get-appointments-week.xml"));
    KareoConnector c = connector();
    fetch(c, WEEK);
    clock.advance(Duration.ofMinutes(1));
    FetchRequest request = FetchRequest.full(WEEK).withPageSize(2);
    FetchPage page = c.fetch(request);
    int pages = 1;
    assertThat(page.isReplay()).isTrue();
    while (!page.isLastPage()) {
      request = request.next(page);
      page = c.fetch(request);
      assertThat(page.isReplay()).as("page %d", ++pages).isTrue();
    }
    assertThat(pages).isEqualTo(3);
  }

  @Test
  @DisplayName("at the floor Kareo is asked again, and the answer is fresh")
  void atTheFloorKareoIsAsked() {
    serve(200, KareoXml.file("get-appointments-week.xml"));
    KareoConnector c = connector();
    fetch(c, WEEK);
    clock.advance(Duration.ofMinutes(5));
    FetchResult again = fetch(c, WEEK);
    assertThat(again.replayOf()).isEmpty();
    assertThat(calls()).hasSize(2);
  }

  @Test
  @DisplayName("a replay for a moved window keeps what the last read did not cover, and drops what it no longer asks for")
  void movedWindow() {
    serve(200, KareoXml.file("get-appointments-week.xml"));
    KareoConnector c = connector();
    fetch(c, WEEK);
    clock.advance(Duration.ofMinutes(2));
    TimeWindow later = TimeWindow.of(Instant.parse("2024-05-02T04:00:00Z"), Instant.parse("2024-05-08T04:00:00Z"));
    FetchResult r = fetch(c, later);
    assertThat(r.replayOf()).isPresent();
    assertThat(r.appointmentUpserts()).extracting(x -> x.appointment().source().externalId())
        .containsExactlyInAnyOrder("1180252", "1180260", "1180266");
    assertThat(r.retentions()).contains(Retention.window(TimeWindow.of(WEEK.end(), later.end())));
    assertThat(calls()).hasSize(1);
  }

  @Test
  @DisplayName("a page token from another result is refused with a typed error")
  void foreignToken() {
    serve(200, KareoXml.file("get-appointments-week.xml"));
    KareoConnector c = connector();
    FetchRequest forged = new FetchRequest(WEEK, Optional.empty(), Optional.of("kareo-page.99.2"), 2,
        dev.clinicsync.core.connector.FetchLimits.DEFAULTS);
    assertThatThrownBy(() -> c.fetch(forged)).isInstanceOf(PermanentConnectorException.class);
    List<?> none = calls();
    assertThat(none).isEmpty();
  }
}
