package dev.clinicsync.connectors.google;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.ConnectorAuthException;
import dev.clinicsync.core.RetryableConnectorException;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.model.WeeklyAvailability;
import dev.clinicsync.core.connector.FetchRequest;
import dev.clinicsync.core.store.Secret;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Per-therapist OAuth2 user credentials")
class GoogleOAuthTest {
  static final TimeWindow MARCH = TimeWindow.of(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"));
  static final String LAST_PAGE = "{\"kind\":\"calendar#events\",\"timeZone\":\"UTC\",\"nextSyncToken\":\"S1\",\"items\":[]}";
  static final ClinicianId PARK = ClinicianId.of("dr-park");

  final GoogleStub stub = new GoogleStub();

  @AfterEach
  void stop() {
    stub.close();
  }

  void stubParkCalendar() {
    stub.clinicians.save(Clinician.of(PARK, "Dr. Park", GoogleStub.LEE_ZONE, WeeklyAvailability.NONE));
    stub.secrets.put("google/refresh-token/dr-park", Secret.of("rt-park"));
    stub.server.stubFor(post(urlPathEqualTo("/token")).withRequestBody(containing("refresh_token=rt-park"))
        .willReturn(okJson("{\"access_token\":\"ya29.park\",\"expires_in\":3599,\"token_type\":\"Bearer\"}")));
    stub.server.stubFor(get(urlPathEqualTo("/calendar/v3/calendars/park-calendar/events"))
        .withHeader("Authorization", equalTo("Bearer ya29.park")).willReturn(okJson(LAST_PAGE)));
  }

  static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder invalidGrant() {
    return aResponse().withStatus(400).withHeader("Content-Type", "application/json; charset=utf-8")
        .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"Token has been expired or revoked.\"}");
  }

  @Test
  @DisplayName("the refresh token, client id and secret come from the SecretStore and go to the configured token endpoint")
  void tokenFromSecretStore() {
    try (GoogleCalendarConnector lee = stub.connector()) {
      lee.fetch(FetchRequest.full(MARCH));
    }

    stub.server.verify(1, postRequestedFor(urlPathEqualTo("/token"))
        .withRequestBody(containing("grant_type=refresh_token"))
        .withRequestBody(containing("refresh_token=rt-lee"))
        .withRequestBody(containing("client_id=client-123.apps.googleusercontent.com"))
        .withRequestBody(containing("client_secret=client-secret-xyz")));
    stub.server.verify(getRequestedFor(urlPathEqualTo("/calendar/v3/calendars/primary/events"))
        .withHeader("Authorization", equalTo("Bearer ya29.a0-test-access-token-lee")));
  }

  @Test
  @DisplayName("the access token is reused until shortly before it expires, by the injected clock")
  void tokenCachedUntilExpiry() {
    try (GoogleCalendarConnector lee = stub.connector()) {
      lee.fetch(FetchRequest.full(MARCH));
      lee.fetch(FetchRequest.full(MARCH));
      stub.server.verify(1, postRequestedFor(urlPathEqualTo("/token")));

      stub.sleeper.advance(Duration.ofMinutes(59));
      lee.fetch(FetchRequest.full(MARCH));
      stub.server.verify(2, postRequestedFor(urlPathEqualTo("/token")));
    }
  }

  @Test
  @DisplayName("invalid_grant means re-consent for that therapist only; another therapist's connector keeps working")
  void invalidGrantIsPerTherapist() {
    stubParkCalendar();
    stub.server.stubFor(post(urlPathEqualTo("/token")).atPriority(1).withRequestBody(containing("refresh_token=rt-lee"))
        .willReturn(invalidGrant()));

    try (GoogleCalendarConnector lee = stub.connector();
        GoogleCalendarConnector park = stub.connector(stub.settings("google-dr-park", PARK).calendarIds("park-calendar").build())) {

      assertThatThrownBy(() -> lee.fetch(FetchRequest.full(MARCH)))
          .isInstanceOfSatisfying(ConnectorAuthException.class, e -> {
            assertThat(e.reconsentRequired()).isTrue();
            assertThat(e.connectorId()).isEqualTo("google-dr-lee");
            assertThat(e.principalHint()).isEqualTo("google-dr-lee");
            assertThat(e.getMessage()).doesNotContain("rt-lee", "client-secret-xyz");
          });
      assertThat(park.fetch(FetchRequest.full(MARCH)).nextCursor()).isPresent();
    }
    stub.server.verify(1, postRequestedFor(urlPathEqualTo("/token")).withRequestBody(containing("refresh_token=rt-lee")));
  }

  @Test
  @DisplayName("after re-consent (a new refresh token in the SecretStore) the same connector works again")
  void reconsentTakesEffect() {
    stub.server.stubFor(post(urlPathEqualTo("/token")).atPriority(1)
        .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matching(".*refresh_token=rt-lee(&.*)?"))
        .willReturn(invalidGrant()));
    stub.server.stubFor(post(urlPathEqualTo("/token")).withRequestBody(containing("refresh_token=rt-lee-2"))
        .willReturn(okJson("{\"access_token\":\"ya29.a0-test-access-token-lee\",\"expires_in\":3599}")));

    try (GoogleCalendarConnector lee = stub.connector()) {
      assertThatThrownBy(() -> lee.fetch(FetchRequest.full(MARCH))).isInstanceOf(ConnectorAuthException.class);
      stub.secrets.put("google/refresh-token/dr-lee", Secret.of("rt-lee-2"));
      assertThat(lee.fetch(FetchRequest.full(MARCH)).nextPageToken()).isPresent();
    }
  }

  @Test
  @DisplayName("no stored refresh token: re-consent needed, and no call is made")
  void noRefreshToken() {
    stub.secrets.delete("google/refresh-token/dr-lee");

    try (GoogleCalendarConnector lee = stub.connector()) {
      assertThatThrownBy(() -> lee.fetch(FetchRequest.full(MARCH)))
          .isInstanceOfSatisfying(ConnectorAuthException.class, e -> assertThat(e.reconsentRequired()).isTrue());
    }
    assertThat(stub.server.getAllServeEvents()).isEmpty();
  }

  @Test
  @DisplayName("a refused OAuth client is an auth failure without re-consent; a failing token endpoint is retryable")
  void clientRefusedAndEndpointDown() {
    stub.server.stubFor(post(urlPathEqualTo("/token")).atPriority(1).inScenario("t").whenScenarioStateIs("Started")
        .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
            .withBody("{\"error\":\"invalid_client\",\"error_description\":\"The OAuth client was not found.\"}")));

    try (GoogleCalendarConnector lee = stub.connector()) {
      assertThatThrownBy(() -> lee.fetch(FetchRequest.full(MARCH)))
          .isInstanceOfSatisfying(ConnectorAuthException.class, e -> assertThat(e.reconsentRequired()).isFalse());

      stub.server.stubFor(post(urlPathEqualTo("/token")).atPriority(1).willReturn(aResponse().withStatus(503)));
      assertThatThrownBy(() -> lee.fetch(FetchRequest.full(MARCH))).isInstanceOf(RetryableConnectorException.class);
    }
  }

  @Test
  @DisplayName("a refresh token Google rotates is stored back in the SecretStore")
  void rotatedRefreshTokenStored() {
    stub.server.stubFor(post(urlPathEqualTo("/token")).atPriority(1)
        .willReturn(okJson("{\"access_token\":\"ya29.a0-test-access-token-lee\",\"expires_in\":3599,\"refresh_token\":\"rt-lee-rotated\"}")));

    try (GoogleCalendarConnector lee = stub.connector()) {
      lee.fetch(FetchRequest.full(MARCH));
    }

    assertThat(stub.secrets.get("google/refresh-token/dr-lee")).contains(Secret.of("rt-lee-rotated"));
  }
}
