package dev.clinicsync.conflict.internal;

import dev.clinicsync.conflict.ConflictKind;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How two blocking appointments of one clinician relate, under the engine's buffer and duplicate
 * tolerance: the one rule that checks and scans share.
 */
final class Relation {
  private static final long NANOS = 1_000_000_000L;

  private final long bufferNanos;
  private final long toleranceNanos;
  /**
   * How far, in whole seconds, a neighbour may be from an appointment and still matter: with
   * floored starts and ceiled ends, {@code start < otherEnd + reach} (strictly) keeps every candidate.
   */
  final long reachSeconds;

  Relation(Duration buffer, Duration duplicateTolerance) {
    this.bufferNanos = buffer.toNanos();
    this.toleranceNanos = duplicateTolerance.toNanos();
    this.reachSeconds = (Math.max(bufferNanos, toleranceNanos) + NANOS - 1) / NANOS;
  }

  /** The buffer in nanoseconds. */
  long bufferNanos() {
    return bufferNanos;
  }

  /** Whether overlaps can be decided from whole-second primitives: no buffer to measure. */
  boolean hasBuffer() {
    return bufferNanos > 0;
  }

  /**
   * Whether whole-second intervals are close enough at both ends to be duplicates, when no
   * buffer is configured (conservative: the reach is the tolerance rounded up to a second).
   */
  boolean mayBeDuplicate(long aStart, long aEnd, long bStart, long bEnd) {
    return Math.abs(aStart - bStart) <= reachSeconds && Math.abs(aEnd - bEnd) <= reachSeconds;
  }

  /** How two appointments relate; null when they do not conflict. */
  @Nullable ConflictKind classify(Appointment a, Appointment b) {
    if (a.patient().isPresent()
        && a.patient().equals(b.patient())
        && !a.source().system().equals(b.source().system())
        && within(a.start(), b.start())
        && within(a.end(), b.end())) {
      return ConflictKind.DUPLICATE;
    }
    if (a.start().isBefore(b.end()) && b.start().isBefore(a.end())) {
      return ConflictKind.OVERLAP;
    }
    if (bufferNanos > 0
        && diffNanos(a.end(), b.start()) < bufferNanos
        && diffNanos(b.end(), a.start()) < bufferNanos) {
      return ConflictKind.BUFFER;
    }
    return null;
  }

  /**
   * Whether a busy block is the copy of an appointment, one visit seen twice: the block is marked
   * as read from a calendar that receives the appointment's source system's own calendar sync
   * ({@link BusyBlock#copyOf}), and its window (as indexed, {@code blockWindow}) starts and ends
   * within the duplicate tolerance of the appointment's. Both belong to one clinician (the caller
   * walks that clinician's index).
   */
  boolean isCopy(Appointment a, BusyBlock block, TimeWindow blockWindow) {
    return block.copyOf().isPresent()
        && block.copyOf().get().equals(a.source().system())
        && within(a.start(), blockWindow.start())
        && within(a.end(), blockWindow.end());
  }

  private boolean within(Instant x, Instant y) {
    return Math.abs(diffNanos(x, y)) <= toleranceNanos;
  }

  /** {@code to - from} in nanoseconds, saturated beyond two days either way. */
  private static long diffNanos(Instant from, Instant to) {
    long secs = to.getEpochSecond() - from.getEpochSecond();
    if (secs > 172_800L) {
      return Long.MAX_VALUE / 2;
    }
    if (secs < -172_800L) {
      return -(Long.MAX_VALUE / 2);
    }
    return secs * NANOS + (to.getNano() - from.getNano());
  }
}
