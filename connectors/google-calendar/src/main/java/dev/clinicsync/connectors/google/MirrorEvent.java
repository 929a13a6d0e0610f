package dev.clinicsync.connectors.google;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.TimeWindow;
import java.time.ZoneId;

/**
 * One appointment as it should appear in a therapist's Google calendar.
 *
 * @param appointmentId the canonical appointment; the Google event id derives from it
 * @param calendarId the target calendar
 * @param window when
 * @param zone the zone Google shows the event in (the clinician's)
 * @param projection what the event shows; {@link EventProjection#contentFree()} by default
 */
public record MirrorEvent(AppointmentId appointmentId, String calendarId, TimeWindow window, ZoneId zone, EventProjection projection) {

  public MirrorEvent {
    Checks.notNull(appointmentId, "mirror appointment id");
    Checks.notBlank(calendarId, "mirror calendar id");
    Checks.notNull(window, "mirror window");
    Checks.notNull(zone, "mirror zone");
    Checks.notNull(projection, "mirror projection");
  }

  /** A content-free mirror. */
  public static MirrorEvent of(AppointmentId appointmentId, String calendarId, TimeWindow window, ZoneId zone) {
    return new MirrorEvent(appointmentId, calendarId, window, zone, EventProjection.contentFree());
  }

  /** A content-free mirror into the connector's {@link GoogleCalendarSettings#writeCalendarId() write calendar}. */
  public static MirrorEvent of(AppointmentId appointmentId, GoogleCalendarSettings settings, TimeWindow window, ZoneId zone) {
    return of(appointmentId, settings.writeCalendarId(), window, zone);
  }

  /** The Google event id of this mirror. */
  public String eventId() {
    return GoogleEventIds.forAppointment(appointmentId);
  }
}
