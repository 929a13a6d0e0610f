package dev.clinicsync.connectors.athena.internal;

import dev.clinicsync.connectors.kit.MappingTable;
import dev.clinicsync.connectors.kit.RecordChecks;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.connector.RecordIssue;
import dev.clinicsync.core.connector.SourceRecord;
import dev.clinicsync.core.model.AppointmentType;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.ExternalIdentity;
import dev.clinicsync.core.model.PatientRef;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.phi.PatientTokenizer;
import dev.clinicsync.core.phi.PhiField;
import dev.clinicsync.core.phi.PhiRecord;
import dev.clinicsync.core.store.ClinicianDirectory;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Appointment.AppointmentParticipantComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;

/**
 * Turns one FHIR R4 {@code Appointment} into what the SDK keeps: a canonical, PHI-free appointment
 * with its PHI part, a deletion ({@code entered-in-error}), or a {@link RecordIssue} naming the
 * element at fault — never its value. Real resources are messier than the spec's examples, and each
 * shape has its answer here:
 * <ul>
 *   <li>no start or end (a proposed or waitlisted request): skipped with a fixed reason;
 *   <li>{@code minutesDuration} without {@code end}: the end; contradicting {@code start}/{@code end}:
 *       reported, and the end kept;
 *   <li>a required element replaced by a {@code data-absent-reason} extension: a per-record issue
 *       naming the element and the (coded) reason;
 *   <li>participants without an actor (a type only) are passed over; references may be relative,
 *       absolute URLs, versioned, contained ({@code #id}) or carry only an identifier;
 *   <li>instants with any offset and any fraction of a second; the offset is kept as the source zone.
 * </ul>
 * athena's ids carry the practice: {@code a-{practice}.Provider-{n}} for practitioners,
 * {@code a-{practice}.E-{n}} for patients. A practitioner is looked up in the host's
 * {@link ClinicianDirectory} as {@code athenahealth:a-{practice}.Provider-{n}} and, for this
 * connector's practice, also as the bare v1 provider id {@code athenahealth:{n}}. A patient's token
 * is the HMAC of {@code a-{practice}.E-{n}} (a bare id gets this practice's prefix), so v1 and FHIR
 * ids of one patient get one token.
 */
public final class AppointmentMapper {
  /** The data-absent-reason extension. */
  public static final String DATA_ABSENT_REASON = "http://hl7.org/fhir/StructureDefinition/data-absent-reason";
  /** The codes of http://hl7.org/fhir/R4/valueset-data-absent-reason.html, shown in issues. */
  static final Set<String> ABSENT_REASONS = Set.of("unknown", "asked-unknown", "temp-unknown", "not-asked",
      "asked-declined", "masked", "not-applicable", "unsupported", "as-text", "error", "not-a-number",
      "negative-infinity", "positive-infinity", "not-performed", "not-permitted");
  /** The namespace of patient tokens. */
  public static final String PATIENT_NAMESPACE = "athenahealth";

  /** v2-0276 appointment reason codes (FHIR's appointmentType binding). */
  static final MappingTable<AppointmentType> TYPE = MappingTable.of("appointmentType", Map.of(
      "ROUTINE", AppointmentType.of(AppointmentType.Kind.CONSULT, "ROUTINE"),
      "CHECKUP", AppointmentType.of(AppointmentType.Kind.CONSULT, "CHECKUP"),
      "WALKIN", AppointmentType.of(AppointmentType.Kind.CONSULT, "WALKIN"),
      "EMERGENCY", AppointmentType.of(AppointmentType.Kind.CONSULT, "EMERGENCY"),
      "FOLLOWUP", AppointmentType.of(AppointmentType.Kind.FOLLOW_UP, "FOLLOWUP")), AppointmentType::other);

  private static final Pattern PROVIDER = Pattern.compile("a-([0-9]+)\\.Provider-([0-9]+)");
  private static final Pattern PATIENT = Pattern.compile("a-([0-9]+)\\.E-([0-9]+)");
  private static final Pattern NUMBER = Pattern.compile("[0-9]{1,18}");
  private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
  private static final Set<String> PRIMARY_PERFORMER = Set.of("PPRF", "ATND", "PRF");

  private final ConnectorId connectorId;
  private final String practiceId;
  private final ClinicianDirectory clinicians;
  private final PatientTokenizer patients;

  public AppointmentMapper(ConnectorId connectorId, String practiceId, ClinicianDirectory clinicians,
      PatientTokenizer patients) {
    this.connectorId = Checks.notNull(connectorId, "connector id");
    this.practiceId = Checks.notBlank(practiceId, "practice id");
    this.clinicians = Checks.notNull(clinicians, "clinician directory");
    this.patients = Checks.notNull(patients, "patient tokenizer");
  }

  /** What became of one Appointment. */
  public interface Outcome {}

  /** A new or changed appointment. */
  public record Upsert(SourceRecord record) implements Outcome {}

  /** An appointment entered in error: gone at the source. */
  public record Removal(SourceRef ref) implements Outcome {}

  /** Left out; its issues were reported. */
  public record Skip() implements Outcome {}

  /** The id a record is named by in issues: its FHIR id, or its position when it has none. */
  public static String recordId(Appointment a, int position) {
    String id = a.getIdElement().getIdPart();
    return id != null && FHIR_ID.matcher(id).matches() ? id : "entry-" + position;
  }

  /**
   * Maps one Appointment.
   *
   * @param included the page's other resources by {@code Type/id} (an {@code _include}d PractitionerRole)
   */
  public Outcome map(Appointment a, int position, Map<String, Resource> included, Consumer<RecordIssue> issues) {
    String id = recordId(a, position);
    if (id.startsWith("entry-")) {
      issues.accept(RecordIssue.skipped(id, "id", "no usable FHIR id"));
      return new Skip();
    }
    String version = version(a);
    SourceRef source = version == null ? SourceRef.of(SourceSystem.ATHENAHEALTH, id)
        : SourceRef.of(SourceSystem.ATHENAHEALTH, id, version);

    FhirStatus status = status(a, id, issues);
    if (status == FhirStatus.REMOVED) {
      return new Removal(SourceRef.of(SourceSystem.ATHENAHEALTH, id));
    }

    Optional<Instant> start = instant(a.getStartElement(), "start", id, a, issues);
    if (start == null) {
      return new Skip();
    }
    Optional<Instant> end = instant(a.getEndElement(), "end", id, a, issues);
    if (end == null) {
      return new Skip();
    }
    Integer minutes = a.hasMinutesDurationElement() ? a.getMinutesDurationElement().getValue() : null;
    if (start.isEmpty() && end.isEmpty()) {
      issues.accept(RecordIssue.skipped(id, "start", "no start and end (a proposed or waitlisted request)"));
      return new Skip();
    }
    Instant effectiveEnd = end.orElse(null);
    if (start.isPresent() && minutes != null) {
      if (minutes <= 0) {
        issues.accept(RecordIssue.fallback(id, "minutesDuration", "not a positive number of minutes; ignored"));
      } else if (effectiveEnd == null) {
        effectiveEnd = start.get().plus(Duration.ofMinutes(minutes));
      } else if (!Duration.between(start.get(), effectiveEnd).equals(Duration.ofMinutes(minutes))) {
        issues.accept(RecordIssue.fallback(id, "minutesDuration", "contradicts start and end; end kept"));
      }
    }
    Optional<RecordIssue> timeIssue = RecordChecks.times(id, start.orElse(null), effectiveEnd);
    if (timeIssue.isPresent()) {
      issues.accept(timeIssue.get());
      return new Skip();
    }

    List<AppointmentParticipantComponent> participants = new ArrayList<>(a.getParticipant());
    participants.sort((x, y) -> Boolean.compare(!isPrimary(x), !isPrimary(y)));
    Optional<ClinicianMatch> clinician = Optional.empty();
    boolean practitionerSeen = false;
    Optional<PatientMatch> patient = Optional.empty();
    String locationId = null;
    for (AppointmentParticipantComponent p : participants) {
      if (!p.hasActor()) {
        continue;
      }
      Reference actor = p.getActor();
      String type = referenceType(actor);
      if (type != null && (type.equals("Practitioner") || type.equals("PractitionerRole"))) {
        practitionerSeen = true;
        if (clinician.isEmpty()) {
          clinician = clinician(actor, type, a, included);
        }
      } else if ("Patient".equals(type)) {
        if (patient.isEmpty()) {
          patient = patient(actor, a, id, issues);
        }
      } else if ("Location".equals(type) && locationId == null) {
        String loc = new IdType(actor.getReference()).getIdPart();
        locationId = loc != null && FHIR_ID.matcher(loc).matches() ? loc : null;
      }
    }
    if (clinician.isEmpty()) {
      issues.accept(practitionerSeen
          ? RecordIssue.skipped(id, "participant.actor", "no clinician in the directory for the appointment's practitioner")
          : RecordIssue.skipped(id, "participant", "no Practitioner or PractitionerRole participant"));
      return new Skip();
    }

    AppointmentType type = type(a, id, issues);
    PhiRecord.Builder phi = PhiRecord.builder();
    patient.ifPresent(pm -> {
      phi.put(PhiField.VENDOR_PATIENT_ID, pm.vendorId());
      phi.put(PhiField.PATIENT_NAME, pm.displayName());
    });
    String notes = join(a.getComment(), a.getPatientInstruction());
    phi.put(PhiField.NOTES, notes);
    phi.put(PhiField.TITLE, a.getDescription());

    dev.clinicsync.core.model.Appointment appointment = dev.clinicsync.core.model.Appointment.builder()
        .source(source)
        .clinicianId(clinician.get().clinician().id())
        .vendorProviderId(clinician.get().vendorId())
        .patient(patient.map(PatientMatch::token).orElse(null))
        .start(start.get())
        .end(Objects.requireNonNull(effectiveEnd, "RecordChecks.times skipped a record without an end above"))
        .locationId(locationId)
        .status(status.canonical().orElseThrow())
        .type(type)
        .sourceZone(offset(a.getStartElement().getValueAsString()))
        .putSourceMetadata("fhir-status", statusCode(a, status))
        .connector(connectorId)
        .build();
    return new Upsert(SourceRecord.of(appointment, phi.build()));
  }

  /** The version to compare in a windowed re-fetch: {@code meta.versionId}, else {@code meta.lastUpdated}. */
  public static @Nullable String version(Appointment a) {
    if (a.hasMeta() && a.getMeta().hasVersionId() && FHIR_ID.matcher(a.getMeta().getVersionId()).matches()) {
      return a.getMeta().getVersionId();
    }
    if (a.hasMeta() && a.getMeta().hasLastUpdated()) {
      return a.getMeta().getLastUpdated().toInstant().toString();
    }
    return null;
  }

  private FhirStatus status(Appointment a, String id, Consumer<RecordIssue> issues) {
    String code = a.getStatusElement().getValueAsString();
    if ((code == null || code.isBlank()) && absentReason(a.getStatusElement()).isPresent()) {
      issues.accept(RecordIssue.fallback(id, "status", "absent (data-absent-reason "
          + absentReason(a.getStatusElement()).get() + "); mapped to " + FhirStatus.SCHEDULED));
      return FhirStatus.SCHEDULED;
    }
    return FhirStatus.TABLE.map(id, code, issues);
  }

  private static String statusCode(Appointment a, FhirStatus status) {
    String code = a.getStatusElement().getValueAsString();
    return code != null && FhirStatus.TABLE.lookup(code).isPresent() ? code.strip().toLowerCase(java.util.Locale.ROOT)
        : "undocumented";
  }

  private AppointmentType type(Appointment a, String id, Consumer<RecordIssue> issues) {
    CodeableConcept concept = a.getAppointmentType();
    String code = null;
    for (Coding c : concept.getCoding()) {
      if (c.hasCode()) {
        code = c.getCode();
        break;
      }
    }
    if (code == null) {
      // no appointmentType at all is common and says nothing: a plain consultation, reported
      issues.accept(RecordIssue.fallback(id, "appointmentType", "no appointmentType; mapped to CONSULT"));
      return AppointmentType.CONSULT;
    }
    return TYPE.map(id, code, issues);
  }

  /**
   * The instant of {@code start} or {@code end}: empty when absent, {@code null} when the record is
   * skipped (an issue was reported).
   */
  private static @Nullable Optional<Instant> instant(Element element, String field, String id, Appointment a,
      Consumer<RecordIssue> issues) {
    String raw = element instanceof org.hl7.fhir.r4.model.PrimitiveType<?> p ? p.getValueAsString() : null;
    if (raw == null || raw.isBlank()) {
      Optional<String> absent = absentReason(element);
      if (absent.isPresent()) {
        issues.accept(RecordIssue.skipped(id, field, "absent (data-absent-reason " + absent.get() + ")"));
        return null;
      }
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(raw.strip()).toInstant());
    } catch (DateTimeException e) {
      issues.accept(RecordIssue.skipped(id, field, "not an instant with a UTC offset"));
      return null;
    }
  }

  private static @Nullable ZoneOffset offset(@Nullable String raw) {
    if (raw == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(raw.strip()).getOffset();
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static Optional<String> absentReason(Element element) {
    Extension ext = element.getExtensionByUrl(DATA_ABSENT_REASON);
    if (ext == null) {
      return Optional.empty();
    }
    String code = ext.hasValue() ? ext.getValue().primitiveValue() : null;
    return Optional.of(code != null && ABSENT_REASONS.contains(code) ? code : "unrecognized");
  }

  private static boolean isPrimary(AppointmentParticipantComponent p) {
    for (CodeableConcept t : p.getType()) {
      for (Coding c : t.getCoding()) {
        if (c.hasCode() && PRIMARY_PERFORMER.contains(c.getCode())) {
          return true;
        }
      }
    }
    return false;
  }

  /** The resource type a reference names, however it names it; null when it does not say. */
  private static @Nullable String referenceType(Reference r) {
    if (r.getResource() instanceof Resource res) {
      return res.fhirType();
    }
    if (r.hasReference()) {
      String ref = r.getReference();
      if (!ref.startsWith("#")) {
        String type = new IdType(ref).getResourceType();
        if (type != null) {
          return type;
        }
      }
    }
    return r.hasType() ? simpleType(r.getType()) : null;
  }

  private static String simpleType(String type) {
    int slash = type.lastIndexOf('/');
    return slash >= 0 ? type.substring(slash + 1) : type;
  }

  /** A contained resource a {@code #id} reference points to. */
  private static @Nullable Resource contained(Reference r, Appointment a) {
    if (r.getResource() instanceof Resource res) {
      return res;
    }
    if (!r.hasReference() || !r.getReference().startsWith("#")) {
      return null;
    }
    String local = r.getReference().substring(1);
    for (Resource c : a.getContained()) {
      String cid = c.getIdElement().getIdPart();
      if (cid != null && (cid.equals(local) || cid.equals("#" + local))) {
        return c;
      }
    }
    return null;
  }

  private record ClinicianMatch(Clinician clinician, String vendorId) {}

  private Optional<ClinicianMatch> clinician(Reference actor, String type, Appointment a, Map<String, Resource> included) {
    Reference practitioner = actor;
    if ("PractitionerRole".equals(type)) {
      Resource role = contained(actor, a);
      if (role == null && actor.hasReference()) {
        IdType rid = new IdType(actor.getReference());
        role = included.get("PractitionerRole/" + rid.getIdPart());
        Optional<ClinicianMatch> byRole = lookup(rid.getIdPart());
        if (role == null) {
          return byRole;
        }
      }
      if (!(role instanceof PractitionerRole pr) || !pr.hasPractitioner()) {
        return Optional.empty();
      }
      practitioner = pr.getPractitioner();
    }
    if (practitioner.hasReference() && !practitioner.getReference().startsWith("#")) {
      return lookup(new IdType(practitioner.getReference()).getIdPart());
    }
    Resource res = contained(practitioner, a);
    if (res != null) {
      for (Identifier i : identifiers(res)) {
        Optional<ClinicianMatch> m = lookup(i.getValue());
        if (m.isPresent()) {
          return m;
        }
      }
      return Optional.empty();
    }
    if (practitioner.hasIdentifier()) {
      return lookup(practitioner.getIdentifier().getValue());
    }
    return Optional.empty();
  }

  private static List<Identifier> identifiers(Resource r) {
    if (r instanceof org.hl7.fhir.r4.model.Practitioner p) {
      return p.getIdentifier();
    }
    if (r instanceof Patient p) {
      return p.getIdentifier();
    }
    return List.of();
  }

  private Optional<ClinicianMatch> lookup(@Nullable String vendorId) {
    if (vendorId == null || vendorId.isBlank() || !FHIR_ID.matcher(vendorId).matches()) {
      return Optional.empty();
    }
    Optional<Clinician> c = clinicians.findByExternalId(ExternalIdentity.of(SourceSystem.ATHENAHEALTH, vendorId));
    if (c.isPresent()) {
      return Optional.of(new ClinicianMatch(c.get(), vendorId));
    }
    Matcher m = PROVIDER.matcher(vendorId);
    if (m.matches() && m.group(1).equals(practiceId)) {
      return clinicians.findByExternalId(ExternalIdentity.of(SourceSystem.ATHENAHEALTH, m.group(2)))
          .map(found -> new ClinicianMatch(found, vendorId));
    }
    return Optional.empty();
  }

  private record PatientMatch(PatientRef token, String vendorId, @Nullable String displayName) {}

  private Optional<PatientMatch> patient(Reference actor, Appointment a, String id, Consumer<RecordIssue> issues) {
    String display = actor.hasDisplay() ? actor.getDisplay() : null;
    if (actor.hasReference() && !actor.getReference().startsWith("#")) {
      String pid = new IdType(actor.getReference()).getIdPart();
      if (pid != null && FHIR_ID.matcher(pid).matches()) {
        String canonical = canonicalPatientId(pid);
        return Optional.of(new PatientMatch(patients.tokenize(PATIENT_NAMESPACE, canonical), canonical, display));
      }
    }
    Resource res = contained(actor, a);
    if (res instanceof Patient p) {
      String name = display != null ? display : p.hasName() ? p.getNameFirstRep().getNameAsSingleString() : null;
      for (Identifier i : p.getIdentifier()) {
        if (i.hasValue()) {
          return Optional.of(byIdentifier(i, name));
        }
      }
    } else if (actor.hasIdentifier() && actor.getIdentifier().hasValue()) {
      return Optional.of(byIdentifier(actor.getIdentifier(), display));
    }
    issues.accept(RecordIssue.fallback(id, "participant.actor", "the patient reference carries no usable id; no patient token"));
    return Optional.empty();
  }

  private PatientMatch byIdentifier(Identifier i, @Nullable String display) {
    String key = "identifier:" + (i.hasSystem() ? i.getSystem() : "") + "|" + i.getValue();
    return new PatientMatch(patients.tokenize(PATIENT_NAMESPACE, key), key, display);
  }

  /** {@code a-{practice}.E-{n}}; a bare number gets this connector's practice. */
  private String canonicalPatientId(String pid) {
    if (PATIENT.matcher(pid).matches()) {
      return pid;
    }
    if (NUMBER.matcher(pid).matches()) {
      return "a-" + practiceId + ".E-" + pid;
    }
    return pid;
  }

  private static @Nullable String join(@Nullable String a, @Nullable String b) {
    boolean hasA = a != null && !a.isBlank();
    boolean hasB = b != null && !b.isBlank();
    if (hasA && hasB) {
      return a + "\n" + b;
    }
    return hasA ? a : hasB ? b : null;
  }

  @Override
  public String toString() {
    return "AppointmentMapper[" + connectorId + ", practice " + practiceId + "]";
  }
}
