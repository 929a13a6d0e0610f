package dev.clinicsync.connectors.kareo.internal;

import dev.clinicsync.connectors.kit.MappingTable;
import dev.clinicsync.connectors.kit.RecordChecks;
import dev.clinicsync.core.connector.RecordIssue;
import dev.clinicsync.core.connector.SourceRecord;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.AppointmentType;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ExternalIdentity;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.phi.PatientTokenizer;
import dev.clinicsync.core.phi.PhiField;
import dev.clinicsync.core.phi.PhiRecord;
import dev.clinicsync.core.store.ClinicianDirectory;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Turns one {@code AppointmentData} into the canonical appointment and its PHI part, or into
 * record issues naming the field (never its value).
 *
 * <p>Fields read (and only these are flagged in the request, see {@link SoapEnvelope#FIELDS}):
 * {@code ID} → the source key; {@code StartDate}/{@code EndDate} → the interval, practice-local,
 * converted by {@link KareoTimes} (a DST overlap or gap is a {@code FALLBACK} issue saying which
 * instant was used); {@code ConfirmationStatus} → status by {@link #STATUS};
 * {@code Type} → type by {@link #TYPE}; {@code ResourceID1} → the clinician, through the
 * {@link ClinicianDirectory} ({@code kareo} external ids) and as the vendor provider id;
 * {@code PatientID} → the pseudonymous patient token, and with {@code PatientFullName} the PHI
 * record; {@code LastModifiedDate} → the source version.
 *
 * <p>Cancelled appointments arrive as records with status {@code CANCELLED}, not as deletions:
 * Kareo keeps them, and a cancelled appointment blocks nothing.
 */
public final class AppointmentMapper {
  /**
   * {@code ConfirmationStatus} → canonical. Only {@code Scheduled} is confirmed by VENDORS.md; the
   * rest are the documented guesses with their common spellings. An undocumented value maps to
   * SCHEDULED (it still holds the slot) with a FALLBACK issue.
   */
  public static final MappingTable<AppointmentStatus> STATUS = MappingTable.of("ConfirmationStatus", Map.ofEntries(
      Map.entry("Scheduled", AppointmentStatus.SCHEDULED),
      Map.entry("Confirmed", AppointmentStatus.CONFIRMED),
      Map.entry("Tentative", AppointmentStatus.PENDING),
      Map.entry("Check-in", AppointmentStatus.CONFIRMED),
      Map.entry("Checked In", AppointmentStatus.CONFIRMED),
      Map.entry("Check-out", AppointmentStatus.COMPLETED),
      Map.entry("Checked Out", AppointmentStatus.COMPLETED),
      Map.entry("Seen", AppointmentStatus.COMPLETED),
      Map.entry("No-Show", AppointmentStatus.NO_SHOW),
      Map.entry("No Show", AppointmentStatus.NO_SHOW),
      Map.entry("Cancelled", AppointmentStatus.CANCELLED),
      Map.entry("Canceled", AppointmentStatus.CANCELLED),
      Map.entry("Rescheduled", AppointmentStatus.CANCELLED)),
      code -> AppointmentStatus.SCHEDULED);

  /**
   * {@code Type} → canonical: {@code Patient} (a patient visit) → CONSULT, {@code Other} (time
   * booked without a patient: meetings, blocks) → ADMIN; anything else → OTHER with the code, and a
   * FALLBACK issue. Both values are [3P] (public clients filter on {@code Type=Patient}).
   */
  public static final MappingTable<AppointmentType> TYPE = MappingTable.of("Type", Map.of(
      "Patient", AppointmentType.CONSULT,
      "Other", AppointmentType.ADMIN),
      AppointmentType::other);

  private static final Pattern VENDOR_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

  private final KareoTimes times;
  private final ClinicianDirectory clinicians;
  private final PatientTokenizer patients;

  public AppointmentMapper(KareoTimes times, ClinicianDirectory clinicians, PatientTokenizer patients) {
    this.times = times;
    this.clinicians = clinicians;
    this.patients = patients;
  }

  /**
   * Maps one record; every problem goes to {@code issues}. Empty when the record was skipped.
   *
   * @param fields the record's fields by element name
   * @param position the record's position in the reply, naming it when it has no usable id
   */
  public Optional<SourceRecord> map(Map<String, String> fields, int position, Consumer<RecordIssue> issues) {
    String rawId = fields.get("ID");
    if (rawId == null || !VENDOR_ID.matcher(rawId).matches()) {
      issues.accept(RecordIssue.skipped("#" + position, "ID", rawId == null ? "no ID" : "ID is not an id"));
      return Optional.empty();
    }
    String id = rawId;
    Optional<KareoTimes.Conversion> start = time(id, "StartDate", fields, issues);
    Optional<KareoTimes.Conversion> end = time(id, "EndDate", fields, issues);
    if (start.isEmpty() || end.isEmpty()) {
      return Optional.empty();
    }
    Optional<RecordIssue> bad = RecordChecks.times(id, start.get().instant(), end.get().instant());
    if (bad.isPresent()) {
      RecordIssue i = bad.get();
      issues.accept(RecordIssue.skipped(id, i.field().equals("start") ? "StartDate" : "EndDate", i.reason()));
      return Optional.empty();
    }
    String resource = fields.get("ResourceID1");
    if (resource == null || !VENDOR_ID.matcher(resource).matches()) {
      issues.accept(RecordIssue.skipped(id, "ResourceID1", resource == null ? "no provider resource" : "not an id"));
      return Optional.empty();
    }
    Optional<Clinician> clinician = clinicians.findByExternalId(ExternalIdentity.of(SourceSystem.KAREO, resource));
    if (clinician.isEmpty()) {
      issues.accept(RecordIssue.skipped(id, "ResourceID1", "no clinician in the directory has this Kareo resource id"));
      return Optional.empty();
    }
    start.get().dstNote().ifPresent(n -> issues.accept(RecordIssue.fallback(id, "StartDate", n)));
    end.get().dstNote().ifPresent(n -> issues.accept(RecordIssue.fallback(id, "EndDate", n)));

    AppointmentStatus status = STATUS.map(id, fields.get("ConfirmationStatus"), issues);
    AppointmentType type = TYPE.map(id, fields.get("Type"), issues);
    SourceRef source = version(id, fields.get("LastModifiedDate"), issues)
        .map(v -> SourceRef.of(SourceSystem.KAREO, id, v))
        .orElseGet(() -> SourceRef.of(SourceSystem.KAREO, id));
    Appointment.Builder b = Appointment.builder()
        .source(source)
        .clinicianId(clinician.get().id())
        .vendorProviderId(resource)
        .start(start.get().instant())
        .end(end.get().instant())
        .status(status)
        .type(type)
        .sourceZone(times.zone());
    PhiRecord.Builder phi = PhiRecord.builder();
    String patientId = fields.get("PatientID");
    if (patientId != null && !patientId.equals("0")) {
      b.patient(patients.tokenize(SourceSystem.KAREO.id(), patientId));
      phi.put(PhiField.VENDOR_PATIENT_ID, patientId);
    }
    phi.put(PhiField.PATIENT_NAME, fields.get("PatientFullName"));
    return Optional.of(SourceRecord.of(b.build(), phi.build()));
  }

  private Optional<KareoTimes.Conversion> time(String id, String field, Map<String, String> fields,
      Consumer<RecordIssue> issues) {
    String raw = fields.get(field);
    if (raw == null) {
      issues.accept(RecordIssue.skipped(id, field, "no " + field));
      return Optional.empty();
    }
    Optional<KareoTimes.Conversion> c = times.toInstant(raw);
    if (c.isEmpty()) {
      issues.accept(RecordIssue.skipped(id, field, field + " is in no known date format"));
    }
    return c;
  }

  private static Optional<String> version(String id, @org.jspecify.annotations.Nullable String raw,
      Consumer<RecordIssue> issues) {
    if (raw == null) {
      return Optional.empty();
    }
    Optional<LocalDateTime> local = KareoTimes.parseLocal(raw);
    if (local.isEmpty()) {
      issues.accept(RecordIssue.fallback(id, "LastModifiedDate", "LastModifiedDate is in no known date format;"
          + " the record carries no version"));
    }
    return local.map(LocalDateTime::toString);
  }
}
