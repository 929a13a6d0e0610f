package dev.clinicsync.sync;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.AppointmentType;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.OverrideReason;
import dev.clinicsync.core.model.PatientRef;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.phi.PhiRecord;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An appointment to book through the SDK (source system INTERNAL).
 *
 * <p>Every string here ends up in the calendar and the audit trail, so it must be an identifier:
 * a location is an id ({@code "annex-2"}), never an address or a name. Identifying details go in
 * {@link #phi()}, which the PHI vault keeps apart under the appointment's id. An override takes a
 * reason code, not text: a note explaining it is not accepted here (put it in your own records, or
 * in the booking's PHI as {@link dev.clinicsync.core.phi.PhiField#NOTES}).
 *
 * @param clinicianId the clinician
 * @param window when
 * @param patient the patient token, if any
 * @param type the kind of visit
 * @param status SCHEDULED, CONFIRMED or PENDING
 * @param locationId where, if known: an identifier (letters, digits and {@code ._:@/+=-}, at most
 *     512 characters), never free text
 * @param phi identifying details, kept in the PHI vault only
 * @param overrideReason why to book despite conflicts, as a code (admins only)
 */
public record BookingRequest(
    ClinicianId clinicianId,
    TimeWindow window,
    Optional<PatientRef> patient,
    AppointmentType type,
    AppointmentStatus status,
    Optional<String> locationId,
    Optional<PhiRecord> phi,
    Optional<OverrideReason> overrideReason) {

  public BookingRequest {
    Checks.notNull(clinicianId, "booking clinician");
    Checks.notNull(window, "booking window");
    Checks.notNull(patient, "booking patient");
    Checks.notNull(type, "booking type");
    Checks.notNull(status, "booking status");
    Checks.notNull(locationId, "booking location");
    locationId.ifPresent(l -> Checks.identifier(l, "booking location id"));
    Checks.notNull(phi, "booking PHI");
    Checks.notNull(overrideReason, "booking override reason");
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
    private @Nullable OverrideReason overrideReason;

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

    /** The location's id (an identifier, never an address or a name). */
    public Builder locationId(String locationId) {
      this.locationId = locationId;
      return this;
    }

    public Builder phi(PhiRecord phi) {
      this.phi = phi;
      return this;
    }

    /** Book despite conflicts, for this reason. Admins only. */
    public Builder overrideConflicts(OverrideReason reason) {
      this.overrideReason = Checks.notNull(reason, "booking override reason");
      return this;
    }

    public BookingRequest build() {
      return new BookingRequest(clinicianId, window, Optional.ofNullable(patient), type, status,
          Optional.ofNullable(locationId), Optional.ofNullable(phi), Optional.ofNullable(overrideReason));
    }
  }
}
