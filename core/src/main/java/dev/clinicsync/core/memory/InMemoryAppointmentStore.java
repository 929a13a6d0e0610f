package dev.clinicsync.core.memory;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.StorageConflictException;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.store.AppointmentStore;
import dev.clinicsync.core.store.UpsertResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;

/**
 * An {@link AppointmentStore} in memory. Reads run concurrently; writes are serialised, which
 * makes every write atomic with respect to both unique keys. Appointments are also indexed per
 * clinician by start time, so a window query for a few clinicians reads only their part of the
 * store, not every appointment.
 */
public final class InMemoryAppointmentStore implements AppointmentStore {
  private static final Comparator<Appointment> ORDER =
      Comparator.comparing(Appointment::start).thenComparing(a -> a.id().value());

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<AppointmentId, Appointment> byId = new HashMap<>();
  private final Map<String, AppointmentId> bySourceKey = new HashMap<>();
  private final Map<ClinicianId, ClinicianIndex> byClinician = new HashMap<>();

  /** Orders by start, then id; the empty id sorts before every real one. */
  private record StartKey(Instant start, String id) implements Comparable<StartKey> {
    static StartKey of(Appointment a) {
      return new StartKey(a.start(), a.id().value());
    }

    @Override
    public int compareTo(StartKey o) {
      int c = start.compareTo(o.start);
      return c != 0 ? c : id.compareTo(o.id);
    }
  }

  /** One clinician's appointments by start, and the longest one (bounds how far back to look). */
  private static final class ClinicianIndex {
    final TreeMap<StartKey, Appointment> byStart = new TreeMap<>();
    Duration longest = Duration.ZERO;
  }

  @Override
  public Optional<Appointment> findById(AppointmentId id) {
    lock.readLock().lock();
    try {
      return Optional.ofNullable(byId.get(id));
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Optional<Appointment> findBySource(SourceRef source) {
    lock.readLock().lock();
    try {
      AppointmentId id = bySourceKey.get(source.key());
      return id == null ? Optional.empty() : Optional.of(stored(id));
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<Appointment> find(AppointmentQuery query) {
    List<Appointment> out = new ArrayList<>();
    lock.readLock().lock();
    try {
      if (query.window().isEmpty()) {
        for (Appointment a : byId.values()) {
          if (query.matches(a)) {
            out.add(a);
          }
        }
      } else {
        TimeWindow w = query.window().get();
        Collection<ClinicianId> clinicians = query.clinicians().isEmpty() ? byClinician.keySet() : query.clinicians();
        for (ClinicianId c : clinicians) {
          ClinicianIndex index = byClinician.get(c);
          if (index == null) {
            continue;
          }
          StartKey from = new StartKey(w.start().minus(index.longest), "");
          StartKey to = new StartKey(w.end(), "");
          for (Appointment a : index.byStart.subMap(from, true, to, false).values()) {
            if (query.matches(a)) {
              out.add(a);
            }
          }
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    out.sort(ORDER);
    return Collections.unmodifiableList(out);
  }

  @Override
  public Appointment save(Appointment appointment) {
    Checks.notNull(appointment, "appointment");
    lock.writeLock().lock();
    try {
      Appointment current = byId.get(appointment.id());
      long currentRevision = current == null ? 0 : current.revision();
      if (currentRevision != appointment.revision()) {
        throw new StorageConflictException(appointment.id().value(), appointment.revision(), currentRevision);
      }
      String key = appointment.source().key();
      AppointmentId owner = bySourceKey.get(key);
      if (owner != null && !owner.equals(appointment.id())) {
        throw new StorageConflictException(appointment.id().value(),
            "source key " + key + " belongs to appointment " + owner);
      }
      return put(current, appointment.withRevision(currentRevision + 1), key);
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public UpsertResult upsertBySource(Appointment appointment) {
    Checks.notNull(appointment, "appointment");
    lock.writeLock().lock();
    try {
      String key = appointment.source().key();
      AppointmentId existingId = bySourceKey.get(key);
      if (existingId == null) {
        Appointment clash = byId.get(appointment.id());
        if (clash != null) {
          throw new StorageConflictException(appointment.id().value(),
              "appointment id " + appointment.id() + " already belongs to source key " + clash.source().key());
        }
        return new UpsertResult(put(null, appointment.withRevision(1), key), UpsertResult.Outcome.CREATED,
            Optional.empty());
      }
      Appointment current = stored(existingId);
      Appointment candidate = appointment.toBuilder().id(existingId).revision(current.revision()).build();
      if (candidate.equals(current)) {
        return new UpsertResult(current, UpsertResult.Outcome.UNCHANGED, Optional.of(current));
      }
      return new UpsertResult(put(current, candidate.withRevision(current.revision() + 1), key),
          UpsertResult.Outcome.UPDATED, Optional.of(current));
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public Optional<Appointment> delete(AppointmentId id) {
    lock.writeLock().lock();
    try {
      Appointment removed = byId.remove(id);
      if (removed != null) {
        bySourceKey.remove(removed.source().key());
        unindex(removed);
      }
      return Optional.ofNullable(removed);
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public long count() {
    lock.readLock().lock();
    try {
      return byId.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Stores {@code next} (whose source key is {@code key}), replacing {@code previous}. */
  /** An appointment the source-key index points at: the two maps change together under the lock. */
  private Appointment stored(AppointmentId id) {
    return Objects.requireNonNull(byId.get(id), "the source-key index points only at stored appointments");
  }

  private Appointment put(@Nullable Appointment previous, Appointment next, String key) {
    if (previous != null) {
      if (!previous.source().sameKey(next.source())) {
        bySourceKey.remove(previous.source().key());
      }
      unindex(previous);
    }
    byId.put(next.id(), next);
    bySourceKey.put(key, next.id());
    ClinicianIndex index = byClinician.computeIfAbsent(next.clinicianId(), c -> new ClinicianIndex());
    index.byStart.put(StartKey.of(next), next);
    Duration length = Duration.between(next.start(), next.end());
    if (length.compareTo(index.longest) > 0) {
      index.longest = length;
    }
    return next;
  }

  private void unindex(Appointment a) {
    ClinicianIndex index = byClinician.get(a.clinicianId());
    if (index != null) {
      index.byStart.remove(StartKey.of(a));
      if (index.byStart.isEmpty()) {
        byClinician.remove(a.clinicianId());
      }
    }
  }

  @Override
  public String toString() {
    return "InMemoryAppointmentStore[" + count() + " appointments]";
  }
}
