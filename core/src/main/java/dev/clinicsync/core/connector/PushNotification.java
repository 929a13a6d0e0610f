package dev.clinicsync.core.connector;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.store.Secret;
import java.util.Optional;

/**
 * A vendor notification as read from its headers, not yet verified.
 *
 * @param channelId the channel it claims to come from
 * @param token the channel token it carries, if any
 * @param vendorResourceId the vendor's resource id, if given
 * @param kind a handshake or a change
 * @param messageNumber the vendor's message number, 0 when absent
 */
public record PushNotification(String channelId, Optional<Secret> token, Optional<String> vendorResourceId, Kind kind,
    long messageNumber) {

  /** What the notification says. */
  public enum Kind {
    /** The channel was just opened (Google's {@code sync} state): nothing changed. */
    HANDSHAKE,
    /** Something in the watched resource changed. */
    CHANGE
  }

  public PushNotification {
    Checks.notBlank(channelId, "notification channel id");
    Checks.notNull(token, "notification token");
    Checks.notNull(vendorResourceId, "notification resource id");
    Checks.notNull(kind, "notification kind");
  }

  @Override
  public String toString() {
    return "PushNotification[" + kind + ", message " + messageNumber + "]";
  }
}
