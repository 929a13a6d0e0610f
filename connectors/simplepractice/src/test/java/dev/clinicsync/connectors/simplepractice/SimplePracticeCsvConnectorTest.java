package dev.clinicsync.connectors.simplepractice;

import static dev.clinicsync.connectors.simplepractice.PhiAssertions.assertNoPhi;
import static dev.clinicsync.connectors.simplepractice.PhiAssertions.assertNoPhiOutsidePhiRecords;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.memory.InMemoryClinicianDirectory;
import dev.clinicsync.core.memory.InMemorySecretStore;
import dev.clinicsync.core.model.AppointmentType;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ExternalIdentity;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.model.WeeklyAvailability;
import dev.clinicsync.core.phi.PatientTokenizer;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.connector.ConnectorContext;
import dev.clinicsync.core.connector.ConnectorProvider;
import dev.clinicsync.core.connector.FetchPage;
import dev.clinicsync.core.connector.FetchRequest;
import dev.clinicsync.core.connector.RecordIssue;
import dev.clinicsync.core.store.Secret;
import dev.clinicsync.core.connector.SourceConnector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The simplepractice-csv connector")
class SimplePracticeCsvConnectorTest {
  static final TimeWindow MARCH = TimeWindow.of(Instant.parse("2025-03-01T00:00:00Z"), Instant.parse("2025-04-01T00:00:00Z"));

  @TempDir
  Path dir;

  final ConnectorContext context = new ConnectorContext(Clock.fixed(Instant.parse("2025-03-01T00:00:00Z"), ZoneOffset.UTC),
      new InMemorySecretStore(),
      InMemoryClinicianDirectory.of(Clinician.of(ClinicianId.of("dr-rivera"), "Dr. Rivera", ZoneId.of("America/New_York"),
          WeeklyAvailability.NONE).withExternalIds(Set.of(ExternalIdentity.of(SourceSystem.SIMPLEPRACTICE, "sp-rivera")))),
      PatientTokenizer.fromKey(Secret.of("0123456789abcdef0123456789abcdef")));

  SourceConnector connector(Path file) {
    ConnectorConfig config = ConnectorConfig.of("sp-csv", "simplepractice-csv", Map.of(
        "csv-path", file.toString(), "practice-zone", "America/New_York",
        "type-map", "90837=FOLLOW_UP|90834=follow_up|90791=CONSULT", "status-map", "Rescheduled by Jordan=SCHEDULED"));
    return ConnectorProvider.create(config, context, getClass().getClassLoader());
  }

  @Test
  @DisplayName("returns the window's rows, and each bad row as a SKIPPED issue naming its appointment id")
  void fetch() throws IOException {
    Path file = dir.resolve("appointments.csv");
    Files.write(file, Fixtures.bytes("csv/appointments-bom.csv"));
    FetchPage page = connector(file).fetch(FetchRequest.full(MARCH));
    assertThat(page.appointmentUpserts()).extracting(r -> r.appointment().source().externalId())
        .containsExactlyInAnyOrder("A-1001", "A-1002", "A-1003", "A-1008");
    assertThat(page.appointmentUpserts()).filteredOn(r -> r.appointment().source().externalId().equals("A-1001"))
        .singleElement().satisfies(r -> assertThat(r.appointment().type()).isEqualTo(AppointmentType.FOLLOW_UP));
    assertThat(page.issues()).filteredOn(i -> i.severity() == RecordIssue.Severity.SKIPPED)
        .extracting(RecordIssue::vendorRecordId).containsExactlyInAnyOrder("A-1004", "A-1005", "A-1006", "A-1007");
    assertThat(page.issues()).filteredOn(i -> i.severity() == RecordIssue.Severity.FALLBACK)
        .extracting(RecordIssue::field).containsExactly("TYPE");
    assertNoPhiOutsidePhiRecords(page.appointmentUpserts());
    assertNoPhi("issues", page.issues().toString());
  }

  @Test
  @DisplayName("refuses a file that breaks off, so reconciliation never deletes the rows after the break")
  void brokenFile() throws IOException {
    Path file = dir.resolve("broken.csv");
    Files.writeString(file, "Date,Start Time,End Time,Clinician\n3/10/2025,9:00 AM,9:50 AM,sp-rivera\n"
        + "3/11/2025,\"9:00 AM,9:50 AM,sp-rivera\n", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> connector(file).fetch(FetchRequest.full(MARCH)))
        .isInstanceOf(PermanentConnectorException.class).hasMessageContaining("breaks off");
  }

  @Test
  @DisplayName("names its configuration problems")
  void config() {
    ConnectorConfig bad = ConnectorConfig.of("sp-csv", "simplepractice-csv", Map.of("practice-zone", "Nowhere/Else"));
    assertThatThrownBy(() -> new SimplePracticeCsvProvider().create(bad, context))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems()).hasSize(2));
  }
}
