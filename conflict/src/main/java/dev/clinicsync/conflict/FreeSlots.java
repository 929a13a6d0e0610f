package dev.clinicsync.conflict;

import dev.clinicsync.conflict.internal.FreeSlotsAccess;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.model.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The free slots of one clinician found by {@link ConflictEngine#freeSlots}: slots of one length,
 * kept as a sorted primitive array of their starts in epoch seconds (no object per slot).
 * Immutable; {@link #windows()} is a flyweight view that makes a {@link TimeWindow} only when an
 * element is read.
 *
 * <p>Holds times only: no appointment, patient or source is named, so it is PHI-free by
 * construction.
 */
public final class FreeSlots {
  private static final long[] NONE = new long[0];

  static {
    // the engine's own arrays are ascending and unshared: no copy, no check (see FreeSlotsAccess)
    FreeSlotsAccess.install((starts, seconds) -> new FreeSlots(starts.length == 0 ? NONE : starts, seconds));
  }

  private final long[] starts;
  private final long durationSeconds;

  private FreeSlots(long[] starts, long durationSeconds) {
    this.starts = starts;
    this.durationSeconds = durationSeconds;
  }

  /**
   * Slots of {@code duration} starting at the given epoch seconds.
   *
   * @param starts strictly ascending epoch seconds (copied)
   * @param duration the slots' length: positive, whole seconds
   */
  public static FreeSlots of(long[] starts, Duration duration) {
    Checks.notNull(starts, "free slot starts");
    long d = seconds(duration);
    for (int i = 1; i < starts.length; i++) {
      if (starts[i] <= starts[i - 1]) {
        throw new ValidationException("free slot starts must be strictly ascending; they are not at position " + i);
      }
    }
    return new FreeSlots(starts.length == 0 ? NONE : starts.clone(), d);
  }

  /** No slot, of the given length. */
  public static FreeSlots none(Duration duration) {
    return new FreeSlots(NONE, seconds(duration));
  }

  private static long seconds(Duration duration) {
    Checks.notNull(duration, "free slot duration");
    if (duration.isNegative() || duration.isZero() || duration.getNano() != 0) {
      throw new ValidationException("free slot duration must be a positive whole number of seconds");
    }
    return duration.getSeconds();
  }

  /** The number of slots. */
  public int size() {
    return starts.length;
  }

  public boolean isEmpty() {
    return starts.length == 0;
  }

  /** The slots' length. */
  public Duration duration() {
    return Duration.ofSeconds(durationSeconds);
  }

  /** The start of slot {@code i} in epoch seconds. */
  public long startEpochSecond(int i) {
    return starts[i];
  }

  /** The start of slot {@code i}. */
  public Instant start(int i) {
    return Instant.ofEpochSecond(starts[i]);
  }

  /** Slot {@code i} as a window. */
  public TimeWindow window(int i) {
    return new TimeWindow(Instant.ofEpochSecond(starts[i]), Instant.ofEpochSecond(starts[i] + durationSeconds));
  }

  /** Whether a slot starts at this epoch second. */
  public boolean containsStart(long epochSecond) {
    return Arrays.binarySearch(starts, epochSecond) >= 0;
  }

  /** A copy of the starts, in epoch seconds, ascending. */
  public long[] startsEpochSeconds() {
    return starts.clone();
  }

  /** The slots as windows: a read-only view that builds each window when it is read. */
  public List<TimeWindow> windows() {
    return new AbstractList<>() {
      @Override
      public TimeWindow get(int index) {
        return window(index);
      }

      @Override
      public int size() {
        return starts.length;
      }
    };
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof FreeSlots f && f.durationSeconds == durationSeconds && Arrays.equals(f.starts, starts);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(starts) * 31 + Long.hashCode(durationSeconds);
  }

  /** The count, the length and the first and last start: times only. */
  @Override
  public String toString() {
    if (starts.length == 0) {
      return "FreeSlots[none, " + duration() + "]";
    }
    return "FreeSlots[" + starts.length + " of " + duration() + ", first " + start(0) + ", last "
        + start(starts.length - 1) + "]";
  }
}
