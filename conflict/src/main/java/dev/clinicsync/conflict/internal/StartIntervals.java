package dev.clinicsync.conflict.internal;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The start intervals {@link SlotSearch}'s word path collects, and the grid starts they hold:
 * intervals of allowed starts in ascending order — a usable run's slots, less the starts forbidden
 * by the entries meeting its partial units — then counted and written on the grid.
 */
final class StartIntervals {
  /** No run open. */
  static final long NO_RUN = Long.MIN_VALUE;

  final SlotSearch search;
  final ClinicianState st;
  /** The zone table the grid follows (UTC for a clinician without hours). */
  final ZoneTable table;
  final long sLo;
  final long sHi;
  final long d;
  final long step;
  final boolean constant;
  final int offset;
  final int limit;
  /**
   * Pairs {@code [lo, hi]} of allowed starts, ascending and disjoint; with a {@link #constant}
   * grid, {@code lo} is the interval's first grid start.
   */
  long[] iv = new long[16];
  int n;
  /** Grid starts in {@link #iv} so far (counted only with a {@link #constant} grid). */
  long count;
  /** The first unit of the usable run still open, or {@link #NO_RUN}. */
  long usableFrom = NO_RUN;
  /** The last partial unit read so far (in the words before the current one), or {@link #NO_RUN}. */
  long lastPartial = NO_RUN;
  /** Reused for the forbidden starts of one run's entries. */
  @Nullable Spans forbidden;

  StartIntervals(SlotSearch search, ClinicianState st, ZoneTable table, long sLo, long sHi, long d, long step,
      boolean constant, int offset, int limit) {
    this.search = search;
    this.st = st;
    this.table = table;
    this.sLo = sLo;
    this.sHi = sHi;
    this.d = d;
    this.step = step;
    this.constant = constant;
    this.offset = offset;
    this.limit = limit;
  }

  /** Whether the intervals so far hold {@link #limit} grid starts (then later runs cannot matter). */
  boolean enough() {
    return constant && count >= limit;
  }

  /** Records a word's partial units (a word read without a run closing in it). */
  void notePartial(long partial, long wordStart) {
    if (partial != 0) {
      lastPartial = wordStart + 63 - Long.numberOfLeadingZeros(partial);
    }
  }

  /** Runs of usable units within bit positions {@code [lo, hi)} of one word, whose partial units are {@code partial}. */
  void usableRuns(long bits, long partial, long wordStart, int lo, int hi) {
    long from = usableFrom;
    int p = lo;
    while (p < hi) {
      long x = (from == NO_RUN ? bits : ~bits) & (-1L << p);
      int q = x == 0 ? 64 : Long.numberOfTrailingZeros(x);
      if (q >= hi) {
        break;
      }
      if (from == NO_RUN) {
        from = wordStart + q;
      } else {
        // the run's last partial unit lies in this word below q, or in an earlier word
        long below = partial & ((1L << q) - 1);
        long last = below != 0 ? wordStart + 63 - Long.numberOfLeadingZeros(below) : lastPartial;
        closeUsable(from, wordStart + q, last >= from);
        from = NO_RUN;
      }
      p = q;
    }
    usableFrom = from;
    notePartial(partial, wordStart);
  }

  /**
   * A usable run {@code [a, b)} (units) closed: its slots' starts, less those the entries meeting
   * it forbid when it holds partial units. A run too short for a slot needs no lookup at all.
   */
  private void closeUsable(long a, long b, boolean hasPartial) {
    long lo = Math.max(sLo, a * Occupancy.UNIT);
    long hi = Math.min(sHi, b * Occupancy.UNIT - d);
    if (lo > hi) {
      return;
    }
    if (!hasPartial) {
      interval(lo, hi);
      return;
    }
    // one walk of the index over the run: exactly the entries that can block a slot inside it
    Spans f = forbidden;
    if (f == null) {
      f = new Spans(8);
      forbidden = f;
    }
    f.size = 0;
    search.entrySpans(st, a * Occupancy.UNIT, b * Occupancy.UNIT, d, f);
    f.normalize();
    for (int i = 0; i < f.size && lo <= hi; i++) {
      if (f.hi[i] <= lo) {
        continue;
      }
      if (f.lo[i] > hi) {
        break;
      }
      interval(lo, f.lo[i] - 1);
      lo = f.hi[i];
    }
    interval(lo, hi);
  }

  private void interval(long lo, long hi) {
    if (lo > hi) {
      return;
    }
    if (constant) {
      // kept as its first grid start, so that writing the starts needs no division
      lo = SlotSearch.nextConstant(offset, lo, step);
      if (lo > hi) {
        return;
      }
      count += (hi - lo) / step + 1;
    }
    if (n == iv.length) {
      iv = Arrays.copyOf(iv, n * 2);
    }
    iv[n++] = lo;
    iv[n++] = hi;
  }

  /** Closes the runs still open at {@code ub} and writes the grid starts. */
  long[] finish(long ub) {
    if (usableFrom != NO_RUN && !enough()) { // after enough starts the open run's end was never read
      closeUsable(usableFrom, ub, lastPartial >= usableFrom);
      usableFrom = NO_RUN;
    }
    if (constant) {
      int size = (int) Math.min(count, limit);
      if (size == 0) {
        return SlotSearch.NONE;
      }
      long[] out = new long[size];
      int k = 0;
      for (int i = 0; i < n && k < size; i += 2) {
        for (long s = iv[i], hi = iv[i + 1]; s <= hi && k < size; s += step) {
          out[k++] = s;
        }
      }
      return out;
    }
    long[] out = new long[16];
    int k = 0;
    for (int i = 0; i < n && k < limit; i += 2) {
      for (long s = SlotSearch.next(table, iv[i], step), hi = iv[i + 1]; s <= hi && k < limit;
          s = SlotSearch.next(table, s + 1, step)) {
        if (k == out.length) {
          out = Arrays.copyOf(out, Math.min(limit, k * 2));
        }
        out[k++] = s;
      }
    }
    return k == 0 ? SlotSearch.NONE : k == out.length ? out : Arrays.copyOf(out, k);
  }
}
