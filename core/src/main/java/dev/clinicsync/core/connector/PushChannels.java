package dev.clinicsync.core.connector;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A connector's push capability (for connectors declaring
 * {@link ConnectorCapabilities.Capability#PUSH_NOTIFICATIONS}): the vendor opens a channel per
 * watched resource (a calendar) and calls the host's webhook when it changes. The coordinator owns
 * the channel registry, the channel tokens, renewal before expiry, verification of each
 * notification and the sync it triggers; an implementation speaks the vendor's protocol only.
 */
public interface PushChannels {

  /** The resources (calendar ids) this connector can watch; one channel each. */
  List<String> resources();

  /**
   * Opens a channel on one resource.
   *
   * @return the channel as the vendor accepted it (its expiry may be earlier than asked for)
   * @throws dev.clinicsync.core.ConnectorException when the vendor refuses
   */
  PushChannel open(ChannelRequest request);

  /**
   * Stops a channel; one the vendor no longer knows counts as stopped.
   *
   * @throws dev.clinicsync.core.ConnectorException when the vendor could not be reached
   */
  void stop(PushChannel channel);

  /**
   * Reads a raw notification from its request headers (names case-insensitive, as the host's HTTP
   * server received them); empty when the headers are not this vendor's notification ("not
   * mine"). Nothing is verified here: the coordinator checks the channel and its token.
   *
   * @throws dev.clinicsync.core.ValidationException when they are this vendor's but malformed,
   *     naming the header, never its value
   */
  Optional<PushNotification> parse(Map<String, List<String>> headers);
}
