package dev.clinicsync.core.testkit.assertions;

import dev.clinicsync.core.model.Appointment;

/**
 * The entry point to ClinicSync's AssertJ assertions, in the spirit of Micrometer's
 * {@code MeterRegistryAssert}: {@code assertThat(appointment).hasStatus(CONFIRMED)}. Import it
 * statically beside {@code org.assertj.core.api.Assertions.assertThat}; overloads resolve by type.
 *
 * <p>Modules that publish their own assertions extend this class (the conflict engine's
 * {@code ConflictAssertions} does), so one static import serves both.
 */
public class ClinicSyncAssertions {

  /** For subclasses that add entry points; never instantiated. */
  protected ClinicSyncAssertions() {}

  /** Assertions on a canonical appointment. */
  public static AppointmentAssert assertThat(Appointment actual) {
    return new AppointmentAssert(actual);
  }
}
