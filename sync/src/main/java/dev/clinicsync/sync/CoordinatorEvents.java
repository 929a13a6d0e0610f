package dev.clinicsync.sync;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.access.Operation;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.sync.events.CoordinatorEvent;
import dev.clinicsync.sync.events.CoordinatorListener;
import dev.clinicsync.sync.events.EventStats;
import dev.clinicsync.sync.events.Subscription;
import dev.clinicsync.sync.internal.Access;
import dev.clinicsync.sync.internal.EventHub;

/**
 * The coordinator's live events, from {@link SyncCoordinator#events()}: subscribing host
 * listeners, and the delivery counters.
 *
 * <p>Subscribing is host wiring, like {@link SyncCoordinatorBuilder#listener}, and takes no
 * principal: events carry ids, counts, codes and instants only — never PHI, never the vendor's side
 * of a record — and a host showing them to a user re-reads what that user may see through the
 * access-checked operations ({@link SyncCoordinator#calendarEntry}). The delivery counters are
 * operational state and need {@link Operation#VIEW_METRICS} (admins; a denial is audited).
 * Thread-safe.
 */
public final class CoordinatorEvents {
  private final EventHub hub;
  private final Access access;

  CoordinatorEvents(EventHub hub, Access access) {
    this.hub = hub;
    this.access = access;
  }

  /**
   * Registers a listener for the coordinator's live events ({@link CoordinatorEvent}): it receives
   * every event published from now on, on the event executor, one at a time and in order per
   * clinician; a slow or throwing listener holds up nothing (see {@link CoordinatorListener}).
   * Close the subscription to stop.
   */
  public Subscription subscribe(CoordinatorListener listener) {
    Checks.notNull(listener, "listener");
    return hub.subscribe(listener);
  }

  /**
   * Event delivery counters: published, delivered, failed and dropped, in total and per current
   * listener.
   *
   * @throws dev.clinicsync.core.access.AccessDeniedException (audited) unless the principal may
   *     read the coordinator's metrics
   */
  public EventStats stats(Principal principal) {
    access.authorize(principal, Operation.VIEW_METRICS, null);
    return hub.stats();
  }
}
