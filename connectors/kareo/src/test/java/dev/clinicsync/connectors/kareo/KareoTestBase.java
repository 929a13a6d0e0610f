package dev.clinicsync.connectors.kareo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.clinicsync.connectors.kit.SsrfGuard;
import dev.clinicsync.connectors.tck.RecordingSleeper;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.connector.ConnectorContext;
import dev.clinicsync.core.connector.FetchLimits;
import dev.clinicsync.core.connector.FetchLoop;
import dev.clinicsync.core.connector.FetchRequest;
import dev.clinicsync.core.connector.FetchResult;
import dev.clinicsync.core.memory.InMemoryClinicianDirectory;
import dev.clinicsync.core.memory.InMemorySecretStore;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.phi.PatientTokenizer;
import dev.clinicsync.core.store.Secret;
import dev.clinicsync.core.testkit.MutableClock;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A WireMock Kareo, a mutable clock, and a connector pointed at them. */
abstract class KareoTestBase {
  /** The week of Wednesday 1 May 2024 in New York (the recorded fixture's week). */
  static final TimeWindow WEEK = TimeWindow.of(Instant.parse("2024-04-29T04:00:00Z"), Instant.parse("2024-05-06T04:00:00Z"));

  WireMockServer kareo;
  final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T12:00:00Z"));
  final RecordingSleeper sleeper = new RecordingSleeper();
  final InMemorySecretStore secrets = new InMemorySecretStore();
  final InMemoryClinicianDirectory clinicians = new InMemoryClinicianDirectory();

  @BeforeEach
  void startKareo() {
    kareo = new WireMockServer(wireMockConfig().dynamicPort());
    kareo.start();
    secrets.put(PatientTokenizer.DEFAULT_KEY_NAME, Secret.of("kareo-test-patient-token-key-0123456789"));
    KareoFixtures.credentialsAndClinicians(secrets, clinicians);
  }

  @AfterEach
  void stopKareo() {
    kareo.stop();
  }

  ConnectorConfig config(Map<String, String> extra) {
    Map<String, String> p = new TreeMap<>(KareoFixtures.properties());
    URI uri = URI.create(kareo.baseUrl());
    p.put(KareoSettings.Keys.BASE_URL, kareo.baseUrl());
    p.put(SsrfGuard.ALLOW_HTTP, "true");
    p.put(SsrfGuard.ALLOW_PRIVATE_TARGETS, uri.getHost() + ":" + uri.getPort());
    p.put("rate-limit.per-second", "1000");
    p.put("http.read-timeout", "PT20S"); // a loaded machine: the first call of a JVM is slow
    p.putAll(extra);
    return ConnectorConfig.of("kareo-northside", KareoConnectorProvider.TYPE, p);
  }

  KareoConnector connector() {
    return connector(Map.of());
  }

  KareoConnector connector(Map<String, String> extra) {
    ConnectorContext ctx = new ConnectorContext(clock, secrets, clinicians, PatientTokenizer.fromSecretStore(secrets));
    return KareoConnector.builder(KareoSettings.from(config(extra)), ctx).sleeper(sleeper).build();
  }

  void serve(int status, String body) {
    kareo.stubFor(post(urlPathEqualTo(KareoSettings.SERVICE_PATH)).willReturn(aResponse().withStatus(status)
        .withHeader("Content-Type", "text/xml; charset=utf-8").withBody(body)));
  }

  FetchResult fetch(KareoConnector c, TimeWindow window) {
    return FetchLoop.readAll(c, FetchRequest.full(window).withPageSize(2).withLimits(FetchLimits.DEFAULTS), clock, p -> { });
  }

  List<LoggedRequest> calls() {
    return kareo.findAll(postRequestedFor(urlPathEqualTo(KareoSettings.SERVICE_PATH)));
  }
}
