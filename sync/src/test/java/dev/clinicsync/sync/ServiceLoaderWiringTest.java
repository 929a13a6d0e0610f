package dev.clinicsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.memory.InMemorySecretStore;
import dev.clinicsync.core.phi.PatientTokenizer;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.store.Secret;
import dev.clinicsync.core.testkit.MutableClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ServiceLoaderWiringTest {
  private final InMemorySecretStore secrets = new InMemorySecretStore();

  ServiceLoaderWiringTest() {
    secrets.put(PatientTokenizer.DEFAULT_KEY_NAME, Secret.of("0123456789abcdef0123456789abcdef"));
    secrets.put(dev.clinicsync.core.audit.AuditKeys.DEFAULT_SECRET_NAME, dev.clinicsync.core.audit.AuditKeys.newKey());
  }

  @Test
  @DisplayName("connectors named in configuration are found through ServiceLoader and run")
  void discovered() {
    SyncCoordinator c = SyncCoordinator.builder().secretStore(secrets).clock(new MutableClock(Fixtures.NOW))
        .connectorConfigs(ConnectorConfig.of("acme-1", "fake-vendor", Map.of("system", "acme-ehr", "pollingFloor", "PT20M")))
        .build();
    assertThat(c.connectors()).containsExactly(ConnectorId.of("acme-1"));
    assertThat(c.interval(ConnectorId.of("acme-1"))).isEqualTo(Duration.ofMinutes(20));
    assertThat(c.syncNow(Principal.admin("u"), ConnectorId.of("acme-1")).succeeded()).isTrue();
  }

  @Test
  @DisplayName("a provider's own validation problems are reported with the rest")
  void providerProblems() {
    assertThatThrownBy(() -> SyncCoordinator.builder().secretStore(secrets)
        .connectorConfigs(ConnectorConfig.of("acme-1", "fake-vendor", Map.of()),
            ConnectorConfig.of("acme-2", "no-such-type", Map.of()))
        .build())
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems()).satisfiesExactlyInAnyOrder(
            p -> assertThat(p).contains("acme-1").contains("missing required property 'system'"),
            p -> assertThat(p).contains("acme-2").contains("'no-such-type'")));
  }
}
