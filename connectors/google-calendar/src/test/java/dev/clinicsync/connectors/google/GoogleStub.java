package dev.clinicsync.connectors.google;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.clinicsync.connectors.kit.HttpSettings;
import dev.clinicsync.connectors.tck.RecordingSleeper;
import dev.clinicsync.core.memory.InMemoryClinicianDirectory;
import dev.clinicsync.core.memory.InMemorySecretStore;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.WeeklyAvailability;
import dev.clinicsync.core.phi.PatientTokenizer;
import dev.clinicsync.core.connector.ConnectorContext;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.store.Secret;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Random;

/**
 * A local Google: WireMock loaded with the recorded payloads under {@code wiremock/google}, a
 * secret store holding dr. Lee's OAuth credentials, a clinician directory, and a recording
 * sleeper whose clock the connector reads (retries and rate limits never really wait).
 */
final class GoogleStub implements AutoCloseable {
  static final ClinicianId LEE = ClinicianId.of("dr-lee");
  static final ZoneId LEE_ZONE = ZoneId.of("America/Los_Angeles");

  final WireMockServer server;
  final RecordingSleeper sleeper = new RecordingSleeper(Instant.parse("2026-03-01T12:00:00Z"));
  final InMemorySecretStore secrets = new InMemorySecretStore();
  final InMemoryClinicianDirectory clinicians;
  final ConnectorContext context;

  GoogleStub() {
    server = new WireMockServer(options().dynamicPort().usingFilesUnderClasspath("wiremock/google"));
    server.start();
    secrets.put("google/client-id", Secret.of("client-123.apps.googleusercontent.com"));
    secrets.put("google/client-secret", Secret.of("client-secret-xyz"));
    secrets.put("google/refresh-token/dr-lee", Secret.of("rt-lee"));
    clinicians = InMemoryClinicianDirectory.of(Clinician.of(LEE, "Dr. Lee", LEE_ZONE, WeeklyAvailability.NONE));
    context = new ConnectorContext(sleeper.clock(), secrets, clinicians,
        PatientTokenizer.fromKey(Secret.of("0123456789abcdef0123456789abcdef")));
  }

  GoogleCalendarSettings.Builder settings() {
    return settings("google-dr-lee", LEE);
  }

  GoogleCalendarSettings.Builder settings(String connectorId, ClinicianId clinician) {
    return GoogleCalendarSettings.builder(ConnectorId.of(connectorId), clinician)
        .rootUrl(server.baseUrl())
        .tokenUrl(server.baseUrl() + "/token")
        .allowHttp()
        .allowPrivateAddresses()
        .http(new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(20)))
        .maxAttempts(4);
  }

  GoogleCalendarConnector connector() {
    return connector(settings().build());
  }

  GoogleCalendarConnector connector(GoogleCalendarSettings settings) {
    return GoogleCalendarConnector.builder(settings, context)
        .sleeper(sleeper)
        .random(new Random(42))
        .build();
  }

  String base() {
    return server.baseUrl();
  }

  @Override
  public void close() {
    server.stop();
  }
}
