package dev.clinicsync.conflict.internal;

import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.TimeWindow;
import java.time.Instant;

/**
 * How appointments and busy blocks become {@link IntervalIndex} entries: whole epoch seconds
 * (starts floored, ends ceiled, so an entry never misses an overlap) and an {@code int} tag.
 */
final class Entries {
  /** Tag bit: both ends of the entry are whole seconds, so its primitives are exact. */
  static final int EXACT = 1;
  /** Tag bit: the entry is a busy block, not an appointment. */
  static final int BUSY = 2;

  private Entries() {}

  /**
   * An appointment's tag: its id's hash (so that a proposal recognises itself without reading
   * the other appointment) with the {@link #EXACT} bit.
   */
  static int tag(Appointment a) {
    boolean exact = a.start().getNano() == 0 && a.end().getNano() == 0;
    return (IdTable.hash(a.id()) & ~(EXACT | BUSY)) | (exact ? EXACT : 0);
  }

  /** A busy block's tag, for the window it is indexed at. */
  static int busyTag(TimeWindow w) {
    boolean exact = w.start().getNano() == 0 && w.end().getNano() == 0;
    return BUSY | (exact ? EXACT : 0);
  }

  static long ceilSeconds(Instant t) {
    return t.getNano() == 0 ? t.getEpochSecond() : t.getEpochSecond() + 1;
  }
}
