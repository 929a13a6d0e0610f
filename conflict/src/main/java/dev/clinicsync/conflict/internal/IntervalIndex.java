package dev.clinicsync.conflict.internal;

import java.util.Arrays;

/**
 * An immutable set of intervals {@code [start, end)} in epoch seconds, each with an {@code int}
 * tag chosen by the owner and a reference (an appointment or a busy block). Updates return a new
 * index sharing every untouched part, so readers never lock.
 *
 * <p>Intervals of at most {@link #SHORT} seconds live in week buckets keyed by
 * {@code floorDiv(start, WEEK)}. A bucket is two exact-size arrays: one {@code long[]} holding,
 * per entry and side by side, the start and {@code length << 32 | tag}, sorted by start, and the
 * references. Longer intervals, rare, live in one unsorted side list that every query scans.
 *
 * <p>The layout serves a cache-cold lookup: while the bucket keys run without gaps (the usual
 * case: a clinician's weeks, empty ones kept as a shared empty bucket), the bucket of a week is
 * found by subtraction from {@link #firstKey} held in this object, without touching the key
 * array; then one binary search in one array finds the entries.
 */
final class IntervalIndex {
  static final long WEEK = 7L * 86_400L;
  static final long SHORT = 86_400L;
  /** Empty buckets inside the key range are kept (as this one) when the gap is at most this many weeks. */
  private static final int MAX_GAP = 26;
  static final Bucket EMPTY_BUCKET = new Bucket(new long[0], new Object[0], 0, Long.MIN_VALUE, Long.MIN_VALUE, 0, 0);
  private static final long DAY = 86_400L;
  static final IntervalIndex EMPTY =
      new IntervalIndex(new long[0], new Bucket[0], new long[0], new long[0], new int[0], new Object[0], 0);

  /** Bucket keys, ascending. */
  final long[] keys;
  final Bucket[] buckets;
  /** {@code keys[0]}, or 0 when there is no bucket. */
  final long firstKey;
  /** Whether {@code keys[i] == firstKey + i} for every bucket. */
  final boolean dense;
  final long[] longStarts;
  final long[] longEnds;
  final int[] longTags;
  final Object[] longRefs;
  final int size;

  private IntervalIndex(
      long[] keys, Bucket[] buckets, long[] longStarts, long[] longEnds, int[] longTags, Object[] longRefs, int size) {
    this.keys = keys;
    this.buckets = buckets;
    this.firstKey = keys.length == 0 ? 0 : keys[0];
    this.dense = keys.length == 0 || keys[keys.length - 1] - keys[0] == keys.length - 1;
    this.longStarts = longStarts;
    this.longEnds = longEnds;
    this.longTags = longTags;
    this.longRefs = longRefs;
    this.size = size;
  }

  /** One week of short intervals, sorted by start. */
  static final class Bucket {
    /** Per entry {@code i}: {@code e[2i]} the start, {@code e[2i + 1]} the length (high half) and tag (low half). */
    final long[] e;
    final Object[] refs;
    final int maxLength;
    /** The latest end of any entry: a query starting at or after it skips the bucket unread. */
    final long maxEnd;
    /** The start of the bucket's week (UTC), or {@code Long.MIN_VALUE} when {@link #days} is not kept. */
    final long weekStart;
    /**
     * A day index inside the object itself (no extra array to miss in cache): the position of the
     * first entry of day {@code d}, for {@code d} 1 to 4 in {@code days} and 5 to 6 in
     * {@code days2}, 16 bits each. It narrows a search to one day's entries, so that a cold lookup
     * touches one or two cache lines of {@link #e} rather than one per step of a binary search.
     */
    final long days;
    final long days2;

    Bucket(long[] e, Object[] refs, int maxLength, long maxEnd, long weekStart, long days, long days2) {
      this.e = e;
      this.refs = refs;
      this.maxLength = maxLength;
      this.maxEnd = maxEnd;
      this.weekStart = weekStart;
      this.days = days;
      this.days2 = days2;
    }

    /** A bucket over these entries (sorted, of one week), with its maxima and day index computed. */
    static Bucket of(long[] e, Object[] refs) {
      int n = refs.length;
      if (n == 0) {
        return EMPTY_BUCKET;
      }
      int max = 0;
      long maxEnd = Long.MIN_VALUE;
      for (int k = 0; k < e.length; k += 2) {
        int len = (int) (e[k + 1] >>> 32);
        max = Math.max(max, len);
        maxEnd = Math.max(maxEnd, e[k] + len);
      }
      if (n > 0xFFFF) {
        return new Bucket(e, refs, max, maxEnd, Long.MIN_VALUE, 0, 0);
      }
      long weekStart = weekOf(e[0]) * WEEK;
      long days = 0;
      long days2 = 0;
      int pos = 0;
      for (int d = 1; d <= 6; d++) {
        long dayStart = weekStart + d * DAY;
        while (pos < n && e[2 * pos] < dayStart) {
          pos++;
        }
        if (d <= 4) {
          days |= (long) pos << (16 * (d - 1));
        } else {
          days2 |= (long) pos << (16 * (d - 5));
        }
      }
      return new Bucket(e, refs, max, maxEnd, weekStart, days, days2);
    }

    int size() {
      return refs.length;
    }

    /** The position of the first entry of day {@code d} (0 to 7) of the week. */
    private int dayPosition(int d) {
      if (d == 0) {
        return 0;
      }
      if (d == 7) {
        return refs.length;
      }
      return (int) ((d <= 4 ? days >>> (16 * (d - 1)) : days2 >>> (16 * (d - 5))) & 0xFFFF);
    }

    /** First entry with {@code start > key}, searching only the entries of the key's day. */
    int upperBound(long key) {
      long[] a = e;
      int n = a.length >> 1;
      if (weekStart == Long.MIN_VALUE) {
        return upperBound(a, 0, n, key);
      }
      long d = Math.floorDiv(key - weekStart, DAY);
      if (d < 0) {
        return 0;
      }
      if (d >= 7) {
        return n;
      }
      return upperBound(a, dayPosition((int) d), dayPosition((int) d + 1), key);
    }

    /** First entry in {@code [lo, hi)} with {@code start > key}, or {@code hi}. */
    static int upperBound(long[] e, int lo, int hi, long key) {
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (e[2 * mid] <= key) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }

    /** First entry with {@code start >= key}. */
    static int lowerBound(long[] e, int n, long key) {
      int lo = 0;
      int hi = n;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (e[2 * mid] < key) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }

    /** The position of the entry holding exactly this reference at this start, or -1. */
    int find(long start, Object ref) {
      int n = refs.length;
      for (int i = lowerBound(e, n, start); i < n && e[2 * i] == start; i++) {
        if (refs[i] == ref) {
          return i;
        }
      }
      return -1;
    }

    Bucket with(long start, long end, int tag, Object ref) {
      int n = refs.length;
      int at = upperBound(e, 0, n, start);
      long[] ne = new long[2 * n + 2];
      Object[] nr = new Object[n + 1];
      System.arraycopy(e, 0, ne, 0, 2 * at);
      System.arraycopy(refs, 0, nr, 0, at);
      ne[2 * at] = start;
      ne[2 * at + 1] = meta(end - start, tag);
      nr[at] = ref;
      System.arraycopy(e, 2 * at, ne, 2 * at + 2, 2 * (n - at));
      System.arraycopy(refs, at, nr, at + 1, n - at);
      return of(ne, nr);
    }

    Bucket without(int i) {
      int n = refs.length;
      if (n == 1) {
        return EMPTY_BUCKET;
      }
      long[] ne = new long[2 * n - 2];
      Object[] nr = new Object[n - 1];
      System.arraycopy(e, 0, ne, 0, 2 * i);
      System.arraycopy(e, 2 * i + 2, ne, 2 * i, 2 * (n - i - 1));
      System.arraycopy(refs, 0, nr, 0, i);
      System.arraycopy(refs, i + 1, nr, i, n - i - 1);
      return of(ne, nr);
    }

    /** Entry {@code i} moved to a new start in this bucket: one copy, the entries between shifted by one. */
    Bucket moved(int i, long start, long end, int tag, Object ref) {
      long[] ne = e.clone();
      Object[] nr = refs.clone();
      int n = nr.length;
      int at = i;
      while (at > 0 && ne[2 * at - 2] > start) {
        ne[2 * at] = ne[2 * at - 2];
        ne[2 * at + 1] = ne[2 * at - 1];
        nr[at] = nr[at - 1];
        at--;
      }
      while (at < n - 1 && ne[2 * at + 2] <= start) {
        ne[2 * at] = ne[2 * at + 2];
        ne[2 * at + 1] = ne[2 * at + 3];
        nr[at] = nr[at + 1];
        at++;
      }
      ne[2 * at] = start;
      ne[2 * at + 1] = meta(end - start, tag);
      nr[at] = ref;
      return of(ne, nr);
    }

    private static long meta(long length, int tag) {
      return length << 32 | (tag & 0xFFFF_FFFFL);
    }
  }

  static long weekOf(long start) {
    return Math.floorDiv(start, WEEK);
  }

  /** The position of a bucket key, or {@code -(insertion point) - 1}. */
  int bucketOf(long key) {
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
      return new IntervalIndex(keys, buckets, s, e, t, r, size + 1);
    }
    long key = weekOf(start);
    int bi = bucketOf(key);
    if (bi >= 0) {
      Bucket[] nb = buckets.clone();
      nb[bi] = buckets[bi].with(start, end, tag, ref);
      return new IntervalIndex(keys, nb, longStarts, longEnds, longTags, longRefs, size + 1);
    }
    Bucket b = EMPTY_BUCKET.with(start, end, tag, ref);
    int n = keys.length;
    // join the key range without a gap when the new week is near it: keeps lookups by subtraction
    if (n > 0 && dense && key >= keys[0] - MAX_GAP && key <= keys[n - 1] + MAX_GAP) {
      long from = Math.min(key, keys[0]);
      int count = (int) (Math.max(key, keys[n - 1]) - from + 1);
      long[] nk = new long[count];
      Bucket[] nb = new Bucket[count];
      for (int k = 0; k < count; k++) {
        nk[k] = from + k;
        nb[k] = EMPTY_BUCKET;
      }
      System.arraycopy(buckets, 0, nb, (int) (keys[0] - from), n);
      nb[(int) (key - from)] = b;
      return new IntervalIndex(nk, nb, longStarts, longEnds, longTags, longRefs, size + 1);
    }
    int at = -bi - 1;
    long[] nk = new long[n + 1];
    Bucket[] nb = new Bucket[n + 1];
    System.arraycopy(keys, 0, nk, 0, at);
    System.arraycopy(buckets, 0, nb, 0, at);
    nk[at] = key;
    nb[at] = b;
    System.arraycopy(keys, at, nk, at + 1, n - at);
    System.arraycopy(buckets, at, nb, at + 1, n - at);
    return new IntervalIndex(nk, nb, longStarts, longEnds, longTags, longRefs, size + 1);
  }

  /**
   * The index with one entry replaced: when both versions are short and in the same week bucket
   * (the usual move), one bucket copy instead of two.
   */
  IntervalIndex replace(long oldStart, long oldEnd, Object oldRef, long start, long end, int tag, Object ref) {
    long key = weekOf(start);
    if (oldEnd - oldStart <= SHORT && end - start <= SHORT && weekOf(oldStart) == key) {
      int bi = bucketOf(key);
      if (bi >= 0) {
        Bucket b = buckets[bi];
        int i = b.find(oldStart, oldRef);
        if (i >= 0) {
          Bucket[] nb = buckets.clone();
          nb[bi] = b.moved(i, start, end, tag, ref);
          return new IntervalIndex(keys, nb, longStarts, longEnds, longTags, longRefs, size);
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
          return new IntervalIndex(keys, buckets, removeAt(longStarts, i), removeAt(longEnds, i),
              removeAt(longTags, i), removeAt(longRefs, i), size - 1);
        }
      }
      return this;
    }
    int bi = bucketOf(weekOf(start));
    if (bi < 0) {
      return this;
    }
    int i = buckets[bi].find(start, ref);
    if (i < 0) {
      return this;
    }
    Bucket b = buckets[bi].without(i);
    int n = keys.length;
    if (b != EMPTY_BUCKET || (bi > 0 && bi < n - 1)) {
      // an emptied bucket inside the range stays, as the shared empty one
      Bucket[] nb = buckets.clone();
      nb[bi] = b;
      return new IntervalIndex(keys, nb, longStarts, longEnds, longTags, longRefs, size - 1);
    }
    // an emptied bucket at either end goes, with the empty ones next to it
    int from = 0;
    int to = n;
    if (bi == n - 1) {
      to = bi;
      while (to > 0 && buckets[to - 1] == EMPTY_BUCKET) {
        to--;
      }
    }
    if (bi == 0) {
      from = 1;
      while (from < to && buckets[from] == EMPTY_BUCKET) {
        from++;
      }
    }
    if (from >= to) {
      return new IntervalIndex(new long[0], new Bucket[0], longStarts, longEnds, longTags, longRefs, size - 1);
    }
    return new IntervalIndex(Arrays.copyOfRange(keys, from, to), Arrays.copyOfRange(buckets, from, to),
        longStarts, longEnds, longTags, longRefs, size - 1);
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

  /** Every reference, in no particular order (for rebuilds). */
  Object[] allRefs() {
    Object[] out = new Object[size];
    int k = 0;
    for (Bucket b : buckets) {
      System.arraycopy(b.refs, 0, out, k, b.refs.length);
      k += b.refs.length;
    }
    System.arraycopy(longRefs, 0, out, k, longRefs.length);
    return out;
  }
}
