package dev.clinicsync.connectors.google.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clinicsync.connectors.kit.ConnectorHttp;
import dev.clinicsync.connectors.kit.ResponseHandler;
import dev.clinicsync.connectors.kit.VendorResponse;
import dev.clinicsync.core.ConnectorException;
import dev.clinicsync.core.CursorExpiredException;
import dev.clinicsync.core.RetryableConnectorException;
import dev.clinicsync.core.model.TimeWindow;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.jspecify.annotations.Nullable;

/**
 * The Google Calendar v3 calls the connector makes, each sent through connector-kit's
 * {@link ConnectorHttp} (token, rate limit, SSRF guard, call timeout, body cap, redacted logging,
 * classification with {@link GoogleErrorRules}) and read with the kit's Jackson configuration.
 * Requests are built here, against the configured root URL plus {@code calendar/v3/}.
 *
 * <p>Reads are retried under the kit's retry executor. Writes are too — every write is keyed by
 * its client-chosen event id or conditional on an ETag, so a retry never writes twice — and an
 * attempt whose answer was lost (a timeout, a reset after sending) is remembered: when the last
 * attempt also fails retryably, the write's outcome is {@link Condition#UNKNOWN}, not an error.
 */
public final class GoogleCalendarApi {
  /**
   * Partial response for events.list: only what the mapping reads. Titles, descriptions,
   * locations and attendee e-mails of personal events are not even sent to us.
   */
  static final String LIST_FIELDS = "nextPageToken,nextSyncToken,timeZone,items(id,etag,status,start,end,"
      + "transparency,recurringEventId,originalStartTime,extendedProperties/private,attendees(self,responseStatus))";
  /** Partial response for one mirrored event (read back, and the answer to a write). */
  static final String EVENT_FIELDS = "id,etag,status,start,end,extendedProperties/private";

  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final DateTimeFormatter RFC3339_UTC =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final ConnectorHttp http;
  private final HttpUrl base;

  /**
   * @param http the Calendar API pipeline (with the therapist's tokens and {@link GoogleErrorRules#api})
   * @param rootUrl Google's API root, ending in {@code /}
   */
  public GoogleCalendarApi(ConnectorHttp http, String rootUrl) {
    this.http = http;
    HttpUrl root = HttpUrl.parse(rootUrl);
    if (root == null) {
      throw new IllegalArgumentException("the root URL was validated by the settings");
    }
    this.base = root.newBuilder().addPathSegments("calendar/v3").build();
  }

  public ConnectorHttp http() {
    return http;
  }

  /**
   * One page of {@code events.list}, instances expanded. With a sync token nothing else narrows
   * the request (Google refuses timeMin/timeMax/q/orderBy/updatedMin/iCalUID/extended-property
   * filters beside it); without one, the window bounds it.
   *
   * @throws CursorExpiredException when Google answers 410 Gone to the sync token
   */
  public JsonNode listEvents(String calendarId, Optional<String> syncToken, TimeWindow window,
      Optional<String> pageToken, int maxResults) {
    HttpUrl.Builder url = events(calendarId)
        .addQueryParameter("singleEvents", "true")
        .addQueryParameter("maxResults", Integer.toString(maxResults))
        .addQueryParameter("fields", LIST_FIELDS);
    pageToken.ifPresent(t -> url.addQueryParameter("pageToken", t));
    if (syncToken.isPresent()) {
      url.addQueryParameter("syncToken", syncToken.get());
    } else {
      url.addQueryParameter("timeMin", utc(window.start())).addQueryParameter("timeMax", utc(window.end()));
    }
    return http.execute(new Request.Builder().url(url.build()).get().build(), VendorResponse::json);
  }

  /** {@code freebusy.query} for at most 50 calendars over one chunk of at most 90 days. */
  public JsonNode freeBusy(List<String> calendarIds, TimeWindow chunk) {
    ObjectNode body = JsonNodeFactory.instance.objectNode()
        .put("timeMin", utc(chunk.start()))
        .put("timeMax", utc(chunk.end()))
        .put("timeZone", "UTC");
    ArrayNode items = body.putArray("items");
    calendarIds.forEach(id -> items.addObject().put("id", id));
    HttpUrl url = base.newBuilder().addPathSegment("freeBusy").build();
    return http.execute(new Request.Builder().url(url).post(json(body)).build(), VendorResponse::json);
  }

  /** Reads an event (cancelled ones too); empty when it does not exist or was deleted (404, 410). */
  public Optional<JsonNode> get(String calendarId, String eventId) {
    HttpUrl url = event(calendarId, eventId).addQueryParameter("fields", EVENT_FIELDS).build();
    try {
      return Optional.of(http.execute(new Request.Builder().url(url).get().build(), VendorResponse::json));
    } catch (EventStateException e) {
      if (e.isGone()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** What a write found. */
  public enum Condition {
    /** Done; the result carries the event when Google answered with one. */
    OK,
    /** The client-chosen id is taken (409 to an insert). */
    ID_TAKEN,
    /** The ETag no longer matches (412). */
    STALE,
    /** The event does not exist or was deleted (404, 410). */
    GONE,
    /** The answer was lost (a timeout after the request may have arrived): read back before deciding. */
    UNKNOWN
  }

  /** A write's outcome and, when it succeeded with a body, the event as Google now holds it. */
  public record Written(Condition condition, Optional<JsonNode> event) {
    static Written of(Condition condition) {
      return new Written(condition, Optional.empty());
    }
  }

  /** Inserts an event with its client-chosen id ({@code sendUpdates=none}: nobody is invited). */
  public Written insert(String calendarId, ObjectNode event) {
    HttpUrl url = events(calendarId).addQueryParameter("sendUpdates", "none")
        .addQueryParameter("fields", EVENT_FIELDS).build();
    return write(new Request.Builder().url(url).post(json(event)).build(), true);
  }

  /** Patches an event when its ETag still matches. */
  public Written patch(String calendarId, String eventId, ObjectNode changes, String etag) {
    HttpUrl url = event(calendarId, eventId).addQueryParameter("sendUpdates", "none")
        .addQueryParameter("fields", EVENT_FIELDS).build();
    return write(new Request.Builder().url(url).patch(json(changes)).header("If-Match", etag).build(), true);
  }

  /** Deletes an event when its ETag still matches. */
  public Written delete(String calendarId, String eventId, String etag) {
    HttpUrl url = event(calendarId, eventId).addQueryParameter("sendUpdates", "none").build();
    return write(new Request.Builder().url(url).delete().header("If-Match", etag).build(), false);
  }

  /**
   * {@code events.watch} on a calendar: a {@code web_hook} channel with our id and token,
   * delivering to {@code address} until {@code expiration} (Google may shorten it). Answers the
   * channel resource ({@code id}, {@code resourceId}, {@code expiration} in epoch milliseconds).
   */
  public JsonNode watch(String calendarId, String channelId, String token, String address, Instant expiration) {
    ObjectNode body = JsonNodeFactory.instance.objectNode()
        .put("id", channelId)
        .put("type", "web_hook")
        .put("address", address)
        .put("token", token)
        .put("expiration", expiration.toEpochMilli());
    HttpUrl url = events(calendarId).addPathSegment("watch").build();
    return http.execute(new Request.Builder().url(url).post(json(body)).build(), VendorResponse::json);
  }

  /** {@code channels.stop}; a channel Google no longer knows (404, 410) counts as stopped. */
  public void stopChannel(String channelId, String resourceId) {
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("id", channelId).put("resourceId", resourceId);
    HttpUrl url = base.newBuilder().addPathSegments("channels/stop").build();
    try {
      http.execute(new Request.Builder().url(url).post(json(body)).build(), r -> Boolean.TRUE);
    } catch (EventStateException e) {
      if (!e.isGone()) {
        throw e;
      }
    }
  }

  private Written write(Request request, boolean answersWithEvent) {
    ResponseHandler<Written> handler = answersWithEvent
        ? r -> new Written(Condition.OK, Optional.of(r.json()))
        : r -> Written.of(Condition.OK);
    boolean[] lost = {false};
    try {
      return http.retries().call(() -> {
        try {
          return http.executeOnce(request, handler);
        } catch (RetryableConnectorException e) {
          lost[0] |= ConnectorHttp.answerLost(e);
          throw e;
        }
      });
    } catch (EventStateException e) {
      switch (e.state()) {
        case ID_TAKEN:
          return Written.of(Condition.ID_TAKEN);
        case STALE:
          return Written.of(Condition.STALE);
        default:
          return Written.of(Condition.GONE);
      }
    } catch (RetryableConnectorException e) {
      if (lost[0]) {
        return Written.of(Condition.UNKNOWN);
      }
      throw e;
    }
  }

  /** An RFC 3339 UTC date-time with milliseconds ({@code 2026-03-03T17:00:00.000Z}); never the JVM's zone. */
  public static String utc(Instant instant) {
    return RFC3339_UTC.format(instant);
  }

  private HttpUrl.Builder events(String calendarId) {
    return base.newBuilder().addPathSegment("calendars").addPathSegment(calendarId).addPathSegment("events");
  }

  private HttpUrl.Builder event(String calendarId, String eventId) {
    return events(calendarId).addPathSegment(eventId);
  }

  private static RequestBody json(@Nullable JsonNode body) {
    return RequestBody.create(String.valueOf(body), JSON);
  }

  @Override
  public String toString() {
    return "GoogleCalendarApi[" + http + "]";
  }
}
