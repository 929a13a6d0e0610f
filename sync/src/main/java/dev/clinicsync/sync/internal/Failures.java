package dev.clinicsync.sync.internal;

import dev.clinicsync.core.ClinicSyncException;
import dev.clinicsync.core.ConnectorException;
import dev.clinicsync.core.FetchLimitExceededException;
import dev.clinicsync.core.model.ConnectorId;

/**
 * How a sync treats what it catches. One connector's data must never take the coordinator down, so
 * a sync catches every {@link Throwable} and fails that connector's sync, typed and audited —
 * {@link StackOverflowError} (a deeply nested payload) and {@link OutOfMemoryError} (one huge
 * answer) included: both unwind that sync's stack and leave its garbage behind, and the other
 * connectors carry on. Only what says the JVM itself is broken is rethrown: {@link InternalError}
 * and {@link UnknownError} (the other {@link VirtualMachineError}s) and {@link ThreadDeath}.
 */
final class Failures {
  private Failures() {}

  /** Whether a caught throwable must be rethrown rather than turned into a failed sync. */
  static boolean isFatal(Throwable t) {
    return t instanceof InternalError || t instanceof UnknownError || t instanceof ThreadDeath;
  }

  /** The failure as an SDK exception: itself, or wrapped, with a PHI-free message. */
  static ClinicSyncException typed(Throwable t, ConnectorId connector) {
    if (t instanceof ClinicSyncException c) {
      return c;
    }
    return new ConnectorException(connector.value(), "unexpected " + t.getClass().getSimpleName()
        + " during the sync", 0, null, t);
  }

  /**
   * A PHI-free code for audit details: the limit for {@link FetchLimitExceededException}
   * ({@code FETCH_LIMIT_PAGES}), otherwise the typed failure's class and, when it wraps an
   * unexpected throwable, that throwable's class ({@code ConnectorException:StackOverflowError}).
   */
  static String code(ClinicSyncException failure) {
    if (failure instanceof FetchLimitExceededException f) {
      return "FETCH_LIMIT_" + f.limit();
    }
    Throwable cause = failure.getCause();
    String own = failure.getClass().getSimpleName();
    return cause == null || cause instanceof ClinicSyncException ? own : own + ":" + cause.getClass().getSimpleName();
  }

  /** How the failure shows in a report: its class and its (PHI-free) message. */
  static String describe(ClinicSyncException e) {
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
