package dev.clinicsync.connectors.kareo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Kareo's practice-local times")
class KareoTimesTest {
  private final KareoTimes newYork = new KareoTimes(ZoneId.of("America/New_York"));

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "2024-05-01T00:00:00, 2024-05-01T04:00:00Z",
      "2024-05-01T09:30:00, 2024-05-01T13:30:00Z",
      "2024-05-01T09:30:00.000, 2024-05-01T13:30:00Z",
      "2024-05-01T09:30, 2024-05-01T13:30:00Z",
      "5/1/2024, 2024-05-01T04:00:00Z",
      "05/01/2024, 2024-05-01T04:00:00Z",
      "5/1/2024 9:00:00 AM, 2024-05-01T13:00:00Z",
      "5/1/2024 12:15:00 PM, 2024-05-01T16:15:00Z",
      "12/31/2024 11:59:59 pm, 2025-01-01T04:59:59Z",
      "2024-05-01T09:30:00-05:00, 2024-05-01T14:30:00Z"})
  @DisplayName("both formats seen in the wild parse, in the practice's zone")
  void formats(String raw, String expected) {
    assertThat(newYork.toInstant(raw)).hasValueSatisfying(c -> {
      assertThat(c.instant()).isEqualTo(Instant.parse(expected));
      assertThat(c.dstNote()).isEmpty();
    });
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"May 3rd, 3:00 PM", "2024-13-01T00:00:00", "2/30/2024", "1714550400", "tomorrow", "2024/05/01"})
  @DisplayName("anything else is refused")
  void refused(String raw) {
    assertThat(newYork.toInstant(raw)).isEmpty();
  }

  @Test
  @DisplayName("the repeated hour (clocks go back) becomes the earlier instant, at the daylight offset, with a note")
  void repeatedHour() {
    KareoTimes.Conversion c = newYork.resolve(LocalDateTime.parse("2024-11-03T01:30:00"));
    assertThat(c.instant()).isEqualTo(Instant.parse("2024-11-03T05:30:00Z")); // 01:30 EDT (-04:00), not EST
    assertThat(c.dstNote()).hasValueSatisfying(n -> assertThat(n).contains("occurs twice").contains("earlier")
        .contains("-04:00"));
  }

  @Test
  @DisplayName("the skipped hour (clocks go forward) is shifted forward by the gap, with a note")
  void skippedHour() {
    KareoTimes.Conversion c = newYork.resolve(LocalDateTime.parse("2024-03-10T02:30:00"));
    assertThat(c.instant()).isEqualTo(Instant.parse("2024-03-10T07:30:00Z")); // 03:30 EDT
    assertThat(c.dstNote()).hasValueSatisfying(n -> assertThat(n).contains("does not exist").contains("60 minutes"));
  }

  @Test
  @DisplayName("the hours around a change convert without a note")
  void aroundTheChange() {
    assertThat(newYork.resolve(LocalDateTime.parse("2024-03-10T01:59:59")).instant())
        .isEqualTo(Instant.parse("2024-03-10T06:59:59Z"));
    assertThat(newYork.resolve(LocalDateTime.parse("2024-03-10T03:00:00")).instant())
        .isEqualTo(Instant.parse("2024-03-10T07:00:00Z"));
    assertThat(newYork.resolve(LocalDateTime.parse("2024-11-03T02:00:00")).instant())
        .isEqualTo(Instant.parse("2024-11-03T07:00:00Z"));
    assertThat(newYork.resolve(LocalDateTime.parse("2024-11-03T02:00:00")).dstNote()).isEmpty();
  }

  @Test
  @DisplayName("the request filter is the window in practice-local time, rounded outward to the second")
  void filter() {
    assertThat(newYork.filterStart(Instant.parse("2024-03-10T06:59:59.700Z"))).isEqualTo("2024-03-10T01:59:59");
    assertThat(newYork.filterEnd(Instant.parse("2024-03-10T07:00:00.200Z"))).isEqualTo("2024-03-10T03:00:01");
  }
}
