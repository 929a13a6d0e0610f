package dev.clinicsync.connectors.google;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.TimeWindow;
import java.util.Optional;

/**
 * A mirrored event as Google holds it now (read back after a conflict). Holds no title or
 * description: only what conflict resolution needs.
 *
 * @param source {@code google:<eventId>} with its current ETag
 * @param window its current times, when they are readable date-times
 * @param cancelled whether it is cancelled (deleted) in Google
 * @param ownedBy the appointment our marker names, when the marker is still there
 */
public record RemoteEvent(SourceRef source, Optional<TimeWindow> window, boolean cancelled, Optional<AppointmentId> ownedBy) {
  public RemoteEvent {
    Checks.notNull(source, "remote event source");
    Checks.notNull(window, "remote event window");
    Checks.notNull(ownedBy, "remote event owner");
  }
}
