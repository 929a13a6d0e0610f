package dev.clinicsync.conflict.internal;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One clinician's state in the engine, immutable and replaced as a whole: the compiled
 * availability and one {@link IntervalIndex} of blocking appointments and busy blocks (busy ones
 * carry {@link Entries#BUSY}). It repeats the few fields of the index and the availability that a
 * lookup needs first, so that a cache-cold check reads this object and then the week directory,
 * and a slot inside working hours never visits the availability object.
 */
final class ClinicianState {
  private static final int[] NO_RANGES = new int[8];
  private static final CompiledAvailability.@Nullable WeekHours[] NO_HOURS =
      new CompiledAvailability.WeekHours[CompiledAvailability.WEEK_SLOTS];
  static final ClinicianState EMPTY = new ClinicianState(null, IntervalIndex.EMPTY, 0, Occupancy.EMPTY);

  final @Nullable CompiledAvailability availability;
  final IntervalIndex entries;
  final int busyCount;
  final int[][] weeks;
  final Object[][] refs;
  final long[] meta;
  final long[] keys;
  final long firstKey;
  final int bucketCount;
  final boolean dense;
  final int longCount;
  final @Nullable ZoneTable zoneTable;
  final int[] weekly;
  final int exceptionCount;
  final boolean hasTimeOff;
  /** {@link #availability}'s week-hours cache, repeated so that a lookup skips the availability object. */
  final CompiledAvailability.@Nullable WeekHours[] hoursCache;
  /** The occupancy bitmap kept beside {@link #entries}: equal to what they imply, or covering less. */
  final Occupancy occupancy;
  /** {@link #occupancy}'s fields, repeated so that a lookup reads the directory straight from here. */
  final long occFirstWeek;
  final long[][] occChunks;
  /** {@link #occupancy}'s write count when this state was built: its bits are trusted only while it holds. */
  final long occVersion;

  /** A state without occupancy bits (every question goes to the index). */
  ClinicianState(@Nullable CompiledAvailability availability, IntervalIndex entries, int busyCount) {
    this(availability, entries, busyCount, Occupancy.EMPTY);
  }

  ClinicianState(@Nullable CompiledAvailability availability, IntervalIndex entries, int busyCount,
      Occupancy occupancy) {
    this.occupancy = occupancy;
    this.occFirstWeek = occupancy.firstWeek;
    this.occChunks = occupancy.chunks;
    this.occVersion = occupancy.version();
    this.availability = availability;
    this.entries = entries;
    this.busyCount = busyCount;
    this.weeks = entries.weeks;
    this.refs = entries.refs;
    this.meta = entries.meta;
    this.keys = entries.keys;
    this.firstKey = entries.firstKey;
    this.bucketCount = entries.keys.length;
    this.dense = entries.dense;
    this.longCount = entries.longStarts.length;
    this.zoneTable = availability == null ? null : availability.table;
    this.weekly = availability == null ? NO_RANGES : availability.weekly();
    this.exceptionCount = availability == null ? 0 : availability.exceptionCount();
    this.hasTimeOff = availability != null && availability.hasTimeOff();
    this.hoursCache = availability == null ? NO_HOURS : availability.weekCache();
  }

  /**
   * This state with other entries and no occupancy bits (always correct: every question then goes
   * to the index); writers that keep the bits use {@link #withEntries(IntervalIndex, int, Occupancy)}.
   */
  ClinicianState withEntries(IntervalIndex next, int nextBusyCount) {
    return new ClinicianState(availability, next, nextBusyCount);
  }

  /** This state with other entries and the occupancy bits refreshed for them. */
  ClinicianState withEntries(IntervalIndex next, int nextBusyCount, Occupancy nextOccupancy) {
    return new ClinicianState(availability, next, nextBusyCount, nextOccupancy);
  }

  /** The first bucket whose entries may end after {@code from}: the start of a query's bucket walk. */
  int firstBucketFrom(long from) {
    return ceilingBucket(Math.floorDiv(from - IntervalIndex.SHORT, IntervalIndex.WEEK));
  }

  /** One past the last bucket whose entries may start before {@code to}. */
  int bucketsBefore(long to) {
    return ceilingBucket(Math.floorDiv(to - 1, IntervalIndex.WEEK) + 1);
  }

  /** The start of week bucket {@code bi} in epoch seconds. */
  long weekStart(int bi) {
    return (dense ? firstKey + bi : keys[bi]) * IntervalIndex.WEEK;
  }

  /** The first bucket with {@code key >= k}: by subtraction while the weeks run without gaps. */
  private int ceilingBucket(long k) {
    if (dense) {
      long i = k - firstKey;
      return i <= 0 ? 0 : (int) Math.min(i, bucketCount);
    }
    int i = Arrays.binarySearch(keys, k); // keys are distinct
    return i >= 0 ? i : -i - 1;
  }
}
