package dev.clinicsync.conflict.internal;

import java.util.Arrays;

/**
 * One week of an {@link IntervalIndex} while an update builds the next version: its array (starts,
 * lengths and tags in three runs) and its references. Every method returns a new week; the arrays
 * it was made from are never written, so readers of the previous index version are unaffected.
 */
record IndexWeek(int[] w, Object[] r) {
  static final IndexWeek EMPTY = new IndexWeek(IntervalIndex.EMPTY_WEEK, IntervalIndex.NO_REFS);

  static IndexWeek of(IntervalIndex idx, int bi) {
    return new IndexWeek(idx.weeks[bi], idx.refs[bi]);
  }

  int size() {
    return r.length;
  }

  /** The position of the entry holding exactly this reference at this start offset, or -1. */
  int find(int offset, Object ref) {
    int n = r.length;
    // offsets are non-negative: the first start greater than offset - 1 is the first one at offset
    for (int i = IntervalIndex.upperBound(w, 0, n, offset - 1); i < n && w[i] == offset; i++) {
      if (r[i] == ref) {
        return i;
      }
    }
    return -1;
  }

  IndexWeek with(int offset, int length, int tag, Object ref) {
    int n = r.length;
    int at = IntervalIndex.upperBound(w, 0, n, offset);
    int[] nw = new int[3 * n + 3];
    Object[] nr = new Object[n + 1];
    for (int run = 0; run < 3; run++) {
      System.arraycopy(w, run * n, nw, run * (n + 1), at);
      System.arraycopy(w, run * n + at, nw, run * (n + 1) + at + 1, n - at);
    }
    nw[at] = offset;
    nw[n + 1 + at] = length;
    nw[2 * (n + 1) + at] = tag;
    System.arraycopy(r, 0, nr, 0, at);
    System.arraycopy(r, at, nr, at + 1, n - at);
    nr[at] = ref;
    return new IndexWeek(nw, nr);
  }

  /**
   * This week without the removed entries (matched by start offset and reference) and with the
   * added ones, in one copy; an addition goes after entries with the same start, as {@link #with}
   * puts it.
   */
  IndexWeek merged(IntervalIndex.WeekDelta d) {
    int n = r.length;
    boolean[] drop = new boolean[n];
    int dropped = 0;
    for (int k = 0; k < d.removals.size(); k++) {
      int i = find(d.removals.get(k)[0], d.removalRefs.get(k));
      if (i >= 0 && !drop[i]) {
        drop[i] = true;
        dropped++;
      }
    }
    int k = d.additions.size();
    Integer[] order = new Integer[k];
    for (int j = 0; j < k; j++) {
      order[j] = j;
    }
    Arrays.sort(order, (x, y) -> Integer.compare(d.additions.get(x)[0], d.additions.get(y)[0])); // stable
    int m = n - dropped + k;
    if (m == 0) {
      return EMPTY;
    }
    int[] nw = new int[3 * m];
    Object[] nr = new Object[m];
    int i = 0;
    int j = 0;
    for (int o = 0; o < m; o++) {
      while (i < n && drop[i]) {
        i++;
      }
      if (i < n && (j >= k || w[i] <= d.additions.get(order[j])[0])) {
        nw[o] = w[i];
        nw[m + o] = w[n + i];
        nw[2 * m + o] = w[2 * n + i];
        nr[o] = r[i++];
      } else {
        int[] a = d.additions.get(order[j]);
        nw[o] = a[0];
        nw[m + o] = a[1];
        nw[2 * m + o] = a[2];
        nr[o] = d.additionRefs.get(order[j++]);
      }
    }
    return new IndexWeek(nw, nr);
  }

  IndexWeek without(int i) {
    int n = r.length;
    if (n == 1) {
      return EMPTY;
    }
    int[] nw = new int[3 * n - 3];
    Object[] nr = new Object[n - 1];
    for (int run = 0; run < 3; run++) {
      System.arraycopy(w, run * n, nw, run * (n - 1), i);
      System.arraycopy(w, run * n + i + 1, nw, run * (n - 1) + i, n - i - 1);
    }
    System.arraycopy(r, 0, nr, 0, i);
    System.arraycopy(r, i + 1, nr, i, n - i - 1);
    return new IndexWeek(nw, nr);
  }

  /** Entry {@code i} moved to a new start in this week: one copy, the entries between shifted by one. */
  IndexWeek moved(int i, int offset, int length, int tag, Object ref) {
    int[] nw = w.clone();
    Object[] nr = r.clone();
    int n = nr.length;
    int at = i;
    while (at > 0 && nw[at - 1] > offset) {
      shift(nw, nr, n, at - 1, at);
      at--;
    }
    while (at < n - 1 && nw[at + 1] <= offset) {
      shift(nw, nr, n, at + 1, at);
      at++;
    }
    nw[at] = offset;
    nw[n + at] = length;
    nw[2 * n + at] = tag;
    nr[at] = ref;
    return new IndexWeek(nw, nr);
  }

  private static void shift(int[] w, Object[] r, int n, int from, int to) {
    w[to] = w[from];
    w[n + to] = w[n + from];
    w[2 * n + to] = w[2 * n + from];
    r[to] = r[from];
  }

  /** Puts this week at position {@code bi} of directory arrays, with its meta computed. */
  void store(int bi, int[][] weeks, Object[][] refs, long[] meta) {
    weeks[bi] = w;
    refs[bi] = r;
    meta[2 * bi] = meta0();
    meta[2 * bi + 1] = meta1();
  }

  /**
   * The week's first {@link IntervalIndex#meta} long: the position of the first entry of days 1 to
   * 4 (16 bits each), or {@link IntervalIndex#NO_DAY_INDEX} when the week is too large for them.
   */
  long meta0() {
    int n = r.length;
    if (n > 0xFFFF) {
      return IntervalIndex.NO_DAY_INDEX;
    }
    long days = 0;
    for (int d = 1; d <= 4; d++) {
      days |= (long) dayPosition(n, d) << (16 * (d - 1));
    }
    return days;
  }

  /** The week's second {@link IntervalIndex#meta} long: the longest length, then days 5 and 6. */
  long meta1() {
    int n = r.length;
    int max = 0;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, w[n + i]);
    }
    long days = 0;
    if (n <= 0xFFFF) {
      days = (long) dayPosition(n, 5) | (long) dayPosition(n, 6) << 16;
    }
    return (long) max << 32 | days;
  }

  /** The position of the first entry starting on or after day {@code d} of the week. */
  private int dayPosition(int n, int d) {
    return IntervalIndex.upperBound(w, 0, n, (int) (d * IntervalIndex.DAY) - 1);
  }
}
