package dev.clinicsync.connectors.tck;

import dev.clinicsync.connectors.kit.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Sleeper} that never sleeps: it records every wait and moves its own {@link #clock()}
 * forward by it, so retries and rate limits run instantly and tests assert on the waits.
 * Thread-safe.
 */
public final class RecordingSleeper implements Sleeper {
  private final List<Duration> waits = new ArrayList<>();
  private Instant now;

  public RecordingSleeper(Instant start) {
    this.now = start;
  }

  /** Starting at 2026-03-02T12:00:00Z. */
  public RecordingSleeper() {
    this(Instant.parse("2026-03-02T12:00:00Z"));
  }

  @Override
  public synchronized void sleep(Duration duration) {
    waits.add(duration);
    if (!duration.isNegative()) {
      now = now.plus(duration);
    }
  }

  /** Every wait so far, in order. */
  public synchronized List<Duration> waits() {
    return List.copyOf(waits);
  }

  /** The sum of the waits. */
  public synchronized Duration total() {
    return waits.stream().reduce(Duration.ZERO, Duration::plus);
  }

  /** Moves time without a recorded wait (time passing between calls). */
  public synchronized void advance(Duration d) {
    now = now.plus(d);
  }

  /** A UTC clock that reads this sleeper's time. */
  public Clock clock() {
    return new SleeperClock();
  }

  private synchronized Instant now() {
    return now;
  }

  private final class SleeperClock extends Clock {
    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("the test clock is UTC only");
    }

    @Override
    public Instant instant() {
      return now();
    }
  }
}
