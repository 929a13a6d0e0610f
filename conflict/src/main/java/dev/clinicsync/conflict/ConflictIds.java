package dev.clinicsync.conflict;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.AppointmentId;
import java.util.List;

/**
 * A bounded answer to "which appointments does this one conflict with?": at most the limit asked
 * for of the ids that {@link ConflictEngine#check} would report as {@link ConflictKind#OVERLAP} or
 * {@link ConflictKind#BUFFER} (never duplicates, busy blocks or working hours), and whether that is
 * all of them. Finding it costs work in proportion to the limit, not to how many appointments
 * overlap: ten thousand mutually overlapping appointments do not make each answer ten thousand long.
 *
 * @param ids the conflicting appointments found, at most the limit, in the index's order
 * @param complete whether {@code ids} are all of them; {@code false} when there are more
 */
public record ConflictIds(List<AppointmentId> ids, boolean complete) {

  /** No conflicts at all. */
  public static final ConflictIds NONE = new ConflictIds(List.of(), true);

  public ConflictIds {
    ids = List.copyOf(Checks.notNull(ids, "conflict ids"));
  }

  /** Whether the appointment conflicts with at least one other. */
  public boolean any() {
    return !ids.isEmpty();
  }
}
