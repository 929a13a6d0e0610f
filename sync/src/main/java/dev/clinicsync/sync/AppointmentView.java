package dev.clinicsync.sync;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.AppointmentType;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConflictOverride;
import dev.clinicsync.core.model.PatientRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * An appointment as a principal may see it: what every principal allowed to see it gets — the
 * SDK's id, the source <em>system</em>, the clinician, the times, status, type, location, patient
 * token, conflict ids and accepted override — and, in {@link #full()}, the stored record itself
 * (its vendor {@link dev.clinicsync.core.model.SourceRef} with external id and version, vendor
 * provider id, source metadata, owning connector and revision) for principals who may see source
 * metadata: admins, and a therapist for their own appointments. Front desk gets no {@code full()}.
 *
 * <p>{@link #toString()} never prints the vendor's ids, whoever the view was made for.
 *
 * @param id the SDK's id (what reschedule, cancel and resolve take)
 * @param sourceSystem the system the appointment came from
 * @param clinicianId the clinician
 * @param window when
 * @param status where it stands
 * @param type the kind of visit
 * @param locationId the location, when known
 * @param patient the pseudonymous patient token, if any
 * @param conflictIds ids of the appointments it conflicts with
 * @param override the accepted conflict (reason code, who, when), if any
 * @param full the stored record, for principals who may see source metadata
 */
public record AppointmentView(
    AppointmentId id,
    SourceSystem sourceSystem,
    ClinicianId clinicianId,
    TimeWindow window,
    AppointmentStatus status,
    AppointmentType type,
    Optional<String> locationId,
    Optional<PatientRef> patient,
    Set<AppointmentId> conflictIds,
    Optional<ConflictOverride> override,
    Optional<Appointment> full) {

  public AppointmentView {
    Checks.notNull(id, "appointment view id");
    Checks.notNull(sourceSystem, "appointment view source system");
    Checks.notNull(clinicianId, "appointment view clinician");
    Checks.notNull(window, "appointment view window");
    Checks.notNull(status, "appointment view status");
    Checks.notNull(type, "appointment view type");
    Checks.notNull(locationId, "appointment view location");
    Checks.notNull(patient, "appointment view patient");
    conflictIds = Set.copyOf(Checks.notNull(conflictIds, "appointment view conflict ids"));
    Checks.notNull(override, "appointment view override");
    Checks.notNull(full, "appointment view record");
    if (full.isPresent() && !full.get().id().equals(id)) {
      throw new ValidationException("appointment view " + id + " carries the record of another appointment");
    }
  }

  /** Everything, the stored record included (admins; a therapist for their own appointments). */
  public static AppointmentView full(Appointment a) {
    return of(a, Optional.of(a));
  }

  /** Everything but the vendor's side of the record: the source system only (front desk). */
  public static AppointmentView sourceSystemOnly(Appointment a) {
    return of(a, Optional.empty());
  }

  private static AppointmentView of(Appointment a, Optional<Appointment> full) {
    return new AppointmentView(a.id(), a.source().system(), a.clinicianId(), a.window(), a.status(), a.type(),
        a.locationId(), a.patient(), a.conflictIds(), a.override(), full);
  }

  public Instant start() {
    return window.start();
  }

  public Instant end() {
    return window.end();
  }

  /** Whether the appointment conflicts with another one. */
  public boolean hasConflicts() {
    return !conflictIds.isEmpty();
  }

  @Override
  public String toString() {
    return "AppointmentView[" + id + " " + sourceSystem + " clinician=" + clinicianId + " " + window + " " + status
        + " " + type + (conflictIds.isEmpty() ? "" : " conflicts=" + conflictIds.size())
        + override.map(o -> " override=" + o.reason()).orElse("") + "]";
  }
}
