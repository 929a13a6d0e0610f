package dev.clinicsync.core.store;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.Appointment;

/**
 * What {@link AppointmentStore#upsertBySource} did.
 *
 * @param appointment the stored appointment after the call
 * @param outcome created, updated, or left unchanged
 */
public record UpsertResult(Appointment appointment, Outcome outcome) {

  /** What happened to the stored record. */
  public enum Outcome {
    CREATED,
    UPDATED,
    UNCHANGED
  }

  public UpsertResult {
    Checks.notNull(appointment, "upsert result appointment");
    Checks.notNull(outcome, "upsert result outcome");
  }
}
