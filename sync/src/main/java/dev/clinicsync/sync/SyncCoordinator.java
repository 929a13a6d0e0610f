package dev.clinicsync.sync;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.access.Operation;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.audit.AuditLog;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.OverrideReason;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.connector.SourceConnector;
import dev.clinicsync.sync.internal.Access;
import dev.clinicsync.sync.internal.AvailabilityReader;
import dev.clinicsync.sync.internal.CalendarReader;
import dev.clinicsync.sync.internal.ConflictMaintainer;
import dev.clinicsync.sync.internal.CoordinatorCaches;
import dev.clinicsync.sync.internal.CoordinatorMetrics;
import dev.clinicsync.sync.metrics.Alert;
import dev.clinicsync.sync.metrics.MetricsSnapshot;
import dev.clinicsync.sync.internal.PushHub;
import dev.clinicsync.sync.internal.Scheduling;
import dev.clinicsync.sync.internal.SyncJob;
import dev.clinicsync.sync.internal.WriteSide;
import dev.clinicsync.sync.internal.ChangeEvents;
import dev.clinicsync.sync.internal.EventHub;
import dev.clinicsync.sync.events.CoordinatorEvent;
import dev.clinicsync.sync.events.CoordinatorListener;
import dev.clinicsync.sync.events.EventStats;
import dev.clinicsync.sync.events.Subscription;
import dev.clinicsync.sync.writes.MirrorIssue;
import dev.clinicsync.sync.writes.WriteQueueHealth;
import dev.clinicsync.sync.writes.WriteRunReport;
import dev.clinicsync.core.store.WriteJob;
import org.jspecify.annotations.Nullable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a host wires up and calls: syncs every connector into the stores on its schedule and on
 * demand, keeps the conflict index and each appointment's conflict ids current, and offers the
 * host operations — the aggregated calendar, booking, rescheduling, cancelling, conflict
 * resolution, held sync plans and the audit trail — each checked by the access policy and
 * audited.
 *
 * <p>What a host operation returns is shaped by who asks: every principal gets the SDK's ids, the
 * source system, times, status and conflicts of what they may see; the vendor's side of a record
 * (source refs with external ids and versions, vendor provider ids, source metadata, calendar ids)
 * only admins, and therapists for their own appointments, get — front desk never does
 * ({@link AppointmentView#full()}, {@link ConflictView#full()}, {@link BusyBlockView#full()}).
 *
 * <p>A change and its audit event are stored together or not at all: when the audit trail cannot
 * be written, the change is undone and a {@link dev.clinicsync.core.StorageException} thrown, so
 * the call can simply be retried once the audit store is back.
 *
 * <p>Build one with {@link #builder()}. Nothing starts threads until {@link #start()};
 * {@link #close()} stops the schedule and waits for in-flight syncs. Thread-safe.
 */
public final class SyncCoordinator implements AutoCloseable {
  /**
   * The most conflict ids an appointment's {@link Appointment#conflictIds()} holds. An appointment
   * with more conflicts lists exactly this many of them (so a full list means "this many or
   * more"); the aggregated calendar shows every conflict. Bounding the list keeps conflict
   * bookkeeping linear however many appointments overlap.
   */
  public static final int MAX_CONFLICT_IDS = ConflictMaintainer.MAX_IDS;

  private static final Logger LOG = LoggerFactory.getLogger(SyncCoordinator.class);

  private final Access access;
  private final AuditLog audit;
  private final Map<ConnectorId, SourceConnector> connectors;
  private final Map<ConnectorId, Duration> intervals;
  private final Map<ConnectorId, ReentrantLock> running = new LinkedHashMap<>();
  private final SyncJob job;
  private final Scheduling scheduling;
  private final CalendarReader calendar;
  private final AvailabilityReader availability;
  private final double jitter;
  private final Random random;
  private final ScheduledExecutorService executor;
  private final boolean ownsExecutor;
  private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();
  private boolean started;
  private boolean closed;
  private final @Nullable WriteSide writes;
  private volatile @Nullable AccountConnections accounts;
  private volatile @Nullable PushHub push;
  private volatile Duration pushMaintenanceEvery = Duration.ofHours(1);
  private volatile @Nullable AvailabilityAdmin availabilityAdmin;
  private volatile @Nullable SyncCaches caches;
  private volatile @Nullable CoordinatorCaches cacheStore;
  private volatile EventHub events = EventHub.none();
  private volatile java.time.Clock eventClock = java.time.Clock.systemUTC();
  private volatile @Nullable ExecutorService ownedEventExecutor;
  private volatile @Nullable CoordinatorMetrics metrics;

  SyncCoordinator(Access access, AuditLog audit, SyncJob job, Scheduling scheduling, CalendarReader calendar,
      Map<ConnectorId, SourceConnector> connectors, Map<ConnectorId, Duration> intervals,
      double jitter, Random random, ScheduledExecutorService executor, boolean ownsExecutor,
      @Nullable WriteSide writes, AvailabilityReader availability) {
    this.writes = writes;
    this.access = access;
    this.audit = audit;
    this.job = job;
    this.scheduling = scheduling;
    this.calendar = calendar;
    this.availability = availability;
    this.connectors = connectors;
    this.intervals = intervals;
    this.jitter = jitter;
    this.random = random;
    this.executor = executor;
    this.ownsExecutor = ownsExecutor;
    connectors.keySet().forEach(id -> running.put(id, new ReentrantLock()));
  }

  /** Set once by the builder: account linking and push channels. */
  /** Background work the builder started (the index catch-up), stopped by {@link #close()}. */
  private final List<Runnable> stopOnClose = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Registers background work to stop when the coordinator closes. */
  void closeWith(Runnable stop) {
    stopOnClose.add(stop);
  }

  void linkAccounts(AccountConnections a, PushHub p, Duration maintenanceEvery) {
    this.accounts = a;
    this.push = p;
    this.pushMaintenanceEvery = maintenanceEvery;
  }

  /** Set once by the builder: availability editing and the caches. */
  void linkAdmin(AvailabilityAdmin admin, SyncCaches c, CoordinatorCaches store) {
    this.availabilityAdmin = admin;
    this.caches = c;
    this.cacheStore = store;
  }

  /**
   * Editing clinicians' working hours, zone and time off, re-flagging their future appointments at
   * once. See {@link AvailabilityAdmin}.
   */
  public AvailabilityAdmin availabilityAdmin() {
    return java.util.Objects.requireNonNull(availabilityAdmin, "built by the builder");
  }

  /** Invalidating the availability and service-type caches (admins only). See {@link SyncCaches}. */
  public SyncCaches caches() {
    return java.util.Objects.requireNonNull(caches, "built by the builder");
  }

  /**
   * A connector's PHI-free catalogue of service or visit types (id, name, default length), cached
   * per connector (an hour by default; {@link SyncCaches} drops it sooner). For admins and front
   * desk ({@link Operation#VIEW_SERVICE_TYPES}); a denial is audited. A vendor failure is thrown as
   * the connector's typed exception and not cached.
   *
   * @throws ValidationException for an unknown connector, or one whose vendor lists no service types
   */
  public List<dev.clinicsync.core.connector.ServiceType> serviceTypes(Principal principal, ConnectorId connector) {
    access.authorize(principal, Operation.VIEW_SERVICE_TYPES, null);
    SourceConnector c = connectors.get(connector);
    if (c == null) {
      throw new ValidationException("no connector with id " + connector + " (known: " + connectors.keySet() + ")");
    }
    dev.clinicsync.core.connector.ServiceCatalog catalog = c.serviceCatalog().orElseThrow(
        () -> new ValidationException("connector " + connector + " lists no service types"));
    return java.util.Objects.requireNonNull(cacheStore, "built by the builder").serviceTypes(connector, catalog);
  }

  /** Set once by the builder: where events go, their clock, and the event executor it made (shut down on close). */
  void linkEvents(EventHub hub, java.time.Clock clock, @Nullable ExecutorService owned) {
    this.events = hub;
    this.eventClock = clock;
    this.ownedEventExecutor = owned;
  }

  /**
   * Registers a listener for the coordinator's live events ({@link CoordinatorEvent}): it receives
   * every event published from now on, on the event executor, one at a time and in order per
   * clinician; a slow or throwing listener holds up nothing (see {@link CoordinatorListener}).
   * Events carry ids only: re-read what the host's user may see through the access-checked
   * operations. Close the subscription to stop.
   */
  public Subscription subscribe(CoordinatorListener listener) {
    java.util.Objects.requireNonNull(listener, "listener");
    return events.subscribe(listener);
  }

  /** Event delivery counters: published, delivered, failed and dropped, in total and per current listener. */
  public EventStats eventStats() {
    return events.stats();
  }

  private SyncReport published(SyncReport report) {
    ChangeEvents.syncEnded(report, eventClock.instant()).ifPresent(events::publish);
    return report;
  }

  /** Set once by the builder: metrics and alert state. */
  void linkMetrics(CoordinatorMetrics m) {
    this.metrics = m;
  }

  /** A builder with working defaults for every option. */
  public static SyncCoordinatorBuilder builder() {
    return new SyncCoordinatorBuilder();
  }

  // ---- syncing ----

  /**
   * Syncs one connector now (admins only): incrementally when a cursor is stored (a coordinator
   * rebuilt on the same stores resumes where the last one stopped, busy blocks included), in full
   * otherwise. Never throws for the connector's sake: whatever fails — the vendor, a fetch limit,
   * a store, the audit sink, an {@link Error} such as a {@link StackOverflowError} raised by the
   * connector's data — comes back as a {@link SyncOutcome#FAILED} report with its typed
   * {@link SyncReport#failure()}, audited, the cursor unchanged. Only errors that say the JVM itself
   * is broken ({@link InternalError}, {@link UnknownError}) are rethrown.
   */
  public SyncReport syncNow(Principal principal, ConnectorId connector) {
    access.authorize(principal, Operation.RUN_SYNC, null);
    SourceConnector c = connectors.get(connector);
    if (c == null) {
      throw new ValidationException("no connector with id " + connector + " (known: " + connectors.keySet() + ")");
    }
    return runExclusive(c, true).orElseThrow();
  }

  /**
   * As {@link #syncNow(Principal, ConnectorId)}, telling {@code progress} — synchronously, on this
   * thread — of each page as it is read, then of the report. The callback is per call (nothing is
   * published to {@link #subscribe subscribers}); whatever it throws is caught and counted and
   * changes nothing about the sync or its report.
   */
  public SyncReport syncNow(Principal principal, ConnectorId connector, SyncProgress progress) {
    access.authorize(principal, Operation.RUN_SYNC, null);
    Checks.notNull(progress, "sync progress callback");
    SourceConnector c = connectors.get(connector);
    if (c == null) {
      throw new ValidationException("no connector with id " + connector + " (known: " + connectors.keySet() + ")");
    }
    return runExclusive(c, true, progress).orElseThrow();
  }

  /**
   * Refreshes specific records of one connector now, by their vendor ids (admins only): what a
   * vendor's change notice or push channel names ({@code ZocdocWebhookHandler} calls this), fetched
   * through {@link SourceConnector#fetchByExternalIds} and applied like a sync — decided, guarded,
   * applied per clinician and audited — in {@link SyncMode#TARGETED} mode: nothing it did not name
   * is deleted and the cursor does not move. Waits for a sync of the same connector running on this
   * node; a lease held by another node gives a {@link SyncOutcome#SKIPPED_LEASE_HELD} report (try
   * again). Failures come back as a {@link SyncOutcome#FAILED} report, as for {@link #syncNow}.
   *
   * @throws ValidationException for an unknown connector, one that cannot fetch by id, or no ids
   */
  public SyncReport refresh(Principal principal, ConnectorId connector, java.util.Set<String> externalIds) {
    access.authorize(principal, Operation.RUN_SYNC, null);
    SourceConnector c = connectors.get(connector);
    if (c == null) {
      throw new ValidationException("no connector with id " + connector + " (known: " + connectors.keySet() + ")");
    }
    if (!c.fetchesByExternalId()) {
      throw new ValidationException("connector " + connector + " cannot fetch records by vendor id");
    }
    if (externalIds == null || externalIds.isEmpty() || externalIds.stream().anyMatch(i -> i == null || i.isBlank())) {
      throw new ValidationException("a refresh of connector " + connector + " needs at least one vendor id, none blank");
    }
    java.util.Set<String> ids = java.util.Set.copyOf(externalIds);
    ReentrantLock lock = lockOf(c);
    lock.lock();
    try {
      return published(job.refresh(c, ids));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Syncs every connector now, one after another (admins only). A connector whose sync fails (as
   * {@link #syncNow} describes) does not stop the others.
   */
  public List<SyncReport> syncAll(Principal principal) {
    access.authorize(principal, Operation.RUN_SYNC, null);
    List<SyncReport> reports = new ArrayList<>();
    for (SourceConnector c : connectors.values()) {
      runExclusive(c, true).ifPresent(reports::add);
    }
    return reports;
  }

  /**
   * As {@link #syncAll(Principal)}, telling {@code progress} of each connector's pages as they are
   * read and of each connector's report, one connector after another, as
   * {@link #syncNow(Principal, ConnectorId, SyncProgress)} describes.
   */
  public List<SyncReport> syncAll(Principal principal, SyncProgress progress) {
    access.authorize(principal, Operation.RUN_SYNC, null);
    Checks.notNull(progress, "sync progress callback");
    List<SyncReport> reports = new ArrayList<>();
    for (SourceConnector c : connectors.values()) {
      runExclusive(c, true, progress).ifPresent(reports::add);
    }
    return reports;
  }

  private Optional<SyncReport> runExclusive(SourceConnector c, boolean wait) {
    return runExclusive(c, wait, SyncProgress.none());
  }

  private Optional<SyncReport> runExclusive(SourceConnector c, boolean wait, SyncProgress progress) {
    ReentrantLock lock = lockOf(c);
    if (wait) {
      lock.lock();
    } else if (!lock.tryLock()) {
      return Optional.empty(); // a sync of this connector is already running on this node
    }
    try {
      if (!wait && accounts != null && accounts.paused(c.id())) {
        return Optional.empty(); // its account is not connected or needs re-consent: nothing to sync on schedule
      }
      SyncReport report = published(job.run(c, progress));
      if (metrics != null) {
        metrics.syncFinished(report);
      }
      if (accounts != null) {
        accounts.observe(report);
      }
      return Optional.of(report);
    } finally {
      lock.unlock();
    }
  }

  // ---- linked accounts and push ----

  /**
   * Linking therapists' own accounts (their Google calendars): consent, disconnect, and who needs
   * re-consent. See {@link AccountConnections}.
   */
  public AccountConnections accounts() {
    return java.util.Objects.requireNonNull(accounts, "built by the builder");
  }

  /**
   * Handles a push notification the host's webhook received, with its raw request headers (names
   * in any case). Accepted only for a live channel this coordinator opened, with its token; a
   * change queues one incremental sync of that calendar's connector on the executor (a burst
   * coalesces into one), a handshake does nothing. The host answers 200 to an accepted
   * notification and 4xx to a refused one.
   *
   * @throws PushRefusedException when it is not a valid notification of a live channel
   */
  public PushOutcome handlePushNotification(Map<String, List<String>> headers) {
    return java.util.Objects.requireNonNull(push, "built by the builder").handle(headers);
  }

  /** A sync a push notification queued: one connector, unless its account is paused. */
  void pushSync(ConnectorId id) {
    synchronized (this) {
      if (closed) {
        return; // polling, or the next coordinator, covers it
      }
    }
    SourceConnector c = connectors.get(id);
    if (c != null && (accounts == null || !accounts.paused(id))) {
      runExclusive(c, true);
    }
  }

  /** Opens missing push channels and renews expiring ones (on the schedule once started). */
  void maintainPushChannels() {
    if (push != null) {
      push.maintain(id -> accounts == null || !accounts.paused(id));
    }
  }

  /** Whether a connector is left out of scheduled and pushed syncs (its account is not connected or needs re-consent). */
  boolean pushSyncPaused(ConnectorId connector) {
    return accounts != null && accounts.paused(connector);
  }

  /** The live push channels of a connector (tests, inspection). */
  List<dev.clinicsync.core.connector.PushChannel> pushChannels(ConnectorId connector) {
    return push == null ? List.of() : push.channels(connector);
  }

  private synchronized void schedulePushMaintenance(Duration delay) {
    if (closed) {
      return;
    }
    scheduled.removeIf(ScheduledFuture::isDone);
    scheduled.add(executor.schedule(() -> {
      try {
        maintainPushChannels();
      } catch (RuntimeException e) {
        LOG.error("push channel maintenance failed: {}", e.getClass().getSimpleName());
      } finally {
        schedulePushMaintenance(pushMaintenanceEvery);
      }
    }, delay.toMillis(), TimeUnit.MILLISECONDS));
  }

  /** The interval at which a connector is synced once started (never below its polling floor). */
  public Duration interval(ConnectorId connector) {
    Duration d = intervals.get(connector);
    if (d == null) {
      throw new ValidationException("no connector with id " + connector);
    }
    return d;
  }

  /**
   * Starts the schedule: each connector at its own interval, with jitter so connectors do not
   * fire together. Idempotent.
   */
  public synchronized void start() {
    if (closed) {
      throw new IllegalStateException("the coordinator is closed");
    }
    if (started) {
      return;
    }
    started = true;
    for (SourceConnector c : connectors.values()) {
      scheduleNext(c, jittered(Duration.ZERO, intervalOf(c)));
    }
    if (writes != null && writes.active()) {
      long every = writes.interval().toMillis();
      scheduled.add(executor.scheduleWithFixedDelay(this::runWritesQuietly, every, every, TimeUnit.MILLISECONDS));
    }
    if (push != null && push.enabled()) {
      schedulePushMaintenance(Duration.ZERO);
    }
    CoordinatorMetrics m = metrics;
    if (m != null) {
      long every = m.thresholds().evaluationInterval().toMillis();
      scheduled.add(executor.scheduleWithFixedDelay(m::evaluateQuietly, every, every, TimeUnit.MILLISECONDS));
    }
  }

  private void runWritesQuietly() {
    try {
      writes().runDue(); // scheduled by start() only when the write side is present
    } catch (RuntimeException | Error e) { // a store or audit failure: the next run tries again
      LOG.error("scheduled run of the write queue failed: {}", e.getClass().getSimpleName());
    }
  }

  private synchronized void scheduleNext(SourceConnector c, Duration delay) {
    if (closed) {
      return;
    }
    scheduled.removeIf(ScheduledFuture::isDone);
    scheduled.add(executor.schedule(() -> {
      try {
        runExclusive(c, false);
      } catch (RuntimeException | Error e) { // the job reports failures itself: only a broken JVM gets here
        LOG.error("scheduled sync of {} failed: {}", c.id(), e.getClass().getSimpleName());
      } finally {
        scheduleNext(c, jittered(intervalOf(c), intervalOf(c)));
      }
    }, delay.toMillis(), TimeUnit.MILLISECONDS));
  }

  /** The connector's lock; the constructor makes one for every connector this coordinator runs. */
  private ReentrantLock lockOf(SourceConnector c) {
    return Objects.requireNonNull(running.get(c.id()), "the constructor makes a lock for every connector");
  }

  /** The connector's interval; the builder sets one for every connector it passes in. */
  private Duration intervalOf(SourceConnector c) {
    return Objects.requireNonNull(intervals.get(c.id()), "the builder sets an interval for every connector");
  }

  /** {@code base} plus a random share (up to the jitter fraction) of {@code interval}. */
  private synchronized Duration jittered(Duration base, Duration interval) {
    long spread = (long) (interval.toMillis() * jitter);
    return base.plusMillis(spread <= 0 ? 0 : (long) (random.nextDouble() * spread));
  }

  /** Plans held by the mass-deletion guard (admins only). */
  public List<SyncPlan> heldPlans(Principal principal) {
    access.authorize(principal, Operation.MANAGE_SYNC_PLANS, null);
    return job.heldPlans();
  }

  /** Applies a held plan (admins only). */
  public SyncReport applyPlan(Principal principal, String planId) {
    access.authorize(principal, Operation.MANAGE_SYNC_PLANS, null);
    return published(job.applyPlan(planId, principal));
  }

  /** Discards a held plan (admins only); the next sync reads the source again. */
  public void discardPlan(Principal principal, String planId) {
    access.authorize(principal, Operation.MANAGE_SYNC_PLANS, null);
    job.discardPlan(planId, principal);
  }

  // ---- host operations ----

  /**
   * The aggregated calendar of a window, as the principal may see it: the query's window
   * (required) and its filters for clinicians, locations, sources and statuses. A therapist's
   * unfiltered query is narrowed to their own calendar. Audited.
   *
   * @throws dev.clinicsync.core.ValidationException when the query has no window
   * @throws dev.clinicsync.core.access.AccessDeniedException (audited) when a therapist's query
   *     names any clinician but themselves, whether that clinician exists or not
   * @throws dev.clinicsync.core.StorageException when the read could not be audited (nothing is
   *     returned)
   */
  public CalendarView aggregatedCalendar(Principal principal, AppointmentQuery query) {
    CoordinatorMetrics m = metrics;
    if (m == null) {
      return calendar.read(principal, query);
    }
    long started = m.start();
    try {
      return calendar.read(principal, query);
    } finally {
      m.calendarRead(started);
    }
  }

  /**
   * One appointment of the calendar by id, as the principal may see it. Audited.
   *
   * @return the entry; empty when there is no such appointment and the principal sees every
   *     calendar
   * @throws dev.clinicsync.core.access.AccessDeniedException (audited) when it is another
   *     clinician's, or when it does not exist and the principal does not see every calendar — the
   *     same exception either way
   */
  public Optional<CalendarEntry> calendarEntry(Principal principal, AppointmentId id) {
    return calendar.entry(principal, id);
  }

  /**
   * What booking {@code slot} for {@code clinician} would conflict with right now — working hours,
   * time off, appointments with their buffers, busy blocks — as the principal may see it, without
   * booking anything: empty when the slot is free. Duplicates are not conflicts and are left out.
   * Access is the calendar's; audited as a calendar read.
   *
   * @throws dev.clinicsync.core.ValidationException when the clinician is not in the directory
   * @throws dev.clinicsync.core.access.AccessDeniedException (audited) when the principal may not
   *     see the clinician's calendar
   */
  public List<ConflictView> check(Principal principal, dev.clinicsync.core.model.ClinicianId clinician,
      dev.clinicsync.core.model.TimeWindow slot) {
    return calendar.check(principal, clinician, slot);
  }

  /**
   * The slots that can be offered for a booking: for one clinician, a list of them, everyone at a
   * location ({@link SyncCoordinatorBuilder#clinicianLocations}) or everyone the principal may see,
   * each slot naming the clinicians free for it. A slot is free for a clinician exactly when a
   * booking there would pass the conflict check (working hours in the clinician's zone, time off,
   * appointments with the buffer, busy blocks); slots lie on the query's grid in each clinician's
   * zone, start no earlier than now plus the minimum notice, and come from one consistent state of
   * each clinician. Access is the calendar's: a therapist searches only their own time. Audited
   * as a calendar read. PHI-free: times and clinician ids only.
   *
   * @throws dev.clinicsync.core.ValidationException when an appointment type has no configured
   *     duration, or a named clinician is not in the directory
   * @throws dev.clinicsync.core.access.AccessDeniedException (audited) when a therapist names any
   *     clinician but themselves
   * @throws dev.clinicsync.core.StorageException when the search could not be audited (nothing is
   *     returned)
   */
  public AvailabilityView availability(Principal principal, AvailabilityQuery query) {
    return availability.read(principal, query);
  }

  /**
   * Books an appointment after one conflict check, atomically with respect to other bookings of
   * the clinician; the booking and its audit event are stored together or not at all.
   *
   * @throws SchedulingConflictException when the slot conflicts and no override reason was given
   * @throws dev.clinicsync.core.access.AccessDeniedException when the principal may not book, or
   *     may not override
   * @throws dev.clinicsync.core.StorageException when the booking could not be audited (nothing was
   *     stored; retry)
   */
  public AppointmentView book(Principal principal, BookingRequest request) {
    try {
      return scheduling.book(principal, request);
    } catch (SchedulingConflictException e) {
      countRefusal();
      throw e;
    }
  }

  private void countRefusal() {
    CoordinatorMetrics m = metrics;
    if (m != null) {
      m.bookingRefused();
    }
  }

  /**
   * Moves an appointment after a conflict check (its own old slot never conflicts); an accepted
   * override of the old slot does not carry over.
   *
   * @throws dev.clinicsync.core.access.AccessDeniedException when the principal may not reschedule
   *     it, or it does not exist and the principal may not reschedule for every clinician
   */
  public AppointmentView reschedule(Principal principal, AppointmentId id, TimeWindow slot) {
    try {
      return scheduling.reschedule(principal, id, slot, Optional.empty());
    } catch (SchedulingConflictException e) {
      countRefusal();
      throw e;
    }
  }

  /** Moves an appointment despite conflicts, for a reason code (admins only). */
  public AppointmentView rescheduleOverriding(Principal principal, AppointmentId id, TimeWindow slot,
      OverrideReason reason) {
    return scheduling.reschedule(principal, id, slot, Optional.of(reason));
  }

  /** Cancels an appointment; idempotent. */
  public AppointmentView cancel(Principal principal, AppointmentId id) {
    return scheduling.cancel(principal, id);
  }

  /**
   * Resolves the conflict between a new and an existing appointment; the outcome is re-checked
   * and audited as one event.
   *
   * @return both appointments as they are afterwards, with current conflict ids, as the principal
   *     may see them
   */
  public List<AppointmentView> resolveConflict(Principal principal, Resolution resolution, AppointmentId newOne,
      AppointmentId existingOne) {
    return scheduling.resolve(principal, resolution, newOne, existingOne);
  }

  /** A page of the audit trail and the verification of the whole chain (admins only). */
  public AuditTrail auditTrail(Principal principal, AuditQuery query) {
    access.authorize(principal, Operation.VIEW_AUDIT, null);
    audit.record(principal.userId(), AuditAction.VIEW_AUDIT, "",
        Map.of("from", Long.toString(query.fromSequence()), "limit", Integer.toString(query.limit())));
    return new AuditTrail(audit.read(query.fromSequence(), query.limit()), audit.verify());
  }

  // ---- the write queue and mirrors ----

  /**
   * Runs every due write job now (admins only): mirrors created, moved or cancelled in therapists'
   * calendars, each through its target's write-back SPI; a started coordinator also does this on its
   * own schedule.
   */
  public WriteRunReport processWriteQueue(Principal principal) {
    access.authorize(principal, Operation.RUN_SYNC, null);
    return writes().runDue();
  }

  /** Write jobs parked after their last attempt, oldest first, with their PHI-free last errors (admins only). */
  public List<WriteJob> deadLetters(Principal principal) {
    access.authorize(principal, Operation.MANAGE_WRITE_QUEUE, null);
    return writes().deadLetters();
  }

  /**
   * Puts a dead-lettered job back in the queue, due now, attempts reset (admins only). Audited.
   *
   * @throws dev.clinicsync.core.StorageConflictException when it is not dead-lettered
   */
  public WriteJob retryDeadLetter(Principal principal, String jobId) {
    access.authorize(principal, Operation.MANAGE_WRITE_QUEUE, null);
    return writes().retry(principal, jobId);
  }

  /**
   * Discards a dead-lettered job for good (admins only); later jobs of its appointment may run.
   * Audited.
   */
  public WriteJob discardDeadLetter(Principal principal, String jobId) {
    access.authorize(principal, Operation.MANAGE_WRITE_QUEUE, null);
    return writes().discard(principal, jobId);
  }

  /** Queue depth, the oldest pending job's age and the dead-letter count (admins only). */
  public WriteQueueHealth writeQueueHealth(Principal principal) {
    access.authorize(principal, Operation.MANAGE_WRITE_QUEUE, null);
    return writes().health();
  }

  /**
   * What an admin should review on the outbound side (admins only): therapists who cannot be
   * mirrored, mirrors edited or deleted at the target that the rule raised instead of restoring, and
   * local changes of vendor-sourced appointments that are not at the source.
   */
  public List<MirrorIssue> mirrorIssues(Principal principal) {
    access.authorize(principal, Operation.MANAGE_WRITE_QUEUE, null);
    return writes().issues();
  }

  private WriteSide writes() {
    if (writes == null) {
      throw new IllegalStateException("this coordinator was built without a write queue");
    }
    return writes;
  }

  // ---- metrics and alerts ----

  /**
   * The coordinator's metrics now: per connector and operation call and error counts and latency
   * percentiles, write-queue depth and dead letters, each connector's time since its last
   * successful sync, the aggregated calendar's latency and the bookings refused for conflicts.
   * PHI-free operational data for the host's monitoring (not a user operation: no principal, not
   * audited).
   *
   * @throws dev.clinicsync.core.StorageException when the write queue's stats cannot be read
   */
  public MetricsSnapshot metrics() {
    return Objects.requireNonNull(metrics, "built by the builder").snapshot();
  }

  /**
   * The active alerts, after evaluating every rule of the builder's
   * {@link SyncCoordinatorBuilder#alertThresholds alert thresholds} now (a started coordinator also
   * evaluates them on its own schedule); each raise and clear is delivered to the alert listeners.
   * PHI-free, like {@link #metrics()}.
   */
  public List<Alert> alerts() {
    return Objects.requireNonNull(metrics, "built by the builder").evaluate();
  }

  /** The connectors this coordinator runs. */
  public Collection<ConnectorId> connectors() {
    return List.copyOf(connectors.keySet());
  }

  /**
   * Stops the schedule, waits for in-flight syncs to finish, and closes the connectors.
   * Idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      scheduled.forEach(f -> f.cancel(false));
    }
    stopOnClose.forEach(Runnable::run);
    for (ReentrantLock lock : running.values()) {
      lock.lock(); // waits for an in-flight sync of that connector
      lock.unlock();
    }
    events.close();
    ExecutorService eventExecutor = ownedEventExecutor;
    if (eventExecutor != null) {
      eventExecutor.shutdown(); // listeners get what is queued; nothing waits for them
    }
    if (ownsExecutor) {
      executor.shutdown();
      try {
        if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
          executor.shutdownNow();
        }
      } catch (InterruptedException e) {
        executor.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    for (SourceConnector c : connectors.values()) {
      try {
        c.close();
      } catch (RuntimeException e) {
        LOG.warn("closing connector {} failed: {}", c.id(), e.getClass().getSimpleName());
      }
    }
  }
}
