package dev.clinicsync.core.model;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.Checks;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A clinician's working hours: per weekday, a list of local wall-clock ranges (09:00–12:00 and
 * 13:00–17:00, say), plus dated exceptions. Evaluated in the clinician's zone, so a 09:00–17:00
 * rule means 09:00–17:00 local on DST transition days too.
 *
 * @param weekly the ranges of each weekday; a missing day has no working hours
 * @param exceptions dated time off and extra hours
 */
public record WeeklyAvailability(Map<DayOfWeek, List<LocalTimeRange>> weekly, List<AvailabilityException> exceptions) {

  /** No working hours at all, no exceptions. */
  public static final WeeklyAvailability NONE = new WeeklyAvailability(Map.of(), List.of());

  public WeeklyAvailability {
    Checks.notNull(weekly, "weekly availability");
    Checks.notNull(exceptions, "availability exceptions");
    EnumMap<DayOfWeek, List<LocalTimeRange>> copy = new EnumMap<>(DayOfWeek.class);
    for (Map.Entry<DayOfWeek, List<LocalTimeRange>> e : weekly.entrySet()) {
      Checks.notNull(e.getKey(), "weekday");
      Checks.notNull(e.getValue(), () -> "ranges of " + e.getKey());
      if (!e.getValue().isEmpty()) {
        copy.put(e.getKey(), List.copyOf(e.getValue()));
      }
    }
    weekly = Collections.unmodifiableMap(copy);
    exceptions = List.copyOf(exceptions);
    Set<String> ids = new HashSet<>();
    for (AvailabilityException ex : exceptions) {
      if (!ids.add(ex.id())) {
        throw new ValidationException("availability exception id " + ex.id() + " appears twice");
      }
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The weekly ranges of a weekday; empty when the clinician does not work that day. */
  public List<LocalTimeRange> rangesOn(DayOfWeek day) {
    return weekly.getOrDefault(day, List.of());
  }

  /** The exceptions that apply to a local day, in declaration order. */
  public List<AvailabilityException> exceptionsOn(LocalDate date) {
    List<AvailabilityException> out = new ArrayList<>();
    for (AvailabilityException ex : exceptions) {
      if (ex.covers(date)) {
        out.add(ex);
      }
    }
    return out;
  }

  /** A copy with other exceptions. */
  public WeeklyAvailability withExceptions(List<AvailabilityException> newExceptions) {
    return new WeeklyAvailability(weekly, newExceptions);
  }

  /** Builds a {@link WeeklyAvailability} day by day. */
  public static final class Builder {
    private final EnumMap<DayOfWeek, List<LocalTimeRange>> weekly = new EnumMap<>(DayOfWeek.class);
    private final List<AvailabilityException> exceptions = new ArrayList<>();

    private Builder() {}

    /** Adds ranges to one weekday. */
    public Builder on(DayOfWeek day, LocalTimeRange... ranges) {
      weekly.computeIfAbsent(day, d -> new ArrayList<>()).addAll(List.of(ranges));
      return this;
    }

    /** Adds the same ranges to each of several weekdays. */
    public Builder on(Set<DayOfWeek> days, LocalTimeRange... ranges) {
      for (DayOfWeek day : days) {
        on(day, ranges);
      }
      return this;
    }

    /** Adds the ranges to Monday through Friday. */
    public Builder weekdays(LocalTimeRange... ranges) {
      for (DayOfWeek day : DayOfWeek.values()) {
        if (day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY) {
          on(day, ranges);
        }
      }
      return this;
    }

    public Builder exception(AvailabilityException exception) {
      exceptions.add(exception);
      return this;
    }

    public WeeklyAvailability build() {
      return new WeeklyAvailability(weekly, exceptions);
    }
  }
}
