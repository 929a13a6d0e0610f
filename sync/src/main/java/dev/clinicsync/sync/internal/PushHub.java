package dev.clinicsync.sync.internal;

import dev.clinicsync.core.ClinicSyncException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.connector.ChannelRequest;
import dev.clinicsync.core.connector.PushChannel;
import dev.clinicsync.core.connector.PushChannels;
import dev.clinicsync.core.connector.PushNotification;
import dev.clinicsync.core.connector.SourceConnector;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.store.Secret;
import dev.clinicsync.sync.PushOutcome;
import dev.clinicsync.sync.PushRefusedException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's push channels: one per watched calendar of every connector that offers
 * {@link PushChannels}, each with a random id and a random token (kept here, never logged), opened
 * when a coordinator starts or an account is connected, renewed a while before they expire (new
 * channel first, then the old one stopped, so no change goes unnoticed), stopped when the account
 * is disconnected.
 *
 * <p>A notification is accepted only for a channel this coordinator opened and has not retired,
 * carrying that channel's token (compared in constant time) and, when given, its resource. A
 * handshake does nothing; a change queues one sync of the calendar's connector on the executor —
 * incremental, as every sync with a stored cursor is — unless one is already queued for that
 * calendar (a pending flag per calendar: a burst of notifications coalesces into one sync; one
 * arriving while that sync runs queues exactly one more). Polling stays on its schedule as the
 * fallback: a channel that cannot be opened is logged and retried at the next maintenance.
 * Thread-safe.
 */
public final class PushHub {
  private static final Logger LOG = LoggerFactory.getLogger(PushHub.class);

  private record Key(ConnectorId connector, String resource) {}

  private record Entry(ConnectorId connector, PushChannel channel, Secret token) {}

  private final Map<ConnectorId, PushChannels> pushable;
  private final Optional<URI> address;
  private final Duration ttl;
  private final Duration renewBefore;
  private final Clock clock;
  private final SecureRandom random;
  private final ScheduledExecutorService executor;
  private final Consumer<ConnectorId> sync;
  private final Map<String, Entry> byChannelId = new ConcurrentHashMap<>();
  private final Map<Key, Entry> current = new ConcurrentHashMap<>();
  private final Set<Key> pending = ConcurrentHashMap.newKeySet();
  private final Object maintenance = new Object();

  /**
   * @param connectors every connector of the coordinator; those offering push channels are used
   * @param address the host's https webhook; empty: no channels (polling only)
   * @param sync runs one sync of a connector (the coordinator's, waiting for one in flight)
   */
  public PushHub(Iterable<SourceConnector> connectors, Optional<URI> address, Duration ttl, Duration renewBefore,
      Clock clock, SecureRandom random, ScheduledExecutorService executor, Consumer<ConnectorId> sync) {
    Map<ConnectorId, PushChannels> p = new java.util.LinkedHashMap<>();
    for (SourceConnector c : connectors) {
      c.pushChannels().ifPresent(channels -> p.put(c.id(), channels));
    }
    this.pushable = p;
    this.address = address;
    this.ttl = ttl;
    this.renewBefore = renewBefore;
    this.clock = clock;
    this.random = random;
    this.executor = executor;
    this.sync = sync;
  }

  /** Whether channels are opened at all: a webhook is configured and some connector offers push. */
  public boolean enabled() {
    return address.isPresent() && !pushable.isEmpty();
  }

  /**
   * Opens the missing channels of every active connector and renews those expiring within the
   * renewal margin; forgets expired ones.
   */
  public void maintain(Predicate<ConnectorId> active) {
    if (!enabled()) {
      return;
    }
    synchronized (maintenance) {
      Instant now = clock.instant();
      byChannelId.values().removeIf(e -> !e.channel().expiresAt().isAfter(now) && !current.containsValue(e));
      for (ConnectorId id : pushable.keySet()) {
        if (active.test(id)) {
          openOrRenew(id, now);
        }
      }
    }
  }

  /** Opens the missing channels of one connector (after its account was connected). */
  public void open(ConnectorId connector) {
    if (!enabled() || !pushable.containsKey(connector)) {
      return;
    }
    synchronized (maintenance) {
      openOrRenew(connector, clock.instant());
    }
  }

  private void openOrRenew(ConnectorId id, Instant now) {
    PushChannels channels = Objects.requireNonNull(pushable.get(id), "callers pass only ids of pushable connectors");
    for (String resource : channels.resources()) {
      Key key = new Key(id, resource);
      Entry old = current.get(key);
      if (old != null && old.channel().expiresAt().isAfter(now.plus(renewBefore))) {
        continue;
      }
      Entry fresh;
      try {
        Secret token = Secret.of(ConsentStates.randomToken(random, 32));
        String channelId = "cs-" + ConsentStates.randomToken(random, 18);
        PushChannel channel = channels.open(new ChannelRequest(resource, channelId, token, address.orElseThrow(),
            now.plus(ttl)));
        fresh = new Entry(id, channel, token);
      } catch (ClinicSyncException e) {
        LOG.warn("connector {}: a push channel could not be opened ({}); polling continues", id,
            e.getClass().getSimpleName());
        continue;
      }
      byChannelId.put(fresh.channel().channelId(), fresh);
      current.put(key, fresh);
      if (old != null) {
        stopQuietly(channels, old);
      }
    }
  }

  /** Stops and forgets every channel of a connector (its account is being disconnected). */
  public void stop(ConnectorId connector) {
    PushChannels channels = pushable.get(connector);
    if (channels == null) {
      return;
    }
    synchronized (maintenance) {
      List<Entry> mine = new ArrayList<>();
      byChannelId.values().stream().filter(e -> e.connector().equals(connector)).forEach(mine::add);
      mine.forEach(e -> stopQuietly(channels, e));
      current.keySet().removeIf(k -> k.connector().equals(connector));
    }
  }

  private void stopQuietly(PushChannels channels, Entry e) {
    byChannelId.remove(e.channel().channelId()); // no notification of a retired channel is accepted
    try {
      channels.stop(e.channel());
    } catch (ClinicSyncException failure) {
      LOG.warn("connector {}: a push channel could not be stopped ({}); it expires by itself at {}", e.connector(),
          failure.getClass().getSimpleName(), e.channel().expiresAt());
    }
  }

  /**
   * Verifies a raw notification and acts on it.
   *
   * @throws PushRefusedException when it is not a valid notification of a live channel of ours
   */
  public PushOutcome handle(Map<String, List<String>> headers) {
    if (headers == null) {
      throw new PushRefusedException(PushRefusedException.Reason.NOT_A_NOTIFICATION, "no headers");
    }
    Optional<PushNotification> parsed = Optional.empty();
    for (PushChannels channels : pushable.values()) {
      try {
        parsed = channels.parse(headers);
      } catch (ValidationException e) {
        throw new PushRefusedException(PushRefusedException.Reason.MALFORMED,
            Objects.requireNonNullElse(e.getMessage(), "malformed push headers"));
      }
      if (parsed.isPresent()) {
        break;
      }
    }
    if (parsed.isEmpty()) {
      throw refused(PushRefusedException.Reason.NOT_A_NOTIFICATION, "no connector recognises it");
    }
    PushNotification n = parsed.get();
    Entry entry = byChannelId.get(n.channelId());
    if (entry == null || !entry.channel().expiresAt().isAfter(clock.instant())) {
      throw refused(PushRefusedException.Reason.UNKNOWN_CHANNEL, "the channel is unknown, stopped or expired");
    }
    boolean tokenOk = n.token().map(entry.token()::equals).orElse(false); // Secret.equals: constant time
    if (!tokenOk) {
      throw refused(PushRefusedException.Reason.BAD_TOKEN, "the channel token is missing or wrong");
    }
    if (n.vendorResourceId().isPresent() && !n.vendorResourceId().get().equals(entry.channel().vendorResourceId())) {
      throw refused(PushRefusedException.Reason.BAD_TOKEN, "the resource is not the channel's");
    }
    if (n.kind() == PushNotification.Kind.HANDSHAKE) {
      return PushOutcome.HANDSHAKE;
    }
    Key key = new Key(entry.connector(), entry.channel().resource());
    if (!pending.add(key)) {
      return PushOutcome.COALESCED;
    }
    try {
      executor.schedule(() -> {
        pending.remove(key);
        try {
          sync.accept(key.connector());
        } catch (RuntimeException e) {
          LOG.error("connector {}: the sync a push notification queued failed: {}", key.connector(),
              e.getClass().getSimpleName());
        }
      }, 0, TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) { // rejected: the coordinator is closing; polling covers it
      pending.remove(key);
      throw e;
    }
    return PushOutcome.SYNC_QUEUED;
  }

  private static PushRefusedException refused(PushRefusedException.Reason reason, String detail) {
    LOG.warn("push notification refused: {}", reason);
    return new PushRefusedException(reason, detail);
  }

  /** The live channels of a connector (for inspection). */
  public List<PushChannel> channels(ConnectorId connector) {
    List<PushChannel> out = new ArrayList<>();
    current.forEach((k, e) -> {
      if (k.connector().equals(connector)) {
        out.add(e.channel());
      }
    });
    return out;
  }

  /** Whether a connector has a push-channel capability. */
  public boolean offersPush(ConnectorId connector) {
    return pushable.containsKey(connector);
  }
}
