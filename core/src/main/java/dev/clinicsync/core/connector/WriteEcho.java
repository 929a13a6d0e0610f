package dev.clinicsync.core.connector;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.TimeWindow;
import java.util.Optional;

/**
 * A vendor copy that the SDK itself wrote (a mirrored appointment in a therapist's Google
 * Calendar), seen again by a fetch. It is never imported as a record or a busy block — that would
 * loop — but reported so that the coordinator can compare it with the canonical appointment and
 * detect edits made at the vendor (moved, cancelled) instead of losing them.
 *
 * <p>A vendor tombstone that carries only an id cannot be recognised as an echo; it arrives as an
 * ordinary {@link FetchPage#busyBlockDeletions() busy-block deletion} of the copy's source key (the copy was never
 * stored as anything else, so deleting it is harmless).
 *
 * @param appointmentId the canonical appointment the copy mirrors, as the SDK marked it
 * @param source the copy at the vendor: system, vendor id and current version (ETag)
 * @param window the copy's current interval, when it has a readable one
 * @param cancelled whether the copy is cancelled or deleted at the vendor
 * @param provenance the provenance tag the copy was written with
 */
public record WriteEcho(
    AppointmentId appointmentId, SourceRef source, Optional<TimeWindow> window, boolean cancelled, String provenance) {

  public WriteEcho {
    Checks.notNull(appointmentId, "write echo appointment id");
    Checks.notNull(source, "write echo source");
    Checks.notNull(window, "write echo window");
    Checks.notBlank(provenance, "write echo provenance");
  }

  @Override
  public String toString() {
    return "WriteEcho[" + appointmentId + " " + source + " " + window.map(TimeWindow::toString).orElse("-")
        + (cancelled ? " cancelled" : "") + "]";
  }
}
