package dev.clinicsync.connectors.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.connectors.google.internal.CursorCodec;
import dev.clinicsync.connectors.google.internal.CursorCodec.PagePosition;
import dev.clinicsync.connectors.kit.VendorJson;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.connector.IdempotencyKey;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.connector.ConnectorProvider;
import dev.clinicsync.core.connector.SourceConnector;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.SyncCursor;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Google connector building blocks")
class GoogleUnitsTest {

  @Nested
  @DisplayName("deterministic event ids")
  class EventIds {
    @Test
    @DisplayName("the event id is core's idempotency key of the appointment, as it is")
    void idIsTheIdempotencyKey() {
      AppointmentId id = AppointmentId.of("7d3c2b1a-0f9e-4d8c-b7a6-5e4d3c2b1a09");
      assertThat(GoogleEventIds.forAppointment(id)).isEqualTo(IdempotencyKey.forAppointment(id).value())
          .isEqualTo(GoogleEventIds.forKey(IdempotencyKey.forAppointment(id)));
    }

    @Test
    @DisplayName("ids are stable, distinct, and only [a-v0-9] of Google's allowed length, whatever the appointment id")
    void idsAreValid() {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < 2000; i++) {
        AppointmentId id = i % 2 == 0 ? AppointmentId.of(UUID.nameUUIDFromBytes(new byte[] {(byte) i, (byte) (i >> 8)}).toString())
            : AppointmentId.of("Appt/" + i + "@Z:x=Y");
        String eventId = GoogleEventIds.forAppointment(id);
        assertThat(eventId).matches("[a-v0-9]{5,1024}");
        assertThat(GoogleEventIds.isValid(eventId)).isTrue();
        assertThat(GoogleEventIds.forAppointment(AppointmentId.of(id.value()))).isEqualTo(eventId);
        seen.add(eventId);
      }
      assertThat(seen).hasSize(2000);
      assertThat(GoogleEventIds.isValid("7d3c2b1a-0f9e-4d8c")).isFalse();
      assertThat(GoogleEventIds.isValid("abcw1")).isFalse();
      assertThat(GoogleEventIds.isValid("ab1")).isFalse();
    }
  }

  @Nested
  @DisplayName("cursor and page-token encoding")
  class Cursors {
    final CursorCodec codec = new CursorCodec(VendorJson.newMapper());

    @Test
    @DisplayName("one sync token per calendar round-trips through the SyncCursor")
    void cursorRoundTrip() {
      Map<String, String> tokens = Map.of("primary", "CPjXo4KO4_ICEPjX=", "team@group.calendar.google.com", "t2");
      SyncCursor cursor = codec.encodeCursor(tokens);
      assertThat(codec.decodeCursor(SyncCursor.of(cursor.value()))).contains(tokens);
      assertThat(cursor.value()).doesNotContain("primary", "team@");
    }

    @Test
    @DisplayName("page positions round-trip; a calendar's first page has no Google page token")
    void pageRoundTrip() {
      PagePosition p = new PagePosition(1, Optional.of("gpt"), Map.of("primary", "s1"));
      assertThat(codec.decodePage(codec.encodePage(p))).contains(p);
      PagePosition start = new PagePosition(2, Optional.empty(), Map.of());
      assertThat(codec.decodePage(codec.encodePage(start))).contains(start);
    }

    @Test
    @DisplayName("anything else decodes to nothing, never to a guess")
    void garbage() {
      assertThat(codec.decodeCursor(SyncCursor.of("g1.!!!"))).isEmpty();
      assertThat(codec.decodeCursor(SyncCursor.of("plain-token"))).isEmpty();
      assertThat(codec.decodeCursor(SyncCursor.of("g1.eyJ2IjoyfQ"))).isEmpty(); // {"v":2}
      assertThat(codec.decodePage("g1.eyJ2IjoxLCJjYWwiOi0xLCJ0b2tlbnMiOnt9fQ")).isEmpty(); // cal -1
    }
  }

  @Nested
  @DisplayName("settings and provider")
  class SettingsAndProvider {
    @Test
    @DisplayName("settings read from ConnectorConfig, with defaults and per-therapist secret names")
    void fromConfig() {
      GoogleCalendarSettings s = GoogleCalendarSettings.from(ConnectorConfig.of("google-dr-lee", "google-calendar", Map.of(
          "clinician", "dr-lee", "calendars", "primary, team-calendar-7", "root-url", "http://localhost:1234",
          "allow-http", "true", "quota-backoff", "PT2H", "http.read-timeout", "PT5S")));

      assertThat(s.calendarIds()).containsExactly("primary", "team-calendar-7");
      assertThat(s.writeCalendarId()).as("no write calendar unless configured: read-only").isEmpty();
      assertThat(s.writesBack()).isFalse();
      assertThat(s.allowHttp()).isTrue();
      assertThat(s.allowPrivateAddresses()).isFalse();
      assertThat(s.rootUrl()).isEqualTo("http://localhost:1234/");
      assertThat(s.tokenUrl()).isEqualTo(GoogleCalendarSettings.DEFAULT_TOKEN_URL);
      assertThat(s.refreshTokenSecret()).isEqualTo("google/refresh-token/dr-lee");
      assertThat(s.clientIdSecret()).isEqualTo("google/client-id");
      assertThat(s.eventLabel()).isEqualTo("Appointment");
      assertThat(s.quotaBackoff()).isEqualTo(Duration.ofHours(2));
      assertThat(s.http().readTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    @DisplayName("receives-sync-from marks every calendar read, or each named one, with a practice system in any letter case")
    void receivesSyncFrom() {
      GoogleCalendarSettings every = GoogleCalendarSettings.from(ConnectorConfig.of("google-dr-lee", "google-calendar", Map.of(
          "clinician", "dr-lee", "calendars", "primary, lee.sessions@group.calendar.google.com",
          "receives-sync-from", "SIMPLEPRACTICE")));
      assertThat(every.syncedFrom("primary")).contains(SourceSystem.SIMPLEPRACTICE);
      assertThat(every.syncedFrom("lee.sessions@group.calendar.google.com")).contains(SourceSystem.SIMPLEPRACTICE);
      GoogleCalendarSettings one = GoogleCalendarSettings.from(ConnectorConfig.of("google-dr-lee", "google-calendar", Map.of(
          "clinician", "dr-lee", "calendars", "primary, lee.sessions@group.calendar.google.com",
          "receives-sync-from", " lee.sessions@group.calendar.google.com = SimplePractice ")));
      assertThat(one.syncedFrom("lee.sessions@group.calendar.google.com")).contains(SourceSystem.SIMPLEPRACTICE);
      assertThat(one.syncedFrom("primary")).isEmpty();
      assertThat(one.toBuilder().build()).isEqualTo(one);
      GoogleCalendarSettings none = GoogleCalendarSettings.from(ConnectorConfig.of("g", "google-calendar",
          Map.of("clinician", "dr-lee")));
      assertThat(none.receivesSyncFrom()).isEmpty();
      assertThat(none.syncedFrom("primary")).isEmpty();
    }

    @Test
    @DisplayName("an unknown system or calendar in receives-sync-from is a ValidationException naming the key, never ignored")
    void receivesSyncFromInvalid() {
      for (String bad : List.of("simplepractise", "google", "internal", "primary=", "primary=kareo,simplepractice",
          "other-calendar=simplepractice", "=simplepractice", "primary=simplepractice,,")) {
        assertThatThrownBy(() -> GoogleCalendarSettings.from(ConnectorConfig.of("g", "google-calendar",
            Map.of("clinician", "dr-lee", "receives-sync-from", bad))))
            .as(bad).isInstanceOf(ValidationException.class).hasMessageContaining("receives-sync-from");
      }
      assertThatThrownBy(() -> GoogleCalendarSettings.from(ConnectorConfig.of("g", "google-calendar",
          Map.of("clinician", "dr-lee", "receives-sync-from", "Jane Roe's calendar=simplepractice"))))
          .isInstanceOf(ValidationException.class).hasMessageContaining("receives-sync-from")
          .hasMessageNotContaining("Jane Roe");
      assertThatThrownBy(() -> GoogleCalendarSettings.builder(dev.clinicsync.core.model.ConnectorId.of("g"),
          dev.clinicsync.core.model.ClinicianId.of("dr-lee")).receivesSyncFrom("primary", SourceSystem.GOOGLE).build())
          .isInstanceOf(ValidationException.class).hasMessageContaining("receives-sync-from");
    }

    @Test
    @DisplayName("a missing clinician or a bad value is a ValidationException naming the key")
    void invalid() {
      assertThatThrownBy(() -> GoogleCalendarSettings.from(ConnectorConfig.of("g", "google-calendar", Map.of())))
          .isInstanceOf(ValidationException.class).hasMessageContaining("clinician");
      assertThatThrownBy(() -> GoogleCalendarSettings.from(ConnectorConfig.of("g", "google-calendar",
          Map.of("clinician", "dr-lee", "root-url", "ftp://x"))))
          .isInstanceOf(ValidationException.class).hasMessageContaining("root-url");
      assertThatThrownBy(() -> GoogleCalendarSettings.from(ConnectorConfig.of("g", "google-calendar",
          Map.of("clinician", "dr-lee", "calendars", "a,a"))))
          .isInstanceOf(ValidationException.class).hasMessageContaining("repeat");
      assertThatThrownBy(() -> GoogleCalendarSettings.from(ConnectorConfig.of("g", "google-calendar",
          Map.of("clinician", "dr-lee", "calendars", "a,b", "write-calendar", "c"))))
          .isInstanceOf(ValidationException.class).hasMessageContaining("write-calendar");
      assertThat(GoogleCalendarSettings.from(ConnectorConfig.of("g", "google-calendar",
          Map.of("clinician", "dr-lee", "calendars", "a,b", "write-calendar", "b"))).writeCalendarId()).contains("b");
      assertThatThrownBy(() -> GoogleCalendarSettings.from(ConnectorConfig.of("g", "google-calendar",
          Map.of("clinician", "dr-lee", "root-url", "http://localhost:1234"))))
          .as("plain http only when allowed").isInstanceOf(ValidationException.class)
          .hasMessageContaining("root-url").hasMessageContaining("allow-http");
      assertThatThrownBy(() -> GoogleCalendarSettings.from(ConnectorConfig.of("g", "google-calendar",
          Map.of("clinician", "dr-lee", "token-url", "https://user:pw@oauth2.example/token"))))
          .isInstanceOf(ValidationException.class).hasMessageContaining("token-url").hasMessageNotContaining("pw");
      assertThatThrownBy(() -> GoogleCalendarSettings.from(ConnectorConfig.of("g", "google-calendar",
          Map.of("clinician", "dr-lee", "http.call-timeout", "PT0S"))))
          .as("no call without a bound").isInstanceOf(ValidationException.class).hasMessageContaining("http.call-timeout");
    }

    @Test
    @DisplayName("the ServiceLoader finds the google-calendar provider, which builds a connector from config")
    void serviceLoader() {
      try (GoogleStub stub = new GoogleStub()) {
        ConnectorConfig config = ConnectorConfig.of("google-dr-lee", "google-calendar", Map.of(
            "clinician", "dr-lee", "root-url", stub.base(), "token-url", stub.base() + "/token",
            "allow-http", "true", "allow-private-addresses", "true"));
        assertThat(ConnectorProvider.find("google-calendar", getClass().getClassLoader()))
            .hasValueSatisfying(p -> assertThat(p).isInstanceOf(GoogleCalendarConnectorProvider.class));
        try (SourceConnector c = ConnectorProvider.create(config, stub.context, getClass().getClassLoader())) {
          assertThat(c).isInstanceOf(GoogleCalendarConnector.class);
          assertThat(c.id().value()).isEqualTo("google-dr-lee");
        }
      }
    }
  }
}
