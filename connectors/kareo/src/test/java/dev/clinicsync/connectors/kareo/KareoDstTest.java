package dev.clinicsync.connectors.kareo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.core.connector.FetchResult;
import dev.clinicsync.core.connector.RecordIssue;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.TimeWindow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Kareo connector across DST changes")
class KareoDstTest extends KareoTestBase {

  @Test
  @DisplayName("an appointment in the repeated hour starts at the earlier instant, and the record says so")
  void repeatedHour() {
    serve(200, KareoXml.reply(List.of(
        KareoFixtures.row("31001", "2024-11-03T01:30:00", "2024-11-03T03:00:00", "Scheduled", "101"),
        KareoFixtures.row("31002", "11/3/2024 9:00:00 AM", "11/3/2024 10:00:00 AM", "Scheduled", "101"))));
    FetchResult r = fetch(connector(), TimeWindow.of(Instant.parse("2024-11-02T04:00:00Z"), Instant.parse("2024-11-04T05:00:00Z")));
    Map<String, Appointment> a = byId(r);
    assertThat(a.get("31001").start()).isEqualTo(Instant.parse("2024-11-03T05:30:00Z"));
    assertThat(a.get("31001").end()).isEqualTo(Instant.parse("2024-11-03T08:00:00Z"));
    assertThat(a.get("31002").start()).as("after the change: EST").isEqualTo(Instant.parse("2024-11-03T14:00:00Z"));
    assertThat(r.issues()).singleElement().satisfies(i -> {
      assertThat(i.vendorRecordId()).isEqualTo("31001");
      assertThat(i.field()).isEqualTo("StartDate");
      assertThat(i.severity()).isEqualTo(RecordIssue.Severity.FALLBACK);
      assertThat(i.reason()).contains("earlier");
    });
  }

  @Test
  @DisplayName("an appointment in the skipped hour is shifted forward, and the record says so")
  void skippedHour() {
    serve(200, KareoXml.reply(List.of(
        KareoFixtures.row("32001", "3/10/2024 2:30:00 AM", "3/10/2024 4:30:00 AM", "Scheduled", "101"),
        KareoFixtures.row("32002", "2024-03-11T09:00:00", "2024-03-11T09:45:00", "Scheduled", "101"))));
    FetchResult r = fetch(connector(), TimeWindow.of(Instant.parse("2024-03-09T05:00:00Z"), Instant.parse("2024-03-12T04:00:00Z")));
    Map<String, Appointment> a = byId(r);
    assertThat(a.get("32001").start()).isEqualTo(Instant.parse("2024-03-10T07:30:00Z"));
    assertThat(a.get("32001").end()).isEqualTo(Instant.parse("2024-03-10T08:30:00Z"));
    assertThat(a.get("32002").start()).as("after the change: EDT").isEqualTo(Instant.parse("2024-03-11T13:00:00Z"));
    assertThat(r.issues()).singleElement().satisfies(i -> {
      assertThat(i.vendorRecordId()).isEqualTo("32001");
      assertThat(i.field()).isEqualTo("StartDate");
      assertThat(i.reason()).contains("shifted forward");
    });
  }

  private static Map<String, Appointment> byId(FetchResult r) {
    return r.appointmentUpserts().stream().collect(java.util.stream.Collectors.toMap(
        x -> x.appointment().source().externalId(), x -> x.appointment()));
  }
}
