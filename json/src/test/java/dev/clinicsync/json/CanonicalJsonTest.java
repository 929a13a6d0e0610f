package dev.clinicsync.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.AppointmentType;
import dev.clinicsync.core.model.AvailabilityException;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConflictOverride;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.ExternalIdentity;
import dev.clinicsync.core.model.LocalTimeRange;
import dev.clinicsync.core.model.OverrideReason;
import dev.clinicsync.core.model.PatientRef;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.WeeklyAvailability;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalJsonTest {
  static final CanonicalJson JSON = CanonicalJson.instance();

  static String resource(String name) {
    try (InputStream in = CanonicalJsonTest.class.getResourceAsStream("/canonical-json/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The appointment of {@code v1/appointment.json}, as the model holds it. */
  static Appointment v1Appointment() {
    return Appointment.builder()
        .id(AppointmentId.of("5b0f3c8e-3f7a-4c7e-9d55-0c6b1d2f9a10"))
        .source(SourceRef.of(SourceSystem.ZOCDOC, "zd-appt-88213", "2026-02-27T18:03:11.482Z"))
        .clinicianId(ClinicianId.of("dr-lee"))
        .vendorProviderId("prov-1182")
        .patient(PatientRef.of("pt_7f3a9c2e41b8d6e0"))
        .start(Instant.parse("2026-03-03T14:00:00Z"))
        .end(Instant.parse("2026-03-03T14:50:00Z"))
        .locationId("main")
        .status(AppointmentStatus.CONFIRMED)
        .type(AppointmentType.other("new-patient-visit"))
        .sourceZone(ZoneId.of("America/New_York"))
        .conflictIds(Set.of(AppointmentId.of("9a7e1f0c-2b3d-4e5f-8a9b-0c1d2e3f4a5b")))
        .sourceMetadata(Map.of("visit_reason_code", "R12", "booked_via", "marketplace"))
        .revision(4)
        .build();
  }

  static Clinician v1Clinician() {
    WeeklyAvailability hours = WeeklyAvailability.builder()
        .on(DayOfWeek.MONDAY, LocalTimeRange.of("08:00", "12:00"), LocalTimeRange.of("13:00", "17:00"))
        .on(DayOfWeek.WEDNESDAY, LocalTimeRange.of("22:00", "02:00"))
        .exception(AvailabilityException.timeOff("vac-2026-03", LocalDate.parse("2026-03-09"),
            LocalDate.parse("2026-03-13"), "vacation"))
        .exception(AvailabilityException.extraHours("extra-0314", LocalDate.parse("2026-03-14"),
            LocalTimeRange.of("09:00", "12:00"), ""))
        .build();
    return new Clinician(ClinicianId.of("dr-lee"), "Dr Lee", ZoneId.of("America/New_York"), hours,
        Set.of(ExternalIdentity.of(SourceSystem.GOOGLE, "primary"), ExternalIdentity.of(SourceSystem.ZOCDOC, "prov-1182")));
  }

  @Nested
  @DisplayName("schema version 1 (checked-in documents)")
  class VersionOne {
    @Test
    @DisplayName("a version-1 appointment reads with no connector and no override")
    void appointment() {
      Appointment read = JSON.readAppointment(resource("v1/appointment.json"));
      assertThat(read).isEqualTo(v1Appointment());
      assertThat(read.connector()).isEmpty();
      assertThat(read.override()).isEmpty();
    }

    @Test
    @DisplayName("a minimal version-1 appointment reads with every optional field absent")
    void minimal() {
      Appointment read = JSON.readAppointment(resource("v1/appointment-minimal.json"));
      assertThat(read.patient()).isEmpty();
      assertThat(read.vendorProviderId()).isEmpty();
      assertThat(read.locationId()).isEmpty();
      assertThat(read.sourceZone()).isEmpty();
      assertThat(read.source().version()).isEmpty();
      assertThat(read.type()).isEqualTo(AppointmentType.FOLLOW_UP);
    }

    @Test
    @DisplayName("version-1 busy blocks and clinicians read as they are written today")
    void others() {
      BusyBlock block = JSON.readBusyBlock(resource("v1/busy-block.json"));
      assertThat(block).isEqualTo(BusyBlock.allDay(SourceRef.of(SourceSystem.GOOGLE, "evt_0a1b2c3d4e5f", "\"3339190436462000\""),
          "primary", ClinicianId.of("dr-lee"),
          new BusyBlock.DateSpan(LocalDate.parse("2026-03-05"), LocalDate.parse("2026-03-06")), ZoneId.of("America/New_York")));
      assertThat(JSON.readClinician(resource("v1/clinician.json"))).isEqualTo(v1Clinician());
    }

    @Test
    @DisplayName("a version-1 document with a field added in version 2 is refused at that field")
    void newerFieldInOldVersion() {
      String doc = resource("v1/appointment.json").replace("\"revision\": 4", "\"revision\": 4, \"connector\": \"zocdoc-main\"");
      MalformedDocumentException e = catchThrowableOfType(MalformedDocumentException.class, () -> JSON.readAppointment(doc));
      assertThat(e.path()).isEqualTo("$.appointment.connector");
      assertThat(e).hasMessageContaining("schema version 1").hasMessageNotContaining("zocdoc-main");
    }

    @Test
    @DisplayName("read as version 1 and written again, a document becomes the current version with the same content")
    void upgrade() {
      String written = JSON.write(JSON.readAppointment(resource("v1/appointment.json")));
      assertThat(written).startsWith("{\"schemaVersion\":" + CanonicalJson.SCHEMA_VERSION + ",");
      assertThat(JSON.readAppointment(written)).isEqualTo(v1Appointment());
    }
  }

  @Nested
  @DisplayName("schema version 2")
  class VersionTwo {
    @Test
    @DisplayName("an appointment with its connector and override reads from the checked-in document")
    void golden() {
      Appointment a = v1Appointment().toBuilder().connector(ConnectorId.of("zocdoc-main"))
          .override(ConflictOverride.of(OverrideReason.URGENT_CARE, "u-admin", Instant.parse("2026-03-02T12:00:00Z")))
          .build();
      assertThat(JSON.readAppointment(resource("v2/appointment.json"))).isEqualTo(a);
    }

    @Test
    @DisplayName("a version-2 busy block with a field added in version 3 is refused at that field")
    void copyOfTooEarly() {
      String doc = resource("v3/busy-block-copy.json").replace("{\"schemaVersion\":3,", "{\"schemaVersion\":2,");
      MalformedDocumentException e = catchThrowableOfType(MalformedDocumentException.class, () -> JSON.readBusyBlock(doc));
      assertThat(e).hasMessageContaining("$.busyBlock.copyOf").hasMessageContaining("schema version 2");
    }
  }

  @Nested
  @DisplayName("schema version 3")
  class VersionThree {
    @Test
    @DisplayName("an appointment is written exactly as the checked-in document, the same content as version 2")
    void appointment() {
      Appointment a = v1Appointment().toBuilder().connector(ConnectorId.of("zocdoc-main"))
          .override(ConflictOverride.of(OverrideReason.URGENT_CARE, "u-admin", Instant.parse("2026-03-02T12:00:00Z")))
          .build();
      assertThat(JSON.write(a)).isEqualTo(resource("v3/appointment.json").strip());
      assertThat(JSON.readAppointment(resource("v3/appointment.json"))).isEqualTo(a);
    }

    @Test
    @DisplayName("a busy block copied by SimplePractice's own sync is written with copyOf exactly as the checked-in document")
    void copyOf() {
      BusyBlock b = BusyBlock.timed(SourceRef.of(SourceSystem.GOOGLE, "1q2w3e4r5t6y7u8i9o0p_20260303T140000Z",
          "\"3339190436462000\""), "primary", ClinicianId.of("dr-lee"), Instant.parse("2026-03-03T14:00:00Z"),
          Instant.parse("2026-03-03T14:50:00Z")).asCopyOf(SourceSystem.SIMPLEPRACTICE);
      assertThat(JSON.write(b)).isEqualTo(resource("v3/busy-block-copy.json").strip());
      assertThat(JSON.readBusyBlock(resource("v3/busy-block-copy.json"))).isEqualTo(b);
      assertThat(JSON.readBusyBlock(JSON.write(b.withCopyOf(java.util.Optional.empty()))).copyOf()).isEmpty();
      assertThat(JSON.write(b.withCopyOf(java.util.Optional.empty()))).doesNotContain("copyOf");
    }

    @Test
    @DisplayName("a copyOf naming the block's own source system is refused at that field's object, without quoting it")
    void copyOfOwnSystem() {
      String doc = resource("v3/busy-block-copy.json").replace("\"copyOf\":\"simplepractice\"", "\"copyOf\":\"google\"");
      MalformedDocumentException e = catchThrowableOfType(MalformedDocumentException.class, () -> JSON.readBusyBlock(doc));
      assertThat(e).hasMessageContaining("$.busyBlock");
      String bad = resource("v3/busy-block-copy.json").replace("\"copyOf\":\"simplepractice\"", "\"copyOf\":\"Jane Roe\"");
      MalformedDocumentException e2 = catchThrowableOfType(MalformedDocumentException.class, () -> JSON.readBusyBlock(bad));
      assertThat(e2).hasMessageContaining("$.busyBlock.copyOf").hasMessageNotContaining("Jane Roe");
    }

    @Test
    @DisplayName("the document holds the patient only as the model's pseudonymous token")
    void phi() {
      String doc = JSON.write(v1Appointment());
      assertThat(doc).contains("\"patient\":\"pt_7f3a9c2e41b8d6e0\"").doesNotContain("name", "phone", "email", "notes");
    }
  }

  @Nested
  @DisplayName("refusals")
  class Refusals {
    @ParameterizedTest(name = "schemaVersion {0}")
    @CsvSource({"4", "0", "99"})
    @DisplayName("an unknown version is refused with a typed error naming the schemaVersion field")
    void futureVersion(int version) {
      String doc = resource("v1/appointment.json").replace("\"schemaVersion\": 1", "\"schemaVersion\": " + version);
      UnsupportedSchemaVersionException e =
          catchThrowableOfType(UnsupportedSchemaVersionException.class, () -> JSON.readAppointment(doc));
      assertThat(e.field()).isEqualTo("schemaVersion");
      assertThat(e.version()).isEqualTo(version);
      assertThat(e.path()).isEqualTo("$.schemaVersion");
      assertThat(e).hasMessageContaining("schemaVersion").isInstanceOf(dev.clinicsync.core.ValidationException.class);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "\"start\": \"2026-03-03T14:00:00Z\"|\"start\": \"next Tuesday with Jane Roe\"|$.appointment.start|Jane Roe",
        "\"status\": \"CONFIRMED\"|\"status\": \"SEEN_BY_JANE_ROE\"|$.appointment.status|JANE_ROE",
        "\"conflictIds\": [\"9a7e1f0c-2b3d-4e5f-8a9b-0c1d2e3f4a5b\"]|\"conflictIds\": [\"ok-id\", 5551234]|$.appointment.conflictIds[1]|5551234",
        "\"clinicianId\": \"dr-lee\",|\"clinicianId\": \"Dr Jane Roe\",|$.appointment.clinicianId|Jane Roe",
        "\"clinicianId\": \"dr-lee\",||$.appointment.clinicianId|dr-lee",
        "\"booked_via\": \"marketplace\"|\"booked_via\": {\"name\": \"Jane Roe\"}|$.appointment.sourceMetadata.booked_via|Jane Roe",
        "\"revision\": 4|\"revision\": 4, \"patientName\": \"Jane Roe\"|$.appointment.patientName|Jane Roe",
        "\"revision\": 4|\"revision\": 4, \"Jane Roe, 555-0199\": 1|$.appointment.<field>|Jane Roe",
        "\"end\": \"2026-03-03T14:50:00Z\"|\"end\": \"2026-03-03T13:50:00Z\"|$.appointment|13:50",
        "\"schemaVersion\": 1|\"schemaVersion\": \"1\"|$.schemaVersion|zzz",
        "\"sourceZone\": \"America/New_York\"|\"sourceZone\": \"Jane/Roe\"|$.appointment.sourceZone|Jane",
        "\"type\": {\"kind\": \"OTHER\", \"vendorCode\": \"new-patient-visit\"}|\"type\": \"OTHER\"|$.appointment.type|OTHER"})
    @DisplayName("a bad document is refused with a typed error naming the JSON path, never the value")
    void badDocuments(String find, String replaceWith, String path, String secret) {
      String doc = resource("v1/appointment.json");
      assertThat(doc).contains(find);
      String bad = doc.replace(find, replaceWith == null ? "" : replaceWith);
      MalformedDocumentException e = catchThrowableOfType(MalformedDocumentException.class, () -> JSON.readAppointment(bad));
      assertThat(e).as("refused").isNotNull();
      assertThat(e.path()).isEqualTo(path);
      assertThat(e.getMessage()).startsWith(path).doesNotContain(secret);
      assertThat(e.getCause()).isNull();
    }

    @Test
    @DisplayName("text that is not JSON is refused with its line and column, never an excerpt")
    void notJson() {
      String doc = "{\"schemaVersion\": 2, \"appointment\": {\"patient\": \"Jane Roe\", ";
      MalformedDocumentException e = catchThrowableOfType(MalformedDocumentException.class, () -> JSON.readAppointment(doc));
      assertThat(e.path()).isEqualTo("$");
      assertThat(e).hasMessageContaining("line 1").hasMessageNotContaining("Jane");
      assertThat(e.getCause()).isNull();
      assertThatThrownBy(() -> JSON.readAppointment("")).isInstanceOf(MalformedDocumentException.class);
      assertThatThrownBy(() -> JSON.readAppointment("{\"schemaVersion\":2,\"appointment\":{}} trailing"))
          .isInstanceOf(MalformedDocumentException.class).hasMessageNotContaining("trailing");
      assertThatThrownBy(() -> JSON.readAppointment("{\"schemaVersion\":2,\"schemaVersion\":2}"))
          .isInstanceOf(MalformedDocumentException.class);
    }

    @Test
    @DisplayName("a document of another kind, or missing its body, names the missing field")
    void wrongKind() {
      MalformedDocumentException e = catchThrowableOfType(MalformedDocumentException.class,
          () -> JSON.readBusyBlock(resource("v1/appointment.json")));
      assertThat(e.path()).isEqualTo("$.busyBlock");
      String funday = resource("v1/clinician.json").replace("\"MONDAY\"", "\"FUNDAY\"");
      assertThat(catchThrowableOfType(MalformedDocumentException.class, () -> JSON.readClinician(funday)).path())
          .isEqualTo("$.clinician.availability.weekly.FUNDAY");
      String nineAm = resource("v1/clinician.json").replace("\"09:00\"", "\"9 am\"");
      assertThat(catchThrowableOfType(MalformedDocumentException.class, () -> JSON.readClinician(nineAm)).path())
          .isEqualTo("$.clinician.availability.exceptions[1].ranges[0].start");
    }
  }
}
