package dev.clinicsync.connectors.athena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.connectors.athena.internal.AthenaCursor;
import dev.clinicsync.connectors.athena.internal.FhirStatus;
import dev.clinicsync.connectors.athena.internal.OperationOutcomeRules;
import dev.clinicsync.connectors.kit.HttpErrorClassifier;
import dev.clinicsync.core.ConnectorException;
import dev.clinicsync.core.CursorExpiredException;
import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.RetryableConnectorException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.connector.ConnectorContext;
import dev.clinicsync.core.connector.ConnectorProvider;
import dev.clinicsync.core.connector.FetchLimits;
import dev.clinicsync.core.connector.FetchRequest;
import dev.clinicsync.core.memory.InMemoryClinicianDirectory;
import dev.clinicsync.core.memory.InMemorySecretStore;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.SyncCursor;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.phi.PatientTokenizer;
import dev.clinicsync.core.store.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("athenahealth connector: settings, cursors, error bodies and the status table")
class AthenaUnitsTest {
  private static final TimeWindow WEEK = TimeWindow.of(Instant.parse("2026-03-02T00:00:00Z"), Instant.parse("2026-03-09T00:00:00Z"));
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

  private static ConnectorConfig config(Map<String, String> extra) {
    Map<String, String> p = new HashMap<>();
    p.put("practice-id", "195900");
    p.putAll(extra);
    return ConnectorConfig.of("athena-main", "athenahealth", p);
  }

  private static ConnectorContext context() {
    InMemorySecretStore secrets = new InMemorySecretStore();
    secrets.put(PatientTokenizer.DEFAULT_KEY_NAME, Secret.of("athena-unit-patient-token-key-0123456789"));
    return new ConnectorContext(CLOCK, secrets, new InMemoryClinicianDirectory(), PatientTokenizer.fromSecretStore(secrets));
  }

  @Nested
  @DisplayName("Settings")
  class Settings {
    @Test
    @DisplayName("the defaults point at athena's production FHIR API and token endpoint with a read scope")
    void defaults() {
      AthenaSettings s = AthenaSettings.from(config(Map.of()));
      assertThat(s.fhirBaseUrl()).isEqualTo("https://api.platform.athenahealth.com/fhir/r4");
      assertThat(s.tokenUrl()).isEqualTo("https://api.platform.athenahealth.com/oauth2/v1/token");
      assertThat(s.practiceReference()).isEqualTo("Organization/a-1.Practice-195900");
      assertThat(s.scopes()).isEqualTo("system/Appointment.read");
      assertThat(s.incrementalMode()).isEqualTo(IncrementalMode.AUTO);
      assertThat(s.tokenRefreshSkew()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    @DisplayName("a missing practice id is refused naming the property")
    void practiceRequired() {
      assertThatThrownBy(() -> AthenaSettings.from(ConnectorConfig.of("athena-main", "athenahealth", Map.of())))
          .isInstanceOf(ValidationException.class).hasMessageContaining("'practice-id'");
    }

    @Test
    @DisplayName("a practice, department or practitioner id that is not athena's number is refused without echoing it")
    void idsAreNumbers() {
      assertThatThrownBy(() -> AthenaSettings.from(config(Map.of("practice-id", "Jordan Testpatient"))))
          .isInstanceOf(ValidationException.class).hasMessageContaining("practice-id").hasMessageNotContaining("Jordan");
      assertThatThrownBy(() -> AthenaSettings.from(config(Map.of("department-ids", "1,two"))))
          .isInstanceOf(ValidationException.class).hasMessageContaining("department-ids").hasMessageNotContaining("two");
      assertThatThrownBy(() -> AthenaSettings.from(config(Map.of("practitioner-ids", "a-1.Provider-2"))))
          .isInstanceOf(ValidationException.class).hasMessageContaining("practitioner-ids");
    }

    @Test
    @DisplayName("plain http, a page size out of range and an unknown incremental mode are refused")
    void refusals() {
      assertThatThrownBy(() -> AthenaSettings.from(config(Map.of("base-url", "http://fhir.example.test/r4"))))
          .isInstanceOf(ValidationException.class).hasMessageContaining("base-url");
      assertThatThrownBy(() -> AthenaSettings.from(config(Map.of("page-size", "0"))))
          .isInstanceOf(ValidationException.class).hasMessageContaining("page-size");
      assertThatThrownBy(() -> AthenaSettings.from(config(Map.of("incremental", "sometimes"))))
          .isInstanceOf(ValidationException.class).hasMessageContaining("incremental");
    }

    @Test
    @DisplayName("the provider is found by type through the ServiceLoader")
    void serviceLoader() {
      assertThat(ConnectorProvider.find("athenahealth", getClass().getClassLoader()))
          .hasValueSatisfying(p -> assertThat(p).isInstanceOf(AthenaConnectorProvider.class));
    }
  }

  @Nested
  @DisplayName("Cursors and page tokens")
  class Cursors {
    private AthenaConnector connector(String mode) {
      return AthenaConnector.create(AthenaSettings.from(config(Map.of("incremental", mode,
          "base-url", "https://fhir.example.test/r4", "token-url", "https://auth.example.test/token"))), context());
    }

    @Test
    @DisplayName("a cursor round-trips through its encoding, ids and versions only")
    void roundTrip() {
      AthenaCursor windowed = AthenaCursor.windowed(WEEK, Map.of("a-195900.A-1", "3"));
      assertThat(AthenaCursor.decode(windowed.encode())).contains(windowed);
      AthenaCursor lastUpdated = AthenaCursor.lastUpdated(Instant.parse("2026-03-01T10:00:00.123Z"));
      assertThat(AthenaCursor.decode(lastUpdated.encode())).contains(lastUpdated);
      assertThat(AthenaCursor.decode(SyncCursor.of("{\"v\":1,\"kind\":\"NOPE\"}"))).isEmpty();
    }

    @Test
    @DisplayName("a cursor this connector cannot read, or one of the other kind, asks for a full fetch before any call")
    void foreignCursorExpires() {
      assertThatThrownBy(() -> connector("last-updated").fetch(FetchRequest.incremental(WEEK, SyncCursor.of("google-sync-token"))))
          .isInstanceOf(CursorExpiredException.class);
      SyncCursor windowed = AthenaCursor.windowed(WEEK, Map.of()).encode();
      assertThatThrownBy(() -> connector("last-updated").fetch(FetchRequest.incremental(WEEK, windowed)))
          .isInstanceOf(CursorExpiredException.class);
    }

    @Test
    @DisplayName("a page token this connector did not issue is refused")
    void foreignPageToken() {
      FetchRequest forged = new FetchRequest(WEEK, Optional.empty(), Optional.of("https://evil.example.test/"), 10,
          FetchLimits.DEFAULTS);
      assertThatThrownBy(() -> connector("windowed").fetch(forged)).isInstanceOf(ValidationException.class)
          .hasMessageContaining("page token");
    }
  }

  @Nested
  @DisplayName("OperationOutcome error bodies")
  class OperationOutcomes {
    private final HttpErrorClassifier classifier = HttpErrorClassifier.forConnector(ConnectorId.of("athena-main"), CLOCK);

    private Optional<ConnectorException> classify(int status, String body, String retryAfter) {
      Response.Builder b = new Response.Builder().request(new Request.Builder().url("https://fhir.example.test/r4/Appointment").build())
          .protocol(Protocol.HTTP_1_1).code(status).message("status");
      if (retryAfter != null) {
        b.header("Retry-After", retryAfter);
      }
      return new OperationOutcomeRules().classify(b.build(), body.getBytes(StandardCharsets.UTF_8), classifier);
    }

    @Test
    @DisplayName("issue codes are named, unknown ones as unrecognized, and diagnostics never")
    void codesNotText() {
      Optional<ConnectorException> e = classify(422, "{\"resourceType\":\"OperationOutcome\",\"issue\":["
          + "{\"severity\":\"error\",\"code\":\"invalid\",\"diagnostics\":\"Patient Jordan Testpatient is not valid\"},"
          + "{\"severity\":\"error\",\"code\":\"Jordan Testpatient\",\"details\":{\"text\":\"Jordan\"}}]}", null);
      assertThat(e).hasValueSatisfying(x -> assertThat(x).isInstanceOf(PermanentConnectorException.class)
          .hasMessageContaining("OperationOutcome issues: invalid, unrecognized").hasMessageNotContaining("Jordan"));
    }

    @Test
    @DisplayName("a 503 OperationOutcome stays retryable with its Retry-After")
    void retryable() {
      Optional<ConnectorException> e = classify(503, "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"code\":\"transient\"}]}", "7");
      assertThat(e).hasValueSatisfying(x -> {
        assertThat(x).isInstanceOf(RetryableConnectorException.class).hasMessageContaining("transient");
        assertThat(((RetryableConnectorException) x).retryAfter()).contains(Duration.ofSeconds(7));
      });
    }

    @Test
    @DisplayName("a body that is not an OperationOutcome is left to the kit's generic classification")
    void notMine() {
      assertThat(classify(400, "{\"error\":\"invalid_request\"}", null)).isEmpty();
      assertThat(classify(400, "<html>Jordan</html>", null)).isEmpty();
      assertThat(classify(400, "", null)).isEmpty();
    }
  }

  @Test
  @DisplayName("the status table holds all ten FHIR R4 appointment statuses")
  void tenStatuses() {
    assertThat(FhirStatus.TABLE.documentedCodes()).containsExactlyInAnyOrder("proposed", "pending", "booked", "arrived",
        "fulfilled", "cancelled", "noshow", "entered-in-error", "checked-in", "waitlist");
  }
}
