package dev.clinicsync.conflict;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.AppointmentId;
import java.util.ArrayList;
import java.util.List;

/**
 * Every conflict of one checked appointment, in {@link Conflict#ORDER}.
 *
 * @param subject the checked appointment's id
 * @param conflicts its conflicts; empty when the slot is free
 */
public record ConflictReport(AppointmentId subject, List<Conflict> conflicts) {

  public ConflictReport {
    Checks.notNull(subject, "conflict report subject");
    Checks.notNull(conflicts, "conflict report conflicts");
    if (conflicts.size() > 1) {
      List<Conflict> sorted = new ArrayList<>(conflicts);
      sorted.sort(Conflict.ORDER);
      conflicts = List.copyOf(sorted);
    } else {
      conflicts = List.copyOf(conflicts);
    }
  }

  /** A report without conflicts. */
  public static ConflictReport none(AppointmentId subject) {
    return new ConflictReport(subject, List.of());
  }

  public boolean hasConflicts() {
    return !conflicts.isEmpty();
  }

  /** The conflicts of one kind, in report order. */
  public List<Conflict> ofKind(ConflictKind kind) {
    List<Conflict> out = new ArrayList<>();
    for (Conflict c : conflicts) {
      if (c.kind() == kind) {
        out.add(c);
      }
    }
    return out;
  }
}
