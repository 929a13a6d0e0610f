package dev.clinicsync.examples.demo;

import dev.clinicsync.core.model.AppointmentStatus;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A generated practice, the same for the same seed and day: 20 clinicians at two locations in two
 * zones (Midtown, New York; Bayside, Los Angeles), a month of 50-minute sessions around
 * {@code today} spread over the systems a real practice uses (athenahealth, Kareo or SimplePractice
 * as each clinician's practice system, Zocdoc bookings for some, Google for personal busy blocks
 * and mirrors), cancellations and no-shows, weekly recurring SimplePractice sessions with an
 * EXDATE and a moved session, a handful of planted true double-bookings across systems, and one
 * cross-source duplicate: a recurring SimplePractice session of a clinician who also has Google,
 * copied into Google by SimplePractice's own calendar sync ({@link #syncCopies()}). Nothing else
 * overlaps: sessions sit on an hourly grid inside working hours, busy blocks on free slots. {@link #next()} is the practice as the vendors hold it on the following run: one
 * appointment moved, one new booking, one cancellation, one new busy block.
 */
public final class DemoPractice {
  /** Midtown's zone. */
  public static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  /** Bayside's zone. */
  public static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");
  /** athenahealth's practice id of the demo practice. */
  public static final String ATHENA_PRACTICE = "195900";
  /** Session length. */
  public static final Duration SESSION = Duration.ofMinutes(50);
  /** Days before and after today that hold appointments. */
  public static final int DAYS_AROUND = 14;

  private static final String[] NAMES = {"Abara", "Brennan", "Castillo", "Delacroix", "Eriksen", "Fujimoto", "Gallagher",
      "Haddad", "Ivanova", "Jensen", "Kowalski", "Lindqvist", "Mbeki", "Nakamura", "Okafor", "Petrov", "Quinn", "Rahman",
      "Santos", "Tanaka"};
  private static final String[] FIRST = {"Marisol", "Thaddeus", "Ingrid", "Cosmo", "Wilhelmina", "Barnaby", "Odalys",
      "Percival", "Zinnia", "Leopold", "Araminta", "Fitzgerald", "Genoveva", "Ignatius", "Philippa", "Evander", "Rosalind",
      "Cornelius", "Seraphina", "Montgomery"};
  private static final String[] LAST = {"Quillfeather", "Brackenbury", "Vandersloot", "Oyelaran", "Thistlewood",
      "Marchetti-Lowe", "Abernathy", "Kowalczyk", "Fairweather", "Ravenscroft", "Okonkwo-Hale", "Pennywhistle",
      "Lindgren-Moss", "Castellanos", "Winterbourne", "Achterberg", "Bellweather", "Drummond-Yates", "Everleigh",
      "Hargreave"};

  private final long seed;
  private final LocalDate today;
  private final int run;
  private final List<DemoClinician> clinicians;
  private final List<DemoAppointment> appointments;
  private final List<DemoSeries> series;
  private final List<DemoBusy> busy;
  private final List<DemoDoubleBooking> doubleBookings;
  private final List<DemoSyncCopy> syncCopies;
  private final List<String> changes;
  private final Change change;

  /** What the next run changes (chosen when the practice is generated). */
  private record Change(String moveId, Instant moveTo, DemoAppointment newBooking, String cancelId, DemoBusy newBusy) {}

  private DemoPractice(long seed, LocalDate today, int run, List<DemoClinician> clinicians,
      List<DemoAppointment> appointments, List<DemoSeries> series, List<DemoBusy> busy,
      List<DemoDoubleBooking> doubleBookings, List<DemoSyncCopy> syncCopies, List<String> changes, Change change) {
    this.seed = seed;
    this.today = today;
    this.run = run;
    this.clinicians = List.copyOf(clinicians);
    this.appointments = List.copyOf(appointments);
    this.series = List.copyOf(series);
    this.busy = List.copyOf(busy);
    this.doubleBookings = List.copyOf(doubleBookings);
    this.syncCopies = List.copyOf(syncCopies);
    this.changes = List.copyOf(changes);
    this.change = change;
  }

  /** The practice of the first run. */
  public static DemoPractice generate(long seed, LocalDate today) {
    return new Generator(seed, today).build();
  }

  /** The practice of run {@code run} (1 = as generated, 2 and later = with the changes). */
  public static DemoPractice generate(long seed, LocalDate today, int run) {
    DemoPractice p = generate(seed, today);
    return run <= 1 ? p : p.next();
  }

  /**
   * The practice on the next run: one athenahealth appointment moved later the same day, one new
   * Zocdoc booking, one Kareo appointment cancelled, one new personal busy block in Google.
   */
  public DemoPractice next() {
    if (run > 1) {
      return this;
    }
    List<DemoAppointment> next = new ArrayList<>();
    for (DemoAppointment a : appointments) {
      if (a.vendorId().equals(change.moveId())) {
        next.add(a.moved(change.moveTo()));
      } else if (a.vendorId().equals(change.cancelId())) {
        next.add(a.withStatus(AppointmentStatus.CANCELLED));
      } else {
        next.add(a);
      }
    }
    next.add(change.newBooking());
    List<DemoBusy> nextBusy = new ArrayList<>(busy);
    nextBusy.add(change.newBusy());
    List<String> what = List.of("athenahealth: an appointment of " + find(change.moveId()).clinician()
        + " moved later the same day",
        "zocdoc: a new booking for " + change.newBooking().clinician(),
        "kareo: an appointment of " + find(change.cancelId()).clinician() + " cancelled",
        "google: a new personal busy block for " + change.newBusy().clinician());
    return new DemoPractice(seed, today, 2, clinicians, next, series, nextBusy, doubleBookings, syncCopies, what, change);
  }

  private DemoAppointment find(String vendorId) {
    return appointments.stream().filter(a -> a.vendorId().equals(vendorId)).findFirst()
        .orElseThrow(() -> new IllegalStateException("no generated appointment " + vendorId));
  }

  public long seed() {
    return seed;
  }

  public LocalDate today() {
    return today;
  }

  /** 1 for the practice as generated, 2 once the changes are in. */
  public int run() {
    return run;
  }

  public List<DemoClinician> clinicians() {
    return clinicians;
  }

  public DemoClinician clinician(String id) {
    return clinicians.stream().filter(c -> c.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no demo clinician " + id));
  }

  /** Every single (non-recurring) appointment, in every system. */
  public List<DemoAppointment> appointments() {
    return appointments;
  }

  public List<DemoAppointment> appointments(DemoSource source) {
    return appointments.stream().filter(a -> a.source() == source).toList();
  }

  /** The recurring SimplePractice sessions. */
  public List<DemoSeries> series() {
    return series;
  }

  /** Personal Google events (busy blocks). */
  public List<DemoBusy> busy() {
    return busy;
  }

  public List<DemoDoubleBooking> doubleBookings() {
    return doubleBookings;
  }

  /**
   * The SimplePractice sessions that SimplePractice's own Google Calendar sync copied into the
   * clinician's Google calendar (each copy is also one of {@link #busy()}): cross-source
   * duplicates, linked by the SDK, never conflicts.
   */
  public List<DemoSyncCopy> syncCopies() {
    return syncCopies;
  }

  /** What this run's vendors hold that the previous run's did not (empty on the first run). */
  public List<String> changes() {
    return changes;
  }

  /** The clinician whose week the demo prints: a double-booking of theirs falls in {@link #weekStart()}'s week. */
  public String showcaseClinician() {
    return clinicians.get(0).id();
  }

  /** Monday of the week the demo shows: this week, or next week on a weekend. */
  public LocalDate weekStart() {
    return weekStartOf(today);
  }

  static LocalDate weekStartOf(LocalDate today) {
    LocalDate d = today.getDayOfWeek().getValue() >= 6 ? today.with(TemporalAdjusters.next(DayOfWeek.MONDAY)) : today;
    return d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
  }

  /** The first and last day that hold appointments. */
  public LocalDate firstDay() {
    return today.minusDays(DAYS_AROUND);
  }

  public LocalDate lastDay() {
    return today.plusDays(DAYS_AROUND);
  }

  /** Every generated patient name (PHI: none of them may ever be printed or stored in the clear). */
  public Set<String> patientNames() {
    Set<String> names = new LinkedHashSet<>();
    appointments.forEach(a -> names.add(a.patientName()));
    series.forEach(s -> names.add(s.patientName()));
    return names;
  }

  /** The appointments each connector should read on a full sync: connector id to count. */
  public Map<String, Integer> expectedAppointments() {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (String connector : DemoSetup.connectorIds(this)) {
      out.put(connector, 0);
    }
    for (DemoAppointment a : appointments) {
      out.merge(DemoSetup.connectorOf(this, a), 1, Integer::sum);
    }
    for (DemoSeries s : series) {
      out.merge("sp-" + s.clinician(), s.instances().size(), Integer::sum);
    }
    return out;
  }

  /** Busy blocks per Google connector. */
  public Map<String, Integer> expectedBusyBlocks() {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (DemoBusy b : busy) {
      out.merge("google-" + b.clinician(), 1, Integer::sum);
    }
    return out;
  }

  // ------------------------------------------------------------------ generation

  private static final class Generator {
    private final long seed;
    private final LocalDate today;
    private final Random random;
    private final List<DemoClinician> clinicians = new ArrayList<>();
    private final List<DemoAppointment> appointments = new ArrayList<>();
    private final List<DemoSeries> series = new ArrayList<>();
    private final List<DemoBusy> busy = new ArrayList<>();
    private final List<DemoDoubleBooking> doubles = new ArrayList<>();
    private final List<DemoSyncCopy> copies = new ArrayList<>();
    /** clinician id + day → used hourly slots (the hour of day). */
    private final Map<String, Set<Integer>> used = new HashMap<>();
    private final Map<String, List<String>> caseload = new HashMap<>();
    private final Map<String, String> patientIds = new HashMap<>();
    private int counter;

    Generator(long seed, LocalDate today) {
      this.seed = seed;
      this.today = today;
      this.random = new Random(seed);
    }

    DemoPractice build() {
      clinicians();
      List<LocalDate> days = new ArrayList<>();
      for (LocalDate d = today.minusDays(DAYS_AROUND); !d.isAfter(today.plusDays(DAYS_AROUND)); d = d.plusDays(1)) {
        if (d.getDayOfWeek().getValue() <= 5) {
          days.add(d);
        }
      }
      plantDoubleBookings(days);
      recurringSessions();
      busyBlocks(days);
      fill(days);
      Change change = change(days);
      syncCopies(); // last, and without the random source: everything above is as it was before copies existed
      appointments.sort(java.util.Comparator.comparing(DemoAppointment::start).thenComparing(DemoAppointment::vendorId));
      busy.sort(java.util.Comparator.comparing(DemoBusy::start).thenComparing(DemoBusy::id));
      return new DemoPractice(seed, today, 1, clinicians, appointments, series, busy, doubles, copies, List.of(), change);
    }

    private void clinicians() {
      // index → primary system; Zocdoc and Google users as a real practice has them
      DemoSource[] primary = {DemoSource.ATHENAHEALTH, DemoSource.ATHENAHEALTH, DemoSource.ATHENAHEALTH, DemoSource.KAREO,
          DemoSource.KAREO, DemoSource.KAREO, DemoSource.SIMPLEPRACTICE, DemoSource.SIMPLEPRACTICE,
          DemoSource.SIMPLEPRACTICE, DemoSource.ATHENAHEALTH, DemoSource.ATHENAHEALTH, DemoSource.ATHENAHEALTH,
          DemoSource.SIMPLEPRACTICE, DemoSource.SIMPLEPRACTICE, DemoSource.SIMPLEPRACTICE, DemoSource.SIMPLEPRACTICE,
          DemoSource.ATHENAHEALTH, DemoSource.ATHENAHEALTH, DemoSource.SIMPLEPRACTICE, DemoSource.ATHENAHEALTH};
      Set<Integer> zocdoc = Set.of(0, 2, 5, 11, 14);
      Set<Integer> google = Set.of(0, 3, 6, 12, 17);
      int kareo = 101;
      for (int i = 0; i < NAMES.length; i++) {
        boolean midtown = i < 10;
        String id = "dr-" + NAMES[i].toLowerCase(Locale.ROOT);
        String vendorId = switch (primary[i]) {
          case ATHENAHEALTH -> "a-" + ATHENA_PRACTICE + ".Provider-" + (21 + i);
          case KAREO -> Integer.toString(kareo++);
          default -> "";
        };
        String zd = zocdoc.contains(i) ? "pr_" + token(16) + "|" + (midtown ? "lo_Mdt7JvR2sW4cD1eF" : "lo_Bsd9KwQ3tX5eG2hJ") : "";
        LocalTime start = LocalTime.of(i % 3 == 0 ? 8 : 9, 0);
        clinicians.add(new DemoClinician(id, "Dr. " + NAMES[i], midtown ? "midtown" : "bayside",
            midtown ? NEW_YORK : LOS_ANGELES, primary[i], zocdoc.contains(i), google.contains(i), vendorId, zd, start,
            start.plusHours(8)));
        List<String> patients = new ArrayList<>();
        for (int p = 0; p < 14; p++) {
          patients.add(FIRST[random.nextInt(FIRST.length)] + " " + LAST[random.nextInt(LAST.length)]);
        }
        caseload.put(id, patients);
      }
    }

    private String token(int n) {
      String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < n; i++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      return sb.toString();
    }

    /** Session hours of a clinician, lunch (12:00) left out. */
    private List<Integer> hours(DemoClinician c) {
      List<Integer> out = new ArrayList<>();
      for (int h = c.dayStart().getHour(); h < c.dayEnd().getHour(); h++) {
        if (h != 12) {
          out.add(h);
        }
      }
      return out;
    }

    private Set<Integer> used(DemoClinician c, LocalDate d) {
      return used.computeIfAbsent(c.id() + "/" + d, k -> new java.util.HashSet<>());
    }

    private Instant at(DemoClinician c, LocalDate d, int hour, int minute) {
      return ZonedDateTime.of(d, LocalTime.of(hour, minute), c.zone()).toInstant();
    }

    private String patient(DemoClinician c) {
      List<String> l = caseload.getOrDefault(c.id(), List.of("Unnamed Client"));
      return l.get(random.nextInt(l.size()));
    }

    private String patientId(DemoSource source, String name) {
      String key = source + "/" + name;
      return patientIds.computeIfAbsent(key, k -> {
        int n = 60000 + patientIds.size() * 7;
        return switch (source) {
          case ATHENAHEALTH -> "a-" + ATHENA_PRACTICE + ".E-" + n;
          case KAREO -> "PT-" + n;
          case ZOCDOC -> "pt-" + n;
          default -> "cl-" + n;
        };
      });
    }

    private String vendorId(DemoSource source) {
      int n = ++counter;
      return switch (source) {
        case ATHENAHEALTH -> "a-" + ATHENA_PRACTICE + ".A-" + (100000 + n);
        case KAREO -> Integer.toString(500000 + n);
        case ZOCDOC -> String.format(Locale.ROOT, "d04b049a-41b1-4aba-9268-%012d", n);
        case SIMPLEPRACTICE -> String.format(Locale.ROOT, "sp-appt-%08x@simplepractice.com", 0x5eed0000 + n);
        case GOOGLE -> String.format(Locale.ROOT, "gev%08dx%s", n, token(6).toLowerCase(Locale.ROOT));
      };
    }

    private DemoAppointment appointment(DemoClinician c, DemoSource source, LocalDate d, int hour, int minute,
        AppointmentStatus status) {
      String name = patient(c);
      Instant start = at(c, d, hour, minute);
      return new DemoAppointment(vendorId(source), c.id(), source, start, start.plus(SESSION), status,
          patientId(source, name), name, 1);
    }

    private AppointmentStatus status(DemoSource source, LocalDate d) {
      double r = random.nextDouble();
      if (d.isBefore(today)) {
        if (source == DemoSource.SIMPLEPRACTICE) {
          return AppointmentStatus.CONFIRMED; // the feed shows what was booked
        }
        if (r < 0.07) {
          return AppointmentStatus.CANCELLED;
        }
        if (r < 0.12) {
          return AppointmentStatus.NO_SHOW;
        }
        return source == DemoSource.ZOCDOC ? AppointmentStatus.CONFIRMED : AppointmentStatus.COMPLETED;
      }
      if (source != DemoSource.SIMPLEPRACTICE && r < 0.07) {
        return AppointmentStatus.CANCELLED;
      }
      return source == DemoSource.KAREO && r < 0.4 ? AppointmentStatus.SCHEDULED : AppointmentStatus.CONFIRMED;
    }

    /** Two systems booked into the same time: a Zocdoc booking over a practice-system session. */
    private void plantDoubleBookings(List<LocalDate> days) {
      LocalDate week = weekStartOf(today);
      List<LocalDate> future = days.stream().filter(d -> !d.isBefore(today)).toList();
      LocalDate showcase = future.stream().filter(d -> !d.isBefore(week) && d.isBefore(week.plusDays(5))).findFirst()
          .orElse(future.get(0));
      int[] who = {0, 2, 5, 11, 14};
      int[] offset = {0, 30, 0, 30, 20};
      for (int k = 0; k < who.length; k++) {
        DemoClinician c = clinicians.get(who[k]);
        LocalDate d = k == 0 ? showcase : future.get(Math.min(future.size() - 1, 1 + 2 * k));
        List<Integer> hours = hours(c);
        int hour;
        do {
          hour = hours.get(random.nextInt(hours.size() - 1));
        } while (hour == 11 || used(c, d).contains(hour) || used(c, d).contains(hour + 1));
        DemoAppointment a = appointment(c, c.primary(), d, hour, 0,
            c.primary() == DemoSource.KAREO ? AppointmentStatus.SCHEDULED : AppointmentStatus.CONFIRMED);
        DemoAppointment b = appointment(c, DemoSource.ZOCDOC, d, hour, offset[k], AppointmentStatus.CONFIRMED);
        used(c, d).add(hour);
        used(c, d).add(hour + 1); // a booking offset by minutes reaches into the next slot
        appointments.add(a);
        appointments.add(b);
        doubles.add(new DemoDoubleBooking(c.id(), a, b));
      }
    }

    private void recurringSessions() {
      for (DemoClinician c : clinicians) {
        if (c.primary() != DemoSource.SIMPLEPRACTICE) {
          continue;
        }
        for (int s = 0; s < 2; s++) {
          DayOfWeek dow = DayOfWeek.of(1 + random.nextInt(5));
          LocalDate first = today.minusDays(DAYS_AROUND).with(TemporalAdjusters.nextOrSame(dow));
          int count = 4;
          List<Integer> hours = hours(c);
          int hour = -1;
          for (int tries = 0; tries < 50 && hour < 0; tries++) {
            int h = hours.get(random.nextInt(hours.size()));
            boolean free = true;
            for (int i = 0; i < count; i++) {
              free &= !used(c, first.plusWeeks(i)).contains(h);
            }
            free &= !used(c, first.plusWeeks(2)).contains(12);
            hour = free ? h : -1;
          }
          if (hour < 0) {
            continue;
          }
          for (int i = 0; i < count; i++) {
            used(c, first.plusWeeks(i)).add(hour);
          }
          used(c, first.plusWeeks(2)).add(12); // the moved session goes to the lunch hour that day
          ZonedDateTime start = ZonedDateTime.of(first, LocalTime.of(hour, 0), c.zone());
          ZonedDateTime movedTo = ZonedDateTime.of(first.plusWeeks(2), LocalTime.of(12, 0), c.zone());
          series.add(new DemoSeries(String.format(Locale.ROOT, "sp-series-%08x@simplepractice.com", 0x5e7e0000 + ++counter),
              c.id(), start, SESSION, count, 1, 2, movedTo, patient(c)));
        }
      }
    }

    private static final String[] PERSONAL = {"Dentist", "School pickup", "Gym", "Parent-teacher meeting",
        "Car service", "Yoga", "Pharmacy"};

    private void busyBlocks(List<LocalDate> days) {
      for (DemoClinician c : clinicians) {
        if (!c.google()) {
          continue;
        }
        for (LocalDate d : days) {
          if (random.nextDouble() < 0.25) {
            List<Integer> free = new ArrayList<>(hours(c));
            free.removeAll(used(c, d));
            if (!free.isEmpty()) {
              int h = free.get(random.nextInt(free.size()));
              used(c, d).add(h);
              busy.add(new DemoBusy(vendorId(DemoSource.GOOGLE), c.id(), at(c, d, h, 0), at(c, d, h, 45),
                  PERSONAL[random.nextInt(PERSONAL.length)]));
            }
          }
          if (random.nextDouble() < 0.3) { // after hours: blocks nothing the practice books
            busy.add(new DemoBusy(vendorId(DemoSource.GOOGLE), c.id(), at(c, d, 18, 0), at(c, d, 19, 30),
                PERSONAL[random.nextInt(PERSONAL.length)]));
          }
        }
      }
    }

    /**
     * One session of the first SimplePractice clinician with Google, copied into Google by
     * SimplePractice's own calendar sync at exactly the session's times: preferably the one in the
     * week the demo shows, so the page draws the linked pair.
     */
    private void syncCopies() {
      LocalDate week = weekStartOf(today);
      DemoSeries chosen = null;
      Instant start = null;
      for (DemoClinician c : clinicians) {
        if (c.primary() != DemoSource.SIMPLEPRACTICE || !c.google()) {
          continue;
        }
        for (DemoSeries s : series) {
          if (!s.clinician().equals(c.id()) || s.instances().isEmpty()) {
            continue;
          }
          if (chosen == null) {
            chosen = s;
            start = s.instances().get(0);
          }
          for (Instant i : s.instances()) {
            LocalDate d = i.atZone(c.zone()).toLocalDate();
            if (!d.isBefore(week) && d.isBefore(week.plusDays(7))) {
              add(s, i);
              return;
            }
          }
        }
      }
      if (chosen != null && start != null) {
        add(chosen, start);
      }
    }

    private void add(DemoSeries s, Instant start) {
      // SimplePractice's sync writes one Google event per session: an instance-style id
      String id = String.format(Locale.ROOT, "spsync%08x_%s", 0x5c0b0000 + ++counter,
          java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC)
              .format(start));
      DemoBusy copy = new DemoBusy(id, s.clinician(), start, start.plus(s.length()), "Client appointment (SimplePractice)");
      busy.add(copy);
      copies.add(new DemoSyncCopy(s.clinician(), s.uid(), copy));
    }

    private void fill(List<LocalDate> days) {
      for (DemoClinician c : clinicians) {
        for (LocalDate d : days) {
          for (int h : hours(c)) {
            if (used(c, d).contains(h) || random.nextDouble() >= 0.4) {
              continue;
            }
            DemoSource source = c.zocdoc() && random.nextDouble() < 0.15 ? DemoSource.ZOCDOC : c.primary();
            used(c, d).add(h);
            appointments.add(appointment(c, source, d, h, 0, status(source, d)));
          }
        }
      }
    }

    /** The next run's changes, each on a future day, into slots still free. */
    private Change change(List<LocalDate> days) {
      List<LocalDate> future = days.stream().filter(d -> d.isAfter(today)).toList();
      DemoAppointment move = pick(DemoSource.ATHENAHEALTH, future);
      DemoClinician mc = byId(move.clinician());
      LocalDate md = move.start().atZone(mc.zone()).toLocalDate();
      int moveHour = freeHour(mc, md);
      DemoClinician zc = clinicians.stream().filter(DemoClinician::zocdoc).skip(1).findFirst().orElseThrow();
      LocalDate zd = future.get(future.size() / 2);
      int zh = freeHour(zc, zd);
      DemoAppointment booking = appointment(zc, DemoSource.ZOCDOC, zd, zh, 0, AppointmentStatus.CONFIRMED);
      DemoAppointment cancel = pick(DemoSource.KAREO, future);
      DemoClinician gc = clinicians.stream().filter(DemoClinician::google).skip(1).findFirst().orElseThrow();
      LocalDate gd = future.get(Math.min(future.size() - 1, 2));
      int gh = freeHour(gc, gd);
      DemoBusy b = new DemoBusy(vendorId(DemoSource.GOOGLE), gc.id(), at(gc, gd, gh, 0), at(gc, gd, gh, 50), "Dentist");
      return new Change(move.vendorId(), at(mc, md, moveHour, 0), booking, cancel.vendorId(), b);
    }

    private DemoAppointment pick(DemoSource source, List<LocalDate> future) {
      Instant from = future.get(0).atStartOfDay(NEW_YORK).toInstant();
      List<DemoAppointment> candidates = new ArrayList<>(appointments.stream()
          .filter(a -> a.source() == source && a.blocking() && a.start().isAfter(from))
          .filter(a -> doubles.stream().noneMatch(x -> x.first() == a || x.second() == a)).toList());
      Collections.shuffle(candidates, random);
      for (DemoAppointment a : candidates) {
        DemoClinician c = byId(a.clinician());
        if (freeHourOrMinus(c, a.start().atZone(c.zone()).toLocalDate()) >= 0) {
          return a;
        }
      }
      throw new IllegalStateException("the generated practice has no " + source.id() + " appointment to change");
    }

    private int freeHour(DemoClinician c, LocalDate d) {
      int h = freeHourOrMinus(c, d);
      if (h < 0) {
        throw new IllegalStateException("no free hour left for " + c.id() + " on " + d);
      }
      used(c, d).add(h);
      return h;
    }

    private int freeHourOrMinus(DemoClinician c, LocalDate d) {
      List<Integer> hours = hours(c);
      Collections.reverse(hours);
      for (int h : hours) {
        if (!used(c, d).contains(h)) {
          return h;
        }
      }
      return -1;
    }

    private DemoClinician byId(String id) {
      return clinicians.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }
  }
}
