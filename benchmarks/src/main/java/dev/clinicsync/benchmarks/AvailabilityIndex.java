package dev.clinicsync.benchmarks;

import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.LocalTimeRange;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;

/**
 * The availability questions every implementation answers (the {@link ConflictIndex} pattern for
 * {@link AvailabilityBenchmark}): free slots of one length on a grid in a window, the next free
 * slot, and whether a window is free. Clinicians are named by their index in
 * {@link Workload#clinicians}; times are epoch seconds; slots lie on the clinician's local grid of
 * {@code step} seconds (the workload's working hours start on whole hours, so a grid walked from a
 * working range's start is the local grid).
 */
public interface AvailabilityIndex extends AutoCloseable {

  /** Indexes the workload. */
  void load(Workload workload);

  /** The number of free slots of {@code duration} seconds on the grid inside {@code [from, to)}. */
  int freeSlots(int clinician, long from, long to, int duration, int step);

  /**
   * The free slots of several clinicians over one window (a location's question): the total count.
   * By default one {@link #freeSlots(int, long, long, int, int)} per clinician; an implementation
   * with a batch call of its own uses it.
   */
  default int freeSlots(int[] clinicians, long from, long to, int duration, int step) {
    int n = 0;
    for (int c : clinicians) {
      n += freeSlots(c, from, to, duration, step);
    }
    return n;
  }

  /** The start of the first free slot starting in {@code [from, from + horizon)}, or -1. */
  long nextFree(int clinician, long from, int duration, int step, long horizon);

  /** Whether {@code [start, end)} is free: inside working hours, nothing blocking. */
  boolean isFree(int clinician, long start, long end);

  @Override
  default void close() {}

  /**
   * The clinician's working ranges that meet {@code [from, to)}, clipped to it, as epoch-second
   * pairs {@code [s0, e0, s1, e1, ...]} in order (java.time; what a host computes from its
   * directory); a range cut by {@code from} starts at its next grid point of {@code step}. The
   * workload has no exceptions and no ranges past midnight.
   */
  static long[] workingRanges(Clinician c, long from, long to, int step) {
    ZoneId zone = c.zone();
    LocalDate first = java.time.Instant.ofEpochSecond(from).atZone(zone).toLocalDate();
    LocalDate last = java.time.Instant.ofEpochSecond(to).atZone(zone).toLocalDate();
    long[] out = new long[16];
    int n = 0;
    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
      for (LocalTimeRange r : c.availability().rangesOn(d.getDayOfWeek())) {
        long rs = ZonedDateTime.of(d, r.start(), zone).toEpochSecond();
        long s = from > rs ? alignUp(from, rs, step) : rs;
        long e = Math.min(to, ZonedDateTime.of(d, r.end(), zone).toEpochSecond());
        if (s < e) {
          if (n == out.length) {
            out = Arrays.copyOf(out, n * 2);
          }
          out[n++] = s;
          out[n++] = e;
        }
      }
    }
    return Arrays.copyOf(out, n);
  }

  /** The first grid point at or after {@code t} of a grid anchored at {@code anchor}. */
  static long alignUp(long t, long anchor, int step) {
    long k = Math.floorDiv(t - anchor + step - 1, step);
    return anchor + k * step;
  }
}
