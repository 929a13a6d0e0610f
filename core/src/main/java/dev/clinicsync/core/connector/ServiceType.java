package dev.clinicsync.core.connector;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import java.time.Duration;
import java.util.Optional;

/**
 * One entry of a vendor's catalogue of services or visit types (athenahealth appointment types,
 * Zocdoc visit reasons): practice configuration, never patient data.
 *
 * @param id the vendor's id of the type
 * @param name the vendor's display name of the type ("Follow-up, 30 min")
 * @param duration its default length, when the vendor states one: positive, at most a day
 */
public record ServiceType(String id, String name, Optional<Duration> duration) {

  public ServiceType {
    Checks.identifier(id, "service type id");
    Checks.notBlank(name, () -> "service type " + id + " name");
    Checks.notNull(duration, () -> "service type " + id + " duration");
    if (duration.isPresent() && (duration.get().isNegative() || duration.get().isZero()
        || duration.get().compareTo(Duration.ofDays(1)) > 0)) {
      throw new ValidationException("service type " + id + " duration must be positive and at most a day");
    }
  }

  /** A type with a stated default length. */
  public static ServiceType of(String id, String name, Duration duration) {
    return new ServiceType(id, name, Optional.of(duration));
  }
}
