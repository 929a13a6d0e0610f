package dev.clinicsync.connectors.zocdoc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clinicsync.connectors.zocdoc.internal.AppointmentMapper;
import dev.clinicsync.connectors.zocdoc.internal.LocalZoned;
import dev.clinicsync.core.connector.RecordIssue;
import dev.clinicsync.core.connector.SourceRecord;
import dev.clinicsync.core.memory.InMemoryClinicianDirectory;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.AppointmentType;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ExternalIdentity;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.WeeklyAvailability;
import dev.clinicsync.core.phi.PatientTokenizer;
import dev.clinicsync.core.phi.PhiField;
import dev.clinicsync.core.store.Secret;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Zocdoc record mapping")
class ZocdocMappingTest {
  static final Instant NINE = Instant.parse("2026-03-03T14:00:00Z");
  static final ClinicianId QUINCY = ClinicianId.of("dr-quincy");
  static final ClinicianId QUINCY_UPTOWN = ClinicianId.of("dr-quincy-uptown");

  private final InMemoryClinicianDirectory directory = new InMemoryClinicianDirectory();
  private final PatientTokenizer tokenizer = PatientTokenizer.fromKey(Secret.of("mapping-test-patient-token-key-0123456789"));
  private final AppointmentMapper mapper = new AppointmentMapper(directory, tokenizer, Duration.ofMinutes(30));
  private final List<RecordIssue> issues = new ArrayList<>();

  ZocdocMappingTest() {
    directory.save(Clinician.of(QUINCY, "Dr. Quincy", ZocdocPayloads.NEW_YORK, WeeklyAvailability.NONE)
        .withExternalIds(Set.of(ExternalIdentity.of(SourceSystem.ZOCDOC, ZocdocPayloads.PROVIDER))));
    directory.save(Clinician.of(QUINCY_UPTOWN, "Dr. Quincy (uptown)", ZocdocPayloads.NEW_YORK, WeeklyAvailability.NONE)
        .withExternalIds(Set.of(ExternalIdentity.of(SourceSystem.ZOCDOC, ZocdocPayloads.PROVIDER + "|lo_uptown"))));
  }

  private Optional<Appointment> map(ObjectNode item) {
    return mapper.map(item, "item#0", issues::add).map(SourceRecord::appointment);
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({"pending_booking, PENDING", "confirmed, CONFIRMED", "booking_failed, CANCELLED", "cancelled, CANCELLED",
      "no_show, NO_SHOW", "pending_reschedule, PENDING", "rescheduled, CONFIRMED", "reschedule_failed, CONFIRMED",
      "CONFIRMED, CONFIRMED", "' Pending_Booking ', PENDING"})
  @DisplayName("each of the eight documented statuses maps without an issue, whatever its case and spacing")
  void statuses(String vendor, AppointmentStatus expected) {
    Appointment a = map(ZocdocPayloads.appointment("a-1", NINE, Duration.ofMinutes(30), vendor)).orElseThrow();
    assertThat(a.status()).isEqualTo(expected);
    assertThat(issues).isEmpty();
  }

  @Test
  @DisplayName("the table covers exactly Zocdoc's eight statuses")
  void eightStatuses() {
    assertThat(AppointmentMapper.STATUS.documentedCodes()).containsExactlyInAnyOrder("pending_booking", "confirmed",
        "booking_failed", "cancelled", "no_show", "pending_reschedule", "rescheduled", "reschedule_failed");
  }

  @Test
  @DisplayName("an undocumented status blocks the slot (SCHEDULED) and is reported, naming the record and field only")
  void undocumentedStatus() {
    Appointment a = map(ZocdocPayloads.appointment("a-1", NINE, Duration.ofMinutes(30), "waitlisted")).orElseThrow();
    assertThat(a.status()).isEqualTo(AppointmentStatus.SCHEDULED);
    assertThat(issues).singleElement().satisfies(i -> {
      assertThat(i.severity()).isEqualTo(RecordIssue.Severity.FALLBACK);
      assertThat(i.vendorRecordId()).isEqualTo("a-1");
      assertThat(i.field()).isEqualTo("appointment_status");
    });
  }

  @Test
  @DisplayName("a composite pr_…|lo_… id splits into the provider's clinician and the location")
  void compositeIds() {
    Appointment a = map(ZocdocPayloads.appointment("a-1", NINE)).orElseThrow();
    assertThat(a.clinicianId()).isEqualTo(QUINCY);
    assertThat(a.vendorProviderId()).contains(ZocdocPayloads.PROVIDER);
    assertThat(a.locationId()).contains(ZocdocPayloads.LOCATION);
  }

  @Test
  @DisplayName("a directory entry for the whole provider-location pair wins over the provider's")
  void compositeMappingWins() {
    ObjectNode item = ZocdocPayloads.appointment("a-1", NINE);
    item.put("provider_location_id", ZocdocPayloads.PROVIDER + "|lo_uptown");
    Appointment a = map(item).orElseThrow();
    assertThat(a.clinicianId()).isEqualTo(QUINCY_UPTOWN);
    assertThat(a.locationId()).contains("lo_uptown");
  }

  @Test
  @DisplayName("separate provider_id and location_id are read when the composite is absent")
  void separateIds() {
    ObjectNode item = ZocdocPayloads.appointment("a-1", NINE);
    item.remove("provider_location_id");
    item.put("provider_id", ZocdocPayloads.PROVIDER);
    item.put("location_id", "lo_9");
    assertThat(map(item)).hasValueSatisfying(a -> assertThat(a.locationId()).contains("lo_9"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"'pr_Unknown123|lo_1', no clinician", "'pr_abc', not a pr_", "'lo_1|pr_abc', not a pr_",
      "'pr_abc|lo_1|lo_2', not a pr_"})
  @DisplayName("an unknown provider or a malformed composite id skips the record with an issue that quotes no value")
  void badComposite(String composite, String reason) {
    ObjectNode item = ZocdocPayloads.appointment("a-1", NINE);
    item.put("provider_location_id", composite);
    assertThat(map(item)).isEmpty();
    assertThat(issues).singleElement().satisfies(i -> {
      assertThat(i.field()).isEqualTo("provider_location_id");
      assertThat(i.reason()).contains(reason).doesNotContain(composite);
    });
  }

  @Test
  @DisplayName("times carry their offsets: the same instant whatever offset Zocdoc writes it in")
  void offsets() {
    ObjectNode item = ZocdocPayloads.appointment("a-1", NINE);
    item.put("start_time", "2026-03-03T09:00:00-05:00");
    item.put("end_time", "2026-03-03T15:45:00+01:00");
    Appointment a = map(item).orElseThrow();
    assertThat(a.start()).isEqualTo(Instant.parse("2026-03-03T14:00:00Z"));
    assertThat(a.end()).isEqualTo(Instant.parse("2026-03-03T14:45:00Z"));
    assertThat(a.sourceZone()).contains(ZocdocPayloads.NEW_YORK);
  }

  @Test
  @DisplayName("across the spring-forward night, offsets decide: 01:30 EST and 03:30 EDT are one hour apart")
  void acrossDst() {
    ObjectNode item = ZocdocPayloads.appointment("a-1", NINE);
    item.put("start_time", "2026-03-08T01:30:00-05:00");
    item.put("end_time", "2026-03-08T03:30:00-04:00");
    Appointment a = map(item).orElseThrow();
    assertThat(Duration.between(a.start(), a.end())).isEqualTo(Duration.ofHours(1));
  }

  @Test
  @DisplayName("a local time without an offset is placed with the record's IANA zone; without one it is skipped")
  void localTimes() {
    ObjectNode item = ZocdocPayloads.appointment("a-1", NINE);
    item.put("start_time", "2026-11-01T01:30:00");
    item.put("end_time", "2026-11-01T02:30:00");
    Appointment a = map(item).orElseThrow();
    assertThat(a.start()).as("the repeated hour: the earlier instant (EDT)").isEqualTo(Instant.parse("2026-11-01T05:30:00Z"));
    assertThat(a.end()).isEqualTo(Instant.parse("2026-11-01T07:30:00Z"));
    item.remove("time_zone");
    assertThat(map(item)).isEmpty();
    assertThat(issues).singleElement().satisfies(i -> assertThat(i.field()).isEqualTo("start_time"));
  }

  @Test
  @DisplayName("local date-times convert with their zone: a skipped hour moves forward, a repeated one takes the earlier offset")
  void localZoned() {
    ZoneId ny = ZocdocPayloads.NEW_YORK;
    assertThat(LocalZoned.toInstant(LocalDateTime.parse("2026-03-08T02:30:00"), ny)).isEqualTo(Instant.parse("2026-03-08T07:30:00Z"));
    assertThat(LocalZoned.toInstant(LocalDateTime.parse("2026-11-01T01:30:00"), ny)).isEqualTo(Instant.parse("2026-11-01T05:30:00Z"));
    assertThat(LocalZoned.toInstant(LocalDateTime.parse("2026-10-01T22:00:00"), ny)).isEqualTo(Instant.parse("2026-10-02T02:00:00Z"));
  }

  @Test
  @DisplayName("without an end, a duration in minutes is used; without both, the default length with a FALLBACK issue")
  void lengths() {
    ObjectNode item = ZocdocPayloads.appointment("a-1", NINE);
    item.remove("end_time");
    item.put("duration_in_minutes", 45);
    assertThat(map(item).orElseThrow().end()).isEqualTo(NINE.plus(Duration.ofMinutes(45)));
    assertThat(issues).isEmpty();
    item.remove("duration_in_minutes");
    assertThat(map(item).orElseThrow().end()).isEqualTo(NINE.plus(Duration.ofMinutes(30)));
    assertThat(issues).singleElement().satisfies(i -> assertThat(i.severity()).isEqualTo(RecordIssue.Severity.FALLBACK));
  }

  @Test
  @DisplayName("patient type maps to consult or follow-up; the version is last_modified_time_utc")
  void typeAndVersion() {
    ObjectNode item = ZocdocPayloads.appointment("a-1", NINE);
    item.put("patient_type", "new");
    Appointment a = map(item).orElseThrow();
    assertThat(a.type().kind()).isEqualTo(AppointmentType.Kind.CONSULT);
    assertThat(a.source().version()).contains("2026-02-20T14:03:11.204Z");
  }

  @Test
  @DisplayName("the PHI goes to the PHI record; the appointment holds a patient token and no identifying value")
  void phiApart() {
    SourceRecord r = mapper.map(ZocdocPayloads.appointment("a-1", NINE), "item#0", issues::add).orElseThrow();
    SoftAssertions soft = new SoftAssertions();
    assertThat(r.phi()).isPresent();
    soft.assertThat(r.phi().get().get(PhiField.PATIENT_NAME)).contains(ZocdocPayloads.FIRST + " " + ZocdocPayloads.LAST);
    soft.assertThat(r.phi().get().get(PhiField.DATE_OF_BIRTH)).contains(ZocdocPayloads.DOB);
    soft.assertThat(r.phi().get().get(PhiField.PHONE)).contains(ZocdocPayloads.PHONE);
    soft.assertThat(r.phi().get().get(PhiField.EMAIL)).contains(ZocdocPayloads.EMAIL);
    soft.assertThat(r.phi().get().get(PhiField.NOTES)).contains(ZocdocPayloads.NOTE);
    soft.assertThat(r.phi().get().get(PhiField.ADDRESS)).hasValueSatisfying(v -> assertThat(v).contains(ZocdocPayloads.STREET));
    soft.assertThat(r.appointment().patient()).contains(tokenizer.tokenize("zocdoc", "dp-a-1"));
    String everything = r.appointment().toString() + r.appointment().sourceMetadata() + r.phi().get();
    for (String phi : ZocdocPayloads.PHI) {
      soft.assertThat(everything).doesNotContain(phi);
    }
    soft.assertThat(everything).doesNotContain("pc_FRO").doesNotContain("XQH123456789");
    soft.assertAll();
  }
}
