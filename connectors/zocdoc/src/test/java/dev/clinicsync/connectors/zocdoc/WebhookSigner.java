package dev.clinicsync.connectors.zocdoc;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs notices as Zocdoc would (as far as is known): the MAC of the raw body under the shared base64 key. */
final class WebhookSigner {
  static final String KEY_NAME = "zocdoc/webhook-key";
  static final String KEY = Base64.getEncoder().encodeToString("zocdoc-shared-webhook-key-32-bytes!!".getBytes(StandardCharsets.UTF_8));

  private WebhookSigner() {}

  static String notice(String appointmentId, String updateType, Instant stamp) {
    return "{\"event_type\":\"appointment_updated\",\"data_type\":\"appointment_data\","
        + "\"data\":{\"appointment_id\":\"" + appointmentId + "\",\"appointment_update_type\":\"" + updateType + "\","
        + "\"appointment_updated_timestamp\":\"" + stamp.minusSeconds(3) + "\","
        + "\"changed_attributes\":[{\"attribute_path\":\"appointment_status\"},{\"attribute_path\":\"patient.first_name\"}]},"
        + "\"webhook_timestamp\":\"" + stamp + "\"}";
  }

  static byte[] mac(String algorithm, String base64Key, byte[] body) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(base64Key), algorithm));
      return mac.doFinal(body);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String sign(String body) {
    return Base64.getEncoder().encodeToString(mac("HmacSHA256", KEY, body.getBytes(StandardCharsets.UTF_8)));
  }

  static String signHex(String algorithm, String body) {
    return HexFormat.of().formatHex(mac(algorithm, KEY, body.getBytes(StandardCharsets.UTF_8)));
  }

  static WebhookRequest request(String body, String signature, Instant receivedAt) {
    return WebhookRequest.of(Map.of("Content-Type", "application/json", "x-zocdoc-signature", signature),
        body.getBytes(StandardCharsets.UTF_8), receivedAt);
  }

  static WebhookRequest signed(String body, Instant receivedAt) {
    return request(body, sign(body), receivedAt);
  }
}
