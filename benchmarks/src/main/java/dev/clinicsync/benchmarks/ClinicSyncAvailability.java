package dev.clinicsync.benchmarks;

import dev.clinicsync.conflict.ConflictEngine;
import dev.clinicsync.conflict.FreeSlots;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.TimeWindow;
import java.time.Duration;
import java.time.Instant;

/** ClinicSync's availability search: {@code freeSlots}, {@code nextFree}, {@code isFree}. */
final class ClinicSyncAvailability implements AvailabilityIndex {
  final ClinicSyncIndex index = new ClinicSyncIndex();
  ClinicianId[] ids;

  @Override
  public void load(Workload w) {
    index.load(w);
    ids = w.clinicians.stream().map(c -> c.id()).toArray(ClinicianId[]::new);
  }

  ConflictEngine engine() {
    return index.engine;
  }

  @Override
  public int freeSlots(int clinician, long from, long to, int duration, int step) {
    return index.engine.freeSlots(ids[clinician], new TimeWindow(Instant.ofEpochSecond(from), Instant.ofEpochSecond(to)),
        Duration.ofSeconds(duration), Duration.ofSeconds(step)).size();
  }

  /** The engine's batch call: every clinician looked up before any is searched. */
  @Override
  public int freeSlots(int[] clinicians, long from, long to, int duration, int step) {
    ClinicianId[] who = new ClinicianId[clinicians.length];
    for (int k = 0; k < who.length; k++) {
      who[k] = ids[clinicians[k]];
    }
    int n = 0;
    for (FreeSlots f : index.engine.freeSlots(java.util.Arrays.asList(who),
        new TimeWindow(Instant.ofEpochSecond(from), Instant.ofEpochSecond(to)), Duration.ofSeconds(duration),
        Duration.ofSeconds(step))) {
      n += f.size();
    }
    return n;
  }

  @Override
  public long nextFree(int clinician, long from, int duration, int step, long horizon) {
    return index.engine.nextFree(ids[clinician], Instant.ofEpochSecond(from), Duration.ofSeconds(duration),
        Duration.ofSeconds(step), Duration.ofSeconds(horizon)).map(w -> w.start().getEpochSecond()).orElse(-1L);
  }

  @Override
  public boolean isFree(int clinician, long start, long end) {
    return index.engine.isFree(ids[clinician], new TimeWindow(Instant.ofEpochSecond(start), Instant.ofEpochSecond(end)));
  }
}
