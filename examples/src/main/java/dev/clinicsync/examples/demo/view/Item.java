package dev.clinicsync.examples.demo.view;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.model.AppointmentStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One box on the page: an appointment or a busy block. Everything in it is PHI-free: ids, the
 * source system, the visit type, the status and the times; never a patient name or vendor free
 * text.
 *
 * @param id a stable id, unique on the page (the SDK's appointment id; a derived id for busy blocks)
 * @param kind appointment or busy block
 * @param source the source system label ({@code "simplepractice"}, {@code "google"}, {@code
 *     "zocdoc"}, {@code "kareo"}, {@code "athenahealth"}, ...)
 * @param start the first instant
 * @param end the first instant after it
 * @param label PHI-free text: the appointment type, or {@code "busy"}
 * @param status the appointment's status ({@link AppointmentStatus#SCHEDULED} for a busy block);
 *     cancelled and no-show appointments are struck through
 * @param conflict whether the appointment has conflicts (highlighted in red)
 * @param conflictsWith ids of the appointments it conflicts with
 * @param duplicateOf ids of the same visit from other sources (shown as linked, not as a conflict):
 *     for an appointment, the other appointments and the busy-block copies of it; for a busy block
 *     that a practice system's own calendar sync copied, the appointments it copies
 * @param conflictNotes each conflict's kind and other side, for the hover title
 */
public record Item(
    String id,
    Kind kind,
    String source,
    Instant start,
    Instant end,
    String label,
    AppointmentStatus status,
    boolean conflict,
    List<String> conflictsWith,
    List<String> duplicateOf,
    List<ConflictNote> conflictNotes) {

  /** What an item is. */
  public enum Kind {
    APPOINTMENT,
    BUSY
  }

  /**
   * One conflict of an appointment as the page tells it: its kind and, when there is one, the
   * other side's source, id and time.
   *
   * @param kind the conflict kind ({@code "OVERLAP"}, {@code "EXTERNAL_BUSY"}, ...)
   * @param otherSource the other side's source system, if any
   * @param otherId the other appointment's id, if any
   * @param start the start of the other side's interval (for working hours and time off, the
   *     appointment's own)
   * @param end the end of that interval
   */
  public record ConflictNote(String kind, Optional<String> otherSource, Optional<String> otherId, Instant start,
      Instant end) {
    public ConflictNote {
      Checks.notBlank(kind, "conflict note kind");
      Checks.notNull(otherSource, "conflict note other source");
      Checks.notNull(otherId, "conflict note other id");
      Checks.ordered(start, end, "conflict note window");
    }
  }

  public Item {
    Checks.notBlank(id, "week view item id");
    Checks.notNull(kind, "week view item kind");
    Checks.notBlank(source, "week view item source");
    Checks.ordered(start, end, "week view item window");
    Checks.notBlank(label, "week view item label");
    Checks.notNull(status, "week view item status");
    conflictsWith = List.copyOf(Checks.notNull(conflictsWith, "week view item conflicts"));
    duplicateOf = List.copyOf(Checks.notNull(duplicateOf, "week view item duplicates"));
    conflictNotes = List.copyOf(Checks.notNull(conflictNotes, "week view item conflict notes"));
    if (!conflict && (!conflictsWith.isEmpty() || !conflictNotes.isEmpty())) {
      throw new ValidationException("week view item lists conflicts but is not flagged as a conflict");
    }
    if (kind == Kind.BUSY && conflict) {
      throw new ValidationException("week view busy block cannot have conflicts");
    }
  }

  /** An item without conflict notes (the hover title then names the conflicting ids only). */
  public Item(String id, Kind kind, String source, Instant start, Instant end, String label, AppointmentStatus status,
      boolean conflict, List<String> conflictsWith, List<String> duplicateOf) {
    this(id, kind, source, start, end, label, status, conflict, conflictsWith, duplicateOf, List.of());
  }

  /** A busy block: shaded, never a conflict of its own. */
  public static Item busy(String id, String source, Instant start, Instant end) {
    return new Item(id, Kind.BUSY, source, start, end, "busy", AppointmentStatus.SCHEDULED, false, List.of(), List.of());
  }

  /** A busy block that is a practice system's own copy of these appointments: drawn linked to them. */
  public static Item linkedCopy(String id, String source, Instant start, Instant end, List<String> copyOf) {
    return new Item(id, Kind.BUSY, source, start, end, "busy", AppointmentStatus.SCHEDULED, false, List.of(), copyOf);
  }

  /** Whether it is struck through: a cancelled or no-show appointment. */
  public boolean struck() {
    return status == AppointmentStatus.CANCELLED || status == AppointmentStatus.NO_SHOW;
  }
}
