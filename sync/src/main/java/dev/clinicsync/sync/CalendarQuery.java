package dev.clinicsync.sync;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import java.util.HashSet;
import java.util.Set;

/**
 * What part of the aggregated calendar to show. Empty filter sets mean "any".
 *
 * @param window the time window (appointments and busy blocks overlapping it)
 * @param clinicians only these clinicians
 * @param locations only these location ids
 * @param sources only these source systems
 * @param statuses only these statuses
 */
public record CalendarQuery(
    TimeWindow window, Set<ClinicianId> clinicians, Set<String> locations, Set<SourceSystem> sources,
    Set<AppointmentStatus> statuses) {

  public CalendarQuery {
    Checks.notNull(window, "calendar window");
    clinicians = Set.copyOf(Checks.notNull(clinicians, "calendar clinicians"));
    locations = Set.copyOf(Checks.notNull(locations, "calendar locations"));
    sources = Set.copyOf(Checks.notNull(sources, "calendar sources"));
    statuses = Set.copyOf(Checks.notNull(statuses, "calendar statuses"));
  }

  /** Everything the principal may see in a window. */
  public static CalendarQuery of(TimeWindow window) {
    return builder(window).build();
  }

  public static Builder builder(TimeWindow window) {
    return new Builder(window);
  }

  /** Builds a {@link CalendarQuery}. */
  public static final class Builder {
    private final TimeWindow window;
    private final Set<ClinicianId> clinicians = new HashSet<>();
    private final Set<String> locations = new HashSet<>();
    private final Set<SourceSystem> sources = new HashSet<>();
    private final Set<AppointmentStatus> statuses = new HashSet<>();

    private Builder(TimeWindow window) {
      this.window = window;
    }

    public Builder clinician(ClinicianId... ids) {
      clinicians.addAll(Set.of(ids));
      return this;
    }

    public Builder location(String... ids) {
      locations.addAll(Set.of(ids));
      return this;
    }

    public Builder source(SourceSystem... systems) {
      sources.addAll(Set.of(systems));
      return this;
    }

    public Builder status(AppointmentStatus... values) {
      statuses.addAll(Set.of(values));
      return this;
    }

    public CalendarQuery build() {
      return new CalendarQuery(window, clinicians, locations, sources, statuses);
    }
  }
}
