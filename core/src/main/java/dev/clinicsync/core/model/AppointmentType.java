package dev.clinicsync.core.model;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.Checks;
import java.util.Optional;

/**
 * What kind of visit an appointment is: one of a few well-known kinds, or {@link Kind#OTHER} with
 * the vendor's own code kept, so an unmapped vendor type is visible rather than silently folded in.
 *
 * @param kind the canonical kind
 * @param vendorCode the vendor's code; required for {@link Kind#OTHER}, optional otherwise
 */
public record AppointmentType(Kind kind, Optional<String> vendorCode) {

  /** The canonical kinds. */
  public enum Kind {
    CONSULT,
    FOLLOW_UP,
    ADMIN,
    PERSONAL,
    OTHER
  }

  public static final AppointmentType CONSULT = new AppointmentType(Kind.CONSULT, Optional.empty());
  public static final AppointmentType FOLLOW_UP = new AppointmentType(Kind.FOLLOW_UP, Optional.empty());
  public static final AppointmentType ADMIN = new AppointmentType(Kind.ADMIN, Optional.empty());
  public static final AppointmentType PERSONAL = new AppointmentType(Kind.PERSONAL, Optional.empty());

  public AppointmentType {
    Checks.notNull(kind, "appointment type kind");
    Checks.notNull(vendorCode, "appointment type vendor code");
    vendorCode.ifPresent(c -> Checks.notBlank(c, "appointment type vendor code"));
    if (kind == Kind.OTHER && vendorCode.isEmpty()) {
      throw new ValidationException("appointment type OTHER needs the vendor's code");
    }
  }

  /** A vendor type with no canonical equivalent, keeping the vendor's code. */
  public static AppointmentType other(String vendorCode) {
    return new AppointmentType(Kind.OTHER, Optional.of(vendorCode));
  }

  /** A canonical kind that also remembers the vendor code it was mapped from. */
  public static AppointmentType of(Kind kind, String vendorCode) {
    return new AppointmentType(kind, Optional.of(vendorCode));
  }

  @Override
  public String toString() {
    return vendorCode.map(c -> kind + "(" + c + ")").orElse(kind.name());
  }
}
