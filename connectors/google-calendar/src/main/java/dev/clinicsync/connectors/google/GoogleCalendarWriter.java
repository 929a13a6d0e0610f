package dev.clinicsync.connectors.google;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clinicsync.connectors.google.internal.EventMapper;
import dev.clinicsync.connectors.google.internal.GoogleCalendarApi;
import dev.clinicsync.connectors.google.internal.GoogleCalendarApi.Written;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.connector.MirrorContent;
import dev.clinicsync.core.connector.MirrorWrite;
import dev.clinicsync.core.connector.MirrorWriter;
import dev.clinicsync.core.connector.WriteEcho;
import dev.clinicsync.core.connector.WriteOutcome;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import java.time.ZoneId;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Core's write-back SPI for a therapist's Google calendar: mirrors canonical appointments into the
 * connector's write calendar, for the coordinator's write queue.
 *
 * <ul>
 *   <li><b>Idempotent create.</b> The event id is the write's {@link MirrorWrite#idempotencyKey()}
 *       ({@link GoogleEventIds}), so an insert retried after a timeout meets 409 "already exists";
 *       the writer then reads the event back and, when our private marker names the same
 *       appointment, answers {@link WriteOutcome.Written} with {@code created=false}. An id held by
 *       an event we did not write is a permanent error, never overwritten. A mirror cancelled
 *       earlier keeps its id at Google, so creating it again revives it (conditionally on its ETag).
 *   <li><b>Conditional update and cancel.</b> PATCH and DELETE carry {@code If-Match} with the
 *       expected ETag; 412 is a {@link WriteOutcome.Conflict} with the event as Google holds it now;
 *       404/410 is {@link WriteOutcome.Gone} for an update and {@link WriteOutcome.Cancelled} for a
 *       cancel.
 *   <li><b>Unknown outcomes.</b> When every attempt of a create, update or cancel failed and one
 *       of them may have reached Google (a timeout), the answer is {@link WriteOutcome.Unknown}:
 *       {@link #read} the mirror back before retrying.
 *   <li><b>Content-free by default.</b> Title = the configured label, no description, no
 *       location, no attendees (Google sends no invitations: {@code sendUpdates=none}); the
 *       private extended properties {@link OwnedEvents#APPOINTMENT_ID_PROPERTY} and
 *       {@link OwnedEvents#PROVENANCE_PROPERTY} mark the event as ours. Only an explicit
 *       {@link MirrorContent} shows more.
 * </ul>
 * Mirrors go to the connector's write calendar only (one it reads, so that edits made in Google
 * come back as echoes); another target is refused. Failures are thrown as classified
 * {@link dev.clinicsync.core.ConnectorException}s.
 */
final class GoogleCalendarWriter implements MirrorWriter {
  private static final Logger LOG = LoggerFactory.getLogger(GoogleCalendarWriter.class);

  private final GoogleCalendarApi api;
  private final String connectorId;
  private final String calendarId;
  private final String label;
  private final String provenance;

  GoogleCalendarWriter(GoogleCalendarApi api, String connectorId, String calendarId, String label, String provenance) {
    this.api = api;
    this.connectorId = connectorId;
    this.calendarId = calendarId;
    this.label = label;
    this.provenance = provenance;
  }

  @Override
  public WriteOutcome create(MirrorWrite write) {
    Checks.notNull(write, "mirror write");
    target(write.target());
    String eventId = GoogleEventIds.forKey(write.idempotencyKey());
    Written inserted = api.insert(calendarId, body(write).put("id", eventId));
    switch (inserted.condition()) {
      case OK:
        LOG.debug("[{}] created the mirror of appointment {}", connectorId, write.appointmentId());
        return new WriteOutcome.Written(ref(inserted.event().orElseThrow(), eventId), true);
      case UNKNOWN:
        return unknown(eventId, "create");
      case ID_TAKEN:
        break;
      default:
        throw new PermanentConnectorException(connectorId, "Google answered an insert with " + inserted.condition(), 0, null, null);
    }
    JsonNode existing = api.get(calendarId, eventId).orElseThrow(() -> new PermanentConnectorException(
        connectorId, "Google reported the mirror's event id as taken but cannot find the event", 409, null, null));
    ours(existing, write.appointmentId());
    if (cancelled(existing)) {
      LOG.debug("[{}] reviving the cancelled mirror of appointment {}", connectorId, write.appointmentId());
      return afterUpdate(api.patch(calendarId, eventId, body(write), etag(existing)), write.appointmentId(), eventId);
    }
    LOG.debug("[{}] the mirror of appointment {} already existed (retried create)", connectorId, write.appointmentId());
    return new WriteOutcome.Written(ref(existing, eventId), false);
  }

  @Override
  public WriteOutcome update(MirrorWrite write, String expectedVersion) {
    Checks.notNull(write, "mirror write");
    Checks.notBlank(expectedVersion, "mirror expected version");
    target(write.target());
    String eventId = GoogleEventIds.forKey(write.idempotencyKey());
    return afterUpdate(api.patch(calendarId, eventId, body(write), expectedVersion), write.appointmentId(), eventId);
  }

  @Override
  public WriteOutcome cancel(String target, AppointmentId appointment, String expectedVersion) {
    target(target);
    Checks.notNull(appointment, "appointment id");
    Checks.notBlank(expectedVersion, "mirror expected version");
    String eventId = GoogleEventIds.forAppointment(appointment);
    Written deleted = api.delete(calendarId, eventId, expectedVersion);
    switch (deleted.condition()) {
      case OK:
      case GONE:
        return new WriteOutcome.Cancelled(ref(eventId));
      case UNKNOWN:
        return unknown(eventId, "cancel");
      case STALE:
        Optional<JsonNode> current = api.get(calendarId, eventId);
        if (current.isEmpty() || cancelled(current.get())) {
          return new WriteOutcome.Cancelled(ref(eventId));
        }
        return conflict(current.get(), appointment, eventId);
      default:
        throw new PermanentConnectorException(connectorId, "Google answered a delete with " + deleted.condition(), 0, null, null);
    }
  }

  @Override
  public Optional<WriteEcho> read(String target, AppointmentId appointment) {
    target(target);
    Checks.notNull(appointment, "appointment id");
    String eventId = GoogleEventIds.forAppointment(appointment);
    return api.get(calendarId, eventId).map(event -> {
      ours(event, appointment);
      return echo(event, appointment, eventId);
    });
  }

  private WriteOutcome afterUpdate(Written result, AppointmentId appointment, String eventId) {
    switch (result.condition()) {
      case OK:
        return new WriteOutcome.Written(ref(result.event().orElseThrow(), eventId), false);
      case GONE:
        return new WriteOutcome.Gone(ref(eventId));
      case UNKNOWN:
        return unknown(eventId, "update");
      case STALE:
        Optional<JsonNode> current = api.get(calendarId, eventId);
        if (current.isEmpty()) {
          return new WriteOutcome.Gone(ref(eventId));
        }
        return conflict(current.get(), appointment, eventId);
      default:
        throw new PermanentConnectorException(connectorId, "Google answered a patch with " + result.condition(), 0, null, null);
    }
  }

  private WriteOutcome conflict(JsonNode current, AppointmentId appointment, String eventId) {
    LOG.info("[{}] the Google copy of appointment {} changed since it was written; reporting a conflict",
        connectorId, appointment);
    return new WriteOutcome.Conflict(echo(current, appointment, eventId));
  }

  private WriteOutcome unknown(String eventId, String what) {
    LOG.info("[{}] the {} of a mirror timed out; its outcome is unknown until read back", connectorId, what);
    return new WriteOutcome.Unknown(ref(eventId));
  }

  /**
   * The event as an echo of {@code appointment}. The event id derives from the appointment, so
   * the event is its mirror even when someone stripped the marker; the provenance is ours then.
   */
  private WriteEcho echo(JsonNode event, AppointmentId appointment, String eventId) {
    return new WriteEcho(appointment, ref(event, eventId), EventMapper.dateTimeWindow(event), cancelled(event), provenance);
  }

  /** The body of an insert, a revival or an update: the whole content-free mirror plus what the content adds. */
  private ObjectNode body(MirrorWrite write) {
    MirrorContent content = write.content();
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("summary", content.title().orElse(label));
    // explicit nulls clear what an earlier, richer projection (or someone in Google) set
    body.put("description", content.description().orElse(null));
    body.put("location", content.location().orElse(null));
    body.set("start", dateTime(write.window().start(), write.zone()));
    body.set("end", dateTime(write.window().end(), write.zone()));
    body.put("status", "confirmed");
    body.put("transparency", "opaque");
    body.putObject("extendedProperties").putObject("private")
        .put(OwnedEvents.APPOINTMENT_ID_PROPERTY, write.appointmentId().value())
        .put(OwnedEvents.PROVENANCE_PROPERTY, provenance);
    return body;
  }

  private static ObjectNode dateTime(Instant at, ZoneId zone) {
    return JsonNodeFactory.instance.objectNode().put("dateTime", GoogleCalendarApi.utc(at)).put("timeZone", zone.getId());
  }

  /** Refuses an event at our id that our marker does not name: it was not written by ClinicSync. */
  private void ours(JsonNode event, AppointmentId appointment) {
    JsonNode marker = event.path("extendedProperties").path("private");
    boolean owned = appointment.value().equals(marker.path(OwnedEvents.APPOINTMENT_ID_PROPERTY).asText(null))
        && provenance.equals(marker.path(OwnedEvents.PROVENANCE_PROPERTY).asText(null));
    if (!owned) {
      throw new PermanentConnectorException(connectorId,
          "the mirror's event id is taken by an event ClinicSync did not write; it was left untouched", 409, null, null);
    }
  }

  private void target(String target) {
    Checks.notBlank(target, "mirror target");
    if (!calendarId.equals(target)) {
      throw new ValidationException("connector " + connectorId + ": a mirror target must be the connector's write calendar");
    }
  }

  private static boolean cancelled(JsonNode event) {
    return "cancelled".equals(event.path("status").asText());
  }

  private String etag(JsonNode event) {
    String etag = event.path("etag").asText("");
    if (etag.isBlank()) {
      throw new PermanentConnectorException(connectorId, "malformed vendor payload: an event without an etag", 200, null, null);
    }
    return etag;
  }

  private static SourceRef ref(String eventId) {
    return SourceRef.of(SourceSystem.GOOGLE, eventId);
  }

  private static SourceRef ref(JsonNode event, String eventId) {
    String id = event.path("id").asText("");
    String etag = event.path("etag").asText("");
    SourceRef ref = SourceRef.of(SourceSystem.GOOGLE, id.isBlank() ? eventId : id);
    return etag.isBlank() ? ref : ref.withVersion(etag);
  }

  @Override
  public String toString() {
    return "GoogleCalendarWriter[" + connectorId + "]";
  }
}
