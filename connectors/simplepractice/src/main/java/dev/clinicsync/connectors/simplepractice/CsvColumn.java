package dev.clinicsync.connectors.simplepractice;

import dev.clinicsync.core.phi.PhiField;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The logical columns of an appointments export. SimplePractice's CSV column names are not
 * documented and differ between reports, so each logical column has a list of header names it is
 * recognised by ({@link CsvColumnMapping#defaults()}), which a host can replace.
 */
public enum CsvColumn {
  /** The export's own appointment id; when present it is the source key. */
  APPOINTMENT_ID(null, "Appointment ID", "Appointment Id", "ID"),
  /** The appointment date (with {@link #START_TIME}), or a combined date and time. */
  DATE(null, "Date", "Date of Service", "Appointment Date", "Start Date"),
  /** The start time on {@link #DATE}; may be absent when DATE holds date and time. */
  START_TIME(null, "Start Time", "Time", "Start"),
  /** The end time on {@link #DATE}. */
  END_TIME(null, "End Time", "End"),
  /** The length in minutes, used when there is no end time. */
  DURATION_MINUTES(null, "Duration", "Duration (min)", "Duration (minutes)", "Minutes"),
  /** The attendance status ("show", "no show", "late cancelled"...). */
  STATUS(null, "Status", "Attendance Status", "Appointment Status", "Attendance"),
  /** The service or appointment type. */
  TYPE(null, "Service", "Service Code", "Appointment Type", "Type"),
  /** The clinician, looked up as a SimplePractice external id in the clinician directory. */
  CLINICIAN(null, "Clinician", "Provider", "Clinician Name"),
  /** SimplePractice's client id: tokenized into the patient token, kept as PHI. */
  CLIENT_ID(PhiField.VENDOR_PATIENT_ID, "Client ID", "Client Id", "Patient ID"),
  /** The client's full name (PHI). */
  CLIENT_NAME(PhiField.PATIENT_NAME, "Client", "Client Name", "Patient", "Patient Name"),
  /** The client's first name (PHI), joined with the last name. */
  CLIENT_FIRST_NAME(PhiField.PATIENT_NAME, "Client First Name", "First Name"),
  /** The client's last name (PHI), joined with the first name. */
  CLIENT_LAST_NAME(PhiField.PATIENT_NAME, "Client Last Name", "Last Name"),
  /** The client's date of birth (PHI). */
  DATE_OF_BIRTH(PhiField.DATE_OF_BIRTH, "Date of Birth", "DOB", "Birth Date"),
  /** The client's phone (PHI). */
  PHONE(PhiField.PHONE, "Phone", "Client Phone", "Mobile Phone"),
  /** The client's e-mail (PHI). */
  EMAIL(PhiField.EMAIL, "Email", "Client Email", "E-mail"),
  /** The location: an office or a telehealth link (PHI). */
  LOCATION(PhiField.ADDRESS, "Location", "Office", "Place of Service"),
  /** Free-text notes or memo (PHI). */
  NOTES(PhiField.NOTES, "Notes", "Memo", "Comments");

  /** Null for the columns that hold no PHI (identifiers, times, status, type, clinician). */
  private final @Nullable PhiField phi;
  private final List<String> defaultHeaders;

  CsvColumn(@Nullable PhiField phi, String... defaultHeaders) {
    this.phi = phi;
    this.defaultHeaders = List.of(defaultHeaders);
  }

  /** The header names this column is recognised by unless the mapping says otherwise. */
  public List<String> defaultHeaders() {
    return defaultHeaders;
  }

  /** The PHI field this column's value goes to, for identifying columns. */
  public Optional<PhiField> phiField() {
    return Optional.ofNullable(phi);
  }
}
