package dev.clinicsync.connectors.simplepractice;

import dev.clinicsync.connectors.simplepractice.internal.Fingerprint;
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
 */
public final class SimplePracticeCsvImporter {
  private static final Logger LOG = LoggerFactory.getLogger(SimplePracticeCsvImporter.class);
  private static final Pattern LINK = Pattern.compile("(?i)^\\s*https?://\\S*\\s*$");
  private static final String ROW_KEY_NAMESPACE = "simplepractice-csv-row";

  private final CsvImportSettings settings;
  private final PatientTokenizer tokenizer;
  private final ClinicianDirectory clinicians;

  /**
   * @param settings how to read the export
   * @param tokenizer turns client ids into patient tokens (and derives row keys)
   * @param clinicians where CLINICIAN values are looked up as SimplePractice external ids
   */
  public SimplePracticeCsvImporter(CsvImportSettings settings, PatientTokenizer tokenizer, ClinicianDirectory clinicians) {
    this.settings = Checks.notNull(settings, "CSV import settings");
    this.tokenizer = Checks.notNull(tokenizer, "patient tokenizer");
    this.clinicians = Checks.notNull(clinicians, "clinician directory");
  }

  /**
   * Imports a UTF-8 export (a leading BOM is skipped).
   *
   * @throws ValidationException when the header row lacks a required column, or the bytes are not UTF-8
   */
  public CsvImportResult importCsv(InputStream in) {
    Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
    return importCsv(reader);
  }

  /**
   * Imports an export already decoded to characters (a leading BOM is skipped).
   *
   * @throws ValidationException when the header row lacks a required column
   */
  public CsvImportResult importCsv(Reader in) {
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
        return read(parser);
      }
    } catch (IOException | UncheckedIOException e) {
      throw new ValidationException("the CSV export could not be read: " + safeCause(e));
    } catch (IllegalArgumentException e) {
      // commons-csv rejects a broken header row; its message may quote cells
      throw new ValidationException("the CSV export's header row is not valid CSV");
    }
  }

  private CsvImportResult read(CSVParser parser) {
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
        errors.add(new CsvRowError(rows + 2, Optional.empty(), "row", "the file is not valid CSV from this row on "
            + "(an unclosed quote?); the rest of the file was not read"));
        complete = false;
        break;
      }
      rows++;
      long rowNumber = record.getRecordNumber() + 1;
      try {
        records.add(Fingerprint.versioned(row(record, rowNumber, columns, issues), tokenizer));
      } catch (RowException e) {
        errors.add(new CsvRowError(rowNumber, new Cells(record, columns).get(CsvColumn.APPOINTMENT_ID), e.column,
            e.getMessage()));
      }
    }
    LOG.info("SimplePractice CSV import: {} rows read, {} imported, {} rejected, {} fallbacks",
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
    ClinicianId clinician = clinician(cells);
    Optional<String> clientId = cells.get(CsvColumn.CLIENT_ID);
    String externalId = cells.get(CsvColumn.APPOINTMENT_ID).orElseGet(() -> "row-" + tokenizer.tokenize(
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
    Optional<String> name = cells.get(CsvColumn.CLINICIAN);
    if (name.isPresent()) {
      return clinicians.findByExternalId(ExternalIdentity.of(SourceSystem.SIMPLEPRACTICE, name.get()))
          .map(c -> c.id())
          .or(() -> settings.clinician())
          .orElseThrow(() -> new RowException("CLINICIAN",
              "is not a SimplePractice id of any clinician in the directory, and no default clinician is configured"));
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
    Throwable c = e instanceof UncheckedIOException u ? u.getCause() : e;
    return c instanceof java.nio.charset.CharacterCodingException ? "it is not UTF-8" : c.getClass().getSimpleName();
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
  }

  /** A bad row: the message is PHI-free and never quotes the cell. */
  private static final class RowException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String column;

    RowException(String column, String reason) {
      super(reason, null, false, false);
      this.column = column;
    }
  }
}
