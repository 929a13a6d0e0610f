package dev.clinicsync.sync.internal;

import dev.clinicsync.core.model.ClinicianId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per clinician: a booking's conflict check and its write, and a sync's changes to a
 * clinician, are atomic with respect to each other. Several locks are always taken in id order,
 * so two callers cannot deadlock.
 */
public final class ClinicianLocks {
  private final ConcurrentHashMap<ClinicianId, ReentrantLock> locks = new ConcurrentHashMap<>();

  /** A held set of locks; closing releases them. */
  public interface Held extends AutoCloseable {
    @Override
    void close();
  }

  public Held lock(ClinicianId clinician) {
    return lock(List.of(clinician));
  }

  public Held lock(Collection<ClinicianId> clinicians) {
    TreeSet<ClinicianId> ordered = new TreeSet<>(Comparator.comparing(ClinicianId::value));
    ordered.addAll(clinicians);
    List<ReentrantLock> taken = new ArrayList<>(ordered.size());
    for (ClinicianId id : ordered) {
      ReentrantLock l = locks.computeIfAbsent(id, k -> new ReentrantLock());
      l.lock();
      taken.add(l);
    }
    return () -> {
      for (int i = taken.size() - 1; i >= 0; i--) {
        taken.get(i).unlock();
      }
    };
  }
}
