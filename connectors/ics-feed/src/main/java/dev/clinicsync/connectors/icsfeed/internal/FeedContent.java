package dev.clinicsync.connectors.icsfeed.internal;

import dev.clinicsync.core.connector.RecordIssue;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one feed holds for a window: the instances that overlap it, every instance id the feed
 * still defines with its start (for deletion detection), and per-record issues.
 *
 * @param instances instances overlapping the window, in start order
 * @param known every external id the feed still defines (single events anywhere, series instances
 *     expanded around the window), with the instance start
 * @param issues per-record problems (skipped events, fallbacks), PHI-free
 * @param eventCount how many VEVENTs the feed has
 */
public record FeedContent(
    List<EventInstance> instances, Map<String, Instant> known, List<RecordIssue> issues, int eventCount) {

  public FeedContent {
    instances = List.copyOf(instances);
    known = Map.copyOf(known);
    issues = List.copyOf(issues);
  }
}
