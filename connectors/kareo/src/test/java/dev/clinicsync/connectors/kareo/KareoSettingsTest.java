package dev.clinicsync.connectors.kareo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.connector.ConnectorProvider;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Kareo connector: configuration")
class KareoSettingsTest {

  @Test
  @DisplayName("is found through the ServiceLoader by its type")
  void serviceLoader() {
    assertThat(ConnectorProvider.find("kareo", getClass().getClassLoader()))
        .hasValueSatisfying(p -> assertThat(p).isInstanceOf(KareoConnectorProvider.class));
  }

  @Test
  @DisplayName("names every missing property at once, and never asks for a credential as a property")
  void missing() {
    assertThatThrownBy(() -> KareoSettings.from(ConnectorConfig.of("k", "kareo", Map.of())))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems()).hasSize(4)
            .anySatisfy(p -> assertThat(p).contains("practice-zone"))
            .anySatisfy(p -> assertThat(p).contains("customer-key-secret"))
            .anySatisfy(p -> assertThat(p).contains("user-secret"))
            .anySatisfy(p -> assertThat(p).contains("password-secret")));
  }

  @Test
  @DisplayName("refuses a zone that does not exist, naming the property")
  void badZone() {
    Map<String, String> p = new java.util.HashMap<>(KareoFixtures.properties());
    p.put("practice-zone", "Eastern Standard Time");
    assertThatThrownBy(() -> KareoSettings.from(ConnectorConfig.of("k", "kareo", p)))
        .isInstanceOf(ValidationException.class).hasMessageContaining("practice-zone");
  }

  @Test
  @DisplayName("defaults to Kareo's production SOAP 2.1 endpoint")
  void defaults() {
    KareoSettings s = KareoSettings.from(ConnectorConfig.of("k", "kareo", KareoFixtures.properties()));
    assertThat(s.endpoint().toString()).isEqualTo("https://webservice.kareo.com/services/soap/2.1/KareoServices.svc");
    assertThat(s.pollingFloor()).hasMinutes(5);
  }
}
