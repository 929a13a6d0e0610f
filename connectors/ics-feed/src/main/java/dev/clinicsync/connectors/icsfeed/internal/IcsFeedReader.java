package dev.clinicsync.connectors.icsfeed.internal;

import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.connector.RecordIssue;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import net.fortuna.ical4j.model.TemporalAmountAdapter;
import org.jspecify.annotations.Nullable;

/**
 * Turns a parsed feed into {@link EventInstance}s for a window: groups VEVENTs by UID (so an
 * override may come before its master), expands each master's RRULE within the window minus
 * EXDATE plus RDATE, replaces instances by their RECURRENCE-ID overrides, and reads every time in
 * the right zone (TZID, UTC, floating = the practice zone, all-day = whole local days in the
 * practice zone). Problems with one event become {@link RecordIssue}s; the rest of the feed reads
 * on.
 *
 * <p><b>Limits.</b> Expansion is bounded by {@link ExpansionLimits}: a series that needs more
 * expansion steps or defines more instances (RRULE instances around the window, RDATEs,
 * overrides) than one series may becomes a {@code SKIPPED} issue naming its UID, with none of its
 * instances, so the connector and the coordinator keep what they stored of it; a feed that needs
 * more steps or defines more instances than one feed may fails the read with a
 * {@link FeedProblem.Kind#LIMIT_EXCEEDED} problem naming the limit.
 *
 * <p><b>Events without a UID</b> are kept under a key derived from their own times and
 * recurrence ({@link UidKeys}) with a {@code FALLBACK} issue saying so, or refused with a
 * {@code SKIPPED} issue when the reader derives no keys; an event that cannot be keyed at all (no
 * DTSTART either) is skipped.
 *
 * <p><b>Overrides.</b> A {@code RECURRENCE-ID} names an instance in the series' own zone: on an
 * all-day series a date-time with a TZID names its local date in that zone (Exchange writes
 * midnight of the original day), and a floating one is read in the series' zone, not the practice
 * zone. An override whose RECURRENCE-ID names no instance of its series (nor an RDATE) is a
 * {@code SKIPPED} issue, never an extra instance; an override whose master is not in the feed at
 * all is read as its own event with a {@code FALLBACK} issue.
 *
 * <p><b>PHI.</b> Issue texts name the property at fault and never quote its value: a TZID, a
 * STATUS or an RRULE is vendor text and may hold anything.
 */
public final class IcsFeedReader {
  private static final DateTimeFormatter KEY_TIME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'");
  private static final DateTimeFormatter KEY_DATE = DateTimeFormatter.BASIC_ISO_DATE;

  /** The reason of an unresolvable TZID; the TZID itself is vendor text and never quoted. */
  static final String UNKNOWN_TZID =
      "unknown TZID (names no IANA zone, Windows zone or usable VTIMEZONE of the feed)";

  /** Appointments before this year or after {@link #MAX_YEAR} are absurd, not data. */
  static final int MIN_YEAR = 1900;
  static final int MAX_YEAR = 2200;

  private final ZoneId practiceZone;
  private final ExpansionLimits limits;
  private final UidKeys uidKeys;

  /**
   * A reader that refuses events without a UID.
   *
   * @param practiceZone the zone floating times and all-day dates are read in
   * @param limits how much expansion a series and the feed may need
   */
  public IcsFeedReader(ZoneId practiceZone, ExpansionLimits limits) {
    this(practiceZone, limits, UidKeys.refusing());
  }

  /**
   * @param practiceZone the zone floating times and all-day dates are read in
   * @param limits how much expansion a series and the feed may need
   * @param uidKeys how events without a UID are keyed
   */
  public IcsFeedReader(ZoneId practiceZone, ExpansionLimits limits, UidKeys uidKeys) {
    this.practiceZone = practiceZone;
    this.limits = limits;
    this.uidKeys = uidKeys;
  }

  /**
   * A reader with the default limits but for the instances one series may define.
   *
   * @param practiceZone the zone floating times and all-day dates are read in
   * @param maxInstancesPerSeries the most instances one series may define
   */
  public IcsFeedReader(ZoneId practiceZone, int maxInstancesPerSeries) {
    this(practiceZone, ExpansionLimits.withInstancesPerSeries(maxInstancesPerSeries));
  }

  /**
   * Reads every instance of the feed overlapping the window.
   *
   * @throws FeedProblem of kind {@link FeedProblem.Kind#LIMIT_EXCEEDED} when the feed needs more
   *     than a per-feed limit allows
   */
  public FeedContent read(IcsComponent calendar, TimeWindow window) {
    int fromYear = window.start().atOffset(ZoneOffset.UTC).getYear() - 2;
    int toYear = window.end().atOffset(ZoneOffset.UTC).getYear() + 2;
    ExpansionBudget budget = new ExpansionBudget(limits);
    Run run = new Run(new ZoneResolver(calendar, fromYear, toYear, budget), window, budget);
    List<IcsComponent> events = calendar.children("VEVENT");
    Map<String, List<IcsComponent>> masters = new LinkedHashMap<>();
    Map<String, List<IcsComponent>> overrides = new LinkedHashMap<>();
    int position = 0;
    for (IcsComponent e : events) {
      position++;
      Optional<String> uid = e.property("UID").map(p -> p.text().strip()).filter(u -> !u.isEmpty());
      if (uid.isEmpty()) {
        uid = uidKeys.derive(e);
        if (uid.isEmpty()) {
          run.issues.add(RecordIssue.skipped("VEVENT#" + position, "UID", uidKeys.derives()
              ? "event has no UID and no DTSTART to derive a key from" : "event has no UID"));
          continue;
        }
        run.issues.add(RecordIssue.fallback(uid.get(), "UID", "event has no UID; kept under a key derived "
            + "from its own start, end and recurrence (a keyed hash), so moving it makes it a new record"));
      }
      (e.property("RECURRENCE-ID").isPresent() ? overrides : masters)
          .computeIfAbsent(uid.get(), k -> new ArrayList<>()).add(e);
    }
    Set<String> uids = new HashSet<>(masters.keySet());
    uids.addAll(overrides.keySet());
    for (String uid : uids.stream().sorted().toList()) {
      run.readSeries(uid, masters.getOrDefault(uid, List.of()), overrides.getOrDefault(uid, List.of()));
    }
    run.instances.sort(Comparator.comparing(EventInstance::start).thenComparing(EventInstance::externalId));
    return new FeedContent(run.instances, run.known, run.issues, events.size());
  }

  /** The resolved times of one DTSTART/DTEND pair. */
  private record Timing(
      boolean allDay,
      @Nullable LocalDate startDate,
      @Nullable LocalDateTime startLocal,
      @Nullable EventZone zone,
      String zoneSource,
      Instant start,
      Instant end,
      @Nullable Period dayLength,
      @Nullable Duration localLength) {

    /** The start date of an all-day timing: every all-day timing is built with one. */
    LocalDate allDayStart() {
      return Objects.requireNonNull(startDate, "an all-day timing always has a start date");
    }

    /** The local start of a timed timing: every timed timing is built with one. */
    LocalDateTime timedStart() {
      return Objects.requireNonNull(startLocal, "a timed timing always has a local start");
    }

    /** The zone of a timed timing: every timed timing is built with one (UTC, its TZID or the practice zone). */
    EventZone timedZone() {
      return Objects.requireNonNull(zone, "a timed timing always has a zone");
    }
  }

  private final class Run {
    final ZoneResolver zones;
    final TimeWindow window;
    final ExpansionBudget budget;
    final List<EventInstance> instances = new ArrayList<>();
    final Map<String, Instant> known = new HashMap<>();
    final List<RecordIssue> issues = new ArrayList<>();
    /** The instance keys the last expanded master excluded (EXDATE), and the range it was expanded over. */
    final Set<String> lastExcluded = new HashSet<>();
    Instant lastFrom = Instant.EPOCH;
    Instant lastTo = Instant.EPOCH;

    Run(ZoneResolver zones, TimeWindow window, ExpansionBudget budget) {
      this.zones = zones;
      this.window = window;
      this.budget = budget;
    }

    void readSeries(String uid, List<IcsComponent> masterList, List<IcsComponent> overrideList) {
      IcsComponent master = null;
      if (!masterList.isEmpty()) {
        master = masterList.stream().max(Comparator.comparingInt(this::sequence)).orElseThrow();
        if (masterList.size() > 1) {
          issues.add(RecordIssue.fallback(uid, "UID", masterList.size()
              + " events share this UID; kept the one with the highest SEQUENCE"));
        }
      }
      Map<String, EventInstance> byKey = new LinkedHashMap<>();
      Timing masterTiming = null;
      boolean series = false;
      if (master != null) {
        masterTiming = timing(uid, master, null);
        if (masterTiming == null) {
          return; // issue reported; overrides of a master we cannot read are not trusted either
        }
        series = master.property("RRULE").isPresent() || master.property("RDATE").isPresent()
            || !overrideList.isEmpty();
        Optional<String> masterStatus = master.property("STATUS").map(p -> p.text().strip());
        if (!series) {
          budget.countInstances(1);
          add(new EventInstance(uid, uid, masterTiming.start(), masterTiming.end(), masterTiming.allDay(),
              false, zoneId(masterTiming), masterTiming.zoneSource(), master, masterStatus));
          return;
        }
        if (!expandMaster(uid, master, masterTiming, masterStatus, byKey)) {
          return; // skipped with an issue; its overrides go with it
        }
      }
      if (master == null && !overrideList.isEmpty()) {
        issues.add(RecordIssue.fallback(uid, "RECURRENCE-ID",
            "overrides whose series is not in the feed; each is read as its own event"));
      }
      Set<String> defined = new HashSet<>(byKey.keySet());
      defined.addAll(lastExcluded);
      for (IcsComponent override : overrideList) {
        applyOverride(uid, override, master, masterTiming, byKey, defined);
      }
      int max = limits.maxInstancesPerSeries();
      if (byKey.size() > max) {
        overLimit(uid, "RECURRENCE-ID", ExpansionLimits.INSTANCES_PER_SERIES, max, "the series defines");
        return;
      }
      budget.countInstances(byKey.size());
      byKey.values().forEach(this::add);
    }

    /** A series over a per-series limit: one SKIPPED issue naming its UID; what was stored of it stays. */
    private void overLimit(String uid, String field, String limit, long value, String what) {
      issues.add(RecordIssue.skipped(uid, field, what + " more than " + limit + " (" + value
          + "); the series is skipped and what was stored of it is kept"));
    }

    private void add(EventInstance instance) {
      known.put(instance.externalId(), instance.start());
      if (window.overlaps(instance.start(), instance.end())) {
        instances.add(instance);
      }
    }

    /** Expands a master into {@code byKey}; false when the series was skipped (its issue reported). */
    private boolean expandMaster(String uid, IcsComponent master, Timing t, Optional<String> status,
        Map<String, EventInstance> byKey) {
      Instant from = window.start().minus(Duration.ofDays(2)).minus(length(t));
      Instant to = window.end().plus(Duration.ofDays(2));
      List<Timing> starts = new ArrayList<>();
      Optional<IcsProperty> rrule = master.property("RRULE");
      try {
        if (rrule.isPresent()) {
          if (t.allDay()) {
            String rule = RecurrenceExpander.localUntil(rrule.get().value(), true, i -> LocalDateTime.ofInstant(i, practiceZone));
            for (LocalDate d : RecurrenceExpander.expand(rule, t.allDayStart(), local(from).toLocalDate(),
                local(to).toLocalDate().plusDays(1), budget)) {
              starts.add(allDayAt(d, t));
            }
          } else {
            EventZone z = t.timedZone();
            String rule = RecurrenceExpander.localUntil(rrule.get().value(), false, z::toLocal);
            for (LocalDateTime l : RecurrenceExpander.expand(rule, t.timedStart(), z.toLocal(from),
                z.toLocal(to), budget)) {
              starts.add(timedAt(l, t));
            }
          }
        } else {
          starts.add(t);
        }
      } catch (RecurrenceExpander.BadRule e) {
        issues.add(RecordIssue.skipped(uid, "RRULE", e.getMessage()));
        return false;
      } catch (RecurrenceExpander.SeriesOverLimit e) {
        issues.add(RecordIssue.skipped(uid, "RRULE", e.getMessage()
            + "; the series is skipped and what was stored of it is kept"));
        return false;
      }
      int max = limits.maxInstancesPerSeries();
      for (IcsProperty rdate : master.all("RDATE")) {
        for (String v : rdate.value().split(",")) {
          Timing r = rdateTiming(uid, v, rdate, t);
          if (r != null) {
            starts.add(r);
            if (starts.size() > max) {
              overLimit(uid, "RDATE", ExpansionLimits.INSTANCES_PER_SERIES, max, "the series defines");
              return false;
            }
          }
        }
      }
      Set<String> excluded = new HashSet<>();
      Set<LocalDate> excludedDays = new HashSet<>();
      for (IcsProperty exdate : master.all("EXDATE")) {
        for (String v : exdate.value().split(",")) {
          Optional<IcsTime> x = IcsTime.parse(v, exdate.parameter("VALUE"), exdate.parameter("TZID"));
          if (x.isEmpty()) {
            issues.add(RecordIssue.fallback(uid, "EXDATE", "an EXDATE value is not a date or date-time; ignored"));
            continue;
          }
          if (x.get().isDate() && !t.allDay()) {
            excludedDays.add(x.get().date().orElseThrow());
            continue;
          }
          Optional<String> key = seriesKeyOf(uid, "EXDATE", x.get(), t.allDay(), t);
          key.ifPresent(excluded::add);
        }
      }
      lastExcluded.clear();
      lastFrom = from;
      lastTo = to;
      for (Timing s : starts) {
        String key = t.allDay() ? KEY_DATE.format(s.startDate()) : KEY_TIME.format(s.start().atOffset(ZoneOffset.UTC));
        if (excluded.contains(key)) {
          lastExcluded.add(key);
          continue;
        }
        if (!t.allDay() && s.startLocal() != null && excludedDays.contains(s.startLocal().toLocalDate())) {
          lastExcluded.add(key);
          continue;
        }
        byKey.put(key, new EventInstance(uid, uid + "/" + key, s.start(), s.end(), t.allDay(), true,
            zoneId(t), t.zoneSource(), master, status));
      }
      return true;
    }

    private void applyOverride(String uid, IcsComponent override, @Nullable IcsComponent master,
        @Nullable Timing masterTiming, Map<String, EventInstance> byKey, Set<String> defined) {
      IcsProperty rid = override.property("RECURRENCE-ID").orElseThrow();
      Optional<IcsTime> ridTime = IcsTime.parse(rid.value(), rid.parameter("VALUE"), rid.parameter("TZID"));
      if (ridTime.isEmpty()) {
        issues.add(RecordIssue.skipped(uid, "RECURRENCE-ID", "RECURRENCE-ID is not a date or date-time"));
        return;
      }
      boolean allDay = masterTiming != null ? masterTiming.allDay() : ridTime.get().isDate();
      Optional<String> key = seriesKeyOf(uid, "RECURRENCE-ID", ridTime.get(), allDay, masterTiming);
      if (key.isEmpty()) {
        return;
      }
      if (master != null && !defined.contains(key.get()) && !isInstance(uid, master, masterTiming, key.get())) {
        issues.add(RecordIssue.skipped(uid + "/" + key.get(), "RECURRENCE-ID",
            "the override's RECURRENCE-ID names no instance of its series; the override is not added"));
        return;
      }
      if (rid.parameter("RANGE").isPresent()) {
        issues.add(RecordIssue.fallback(uid, "RECURRENCE-ID",
            "RANGE=THISANDFUTURE is not supported; applied to the one instance only"));
      }
      Timing t = timing(uid, override, masterTiming);
      if (t == null) {
        byKey.remove(key.get()); // the instance is not trustworthy any more; its issue is reported
        return;
      }
      Optional<String> masterStatus = master == null ? Optional.empty()
          : master.property("STATUS").map(p -> p.text().strip());
      byKey.put(key.get(), new EventInstance(uid, uid + "/" + key.get(), t.start(), t.end(), t.allDay(), true,
          zoneId(t), t.zoneSource(), override, masterStatus));
    }

    /**
     * The key of a RECURRENCE-ID, read in the series' own zone: on an all-day series a date-time
     * names its local date as written (in its TZID's zone, or floating); on a timed series a
     * floating value is read in the series' zone.
     */
    private Optional<String> seriesKeyOf(String uid, String field, IcsTime time, boolean allDay,
        @Nullable Timing series) {
      if (allDay && !time.isDate() && !time.utc()) {
        return Optional.of(KEY_DATE.format(time.local().orElseThrow().toLocalDate()));
      }
      if (!allDay && !time.isDate() && !time.utc() && time.tzid().isEmpty() && series != null && series.zone() != null) {
        return Optional.of(KEY_TIME.format(series.zone().toInstant(time.local().orElseThrow()).atOffset(ZoneOffset.UTC)));
      }
      return keyOf(uid, field, time, allDay);
    }

    /**
     * Whether a key outside the range the series was expanded over names one of its instances:
     * the rule is expanded around that one start (bounded and charged like any expansion).
     */
    private boolean isInstance(String uid, IcsComponent master, @Nullable Timing t, String key) {
      if (t == null) {
        return false;
      }
      Optional<IcsProperty> rrule = master.property("RRULE");
      Instant at;
      try {
        at = t.allDay() ? LocalDate.parse(key, KEY_DATE).atStartOfDay(practiceZone).toInstant()
            : LocalDateTime.parse(key, KEY_TIME).toInstant(ZoneOffset.UTC);
      } catch (java.time.format.DateTimeParseException e) {
        return false;
      }
      if (!at.isBefore(lastFrom) && at.isBefore(lastTo)) {
        return false; // inside the expanded range: it would have been defined
      }
      if (rrule.isEmpty()) {
        return false;
      }
      try {
        if (t.allDay()) {
          LocalDate d = LocalDate.parse(key, KEY_DATE);
          String rule = RecurrenceExpander.localUntil(rrule.get().value(), true, i -> LocalDateTime.ofInstant(i, practiceZone));
          return RecurrenceExpander.expand(rule, t.allDayStart(), d, d.plusDays(1), budget).contains(d);
        }
        EventZone z = t.timedZone();
        LocalDateTime local = z.toLocal(at);
        String rule = RecurrenceExpander.localUntil(rrule.get().value(), false, z::toLocal);
        return RecurrenceExpander.expand(rule, t.timedStart(), local.minusSeconds(1), local.plusSeconds(1), budget)
            .contains(local);
      } catch (RecurrenceExpander.BadRule | RecurrenceExpander.SeriesOverLimit e) {
        return false;
      }
    }

    /** The normalized key of an original start: UTC instant for timed series, date for all-day. */
    private Optional<String> keyOf(String uid, String field, IcsTime time, boolean allDay) {
      if (allDay) {
        if (time.isDate()) {
          return Optional.of(KEY_DATE.format(time.date().orElseThrow()));
        }
        Optional<Instant> i = instantOf(uid, field, time);
        return i.map(x -> KEY_DATE.format(LocalDateTime.ofInstant(x, practiceZone).toLocalDate()));
      }
      if (time.isDate()) {
        issues.add(RecordIssue.fallback(uid, field, field + " is a DATE for a timed series; ignored"));
        return Optional.empty();
      }
      return instantOf(uid, field, time).map(i -> KEY_TIME.format(i.atOffset(ZoneOffset.UTC)));
    }

    private Optional<Instant> instantOf(String uid, String field, IcsTime time) {
      if (time.utc()) {
        return Optional.of(time.utcInstant());
      }
      if (time.tzid().isPresent()) {
        Optional<EventZone> z = zones.resolve(time.tzid().get());
        if (z.isEmpty()) {
          issues.add(RecordIssue.skipped(uid, field, UNKNOWN_TZID));
          return Optional.empty();
        }
        return Optional.of(z.get().toInstant(time.local().orElseThrow()));
      }
      return Optional.of(time.local().orElseThrow().atZone(practiceZone).toInstant());
    }

    /** Reads DTSTART and DTEND/DURATION; reports and returns null when the event is unusable. */
    private @Nullable Timing timing(String uid, IcsComponent event, @Nullable Timing fallback) {
      Optional<IcsProperty> dtstart = event.property("DTSTART");
      if (dtstart.isEmpty()) {
        if (fallback == null) {
          issues.add(RecordIssue.skipped(uid, "DTSTART", "event has no DTSTART"));
        }
        return fallback == null ? null : fallback;
      }
      IcsProperty p = dtstart.get();
      Optional<IcsTime> start = IcsTime.parse(p.value(), p.parameter("VALUE"), p.parameter("TZID"));
      if (start.isEmpty()) {
        issues.add(RecordIssue.skipped(uid, "DTSTART", "DTSTART is not a date or date-time"));
        return null;
      }
      IcsTime s = start.get();
      int year = s.date().map(LocalDate::getYear).orElseGet(() -> s.local().orElseThrow().getYear());
      if (year < MIN_YEAR || year > MAX_YEAR) {
        issues.add(RecordIssue.skipped(uid, "DTSTART", "DTSTART lies outside the years "
            + MIN_YEAR + "-" + MAX_YEAR));
        return null;
      }
      if (s.isDate()) {
        LocalDate d = s.date().orElseThrow();
        LocalDate endDate = d.plusDays(1);
        Optional<IcsProperty> dtend = event.property("DTEND");
        Optional<IcsProperty> duration = event.property("DURATION");
        if (dtend.isPresent()) {
          Optional<IcsTime> e = IcsTime.parse(dtend.get().value(), dtend.get().parameter("VALUE"), Optional.empty());
          if (e.isEmpty() || !e.get().isDate()) {
            issues.add(RecordIssue.skipped(uid, "DTEND", "DTEND of an all-day event is not a DATE"));
            return null;
          }
          endDate = e.get().date().orElseThrow();
        } else if (duration.isPresent()) {
          Optional<TemporalAmount> amount = duration(duration.get());
          if (amount.isEmpty()) {
            issues.add(RecordIssue.skipped(uid, "DURATION", "DURATION is not an ISO duration"));
            return null;
          }
          endDate = d.plus(amount.get());
        } else if (fallback != null && fallback.allDay() && fallback.dayLength() != null) {
          endDate = d.plus(fallback.dayLength());
        }
        if (!endDate.isAfter(d)) {
          issues.add(RecordIssue.skipped(uid, "DTEND", "all-day event ends on or before its start date"));
          return null;
        }
        Period days = Period.between(d, endDate);
        return new Timing(true, d, null, null, "all-day", d.atStartOfDay(practiceZone).toInstant(),
            endDate.atStartOfDay(practiceZone).toInstant(), days, null);
      }
      EventZone zone;
      String source;
      if (s.utc()) {
        zone = EventZone.of(ZoneOffset.UTC, "utc");
        source = "utc";
      } else if (s.tzid().isPresent()) {
        Optional<EventZone> z = zones.resolve(s.tzid().get());
        if (z.isEmpty()) {
          issues.add(RecordIssue.skipped(uid, "DTSTART", UNKNOWN_TZID));
          return null;
        }
        zone = z.get();
        source = zone.label();
      } else {
        zone = EventZone.of(practiceZone, "floating");
        source = "floating";
      }
      LocalDateTime local = s.local().orElseThrow();
      if (s.utc()) {
        local = LocalDateTime.ofInstant(s.utcInstant(), ZoneOffset.UTC);
      }
      Instant startInstant = zone.toInstant(local);
      Instant endInstant;
      Duration localLength;
      Optional<IcsProperty> dtend = event.property("DTEND");
      Optional<IcsProperty> duration = event.property("DURATION");
      if (dtend.isPresent()) {
        IcsProperty ep = dtend.get();
        Optional<IcsTime> e = IcsTime.parse(ep.value(), ep.parameter("VALUE"), ep.parameter("TZID"));
        if (e.isEmpty() || e.get().isDate()) {
          issues.add(RecordIssue.skipped(uid, "DTEND", "DTEND is not a date-time"));
          return null;
        }
        Optional<Instant> ei = instantOf(uid, "DTEND", e.get());
        if (ei.isEmpty()) {
          return null;
        }
        endInstant = ei.get();
        boolean sameZone = e.get().tzid().equals(s.tzid()) && e.get().utc() == s.utc();
        localLength = sameZone
            ? Duration.between(local, e.get().utc() ? LocalDateTime.ofInstant(e.get().utcInstant(), ZoneOffset.UTC) : e.get().local().orElseThrow())
            : Duration.between(startInstant, endInstant);
      } else if (duration.isPresent()) {
        Optional<TemporalAmount> amount = duration(duration.get());
        if (amount.isEmpty()) {
          issues.add(RecordIssue.skipped(uid, "DURATION", "DURATION is not an ISO duration"));
          return null;
        }
        // RFC 5545: nominal days and weeks follow local time; hours, minutes and seconds are exact
        TemporalAmount a = amount.get();
        if (a instanceof Period period) {
          LocalDateTime endLocal = local.plus(period);
          endInstant = zone.toInstant(endLocal);
          localLength = Duration.between(local, endLocal);
        } else {
          endInstant = startInstant.plus((Duration) a);
          localLength = (Duration) a;
        }
      } else if (fallback != null && !fallback.allDay() && fallback.localLength() != null) {
        localLength = fallback.localLength();
        endInstant = zone.toInstant(local.plus(localLength));
      } else {
        issues.add(RecordIssue.skipped(uid, "DTEND", "timed event has neither DTEND nor DURATION (zero length)"));
        return null;
      }
      if (!endInstant.isAfter(startInstant)) {
        issues.add(RecordIssue.skipped(uid, "DTEND", "event ends at or before its start"));
        return null;
      }
      return new Timing(false, null, local, zone, source, startInstant, endInstant, null, localLength);
    }

    private @Nullable Timing rdateTiming(String uid, String value, IcsProperty rdate, Timing master) {
      String v = value.strip();
      String startPart = v.contains("/") ? v.substring(0, v.indexOf('/')) : v;
      Optional<String> type = rdate.parameter("VALUE").filter(x -> !x.equalsIgnoreCase("PERIOD"));
      Optional<IcsTime> t = IcsTime.parse(startPart, type, rdate.parameter("TZID"));
      if (t.isEmpty()) {
        issues.add(RecordIssue.fallback(uid, "RDATE", "an RDATE value is not a date, date-time or period; ignored"));
        return null;
      }
      if (master.allDay()) {
        if (!t.get().isDate()) {
          issues.add(RecordIssue.fallback(uid, "RDATE", "an RDATE of an all-day series is not a DATE; ignored"));
          return null;
        }
        return allDayAt(t.get().date().orElseThrow(), master);
      }
      if (t.get().isDate()) {
        issues.add(RecordIssue.fallback(uid, "RDATE", "an RDATE of a timed series is a DATE; ignored"));
        return null;
      }
      Optional<Instant> start = instantOf(uid, "RDATE", t.get());
      if (start.isEmpty()) {
        return null;
      }
      Instant end = start.get().plus(length(master));
      if (v.contains("/")) {
        String endPart = v.substring(v.indexOf('/') + 1);
        Optional<IcsTime> e = IcsTime.parse(endPart, Optional.empty(), rdate.parameter("TZID"));
        if (e.isPresent() && !e.get().isDate()) {
          end = instantOf(uid, "RDATE", e.get()).orElse(end);
        } else {
          Optional<TemporalAmount> d = duration(endPart);
          if (d.isPresent() && d.get() instanceof Duration dd) {
            end = start.get().plus(dd);
          }
        }
      }
      if (!end.isAfter(start.get())) {
        issues.add(RecordIssue.fallback(uid, "RDATE", "an RDATE period ends before it starts; ignored"));
        return null;
      }
      EventZone zone = master.zone();
      LocalDateTime local = zone == null ? null : zone.toLocal(start.get());
      return new Timing(false, null, local, zone, master.zoneSource(), start.get(), end, null, master.localLength());
    }

    private Timing allDayAt(LocalDate d, Timing master) {
      LocalDate end = d.plus(master.dayLength());
      return new Timing(true, d, null, null, master.zoneSource(), d.atStartOfDay(practiceZone).toInstant(),
          end.atStartOfDay(practiceZone).toInstant(), master.dayLength(), null);
    }

    private Timing timedAt(LocalDateTime l, Timing master) {
      EventZone z = master.timedZone();
      Instant start = z.toInstant(l);
      Instant end = z.toInstant(l.plus(master.localLength()));
      if (!end.isAfter(start)) {
        end = start.plus(master.localLength());
      }
      return new Timing(false, null, l, z, master.zoneSource(), start, end, null, master.localLength());
    }

    private Duration length(Timing t) {
      return Duration.between(t.start(), t.end());
    }

    private LocalDateTime local(Instant i) {
      return LocalDateTime.ofInstant(i, practiceZone);
    }

    private Optional<ZoneId> zoneId(Timing t) {
      if (t.allDay()) {
        return Optional.of(practiceZone);
      }
      return t.zone() == null ? Optional.empty() : t.zone().zoneId();
    }

    private int sequence(IcsComponent e) {
      return e.property("SEQUENCE").map(p -> {
        try {
          return Integer.parseInt(p.value().strip());
        } catch (NumberFormatException x) {
          return 0;
        }
      }).orElse(0);
    }
  }

  private static Optional<TemporalAmount> duration(IcsProperty p) {
    return duration(p.value());
  }

  private static Optional<TemporalAmount> duration(String value) {
    try {
      TemporalAmount a = TemporalAmountAdapter.parse(value.strip()).getDuration();
      if (a instanceof Period period && period.getDays() == 0 && period.getMonths() == 0 && period.getYears() == 0) {
        return Optional.of(Duration.ZERO);
      }
      if (a instanceof Duration d && d.isNegative()) {
        return Optional.empty();
      }
      return Optional.of(a);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

}
