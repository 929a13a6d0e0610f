package dev.clinicsync.connectors.zocdoc;

import dev.clinicsync.core.Checks;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A webhook request as the host received it: its headers, the raw body bytes (exactly as sent —
 * the signature covers them, so never a re-serialized copy) and when it arrived. Header names are
 * matched case-insensitively. {@link #toString()} shows no header value and no body.
 *
 * @param headers the request headers, by name
 * @param body the raw body
 * @param receivedAt when the host received it (from the host's clock)
 */
public record WebhookRequest(Map<String, List<String>> headers, byte[] body, Instant receivedAt) {
  public WebhookRequest {
    Checks.notNull(headers, "webhook headers");
    Checks.notNull(body, "webhook body");
    Checks.notNull(receivedAt, "webhook received time");
    Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, v) -> {
      if (k != null && v != null) {
        copy.merge(k.toLowerCase(Locale.ROOT), List.copyOf(v), (a, b) -> {
          List<String> all = new java.util.ArrayList<>(a);
          all.addAll(b);
          return List.copyOf(all);
        });
      }
    });
    headers = java.util.Collections.unmodifiableMap(copy);
    body = body.clone();
  }

  /** A request with single-valued headers. */
  public static WebhookRequest of(Map<String, String> headers, byte[] body, Instant receivedAt) {
    Map<String, List<String>> multi = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    Checks.notNull(headers, "webhook headers").forEach((k, v) -> multi.put(k, List.of(v)));
    return new WebhookRequest(multi, body, receivedAt);
  }

  /** The first value of a header. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** A copy of the body. */
  @Override
  public byte[] body() {
    return body.clone();
  }

  byte[] bodyUnsafe() {
    return body;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WebhookRequest w && headers.equals(w.headers) && java.util.Arrays.equals(body, w.body)
        && receivedAt.equals(w.receivedAt);
  }

  @Override
  public int hashCode() {
    return 31 * java.util.Arrays.hashCode(body) + receivedAt.hashCode();
  }

  @Override
  public String toString() {
    return "WebhookRequest[" + headers.size() + " headers, " + body.length + " bytes, received " + receivedAt + "]";
  }
}
