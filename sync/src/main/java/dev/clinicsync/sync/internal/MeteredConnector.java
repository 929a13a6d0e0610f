package dev.clinicsync.sync.internal;

import dev.clinicsync.core.connector.AccountLinking;
import dev.clinicsync.core.connector.ChannelRequest;
import dev.clinicsync.core.connector.ConnectorCapabilities;
import dev.clinicsync.core.connector.ConsentGrant;
import dev.clinicsync.core.connector.ConsentRequest;
import dev.clinicsync.core.connector.FetchPage;
import dev.clinicsync.core.connector.FetchRequest;
import dev.clinicsync.core.connector.MirrorWrite;
import dev.clinicsync.core.connector.MirrorWriter;
import dev.clinicsync.core.connector.PushChannel;
import dev.clinicsync.core.connector.PushChannels;
import dev.clinicsync.core.connector.PushNotification;
import dev.clinicsync.core.connector.SourceConnector;
import dev.clinicsync.core.connector.WriteEcho;
import dev.clinicsync.core.connector.WriteOutcome;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.store.Secret;
import dev.clinicsync.sync.metrics.ConnectorOperation;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A connector as the coordinator sees it: every SPI call that reaches the vendor — fetches, mirror
 * writes and reads, consent exchanges and revocations, push channel opens and stops — counted and
 * timed per operation in {@link CoordinatorMetrics}, then passed through unchanged (answers and
 * exceptions alike). Calls that stay local (ids, capabilities, parsing a notification, building an
 * authorization URL) are passed through unmeasured. It overrides every method of the SPI, defaults
 * included, so a connector's own implementation is always the one called.
 */
public final class MeteredConnector implements SourceConnector {
  private final SourceConnector delegate;
  private final ConnectorId id;
  private final CoordinatorMetrics metrics;

  private MeteredConnector(SourceConnector delegate, CoordinatorMetrics metrics) {
    this.delegate = delegate;
    this.id = delegate.id();
    this.metrics = metrics;
  }

  /** The connector, measured. */
  public static SourceConnector wrap(SourceConnector connector, CoordinatorMetrics metrics) {
    return connector instanceof MeteredConnector ? connector : new MeteredConnector(connector, metrics);
  }

  /** A connector's write-back side, measured under its connector's id. */
  public static MirrorWriter wrap(ConnectorId connector, MirrorWriter writer, CoordinatorMetrics metrics) {
    return writer instanceof Writer ? writer : new Writer(connector, writer, metrics);
  }

  private static <T> T timed(CoordinatorMetrics metrics, ConnectorId id, ConnectorOperation op, Supplier<T> call) {
    long start = metrics.start();
    boolean error = true;
    try {
      T result = call.get();
      error = false;
      return result;
    } finally {
      metrics.call(id, op, start, error);
    }
  }

  private static void timedRun(CoordinatorMetrics metrics, ConnectorId id, ConnectorOperation op, Runnable call) {
    timed(metrics, id, op, () -> {
      call.run();
      return Boolean.TRUE;
    });
  }

  @Override
  public ConnectorId id() {
    return id;
  }

  @Override
  public SourceSystem system() {
    return delegate.system();
  }

  @Override
  public ConnectorCapabilities capabilities() {
    return delegate.capabilities();
  }

  @Override
  public FetchPage fetch(FetchRequest request) {
    return timed(metrics, id, ConnectorOperation.FETCH, () -> delegate.fetch(request));
  }

  @Override
  public boolean fetchesByExternalId() {
    return delegate.fetchesByExternalId();
  }

  @Override
  public FetchPage fetchByExternalIds(Set<String> externalIds) {
    return timed(metrics, id, ConnectorOperation.FETCH_BY_ID, () -> delegate.fetchByExternalIds(externalIds));
  }

  @Override
  public Optional<MirrorWriter> mirrorWriter() {
    return delegate.mirrorWriter().map(w -> wrap(id, w, metrics));
  }

  @Override
  public Optional<AccountLinking> accountLinking() {
    return delegate.accountLinking().map(a -> new Linking(id, a, metrics));
  }

  @Override
  public Optional<PushChannels> pushChannels() {
    return delegate.pushChannels().map(p -> new Channels(id, p, metrics));
  }

  @Override
  public Optional<dev.clinicsync.core.connector.ServiceCatalog> serviceCatalog() {
    return delegate.serviceCatalog().map(catalog -> (dev.clinicsync.core.connector.ServiceCatalog)
        () -> timed(metrics, id, ConnectorOperation.SERVICE_TYPES, catalog::serviceTypes));
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }

  /** The write-back side, measured; an answer of unknown outcome (a timeout) counts as an error. */
  private static final class Writer implements MirrorWriter {
    private final ConnectorId id;
    private final MirrorWriter delegate;
    private final CoordinatorMetrics metrics;

    Writer(ConnectorId id, MirrorWriter delegate, CoordinatorMetrics metrics) {
      this.id = id;
      this.delegate = delegate;
      this.metrics = metrics;
    }

    private WriteOutcome write(ConnectorOperation op, Supplier<WriteOutcome> call) {
      long start = metrics.start();
      boolean error = true;
      try {
        WriteOutcome outcome = call.get();
        error = outcome instanceof WriteOutcome.Unknown;
        return outcome;
      } finally {
        metrics.call(id, op, start, error);
      }
    }

    @Override
    public WriteOutcome create(MirrorWrite write) {
      return write(ConnectorOperation.MIRROR_CREATE, () -> delegate.create(write));
    }

    @Override
    public WriteOutcome update(MirrorWrite write, String expectedVersion) {
      return write(ConnectorOperation.MIRROR_UPDATE, () -> delegate.update(write, expectedVersion));
    }

    @Override
    public WriteOutcome cancel(String target, AppointmentId appointment, String expectedVersion) {
      return write(ConnectorOperation.MIRROR_CANCEL, () -> delegate.cancel(target, appointment, expectedVersion));
    }

    @Override
    public Optional<WriteEcho> read(String target, AppointmentId appointment) {
      return timed(metrics, id, ConnectorOperation.MIRROR_READ, () -> delegate.read(target, appointment));
    }
  }

  /** The account-linking side, measured where it calls the vendor. */
  private static final class Linking implements AccountLinking {
    private final ConnectorId id;
    private final AccountLinking delegate;
    private final CoordinatorMetrics metrics;

    Linking(ConnectorId id, AccountLinking delegate, CoordinatorMetrics metrics) {
      this.id = id;
      this.delegate = delegate;
      this.metrics = metrics;
    }

    @Override
    public ClinicianId clinician() {
      return delegate.clinician();
    }

    @Override
    public String grantSecretName() {
      return delegate.grantSecretName();
    }

    @Override
    public URI authorizationUrl(ConsentRequest request) {
      return delegate.authorizationUrl(request);
    }

    @Override
    public Secret exchange(ConsentGrant grant) {
      return timed(metrics, id, ConnectorOperation.ACCOUNT_EXCHANGE, () -> delegate.exchange(grant));
    }

    @Override
    public void revoke(Secret grant) {
      timedRun(metrics, id, ConnectorOperation.ACCOUNT_REVOKE, () -> delegate.revoke(grant));
    }
  }

  /** The push side, measured where it calls the vendor. */
  private static final class Channels implements PushChannels {
    private final ConnectorId id;
    private final PushChannels delegate;
    private final CoordinatorMetrics metrics;

    Channels(ConnectorId id, PushChannels delegate, CoordinatorMetrics metrics) {
      this.id = id;
      this.delegate = delegate;
      this.metrics = metrics;
    }

    @Override
    public List<String> resources() {
      return delegate.resources();
    }

    @Override
    public PushChannel open(ChannelRequest request) {
      return timed(metrics, id, ConnectorOperation.PUSH_OPEN, () -> delegate.open(request));
    }

    @Override
    public void stop(PushChannel channel) {
      timedRun(metrics, id, ConnectorOperation.PUSH_STOP, () -> delegate.stop(channel));
    }

    @Override
    public Optional<PushNotification> parse(Map<String, List<String>> headers) {
      return delegate.parse(headers);
    }
  }
}
