package dev.clinicsync.conflict;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.TimeWindow;
import java.util.Comparator;
import java.util.Optional;

/**
 * One conflict of a checked appointment.
 *
 * @param kind what it collides with
 * @param window the other side's interval: the other appointment's or the busy block's window
 *     (all-day blocks as local days in the clinician's zone); for
 *     {@link ConflictKind#OUTSIDE_AVAILABILITY} and {@link ConflictKind#TIME_OFF}, the checked
 *     appointment's own window
 * @param provenance where the conflict comes from
 */
public record Conflict(ConflictKind kind, TimeWindow window, Provenance provenance) {

  /** Reports order: by kind, then by window, then by the other side's identity. */
  public static final Comparator<Conflict> ORDER = Conflict::compare;

  public Conflict {
    Checks.notNull(kind, "conflict kind");
    Checks.notNull(window, "conflict window");
    Checks.notNull(provenance, "conflict provenance");
  }

  /** The other appointment's id, for appointment-to-appointment conflicts. */
  public Optional<AppointmentId> otherAppointment() {
    return provenance instanceof Provenance.OtherAppointment o ? Optional.of(o.id()) : Optional.empty();
  }

  private static int compare(Conflict a, Conflict b) {
    int c = Integer.compare(a.kind.ordinal(), b.kind.ordinal());
    if (c == 0) {
      c = a.window.start().compareTo(b.window.start());
    }
    if (c == 0) {
      c = a.window.end().compareTo(b.window.end());
    }
    if (c == 0) {
      c = a.provenanceKey().compareTo(b.provenanceKey());
    }
    return c;
  }

  private String provenanceKey() {
    if (provenance instanceof Provenance.OtherAppointment o) {
      return o.id().value();
    } else if (provenance instanceof Provenance.ExternalBusy b) {
      return b.source().key();
    } else if (provenance instanceof Provenance.TimeOff t) {
      return t.exceptionId();
    }
    return "";
  }
}
