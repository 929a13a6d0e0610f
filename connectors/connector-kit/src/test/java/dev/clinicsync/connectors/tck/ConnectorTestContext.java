package dev.clinicsync.connectors.tck;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.clinicsync.core.memory.InMemoryClinicianDirectory;
import dev.clinicsync.core.memory.InMemorySecretStore;
import dev.clinicsync.core.model.BusyBlock.DateSpan;
import dev.clinicsync.core.phi.PatientTokenizer;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.connector.ConnectorContext;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.store.Secret;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the TCK hands a connector's test for one test method: the stub vendor (a fresh
 * WireMock server), a {@link RecordingSleeper} whose clock is also the connector's clock (so
 * retries and rate limits never really sleep), in-memory secrets (with the patient-token key
 * set), a clinician directory, and standard configuration properties with short timeouts.
 */
public final class ConnectorTestContext {
  /** The property the TCK puts the stub's base URL in. */
  public static final String BASE_URL = "base-url";
  /** The read timeout in {@link #standardProperties()}; slow responses take far longer. */
  public static final Duration READ_TIMEOUT = Duration.ofMillis(500);

  private final WireMockServer vendor;
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final InMemorySecretStore secrets = new InMemorySecretStore();
  private final InMemoryClinicianDirectory clinicians = new InMemoryClinicianDirectory();
  private final ConnectorId connectorId = ConnectorId.of("tck-connector");
  private final ConnectorContext connectorContext;
  private final Map<String, DateSpan> allDayBlocks = new LinkedHashMap<>();

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
   * {@link #BASE_URL}, short HTTP timeouts (read {@link #READ_TIMEOUT}), quick retries and a
   * generous rate limit, as kit-based connectors read them.
   */
  public Map<String, String> standardProperties() {
    Map<String, String> p = new TreeMap<>();
    p.put(BASE_URL, baseUrl());
    p.put("http.connect-timeout", "PT1S");
    p.put("http.read-timeout", READ_TIMEOUT.toString());
    p.put("http.call-timeout", "PT5S");
    p.put("rate-limit.per-second", "1000");
    return p;
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
