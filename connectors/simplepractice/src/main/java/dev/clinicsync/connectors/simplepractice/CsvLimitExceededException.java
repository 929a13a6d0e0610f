package dev.clinicsync.connectors.simplepractice;

import dev.clinicsync.core.ValidationException;

/**
 * A CSV export larger than {@link SimplePracticeCsvImporter} reads: more data rows than
 * {@link CsvImportSettings#maxRows()} or more input than {@link CsvImportSettings#maxBytes()}.
 * Nothing of the import is returned. {@link #limit()} names the limit; the message never quotes
 * the export.
 */
public final class CsvLimitExceededException extends ValidationException {
  private static final long serialVersionUID = 1L;

  /** The {@link #limit()} of an export with too many data rows. */
  public static final String MAX_ROWS = "max-rows";
  /** The {@link #limit()} of an export with too many bytes (or characters, read from a Reader). */
  public static final String MAX_BYTES = "max-bytes";

  private final String limit;
  private final long limitValue;

  /**
   * @param limit {@link #MAX_ROWS} or {@link #MAX_BYTES}
   * @param limitValue the configured value of the limit
   * @param what what exceeded it, PHI-free ("the export's data rows")
   */
  public CsvLimitExceededException(String limit, long limitValue, String what) {
    super("the CSV export is too large: " + what + " exceed " + limit + " (" + limitValue + ")");
    this.limit = limit;
    this.limitValue = limitValue;
  }

  /** The limit the export ran into: {@link #MAX_ROWS} or {@link #MAX_BYTES}. */
  public String limit() {
    return limit;
  }

  /** The limit's configured value. */
  public long limitValue() {
    return limitValue;
  }
}
