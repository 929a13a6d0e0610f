package dev.clinicsync.connectors.simplepractice;

import dev.clinicsync.connectors.icsfeed.IcsFeedConfig;
import dev.clinicsync.connectors.icsfeed.IcsFeedConnector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.memory.InMemoryClinicianDirectory;
import dev.clinicsync.core.memory.InMemorySecretStore;
import dev.clinicsync.core.model.AppointmentType;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.phi.PatientTokenizer;
import dev.clinicsync.core.connector.ConnectorCapabilities.Capability;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.connector.ConnectorContext;
import dev.clinicsync.core.connector.ConnectorProvider;
import dev.clinicsync.core.store.Secret;
import dev.clinicsync.core.connector.SourceConnector;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The simplepractice-ics provider")
class SimplePracticeIcsProviderTest {
  final ConnectorContext context = new ConnectorContext(Clock.fixed(Instant.parse("2025-03-01T00:00:00Z"), ZoneOffset.UTC),
      new InMemorySecretStore(), new InMemoryClinicianDirectory(),
      PatientTokenizer.fromKey(Secret.of("0123456789abcdef0123456789abcdef")));

  @Test
  @DisplayName("is found through ServiceLoader and builds a connector from its configuration")
  void serviceLoader() {
    ConnectorConfig config = ConnectorConfig.of("sp-rivera", "simplepractice-ics", Map.of(
        "feed-url-secret", "sp/feed/dr-rivera", "practice-zone", "America/New_York", "clinician-id", "dr-rivera",
        "default-type", "follow_up", "parse-deadline", "PT5S", "max-feed-bytes", "1048576"));
    try (SourceConnector c = ConnectorProvider.create(config, context, getClass().getClassLoader())) {
      assertThat(c).isInstanceOf(IcsFeedConnector.class);
      assertThat(c.system()).isEqualTo(SourceSystem.SIMPLEPRACTICE);
      assertThat(c.capabilities().supports(Capability.INCREMENTAL_FETCH)).isTrue();
      assertThat(c.capabilities().pollingFloor()).isEqualTo(Duration.ofMinutes(5));
    }
    IcsFeedConfig parsed = SimplePracticeIcsConfig.from(config);
    assertThat(parsed.defaultType()).isEqualTo(AppointmentType.FOLLOW_UP);
    assertThat(parsed.feedName()).isEqualTo("sp-rivera");
    assertThat(parsed.maxFeedBytes()).isEqualTo(1_048_576);
    assertThat(parsed.parseDeadline()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  @DisplayName("names every configuration problem at once")
  void validation() {
    ConnectorConfig bad = ConnectorConfig.of("sp-x", "simplepractice-ics", Map.of(
        "feed-url", "https://example.com/ical/secret-path", "practice-zone", "Eastern", "default-type", "therapy",
        "clinician-id", "a", "clinician-external-id", "b"));
    assertThatThrownBy(() -> new SimplePracticeIcsProvider().create(bad, context))
        .isInstanceOfSatisfying(ValidationException.class, e -> {
          assertThat(e.problems()).hasSize(5);
          assertThat(e.getMessage()).contains("feed-url-secret").contains("practice-zone").contains("default-type")
              .contains("exactly one of").contains("'feed-url' is not allowed")
              .doesNotContain("secret-path");
        });
  }

  @Test
  @DisplayName("accepts other:CODE as the default type")
  void otherType() {
    assertThat(SimplePracticeIcsConfig.type("other:SP-SESSION")).isEqualTo(AppointmentType.other("SP-SESSION"));
  }
}
