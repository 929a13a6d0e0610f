package dev.clinicsync.connectors.simplepractice;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.connector.ConnectorConfig;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The configuration of a {@link SimplePracticeCsvConnector} (type {@value #TYPE}): where the export
 * file is, plus {@link CsvImportSettings} read from properties. Lists are separated by {@code |}.
 *
 * <table>
 *   <caption>properties of type {@code simplepractice-csv}</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code csv-path}</td><td>required</td><td>the export file, read whole at every fetch</td></tr>
 *   <tr><td>{@code practice-zone}</td><td>required</td><td>IANA zone of the export's local times</td></tr>
 *   <tr><td>{@code clinician-id}</td><td>none</td><td>clinician of rows without a CLINICIAN value</td></tr>
 *   <tr><td>{@code column.NAME}</td><td>{@link CsvColumn#defaultHeaders()}</td><td>header names of a
 *       {@link CsvColumn}, e.g. {@code column.DATE=Appt Date|Date}</td></tr>
 *   <tr><td>{@code date-patterns}, {@code time-patterns}, {@code date-time-patterns}</td>
 *       <td>see {@link CsvImportSettings}</td><td>{@link java.time.format.DateTimeFormatter} patterns</td></tr>
 *   <tr><td>{@code status-map}</td><td>none</td><td>extra statuses: {@code rescheduled=SCHEDULED|no-show fee=NO_SHOW}</td></tr>
 *   <tr><td>{@code type-map}</td><td>none</td><td>services: {@code 90837=FOLLOW_UP|90791=CONSULT}</td></tr>
 *   <tr><td>{@code default-type}</td><td>CONSULT</td><td>as for {@code simplepractice-ics}</td></tr>
 *   <tr><td>{@code default-duration}</td><td>none</td><td>length of rows without end or duration</td></tr>
 *   <tr><td>{@code max-file-bytes}</td><td>52428800</td><td>larger files are refused, by their size
 *       before reading and by the bytes actually read (a file that grows, or is no regular file)</td></tr>
 *   <tr><td>{@code max-rows}</td><td>200000</td><td>a file with more data rows is refused</td></tr>
 * </table>
 *
 * @param path the export file
 * @param settings how to read it
 * @param maxFileBytes the largest file read
 *
 * <p>A file over {@code max-file-bytes} or {@code max-rows} fails the fetch with a
 * {@link dev.clinicsync.core.PermanentConnectorException} naming the limit, whose cause is the
 * importer's {@link CsvLimitExceededException}.
 */
public record SimplePracticeCsvConfig(Path path, CsvImportSettings settings, long maxFileBytes) {

  /** The provider type. */
  public static final String TYPE = "simplepractice-csv";

  /**
   * Reads the configuration, reporting every problem at once.
   *
   * @throws ValidationException naming each missing or invalid property
   */
  public static SimplePracticeCsvConfig from(ConnectorConfig c) {
    List<String> problems = new ArrayList<>();
    Path path = null;
    try {
      path = Path.of(c.require("csv-path"));
    } catch (ValidationException | java.nio.file.InvalidPathException e) {
      problems.add("property 'csv-path' must name the export file");
    }
    ZoneId zone = null;
    try {
      zone = ZoneId.of(c.require("practice-zone"));
    } catch (ValidationException | DateTimeException e) {
      problems.add("property 'practice-zone' must be an IANA zone such as America/New_York");
    }
    CsvImportSettings settings = null;
    long maxBytes = 0;
    if (zone != null) {
      try {
        CsvImportSettings.Builder b = CsvImportSettings.builder(zone);
        c.get("clinician-id").map(ClinicianId::of).ifPresent(b::clinician);
        CsvColumnMapping mapping = CsvColumnMapping.defaults();
        for (CsvColumn col : CsvColumn.values()) {
          var headers = c.get("column." + col.name());
          if (headers.isPresent()) {
            mapping = mapping.with(col, split(headers.get()));
          }
        }
        b.mapping(mapping);
        c.get("date-patterns").ifPresent(v -> b.datePatterns(split(v)));
        c.get("time-patterns").ifPresent(v -> b.timePatterns(split(v)));
        c.get("date-time-patterns").ifPresent(v -> b.dateTimePatterns(split(v)));
        for (String pair : c.get("status-map").map(SimplePracticeCsvConfig::split).orElse(new String[0])) {
          String[] kv = keyValue(pair, "status-map");
          b.status(kv[0], AppointmentStatus.valueOf(kv[1].toUpperCase(Locale.ROOT)));
        }
        for (String pair : c.get("type-map").map(SimplePracticeCsvConfig::split).orElse(new String[0])) {
          String[] kv = keyValue(pair, "type-map");
          b.type(kv[0], SimplePracticeIcsConfig.type(kv[1]));
        }
        c.get("default-type").map(SimplePracticeIcsConfig::type).ifPresent(b::defaultType);
        if (c.get("default-duration").isPresent()) {
          b.defaultDuration(c.duration("default-duration", Duration.ZERO));
        }
        maxBytes = c.get("max-file-bytes").map(v -> Long.parseLong(v.strip())).orElse(CsvImportSettings.DEFAULT_MAX_BYTES);
        b.maxBytes(maxBytes);
        b.maxRows(c.get("max-rows").map(v -> Long.parseLong(v.strip())).orElse(CsvImportSettings.DEFAULT_MAX_ROWS));
        settings = b.build();
      } catch (ValidationException e) {
        problems.addAll(e.problems());
      } catch (IllegalArgumentException e) {
        problems.add("a status-map value, type-map value, max-file-bytes or max-rows is not valid");
      }
    }
    if (!problems.isEmpty()) {
      throw new ValidationException("connector " + c.id() + " (" + c.type() + ") is misconfigured", problems);
    }
    if (maxBytes < 1) {
      throw new ValidationException("connector " + c.id() + ": max-file-bytes must be positive");
    }
    // no problem was reported, so the path was read and the zone was valid, hence the settings were built
    return new SimplePracticeCsvConfig(Objects.requireNonNull(path, "set whenever no problem was reported"),
        Objects.requireNonNull(settings, "set whenever no problem was reported"), maxBytes);
  }

  private static String[] split(String v) {
    return Arrays.stream(v.split("\\|")).map(String::strip).filter(s -> !s.isEmpty()).toArray(String[]::new);
  }

  private static String[] keyValue(String pair, String key) {
    int eq = pair.lastIndexOf('=');
    if (eq <= 0 || eq == pair.length() - 1) {
      throw new ValidationException("property '" + key + "' entries must be VALUE=MAPPING, separated by |");
    }
    return new String[] {pair.substring(0, eq).strip(), pair.substring(eq + 1).strip()};
  }
}
