package dev.clinicsync.benchmarks;

import com.google.common.collect.Range;
import com.google.common.collect.RangeSet;
import com.google.common.collect.TreeRangeSet;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.Clinician;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Per clinician a Guava {@code TreeRangeSet<Long>} of busy epoch seconds (blocking appointments and
 * busy blocks, coalesced); free time is its complement intersected with the working hours of the
 * window, and each grid candidate is a {@code encloses} test. A read-write lock makes it safe.
 */
final class GuavaAvailability implements AvailabilityIndex {
  private RangeSet<Long>[] busy;
  private List<Clinician> clinicians;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  @Override
  @SuppressWarnings("unchecked")
  public void load(Workload w) {
    clinicians = w.clinicians;
    busy = new RangeSet[w.clinicianCount()];
    for (int i = 0; i < busy.length; i++) {
      busy[i] = TreeRangeSet.create();
    }
    for (Appointment a : w.appointments) {
      if (NaiveIndex.blocking(a.status())) {
        busy[Workload.clinicianIndex(a.clinicianId())].add(
            Range.closedOpen(a.start().getEpochSecond(), a.end().getEpochSecond()));
      }
    }
    for (BusyBlock b : w.busyBlocks) {
      busy[Workload.clinicianIndex(b.clinicianId())].add(
          Range.closedOpen(b.start().getEpochSecond(), b.end().getEpochSecond()));
    }
  }

  /** Working hours of the span minus busy time: the busy set's complement intersected with the hours. */
  private RangeSet<Long> free(int clinician, long[] working, long from, long to) {
    RangeSet<Long> free = TreeRangeSet.create();
    for (int i = 0; i < working.length; i += 2) {
      free.add(Range.closedOpen(working[i], working[i + 1]));
    }
    free.removeAll(busy[clinician].subRangeSet(Range.closedOpen(from, to)));
    return free;
  }

  @Override
  public int freeSlots(int clinician, long from, long to, int duration, int step) {
    lock.readLock().lock();
    try {
      long[] r = AvailabilityIndex.workingRanges(clinicians.get(clinician), from, to, step);
      RangeSet<Long> free = free(clinician, r, from, to);
      int n = 0;
      for (int i = 0; i < r.length; i += 2) {
        for (long s = r[i]; s + duration <= r[i + 1]; s += step) {
          if (free.encloses(Range.closedOpen(s, s + duration))) {
            n++;
          }
        }
      }
      return n;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public long nextFree(int clinician, long from, int duration, int step, long horizon) {
    lock.readLock().lock();
    try {
      long to = from + horizon + duration;
      long[] r = AvailabilityIndex.workingRanges(clinicians.get(clinician), from, to, step);
      RangeSet<Long> free = free(clinician, r, from, to);
      for (int i = 0; i < r.length; i += 2) {
        for (long s = r[i]; s + duration <= r[i + 1] && s < from + horizon; s += step) {
          if (free.encloses(Range.closedOpen(s, s + duration))) {
            return s;
          }
        }
      }
      return -1;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public boolean isFree(int clinician, long start, long end) {
    lock.readLock().lock();
    try {
      long[] r = AvailabilityIndex.workingRanges(clinicians.get(clinician), start, end, 1);
      if (r.length != 2 || r[0] != start || r[1] != end) {
        return false; // not inside one working range
      }
      return !busy[clinician].intersects(Range.closedOpen(start, end));
    } finally {
      lock.readLock().unlock();
    }
  }
}
