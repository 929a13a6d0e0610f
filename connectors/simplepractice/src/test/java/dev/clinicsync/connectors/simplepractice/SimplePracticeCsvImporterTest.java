package dev.clinicsync.connectors.simplepractice;

import static dev.clinicsync.connectors.simplepractice.PhiAssertions.assertNoPhi;
import static dev.clinicsync.connectors.simplepractice.PhiAssertions.assertNoPhiOutsidePhiRecords;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

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
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
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

  /** An endless export: a header, then the same row forever. */
  static java.io.InputStream endlessExport() {
    byte[] header = "Appointment ID,Date,Start Time,End Time\n".getBytes(StandardCharsets.UTF_8);
    byte[] row = "A-1,3/10/2025,9:00 AM,9:50 AM\n".getBytes(StandardCharsets.UTF_8);
    return new java.io.InputStream() {
      long position;

      @Override
      public int read() {
        long p = position++;
        if (p < header.length) {
          return header[(int) p];
        }
        return row[(int) ((p - header.length) % row.length)];
      }
    };
  }

  @Nested
  @DisplayName("limits")
  class Limits {
    @Test
    @DisplayName("have documented defaults")
    void defaults() {
      CsvImportSettings s = settings().build();
      assertThat(s.maxRows()).isEqualTo(CsvImportSettings.DEFAULT_MAX_ROWS).isEqualTo(200_000);
      assertThat(s.maxBytes()).isEqualTo(CsvImportSettings.DEFAULT_MAX_BYTES).isEqualTo(50L * 1024 * 1024);
      assertThatThrownBy(() -> settings().maxRows(0).build()).isInstanceOf(ValidationException.class)
          .hasMessageContaining("max-rows");
      assertThatThrownBy(() -> settings().maxBytes(0).build()).isInstanceOf(ValidationException.class)
          .hasMessageContaining("max-bytes");
    }

    @Test
    @DisplayName("refuse an export with more data rows than max-rows, naming the limit")
    void rows() {
      assertThatThrownBy(() -> importFile("csv/appointments.csv", settings().maxRows(8).build()))
          .isInstanceOfSatisfying(CsvLimitExceededException.class, e -> {
            assertThat(e.limit()).isEqualTo(CsvLimitExceededException.MAX_ROWS);
            assertThat(e.limitValue()).isEqualTo(8);
            assertThat(e.getMessage()).contains("max-rows (8)");
            assertNoPhi("message", e.getMessage());
          });
      assertThat(importFile("csv/appointments.csv", settings().maxRows(9).build()).rowsRead()).isEqualTo(9);
    }

    @Test
    @DisplayName("refuse an export with more bytes (or characters, from a Reader) than max-bytes, naming the limit")
    void bytes() {
      byte[] file = Fixtures.bytes("csv/appointments.csv");
      CsvImportSettings small = settings().maxBytes(file.length - 1).build();
      assertThatThrownBy(() -> new SimplePracticeCsvImporter(small, TOKENS, directory).importCsv(new ByteArrayInputStream(file)))
          .isInstanceOfSatisfying(CsvLimitExceededException.class, e -> {
            assertThat(e.limit()).isEqualTo(CsvLimitExceededException.MAX_BYTES);
            assertThat(e.getMessage()).contains("max-bytes (" + (file.length - 1) + ")");
            assertNoPhi("message", e.getMessage());
          });
      String text = new String(file, StandardCharsets.UTF_8);
      CsvImportSettings smallChars = settings().maxBytes(text.length() - 1).build();
      assertThatThrownBy(() -> new SimplePracticeCsvImporter(smallChars, TOKENS, directory).importCsv(new StringReader(text)))
          .isInstanceOfSatisfying(CsvLimitExceededException.class,
              e -> assertThat(e.limit()).isEqualTo(CsvLimitExceededException.MAX_BYTES));
      assertThat(new SimplePracticeCsvImporter(settings().maxBytes(file.length).build(), TOKENS, directory)
          .importCsv(new ByteArrayInputStream(file)).rowsRead()).isEqualTo(9);
    }

    @Test
    @DisplayName("end an endless export with a typed error, by rows or by bytes")
    void endless() {
      CsvImportSettings byRows = settings().clinician(RIVERA).maxRows(1_000).build();
      assertThatThrownBy(() -> assertTimeoutPreemptively(Duration.ofSeconds(10),
          () -> new SimplePracticeCsvImporter(byRows, TOKENS, directory).importCsv(endlessExport())))
          .isInstanceOfSatisfying(CsvLimitExceededException.class, e -> assertThat(e.limit()).isEqualTo("max-rows"));
      CsvImportSettings byBytes = settings().clinician(RIVERA).maxBytes(10_000).build();
      assertThatThrownBy(() -> assertTimeoutPreemptively(Duration.ofSeconds(10),
          () -> new SimplePracticeCsvImporter(byBytes, TOKENS, directory).importCsv(endlessExport())))
          .isInstanceOfSatisfying(CsvLimitExceededException.class, e -> assertThat(e.limit()).isEqualTo("max-bytes"));
    }
  }

  static String quoted(String cell) {
    return "\"" + cell.replace("\"", "\"\"") + "\"";
  }

  static java.util.stream.Stream<Arguments> formulaCells() {
    java.util.List<String> cells = java.util.List.of("=1+1", "+15550100", "-2+3", "@SUM(A1)", "=HYPERLINK(\"http://x.example\")",
        " =1+1", "   @SUM(A1)", "\t=1+1", "\r=1+1", "\r\n+1", "\u00a0=1+1", "\uff1d1+1", "A\tB", "A\u0000B");
    java.util.List<String> columns = java.util.List.of("APPOINTMENT_ID", "CLIENT_ID", "CLINICIAN");
    return columns.stream().flatMap(c -> cells.stream().map(v -> Arguments.of(c, v)));
  }

  @Nested
  @DisplayName("identifier cells")
  class Identifiers {
    CsvImportResult importRow(String appointmentId, String clientId, String clinician, CsvImportSettings s) {
      String csv = "Appointment ID,Date,Start Time,End Time,Clinician,Client ID\n"
          + quoted(appointmentId) + ",3/10/2025,9:00 AM,9:50 AM," + quoted(clinician) + "," + quoted(clientId) + "\n";
      return new SimplePracticeCsvImporter(s, TOKENS, directory).importCsv(new StringReader(csv));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("dev.clinicsync.connectors.simplepractice.SimplePracticeCsvImporterTest#formulaCells")
    @DisplayName("refuse a formula or control characters as an identifier: a row error naming column and row, the cell passed on nowhere")
    void formula(String column, String cell) {
      CsvImportResult r = importRow(column.equals("APPOINTMENT_ID") ? cell : "A-2001",
          column.equals("CLIENT_ID") ? cell : "CL-50001", column.equals("CLINICIAN") ? cell : "sp-rivera",
          settings().clinician(RIVERA).build());
      assertThat(r.records()).isEmpty();
      assertThat(r.rowErrors()).singleElement().satisfies(e -> {
        assertThat(e.row()).isEqualTo(2);
        assertThat(e.column()).isEqualTo(column);
        assertThat(e.reason()).contains("identifier");
        assertThat(e.appointmentId()).isEqualTo(column.equals("APPOINTMENT_ID") ? java.util.Optional.empty()
            : java.util.Optional.of("A-2001"));
      });
      String core = cell.strip().replaceAll("\\p{Cntrl}", "");
      assertThat(r.rowErrors().toString() + r.issues() + r).doesNotContain(core);
    }

    @Test
    @DisplayName("accept ordinary ids, hyphens inside included")
    void ordinary() {
      CsvImportResult r = importRow("A-2001", "CL-50001", "sp-rivera", settings().build());
      assertThat(r.rowErrors()).isEmpty();
      assertThat(r.records()).singleElement().satisfies(x -> {
        assertThat(x.appointment().source().externalId()).isEqualTo("A-2001");
        assertThat(x.appointment().patient()).contains(TOKENS.tokenize("simplepractice", "CL-50001"));
      });
    }

    @Test
    @DisplayName("report a clinician cell naming nobody as a row error, never as the default clinician")
    void unknownClinician() {
      CsvImportResult r = importRow("A-2001", "CL-50001", "sp-nobody", settings().clinician(RIVERA).build());
      assertThat(r.records()).isEmpty();
      assertThat(r.rowErrors()).singleElement().satisfies(e -> {
        assertThat(e.row()).isEqualTo(2);
        assertThat(e.column()).isEqualTo("CLINICIAN");
        assertThat(e.reason()).doesNotContain("sp-nobody");
      });
      // an empty clinician cell is what the default clinician is for
      assertThat(importRow("A-2001", "CL-50001", "", settings().clinician(RIVERA).build()).records())
          .singleElement().satisfies(x -> assertThat(x.appointment().clinicianId()).isEqualTo(RIVERA));
    }
  }
}
