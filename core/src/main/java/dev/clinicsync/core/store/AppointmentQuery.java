package dev.clinicsync.core.store;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A filter over stored appointments. An empty set means "any"; the window matches appointments
 * that overlap it (half-open).
 *
 * @param window appointments overlapping this window; empty for all time
 * @param clinicians only these clinicians
 * @param sources only these source systems
 * @param statuses only these statuses
 * @param locations only these location ids
 * @param connectors only records owned by these connector instances ({@link Appointment#connector()})
 */
public record AppointmentQuery(
    Optional<TimeWindow> window,
    Set<ClinicianId> clinicians,
    Set<SourceSystem> sources,
    Set<AppointmentStatus> statuses,
    Set<String> locations,
    Set<ConnectorId> connectors) {

  /** Every appointment. */
  public static final AppointmentQuery ALL = builder().build();

  public AppointmentQuery {
    Checks.notNull(window, "query window");
    clinicians = Set.copyOf(Checks.notNull(clinicians, "query clinicians"));
    sources = Set.copyOf(Checks.notNull(sources, "query sources"));
    statuses = Set.copyOf(Checks.notNull(statuses, "query statuses"));
    locations = Set.copyOf(Checks.notNull(locations, "query locations"));
    connectors = Set.copyOf(Checks.notNull(connectors, "query connectors"));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Appointments overlapping a window. */
  public static AppointmentQuery in(TimeWindow window) {
    return builder().window(window).build();
  }

  /** Whether an appointment passes every filter. */
  public boolean matches(Appointment a) {
    return (window.isEmpty() || a.overlaps(window.get())) // no lambda or Optional per stored record
        && (clinicians.isEmpty() || clinicians.contains(a.clinicianId()))
        && (sources.isEmpty() || sources.contains(a.source().system()))
        && (statuses.isEmpty() || statuses.contains(a.status()))
        && (locations.isEmpty() || a.locationId().map(locations::contains).orElse(false))
        && (connectors.isEmpty() || a.connector().map(connectors::contains).orElse(false));
  }

  /** Builds an {@link AppointmentQuery}. */
  public static final class Builder {
    private @Nullable TimeWindow window;
    private final Set<ClinicianId> clinicians = new HashSet<>();
    private final Set<SourceSystem> sources = new HashSet<>();
    private final Set<AppointmentStatus> statuses = new HashSet<>();
    private final Set<String> locations = new HashSet<>();
    private final Set<ConnectorId> connectors = new HashSet<>();

    private Builder() {}

    public Builder window(TimeWindow window) {
      this.window = window;
      return this;
    }

    public Builder clinician(ClinicianId... ids) {
      add(clinicians, ids, "query clinician");
      return this;
    }

    public Builder clinicians(Set<ClinicianId> ids) {
      ids.forEach(id -> clinicians.add(Checks.notNull(id, "query clinician")));
      return this;
    }

    public Builder source(SourceSystem... systems) {
      add(sources, systems, "query source");
      return this;
    }

    public Builder status(AppointmentStatus... values) {
      add(statuses, values, "query status");
      return this;
    }

    public Builder location(String... ids) {
      add(locations, ids, "query location");
      return this;
    }

    /** Only records owned by these connector instances. */
    public Builder connector(ConnectorId... ids) {
      add(connectors, ids, "query connector");
      return this;
    }

    private static <T> void add(Set<T> into, T[] values, String what) {
      for (T v : values) {
        into.add(Checks.notNull(v, what));
      }
    }

    public AppointmentQuery build() {
      return new AppointmentQuery(Optional.ofNullable(window), clinicians, sources, statuses, locations, connectors);
    }
  }
}
