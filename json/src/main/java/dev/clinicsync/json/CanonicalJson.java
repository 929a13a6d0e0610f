package dev.clinicsync.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.AppointmentType;
import dev.clinicsync.core.model.AvailabilityException;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConflictOverride;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.ExternalIdentity;
import dev.clinicsync.core.model.LocalTimeRange;
import dev.clinicsync.core.model.OverrideReason;
import dev.clinicsync.core.model.PatientRef;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.WeeklyAvailability;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The canonical model as JSON documents, each carrying its schema version: what a host stores or
 * ships when it keeps appointments, busy blocks or clinicians outside the SDK's stores.
 *
 * <pre>{@code
 * {"schemaVersion": 3, "appointment": {"id": "…", "source": {"system": "zocdoc", "externalId": "…"}, …}}
 * {"schemaVersion": 3, "busyBlock": {…}}
 * {"schemaVersion": 3, "clinician": {…}}
 * }</pre>
 *
 * <p><b>Versions.</b> Writing always produces {@value #SCHEMA_VERSION}; reading accepts
 * {@value #OLDEST_READABLE_VERSION} to {@value #SCHEMA_VERSION} and refuses any other with an
 * {@link UnsupportedSchemaVersionException} naming the {@code schemaVersion} field.
 * <ul>
 *   <li><b>1</b> — the model before the SDK's own bookkeeping moved into typed fields: an
 *       appointment has no {@code connector} (the connector that owns it) and no {@code override}
 *       (an accepted conflict). Read as absent: a version-1 appointment belongs to no connector and
 *       carries no override. Busy blocks and clinicians are the same in both versions.
 *   <li><b>2</b> — adds the appointment's optional {@code connector} (a connector id) and {@code
 *       override} ({@code {"reason": "URGENT_CARE", "userId": "…", "at": "2026-…Z"}}).
 *   <li><b>3</b> — adds the busy block's optional {@code copyOf} (a source system id such as
 *       {@code "simplepractice"}: the block was read from a calendar that receives that system's own
 *       calendar sync). Read as absent from versions 1 and 2: an ordinary block, a copy of nothing.
 *       Appointments and clinicians are the same in versions 2 and 3.
 * </ul>
 *
 * <p><b>Shape.</b> Instants are ISO-8601 UTC strings, local dates and times ISO-8601, zones region
 * ids; an empty optional field is left out (an explicit {@code null} reads as absent); sets are
 * written sorted, so the same value always gives the same document. A field a version does not
 * define is refused, so a typo or a document of a newer shape never loses data silently.
 *
 * <p><b>PHI.</b> A document holds exactly what the model holds: the patient as its pseudonymous
 * token ({@link PatientRef}), source metadata with PHI already removed by the connectors. Reading
 * a bad document throws a {@link MalformedDocumentException} naming the JSON path and the problem,
 * never the value found. Thread-safe and immutable.
 */
public final class CanonicalJson {
  /** The schema version this library writes. */
  public static final int SCHEMA_VERSION = 3;
  /** The oldest schema version this library reads. */
  public static final int OLDEST_READABLE_VERSION = 1;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final CanonicalJson INSTANCE = new CanonicalJson();

  private final JsonMapper mapper = JsonMapper.builder()
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION) // a parse error must not quote the document
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private CanonicalJson() {}

  /** The shared instance. */
  public static CanonicalJson instance() {
    return INSTANCE;
  }

  // ---- writing ----

  /** The appointment as a version-{@value #SCHEMA_VERSION} document. */
  public String write(Appointment a) {
    Checks.notNull(a, "appointment");
    return document("appointment", appointment(a));
  }

  /** The busy block as a version-{@value #SCHEMA_VERSION} document. */
  public String write(BusyBlock b) {
    Checks.notNull(b, "busy block");
    return document("busyBlock", busyBlock(b));
  }

  /** The clinician as a version-{@value #SCHEMA_VERSION} document. */
  public String write(Clinician c) {
    Checks.notNull(c, "clinician");
    return document("clinician", clinician(c));
  }

  private String document(String kind, ObjectNode body) {
    ObjectNode doc = NODES.objectNode();
    doc.put(UnsupportedSchemaVersionException.FIELD, SCHEMA_VERSION);
    doc.set(kind, body);
    try {
      return mapper.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serializes", e);
    }
  }

  private static ObjectNode appointment(Appointment a) {
    ObjectNode o = NODES.objectNode();
    o.put("id", a.id().value());
    o.set("source", source(a.source()));
    o.put("clinicianId", a.clinicianId().value());
    a.vendorProviderId().ifPresent(v -> o.put("vendorProviderId", v));
    a.patient().ifPresent(p -> o.put("patient", p.token()));
    o.put("start", a.start().toString());
    o.put("end", a.end().toString());
    a.locationId().ifPresent(v -> o.put("locationId", v));
    o.put("status", a.status().name());
    ObjectNode type = o.putObject("type");
    type.put("kind", a.type().kind().name());
    a.type().vendorCode().ifPresent(v -> type.put("vendorCode", v));
    a.sourceZone().ifPresent(z -> o.put("sourceZone", z.getId()));
    ArrayNode conflicts = o.putArray("conflictIds");
    new TreeSet<>(a.conflictIds().stream().map(AppointmentId::value).toList()).forEach(conflicts::add);
    ObjectNode metadata = o.putObject("sourceMetadata");
    new TreeMap<>(a.sourceMetadata()).forEach(metadata::put);
    a.connector().ifPresent(c -> o.put("connector", c.value()));
    a.override().ifPresent(ov -> {
      ObjectNode n = o.putObject("override");
      n.put("reason", ov.reason().name());
      n.put("userId", ov.userId());
      n.put("at", ov.at().toString());
    });
    o.put("revision", a.revision());
    return o;
  }

  private static ObjectNode source(SourceRef s) {
    ObjectNode o = NODES.objectNode();
    o.put("system", s.system().id());
    o.put("externalId", s.externalId());
    s.version().ifPresent(v -> o.put("version", v));
    return o;
  }

  private static ObjectNode busyBlock(BusyBlock b) {
    ObjectNode o = NODES.objectNode();
    o.set("source", source(b.source()));
    o.put("calendarId", b.calendarId());
    o.put("clinicianId", b.clinicianId().value());
    o.put("start", b.start().toString());
    o.put("end", b.end().toString());
    b.allDay().ifPresent(d -> {
      ObjectNode n = o.putObject("allDay");
      n.put("first", d.first().toString());
      n.put("endExclusive", d.endExclusive().toString());
    });
    b.copyOf().ifPresent(s -> o.put("copyOf", s.id()));
    return o;
  }

  private static ObjectNode clinician(Clinician c) {
    ObjectNode o = NODES.objectNode();
    o.put("id", c.id().value());
    o.put("displayName", c.displayName());
    o.put("zone", c.zone().getId());
    ObjectNode availability = o.putObject("availability");
    ObjectNode weekly = availability.putObject("weekly");
    new TreeMap<>(c.availability().weekly()).forEach((day, ranges) -> {
      ArrayNode a = weekly.putArray(day.name());
      ranges.forEach(r -> a.add(range(r)));
    });
    ArrayNode exceptions = availability.putArray("exceptions");
    for (AvailabilityException e : c.availability().exceptions()) {
      ObjectNode n = exceptions.addObject();
      n.put("id", e.id());
      n.put("kind", e.kind().name());
      n.put("firstDate", e.firstDate().toString());
      n.put("lastDate", e.lastDate().toString());
      ArrayNode ranges = n.putArray("ranges");
      e.ranges().forEach(r -> ranges.add(range(r)));
      n.put("label", e.label());
    }
    ArrayNode ids = o.putArray("externalIds");
    c.externalIds().stream()
        .sorted((x, y) -> x.system().id().equals(y.system().id()) ? x.id().compareTo(y.id())
            : x.system().id().compareTo(y.system().id()))
        .forEach(e -> {
          ObjectNode n = ids.addObject();
          n.put("system", e.system().id());
          n.put("id", e.id());
        });
    return o;
  }

  private static ObjectNode range(LocalTimeRange r) {
    ObjectNode n = NODES.objectNode();
    n.put("start", r.start().toString());
    n.put("end", r.end().toString());
    return n;
  }

  // ---- reading ----

  /**
   * Reads an appointment document of version {@value #OLDEST_READABLE_VERSION} to
   * {@value #SCHEMA_VERSION}.
   *
   * @throws UnsupportedSchemaVersionException for any other version
   * @throws MalformedDocumentException for anything else wrong, naming the JSON path
   */
  public Appointment readAppointment(String json) {
    return read(json, "appointment", CanonicalJson::appointment);
  }

  /** Reads a busy-block document; errors as for {@link #readAppointment}. */
  public BusyBlock readBusyBlock(String json) {
    return read(json, "busyBlock", (in) -> busyBlock(in));
  }

  /** Reads a clinician document; errors as for {@link #readAppointment}. */
  public Clinician readClinician(String json) {
    return read(json, "clinician", (in) -> clinician(in));
  }

  private <T> T read(String json, String kind, Function<In, T> body) {
    Checks.notNull(json, "JSON document");
    JsonNode root;
    try {
      root = mapper.readTree(json);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new MalformedDocumentException("$", at == null ? "is not valid JSON"
          : "is not valid JSON (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
    }
    if (root == null || root.isMissingNode()) {
      throw new MalformedDocumentException("$", "is empty");
    }
    In doc = new In(root, "$", 0);
    JsonNode v = doc.required(UnsupportedSchemaVersionException.FIELD);
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw new MalformedDocumentException("$." + UnsupportedSchemaVersionException.FIELD, "must be an integer");
    }
    int version = v.intValue();
    if (version < OLDEST_READABLE_VERSION || version > SCHEMA_VERSION) {
      throw new UnsupportedSchemaVersionException(version);
    }
    In in = new In(root, "$", version);
    in.seen.add(UnsupportedSchemaVersionException.FIELD);
    T value = body.apply(in.object(kind));
    in.done();
    return value;
  }

  private static Appointment appointment(In in) {
    Appointment.Builder b = Appointment.builder()
        .id(in.value("id", AppointmentId::of, "an appointment id"))
        .source(source(in.object("source")))
        .clinicianId(in.value("clinicianId", ClinicianId::of, "a clinician id"));
    in.optText("vendorProviderId").ifPresent(b::vendorProviderId);
    in.optValue("patient", PatientRef::of, "a patient token").ifPresent(b::patient);
    b.start(in.value("start", Instant::parse, "an ISO-8601 instant such as 2026-03-03T14:00:00Z"));
    b.end(in.value("end", Instant::parse, "an ISO-8601 instant such as 2026-03-03T14:50:00Z"));
    in.optText("locationId").ifPresent(b::locationId);
    b.status(in.enumValue("status", AppointmentStatus.class));
    In type = in.object("type");
    AppointmentType.Kind kind = type.enumValue("kind", AppointmentType.Kind.class);
    Optional<String> code = type.optText("vendorCode");
    b.type(type.build(() -> code.isPresent() ? AppointmentType.of(kind, code.get())
        : new AppointmentType(kind, Optional.empty()), "appointment type"));
    type.done();
    in.optValue("sourceZone", ZoneId::of, "a zone id such as America/New_York").ifPresent(b::sourceZone);
    Set<AppointmentId> conflicts = new LinkedHashSet<>();
    in.array("conflictIds").forEach(e -> conflicts.add(e.self(AppointmentId::of, "an appointment id")));
    b.conflictIds(conflicts);
    In metadata = in.object("sourceMetadata");
    Map<String, String> meta = new TreeMap<>();
    metadata.fieldNames().forEach(k -> meta.put(k, metadata.text(k)));
    metadata.done();
    b.sourceMetadata(meta);
    if (in.version >= 2) {
      in.optValue("connector", ConnectorId::of, "a connector id").ifPresent(b::connector);
      in.optObject("override").ifPresent(o -> {
        OverrideReason reason = o.enumValue("reason", OverrideReason.class);
        String user = o.text("userId");
        Instant at = o.value("at", Instant::parse, "an ISO-8601 instant");
        b.override(o.build(() -> ConflictOverride.of(reason, user, at), "override"));
        o.done();
      });
    }
    b.revision(in.longValue("revision"));
    Appointment a = in.build(b::build, "appointment");
    in.done();
    return a;
  }

  private static SourceRef source(In in) {
    SourceSystem system = in.value("system", SourceSystem::of, "a source system id");
    String external = in.text("externalId");
    Optional<String> version = in.optText("version");
    SourceRef ref = in.build(() -> version.isPresent() ? SourceRef.of(system, external, version.get())
        : SourceRef.of(system, external), "source reference");
    in.done();
    return ref;
  }

  private static BusyBlock busyBlock(In in) {
    SourceRef source = source(in.object("source"));
    String calendar = in.text("calendarId");
    ClinicianId clinician = in.value("clinicianId", ClinicianId::of, "a clinician id");
    Instant start = in.value("start", Instant::parse, "an ISO-8601 instant");
    Instant end = in.value("end", Instant::parse, "an ISO-8601 instant");
    Optional<BusyBlock.DateSpan> days = in.optObject("allDay").map(d -> {
      LocalDate first = d.value("first", LocalDate::parse, "an ISO-8601 date");
      LocalDate endExclusive = d.value("endExclusive", LocalDate::parse, "an ISO-8601 date");
      BusyBlock.DateSpan span = d.build(() -> new BusyBlock.DateSpan(first, endExclusive), "all-day span");
      d.done();
      return span;
    });
    Optional<SourceSystem> copyOf = in.version >= 3
        ? in.optValue("copyOf", SourceSystem::of, "a source system id")
        : Optional.empty();
    BusyBlock b = in.build(() -> new BusyBlock(source, calendar, clinician, start, end, days, copyOf), "busy block");
    in.done();
    return b;
  }

  private static Clinician clinician(In in) {
    ClinicianId id = in.value("id", ClinicianId::of, "a clinician id");
    String name = in.text("displayName");
    ZoneId zone = in.value("zone", ZoneId::of, "a zone id such as America/New_York");
    In availability = in.object("availability");
    In weekly = availability.object("weekly");
    Map<DayOfWeek, List<LocalTimeRange>> days = new EnumMap<>(DayOfWeek.class);
    for (String day : weekly.fieldNames()) {
      DayOfWeek d = weekly.build(() -> DayOfWeek.valueOf(day), "day of the week (MONDAY to SUNDAY)", day);
      List<LocalTimeRange> ranges = new ArrayList<>();
      weekly.array(day).forEach(r -> ranges.add(range(r)));
      days.put(d, ranges);
    }
    weekly.done();
    List<AvailabilityException> exceptions = new ArrayList<>();
    for (In e : availability.array("exceptions")) {
      String exceptionId = e.text("id");
      AvailabilityException.Kind kind = e.enumValue("kind", AvailabilityException.Kind.class);
      LocalDate first = e.value("firstDate", LocalDate::parse, "an ISO-8601 date");
      LocalDate last = e.value("lastDate", LocalDate::parse, "an ISO-8601 date");
      List<LocalTimeRange> ranges = new ArrayList<>();
      e.array("ranges").forEach(r -> ranges.add(range(r)));
      String label = e.text("label");
      exceptions.add(e.build(() -> new AvailabilityException(exceptionId, kind, first, last, ranges, label),
          "availability exception"));
      e.done();
    }
    WeeklyAvailability hours = availability.build(() -> new WeeklyAvailability(days, exceptions), "weekly availability");
    availability.done();
    Set<ExternalIdentity> ids = new HashSet<>();
    for (In e : in.array("externalIds")) {
      SourceSystem system = e.value("system", SourceSystem::of, "a source system id");
      String external = e.text("id");
      ids.add(e.build(() -> ExternalIdentity.of(system, external), "external identity"));
      e.done();
    }
    Clinician c = in.build(() -> new Clinician(id, name, zone, hours, ids), "clinician");
    in.done();
    return c;
  }

  private static LocalTimeRange range(In in) {
    LocalTime start = in.value("start", LocalTime::parse, "a local time such as 09:00");
    LocalTime end = in.value("end", LocalTime::parse, "a local time such as 17:00");
    LocalTimeRange r = in.build(() -> LocalTimeRange.of(start, end), "time range");
    in.done();
    return r;
  }

  /**
   * One JSON node being read, with its path: typed accessors that name the path in every error and
   * never the value, and a record of the fields read so an unknown one is refused.
   */
  private static final class In {
    final JsonNode node;
    final String path;
    final int version;
    final Set<String> seen = new HashSet<>();

    In(JsonNode node, String path, int version) {
      this.node = node;
      this.path = path;
      this.version = version;
    }

    private In(JsonNode node, String path, int version, boolean object) {
      this(node, path, version);
      if (object && !node.isObject()) {
        throw new MalformedDocumentException(path, "must be an object");
      }
    }

    String at(String field) {
      return path + "." + segment(field);
    }

    JsonNode required(String field) {
      Optional<JsonNode> n = optional(field);
      if (n.isEmpty()) {
        throw new MalformedDocumentException(at(field), "is required");
      }
      return n.get();
    }

    Optional<JsonNode> optional(String field) {
      seen.add(field);
      JsonNode n = node.get(field);
      return n == null || n.isNull() ? Optional.empty() : Optional.of(n);
    }

    String text(String field) {
      JsonNode n = required(field);
      if (!n.isTextual()) {
        throw new MalformedDocumentException(at(field), "must be a string");
      }
      return n.textValue();
    }

    Optional<String> optText(String field) {
      return optional(field).map(n -> {
        if (!n.isTextual()) {
          throw new MalformedDocumentException(at(field), "must be a string");
        }
        return n.textValue();
      });
    }

    long longValue(String field) {
      JsonNode n = required(field);
      if (!n.isIntegralNumber() || !n.canConvertToLong()) {
        throw new MalformedDocumentException(at(field), "must be an integer");
      }
      return n.longValue();
    }

    <T> T value(String field, Function<String, T> parse, String expected) {
      return parse(at(field), text(field), parse, expected);
    }

    <T> Optional<T> optValue(String field, Function<String, T> parse, String expected) {
      return optText(field).map(t -> parse(at(field), t, parse, expected));
    }

    /** This node as a string, parsed. */
    <T> T self(Function<String, T> parse, String expected) {
      if (!node.isTextual()) {
        throw new MalformedDocumentException(path, "must be a string");
      }
      return parse(path, node.textValue(), parse, expected);
    }

    <E extends Enum<E>> E enumValue(String field, Class<E> type) {
      String t = text(field);
      try {
        return Enum.valueOf(type, t);
      } catch (IllegalArgumentException e) {
        throw new MalformedDocumentException(at(field), "must be one of " + Arrays.toString(type.getEnumConstants()));
      }
    }

    In object(String field) {
      return new In(required(field), at(field), version, true);
    }

    Optional<In> optObject(String field) {
      return optional(field).map(n -> new In(n, at(field), version, true));
    }

    List<In> array(String field) {
      JsonNode n = required(field);
      if (!n.isArray()) {
        throw new MalformedDocumentException(at(field), "must be an array");
      }
      List<In> out = new ArrayList<>(n.size());
      for (int i = 0; i < n.size(); i++) {
        JsonNode item = n.get(i);
        String p = at(field) + "[" + i + "]";
        out.add(item.isObject() ? new In(item, p, version, true) : new In(item, p, version));
      }
      return out;
    }

    List<String> fieldNames() {
      List<String> names = new ArrayList<>();
      Iterator<String> it = node.fieldNames();
      it.forEachRemaining(names::add);
      return names;
    }

    /** Builds a model value; a rule the model enforces becomes an error at this path, without the model's message. */
    <T> T build(java.util.function.Supplier<T> make, String what) {
      return build(make, what, null);
    }

    <T> T build(java.util.function.Supplier<T> make, String what, @Nullable String field) {
      try {
        return make.get();
      } catch (ValidationException | IllegalArgumentException | DateTimeException e) {
        throw new MalformedDocumentException(field == null ? path : at(field), "is not a valid " + what);
      }
    }

    /** Refuses a field this version does not define. */
    void done() {
      for (String name : fieldNames()) {
        if (!seen.contains(name)) {
          throw new MalformedDocumentException(at(name), "is not a field of schema version " + version);
        }
      }
    }

    private static <T> T parse(String path, String text, Function<String, T> parse, String expected) {
      try {
        return parse.apply(text);
      } catch (ValidationException | DateTimeException | IllegalArgumentException e) {
        throw new MalformedDocumentException(path, "must be " + expected);
      }
    }

    /** A path segment: the field's name when it looks like one, never arbitrary document text. */
    private static String segment(String field) {
      int n = field.length();
      boolean plain = n > 0 && n <= 64 && Character.isLetter(field.charAt(0));
      for (int i = 0; plain && i < n; i++) {
        char c = field.charAt(i);
        plain = c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.');
      }
      return plain ? field : "<field>";
    }
  }
}
