package dev.clinicsync.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.ValidationException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Audit details are codes, ids, numbers and times: host or vendor free text never gets in. */
@DisplayName("Audit details")
class AuditDetailsTest {

  @Test
  @DisplayName("accept what the SDK records: ids, codes, counts, ISO times and intervals, the fixed reason phrases")
  void accepted() {
    Map<String, String> details = Map.of(
        "clinician", "dr-lee",
        "window", "2026-03-02T00:00:00Z/2026-03-09T00:00:00Z",
        "appointments", "12",
        "operation", "VIEW_CALENDAR",
        "source", "google:abc123@google.com",
        "version", "\"3181161784712000\"",
        "conflicts", "DOUBLE_BOOKING,OUTSIDE_AVAILABILITY",
        "reason", "changed at source",
        "error", "");
    assertThat(AuditDetails.check(details)).isEqualTo(details);
    assertThat(AuditDetails.PHRASES).containsExactlyInAnyOrder("new at source", "changed at source", "gone from source",
        "reverted: edited at Google", "reverted: deleted at Google", "edited at Google", "deleted at Google",
        "local change, not at the source");
    assertThat(AuditDetails.checkActor("clinicsync-system")).isEqualTo("clinicsync-system");
    assertThat(AuditDetails.checkSubject("")).isEmpty();
  }

  @Test
  @DisplayName("refuse any value with a space, tab, line break or non-ASCII letter, naming the key but never the value")
  void freeTextRefused() {
    for (String text : List.of("approved by clinic lead", "Jane Doe", "Jane\tDoe", "Jane\nDoe", "José",
        "[2026-03-02T00:00:00Z, 2026-03-09T00:00:00Z)", "changed at source since version 7", " gone from source",
        "x".repeat(513))) {
      assertThatThrownBy(() -> AuditDetails.check(Map.of("reason", text)))
          .as(text).isInstanceOf(ValidationException.class)
          .hasMessageContaining("audit detail 'reason'")
          .hasMessageContaining("length " + text.length())
          .message().doesNotContain(text.strip()).doesNotContain("Jane").doesNotContain("José");
    }
    assertThat(AuditDetails.check(Map.of("reason", "x".repeat(512)))).hasSize(1);
  }

  @Test
  @DisplayName("refuse keys that are not lowercase codes without echoing them, and more than 32 entries")
  void keys() {
    for (String key : List.of("", "Reason", "patient name", "1st", "_x", "k".repeat(65), "naïve")) {
      assertThatThrownBy(() -> AuditDetails.check(Map.of(key, "1")))
          .as(key).isInstanceOf(ValidationException.class).hasMessageContaining("lowercase code")
          .satisfies(e -> {
            if (!key.isEmpty()) {
              assertThat(e.getMessage()).doesNotContain(key);
            }
          });
    }
    Map<String, String> many = new HashMap<>();
    for (int i = 0; i < 33; i++) {
      many.put("k" + i, "1");
    }
    assertThatThrownBy(() -> AuditDetails.check(many)).isInstanceOf(ValidationException.class)
        .hasMessageContaining("at most 32");
    many.remove("k32");
    assertThat(AuditDetails.check(many)).hasSize(32);
  }

  @Test
  @DisplayName("refuse an empty actor and actors or subjects with spaces, without echoing them")
  void actorAndSubject() {
    assertThatThrownBy(() -> AuditDetails.checkActor("")).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> AuditDetails.checkActor("Dr Jane Doe"))
        .isInstanceOf(ValidationException.class).message().doesNotContain("Jane");
    assertThatThrownBy(() -> AuditDetails.checkSubject("Jane Doe's visit"))
        .isInstanceOf(ValidationException.class).message().doesNotContain("Jane");
  }

  @Test
  @DisplayName("turn an outside value that is not a token into a stable digest that does not contain it")
  void reference() {
    assertThat(AuditDetails.reference("zocdoc:12345")).isEqualTo("zocdoc:12345");
    String digest = AuditDetails.reference("ical:Jane Doe 3pm");
    assertThat(digest).matches("sha256:[0-9a-f]{32}").doesNotContain("Jane")
        .isEqualTo(AuditDetails.reference("ical:Jane Doe 3pm"))
        .isNotEqualTo(AuditDetails.reference("ical:Jane Doe 4pm"));
    assertThat(AuditDetails.isValue(digest)).isTrue();
    assertThat(AuditDetails.reference("gone from source")).startsWith("sha256:");
  }
}
