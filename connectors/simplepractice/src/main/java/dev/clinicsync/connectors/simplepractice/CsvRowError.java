package dev.clinicsync.connectors.simplepractice;

import dev.clinicsync.core.Checks;

/**
 * One CSV row that could not be imported: where and why, never the cell's content.
 *
 * @param row the row number as a spreadsheet shows it (the header is row 1); a row spanning
 *     several lines because of quoted line breaks counts once
 * @param appointmentId the row's APPOINTMENT_ID, when the export has that column and the row a value
 * @param column the logical column at fault, or "row" for the row as a whole
 * @param reason a PHI-free description
 */
public record CsvRowError(long row, java.util.Optional<String> appointmentId, String column, String reason) {
  public CsvRowError {
    Checks.notNull(appointmentId, "CSV row error appointment id");
    Checks.notBlank(column, "CSV row error column");
    Checks.notBlank(reason, "CSV row error reason");
  }

  @Override
  public String toString() {
    return "row " + row + appointmentId.map(a -> " (" + a + ")").orElse("") + " " + column + ": " + reason;
  }
}
