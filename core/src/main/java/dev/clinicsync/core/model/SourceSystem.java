package dev.clinicsync.core.model;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.Checks;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The system an appointment came from. A validated value, not an enum, so that a third-party
 * connector adds its own: {@code SourceSystem.of("acme-ehr")}.
 *
 * @param id lowercase letters, digits and dashes, starting with a letter, at most 40 characters
 */
public record SourceSystem(String id) {
  private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9-]{0,39}");

  public static final SourceSystem ZOCDOC = new SourceSystem("zocdoc");
  public static final SourceSystem SIMPLEPRACTICE = new SourceSystem("simplepractice");
  public static final SourceSystem KAREO = new SourceSystem("kareo");
  public static final SourceSystem ATHENAHEALTH = new SourceSystem("athenahealth");
  public static final SourceSystem GOOGLE = new SourceSystem("google");
  /** Appointments booked through the SDK itself. */
  public static final SourceSystem INTERNAL = new SourceSystem("internal");

  public SourceSystem {
    Checks.notBlank(id, "source system id");
    if (!VALID.matcher(id).matches()) {
      throw new ValidationException("source system id '" + id
          + "' must be lowercase letters, digits and dashes, starting with a letter, at most 40 characters");
    }
  }

  /** Parses an id, accepting any letter case: {@code of("Zocdoc")} equals {@link #ZOCDOC}. */
  public static SourceSystem of(String id) {
    Checks.notBlank(id, "source system id");
    return new SourceSystem(id.strip().toLowerCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    return id;
  }
}
