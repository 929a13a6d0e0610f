package dev.clinicsync.core.phi;

/** The kinds of identifying data a vendor record may hold. */
public enum PhiField {
  PATIENT_NAME,
  DATE_OF_BIRTH,
  PHONE,
  EMAIL,
  ADDRESS,
  /** Free text: notes, appointment reasons, event descriptions. */
  NOTES,
  /** A title or summary that may name the patient. */
  TITLE,
  TELEHEALTH_LINK,
  MRN,
  /** The vendor's own patient id (the token is derived from it, the id itself is PHI). */
  VENDOR_PATIENT_ID,
  /** Anything else identifying. */
  OTHER
}
