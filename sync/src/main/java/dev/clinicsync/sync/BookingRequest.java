package dev.clinicsync.sync;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.AppointmentType;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.PatientRef;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.phi.PhiRecord;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An appointment to book through the SDK (source system INTERNAL).
 *
 * @param clinicianId the clinician
 * @param window when
 * @param patient the patient token, if any
 * @param type the kind of visit
 * @param status SCHEDULED, CONFIRMED or PENDING
 * @param locationId where, if known
 * @param phi identifying details, kept in the PHI vault only
 * @param overrideReason a PHI-free reason to book despite conflicts (admins only)
 */
public record BookingRequest(
    ClinicianId clinicianId,
    TimeWindow window,
    Optional<PatientRef> patient,
    AppointmentType type,
    AppointmentStatus status,
    Optional<String> locationId,
    Optional<PhiRecord> phi,
    Optional<String> overrideReason) {

  public BookingRequest {
    Checks.notNull(clinicianId, "booking clinician");
    Checks.notNull(window, "booking window");
    Checks.notNull(patient, "booking patient");
    Checks.notNull(type, "booking type");
    Checks.notNull(status, "booking status");
    Checks.notNull(locationId, "booking location");
    Checks.notNull(phi, "booking PHI");
    Checks.notNull(overrideReason, "booking override reason");
    overrideReason.ifPresent(r -> Checks.notBlank(r, "booking override reason"));
    if (status == AppointmentStatus.CANCELLED || status == AppointmentStatus.NO_SHOW
        || status == AppointmentStatus.COMPLETED) {
      throw new dev.clinicsync.core.ValidationException("a booking must be PENDING, SCHEDULED or CONFIRMED, was " + status);
    }
  }

  public static Builder builder(ClinicianId clinicianId, TimeWindow window) {
    return new Builder(clinicianId, window);
  }

  /** Builds a {@link BookingRequest}. */
  public static final class Builder {
    private final ClinicianId clinicianId;
    private final TimeWindow window;
    private @Nullable PatientRef patient;
    private AppointmentType type = AppointmentType.CONSULT;
    private AppointmentStatus status = AppointmentStatus.SCHEDULED;
    private @Nullable String locationId;
    private @Nullable PhiRecord phi;
    private @Nullable String overrideReason;

    private Builder(ClinicianId clinicianId, TimeWindow window) {
      this.clinicianId = clinicianId;
      this.window = window;
    }

    public Builder patient(PatientRef patient) {
      this.patient = patient;
      return this;
    }

    public Builder type(AppointmentType type) {
      this.type = type;
      return this;
    }

    public Builder status(AppointmentStatus status) {
      this.status = status;
      return this;
    }

    public Builder locationId(String locationId) {
      this.locationId = locationId;
      return this;
    }

    public Builder phi(PhiRecord phi) {
      this.phi = phi;
      return this;
    }

    /** Book despite conflicts, for this PHI-free reason. Admins only. */
    public Builder overrideConflicts(String reason) {
      this.overrideReason = reason;
      return this;
    }

    public BookingRequest build() {
      return new BookingRequest(clinicianId, window, Optional.ofNullable(patient), type, status,
          Optional.ofNullable(locationId), Optional.ofNullable(phi), Optional.ofNullable(overrideReason));
    }
  }
}
