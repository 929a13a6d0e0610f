package dev.clinicsync.connectors.icsfeed;

import dev.clinicsync.connectors.icsfeed.internal.ExpansionLimits;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.AppointmentType;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.connector.ConnectorConfig;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The configuration of an {@link IcsFeedConnector}, read from a core {@link ConnectorConfig} by
 * {@link #from(ConnectorConfig)} (type {@value #TYPE}) or, for a vendor preset, by
 * {@link #from(ConnectorConfig, IcsFeedPreset)}. Properties:
 *
 * <table>
 *   <caption>properties of type {@code ics-feed} and of its presets</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code mode}</td><td>{@code appointments}</td><td>{@code appointments}, or {@code busy-blocks}:
 *       the feed is one clinician's personal calendar and its events only block time ({@link IcsFeedMode})</td></tr>
 *   <tr><td>{@code source-system}</td><td>the preset's ({@code ics-feed})</td><td>the source system of the
 *       records (e.g. {@code outlook}, {@code icloud}); only where the preset allows it</td></tr>
 *   <tr><td>{@code feed-url-secret}</td><td>required</td><td>name of the secret holding the feed URL
 *       (the URL grants access to the calendar, so it is a secret, never a property)</td></tr>
 *   <tr><td>{@code practice-zone}</td><td>required</td><td>IANA zone of floating times and all-day dates</td></tr>
 *   <tr><td>{@code clinician-id}</td><td rowspan="2">one of the two</td><td>the clinician the feed belongs to</td></tr>
 *   <tr><td>{@code clinician-external-id}</td><td>the clinician's id in the source system, looked up in the
 *       clinician directory at every fetch</td></tr>
 *   <tr><td>{@code feed-name}</td><td>the connector id</td><td>PHI-free name used in errors and logs</td></tr>
 *   <tr><td>{@code default-type}</td><td>the preset's ({@code CONSULT})</td><td>type of every feed appointment (the
 *       feed has none): CONSULT, FOLLOW_UP, ADMIN, PERSONAL, or {@code other:CODE}</td></tr>
 *   <tr><td>{@code max-feed-bytes}</td><td>10485760</td><td>larger feeds are rejected</td></tr>
 *   <tr><td>{@code parse-deadline}</td><td>{@code PT20S}</td><td>parsing and expansion give up after this</td></tr>
 *   <tr><td>{@code window-padding}</td><td>{@code P7D}</td><td>the feed is expanded this far beyond
 *       each side of the requested window, so an unchanged feed (HTTP 304) still covers a window
 *       that moved less than this</td></tr>
 *   <tr><td>{@code max-window}</td><td>{@code P400D}</td><td>a longer requested window is clamped (with an issue)</td></tr>
 *   <tr><td>{@code max-instances-per-series}</td><td>1000</td><td>a series defining more instances
 *       (RRULE instances around the window, RDATEs, overrides) is skipped with a {@code SKIPPED}
 *       issue naming its UID; what was stored of it is kept, not deleted</td></tr>
 *   <tr><td>{@code max-expansion-steps-per-series}</td><td>1000000</td><td>the most recurrence
 *       expansion steps (candidate dates built, filtered or sorted; well under a microsecond each)
 *       one series' RRULE may need, estimated before it is expanded; a series needing more is
 *       skipped like one with too many instances. This bounds rules that build millions of
 *       candidates however few instances they emit ({@code FREQ=YEARLY} listing every BYMONTH,
 *       BYMONTHDAY, BYHOUR, BYMINUTE and BYSECOND value)</td></tr>
 *   <tr><td>{@code max-instances-per-feed}</td><td>100000</td><td>a feed defining more instances
 *       fails the fetch with {@link FeedLimitExceededException}</td></tr>
 *   <tr><td>{@code max-expansion-steps-per-feed}</td><td>20000000</td><td>a feed whose rules need
 *       more expansion steps in all fails the fetch with {@link FeedLimitExceededException}</td></tr>
 *   <tr><td>{@code allow-http}, {@code allow-private-addresses}</td><td>false</td><td>relax the SSRF
 *       guard for local sandboxes and tests only</td></tr>
 *   <tr><td>{@code http.*}</td><td>connector-kit defaults</td><td>timeouts, see {@code HttpSettings}</td></tr>
 * </table>
 *
 * @param feedUrlSecret the secret name of the feed URL
 * @param feedName the feed's PHI-free name
 * @param practiceZone the practice zone
 * @param clinicianId the clinician, when configured directly
 * @param clinicianExternalId the clinician's id in the source system, when configured that way
 * @param defaultType the type of every feed appointment
 * @param maxFeedBytes the largest feed accepted
 * @param parseDeadline the longest a parse may take
 * @param windowPadding how far beyond the window the feed is expanded
 * @param maxWindow the longest window expanded
 * @param maxInstancesPerSeries the most instances one series may define
 * @param maxExpansionStepsPerSeries the most expansion steps one series may need
 * @param maxInstancesPerFeed the most instances the feed may define
 * @param maxExpansionStepsPerFeed the most expansion steps the feed may need
 * @param allowHttp whether plain http feed URLs are accepted
 * @param allowPrivateAddresses whether feed hosts may resolve to private addresses
 * @param preset the vendor preset (ids, defaults, source system)
 * @param system the source system of the records
 * @param mode appointments or busy blocks
 */
public record IcsFeedConfig(
    String feedUrlSecret,
    String feedName,
    ZoneId practiceZone,
    Optional<ClinicianId> clinicianId,
    Optional<String> clinicianExternalId,
    AppointmentType defaultType,
    long maxFeedBytes,
    Duration parseDeadline,
    Duration windowPadding,
    Duration maxWindow,
    int maxInstancesPerSeries,
    long maxExpansionStepsPerSeries,
    int maxInstancesPerFeed,
    long maxExpansionStepsPerFeed,
    boolean allowHttp,
    boolean allowPrivateAddresses,
    IcsFeedPreset preset,
    SourceSystem system,
    IcsFeedMode mode) {

  /** The provider type of the generic connector. */
  public static final String TYPE = "ics-feed";

  public IcsFeedConfig {
    Checks.notNull(preset, "preset");
    Checks.notNull(system, "source system");
    Checks.notNull(mode, "mode");
    Checks.notBlank(feedUrlSecret, "feed URL secret name");
    Checks.notBlank(feedName, "feed name");
    Checks.notNull(practiceZone, "practice zone");
    Checks.notNull(clinicianId, "clinician id");
    Checks.notNull(clinicianExternalId, "clinician external id");
    if (clinicianId.isPresent() == clinicianExternalId.isPresent()) {
      throw new ValidationException("exactly one of clinician-id and clinician-external-id must be set");
    }
    Checks.notNull(defaultType, "default type");
    if (maxFeedBytes < 1) {
      throw new ValidationException("max-feed-bytes must be positive: " + maxFeedBytes);
    }
    positive(parseDeadline, "parse-deadline");
    Checks.notNull(windowPadding, "window-padding");
    if (windowPadding.isNegative()) {
      throw new ValidationException("window-padding must not be negative: " + windowPadding);
    }
    positive(maxWindow, "max-window");
    new ExpansionLimits(maxInstancesPerSeries, maxExpansionStepsPerSeries, maxInstancesPerFeed,
        maxExpansionStepsPerFeed); // validates each
  }

  /** The recurrence expansion limits. */
  ExpansionLimits expansionLimits() {
    return new ExpansionLimits(maxInstancesPerSeries, maxExpansionStepsPerSeries, maxInstancesPerFeed,
        maxExpansionStepsPerFeed);
  }

  /**
   * Reads a configuration of the generic connector ({@link IcsFeedPreset#GENERIC}), reporting every
   * problem at once.
   *
   * @throws ValidationException naming each missing or invalid property
   */
  public static IcsFeedConfig from(ConnectorConfig c) {
    return from(c, IcsFeedPreset.GENERIC);
  }

  /**
   * Reads a configuration with a vendor preset's defaults, reporting every problem at once.
   *
   * @throws ValidationException naming each missing or invalid property
   */
  public static IcsFeedConfig from(ConnectorConfig c, IcsFeedPreset preset) {
    Checks.notNull(preset, "preset");
    List<String> problems = new ArrayList<>();
    String secret = c.get("feed-url-secret").orElse(null);
    if (secret == null) {
      problems.add("missing required property 'feed-url-secret' (the secret name of the feed URL)");
    }
    if (c.get("feed-url").isPresent()) {
      problems.add("property 'feed-url' is not allowed: the feed URL is a secret; put it in the secret store "
          + "and name it with 'feed-url-secret'");
    }
    ZoneId zone = null;
    Optional<String> zoneText = c.get("practice-zone");
    if (zoneText.isEmpty()) {
      problems.add("missing required property 'practice-zone' (an IANA zone such as America/New_York)");
    } else {
      try {
        zone = ZoneId.of(zoneText.get());
      } catch (DateTimeException e) {
        problems.add("property 'practice-zone' must be an IANA zone, was '" + zoneText.get() + "'");
      }
    }
    Optional<String> clinician = c.get("clinician-id");
    Optional<String> external = c.get("clinician-external-id");
    if (clinician.isPresent() == external.isPresent()) {
      problems.add("exactly one of 'clinician-id' and 'clinician-external-id' must be set");
    }
    AppointmentType type = preset.defaultType();
    try {
      type = c.get("default-type").map(IcsFeedConfig::type).orElse(preset.defaultType());
    } catch (ValidationException e) {
      problems.add(e.getMessage());
    }
    IcsFeedMode mode = IcsFeedMode.APPOINTMENTS;
    try {
      mode = c.get("mode").map(IcsFeedMode::of).orElse(IcsFeedMode.APPOINTMENTS);
    } catch (ValidationException e) {
      problems.add(e.getMessage());
    }
    SourceSystem system = preset.system();
    Optional<String> systemText = c.get("source-system");
    if (systemText.isPresent()) {
      if (!preset.systemConfigurable()) {
        problems.add("property 'source-system' is not allowed for type '" + preset.type() + "': its records are "
            + preset.system());
      } else {
        try {
          system = SourceSystem.of(systemText.get());
        } catch (ValidationException e) {
          problems.add("property 'source-system': " + e.getMessage());
        }
      }
    }

    long maxBytes = 0;
    Duration deadline = null;
    Duration padding = null;
    Duration maxWindow = null;
    int maxInstances = 0;
    long maxStepsPerSeries = 0;
    int maxInstancesPerFeed = 0;
    long maxStepsPerFeed = 0;
    boolean allowHttp = false;
    boolean allowPrivate = false;
    ClinicianId clinicianId = null;
    try {
      maxBytes = c.get("max-feed-bytes").map(v -> parseLong("max-feed-bytes", v)).orElse(10L * 1024 * 1024);
      deadline = c.duration("parse-deadline", Duration.ofSeconds(20));
      padding = c.duration("window-padding", Duration.ofDays(7));
      maxWindow = c.duration("max-window", Duration.ofDays(400));
      maxInstances = c.integer(ExpansionLimits.INSTANCES_PER_SERIES, ExpansionLimits.DEFAULT_MAX_INSTANCES_PER_SERIES);
      maxStepsPerSeries = c.get(ExpansionLimits.STEPS_PER_SERIES).map(v -> parseLong(ExpansionLimits.STEPS_PER_SERIES, v))
          .orElse(ExpansionLimits.DEFAULT_MAX_STEPS_PER_SERIES);
      maxInstancesPerFeed = c.integer(ExpansionLimits.INSTANCES_PER_FEED, ExpansionLimits.DEFAULT_MAX_INSTANCES_PER_FEED);
      maxStepsPerFeed = c.get(ExpansionLimits.STEPS_PER_FEED).map(v -> parseLong(ExpansionLimits.STEPS_PER_FEED, v))
          .orElse(ExpansionLimits.DEFAULT_MAX_STEPS_PER_FEED);
      allowHttp = c.bool("allow-http", false);
      allowPrivate = c.bool("allow-private-addresses", false);
      clinicianId = clinician.map(ClinicianId::of).orElse(null);
    } catch (ValidationException e) {
      problems.add(e.getMessage());
    }
    if (!problems.isEmpty()) {
      throw new ValidationException("connector " + c.id() + " (" + c.type() + ") is misconfigured", problems);
    }
    try {
      // no problem was found, so every value read above was set (each failure to set one adds a problem)
      String allProblemsChecked = "set whenever no problem was reported";
      return new IcsFeedConfig(Objects.requireNonNull(secret, allProblemsChecked),
          c.get("feed-name").orElse(c.id().value()), Objects.requireNonNull(zone, allProblemsChecked),
          Optional.ofNullable(clinicianId), external, type, maxBytes, Objects.requireNonNull(deadline, allProblemsChecked),
          Objects.requireNonNull(padding, allProblemsChecked), Objects.requireNonNull(maxWindow, allProblemsChecked),
          maxInstances,
          maxStepsPerSeries, maxInstancesPerFeed, maxStepsPerFeed, allowHttp, allowPrivate, preset, system, mode);
    } catch (ValidationException e) {
      throw new ValidationException("connector " + c.id() + " (" + c.type() + ") is misconfigured", e.problems());
    }
  }

  private static long parseLong(String key, String v) {
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw new ValidationException("property '" + key + "' must be a whole number, was '" + v + "'");
    }
  }

  /** Parses CONSULT, FOLLOW_UP, ADMIN, PERSONAL (any case) or {@code other:CODE}. */
  public static AppointmentType type(String v) {
    String s = v.strip();
    if (s.regionMatches(true, 0, "other:", 0, 6) && s.length() > 6) {
      return AppointmentType.other(s.substring(6).strip());
    }
    try {
      AppointmentType.Kind kind = AppointmentType.Kind.valueOf(s.toUpperCase(Locale.ROOT));
      if (kind != AppointmentType.Kind.OTHER) {
        return new AppointmentType(kind, Optional.empty());
      }
    } catch (IllegalArgumentException e) {
      // fall through
    }
    throw new ValidationException("property 'default-type' must be CONSULT, FOLLOW_UP, ADMIN, PERSONAL or other:CODE, was '" + v + "'");
  }

  private static void positive(Duration d, String what) {
    Checks.notNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new ValidationException(what + " must be positive: " + d);
    }
  }
}
