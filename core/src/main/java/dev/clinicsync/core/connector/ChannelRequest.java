package dev.clinicsync.core.connector;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.store.Secret;
import java.net.URI;
import java.time.Instant;

/**
 * A channel to open: on which resource, under which id, with which verification token, delivering
 * to which webhook, until when. The token is a {@link Secret}: never shown.
 *
 * @param resource the resource to watch (a calendar id)
 * @param channelId the coordinator's unique channel id
 * @param token the random token the vendor echoes in every notification
 * @param address the host's https webhook
 * @param expiresAt the expiry asked for
 */
public record ChannelRequest(String resource, String channelId, Secret token, URI address, Instant expiresAt) {

  public ChannelRequest {
    Checks.notBlank(resource, "channel resource");
    Checks.notBlank(channelId, "channel id");
    Checks.notNull(token, "channel token");
    Checks.notNull(address, "channel address");
    if (!address.isAbsolute()) {
      throw new ValidationException("channel address must be an absolute URI");
    }
    Checks.notNull(expiresAt, "channel expiry");
  }

  @Override
  public String toString() {
    return "ChannelRequest[channelId=" + channelId + ", expiresAt=" + expiresAt + "]";
  }
}
