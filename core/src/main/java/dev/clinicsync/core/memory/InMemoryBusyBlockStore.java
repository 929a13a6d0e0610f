package dev.clinicsync.core.memory;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.store.BusyBlockStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link BusyBlockStore} in memory: thread-safe, every call atomic. */
public final class InMemoryBusyBlockStore implements BusyBlockStore {
  private record Owned(ConnectorId owner, BusyBlock block) {}

  private final Map<String, Owned> bySourceKey = new HashMap<>();

  @Override
  public synchronized Change upsert(ConnectorId owner, BusyBlock block) {
    Checks.notNull(owner, "busy block owner");
    Checks.notNull(block, "busy block");
    Owned next = new Owned(owner, block);
    Owned previous = bySourceKey.put(block.source().key(), next);
    if (previous == null) {
      return Change.CREATED;
    }
    return previous.equals(next) ? Change.UNCHANGED : Change.UPDATED;
  }

  @Override
  public synchronized Optional<BusyBlock> remove(SourceRef source) {
    Owned removed = bySourceKey.remove(Checks.notNull(source, "busy block source").key());
    return removed == null ? Optional.empty() : Optional.of(removed.block());
  }

  @Override
  public synchronized Optional<BusyBlock> find(SourceRef source) {
    Owned found = bySourceKey.get(Checks.notNull(source, "busy block source").key());
    return found == null ? Optional.empty() : Optional.of(found.block());
  }

  @Override
  public synchronized List<BusyBlock> findByOwner(ConnectorId owner) {
    Checks.notNull(owner, "busy block owner");
    List<BusyBlock> out = new ArrayList<>();
    for (Owned o : bySourceKey.values()) {
      if (o.owner().equals(owner)) {
        out.add(o.block());
      }
    }
    return List.copyOf(out);
  }

  @Override
  public synchronized List<BusyBlock> find(ClinicianId clinician, TimeWindow window) {
    Checks.notNull(clinician, "busy block clinician");
    Checks.notNull(window, "busy block window");
    List<BusyBlock> out = new ArrayList<>();
    for (Owned o : bySourceKey.values()) {
      BusyBlock b = o.block();
      if (b.clinicianId().equals(clinician) && window.overlaps(b.start(), b.end())) {
        out.add(b);
      }
    }
    out.sort(Comparator.comparing(BusyBlock::start).thenComparing(b -> b.source().key()));
    return List.copyOf(out);
  }

  @Override
  public synchronized List<BusyBlock> all() {
    List<BusyBlock> out = new ArrayList<>(bySourceKey.size());
    bySourceKey.values().forEach(o -> out.add(o.block()));
    return List.copyOf(out);
  }
}
