package dev.clinicsync.sync.events;

/**
 * Receives the coordinator's events, on the event executor, never on the thread that made the
 * change. Called for one event at a time per listener, in the order the events were published:
 * the changes of one clinician are published in the order they were stored, so a listener sees
 * each clinician's events (and each connector's sync events) in order.
 *
 * <p>A listener should return quickly (push to a websocket, enqueue for a UI). A slow one only
 * falls behind: its queue is bounded and drops its oldest events when full ({@link
 * ListenerStats#dropped()}); it never holds up a sync, a booking or another listener. An exception
 * it throws is counted ({@link ListenerStats#failed()}) and logged by class name only; the next
 * event is delivered as usual.
 */
@FunctionalInterface
public interface CoordinatorListener {
  /** Handles one event. */
  void onEvent(CoordinatorEvent event);
}
