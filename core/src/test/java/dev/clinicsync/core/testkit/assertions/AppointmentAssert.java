package dev.clinicsync.core.testkit.assertions;

import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.AppointmentType;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.PatientRef;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.phi.PhiField;
import dev.clinicsync.core.phi.PhiRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on an {@link Appointment} that read as a specification and, when they fail, say
 * what the appointment holds instead:
 *
 * <pre>{@code
 * assertThat(appointment).belongsTo(LEE).hasStatus(CONFIRMED).isFrom(SourceSystem.ZOCDOC)
 *     .startsAt("2026-03-02T14:00:00Z").lasts(Duration.ofMinutes(50))
 *     .holdsNoPhiOf(record.phi());
 * }</pre>
 *
 * Get one from {@link ClinicSyncAssertions#assertThat(Appointment)}. Failure messages show the
 * appointment's {@code toString()} (PHI-free) and the one field that differs; patient tokens only
 * in their redacted form.
 */
public class AppointmentAssert extends AbstractAssert<AppointmentAssert, Appointment> {

  public AppointmentAssert(Appointment actual) {
    super(actual, AppointmentAssert.class);
  }

  /** The appointment has this id. */
  public AppointmentAssert hasId(AppointmentId expected) {
    return field("id", expected, a -> a.id());
  }

  /** The appointment has this status. */
  public AppointmentAssert hasStatus(AppointmentStatus expected) {
    return field("status", expected, a -> a.status());
  }

  /** The appointment is of this type (kind and vendor code). */
  public AppointmentAssert hasType(AppointmentType expected) {
    return field("type", expected, a -> a.type());
  }

  /** The appointment's source is exactly this one, the vendor version included. */
  public AppointmentAssert hasSource(SourceRef expected) {
    return field("source", expected, a -> a.source());
  }

  /** The appointment's source has the same key ({@code system:externalId}), whatever the versions. */
  public AppointmentAssert hasSourceKey(SourceRef expected) {
    Objects.requireNonNull(expected, "expected source");
    isNotNull();
    if (!actual().source().sameKey(expected)) {
      fail("source key", expected.key(), actual().source().key());
    }
    return this;
  }

  /** The appointment comes from this source system. */
  public AppointmentAssert isFrom(SourceSystem expected) {
    return field("source system", expected, a -> a.source().system());
  }

  /** The appointment's source carries this vendor version or ETag. */
  public AppointmentAssert hasSourceVersion(String expected) {
    Objects.requireNonNull(expected, "expected source version");
    isNotNull();
    if (!actual().source().version().equals(Optional.of(expected))) {
      fail("source version", expected, actual().source().version().orElse("(none)"));
    }
    return this;
  }

  /** The appointment belongs to this clinician. */
  public AppointmentAssert belongsTo(ClinicianId expected) {
    return field("clinician", expected, a -> a.clinicianId());
  }

  /** The appointment belongs to the clinician with this id. */
  public AppointmentAssert belongsTo(String expectedClinicianId) {
    return belongsTo(ClinicianId.of(expectedClinicianId));
  }

  /** The appointment starts at this instant. */
  public AppointmentAssert startsAt(Instant expected) {
    return field("start", expected, a -> a.start());
  }

  /** The appointment starts at this ISO-8601 instant ({@code 2026-03-02T14:00:00Z}). */
  public AppointmentAssert startsAt(String expectedIsoInstant) {
    return startsAt(Instant.parse(expectedIsoInstant));
  }

  /** The appointment ends (its first instant after) at this instant. */
  public AppointmentAssert endsAt(Instant expected) {
    return field("end", expected, a -> a.end());
  }

  /** The appointment ends at this ISO-8601 instant. */
  public AppointmentAssert endsAt(String expectedIsoInstant) {
    return endsAt(Instant.parse(expectedIsoInstant));
  }

  /** The appointment lasts this long. */
  public AppointmentAssert lasts(Duration expected) {
    return field("length", expected, a -> a.window().length());
  }

  /** The appointment occupies exactly this window. */
  public AppointmentAssert hasWindow(TimeWindow expected) {
    return field("window", expected, a -> a.window());
  }

  /** The appointment shares at least one instant with the window. */
  public AppointmentAssert overlaps(TimeWindow window) {
    Objects.requireNonNull(window, "window");
    isNotNull();
    if (!actual().overlaps(window)) {
      failWithMessage("%nExpecting appointment:%n  %s%nto overlap:%n  %s%nbut its window is:%n  %s",
          actual(), window, actual().window());
    }
    return this;
  }

  /** The appointment has this patient token. */
  public AppointmentAssert hasPatient(PatientRef expected) {
    Objects.requireNonNull(expected, "expected patient");
    isNotNull();
    if (!actual().patient().equals(Optional.of(expected))) {
      fail("patient", expected, actual().patient().map(p -> p.equals(expected) ? p.toString()
          : p + " (another token)").orElse("no patient"));
    }
    return this;
  }

  /** The appointment has no patient (an admin or personal block). */
  public AppointmentAssert hasNoPatient() {
    isNotNull();
    if (actual().patient().isPresent()) {
      fail("patient", "no patient", actual().patient().get());
    }
    return this;
  }

  /** The appointment is at this location. */
  public AppointmentAssert hasLocation(String expected) {
    Objects.requireNonNull(expected, "expected location");
    isNotNull();
    if (!actual().locationId().equals(Optional.of(expected))) {
      fail("location", expected, actual().locationId().orElse("(none)"));
    }
    return this;
  }

  /** The appointment currently conflicts with exactly these appointments (any order). */
  public AppointmentAssert hasConflictIds(AppointmentId... expected) {
    isNotNull();
    Set<AppointmentId> want = Set.of(expected);
    if (!actual().conflictIds().equals(want)) {
      fail("conflict ids", sorted(want), sorted(actual().conflictIds()));
    }
    return this;
  }

  /** The appointment currently conflicts with nothing. */
  public AppointmentAssert hasNoConflictIds() {
    return hasConflictIds();
  }

  /** The appointment is at this store revision. */
  public AppointmentAssert hasRevision(long expected) {
    return field("revision", expected, a -> a.revision());
  }

  /** The vendor metadata holds this key with this value. */
  public AppointmentAssert hasSourceMetadata(String key, String expectedValue) {
    Objects.requireNonNull(key, "metadata key");
    Objects.requireNonNull(expectedValue, "expected metadata value");
    isNotNull();
    String found = actual().sourceMetadata().get(key);
    if (!expectedValue.equals(found)) {
      failWithMessage("%nExpecting appointment:%n  %s%nto have source metadata %s=%s%nbut %s; its metadata keys are:%n  %s",
          actual(), key, expectedValue, found == null ? "it has no such key" : "the value is " + found,
          new TreeSet<>(actual().sourceMetadata().keySet()));
    }
    return this;
  }

  /** The vendor metadata has none of these keys. */
  public AppointmentAssert hasNoSourceMetadata(String... keys) {
    isNotNull();
    List<String> present = new ArrayList<>();
    for (String k : keys) {
      if (actual().sourceMetadata().containsKey(k)) {
        present.add(k);
      }
    }
    if (!present.isEmpty()) {
      failWithMessage("%nExpecting appointment:%n  %s%nto have none of the source metadata keys %s%nbut it has %s",
          actual(), Arrays.asList(keys), present);
    }
    return this;
  }

  /**
   * The appointment describes the same thing at the source as {@code expected}, ignoring the
   * SDK's bookkeeping (revision, conflict ids); see {@link Appointment#sameContentAs}.
   */
  public AppointmentAssert hasSameContentAs(Appointment expected) {
    Objects.requireNonNull(expected, "expected appointment");
    isNotNull();
    if (!actual().sameContentAs(expected)) {
      failWithMessage("%nExpecting appointment:%n  %s%nto have the same content as:%n  %s%nbut these differ: %s",
          actual(), expected, differences(actual(), expected));
    }
    return this;
  }

  /**
   * None of the values of {@code phi} (a vendor record's identifying part) occurs, ignoring case,
   * anywhere in the appointment: its {@code toString()}, source key and version, type, location,
   * vendor provider id and metadata keys and values. The failure names the PHI field and where it
   * was found, never the value.
   */
  public AppointmentAssert holdsNoPhiOf(PhiRecord phi) {
    Objects.requireNonNull(phi, "phi");
    isNotNull();
    Map<String, String> places = new LinkedHashMap<>();
    places.put("toString()", actual().toString());
    places.put("source", actual().source().toString());
    places.put("type", actual().type().toString());
    actual().locationId().ifPresent(l -> places.put("location id", l));
    actual().vendorProviderId().ifPresent(v -> places.put("vendor provider id", v));
    actual().sourceMetadata().forEach((k, v) -> {
      places.put("metadata key " + k, k);
      places.put("metadata value of " + k, v);
    });
    List<String> found = new ArrayList<>();
    for (Map.Entry<PhiField, String> e : phi.asMap().entrySet()) {
      String needle = e.getValue().toLowerCase(Locale.ROOT);
      places.forEach((where, text) -> {
        if (text.toLowerCase(Locale.ROOT).contains(needle)) {
          found.add(e.getKey() + " in " + where);
        }
      });
    }
    if (!found.isEmpty()) {
      failWithMessage("%nExpecting appointment:%n  %s%nto hold none of the PHI of its record%nbut found: %s",
          actual().id(), found);
    }
    return this;
  }

  /**
   * The appointment's patient token occurs in none of these (each as {@code String.valueOf}): what
   * a report, a log line or an exception shows must not name the patient. The failure shows where
   * the token was found, with the token masked.
   */
  public AppointmentAssert hasNoPhiIn(Object... shown) {
    isNotNull();
    if (actual().patient().isEmpty()) {
      return this;
    }
    String token = actual().patient().get().token();
    for (int i = 0; i < shown.length; i++) {
      String text = String.valueOf(shown[i]);
      if (text.contains(token)) {
        failWithMessage("%nExpecting the patient token of appointment %s to appear in nothing shown%n"
            + "but it appears in argument %s:%n  %s", actual().id(), i + 1, text.replace(token, "<patient token>"));
      }
    }
    return this;
  }

  // ---------------------------------------------------------------- helpers

  private AppointmentAssert field(String what, Object expected, Function<Appointment, Object> getter) {
    Objects.requireNonNull(expected, () -> "expected " + what);
    isNotNull();
    Object found = getter.apply(actual());
    if (!expected.equals(found)) {
      fail(what, expected, found);
    }
    return this;
  }

  private void fail(String what, Object expected, Object found) {
    failWithActualExpectedAndMessage(found, expected,
        "%nExpecting appointment:%n  %s%nto have %s:%n  %s%nbut it has:%n  %s", actual(), what, expected, found);
  }

  private static List<String> sorted(Set<AppointmentId> ids) {
    return ids.stream().map(AppointmentId::value).sorted().toList();
  }

  private static List<String> differences(Appointment a, Appointment b) {
    List<String> out = new ArrayList<>();
    diff(out, "id", a.id(), b.id());
    diff(out, "source", a.source(), b.source());
    diff(out, "clinician", a.clinicianId(), b.clinicianId());
    diff(out, "vendor provider id", a.vendorProviderId(), b.vendorProviderId());
    if (!a.patient().equals(b.patient())) {
      out.add("patient");
    }
    diff(out, "start", a.start(), b.start());
    diff(out, "end", a.end(), b.end());
    diff(out, "location", a.locationId(), b.locationId());
    diff(out, "status", a.status(), b.status());
    diff(out, "type", a.type(), b.type());
    diff(out, "source zone", a.sourceZone(), b.sourceZone());
    if (!a.sourceMetadata().equals(b.sourceMetadata())) {
      out.add("source metadata " + new TreeSet<>(a.sourceMetadata().keySet()) + " vs "
          + new TreeSet<>(b.sourceMetadata().keySet()));
    }
    return out;
  }

  private static void diff(List<String> out, String what, Object a, Object b) {
    if (!a.equals(b)) {
      out.add(what + " " + a + " vs " + b);
    }
  }
}
