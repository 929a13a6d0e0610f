package dev.clinicsync.core.model;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.Checks;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The canonical appointment: PHI-free, immutable, valid by construction. Identifying PHI (names,
 * birth dates, notes, telehealth links…) never lives here; it goes to the host's
 * {@link dev.clinicsync.core.phi.PhiVault} keyed by {@link #id()}.
 *
 * <p>Build one with {@link #builder()}; change one with {@link #toBuilder()}.
 *
 * @param id the SDK's id; for synced records, {@link AppointmentId#forSource} of the source key
 * @param source where the record lives and its vendor version
 * @param clinicianId the host's clinician
 * @param vendorProviderId the vendor's id for the clinician, when the source has one
 * @param patient the pseudonymous patient token; empty for admin or personal blocks
 * @param start the first instant of the appointment (UTC)
 * @param end the first instant after the appointment (UTC), strictly after {@code start}
 * @param locationId the location id, when known
 * @param status where the appointment stands
 * @param type the kind of visit
 * @param sourceZone the zone the source expressed the times in, when it said
 * @param conflictIds ids of the appointments this one currently conflicts with
 * @param sourceMetadata vendor facts worth keeping, with every PHI field removed; never the SDK's own
 *     bookkeeping (keys starting with {@code clinicsync} are refused)
 * @param connector the connector instance that owns the record (the one whose syncs create, update
 *     and delete it); empty for appointments booked through the SDK itself
 * @param override an accepted conflict: who accepted which conflict state, when and why; empty
 *     when nobody did
 * @param revision the store's optimistic-concurrency revision: 0 before the first save
 */
public record Appointment(
    AppointmentId id,
    SourceRef source,
    ClinicianId clinicianId,
    Optional<String> vendorProviderId,
    Optional<PatientRef> patient,
    Instant start,
    Instant end,
    Optional<String> locationId,
    AppointmentStatus status,
    AppointmentType type,
    Optional<ZoneId> sourceZone,
    Set<AppointmentId> conflictIds,
    Map<String, String> sourceMetadata,
    Optional<ConnectorId> connector,
    Optional<ConflictOverride> override,
    long revision) {

  private static final int MAX_METADATA_VALUE = 512;
  private static final String RESERVED_METADATA_PREFIX = "clinicsync";

  public Appointment {
    Checks.notNull(id, "appointment id");
    Checks.notNull(source, "appointment source");
    Checks.notNull(clinicianId, "appointment clinician id");
    Checks.notNull(vendorProviderId, "appointment vendor provider id");
    vendorProviderId.ifPresent(v -> Checks.notBlank(v, "appointment vendor provider id"));
    Checks.notNull(patient, "appointment patient");
    Checks.ordered(start, end, () -> "appointment " + id);
    Checks.notNull(locationId, "appointment location id");
    locationId.ifPresent(v -> Checks.notBlank(v, "appointment location id"));
    Checks.notNull(status, "appointment status");
    Checks.notNull(type, "appointment type");
    Checks.notNull(sourceZone, "appointment source zone");
    Checks.notNull(conflictIds, "appointment conflict ids");
    Checks.notNull(sourceMetadata, "appointment source metadata");
    Checks.notNull(connector, "appointment connector");
    Checks.notNull(override, "appointment override");
    if (revision < 0) {
      throw new ValidationException("appointment " + id + " revision must not be negative: " + revision);
    }
    if (conflictIds.contains(id)) {
      throw new ValidationException("appointment " + id + " cannot conflict with itself");
    }
    for (Map.Entry<String, String> e : sourceMetadata.entrySet()) {
      if (!isMetadataKey(e.getKey())) {
        throw new ValidationException("appointment " + id + " metadata key must be lowercase "
            + "letters, digits and _.- starting with a letter, at most 64 characters");
      }
      if (e.getKey().startsWith(RESERVED_METADATA_PREFIX)) {
        throw new ValidationException("appointment " + id + " metadata key " + e.getKey()
            + " is reserved: the SDK's bookkeeping lives in typed fields, not in vendor metadata");
      }
      Checks.notNull(e.getValue(), () -> "appointment " + id + " metadata value of " + e.getKey());
      if (e.getValue().length() > MAX_METADATA_VALUE) {
        throw new ValidationException("appointment " + id + " metadata value of " + e.getKey()
            + " is longer than " + MAX_METADATA_VALUE + " characters");
      }
    }
    conflictIds = Set.copyOf(conflictIds);
    sourceMetadata = Map.copyOf(sourceMetadata);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code [a-z][a-z0-9_.-]{0,63}}, checked without a regex: this runs for every record synced. */
  private static boolean isMetadataKey(String key) {
    int n = key.length();
    if (n == 0 || n > 64 || key.charAt(0) < 'a' || key.charAt(0) > 'z') {
      return false;
    }
    for (int i = 1; i < n; i++) {
      char c = key.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The appointment's interval {@code [start, end)}. */
  public TimeWindow window() {
    return new TimeWindow(start, end);
  }

  /** Whether the appointment shares at least one instant with the window. */
  public boolean overlaps(TimeWindow window) {
    return window.overlaps(start, end);
  }

  /** A copy at another revision (stores use this when saving). */
  public Appointment withRevision(long newRevision) {
    return new Appointment(id, source, clinicianId, vendorProviderId, patient, start, end, locationId, status, type,
        sourceZone, conflictIds, sourceMetadata, connector, override, newRevision);
  }

  /** A copy with another set of conflict ids. */
  public Appointment withConflictIds(Set<AppointmentId> ids) {
    return new Appointment(id, source, clinicianId, vendorProviderId, patient, start, end, locationId, status, type,
        sourceZone, ids, sourceMetadata, connector, override, revision);
  }

  /**
   * Whether the two describe the same appointment at the source, ignoring the SDK's own
   * bookkeeping ({@link #revision()}, {@link #conflictIds()}, {@link #connector()} and
   * {@link #override()}).
   */
  public boolean sameContentAs(Appointment other) {
    return id.equals(other.id)
        && source.equals(other.source)
        && clinicianId.equals(other.clinicianId)
        && vendorProviderId.equals(other.vendorProviderId)
        && patient.equals(other.patient)
        && start.equals(other.start)
        && end.equals(other.end)
        && locationId.equals(other.locationId)
        && status == other.status
        && type.equals(other.type)
        && sourceZone.equals(other.sourceZone)
        && sourceMetadata.equals(other.sourceMetadata);
  }

  @Override
  public String toString() {
    return "Appointment[" + id + " " + source + " clinician=" + clinicianId + " " + window()
        + " " + status + " " + type + connector.map(c -> " via " + c.value()).orElse("")
        + (override.isPresent() ? " override=" + override.get().reason() : "") + " rev=" + revision + "]";
  }

  /** Builds an {@link Appointment}; {@link #build()} validates every invariant at once. */
  public static final class Builder {
    private @Nullable AppointmentId id;
    private @Nullable SourceRef source;
    private @Nullable ClinicianId clinicianId;
    private @Nullable String vendorProviderId;
    private @Nullable PatientRef patient;
    private @Nullable Instant start;
    private @Nullable Instant end;
    private @Nullable String locationId;
    private AppointmentStatus status = AppointmentStatus.SCHEDULED;
    private AppointmentType type = AppointmentType.CONSULT;
    private @Nullable ZoneId sourceZone;
    private Set<AppointmentId> conflictIds = Set.of();
    /** Immutable until {@link #putSourceMetadata} needs a copy: rebuilding a record copies nothing. */
    private Map<String, String> sourceMetadata = Map.of();
    private boolean metadataCopied;
    private @Nullable ConnectorId connector;
    private @Nullable ConflictOverride override;
    private long revision;

    private Builder() {}

    private Builder(Appointment a) {
      id = a.id;
      source = a.source;
      clinicianId = a.clinicianId;
      vendorProviderId = a.vendorProviderId.orElse(null);
      patient = a.patient.orElse(null);
      start = a.start;
      end = a.end;
      locationId = a.locationId.orElse(null);
      status = a.status;
      type = a.type;
      sourceZone = a.sourceZone.orElse(null);
      conflictIds = a.conflictIds;
      sourceMetadata = a.sourceMetadata;
      connector = a.connector.orElse(null);
      override = a.override.orElse(null);
      revision = a.revision;
    }

    public Builder id(AppointmentId id) {
      this.id = id;
      return this;
    }

    /** Sets the source and, unless an id was set explicitly, the id derived from the source key. */
    public Builder source(SourceRef source) {
      this.source = source;
      return this;
    }

    public Builder clinicianId(ClinicianId clinicianId) {
      this.clinicianId = clinicianId;
      return this;
    }

    public Builder vendorProviderId(@Nullable String vendorProviderId) {
      this.vendorProviderId = vendorProviderId;
      return this;
    }

    public Builder patient(@Nullable PatientRef patient) {
      this.patient = patient;
      return this;
    }

    public Builder start(Instant start) {
      this.start = start;
      return this;
    }

    public Builder end(Instant end) {
      this.end = end;
      return this;
    }

    public Builder window(TimeWindow window) {
      this.start = window.start();
      this.end = window.end();
      return this;
    }

    public Builder locationId(@Nullable String locationId) {
      this.locationId = locationId;
      return this;
    }

    public Builder status(AppointmentStatus status) {
      this.status = status;
      return this;
    }

    public Builder type(AppointmentType type) {
      this.type = type;
      return this;
    }

    public Builder sourceZone(@Nullable ZoneId sourceZone) {
      this.sourceZone = sourceZone;
      return this;
    }

    public Builder conflictIds(Set<AppointmentId> conflictIds) {
      this.conflictIds = Set.copyOf(conflictIds);
      return this;
    }

    public Builder sourceMetadata(Map<String, String> sourceMetadata) {
      this.sourceMetadata = new TreeMap<>(sourceMetadata);
      this.metadataCopied = true;
      return this;
    }

    public Builder putSourceMetadata(String key, String value) {
      if (!metadataCopied) {
        sourceMetadata = new TreeMap<>(sourceMetadata);
        metadataCopied = true;
      }
      this.sourceMetadata.put(key, value);
      return this;
    }

    /** The connector instance that owns the record; {@code null} for one booked through the SDK. */
    public Builder connector(@Nullable ConnectorId connector) {
      this.connector = connector;
      return this;
    }

    /** An accepted conflict; {@code null} for none. */
    public Builder override(@Nullable ConflictOverride override) {
      this.override = override;
      return this;
    }

    public Builder revision(long revision) {
      this.revision = revision;
      return this;
    }

    /**
     * Builds the appointment. When no id was set, the id is derived from the source key.
     *
     * @throws ValidationException naming the first broken invariant
     */
    public Appointment build() {
      AppointmentId effectiveId = id;
      if (effectiveId == null && source != null) {
        effectiveId = AppointmentId.forSource(source);
      }
      return new Appointment(
          Checks.notNull(effectiveId, "appointment id"),
          Checks.notNull(source, "appointment source"),
          Checks.notNull(clinicianId, "appointment clinician id"),
          Optional.ofNullable(vendorProviderId),
          Optional.ofNullable(patient),
          Checks.notNull(start, "appointment start"),
          Checks.notNull(end, "appointment end"),
          Optional.ofNullable(locationId),
          status,
          type,
          Optional.ofNullable(sourceZone),
          conflictIds,
          sourceMetadata,
          Optional.ofNullable(connector),
          Optional.ofNullable(override),
          revision);
    }
  }
}
