package dev.clinicsync.connectors.icsfeed.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Spliterator;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.fortuna.ical4j.model.Recur;
import net.fortuna.ical4j.model.WeekDay;
import net.fortuna.ical4j.transform.recurrence.Frequency;
import net.fortuna.ical4j.util.Configurator;

/**
 * Expands an RRULE with ical4j's {@link Recur} in the event's <em>local</em> time (a weekly 09:00
 * session stays at 09:00 across a DST change), then the caller maps each local start to an
 * instant in the event's zone. UNTIL is rewritten to the seed's type first: RFC 5545 writes it in
 * UTC for zoned events, while the expansion runs on local values.
 *
 * <p><b>Bounded work.</b> ical4j walks a rule period by period (one year for {@code FREQ=YEARLY})
 * and builds each period's whole candidate list at once, before any limit applies: a yearly rule
 * listing every BYMONTH, BYMONTHDAY, BYHOUR, BYMINUTE and BYSECOND value builds 32 million
 * candidates for its first year, however few instances it finally emits, and nothing in that
 * loop can be interrupted. So before ical4j runs, the rule's cost is estimated from its parts with
 * ical4j's own algorithm in mind (see {@link #periodCost}): the candidates one period builds,
 * filters and sorts (its <em>expansion factor</em>), times the periods ical4j will walk between
 * the seed (or the point ical4j fast-forwards to) and the window's end, UNTIL or COUNT, plus the
 * run of empty periods ical4j walks before it gives up. That estimate is an upper bound, counted
 * in <em>expansion steps</em>. A rule estimated over {@link ExpansionLimits#maxStepsPerSeries()} is
 * never expanded; otherwise its estimate is charged to the feed's {@link ExpansionBudget}. While
 * ical4j runs, the candidates it visits are counted against the estimate as a second guard, and
 * it stops after one instance more than {@link ExpansionLimits#maxInstancesPerSeries()}.
 *
 * <p>For rules without COUNT whose period has a fixed length (hourly, daily, weekly), the seed is
 * moved forward by whole periods to just before the window, which is exactly where ical4j's own
 * fast-forward would start, without its one-period-at-a-time loop.
 */
final class RecurrenceExpander {
  private static final Pattern UNTIL = Pattern.compile("(?i)(UNTIL=)([0-9TZtz]+)");
  private static final Pattern FREQ = Pattern.compile("(?i)FREQ=([A-Z]+)");
  private static final Pattern RSCALE = Pattern.compile("(?i)(^|;)\\s*RSCALE=");

  /** Steps every period costs whatever its rule: lists, the spliterator, the increment. */
  static final long PERIOD_OVERHEAD = 10;
  /** Steps of one of the parallel streams ical4j's BYDAY expansion starts per day it looks at. */
  static final long PARALLEL_STREAM = 50;
  /** How many empty periods in a row ical4j walks before it gives up (its default is 1000). */
  private static final int MAX_EMPTY_PERIODS =
      Configurator.getIntProperty(Recur.KEY_MAX_INCREMENT_COUNT).orElse(1000);

  private RecurrenceExpander() {}

  /** Thrown for a rule that cannot or should not be expanded; the message is PHI-free. */
  static final class BadRule extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String reason;

    BadRule(String message) {
      super(message, null, false, false);
      this.reason = message;
    }

    /** The PHI-free reason given when the rule was refused; never null. */
    @Override
    public String getMessage() {
      return reason;
    }
  }

  /** Thrown when one series needs more than a per-series limit allows; the message names the limit. */
  static final class SeriesOverLimit extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SeriesOverLimit(String limit, long value, String what) {
      super(what + " more than " + limit + " (" + value + ")", null, false, false);
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
   * first instance, RFC 5545 §3.8.5.3), sorted.
   *
   * @param budget the feed's budget: its per-series limits bound this series, and the rule's
   *     estimated steps are charged to it
   * @throws BadRule for an unparsable rule, or one finer than hourly
   * @throws SeriesOverLimit when the series would need more steps, or define more instances, than
   *     one series may
   * @throws FeedProblem when the feed's step budget runs out
   */
  static <T extends Temporal & Comparable<? super T>> List<T> expand(
      String rule, T seed, T from, T to, ExpansionBudget budget) {
    Matcher f = FREQ.matcher(rule);
    if (!f.find()) {
      throw new BadRule("RRULE has no FREQ");
    }
    String freq = f.group(1).toUpperCase(Locale.ROOT);
    if (freq.equals("SECONDLY") || freq.equals("MINUTELY")) {
      throw new BadRule("RRULE repeats more often than hourly, which is not an appointment series");
    }
    Recur<T> recur;
    try {
      recur = new Recur<>(rule, true);
    } catch (RuntimeException e) {
      throw new BadRule("RRULE is not a valid recurrence rule");
    }
    ExpansionLimits limits = budget.limits();
    Plan<T> plan;
    try {
      plan = plan(recur, rule, seed, from, to);
    } catch (ArithmeticException | java.time.DateTimeException e) {
      throw new BadRule("RRULE could not be expanded");
    }
    if (plan.steps() > limits.maxStepsPerSeries()) {
      throw new SeriesOverLimit(ExpansionLimits.STEPS_PER_SERIES, limits.maxStepsPerSeries(),
          "the series' RRULE needs");
    }
    budget.chargeSteps(plan.steps());
    int max = limits.maxInstancesPerSeries();
    List<T> dates = new ArrayList<>();
    try {
      Spliterator<T> candidates = recur.getDatesAsStream(plan.seed(), from, to, max + 1).spliterator();
      long visits = 0;
      while (candidates.tryAdvance(dates::add)) {
        if (++visits > plan.visits()) {
          throw new SeriesOverLimit(ExpansionLimits.STEPS_PER_SERIES, limits.maxStepsPerSeries(),
              "the series' RRULE needs");
        }
      }
    } catch (SeriesOverLimit | FeedProblem e) {
      throw e;
    } catch (RuntimeException e) {
      throw new BadRule("RRULE could not be expanded");
    }
    TreeSet<T> out = new TreeSet<>();
    if (seed.compareTo(from) >= 0 && seed.compareTo(to) < 0) {
      out.add(seed);
    }
    for (T d : dates) {
      if (d.compareTo(from) >= 0 && d.compareTo(to) < 0 && d.compareTo(seed) >= 0) {
        out.add(d);
      }
    }
    if (out.size() > max) {
      throw new SeriesOverLimit(ExpansionLimits.INSTANCES_PER_SERIES, max, "the series' RRULE defines");
    }
    return new ArrayList<>(out);
  }

  /**
   * What ical4j will be asked to do.
   *
   * @param seed the seed to hand ical4j (moved forward for fixed-length periods without COUNT)
   * @param steps the estimated expansion steps, an upper bound
   * @param visits the most candidates ical4j can visit
   */
  record Plan<T>(T seed, long steps, long visits) {}

  /** Estimates the work of expanding {@code recur} from {@code seed} over {@code [from, to]}. */
  @SuppressWarnings("unchecked")
  static <T extends Temporal & Comparable<? super T>> Plan<T> plan(Recur<T> recur, String rule, T seed, T from, T to) {
    Frequency freq = recur.getFrequency();
    int interval = Math.max(1, recur.getInterval());
    PeriodCost cost = periodCost(recur, rule, seed, interval);
    boolean counted = recur.getCount() >= 0; // ical4j fast-forwards only rules without COUNT
    ChronoUnit unit = unitOf(freq);
    boolean fixed = unit != ChronoUnit.MONTHS && unit != ChronoUnit.YEARS;
    T walkFrom = seed;
    T icalSeed = seed;
    long fastForward = 0;
    if (!counted && seed.compareTo(from) < 0) {
      long periodsBefore = unit.between(seed, from) / interval;
      if (periodsBefore > 2) {
        walkFrom = (T) seed.plus(Math.multiplyExact(periodsBefore - 2, (long) interval), unit);
      }
      if (fixed) {
        icalSeed = walkFrom; // ical4j then fast-forwards at most two periods
      } else {
        fastForward = periodsBefore; // ical4j's loop: one cheap increment per period (at most 3,600 months)
      }
    }
    T end = to;
    Object until = recur.getUntil();
    if (until != null && until.getClass() == to.getClass() && ((T) until).compareTo(to) < 0) {
      end = (T) until;
    }
    long periods = Math.max(0, unit.between(walkFrom, end)) / interval + 2;
    if (counted && cost.emptyRun() <= 1) {
      periods = Math.min(periods, recur.getCount() + 2L); // every period yields a candidate that counts
    }
    periods = add(periods, cost.emptyRun());
    long steps = add(fastForward, mul(periods, add(cost.work(), PERIOD_OVERHEAD)));
    return new Plan<>(icalSeed, steps, mul(periods, cost.size()));
  }

  /**
   * The cost of one period of a rule.
   *
   * @param work the steps ical4j needs to build, filter and sort the period's candidates
   * @param size the most candidates one period yields
   * @param emptyRun the most empty periods ical4j may walk in a row (1 for a rule whose every
   *     period yields a candidate)
   */
  record PeriodCost(long work, long size, long emptyRun) {}

  /**
   * An upper bound of what ical4j 4.2's {@code Recur.getCandidates} does for one period, stage by
   * stage in its order: BYMONTH, BYWEEKNO, BYYEARDAY, BYMONTHDAY (or the implicit day of month),
   * BYDAY (or the implicit weekday), BYHOUR, BYMINUTE, BYSECOND, BYSETPOS, then a sort. An
   * expanding stage multiplies the list (RFC 5545's table, as ical4j applies it: BYWEEKNO always
   * expands, BYDAY expands over the week, month or year its filter type names, starting one
   * parallel stream per day); a limiting stage scans its value list per candidate and may leave
   * the period empty.
   */
  static PeriodCost periodCost(Recur<?> r, String rule, Temporal seed, int interval) {
    Frequency f = r.getFrequency();
    boolean yearly = f == Frequency.YEARLY;
    boolean monthly = f == Frequency.MONTHLY;
    boolean weekly = f == Frequency.WEEKLY;
    boolean daily = f == Frequency.DAILY;
    long size = 1;
    long work = 1;
    boolean sparse = RSCALE.matcher(rule).find(); // another calendar: assume the worst
    long run = 1;

    int months = r.getMonthList().size();
    if (months > 0) {
      if (yearly) {
        size = mul(size, months);
        work = add(work, size);
      } else {
        work = add(work, mul(size, months));
        sparse = true;
      }
    }
    int weekNos = r.getWeekNoList().size();
    if (weekNos > 0) {
      size = mul(size, weekNos);
      work = add(work, size);
      sparse = true;
    }
    int yearDays = r.getYearDayList().size();
    if (yearDays > 0) {
      if (yearly) {
        size = mul(size, yearDays);
        work = add(work, size);
      } else {
        work = add(work, mul(size, yearDays));
      }
      sparse = true;
    }
    List<Integer> monthDays = r.getMonthDayList();
    List<WeekDay> days = r.getDayList();
    if (!monthDays.isEmpty()) {
      if (monthly || yearly) {
        size = mul(size, monthDays.size());
        work = add(work, size);
        if (monthDays.stream().noneMatch(d -> Math.abs(d) >= 1 && Math.abs(d) <= 28)) {
          sparse = true;
        }
      } else {
        work = add(work, mul(size, monthDays.size()));
        sparse = true;
      }
    } else if ((monthly && days.isEmpty()) || (yearly && yearDays == 0 && weekNos == 0 && days.isEmpty())) {
      work = add(work, size); // the seed's day of month, one candidate per candidate
      if (!seed.isSupported(ChronoField.DAY_OF_MONTH) || seed.get(ChronoField.DAY_OF_MONTH) > 28) {
        sparse = true;
      }
    }
    boolean implicitDay = days.isEmpty()
        && (weekly || (yearly && yearDays == 0 && weekNos > 0 && monthDays.isEmpty()));
    if (!days.isEmpty() || implicitDay) {
      List<Integer> offsets = implicitDay ? List.of(0) : days.stream().map(WeekDay::getOffset).toList();
      Frequency filter = daily || yearDays > 0 || !monthDays.isEmpty() ? Frequency.DAILY
          : weekly || weekNos > 0 ? Frequency.WEEKLY
          : monthly || months > 0 ? Frequency.MONTHLY
          : f;
      long n = offsets.size();
      long span;
      long perEntry;
      int alwaysThere;
      switch (filter) {
        case WEEKLY -> {
          span = 7;
          perEntry = 1;
          alwaysThere = 1;
        }
        case MONTHLY -> {
          span = 31;
          perEntry = 5;
          alwaysThere = 4;
        }
        case YEARLY -> {
          span = 366;
          perEntry = 53;
          alwaysThere = 52;
        }
        default -> { // a limit: DAILY and finer
          span = 1;
          perEntry = 1;
          alwaysThere = 1;
        }
      }
      boolean limit = span == 1;
      long perCandidate = limit ? mul(2, n) : add(mul(span, add(PARALLEL_STREAM, n)), mul(span, n));
      work = add(work, mul(size, perCandidate));
      long out = 0;
      for (int o : offsets) {
        out = add(out, o == 0 ? perEntry : 1);
      }
      size = mul(size, out);
      boolean someAlwaysThere = offsets.stream().anyMatch(o -> o == 0 || Math.abs(o) <= alwaysThere);
      if (!someAlwaysThere) {
        sparse = true;
      } else if (limit) {
        if (daily && interval == 1) {
          run = Math.max(run, 7); // a weekday comes round within a week
        } else {
          sparse = true;
        }
      }
    }
    boolean dayOrCoarser = daily || weekly || monthly || yearly;
    List<Integer> hours = r.getHourList();
    if (!hours.isEmpty()) {
      if (dayOrCoarser) {
        size = mul(size, hours.size());
        work = add(work, size);
      } else {
        work = add(work, mul(size, hours.size()));
        sparse = true;
      }
    }
    List<Integer> minutes = r.getMinuteList();
    if (!minutes.isEmpty()) {
      if (dayOrCoarser || f == Frequency.HOURLY) {
        size = mul(size, minutes.size());
        work = add(work, size);
      } else {
        work = add(work, mul(size, minutes.size()));
        sparse = true;
      }
    }
    List<Integer> seconds = r.getSecondList();
    if (!seconds.isEmpty()) {
      if (f != Frequency.SECONDLY) {
        size = mul(size, seconds.size());
        work = add(work, size);
      } else {
        work = add(work, mul(size, seconds.size()));
        sparse = true;
      }
    }
    List<Integer> setPos = r.getSetPosList();
    if (!setPos.isEmpty()) {
      work = add(work, add(sortCost(size), setPos.size()));
      size = Math.min(size, setPos.size());
      sparse = true;
    }
    work = add(work, sortCost(size));
    long emptyRun = sparse ? (MAX_EMPTY_PERIODS <= 0 ? Long.MAX_VALUE : MAX_EMPTY_PERIODS + 1L) : run;
    return new PeriodCost(work, size, emptyRun);
  }

  private static ChronoUnit unitOf(Frequency f) {
    return switch (f) {
      case SECONDLY -> ChronoUnit.SECONDS;
      case MINUTELY -> ChronoUnit.MINUTES;
      case HOURLY -> ChronoUnit.HOURS;
      case DAILY -> ChronoUnit.DAYS;
      case WEEKLY -> ChronoUnit.WEEKS;
      case MONTHLY -> ChronoUnit.MONTHS;
      case YEARLY -> ChronoUnit.YEARS; // with BYWEEKNO ical4j steps by week-based years: the same count
    };
  }

  private static long sortCost(long size) {
    return mul(size, 64 - Long.numberOfLeadingZeros(size));
  }

  /** Saturating addition of non-negative numbers. */
  static long add(long a, long b) {
    long r = a + b;
    return r < 0 ? Long.MAX_VALUE : r;
  }

  /** Saturating multiplication of non-negative numbers. */
  static long mul(long a, long b) {
    if (a == 0 || b == 0) {
      return 0;
    }
    return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
  }
}
