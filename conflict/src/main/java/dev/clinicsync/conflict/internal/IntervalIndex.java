package dev.clinicsync.conflict.internal;

import java.util.Arrays;

/**
 * An immutable set of intervals {@code [start, end)} in epoch seconds, each with a reference
 * (an appointment or a busy block). Updates return a new index sharing every untouched part.
 *
 * <p>Intervals of at most {@link #SHORT} seconds live in week buckets keyed by
 * {@code floorDiv(start, WEEK)}: per bucket, {@code long} starts, {@code int} lengths and the
 * references, sorted by start, in exact-size arrays (16 bytes an entry with compressed oops).
 * Longer intervals, rare, live in one unsorted side list that every query scans.
 */
final class IntervalIndex {
  static final long WEEK = 7L * 86_400L;
  static final long SHORT = 86_400L;
  static final IntervalIndex EMPTY = new IntervalIndex(new long[0], new Bucket[0], new long[0], new long[0], new Object[0], 0);

  /** Bucket keys, ascending. */
  final long[] keys;
  final Bucket[] buckets;
  final long[] longStarts;
  final long[] longEnds;
  final Object[] longRefs;
  final int size;

  private IntervalIndex(long[] keys, Bucket[] buckets, long[] longStarts, long[] longEnds, Object[] longRefs, int size) {
    this.keys = keys;
    this.buckets = buckets;
    this.longStarts = longStarts;
    this.longEnds = longEnds;
    this.longRefs = longRefs;
    this.size = size;
  }

  /** One week of short intervals, sorted by start. */
  static final class Bucket {
    final long[] starts;
    final int[] lengths;
    /** Per entry, a tag chosen by the owner (the engine: id hash and an exactness bit). */
    final int[] tags;
    final Object[] refs;
    final int maxLength;

    Bucket(long[] starts, int[] lengths, int[] tags, Object[] refs) {
      this.starts = starts;
      this.lengths = lengths;
      this.tags = tags;
      this.refs = refs;
      int max = 0;
      for (int len : lengths) {
        max = Math.max(max, len);
      }
      this.maxLength = max;
    }
  }

  IntervalIndex plus(long start, long end, Object ref) {
    return plus(start, end, 0, ref);
  }

  IntervalIndex plus(long start, long end, int tag, Object ref) {
    if (end - start > SHORT) {
      int n = longStarts.length;
      long[] s = Arrays.copyOf(longStarts, n + 1);
      long[] e = Arrays.copyOf(longEnds, n + 1);
      Object[] r = Arrays.copyOf(longRefs, n + 1);
      s[n] = start;
      e[n] = end;
      r[n] = ref;
      return new IntervalIndex(keys, buckets, s, e, r, size + 1);
    }
    long key = Math.floorDiv(start, WEEK);
    int bi = Arrays.binarySearch(keys, key);
    long[] newKeys = keys;
    Bucket[] newBuckets;
    Bucket b;
    if (bi >= 0) {
      b = buckets[bi];
      newBuckets = buckets.clone();
    } else {
      bi = -bi - 1;
      newKeys = new long[keys.length + 1];
      System.arraycopy(keys, 0, newKeys, 0, bi);
      newKeys[bi] = key;
      System.arraycopy(keys, bi, newKeys, bi + 1, keys.length - bi);
      newBuckets = new Bucket[buckets.length + 1];
      System.arraycopy(buckets, 0, newBuckets, 0, bi);
      System.arraycopy(buckets, bi, newBuckets, bi + 1, buckets.length - bi);
      b = new Bucket(new long[0], new int[0], new int[0], new Object[0]);
    }
    int n = b.starts.length;
    int at = upperBound(b.starts, n, start);
    long[] s = new long[n + 1];
    int[] l = new int[n + 1];
    int[] t = new int[n + 1];
    Object[] r = new Object[n + 1];
    System.arraycopy(b.starts, 0, s, 0, at);
    System.arraycopy(b.lengths, 0, l, 0, at);
    System.arraycopy(b.tags, 0, t, 0, at);
    System.arraycopy(b.refs, 0, r, 0, at);
    s[at] = start;
    l[at] = (int) (end - start);
    t[at] = tag;
    r[at] = ref;
    System.arraycopy(b.starts, at, s, at + 1, n - at);
    System.arraycopy(b.lengths, at, l, at + 1, n - at);
    System.arraycopy(b.tags, at, t, at + 1, n - at);
    System.arraycopy(b.refs, at, r, at + 1, n - at);
    newBuckets[bi] = new Bucket(s, l, t, r);
    return new IntervalIndex(newKeys, newBuckets, longStarts, longEnds, longRefs, size + 1);
  }

  /**
   * The index with one entry replaced: when both versions are short and in the same week bucket
   * (the usual move), one bucket copy instead of two.
   */
  IntervalIndex replace(long oldStart, long oldEnd, Object oldRef, long start, long end, int tag, Object ref) {
    long key = Math.floorDiv(start, WEEK);
    if (oldEnd - oldStart > SHORT || end - start > SHORT || Math.floorDiv(oldStart, WEEK) != key) {
      return minus(oldStart, oldEnd, oldRef).plus(start, end, tag, ref);
    }
    int bi = Arrays.binarySearch(keys, key);
    if (bi < 0) {
      return minus(oldStart, oldEnd, oldRef).plus(start, end, tag, ref);
    }
    Bucket b = buckets[bi];
    int n = b.starts.length;
    int i = lowerBound(b.starts, n, oldStart);
    while (i < n && b.starts[i] == oldStart && b.refs[i] != oldRef) {
      i++;
    }
    if (i == n || b.starts[i] != oldStart) {
      return plus(start, end, tag, ref);
    }
    long[] s = b.starts.clone();
    int[] l = b.lengths.clone();
    int[] t = b.tags.clone();
    Object[] r = b.refs.clone();
    // slide the entries between the old and the new position by one, then write the new entry
    int at = i;
    while (at > 0 && s[at - 1] > start) {
      s[at] = s[at - 1];
      l[at] = l[at - 1];
      t[at] = t[at - 1];
      r[at] = r[at - 1];
      at--;
    }
    while (at < n - 1 && s[at + 1] <= start) {
      s[at] = s[at + 1];
      l[at] = l[at + 1];
      t[at] = t[at + 1];
      r[at] = r[at + 1];
      at++;
    }
    s[at] = start;
    l[at] = (int) (end - start);
    t[at] = tag;
    r[at] = ref;
    Bucket[] newBuckets = buckets.clone();
    newBuckets[bi] = new Bucket(s, l, t, r);
    return new IntervalIndex(keys, newBuckets, longStarts, longEnds, longRefs, size);
  }

  /** The index without the entry holding exactly this reference at this start; {@code this} when absent. */
  IntervalIndex minus(long start, long end, Object ref) {
    if (end - start > SHORT) {
      for (int i = 0; i < longRefs.length; i++) {
        if (longRefs[i] == ref) {
          int n = longRefs.length;
          long[] s = new long[n - 1];
          long[] e = new long[n - 1];
          Object[] r = new Object[n - 1];
          removeAt(longStarts, s, i);
          removeAt(longEnds, e, i);
          removeAt(longRefs, r, i);
          return new IntervalIndex(keys, buckets, s, e, r, size - 1);
        }
      }
      return this;
    }
    int bi = Arrays.binarySearch(keys, Math.floorDiv(start, WEEK));
    if (bi < 0) {
      return this;
    }
    Bucket b = buckets[bi];
    int n = b.starts.length;
    int i = lowerBound(b.starts, n, start);
    while (i < n && b.starts[i] == start && b.refs[i] != ref) {
      i++;
    }
    if (i == n || b.starts[i] != start) {
      return this;
    }
    if (n == 1) {
      long[] newKeys = new long[keys.length - 1];
      Bucket[] newBuckets = new Bucket[buckets.length - 1];
      removeAt(keys, newKeys, bi);
      removeAt(buckets, newBuckets, bi);
      return new IntervalIndex(newKeys, newBuckets, longStarts, longEnds, longRefs, size - 1);
    }
    long[] s = new long[n - 1];
    int[] l = new int[n - 1];
    int[] t = new int[n - 1];
    Object[] r = new Object[n - 1];
    removeAt(b.starts, s, i);
    removeAt(b.lengths, l, i);
    removeAt(b.tags, t, i);
    removeAt(b.refs, r, i);
    Bucket[] newBuckets = buckets.clone();
    newBuckets[bi] = new Bucket(s, l, t, r);
    return new IntervalIndex(keys, newBuckets, longStarts, longEnds, longRefs, size - 1);
  }

  private static void removeAt(long[] src, long[] dst, int i) {
    System.arraycopy(src, 0, dst, 0, i);
    System.arraycopy(src, i + 1, dst, i, src.length - i - 1);
  }

  private static void removeAt(int[] src, int[] dst, int i) {
    System.arraycopy(src, 0, dst, 0, i);
    System.arraycopy(src, i + 1, dst, i, src.length - i - 1);
  }

  private static void removeAt(Object[] src, Object[] dst, int i) {
    System.arraycopy(src, 0, dst, 0, i);
    System.arraycopy(src, i + 1, dst, i, src.length - i - 1);
  }

  /** First index with {@code a[i] >= key}. */
  static int lowerBound(long[] a, int n, long key) {
    int lo = 0;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** First index with {@code a[i] > key}. */
  static int upperBound(long[] a, int n, long key) {
    int lo = 0;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] <= key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The first bucket whose intervals may end after {@code from} (a starting point for queries). */
  int firstBucketFrom(long from) {
    long key = Math.floorDiv(from - SHORT, WEEK);
    int lo = 0;
    int hi = keys.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (keys[mid] < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
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
