package dev.clinicsync.conflict.internal;

import dev.clinicsync.conflict.SlotGrid;
import dev.clinicsync.core.model.Appointment;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Keeps an {@link Occupancy} equal to what its clinician's {@link IntervalIndex} implies, under
 * the engine's buffer: after every write of the index, the units that the written entries' blocking
 * intervals meet are recomputed from the new index (cleared, then every entry meeting them is
 * marked again). Recomputing rather than adding and subtracting keeps the bits a function of the
 * index: a removal restores a unit that another entry still covers, zero-gap neighbours keep a
 * shared unit full, and the same code serves single writes, batches and re-indexed busy blocks.
 *
 * <p>Per entry: an appointment blocks {@code [start - B, end + B)}, a busy block
 * {@code [start, end)}. The touched bits take the primitives (floored start, ceiled end) widened by
 * the buffer rounded up, which contains the true interval; the full bits take only entries whose
 * primitives are exact, with the buffer rounded down, which the true interval contains; an
 * appointment bearing the probe's reserved id (which never blocks a probe) only touches.
 *
 * <p>The directory of weeks grows to at most {@link #MAX_WEEKS}; a week joining it is computed
 * whole from the index, so no earlier entry is missed. Writes outside that range leave the bits
 * alone, and questions there go to the index.
 */
final class OccupancyWriter {
  private static final long NANOS = 1_000_000_000L;
  /** The most weeks a directory covers (about two years): its copy on each write stays small. */
  static final int MAX_WEEKS = 106;
  private static final long WEEK_SECONDS = Occupancy.WEEK_UNITS * Occupancy.UNIT;

  /** Whole seconds of buffer, rounded down: what exact entries certainly block beyond their ends. */
  private final long bufferFloor;
  /** Whole seconds of buffer, rounded up: how far an entry can reach. */
  private final long bufferCeil;
  private final int probeTag;

  OccupancyWriter(Relation relation) {
    long b = relation.bufferNanos();
    this.bufferFloor = b / NANOS;
    this.bufferCeil = (b + NANOS - 1) / NANOS;
    this.probeTag = IdTable.hash(SlotGrid.PROBE_ID) & ~(Entries.EXACT | Entries.BUSY);
  }

  /**
   * The bits after a write of {@code next}: {@code spans} are pairs of indexed start and end
   * (epoch seconds, as the index holds them) of every entry removed or added.
   */
  Occupancy refresh(Occupancy bits, IntervalIndex next, long... spans) {
    if (spans.length == 0) {
      return bits;
    }
    Editor e = new Editor(bits, next);
    try {
      return refresh(e, spans);
    } finally {
      e.finish();
    }
  }

  /** The bits after a write of {@code next} that added or removed one entry indexed at {@code [start, end)}. */
  Occupancy refresh(Occupancy bits, IntervalIndex next, long start, long end) {
    Editor e = new Editor(bits, next);
    try {
      e.refresh(firstUnit(start), endUnit(end));
      return e.result();
    } finally {
      e.finish();
    }
  }

  /**
   * The bits after a write of {@code next} that replaced the entry at {@code [s0, e0)} by one at
   * {@code [s1, e1)} (or removed or added two entries). When the two unit ranges share a unit (a
   * move by a few minutes, the usual edit), their union is recomputed once: the bits of a unit
   * depend only on the index, so one pass over the union equals two passes over its parts, and
   * the directory grows for each range in turn as two single writes would grow it.
   */
  Occupancy refresh(Occupancy bits, IntervalIndex next, long s0, long e0, long s1, long e1) {
    Editor e = new Editor(bits, next);
    try {
      long ua0 = firstUnit(s0);
      long ub0 = endUnit(e0);
      long ua1 = firstUnit(s1);
      long ub1 = endUnit(e1);
      if (Math.max(ua0, ua1) < Math.min(ub0, ub1)) { // they share a unit (so neither is empty)
        e.refreshJoined(ua0, ub0, ua1, ub1);
      } else {
        e.refresh(ua0, ub0);
        e.refresh(ua1, ub1);
      }
      return e.result();
    } finally {
      e.finish();
    }
  }

  /** The first unit an entry starting at {@code start} can touch (its buffer included). */
  private long firstUnit(long start) {
    return Occupancy.unitOf(start - bufferCeil);
  }

  /** One past the last unit an entry ending at {@code end} can touch (its buffer included). */
  private long endUnit(long end) {
    return Occupancy.unitOf(end + bufferCeil - 1) + 1;
  }

  private Occupancy refresh(Editor e, long[] spans) {
    int n = spans.length / 2;
    if (n <= 2) {
      for (int i = 0; i < n; i++) {
        e.refresh(firstUnit(spans[2 * i]), endUnit(spans[2 * i + 1]));
      }
      return e.result();
    }
    // a batch: the union of its unit ranges, each part recomputed once (many changes in one
    // week, or thousands of overlapping long entries, would otherwise recompute the same units again and again)
    long[] lo = new long[n];
    long[] hi = new long[n];
    for (int i = 0; i < n; i++) {
      lo[i] = firstUnit(spans[2 * i]);
      hi[i] = endUnit(spans[2 * i + 1]);
    }
    union(lo, hi, n, e::refresh);
    return e.result();
  }

  /**
   * One write's changes, made in place: the bits of {@code before} are changed under its sequence
   * lock ({@link Occupancy#beginWrite}) without copying a chunk or the directory; only a week
   * joining the directory builds a new directory (sharing the chunks, so the old object is
   * {@linkplain Occupancy#retire retired}), and a week's first bits allocate its chunk.
   */
  private final class Editor {
    private final Occupancy before;
    private final IntervalIndex idx;
    private long firstWeek;
    private long[][] chunks;
    /** Set once the directory was replaced: the result is a new, unpublished object. */
    private boolean grown;
    /** Set once an in-place write of {@code before} began. */
    private boolean writing;
    /** The exact spans of the recompute under way; made by the first one. */
    private @Nullable Spans full;

    Editor(Occupancy before, IntervalIndex idx) {
      this.before = before;
      this.idx = idx;
      this.firstWeek = before.firstWeek;
      this.chunks = before.chunks;
    }

    /** Recomputes the units {@code [ua, ub)}, growing the directory to cover them when it may. */
    void refresh(long ua, long ub) {
      if (ub <= ua) {
        return;
      }
      growTo(ua, ub);
      recomputeCovered(ua, ub);
    }

    /**
     * Recomputes two unit ranges that share a unit: the directory grows for each as
     * {@link #refresh} would, then their union is recomputed in one pass.
     */
    void refreshJoined(long ua0, long ub0, long ua1, long ub1) {
      growTo(ua0, ub0);
      growTo(ua1, ub1);
      recomputeCovered(Math.min(ua0, ua1), Math.max(ub0, ub1));
    }

    /** Grows the directory, when it may, to cover the weeks of the units {@code [ua, ub)}. */
    private void growTo(long ua, long ub) {
      grow(Math.floorDiv(ua, Occupancy.WEEK_UNITS), Math.floorDiv(ub - 1, Occupancy.WEEK_UNITS));
    }

    /** Recomputes the covered units of {@code [ua, ub)}. */
    private void recomputeCovered(long ua, long ub) {
      long lo = Math.max(ua, firstWeek * Occupancy.WEEK_UNITS);
      long hi = Math.min(ub, (firstWeek + chunks.length) * Occupancy.WEEK_UNITS);
      if (lo < hi) {
        recompute(lo, hi);
      }
    }

    private void grow(long w0, long w1) {
      int n = chunks.length;
      long from = n == 0 ? w0 : Math.min(w0, firstWeek);
      long to = n == 0 ? w1 : Math.max(w1, firstWeek + n - 1);
      if (to - from + 1 > MAX_WEEKS) {
        if (n > 0) {
          return; // keep the weeks covered so far; the rest is answered by the index
        }
        from = w0; // a first write wider than the cap: cover its start
        to = w0 + MAX_WEEKS - 1;
      }
      if (n > 0 && from == firstWeek && to == firstWeek + n - 1) {
        return;
      }
      int count = (int) (to - from + 1);
      int shift = (int) (n == 0 ? 0 : firstWeek - from);
      long[][] nc = new long[count][];
      Arrays.fill(nc, Occupancy.ZERO);
      System.arraycopy(chunks, 0, nc, shift, n);
      if (!grown && n > 0) {
        before.retire(); // the new directory shares these chunks and changes them in place
        writing = false; // an in-place write already begun stays unfinished: the old bits stay untrusted
      }
      long oldFirst = firstWeek;
      firstWeek = from;
      chunks = nc;
      grown = true;
      // weeks joining the directory may hold entries written while they were not covered
      for (int k = 0; k < count; k++) {
        long week = from + k;
        if (n == 0 || week < oldFirst || week >= oldFirst + n) {
          recompute(week * Occupancy.WEEK_UNITS, (week + 1) * Occupancy.WEEK_UNITS);
        }
      }
    }

    private long[] chunkForWrite(int k) {
      if (!grown && !writing) {
        before.beginWrite();
        writing = true;
      }
      if (chunks[k] == Occupancy.ZERO) {
        chunks[k] = new long[Occupancy.CHUNK_LONGS];
      }
      return chunks[k];
    }

    /** Clears the covered units {@code [lo, hi)} and marks them again from every entry meeting them. */
    private void recompute(long lo, long hi) {
      setRange(lo, hi, 0, false);
      setRange(lo, hi, 1, false);
      long qs = lo * Occupancy.UNIT - bufferCeil;
      long qe = hi * Occupancy.UNIT + bufferCeil;
      Spans full = fullSpans();
      for (int bi = idx.ceilingBucket(Math.floorDiv(qs - IntervalIndex.SHORT, IntervalIndex.WEEK)),
          last = idx.ceilingBucket(Math.floorDiv(qe - 1, IntervalIndex.WEEK) + 1); bi < last; bi++) {
        long weekStart = idx.weekStart(bi);
        long from = qs - IntervalIndex.maxLength(idx.meta, bi) - weekStart;
        if (from >= IntervalIndex.WEEK) {
          continue;
        }
        int[] w = idx.weeks[bi];
        int n = IntervalIndex.count(w);
        Object[] r = idx.refs[bi];
        for (int i = IntervalIndex.upperBound(w, n, idx.meta, bi, from); i < n; i++) {
          long start = weekStart + w[i];
          if (start >= qe) {
            break;
          }
          long end = start + w[n + i];
          if (end > qs) {
            mark(start, end, w[2 * n + i], r[i], lo, hi, full);
          }
        }
      }
      for (int i = 0; i < idx.longStarts.length; i++) {
        if (idx.longStarts[i] < qe && idx.longEnds[i] > qs) {
          mark(idx.longStarts[i], idx.longEnds[i], idx.longTags[i], idx.longRefs[i], lo, hi, full);
        }
      }
      // units lying whole inside the union of the exact spans (merged in place: they arrive
      // almost sorted, so the insertion sort of normalize() is one pass)
      full.normalize();
      for (int i = 0; i < full.size; i++) {
        setRange(Math.max(lo, Math.floorDiv(full.lo[i] + Occupancy.UNIT - 1, Occupancy.UNIT)),
            Math.min(hi, Math.floorDiv(full.hi[i], Occupancy.UNIT)), 1, true);
      }
    }

    /** The editor's list of exact spans, emptied: one per write, reused by each recompute. */
    private Spans fullSpans() {
      Spans s = full;
      if (s == null) {
        s = new Spans(8);
        full = s;
      }
      s.size = 0;
      return s;
    }

    private void mark(long start, long end, int tag, Object ref, long lo, long hi, Spans full) {
      boolean busy = (tag & Entries.BUSY) != 0;
      long reach = busy ? 0 : bufferCeil;
      long a = Math.max(lo, Occupancy.unitOf(start - reach));
      long b = Math.min(hi, Occupancy.unitOf(end + reach - 1) + 1);
      setRange(a, b, 0, true);
      if ((tag & Entries.EXACT) == 0) {
        return;
      }
      if (busy) {
        full.add(start, end);
      } else if (!isProbe(tag, ref)) {
        full.add(start - bufferFloor, end + bufferFloor);
      }
    }

    private boolean isProbe(int tag, Object ref) {
      return ((tag ^ probeTag) & ~Entries.EXACT) == 0 && ((Appointment) ref).id().equals(SlotGrid.PROBE_ID);
    }

    /** Sets or clears one plane (0 touched, 1 full) over the covered units {@code [a, b)}. */
    private void setRange(long a, long b, int plane, boolean value) {
      long u = a;
      while (u < b) {
        long week = Math.floorDiv(u, Occupancy.WEEK_UNITS);
        int k = (int) (week - firstWeek);
        int bit = (int) (u - week * Occupancy.WEEK_UNITS);
        long limit = Math.min(b, Math.min(u - (bit & 63) + 64, (week + 1) * Occupancy.WEEK_UNITS));
        long mask = Occupancy.mask(bit & 63, (int) (limit - u));
        int at = 2 * (bit >>> 6) + plane;
        long[] chunk = chunks[k];
        long word = chunk[at];
        long nextWord = value ? word | mask : word & ~mask;
        if (nextWord != word) {
          chunkForWrite(k)[at] = nextWord;
        }
        u = limit;
      }
    }

    /** The bits after the write; ends an in-place write. */
    Occupancy result() {
      if (grown) {
        return new Occupancy(firstWeek, chunks);
      }
      finish();
      return before;
    }

    /** Ends an in-place write if one began (also when the write failed half way: readers then ask the index). */
    void finish() {
      if (writing) {
        writing = false;
        before.endWrite();
      }
    }
  }

  /** Receives the maximal spans of a union. */
  interface SpanSink {
    void accept(long from, long to);
  }

  /**
   * The union of the spans {@code [lo[i], hi[i])} for {@code i < n}, as maximal disjoint spans in
   * ascending order (touching spans joined). Sorts the starts and the ends separately, in place
   * ({@code O(n log n)}): the union is where more spans have started than ended.
   */
  static void union(long[] lo, long[] hi, int n, SpanSink out) {
    Arrays.sort(lo, 0, n);
    Arrays.sort(hi, 0, n);
    int open = 0;
    long from = 0;
    int i = 0;
    int j = 0;
    while (i < n) {
      if (lo[i] <= hi[j]) {
        if (open++ == 0) {
          from = lo[i];
        }
        i++;
      } else {
        if (--open == 0) {
          out.accept(from, hi[j]);
        }
        j++;
      }
    }
    if (open > 0) {
      out.accept(from, hi[n - 1]);
    }
  }
}
