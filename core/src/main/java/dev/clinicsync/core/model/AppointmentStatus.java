package dev.clinicsync.core.model;

/** Where an appointment stands. Vendor statuses map onto these in one table per connector. */
public enum AppointmentStatus {
  /** A hold or an unconfirmed request, such as Zocdoc's {@code pending_booking}. */
  PENDING,
  /** Booked. */
  SCHEDULED,
  /** Booked and confirmed by the patient or the practice. */
  CONFIRMED,
  /** Cancelled by anyone; never blocks time. */
  CANCELLED,
  /** Took place (arrived, checked out, fulfilled). */
  COMPLETED,
  /** The patient did not come; never blocks time. */
  NO_SHOW
}
