package dev.clinicsync.sync;

import dev.clinicsync.core.Checks;
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
import java.util.Objects;
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
 * <p>Immutable. A view wraps the record rather than copying its fields (the calendar makes one
 * per entry it shows); its conflict ids are the live ones the view was made with, and so are
 * those of the record {@link #full()} returns. {@link #toString()} never prints the vendor's ids,
 * whoever the view was made for.
 */
public final class AppointmentView {
  private final Appointment record;
  private final Set<AppointmentId> conflictIds;
  private final boolean withRecord;

  private AppointmentView(Appointment record, Set<AppointmentId> conflictIds, boolean withRecord) {
    this.record = Checks.notNull(record, "appointment view record");
    this.conflictIds = Set.copyOf(Checks.notNull(conflictIds, "appointment view conflict ids"));
    this.withRecord = withRecord;
  }

  /** Everything, the stored record included (admins; a therapist for their own appointments). */
  public static AppointmentView full(Appointment a) {
    return new AppointmentView(a, a.conflictIds(), true);
  }

  /** Everything but the vendor's side of the record: the source system only (front desk). */
  public static AppointmentView sourceSystemOnly(Appointment a) {
    return new AppointmentView(a, a.conflictIds(), false);
  }

  /**
   * A view of a stored record with its live conflict ids (the stored list may be bounded or stale).
   *
   * @param withRecord whether the principal may see the stored record ({@link #full()})
   */
  public static AppointmentView of(Appointment a, Set<AppointmentId> liveConflictIds, boolean withRecord) {
    return new AppointmentView(a, liveConflictIds, withRecord);
  }

  /** The SDK's id (what reschedule, cancel and resolve take). */
  public AppointmentId id() {
    return record.id();
  }

  /** The system the appointment came from. */
  public SourceSystem sourceSystem() {
    return record.source().system();
  }

  public ClinicianId clinicianId() {
    return record.clinicianId();
  }

  /** When, half-open. */
  public TimeWindow window() {
    return record.window();
  }

  public Instant start() {
    return record.start();
  }

  public Instant end() {
    return record.end();
  }

  public AppointmentStatus status() {
    return record.status();
  }

  public AppointmentType type() {
    return record.type();
  }

  public Optional<String> locationId() {
    return record.locationId();
  }

  /** The pseudonymous patient token, if any. */
  public Optional<PatientRef> patient() {
    return record.patient();
  }

  /** Ids of the appointments it conflicts with. */
  public Set<AppointmentId> conflictIds() {
    return conflictIds;
  }

  /** The accepted conflict (reason code, who, when), if any. */
  public Optional<ConflictOverride> override() {
    return record.override();
  }

  /** The stored record, for principals who may see source metadata; empty for everyone else. */
  public Optional<Appointment> full() {
    if (!withRecord) {
      return Optional.empty();
    }
    return Optional.of(conflictIds.equals(record.conflictIds()) ? record : record.withConflictIds(conflictIds));
  }

  /** Whether the appointment conflicts with another one. */
  public boolean hasConflicts() {
    return !conflictIds.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AppointmentView v && withRecord == v.withRecord && record.equals(v.record)
        && conflictIds.equals(v.conflictIds);
  }

  @Override
  public int hashCode() {
    return Objects.hash(record, conflictIds, withRecord);
  }

  @Override
  public String toString() {
    return "AppointmentView[" + id() + " " + sourceSystem() + " clinician=" + clinicianId() + " " + window() + " "
        + status() + " " + type() + (conflictIds.isEmpty() ? "" : " conflicts=" + conflictIds.size())
        + override().map(o -> " override=" + o.reason()).orElse("") + "]";
  }
}
