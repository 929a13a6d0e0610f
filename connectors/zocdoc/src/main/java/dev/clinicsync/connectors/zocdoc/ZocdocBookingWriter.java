package dev.clinicsync.connectors.zocdoc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clinicsync.connectors.kit.ConnectorHttp;
import dev.clinicsync.connectors.zocdoc.internal.ZocdocApi;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ConnectorException;
import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.RetryableConnectorException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.connector.IdempotencyKey;
import dev.clinicsync.core.connector.MirrorWrite;
import dev.clinicsync.core.connector.MirrorWriter;
import dev.clinicsync.core.connector.WriteEcho;
import dev.clinicsync.core.connector.WriteOutcome;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Books Zocdoc appointments for the coordinator's write queue (opt-in: {@code book=true}).
 *
 * <ul>
 *   <li><b>No idempotency key.</b> Zocdoc has none, so the writer sends each booking's
 *       {@link MirrorWrite#idempotencyKey()} as the patient's {@code developer_patient_id} and finds
 *       the booking again with {@code GET /v1/appointments?developer_patient_id=…}. A create first
 *       looks there: a live booking is {@link WriteOutcome.Written} with {@code created=false}, and
 *       nothing is sent. Otherwise it sends {@code POST /v1/appointments} exactly once — never
 *       retried by the connector; a 5xx or 429 is thrown (retryable) for the queue to decide.
 *   <li><b>Unknown outcomes.</b> A timeout or a reset after the request was sent is
 *       {@link WriteOutcome.Unknown}: {@link #readBack(MirrorWrite)} (or {@link #read}) answers
 *       whether Zocdoc booked it, and only then may a create be sent again.
 *   <li><b>Confirm.</b> A new booking is {@code pending_booking}; with {@code book.confirm} (default)
 *       it is confirmed at once. A failed confirm does not undo the booking: it is logged and the
 *       create still answers Written (the next fetch shows the status).
 *   <li><b>Cancel</b> is idempotent: an already cancelled booking is {@link WriteOutcome.Cancelled}
 *       without a call; none found, or a 404, is {@link WriteOutcome.Gone}.
 *   <li><b>Update</b> (reschedule) is refused with a permanent error: no reschedule endpoint is
 *       documented for the API.
 * </ul>
 * The target of a write is the composite {@code pr_…|lo_…} provider-location id. The booking's
 * patient comes from the host's {@link BookingPatients}; nothing of it is logged.
 */
public final class ZocdocBookingWriter implements MirrorWriter {
  private static final Logger LOG = LoggerFactory.getLogger(ZocdocBookingWriter.class);
  private static final Pattern PROVIDER_LOCATION = Pattern.compile("pr_[A-Za-z0-9_-]{1,64}\\|lo_[A-Za-z0-9_-]{1,64}");
  /** Statuses under which no booking holds the slot: a create may be sent again. */
  private static final Set<String> DEAD = Set.of("booking_failed", "cancelled");
  /** The provenance of the echoes this writer reports. */
  public static final String PROVENANCE = "clinicsync-zocdoc-booking";

  private final ZocdocApi api;
  private final ZocdocSettings settings;
  private final BookingPatients patients;
  private final String connectorId;

  ZocdocBookingWriter(ZocdocApi api, ZocdocSettings settings, BookingPatients patients) {
    this.api = api;
    this.settings = settings;
    this.patients = patients;
    this.connectorId = settings.connectorId().value();
  }

  @Override
  public WriteOutcome create(MirrorWrite write) {
    Checks.notNull(write, "mirror write");
    target(write.target());
    String key = write.idempotencyKey().value();
    Optional<JsonNode> existing = live(write.target(), key);
    if (existing.isPresent()) {
      LOG.debug("[{}] the booking of appointment {} already existed", connectorId, write.appointmentId());
      return new WriteOutcome.Written(ref(existing.get(), key), false);
    }
    ZocdocPatient patient = patients.patientFor(write.appointmentId()).orElseThrow(() -> new PermanentConnectorException(
        connectorId, "no patient details for a Zocdoc booking (configure BookingPatients)", 0, null, null));
    JsonNode answer;
    try {
      answer = api.book(body(write, patient, key));
    } catch (RetryableConnectorException e) {
      if (ConnectorHttp.answerLost(e)) {
        LOG.info("[{}] a Zocdoc booking create lost its answer; its outcome is unknown until read back", connectorId);
        return new WriteOutcome.Unknown(SourceRef.of(SourceSystem.ZOCDOC, key));
      }
      throw e;
    }
    String id = answer.path("data").path("appointment_id").asText(answer.path("appointment_id").asText(""));
    if (id.isBlank()) {
      LOG.info("[{}] a Zocdoc booking create answered without an appointment id; unknown until read back", connectorId);
      return new WriteOutcome.Unknown(SourceRef.of(SourceSystem.ZOCDOC, key));
    }
    if (settings.confirmBookings()) {
      try {
        api.confirm(id);
      } catch (ConnectorException e) {
        LOG.warn("[{}] confirming a new Zocdoc booking failed ({}); it stays pending_booking", connectorId,
            e.getClass().getSimpleName());
      }
    }
    LOG.debug("[{}] booked appointment {} at Zocdoc", connectorId, write.appointmentId());
    return new WriteOutcome.Written(SourceRef.of(SourceSystem.ZOCDOC, id), true);
  }

  /**
   * After an {@link WriteOutcome.Unknown}: {@link WriteOutcome.Written} ({@code created=false}) when
   * Zocdoc holds a live booking of the write, {@link WriteOutcome.Gone} when it holds none (or only a
   * failed or cancelled one) — then, and only then, may the create be sent again.
   */
  public WriteOutcome readBack(MirrorWrite write) {
    Checks.notNull(write, "mirror write");
    target(write.target());
    String key = write.idempotencyKey().value();
    return live(write.target(), key).<WriteOutcome>map(b -> new WriteOutcome.Written(ref(b, key), false))
        .orElseGet(() -> new WriteOutcome.Gone(SourceRef.of(SourceSystem.ZOCDOC, key)));
  }

  /** Refused: Zocdoc documents no reschedule endpoint for this API. */
  @Override
  public WriteOutcome update(MirrorWrite write, String expectedVersion) {
    throw new PermanentConnectorException(connectorId,
        "the Zocdoc connector cannot update (reschedule) a booking: no reschedule endpoint is documented", 0, null, null);
  }

  @Override
  public WriteOutcome cancel(String target, AppointmentId appointment, String expectedVersion) {
    target(target);
    Checks.notNull(appointment, "appointment id");
    Checks.notBlank(expectedVersion, "mirror expected version");
    String key = IdempotencyKey.forAppointment(appointment).value();
    Optional<JsonNode> found = newest(target, key);
    if (found.isEmpty()) {
      return new WriteOutcome.Gone(SourceRef.of(SourceSystem.ZOCDOC, key));
    }
    JsonNode booking = found.get();
    SourceRef ref = ref(booking, key);
    if (DEAD.contains(status(booking))) {
      return new WriteOutcome.Cancelled(ref);
    }
    if (!api.cancel(ref.externalId(), settings.cancellationReason(), settings.cancellationReasonType())) {
      return new WriteOutcome.Gone(ref);
    }
    LOG.debug("[{}] cancelled the Zocdoc booking of appointment {}", connectorId, appointment);
    return new WriteOutcome.Cancelled(ref);
  }

  @Override
  public Optional<WriteEcho> read(String target, AppointmentId appointment) {
    target(target);
    Checks.notNull(appointment, "appointment id");
    String key = IdempotencyKey.forAppointment(appointment).value();
    return newest(target, key).map(b -> new WriteEcho(appointment, ref(b, key), window(b), DEAD.contains(status(b)), PROVENANCE));
  }

  /** The live booking of {@code key} at {@code target}, else empty. */
  private Optional<JsonNode> live(String target, String key) {
    for (JsonNode b : bookings(target, key)) {
      if (!DEAD.contains(status(b))) {
        return Optional.of(b);
      }
    }
    return Optional.empty();
  }

  /** The live booking of {@code key}, else the newest dead one, else empty. */
  private Optional<JsonNode> newest(String target, String key) {
    Optional<JsonNode> live = live(target, key);
    if (live.isPresent()) {
      return live;
    }
    for (JsonNode b : bookings(target, key)) {
      return Optional.of(b);
    }
    return Optional.empty();
  }

  private List<JsonNode> bookings(String target, String key) {
    JsonNode data = api.byDeveloperPatientId(key).path("data");
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode b : data) {
      // the filter is Zocdoc's; re-checked here, with the provider-location, so a lax filter cannot match another booking
      if (key.equals(b.path("patient").path("developer_patient_id").asText())
          && target.equals(b.path("provider_location_id").asText(target))) {
        out.add(b);
      }
    }
    return out;
  }

  private ObjectNode body(MirrorWrite write, ZocdocPatient patient, String key) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("appointment_type", "providers");
    ObjectNode data = root.putObject("data");
    data.put("start_time", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
        ZonedDateTime.ofInstant(write.window().start(), write.zone()).toOffsetDateTime()));
    data.put("visit_reason_id", settings.visitReasonId());
    data.put("provider_location_id", write.target());
    data.put("patient_type", settings.patientType());
    ObjectNode p = data.putObject("patient");
    p.put("developer_patient_id", key);
    p.put("first_name", patient.firstName());
    p.put("last_name", patient.lastName());
    p.put("date_of_birth", patient.dateOfBirth().toString());
    p.put("sex_at_birth", patient.sexAtBirth());
    p.put("phone_number", patient.phoneNumber());
    p.put("email_address", patient.emailAddress());
    return root;
  }

  private Optional<TimeWindow> window(JsonNode b) {
    try {
      OffsetDateTime start = OffsetDateTime.parse(b.path("start_time").asText(""));
      String endText = b.path("end_time").asText("");
      OffsetDateTime end = endText.isEmpty() ? start.plus(settings.defaultDuration()) : OffsetDateTime.parse(endText);
      return end.isAfter(start) ? Optional.of(TimeWindow.of(start.toInstant(), end.toInstant())) : Optional.empty();
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String status(JsonNode b) {
    return b.path("appointment_status").asText("");
  }

  private static SourceRef ref(JsonNode b, String key) {
    String id = b.path("appointment_id").asText("");
    String version = b.path("last_modified_time_utc").asText("");
    SourceRef ref = SourceRef.of(SourceSystem.ZOCDOC, id.isBlank() ? key : id);
    return version.isBlank() ? ref : ref.withVersion(version);
  }

  private void target(String target) {
    Checks.notBlank(target, "mirror target");
    if (!PROVIDER_LOCATION.matcher(target).matches()) {
      throw new ValidationException("connector " + connectorId + ": a Zocdoc booking target must be a pr_…|lo_… provider-location id");
    }
  }

  @Override
  public String toString() {
    return "ZocdocBookingWriter[" + connectorId + "]";
  }
}
