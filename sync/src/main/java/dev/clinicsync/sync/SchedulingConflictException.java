package dev.clinicsync.sync;

import dev.clinicsync.conflict.ConflictReport;
import dev.clinicsync.core.ClinicSyncException;

/**
 * A booking or reschedule was refused because the slot conflicts. The report says with what;
 * an admin may repeat the call with an override reason.
 */
public class SchedulingConflictException extends ClinicSyncException {
  private static final long serialVersionUID = 1L;

  private final transient ConflictReport report;

  public SchedulingConflictException(ConflictReport report) {
    super("the slot has " + report.conflicts().size() + " conflict(s): " + kinds(report));
    this.report = report;
  }

  private static String kinds(ConflictReport report) {
    StringBuilder sb = new StringBuilder();
    report.conflicts().forEach(c -> sb.append(sb.length() == 0 ? "" : ", ").append(c.kind()));
    return sb.toString();
  }

  /** Every conflict of the refused slot. */
  public ConflictReport report() {
    return report;
  }
}
