package dev.clinicsync.connectors.kit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** An AccessTokenProvider handing out "t1", then "t2" after an invalidation, and so on. */
final class FakeTokens implements AccessTokenProvider {
  final AtomicInteger asked = new AtomicInteger();
  final List<String> invalidated = new ArrayList<>();
  private int generation = 1;

  @Override
  public synchronized AccessToken token() {
    asked.incrementAndGet();
    return AccessToken.of("t" + generation, Instant.parse("2030-01-01T00:00:00Z"));
  }

  @Override
  public synchronized void invalidate(AccessToken rejected) {
    invalidated.add(rejected.value().asString());
    generation++;
  }
}
