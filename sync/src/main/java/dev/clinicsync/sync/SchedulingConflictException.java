package dev.clinicsync.sync;

import dev.clinicsync.conflict.ConflictKind;
import dev.clinicsync.core.ClinicSyncException;
import java.util.ArrayList;
import java.util.List;

/**
 * A booking or reschedule was refused because the slot conflicts. {@link #conflicts()} says with
 * what, as the caller may see it (front desk: the other side's source system, never its vendor
 * ids); an admin may repeat the call with an {@link dev.clinicsync.core.model.OverrideReason}.
 * The message names the conflict kinds only.
 */
public class SchedulingConflictException extends ClinicSyncException {
  private static final long serialVersionUID = 1L;

  private final transient List<ConflictView> conflicts;

  public SchedulingConflictException(List<ConflictView> conflicts) {
    super("the slot has " + conflicts.size() + " conflict(s): " + kinds(conflicts));
    this.conflicts = List.copyOf(conflicts);
  }

  private static String kinds(List<ConflictView> conflicts) {
    StringBuilder sb = new StringBuilder();
    conflicts.forEach(c -> sb.append(sb.length() == 0 ? "" : ", ").append(c.kind()));
    return sb.toString();
  }

  /** Every conflict of the refused slot, in the engine's report order. */
  public List<ConflictView> conflicts() {
    return conflicts;
  }

  /** The conflicts of one kind, in report order. */
  public List<ConflictView> ofKind(ConflictKind kind) {
    List<ConflictView> out = new ArrayList<>();
    for (ConflictView c : conflicts) {
      if (c.kind() == kind) {
        out.add(c);
      }
    }
    return out;
  }
}
