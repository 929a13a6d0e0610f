package dev.clinicsync.conflict.internal;

import dev.clinicsync.conflict.FreeSlots;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Lets the engine hand {@link FreeSlots} an array of starts it has just built — strictly
 * ascending and referenced nowhere else — without the copy and the order check that
 * {@link FreeSlots#of} makes of a caller's array. Not API: {@link FreeSlots} installs its factory
 * when the class is initialized, and only the engine in this package wraps arrays.
 */
public final class FreeSlotsAccess {
  /** Makes a {@link FreeSlots} that keeps the given array. */
  @FunctionalInterface
  public interface Factory {
    /** Slots of {@code durationSeconds} starting at {@code ascendingStarts}, which the result keeps. */
    FreeSlots wrap(long[] ascendingStarts, long durationSeconds);
  }

  private static volatile @Nullable Factory factory;

  private FreeSlotsAccess() {}

  /**
   * Called once, by {@link FreeSlots}' static initializer.
   *
   * @throws IllegalStateException when a factory is already installed
   */
  public static synchronized void install(Factory f) {
    if (factory != null) {
      throw new IllegalStateException("the free slots factory is already installed");
    }
    factory = Objects.requireNonNull(f, "factory");
  }

  /** {@code starts} (strictly ascending, not shared) as free slots of {@code duration} (whole seconds). */
  static FreeSlots wrap(long[] starts, Duration duration) {
    Factory f = factory;
    if (f == null) {
      FreeSlots.none(duration); // initializes FreeSlots, which installs its factory
      f = Objects.requireNonNull(factory, "free slots factory");
    }
    return f.wrap(starts, duration.getSeconds());
  }
}
