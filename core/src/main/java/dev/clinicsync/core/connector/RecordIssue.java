package dev.clinicsync.core.connector;

import dev.clinicsync.core.Checks;

/**
 * Something wrong with one vendor record, reported beside the page rather than thrown, so the
 * rest of the page still comes through. Names the vendor record and the field, never its content.
 *
 * @param vendorRecordId the vendor's id of the record (or its position when it had none)
 * @param severity whether the record was skipped or kept with a fallback value
 * @param field the field at fault
 * @param reason a PHI-free description
 */
public record RecordIssue(String vendorRecordId, Severity severity, String field, String reason) {

  /** What happened to the record. */
  public enum Severity {
    /** The record could not be normalized and was left out. */
    SKIPPED,
    /** The record was kept, with an explicit fallback for an unknown value. */
    FALLBACK
  }

  public RecordIssue {
    Checks.notBlank(vendorRecordId, "record issue vendor record id");
    Checks.notNull(severity, "record issue severity");
    Checks.notBlank(field, "record issue field");
    Checks.notBlank(reason, "record issue reason");
  }

  public static RecordIssue skipped(String vendorRecordId, String field, String reason) {
    return new RecordIssue(vendorRecordId, Severity.SKIPPED, field, reason);
  }

  public static RecordIssue fallback(String vendorRecordId, String field, String reason) {
    return new RecordIssue(vendorRecordId, Severity.FALLBACK, field, reason);
  }

  @Override
  public String toString() {
    return severity + " " + vendorRecordId + "." + field + ": " + reason;
  }
}
