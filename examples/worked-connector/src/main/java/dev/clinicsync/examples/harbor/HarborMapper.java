package dev.clinicsync.examples.harbor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clinicsync.connectors.kit.MappingTable;
import dev.clinicsync.connectors.kit.RecordChecks;
import dev.clinicsync.core.connector.ConnectorContext;
import dev.clinicsync.core.connector.RecordIssue;
import dev.clinicsync.core.connector.SourceRecord;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.AppointmentType;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ExternalIdentity;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.phi.PhiField;
import dev.clinicsync.core.phi.PhiRecord;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Step 1's mapping: one Harbor visit to a PHI-free canonical appointment and its PHI part. A visit
 * that cannot be mapped becomes a {@link RecordIssue} naming the field, never the value; an
 * unknown status or service is kept with an explicit, reported fallback ({@link MappingTable}).
 *
 * <p>A visit: {@code id}, {@code provider}, {@code local_start} and {@code local_end} (wall-clock
 * times in the visit's {@code zone}), {@code state}, {@code service}, {@code room}, the
 * {@code client} ({@code id}, {@code name}, {@code birth_date}, {@code phone}) and a free-text
 * {@code memo}.
 */
final class HarborMapper {
  /** Harbor's documented visit states. */
  static final MappingTable<AppointmentStatus> STATE = MappingTable.of("state", Map.of(
      "requested", AppointmentStatus.PENDING, "booked", AppointmentStatus.SCHEDULED,
      "confirmed", AppointmentStatus.CONFIRMED, "checked_out", AppointmentStatus.COMPLETED,
      "cancelled", AppointmentStatus.CANCELLED, "missed", AppointmentStatus.NO_SHOW),
      code -> AppointmentStatus.SCHEDULED);
  /** Harbor's documented services. */
  static final MappingTable<AppointmentType> SERVICE = MappingTable.of("service", Map.of(
      "intake", AppointmentType.CONSULT, "session", AppointmentType.FOLLOW_UP, "paperwork", AppointmentType.ADMIN),
      AppointmentType::other);

  private final ConnectorContext context;

  HarborMapper(ConnectorContext context) {
    this.context = context;
  }

  Optional<SourceRecord> map(JsonNode visit, int position, Consumer<RecordIssue> issues) {
    String id = text(visit, "id");
    if (id == null) {
      issues.accept(RecordIssue.skipped("#" + position, "id", "visit without an id"));
      return Optional.empty();
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(Optional.ofNullable(text(visit, "zone")).orElse(""));
    } catch (DateTimeException e) {
      issues.accept(RecordIssue.skipped(id, "zone", "missing or unknown time zone"));
      return Optional.empty();
    }
    Instant start;
    Instant end;
    try {
      start = instant(text(visit, "local_start"), zone);
      end = instant(text(visit, "local_end"), zone);
    } catch (DateTimeException e) {
      issues.accept(RecordIssue.skipped(id, "local_start", "unreadable local date-time"));
      return Optional.empty();
    }
    Optional<RecordIssue> timeIssue = RecordChecks.times(id, start, end);
    if (timeIssue.isPresent() || start == null || end == null) {
      timeIssue.ifPresent(issues);
      return Optional.empty();
    }
    String provider = text(visit, "provider");
    Optional<Clinician> clinician = provider == null ? Optional.empty()
        : context.clinicians().findByExternalId(ExternalIdentity.of(HarborConnector.SYSTEM, provider));
    if (clinician.isEmpty()) {
      issues.accept(RecordIssue.skipped(id, "provider", "provider is not in the clinician directory"));
      return Optional.empty();
    }
    Appointment.Builder a = Appointment.builder()
        .source(SourceRef.of(HarborConnector.SYSTEM, id))
        .clinicianId(clinician.get().id())
        .vendorProviderId(provider)
        .start(start).end(end).sourceZone(zone)
        .locationId(text(visit, "room"))
        .status(STATE.map(id, text(visit, "state"), issues))
        .type(SERVICE.map(id, text(visit, "service"), issues));
    JsonNode client = visit.path("client");
    String clientId = text(client, "id");
    if (clientId != null) {
      a.patient(context.patients().tokenize(HarborConnector.SYSTEM.id(), clientId)); // a keyed token, not the id
    }
    PhiRecord phi = PhiRecord.builder() // everything identifying goes to the PHI vault, sealed
        .put(PhiField.PATIENT_NAME, text(client, "name"))
        .put(PhiField.DATE_OF_BIRTH, text(client, "birth_date"))
        .put(PhiField.PHONE, text(client, "phone"))
        .put(PhiField.VENDOR_PATIENT_ID, clientId)
        .put(PhiField.NOTES, text(visit, "memo"))
        .build();
    return Optional.of(SourceRecord.of(a.build(), phi));
  }

  private static @Nullable Instant instant(@Nullable String localDateTime, ZoneId zone) {
    return localDateTime == null ? null : LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
  }
}
