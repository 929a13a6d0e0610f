package dev.clinicsync.sync;

import dev.clinicsync.core.memory.InMemoryAppointmentStore;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.store.AppointmentStore;
import dev.clinicsync.core.store.UpsertResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory store that counts its calls: writes, and look-ups per source key. */
final class CountingAppointmentStore implements AppointmentStore {
  final InMemoryAppointmentStore delegate = new InMemoryAppointmentStore();
  final AtomicInteger writes = new AtomicInteger();
  final AtomicInteger queries = new AtomicInteger();
  final AtomicInteger idLookups = new AtomicInteger();
  final Map<String, AtomicInteger> sourceLookups = new ConcurrentHashMap<>();
  /** The source keys written, in order. */
  final List<String> written = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

  /** The ids {@link #save} wrote, in order (booking-path writes). */
  private final List<AppointmentId> saves = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** How many times {@link #save} wrote this appointment. */
  long savesOf(AppointmentId id) {
    return saves.stream().filter(id::equals).count();
  }

  /** Forgets the booking-path writes counted so far. */
  void forget() {
    saves.clear();
  }

  void reset() {
    writes.set(0);
    written.clear();
    queries.set(0);
    idLookups.set(0);
    sourceLookups.clear();
  }

  int sourceLookups() {
    return sourceLookups.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  @Override
  public Optional<Appointment> findById(AppointmentId id) {
    idLookups.incrementAndGet();
    return delegate.findById(id);
  }

  @Override
  public Optional<Appointment> findBySource(SourceRef source) {
    sourceLookups.computeIfAbsent(source.key(), k -> new AtomicInteger()).incrementAndGet();
    return delegate.findBySource(source);
  }

  @Override
  public List<Appointment> find(AppointmentQuery query) {
    queries.incrementAndGet();
    return delegate.find(query);
  }

  @Override
  public Appointment save(Appointment appointment) {
    writes.incrementAndGet();
    written.add("save " + appointment.source().key());
    saves.add(appointment.id());
    return delegate.save(appointment);
  }

  @Override
  public UpsertResult upsertBySource(Appointment appointment) {
    writes.incrementAndGet();
    written.add("upsert " + appointment.source().key());
    return delegate.upsertBySource(appointment);
  }

  @Override
  public Optional<Appointment> delete(AppointmentId id) {
    writes.incrementAndGet();
    written.add("delete " + id);
    return delegate.delete(id);
  }

  @Override
  public long count() {
    return delegate.count();
  }
}
