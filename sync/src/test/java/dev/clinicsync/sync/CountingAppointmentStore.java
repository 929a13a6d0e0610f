package dev.clinicsync.sync;

import dev.clinicsync.core.memory.InMemoryAppointmentStore;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.store.AppointmentStore;
import dev.clinicsync.core.store.UpsertResult;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** The in-memory store, recording the id of every appointment written through {@link #save}. */
final class CountingAppointmentStore implements AppointmentStore {
  private final InMemoryAppointmentStore delegate = new InMemoryAppointmentStore();
  private final List<AppointmentId> saves = new CopyOnWriteArrayList<>();

  /** How many times {@link #save} wrote this appointment. */
  long savesOf(AppointmentId id) {
    return saves.stream().filter(id::equals).count();
  }

  void forget() {
    saves.clear();
  }

  @Override
  public Optional<Appointment> findById(AppointmentId id) {
    return delegate.findById(id);
  }

  @Override
  public Optional<Appointment> findBySource(SourceRef source) {
    return delegate.findBySource(source);
  }

  @Override
  public List<Appointment> find(AppointmentQuery query) {
    return delegate.find(query);
  }

  @Override
  public Appointment save(Appointment appointment) {
    saves.add(appointment.id());
    return delegate.save(appointment);
  }

  @Override
  public UpsertResult upsertBySource(Appointment appointment) {
    return delegate.upsertBySource(appointment);
  }

  @Override
  public Optional<Appointment> delete(AppointmentId id) {
    return delegate.delete(id);
  }

  @Override
  public long count() {
    return delegate.count();
  }
}
