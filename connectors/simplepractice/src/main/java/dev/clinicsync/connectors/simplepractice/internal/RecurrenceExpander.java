package dev.clinicsync.connectors.simplepractice.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.fortuna.ical4j.model.Recur;

/**
 * Expands an RRULE with ical4j's {@link Recur} in the event's <em>local</em> time (a weekly 09:00
 * session stays at 09:00 across a DST change), then the caller maps each local start to an
 * instant in the event's zone. UNTIL is rewritten to the seed's type first: RFC 5545 writes it in
 * UTC for zoned events, while the expansion runs on local values.
 */
final class RecurrenceExpander {
  private static final Pattern UNTIL = Pattern.compile("(?i)(UNTIL=)([0-9TZtz]+)");
  private static final Pattern FREQ = Pattern.compile("(?i)FREQ=([A-Z]+)");

  private RecurrenceExpander() {}

  /** Thrown for a rule that cannot or should not be expanded; the message is PHI-free. */
  static final class BadRule extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRule(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Rewrites the UNTIL part of a rule into the seed's type.
   *
   * @param rule the RRULE value
   * @param dateSeed whether the seed is a DATE (all-day)
   * @param utcToLocal converts a UTC instant to the event's local time
   */
  static String localUntil(String rule, boolean dateSeed, Function<Instant, LocalDateTime> utcToLocal) {
    Matcher m = UNTIL.matcher(rule);
    if (!m.find()) {
      return rule;
    }
    Optional<IcsTime> until = IcsTime.parse(m.group(2), Optional.empty(), Optional.empty());
    if (until.isEmpty()) {
      throw new BadRule("RRULE UNTIL is not a date or date-time");
    }
    IcsTime u = until.get();
    String replacement;
    if (dateSeed) {
      LocalDate d = u.date().orElseGet(() -> (u.utc() ? utcToLocal.apply(u.utcInstant()) : u.local().orElseThrow()).toLocalDate());
      replacement = d.format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
    } else {
      LocalDateTime t = u.date().map(d -> d.atTime(23, 59, 59))
          .orElseGet(() -> u.utc() ? utcToLocal.apply(u.utcInstant()) : u.local().orElseThrow());
      replacement = t.format(java.time.format.DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss"));
    }
    return rule.substring(0, m.start(2)) + replacement + rule.substring(m.end(2));
  }

  /**
   * The local starts of a series between two local bounds, DTSTART included (it is always the
   * first instance, RFC 5545 §3.8.5.3), sorted, at most {@code max}.
   *
   * @throws BadRule for an unparsable rule, or one finer than hourly
   */
  @SuppressWarnings("unchecked")
  static <T extends Temporal & Comparable<? super T>> List<T> expand(
      String rule, T seed, T from, T to, int max) {
    Matcher f = FREQ.matcher(rule);
    if (!f.find()) {
      throw new BadRule("RRULE has no FREQ");
    }
    String freq = f.group(1).toUpperCase(Locale.ROOT);
    if (freq.equals("SECONDLY") || freq.equals("MINUTELY")) {
      throw new BadRule("RRULE FREQ=" + freq + " is not an appointment series");
    }
    Recur<T> recur;
    try {
      recur = new Recur<>(rule, true);
    } catch (RuntimeException e) {
      throw new BadRule("RRULE is not a valid recurrence rule");
    }
    TreeSet<T> out = new TreeSet<>();
    if (seed.compareTo(from) >= 0 && seed.compareTo(to) < 0) {
      out.add(seed);
    }
    List<T> dates;
    try {
      dates = recur.getDates(seed, from, to, max + 1);
    } catch (RuntimeException e) {
      throw new BadRule("RRULE could not be expanded");
    }
    for (T d : dates) {
      if (d.compareTo(from) >= 0 && d.compareTo(to) < 0 && d.compareTo(seed) >= 0) {
        out.add(d);
      }
    }
    List<T> list = new ArrayList<>(out);
    return list.size() > max ? list.subList(0, max) : list;
  }
}
