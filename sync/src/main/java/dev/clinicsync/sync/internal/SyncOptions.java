package dev.clinicsync.sync.internal;

import java.time.Duration;

/**
 * The coordinator's sync settings, validated by the builder.
 *
 * @param lookBack how far before now the sync window starts
 * @param lookAhead how far after now the sync window ends
 * @param massDeletionShare the share of live appointments a sync may delete before it is held
 * @param massDeletionMinimum deletions below this count are never held (tiny calendars)
 * @param nodeId this node's id, the owner of its leases
 * @param leaseTtl how long a sync lease lasts
 * @param maxPages a fetch that returns more pages than this fails (a vendor paging loop)
 */
public record SyncOptions(
    Duration lookBack, Duration lookAhead, double massDeletionShare, int massDeletionMinimum, String nodeId,
    Duration leaseTtl, int maxPages) {}
