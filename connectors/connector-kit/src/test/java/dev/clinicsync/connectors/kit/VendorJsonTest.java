package dev.clinicsync.connectors.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.RetryableConnectorException;
import dev.clinicsync.core.model.ConnectorId;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class VendorJsonTest {
  private final HttpErrorClassifier classifier = HttpErrorClassifier.forConnector(ConnectorId.of("v"), Clock.systemUTC());

  /** A vendor DTO with only some of the vendor's fields. */
  public record Slot(String id, Instant start) {}

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("unknown vendor fields are ignored and java.time values read")
  void lenientAndTime() {
    Slot s = VendorJson.read(utf8("{\"id\":\"a\",\"start\":\"2026-03-02T14:00:00Z\",\"new_field\":1}"), Slot.class, classifier, 200, null);
    assertThat(s).isEqualTo(new Slot("a", Instant.parse("2026-03-02T14:00:00Z")));
  }

  @Test
  @DisplayName("a malformed body is permanent, and the message names the place, never the content")
  void malformed() {
    assertThatThrownBy(() -> VendorJson.read(utf8("{\"name\": Jane Doe}"), classifier, 200, "r1"))
        .isInstanceOf(PermanentConnectorException.class)
        .hasMessageContaining("line 1").hasMessageContaining("r1")
        .hasMessageNotContaining("Jane").hasNoCause();
  }

  @Test
  @DisplayName("a wrong-typed field names its JSON path, not its value")
  void mapping() {
    assertThatThrownBy(() -> VendorJson.read(utf8("{\"id\":\"a\",\"start\":\"Jane Doe\"}"), Slot.class, classifier, 200, null))
        .isInstanceOf(PermanentConnectorException.class)
        .hasMessageContaining("$.start").hasMessageNotContaining("Jane");
  }

  @Test
  @DisplayName("an empty body is a retryable empty response")
  void empty() {
    assertThatThrownBy(() -> VendorJson.read(utf8("  \n"), classifier, 200, null))
        .isInstanceOf(RetryableConnectorException.class).hasMessageContaining("empty");
  }

  @Test
  @DisplayName("nesting beyond the limit is refused")
  void nesting() {
    String deep = "[".repeat(VendorJson.MAX_NESTING_DEPTH + 5) + "]".repeat(VendorJson.MAX_NESTING_DEPTH + 5);
    assertThatThrownBy(() -> VendorJson.read(utf8(deep), classifier, 200, null))
        .isInstanceOf(PermanentConnectorException.class);
  }

  @Test
  @DisplayName("trailing garbage after the document is refused")
  void trailing() {
    assertThatThrownBy(() -> VendorJson.read(utf8("{} {}"), classifier, 200, null))
        .isInstanceOf(PermanentConnectorException.class);
  }

  @Test
  @DisplayName("no default typing: a type hint in the payload stays plain data")
  void noDefaultTyping() {
    @SuppressWarnings("unchecked")
    Map<String, Object> m = VendorJson.read(utf8("{\"@class\":\"java.lang.ProcessBuilder\",\"x\":1}"), Map.class, classifier, 200, null);
    assertThat(m).containsEntry("@class", "java.lang.ProcessBuilder");
    JsonNode tree = VendorJson.read(utf8("{\"a\":[1,2]}"), classifier, 200, null);
    assertThat(tree.path("a").size()).isEqualTo(2);
  }
}
