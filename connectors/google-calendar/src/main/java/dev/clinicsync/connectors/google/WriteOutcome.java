package dev.clinicsync.connectors.google;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.SourceRef;

/**
 * What a write-back did. Closed: the write queue handles exactly these; failures that retrying may
 * fix, or that need a human, are thrown as {@link dev.clinicsync.core.ConnectorException}s.
 */
public sealed interface WriteOutcome
    permits WriteOutcome.Written, WriteOutcome.Cancelled, WriteOutcome.Conflict, WriteOutcome.Gone {

  /** Whether the calendar now matches what was asked. */
  boolean isSuccess();

  /**
   * The event exists as asked.
   *
   * @param event {@code google:<eventId>} with the ETag to send on the next update
   * @param created false when an earlier attempt had already created it (a retried insert)
   */
  record Written(SourceRef event, boolean created) implements WriteOutcome {
    public Written {
      Checks.notNull(event, "written event");
    }

    @Override
    public boolean isSuccess() {
      return true;
    }
  }

  /**
   * The event is cancelled in Google (now, or already before).
   *
   * @param eventId the Google event id
   */
  record Cancelled(String eventId) implements WriteOutcome {
    public Cancelled {
      Checks.notBlank(eventId, "cancelled event id");
    }

    @Override
    public boolean isSuccess() {
      return true;
    }
  }

  /**
   * The event changed in Google since the stored ETag (412): nothing was written. The current
   * version is attached so that the coordinator's conflict rule decides; never overwritten blindly.
   *
   * @param current the event as Google holds it now
   */
  record Conflict(RemoteEvent current) implements WriteOutcome {
    public Conflict {
      Checks.notNull(current, "conflicting remote event");
    }

    @Override
    public boolean isSuccess() {
      return false;
    }
  }

  /**
   * The event to update no longer exists in Google (deleted there, 404/410); nothing was written.
   *
   * @param eventId the Google event id
   */
  record Gone(String eventId) implements WriteOutcome {
    public Gone {
      Checks.notBlank(eventId, "gone event id");
    }

    @Override
    public boolean isSuccess() {
      return false;
    }
  }
}
