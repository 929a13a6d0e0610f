package dev.clinicsync.sync;

import dev.clinicsync.conflict.ConflictEngine;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ClinicSyncException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.access.AccessPolicy;
import dev.clinicsync.core.audit.AuditKeys;
import dev.clinicsync.core.audit.AuditLog;
import dev.clinicsync.core.memory.InMemoryAppointmentStore;
import dev.clinicsync.core.memory.InMemoryAuditSink;
import dev.clinicsync.core.memory.InMemoryBusyBlockStore;
import dev.clinicsync.core.memory.InMemoryClinicianDirectory;
import dev.clinicsync.core.memory.InMemorySecretStore;
import dev.clinicsync.core.memory.InMemorySyncStateStore;
import dev.clinicsync.core.model.AppointmentType;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.phi.AesGcmPhiVault;
import dev.clinicsync.core.phi.PatientTokenizer;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.store.AppointmentStore;
import dev.clinicsync.core.store.BusyBlockStore;
import dev.clinicsync.core.audit.AuditSink;
import dev.clinicsync.core.store.ClinicianDirectory;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.connector.ConnectorContext;
import dev.clinicsync.core.connector.FetchLimits;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.connector.ConnectorProvider;
import dev.clinicsync.core.phi.PhiVault;
import dev.clinicsync.core.store.SecretStore;
import dev.clinicsync.core.connector.SourceConnector;
import dev.clinicsync.core.backend.Storage;
import dev.clinicsync.core.store.SyncStateStore;
import dev.clinicsync.sync.internal.Access;
import dev.clinicsync.sync.internal.AvailabilityReader;
import dev.clinicsync.sync.internal.BusyBlockIndex;
import dev.clinicsync.sync.internal.CalendarReader;
import dev.clinicsync.sync.internal.ChangeApplier;
import dev.clinicsync.sync.internal.ClinicianLocks;
import dev.clinicsync.sync.internal.ConflictMaintainer;
import dev.clinicsync.sync.internal.ConnectorReader;
import dev.clinicsync.sync.internal.DeletionGuard;
import dev.clinicsync.sync.internal.HeldPlans;
import dev.clinicsync.sync.internal.Scheduling;
import dev.clinicsync.sync.internal.StoredReader;
import dev.clinicsync.sync.internal.SyncJob;
import dev.clinicsync.sync.internal.SyncOptions;
import dev.clinicsync.sync.internal.SyncPlanner;
import dev.clinicsync.sync.internal.UnitOfWork;
import dev.clinicsync.sync.internal.StoreRecheck;
import dev.clinicsync.sync.internal.IndexCatchUp;
import dev.clinicsync.core.store.AppointmentChanges;
import dev.clinicsync.sync.internal.Transact;
import dev.clinicsync.core.store.Transactions;
import dev.clinicsync.sync.internal.Wiring;
import dev.clinicsync.sync.internal.ConsentStates;
import dev.clinicsync.sync.internal.PushHub;
import dev.clinicsync.sync.internal.AvailabilityEditor;
import dev.clinicsync.sync.internal.CoordinatorCaches;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import dev.clinicsync.core.connector.MirrorWriter;
import dev.clinicsync.core.memory.InMemoryWriteQueue;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.store.WriteQueue;
import dev.clinicsync.sync.internal.EchoReconciler;
import dev.clinicsync.sync.internal.MirrorIssues;
import dev.clinicsync.sync.internal.MirrorLedger;
import dev.clinicsync.sync.internal.MirrorTargets;
import dev.clinicsync.sync.internal.Outbox;
import dev.clinicsync.sync.internal.WriteSide;
import dev.clinicsync.sync.internal.WriteWorker;
import dev.clinicsync.sync.writes.MirrorProjection;
import dev.clinicsync.sync.writes.MirrorRule;
import java.util.random.RandomGenerator;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import dev.clinicsync.sync.events.CoordinatorListener;
import dev.clinicsync.sync.internal.EventHub;
import java.util.function.Consumer;
import dev.clinicsync.sync.internal.CoordinatorMetrics;
import dev.clinicsync.sync.internal.MeteredConnector;
import dev.clinicsync.sync.metrics.AlertThresholds;
import dev.clinicsync.sync.metrics.AlertTransition;
import dev.clinicsync.sync.metrics.MetricsRecorder;
import dev.clinicsync.sync.metrics.Ticker;

/**
 * Configures a {@link SyncCoordinator}. Every option has a working default (in-memory stores —
 * appointments, sync state, busy blocks, audit —, an encrypted in-memory PHI vault, the UTC system
 * clock, a 15-minute sync interval, a 30% mass-deletion guard over a sliding day,
 * {@link FetchLimits#DEFAULTS} per fetch); {@link #build()} validates the whole configuration at
 * once and names every problem in one {@link ValidationException}.
 *
 * <p>A coordinator built on the stores of an earlier one (the appointment store, the sync-state
 * store, the busy-block store, the audit sink and the PHI vault) resumes every connector
 * incrementally: the conflict index is loaded from the stored appointments and busy blocks.
 */
public final class SyncCoordinatorBuilder {
  private final List<SourceConnector> connectors = new ArrayList<>();
  private final List<ConnectorConfig> configs = new ArrayList<>();
  private final Map<ConnectorId, Duration> intervals = new HashMap<>();
  private @Nullable AppointmentStore store;
  private @Nullable SyncStateStore syncState;
  private @Nullable BusyBlockStore busyBlocks;
  private @Nullable AuditSink auditSink;
  private @Nullable AuditKeys auditKeys;
  private @Nullable SecretStore secrets;
  private @Nullable PhiVault phiVault;
  private @Nullable ClinicianDirectory clinicians;
  private ClinicianLocations clinicianLocations = ClinicianLocations.NONE;
  private final Map<AppointmentType, Duration> appointmentDurations = new HashMap<>();
  private @Nullable PatientTokenizer tokenizer;
  private Clock clock = Clock.systemUTC();
  private @Nullable ScheduledExecutorService executor;
  private ClassLoader classLoader = SyncCoordinatorBuilder.class.getClassLoader();
  private ConflictEngine.Builder conflictRules = ConflictEngine.builder();
  private Duration defaultInterval = Duration.ofMinutes(15);
  private double jitter = 0.1;
  private Random random = new Random();
  private Duration lookBack = Duration.ofDays(30);
  private Duration lookAhead = Duration.ofDays(180);
  private double massDeletionShare = 0.30;
  private int massDeletionMinimum = 2;
  private String nodeId = "node-" + UUID.randomUUID();
  private Duration leaseTtl = Duration.ofMinutes(10);
  private @Nullable FetchLimits fetchLimits = FetchLimits.DEFAULTS;
  private @Nullable WriteQueue writeQueue;
  private final Map<ClinicianId, ConnectorId> mirrorTargets = new LinkedHashMap<>();
  private final Map<ConnectorId, MirrorProjection> projections = new HashMap<>();
  private MirrorRule onMirrorEdit = MirrorRule.SOURCE_WINS;
  private MirrorRule onMirrorDelete = MirrorRule.SOURCE_WINS;
  private int writeBatch = WriteQueue.DEFAULT_BATCH;
  private Duration writeInitialDelay = Duration.ofSeconds(2);
  private Duration writeMaxDelay = Duration.ofMinutes(10);
  private int writeMaxAttempts = 8;
  private Duration writeClaim = Duration.ofMinutes(5);
  private Duration writeInterval = Duration.ofSeconds(30);
  private @Nullable RandomGenerator writeRandom;
  private @Nullable URI pushAddress;
  private Duration pushChannelTtl = Duration.ofDays(7);
  private Duration pushRenewBefore = Duration.ofDays(1);
  private Duration consentTtl = Duration.ofMinutes(10);
  private SecureRandom secureRandom = new SecureRandom();
  private AccessPolicy accessPolicy = AccessPolicy.DEFAULT;
  private Duration availabilityCacheTtl = Duration.ofMinutes(15);
  private Duration serviceTypesCacheTtl = Duration.ofHours(1);
  private long cacheMaximumSize = 10_000;
  private final List<CoordinatorListener> listeners = new ArrayList<>();
  private @Nullable Executor eventExecutor;
  private int listenerQueueCapacity = EventHub.DEFAULT_QUEUE_CAPACITY;
  private AlertThresholds alertThresholds = AlertThresholds.DEFAULTS;
  private MetricsRecorder metricsRecorder = MetricsRecorder.NONE;
  private Ticker metricsTicker = Ticker.system();
  private Consumer<AlertTransition> alertPublisher = t -> {};
  /** The sliding period over which the mass-deletion guard adds up removals. */
  static final Duration MASS_DELETION_PERIOD = Duration.ofDays(1);

  SyncCoordinatorBuilder() {}

  /** Adds connector instances. */
  public SyncCoordinatorBuilder connectors(SourceConnector... instances) {
    connectors.addAll(List.of(instances));
    return this;
  }

  /** Adds connectors to build from configuration, found by type through {@link java.util.ServiceLoader}. */
  public SyncCoordinatorBuilder connectorConfigs(ConnectorConfig... c) {
    configs.addAll(List.of(c));
    return this;
  }

  /** The class loader connector providers are looked up in (default: this library's). */
  public SyncCoordinatorBuilder classLoader(ClassLoader loader) {
    this.classLoader = loader;
    return this;
  }

  /**
   * Every store from one backend at once — appointments, busy blocks, sync state, audit trail,
   * write queue, and the backend's {@link #transactions transactions}, {@link #clinicianLocks
   * clinician locks} and {@link #appointmentChanges change sequence} — as the eight calls would;
   * a later call to one of them replaces that one store. With the JDBC stores:
   * {@code builder.storage(db).phiVault(db.phiVault(secrets))}.
   */
  public SyncCoordinatorBuilder storage(Storage s) {
    Checks.notNull(s, "storage");
    return appointmentStore(s.appointments()).busyBlockStore(s.busyBlocks()).syncStateStore(s.syncState())
        .auditSink(s.audit()).writeQueue(s.writeQueue()).transactions(s.transactions())
        .clinicianLocks(s.clinicianLocks()).appointmentChanges(s.changes());
  }

  public SyncCoordinatorBuilder appointmentStore(AppointmentStore s) {
    this.store = s;
    return this;
  }

  public SyncCoordinatorBuilder syncStateStore(SyncStateStore s) {
    this.syncState = s;
    return this;
  }

  /**
   * Where external busy blocks (personal calendars) are kept (default: in memory). Persisting
   * them lets a rebuilt coordinator resume every calendar incrementally.
   */
  public SyncCoordinatorBuilder busyBlockStore(BusyBlockStore s) {
    this.busyBlocks = s;
    return this;
  }

  public SyncCoordinatorBuilder auditSink(AuditSink s) {
    this.auditSink = s;
    return this;
  }

  /**
   * The audit chain's keys (default: {@link AuditKeys#fromSecretStore(SecretStore)} on the secret
   * store, i.e. the secret {@value AuditKeys#DEFAULT_SECRET_NAME}; without a secret store,
   * {@link AuditKeys#inProcess()}). Give another current key id here to rotate.
   */
  public SyncCoordinatorBuilder auditKeys(AuditKeys k) {
    this.auditKeys = k;
    return this;
  }

  public SyncCoordinatorBuilder secretStore(SecretStore s) {
    this.secrets = s;
    return this;
  }

  public SyncCoordinatorBuilder phiVault(PhiVault v) {
    this.phiVault = v;
    return this;
  }

  public SyncCoordinatorBuilder clinicianDirectory(ClinicianDirectory d) {
    this.clinicians = d;
    return this;
  }

  /** The patient tokenizer handed to configured connectors (default: keyed from the secret store). */
  public SyncCoordinatorBuilder patientTokenizer(PatientTokenizer t) {
    this.tokenizer = t;
    return this;
  }

  public SyncCoordinatorBuilder clock(Clock c) {
    this.clock = c;
    return this;
  }

  /** The executor scheduled syncs run on (default: two daemon threads, started by {@code start()}). */
  public SyncCoordinatorBuilder executor(ScheduledExecutorService e) {
    this.executor = e;
    return this;
  }

  /** Conflict rules: blocking statuses, buffer, duplicate tolerance. */
  public SyncCoordinatorBuilder conflictRules(ConflictEngine.Builder rules) {
    this.conflictRules = rules;
    return this;
  }

  /** The sync interval of connectors without their own (default 15 minutes; never below a floor). */
  public SyncCoordinatorBuilder defaultInterval(Duration d) {
    this.defaultInterval = d;
    return this;
  }

  /** A connector's own sync interval; must not be below its polling floor. */
  public SyncCoordinatorBuilder interval(ConnectorId connector, Duration d) {
    intervals.put(connector, d);
    return this;
  }

  /** The share of an interval added at random to each scheduled run, in [0, 1] (default 0.1). */
  public SyncCoordinatorBuilder jitter(double share) {
    this.jitter = share;
    return this;
  }

  /** The source of jitter (tests pass a seeded one). */
  public SyncCoordinatorBuilder random(Random r) {
    this.random = r;
    return this;
  }

  /** The sync window: from {@code back} before now to {@code ahead} after (default 30 and 180 days). */
  public SyncCoordinatorBuilder window(Duration back, Duration ahead) {
    this.lookBack = back;
    this.lookAhead = ahead;
    return this;
  }

  /**
   * The mass-deletion guard: a sync is held for an admin when the live appointments it removes
   * from the window — deleted, cancelled or moved out of it — together with those its connector
   * removed in the past day (a sliding day, by the coordinator's clock) number at least
   * {@code minimum} and more than {@code share} of what the connector had in the window at the
   * start of that day; the same for the busy blocks it owns (default 30% and 2: a single removal
   * is never held, a feed that empties is, at once or a little at a time).
   */
  public SyncCoordinatorBuilder massDeletionGuard(double share, int minimum) {
    this.massDeletionShare = share;
    this.massDeletionMinimum = minimum;
    return this;
  }

  /** This node's id, the owner of its sync leases when several nodes share storage. */
  public SyncCoordinatorBuilder nodeId(String id) {
    this.nodeId = id;
    return this;
  }

  /** How long a sync lease lasts (default 10 minutes). */
  public SyncCoordinatorBuilder leaseTtl(Duration d) {
    this.leaseTtl = d;
    return this;
  }

  /**
   * The most work one fetch of one connector may take: pages, records and elapsed time (default
   * {@link FetchLimits#DEFAULTS}: 1,000 pages, 1,000,000 records, 10 minutes). A fetch past one
   * fails that connector's sync with a {@link dev.clinicsync.core.FetchLimitExceededException},
   * audited, nothing applied, the cursor unchanged; the other connectors keep syncing.
   */
  public SyncCoordinatorBuilder fetchLimits(FetchLimits limits) {
    this.fetchLimits = limits;
    return this;
  }

  /**
   * Where outbound write jobs are kept (default: in memory). Every change that needs a mirror write
   * enqueues its job together with the change.
   */
  public SyncCoordinatorBuilder writeQueue(WriteQueue q) {
    this.writeQueue = q;
    return this;
  }

  /**
   * The host's https webhook for vendor push notifications (Google watch channels); none by
   * default: connectors are polled only. With it, every connector offering push channels gets one
   * per watched calendar once the coordinator starts (or its account is connected), and the host
   * passes what the webhook receives to {@link SyncCoordinator#handlePushNotification}.
   */
  public SyncCoordinatorBuilder pushNotifications(URI webhook) {
    this.pushAddress = webhook;
    return this;
  }

  /**
   * Mirrors a clinician's appointments through a write-back connector (one of this coordinator's,
   * declaring {@code WRITE_BACK}) into the Google calendar the clinician directory names for them
   * (their {@code google} external id). A clinician without one is skipped and reported.
   */
  public SyncCoordinatorBuilder mirrorInto(ClinicianId clinician, ConnectorId writer) {
    mirrorTargets.put(clinician, writer);
    return this;
  }

  /** What mirrors written through {@code writer} show (default {@link MirrorProjection#CONTENT_FREE}). */
  public SyncCoordinatorBuilder mirrorProjection(ConnectorId writer, MirrorProjection projection) {
    projections.put(writer, projection);
    return this;
  }

  /**
   * How mirrors changed in Google are settled: an edit, and a deletion (default: the source system
   * wins for both — restored and audited).
   */
  public SyncCoordinatorBuilder mirrorRules(MirrorRule onEdit, MirrorRule onDelete) {
    this.onMirrorEdit = onEdit;
    this.onMirrorDelete = onDelete;
    return this;
  }

  /** Jobs a worker claims per target at once (default {@value WriteQueue#DEFAULT_BATCH}). */
  public SyncCoordinatorBuilder writeBatch(int jobs) {
    this.writeBatch = jobs;
    return this;
  }

  /**
   * Retries of write jobs: exponential backoff with full jitter from {@code initialDelay} (default 2 s)
   * up to {@code maxDelay} (default 10 minutes), never shorter than a vendor's Retry-After, and
   * dead-lettered after {@code maxAttempts} (default 8).
   */
  public SyncCoordinatorBuilder writeRetries(Duration initialDelay, Duration maxDelay, int maxAttempts) {
    this.writeInitialDelay = initialDelay;
    this.writeMaxDelay = maxDelay;
    this.writeMaxAttempts = maxAttempts;
    return this;
  }

  /** How often a started coordinator runs the write queue (default 30 s), and how long a claim lasts (default 5 min). */
  public SyncCoordinatorBuilder writeSchedule(Duration interval, Duration claim) {
    this.writeInterval = interval;
    this.writeClaim = claim;
    return this;
  }

  /** The randomness of write backoff jitter (tests pass a seeded one). */
  public SyncCoordinatorBuilder writeRandom(RandomGenerator r) {
    this.writeRandom = r;
    return this;
  }

  /**
   * How long a push channel is asked to live (default 7 days; the vendor may shorten it) and how
   * long before its expiry it is renewed (default 1 day). Maintenance runs every hour or every
   * half renewal margin, whichever is shorter.
   */
  public SyncCoordinatorBuilder pushChannelTiming(Duration ttl, Duration renewBefore) {
    this.pushChannelTtl = ttl;
    this.pushRenewBefore = renewBefore;
    return this;
  }

  /** How long a begun consent may be completed (default 10 minutes). */
  public SyncCoordinatorBuilder consentTtl(Duration ttl) {
    this.consentTtl = ttl;
    return this;
  }

  /** The source of consent states, PKCE verifiers and channel tokens (default a new {@link SecureRandom}). */
  public SyncCoordinatorBuilder secureRandom(SecureRandom r) {
    this.secureRandom = r;
    return this;
  }

  /**
   * Adds a listener for the coordinator's live events, subscribed from the start (more can come
   * later with {@link SyncCoordinator#subscribe}). See {@link CoordinatorListener}.
   */
  public SyncCoordinatorBuilder listener(CoordinatorListener listener) {
    listeners.add(Checks.notNull(listener, "listener"));
    return this;
  }

  /** The thresholds of the alert rules (default {@link AlertThresholds#DEFAULTS}). */
  public SyncCoordinatorBuilder alertThresholds(AlertThresholds thresholds) {
    this.alertThresholds = Checks.notNull(thresholds, "alert thresholds");
    return this;
  }

  /**
   * Where listeners are called (default: daemon threads the coordinator starts on demand — at most
   * one per listener at a time — and stops on close). A host's executor is never shut down by the
   * coordinator; one that refuses a delivery makes that listener drop what was queued (counted).
   */
  public SyncCoordinatorBuilder eventExecutor(Executor executor) {
    this.eventExecutor = Checks.notNull(executor, "event executor");
    return this;
  }

  /**
   * Receives every measurement as it is taken (default: none), for a metrics library — the
   * {@code clinicsync-micrometer} module's {@code MicrometerMetricsRecorder}. The coordinator's own
   * counts ({@link SyncObservability#metrics}) are kept either way; the recorder is host wiring and
   * takes no principal.
   */
  public SyncCoordinatorBuilder metricsRecorder(MetricsRecorder recorder) {
    this.metricsRecorder = Checks.notNull(recorder, "metrics recorder");
    return this;
  }

  /** What latencies are measured with (default {@link Ticker#system()}; tests pass {@link Ticker#of} their clock). */
  public SyncCoordinatorBuilder metricsTicker(Ticker ticker) {
    this.metricsTicker = Checks.notNull(ticker, "metrics ticker");
    return this;
  }

  /**
   * The most events queued for one listener (default {@value EventHub#DEFAULT_QUEUE_CAPACITY}). A
   * listener that falls this far behind loses its oldest queued event for each new one, counted in
   * {@link dev.clinicsync.sync.events.ListenerStats#dropped()}; nothing else waits for it.
   */
  public SyncCoordinatorBuilder listenerQueueCapacity(int events) {
    this.listenerQueueCapacity = events;
    return this;
  }

  /**
   * Where alert transitions (raised, cleared) go, in order, on the thread that evaluated the rules
   * (default: nowhere). The seam the listener API connects to.
   */
  SyncCoordinatorBuilder alertPublisher(Consumer<AlertTransition> publisher) {
    this.alertPublisher = Checks.notNull(publisher, "alert publisher");
    return this;
  }

  /** Validates everything and builds the coordinator, loading the conflict index from the stores. */
  public SyncCoordinator build() {
    List<String> problems = new ArrayList<>();
    if (clock == null) {
      problems.add("clock is required");
    }
    if (jitter < 0 || jitter > 1 || Double.isNaN(jitter)) {
      problems.add("jitter must be between 0 and 1, was " + jitter);
    }
    if (!(massDeletionShare > 0 && massDeletionShare <= 1)) {
      problems.add("mass-deletion share must be in (0, 1], was " + massDeletionShare);
    }
    if (massDeletionMinimum < 1) {
      problems.add("mass-deletion minimum must be at least 1, was " + massDeletionMinimum);
    }
    requirePositive(problems, "default interval", defaultInterval);
    requirePositive(problems, "look-back", lookBack);
    requirePositive(problems, "look-ahead", lookAhead);
    requirePositive(problems, "lease ttl", leaseTtl);
    if (nodeId == null || nodeId.isBlank()) {
      problems.add("node id must not be blank");
    }
    if (fetchLimits == null) {
      problems.add("fetch limits are required");
    }
    requirePositive(problems, "consent ttl", consentTtl);
    requirePositive(problems, "push channel ttl", pushChannelTtl);
    requirePositive(problems, "push renewal margin", pushRenewBefore);
    if (pushChannelTtl != null && pushRenewBefore != null && pushRenewBefore.compareTo(pushChannelTtl) >= 0) {
      problems.add("push renewal margin must be shorter than the push channel ttl");
    }
    if (pushAddress != null && (!pushAddress.isAbsolute() || !"https".equalsIgnoreCase(pushAddress.getScheme())
        || pushAddress.getHost() == null || pushAddress.getRawUserInfo() != null)) {
      problems.add("the push webhook must be an absolute https URI without user info");
    }
    if (secureRandom == null) {
      problems.add("secure random is required");
    }
    requirePositive(problems, "change poll interval", changePollInterval);
    if (storeLocks != null && transactions == null) {
      problems.add("clinician locks are held until a transaction ends: set the stores' transactions too");
    }
    if (accessPolicy == null) {
      problems.add("access policy is required");
    }
    requirePositive(problems, "availability cache ttl", availabilityCacheTtl);
    requirePositive(problems, "service types cache ttl", serviceTypesCacheTtl);
    if (cacheMaximumSize < 1) {
      problems.add("cache maximum size must be at least 1, was " + cacheMaximumSize);
    }
    if (listenerQueueCapacity < 1) {
      problems.add("listener queue capacity must be at least 1, was " + listenerQueueCapacity);
    }

    SecretStore secretStore = secrets != null ? secrets : new InMemorySecretStore();
    AuditKeys keys = auditKeys != null ? auditKeys : secrets == null ? AuditKeys.inProcess() : null;
    if (keys == null) {
      try {
        keys = AuditKeys.fromSecretStore(secretStore);
      } catch (ValidationException e) {
        problems.add(e.getMessage());
      }
    }
    ClinicianDirectory directory = clinicians != null ? clinicians : new InMemoryClinicianDirectory();
    Map<ConnectorId, SourceConnector> byId = new LinkedHashMap<>();
    for (SourceConnector c : connectors) {
      if (byId.putIfAbsent(c.id(), c) != null) {
        problems.add("connector id " + c.id() + " is used twice");
      }
    }
    if (!configs.isEmpty()) {
      PatientTokenizer patients = tokenizer;
      if (patients == null) {
        try {
          patients = PatientTokenizer.fromSecretStore(secretStore);
        } catch (ValidationException e) {
          problems.add(e.getMessage());
        }
      }
      if (patients != null) {
        ConnectorContext context = new ConnectorContext(clock, secretStore, directory, patients);
        for (ConnectorConfig config : configs) {
          if (byId.containsKey(config.id())) {
            problems.add("connector id " + config.id() + " is used twice");
            continue;
          }
          try {
            byId.put(config.id(), ConnectorProvider.create(config, context, classLoader));
          } catch (ValidationException e) {
            problems.addAll(e.problems());
          } catch (ClinicSyncException e) {
            problems.add("connector " + config.id() + ": " + e.getMessage());
          }
        }
      }
    }
    Map<ConnectorId, Duration> effective = new LinkedHashMap<>();
    for (ConnectorId id : intervals.keySet()) {
      if (!byId.containsKey(id)) {
        problems.add("an interval is set for unknown connector " + id);
      }
    }
    for (SourceConnector c : byId.values()) {
      Duration floor = c.capabilities().pollingFloor();
      Duration own = intervals.get(c.id());
      if (own != null && own.compareTo(floor) < 0) {
        problems.add("connector " + c.id() + ": interval " + own + " is below its polling floor " + floor);
      }
      Duration chosen = own != null ? own : defaultInterval;
      effective.put(c.id(), chosen == null || chosen.compareTo(floor) < 0 ? floor : chosen);
    }
    if (writeBatch < 1) {
      problems.add("write batch must be at least 1, was " + writeBatch);
    }
    if (writeMaxAttempts < 1) {
      problems.add("write max attempts must be at least 1, was " + writeMaxAttempts);
    }
    requirePositive(problems, "write initial delay", writeInitialDelay);
    requirePositive(problems, "write max delay", writeMaxDelay);
    requirePositive(problems, "write interval", writeInterval);
    requirePositive(problems, "write claim", writeClaim);
    if (writeInitialDelay != null && writeMaxDelay != null && writeMaxDelay.compareTo(writeInitialDelay) < 0) {
      problems.add("write max delay must not be shorter than the initial delay");
    }
    if (onMirrorEdit == null || onMirrorDelete == null) {
      problems.add("mirror rules are required");
    }
    Map<ConnectorId, MirrorWriter> writers = new LinkedHashMap<>();
    for (ConnectorId writer : mirrorTargets.values()) {
      SourceConnector c = byId.get(writer);
      if (c == null) {
        problems.add("mirror connector " + writer + " is not one of this coordinator's connectors");
      } else if (c.mirrorWriter().isEmpty()) {
        problems.add("mirror connector " + writer + " does not write back");
      } else {
        writers.put(writer, c.mirrorWriter().get());
      }
    }
    for (ConnectorId writer : projections.keySet()) {
      if (!mirrorTargets.containsValue(writer)) {
        problems.add("a mirror projection is set for " + writer + ", which mirrors nobody");
      }
    }
    if (!problems.isEmpty()) {
      byId.values().forEach(SourceConnector::close);
      throw new ValidationException("invalid SyncCoordinator configuration", problems);
    }
    // no problems: the checks above found the fetch limits and the audit keys present
    FetchLimits limits = Objects.requireNonNull(fetchLimits, "checked above: missing fetch limits are a problem");
    AuditKeys chainKeys = Objects.requireNonNull(keys, "checked above: unreadable audit keys are a problem");

    AppointmentStore appointments = store != null ? store : new InMemoryAppointmentStore();
    BusyBlockStore blocks = busyBlocks != null ? busyBlocks : new InMemoryBusyBlockStore();
    SyncStateStore state = syncState != null ? syncState : new InMemorySyncStateStore(clock);
    PhiVault vault = phiVault != null ? phiVault : AesGcmPhiVault.withRandomKey();
    AuditLog audit = new AuditLog(auditSink != null ? auditSink : new InMemoryAuditSink(), chainKeys, clock);
    // read before the index is loaded: a change committed meanwhile is caught up with, not missed
    long changesSeen = changeFeed != null ? changeFeed.latest() : 0L;
    ConflictEngine engine = conflictRules.build();
    directory.all().forEach(engine::updateClinician);
    engine.apply(appointments.find(AppointmentQuery.ALL), List.of());
    BusyBlockIndex busyIndex = new BusyBlockIndex();
    for (BusyBlock b : blocks.all()) {
      busyIndex.upsert(b);
      engine.upsertBusyBlock(b);
    }
    SyncOptions options = new SyncOptions(lookBack, lookAhead, massDeletionShare, massDeletionMinimum,
        MASS_DELETION_PERIOD, nodeId, leaseTtl, limits);
    ClinicianLocks locks = new ClinicianLocks();
    ExecutorService ownedEvents = eventExecutor == null ? defaultEventExecutor() : null;
    EventHub events = new EventHub(eventExecutor != null ? eventExecutor : Objects.requireNonNull(ownedEvents),
        listenerQueueCapacity);
    listeners.forEach(events::subscribe);
    ConflictMaintainer conflicts = new ConflictMaintainer(engine, appointments, events, clock);
    WriteQueue queue = writeQueue != null ? writeQueue : new InMemoryWriteQueue(clock);
    // every SPI call reaches the vendor through a measured connector
    Consumer<AlertTransition> toListeners = t -> events.publish(t.kind() == AlertTransition.Kind.RAISED
        ? new dev.clinicsync.sync.events.AlertRaised(t.alert().rule(), t.alert().severity(), t.alert().connector(),
            t.alert().detail(), t.at())
        : new dev.clinicsync.sync.events.AlertCleared(t.alert().rule(), t.alert().severity(), t.alert().connector(),
            t.alert().detail(), t.at()));
    CoordinatorMetrics metrics = new CoordinatorMetrics(clock, metricsTicker, alertThresholds, queue, effective,
        metricsRecorder, alertPublisher.andThen(toListeners));
    byId.replaceAll((id, c) -> MeteredConnector.wrap(c, metrics));
    writers.replaceAll((id, w) -> MeteredConnector.wrap(id, w, metrics));
    MirrorTargets targets = new MirrorTargets(directory, mirrorTargets);
    MirrorIssues issues = new MirrorIssues(clock);
    Outbox outbox = new Outbox(queue, targets, issues, clock);
    MirrorLedger ledger = new MirrorLedger();
    WriteWorker worker = new WriteWorker(queue, writers, projections, appointments, directory, vault, ledger, issues,
        audit, clock, writeRandom != null ? writeRandom : RandomGenerator.getDefault(),
        new WriteWorker.Settings(nodeId, writeBatch, writeClaim, writeInitialDelay, writeMaxDelay, writeMaxAttempts,
            onMirrorEdit, onMirrorDelete), events);
    Transact transact = new Transact(transactions != null ? transactions : Transactions.direct(),
        storeLocks != null ? storeLocks : dev.clinicsync.core.store.ClinicianLocks.none(), locks);
    ChangeApplier applier = new ChangeApplier(appointments, vault, engine, conflicts, blocks, busyIndex, transact,
        new UnitOfWork(audit, outbox, transact.transactional()), events, clock);
    SyncJob job = new SyncJob(state, new ConnectorReader(clock, limits), new StoredReader(appointments, blocks),
        new SyncPlanner(), new DeletionGuard(clock, massDeletionShare, massDeletionMinimum, MASS_DELETION_PERIOD),
        applier, new HeldPlans(clock, audit), audit, clock, options,
        new EchoReconciler(targets, appointments, outbox, ledger, issues, audit, onMirrorEdit, onMirrorDelete),
        transact);
    Wiring hostSide = new Wiring(appointments, vault, engine, busyIndex, locks, conflicts, audit, clock,
        accessPolicy);
    ScheduledExecutorService given = executor;
    boolean owns = given == null;
    ScheduledExecutorService exec = given != null ? given : defaultExecutor();
    Access access = new Access(accessPolicy, audit);
    CoordinatorCaches caches = new CoordinatorCaches(clock, availabilityCacheTtl, serviceTypesCacheTtl,
        cacheMaximumSize);
    AvailabilityReader availability = new AvailabilityReader(hostSide, caches.cachedDirectory(directory, hostSide),
        clinicianLocations,
        appointmentDurations);
    SyncCoordinator coordinator = new SyncCoordinator(access, audit, job, new Scheduling(hostSide, outbox, transact,
        transact.transactional() ? StoreRecheck.reading(appointments, blocks, engine, busyIndex) : StoreRecheck.off(), events),
        new CalendarReader(hostSide), byId, effective, jitter, random, exec, owns,
        new WriteSide(queue, worker, issues, audit, clock, writeInterval), availability);
    PushHub push = new PushHub(byId.values(), Optional.ofNullable(pushAddress), pushChannelTtl, pushRenewBefore,
        clock, secureRandom, exec, coordinator::pushSync);
    if (changeFeed != null) {
      IndexCatchUp catchUp = new IndexCatchUp(changeFeed, changesSeen, appointments, engine, locks);
      catchUp.start(exec, changePollInterval);
      coordinator.closeWith(catchUp::close);
    }
    coordinator.linkAdmin(new AvailabilityAdmin(new AvailabilityEditor(hostSide, directory,
        caches::invalidateAvailability)), new SyncCaches(caches, access, audit), caches);
    coordinator.linkMetrics(metrics);
    Duration half = pushRenewBefore.dividedBy(2);
    coordinator.linkAccounts(new AccountConnections(byId.values(), new ConsentStates(clock, consentTtl, secureRandom),
        secretStore, access, audit, clock, push, events), push, half.compareTo(Duration.ofHours(1)) < 0 ? half : Duration.ofHours(1));
    coordinator.linkEvents(events, clock, ownedEvents);
    return coordinator;
  }

  /** Daemon threads made on demand for listener deliveries (one per listener at most) and retired when idle. */
  private static ExecutorService defaultEventExecutor() {
    AtomicInteger n = new AtomicInteger();
    return Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "clinicsync-events-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  private static void requirePositive(List<String> problems, String what, @Nullable Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      problems.add(what + " must be positive, was " + d);
    }
  }

  /** Two daemon threads, created lazily: nothing runs until the first scheduled sync. */
  private static ScheduledExecutorService defaultExecutor() {
    AtomicInteger n = new AtomicInteger();
    ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(2, r -> {
      Thread t = new Thread(r, "clinicsync-sync-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    e.setRemoveOnCancelPolicy(true);
    return e;
  }

  /** Which clinicians work at each location, for availability searches by location; default: none known. */
  public SyncCoordinatorBuilder clinicianLocations(ClinicianLocations locations) {
    this.clinicianLocations = Checks.notNull(locations, "clinician locations");
    return this;
  }

  /**
   * How long an appointment of this type takes, for availability searches by appointment type
   * ({@link AvailabilityQuery#appointmentType()}): whole minutes, 1 minute to 1 day.
   */
  public SyncCoordinatorBuilder appointmentDuration(AppointmentType type, Duration duration) {
    Checks.notNull(type, "appointment type");
    Checks.notNull(duration, "appointment duration");
    if (duration.toSeconds() % 60 != 0 || duration.getNano() != 0 || duration.toMinutes() < 1
        || duration.toMinutes() > 24 * 60) {
      throw new ValidationException("appointment duration must be whole minutes, 1 minute to 1 day");
    }
    appointmentDurations.put(type, duration);
    return this;
  }

  /**
   * Who may do what (default {@link AccessPolicy#DEFAULT}); for instance
   * {@code AccessPolicy.DEFAULT.allowingTherapistsOwn(Operation.EDIT_AVAILABILITY)} lets therapists
   * edit their own working hours and time off.
   */
  public SyncCoordinatorBuilder accessPolicy(AccessPolicy policy) {
    this.accessPolicy = policy;
    return this;
  }

  /**
   * The caches (see {@link SyncCaches}): how long a clinician's availability (default 15 minutes)
   * and a connector's service types (default 1 hour) are kept, and the most entries each cache holds
   * (default 10,000).
   */
  public SyncCoordinatorBuilder caches(Duration availabilityTtl, Duration serviceTypesTtl, long maximumSize) {
    this.availabilityCacheTtl = availabilityTtl;
    this.serviceTypesCacheTtl = serviceTypesTtl;
    this.cacheMaximumSize = maximumSize;
    return this;
  }

  /** Registers a clinician with the directory given (or the default one). */
  public SyncCoordinatorBuilder clinician(Clinician c) {
    if (clinicians == null) {
      clinicians = new InMemoryClinicianDirectory();
    }
    clinicians.save(c);
    return this;
  }

  // ---- shared stores: transactions, store locks, the change sequence (several nodes on one database)

  private @Nullable Transactions transactions;
  private dev.clinicsync.core.store.@Nullable ClinicianLocks storeLocks;

  /**
   * The stores' transactions (default {@link Transactions#direct()}: none). With the JDBC stores,
   * pass theirs: then a sync's upserts, audit events and outbox jobs commit together with its cursor,
   * and a booking's check, save, audit event and mirror job commit together, each rolled back as a
   * whole on failure. Every store given to this builder must join them (share one database).
   */
  public SyncCoordinatorBuilder transactions(Transactions t) {
    this.transactions = Checks.notNull(t, "transactions");
    return this;
  }

  /**
   * The per-clinician locks that every node sharing the stores respects (default: none, for stores
   * of one process); needs {@link #transactions}. A booking decides under its clinician's lock,
   * re-checking the slot against the stores inside its transaction, so two nodes cannot both accept
   * overlapping bookings.
   */
  public SyncCoordinatorBuilder clinicianLocks(dev.clinicsync.core.store.ClinicianLocks l) {
    this.storeLocks = Checks.notNull(l, "clinician locks");
    return this;
  }

  private @Nullable AppointmentChanges changeFeed;
  private Duration changePollInterval = Duration.ofSeconds(1);

  /**
   * The stores' change sequence (the JDBC stores' {@code changes()}), from which this node's
   * conflict index catches up with what other nodes sharing the stores write: polled every
   * {@link #changePollInterval} (and at once on the stores' hints, PostgreSQL's NOTIFY) on the
   * coordinator's executor, from when the coordinator is built until it is closed. Default: none,
   * for stores of one process.
   */
  public SyncCoordinatorBuilder appointmentChanges(AppointmentChanges changes) {
    Checks.notNull(changes, "appointment changes");
    this.changeFeed = changes == AppointmentChanges.none() ? null : changes; // nothing to follow
    return this;
  }

  /**
   * How often the index polls the {@link #appointmentChanges change sequence} (default 1 second):
   * the bound, without hints, on how long another node's booking stays unseen by this node's
   * conflict checks and availability.
   */
  public SyncCoordinatorBuilder changePollInterval(Duration interval) {
    this.changePollInterval = Checks.notNull(interval, "change poll interval");
    return this;
  }
}
