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
    if (!sorted(conflicts)) {
      List<Conflict> copy = new ArrayList<>(conflicts);
      copy.sort(Conflict.ORDER);
      conflicts = copy;
    }
    conflicts = List.copyOf(conflicts);
  }

  private static boolean sorted(List<Conflict> conflicts) {
    for (int i = 1; i < conflicts.size(); i++) {
      if (Conflict.ORDER.compare(conflicts.get(i - 1), conflicts.get(i)) > 0) {
        return false;
      }
    }
    return true;
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
