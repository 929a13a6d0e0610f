package dev.clinicsync.connectors.icsfeed.internal;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves a TZID to an {@link EventZone}, in this order:
 * <ol>
 *   <li>an IANA id the JDK knows ("America/New_York"), also inside Mozilla-style paths
 *       ("/mozilla.org/20050126_1/America/New_York") — the JDK's tzdata is more complete than a
 *       feed's VTIMEZONE copy;
 *   <li>a Windows zone name ("Eastern Standard Time"), through {@link WindowsZones} (CLDR);
 *   <li>an Outlook display name ("(UTC-05:00) Eastern Time (US &amp; Canada)"), likewise;
 *   <li>the feed's own VTIMEZONE of that TZID, turned into rules (unless an observance's RRULE
 *       is unusable or needs more than a series may: then the definition is not used);
 *   <li>otherwise nothing: the caller reports an unknown TZID for that record. There is no
 *       silent default, and ical4j's global registries and network updates are never used.
 * </ol>
 */
public final class ZoneResolver {
  private static final Pattern IANA_SUFFIX = Pattern.compile("([A-Za-z_]+/[A-Za-z0-9_+\\-]+(?:/[A-Za-z0-9_+\\-]+)?)$");

  private final Map<String, IcsComponent> vtimezones = new HashMap<>();
  private final Map<String, Optional<EventZone>> cache = new HashMap<>();
  private final int fromYear;
  private final int toYear;
  private final ExpansionBudget budget;

  /**
   * A resolver whose VTIMEZONE rules are expanded within the default {@link ExpansionLimits}.
   *
   * @param calendar the feed (its VTIMEZONE components are read)
   * @param fromYear the first year whose VTIMEZONE transitions matter
   * @param toYear the last year whose VTIMEZONE transitions matter
   */
  public ZoneResolver(IcsComponent calendar, int fromYear, int toYear) {
    this(calendar, fromYear, toYear, new ExpansionBudget(ExpansionLimits.DEFAULTS));
  }

  /**
   * @param calendar the feed (its VTIMEZONE components are read)
   * @param fromYear the first year whose VTIMEZONE transitions matter
   * @param toYear the last year whose VTIMEZONE transitions matter
   * @param budget the feed's expansion budget: a VTIMEZONE observance's RRULE is bounded by its
   *     per-series limits and charged to it
   */
  public ZoneResolver(IcsComponent calendar, int fromYear, int toYear, ExpansionBudget budget) {
    for (IcsComponent tz : calendar.children("VTIMEZONE")) {
      tz.property("TZID").map(p -> clean(p.value())).ifPresent(id -> vtimezones.putIfAbsent(id, tz));
    }
    this.fromYear = fromYear;
    this.toYear = toYear;
    this.budget = budget;
  }

  /** The zone of a TZID parameter value, or empty when it names no zone we can trust. */
  public Optional<EventZone> resolve(String rawTzid) {
    String tzid = clean(rawTzid);
    return cache.computeIfAbsent(tzid, this::lookup);
  }

  private Optional<EventZone> lookup(String tzid) {
    Optional<ZoneId> iana = iana(tzid);
    if (iana.isPresent()) {
      return Optional.of(EventZone.of(iana.get(), "iana"));
    }
    Optional<ZoneId> windows = WindowsZones.forWindowsName(tzid);
    if (windows.isPresent()) {
      return Optional.of(EventZone.of(windows.get(), "windows"));
    }
    Optional<ZoneId> display = WindowsZones.windowsNameForDisplayName(tzid).flatMap(WindowsZones::forWindowsName);
    if (display.isPresent()) {
      return Optional.of(EventZone.of(display.get(), "windows-display"));
    }
    IcsComponent definition = vtimezones.get(tzid);
    if (definition != null) {
      Optional<ZoneRules> rules = VTimeZoneRules.build(definition, fromYear, toYear, budget);
      if (rules.isPresent()) {
        return Optional.of(EventZone.ofRules(rules.get(), "vtimezone"));
      }
    }
    return Optional.empty();
  }

  private static Optional<ZoneId> iana(String tzid) {
    Optional<ZoneId> direct = regionId(tzid);
    if (direct.isPresent()) {
      return direct;
    }
    if (tzid.startsWith("/")) {
      Matcher m = IANA_SUFFIX.matcher(tzid);
      if (m.find()) {
        // try the last three, then the last two path segments ("America/Argentina/Buenos_Aires")
        Optional<ZoneId> three = regionId(m.group(1));
        if (three.isPresent()) {
          return three;
        }
        String s = m.group(1);
        int slash = s.indexOf('/');
        if (s.indexOf('/', slash + 1) > 0) {
          return regionId(s.substring(slash + 1));
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<ZoneId> regionId(String id) {
    // only ids with a region path, plus UTC/GMT; never the ambiguous 3-letter short ids
    if (!(id.contains("/") || id.equals("UTC") || id.equals("GMT") || id.equals("Etc/UTC"))) {
      return Optional.empty();
    }
    try {
      return Optional.of(ZoneId.of(id));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  static String clean(String raw) {
    String s = raw.strip();
    if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
      s = s.substring(1, s.length() - 1).strip();
    }
    return s;
  }
}
