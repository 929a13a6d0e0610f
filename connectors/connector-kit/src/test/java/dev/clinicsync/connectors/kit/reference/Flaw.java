package dev.clinicsync.connectors.kit.reference;

/** A deliberate defect of the reference connector, to prove the TCK catches it. */
enum Flaw {
  /** A correct connector. */
  NONE,
  /** Copies the patient's name into the appointment metadata (or a busy block's calendar id). */
  LEAKS_PATIENT_NAME,
  /** Reports the first page as the last one, losing the rest. */
  LOSES_A_PAGE,
  /** Allows private addresses, reads bodies of up to 512 MiB and waits ten minutes for a call. */
  UNHARDENED
}
