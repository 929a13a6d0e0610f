package dev.clinicsync.sync;

import dev.clinicsync.conflict.Conflict;
import dev.clinicsync.conflict.ConflictKind;
import dev.clinicsync.conflict.Provenance;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import java.util.Optional;

/**
 * One conflict as a principal may see it: its kind and window, the other appointment's id and the
 * source system of the other side (an appointment or an external busy block) for everyone; the
 * engine's {@link Conflict} with its full provenance (vendor source refs, calendar ids) in
 * {@link #full()} only for principals who may see source metadata (admins; a therapist for their
 * own appointments).
 *
 * <p>{@link #toString()} never prints the vendor's ids.
 *
 * @param kind what the appointment collides with
 * @param window the other side's interval (for working hours and time off, the appointment's own)
 * @param otherAppointment the other appointment's id, for appointment-to-appointment conflicts
 * @param otherSource the source system of the other appointment or busy block
 * @param full the conflict with its full provenance, for principals who may see source metadata
 */
public record ConflictView(
    ConflictKind kind,
    TimeWindow window,
    Optional<AppointmentId> otherAppointment,
    Optional<SourceSystem> otherSource,
    Optional<Conflict> full) {

  public ConflictView {
    Checks.notNull(kind, "conflict view kind");
    Checks.notNull(window, "conflict view window");
    Checks.notNull(otherAppointment, "conflict view other appointment");
    Checks.notNull(otherSource, "conflict view other source");
    Checks.notNull(full, "conflict view provenance");
  }

  /** The conflict with its full provenance. */
  public static ConflictView full(Conflict c) {
    return of(c, Optional.of(c));
  }

  /** The conflict with the other side's source system only. */
  public static ConflictView sourceSystemOnly(Conflict c) {
    return of(c, Optional.empty());
  }

  private static ConflictView of(Conflict c, Optional<Conflict> full) {
    Optional<SourceSystem> system = Optional.empty();
    if (c.provenance() instanceof Provenance.OtherAppointment o) {
      system = Optional.of(o.source().system());
    } else if (c.provenance() instanceof Provenance.ExternalBusy b) {
      system = Optional.of(b.source().system());
    }
    return new ConflictView(c.kind(), c.window(), c.otherAppointment(), system, full);
  }

  @Override
  public String toString() {
    return "ConflictView[" + kind + " " + window + otherAppointment.map(id -> " with " + id).orElse("")
        + otherSource.map(s -> " from " + s).orElse("") + "]";
  }
}
