package dev.clinicsync.core.connector;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.TimeWindow;
import java.time.ZoneId;

/**
 * One canonical appointment as its mirror at a target should look.
 *
 * @param appointmentId the canonical appointment; the {@link #idempotencyKey()} derives from it
 * @param target where the mirror lives at the vendor (for Google, the calendar id)
 * @param window when
 * @param zone the zone the vendor shows the mirror in (the clinician's)
 * @param content what the mirror shows; {@link MirrorContent#contentFree()} by default
 */
public record MirrorWrite(AppointmentId appointmentId, String target, TimeWindow window, ZoneId zone, MirrorContent content) {
  public MirrorWrite {
    Checks.notNull(appointmentId, "mirror appointment id");
    Checks.notBlank(target, "mirror target");
    Checks.notNull(window, "mirror window");
    Checks.notNull(zone, "mirror zone");
    Checks.notNull(content, "mirror content");
  }

  /** A content-free mirror. */
  public static MirrorWrite of(AppointmentId appointmentId, String target, TimeWindow window, ZoneId zone) {
    return new MirrorWrite(appointmentId, target, window, zone, MirrorContent.contentFree());
  }

  /** The vendor-side key of every write of this mirror. */
  public IdempotencyKey idempotencyKey() {
    return IdempotencyKey.forAppointment(appointmentId);
  }
}
