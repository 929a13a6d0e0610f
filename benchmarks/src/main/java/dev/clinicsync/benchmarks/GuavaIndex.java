package dev.clinicsync.benchmarks;

import com.google.common.collect.Range;
import com.google.common.collect.RangeMap;
import com.google.common.collect.TreeRangeMap;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.TimeWindow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;

/**
 * Per clinician, a Guava {@code TreeRangeMap<Long, Object>} over epoch seconds whose values are
 * the appointment (or busy block) covering each piece of time, or an {@code Object[]} of them
 * where several overlap — kept exact with {@code merge}. A read-write lock makes it safe.
 */
final class GuavaIndex implements ConflictIndex {
  private final Map<ClinicianId, RangeMap<Long, Object>> appointments = new HashMap<>();
  private final Map<ClinicianId, RangeMap<Long, Object>> busy = new HashMap<>();
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  private static Range<Long> range(long start, long end) {
    return Range.closedOpen(start, end);
  }

  private static Object plus(Object existing, Object added) {
    if (existing instanceof Object[] arr) {
      Object[] out = Arrays.copyOf(arr, arr.length + 1);
      out[arr.length] = added;
      return out;
    }
    return new Object[] {existing, added};
  }

  private static @Nullable Object minus(Object existing, Object removed) {
    if (existing == removed) {
      return null;
    }
    if (existing instanceof Object[] arr) {
      List<Object> out = new ArrayList<>(Arrays.asList(arr));
      out.remove(removed);
      return out.size() == 1 ? out.get(0) : out.toArray();
    }
    return existing;
  }

  private static void add(RangeMap<Long, Object> map, long start, long end, Object value) {
    map.merge(range(start, end), value, GuavaIndex::plus);
  }

  @Override
  public void load(Workload w) {
    for (Appointment a : w.appointments) {
      if (NaiveIndex.blocking(a.status())) {
        add(appointments.computeIfAbsent(a.clinicianId(), k -> TreeRangeMap.create()),
            a.start().getEpochSecond(), a.end().getEpochSecond(), a);
      }
    }
    for (BusyBlock b : w.busyBlocks) {
      add(busy.computeIfAbsent(b.clinicianId(), k -> TreeRangeMap.create()),
          b.start().getEpochSecond(), b.end().getEpochSecond(), b);
    }
  }

  @Override
  public int check(Appointment p) {
    lock.readLock().lock();
    try {
      Range<Long> q = range(p.start().getEpochSecond(), p.end().getEpochSecond());
      return distinct(appointments.get(p.clinicianId()), q, p) + distinct(busy.get(p.clinicianId()), q, p);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The distinct items over the range's pieces (an item spans several pieces where others overlap it). */
  private static int distinct(@Nullable RangeMap<Long, Object> map, Range<Long> q, Appointment self) {
    if (map == null) {
      return 0;
    }
    Object[] seen = null;
    int n = 0;
    for (Object v : map.subRangeMap(q).asMapOfRanges().values()) {
      if (v instanceof Object[] arr) {
        for (Object o : arr) {
          if (seen == null) {
            seen = new Object[8];
          }
          n = addDistinct(seen, n, o, self);
          seen = n == seen.length ? Arrays.copyOf(seen, n * 2) : seen;
        }
      } else {
        if (seen == null) {
          seen = new Object[8];
        }
        n = addDistinct(seen, n, v, self);
        seen = n == seen.length ? Arrays.copyOf(seen, n * 2) : seen;
      }
    }
    return n;
  }

  private static int addDistinct(Object[] seen, int n, Object o, Appointment self) {
    if (o instanceof Appointment a && a.id().equals(self.id())) {
      return n;
    }
    for (int i = 0; i < n; i++) {
      if (seen[i] == o) {
        return n;
      }
    }
    seen[n] = o;
    return n + 1;
  }

  @Override
  public int scanPairs(TimeWindow window) {
    lock.readLock().lock();
    try {
      int pairs = 0;
      Range<Long> q = range(window.start().getEpochSecond(), window.end().getEpochSecond());
      for (RangeMap<Long, Object> map : appointments.values()) {
        Set<List<Object>> found = new HashSet<>();
        // pieces in the window, plus a day either side for partners of appointments in it
        Range<Long> wide = range(q.lowerEndpoint() - 86_400, q.upperEndpoint() + 86_400);
        for (Object v : map.subRangeMap(wide).asMapOfRanges().values()) {
          if (v instanceof Object[] arr) {
            for (int i = 0; i < arr.length; i++) {
              for (int j = i + 1; j < arr.length; j++) {
                Appointment a = (Appointment) arr[i];
                Appointment b = (Appointment) arr[j];
                if ((a.overlaps(window) || b.overlaps(window))
                    && found.add(a.id().value().compareTo(b.id().value()) < 0 ? List.of(a, b) : List.of(b, a))) {
                  pairs++;
                }
              }
            }
          }
        }
      }
      return pairs;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void move(Appointment previous, Appointment next) {
    lock.writeLock().lock();
    try {
      RangeMap<Long, Object> map = Objects.requireNonNull(appointments.get(previous.clinicianId()),
          "a benchmark moves only a loaded appointment, whose clinician has a map");
      map.merge(range(previous.start().getEpochSecond(), previous.end().getEpochSecond()), previous, GuavaIndex::minus);
      add(map, next.start().getEpochSecond(), next.end().getEpochSecond(), next);
    } finally {
      lock.writeLock().unlock();
    }
  }
}
