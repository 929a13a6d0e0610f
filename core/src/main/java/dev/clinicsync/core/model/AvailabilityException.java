package dev.clinicsync.core.model;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.Checks;
import java.time.LocalDate;
import java.util.List;

/**
 * A dated exception to a clinician's weekly hours: time off (whole days, or some hours of them)
 * or extra hours. Dates are local to the clinician's zone; {@code lastDate} is inclusive.
 *
 * @param id a stable id, so a conflict report can name the exception
 * @param kind time off or extra hours
 * @param firstDate the first local day affected
 * @param lastDate the last local day affected (inclusive)
 * @param ranges the hours affected on each day; empty means whole days (time off only)
 * @param label a short PHI-free label ("vacation", "CME"), possibly empty
 */
public record AvailabilityException(
    String id, Kind kind, LocalDate firstDate, LocalDate lastDate, List<LocalTimeRange> ranges, String label) {

  /** What the exception does. */
  public enum Kind {
    /** The clinician is not available. */
    TIME_OFF,
    /** The clinician works hours beyond the weekly pattern. */
    EXTRA_HOURS
  }

  public AvailabilityException {
    Checks.identifier(id, "availability exception id");
    Checks.notNull(kind, () -> "availability exception " + id + " kind");
    Checks.notNull(firstDate, () -> "availability exception " + id + " first date");
    Checks.notNull(lastDate, () -> "availability exception " + id + " last date");
    Checks.notNull(ranges, () -> "availability exception " + id + " ranges");
    Checks.notNull(label, () -> "availability exception " + id + " label");
    if (lastDate.isBefore(firstDate)) {
      throw new ValidationException("availability exception " + id + " last date " + lastDate
          + " is before its first date " + firstDate);
    }
    if (kind == Kind.EXTRA_HOURS && ranges.isEmpty()) {
      throw new ValidationException("availability exception " + id + " adds extra hours but names none");
    }
    ranges = List.copyOf(ranges);
  }

  /** Whole days off, {@code firstDate} to {@code lastDate} inclusive. */
  public static AvailabilityException timeOff(String id, LocalDate firstDate, LocalDate lastDate, String label) {
    return new AvailabilityException(id, Kind.TIME_OFF, firstDate, lastDate, List.of(), label);
  }

  /** Some hours off on one day. */
  public static AvailabilityException timeOff(String id, LocalDate date, LocalTimeRange hours, String label) {
    return new AvailabilityException(id, Kind.TIME_OFF, date, date, List.of(hours), label);
  }

  /** Extra working hours on one day. */
  public static AvailabilityException extraHours(String id, LocalDate date, LocalTimeRange hours, String label) {
    return new AvailabilityException(id, Kind.EXTRA_HOURS, date, date, List.of(hours), label);
  }

  /** Whether the exception applies to the local day. */
  public boolean covers(LocalDate date) {
    return !date.isBefore(firstDate) && !date.isAfter(lastDate);
  }

  /** Whether it takes whole days off. */
  public boolean wholeDays() {
    return ranges.isEmpty();
  }
}
