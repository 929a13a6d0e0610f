package dev.clinicsync.sync.internal;

import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.spi.ConnectorId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The busy blocks the coordinator knows, by source key and by the connector that reported them.
 * Busy blocks are not persisted: the first sync of each connector in a coordinator's life is a
 * full sync, which restores them.
 */
public final class BusyBlockRegistry {
  private final Map<String, BusyBlock> byKey = new HashMap<>();
  private final Map<String, ConnectorId> owner = new HashMap<>();

  /** Adds or replaces a block; returns whether anything changed. */
  public synchronized boolean upsert(ConnectorId connector, BusyBlock block) {
    String key = block.source().key();
    BusyBlock previous = byKey.put(key, block);
    owner.put(key, connector);
    return !block.equals(previous);
  }

  public synchronized Optional<BusyBlock> remove(SourceRef source) {
    owner.remove(source.key());
    return Optional.ofNullable(byKey.remove(source.key()));
  }

  /** The source keys of the blocks a connector reported. */
  public synchronized Set<SourceRef> reportedBy(ConnectorId connector) {
    Set<SourceRef> out = new HashSet<>();
    owner.forEach((key, c) -> {
      if (c.equals(connector)) {
        out.add(byKey.get(key).source());
      }
    });
    return out;
  }

  /** Blocks overlapping a window for the given clinicians (all clinicians when empty), by start. */
  public synchronized List<BusyBlock> in(TimeWindow window, Set<ClinicianId> clinicians) {
    List<BusyBlock> out = new ArrayList<>();
    for (BusyBlock b : byKey.values()) {
      if (window.overlaps(b.start(), b.end()) && (clinicians.isEmpty() || clinicians.contains(b.clinicianId()))) {
        out.add(b);
      }
    }
    out.sort(Comparator.comparing(BusyBlock::start).thenComparing(b -> b.source().key()));
    return out;
  }
}
