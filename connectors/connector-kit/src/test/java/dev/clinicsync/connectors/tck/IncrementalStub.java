package dev.clinicsync.connectors.tck;

import dev.clinicsync.core.model.TimeWindow;
import java.util.Map;
import java.util.Set;

/**
 * What a connector's test stubbed for the incremental scenario: a full fetch returning
 * {@code initial}, then — for the cursor that full fetch ends with — a change set with the
 * external ids in {@code changed} (new or modified) and in {@code deleted}.
 *
 * @param initial the external ids (and their times) of the full fetch
 * @param changed external ids the incremental fetch returns as records
 * @param deleted external ids the incremental fetch returns as deletions
 */
public record IncrementalStub(Map<String, TimeWindow> initial, Set<String> changed, Set<String> deleted) {
  public IncrementalStub {
    initial = Map.copyOf(initial);
    changed = Set.copyOf(changed);
    deleted = Set.copyOf(deleted);
    if (deleted.isEmpty()) {
      throw new IllegalArgumentException("the incremental change set must include at least one deletion");
    }
  }
}
