package dev.clinicsync.sync.metrics;

import dev.clinicsync.core.model.ConnectorId;
import java.time.Duration;
import java.time.Instant;

/**
 * Receives each measurement as the coordinator takes it: the seam a metrics library plugs into
 * (the {@code clinicsync-micrometer} module implements it with Micrometer timers and counters).
 * Every argument is PHI-free. Calls come from the threads doing the work, concurrently, so an
 * implementation must be thread-safe and quick; an exception it throws is counted
 * ({@link MetricsSnapshot#listenerFailures()}) and never disturbs the work measured. Every method
 * does nothing unless overridden.
 */
public interface MetricsRecorder {

  /** Records nothing. */
  MetricsRecorder NONE = new MetricsRecorder() {};

  /** A connector call through the SPI ended. */
  default void connectorCall(ConnectorId connector, ConnectorOperation operation, CallOutcome outcome,
      Duration latency) {}

  /** An {@code aggregatedCalendar} call ended (answered or refused). */
  default void calendarRead(Duration latency) {}

  /** A booking or reschedule was refused because the slot conflicts. */
  default void bookingRefused() {}

  /** A sync of a connector finished ({@code succeeded}: its changes were applied). */
  default void syncFinished(ConnectorId connector, boolean succeeded, Instant at) {}
}
