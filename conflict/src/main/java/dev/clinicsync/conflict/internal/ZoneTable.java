package dev.clinicsync.conflict.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A zone's UTC offsets as primitive arrays over 1900–2200, so that the hot path finds the local
 * time of an instant with a table lookup and a short scan, and no allocation. Outside that range it asks
 * {@link ZoneRules}.
 */
final class ZoneTable {
  private static final ConcurrentHashMap<ZoneId, ZoneTable> CACHE = new ConcurrentHashMap<>();
  private static final long LO = -2208988800L; // 1900-01-01T00:00:00Z
  private static final long HI = 7258118400L; // 2200-01-01T00:00:00Z

  private final ZoneRules rules;
  /** Transition instants in [LO, HI), ascending. */
  private final long[] at;
  /** off[0] is the offset before at[0]; off[i + 1] the offset from at[i] on. */
  private final int[] off;
  /** For each span of 2^SHIFT seconds from LO, the number of transitions before the span. */
  private final int[] firstOfSpan;
  private static final int SHIFT = 22; // about 48 days: at most a few transitions per span

  private ZoneTable(ZoneId zone) {
    this.rules = zone.getRules();
    long[] a = new long[64];
    int[] o = new int[65];
    int n = 0;
    o[0] = rules.getOffset(Instant.ofEpochSecond(LO)).getTotalSeconds();
    Instant cursor = Instant.ofEpochSecond(LO);
    while (true) {
      ZoneOffsetTransition t = rules.nextTransition(cursor);
      if (t == null || t.toEpochSecond() >= HI) {
        break;
      }
      if (n == a.length) {
        a = Arrays.copyOf(a, n * 2);
        o = Arrays.copyOf(o, n * 2 + 1);
      }
      a[n] = t.toEpochSecond();
      o[n + 1] = t.getOffsetAfter().getTotalSeconds();
      n++;
      cursor = t.getInstant();
    }
    this.at = Arrays.copyOf(a, n);
    this.off = Arrays.copyOf(o, n + 1);
    int spans = (int) ((HI - LO) >>> SHIFT) + 1;
    this.firstOfSpan = new int[spans + 1];
    int j = 0;
    for (int k = 0; k <= spans; k++) {
      long spanStart = LO + ((long) k << SHIFT);
      while (j < at.length && at[j] < spanStart) {
        j++;
      }
      firstOfSpan[k] = j;
    }
  }

  static ZoneTable of(ZoneId zone) {
    return CACHE.computeIfAbsent(zone, ZoneTable::new);
  }

  /** The offset in seconds at an epoch second. */
  int offsetAt(long epochSecond) {
    return offsetOf(position(epochSecond), epochSecond);
  }

  /**
   * The position of an epoch second among the transitions, for {@link #offsetOf} and
   * {@link #nextOf}; -1 outside the table's range.
   */
  int position(long epochSecond) {
    if (epochSecond < LO || epochSecond >= HI) {
      return -1;
    }
    int i = firstOfSpan[(int) ((epochSecond - LO) >>> SHIFT)];
    while (i < at.length && at[i] <= epochSecond) {
      i++;
    }
    return i;
  }

  /** The offset at a position found by {@link #position}. */
  int offsetOf(int position, long epochSecond) {
    return position < 0 ? rules.getOffset(Instant.ofEpochSecond(epochSecond)).getTotalSeconds() : off[position];
  }

  /** The next transition after a position found by {@link #position}. */
  long nextOf(int position, long epochSecond) {
    if (position < 0) {
      ZoneOffsetTransition t = rules.nextTransition(Instant.ofEpochSecond(epochSecond));
      return t == null ? Long.MAX_VALUE : t.toEpochSecond();
    }
    return position < at.length ? at[position] : HI;
  }
}
