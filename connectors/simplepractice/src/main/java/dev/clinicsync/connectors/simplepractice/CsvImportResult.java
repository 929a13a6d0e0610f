package dev.clinicsync.connectors.simplepractice;

import dev.clinicsync.core.connector.RecordIssue;
import dev.clinicsync.core.connector.SourceRecord;
import java.util.List;

/**
 * What an import produced: the good rows as records, the bad rows as errors, and the rows kept
 * with a fallback as issues.
 *
 * @param records one record per imported row, each with its PHI part
 * @param rowErrors rows left out, with row number and reason
 * @param issues rows kept with a fallback (an unknown status or type)
 * @param rowsRead how many data rows were read
 * @param complete false when the file broke off (for example an unclosed quote) before its end;
 *     the rows after the break were not read
 */
public record CsvImportResult(
    List<SourceRecord> records, List<CsvRowError> rowErrors, List<RecordIssue> issues, long rowsRead, boolean complete) {

  public CsvImportResult {
    records = List.copyOf(records);
    rowErrors = List.copyOf(rowErrors);
    issues = List.copyOf(issues);
  }

  @Override
  public String toString() {
    return "CsvImportResult[" + records.size() + " imported, " + rowErrors.size() + " rejected, "
        + issues.size() + " issues, " + rowsRead + " rows, complete=" + complete + "]";
  }
}
