package dev.clinicsync.connectors.zocdoc.internal;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Splits one Zocdoc appointment object into the canonical, PHI-free appointment and its PHI part.
 * One bad record becomes a {@link RecordIssue} naming the appointment id (or its position) and
 * the field, never a value; the rest of the page still comes through.
 *
 * <p><b>Fields read</b> (shape of {@code GET /v1/appointments/{id}}'s {@code data}; the list items
 * are assumed to be the same objects — UNCONFIRMED): {@code appointment_id}, {@code appointment_status},
 * {@code start_time} (ISO-8601 with offset; a local time is accepted only with a valid
 * {@code time_zone}), {@code end_time} or {@code duration_in_minutes} (neither documented: without
 * both, the configured default length is used and reported), {@code time_zone} (IANA, from the
 * 2026-06 changelog; kept as the source zone), {@code provider_location_id} (composite
 * {@code pr_…|lo_…}; or {@code provider_id} with {@code location_id}), {@code patient_type},
 * {@code last_modified_time_utc} (the version), the {@code patient} object and {@code notes}.
 *
 * <p><b>Statuses</b> (all eight documented): {@code pending_booking} → PENDING (a hold: blocks the
 * slot), {@code confirmed} → CONFIRMED, {@code booking_failed} → CANCELLED (the slot is free),
 * {@code cancelled} → CANCELLED, {@code no_show} → NO_SHOW, {@code pending_reschedule} → PENDING
 * (the change is unsettled; the appointment still holds the time it shows), {@code rescheduled} →
 * CONFIRMED (booked at its new time), {@code reschedule_failed} → CONFIRMED (the original booking
 * stands — UNCONFIRMED). Anything else → SCHEDULED (blocks: the safe side) with a FALLBACK issue.
 *
 * <p><b>Clinician</b>: the directory is asked for the whole composite id first (a host may map one
 * provider-location pair), then for the {@code pr_} part; the {@code lo_} part becomes the location.
 * An unknown provider skips the record with an issue.
 *
 * <p><b>PHI</b>: patient names, birth date, phone, e-mail, address, the vendor patient ids, notes and
 * the visit reason go to the {@link PhiRecord}; the patient token is the HMAC of
 * {@code developer_patient_id} (else {@code patient.patient_id}) under the {@code zocdoc} namespace.
 */
public final class AppointmentMapper {
  /** Zocdoc's eight documented statuses. */
  public static final MappingTable<AppointmentStatus> STATUS = MappingTable.of("appointment_status", Map.of(
      "pending_booking", AppointmentStatus.PENDING,
      "confirmed", AppointmentStatus.CONFIRMED,
      "booking_failed", AppointmentStatus.CANCELLED,
      "cancelled", AppointmentStatus.CANCELLED,
      "no_show", AppointmentStatus.NO_SHOW,
      "pending_reschedule", AppointmentStatus.PENDING,
      "rescheduled", AppointmentStatus.CONFIRMED,
      "reschedule_failed", AppointmentStatus.CONFIRMED),
      code -> AppointmentStatus.SCHEDULED);

  /** {@code patient_type}: new patients come for a consult, existing ones for a follow-up. */
  public static final MappingTable<AppointmentType> TYPE = MappingTable.of("patient_type", Map.of(
      "new", AppointmentType.of(AppointmentType.Kind.CONSULT, "new"),
      "existing", AppointmentType.of(AppointmentType.Kind.FOLLOW_UP, "existing")),
      AppointmentType::other);

  private static final Pattern APPOINTMENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
  private static final Pattern COMPOSITE = Pattern.compile("(pr_[A-Za-z0-9_-]{1,64})\\|(lo_[A-Za-z0-9_-]{1,64})");
  private static final Pattern PROVIDER = Pattern.compile("pr_[A-Za-z0-9_-]{1,64}");
  private static final Pattern LOCATION = Pattern.compile("lo_[A-Za-z0-9_-]{1,64}");
  private static final Pattern VERSION = Pattern.compile("[0-9TZ:.+-]{1,40}");
  private static final String NAMESPACE = SourceSystem.ZOCDOC.id();

  private final ClinicianDirectory clinicians;
  private final PatientTokenizer patients;
  private final Duration defaultDuration;

  public AppointmentMapper(ClinicianDirectory clinicians, PatientTokenizer patients, Duration defaultDuration) {
    this.clinicians = clinicians;
    this.patients = patients;
    this.defaultDuration = defaultDuration;
  }

  /** The vendor id of an item, when it has a usable one. */
  public static Optional<String> appointmentId(JsonNode item) {
    String id = text(item, "appointment_id");
    return id != null && APPOINTMENT_ID.matcher(id).matches() ? Optional.of(id) : Optional.empty();
  }

  /** Whether {@code id} looks like a Zocdoc appointment id (checked before it goes into a URL). */
  public static boolean isAppointmentId(String id) {
    return APPOINTMENT_ID.matcher(id).matches();
  }

  /**
   * Maps one item; empty (with a SKIPPED issue) when it cannot be normalized.
   *
   * @param position the item's position, named when it has no usable id
   */
  public Optional<SourceRecord> map(JsonNode item, String position, Consumer<RecordIssue> issues) {
    if (!item.isObject()) {
      issues.accept(RecordIssue.skipped(position, "appointment", "not a JSON object"));
      return Optional.empty();
    }
    Optional<String> maybeId = appointmentId(item);
    if (maybeId.isEmpty()) {
      issues.accept(RecordIssue.skipped(position, "appointment_id", "missing or not an id"));
      return Optional.empty();
    }
    String id = maybeId.get();
    try {
      return Optional.of(mapOrThrow(item, id, issues));
    } catch (BadRecord e) {
      issues.accept(RecordIssue.skipped(id, e.field, e.reason));
      return Optional.empty();
    }
  }

  private SourceRecord mapOrThrow(JsonNode item, String id, Consumer<RecordIssue> issues) {
    Optional<ZoneId> zone = zone(item, id, issues);
    Instant start = time(item, "start_time", zone);
    if (start == null) {
      throw new BadRecord("start_time", "no start time");
    }
    Instant end = end(item, id, start, zone, issues);
    Optional<RecordIssue> bad = RecordChecks.times(id, start, end);
    if (bad.isPresent()) {
      throw new BadRecord(bad.get().field().equals("start") ? "start_time" : "end_time", bad.get().reason());
    }
    ProviderLocation pl = providerLocation(item);
    Clinician clinician = clinicians.findByExternalId(ExternalIdentity.of(SourceSystem.ZOCDOC, pl.composite()))
        .or(() -> clinicians.findByExternalId(ExternalIdentity.of(SourceSystem.ZOCDOC, pl.provider())))
        .orElseThrow(() -> new BadRecord("provider_location_id", "no clinician in the directory for this provider"));

    String rawStatus = text(item, "appointment_status");
    AppointmentStatus status = STATUS.map(id, rawStatus, issues);
    String rawType = text(item, "patient_type");
    AppointmentType type = TYPE.map(id, rawType, issues);

    String version = text(item, "last_modified_time_utc");
    SourceRef ref = version != null && VERSION.matcher(version).matches()
        ? SourceRef.of(SourceSystem.ZOCDOC, id, version) : SourceRef.of(SourceSystem.ZOCDOC, id);
    Appointment.Builder b = Appointment.builder()
        .source(ref)
        .clinicianId(clinician.id())
        .vendorProviderId(pl.provider())
        .locationId(pl.location())
        .start(start)
        .end(end)
        .status(status)
        .type(type)
        .sourceZone(zone.orElse(null));
    if (rawStatus != null && STATUS.lookup(rawStatus).isPresent()) {
      b.putSourceMetadata("zocdoc.status", rawStatus.strip().toLowerCase(java.util.Locale.ROOT));
    }
    patientId(item).ifPresent(p -> b.patient(patients.tokenize(NAMESPACE, p)));
    return SourceRecord.of(b.build(), phi(item));
  }

  private record ProviderLocation(String provider, String location) {
    String composite() {
      return provider + "|" + location;
    }
  }

  private static ProviderLocation providerLocation(JsonNode item) {
    String composite = text(item, "provider_location_id");
    if (composite != null) {
      Matcher m = COMPOSITE.matcher(composite.strip());
      if (!m.matches()) {
        throw new BadRecord("provider_location_id", "not a pr_…|lo_… provider-location id");
      }
      return new ProviderLocation(m.group(1), m.group(2));
    }
    String provider = text(item, "provider_id");
    String location = text(item, "location_id");
    if (provider == null || location == null) {
      throw new BadRecord("provider_location_id", "no provider-location id");
    }
    if (!PROVIDER.matcher(provider).matches() || !LOCATION.matcher(location).matches()) {
      throw new BadRecord("provider_id", "not a pr_ provider id with an lo_ location id");
    }
    return new ProviderLocation(provider, location);
  }

  private static Optional<ZoneId> zone(JsonNode item, String id, Consumer<RecordIssue> issues) {
    String tz = text(item, "time_zone");
    if (tz == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(ZoneId.of(tz));
    } catch (DateTimeException e) {
      issues.accept(RecordIssue.fallback(id, "time_zone", "not an IANA zone; ignored, the times' own offsets are used"));
      return Optional.empty();
    }
  }

  private Instant end(JsonNode item, String id, Instant start, Optional<ZoneId> zone, Consumer<RecordIssue> issues) {
    if (item.hasNonNull("end_time")) {
      Instant end = time(item, "end_time", zone);
      if (end == null) {
        throw new BadRecord("end_time", "no end time");
      }
      return end;
    }
    JsonNode minutes = item.get("duration_in_minutes");
    if (minutes != null && !minutes.isNull()) {
      if (!minutes.isIntegralNumber() || minutes.asLong() <= 0 || minutes.asLong() > RecordChecks.LONGEST.toMinutes()) {
        throw new BadRecord("duration_in_minutes", "not a positive number of minutes");
      }
      return start.plus(Duration.ofMinutes(minutes.asLong()));
    }
    issues.accept(RecordIssue.fallback(id, "end_time", "no end time or duration; the configured default length was used"));
    return start.plus(defaultDuration);
  }

  /** A date-time with an offset; a local one only with the record's zone. Null when absent. */
  private static @Nullable Instant time(JsonNode item, String field, Optional<ZoneId> zone) {
    String value = text(item, field);
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeException withoutOffset) {
      LocalDateTime local;
      try {
        local = LocalDateTime.parse(value);
      } catch (DateTimeException e) {
        throw new BadRecord(field, "not an ISO-8601 date-time");
      }
      if (zone.isEmpty()) {
        throw new BadRecord(field, "a date-time without an offset needs a valid time_zone");
      }
      return LocalZoned.toInstant(local, zone.get());
    }
  }

  private static Optional<String> patientId(JsonNode item) {
    String id = text(item, "developer_patient_id");
    if (id == null) {
      id = text(item.path("patient"), "developer_patient_id");
    }
    if (id == null) {
      id = text(item.path("patient"), "patient_id");
    }
    return Optional.ofNullable(id);
  }

  static PhiRecord phi(JsonNode item) {
    JsonNode p = item.path("patient");
    PhiRecord.Builder phi = PhiRecord.builder();
    List<String> name = new ArrayList<>();
    for (String f : List.of("first_name", "last_name")) {
      String v = text(p, f);
      if (v != null) {
        name.add(v);
      }
    }
    phi.put(PhiField.PATIENT_NAME, name.isEmpty() ? null : String.join(" ", name));
    phi.put(PhiField.DATE_OF_BIRTH, text(p, "date_of_birth"));
    phi.put(PhiField.PHONE, text(p, "phone_number"));
    phi.put(PhiField.EMAIL, text(p, "email_address"));
    JsonNode address = p.path("patient_address");
    if (address.isObject()) {
      List<String> parts = new ArrayList<>();
      address.fields().forEachRemaining(e -> {
        if (e.getValue().isValueNode() && !e.getValue().asText().isBlank()) {
          parts.add(e.getValue().asText());
        }
      });
      phi.put(PhiField.ADDRESS, parts.isEmpty() ? null : String.join(", ", parts));
    }
    List<String> ids = new ArrayList<>();
    for (String f : List.of("developer_patient_id", "patient_id")) {
      String v = text(p, f);
      if (v == null && f.equals("developer_patient_id")) {
        v = text(item, f);
      }
      if (v != null) {
        ids.add(f + "=" + v);
      }
    }
    phi.put(PhiField.VENDOR_PATIENT_ID, ids.isEmpty() ? null : String.join("\n", ids));
    phi.put(PhiField.NOTES, text(item, "notes"));
    String reason = text(item, "visit_reason_id");
    phi.put(PhiField.OTHER, reason == null ? null : "visit_reason_id=" + reason);
    return phi.build();
  }

  static @Nullable String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isValueNode() || v.isNull()) {
      return null;
    }
    String s = v.asText();
    return s.isBlank() ? null : s;
  }

  /** One field of one record is unusable; {@code reason} is PHI-free. */
  private static final class BadRecord extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String field;
    final String reason;

    BadRecord(String field, String reason) {
      super(reason, null, false, false);
      this.field = field;
      this.reason = reason;
    }
  }
}
