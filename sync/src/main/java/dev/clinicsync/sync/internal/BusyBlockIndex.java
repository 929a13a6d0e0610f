package dev.clinicsync.sync.internal;

import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The coordinator's in-memory read index of the busy blocks in the
 * {@link dev.clinicsync.core.store.BusyBlockStore} (the source of truth, which a restart reloads
 * this from): by source key, and per clinician by start, so a calendar read touches only its
 * clinicians' blocks. Written only after the store, by the apply step.
 */
public final class BusyBlockIndex {
  private final Map<String, BusyBlock> byKey = new HashMap<>();
  private final Map<ClinicianId, PerClinician> byClinician = new HashMap<>();

  /** Orders blocks by start, then system and vendor id, without building a key string per comparison. */
  private static final Comparator<BusyBlock> BY_START_THEN_SOURCE = Comparator.comparing(BusyBlock::start)
      .thenComparing(b -> b.source().system().id()).thenComparing(b -> b.source().externalId());

  /** Orders by start, then source key; the empty key sorts first. */
  private record StartKey(Instant start, String key) implements Comparable<StartKey> {
    @Override
    public int compareTo(StartKey o) {
      int c = start.compareTo(o.start);
      return c != 0 ? c : key.compareTo(o.key);
    }
  }

  private static final class PerClinician {
    final TreeMap<StartKey, BusyBlock> byStart = new TreeMap<>();
    Duration longest = Duration.ZERO;
  }

  /** Adds or replaces a block; returns whether anything changed. */
  public synchronized boolean upsert(BusyBlock block) {
    String key = block.source().key();
    BusyBlock previous = byKey.put(key, block);
    if (previous != null) {
      unindex(previous);
    }
    PerClinician index = byClinician.computeIfAbsent(block.clinicianId(), c -> new PerClinician());
    index.byStart.put(new StartKey(block.start(), key), block);
    Duration length = Duration.between(block.start(), block.end());
    if (length.compareTo(index.longest) > 0) {
      index.longest = length;
    }
    return previous == null || !previous.equals(block);
  }

  /** Removes the block with this source key, whatever its version. */
  public synchronized Optional<BusyBlock> remove(SourceRef source) {
    BusyBlock removed = byKey.remove(source.key());
    if (removed == null) {
      return Optional.empty();
    }
    unindex(removed);
    return Optional.of(removed);
  }

  private void unindex(BusyBlock b) {
    PerClinician index = byClinician.get(b.clinicianId());
    if (index != null) {
      index.byStart.remove(new StartKey(b.start(), b.source().key()));
      if (index.byStart.isEmpty()) {
        byClinician.remove(b.clinicianId());
      }
    }
  }

  /** Blocks overlapping a window for the given clinicians (all clinicians when empty), by start. */
  public synchronized List<BusyBlock> in(TimeWindow window, Set<ClinicianId> clinicians) {
    List<BusyBlock> out = new ArrayList<>();
    Collection<ClinicianId> which = clinicians.isEmpty() ? byClinician.keySet() : clinicians;
    for (ClinicianId c : which) {
      PerClinician index = byClinician.get(c);
      if (index == null) {
        continue;
      }
      StartKey from = new StartKey(window.start().minus(index.longest), "");
      StartKey to = new StartKey(window.end(), "");
      for (BusyBlock b : index.byStart.subMap(from, true, to, false).values()) {
        if (window.overlaps(b.start(), b.end())) {
          out.add(b);
        }
      }
    }
    out.sort(BY_START_THEN_SOURCE);
    return out;
  }
}
