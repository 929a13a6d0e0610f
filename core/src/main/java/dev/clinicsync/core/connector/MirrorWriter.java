package dev.clinicsync.core.connector;

import dev.clinicsync.core.model.AppointmentId;
import java.util.Optional;

/**
 * Writes the mirror of a canonical appointment at a vendor target (a therapist's Google calendar):
 * the write-back SPI. A connector that declares {@code WRITE_BACK} returns one from
 * {@link SourceConnector#mirrorWriter()} and passes the connector TCK's write-back section.
 *
 * <p>Contract, for every implementation:
 * <ul>
 *   <li>every write is keyed by {@link MirrorWrite#idempotencyKey()}: a retried create leaves one
 *       mirror, answered {@link WriteOutcome.Written} with {@code created == false};
 *   <li>updates and cancels are conditional on the expected version: a stale version is a
 *       {@link WriteOutcome.Conflict} carrying the current state, never an overwrite;
 *   <li>an update of a mirror deleted at the vendor is {@link WriteOutcome.Gone}; a cancel of one is
 *       {@link WriteOutcome.Cancelled};
 *   <li>a call whose result is unknown (a timeout) answers {@link WriteOutcome.Unknown} — the caller
 *       reads back before retrying;
 *   <li>failures are thrown as classified {@link dev.clinicsync.core.ConnectorException}s.
 * </ul>
 */
public interface MirrorWriter {

  /** Creates the mirror, or confirms that an earlier attempt created it. */
  WriteOutcome create(MirrorWrite write);

  /** Updates the mirror when it is still at {@code expectedVersion}. */
  WriteOutcome update(MirrorWrite write, String expectedVersion);

  /** Cancels the mirror of {@code appointment} at {@code target} when it is still at {@code expectedVersion}. */
  WriteOutcome cancel(String target, AppointmentId appointment, String expectedVersion);

  /** The mirror as the vendor holds it now; empty when there is none. */
  Optional<WriteEcho> read(String target, AppointmentId appointment);
}
