package dev.clinicsync.sync;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.model.AppointmentType;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.TimeWindow;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What {@link SyncCoordinator#availability} searches: slots of one length on a grid inside a
 * window, for one clinician, a list of them, everyone at a location, or (no target) every
 * clinician the principal may see. Build one with {@link #builder()}.
 *
 * @param window where slots must lie wholly (required)
 * @param clinicians the clinicians to search; empty for a location or for everyone visible
 * @param location a location id whose clinicians to search ({@link ClinicianLocations}); exclusive
 *     with {@code clinicians}
 * @param duration the slot length; empty when an appointment type gives it
 * @param appointmentType the type whose configured length the slots have
 *     ({@link SyncCoordinatorBuilder#appointmentDuration}); exclusive with {@code duration}
 * @param step the grid step in each clinician's zone (default 15 minutes)
 * @param minimumNotice how long from now the earliest slot may start (default zero: not in the past)
 */
public record AvailabilityQuery(
    TimeWindow window,
    Set<ClinicianId> clinicians,
    Optional<String> location,
    Optional<Duration> duration,
    Optional<AppointmentType> appointmentType,
    Duration step,
    Duration minimumNotice) {

  /** The grid step when none is given. */
  public static final Duration DEFAULT_STEP = Duration.ofMinutes(15);

  public AvailabilityQuery {
    Checks.notNull(window, "availability window");
    clinicians = Set.copyOf(Checks.notNull(clinicians, "availability clinicians"));
    Checks.notNull(location, "availability location");
    location.ifPresent(l -> Checks.identifier(l, "availability location id"));
    Checks.notNull(duration, "availability duration");
    Checks.notNull(appointmentType, "availability appointment type");
    Checks.notNull(step, "availability step");
    Checks.notNull(minimumNotice, "availability minimum notice");
    if (!clinicians.isEmpty() && location.isPresent()) {
      throw new ValidationException("an availability query names clinicians or a location, not both");
    }
    if (duration.isPresent() == appointmentType.isPresent()) {
      throw new ValidationException("an availability query needs exactly one of a duration and an appointment type");
    }
    if (minimumNotice.isNegative() || minimumNotice.compareTo(Duration.ofDays(366)) > 0) {
      throw new ValidationException("availability minimum notice must be between 0 and 366 days");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link AvailabilityQuery}. */
  public static final class Builder {
    private @Nullable TimeWindow window;
    private final Set<ClinicianId> clinicians = new LinkedHashSet<>();
    private @Nullable String location;
    private @Nullable Duration duration;
    private @Nullable AppointmentType appointmentType;
    private Duration step = DEFAULT_STEP;
    private Duration minimumNotice = Duration.ZERO;

    private Builder() {}

    public Builder window(TimeWindow window) {
      this.window = window;
      return this;
    }

    /** Adds clinicians to search. */
    public Builder clinician(ClinicianId... ids) {
      for (ClinicianId id : ids) {
        clinicians.add(Checks.notNull(id, "availability clinician"));
      }
      return this;
    }

    /** Searches everyone at this location (an id, never an address). */
    public Builder location(String locationId) {
      this.location = locationId;
      return this;
    }

    public Builder duration(Duration duration) {
      this.duration = duration;
      return this;
    }

    /** Slots as long as this appointment type takes (configured on the coordinator). */
    public Builder appointmentType(AppointmentType type) {
      this.appointmentType = type;
      return this;
    }

    public Builder step(Duration step) {
      this.step = step;
      return this;
    }

    public Builder minimumNotice(Duration notice) {
      this.minimumNotice = notice;
      return this;
    }

    /** @throws ValidationException when the window is missing or the options contradict each other */
    public AvailabilityQuery build() {
      if (window == null) {
        throw new ValidationException("an availability query needs a window");
      }
      return new AvailabilityQuery(window, clinicians, Optional.ofNullable(location), Optional.ofNullable(duration),
          Optional.ofNullable(appointmentType), step, minimumNotice);
    }
  }
}
