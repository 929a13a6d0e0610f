package dev.clinicsync.connectors.zocdoc;

import static dev.clinicsync.connectors.zocdoc.WebhookSigner.KEY_NAME;
import static dev.clinicsync.connectors.zocdoc.WebhookSigner.notice;
import static dev.clinicsync.connectors.zocdoc.WebhookSigner.request;
import static dev.clinicsync.connectors.zocdoc.WebhookSigner.sign;
import static dev.clinicsync.connectors.zocdoc.WebhookSigner.signed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.clinicsync.connectors.tck.RecordingSleeper;
import dev.clinicsync.connectors.zocdoc.WebhookRejectedException.Reason;
import dev.clinicsync.core.memory.InMemorySecretStore;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.store.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Zocdoc webhook handler")
class ZocdocWebhookHandlerTest {
  static final ConnectorId ZOCDOC = ConnectorId.of("zocdoc-main");
  static final String APPOINTMENT = "d04b049a-41b1-4aba-9268-d8973cf72cdd";

  private final RecordingSleeper time = new RecordingSleeper(Instant.parse("2026-03-03T14:00:00Z"));
  private final InMemorySecretStore secrets = new InMemorySecretStore();
  private final List<Set<String>> refreshed = new ArrayList<>();
  private boolean refreshApplies = true;

  @BeforeEach
  void key() {
    secrets.put(KEY_NAME, Secret.of(WebhookSigner.KEY));
  }

  private ZocdocWebhookHandler.Builder builder() {
    return ZocdocWebhookHandler.builder(ZOCDOC, secrets, KEY_NAME, time.clock(), (connector, ids) -> {
      assertThat(connector).isEqualTo(ZOCDOC);
      refreshed.add(ids);
      return refreshApplies;
    });
  }

  private Instant now() {
    return time.clock().instant();
  }

  private static Reason reason(Runnable r) {
    WebhookRejectedException e = catchThrowableOfType(WebhookRejectedException.class, r::run);
    assertThat(e).as("a refusal").isNotNull();
    return e.reason();
  }

  @Test
  @DisplayName("a signed, fresh appointment_updated notice becomes a refresh of exactly that appointment")
  void validNoticeRefreshes() {
    WebhookResult result = builder().build().handle(signed(notice(APPOINTMENT, "cancelled", now()), now()));
    assertThat(result.outcome()).isEqualTo(WebhookResult.Outcome.REFRESHED);
    assertThat(result.appointmentId()).contains(APPOINTMENT);
    assertThat(result.updateType()).contains("cancelled");
    assertThat(refreshed).containsExactly(Set.of(APPOINTMENT));
  }

  @Test
  @DisplayName("a request without the signature header is refused as unsigned (401), nothing refreshed")
  void unsigned() {
    String body = notice(APPOINTMENT, "updated", now());
    WebhookRequest r = WebhookRequest.of(Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8), now());
    WebhookRejectedException e = catchThrowableOfType(WebhookRejectedException.class, () -> builder().build().handle(r));
    assertThat(e.reason()).isEqualTo(Reason.UNSIGNED);
    assertThat(e.httpStatus()).isEqualTo(401);
    assertThat(refreshed).isEmpty();
  }

  @Test
  @DisplayName("a body changed after signing, a signature under another key, or a garbled signature is refused")
  void badSignatures() {
    ZocdocWebhookHandler handler = builder().build();
    String body = notice(APPOINTMENT, "updated", now());
    String tampered = body.replace(APPOINTMENT, "ffffffff-41b1-4aba-9268-d8973cf72cdd");
    assertThat(reason(() -> handler.handle(request(tampered, sign(body), now())))).isEqualTo(Reason.BAD_SIGNATURE);
    String otherKey = java.util.Base64.getEncoder().encodeToString(
        WebhookSigner.mac("HmacSHA256", java.util.Base64.getEncoder().encodeToString(new byte[32]),
            body.getBytes(StandardCharsets.UTF_8)));
    assertThat(reason(() -> handler.handle(request(body, otherKey, now())))).isEqualTo(Reason.BAD_SIGNATURE);
    assertThat(reason(() -> handler.handle(request(body, "not base64 at all!", now())))).isEqualTo(Reason.BAD_SIGNATURE);
    String truncated = sign(body).substring(0, 20);
    assertThat(reason(() -> handler.handle(request(body, truncated, now())))).isEqualTo(Reason.BAD_SIGNATURE);
    assertThat(refreshed).isEmpty();
  }

  @Test
  @DisplayName("a notice stamped more than the tolerance before or after its arrival is refused as stale")
  void stale() {
    ZocdocWebhookHandler handler = builder().tolerance(Duration.ofMinutes(5)).build();
    Instant old = now().minus(Duration.ofMinutes(6));
    assertThat(reason(() -> handler.handle(signed(notice(APPOINTMENT, "updated", old), now())))).isEqualTo(Reason.STALE);
    Instant future = now().plus(Duration.ofMinutes(6));
    assertThat(reason(() -> handler.handle(signed(notice(APPOINTMENT, "updated", future), now())))).isEqualTo(Reason.STALE);
    Instant edge = now().minus(Duration.ofMinutes(4));
    assertThat(handler.handle(signed(notice(APPOINTMENT, "updated", edge), now())).outcome())
        .isEqualTo(WebhookResult.Outcome.REFRESHED);
  }

  @Test
  @DisplayName("the same signed notice delivered twice is refused the second time as replayed (409)")
  void replayed() {
    ZocdocWebhookHandler handler = builder().build();
    WebhookRequest r = signed(notice(APPOINTMENT, "updated", now()), now());
    handler.handle(r);
    time.advance(Duration.ofMinutes(1));
    WebhookRejectedException e = catchThrowableOfType(WebhookRejectedException.class,
        () -> handler.handle(new WebhookRequest(r.headers(), r.body(), now())));
    assertThat(e.reason()).isEqualTo(Reason.REPLAYED);
    assertThat(e.httpStatus()).isEqualTo(409);
    assertThat(refreshed).hasSize(1);
  }

  @Test
  @DisplayName("the replay memory stays bounded: old entries expire with the clock, and never more than the maximum are kept")
  void replayMemoryIsBounded() {
    ZocdocWebhookHandler handler = builder().maxRemembered(3).build();
    for (int i = 0; i < 5; i++) {
      handler.handle(signed(notice(ZocdocPayloads.id(i), "updated", now()), now()));
    }
    assertThat(handler.remembered()).isEqualTo(3);
    time.advance(Duration.ofMinutes(30));
    handler.handle(signed(notice(ZocdocPayloads.id(99), "updated", now()), now()));
    assertThat(handler.remembered()).as("entries older than they could pass the staleness check are dropped").isEqualTo(1);
  }

  @Test
  @DisplayName("a notice whose refresh could not run is forgotten, so Zocdoc's redelivery is accepted")
  void retryLater() {
    ZocdocWebhookHandler handler = builder().build();
    WebhookRequest r = signed(notice(APPOINTMENT, "updated", now()), now());
    refreshApplies = false;
    WebhookRejectedException e = catchThrowableOfType(WebhookRejectedException.class, () -> handler.handle(r));
    assertThat(e.reason()).isEqualTo(Reason.RETRY_LATER);
    assertThat(e.httpStatus()).isEqualTo(503);
    refreshApplies = true;
    assertThat(handler.handle(r).outcome()).isEqualTo(WebhookResult.Outcome.REFRESHED);
  }

  @Test
  @DisplayName("other event types are verified and ignored; signed garbage is malformed (400)")
  void ignoredAndMalformed() {
    ZocdocWebhookHandler handler = builder().build();
    String other = "{\"event_type\":\"provider_updated\",\"webhook_timestamp\":\"" + now() + "\"}";
    assertThat(handler.handle(signed(other, now())).outcome()).isEqualTo(WebhookResult.Outcome.IGNORED);
    assertThat(reason(() -> handler.handle(signed("{not json", now())))).isEqualTo(Reason.MALFORMED);
    assertThat(reason(() -> handler.handle(signed("{\"event_type\":\"appointment_updated\"}", now())))).isEqualTo(Reason.MALFORMED);
    String noId = notice("", "updated", now());
    assertThat(reason(() -> handler.handle(signed(noId, now())))).isEqualTo(Reason.MALFORMED);
    assertThat(refreshed).isEmpty();
  }

  @Test
  @DisplayName("the algorithm, header name and signature encoding are configurable (HmacSHA512, hex)")
  void configurable() {
    ZocdocWebhookHandler handler = builder().algorithm("HmacSHA512").signatureHeader("X-Signature").hexSignature(true).build();
    String body = notice(APPOINTMENT, "created", now());
    WebhookRequest r = WebhookRequest.of(Map.of("x-signature", WebhookSigner.signHex("HmacSHA512", body)),
        body.getBytes(StandardCharsets.UTF_8), now());
    assertThat(handler.handle(r).outcome()).isEqualTo(WebhookResult.Outcome.REFRESHED);
    WebhookRequest sha256 = WebhookRequest.of(Map.of("x-signature", WebhookSigner.signHex("HmacSHA256", body)),
        body.getBytes(StandardCharsets.UTF_8), now());
    assertThat(reason(() -> handler.handle(sha256))).isEqualTo(Reason.BAD_SIGNATURE);
    assertThatThrownBy(() -> builder().algorithm("HmacNope").build()).hasMessageContaining("HmacNope");
  }

  @Test
  @DisplayName("a body over the limit is refused before anything is computed (413)")
  void tooLarge() {
    ZocdocWebhookHandler handler = builder().maxBodyBytes(100).build();
    assertThat(reason(() -> handler.handle(signed(notice(APPOINTMENT, "updated", now()), now())))).isEqualTo(Reason.TOO_LARGE);
  }

  @Test
  @DisplayName("refusals name the rule, never a header value, the signature or anything from the body")
  void refusalsLeakNothing() {
    ZocdocWebhookHandler handler = builder().build();
    String body = notice(APPOINTMENT, "updated", now()).replace("}", ",\"patient_name\":\"Jordan Testpatient\"}");
    String signature = sign(body);
    List<String> messages = new ArrayList<>();
    for (Runnable r : List.<Runnable>of(
        () -> handler.handle(request(body, "Jordan Testpatient", now())),
        () -> handler.handle(request(body.replace("updated", "created"), signature, now())),
        () -> handler.handle(signed(body.replace(now().toString(), now().minusSeconds(3600).toString()), now())),
        () -> handler.handle(signed("Jordan Testpatient", now())))) {
      messages.add(catchThrowableOfType(WebhookRejectedException.class, r::run).getMessage());
    }
    assertThat(messages).hasSize(4).allSatisfy(m -> assertThat(m)
        .doesNotContain("Jordan").doesNotContain(signature).doesNotContain(APPOINTMENT).doesNotContain(WebhookSigner.KEY));
    assertThat(signed(body, now()).toString()).doesNotContain(signature).doesNotContain("Jordan");
  }
}
