package dev.clinicsync.connectors.simplepractice;

import dev.clinicsync.connectors.icsfeed.RecordFingerprint;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.AppointmentType;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ExternalIdentity;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.phi.PatientTokenizer;
import dev.clinicsync.core.phi.PhiField;
import dev.clinicsync.core.phi.PhiRecord;
import dev.clinicsync.core.store.ClinicianDirectory;
import dev.clinicsync.core.connector.RecordIssue;
import dev.clinicsync.core.connector.SourceRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports a SimplePractice appointments export (CSV, UTF-8 with or without a BOM) with
 * commons-csv. Good rows become {@link SourceRecord}s; each bad row becomes a {@link CsvRowError}
 * naming its row number and the reason, and the import goes on.
 *
 * <p>Columns are found by header name through {@link CsvImportSettings#mapping()}. Required: DATE
 * and, unless DATE holds date and time, START_TIME. Client name, date of birth, phone, e-mail,
 * location and notes go to the {@link PhiRecord} only. A CLIENT_ID becomes the patient token
 * ({@link PatientTokenizer#tokenize} in the settings' namespace); without one the appointment has
 * no patient token (names are never tokenized).
 *
 * <p>Source key: the APPOINTMENT_ID column when the export has one; otherwise an HMAC (the
 * patient tokenizer, namespace {@code "simplepractice-csv-row"}) of clinician, start and client,
 * so a re-import of the same row updates rather than duplicates, and the key reveals nothing.
 * Such a derived key changes when the row's time changes. Each record's vendor version is a keyed
 * content fingerprint (PHI included), so a re-import reports exactly the rows that changed.
 *
 * <p><b>Identifiers.</b> APPOINTMENT_ID, CLIENT_ID and CLINICIAN cells are identifiers: one that
 * starts with {@code =}, {@code +}, {@code -} or {@code @} (also after leading spaces, tabs or
 * line breaks, and in their full-width forms) is a spreadsheet formula, and one with control
 * characters or over {@value #MAX_IDENTIFIER_LENGTH} characters is not an id either. Such a row is
 * a {@link CsvRowError} naming the column and row, and the cell is never passed on, not even as
 * the error's appointment id. A CLINICIAN cell that names no clinician in the directory is a row
 * error too; only a row without a CLINICIAN value gets the default clinician.
 *
 * <p><b>Limits.</b> At most {@link CsvImportSettings#maxRows()} data rows and
 * {@link CsvImportSettings#maxBytes()} bytes (characters, from a Reader) are read; beyond either
 * the import fails with a {@link CsvLimitExceededException} naming the limit.
 *
 * <p><b>PHI.</b> Errors, issues and log lines name the column and row, never a cell's value.
 */
public final class SimplePracticeCsvImporter {
  private static final Logger DEFAULT_LOG = LoggerFactory.getLogger(SimplePracticeCsvImporter.class);
  private static final Pattern LINK = Pattern.compile("(?i)^\\s*https?://\\S*\\s*$");
  private static final String ROW_KEY_NAMESPACE = "simplepractice-csv-row";
  /** The longest identifier cell accepted. */
  static final int MAX_IDENTIFIER_LENGTH = 256;
  /** Characters that start a spreadsheet formula, ASCII and full-width. */
  private static final String FORMULA_STARTS = "=+-@\uFF1D\uFF0B\uFF0D\uFF20";

  private final CsvImportSettings settings;
  private final PatientTokenizer tokenizer;
  private final ClinicianDirectory clinicians;
  private final Logger log;

  /**
   * @param settings how to read the export
   * @param tokenizer turns client ids into patient tokens (and derives row keys)
   * @param clinicians where CLINICIAN values are looked up as SimplePractice external ids
   */
  public SimplePracticeCsvImporter(CsvImportSettings settings, PatientTokenizer tokenizer, ClinicianDirectory clinicians) {
    this(settings, tokenizer, clinicians, DEFAULT_LOG);
  }

  SimplePracticeCsvImporter(CsvImportSettings settings, PatientTokenizer tokenizer, ClinicianDirectory clinicians,
      Logger log) {
    this.settings = Checks.notNull(settings, "CSV import settings");
    this.tokenizer = Checks.notNull(tokenizer, "patient tokenizer");
    this.clinicians = Checks.notNull(clinicians, "clinician directory");
    this.log = Checks.notNull(log, "logger");
  }

  /**
   * Imports a UTF-8 export (a leading BOM is skipped), reading at most
   * {@link CsvImportSettings#maxBytes()} bytes.
   *
   * @throws CsvLimitExceededException when the export has more rows or bytes than the settings allow
   * @throws ValidationException when the header row lacks a required column, or the bytes are not UTF-8
   */
  public CsvImportResult importCsv(InputStream in) {
    Budget budget = new Budget(settings.maxBytes(), "bytes");
    Reader reader = new InputStreamReader(new LimitedInputStream(Checks.notNull(in, "CSV input"), budget),
        StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
    return importCsv(reader, budget);
  }

  /**
   * Imports an export already decoded to characters (a leading BOM is skipped), reading at most
   * {@link CsvImportSettings#maxBytes()} characters.
   *
   * @throws CsvLimitExceededException when the export has more rows or characters than the settings allow
   * @throws ValidationException when the header row lacks a required column
   */
  public CsvImportResult importCsv(Reader in) {
    Budget budget = new Budget(settings.maxBytes(), "characters");
    return importCsv(new LimitedReader(Checks.notNull(in, "CSV input"), budget), budget);
  }

  private CsvImportResult importCsv(Reader in, Budget budget) {
    BufferedReader reader = new BufferedReader(in);
    try {
      reader.mark(1);
      if (reader.read() != '\uFEFF') {
        reader.reset();
      }
      CSVFormat format = CSVFormat.DEFAULT.builder()
          .setHeader()
          .setSkipHeaderRecord(true)
          .setIgnoreEmptyLines(true)
          .setTrim(true)
          .setAllowMissingColumnNames(true)
          .setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_ALL)
          .get();
      try (CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
        return read(parser, budget);
      }
    } catch (IOException | UncheckedIOException e) {
      budget.rethrowIfExceeded();
      throw new ValidationException("the CSV export could not be read: " + safeCause(e));
    } catch (IllegalArgumentException | IllegalStateException e) {
      budget.rethrowIfExceeded();
      // commons-csv rejects a broken header row; its message may quote cells
      throw new ValidationException("the CSV export's header row is not valid CSV");
    }
  }

  private CsvImportResult read(CSVParser parser, Budget budget) {
    List<String> headers = parser.getHeaderNames();
    Map<CsvColumn, String> columns = new EnumMap<>(CsvColumn.class);
    for (CsvColumn c : CsvColumn.values()) {
      settings.mapping().find(c, headers).ifPresent(h -> columns.put(c, h));
    }
    List<String> missing = new ArrayList<>();
    if (!columns.containsKey(CsvColumn.DATE)) {
      missing.add("DATE (one of " + settings.mapping().headerNames(CsvColumn.DATE) + ")");
    }
    if (!missing.isEmpty()) {
      throw new ValidationException("the CSV export's header row lacks required columns", missing);
    }
    List<SourceRecord> records = new ArrayList<>();
    List<CsvRowError> errors = new ArrayList<>();
    List<RecordIssue> issues = new ArrayList<>();
    long rows = 0;
    boolean complete = true;
    Iterator<CSVRecord> it = parser.iterator();
    while (true) {
      CSVRecord record;
      try {
        if (!it.hasNext()) {
          break;
        }
        record = it.next();
      } catch (UncheckedIOException | IllegalStateException e) {
        budget.rethrowIfExceeded();
        errors.add(new CsvRowError(rows + 2, Optional.empty(), "row", "the file is not valid CSV from this row on "
            + "(an unclosed quote?); the rest of the file was not read"));
        complete = false;
        break;
      }
      rows++;
      if (rows > settings.maxRows()) {
        throw new CsvLimitExceededException(CsvLimitExceededException.MAX_ROWS, settings.maxRows(),
            "the export's data rows");
      }
      long rowNumber = record.getRecordNumber() + 1;
      try {
        records.add(RecordFingerprint.versioned(row(record, rowNumber, columns, issues), tokenizer,
            SimplePracticeIcsConfig.VERSION_NAMESPACE));
      } catch (RowException e) {
        Optional<String> appointmentId = new Cells(record, columns).get(CsvColumn.APPOINTMENT_ID)
            .filter(v -> identifierProblem(v).isEmpty());
        errors.add(new CsvRowError(rowNumber, appointmentId, e.column, e.getMessage()));
      }
    }
    log.info("SimplePractice CSV import: {} rows read, {} imported, {} rejected, {} fallbacks",
        rows, records.size(), errors.size(), issues.size());
    return new CsvImportResult(records, errors, issues, rows, complete);
  }

  private SourceRecord row(CSVRecord r, long rowNumber, Map<CsvColumn, String> columns, List<RecordIssue> issues) {
    Cells cells = new Cells(r, columns);
    String dateCell = cells.get(CsvColumn.DATE).orElseThrow(() -> new RowException("DATE", "is empty"));
    Optional<String> timeCell = cells.get(CsvColumn.START_TIME);
    LocalDateTime start;
    if (timeCell.isPresent()) {
      LocalDate date = parse(dateCell, settings.dateFormatters(), LocalDate::from)
          .orElseThrow(() -> new RowException("DATE", "is not a date in the formats " + settings.datePatterns()));
      LocalTime time = parse(timeCell.get(), settings.timeFormatters(), LocalTime::from)
          .orElseThrow(() -> new RowException("START_TIME", "is not a time in the formats " + settings.timePatterns()));
      start = date.atTime(time);
    } else {
      start = parse(dateCell, settings.dateTimeFormatters(), LocalDateTime::from)
          .orElseThrow(() -> new RowException(columns.containsKey(CsvColumn.START_TIME) ? "START_TIME" : "DATE",
              columns.containsKey(CsvColumn.START_TIME) ? "is empty"
                  : "holds no date and time in the formats " + settings.dateTimePatterns()
                  + " and the export has no START_TIME column"));
    }
    LocalDateTime end = end(cells, start);
    var startInstant = start.atZone(settings.zone()).toInstant();
    var endInstant = end.atZone(settings.zone()).toInstant();
    if (!endInstant.isAfter(startInstant)) {
      throw new RowException("END_TIME", "the appointment ends at or before its start");
    }
    Optional<String> appointmentId = cells.identifier(CsvColumn.APPOINTMENT_ID);
    Optional<String> clientId = cells.identifier(CsvColumn.CLIENT_ID);
    ClinicianId clinician = clinician(cells);
    String externalId = appointmentId.orElseGet(() -> "row-" + tokenizer.tokenize(
        ROW_KEY_NAMESPACE, clinician.value() + "|" + startInstant + "|"
            + clientId.or(() -> clientName(cells)).orElse("")).token());
    String id = externalId;
    AppointmentStatus status = status(cells, id, issues);
    AppointmentType type = type(cells, id, issues);
    Appointment.Builder b = Appointment.builder()
        .source(SourceRef.of(SourceSystem.SIMPLEPRACTICE, externalId))
        .clinicianId(clinician)
        .start(startInstant)
        .end(endInstant)
        .status(status)
        .type(type)
        .sourceZone(settings.zone())
        .putSourceMetadata("import", "csv");
    cells.get(CsvColumn.STATUS).map(CsvImportSettings::normalizeStatus)
        .filter(s -> CsvImportSettings.DEFAULT_STATUSES.containsKey(s)) // host-added labels may be free text
        .ifPresent(s -> b.putSourceMetadata("csv.status", s));
    clientId.ifPresent(cid -> b.patient(tokenizer.tokenize(settings.patientNamespace(), cid)));
    try {
      return SourceRecord.of(b.build(), phi(cells));
    } catch (ValidationException e) {
      throw new RowException("row", "the row does not make a valid appointment");
    }
  }

  private LocalDateTime end(Cells cells, LocalDateTime start) {
    Optional<String> endCell = cells.get(CsvColumn.END_TIME);
    if (endCell.isPresent()) {
      Optional<LocalTime> t = parse(endCell.get(), settings.timeFormatters(), LocalTime::from);
      if (t.isPresent()) {
        return start.toLocalDate().atTime(t.get()); // an end at or before the start is rejected by the caller
      }
      return parse(endCell.get(), settings.dateTimeFormatters(), LocalDateTime::from)
          .orElseThrow(() -> new RowException("END_TIME", "is not a time in the formats " + settings.timePatterns()));
    }
    Optional<String> minutes = cells.get(CsvColumn.DURATION_MINUTES);
    if (minutes.isPresent()) {
      String m = minutes.get().replaceAll("(?i)\\s*(min|mins|minutes)\\.?$", "").strip();
      try {
        long n = Long.parseLong(m);
        if (n <= 0 || n > 24 * 60) {
          throw new RowException("DURATION_MINUTES", "must be between 1 and 1440 minutes");
        }
        return start.plusMinutes(n);
      } catch (NumberFormatException e) {
        throw new RowException("DURATION_MINUTES", "is not a whole number of minutes");
      }
    }
    Duration d = settings.defaultDuration().orElseThrow(() ->
        new RowException("END_TIME", "the row has neither an end time nor a duration, and no default duration is configured"));
    return start.plus(d);
  }

  private ClinicianId clinician(Cells cells) {
    Optional<String> name = cells.identifier(CsvColumn.CLINICIAN);
    if (name.isPresent()) {
      // a named clinician nobody has is an error, never the default clinician
      return clinicians.findByExternalId(ExternalIdentity.of(SourceSystem.SIMPLEPRACTICE, name.get()))
          .map(c -> c.id())
          .orElseThrow(() -> new RowException("CLINICIAN",
              "is not the SimplePractice id of any clinician in the directory"));
    }
    return settings.clinician().orElseThrow(() -> new RowException("CLINICIAN",
        "is empty and no default clinician is configured"));
  }

  private AppointmentStatus status(Cells cells, String id, List<RecordIssue> issues) {
    Optional<String> raw = cells.get(CsvColumn.STATUS);
    if (raw.isEmpty()) {
      return AppointmentStatus.SCHEDULED;
    }
    AppointmentStatus s = settings.statusTable().get(CsvImportSettings.normalizeStatus(raw.get()));
    if (s == null) {
      issues.add(RecordIssue.fallback(id, "STATUS", "status not in the status table; mapped to SCHEDULED"));
      return AppointmentStatus.SCHEDULED;
    }
    return s;
  }

  private AppointmentType type(Cells cells, String id, List<RecordIssue> issues) {
    Optional<String> raw = cells.get(CsvColumn.TYPE);
    if (raw.isEmpty()) {
      return settings.defaultType();
    }
    AppointmentType t = settings.typeTable().get(raw.get().toLowerCase(Locale.ROOT));
    if (t == null) {
      issues.add(RecordIssue.fallback(id, "TYPE", "service not in the type table; mapped to " + settings.defaultType()));
      return settings.defaultType();
    }
    return t;
  }

  private static Optional<String> clientName(Cells cells) {
    Optional<String> full = cells.get(CsvColumn.CLIENT_NAME);
    if (full.isPresent()) {
      return full;
    }
    String joined = (cells.get(CsvColumn.CLIENT_FIRST_NAME).orElse("") + " "
        + cells.get(CsvColumn.CLIENT_LAST_NAME).orElse("")).strip();
    return joined.isEmpty() ? Optional.empty() : Optional.of(joined);
  }

  private static PhiRecord phi(Cells cells) {
    PhiRecord.Builder phi = PhiRecord.builder();
    phi.put(PhiField.PATIENT_NAME, clientName(cells).orElse(null));
    phi.put(PhiField.VENDOR_PATIENT_ID, cells.get(CsvColumn.CLIENT_ID).orElse(null));
    phi.put(PhiField.DATE_OF_BIRTH, cells.get(CsvColumn.DATE_OF_BIRTH).orElse(null));
    phi.put(PhiField.PHONE, cells.get(CsvColumn.PHONE).orElse(null));
    phi.put(PhiField.EMAIL, cells.get(CsvColumn.EMAIL).orElse(null));
    phi.put(PhiField.NOTES, cells.get(CsvColumn.NOTES).orElse(null));
    cells.get(CsvColumn.LOCATION).ifPresent(l ->
        phi.put(LINK.matcher(l).matches() ? PhiField.TELEHEALTH_LINK : PhiField.ADDRESS, l));
    cells.get(CsvColumn.TYPE).ifPresent(t -> phi.put(PhiField.OTHER, "Service: " + t));
    return phi.build();
  }

  private static <T> Optional<T> parse(String text, List<DateTimeFormatter> formats,
      java.time.temporal.TemporalQuery<T> query) {
    for (DateTimeFormatter f : formats) {
      try {
        return Optional.of(f.parse(text.strip(), query));
      } catch (DateTimeParseException e) {
        // try the next format
      }
    }
    return Optional.empty();
  }

  private static String safeCause(Exception e) {
    Throwable c = e instanceof UncheckedIOException u
        ? Objects.requireNonNull(u.getCause(), "an UncheckedIOException always has a cause (its constructors require one)")
        : e;
    return c instanceof java.nio.charset.CharacterCodingException ? "it is not UTF-8" : c.getClass().getSimpleName();
  }

  /**
   * Why a cell cannot be an identifier, PHI-free; empty when it can. Refused: a spreadsheet
   * formula (a first visible character {@code = + - @} or their full-width forms), control
   * characters (tabs and line breaks included), more than {@value #MAX_IDENTIFIER_LENGTH}
   * characters.
   */
  static Optional<String> identifierProblem(String cell) {
    int i = 0;
    while (i < cell.length() && (Character.isWhitespace(cell.charAt(i)) || Character.isSpaceChar(cell.charAt(i))
        || Character.isISOControl(cell.charAt(i)))) {
      i++;
    }
    if (i < cell.length() && FORMULA_STARTS.indexOf(cell.charAt(i)) >= 0) {
      return Optional.of("starts like a spreadsheet formula (=, +, - or @) and is refused as an identifier");
    }
    if (cell.chars().anyMatch(Character::isISOControl)) {
      return Optional.of("holds control characters and is refused as an identifier");
    }
    if (cell.length() > MAX_IDENTIFIER_LENGTH) {
      return Optional.of("is longer than " + MAX_IDENTIFIER_LENGTH + " characters and is refused as an identifier");
    }
    return Optional.empty();
  }

  /** The cells of one row by logical column; blank cells are absent. */
  private static final class Cells {
    private final CSVRecord record;
    private final Map<CsvColumn, String> columns;

    Cells(CSVRecord record, Map<CsvColumn, String> columns) {
      this.record = record;
      this.columns = columns;
    }

    Optional<String> get(CsvColumn c) {
      String header = columns.get(c);
      if (header == null || !record.isSet(header)) {
        return Optional.empty();
      }
      @Nullable String v = record.get(header);
      return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip().replace("\r\n", "\n"));
    }

    /** An identifier cell, checked by {@link #identifierProblem} on its raw value. */
    Optional<String> identifier(CsvColumn c) {
      String header = columns.get(c);
      if (header == null || !record.isSet(header)) {
        return Optional.empty();
      }
      @Nullable String raw = record.get(header);
      if (raw == null || raw.isBlank()) {
        return Optional.empty();
      }
      Optional<String> problem = identifierProblem(raw);
      if (problem.isPresent()) {
        throw new RowException(c.name(), problem.get());
      }
      return Optional.of(raw.strip());
    }
  }

  /** How much of the export may still be read; remembers when it ran out. */
  private static final class Budget {
    private final long max;
    private final String unit;
    private long used;
    private boolean exceeded;

    Budget(long max, String unit) {
      this.max = max;
      this.unit = unit;
    }

    void spend(long n) throws IOException {
      used += n;
      if (used > max) {
        exceeded = true;
        throw new IOException("the CSV export is over its size limit");
      }
    }

    void rethrowIfExceeded() {
      if (exceeded) {
        throw new CsvLimitExceededException(CsvLimitExceededException.MAX_BYTES, max, "the export's " + unit);
      }
    }
  }

  /** Counts the bytes read against the budget. */
  private static final class LimitedInputStream extends java.io.FilterInputStream {
    private final Budget budget;

    LimitedInputStream(InputStream in, Budget budget) {
      super(in);
      this.budget = budget;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        budget.spend(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      if (n > 0) {
        budget.spend(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      budget.spend(skipped);
      return skipped;
    }
  }

  /** Counts the characters read against the budget. */
  private static final class LimitedReader extends java.io.FilterReader {
    private final Budget budget;

    LimitedReader(Reader in, Budget budget) {
      super(in);
      this.budget = budget;
    }

    @Override
    public int read() throws IOException {
      int c = super.read();
      if (c >= 0) {
        budget.spend(1);
      }
      return c;
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      if (n > 0) {
        budget.spend(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      budget.spend(skipped);
      return skipped;
    }
  }

  /** A bad row: the message is PHI-free and never quotes the cell. */
  private static final class RowException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String column;
    private final String reason;

    RowException(String column, String reason) {
      super(reason, null, false, false);
      this.column = column;
      this.reason = reason;
    }

    /** The PHI-free reason the row was refused; never null. */
    @Override
    public String getMessage() {
      return reason;
    }
  }
}
