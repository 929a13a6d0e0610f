package dev.clinicsync.sync.internal;

import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.model.ConnectorId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The busy blocks the coordinator knows, by source key, by the connector that reported them,
 * and per clinician by start (so a calendar read touches only its clinicians' blocks). Busy
 * blocks are not persisted: the first sync of each connector in a coordinator's life is a full
 * sync, which restores them.
 */
public final class BusyBlockRegistry {
  private final Map<String, Entry> byKey = new HashMap<>();
  private final Map<ClinicianId, PerClinician> byClinician = new HashMap<>();

  private record Entry(BusyBlock block, ConnectorId connector) {}

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
  public synchronized boolean upsert(ConnectorId connector, BusyBlock block) {
    String key = block.source().key();
    Entry previous = byKey.put(key, new Entry(block, connector));
    if (previous != null) {
      unindex(previous.block());
    }
    PerClinician index = byClinician.computeIfAbsent(block.clinicianId(), c -> new PerClinician());
    index.byStart.put(new StartKey(block.start(), key), block);
    Duration length = Duration.between(block.start(), block.end());
    if (length.compareTo(index.longest) > 0) {
      index.longest = length;
    }
    return previous == null || !previous.block().equals(block);
  }

  public synchronized Optional<BusyBlock> remove(SourceRef source) {
    Entry removed = byKey.remove(source.key());
    if (removed == null) {
      return Optional.empty();
    }
    unindex(removed.block());
    return Optional.of(removed.block());
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

  /** The source keys of the blocks a connector reported. */
  public synchronized Set<SourceRef> reportedBy(ConnectorId connector) {
    Set<SourceRef> out = new HashSet<>();
    for (Entry e : byKey.values()) {
      if (e.connector().equals(connector)) {
        out.add(e.block().source());
      }
    }
    return out;
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
    out.sort(Comparator.comparing(BusyBlock::start).thenComparing(b -> b.source().key()));
    return out;
  }
}
