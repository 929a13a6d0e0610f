package dev.clinicsync.connectors.google;

import com.google.api.client.util.Data;
import com.google.api.client.util.DateTime;
import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.EventDateTime;
import dev.clinicsync.connectors.google.internal.GoogleCalendarApi;
import dev.clinicsync.connectors.google.internal.GoogleCalendarApi.Conditional;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors appointments into a therapist's Google calendar for the coordinator's write queue.
 *
 * <ul>
 *   <li><b>Idempotent create.</b> The event id derives from the canonical appointment id
 *       ({@link GoogleEventIds}), so an insert retried after a timeout meets 409 "already
 *       exists"; the writer then reads the event back and, when our private marker names the
 *       same appointment, reports success ({@code created=false}). An id held by an event we did
 *       not write is a permanent error, never overwritten. A mirror we cancelled earlier keeps
 *       its id at Google, so creating it again revives it.
 *   <li><b>Conditional update and cancel.</b> PATCH and DELETE carry {@code If-Match} with the
 *       stored ETag; 412 becomes {@link WriteOutcome.Conflict} with the current remote version.
 *   <li><b>Content-free by default.</b> Title = the configured label, no description, no
 *       location, no attendees (Google sends no invitations: {@code sendUpdates=none}); the
 *       private extended properties {@link OwnedEvents#APPOINTMENT_ID_PROPERTY} and
 *       {@link OwnedEvents#PROVENANCE_PROPERTY} mark the event as ours.
 * </ul>
 * Retryable failures are retried under the connector's policy (safe: every write here is keyed
 * or conditional); the rest are thrown as {@link dev.clinicsync.core.ConnectorException}s.
 */
public final class GoogleCalendarWriter {
  private static final Logger LOG = LoggerFactory.getLogger(GoogleCalendarWriter.class);

  private final GoogleCalendarApi api;
  private final String connectorId;
  private final String label;
  private final String provenance;

  GoogleCalendarWriter(GoogleCalendarApi api, String connectorId, String label, String provenance) {
    this.api = api;
    this.connectorId = connectorId;
    this.label = label;
    this.provenance = provenance;
  }

  /**
   * Creates the mirror, or confirms that an earlier attempt created it.
   *
   * @return {@link WriteOutcome.Written}, or {@link WriteOutcome.Conflict} when a revived mirror
   *     changed between the read-back and the revival
   * @throws PermanentConnectorException when the event id belongs to an event we did not write
   */
  public WriteOutcome create(MirrorEvent mirror) {
    Checks.notNull(mirror, "mirror event");
    String eventId = mirror.eventId();
    Event body = body(mirror).setId(eventId);
    Optional<Event> inserted = api.insert(mirror.calendarId(), body);
    if (inserted.isPresent()) {
      LOG.debug("[{}] created the mirror of appointment {}", connectorId, mirror.appointmentId());
      return new WriteOutcome.Written(ref(inserted.get(), eventId), true);
    }
    Event existing = api.get(mirror.calendarId(), eventId).orElseThrow(() -> new PermanentConnectorException(
        connectorId, "Google reported the mirror's event id as taken but cannot find the event", 409, null, null));
    if (!ownedBy(existing, mirror.appointmentId())) {
      throw new PermanentConnectorException(connectorId,
          "the mirror's event id is taken by an event ClinicSync did not write; it was left untouched", 409, null, null);
    }
    if ("cancelled".equals(existing.getStatus())) {
      LOG.debug("[{}] reviving the cancelled mirror of appointment {}", connectorId, mirror.appointmentId());
      return afterConditional(api.patch(mirror.calendarId(), eventId, body(mirror), existing.getEtag()),
          mirror.calendarId(), eventId, false);
    }
    LOG.debug("[{}] the mirror of appointment {} already existed (retried insert)", connectorId, mirror.appointmentId());
    return new WriteOutcome.Written(ref(existing, eventId), false);
  }

  /**
   * Updates the mirror when it is still at {@code etag}.
   *
   * @return {@link WriteOutcome.Written}, {@link WriteOutcome.Conflict} (changed in Google), or
   *     {@link WriteOutcome.Gone} (deleted in Google)
   */
  public WriteOutcome update(MirrorEvent mirror, String etag) {
    Checks.notNull(mirror, "mirror event");
    Checks.notBlank(etag, "mirror ETag");
    String eventId = mirror.eventId();
    return afterConditional(api.patch(mirror.calendarId(), eventId, body(mirror), etag), mirror.calendarId(), eventId, false);
  }

  /** {@link #update} with a stored ETag, {@link #create} without one or when the mirror is gone. */
  public WriteOutcome upsert(MirrorEvent mirror, Optional<String> etag) {
    Checks.notNull(etag, "mirror ETag");
    if (etag.isEmpty()) {
      return create(mirror);
    }
    WriteOutcome outcome = update(mirror, etag.get());
    return outcome instanceof WriteOutcome.Gone ? create(mirror) : outcome;
  }

  /**
   * Cancels (deletes) the mirror of an appointment when it is still at {@code etag}.
   *
   * @return {@link WriteOutcome.Cancelled} (also when it was already gone), or
   *     {@link WriteOutcome.Conflict} when it changed in Google since
   */
  public WriteOutcome cancel(AppointmentId appointmentId, String calendarId, String etag) {
    Checks.notNull(appointmentId, "appointment id");
    Checks.notBlank(calendarId, "calendar id");
    Checks.notBlank(etag, "mirror ETag");
    String eventId = GoogleEventIds.forAppointment(appointmentId);
    return afterConditional(api.delete(calendarId, eventId, etag), calendarId, eventId, true);
  }

  private WriteOutcome afterConditional(Conditional result, String calendarId, String eventId, boolean cancelling) {
    switch (result.condition()) {
      case OK:
        if (cancelling) {
          return new WriteOutcome.Cancelled(eventId);
        }
        return new WriteOutcome.Written(ref(result.event().orElseThrow(), eventId), false);
      case GONE:
        return cancelling ? new WriteOutcome.Cancelled(eventId) : new WriteOutcome.Gone(eventId);
      case STALE:
      default:
        Optional<Event> current = api.get(calendarId, eventId);
        if (current.isEmpty()) {
          return cancelling ? new WriteOutcome.Cancelled(eventId) : new WriteOutcome.Gone(eventId);
        }
        LOG.info("[{}] the Google copy {} changed since it was written; reporting a conflict", connectorId, eventId);
        return new WriteOutcome.Conflict(remote(current.get(), eventId));
    }
  }

  private Event body(MirrorEvent mirror) {
    EventProjection p = mirror.projection();
    return new Event()
        .setSummary(p.title().orElse(label))
        .setDescription(p.description().orElse(Data.NULL_STRING))
        .setLocation(p.location().orElse(Data.NULL_STRING))
        .setStart(dateTime(mirror.window().start(), mirror))
        .setEnd(dateTime(mirror.window().end(), mirror))
        .setStatus("confirmed")
        .setTransparency("opaque")
        .setExtendedProperties(new Event.ExtendedProperties().setPrivate(Map.of(
            OwnedEvents.APPOINTMENT_ID_PROPERTY, mirror.appointmentId().value(),
            OwnedEvents.PROVENANCE_PROPERTY, provenance)));
  }

  private static EventDateTime dateTime(Instant at, MirrorEvent mirror) {
    return new EventDateTime().setDateTime(GoogleCalendarApi.utc(at)).setTimeZone(mirror.zone().getId());
  }

  private boolean ownedBy(Event event, AppointmentId appointmentId) {
    Map<String, String> marker = privateProperties(event);
    return appointmentId.value().equals(marker.get(OwnedEvents.APPOINTMENT_ID_PROPERTY))
        && provenance.equals(marker.get(OwnedEvents.PROVENANCE_PROPERTY));
  }

  private static Map<String, String> privateProperties(Event event) {
    if (event.getExtendedProperties() == null || event.getExtendedProperties().getPrivate() == null) {
      return Map.of();
    }
    return event.getExtendedProperties().getPrivate();
  }

  private RemoteEvent remote(Event event, String eventId) {
    Optional<AppointmentId> owner = Optional.empty();
    String marked = privateProperties(event).get(OwnedEvents.APPOINTMENT_ID_PROPERTY);
    if (marked != null && provenance.equals(privateProperties(event).get(OwnedEvents.PROVENANCE_PROPERTY))) {
      try {
        owner = Optional.of(AppointmentId.of(marked));
      } catch (ValidationException e) {
        owner = Optional.empty();
      }
    }
    return new RemoteEvent(ref(event, eventId), window(event), "cancelled".equals(event.getStatus()), owner);
  }

  private static Optional<TimeWindow> window(Event event) {
    Instant start = instant(event.getStart());
    Instant end = instant(event.getEnd());
    return start != null && end != null && end.isAfter(start) ? Optional.of(new TimeWindow(start, end)) : Optional.empty();
  }

  private static @Nullable Instant instant(@Nullable EventDateTime dt) {
    if (dt == null) {
      return null;
    }
    DateTime value = dt.getDateTime();
    return value == null || value.isDateOnly() ? null : Instant.ofEpochMilli(value.getValue());
  }

  private static SourceRef ref(Event event, String fallbackId) {
    String id = event.getId() == null ? fallbackId : event.getId();
    return event.getEtag() == null ? SourceRef.of(SourceSystem.GOOGLE, id) : SourceRef.of(SourceSystem.GOOGLE, id, event.getEtag());
  }

  @Override
  public String toString() {
    return "GoogleCalendarWriter[" + connectorId + "]";
  }
}
