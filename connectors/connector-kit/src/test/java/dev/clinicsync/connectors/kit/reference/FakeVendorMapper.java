package dev.clinicsync.connectors.kit.reference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clinicsync.connectors.kit.MappingTable;
import dev.clinicsync.connectors.kit.RecordChecks;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.AppointmentType;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ExternalIdentity;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.phi.PhiField;
import dev.clinicsync.core.phi.PhiRecord;
import dev.clinicsync.core.connector.ConnectorContext;
import dev.clinicsync.core.connector.RecordIssue;
import dev.clinicsync.core.connector.SourceRecord;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Maps one fake-vendor appointment to a canonical record and its PHI part, or — for the
 * busy-block variant — to a busy block of the clinician, with no details.
 */
final class FakeVendorMapper {
  static final MappingTable<AppointmentStatus> STATUS = MappingTable.of("status", Map.of(
      "pending", AppointmentStatus.PENDING, "booked", AppointmentStatus.SCHEDULED,
      "confirmed", AppointmentStatus.CONFIRMED, "cancelled", AppointmentStatus.CANCELLED,
      "completed", AppointmentStatus.COMPLETED, "no_show", AppointmentStatus.NO_SHOW),
      code -> AppointmentStatus.SCHEDULED);
  static final MappingTable<AppointmentType> TYPE = MappingTable.of("type", Map.of(
      "consult", AppointmentType.CONSULT, "follow_up", AppointmentType.FOLLOW_UP, "admin", AppointmentType.ADMIN),
      AppointmentType::other);

  /** The calendar id of the busy-block variant's blocks. */
  static final String CALENDAR = "fakevendor-schedule";

  private final ConnectorContext context;
  private final Flaw flaw;

  FakeVendorMapper(ConnectorContext context, Flaw flaw) {
    this.context = context;
    this.flaw = flaw;
  }

  Optional<SourceRecord> map(JsonNode item, int position, Consumer<RecordIssue> issues) {
    String id = text(item, "id");
    if (id == null) {
      issues.accept(RecordIssue.skipped("#" + position, "id", "record without an id"));
      return Optional.empty();
    }
    ZoneId zone;
    try {
      String z = text(item, "time_zone");
      zone = ZoneId.of(z == null ? "" : z);
    } catch (DateTimeException e) {
      issues.accept(RecordIssue.skipped(id, "time_zone", "missing or unknown time zone"));
      return Optional.empty();
    }
    Instant start;
    Instant end;
    try {
      start = instant(text(item, "start"), zone);
      end = instant(text(item, "end"), zone);
    } catch (DateTimeException e) {
      issues.accept(RecordIssue.skipped(id, "start", "unreadable local date-time"));
      return Optional.empty();
    }
    Optional<RecordIssue> timeIssue = RecordChecks.times(id, start, end);
    if (timeIssue.isPresent() || start == null || end == null) {
      timeIssue.ifPresent(issues);
      return Optional.empty();
    }
    String providerId = text(item, "provider_id");
    Optional<Clinician> clinician = providerId == null ? Optional.empty()
        : context.clinicians().findByExternalId(ExternalIdentity.of(FakeVendorConnector.SYSTEM, providerId));
    if (clinician.isEmpty()) {
      issues.accept(RecordIssue.skipped(id, "provider_id", "provider is not in the clinician directory"));
      return Optional.empty();
    }
    String status = text(item, "status");
    String type = text(item, "type");
    Appointment.Builder a = Appointment.builder()
        .source(SourceRef.of(FakeVendorConnector.SYSTEM, id))
        .clinicianId(clinician.get().id())
        .vendorProviderId(providerId)
        .start(start).end(end).sourceZone(zone)
        .locationId(text(item, "location_id"))
        .status(STATUS.map(id, status, issues))
        .type(TYPE.map(id, type, issues));
    if (status != null) {
      a.putSourceMetadata("vendor.status", status);
    }
    JsonNode patient = item.path("patient");
    String patientId = text(patient, "id");
    if (patientId != null) {
      a.patient(context.patients().tokenize(FakeVendorConnector.SYSTEM.id(), patientId));
    }
    if (flaw == Flaw.LEAKS_PATIENT_NAME && text(patient, "name") != null) {
      a.putSourceMetadata("patient.display", text(patient, "name"));
    }
    PhiRecord phi = PhiRecord.builder()
        .put(PhiField.PATIENT_NAME, text(patient, "name"))
        .put(PhiField.DATE_OF_BIRTH, text(patient, "dob"))
        .put(PhiField.PHONE, text(patient, "phone"))
        .put(PhiField.VENDOR_PATIENT_ID, patientId)
        .put(PhiField.NOTES, text(item, "notes"))
        .build();
    return Optional.of(SourceRecord.of(a.build(), phi));
  }

  /** The busy time of one vendor appointment: only its interval, its clinician and its source key. */
  Optional<BusyBlock> mapBusy(JsonNode item, int position, Consumer<RecordIssue> issues) {
    return map(item, position, issues).map(SourceRecord::appointment).map(a -> {
      String calendar = CALENDAR;
      String patientName = text(item.path("patient"), "name");
      if (flaw == Flaw.LEAKS_PATIENT_NAME && patientName != null) {
        calendar = CALENDAR + " with " + patientName;
      }
      return BusyBlock.timed(a.source(), calendar, a.clinicianId(), a.start(), a.end());
    });
  }

  private static @Nullable Instant instant(@Nullable String localDateTime, ZoneId zone) {
    return localDateTime == null ? null : LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
  }
}
