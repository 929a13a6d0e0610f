package dev.clinicsync.connectors.zocdoc;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.ValidationException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Zocdoc calendar timeslots: local time plus an IANA zone")
class ZocdocTimeslotsTest {
  static final String PATH = "/v1/providers/" + ZocdocPayloads.PROVIDER + "/calendar/timeslots";

  private final CappedZocdocStub zocdoc = new CappedZocdocStub();
  private final ZocdocTestSetup setup = new ZocdocTestSetup();

  @AfterEach
  void stop() {
    zocdoc.close();
  }

  @Test
  @DisplayName("each slot's local time is converted with its own zone, and the local date is what is asked for")
  void convertedWithTheirZone() {
    zocdoc.server().stubFor(get(urlPathEqualTo(PATH)).withQueryParam("date", equalTo("2024-10-01"))
        .withQueryParam("next_page_token", absent())
        .willReturn(okJson("{\"timeslots\":[{\"start_time\":\"2024-10-01T22:00:00\",\"time_zone\":\"America/New_York\","
            + "\"visit_reason_ids\":[\"pc_FRO-18leckytNKtruw5dLR\"]},"
            + "{\"start_time\":\"2024-10-01T09:15:00\",\"time_zone\":\"America/Los_Angeles\"},"
            + "{\"start_time\":\"2024-10-01T10:00:00\",\"time_zone\":\"Mars/Olympus_Mons\"},"
            + "{\"start_time\":\"10/1/2024 11:00\",\"time_zone\":\"America/New_York\"}],"
            + "\"next_page_token\":\"b2Zmc2V0PTQ\"}")));
    zocdoc.server().stubFor(get(urlPathEqualTo(PATH)).withQueryParam("next_page_token", equalTo("b2Zmc2V0PTQ"))
        .willReturn(okJson("{\"timeslots\":[{\"start_time\":\"2024-10-01T12:13:00\",\"time_zone\":\"America/Chicago\"}]}")));
    ZocdocConnector c = setup.connector(setup.config(zocdoc.baseUrl(), zocdoc.target(), Map.of()));

    List<ZocdocTimeslot> slots = c.timeslots(ZocdocPayloads.PROVIDER, LocalDate.parse("2024-10-01"));

    assertThat(slots).extracting(ZocdocTimeslot::start).containsExactly(
        Instant.parse("2024-10-02T02:00:00Z"), Instant.parse("2024-10-01T16:15:00Z"), Instant.parse("2024-10-01T17:13:00Z"));
    assertThat(slots.get(0).localStart().toLocalDate()).as("listed under its local date").isEqualTo(LocalDate.parse("2024-10-01"));
    assertThat(slots.get(0).zone()).isEqualTo(ZoneId.of("America/New_York"));
  }

  @Test
  @DisplayName("slots in the skipped and the repeated hour of a DST change land on defined instants")
  void acrossDst() {
    zocdoc.server().stubFor(get(urlPathEqualTo(PATH)).willReturn(okJson("{\"timeslots\":["
        + "{\"start_time\":\"2026-03-08T02:30:00\",\"time_zone\":\"America/New_York\"},"
        + "{\"start_time\":\"2026-11-01T01:30:00\",\"time_zone\":\"America/New_York\"}]}")));
    ZocdocConnector c = setup.connector(setup.config(zocdoc.baseUrl(), zocdoc.target(), Map.of()));
    assertThat(c.timeslots(ZocdocPayloads.PROVIDER, LocalDate.parse("2026-03-08"))).extracting(ZocdocTimeslot::start)
        .containsExactly(Instant.parse("2026-03-08T07:30:00Z"), Instant.parse("2026-11-01T05:30:00Z"));
  }

  @Test
  @DisplayName("a provider id that is not a pr_ id never reaches a URL")
  void providerIdChecked() {
    ZocdocConnector c = setup.connector(setup.config(zocdoc.baseUrl(), zocdoc.target(), Map.of()));
    assertThatThrownBy(() -> c.timeslots("../admin", LocalDate.parse("2026-03-08"))).isInstanceOf(ValidationException.class);
  }
}
