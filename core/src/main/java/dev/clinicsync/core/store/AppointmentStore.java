package dev.clinicsync.core.store;

import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.SourceRef;
import java.util.List;
import java.util.Optional;

/**
 * Where canonical appointments live. The SDK ships an in-memory store and JDBC stores; a host may
 * bring its own, and should run the published {@code AppointmentStoreContract} against it.
 *
 * <p>Contract, for every implementation:
 * <ul>
 *   <li>both the id and the source key {@code (system, externalId)} are unique;
 *   <li>{@link #save} is optimistic: the caller passes the revision it read (0 for a new record),
 *       the store refuses any other with {@link dev.clinicsync.core.StorageConflictException} and
 *       stores the record at revision + 1;
 *   <li>{@link #upsertBySource} is idempotent: the same record twice is {@code UNCHANGED} the
 *       second time;
 *   <li>every method is safe to call from many threads; each call is atomic.
 * </ul>
 */
public interface AppointmentStore {

  Optional<Appointment> findById(AppointmentId id);

  /** The appointment stored under a source key, whatever the version in {@code source}. */
  Optional<Appointment> findBySource(SourceRef source);

  /** Appointments passing the query, ordered by start, then id. */
  List<Appointment> find(AppointmentQuery query);

  /**
   * Inserts ({@code revision() == 0}) or updates ({@code revision() > 0}) under optimistic
   * concurrency.
   *
   * @return the stored appointment, at the new revision
   * @throws dev.clinicsync.core.StorageConflictException when the revision is stale, the record
   *     vanished, or the id or source key belongs to another record
   */
  Appointment save(Appointment appointment);

  /**
   * Inserts or replaces the record stored under the appointment's source key, atomically. A new
   * record keeps the given id; an existing one keeps its stored id, and takes every other field
   * from {@code appointment} (its revision is ignored). A record equal to the stored one is left
   * untouched.
   *
   * @throws dev.clinicsync.core.StorageConflictException when a new record's id is taken by
   *     another source key
   */
  UpsertResult upsertBySource(Appointment appointment);

  /**
   * Deletes an appointment.
   *
   * @return the deleted appointment, empty when there was none
   */
  Optional<Appointment> delete(AppointmentId id);

  /** How many appointments are stored. */
  long count();
}
