package dev.clinicsync.core.connector;

import dev.clinicsync.core.Checks;
import java.time.Instant;

/**
 * An open channel as the vendor accepted it.
 *
 * @param resource the watched resource (a calendar id)
 * @param channelId the coordinator's channel id
 * @param vendorResourceId the vendor's id of the watched resource (needed to stop the channel)
 * @param expiresAt when the vendor stops delivering
 */
public record PushChannel(String resource, String channelId, String vendorResourceId, Instant expiresAt) {

  public PushChannel {
    Checks.notBlank(resource, "channel resource");
    Checks.notBlank(channelId, "channel id");
    Checks.notBlank(vendorResourceId, "channel vendor resource id");
    Checks.notNull(expiresAt, "channel expiry");
  }

  /** Vendor resource ids are not shown. */
  @Override
  public String toString() {
    return "PushChannel[channelId=" + channelId + ", expiresAt=" + expiresAt + "]";
  }
}
