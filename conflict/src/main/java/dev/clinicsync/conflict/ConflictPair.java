package dev.clinicsync.conflict;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.Appointment;

/**
 * Two appointments of one clinician that conflict, as found by {@link ConflictEngine#scan}.
 * {@code first} starts no later than {@code second} (ties broken by id), so each pair has one
 * form.
 *
 * @param kind {@link ConflictKind#OVERLAP}, {@link ConflictKind#DUPLICATE} or
 *     {@link ConflictKind#BUFFER}
 * @param first the earlier appointment
 * @param second the later appointment
 */
public record ConflictPair(ConflictKind kind, Appointment first, Appointment second) {

  public ConflictPair {
    Checks.notNull(kind, "conflict pair kind");
    Checks.notNull(first, "conflict pair first");
    Checks.notNull(second, "conflict pair second");
    if (kind != ConflictKind.OVERLAP && kind != ConflictKind.DUPLICATE && kind != ConflictKind.BUFFER) {
      throw new ValidationException("conflict pair kind must be OVERLAP, DUPLICATE or BUFFER, not " + kind);
    }
  }

  /** The pair in canonical order: earlier start first, then smaller id. */
  public static ConflictPair of(ConflictKind kind, Appointment a, Appointment b) {
    int c = a.start().compareTo(b.start());
    if (c == 0) {
      c = a.id().value().compareTo(b.id().value());
    }
    return c <= 0 ? new ConflictPair(kind, a, b) : new ConflictPair(kind, b, a);
  }

  @Override
  public String toString() {
    return "ConflictPair[" + kind + " " + first.id() + " " + first.window() + " / " + second.id() + " "
        + second.window() + "]";
  }
}
