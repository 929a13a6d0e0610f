package dev.clinicsync.connectors.simplepractice;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.AppointmentType;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.SourceSystem;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How {@link SimplePracticeCsvImporter} reads an export. Build with {@link #builder(ZoneId)}; only
 * the practice zone is required.
 *
 * <p>Defaults: {@link CsvColumnMapping#defaults()}; dates {@code M/d/uuuu} or {@code uuuu-MM-dd};
 * times {@code h:mm a}, {@code h:mma} or {@code H:mm} (AM/PM in any case); a DATE column that holds
 * date and time {@code M/d/uuuu h:mm a} or ISO {@code uuuu-MM-dd'T'HH:mm}; patient namespace
 * {@code "simplepractice"} (the same as the iCalendar feed, so tokens match across both); default
 * type CONSULT; no default duration (a row without end time or duration is an error); at most
 * {@value #DEFAULT_MAX_ROWS} data rows and {@value #DEFAULT_MAX_BYTES} bytes (characters when read
 * from a {@link java.io.Reader}), beyond which the import fails with
 * {@link CsvLimitExceededException}.
 *
 * <p>Status table, matched ignoring case, spaces, dashes and underscores ("No-Show" = "no show"),
 * extendable with {@link Builder#status}: show, attended, arrived, completed → COMPLETED;
 * no show → NO_SHOW; late cancelled, late canceled, cancelled, canceled, clinician cancelled,
 * client cancelled → CANCELLED; scheduled, booked → SCHEDULED; confirmed → CONFIRMED;
 * pending, requested → PENDING; an empty status → SCHEDULED. Anything else → SCHEDULED with a
 * FALLBACK issue.
 *
 * @param mapping which headers feed which columns
 * @param zone the practice zone the export's local times are in
 * @param clinician the clinician of rows without a CLINICIAN value
 * @param patientNamespace the tokenizer namespace of client ids
 * @param datePatterns date formats tried in order
 * @param timePatterns time formats tried in order
 * @param dateTimePatterns formats of a DATE cell holding date and time, tried in order
 * @param statusTable normalized vendor status → canonical status
 * @param typeTable vendor service/type value (ignoring case) → canonical type
 * @param defaultType the type of rows without a mapped TYPE
 * @param defaultDuration the length of rows without end time or duration, if any
 * @param maxRows the most data rows an export may have
 * @param maxBytes the most bytes an export may have (characters, when read from a Reader)
 */
public record CsvImportSettings(
    CsvColumnMapping mapping,
    ZoneId zone,
    Optional<ClinicianId> clinician,
    String patientNamespace,
    List<String> datePatterns,
    List<String> timePatterns,
    List<String> dateTimePatterns,
    Map<String, AppointmentStatus> statusTable,
    Map<String, AppointmentType> typeTable,
    AppointmentType defaultType,
    Optional<Duration> defaultDuration,
    long maxRows,
    long maxBytes) {

  /** The default of {@link #maxRows()}. */
  public static final long DEFAULT_MAX_ROWS = 200_000;
  /** The default of {@link #maxBytes()}: 50 MiB. */
  public static final long DEFAULT_MAX_BYTES = 52_428_800;

  /** The default status table (keys normalized). */
  public static final Map<String, AppointmentStatus> DEFAULT_STATUSES = defaultStatuses();

  public CsvImportSettings {
    Checks.notNull(mapping, "CSV column mapping");
    Checks.notNull(zone, "CSV practice zone");
    Checks.notNull(clinician, "CSV clinician");
    Checks.notBlank(patientNamespace, "CSV patient namespace");
    datePatterns = patterns(datePatterns, "date");
    timePatterns = patterns(timePatterns, "time");
    dateTimePatterns = patterns(dateTimePatterns, "date-time");
    statusTable = Map.copyOf(statusTable);
    typeTable = Map.copyOf(typeTable);
    Checks.notNull(defaultType, "CSV default type");
    Checks.notNull(defaultDuration, "CSV default duration");
    defaultDuration.ifPresent(d -> {
      if (d.isNegative() || d.isZero()) {
        throw new ValidationException("CSV default duration must be positive: " + d);
      }
    });
    if (maxRows < 1) {
      throw new ValidationException("CSV max-rows must be positive: " + maxRows);
    }
    if (maxBytes < 1) {
      throw new ValidationException("CSV max-bytes must be positive: " + maxBytes);
    }
  }

  /** A builder with the defaults and the practice zone. */
  public static Builder builder(ZoneId zone) {
    return new Builder(zone);
  }

  /** A status normalized for the table: lower case, single spaces, dashes and underscores as spaces. */
  public static String normalizeStatus(String raw) {
    return raw.replace('_', ' ').replace('-', ' ').strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  List<DateTimeFormatter> dateFormatters() {
    return formatters(datePatterns);
  }

  List<DateTimeFormatter> timeFormatters() {
    return formatters(timePatterns);
  }

  List<DateTimeFormatter> dateTimeFormatters() {
    return formatters(dateTimePatterns);
  }

  private static List<DateTimeFormatter> formatters(List<String> patterns) {
    return patterns.stream().map(p -> new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(p)
        .toFormatter(Locale.US)).toList();
  }

  private static List<String> patterns(List<String> patterns, String what) {
    Checks.notNull(patterns, "CSV " + what + " patterns");
    if (patterns.isEmpty()) {
      throw new ValidationException("CSV " + what + " patterns must not be empty");
    }
    for (String p : patterns) {
      try {
        DateTimeFormatter.ofPattern(p, Locale.US);
      } catch (IllegalArgumentException e) {
        throw new ValidationException("CSV " + what + " pattern '" + p + "' is not a valid DateTimeFormatter pattern");
      }
    }
    return List.copyOf(patterns);
  }

  private static Map<String, AppointmentStatus> defaultStatuses() {
    Map<String, AppointmentStatus> m = new LinkedHashMap<>();
    for (String s : List.of("show", "showed", "attended", "arrived", "completed", "complete")) {
      m.put(s, AppointmentStatus.COMPLETED);
    }
    for (String s : List.of("no show", "noshow", "did not show")) {
      m.put(s, AppointmentStatus.NO_SHOW);
    }
    for (String s : List.of("late cancelled", "late canceled", "late cancel", "cancelled", "canceled",
        "clinician cancelled", "clinician canceled", "client cancelled", "client canceled")) {
      m.put(s, AppointmentStatus.CANCELLED);
    }
    m.put("scheduled", AppointmentStatus.SCHEDULED);
    m.put("booked", AppointmentStatus.SCHEDULED);
    m.put("confirmed", AppointmentStatus.CONFIRMED);
    m.put("pending", AppointmentStatus.PENDING);
    m.put("requested", AppointmentStatus.PENDING);
    return Map.copyOf(m);
  }

  /** Builds {@link CsvImportSettings}. */
  public static final class Builder {
    private CsvColumnMapping mapping = CsvColumnMapping.defaults();
    private final ZoneId zone;
    private @Nullable ClinicianId clinician;
    private String patientNamespace = SourceSystem.SIMPLEPRACTICE.id();
    private List<String> datePatterns = List.of("M/d/uuuu", "uuuu-MM-dd");
    private List<String> timePatterns = List.of("h:mm a", "h:mma", "H:mm");
    private List<String> dateTimePatterns = List.of("M/d/uuuu h:mm a", "uuuu-MM-dd'T'HH:mm[:ss]", "uuuu-MM-dd HH:mm[:ss]");
    private final Map<String, AppointmentStatus> statuses = new LinkedHashMap<>(DEFAULT_STATUSES);
    private final Map<String, AppointmentType> types = new LinkedHashMap<>();
    private AppointmentType defaultType = AppointmentType.CONSULT;
    private @Nullable Duration defaultDuration;
    private long maxRows = DEFAULT_MAX_ROWS;
    private long maxBytes = DEFAULT_MAX_BYTES;

    private Builder(ZoneId zone) {
      this.zone = Checks.notNull(zone, "CSV practice zone");
    }

    public Builder mapping(CsvColumnMapping mapping) {
      this.mapping = mapping;
      return this;
    }

    /** The clinician of rows without a CLINICIAN value. */
    public Builder clinician(@Nullable ClinicianId clinician) {
      this.clinician = clinician;
      return this;
    }

    public Builder patientNamespace(String namespace) {
      this.patientNamespace = namespace;
      return this;
    }

    public Builder datePatterns(String... patterns) {
      this.datePatterns = List.of(patterns);
      return this;
    }

    public Builder timePatterns(String... patterns) {
      this.timePatterns = List.of(patterns);
      return this;
    }

    public Builder dateTimePatterns(String... patterns) {
      this.dateTimePatterns = List.of(patterns);
      return this;
    }

    /** Maps one more vendor status (matched after {@link #normalizeStatus}). */
    public Builder status(String vendorStatus, AppointmentStatus status) {
      statuses.put(normalizeStatus(Checks.notBlank(vendorStatus, "vendor status")), Checks.notNull(status, "status"));
      return this;
    }

    /** Maps a vendor service or type value (matched ignoring case). */
    public Builder type(String vendorType, AppointmentType type) {
      types.put(Checks.notBlank(vendorType, "vendor type").strip().toLowerCase(Locale.ROOT), Checks.notNull(type, "type"));
      return this;
    }

    public Builder defaultType(AppointmentType type) {
      this.defaultType = type;
      return this;
    }

    public Builder defaultDuration(@Nullable Duration duration) {
      this.defaultDuration = duration;
      return this;
    }

    /** The most data rows an export may have (default {@value CsvImportSettings#DEFAULT_MAX_ROWS}). */
    public Builder maxRows(long maxRows) {
      this.maxRows = maxRows;
      return this;
    }

    /**
     * The most bytes an export may have, counted as read (characters when read from a Reader;
     * default {@value CsvImportSettings#DEFAULT_MAX_BYTES}).
     */
    public Builder maxBytes(long maxBytes) {
      this.maxBytes = maxBytes;
      return this;
    }

    public CsvImportSettings build() {
      return new CsvImportSettings(mapping, zone, Optional.ofNullable(clinician), patientNamespace,
          new ArrayList<>(datePatterns), new ArrayList<>(timePatterns), new ArrayList<>(dateTimePatterns),
          statuses, types, defaultType, Optional.ofNullable(defaultDuration), maxRows, maxBytes);
    }
  }
}
