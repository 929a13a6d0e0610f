package dev.clinicsync.connectors.tck;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.clinicsync.connectors.kit.HttpSettings;
import dev.clinicsync.connectors.kit.SsrfGuard;
import dev.clinicsync.core.memory.InMemoryClinicianDirectory;
import dev.clinicsync.core.memory.InMemorySecretStore;
import dev.clinicsync.core.model.BusyBlock.DateSpan;
import dev.clinicsync.core.phi.PatientTokenizer;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.connector.ConnectorContext;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.store.Secret;
import java.time.Clock;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the TCK hands a connector's test for one test method: the stub vendor (a fresh
 * WireMock server), a {@link RecordingSleeper} whose clock is also the connector's clock (so
 * retries and rate limits never really sleep), in-memory secrets (with the patient-token key
 * set), a clinician directory, and standard configuration properties with short timeouts, a
 * small body cap, and an SSRF guard relaxed for exactly the stub's {@code host:port}.
 */
public final class ConnectorTestContext {
  /** The property the TCK puts the stub's base URL in. */
  public static final String BASE_URL = "base-url";
  /** The read timeout in {@link #standardProperties()}; slow responses take far longer. */
  public static final Duration READ_TIMEOUT = Duration.ofMillis(500);
  /** The call timeout in {@link #standardProperties()}. */
  public static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
  /** The body cap in {@link #standardProperties()}: 1 MiB, far above any fixture. */
  public static final long MAX_BODY_BYTES = 1024 * 1024;

  private final WireMockServer vendor;
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final InMemorySecretStore secrets = new InMemorySecretStore();
  private final InMemoryClinicianDirectory clinicians = new InMemoryClinicianDirectory();
  private final ConnectorId connectorId = ConnectorId.of("tck-connector");
  private final ConnectorContext connectorContext;
  private final Map<String, DateSpan> allDayBlocks = new LinkedHashMap<>();
  private final Map<String, String> overrides = new TreeMap<>();

  ConnectorTestContext(WireMockServer vendor) {
    this.vendor = vendor;
    secrets.put(PatientTokenizer.DEFAULT_KEY_NAME, Secret.of("tck-patient-token-key-0123456789abcdef"));
    this.connectorContext = new ConnectorContext(sleeper.clock(), secrets, clinicians,
        PatientTokenizer.fromSecretStore(secrets));
  }

  /** The stub vendor. */
  public WireMockServer vendor() {
    return vendor;
  }

  /** The stub vendor's base URL, without a trailing slash. */
  public String baseUrl() {
    return vendor.baseUrl();
  }

  /** The sleeper to give the connector's retries and rate limiter. */
  public RecordingSleeper sleeper() {
    return sleeper;
  }

  /** The clock (the sleeper's): time moves only by the connector's waits. */
  public Clock clock() {
    return sleeper.clock();
  }

  public InMemorySecretStore secrets() {
    return secrets;
  }

  public InMemoryClinicianDirectory clinicians() {
    return clinicians;
  }

  /** The context to build the connector with. */
  public ConnectorContext connectorContext() {
    return connectorContext;
  }

  public ConnectorId connectorId() {
    return connectorId;
  }

  /**
   * {@link #BASE_URL}, short HTTP timeouts (read {@link #READ_TIMEOUT}, call {@link #CALL_TIMEOUT}),
   * a body cap of {@link #MAX_BODY_BYTES}, quick retries and a generous rate limit, as kit-based
   * connectors read them ({@code HttpSettings.from}, {@code SsrfGuard.from}); the SSRF guard
   * allows plain http and exactly the stub's {@code host:port} among private addresses
   * ({@value SsrfGuard#ALLOW_HTTP}, {@value SsrfGuard#ALLOW_PRIVATE_TARGETS}) — a connector test
   * should not relax it further, or the TCK cannot show that a redirect to loopback is refused.
   * A check may {@linkplain #overrideProperty override} one of them before the connector is built.
   */
  public Map<String, String> standardProperties() {
    Map<String, String> p = new TreeMap<>();
    p.put(BASE_URL, baseUrl());
    p.put(HttpSettings.CONNECT_TIMEOUT, "PT1S");
    p.put(HttpSettings.READ_TIMEOUT, READ_TIMEOUT.toString());
    p.put(HttpSettings.CALL_TIMEOUT, CALL_TIMEOUT.toString());
    p.put(HttpSettings.MAX_BODY_BYTES, Long.toString(MAX_BODY_BYTES));
    p.put(SsrfGuard.ALLOW_HTTP, "true");
    p.put(SsrfGuard.ALLOW_PRIVATE_TARGETS, stubTarget());
    p.put("rate-limit.per-second", "1000");
    p.putAll(overrides);
    return p;
  }

  /** The stub's {@code host:port}, the one private target the standard SSRF guard allows. */
  public String stubTarget() {
    URI uri = URI.create(baseUrl());
    return uri.getHost() + ":" + uri.getPort();
  }

  /**
   * Overrides a standard property for this test; takes effect for connectors built afterwards
   * (the TCK builds the connector on first use, so a check calls this before fetching).
   */
  public void overrideProperty(String key, String value) {
    overrides.put(key, value);
  }

  /** A configuration of the given type with the standard properties plus {@code extra}. */
  public ConnectorConfig config(String type, Map<String, String> extra) {
    Map<String, String> p = new TreeMap<>(standardProperties());
    p.putAll(extra);
    return new ConnectorConfig(connectorId, type, p);
  }

  /**
   * Declares, from a stub, that the vendor record {@code externalId} is an all-day event that
   * must arrive as a busy block carrying exactly {@code days}. Busy blocks the stubs do not
   * declare this way must carry no {@code DateSpan}.
   */
  public void expectAllDayBlock(String externalId, DateSpan days) {
    allDayBlocks.put(externalId, days);
  }

  /** The all-day busy blocks the stubs declared, by external id. */
  public Map<String, DateSpan> expectedAllDayBlocks() {
    return Map.copyOf(allDayBlocks);
  }
}
