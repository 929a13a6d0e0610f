package dev.clinicsync.connectors.simplepractice;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.Checks;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which CSV header names feed which {@link CsvColumn}. Header names are matched ignoring case,
 * surrounding spaces and a UTF-8 BOM. Start from {@link #defaults()} (every column's
 * {@link CsvColumn#defaultHeaders()}) and override what an export names differently:
 *
 * <pre>{@code
 * CsvColumnMapping m = CsvColumnMapping.defaults()
 *     .with(CsvColumn.DATE, "Appt Date")
 *     .with(CsvColumn.STATUS, "Attendance", "Show Status");
 * }</pre>
 */
public final class CsvColumnMapping {
  private final Map<CsvColumn, List<String>> headers;

  private CsvColumnMapping(Map<CsvColumn, List<String>> headers) {
    this.headers = headers;
  }

  /** Every column recognised by its default header names. */
  public static CsvColumnMapping defaults() {
    Map<CsvColumn, List<String>> m = new EnumMap<>(CsvColumn.class);
    for (CsvColumn c : CsvColumn.values()) {
      m.put(c, c.defaultHeaders());
    }
    return new CsvColumnMapping(m);
  }

  /** A copy in which {@code column} is recognised by these header names only. */
  public CsvColumnMapping with(CsvColumn column, String... headerNames) {
    Checks.notNull(column, "CSV column");
    if (headerNames.length == 0) {
      throw new ValidationException("CSV column " + column + " needs at least one header name");
    }
    Arrays.stream(headerNames).forEach(h -> Checks.notBlank(h, "CSV header name of " + column));
    Map<CsvColumn, List<String>> m = new EnumMap<>(headers);
    m.put(column, List.of(headerNames));
    return new CsvColumnMapping(m);
  }

  /** A copy in which {@code column} is never read. */
  public CsvColumnMapping without(CsvColumn column) {
    Map<CsvColumn, List<String>> m = new EnumMap<>(headers);
    m.remove(column);
    return new CsvColumnMapping(m);
  }

  /** The header names of a column. */
  public List<String> headerNames(CsvColumn column) {
    return headers.getOrDefault(column, List.of());
  }

  /** The first of the column's header names that the file's header row has, as the file spells it. */
  public Optional<String> find(CsvColumn column, List<String> fileHeaders) {
    for (String wanted : headerNames(column)) {
      for (String actual : fileHeaders) {
        if (normalize(actual).equals(normalize(wanted))) {
          return Optional.of(actual);
        }
      }
    }
    return Optional.empty();
  }

  static String normalize(String header) {
    return header.replace("\uFEFF", "").strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "CsvColumnMapping" + headers;
  }
}
