package dev.clinicsync.connectors.icsfeed;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.model.AppointmentType;
import dev.clinicsync.core.model.SourceSystem;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * What makes a vendor's calendar feed "a preset of the feed": the provider type it is configured
 * under, the source system its records carry, its defaults, and its id rules. The generic
 * {@link #GENERIC} preset is the {@value IcsFeedConfig#TYPE} connector itself; a vendor module
 * declares its own (SimplePractice: type {@code simplepractice-ics}, source system
 * {@code simplepractice}) and builds an {@link IcsFeedConnector} with it, so there is one feed
 * reader, not a copy per vendor.
 *
 * <p><b>Id rules.</b> Every preset spells external ids the same way, so a vendor's ids stay
 * stable when it becomes a preset: a single event is its {@code UID}; a series instance is
 * {@code UID + "/" + original start} (UTC {@code yyyyMMdd'T'HHmmss'Z'}, or {@code yyyyMMdd} for
 * all-day series), which {@code RECURRENCE-ID} overrides keep. What a preset chooses:
 * <ul>
 *   <li>{@link #uidlessEvents()}: an event without a {@code UID} (OWA exports) is either kept
 *       under a derived key — {@link #DERIVED_ID_PREFIX} + a keyed hash (HMAC through the host's
 *       patient-token key, under a namespace naming the connector) of its own start, end and
 *       recurrence ({@code DTSTART}, {@code DTEND}/{@code DURATION}, {@code RRULE}, {@code RDATE},
 *       {@code EXDATE}, {@code RECURRENCE-ID}), never of its summary or attendees — with a
 *       {@code FALLBACK} issue saying the key is derived; or refused with a {@code SKIPPED} issue;
 *   <li>{@link #versionNamespace()} and {@link #cursorPrefix()}: the namespace of the content
 *       fingerprint used as each record's version, and the prefix of the cursors it hands out
 *       (a vendor keeps its own so that stored versions and cursors stay valid).
 * </ul>
 *
 * @param type the provider type the preset is configured under ({@code ics-feed}, {@code simplepractice-ics})
 * @param vendorName a PHI-free name used in messages ("SimplePractice", "iCalendar")
 * @param system the source system its records carry
 * @param systemConfigurable whether a configuration may name another source system ({@code source-system})
 * @param defaultType the appointment type when the configuration names none
 * @param pollingFloor how often the feed may be fetched at most
 * @param uidlessEvents what happens to an event without a UID
 * @param versionNamespace the namespace of the record fingerprints
 * @param cursorPrefix the prefix of the cursors
 */
public record IcsFeedPreset(
    String type,
    String vendorName,
    SourceSystem system,
    boolean systemConfigurable,
    AppointmentType defaultType,
    Duration pollingFloor,
    UidlessEvents uidlessEvents,
    String versionNamespace,
    String cursorPrefix) {

  /** The prefix of a derived external id: no UID starts like it in practice, and it is not an instance key. */
  public static final String DERIVED_ID_PREFIX = "ics-derived:";

  private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9-]{0,39}");

  /** What a preset does with a VEVENT that has no {@code UID}. */
  public enum UidlessEvents {
    /** Keep it under a keyed hash of its own times and recurrence, with a {@code FALLBACK} issue. */
    DERIVE_KEY,
    /** Skip it with a {@code SKIPPED} issue. */
    REFUSE
  }

  /** The generic connector: type {@code ics-feed}, source system {@code ics-feed} unless configured. */
  public static final IcsFeedPreset GENERIC = builder(IcsFeedConfig.TYPE, SourceSystem.of("ics-feed"))
      .vendorName("iCalendar")
      .systemConfigurable(true)
      .versionNamespace("ics-feed-record-version")
      .cursorPrefix("ics1:")
      .build();

  public IcsFeedPreset {
    Checks.notBlank(type, "preset type");
    if (!TYPE.matcher(type).matches()) {
      throw new ValidationException("preset type must be lowercase letters, digits and dashes: " + type);
    }
    Checks.notBlank(vendorName, "preset vendor name");
    Checks.notNull(system, "preset source system");
    Checks.notNull(defaultType, "preset default type");
    Checks.notNull(pollingFloor, "preset polling floor");
    if (pollingFloor.isNegative() || pollingFloor.isZero()) {
      throw new ValidationException("preset polling floor must be positive: " + pollingFloor);
    }
    Checks.notNull(uidlessEvents, "preset uid-less event rule");
    Checks.notBlank(versionNamespace, "preset version namespace");
    Checks.notBlank(cursorPrefix, "preset cursor prefix");
  }

  /**
   * A builder with the generic defaults: CONSULT, a 5-minute polling floor, derived keys for
   * events without a UID, a fixed source system.
   *
   * @param type the provider type
   * @param system the source system
   */
  public static Builder builder(String type, SourceSystem system) {
    return new Builder(type, system);
  }

  /** Builds an {@link IcsFeedPreset}. */
  public static final class Builder {
    private final String type;
    private final SourceSystem system;
    private String vendorName;
    private boolean systemConfigurable;
    private AppointmentType defaultType = AppointmentType.CONSULT;
    private Duration pollingFloor = Duration.ofMinutes(5);
    private UidlessEvents uidlessEvents = UidlessEvents.DERIVE_KEY;
    private String versionNamespace;
    private String cursorPrefix;

    private Builder(String type, SourceSystem system) {
      this.type = type;
      this.system = system;
      this.vendorName = type;
      this.versionNamespace = type + "-record-version";
      this.cursorPrefix = type + "1:";
    }

    /** The PHI-free vendor name used in messages. */
    public Builder vendorName(String name) {
      this.vendorName = name;
      return this;
    }

    /** Whether a configuration may name another source system with {@code source-system}. */
    public Builder systemConfigurable(boolean configurable) {
      this.systemConfigurable = configurable;
      return this;
    }

    /** The appointment type when the configuration names none. */
    public Builder defaultType(AppointmentType t) {
      this.defaultType = t;
      return this;
    }

    /** How often the feed may be fetched at most. */
    public Builder pollingFloor(Duration floor) {
      this.pollingFloor = floor;
      return this;
    }

    /** What happens to events without a UID. */
    public Builder uidlessEvents(UidlessEvents rule) {
      this.uidlessEvents = rule;
      return this;
    }

    /** The namespace of the record fingerprints (record versions). */
    public Builder versionNamespace(String ns) {
      this.versionNamespace = ns;
      return this;
    }

    /** The prefix of the cursors this preset's connectors hand out. */
    public Builder cursorPrefix(String prefix) {
      this.cursorPrefix = prefix;
      return this;
    }

    /** @throws ValidationException when a value is invalid */
    public IcsFeedPreset build() {
      return new IcsFeedPreset(type, vendorName, system, systemConfigurable, defaultType, pollingFloor,
          uidlessEvents, versionNamespace, cursorPrefix);
    }
  }
}
