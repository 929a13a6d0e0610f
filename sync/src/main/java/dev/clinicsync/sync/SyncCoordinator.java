package dev.clinicsync.sync;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.access.Operation;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditLog;
import dev.clinicsync.core.connector.PushChannel;
import dev.clinicsync.core.connector.ServiceCatalog;
import dev.clinicsync.core.connector.ServiceType;
import dev.clinicsync.core.connector.SourceConnector;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.OverrideReason;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.phi.PhiRecord;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.store.WriteJob;
import dev.clinicsync.sync.events.CoordinatorListener;
import dev.clinicsync.sync.events.EventStats;
import dev.clinicsync.sync.events.Subscription;
import dev.clinicsync.sync.internal.Access;
import dev.clinicsync.sync.internal.AvailabilityReader;
import dev.clinicsync.sync.internal.CalendarReader;
import dev.clinicsync.sync.internal.ConflictMaintainer;
import dev.clinicsync.sync.internal.CoordinatorCaches;
import dev.clinicsync.sync.internal.CoordinatorMetrics;
import dev.clinicsync.sync.internal.EventHub;
import dev.clinicsync.sync.internal.PushHub;
import dev.clinicsync.sync.internal.Scheduling;
import dev.clinicsync.sync.internal.SyncJob;
import dev.clinicsync.sync.internal.WriteSide;
import dev.clinicsync.sync.metrics.Alert;
import dev.clinicsync.sync.metrics.MetricsSnapshot;
import dev.clinicsync.sync.writes.MirrorIssue;
import dev.clinicsync.sync.writes.WriteQueueHealth;
import dev.clinicsync.sync.writes.WriteRunReport;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * What a host wires up and calls: syncs every connector into the stores on its schedule and on
 * demand, keeps the conflict index and each appointment's conflict ids current, and offers the
 * host operations — the aggregated calendar, availability, booking, rescheduling, cancelling and
 * conflict resolution — each checked by the access policy and audited. The rest lives in facets,
 * each access-checked the same way:
 * <ul>
 *   <li>{@link #admin()}: held sync plans and the audit trail;
 *   <li>{@link #writeQueue()}: the write queue, its dead letters and mirror issues;
 *   <li>{@link #accounts()}: therapists' linked accounts (consent, disconnect, re-consent);
 *   <li>{@link #availabilityAdmin()} and {@link #caches()}: working hours and cache invalidation;
 *   <li>{@link #events()}: live PHI-free events for host UIs;
 *   <li>{@link #observability()}: metrics and alerts ({@link Operation#VIEW_METRICS}).
 * </ul>
 * The admin and write-queue operations are also offered here under their earlier names.
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
 * <p>Host wiring takes no principal: {@link #connectors()}, {@link #interval}, subscribing to
 * events and {@link #handlePushNotification} (authenticated by the channel's token) — none of them
 * answers user data. Build one with {@link #builder()}. Nothing starts threads until
 * {@link #start()}; {@link #close()} stops the schedule and waits for in-flight syncs. Thread-safe.
 */
public final class SyncCoordinator implements AutoCloseable {
  /**
   * The most conflict ids an appointment's {@link Appointment#conflictIds()} holds. An appointment
   * with more conflicts lists exactly this many of them (so a full list means "this many or
   * more"); the aggregated calendar shows every conflict. Bounding the list keeps conflict
   * bookkeeping linear however many appointments overlap.
   */
  public static final int MAX_CONFLICT_IDS = ConflictMaintainer.MAX_IDS;

  private final Access access;
  private final SyncRunner runner;
  private final SyncScheduler schedule;
  private final Scheduling scheduling;
  private final CalendarReader calendar;
  private final AvailabilityReader availability;
  private final SyncAdmin admin;
  private final WriteQueueAdmin writeQueue;
  /** Background work the builder started (the index catch-up), stopped by {@link #close()}. */
  private final List<Runnable> stopOnClose = new CopyOnWriteArrayList<>();
  private volatile @Nullable AccountConnections accounts;
  private volatile @Nullable PushHub push;
  private volatile @Nullable AvailabilityAdmin availabilityAdmin;
  private volatile @Nullable SyncCaches caches;
  private volatile @Nullable CoordinatorCaches cacheStore;
  private volatile EventHub eventHub = EventHub.none();
  private volatile CoordinatorEvents events;
  private volatile @Nullable ExecutorService ownedEventExecutor;
  private volatile @Nullable CoordinatorMetrics metrics;
  private volatile @Nullable SyncObservability observability;

  SyncCoordinator(Access access, AuditLog audit, SyncJob job, Scheduling scheduling, CalendarReader calendar,
      Map<ConnectorId, SourceConnector> connectors, Map<ConnectorId, Duration> intervals,
      double jitter, Random random, ScheduledExecutorService executor, boolean ownsExecutor,
      @Nullable WriteSide writes, AvailabilityReader availability) {
    this.access = access;
    this.scheduling = scheduling;
    this.calendar = calendar;
    this.availability = availability;
    this.runner = new SyncRunner(job, connectors);
    this.schedule = new SyncScheduler(runner, intervals, jitter, random, executor, ownsExecutor, writes);
    this.admin = new SyncAdmin(access, audit, runner);
    this.writeQueue = new WriteQueueAdmin(access, writes);
    this.events = new CoordinatorEvents(eventHub, access);
  }

  // ---- wiring, set once by the builder ----

  /** Registers background work to stop when the coordinator closes. */
  void closeWith(Runnable stop) {
    stopOnClose.add(stop);
  }

  /** Account linking and push channels. */
  void linkAccounts(AccountConnections a, PushHub p, Duration maintenanceEvery) {
    this.accounts = a;
    this.push = p;
    runner.linkAccounts(a);
    schedule.linkPush(p, maintenanceEvery);
  }

  /** Availability editing and the caches. */
  void linkAdmin(AvailabilityAdmin edits, SyncCaches c, CoordinatorCaches store) {
    this.availabilityAdmin = edits;
    this.caches = c;
    this.cacheStore = store;
  }

  /** Where events go, their clock, and the event executor the builder made (shut down on close). */
  void linkEvents(EventHub hub, Clock clock, @Nullable ExecutorService owned) {
    this.eventHub = hub;
    this.events = new CoordinatorEvents(hub, access);
    this.ownedEventExecutor = owned;
    runner.linkEvents(hub, clock);
  }

  /** Metrics and alert state. */
  void linkMetrics(CoordinatorMetrics m) {
    this.metrics = m;
    this.observability = new SyncObservability(access, m);
    runner.linkMetrics(m);
    schedule.linkMetrics(m);
  }

  /** A builder with working defaults for every option. */
  public static SyncCoordinatorBuilder builder() {
    return new SyncCoordinatorBuilder();
  }

  // ---- facets ----

  /** Held sync plans and the audit trail (admins only). See {@link SyncAdmin}. */
  public SyncAdmin admin() {
    return admin;
  }

  /** The write queue, its dead letters and mirror issues (admins only). See {@link WriteQueueAdmin}. */
  public WriteQueueAdmin writeQueue() {
    return writeQueue;
  }

  /**
   * Linking therapists' own accounts (their Google calendars): consent, disconnect, and who needs
   * re-consent. See {@link AccountConnections}.
   */
  public AccountConnections accounts() {
    return Objects.requireNonNull(accounts, "built by the builder");
  }

  /**
   * Editing clinicians' working hours, zone and time off, re-flagging their future appointments at
   * once. See {@link AvailabilityAdmin}.
   */
  public AvailabilityAdmin availabilityAdmin() {
    return Objects.requireNonNull(availabilityAdmin, "built by the builder");
  }

  /** Invalidating the availability and service-type caches (admins only). See {@link SyncCaches}. */
  public SyncCaches caches() {
    return Objects.requireNonNull(caches, "built by the builder");
  }

  /** Live PHI-free events and their delivery counters. See {@link CoordinatorEvents}. */
  public CoordinatorEvents events() {
    return events;
  }

  /** Metrics and alerts ({@link Operation#VIEW_METRICS}: admins only). See {@link SyncObservability}. */
  public SyncObservability observability() {
    return Objects.requireNonNull(observability, "built by the builder");
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
   *
   * @throws dev.clinicsync.core.access.AccessDeniedException (audited) unless the principal may run syncs
   * @throws ValidationException for an unknown connector
   */
  public SyncReport syncNow(Principal principal, ConnectorId connector) {
    access.authorize(principal, Operation.RUN_SYNC, null);
    return runner.runExclusive(runner.connector(connector), true, SyncProgress.none()).orElseThrow();
  }

  /**
   * As {@link #syncNow(Principal, ConnectorId)}, telling {@code progress} — synchronously, on this
   * thread — of each page as it is read, then of the report. The callback is per call (nothing is
   * published to {@link CoordinatorEvents#subscribe subscribers}); whatever it throws is caught and
   * counted and changes nothing about the sync or its report. A call refused before the sync starts
   * (access, an unknown connector) throws without telling {@code progress} anything.
   */
  public SyncReport syncNow(Principal principal, ConnectorId connector, SyncProgress progress) {
    access.authorize(principal, Operation.RUN_SYNC, null);
    Checks.notNull(progress, "sync progress callback");
    return runner.runExclusive(runner.connector(connector), true, progress).orElseThrow();
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
  public SyncReport refresh(Principal principal, ConnectorId connector, Set<String> externalIds) {
    access.authorize(principal, Operation.RUN_SYNC, null);
    SourceConnector c = runner.connector(connector);
    if (!c.fetchesByExternalId()) {
      throw new ValidationException("connector " + connector + " cannot fetch records by vendor id");
    }
    if (externalIds == null || externalIds.isEmpty() || externalIds.stream().anyMatch(i -> i == null || i.isBlank())) {
      throw new ValidationException("a refresh of connector " + connector + " needs at least one vendor id, none blank");
    }
    return runner.refresh(c, Set.copyOf(externalIds));
  }

  /**
   * Syncs every connector now, one after another (admins only). A connector whose sync fails (as
   * {@link #syncNow} describes) does not stop the others.
   */
  public List<SyncReport> syncAll(Principal principal) {
    return syncAll(principal, SyncProgress.none());
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
    for (SourceConnector c : runner.all()) {
      runner.runExclusive(c, true, progress).ifPresent(reports::add);
    }
    return reports;
  }

  /** The connectors this coordinator runs (host wiring: ids only, no principal needed). */
  public Collection<ConnectorId> connectors() {
    return runner.ids();
  }

  /** The interval at which a connector is synced once started (never below its polling floor). */
  public Duration interval(ConnectorId connector) {
    return schedule.interval(connector);
  }

  /**
   * Starts the schedule: each connector at its own interval, with jitter so connectors do not
   * fire together. Idempotent.
   *
   * @throws IllegalStateException once closed
   */
  public void start() {
    schedule.start();
  }

  // ---- push notifications ----

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
    return Objects.requireNonNull(push, "built by the builder").handle(headers);
  }

  /** A sync a push notification queued: one connector, unless its account is paused. */
  void pushSync(ConnectorId id) {
    schedule.pushSync(id);
  }

  /** Opens missing push channels and renews expiring ones (on the schedule once started). */
  void maintainPushChannels() {
    schedule.maintainPushChannels();
  }

  /** Whether a connector is left out of scheduled and pushed syncs (its account is not connected or needs re-consent). */
  boolean pushSyncPaused(ConnectorId connector) {
    return runner.paused(connector);
  }

  /** The live push channels of a connector (tests, inspection). */
  List<PushChannel> pushChannels(ConnectorId connector) {
    return schedule.pushChannels(connector);
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
   * The patient details (the PHI part) of one appointment, from the host's {@code PhiVault}.
   * Access-checked as {@link Operation#VIEW_PHI} for the appointment's clinician (admins and, under
   * the default policy, a therapist for their own; never front desk) and audited as
   * {@code AuditAction.VIEW_PHI} with the appointment id — the audit details name the clinician and
   * whether a record was found, never its content. A read whose audit event cannot be written
   * returns nothing.
   *
   * @return the record; empty when the appointment has none, or when there is no such appointment
   *     and the principal may read PHI for every clinician
   * @throws dev.clinicsync.core.access.AccessDeniedException (audited) when the appointment is a
   *     clinician's the principal may not read PHI for, or does not exist and the principal may not
   *     read PHI for every clinician — the same exception either way
   * @throws dev.clinicsync.core.StorageException when the audit trail could not record the read
   */
  public Optional<PhiRecord> patientDetails(Principal principal, AppointmentId id) {
    return calendar.patientDetails(principal, id);
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
  public List<ConflictView> check(Principal principal, ClinicianId clinician, TimeWindow slot) {
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
   * A connector's PHI-free catalogue of service or visit types (id, name, default length), cached
   * per connector (an hour by default; {@link SyncCaches} drops it sooner). For admins and front
   * desk ({@link Operation#VIEW_SERVICE_TYPES}); a denial is audited. A vendor failure is thrown as
   * the connector's typed exception and not cached.
   *
   * @throws ValidationException for an unknown connector, or one whose vendor lists no service types
   */
  public List<ServiceType> serviceTypes(Principal principal, ConnectorId connector) {
    access.authorize(principal, Operation.VIEW_SERVICE_TYPES, null);
    SourceConnector c = runner.connector(connector);
    ServiceCatalog catalog = c.serviceCatalog().orElseThrow(
        () -> new ValidationException("connector " + connector + " lists no service types"));
    return Objects.requireNonNull(cacheStore, "built by the builder").serviceTypes(connector, catalog);
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

  // ---- the facets' operations under their earlier names ----

  /** Plans held by the mass-deletion guard (admins only); as {@link SyncAdmin#heldPlans}. */
  public List<SyncPlan> heldPlans(Principal principal) {
    return admin.heldPlans(principal);
  }

  /** Applies a held plan (admins only); as {@link SyncAdmin#applyPlan}. */
  public SyncReport applyPlan(Principal principal, String planId) {
    return admin.applyPlan(principal, planId);
  }

  /** Discards a held plan (admins only); the next sync reads the source again. As {@link SyncAdmin#discardPlan}. */
  public void discardPlan(Principal principal, String planId) {
    admin.discardPlan(principal, planId);
  }

  /** A page of the audit trail and the verification of the whole chain (admins only); as {@link SyncAdmin#auditTrail}. */
  public AuditTrail auditTrail(Principal principal, AuditQuery query) {
    return admin.auditTrail(principal, query);
  }

  /** Runs every due write job now (admins only); as {@link WriteQueueAdmin#run}. */
  public WriteRunReport processWriteQueue(Principal principal) {
    return writeQueue.run(principal);
  }

  /** Dead-lettered write jobs, oldest first (admins only); as {@link WriteQueueAdmin#deadLetters}. */
  public List<WriteJob> deadLetters(Principal principal) {
    return writeQueue.deadLetters(principal);
  }

  /**
   * Puts a dead-lettered job back in the queue (admins only), audited; as
   * {@link WriteQueueAdmin#retryDeadLetter}.
   *
   * @throws dev.clinicsync.core.StorageConflictException when it is not dead-lettered
   */
  public WriteJob retryDeadLetter(Principal principal, String jobId) {
    return writeQueue.retryDeadLetter(principal, jobId);
  }

  /** Discards a dead-lettered job for good (admins only), audited; as {@link WriteQueueAdmin#discardDeadLetter}. */
  public WriteJob discardDeadLetter(Principal principal, String jobId) {
    return writeQueue.discardDeadLetter(principal, jobId);
  }

  /** Queue depth, the oldest pending job's age and the dead-letter count (admins only); as {@link WriteQueueAdmin#health}. */
  public WriteQueueHealth writeQueueHealth(Principal principal) {
    return writeQueue.health(principal);
  }

  /** What an admin should review on the outbound side (admins only); as {@link WriteQueueAdmin#mirrorIssues}. */
  public List<MirrorIssue> mirrorIssues(Principal principal) {
    return writeQueue.mirrorIssues(principal);
  }

  /** Registers a listener for live events (host wiring, no principal); as {@link CoordinatorEvents#subscribe}. */
  public Subscription subscribe(CoordinatorListener listener) {
    return events.subscribe(listener);
  }

  /**
   * Event delivery counters ({@link Operation#VIEW_METRICS}: admins only; a denial is audited); as
   * {@link CoordinatorEvents#stats}.
   */
  public EventStats eventStats(Principal principal) {
    return events.stats(principal);
  }

  /**
   * The coordinator's metrics now ({@link Operation#VIEW_METRICS}: admins only; a denial is
   * audited); as {@link SyncObservability#metrics}.
   *
   * @throws dev.clinicsync.core.StorageException when the write queue's stats cannot be read
   */
  public MetricsSnapshot metrics(Principal principal) {
    return observability().metrics(principal);
  }

  /**
   * The active alerts, after evaluating every rule now ({@link Operation#VIEW_METRICS}: admins
   * only; a denial is audited); as {@link SyncObservability#alerts}.
   */
  public List<Alert> alerts(Principal principal) {
    return observability().alerts(principal);
  }

  /**
   * Stops the schedule, waits for in-flight syncs to finish, and closes the connectors.
   * Idempotent.
   */
  @Override
  public void close() {
    if (!schedule.stop()) {
      return;
    }
    stopOnClose.forEach(Runnable::run);
    runner.awaitIdle();
    eventHub.close();
    ExecutorService eventExecutor = ownedEventExecutor;
    if (eventExecutor != null) {
      eventExecutor.shutdown(); // listeners get what is queued; nothing waits for them
    }
    schedule.shutdownExecutor();
    runner.closeConnectors();
  }
}
