package dev.clinicsync.core.store;

import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.TimeWindow;
import java.util.List;
import java.util.Optional;

/**
 * Where clinicians' external busy blocks live (personal calendars), by source key, each owned by
 * the connector instance that reported it. Persisting them lets a coordinator that restarts resume
 * every calendar incrementally instead of reading each one whole again. The SDK ships an in-memory
 * store; a host may bring its own, and should run the published {@code BusyBlockStoreContract}
 * against it.
 *
 * <p>Contract, for every implementation:
 * <ul>
 *   <li>the source key {@code (system, externalId)} is unique across connectors; a block reported
 *       again by another connector moves to it;
 *   <li>{@link #upsert} is idempotent: the same block twice leaves the store unchanged the second
 *       time and answers {@link Change#UNCHANGED};
 *   <li>every method is safe to call from many threads; each call is atomic.
 * </ul>
 */
public interface BusyBlockStore {

  /** What {@link #upsert} did. */
  enum Change {
    CREATED,
    UPDATED,
    UNCHANGED
  }

  /** Stores a block under its source key for its owning connector. */
  Change upsert(ConnectorId owner, BusyBlock block);

  /**
   * Removes the block stored under a source key (whatever the version in {@code source}).
   *
   * @return the removed block, empty when there was none
   */
  Optional<BusyBlock> remove(SourceRef source);

  /** The block stored under a source key, whatever the version in {@code source}. */
  Optional<BusyBlock> find(SourceRef source);

  /** Every block a connector instance owns, in no particular order. */
  List<BusyBlock> findByOwner(ConnectorId owner);

  /** A clinician's blocks overlapping a window (half-open), ordered by start. */
  List<BusyBlock> find(ClinicianId clinician, TimeWindow window);

  /** Every stored block, in no particular order (the coordinator loads its index from this). */
  List<BusyBlock> all();
}
