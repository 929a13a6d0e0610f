package dev.clinicsync.sync;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.OverrideReason;
import dev.clinicsync.core.model.TimeWindow;
import java.util.Optional;

/**
 * How to resolve a conflict between a new appointment and an existing one.
 *
 * @param action what to do
 * @param target for {@link Action#RESCHEDULE}, which of the two to move
 * @param slot for {@link Action#RESCHEDULE}, where to move it
 * @param reason for {@link Action#ACCEPT_OVERRIDE} (and only for it), why, as a code; it is stored in both
 *     appointments' {@link dev.clinicsync.core.model.Appointment#override()} and audited as the code.
 *     Free-text notes are not accepted: a reason code never carries PHI, a note might
 */
public record Resolution(
    Action action, Optional<AppointmentId> target, Optional<TimeWindow> slot, Optional<OverrideReason> reason) {

  /** The resolution actions. */
  public enum Action {
    /** Cancel the new appointment. */
    CANCEL_NEW,
    /** Cancel the existing appointment. */
    CANCEL_EXISTING,
    /** Move one of the two to another slot (which must itself be free). */
    RESCHEDULE,
    /** Keep both, deliberately, with a reason code (admins only). */
    ACCEPT_OVERRIDE
  }

  public Resolution {
    Checks.notNull(action, "resolution action");
    Checks.notNull(target, "resolution target");
    Checks.notNull(slot, "resolution slot");
    Checks.notNull(reason, "resolution reason");
    if (action == Action.RESCHEDULE && (target.isEmpty() || slot.isEmpty())) {
      throw new dev.clinicsync.core.ValidationException("a RESCHEDULE resolution needs the appointment to move and its new slot");
    }
    if ((action == Action.ACCEPT_OVERRIDE) != reason.isPresent()) {
      throw new dev.clinicsync.core.ValidationException(action == Action.ACCEPT_OVERRIDE
          ? "an ACCEPT_OVERRIDE resolution needs a reason" : "only an ACCEPT_OVERRIDE resolution takes a reason");
    }
    if (action != Action.RESCHEDULE && (target.isPresent() || slot.isPresent())) {
      throw new dev.clinicsync.core.ValidationException("only a RESCHEDULE resolution takes an appointment to move and a slot");
    }
  }

  public static Resolution cancelNew() {
    return new Resolution(Action.CANCEL_NEW, Optional.empty(), Optional.empty(), Optional.empty());
  }

  public static Resolution cancelExisting() {
    return new Resolution(Action.CANCEL_EXISTING, Optional.empty(), Optional.empty(), Optional.empty());
  }

  public static Resolution reschedule(AppointmentId which, TimeWindow slot) {
    return new Resolution(Action.RESCHEDULE, Optional.of(which), Optional.of(slot), Optional.empty());
  }

  /** Keep both, for this reason (admins only). */
  public static Resolution acceptOverride(OverrideReason reason) {
    return new Resolution(Action.ACCEPT_OVERRIDE, Optional.empty(), Optional.empty(),
        Optional.of(Checks.notNull(reason, "resolution reason")));
  }
}
