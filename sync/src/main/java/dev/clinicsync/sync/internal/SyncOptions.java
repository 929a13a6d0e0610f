package dev.clinicsync.sync.internal;

import dev.clinicsync.core.connector.FetchLimits;
import java.time.Duration;

/**
 * The coordinator's sync settings, validated by the builder.
 *
 * @param lookBack how far before now the sync window starts
 * @param lookAhead how far after now the sync window ends
 * @param massDeletionShare the share of live appointments (or owned busy blocks) that the removals
 *     of one {@code massDeletionPeriod} may reach before a sync is held
 * @param massDeletionMinimum removals below this count are never held (tiny calendars)
 * @param massDeletionPeriod the sliding period over which removals add up (one day)
 * @param nodeId this node's id, the owner of its leases
 * @param leaseTtl how long a sync lease lasts
 * @param fetchLimits the most pages, records and time one fetch of one connector may take
 */
public record SyncOptions(
    Duration lookBack, Duration lookAhead, double massDeletionShare, int massDeletionMinimum,
    Duration massDeletionPeriod, String nodeId, Duration leaseTtl, FetchLimits fetchLimits) {}
