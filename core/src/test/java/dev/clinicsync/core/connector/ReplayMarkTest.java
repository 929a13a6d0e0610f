package dev.clinicsync.core.connector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A page repeating an earlier vendor answer (polling floor)")
class ReplayMarkTest {
  private static final Instant READ_AT = Instant.parse("2026-03-02T12:00:00Z");

  @Test
  @DisplayName("a fresh page is not a replay; the builder marks one, and the older constructor builds fresh pages")
  void pageMark() {
    assertThat(FetchPage.empty().isReplay()).isFalse();
    assertThat(FetchPage.builder().replayOf(READ_AT).build().replayOf()).hasValue(READ_AT);
    FetchPage old = new FetchPage(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
        Optional.empty(), Optional.empty());
    assertThat(old.replayOf()).isEmpty();
  }

  @Test
  @DisplayName("the page loop carries the mark to the result, with the earliest read instant")
  void loopCarriesTheMark() {
    List<FetchPage> pages = List.of(
        FetchPage.builder().replayOf(READ_AT.plusSeconds(5)).nextPageToken("p2").build(),
        FetchPage.builder().replayOf(READ_AT).build());
    SourceConnector c = new SourceConnector() {
      int served;

      @Override
      public ConnectorId id() {
        return ConnectorId.of("floored");
      }

      @Override
      public SourceSystem system() {
        return SourceSystem.KAREO;
      }

      @Override
      public ConnectorCapabilities capabilities() {
        return ConnectorCapabilities.of(Duration.ofMinutes(5), ConnectorCapabilities.Capability.FULL_FETCH);
      }

      @Override
      public FetchPage fetch(FetchRequest request) {
        return pages.get(served++);
      }
    };
    TimeWindow w = TimeWindow.of(READ_AT, Duration.ofDays(7));
    FetchResult r = FetchLoop.readAll(c, FetchRequest.full(w), Clock.fixed(READ_AT, ZoneOffset.UTC), p -> { });
    assertThat(r.replayOf()).hasValue(READ_AT);
    assertThat(FetchLoop.readAll(new SourceConnector() {
      @Override
      public ConnectorId id() {
        return ConnectorId.of("fresh");
      }

      @Override
      public SourceSystem system() {
        return SourceSystem.KAREO;
      }

      @Override
      public ConnectorCapabilities capabilities() {
        return ConnectorCapabilities.of(Duration.ZERO, ConnectorCapabilities.Capability.FULL_FETCH);
      }

      @Override
      public FetchPage fetch(FetchRequest request) {
        return FetchPage.empty();
      }
    }, FetchRequest.full(w), Clock.fixed(READ_AT, ZoneOffset.UTC), p -> { }).replayOf()).isEmpty();
  }
}
