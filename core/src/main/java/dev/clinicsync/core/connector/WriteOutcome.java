package dev.clinicsync.core.connector;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.SourceRef;

/**
 * What a {@link MirrorWriter} call did. Closed: the write queue handles exactly these. Failures that
 * retrying may fix, or that need a human, are thrown as
 * {@link dev.clinicsync.core.ConnectorException}s instead.
 */
public sealed interface WriteOutcome
    permits WriteOutcome.Written, WriteOutcome.Cancelled, WriteOutcome.Conflict, WriteOutcome.Gone, WriteOutcome.Unknown {

  /** Whether the target now matches what was asked. */
  boolean isSuccess();

  /**
   * The mirror exists as asked.
   *
   * @param remote the mirror at the vendor, with the version to send on the next update
   * @param created false when an earlier attempt had already created it (a retried create)
   */
  record Written(SourceRef remote, boolean created) implements WriteOutcome {
    public Written {
      Checks.notNull(remote, "written mirror");
    }

    @Override
    public boolean isSuccess() {
      return true;
    }
  }

  /**
   * The mirror is cancelled at the vendor (now, or already before).
   *
   * @param remote the mirror's key at the vendor
   */
  record Cancelled(SourceRef remote) implements WriteOutcome {
    public Cancelled {
      Checks.notNull(remote, "cancelled mirror");
    }

    @Override
    public boolean isSuccess() {
      return true;
    }
  }

  /**
   * The mirror changed at the vendor since the expected version: nothing was written. Its current
   * state is attached so that the coordinator's conflict rule decides; never overwritten blindly.
   *
   * @param current the mirror as the vendor holds it now (with its current version)
   */
  record Conflict(WriteEcho current) implements WriteOutcome {
    public Conflict {
      Checks.notNull(current, "conflicting mirror");
    }

    @Override
    public boolean isSuccess() {
      return false;
    }
  }

  /**
   * The mirror to update no longer exists at the vendor (deleted there); nothing was written.
   *
   * @param remote the mirror's key at the vendor
   */
  record Gone(SourceRef remote) implements WriteOutcome {
    public Gone {
      Checks.notNull(remote, "gone mirror");
    }

    @Override
    public boolean isSuccess() {
      return false;
    }
  }

  /**
   * The call timed out or its answer was lost: the write may or may not have happened. Read the
   * mirror back ({@link MirrorWriter#read}) before any retry.
   *
   * @param remote the mirror's key at the vendor
   */
  record Unknown(SourceRef remote) implements WriteOutcome {
    public Unknown {
      Checks.notNull(remote, "unknown mirror");
    }

    @Override
    public boolean isSuccess() {
      return false;
    }
  }
}
