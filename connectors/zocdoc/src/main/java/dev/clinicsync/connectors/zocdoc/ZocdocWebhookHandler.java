package dev.clinicsync.connectors.zocdoc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clinicsync.connectors.kit.VendorJson;
import dev.clinicsync.connectors.zocdoc.WebhookRejectedException.Reason;
import dev.clinicsync.connectors.zocdoc.internal.AppointmentMapper;
import dev.clinicsync.connectors.zocdoc.internal.ReplayMemory;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.store.Secret;
import dev.clinicsync.core.store.SecretStore;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles Zocdoc's webhook requests: the host's HTTP endpoint hands over the raw request
 * ({@link WebhookRequest}: headers, body bytes, received time) and answers with
 * {@link WebhookRejectedException#httpStatus()} when {@link #handle} throws, 200 otherwise.
 *
 * <p>In order, a request is:
 * <ol>
 *   <li>refused as {@code TOO_LARGE} beyond {@link Builder#maxBodyBytes} (64 KiB);
 *   <li>refused as {@code UNSIGNED} without the signature header ({@code X-Zocdoc-Signature} unless
 *       configured — Zocdoc's header name is UNCONFIRMED);
 *   <li>verified: the header must hold the {@link Builder#algorithm MAC} (HMAC-SHA256 unless
 *       configured) of the raw body under the shared key (the base64 key Zocdoc issues, read from the
 *       {@link SecretStore} at every request, so a rotated key is picked up), base64 or hex
 *       ({@link Builder#hexSignature}); compared in constant time; else {@code BAD_SIGNATURE};
 *   <li>refused as {@code STALE} when its {@code webhook_timestamp} (inside the signed body) is more
 *       than the {@link Builder#tolerance tolerance} (5 minutes) from when it was received;
 *   <li>refused as {@code REPLAYED} when the same signature was accepted before (remembered until it
 *       would be stale anyway, at most {@link Builder#maxRemembered} of them);
 *   <li>for {@code event_type=appointment_updated}: a {@link TargetedRefresh} of that one appointment
 *       — Zocdoc's notices say only that something changed, so the appointment is fetched, never read
 *       from the notice; other event types are {@code IGNORED}.
 * </ol>
 * A notice whose refresh did not apply is forgotten again and refused as {@code RETRY_LATER}, so
 * Zocdoc's redelivery is accepted. Nothing from the body or the headers reaches a message or a log.
 */
public final class ZocdocWebhookHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ZocdocWebhookHandler.class);
  /** The event this handler acts on. */
  public static final String APPOINTMENT_UPDATED = "appointment_updated";
  private static final Set<String> UPDATE_TYPES = Set.of("created", "updated", "cancelled");

  private final ConnectorId connector;
  private final SecretStore secrets;
  private final String keySecret;
  private final String algorithm;
  private final String signatureHeader;
  private final boolean hexSignature;
  private final Duration tolerance;
  private final int maxBodyBytes;
  private final Clock clock;
  private final TargetedRefresh refresh;
  private final ReplayMemory replays;

  private ZocdocWebhookHandler(Builder b) {
    this.connector = b.connector;
    this.secrets = b.secrets;
    this.keySecret = b.keySecret;
    this.algorithm = b.algorithm;
    this.signatureHeader = b.signatureHeader;
    this.hexSignature = b.hexSignature;
    this.tolerance = b.tolerance;
    this.maxBodyBytes = b.maxBodyBytes;
    this.clock = b.clock;
    this.refresh = b.refresh;
    this.replays = new ReplayMemory(b.tolerance.multipliedBy(2), b.maxRemembered);
    newMac(); // the algorithm exists
  }

  /**
   * A builder.
   *
   * @param connector the Zocdoc connector whose appointments the notices are about
   * @param secrets where the shared key is read
   * @param keySecret the key's name in the secret store (the base64 key Zocdoc issued)
   * @param clock expires the replay memory
   * @param refresh where appointments named by valid notices go (the coordinator)
   */
  public static Builder builder(ConnectorId connector, SecretStore secrets, String keySecret, Clock clock,
      TargetedRefresh refresh) {
    return new Builder(connector, secrets, keySecret, clock, refresh);
  }

  /**
   * Verifies a request and acts on it.
   *
   * @throws WebhookRejectedException when the request is refused; its {@link WebhookRejectedException#httpStatus()}
   *     is the answer
   */
  public WebhookResult handle(WebhookRequest request) {
    Checks.notNull(request, "webhook request");
    byte[] body = request.bodyUnsafe();
    if (body.length > maxBodyBytes) {
      throw reject(Reason.TOO_LARGE, "the body is larger than " + maxBodyBytes + " bytes");
    }
    String signature = request.header(signatureHeader).map(String::strip).filter(s -> !s.isEmpty())
        .orElseThrow(() -> reject(Reason.UNSIGNED, "no " + signatureHeader + " header"));
    byte[] claimed = decode(signature);
    byte[] expected = mac(body);
    if (!MessageDigest.isEqual(expected, claimed)) {
      throw reject(Reason.BAD_SIGNATURE, "the signature does not match the body under the shared key");
    }
    JsonNode notice = parse(body);
    JsonNode data = notice.path("data").isObject() ? notice.path("data") : notice;
    Instant stamp = timestamp(notice, data);
    if (Duration.between(stamp, request.receivedAt()).abs().compareTo(tolerance) > 0) {
      throw reject(Reason.STALE, "webhook_timestamp is more than " + tolerance + " from the time it was received");
    }
    String key = Base64.getEncoder().encodeToString(expected);
    if (!replays.remember(key, stamp, clock.instant())) {
      throw reject(Reason.REPLAYED, "this signed notice was accepted before");
    }
    String eventType = text(notice, "event_type");
    if (eventType == null) {
      eventType = text(data, "event_type");
    }
    if (!APPOINTMENT_UPDATED.equals(eventType)) {
      LOG.debug("[{}] webhook verified; not an appointment_updated notice, ignored", connector);
      return new WebhookResult(WebhookResult.Outcome.IGNORED, Optional.empty(), Optional.empty());
    }
    String appointmentId = text(data, "appointment_id");
    if (appointmentId == null || !AppointmentMapper.isAppointmentId(appointmentId)) {
      replays.forget(key);
      throw reject(Reason.MALFORMED, "appointment_updated without a valid appointment_id");
    }
    Optional<String> updateType = Optional.ofNullable(text(data, "appointment_update_type"))
        .map(t -> t.toLowerCase(Locale.ROOT)).filter(UPDATE_TYPES::contains);
    boolean applied;
    try {
      applied = refresh.refresh(connector, Set.of(appointmentId));
    } catch (RuntimeException e) {
      replays.forget(key);
      LOG.warn("[{}] webhook refresh failed ({})", connector, e.getClass().getSimpleName());
      throw reject(Reason.RETRY_LATER, "the refresh failed (" + e.getClass().getSimpleName() + ")");
    }
    if (!applied) {
      replays.forget(key);
      throw reject(Reason.RETRY_LATER, "the refresh could not run now");
    }
    LOG.debug("[{}] webhook verified; appointment refreshed ({})", connector, updateType.orElse("unknown update type"));
    return new WebhookResult(WebhookResult.Outcome.REFRESHED, Optional.of(appointmentId), updateType);
  }

  /** How many accepted notices are remembered against replay. */
  public int remembered() {
    return replays.size();
  }

  private byte[] decode(String signature) {
    try {
      return hexSignature ? HexFormat.of().parseHex(signature.toLowerCase(Locale.ROOT)) : Base64.getDecoder().decode(signature);
    } catch (IllegalArgumentException e) {
      throw reject(Reason.BAD_SIGNATURE, "the signature is not " + (hexSignature ? "hex" : "base64"));
    }
  }

  private byte[] mac(byte[] body) {
    Secret key = secrets.get(keySecret).orElseThrow(() -> new ValidationException(
        "the Zocdoc webhook key '" + keySecret + "' is not in the secret store"));
    byte[] keyBytes;
    try {
      keyBytes = Base64.getDecoder().decode(key.asString().strip());
    } catch (IllegalArgumentException e) {
      throw new ValidationException("the Zocdoc webhook key '" + keySecret + "' is not base64");
    }
    Mac mac = newMac();
    try {
      mac.init(new SecretKeySpec(keyBytes, algorithm));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new ValidationException("the Zocdoc webhook key '" + keySecret + "' is not usable for " + algorithm);
    }
    return mac.doFinal(body);
  }

  private Mac newMac() {
    try {
      return Mac.getInstance(algorithm);
    } catch (GeneralSecurityException e) {
      throw new ValidationException("webhook signature algorithm " + algorithm + " is not available in this JVM");
    }
  }

  private static JsonNode parse(byte[] body) {
    try {
      JsonNode node = VendorJson.reader().readTree(body);
      if (node == null || !node.isObject()) {
        throw reject(Reason.MALFORMED, "the body is not a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw reject(Reason.MALFORMED, "the body is not JSON");
    }
  }

  private static Instant timestamp(JsonNode notice, JsonNode data) {
    String text = text(notice, "webhook_timestamp");
    if (text == null) {
      text = text(data, "webhook_timestamp");
    }
    if (text == null) {
      throw reject(Reason.MALFORMED, "no webhook_timestamp");
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeException e) {
      throw reject(Reason.MALFORMED, "webhook_timestamp is not an ISO-8601 date-time with an offset");
    }
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || !v.isTextual() || v.asText().isBlank() ? null : v.asText().strip();
  }

  private static WebhookRejectedException reject(Reason reason, String why) {
    return new WebhookRejectedException(reason, why);
  }

  @Override
  public String toString() {
    return "ZocdocWebhookHandler[" + connector + ", " + algorithm + ", tolerance " + tolerance + "]";
  }

  /** Builds a {@link ZocdocWebhookHandler}. */
  public static final class Builder {
    private final ConnectorId connector;
    private final SecretStore secrets;
    private final String keySecret;
    private final Clock clock;
    private final TargetedRefresh refresh;
    private String algorithm = "HmacSHA256";
    private String signatureHeader = "X-Zocdoc-Signature";
    private boolean hexSignature;
    private Duration tolerance = Duration.ofMinutes(5);
    private int maxRemembered = 100_000;
    private int maxBodyBytes = 64 * 1024;

    private Builder(ConnectorId connector, SecretStore secrets, String keySecret, Clock clock, TargetedRefresh refresh) {
      this.connector = Checks.notNull(connector, "connector id");
      this.secrets = Checks.notNull(secrets, "secret store");
      this.keySecret = Checks.notBlank(keySecret, "webhook key secret name");
      this.clock = Checks.notNull(clock, "clock");
      this.refresh = Checks.notNull(refresh, "targeted refresh");
    }

    /** The JCA MAC algorithm of the signature; {@code HmacSHA256} unless set. */
    public Builder algorithm(String jcaName) {
      this.algorithm = Checks.notBlank(jcaName, "signature algorithm");
      return this;
    }

    /** The header carrying the signature; {@code X-Zocdoc-Signature} unless set. */
    public Builder signatureHeader(String name) {
      this.signatureHeader = Checks.notBlank(name, "signature header");
      return this;
    }

    /** Whether the signature is hex rather than base64 (the default). */
    public Builder hexSignature(boolean hex) {
      this.hexSignature = hex;
      return this;
    }

    /** How far {@code webhook_timestamp} may be from the received time; 5 minutes unless set. */
    public Builder tolerance(Duration t) {
      Checks.notNull(t, "webhook tolerance");
      if (t.isNegative() || t.isZero()) {
        throw new ValidationException("webhook tolerance must be positive: " + t);
      }
      this.tolerance = t;
      return this;
    }

    /** The most accepted notices remembered against replay; 100,000 unless set. */
    public Builder maxRemembered(int entries) {
      if (entries < 1) {
        throw new ValidationException("webhook replay memory must hold at least one entry: " + entries);
      }
      this.maxRemembered = entries;
      return this;
    }

    /** The largest body read; 64 KiB unless set. */
    public Builder maxBodyBytes(int bytes) {
      if (bytes < 1) {
        throw new ValidationException("webhook max body bytes must be positive: " + bytes);
      }
      this.maxBodyBytes = bytes;
      return this;
    }

    public ZocdocWebhookHandler build() {
      return new ZocdocWebhookHandler(this);
    }
  }
}
