package dev.clinicsync.connectors.icsfeed.internal;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Builds {@link ZoneRules} from a feed's VTIMEZONE (its STANDARD and DAYLIGHT observances, each
 * with DTSTART, TZOFFSETFROM, TZOFFSETTO and an optional RRULE or RDATEs), over a bounded range of
 * years. Used only for TZIDs that name no IANA or Windows zone.
 */
final class VTimeZoneRules {

  private VTimeZoneRules() {}

  /**
   * @param vtimezone the VTIMEZONE component
   * @param fromYear the first year whose transitions matter
   * @param toYear the last year whose transitions matter
   * @param budget the feed's expansion budget; an observance RRULE over a per-series limit makes
   *     the whole definition unusable (a zone with a missing observance would be wrong, not
   *     approximate)
   * @return empty when the definition is unusable (no observance with valid offsets, or an
   *     observance whose RRULE needs more than a series may)
   * @throws FeedProblem when the feed's expansion budget runs out
   */
  static Optional<ZoneRules> build(IcsComponent vtimezone, int fromYear, int toYear, ExpansionBudget budget) {
    record Onset(LocalDateTime localBefore, ZoneOffset from, ZoneOffset to) {}
    List<Onset> onsets = new ArrayList<>();
    LocalDateTime rangeStart = LocalDate.of(fromYear, 1, 1).atStartOfDay();
    LocalDateTime rangeEnd = LocalDate.of(toYear + 1, 1, 1).atStartOfDay();
    ZoneOffset firstOffset = null;
    for (IcsComponent obs : vtimezone.components()) {
      if (!obs.name().equals("STANDARD") && !obs.name().equals("DAYLIGHT")) {
        continue;
      }
      Optional<ZoneOffset> from = obs.property("TZOFFSETFROM").flatMap(p -> offset(p.value()));
      Optional<ZoneOffset> to = obs.property("TZOFFSETTO").flatMap(p -> offset(p.value()));
      Optional<LocalDateTime> start = obs.property("DTSTART")
          .flatMap(p -> IcsTime.parse(p.value(), Optional.empty(), Optional.empty()))
          .flatMap(t -> t.local().or(() -> t.date().map(LocalDate::atStartOfDay)));
      if (from.isEmpty() || to.isEmpty() || start.isEmpty()) {
        continue;
      }
      if (firstOffset == null) {
        firstOffset = to.get();
      }
      List<LocalDateTime> times = new ArrayList<>();
      Optional<IcsProperty> rrule = obs.property("RRULE");
      if (rrule.isPresent()) {
        String rule = rrule.get().value();
        if (!rule.toUpperCase(java.util.Locale.ROOT).matches(".*FREQ=(YEARLY|MONTHLY).*")) {
          continue; // time-zone rules change at most monthly; anything finer is not a zone
        }
        try {
          String local = RecurrenceExpander.localUntil(rule, false, i -> i.atOffset(from.get()).toLocalDateTime());
          times.addAll(RecurrenceExpander.expand(local, start.get(), rangeStart, rangeEnd, budget));
        } catch (RecurrenceExpander.SeriesOverLimit e) {
          return Optional.empty();
        } catch (RecurrenceExpander.BadRule e) {
          continue;
        }
      } else if (!start.get().isBefore(rangeStart) && start.get().isBefore(rangeEnd)) {
        times.add(start.get());
      }
      for (IcsProperty rdate : obs.all("RDATE")) {
        for (String v : rdate.value().split(",")) {
          IcsTime.parse(v, Optional.empty(), Optional.empty()).flatMap(IcsTime::local).ifPresent(times::add);
        }
      }
      // the onset before the range sets the offset in force when the range starts
      if (rrule.isEmpty() && start.get().isBefore(rangeStart)) {
        times.add(start.get());
      }
      for (LocalDateTime t : times) {
        onsets.add(new Onset(t, from.get(), to.get()));
      }
    }
    if (firstOffset == null) {
      return Optional.empty();
    }
    onsets.sort(Comparator.comparing(o -> o.localBefore().toInstant(o.from())));
    List<ZoneOffsetTransition> transitions = new ArrayList<>();
    ZoneOffset base = onsets.isEmpty() ? firstOffset : onsets.get(0).from();
    ZoneOffset current = base;
    for (Onset o : onsets) {
      if (o.to().equals(current)) {
        continue;
      }
      // the transition happens at the onset's local time in the offset in force before it
      LocalDateTime at = o.localBefore();
      if (!transitions.isEmpty()
          && !at.toInstant(current).isAfter(transitions.get(transitions.size() - 1).getInstant())) {
        continue;
      }
      transitions.add(ZoneOffsetTransition.of(at, current, o.to()));
      current = o.to();
    }
    return Optional.of(ZoneRules.of(base, base, List.of(), transitions, List.of()));
  }

  private static Optional<ZoneOffset> offset(String v) {
    String s = v.strip();
    try {
      if (s.length() == 5) {
        return Optional.of(ZoneOffset.of(s.substring(0, 3) + ":" + s.substring(3)));
      }
      if (s.length() == 7) {
        return Optional.of(ZoneOffset.of(s.substring(0, 3) + ":" + s.substring(3, 5) + ":" + s.substring(5)));
      }
      return Optional.of(ZoneOffset.of(s));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
