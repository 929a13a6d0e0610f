package dev.clinicsync.connectors.icsfeed.internal;

import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.AppointmentType;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.phi.PhiField;
import dev.clinicsync.core.phi.PhiRecord;
import dev.clinicsync.core.connector.RecordIssue;
import dev.clinicsync.core.connector.SourceRecord;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Splits one {@link EventInstance} into the canonical, PHI-free appointment and its PHI part, or
 * turns it into a busy block that carries nothing but its times.
 *
 * <p>PHI: SUMMARY → {@link PhiField#TITLE}, DESCRIPTION and COMMENT → {@link PhiField#NOTES},
 * URL, CONFERENCE and a LOCATION that is a link → {@link PhiField#TELEHEALTH_LINK}, any other
 * LOCATION → {@link PhiField#ADDRESS}, ATTENDEE and ORGANIZER (names and e-mail addresses) →
 * {@link PhiField#OTHER}. None of it reaches the appointment or its metadata. The feed has no
 * patient id, so the appointment has no patient token: names are never tokenized.
 *
 * <p>Status table (VEVENT STATUS → canonical): CANCELLED → CANCELLED, TENTATIVE → PENDING,
 * CONFIRMED or none → SCHEDULED (iCalendar's CONFIRMED says the event is firm, not that the
 * client confirmed); anything else → SCHEDULED with a {@code FALLBACK} issue. The feed carries no
 * visit type, so every appointment gets the configured default type. The record has no vendor
 * version here: the connector sets a content fingerprint as the version.
 *
 * <p>Busy blocks: an instance whose STATUS (its own, else its master's) is CANCELLED, or whose
 * TRANSP is TRANSPARENT ("free"), blocks nothing; every other instance blocks its interval, an
 * all-day one its local dates. Nothing else of the event is read.
 */
public final class IcsEventMapper {
  private static final Pattern LINK = Pattern.compile("(?i)^\\s*(https?://|zoommtg:|msteams:|tel:)\\S*\\s*$");
  private static final Map<String, AppointmentStatus> STATUS = Map.of(
      "CANCELLED", AppointmentStatus.CANCELLED,
      "TENTATIVE", AppointmentStatus.PENDING,
      "CONFIRMED", AppointmentStatus.SCHEDULED);

  private final SourceSystem system;
  private final ClinicianId clinician;
  private final @Nullable String vendorProviderId;
  private final AppointmentType defaultType;

  /**
   * @param system the source system of the records
   * @param clinician the clinician the feed belongs to
   * @param vendorProviderId the clinician's id in the source system, when configured
   * @param defaultType the type of every feed appointment (the feed has none)
   */
  public IcsEventMapper(SourceSystem system, ClinicianId clinician, @Nullable String vendorProviderId,
      AppointmentType defaultType) {
    this.system = system;
    this.clinician = clinician;
    this.vendorProviderId = vendorProviderId;
    this.defaultType = defaultType;
  }

  /** Maps one instance; a fallback is reported through {@code issues}. */
  public SourceRecord map(EventInstance instance, Consumer<RecordIssue> issues) {
    IcsComponent e = instance.event();
    Optional<String> rawStatus = e.property("STATUS").map(p -> p.text().strip().toUpperCase(Locale.ROOT))
        .filter(s -> !s.isEmpty())
        .or(() -> instance.masterStatus().map(s -> s.toUpperCase(Locale.ROOT)));
    AppointmentStatus status = AppointmentStatus.SCHEDULED;
    if (rawStatus.isPresent()) {
      AppointmentStatus mapped = STATUS.get(rawStatus.get());
      if (mapped == null) {
        // the value is not echoed: an X- status is free text and could name someone
        issues.accept(RecordIssue.fallback(instance.externalId(), "STATUS",
            "STATUS is not CONFIRMED, TENTATIVE or CANCELLED; mapped to SCHEDULED"));
      } else {
        status = mapped;
      }
    }
    Appointment.Builder b = Appointment.builder()
        .source(SourceRef.of(system, instance.externalId()))
        .clinicianId(clinician)
        .vendorProviderId(vendorProviderId)
        .start(instance.start())
        .end(instance.end())
        .status(status)
        .type(defaultType)
        .sourceZone(instance.zone().orElse(null))
        .putSourceMetadata("ics.zone_source", instance.zoneSource());
    if (instance.allDay()) {
      b.putSourceMetadata("all_day", "true");
    }
    if (instance.recurring()) {
      b.putSourceMetadata("recurring", "true");
    }
    rawStatus.filter(STATUS::containsKey).ifPresent(s -> b.putSourceMetadata("ics.status", s));
    return SourceRecord.of(b.build(), phi(e));
  }

  /**
   * The busy block of an instance, or empty when it blocks no time (cancelled or free).
   *
   * @param instance the instance
   * @param calendarId the feed's PHI-free name
   * @param zone the zone all-day dates were read in (the practice zone)
   */
  public Optional<BusyBlock> busyBlock(EventInstance instance, String calendarId, ZoneId zone) {
    IcsComponent e = instance.event();
    String status = e.property("STATUS").map(p -> p.text().strip().toUpperCase(Locale.ROOT)).filter(x -> !x.isEmpty())
        .or(() -> instance.masterStatus().map(x -> x.toUpperCase(Locale.ROOT))).orElse("");
    String transp = e.property("TRANSP").map(p -> p.text().strip().toUpperCase(Locale.ROOT)).orElse("OPAQUE");
    if (status.equals("CANCELLED") || transp.equals("TRANSPARENT")) {
      return Optional.empty();
    }
    SourceRef ref = SourceRef.of(system, instance.externalId());
    if (instance.allDay()) {
      LocalDate first = LocalDate.ofInstant(instance.start(), zone);
      LocalDate last = LocalDate.ofInstant(instance.end(), zone);
      return Optional.of(BusyBlock.allDay(ref, calendarId, clinician, new BusyBlock.DateSpan(first, last), zone));
    }
    return Optional.of(BusyBlock.timed(ref, calendarId, clinician, instance.start(), instance.end()));
  }

  static PhiRecord phi(IcsComponent e) {
    PhiRecord.Builder phi = PhiRecord.builder();
    phi.put(PhiField.TITLE, joined(e, "SUMMARY"));
    phi.put(PhiField.NOTES, joined(e, "DESCRIPTION", "COMMENT"));
    String link = null;
    for (String name : List.of("URL", "CONFERENCE", "X-GOOGLE-CONFERENCE", "X-MICROSOFT-SKYPETEAMSMEETINGURL")) {
      Optional<IcsProperty> p = e.property(name);
      if (p.isPresent() && !p.get().text().isBlank()) {
        link = p.get().text().strip();
        break;
      }
    }
    Optional<String> location = e.property("LOCATION").map(p -> p.text().strip()).filter(s -> !s.isEmpty());
    if (location.isPresent()) {
      if (LINK.matcher(location.get()).matches()) {
        if (link == null) {
          link = location.get();
        }
      } else {
        phi.put(PhiField.ADDRESS, location.get());
      }
    }
    phi.put(PhiField.TELEHEALTH_LINK, link);
    List<String> people = new ArrayList<>();
    for (String name : List.of("ORGANIZER", "ATTENDEE", "CONTACT")) {
      for (IcsProperty p : e.all(name)) {
        String cn = p.parameter("CN").map(c -> c + " ").orElse("");
        people.add(name + ": " + cn + p.text().strip());
      }
    }
    phi.put(PhiField.OTHER, people.isEmpty() ? null : String.join("\n", people));
    return phi.build();
  }

  private static @Nullable String joined(IcsComponent e, String... names) {
    List<String> parts = new ArrayList<>();
    for (String n : names) {
      for (IcsProperty p : e.all(n)) {
        String t = p.text().strip();
        if (!t.isEmpty()) {
          parts.add(t);
        }
      }
    }
    return parts.isEmpty() ? null : String.join("\n", parts);
  }
}
