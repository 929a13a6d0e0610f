package dev.clinicsync.conflict.internal;

import java.util.Arrays;

/**
 * A growable list of half-open spans {@code [lo, hi)} of epoch seconds in two primitive arrays,
 * for one availability search: sorted and merged in place once filled.
 */
final class Spans {
  long[] lo;
  long[] hi;
  int size;

  Spans(int capacity) {
    lo = new long[Math.max(4, capacity)];
    hi = new long[lo.length];
  }

  void add(long from, long to) {
    if (from >= to) {
      return;
    }
    if (size == lo.length) {
      lo = Arrays.copyOf(lo, size * 2);
      hi = Arrays.copyOf(hi, size * 2);
    }
    lo[size] = from;
    hi[size++] = to;
  }

  /**
   * Sorts by start and merges overlapping and touching spans: afterwards the spans are disjoint,
   * ascending and separated by gaps. Insertion sort: the spans usually arrive almost in order.
   */
  void normalize() {
    for (int i = 1; i < size; i++) {
      long l = lo[i];
      long h = hi[i];
      int j = i - 1;
      while (j >= 0 && lo[j] > l) {
        lo[j + 1] = lo[j];
        hi[j + 1] = hi[j];
        j--;
      }
      lo[j + 1] = l;
      hi[j + 1] = h;
    }
    int k = 0;
    for (int i = 0; i < size; i++) {
      if (k > 0 && lo[i] <= hi[k - 1]) {
        hi[k - 1] = Math.max(hi[k - 1], hi[i]);
      } else {
        lo[k] = lo[i];
        hi[k++] = hi[i];
      }
    }
    size = k;
  }
}
