package dev.clinicsync.core.connector;

import dev.clinicsync.core.model.SyncCursor;
import dev.clinicsync.core.store.Secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.memory.EnvironmentSecretStore;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.StorageException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConnectorSpiTest {

  @Test
  @DisplayName("typed config accessors fail with the connector, the key and the bad value")
  void config() {
    ConnectorConfig c = ConnectorConfig.of("zocdoc-main", "zocdoc",
        Map.of("timeout", "PT15S", "pageSize", "abc", "rate", "2.5", "seconds", "30", "enabled", "TRUE"));
    assertThat(c.duration("timeout", Duration.ZERO)).isEqualTo(Duration.ofSeconds(15));
    assertThat(c.duration("seconds", Duration.ZERO)).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.duration("missing", Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.decimal("rate", 1)).isEqualTo(2.5);
    assertThat(c.bool("enabled", false)).isTrue();
    assertThatThrownBy(() -> c.integer("pageSize", 10)).isInstanceOf(ValidationException.class)
        .hasMessage("connector zocdoc-main (zocdoc): property 'pageSize' must be an integer, was 'abc'");
    assertThatThrownBy(() -> c.require("practiceId")).isInstanceOf(ValidationException.class)
        .hasMessageContaining("missing required property 'practiceId'");
  }

  @Test
  @DisplayName("a page carries the next cursor only when it is the last page")
  void pages() {
    TimeWindow w = TimeWindow.of(Instant.parse("2026-03-01T00:00:00Z"), Duration.ofDays(7));
    FetchPage middle = FetchPage.builder().nextPageToken("p2").build();
    assertThat(middle.isLastPage()).isFalse();
    assertThat(FetchRequest.full(w).next(middle).pageToken()).contains("p2");
    FetchPage last = FetchPage.builder().deleteAppointment(SourceRef.of(SourceSystem.GOOGLE, "e1"))
        .nextCursor(SyncCursor.of("sync-1")).build();
    assertThat(last.isLastPage()).isTrue();
    assertThatThrownBy(() -> FetchRequest.full(w).next(last)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> FetchPage.builder().nextPageToken("p2").nextCursor(SyncCursor.of("c")).build())
        .isInstanceOf(ValidationException.class).hasMessageContaining("only the last page");
  }

  @Test
  @DisplayName("every connector supports full fetch, the fallback of an expired cursor")
  void capabilities() {
    assertThatThrownBy(() -> ConnectorCapabilities.of(Duration.ZERO, ConnectorCapabilities.Capability.INCREMENTAL_FETCH))
        .isInstanceOf(ValidationException.class).hasMessageContaining("FULL_FETCH");
    ConnectorCapabilities kareo = ConnectorCapabilities.of(Duration.ofMinutes(5), ConnectorCapabilities.Capability.FULL_FETCH);
    assertThat(kareo.supports(ConnectorCapabilities.Capability.FULL_FETCH)).isTrue();
    assertThat(kareo.pollingFloor()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  @DisplayName("an unknown connector type names the connector and the type")
  void unknownProvider() {
    ConnectorConfig c = ConnectorConfig.of("acme-1", "acme-ehr", Map.of());
    assertThatThrownBy(() -> ConnectorProvider.create(c, null, getClass().getClassLoader()))
        .isInstanceOf(ValidationException.class).hasMessageContaining("acme-1").hasMessageContaining("'acme-ehr'");
  }

  @Test
  @DisplayName("environment secrets are read by a derived variable name and are read-only")
  void environmentSecrets() {
    EnvironmentSecretStore env = new EnvironmentSecretStore("CLINICSYNC_",
        Map.of("CLINICSYNC_GOOGLE_CLIENT_SECRET", "s3cr3t"));
    assertThat(env.variableFor("google/client-secret")).isEqualTo("CLINICSYNC_GOOGLE_CLIENT_SECRET");
    assertThat(env.get("google/client-secret")).map(Secret::asString).contains("s3cr3t");
    assertThat(env.get("missing")).isEmpty();
    assertThatThrownBy(() -> env.put("x", Secret.of("y"))).isInstanceOf(StorageException.class);
  }
}
