package dev.clinicsync.connectors.google;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.connector.ChannelRequest;
import dev.clinicsync.core.connector.PushChannel;
import dev.clinicsync.core.connector.PushChannels;
import dev.clinicsync.core.connector.PushNotification;
import dev.clinicsync.core.store.Secret;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Google watch channels: events.watch, channels.stop and the notification headers, against a stub. */
class GoogleWatchChannelsTest {
  static final URI WEBHOOK = URI.create("https://ehr.example.org/clinicsync/google/push");

  GoogleStub stub;
  PushChannels channels;

  @BeforeEach
  void start() {
    stub = new GoogleStub();
    channels = stub.connector(stub.settings().calendarIds("primary", "team-room@group.calendar.google.com").build())
        .pushChannels().orElseThrow();
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  @Test
  @DisplayName("a channel is opened with events.watch on the calendar; Google's shorter expiry is the one kept")
  void open() {
    stub.server.stubFor(post(urlPathEqualTo("/calendar/v3/calendars/primary/events/watch")).willReturn(aResponse()
        .withHeader("Content-Type", "application/json; charset=UTF-8").withBody("""
            {"kind":"api#channel","id":"cs-channel-1","resourceId":"ret08u3rv24htgh289g",
             "resourceUri":"https://www.googleapis.com/calendar/v3/calendars/primary/events?alt=json",
             "token":"tok-1","expiration":"1773316800000"}""")));
    Instant asked = Instant.parse("2026-03-15T12:00:00Z");

    PushChannel channel = channels.open(new ChannelRequest("primary", "cs-channel-1", Secret.of("tok-1"), WEBHOOK, asked));

    assertThat(channels.resources()).containsExactly("primary", "team-room@group.calendar.google.com");
    assertThat(channel.channelId()).isEqualTo("cs-channel-1");
    assertThat(channel.vendorResourceId()).isEqualTo("ret08u3rv24htgh289g");
    assertThat(channel.expiresAt()).isEqualTo(Instant.ofEpochMilli(1773316800000L));
    stub.server.verify(postRequestedFor(urlPathEqualTo("/calendar/v3/calendars/primary/events/watch"))
        .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer ya29.a0-test-access-token-lee"))
        .withRequestBody(equalToJson("{\"id\":\"cs-channel-1\",\"type\":\"web_hook\",\"address\":\"" + WEBHOOK
            + "\",\"token\":\"tok-1\",\"expiration\":" + asked.toEpochMilli() + "}")));
    assertThat(channel.toString()).doesNotContain("ret08u3rv24htgh289g");
  }

  @Test
  @DisplayName("a watch answer without the resource id is a malformed response, not a channel")
  void malformedWatch() {
    stub.server.stubFor(post(urlPathEqualTo("/calendar/v3/calendars/primary/events/watch")).willReturn(aResponse()
        .withHeader("Content-Type", "application/json").withBody("{\"kind\":\"api#channel\",\"id\":\"cs-channel-1\"}")));

    assertThatThrownBy(() -> channels.open(new ChannelRequest("primary", "cs-channel-1", Secret.of("t"), WEBHOOK,
        Instant.parse("2026-03-15T12:00:00Z")))).isInstanceOf(dev.clinicsync.core.PermanentConnectorException.class);
  }

  @Test
  @DisplayName("a channel is not opened on a calendar the connector does not read")
  void foreignCalendar() {
    assertThatThrownBy(() -> channels.open(new ChannelRequest("someone-else@example.com", "cs-1", Secret.of("t"),
        WEBHOOK, Instant.parse("2026-03-15T12:00:00Z"))))
        .isInstanceOf(ValidationException.class).hasMessageNotContaining("someone-else");
  }

  @Test
  @DisplayName("stopping posts channels.stop; a channel Google no longer knows counts as stopped")
  void stopChannel() {
    stub.server.stubFor(post(urlPathEqualTo("/calendar/v3/channels/stop"))
        .withRequestBody(equalToJson("{\"id\":\"cs-live\",\"resourceId\":\"res-1\"}")).willReturn(aResponse().withStatus(204)));
    stub.server.stubFor(post(urlPathEqualTo("/calendar/v3/channels/stop"))
        .withRequestBody(equalToJson("{\"id\":\"cs-gone\",\"resourceId\":\"res-1\"}")).willReturn(aResponse().withStatus(404)
            .withHeader("Content-Type", "application/json")
            .withBody("{\"error\":{\"errors\":[{\"domain\":\"global\",\"reason\":\"notFound\",\"message\":\"Channel 'cs-gone' not found for project '1234'\"}],\"code\":404}}")));
    Instant until = Instant.parse("2026-03-08T12:00:00Z");

    channels.stop(new PushChannel("primary", "cs-live", "res-1", until));
    channels.stop(new PushChannel("primary", "cs-gone", "res-1", until));

    assertThat(stub.server.findAll(postRequestedFor(urlPathEqualTo("/calendar/v3/channels/stop")))).hasSize(2);
  }

  @Test
  @DisplayName("notification headers, in any case: sync is a handshake, exists and not_exists are changes")
  void parse() {
    PushNotification handshake = channels.parse(Map.of("X-Goog-Channel-ID", List.of("cs-1"),
        "X-Goog-Channel-Token", List.of("tok-1"), "X-Goog-Resource-ID", List.of("res-1"),
        "X-Goog-Resource-State", List.of("sync"), "X-Goog-Message-Number", List.of("1"))).orElseThrow();
    assertThat(handshake.kind()).isEqualTo(PushNotification.Kind.HANDSHAKE);
    assertThat(handshake.channelId()).isEqualTo("cs-1");
    assertThat(handshake.token()).contains(Secret.of("tok-1"));
    assertThat(handshake.vendorResourceId()).contains("res-1");
    assertThat(handshake.messageNumber()).isEqualTo(1);

    PushNotification change = channels.parse(Map.of("x-goog-channel-id", List.of("cs-1"),
        "x-goog-resource-state", List.of("exists"), "x-goog-message-number", List.of("734927"),
        "x-goog-resource-uri", List.of("https://www.googleapis.com/calendar/v3/calendars/primary/events?alt=json")))
        .orElseThrow();
    assertThat(change.kind()).isEqualTo(PushNotification.Kind.CHANGE);
    assertThat(change.token()).isEmpty();
    assertThat(change.messageNumber()).isEqualTo(734927);
    assertThat(channels.parse(Map.of("X-Goog-Channel-ID", List.of("cs-1"), "X-Goog-Resource-State", List.of("not_exists")))
        .orElseThrow().kind()).isEqualTo(PushNotification.Kind.CHANGE);
  }

  @Test
  @DisplayName("a request without Google's channel header is not ours; a malformed one is refused naming the header, not the value")
  void parseRefusals() {
    assertThat(channels.parse(Map.of("Content-Type", List.of("application/json")))).isEmpty();
    assertThatThrownBy(() -> channels.parse(Map.of("X-Goog-Channel-ID", List.of("cs-1"),
        "X-Goog-Resource-State", List.of("exists"), "X-Goog-Message-Number", List.of("12-planted-value"))))
        .isInstanceOf(ValidationException.class).hasMessageContaining("X-Goog-Message-Number")
        .hasMessageNotContaining("planted");
    assertThatThrownBy(() -> channels.parse(Map.of("X-Goog-Channel-ID", List.of("cs-1"),
        "X-Goog-Resource-State", List.of("planted-state"))))
        .isInstanceOf(ValidationException.class).hasMessageContaining("X-Goog-Resource-State")
        .hasMessageNotContaining("planted");
    assertThatThrownBy(() -> channels.parse(Map.of("X-Goog-Channel-ID", List.of("cs-1"))))
        .isInstanceOf(ValidationException.class).hasMessageContaining("X-Goog-Resource-State");
  }
}
