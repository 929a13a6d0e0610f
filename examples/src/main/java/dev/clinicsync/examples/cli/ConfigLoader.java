package dev.clinicsync.examples.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.clinicsync.core.ClinicSyncException;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.connector.ConnectorProvider;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.ExternalIdentity;
import dev.clinicsync.core.model.LocalTimeRange;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.WeeklyAvailability;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code clinicsync.yaml}. Every problem is a {@link ConfigException} naming the file, the
 * line and the field — a YAML syntax error, an unknown field, a wrong type, a missing value, an
 * unknown zone or connector type, a reference to a connector that is not defined — and never the
 * value found there.
 */
public final class ConfigLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private ConfigLoader() {}

  /** Reads and validates a configuration file. */
  public static CliConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file, 0, "", "no such file");
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new ConfigException(file, 0, "", "cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    RawConfig raw;
    try {
      raw = YAML.readValue(text, RawConfig.class);
    } catch (JsonProcessingException e) {
      throw translate(file, text, e);
    }
    if (raw == null) {
      throw new ConfigException(file, 1, "", "the file is empty");
    }
    return new Resolver(file, text).resolve(raw);
  }

  private static ConfigException translate(Path file, String text, JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    int line = at == null ? 0 : at.getLineNr();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof com.fasterxml.jackson.core.JsonParseException p) {
        JsonLocation where = p.getLocation();
        return new ConfigException(file, where == null ? line : where.getLineNr(), "", "not valid YAML");
      }
    }
    if (!(e instanceof JsonMappingException m)) {
      return new ConfigException(file, line, "", "not valid YAML");
    }
    String field = path(m.getPath());
    if (!field.isEmpty()) {
      // a record's fields are buffered to the end of its mapping: find the line by the field's path
      int written = lineOf(text, field);
      line = written > 0 ? written : line;
    }
    String problem;
    if (m instanceof UnrecognizedPropertyException u) {
      field = field.isEmpty() ? u.getPropertyName() : field;
      problem = "unknown field (known: " + String.join(", ", new TreeSet<>(known(u))) + ")";
    } else if (m instanceof InvalidFormatException f) {
      problem = "expected " + describe(f.getTargetType());
    } else if (m instanceof MismatchedInputException mi) {
      problem = "expected " + describe(mi.getTargetType());
    } else {
      problem = "cannot be read";
    }
    return new ConfigException(file, line, field, problem);
  }

  private static List<String> known(UnrecognizedPropertyException u) {
    List<String> names = new ArrayList<>();
    if (u.getKnownPropertyIds() != null) {
      u.getKnownPropertyIds().forEach(o -> names.add(String.valueOf(o)));
    }
    return names;
  }

  private static String describe(@Nullable Class<?> type) {
    if (type == null) {
      return "another kind of value";
    }
    if (type == String.class) {
      return "a text value";
    }
    if (List.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "a mapping of fields";
    }
    return "a " + type.getSimpleName().toLowerCase(Locale.ROOT);
  }

  private static String path(List<JsonMappingException.Reference> refs) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : refs) {
      if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      } else if (r.getFieldName() != null) {
        b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
      }
    }
    return b.toString();
  }

  /** The line where a field path is written, or where its nearest written parent is. */
  static int lineOf(String yaml, String field) {
    String pointer = pointer(field);
    int bestLength = -1;
    int bestLine = 0;
    try (JsonParser p = YAML.getFactory().createParser(yaml)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        String at = p.getParsingContext().pathAsPointer().toString();
        if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          continue;
        }
        boolean prefix = pointer.equals(at) || pointer.startsWith(at + "/") || at.isEmpty();
        if (prefix && at.length() > bestLength) {
          bestLength = at.length();
          bestLine = p.currentTokenLocation().getLineNr();
        }
      }
    } catch (IOException e) {
      return 0; // the file parsed before: only a second reader failing could bring us here
    }
    return bestLine;
  }

  private static String pointer(String field) {
    return field.isEmpty() ? "" : "/" + field.replace("[", ".").replace("]", "").replace('.', '/');
  }

  /** Turns the raw file into typed values, each problem naming its field and line. */
  private static final class Resolver {
    private final Path file;
    private final String text;

    Resolver(Path file, String text) {
      this.file = file;
      this.text = text;
    }

    ConfigException problem(String field, String problem) {
      return new ConfigException(file, lineOf(text, field), field, problem);
    }

    CliConfig resolve(RawConfig raw) {
      Path dir = java.util.Objects.requireNonNull(file.toAbsolutePath().getParent(), "a file's directory");
      Path database = dir.resolve(raw.database() == null ? "clinicsync-data/clinicsync" : raw.database());
      Optional<Path> secrets = Optional.ofNullable(raw.secretsFile()).map(dir::resolve);
      String user = raw.user() == null ? "clinicsync-cli" : raw.user().strip();
      if (user.isEmpty()) {
        throw problem("user", "must not be blank");
      }
      List<RawConnector> rawConnectors = raw.connectors() == null ? List.of() : raw.connectors();
      Set<String> types = providerTypes();
      List<ConnectorConfig> connectors = new ArrayList<>();
      Map<ConnectorId, Duration> intervals = new LinkedHashMap<>();
      Set<ConnectorId> connectorIds = new HashSet<>();
      for (int i = 0; i < rawConnectors.size(); i++) {
        String at = "connectors[" + i + "]";
        RawConnector c = rawConnectors.get(i);
        ConnectorId id = value(at + ".id", c.id(), ConnectorId::of, "a connector id (letters, digits, '-', '_', '.')");
        if (!connectorIds.add(id)) {
          throw problem(at + ".id", "a second connector with this id");
        }
        String type = required(at + ".type", c.type());
        if (!types.contains(type)) {
          throw problem(at + ".type", "unknown connector type (installed: " + String.join(", ", new TreeSet<>(types)) + ")");
        }
        if (c.interval() != null) {
          Duration d = Durations.parse(c.interval()).filter(x -> !x.isNegative() && !x.isZero())
              .orElseThrow(() -> problem(at + ".interval", "expected a positive duration such as 15m or PT15M"));
          intervals.put(id, d);
        }
        Map<String, String> properties = c.properties() == null ? Map.of() : c.properties();
        connectors.add(new ConnectorConfig(id, type, properties));
      }
      List<RawClinician> rawClinicians = raw.clinicians() == null ? List.of() : raw.clinicians();
      List<Clinician> clinicians = new ArrayList<>();
      Map<String, Set<ClinicianId>> locations = new LinkedHashMap<>();
      Map<ClinicianId, ConnectorId> mirrors = new LinkedHashMap<>();
      Set<ClinicianId> clinicianIds = new HashSet<>();
      for (int i = 0; i < rawClinicians.size(); i++) {
        String at = "clinicians[" + i + "]";
        RawClinician c = rawClinicians.get(i);
        ClinicianId id = value(at + ".id", c.id(), ClinicianId::of, "a clinician id");
        if (!clinicianIds.add(id)) {
          throw problem(at + ".id", "a second clinician with this id");
        }
        String name = required(at + ".name", c.name());
        ZoneId zone = value(at + ".zone", c.zone(), ZoneId::of, "an IANA time zone such as America/New_York");
        WeeklyAvailability hours = hours(at + ".hours", c.hours());
        Set<ExternalIdentity> external = new HashSet<>();
        if (c.externalIds() != null) {
          for (Map.Entry<String, String> e : c.externalIds().entrySet()) {
            String f = at + ".external-ids." + e.getKey();
            SourceSystem system = value(f, e.getKey(), s -> SourceSystem.of(s.toLowerCase(Locale.ROOT)), "a source system");
            external.add(value(f, e.getValue(), v -> ExternalIdentity.of(system, v), "a vendor id"));
          }
        }
        if (c.location() != null) {
          locations.computeIfAbsent(required(at + ".location", c.location()), k -> new HashSet<>()).add(id);
        }
        if (c.mirrorInto() != null) {
          ConnectorId into = value(at + ".mirror-into", c.mirrorInto(), ConnectorId::of, "a connector id");
          if (!connectorIds.contains(into)) {
            throw problem(at + ".mirror-into", "no connector with this id is defined");
          }
          mirrors.put(id, into);
        }
        clinicians.add(Clinician.of(id, name, zone, hours).withExternalIds(external));
      }
      return new CliConfig(file, database, secrets, user, clinicians, locations, connectors, intervals, mirrors);
    }

    private WeeklyAvailability hours(String at, @Nullable Map<String, List<String>> raw) {
      WeeklyAvailability.Builder b = WeeklyAvailability.builder();
      if (raw == null) {
        return b.build();
      }
      for (Map.Entry<String, List<String>> e : raw.entrySet()) {
        String f = at + "." + e.getKey();
        Set<DayOfWeek> days = days(f, e.getKey());
        List<LocalTimeRange> ranges = new ArrayList<>();
        List<String> values = e.getValue() == null ? List.of() : e.getValue();
        for (int i = 0; i < values.size(); i++) {
          ranges.add(range(f + "[" + i + "]", values.get(i)));
        }
        try {
          b.on(days, ranges.toArray(LocalTimeRange[]::new));
        } catch (ClinicSyncException ex) {
          throw problem(f, "ranges overlap or repeat a day");
        }
      }
      try {
        return b.build();
      } catch (ClinicSyncException ex) {
        throw problem(at, "ranges overlap or repeat a day");
      }
    }

    private Set<DayOfWeek> days(String at, String key) {
      String k = key.strip().toLowerCase(Locale.ROOT);
      if (k.equals("weekdays")) {
        return EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
      }
      if (k.equals("every-day")) {
        return EnumSet.allOf(DayOfWeek.class);
      }
      try {
        return EnumSet.of(DayOfWeek.valueOf(k.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw problem(at, "expected a day (monday ... sunday, weekdays or every-day)");
      }
    }

    private LocalTimeRange range(String at, @Nullable String text) {
      String t = required(at, text);
      int dash = t.indexOf('-');
      if (dash < 0) {
        throw problem(at, "expected a time range such as 09:00-17:00");
      }
      try {
        LocalTime start = LocalTime.parse(t.substring(0, dash).strip());
        LocalTime end = LocalTime.parse(t.substring(dash + 1).strip());
        return LocalTimeRange.of(start, end);
      } catch (DateTimeParseException e) {
        throw problem(at, "expected a time range such as 09:00-17:00");
      } catch (ClinicSyncException e) {
        throw problem(at, "the range ends where it starts");
      }
    }

    private String required(String at, @Nullable String v) {
      if (v == null || v.isBlank()) {
        throw problem(at, "missing; it is required");
      }
      return v.strip();
    }

    private <T> T value(String at, @Nullable String v, java.util.function.Function<String, T> parse, String expected) {
      String text = required(at, v);
      try {
        return parse.apply(text);
      } catch (ClinicSyncException | DateTimeException | IllegalArgumentException e) {
        throw problem(at, "expected " + expected);
      }
    }
  }

  private static Set<String> providerTypes() {
    Set<String> types = new HashSet<>();
    for (ConnectorProvider p : ServiceLoader.load(ConnectorProvider.class, ConfigLoader.class.getClassLoader())) {
      types.add(p.type());
    }
    return types;
  }

  /** The file as written; every field optional here, checked by the resolver. */
  record RawConfig(
      @Nullable String database,
      @Nullable String secretsFile,
      @Nullable String user,
      @Nullable List<RawClinician> clinicians,
      @Nullable List<RawConnector> connectors) {}

  /** A clinician as written. */
  record RawClinician(
      @Nullable String id,
      @Nullable String name,
      @Nullable String zone,
      @Nullable String location,
      @Nullable Map<String, List<String>> hours,
      @Nullable Map<String, String> externalIds,
      @Nullable String mirrorInto) {}

  /** A connector as written. */
  record RawConnector(
      @Nullable String id,
      @Nullable String type,
      @Nullable String interval,
      @Nullable Map<String, String> properties) {}
}
