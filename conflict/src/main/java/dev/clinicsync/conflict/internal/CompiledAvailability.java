package dev.clinicsync.conflict.internal;

import dev.clinicsync.core.model.AvailabilityException;
import dev.clinicsync.core.model.LocalTimeRange;
import dev.clinicsync.core.model.WeeklyAvailability;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A clinician's working hours and exceptions as primitive arrays of local seconds, evaluated
 * without allocation. Local seconds are {@code epochSecond + offset}: the wall clock read as if
 * it were UTC, so a local day is {@code floorDiv(local, 86400)}.
 */
final class CompiledAvailability {
  static final int DAY = 86_400;

  final ZoneId zone;
  final ZoneTable table;
  /** Per weekday (0 = Monday): pairs of [start, end) seconds from the day's midnight; end may exceed a day. */
  /**
   * Weekly ranges of all seven days in one array: {@code weekly[d]..weekly[d + 1]} (d = 0 for
   * Monday) delimit day {@code d}'s pairs of [start, end) seconds from midnight; end may exceed a day.
   */
  private final int[] weekly;
  private final int exceptionCount;
  private final long[] exFirstDay;
  private final long[] exLastDay;
  private final boolean[] exTimeOff;
  /** Pairs of [start, end) seconds from midnight; empty for whole days. */
  private final int[][] exRanges;
  private final AvailabilityException[] exceptions;
  private final boolean hasTimeOff;
  /** The declared weekly ranges per weekday (0 = Monday), for provenance without lookups. */
  private final List<LocalTimeRange>[] declared;

  /**
   * The working time of recently asked UTC weeks ({@link Occupancy}'s week numbering), direct-mapped
   * by week: at most {@link #WEEK_SLOTS} entries per compiled availability, each immutable (final
   * fields), so a racy read sees either a whole entry or none and two threads compiling the same week
   * at once only do the work twice. This object never changes (an edited availability is compiled
   * into a new one, see {@link SharedAvailabilities}), so an entry is never stale.
   */
  private final @Nullable WeekHours[] weekCache = new WeekHours[WEEK_SLOTS];

  /**
   * Entries of {@link #weekCache}: any 128 consecutive weeks (about two and a half years: a booking
   * horizon of a year and the year behind it) map to distinct slots, so questions spread over a year
   * never evict each other. With 32 slots, weeks 32 apart shared a slot and a year's random weeks
   * recompiled about one asked week in three (a compile costs microseconds: it made {@code isFree}
   * cost as much as a full {@code check}). About 95 KB at most per compiled availability, filled
   * only by the weeks asked; the array itself is half a kilobyte.
   */
  static final int WEEK_SLOTS = 128;

  /** What this was compiled from; held so that {@link SharedAvailabilities} keeps its entry while this lives. */
  private final SharedAvailabilities.Key key;

  CompiledAvailability(SharedAvailabilities.Key key) {
    this.key = key;
    this.zone = key.zone();
    WeeklyAvailability availability = key.availability();
    this.table = ZoneTable.of(zone);
    List<List<LocalTimeRange>> byDay = new java.util.ArrayList<>(7);
    int[][] days = new int[7][];
    int total = 8;
    for (DayOfWeek d : DayOfWeek.values()) {
      days[d.ordinal()] = compile(availability.rangesOn(d));
      total += days[d.ordinal()].length;
      byDay.add(List.copyOf(availability.rangesOn(d)));
    }
    this.weekly = new int[total];
    int at = 8;
    for (int d = 0; d < 7; d++) {
      weekly[d] = at;
      System.arraycopy(days[d], 0, weekly, at, days[d].length);
      at += days[d].length;
    }
    weekly[7] = at;
    @SuppressWarnings("unchecked")
    List<LocalTimeRange>[] declaredByDay = byDay.toArray(new List[0]);
    this.declared = declaredByDay;
    List<AvailabilityException> ex = availability.exceptions();
    int n = ex.size();
    exFirstDay = new long[n];
    exLastDay = new long[n];
    exTimeOff = new boolean[n];
    exRanges = new int[n][];
    exceptions = ex.toArray(new AvailabilityException[0]);
    exceptionCount = n;
    boolean timeOff = false;
    for (int i = 0; i < n; i++) {
      AvailabilityException e = ex.get(i);
      exFirstDay[i] = e.firstDate().toEpochDay();
      exLastDay[i] = e.lastDate().toEpochDay();
      exTimeOff[i] = e.kind() == AvailabilityException.Kind.TIME_OFF;
      exRanges[i] = compile(e.ranges());
      timeOff |= exTimeOff[i];
    }
    this.hasTimeOff = timeOff;
  }

  private static int[] compile(List<LocalTimeRange> ranges) {
    int[] out = new int[ranges.size() * 2];
    for (int i = 0; i < ranges.size(); i++) {
      LocalTimeRange r = ranges.get(i);
      int s = r.start().toSecondOfDay();
      int e = r.end().toSecondOfDay();
      if (e <= s) {
        e += DAY;
      }
      out[2 * i] = s;
      out[2 * i + 1] = e;
    }
    return out;
  }

  /** Monday = 0 for an epoch day. */
  static int weekday(long epochDay) {
    return (int) Math.floorMod(epochDay + 3, 7L);
  }

  /**
   * Whether every instant of {@code [start, end)} (epoch seconds) falls in working hours, judged
   * on the local wall clock of each instant. Takes the fields a reader may hold copies of
   * ({@link #table}, {@link #weekly()}, {@link #exceptionCount()}); {@code self} is read only when
   * there are exceptions, so a cold check of a clinician without any does not touch this object.
   */
  static boolean covers(
      ZoneTable table, int[] weekly, int exceptionCount, CompiledAvailability self, long start, long end) {
    long pos = start;
    while (pos < end) {
      int at = table.position(pos);
      int offset = table.offsetOf(at, pos);
      long next = Math.min(end, table.nextOf(at, pos));
      if (!coversLocal(weekly, exceptionCount, self, pos + offset, next + offset)) {
        return false;
      }
      pos = next;
    }
    return true;
  }

  private static boolean coversLocal(int[] weekly, int exceptionCount, CompiledAvailability self, long a, long b) {
    if (exceptionCount == 0) {
      // the usual answer in one pass: one range of the local day holds the whole interval
      long day = Math.floorDiv(a, DAY);
      long from = a - day * DAY;
      long to = b - day * DAY;
      int wd = weekday(day);
      for (int i = weekly[wd], end = weekly[wd + 1]; i < end; i += 2) {
        if (weekly[i] <= from && to <= weekly[i + 1]) {
          return true;
        }
      }
    }
    long pos = a;
    while (pos < b) {
      long day = Math.floorDiv(pos, DAY);
      long best = pos;
      for (long d = day - 1; d <= day; d++) {
        long base = d * DAY;
        int wd = weekday(d);
        best = reach(weekly, weekly[wd], weekly[wd + 1], base, pos, best);
        for (int i = 0; i < exceptionCount; i++) {
          if (!self.exTimeOff[i] && self.exFirstDay[i] <= d && d <= self.exLastDay[i]) {
            best = reach(self.exRanges[i], 0, self.exRanges[i].length, base, pos, best);
          }
        }
      }
      if (best == pos) {
        return false;
      }
      pos = best;
    }
    return true;
  }

  int[] weekly() {
    return weekly;
  }

  private static long reach(int[] ranges, int from, int to, long base, long pos, long best) {
    for (int i = from; i < to; i += 2) {
      long s = base + ranges[i];
      long e = base + ranges[i + 1];
      if (s <= pos && pos < e && e > best) {
        best = e;
      }
    }
    return best;
  }

  boolean hasTimeOff() {
    return hasTimeOff;
  }

  int exceptionCount() {
    return exceptionCount;
  }

  AvailabilityException exception(int i) {
    return exceptions[i];
  }

  /** Whether the time-off exception {@code i} touches any instant of {@code [start, end)}. */
  boolean timeOffTouches(int i, long start, long end) {
    if (!exTimeOff[i]) {
      return false;
    }
    long pos = start;
    while (pos < end) {
      int at = table.position(pos);
      int offset = table.offsetOf(at, pos);
      long next = Math.min(end, table.nextOf(at, pos));
      if (timeOffTouchesLocal(i, pos + offset, next + offset)) {
        return true;
      }
      pos = next;
    }
    return false;
  }

  private boolean timeOffTouchesLocal(int i, long a, long b) {
    long firstDay = Math.max(Math.floorDiv(a, DAY) - 1, exFirstDay[i]);
    long lastDay = Math.min(Math.floorDiv(b - 1, DAY), exLastDay[i]);
    int[] ranges = exRanges[i];
    for (long d = firstDay; d <= lastDay; d++) {
      long base = d * DAY;
      if (ranges.length == 0) {
        if (base < b && a < base + DAY) {
          return true;
        }
      } else {
        for (int r = 0; r < ranges.length; r += 2) {
          if (base + ranges[r] < b && a < base + ranges[r + 1]) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * Adds to {@code out} the instants of {@code [from, to)} that are in working hours (weekly
   * ranges and extra hours, judged on each instant's local wall clock exactly as {@link #covers}
   * judges them), as spans in no particular order: {@code covers(s, e)} holds exactly when
   * {@code [s, e)} lies inside the union of the spans of a range containing it.
   */
  void workingSpans(long from, long to, Spans out) {
    long pos = from;
    while (pos < to) {
      int at = table.position(pos);
      int offset = table.offsetOf(at, pos);
      long next = Math.min(to, table.nextOf(at, pos));
      long a = pos + offset;
      long b = next + offset;
      for (long d = Math.floorDiv(a, DAY) - 1, last = Math.floorDiv(b - 1, DAY); d <= last; d++) {
        long base = d * DAY;
        int wd = weekday(d);
        for (int i = weekly[wd], end = weekly[wd + 1]; i < end; i += 2) {
          clip(base + weekly[i], base + weekly[i + 1], a, b, offset, out);
        }
        for (int i = 0; i < exceptionCount; i++) {
          if (!exTimeOff[i] && exFirstDay[i] <= d && d <= exLastDay[i]) {
            int[] r = exRanges[i];
            for (int k = 0; k < r.length; k += 2) {
              clip(base + r[k], base + r[k + 1], a, b, offset, out);
            }
          }
        }
      }
      pos = next;
    }
  }

  /**
   * Adds to {@code out} the instants of {@code [from, to)} that some time-off exception covers,
   * as {@link #timeOffTouches} judges them: a slot touches time off exactly when it meets a span.
   */
  void timeOffSpans(long from, long to, Spans out) {
    if (!hasTimeOff) {
      return;
    }
    long pos = from;
    while (pos < to) {
      int at = table.position(pos);
      int offset = table.offsetOf(at, pos);
      long next = Math.min(to, table.nextOf(at, pos));
      long a = pos + offset;
      long b = next + offset;
      for (int i = 0; i < exceptionCount; i++) {
        if (!exTimeOff[i]) {
          continue;
        }
        long firstDay = Math.max(Math.floorDiv(a, DAY) - 1, exFirstDay[i]);
        long lastDay = Math.min(Math.floorDiv(b - 1, DAY), exLastDay[i]);
        int[] r = exRanges[i];
        for (long d = firstDay; d <= lastDay; d++) {
          long base = d * DAY;
          if (r.length == 0) {
            clip(base, base + DAY, a, b, offset, out);
          } else {
            for (int k = 0; k < r.length; k += 2) {
              clip(base + r[k], base + r[k + 1], a, b, offset, out);
            }
          }
        }
      }
      pos = next;
    }
  }

  /** Adds {@code [s, e) ∩ [a, b)} (local seconds) to {@code out} as instants. */
  private static void clip(long s, long e, long a, long b, int offset, Spans out) {
    long lo = Math.max(s, a);
    long hi = Math.min(e, b);
    if (lo < hi) {
      out.add(lo - offset, hi - offset);
    }
  }

  /** The local date of an instant. */
  LocalDate localDate(long epochSecond) {
    return LocalDate.ofEpochDay(Math.floorDiv(epochSecond + table.offsetAt(epochSecond), DAY));
  }

  List<LocalTimeRange> weeklyRangesOn(LocalDate date) {
    return declared[date.getDayOfWeek().ordinal()];
  }

  /** Answer of {@link #hoursOf}: a unit holds no working instant outside time off. */
  static final int NONE = 0;
  /** Answer of {@link #hoursOf}: every instant of every unit is working time outside time off. */
  static final int ALL = 1;
  /** Answer of {@link #hoursOf}: only the exact rules can tell. */
  static final int SOME = 2;

  /**
   * What the week masks say about the units {@code [fromUnit, toUnit)}: {@link #NONE} when one of
   * them holds no working instant outside time off (a window meeting it is refused), {@link #ALL}
   * when every instant of all of them is working and outside time off (a window inside them is
   * accepted), else {@link #SOME}.
   */
  int hoursOf(long fromUnit, long toUnit) {
    boolean all = true;
    long u = fromUnit;
    while (u < toUnit) {
      long week = Math.floorDiv(u, Occupancy.WEEK_UNITS);
      long[] bits = hours(week).bits;
      int bit = (int) (u - week * Occupancy.WEEK_UNITS);
      int word = bit >>> 6;
      long limit = Math.min(toUnit, Math.min(u - (bit & 63) + 64, (week + 1) * Occupancy.WEEK_UNITS));
      long mask = Occupancy.mask(bit & 63, (int) (limit - u));
      if ((bits[2 * word] & mask) != mask) {
        return NONE;
      }
      all &= (bits[2 * word + 1] & mask) == mask;
      u = limit;
    }
    return all ? ALL : SOME;
  }

  /**
   * The cache behind {@link #hours}, for a reader that holds it already ({@link ClinicianState}): an
   * entry for {@code week} sits at {@code week & (WEEK_SLOTS - 1)} and is used only when its
   * {@link WeekHours#week} is that week; otherwise ask {@link #hours}.
   */
  @Nullable WeekHours[] weekCache() {
    return weekCache;
  }

  /** The working time of a UTC week, compiled on first use and cached. */
  WeekHours hours(long week) {
    int slot = (int) Math.floorMod(week, (long) WEEK_SLOTS);
    WeekHours h = weekCache[slot];
    if (h == null || h.week != week) {
      h = compileWeek(week);
      weekCache[slot] = h;
    }
    return h;
  }

  private WeekHours compileWeek(long week) {
    long from = week * Occupancy.WEEK_UNITS * Occupancy.UNIT;
    long to = from + Occupancy.WEEK_UNITS * Occupancy.UNIT;
    Spans w = new Spans(32);
    workingSpans(from, to, w);
    w.normalize();
    Spans t = new Spans(4);
    timeOffSpans(from, to, t);
    t.normalize();
    // good = working minus time off, both sorted and merged
    Spans g = new Spans(w.size + t.size + 1);
    int j = 0;
    for (int i = 0; i < w.size; i++) {
      long cur = w.lo[i];
      long b = w.hi[i];
      while (j < t.size && t.hi[j] <= cur) {
        j++;
      }
      for (int k = j; cur < b && k < t.size && t.lo[k] < b; k++) {
        if (t.lo[k] > cur) {
          g.add(cur, t.lo[k]);
        }
        cur = Math.max(cur, t.hi[k]);
      }
      if (cur < b) {
        g.add(cur, b);
      }
    }
    long[] spans = new long[2 * g.size];
    long[] bits = new long[Occupancy.CHUNK_LONGS];
    long base = week * Occupancy.WEEK_UNITS;
    for (int i = 0; i < g.size; i++) {
      spans[2 * i] = g.lo[i];
      spans[2 * i + 1] = g.hi[i];
      // touched: units meeting the span; full: units inside it
      setUnits(bits, 0, Occupancy.unitOf(g.lo[i]) - base, Occupancy.unitOf(g.hi[i] - 1) + 1 - base);
      setUnits(bits, 1, Math.floorDiv(g.lo[i] + Occupancy.UNIT - 1, Occupancy.UNIT) - base,
          Math.floorDiv(g.hi[i], Occupancy.UNIT) - base);
    }
    return new WeekHours(week, spans, bits);
  }

  /** Sets the units {@code [a, b)} (week-relative) of one plane (0 or 1) of interleaved words. */
  private static void setUnits(long[] bits, int plane, long a, long b) {
    for (long u = Math.max(0, a), end = Math.min(b, Occupancy.WEEK_UNITS); u < end; u++) {
      bits[2 * (int) (u >>> 6) + plane] |= 1L << (u & 63);
    }
  }

  /**
   * One UTC week's working time outside time off: exact spans and a unit mask in
   * {@link Occupancy}'s layout (interleaved words per 64 units: <em>touched</em> — the unit holds a
   * working instant outside time off; <em>full</em> — every instant of it is one).
   */
  static final class WeekHours {
    final long week;
    /** Sorted, disjoint, non-touching pairs {@code [lo, hi)} of epoch seconds inside the week. */
    final long[] spans;
    final long[] bits;
    /** Whether some unit of the week holds working time only in part (touched, not full). */
    final boolean split;

    WeekHours(long week, long[] spans, long[] bits) {
      this.week = week;
      this.spans = spans;
      this.bits = bits;
      boolean any = false;
      for (int i = 0; i < bits.length; i += 2) {
        any |= (bits[i] & ~bits[i + 1]) != 0;
      }
      this.split = any;
    }

    /** Whether a unit of {@code [from, to)} (week-relative) holds working time only in part. */
    boolean splitWithin(int from, int to) {
      for (int w = from >>> 6, last = (to - 1) >>> 6; w <= last; w++) {
        int lo = w == from >>> 6 ? from & 63 : 0;
        int hi = w == last ? to - (w << 6) : 64;
        if ((bits[2 * w] & ~bits[2 * w + 1] & Occupancy.mask(lo, hi - lo)) != 0) {
          return true;
        }
      }
      return false;
    }
  }
}
