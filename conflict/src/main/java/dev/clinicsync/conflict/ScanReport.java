package dev.clinicsync.conflict;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.TimeWindow;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every conflicting pair of a window, grouped by clinician; each pair appears once.
 *
 * @param window the scanned window: a pair is in it when either appointment overlaps it
 * @param byClinician the pairs of each clinician that has any, clinicians in id order
 */
public record ScanReport(TimeWindow window, Map<ClinicianId, List<ConflictPair>> byClinician) {

  public ScanReport {
    Checks.notNull(window, "scan window");
    Checks.notNull(byClinician, "scan pairs");
    TreeMap<ClinicianId, List<ConflictPair>> copy = new TreeMap<>((a, b) -> a.value().compareTo(b.value()));
    for (Map.Entry<ClinicianId, List<ConflictPair>> e : byClinician.entrySet()) {
      if (!e.getValue().isEmpty()) {
        copy.put(e.getKey(), List.copyOf(e.getValue()));
      }
    }
    byClinician = Collections.unmodifiableMap(copy);
  }

  /** The number of pairs over all clinicians. */
  public int pairCount() {
    int n = 0;
    for (List<ConflictPair> pairs : byClinician.values()) {
      n += pairs.size();
    }
    return n;
  }
}
