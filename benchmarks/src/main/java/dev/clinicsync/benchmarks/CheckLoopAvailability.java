package dev.clinicsync.benchmarks;

import dev.clinicsync.conflict.SlotGrid;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.TimeWindow;
import java.time.Instant;
import java.util.List;

/**
 * What a host writes today with ClinicSync: the grid candidates inside the clinician's working
 * hours (from its directory, with java.time), each passed to the engine's full {@code check}.
 */
final class CheckLoopAvailability implements AvailabilityIndex {
  private final ClinicSyncIndex index = new ClinicSyncIndex();
  private List<Clinician> clinicians;

  @Override
  public void load(Workload w) {
    index.load(w);
    clinicians = w.clinicians;
  }

  private boolean free(Clinician c, long s, long e) {
    return !index.engine.check(SlotGrid.probe(c.id(), new TimeWindow(Instant.ofEpochSecond(s), Instant.ofEpochSecond(e))))
        .hasConflicts();
  }

  @Override
  public int freeSlots(int clinician, long from, long to, int duration, int step) {
    Clinician c = clinicians.get(clinician);
    long[] r = AvailabilityIndex.workingRanges(c, from, to, step);
    int n = 0;
    for (int i = 0; i < r.length; i += 2) {
      for (long s = r[i]; s + duration <= r[i + 1]; s += step) {
        if (free(c, s, s + duration)) {
          n++;
        }
      }
    }
    return n;
  }

  @Override
  public long nextFree(int clinician, long from, int duration, int step, long horizon) {
    Clinician c = clinicians.get(clinician);
    long[] r = AvailabilityIndex.workingRanges(c, from, from + horizon + duration, step);
    for (int i = 0; i < r.length; i += 2) {
      for (long s = r[i]; s + duration <= r[i + 1] && s < from + horizon; s += step) {
        if (free(c, s, s + duration)) {
          return s;
        }
      }
    }
    return -1;
  }

  @Override
  public boolean isFree(int clinician, long start, long end) {
    return free(clinicians.get(clinician), start, end);
  }
}
