package dev.clinicsync.conflict.internal;

import java.lang.invoke.VarHandle;

/**
 * One clinician's occupancy bitmap at 5-minute resolution, kept beside the exact
 * {@link IntervalIndex} as a filter: per unit of {@link #UNIT} seconds (aligned to the epoch, so
 * every UTC day has exactly 288 units and a unit is the same 5 minutes on every wall clock whose
 * offset is a multiple of 5 minutes) a <em>touched</em> bit, set when some blocking interval
 * (an appointment widened by the engine's buffer, or a busy block) overlaps the unit, and a
 * <em>full</em> bit, set when blocking intervals whose primitives are exact cover the whole unit.
 *
 * <p>Read as a filter, the bits answer exactly: a window meeting only units without the touched
 * bit meets no blocking interval; a window meeting a full unit meets one (the window shares an
 * instant with the unit, and that instant is covered). Only units touched but not full
 * ("partial") need the exact index. The bits are a function of the index (see
 * {@link OccupancyWriter}); the empty bitmap, which covers no week, sends every question to the
 * index and is therefore always a correct value.
 *
 * <p>Layout: a dense directory of weeks (2,016 units each) from {@link #firstWeek}; per week one
 * {@code long[64]} holding, word by word interleaved, the touched word and the full word of each
 * 64 units (32 word pairs, the last one half used), so that the two words a short window needs sit
 * in one cache line. Weeks that never held a blocking interval share {@link #ZERO} (a week emptied
 * later keeps its zeroed chunk). A week outside the directory is <em>not covered</em>: its
 * questions go to the index. Writers change the bits in place under the {@code version} sequence
 * lock; see {@link OccupancyWriter}.
 */
final class Occupancy {
  /** Seconds per unit. */
  static final long UNIT = 300L;
  /** Units per week. */
  static final int WEEK_UNITS = 2016;
  /** Longs per week chunk: 32 pairs of (touched, full). */
  static final int CHUNK_LONGS = 64;
  /** The all-free week, shared; never written. */
  static final long[] ZERO = new long[CHUNK_LONGS];
  static final Occupancy EMPTY = new Occupancy(0L, new long[0][]);

  /** Answer of {@link #classify}: no blocking interval meets the units. */
  static final int FREE = 0;
  /** Answer of {@link #classify}: a blocking interval covers one of the units whole. */
  static final int BUSY = 1;
  /** Answer of {@link #classify}: only the exact index can tell (partial units, or a week not covered). */
  static final int MIXED = 2;

  /** The week number (in units / {@link #WEEK_UNITS}) of {@code chunks[0]}. */
  final long firstWeek;
  /** Per covered week its chunk, or {@link #ZERO}. */
  final long[][] chunks;

  /**
   * The write count, a sequence lock: even while the bits are stable, odd while a writer changes
   * them in place (and forever after {@link #retire}). A {@link ClinicianState} records the value it
   * was built with; a reader trusts what it read only when the value was that before and after its
   * reads ({@link #stable}, {@link #validate}), and otherwise asks the exact index, which its state
   * holds immutably. So bits written for a newer index are never combined with an older index.
   */
  private volatile long version;

  Occupancy(long firstWeek, long[][] chunks) {
    this.firstWeek = firstWeek;
    this.chunks = chunks;
  }

  /** The current write count (for a state being published under the clinician's lock). */
  long version() {
    return version;
  }

  /** Whether the bits are those of the state that recorded {@code expected}: read before the bits. */
  boolean stable(long expected) {
    return version == expected && (expected & 1) == 0;
  }

  /** Whether the bits read since {@link #stable} returned true are still those: read after them. */
  boolean validate(long expected) {
    VarHandle.acquireFence(); // the bit reads above happen before the version read below
    return version == expected;
  }

  /** Starts an in-place write (the clinician's lock held): from now on readers ignore the bits. */
  void beginWrite() {
    version = version + 1;
    VarHandle.fullFence(); // the odd version is visible before any bit changes
  }

  /** Ends an in-place write: the bits are stable again under the next even version. */
  void endWrite() {
    version = version + 1;
  }

  /**
   * Marks these bits as never stable again: a grown directory shares their chunks and will change
   * them in place. Readers of states still holding this object then ask the index.
   */
  void retire() {
    if ((version & 1) == 0) {
      version = version + 1;
    }
    VarHandle.fullFence();
  }

  /** The unit holding an epoch second. */
  static long unitOf(long epochSecond) {
    return Math.floorDiv(epochSecond, UNIT);
  }

  /** Whether every unit of {@code [fromUnit, toUnit)} lies in a covered week. */
  static boolean covers(long firstWeek, long[][] chunks, long fromUnit, long toUnit) {
    long k0 = Math.floorDiv(fromUnit, WEEK_UNITS) - firstWeek;
    long k1 = Math.floorDiv(toUnit - 1, WEEK_UNITS) - firstWeek;
    return k0 >= 0 && k1 < chunks.length;
  }

  /**
   * What the bits say about the units {@code [fromUnit, toUnit)}: {@link #BUSY} when one is full,
   * else {@link #MIXED} when one is touched or not covered, else {@link #FREE}. Takes the fields a
   * reader holds copies of, so a cold lookup reads the directory and one or two words of one chunk.
   */
  static int classify(long firstWeek, long[][] chunks, long fromUnit, long toUnit) {
    if (!covers(firstWeek, chunks, fromUnit, toUnit)) {
      return MIXED;
    }
    boolean touched = false;
    long u = fromUnit;
    while (u < toUnit) {
      long week = Math.floorDiv(u, WEEK_UNITS);
      long[] chunk = chunks[(int) (week - firstWeek)];
      int bit = (int) (u - week * WEEK_UNITS);
      int word = bit >>> 6;
      long limit = Math.min(toUnit, Math.min(u - (bit & 63) + 64, (week + 1) * WEEK_UNITS));
      long mask = mask(bit & 63, (int) (limit - u));
      if ((chunk[2 * word + 1] & mask) != 0) {
        return BUSY;
      }
      touched |= (chunk[2 * word] & mask) != 0;
      u = limit;
    }
    return touched ? MIXED : FREE;
  }

  /** {@code count} (1 to 64) one bits from bit {@code from}. */
  static long mask(int from, int count) {
    return (count == 64 ? -1L : (1L << count) - 1) << from;
  }

  /** The number of covered weeks whose chunk is not {@link #ZERO} (for memory accounting in tests). */
  int chunkCount() {
    int n = 0;
    for (long[] c : chunks) {
      if (c != ZERO) {
        n++;
      }
    }
    return n;
  }
}
