package dev.clinicsync.conflict.internal;

import dev.clinicsync.conflict.SlotGrid;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Availability search on one clinician's state: the free grid starts of a span, and the yes/no
 * answer for one window without a report.
 *
 * <p>{@link #freeStarts} reads the occupancy bitmap and the week's working-hours mask 64 units at a
 * time where they can answer ({@link #wordStarts}); otherwise, and for the partly covered units the
 * bits cannot judge, it turns everything that can make a slot of length {@code d} conflict into
 * spans of <em>forbidden starts</em> (whole epoch seconds): an appointment {@code [as, ae)} with
 * buffer {@code B} forbids the starts {@code s} with {@code as < s + d + B} and {@code ae > s - B},
 * which for whole-second starts is {@code [floor(as) - d - B + 1, ceil(ae) + B)} — exact from the
 * index's floored and ceiled primitives when the buffer is whole seconds; a busy block the same
 * with {@code B = 0}; a time-off span {@code [x, y)} forbids {@code [x - d + 1, y)}. Working hours
 * become the <em>allowed</em> starts: for each maximal span {@code [a, b)} of working instants,
 * {@code [a, b - d]}. The grid is then walked once against both sorted lists, jumping over
 * forbidden spans. Every rule mirrors {@code check} exactly ({@link CompiledAvailability#workingSpans},
 * {@link CompiledAvailability#timeOffSpans}), which the property tests hold it to.
 */
final class SlotSearch {
  private static final long DAY = 86_400L;
  private static final long NANOS = 1_000_000_000L;
  private static final ZoneTable UTC = ZoneTable.of(ZoneOffset.UTC);
  static final long[] NONE = new long[0];

  private final Relation relation;
  private final long bufferSeconds;
  private final boolean bufferWhole;
  private final long bufferNanosPart;
  private final int probeTag;

  SlotSearch(Relation relation) {
    this.relation = relation;
    long b = relation.bufferNanos();
    this.bufferSeconds = b / NANOS;
    this.bufferNanosPart = b % NANOS;
    this.bufferWhole = bufferNanosPart == 0;
    this.probeTag = IdTable.hash(SlotGrid.PROBE_ID) & ~(Entries.EXACT | Entries.BUSY);
  }

  /**
   * The free grid starts in {@code [sLo, sHi]} for slots of {@code d} seconds, ascending; at most
   * {@code limit} of them (the first ones).
   */
  long[] freeStarts(ClinicianState st, long sLo, long sHi, long d, long step, int limit) {
    return freeStarts(st, sLo, sHi, d, step, limit, covers(st, sLo, sHi, d));
  }

  /** Whether the state's occupancy bits cover every unit a search of {@code [sLo, sHi]} for slots of {@code d} meets. */
  boolean covers(ClinicianState st, long sLo, long sHi, long d) {
    return sHi >= sLo && Occupancy.covers(st.occFirstWeek, st.occChunks, Occupancy.unitOf(sLo),
        Occupancy.unitOf(sHi + d - 1) + 1);
  }

  /** {@link #freeStarts}, told whether the bits cover the span ({@link #covers}, asked beforehand). */
  long[] freeStarts(ClinicianState st, long sLo, long sHi, long d, long step, int limit, boolean covered) {
    if (sHi < sLo || limit <= 0) {
      return NONE;
    }
    long spanEnd = sHi + d;
    long ua = Occupancy.unitOf(sLo);
    long ub = Occupancy.unitOf(spanEnd - 1) + 1;
    Occupancy occ = st.occupancy;
    long version = st.occVersion;
    if (covered && occ.stable(version)) {
      long[] found = wordStarts(st, sLo, sHi, d, step, limit, ua, ub);
      if (found != UNITS_SPLIT_HOURS && occ.validate(version)) {
        return found;
      }
      // working hours end inside a unit, or the bits changed in place meanwhile (for a newer index)
    }
    return spanStarts(st, sLo, sHi, d, step, limit);
  }

  /**
   * {@link #freeStarts} from spans: forbidden starts from this state's exact index, allowed starts
   * from the exact working spans, walked against the grid. Exact for any working hours and without
   * the bits; {@link #wordStarts} answers the usual case, this one what the bits cannot (working
   * hours ending inside a unit, a week outside the bitmap, bits changed meanwhile).
   */
  private long[] spanStarts(ClinicianState st, long sLo, long sHi, long d, long step, int limit) {
    long spanEnd = sHi + d;
    long ua = Occupancy.unitOf(sLo);
    long ub = Occupancy.unitOf(spanEnd - 1) + 1;
    Spans forbidden = new Spans(32);
    entrySpans(st, sLo, spanEnd, d, forbidden);
    ZoneTable table = st.zoneTable;
    Spans allowed = null;
    CompiledAvailability av = st.availability;
    // both set or both null (ClinicianState derives the table from the availability)
    if (table != null && av != null) {
      // working time outside time off, from the cached weeks: a slot is allowed exactly when it lies
      // inside one maximal span of it (CompiledAvailability#compileWeek)
      allowed = new Spans(16);
      for (long wk = Math.floorDiv(ua, Occupancy.WEEK_UNITS), lastWeek = Math.floorDiv(ub - 1, Occupancy.WEEK_UNITS);
          wk <= lastWeek; wk++) {
        long[] g = av.hours(wk).spans;
        for (int i = 0; i < g.length; i += 2) {
          allowed.add(Math.max(sLo, g[i]), Math.min(spanEnd, g[i + 1]));
        }
      }
      allowed.normalize();
      // from working spans to the starts whose slot fits inside one: [a, b - d]
      int k = 0;
      for (int i = 0; i < allowed.size; i++) {
        long hi = allowed.hi[i] - d + 1;
        if (hi > allowed.lo[i]) {
          allowed.lo[k] = allowed.lo[i];
          allowed.hi[k++] = hi;
        }
      }
      allowed.size = k;
    } else {
      table = UTC;
    }
    forbidden.normalize();
    long[] out = new long[Math.min(limit, 16)];
    int n = 0;
    int fi = 0;
    int wi = 0;
    // one offset over the whole span and a step dividing the day: the grid is plain arithmetic
    int at = table.position(sLo);
    boolean constant = table.nextOf(at, sLo) > sHi && DAY % step == 0;
    int offset = constant ? table.offsetOf(at, sLo) : 0;
    long s = constant ? nextConstant(offset, sLo, step) : next(table, sLo, step);
    while (s <= sHi) {
      while (fi < forbidden.size && forbidden.hi[fi] <= s) {
        fi++;
      }
      if (fi < forbidden.size && forbidden.lo[fi] <= s) {
        s = constant ? nextConstant(offset, forbidden.hi[fi], step) : next(table, forbidden.hi[fi], step);
        continue;
      }
      if (allowed != null) {
        while (wi < allowed.size && allowed.hi[wi] <= s) {
          wi++;
        }
        if (wi == allowed.size) {
          break;
        }
        if (allowed.lo[wi] > s) {
          s = constant ? nextConstant(offset, allowed.lo[wi], step) : next(table, allowed.lo[wi], step);
          continue;
        }
      }
      if (n == out.length) {
        out = Arrays.copyOf(out, Math.min(limit, n * 2));
      }
      out[n++] = s;
      if (n == limit) {
        break;
      }
      s = constant ? nextConstant(offset, s + 1, step) : next(table, s + 1, step);
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  /** {@link #wordStarts}'s answer when a unit of the span holds working time only in part. */
  private static final long[] UNITS_SPLIT_HOURS = new long[0];

  /**
   * {@link #freeStarts} from the words of the occupancy bitmap and of the week's working-hours mask,
   * 64 units at a time, when every unit the span meets is either wholly working time outside time
   * off or holds none of it (the usual case: hours on five-minute boundaries); otherwise
   * {@link #UNITS_SPLIT_HOURS}. A unit is <em>usable</em> when it is wholly working and not full:
   * the usable runs {@code [A, B)} are exactly the maximal working spans with the full units cut out,
   * so the starts whose slot fits in a run, {@code [A, B - d]}, are those {@code check} would pass —
   * except where an entry meets a partial unit of the run: a run holding partial units and long
   * enough for a slot is resolved by the exact index (the entries meeting the run add their
   * forbidden starts); an entry blocking a slot inside the run meets the run, so none is missed.
   *
   * <p>Two passes: the runs' start intervals first (a handful per day), then, with the grid
   * counted per interval, the starts into an array of the exact size. The bits are read without
   * validation; the caller validates the version after.
   */
  private long[] wordStarts(ClinicianState st, long sLo, long sHi, long d, long step, int limit, long ua, long ub) {
    CompiledAvailability av = st.availability;
    ZoneTable table = st.zoneTable;
    if (table == null || av == null) {
      table = UTC;
      av = null;
    }
    int at = table.position(sLo);
    boolean constant = table.nextOf(at, sLo) > sHi && DAY % step == 0;
    int offset = constant ? table.offsetOf(at, sLo) : 0;
    StartIntervals runs = new StartIntervals(this, st, table, sLo, sHi, d, step, constant, offset, limit);
    long fw = st.occFirstWeek;
    long[][] chunks = st.occChunks;
    long u = ua;
    while (u < ub && !runs.enough()) {
      long week = Math.floorDiv(u, Occupancy.WEEK_UNITS);
      long[] occ = chunks[(int) (week - fw)];
      long weekBase = week * Occupancy.WEEK_UNITS;
      int b0 = (int) (u - weekBase);
      int b1 = (int) (Math.min(ub, weekBase + Occupancy.WEEK_UNITS) - weekBase);
      long[] working = null;
      if (av != null) {
        CompiledAvailability.WeekHours h = av.hours(week);
        if (h.split && h.splitWithin(b0, b1)) {
          return UNITS_SPLIT_HOURS;
        }
        working = h.bits;
      }
      int lastWord = (b1 - 1) >>> 6;
      for (int w = b0 >>> 6; w <= lastWord; w++) {
        int lo = w == b0 >>> 6 ? b0 & 63 : 0;
        int hi = w == lastWord ? b1 - (w << 6) : 64;
        long range = Occupancy.mask(lo, hi - lo);
        long full = occ[2 * w + 1];
        long usable = (working == null ? ~full : working[2 * w + 1] & ~full) & range;
        long partial = occ[2 * w] & usable;
        // most words are all one way: nights and weekends unusable, free hours usable throughout
        if (usable == 0 && runs.usableFrom == StartIntervals.NO_RUN || usable == range && runs.usableFrom != StartIntervals.NO_RUN) {
          runs.notePartial(partial, weekBase + (w << 6));
          continue;
        }
        runs.usableRuns(usable, partial, weekBase + (w << 6), lo, hi);
      }
      u = weekBase + b1;
    }
    return runs.finish(ub);
  }

  /**
   * {@link #next} where the offset is {@code offset} from {@code t} up to the answer and the step
   * divides the day: the local midnights are then multiples of the step too.
   */
  static long nextConstant(int offset, long t, long step) {
    return -Math.floorDiv(-(t + offset), step) * step - offset;
  }

  /** The first grid instant at or after {@code t}: its wall clock a multiple of {@code step} since local midnight. */
  static long next(ZoneTable table, long t, long step) {
    while (true) {
      int at = table.position(t);
      int offset = table.offsetOf(at, t);
      long pieceEnd = table.nextOf(at, t);
      long local = t + offset;
      long day = Math.floorDiv(local, DAY);
      long sod = local - day * DAY;
      long c = (sod + step - 1) / step * step;
      long candidate = (c >= DAY ? (day + 1) * DAY : day * DAY + c) - offset;
      if (candidate < pieceEnd) {
        return candidate;
      }
      t = pieceEnd; // the next grid time lies after an offset change: look again from there
    }
  }

  /**
   * Adds to {@code out} the starts forbidden by the appointments and busy blocks that can block a
   * slot meeting {@code [lo, hi)}.
   */
  void entrySpans(ClinicianState st, long lo, long hi, long d, Spans out) {
    long qs = lo - relation.reachSeconds;
    long qe = hi + relation.reachSeconds;
    int first = st.firstBucketFrom(qs);
    int last = st.bucketsBefore(qe);
    long[] meta = st.meta;
    for (int bi = first; bi < last; bi++) {
      long weekStart = st.weekStart(bi);
      long from = qs - IntervalIndex.maxLength(meta, bi) - weekStart;
      if (from >= IntervalIndex.WEEK) {
        continue;
      }
      int[] w = st.weeks[bi];
      int n = IntervalIndex.count(w);
      Object[] r = st.refs[bi];
      for (int i = IntervalIndex.upperBound(w, n, meta, bi, from); i < n; i++) {
        long start = weekStart + w[i];
        if (start >= qe) {
          break;
        }
        long end = start + w[n + i];
        if (end > qs) {
          forbid(start, end, w[2 * n + i], r[i], d, out);
        }
      }
    }
    if (st.longCount > 0) {
      IntervalIndex idx = st.entries;
      for (int i = 0; i < idx.longStarts.length; i++) {
        if (idx.longStarts[i] < qe && idx.longEnds[i] > qs) {
          forbid(idx.longStarts[i], idx.longEnds[i], idx.longTags[i], idx.longRefs[i], d, out);
        }
      }
    }
  }

  private void forbid(long start, long end, int tag, Object ref, long d, Spans out) {
    if ((tag & Entries.BUSY) != 0) {
      // floored start and ceiled end decide the overlap with a whole-second slot exactly
      out.add(start - d + 1, end);
      return;
    }
    if (isProbe(tag, ref)) {
      return;
    }
    if (bufferWhole) {
      out.add(start - d - bufferSeconds + 1, end + bufferSeconds);
      return;
    }
    Appointment o = (Appointment) ref;
    long lo = o.start().getEpochSecond() - bufferSeconds - d
        + Math.floorDiv(o.start().getNano() - bufferNanosPart, NANOS) + 1;
    long hi = o.end().getEpochSecond() + bufferSeconds + (o.end().getNano() + bufferNanosPart + NANOS - 1) / NANOS;
    out.add(lo, hi);
  }

  /** Whether the entry is an appointment bearing the probe's reserved id (which {@code check} would take for itself). */
  private boolean isProbe(int tag, Object ref) {
    return ((tag ^ probeTag) & ~Entries.EXACT) == 0 && ((Appointment) ref).id().equals(SlotGrid.PROBE_ID);
  }

  /**
   * Whether {@code check} of a probe for the window {@code [startSecond + startNano, endSecond +
   * endNano)} would report nothing. Takes the window's parts, not the window, so that a caller's
   * window need not exist as an object (the window is built only where an entry's own times, not
   * its whole-second primitives, must decide).
   */
  boolean isFree(ClinicianState st, long startSecond, int startNano, long endSecond, int endNano) {
    long ps = startSecond;
    long pe = endNano == 0 ? endSecond : endSecond + 1;
    long u0 = Occupancy.unitOf(ps);
    long u1 = Occupancy.unitOf(pe - 1) + 1;
    // a window within one word of one week (most are: 64 units are 5 h 20 min) reads one mask
    long week = Math.floorDiv(u0, Occupancy.WEEK_UNITS);
    int b0 = (int) (u0 - week * Occupancy.WEEK_UNITS);
    long b1 = u1 - week * Occupancy.WEEK_UNITS;
    boolean oneWord = b1 <= (b0 | 63) + 1 && b1 <= Occupancy.WEEK_UNITS;
    int word = b0 >>> 6;
    long mask = oneWord ? Occupancy.mask(b0 & 63, (int) (b1 - b0)) : 0L;
    // the bits first: a full unit answers at once; a free one leaves only working hours and time off
    Occupancy occ = st.occupancy;
    long version = st.occVersion;
    int bits = Occupancy.MIXED;
    if (occ.stable(version)) {
      bits = oneWord
          ? classifyWord(st.occFirstWeek, st.occChunks, week, word, mask)
          : Occupancy.classify(st.occFirstWeek, st.occChunks, u0, u1);
      if (!occ.validate(version)) {
        bits = Occupancy.MIXED; // changed in place meanwhile (for a newer index): this state's index decides
      }
    }
    if (bits == Occupancy.BUSY) {
      return false;
    }
    ZoneTable zoneTable = st.zoneTable;
    CompiledAvailability av = st.availability;
    // both set or both null (ClinicianState derives the table from the availability)
    if (zoneTable != null && av != null) {
      // the week's unit mask first: a unit without working time refuses, whole working units accept
      int hours;
      if (oneWord) {
        // the state's copy of the cache first: one load fewer than through the availability
        CompiledAvailability.WeekHours h = st.hoursCache[(int) (week & (CompiledAvailability.WEEK_SLOTS - 1))];
        hours = hoursOfWord(h != null && h.week == week ? h.bits : av.hours(week).bits, word, mask);
      } else {
        hours = av.hoursOf(u0, u1);
      }
      if (hours == CompiledAvailability.NONE) {
        return false;
      }
      if (hours == CompiledAvailability.SOME
          && !CompiledAvailability.covers(zoneTable, st.weekly, st.exceptionCount, av, ps, pe)) {
        return false;
      }
      if (hours == CompiledAvailability.SOME && st.hasTimeOff) {
        for (int i = 0; i < av.exceptionCount(); i++) {
          if (av.timeOffTouches(i, ps, pe)) {
            return false;
          }
        }
      }
    }
    if (bits == Occupancy.FREE) {
      return true;
    }
    boolean exactWindow = startNano == 0 && endNano == 0;
    boolean primitives = exactWindow && bufferWhole;
    long qs = ps - relation.reachSeconds;
    long qe = pe + relation.reachSeconds;
    int first = st.firstBucketFrom(qs);
    int last = st.bucketsBefore(qe);
    long[] meta = st.meta;
    for (int bi = first; bi < last; bi++) {
      long weekStart = st.weekStart(bi);
      long from = qs - IntervalIndex.maxLength(meta, bi) - weekStart;
      if (from >= IntervalIndex.WEEK) {
        continue;
      }
      int[] w = st.weeks[bi];
      int n = IntervalIndex.count(w);
      Object[] r = st.refs[bi];
      for (int i = IntervalIndex.upperBound(w, n, meta, bi, from); i < n; i++) {
        long start = weekStart + w[i];
        if (start >= qe) {
          break;
        }
        long end = start + w[n + i];
        if (end > qs && blocks(startNano, endNano, primitives, ps, pe, start, end, w[2 * n + i], r[i])) {
          return false;
        }
      }
    }
    if (st.longCount > 0) {
      IntervalIndex idx = st.entries;
      for (int i = 0; i < idx.longStarts.length; i++) {
        if (idx.longStarts[i] < qe && idx.longEnds[i] > qs
            && blocks(startNano, endNano, primitives, ps, pe, idx.longStarts[i], idx.longEnds[i], idx.longTags[i],
                idx.longRefs[i])) {
          return false;
        }
      }
    }
    return true;
  }

  /** {@link Occupancy#classify} of the units {@code mask} selects in word {@code word} of {@code week}. */
  static int classifyWord(long firstWeek, long[][] chunks, long week, int word, long mask) {
    long k = week - firstWeek;
    if (k < 0 || k >= chunks.length) {
      return Occupancy.MIXED;
    }
    long[] chunk = chunks[(int) k];
    if ((chunk[2 * word + 1] & mask) != 0) {
      return Occupancy.BUSY;
    }
    return (chunk[2 * word] & mask) != 0 ? Occupancy.MIXED : Occupancy.FREE;
  }

  /** {@link CompiledAvailability#hoursOf} of the units {@code mask} selects in word {@code word} of a week's mask. */
  static int hoursOfWord(long[] hours, int word, long mask) {
    if ((hours[2 * word] & mask) != mask) {
      return CompiledAvailability.NONE;
    }
    return (hours[2 * word + 1] & mask) == mask ? CompiledAvailability.ALL : CompiledAvailability.SOME;
  }

  /**
   * Whether an entry blocks the probe window; {@code ps}/{@code pe} are its floored start and ceiled
   * end, {@code startNano}/{@code endNano} its parts below the second.
   */
  private boolean blocks(int startNano, int endNano, boolean primitives, long ps, long pe, long start, long end,
      int tag, Object ref) {
    if ((tag & Entries.BUSY) != 0) {
      if (primitives || (tag & Entries.EXACT) != 0 && startNano == 0 && endNano == 0) {
        return start < pe && end > ps;
      }
      TimeWindow window = window(ps, startNano, pe, endNano);
      if ((tag & Entries.EXACT) != 0) {
        return Instant.ofEpochSecond(start).isBefore(window.end()) && window.start().isBefore(Instant.ofEpochSecond(end));
      }
      return ((BusyBlock) ref).window().overlaps(window);
    }
    if (isProbe(tag, ref)) {
      return false;
    }
    if (primitives) {
      // whole-second window and buffer: floored starts and ceiled ends decide exactly
      return start < pe + bufferSeconds && end > ps - bufferSeconds;
    }
    Appointment o = (Appointment) ref;
    TimeWindow window = window(ps, startNano, pe, endNano);
    Duration b = Duration.ofNanos(relation.bufferNanos());
    return o.start().isBefore(window.end().plus(b)) && o.end().isAfter(window.start().minus(b));
  }

  /** The probe window back from its floored start, ceiled end and parts below the second. */
  private static TimeWindow window(long ps, int startNano, long pe, int endNano) {
    return new TimeWindow(Instant.ofEpochSecond(ps, startNano), Instant.ofEpochSecond(endNano == 0 ? pe : pe - 1, endNano));
  }
}
