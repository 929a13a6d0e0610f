package dev.clinicsync.connectors.simplepractice;

import static dev.clinicsync.connectors.simplepractice.PhiAssertions.assertNoPhi;
import static dev.clinicsync.connectors.simplepractice.PhiAssertions.assertNoPhiOutsidePhiRecords;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.memory.InMemoryClinicianDirectory;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.AppointmentType;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ExternalIdentity;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.WeeklyAvailability;
import dev.clinicsync.core.phi.PatientTokenizer;
import dev.clinicsync.core.phi.PhiField;
import dev.clinicsync.core.connector.RecordIssue;
import dev.clinicsync.core.store.Secret;
import dev.clinicsync.core.connector.SourceRecord;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Importing a SimplePractice CSV export")
class SimplePracticeCsvImporterTest {
  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  static final ClinicianId RIVERA = ClinicianId.of("dr-rivera");
  static final PatientTokenizer TOKENS = PatientTokenizer.fromKey(Secret.of("0123456789abcdef0123456789abcdef"));

  final InMemoryClinicianDirectory directory = InMemoryClinicianDirectory.of(
      Clinician.of(RIVERA, "Dr. Rivera", NEW_YORK, WeeklyAvailability.NONE)
          .withExternalIds(Set.of(ExternalIdentity.of(SourceSystem.SIMPLEPRACTICE, "sp-rivera"))));

  CsvImportSettings.Builder settings() {
    return CsvImportSettings.builder(NEW_YORK)
        .type("90837", AppointmentType.FOLLOW_UP)
        .type("90834", AppointmentType.FOLLOW_UP)
        .type("90791", AppointmentType.CONSULT);
  }

  CsvImportResult importFile(String resource, CsvImportSettings s) {
    return new SimplePracticeCsvImporter(s, TOKENS, directory)
        .importCsv(new ByteArrayInputStream(Fixtures.bytes(resource)));
  }

  static Map<String, SourceRecord> byId(CsvImportResult r) {
    return r.records().stream().collect(Collectors.toMap(x -> x.appointment().source().externalId(), Function.identity()));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"csv/appointments.csv", "csv/appointments-bom.csv"})
  @DisplayName("imports the good rows and reports each bad row by number, with or without a BOM")
  void goodAndBadRows(String resource) {
    CsvImportResult r = importFile(resource, settings().build());
    assertThat(r.rowsRead()).isEqualTo(9);
    assertThat(r.complete()).isTrue();
    assertThat(byId(r).keySet()).containsExactlyInAnyOrder("A-1001", "A-1002", "A-1003", "A-1008", "A-1009");
    assertThat(r.rowErrors()).extracting(CsvRowError::row, CsvRowError::column).containsExactly(
        org.assertj.core.groups.Tuple.tuple(5L, "DATE"),
        org.assertj.core.groups.Tuple.tuple(6L, "START_TIME"),
        org.assertj.core.groups.Tuple.tuple(7L, "END_TIME"),
        org.assertj.core.groups.Tuple.tuple(8L, "CLINICIAN"));
    assertThat(r.issues()).extracting(RecordIssue::vendorRecordId, RecordIssue::field).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple("A-1008", "STATUS"),
        org.assertj.core.groups.Tuple.tuple("A-1008", "TYPE"));
    assertThat(r.issues()).allSatisfy(i -> assertThat(i.severity()).isEqualTo(RecordIssue.Severity.FALLBACK));
  }

  @Test
  @DisplayName("maps SimplePractice's report statuses")
  void statuses() {
    Map<String, SourceRecord> ids = byId(importFile("csv/appointments.csv", settings().build()));
    assertThat(ids.get("A-1001").appointment().status()).isEqualTo(AppointmentStatus.COMPLETED);
    assertThat(ids.get("A-1002").appointment().status()).isEqualTo(AppointmentStatus.NO_SHOW);
    assertThat(ids.get("A-1003").appointment().status()).isEqualTo(AppointmentStatus.CANCELLED);
    assertThat(ids.get("A-1008").appointment().status()).isEqualTo(AppointmentStatus.SCHEDULED);
    assertThat(ids.get("A-1009").appointment().status()).isEqualTo(AppointmentStatus.SCHEDULED);
    assertThat(ids.get("A-1001").appointment().sourceMetadata()).containsEntry("csv.status", "show");
  }

  @Test
  @DisplayName("reads local times in the practice zone, across DST, and maps types")
  void times() {
    Map<String, SourceRecord> ids = byId(importFile("csv/appointments.csv", settings().build()));
    assertThat(ids.get("A-1001").appointment().start()).isEqualTo(Instant.parse("2025-03-10T13:00:00Z"));
    assertThat(ids.get("A-1001").appointment().end()).isEqualTo(Instant.parse("2025-03-10T13:53:00Z"));
    assertThat(ids.get("A-1001").appointment().type()).isEqualTo(AppointmentType.FOLLOW_UP);
    assertThat(ids.get("A-1001").appointment().clinicianId()).isEqualTo(RIVERA);
    assertThat(ids.get("A-1001").appointment().sourceZone()).contains(NEW_YORK);
    // 01:00 on the November fall-back day is ambiguous: the earlier (daylight) offset
    assertThat(ids.get("A-1009").appointment().start()).isEqualTo(Instant.parse("2025-11-02T05:00:00Z"));
    assertThat(ids.get("A-1008").appointment().type()).isEqualTo(AppointmentType.CONSULT);
  }

  @Test
  @DisplayName("tokenizes the client id and keeps names, DOB, phone, notes and links in the PHI record only")
  void phi() {
    CsvImportResult r = importFile("csv/appointments.csv", settings().build());
    Map<String, SourceRecord> ids = byId(r);
    SourceRecord first = ids.get("A-1001");
    assertThat(first.appointment().patient()).contains(TOKENS.tokenize("simplepractice", "CL-40021"));
    assertThat(ids.get("A-1003").appointment().patient()).isEmpty();
    var phi = first.phi().orElseThrow();
    assertThat(phi.get(PhiField.PATIENT_NAME)).contains("Jordan Testpatient");
    assertThat(phi.get(PhiField.DATE_OF_BIRTH)).contains("02/29/1984");
    assertThat(phi.get(PhiField.PHONE)).contains("+1-555-0142");
    assertThat(phi.get(PhiField.TELEHEALTH_LINK)).contains("https://telehealth.example.com/room/8f3k2");
    assertThat(phi.get(PhiField.NOTES)).contains("Discussed divorce, panic attacks");
    assertThat(phi.get(PhiField.VENDOR_PATIENT_ID)).contains("CL-40021");
    assertThat(ids.get("A-1003").phi().orElseThrow().get(PhiField.NOTES)).contains("Multi-line note\nsecond line with 555-0199");
    assertNoPhiOutsidePhiRecords(r.records());
    assertNoPhi("row errors", r.rowErrors().toString());
    assertNoPhi("issues", r.issues().toString());
    assertNoPhi("result", r.toString());
  }

  @Test
  @DisplayName("reads an export with other column names through a configured mapping")
  void customMapping() {
    CsvColumnMapping mapping = CsvColumnMapping.defaults()
        .with(CsvColumn.DATE, "Appt Date")
        .with(CsvColumn.START_TIME, "From")
        .with(CsvColumn.END_TIME, "Until")
        .with(CsvColumn.STATUS, "Attendance")
        .with(CsvColumn.CLIENT_ID, "Patient Ref")
        .with(CsvColumn.CLINICIAN, "Provider");
    CsvImportResult r = importFile("csv/custom-columns.csv",
        settings().mapping(mapping).datePatterns("uuuu-MM-dd").timePatterns("HH:mm").build());
    assertThat(r.rowErrors()).isEmpty();
    assertThat(r.records()).extracting(x -> x.appointment().status())
        .containsExactly(AppointmentStatus.NO_SHOW, AppointmentStatus.CANCELLED);
    assertThat(r.records().get(0).appointment().start()).isEqualTo(Instant.parse("2025-03-10T13:00:00Z"));
    // no APPOINTMENT_ID column: the key is a keyed hash, the same on every import
    CsvImportResult again = importFile("csv/custom-columns.csv",
        settings().mapping(mapping).datePatterns("uuuu-MM-dd").timePatterns("HH:mm").build());
    assertThat(r.records().get(0).appointment().source().externalId())
        .startsWith("row-")
        .isEqualTo(again.records().get(0).appointment().source().externalId())
        .doesNotContain("CL-40021");
  }

  @Test
  @DisplayName("refuses a header row without a date column, naming what it looked for")
  void missingColumn() {
    String csv = "When,Who\n3/10/2025,Jordan Testpatient\n";
    assertThatThrownBy(() -> new SimplePracticeCsvImporter(settings().clinician(RIVERA).build(), TOKENS, directory)
        .importCsv(new StringReader(csv)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("DATE")
        .satisfies(e -> assertNoPhi("message", e.getMessage()));
  }

  @Test
  @DisplayName("keeps the rows before a broken quote and reports where the file broke")
  void brokenQuote() {
    String csv = "Date,Start Time,End Time\n3/10/2025,9:00 AM,9:50 AM\n3/11/2025,\"9:00 AM,9:50 AM\n";
    CsvImportResult r = new SimplePracticeCsvImporter(settings().clinician(RIVERA).build(), TOKENS, directory)
        .importCsv(new StringReader(csv));
    assertThat(r.records()).hasSize(1);
    assertThat(r.complete()).isFalse();
    assertThat(r.rowErrors()).singleElement().satisfies(e -> assertThat(e.row()).isEqualTo(3));
  }

  @Test
  @DisplayName("refuses bytes that are not UTF-8")
  void notUtf8() {
    byte[] latin1 = "Date,Start Time\n3/10/2025,9:00 AM\nRen\u00e9e\n".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> new SimplePracticeCsvImporter(settings().clinician(RIVERA).build(), TOKENS, directory)
        .importCsv(new ByteArrayInputStream(latin1)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("not UTF-8");
  }
}
