package dev.clinicsync.connectors.zocdoc;

import dev.clinicsync.connectors.kit.SsrfGuard;
import dev.clinicsync.connectors.tck.RecordingSleeper;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.connector.ConnectorContext;
import dev.clinicsync.core.memory.InMemoryClinicianDirectory;
import dev.clinicsync.core.memory.InMemorySecretStore;
import dev.clinicsync.core.phi.PatientTokenizer;
import dev.clinicsync.core.store.Secret;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** A connector context and configuration against a local stub, outside the TCK. */
final class ZocdocTestSetup {
  final RecordingSleeper sleeper = new RecordingSleeper(Instant.parse("2026-03-01T12:00:00Z"));
  final InMemorySecretStore secrets = new InMemorySecretStore();
  final InMemoryClinicianDirectory clinicians = new InMemoryClinicianDirectory();
  final ConnectorContext context;

  ZocdocTestSetup() {
    secrets.put(PatientTokenizer.DEFAULT_KEY_NAME, Secret.of("zocdoc-test-patient-token-key-0123456789"));
    secrets.put("zocdoc/client-id", Secret.of("m2m-client"));
    secrets.put("zocdoc/client-secret", Secret.of("m2m-secret"));
    context = new ConnectorContext(sleeper.clock(), secrets, clinicians, PatientTokenizer.fromSecretStore(secrets));
  }

  ConnectorConfig config(String baseUrl, String target, Map<String, String> extra) {
    Map<String, String> p = new TreeMap<>();
    p.put(ZocdocSettings.Keys.BASE_URL, baseUrl);
    p.put(ZocdocSettings.Keys.TOKEN_URL, baseUrl + "/oauth/token");
    p.put(SsrfGuard.ALLOW_HTTP, "true");
    p.put(SsrfGuard.ALLOW_PRIVATE_TARGETS, target);
    p.put("rate-limit.per-second", "1000");
    p.putAll(extra);
    return ConnectorConfig.of("zocdoc-main", ZocdocConnectorProvider.TYPE, p);
  }

  ZocdocConnector connector(ConnectorConfig config) {
    return ZocdocConnector.builder(ZocdocSettings.from(config), context).sleeper(sleeper).build();
  }
}
