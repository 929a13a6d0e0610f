package dev.clinicsync.core.store;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.Appointment;
import java.util.Optional;

/**
 * What {@link AppointmentStore#upsertBySource} did.
 *
 * @param appointment the stored appointment after the call
 * @param outcome created, updated, or left unchanged
 * @param previous what the store held under the source key before the call (empty when created),
 *     so that a caller reads a record once per ingest
 */
public record UpsertResult(Appointment appointment, Outcome outcome, Optional<Appointment> previous) {

  /** What happened to the stored record. */
  public enum Outcome {
    CREATED,
    UPDATED,
    UNCHANGED
  }

  public UpsertResult {
    Checks.notNull(appointment, "upsert result appointment");
    Checks.notNull(outcome, "upsert result outcome");
    Checks.notNull(previous, "upsert result previous");
    if ((outcome == Outcome.CREATED) != previous.isEmpty()) {
      throw new dev.clinicsync.core.ValidationException("an upsert result has a previous record exactly when it"
          + " did not create one");
    }
  }
}
