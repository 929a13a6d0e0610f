package dev.clinicsync.conflict.internal;

import dev.clinicsync.conflict.ConflictKind;
import dev.clinicsync.conflict.ConflictPair;
import dev.clinicsync.conflict.ScanReport;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.TimeWindow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's {@code scan}: per clinician, the appointments near the window gathered in start
 * order from the week buckets (busy blocks skipped), then a sweep pairing each with the later ones
 * that start before its end plus the relation's reach.
 */
final class PairScan {
  private PairScan() {}

  /** Every conflicting pair with a member in the window, grouped by clinician, each pair once. */
  static ScanReport scan(Map<ClinicianId, ClinicianState> states, TimeWindow window, Relation relation) {
    long ws = window.start().getEpochSecond();
    long we = Entries.ceilSeconds(window.end());
    Map<ClinicianId, List<ConflictPair>> result = new LinkedHashMap<>();
    for (Map.Entry<ClinicianId, ClinicianState> e : states.entrySet()) {
      ClinicianState st = e.getValue();
      IntervalIndex idx = st.entries;
      // partners of an appointment in the window lie within its length (at most a day, unless
      // it is a long one) plus the reach of buffers and duplicate tolerance
      long lo = ws - IntervalIndex.SHORT;
      long hi = we + IntervalIndex.SHORT;
      for (int i = 0; i < idx.longStarts.length; i++) {
        if ((idx.longTags[i] & Entries.BUSY) == 0 && idx.longStarts[i] < we && idx.longEnds[i] > ws) {
          lo = Math.min(lo, idx.longStarts[i]);
          hi = Math.max(hi, idx.longEnds[i]);
        }
      }
      long reach = relation.reachSeconds;
      List<ConflictPair> pairs = scanClinician(st, relation, window, lo - reach, hi + reach);
      if (!pairs.isEmpty()) {
        result.put(e.getKey(), pairs);
      }
    }
    return new ScanReport(window, result);
  }

  private static List<ConflictPair> scanClinician(
      ClinicianState st, Relation relation, TimeWindow window, long qs, long qe) {
    // gather every appointment touching [qs, qe) in start order: buckets are already sorted
    IntervalIndex idx = st.entries;
    int firstBucket = st.firstBucketFrom(qs);
    int lastBucket = st.bucketsBefore(qe);
    int cap = idx.longStarts.length;
    for (int bi = firstBucket; bi < lastBucket; bi++) {
      cap += idx.refs[bi].length;
    }
    if (cap < 2) {
      return List.of();
    }
    long[] starts = new long[cap];
    long[] ends = new long[cap];
    Appointment[] refs = new Appointment[cap];
    int n = 0;
    for (int bi = firstBucket; bi < lastBucket; bi++) {
      int[] w = idx.weeks[bi];
      Object[] r = idx.refs[bi];
      long weekStart = st.weekStart(bi);
      for (int i = 0, size = r.length; i < size; i++) {
        if ((w[2 * size + i] & Entries.BUSY) != 0) {
          continue;
        }
        long s = weekStart + w[i];
        long en = s + w[size + i];
        if (s < qe && en > qs) {
          starts[n] = s;
          ends[n] = en;
          refs[n] = (Appointment) r[i];
          n++;
        }
      }
    }
    int shortCount = n;
    for (int i = 0; i < idx.longStarts.length; i++) {
      if ((idx.longTags[i] & Entries.BUSY) == 0 && idx.longStarts[i] < qe && idx.longEnds[i] > qs) {
        starts[n] = idx.longStarts[i];
        ends[n] = idx.longEnds[i];
        refs[n] = (Appointment) idx.longRefs[i];
        n++;
      }
    }
    if (n > shortCount) {
      sortByStart(starts, ends, refs, n);
    }
    List<ConflictPair> pairs = new ArrayList<>();
    long reach = relation.reachSeconds;
    for (int i = 0; i < n; i++) {
      long limit = ends[i] + reach;
      Appointment a = refs[i];
      for (int j = i + 1; j < n && starts[j] < limit; j++) {
        Appointment b = refs[j];
        ConflictKind kind = relation.classify(a, b);
        if (kind != null && (a.overlaps(window) || b.overlaps(window))) {
          pairs.add(ConflictPair.of(kind, a, b));
        }
      }
    }
    return pairs;
  }

  private static void sortByStart(long[] starts, long[] ends, Appointment[] refs, int n) {
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Long.compare(starts[x], starts[y]));
    long[] s = starts.clone();
    long[] e = ends.clone();
    Appointment[] r = refs.clone();
    for (int i = 0; i < n; i++) {
      starts[i] = s[order[i]];
      ends[i] = e[order[i]];
      refs[i] = r[order[i]];
    }
  }
}
