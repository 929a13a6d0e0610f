package dev.clinicsync.conflict.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable set of intervals {@code [start, end)} in epoch seconds, each with an {@code int}
 * tag chosen by the owner and a reference (an appointment or a busy block). Updates return a new
 * index sharing every untouched part, so readers never lock.
 *
 * <p>Intervals of at most {@link #SHORT} seconds live in week buckets keyed by
 * {@code floorDiv(start, WEEK)}. A week is one exact-size {@code int[]} in three runs, sorted by
 * start: the starts as offsets from the week's start, then the lengths, then the tags; its
 * references are a parallel {@code Object[]}. Longer intervals, rare, live in one unsorted side
 * list that every query scans.
 *
 * <p>The layout serves a cache-cold lookup, where each dependent memory access costs a miss.
 * The directory arrays ({@link #weeks}, {@link #refs}, {@link #meta}) are read side by side; the
 * week's two {@link #meta} longs hold a day index (where each day's entries begin) and the longest
 * length, so the search then reads one day's starts, usually a single cache line of 4-byte
 * offsets, and the lengths, tags and references of the matches in parallel. While the bucket keys
 * run without gaps (the usual case: a clinician's weeks, empty ones kept), a week is found by
 * subtraction from {@link #firstKey}, without reading the key array.
 */
final class IntervalIndex {
  static final long WEEK = 7L * 86_400L;
  static final long SHORT = 86_400L;
  static final long DAY = 86_400L;
  /** Empty buckets inside the key range are kept when the gap is at most this many weeks. */
  private static final int MAX_GAP = 26;
  /** The first meta long of a week too large for a 16-bit day index: searched whole. */
  static final long NO_DAY_INDEX = -1L;
  static final int[] EMPTY_WEEK = new int[0];
  static final Object[] NO_REFS = new Object[0];
  static final IntervalIndex EMPTY = new IntervalIndex(new long[0], new int[0][], new Object[0][], new long[0],
      new long[0], new long[0], new int[0], new Object[0], 0);

  /** Bucket keys (week numbers), ascending. */
  final long[] keys;
  /** Per week: {@code n} start offsets from the week's start, then {@code n} lengths, then {@code n} tags. */
  final int[][] weeks;
  /** Per week: the entries' references, in the same order. */
  final Object[][] refs;
  /**
   * Per week two longs: the position of the first entry of days 1 to 4 (16 bits each), or
   * {@link #NO_DAY_INDEX}; then days 5 and 6 (16 bits each) with the longest length in the high half.
   */
  final long[] meta;
  /** {@code keys[0]}, or 0 when there is no bucket. */
  final long firstKey;
  /** Whether {@code keys[i] == firstKey + i} for every bucket. */
  final boolean dense;
  final long[] longStarts;
  final long[] longEnds;
  final int[] longTags;
  final Object[] longRefs;
  final int size;

  private IntervalIndex(long[] keys, int[][] weeks, Object[][] refs, long[] meta,
      long[] longStarts, long[] longEnds, int[] longTags, Object[] longRefs, int size) {
    this.keys = keys;
    this.weeks = weeks;
    this.refs = refs;
    this.meta = meta;
    this.firstKey = keys.length == 0 ? 0 : keys[0];
    this.dense = keys.length == 0 || keys[keys.length - 1] - keys[0] == keys.length - 1;
    this.longStarts = longStarts;
    this.longEnds = longEnds;
    this.longTags = longTags;
    this.longRefs = longRefs;
    this.size = size;
  }

  private IntervalIndex withLongs(long[] s, long[] e, int[] t, Object[] r, int nextSize) {
    return new IntervalIndex(keys, weeks, refs, meta, s, e, t, r, nextSize);
  }

  private IntervalIndex withWeeks(long[] k, int[][] w, Object[][] r, long[] m, int nextSize) {
    return new IntervalIndex(k, w, r, m, longStarts, longEnds, longTags, longRefs, nextSize);
  }

  // ---------------------------------------------------------------- reads (also used by the engine)

  /** The number of entries of a week's array. */
  static int count(int[] week) {
    return week.length / 3;
  }

  /** The longest length in week {@code bi}, from its {@link #meta}. */
  static long maxLength(long[] meta, int bi) {
    return meta[2 * bi + 1] >>> 32;
  }

  /**
   * The first entry of week {@code bi} whose start offset is greater than {@code offset}
   * (relative to the week's start; any value), searching only the entries of the offset's day
   * when the week has a day index.
   */
  static int upperBound(int[] week, int n, long[] meta, int bi, long offset) {
    if (offset < 0) {
      return 0;
    }
    if (offset >= WEEK) {
      return n;
    }
    int lo = 0;
    int hi = n;
    long meta0 = meta[2 * bi];
    if (meta0 != NO_DAY_INDEX) {
      long meta1 = meta[2 * bi + 1];
      int d = (int) (offset / DAY);
      lo = dayPosition(meta0, meta1, d, n);
      hi = dayPosition(meta0, meta1, d + 1, n);
    }
    return upperBound(week, lo, hi, (int) offset);
  }

  private static int dayPosition(long meta0, long meta1, int d, int n) {
    if (d == 0) {
      return 0;
    }
    if (d == 7) {
      return n;
    }
    return (int) ((d <= 4 ? meta0 >>> (16 * (d - 1)) : meta1 >>> (16 * (d - 5))) & 0xFFFF);
  }

  /** First position in {@code [lo, hi)} whose start offset is greater than {@code key}, or {@code hi}. */
  static int upperBound(int[] week, int lo, int hi, int key) {
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (week[mid] <= key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The first bucket with {@code key >= k}: by subtraction while the weeks run without gaps. */
  int ceilingBucket(long k) {
    if (dense) {
      long i = k - firstKey;
      return i <= 0 ? 0 : (int) Math.min(i, keys.length);
    }
    int i = Arrays.binarySearch(keys, k); // keys are distinct
    return i >= 0 ? i : -i - 1;
  }

  /** The start of week bucket {@code bi} in epoch seconds. */
  long weekStart(int bi) {
    return keys[bi] * WEEK;
  }

  /** Every reference, in no particular order (for rebuilds). */
  Object[] allRefs() {
    Object[] out = new Object[size];
    int k = 0;
    for (Object[] r : refs) {
      System.arraycopy(r, 0, out, k, r.length);
      k += r.length;
    }
    System.arraycopy(longRefs, 0, out, k, longRefs.length);
    return out;
  }

  // ---------------------------------------------------------------- writes

  static long weekOf(long start) {
    return Math.floorDiv(start, WEEK);
  }

  /** The position of a bucket key, or {@code -(insertion point) - 1}. */
  private int bucketOf(long key) {
    if (dense) {
      long i = key - firstKey;
      if (i >= 0 && i < keys.length) {
        return (int) i;
      }
      return i < 0 ? -1 : -keys.length - 1;
    }
    return Arrays.binarySearch(keys, key);
  }

  IntervalIndex plus(long start, long end, int tag, Object ref) {
    if (end - start > SHORT) {
      int n = longStarts.length;
      long[] s = Arrays.copyOf(longStarts, n + 1);
      long[] e = Arrays.copyOf(longEnds, n + 1);
      int[] t = Arrays.copyOf(longTags, n + 1);
      Object[] r = Arrays.copyOf(longRefs, n + 1);
      s[n] = start;
      e[n] = end;
      t[n] = tag;
      r[n] = ref;
      return withLongs(s, e, t, r, size + 1);
    }
    long key = weekOf(start);
    int offset = (int) (start - key * WEEK);
    int length = (int) (end - start);
    int bi = bucketOf(key);
    if (bi >= 0) {
      return withWeek(bi, IndexWeek.of(this, bi).with(offset, length, tag, ref), size + 1);
    }
    IndexWeek added = IndexWeek.EMPTY.with(offset, length, tag, ref);
    int n = keys.length;
    // join the key range without a gap when the new week is near it: keeps lookups by subtraction
    if (n > 0 && dense && key >= keys[0] - MAX_GAP && key <= keys[n - 1] + MAX_GAP) {
      long from = Math.min(key, keys[0]);
      int count = (int) (Math.max(key, keys[n - 1]) - from + 1);
      int shift = (int) (keys[0] - from);
      long[] nk = new long[count];
      int[][] nw = new int[count][];
      Object[][] nr = new Object[count][];
      long[] nm = new long[2 * count];
      for (int k = 0; k < count; k++) {
        nk[k] = from + k;
        nw[k] = EMPTY_WEEK;
        nr[k] = NO_REFS;
      }
      System.arraycopy(weeks, 0, nw, shift, n);
      System.arraycopy(refs, 0, nr, shift, n);
      System.arraycopy(meta, 0, nm, 2 * shift, 2 * n);
      added.store((int) (key - from), nw, nr, nm);
      return withWeeks(nk, nw, nr, nm, size + 1);
    }
    int at = -bi - 1;
    long[] nk = new long[n + 1];
    int[][] nw = new int[n + 1][];
    Object[][] nr = new Object[n + 1][];
    long[] nm = new long[2 * n + 2];
    System.arraycopy(keys, 0, nk, 0, at);
    System.arraycopy(weeks, 0, nw, 0, at);
    System.arraycopy(refs, 0, nr, 0, at);
    System.arraycopy(meta, 0, nm, 0, 2 * at);
    System.arraycopy(keys, at, nk, at + 1, n - at);
    System.arraycopy(weeks, at, nw, at + 1, n - at);
    System.arraycopy(refs, at, nr, at + 1, n - at);
    System.arraycopy(meta, 2 * at, nm, 2 * at + 2, 2 * (n - at));
    nk[at] = key;
    added.store(at, nw, nr, nm);
    return withWeeks(nk, nw, nr, nm, size + 1);
  }

  /**
   * Changes collected for one {@link #bulk} call: entries to remove (by reference, at their
   * indexed interval) and entries to add. Removing a reference added earlier in the same batch
   * cancels the addition.
   */
  static final class Batch {
    private final List<long[]> removalTimes = new ArrayList<>();
    private final List<Object> removalRefs = new ArrayList<>();
    private final List<long[]> additions = new ArrayList<>();
    private final List<Object> additionRefs = new ArrayList<>();
    private final IdentityHashMap<Object, Integer> pending = new IdentityHashMap<>();

    void remove(long start, long end, Object ref) {
      Integer at = pending.remove(ref);
      if (at != null) {
        additionRefs.set(at, null); // added in this batch: never indexed, so nothing to remove
        return;
      }
      removalTimes.add(new long[] {start, end});
      removalRefs.add(ref);
    }

    void add(long start, long end, int tag, Object ref) {
      pending.put(ref, additionRefs.size());
      additions.add(new long[] {start, end, tag});
      additionRefs.add(ref);
    }

    boolean isEmpty() {
      return removalRefs.isEmpty() && pending.isEmpty();
    }

    /**
     * The indexed start and end of every entry this batch removes or adds, as pairs in one array
     * (additions cancelled within the batch included): the times a write of it can change.
     */
    long[] spans() {
      long[] out = new long[2 * (removalTimes.size() + additions.size())];
      int k = 0;
      for (long[] t : removalTimes) {
        out[k++] = t[0];
        out[k++] = t[1];
      }
      for (long[] a : additions) {
        out[k++] = a[0];
        out[k++] = a[1];
      }
      return out;
    }
  }

  /** One week's share of a {@link Batch}: removals by offset and reference, additions by offset. */
  static final class WeekDelta {
    final List<int[]> removals = new ArrayList<>();
    final List<Object> removalRefs = new ArrayList<>();
    final List<int[]> additions = new ArrayList<>();
    final List<Object> additionRefs = new ArrayList<>();
  }

  /**
   * The index with a whole batch applied: the side list of long entries copied once, each touched
   * week copied once, the directory arrays cloned once (plus one directory copy per week that did
   * not exist yet). A batch of {@code k} entries in one week costs {@code O(week + k log k)}, where
   * {@link #plus} one by one would copy the week {@code k} times.
   */
  IntervalIndex bulk(Batch batch) {
    if (batch.isEmpty()) {
      return this;
    }
    int nextSize = size;
    // long entries: one pass over the side list
    Map<Object, Boolean> longGone = new IdentityHashMap<>();
    List<Integer> longAdded = new ArrayList<>();
    Map<Long, WeekDelta> byWeek = new HashMap<>();
    for (int i = 0; i < batch.removalRefs.size(); i++) {
      long[] t = batch.removalTimes.get(i);
      Object ref = batch.removalRefs.get(i);
      if (t[1] - t[0] > SHORT) {
        longGone.put(ref, Boolean.TRUE);
      } else {
        long key = weekOf(t[0]);
        WeekDelta d = byWeek.computeIfAbsent(key, k -> new WeekDelta());
        d.removals.add(new int[] {(int) (t[0] - key * WEEK)});
        d.removalRefs.add(ref);
      }
    }
    for (int i = 0; i < batch.additionRefs.size(); i++) {
      Object ref = batch.additionRefs.get(i);
      if (ref == null) {
        continue;
      }
      long[] a = batch.additions.get(i);
      if (a[1] - a[0] > SHORT) {
        longAdded.add(i);
      } else {
        long key = weekOf(a[0]);
        WeekDelta d = byWeek.computeIfAbsent(key, k -> new WeekDelta());
        d.additions.add(new int[] {(int) (a[0] - key * WEEK), (int) (a[1] - a[0]), (int) a[2]});
        d.additionRefs.add(ref);
      }
    }
    IntervalIndex idx = this;
    if (!longGone.isEmpty() || !longAdded.isEmpty()) {
      int n = longStarts.length;
      int cap = n + longAdded.size();
      long[] s = new long[cap];
      long[] e = new long[cap];
      int[] t = new int[cap];
      Object[] r = new Object[cap];
      int k = 0;
      for (int i = 0; i < n; i++) {
        if (longGone.containsKey(longRefs[i])) {
          nextSize--;
          continue;
        }
        s[k] = longStarts[i];
        e[k] = longEnds[i];
        t[k] = longTags[i];
        r[k++] = longRefs[i];
      }
      for (int i : longAdded) {
        long[] a = batch.additions.get(i);
        s[k] = a[0];
        e[k] = a[1];
        t[k] = (int) a[2];
        r[k++] = batch.additionRefs.get(i);
        nextSize++;
      }
      idx = k == cap ? withLongs(s, e, t, r, size)
          : withLongs(Arrays.copyOf(s, k), Arrays.copyOf(e, k), Arrays.copyOf(t, k), Arrays.copyOf(r, k), size);
    }
    if (byWeek.isEmpty()) {
      return idx.withSize(nextSize);
    }
    // weeks not indexed yet get their bucket from the first entry added there (one directory copy each)
    for (Map.Entry<Long, WeekDelta> entry : byWeek.entrySet()) {
      WeekDelta d = entry.getValue();
      if (!d.additions.isEmpty() && idx.bucketOf(entry.getKey()) < 0) {
        long weekStart = entry.getKey() * WEEK;
        int[] a = d.additions.remove(d.additions.size() - 1);
        Object ref = d.additionRefs.remove(d.additionRefs.size() - 1);
        idx = idx.plus(weekStart + a[0], weekStart + a[0] + a[1], a[2], ref);
        nextSize++;
      }
    }
    int[][] nw = idx.weeks.clone();
    Object[][] nr = idx.refs.clone();
    long[] nm = idx.meta.clone();
    for (Map.Entry<Long, WeekDelta> entry : byWeek.entrySet()) {
      int bi = idx.bucketOf(entry.getKey());
      if (bi < 0) {
        continue; // only removals, of entries never indexed
      }
      WeekDelta d = entry.getValue();
      IndexWeek before = new IndexWeek(nw[bi], nr[bi]);
      IndexWeek after = before.merged(d);
      nextSize += after.size() - before.size();
      after.store(bi, nw, nr, nm);
    }
    return new IntervalIndex(idx.keys, nw, nr, nm, idx.longStarts, idx.longEnds, idx.longTags, idx.longRefs, nextSize)
        .withoutEmptyEnds();
  }

  private IntervalIndex withSize(int nextSize) {
    return nextSize == size ? this
        : new IntervalIndex(keys, weeks, refs, meta, longStarts, longEnds, longTags, longRefs, nextSize);
  }

  /** This index without empty weeks at either end of the directory (as {@link #minus} leaves it). */
  private IntervalIndex withoutEmptyEnds() {
    int n = keys.length;
    int from = 0;
    int to = n;
    while (to > 0 && refs[to - 1].length == 0) {
      to--;
    }
    while (from < to && refs[from].length == 0) {
      from++;
    }
    if (from == 0 && to == n) {
      return this;
    }
    if (from >= to) {
      return withWeeks(new long[0], new int[0][], new Object[0][], new long[0], size);
    }
    return withWeeks(Arrays.copyOfRange(keys, from, to), Arrays.copyOfRange(weeks, from, to),
        Arrays.copyOfRange(refs, from, to), Arrays.copyOfRange(meta, 2 * from, 2 * to), size);
  }

  /**
   * This index with week {@code bi} replaced (the directory arrays copied, the other weeks shared).
   * The day index is shared as well when the week's two meta longs stay as they were (a move
   * within its day, the usual edit): no code writes into a published meta array.
   */
  private IntervalIndex withWeek(int bi, IndexWeek week, int nextSize) {
    int[][] nw = weeks.clone();
    Object[][] nr = refs.clone();
    nw[bi] = week.w();
    nr[bi] = week.r();
    long m0 = week.meta0();
    long m1 = week.meta1();
    long[] nm = meta;
    if (meta[2 * bi] != m0 || meta[2 * bi + 1] != m1) {
      nm = meta.clone();
      nm[2 * bi] = m0;
      nm[2 * bi + 1] = m1;
    }
    return withWeeks(keys, nw, nr, nm, nextSize);
  }

  /**
   * The index with one entry replaced: when both versions are short and in the same week bucket
   * (the usual move), one week copy instead of two.
   */
  IntervalIndex replace(long oldStart, long oldEnd, Object oldRef, long start, long end, int tag, Object ref) {
    long key = weekOf(start);
    if (oldEnd - oldStart <= SHORT && end - start <= SHORT && weekOf(oldStart) == key) {
      int bi = bucketOf(key);
      if (bi >= 0) {
        IndexWeek w = IndexWeek.of(this, bi);
        long weekStart = key * WEEK;
        int i = w.find((int) (oldStart - weekStart), oldRef);
        if (i >= 0) {
          return withWeek(bi, w.moved(i, (int) (start - weekStart), (int) (end - start), tag, ref), size);
        }
      }
    }
    return minus(oldStart, oldEnd, oldRef).plus(start, end, tag, ref);
  }

  /** The index without the entry holding exactly this reference at this start; {@code this} when absent. */
  IntervalIndex minus(long start, long end, Object ref) {
    if (end - start > SHORT) {
      for (int i = 0; i < longRefs.length; i++) {
        if (longRefs[i] == ref) {
          return withLongs(removeAt(longStarts, i), removeAt(longEnds, i), removeAt(longTags, i),
              removeAt(longRefs, i), size - 1);
        }
      }
      return this;
    }
    long key = weekOf(start);
    int bi = bucketOf(key);
    if (bi < 0) {
      return this;
    }
    IndexWeek w = IndexWeek.of(this, bi);
    int i = w.find((int) (start - key * WEEK), ref);
    if (i < 0) {
      return this;
    }
    IndexWeek rest = w.without(i);
    int n = keys.length;
    if (rest.size() > 0 || (bi > 0 && bi < n - 1)) {
      // an emptied week inside the range stays, empty
      return withWeek(bi, rest, size - 1);
    }
    // an emptied week at either end goes, with the empty ones next to it
    int from = 0;
    int to = n;
    if (bi == n - 1) {
      to = bi;
      while (to > 0 && refs[to - 1].length == 0) {
        to--;
      }
    }
    if (bi == 0) {
      from = 1;
      while (from < to && refs[from].length == 0) {
        from++;
      }
    }
    if (from >= to) {
      return withWeeks(new long[0], new int[0][], new Object[0][], new long[0], size - 1);
    }
    return withWeeks(Arrays.copyOfRange(keys, from, to), Arrays.copyOfRange(weeks, from, to),
        Arrays.copyOfRange(refs, from, to), Arrays.copyOfRange(meta, 2 * from, 2 * to), size - 1);
  }

  private static long[] removeAt(long[] a, int i) {
    long[] out = new long[a.length - 1];
    System.arraycopy(a, 0, out, 0, i);
    System.arraycopy(a, i + 1, out, i, a.length - i - 1);
    return out;
  }

  private static int[] removeAt(int[] a, int i) {
    int[] out = new int[a.length - 1];
    System.arraycopy(a, 0, out, 0, i);
    System.arraycopy(a, i + 1, out, i, a.length - i - 1);
    return out;
  }

  private static Object[] removeAt(Object[] a, int i) {
    Object[] out = new Object[a.length - 1];
    System.arraycopy(a, 0, out, 0, i);
    System.arraycopy(a, i + 1, out, i, a.length - i - 1);
    return out;
  }
}
