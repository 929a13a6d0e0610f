package dev.clinicsync.connectors.athena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.clinicsync.connectors.tck.RecordingSleeper;
import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.connector.ConnectorContext;
import dev.clinicsync.core.connector.FetchLoop;
import dev.clinicsync.core.connector.FetchRequest;
import dev.clinicsync.core.connector.FetchResult;
import dev.clinicsync.core.connector.RecordIssue;
import dev.clinicsync.core.connector.SourceRecord;
import dev.clinicsync.core.memory.InMemoryClinicianDirectory;
import dev.clinicsync.core.memory.InMemorySecretStore;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.AppointmentType;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ExternalIdentity;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.model.WeeklyAvailability;
import dev.clinicsync.core.phi.PatientTokenizer;
import dev.clinicsync.core.phi.PhiField;
import dev.clinicsync.core.store.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The athenahealth connector against a real HAPI FHIR server, in-process, with a stub token endpoint. */
@DisplayName("athenahealth connector against a real FHIR server")
class AthenaFhirServerTest {
  private static final class FhirAppointmentStatus {
    static final org.hl7.fhir.r4.model.Appointment.AppointmentStatus BOOKED = org.hl7.fhir.r4.model.Appointment.AppointmentStatus.BOOKED;
    static final org.hl7.fhir.r4.model.Appointment.AppointmentStatus CANCELLED = org.hl7.fhir.r4.model.Appointment.AppointmentStatus.CANCELLED;
    static final org.hl7.fhir.r4.model.Appointment.AppointmentStatus ENTEREDINERROR = org.hl7.fhir.r4.model.Appointment.AppointmentStatus.ENTEREDINERROR;
  }

  private static final TimeWindow WEEK = TimeWindow.of(Instant.parse("2026-03-02T00:00:00Z"), Instant.parse("2026-03-09T00:00:00Z"));
  private static final ClinicianId LEE = ClinicianId.of("dr-lee");
  private static final ClinicianId OKAFOR = ClinicianId.of("dr-okafor");
  private static FhirTestServer server;

  private RecordingSleeper sleeper;
  private ConnectorContext context;
  private final List<Throwable> failures = new ArrayList<>();

  @BeforeAll
  static void startServer() throws Exception {
    server = new FhirTestServer();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void seed() {
    server.reset();
    AthenaSeed.week().forEach(server.store::save);
    sleeper = new RecordingSleeper(Instant.parse("2026-03-01T12:00:00Z"));
    InMemorySecretStore secrets = new InMemorySecretStore();
    secrets.put(PatientTokenizer.DEFAULT_KEY_NAME, Secret.of("athena-test-patient-token-key-0123456789"));
    secrets.put("athena/client-id", Secret.of(FhirTestServer.CLIENT_ID));
    secrets.put("athena/client-secret", Secret.of(FhirTestServer.CLIENT_SECRET));
    InMemoryClinicianDirectory clinicians = new InMemoryClinicianDirectory();
    clinicians.save(Clinician.of(LEE, "Dr. Lee", ZoneId.of("America/New_York"), WeeklyAvailability.builder().build())
        .withExternalIds(Set.of(ExternalIdentity.of(SourceSystem.ATHENAHEALTH, AthenaSeed.DR_LEE))));
    clinicians.save(Clinician.of(OKAFOR, "Dr. Okafor", ZoneId.of("America/New_York"), WeeklyAvailability.builder().build())
        .withExternalIds(Set.of(ExternalIdentity.of(SourceSystem.ATHENAHEALTH, "71"))));
    context = new ConnectorContext(sleeper.clock(), secrets, clinicians, PatientTokenizer.fromSecretStore(secrets));
  }

  private AthenaConnector connector(String baseUrl, String practice, String incremental) {
    Map<String, String> p = new HashMap<>();
    p.put("base-url", baseUrl);
    p.put("token-url", server.tokenUrl());
    p.put("practice-id", practice);
    p.put("client-id-secret", "athena/client-id");
    p.put("client-secret-secret", "athena/client-secret");
    p.put("scopes", "system/Appointment.read athena/service/Athenanet.MDP.*");
    p.put("incremental", incremental);
    p.put("allow-http", "true");
    p.put("allow-private-targets", server.target());
    p.put("http.call-timeout", "PT10S");
    p.put("rate-limit.per-second", "1000");
    AthenaSettings settings = AthenaSettings.from(ConnectorConfig.of("athena-main", "athenahealth", p));
    return AthenaConnector.builder(settings, context).sleeper(sleeper).build();
  }

  private FetchResult fetch(AthenaConnector c, FetchRequest first) {
    try {
      return FetchLoop.readAll(c, first, sleeper.clock(), page -> { });
    } catch (RuntimeException e) {
      failures.add(e);
      throw e;
    }
  }

  private static Map<String, Appointment> byId(FetchResult r) {
    return r.appointmentUpserts().stream().map(SourceRecord::appointment)
        .collect(Collectors.toMap(a -> a.source().externalId(), Function.identity()));
  }

  private static List<String> issues(FetchResult r, String id) {
    return r.issues().stream().filter(i -> i.vendorRecordId().equals(id)).map(RecordIssue::field).collect(Collectors.toList());
  }

  @Test
  @DisplayName("a full fetch follows the server's next links and maps every shape of appointment")
  void fullFetch() {
    AthenaConnector c = connector(server.baseUrl(), AthenaSeed.PRACTICE, "last-updated");
    FetchResult r = fetch(c, FetchRequest.full(WEEK).withPageSize(3));

    assertThat(r.pages()).as("pages of three").isGreaterThanOrEqualTo(5);
    Map<String, Appointment> got = byId(r);
    assertThat(got.keySet()).containsExactlyInAnyOrder(AthenaSeed.id(1001), AthenaSeed.id(1002), AthenaSeed.id(1003),
        AthenaSeed.id(1005), AthenaSeed.id(1006), AthenaSeed.id(1008), AthenaSeed.id(1009), AthenaSeed.id(1011),
        AthenaSeed.id(1012), AthenaSeed.id(1013));
    assertThat(r.appointmentDeletions()).extracting(SourceRef::externalId).containsExactly(AthenaSeed.id(1010));

    Appointment booked = got.get(AthenaSeed.id(1001));
    assertThat(booked.status()).isEqualTo(AppointmentStatus.SCHEDULED);
    assertThat(booked.clinicianId()).isEqualTo(LEE);
    assertThat(booked.vendorProviderId()).contains(AthenaSeed.DR_LEE);
    assertThat(booked.window()).isEqualTo(TimeWindow.of(Instant.parse("2026-03-02T14:00:00Z"), Instant.parse("2026-03-02T14:50:00Z")));
    assertThat(booked.sourceZone()).contains(ZoneOffset.ofHours(-5));
    assertThat(booked.locationId()).contains("a-195900.Department-1");
    assertThat(booked.type().kind()).isEqualTo(AppointmentType.Kind.FOLLOW_UP);
    assertThat(booked.source().version()).contains("1");
    assertThat(booked.patient()).contains(context.patients().tokenize("athenahealth", AthenaSeed.PATIENT_ID));

    assertThat(got.get(AthenaSeed.id(1002)).status()).isEqualTo(AppointmentStatus.CANCELLED);
    assertThat(got.get(AthenaSeed.id(1002)).clinicianId()).as("absolute, versioned URL; bare v1 id in the directory").isEqualTo(OKAFOR);
    assertThat(got.get(AthenaSeed.id(1002)).patient()).as("identifier-only patient").isPresent();
    assertThat(got.get(AthenaSeed.id(1003)).status()).isEqualTo(AppointmentStatus.NO_SHOW);
    assertThat(got.get(AthenaSeed.id(1003)).clinicianId()).as("contained PractitionerRole").isEqualTo(LEE);
    assertThat(got.get(AthenaSeed.id(1005)).window()).as("minutesDuration without end")
        .isEqualTo(TimeWindow.of(Instant.parse("2026-03-04T13:15:00Z"), Instant.parse("2026-03-04T13:45:00Z")));
    assertThat(got.get(AthenaSeed.id(1006)).end()).as("contradicting minutesDuration: end kept").isEqualTo(Instant.parse("2026-03-04T17:00:00Z"));
    assertThat(got.get(AthenaSeed.id(1008)).status()).isEqualTo(AppointmentStatus.COMPLETED);
    assertThat(got.get(AthenaSeed.id(1008)).patient()).as("contained patient, by identifier")
        .isEqualTo(got.get(AthenaSeed.id(1002)).patient());
    assertThat(got.get(AthenaSeed.id(1009)).window()).as("milliseconds and +05:30")
        .isEqualTo(TimeWindow.of(Instant.parse("2026-03-06T14:00:00.250Z"), Instant.parse("2026-03-06T14:30:00.250Z")));
    assertThat(got.get(AthenaSeed.id(1009)).status()).isEqualTo(AppointmentStatus.COMPLETED);
    assertThat(got.get(AthenaSeed.id(1011)).status()).isEqualTo(AppointmentStatus.COMPLETED);
    assertThat(got.get(AthenaSeed.id(1012)).status()).isEqualTo(AppointmentStatus.PENDING);
    assertThat(got.get(AthenaSeed.id(1013)).status()).isEqualTo(AppointmentStatus.PENDING);

    assertThat(issues(r, AthenaSeed.id(1004))).as("proposed without times").containsExactly("start");
    assertThat(issues(r, AthenaSeed.id(1006))).contains("minutesDuration");
    assertThat(issues(r, AthenaSeed.id(1007))).as("data-absent-reason on start").containsExactly("start");
    assertThat(r.issues()).filteredOn(i -> i.vendorRecordId().equals(AthenaSeed.id(1007)))
        .extracting(RecordIssue::reason).containsExactly("absent (data-absent-reason unknown)");
    assertThat(issues(r, AthenaSeed.id(1014))).as("unknown practitioner").containsExactly("participant.actor");
    assertThat(r.nextCursor()).isPresent();
  }

  @Test
  @DisplayName("the patient's name, notes and birth date go to the PHI record and nowhere else: not to a log line, an issue or a toString")
  void phiStaysInThePhiRecord() throws IOException {
    AthenaConnector c = connector(server.baseUrl(), AthenaSeed.PRACTICE, "last-updated");
    FetchResult r = fetch(c, FetchRequest.full(WEEK).withPageSize(3));
    Throwable refused = catchThrowable(() -> fetch(connector(server.baseUrl(), "400", "last-updated"), FetchRequest.full(WEEK)));
    assertThat(refused).isNotNull();

    SourceRecord booked = r.appointmentUpserts().stream()
        .filter(s -> s.appointment().source().externalId().equals(AthenaSeed.id(1001))).findFirst().orElseThrow();
    assertThat(booked.phi()).hasValueSatisfying(p -> {
      assertThat(p.get(PhiField.PATIENT_NAME)).contains(AthenaSeed.PATIENT_NAME);
      assertThat(p.get(PhiField.NOTES)).contains(AthenaSeed.NOTE);
      assertThat(p.get(PhiField.VENDOR_PATIENT_ID)).contains(AthenaSeed.PATIENT_ID);
    });

    List<String> seen = new ArrayList<>();
    r.appointmentUpserts().forEach(s -> {
      seen.add(s.toString());
      seen.add(s.appointment().toString());
      seen.add(s.appointment().sourceMetadata().toString());
      seen.add(s.phi().map(Object::toString).orElse(""));
    });
    r.issues().forEach(i -> seen.add(i.toString()));
    r.appointmentDeletions().forEach(d -> seen.add(d.toString()));
    r.nextCursor().ifPresent(cur -> seen.add(cur.value()));
    seen.add(c.toString());
    seen.add(c.settings().toString());
    for (Throwable t = refused; t != null; t = t.getCause()) {
      seen.add(String.valueOf(t.getMessage()));
      seen.add(t.toString());
    }
    Path log = Path.of("target", "athenahealth-test.log");
    assertThat(log).exists();
    seen.add(Files.readString(log, StandardCharsets.UTF_8));
    assertThat(seen.stream().filter(s -> s.contains("athena-main")).count()).as("the log and messages were read").isPositive();
    for (String phi : AthenaSeed.PHI) {
      assertThat(seen).as("places showing " + phi).noneMatch(s -> s.contains(phi));
    }
  }

  @Test
  @DisplayName("an incremental fetch by _lastUpdated returns only what changed since the cursor, and entered-in-error as a deletion")
  void incrementalByLastUpdated() {
    AthenaConnector c = connector(server.baseUrl(), AthenaSeed.PRACTICE, "last-updated");
    FetchResult full = fetch(c, FetchRequest.full(WEEK).withPageSize(3));

    org.hl7.fhir.r4.model.Appointment moved = server.store.get(AthenaSeed.id(1001)).copy();
    moved.getStartElement().setValueAsString("2026-03-02T11:00:00-05:00");
    moved.getEndElement().setValueAsString("2026-03-02T11:50:00-05:00");
    server.store.save(moved);
    org.hl7.fhir.r4.model.Appointment voided = server.store.get(AthenaSeed.id(1011)).copy();
    voided.setStatus(FhirAppointmentStatus.ENTEREDINERROR);
    server.store.save(voided);
    org.hl7.fhir.r4.model.Appointment nextMonth = AthenaSeed.appointment(1020, FhirAppointmentStatus.BOOKED,
        "2026-04-14T09:00:00-04:00", "2026-04-14T09:30:00-04:00");
    AthenaSeed.practitioner(nextMonth, "Practitioner/" + AthenaSeed.DR_LEE);
    server.store.save(nextMonth);

    FetchResult changes = fetch(c, FetchRequest.incremental(WEEK, full.nextCursor().orElseThrow()).withPageSize(3));
    // a record stamped in the same instant as the cursor may come again, unchanged (the coordinator
    // sees its version and leaves it): what changed is exactly the moved and the new appointment
    Map<String, Appointment> before = byId(full);
    assertThat(byId(changes).values()).filteredOn(a -> before.get(a.source().externalId()) == null
            || !before.get(a.source().externalId()).source().version().equals(a.source().version()))
        .extracting(a -> a.source().externalId())
        .containsExactlyInAnyOrder(AthenaSeed.id(1001), AthenaSeed.id(1020));
    assertThat(byId(changes).get(AthenaSeed.id(1001)).source().version()).contains("2");
    // the same for a deletion: the seed's entered-in-error 1010 may be stamped in the cursor's instant
    Set<String> deletedBefore = full.appointmentDeletions().stream().map(SourceRef::externalId)
        .collect(Collectors.toSet());
    assertThat(changes.appointmentDeletions()).extracting(SourceRef::externalId)
        .filteredOn(id -> !deletedBefore.contains(id)).containsExactly(AthenaSeed.id(1011));
    assertThat(server.searchQueries).last().asString().contains("_lastUpdated").doesNotContain("date-window");

    FetchResult nothing = fetch(c, FetchRequest.incremental(WEEK, changes.nextCursor().orElseThrow()));
    assertThat(nothing.appointmentUpserts()).isEmpty();
    assertThat(nothing.appointmentDeletions()).isEmpty();
  }

  @Test
  @DisplayName("without _lastUpdated the window is read again: unchanged appointments are left out, vanished ones are deletions")
  void incrementalByWindowedRefetch() {
    AthenaConnector c = connector(server.windowedBaseUrl(), AthenaSeed.PRACTICE, "windowed");
    FetchResult full = fetch(c, FetchRequest.full(WEEK).withPageSize(3));
    assertThat(full.appointmentUpserts()).hasSize(10);

    org.hl7.fhir.r4.model.Appointment cancelled = server.store.get(AthenaSeed.id(1005)).copy();
    cancelled.setStatus(FhirAppointmentStatus.CANCELLED);
    server.store.save(cancelled);
    server.store.remove(AthenaSeed.id(1012));

    FetchResult changes = fetch(c, FetchRequest.incremental(WEEK, full.nextCursor().orElseThrow()).withPageSize(3));
    assertThat(byId(changes).keySet()).containsExactly(AthenaSeed.id(1005));
    assertThat(byId(changes).get(AthenaSeed.id(1005)).status()).isEqualTo(AppointmentStatus.CANCELLED);
    assertThat(changes.appointmentDeletions()).extracting(SourceRef::externalId).containsExactly(AthenaSeed.id(1012));
  }

  @Test
  @DisplayName("in auto mode the server's CapabilityStatement decides between _lastUpdated and the windowed re-fetch")
  void autoModeReadsTheCapabilities() {
    assertThat(connector(server.baseUrl(), AthenaSeed.PRACTICE, "auto").incrementalMode()).isEqualTo(IncrementalMode.LAST_UPDATED);
    assertThat(connector(server.windowedBaseUrl(), AthenaSeed.PRACTICE, "auto").incrementalMode()).isEqualTo(IncrementalMode.WINDOWED);
  }

  @Test
  @DisplayName("every FHIR request carries a bearer token from the token endpoint (HTTP Basic, form body, the configured scopes)")
  void bearerOnEveryRequest() {
    AthenaConnector c = connector(server.baseUrl(), AthenaSeed.PRACTICE, "last-updated");
    FetchResult r = fetch(c, FetchRequest.full(WEEK).withPageSize(3));
    assertThat(server.authorizationHeaders).hasSize(r.pages()).allSatisfy(h -> assertThat(h).startsWith("Bearer athena-test-token-"));
    assertThat(server.tokens.requests.get()).as("one token for the whole fetch").isEqualTo(1);
    assertThat(server.tokens.scopes).containsExactly("system/Appointment.read athena/service/Athenanet.MDP.*");
  }

  @Test
  @DisplayName("a 401 (a token revoked at the server) refreshes the token once and the fetch goes on")
  void unauthorizedRefreshesOnce() {
    AthenaConnector c = connector(server.baseUrl(), AthenaSeed.PRACTICE, "last-updated");
    fetch(c, FetchRequest.full(WEEK).withPageSize(20));
    server.tokens.revokeAll();
    FetchResult again = fetch(c, FetchRequest.full(WEEK).withPageSize(20));
    assertThat(again.appointmentUpserts()).hasSize(10);
    assertThat(server.tokens.requests.get()).isEqualTo(2);
  }

  @Test
  @DisplayName("an OperationOutcome error becomes a permanent failure naming its issue codes, never its diagnostics")
  void operationOutcomeIsReadable() {
    AthenaConnector c = connector(server.baseUrl(), "400", "last-updated");
    assertThatThrownBy(() -> c.fetch(FetchRequest.full(WEEK)))
        .isInstanceOfSatisfying(PermanentConnectorException.class, e -> {
          assertThat(e.getMessage()).contains("OperationOutcome issues: processing").contains("HTTP 400")
              .doesNotContain("Marisol").doesNotContain("practice");
          assertThat(e.connectorId()).isEqualTo("athena-main");
        });
  }

  @Test
  @DisplayName("429 and 503 from the server go through the kit's retry policy and the fetch completes")
  void retryableStatusesAreRetried() {
    server.failNext.addAll(List.of(429, 503));
    AthenaConnector c = connector(server.baseUrl(), AthenaSeed.PRACTICE, "last-updated");
    FetchResult r = fetch(c, FetchRequest.full(WEEK).withPageSize(20));
    assertThat(r.appointmentUpserts()).hasSize(10);
    assertThat(sleeper.waits()).as("backoff waits, never real sleeps").hasSize(2);
  }
}
