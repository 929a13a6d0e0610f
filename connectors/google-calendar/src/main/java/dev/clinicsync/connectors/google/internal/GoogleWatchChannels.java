package dev.clinicsync.connectors.google.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.connector.ChannelRequest;
import dev.clinicsync.core.connector.PushChannel;
import dev.clinicsync.core.connector.PushChannels;
import dev.clinicsync.core.connector.PushNotification;
import dev.clinicsync.core.store.Secret;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Google Calendar push: {@code events.watch} channels on the connector's calendars,
 * {@code channels.stop}, and the notification headers Google sends to the webhook
 * ({@code X-Goog-Channel-ID}, {@code X-Goog-Channel-Token}, {@code X-Goog-Resource-ID},
 * {@code X-Goog-Resource-State}, {@code X-Goog-Message-Number}). Calls go through the connector's
 * Calendar pipeline ({@link GoogleCalendarApi}).
 */
public final class GoogleWatchChannels implements PushChannels {
  private static final Logger LOG = LoggerFactory.getLogger(GoogleWatchChannels.class);
  static final String CHANNEL_ID = "x-goog-channel-id";
  static final String CHANNEL_TOKEN = "x-goog-channel-token";
  static final String RESOURCE_ID = "x-goog-resource-id";
  static final String RESOURCE_STATE = "x-goog-resource-state";
  static final String MESSAGE_NUMBER = "x-goog-message-number";

  private final String connectorId;
  private final GoogleCalendarApi api;
  private final List<String> calendars;

  public GoogleWatchChannels(String connectorId, GoogleCalendarApi api, List<String> calendars) {
    this.connectorId = connectorId;
    this.api = api;
    this.calendars = List.copyOf(calendars);
  }

  @Override
  public List<String> resources() {
    return calendars;
  }

  @Override
  public PushChannel open(ChannelRequest request) {
    if (!calendars.contains(request.resource())) {
      throw new ValidationException("connector " + connectorId + ": a channel was asked for a calendar it does not read");
    }
    JsonNode channel = api.watch(request.resource(), request.channelId(), request.token().asString(),
        request.address().toString(), request.expiresAt());
    String resourceId = channel.path("resourceId").asText("");
    if (resourceId.isBlank() || !request.channelId().equals(channel.path("id").asText(""))) {
      throw api.http().classifier().malformed("the watch answer lacks the channel or resource id", 200, null);
    }
    Instant expires = request.expiresAt();
    JsonNode expiration = channel.path("expiration");
    if (expiration.isNumber() || expiration.isTextual()) {
      try {
        expires = Instant.ofEpochMilli(Long.parseLong(expiration.asText()));
      } catch (NumberFormatException e) {
        throw api.http().classifier().malformed("the watch answer's expiration is not epoch milliseconds", 200, null);
      }
    }
    LOG.debug("[{}] opened push channel {} until {}", connectorId, request.channelId(), expires);
    return new PushChannel(request.resource(), request.channelId(), resourceId, expires);
  }

  @Override
  public void stop(PushChannel channel) {
    api.stopChannel(channel.channelId(), channel.vendorResourceId());
    LOG.debug("[{}] stopped push channel {}", connectorId, channel.channelId());
  }

  @Override
  public Optional<PushNotification> parse(Map<String, List<String>> headers) {
    String channelId = header(headers, CHANNEL_ID);
    if (channelId == null) {
      return Optional.empty(); // not a Google notification
    }
    if (channelId.isBlank()) {
      throw new ValidationException("Google notification header X-Goog-Channel-ID is blank");
    }
    String state = header(headers, RESOURCE_STATE);
    if (state == null) {
      throw new ValidationException("Google notification header X-Goog-Resource-State is missing");
    }
    PushNotification.Kind kind;
    switch (state.strip().toLowerCase(Locale.ROOT)) {
      case "sync":
        kind = PushNotification.Kind.HANDSHAKE;
        break;
      case "exists":
      case "not_exists":
        kind = PushNotification.Kind.CHANGE;
        break;
      default:
        throw new ValidationException("Google notification header X-Goog-Resource-State is not a known state");
    }
    long number = 0;
    String message = header(headers, MESSAGE_NUMBER);
    if (message != null) {
      try {
        number = Long.parseLong(message.strip());
      } catch (NumberFormatException e) {
        throw new ValidationException("Google notification header X-Goog-Message-Number is not a number");
      }
    }
    String token = header(headers, CHANNEL_TOKEN);
    String resource = header(headers, RESOURCE_ID);
    return Optional.of(new PushNotification(channelId.strip(),
        token == null || token.isEmpty() ? Optional.empty() : Optional.of(Secret.of(token)),
        resource == null || resource.isBlank() ? Optional.empty() : Optional.of(resource.strip()), kind, number));
  }

  private static @Nullable String header(Map<String, List<String>> headers, String lowerName) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey() != null && e.getKey().toLowerCase(Locale.ROOT).equals(lowerName)) {
        List<String> values = e.getValue();
        if (values == null || values.isEmpty()) {
          return "";
        }
        if (values.size() > 1) {
          throw new ValidationException("Google notification header " + lowerName + " is repeated");
        }
        return values.get(0) == null ? "" : values.get(0);
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "GoogleWatchChannels[" + connectorId + ", " + calendars.size() + " calendar(s)]";
  }
}
