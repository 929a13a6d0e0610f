package dev.clinicsync.connectors.google.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.api.client.http.HttpHeaders;
import com.google.api.client.http.HttpResponse;
import com.google.api.client.http.HttpResponseException;
import com.google.api.client.util.DateTime;
import com.google.api.services.calendar.Calendar;
import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.FreeBusyRequest;
import com.google.api.services.calendar.model.FreeBusyRequestItem;
import com.google.api.services.calendar.model.FreeBusyResponse;
import dev.clinicsync.connectors.kit.VendorJson;
import dev.clinicsync.core.CursorExpiredException;
import dev.clinicsync.core.model.TimeWindow;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The Google Calendar calls the connector makes, each under {@link GoogleHttp}'s policy, built
 * with the official client. {@code events.list} is read as raw JSON (one malformed event must not
 * sink the page); everything else uses the generated model.
 */
public final class GoogleCalendarApi {
  /**
   * Partial response for events.list: only what the mapping reads. Titles, descriptions,
   * locations and attendee e-mails of personal events are not even sent to us.
   */
  static final String LIST_FIELDS = "nextPageToken,nextSyncToken,timeZone,items(id,etag,status,start,end,"
      + "transparency,recurringEventId,originalStartTime,extendedProperties/private,attendees(self,responseStatus))";
  /** Partial response for reading back one mirrored event. */
  static final String EVENT_FIELDS = "id,etag,status,start,end,extendedProperties/private";

  private final Calendar calendar;
  private final GoogleHttp http;
  private final String connectorId;

  public GoogleCalendarApi(Calendar calendar, GoogleHttp http, String connectorId) {
    this.calendar = calendar;
    this.http = http;
    this.connectorId = connectorId;
  }

  public GoogleHttp http() {
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
    return http.call("events.list", () -> {
      Calendar.Events.List list = calendar.events().list(calendarId)
          .setSingleEvents(true)
          .setMaxResults(maxResults)
          .setFields(LIST_FIELDS);
      pageToken.ifPresent(list::setPageToken);
      if (syncToken.isPresent()) {
        list.setSyncToken(syncToken.get());
      } else {
        list.setTimeMin(utc(window.start()))
            .setTimeMax(utc(window.end()));
      }
      HttpResponse response;
      try {
        response = list.executeUnparsed();
      } catch (HttpResponseException e) {
        if (e.getStatusCode() == 410 && syncToken.isPresent()) {
          throw new CursorExpiredException(connectorId, 410, http.errors().requestId(e), null);
        }
        throw e;
      }
      try (InputStream in = response.getContent()) {
        byte[] body = in == null ? new byte[0] : in.readAllBytes();
        return VendorJson.read(body, http.errors().classifier(), response.getStatusCode(), null);
      } finally {
        response.disconnect();
      }
    });
  }

  /** {@code freebusy.query} for at most 50 calendars over one chunk of at most 90 days. */
  public FreeBusyResponse freeBusy(List<String> calendarIds, TimeWindow chunk) {
    FreeBusyRequest body = new FreeBusyRequest()
        .setTimeMin(utc(chunk.start()))
        .setTimeMax(utc(chunk.end()))
        .setTimeZone("UTC")
        .setItems(calendarIds.stream().map(id -> new FreeBusyRequestItem().setId(id)).toList());
    return http.call("freebusy.query", () -> calendar.freebusy().query(body).execute());
  }

  /** Inserts an event with a client-chosen id; empty when Google says the id exists (409). */
  public Optional<Event> insert(String calendarId, Event event) {
    return http.call("events.insert", () -> {
      try {
        return Optional.of(calendar.events().insert(calendarId, event).setSendUpdates("none").execute());
      } catch (HttpResponseException e) {
        if (e.getStatusCode() == 409) {
          return Optional.empty();
        }
        throw e;
      }
    });
  }

  /** Reads an event (cancelled ones too); empty when it does not exist (404). */
  public Optional<Event> get(String calendarId, String eventId) {
    return http.call("events.get", () -> {
      try {
        return Optional.of(calendar.events().get(calendarId, eventId).setFields(EVENT_FIELDS).execute());
      } catch (HttpResponseException e) {
        if (e.getStatusCode() == 404) {
          return Optional.empty();
        }
        throw e;
      }
    });
  }

  /** What a conditional write found. */
  public enum Condition {
    /** Done. */
    OK,
    /** The ETag no longer matches (412). */
    STALE,
    /** The event does not exist or was deleted (404, 410). */
    GONE
  }

  /** A conditional write's outcome and, when it succeeded with a body, the new event. */
  public record Conditional(Condition condition, Optional<Event> event) {}

  /** Patches an event when its ETag still matches. */
  public Conditional patch(String calendarId, String eventId, Event changes, @Nullable String etag) {
    return http.call("events.patch", () -> {
      Calendar.Events.Patch patch = calendar.events().patch(calendarId, eventId, changes).setSendUpdates("none");
      ifMatch(patch.getRequestHeaders(), etag);
      try {
        return new Conditional(Condition.OK, Optional.of(patch.execute()));
      } catch (HttpResponseException e) {
        return conditionalFailure(e);
      }
    });
  }

  /** Deletes an event when its ETag still matches. */
  public Conditional delete(String calendarId, String eventId, @Nullable String etag) {
    return http.call("events.delete", () -> {
      Calendar.Events.Delete delete = calendar.events().delete(calendarId, eventId).setSendUpdates("none");
      ifMatch(delete.getRequestHeaders(), etag);
      try {
        delete.execute();
        return new Conditional(Condition.OK, Optional.empty());
      } catch (HttpResponseException e) {
        return conditionalFailure(e);
      }
    });
  }

  /** An RFC 3339 UTC date-time ({@code ...Z}); never the JVM's default zone. */
  public static DateTime utc(java.time.Instant instant) {
    return new DateTime(false, instant.toEpochMilli(), 0);
  }

  private static void ifMatch(HttpHeaders headers, @Nullable String etag) {
    if (etag != null) {
      headers.setIfMatch(etag);
    }
  }

  private static Conditional conditionalFailure(HttpResponseException e) throws HttpResponseException {
    if (e.getStatusCode() == 412) {
      return new Conditional(Condition.STALE, Optional.empty());
    }
    if (e.getStatusCode() == 404 || e.getStatusCode() == 410) {
      return new Conditional(Condition.GONE, Optional.empty());
    }
    throw e;
  }
}
