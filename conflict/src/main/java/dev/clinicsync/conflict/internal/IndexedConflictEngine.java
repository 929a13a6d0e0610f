package dev.clinicsync.conflict.internal;

import dev.clinicsync.conflict.Conflict;
import dev.clinicsync.conflict.ConflictEngine;
import dev.clinicsync.conflict.ConflictKind;
import dev.clinicsync.conflict.ConflictPair;
import dev.clinicsync.conflict.ConflictReport;
import dev.clinicsync.conflict.Provenance;
import dev.clinicsync.conflict.ScanReport;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ConflictEngine} behind {@link ConflictEngine#builder()}.
 *
 * <p>State: per clinician one immutable {@link ClinicianState} (compiled availability and one
 * {@link IntervalIndex} holding the clinician's blocking appointments and busy blocks, told apart
 * by a tag bit), held directly as the value of a concurrent map. A reader does one map lookup and
 * works on that snapshot without locks: on a cold cache that is the map node, the state, the
 * bucket directory, one bucket's two arrays and the conflicting items themselves. Writers of a
 * clinician synchronise on the clinician's lock stripe, build the next state (copying one week
 * bucket) and publish it with a map write. The id and busy-block tables that writers need are split
 * into stripes, each guarded by its own lock, taken before any clinician lock.
 */
public final class IndexedConflictEngine implements ConflictEngine {
  private static final int STRIPES = 64;
  private static final long NANOS = 1_000_000_000L;
  /** Tag bit: both ends of the entry are whole seconds, so its primitives are exact. */
  private static final int EXACT = 1;
  /** Tag bit: the entry is a busy block, not an appointment. */
  private static final int BUSY = 2;

  private final boolean[] blocking = new boolean[AppointmentStatus.values().length];
  private final long bufferNanos;
  private final long toleranceNanos;
  /**
   * How far, in whole seconds, a neighbour may be from a proposal and still matter: with floored
   * starts and ceiled ends, {@code start < otherEnd + reach} (strictly) keeps every candidate.
   */
  private final long reachSeconds;
  private final ConcurrentHashMap<ClinicianId, ClinicianState> states = new ConcurrentHashMap<>();
  private final Object[] clinicianLocks = new Object[STRIPES];
  private final Stripe[] stripes = new Stripe[STRIPES];

  public IndexedConflictEngine(Set<AppointmentStatus> blockingStatuses, Duration buffer, Duration duplicateTolerance) {
    Checks.notNull(blockingStatuses, "blocking statuses");
    for (AppointmentStatus s : blockingStatuses) {
      blocking[s.ordinal()] = true;
    }
    this.bufferNanos = Checks.notNull(buffer, "buffer").toNanos();
    this.toleranceNanos = Checks.notNull(duplicateTolerance, "duplicate tolerance").toNanos();
    this.reachSeconds = (Math.max(bufferNanos, toleranceNanos) + NANOS - 1) / NANOS;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe();
      clinicianLocks[i] = new Object();
    }
  }

  /**
   * One clinician's state, replaced as a whole. It repeats the few fields of its index that a
   * lookup needs first, so that a cache-cold check reads this object and then the bucket directory.
   */
  static final class ClinicianState {
    private static final int[] NO_RANGES = new int[8];
    static final ClinicianState EMPTY = new ClinicianState(null, IntervalIndex.EMPTY, 0);

    final @Nullable CompiledAvailability availability;
    /** Appointments and busy blocks; busy ones carry the {@link #BUSY} tag bit. */
    final IntervalIndex entries;
    final int busyCount;
    final IntervalIndex.Bucket[] buckets;
    final long[] keys;
    final long firstKey;
    final int bucketCount;
    final boolean dense;
    final int longCount;
    /** Copies from the availability, so that a check that finds the slot inside working hours stops here. */
    final @Nullable ZoneTable zoneTable;
    final int[] weekly;
    final int exceptionCount;
    final boolean hasTimeOff;

    ClinicianState(@Nullable CompiledAvailability availability, IntervalIndex entries, int busyCount) {
      this.availability = availability;
      this.entries = entries;
      this.busyCount = busyCount;
      this.buckets = entries.buckets;
      this.keys = entries.keys;
      this.firstKey = entries.firstKey;
      this.bucketCount = entries.buckets.length;
      this.dense = entries.dense;
      this.longCount = entries.longStarts.length;
      this.zoneTable = availability == null ? null : availability.table;
      this.weekly = availability == null ? NO_RANGES : availability.weekly();
      this.exceptionCount = availability == null ? 0 : availability.exceptionCount();
      this.hasTimeOff = availability != null && availability.hasTimeOff();
    }
  }

  private static final class Stripe {
    final IdTable ids = new IdTable();
    final HashMap<BusyKey, BusyBlock> busy = new HashMap<>();
  }

  private record BusyKey(SourceSystem system, String externalId) {
    static BusyKey of(SourceRef ref) {
      return new BusyKey(ref.system(), ref.externalId());
    }
  }

  /** The conflicts found so far; allocated at the first one. */
  private static final class Hits {
    Conflict[] items = new Conflict[4];
    int size;

    static Hits add(@Nullable Hits hits, Conflict c) {
      Hits h = hits == null ? new Hits() : hits;
      if (h.size == h.items.length) {
        h.items = Arrays.copyOf(h.items, h.size * 2);
      }
      h.items[h.size++] = c;
      return h;
    }

    /** In {@link Conflict#ORDER}: an insertion sort, as reports hold a handful. */
    List<Conflict> sorted() {
      Conflict[] a = items;
      int n = size;
      for (int i = 1; i < n; i++) {
        Conflict c = a[i];
        int j = i - 1;
        while (j >= 0 && Conflict.ORDER.compare(a[j], c) > 0) {
          a[j + 1] = a[j];
          j--;
        }
        a[j + 1] = c;
      }
      if (n == 1) {
        return List.of(a[0]);
      }
      if (n == 2) {
        return List.of(a[0], a[1]);
      }
      return List.of(n == a.length ? a : Arrays.copyOf(a, n));
    }
  }

  // ---------------------------------------------------------------- reads

  @Override
  public ConflictReport check(Appointment proposal) {
    Checks.notNull(proposal, "proposal");
    if (!blocking[proposal.status().ordinal()]) {
      return ConflictReport.none(proposal.id());
    }
    ClinicianState st = states.get(proposal.clinicianId());
    if (st == null) {
      st = ClinicianState.EMPTY;
    }
    long ps = proposal.start().getEpochSecond();
    long pe = ceilSeconds(proposal.end());
    Hits out = entryConflicts(st, proposal, ps, pe, null);
    ZoneTable zoneTable = st.zoneTable;
    if (zoneTable != null) {
      CompiledAvailability av = st.availability;
      if (!CompiledAvailability.covers(zoneTable, st.weekly, st.exceptionCount, av, ps, pe)) {
        LocalDate date = av.localDate(ps);
        out = Hits.add(out, new Conflict(ConflictKind.OUTSIDE_AVAILABILITY, proposal.window(),
            new Provenance.WorkingHours(av.zone, date, av.weeklyRangesOn(date))));
      }
      if (st.hasTimeOff) {
        out = timeOffConflicts(av, proposal, ps, pe, out);
      }
    }
    if (out == null) {
      return ConflictReport.none(proposal.id());
    }
    return new ConflictReport(proposal.id(), out.sorted());
  }

  private @Nullable Hits entryConflicts(ClinicianState st, Appointment p, long ps, long pe, @Nullable Hits out) {
    long qs = ps - reachSeconds;
    long qe = pe + reachSeconds;
    int pTag = tag(p);
    // the fast path decides from primitives alone: whole-second times on both sides, no buffer,
    // and no patient on the proposal (so no duplicate is possible)
    boolean fast = (pTag & EXACT) != 0 && bufferNanos == 0 && p.patient().isEmpty();
    IntervalIndex.Bucket[] buckets = st.buckets;
    int first = IntervalIndex.ceilingBucket(st.keys, st.bucketCount, st.firstKey, st.dense,
        Math.floorDiv(qs - IntervalIndex.SHORT, IntervalIndex.WEEK));
    int last = IntervalIndex.ceilingBucket(st.keys, st.bucketCount, st.firstKey, st.dense,
        Math.floorDiv(qe - 1, IntervalIndex.WEEK) + 1);
    for (int bi = first; bi < last; bi++) {
      IntervalIndex.Bucket b = buckets[bi];
      if (b.maxEnd <= qs) {
        continue;
      }
      long[] e = b.e;
      int n = e.length >> 1;
      for (int i = b.upperBound(qs - b.maxLength); i < n; i++) {
        long start = e[2 * i];
        if (start >= qe) {
          break;
        }
        long meta = e[2 * i + 1];
        long end = start + (meta >>> 32);
        if (end > qs) {
          out = relateEntry(p, pTag, fast, ps, pe, start, end, (int) meta, b.refs[i], out);
        }
      }
    }
    if (st.longCount > 0) {
      IntervalIndex idx = st.entries;
      long[] ls = idx.longStarts;
      long[] le = idx.longEnds;
      for (int i = 0; i < ls.length; i++) {
        if (ls[i] < qe && le[i] > qs) {
          out = relateEntry(p, pTag, false, ps, pe, ls[i], le[i], idx.longTags[i], idx.longRefs[i], out);
        }
      }
    }
    return out;
  }

  private @Nullable Hits relateEntry(Appointment p, int pTag, boolean fast, long ps, long pe,
      long start, long end, int tag, Object ref, @Nullable Hits out) {
    if ((tag & BUSY) != 0) {
      return start < pe && end > ps ? relateBusy(p, (BusyBlock) ref, start, end, out) : out;
    }
    Appointment other = (Appointment) ref;
    if (((tag ^ pTag) & ~EXACT) == 0 && other.id().equals(p.id())) {
      return out;
    }
    if (fast && (tag & EXACT) != 0) {
      if (start >= pe || end <= ps) {
        return out;
      }
      // the window from the entry's primitives (exact here), not from the other appointment's
      // instants: on a cold cache those are two more misses, and two small allocations are cheaper
      return Hits.add(out, new Conflict(ConflictKind.OVERLAP,
          new TimeWindow(Instant.ofEpochSecond(start), Instant.ofEpochSecond(end)),
          new Provenance.OtherAppointment(other.id(), other.source(), other.status())));
    }
    return relate(p, other, out);
  }

  /** An entry's tag: the id's hash with the low bit saying whether both ends are whole seconds. */
  static int tag(Appointment a) {
    boolean exact = a.start().getNano() == 0 && a.end().getNano() == 0;
    return (IdTable.hash(a.id()) & ~(EXACT | BUSY)) | (exact ? EXACT : 0);
  }

  private @Nullable Hits relate(Appointment p, Appointment other, @Nullable Hits out) {
    if (other.id().equals(p.id())) {
      return out;
    }
    ConflictKind kind = classify(p, other);
    if (kind == null) {
      return out;
    }
    return Hits.add(out, new Conflict(kind, other.window(),
        new Provenance.OtherAppointment(other.id(), other.source(), other.status())));
  }
  /** How two blocking appointments of one clinician relate; null when they do not conflict. */
  @Nullable ConflictKind classify(Appointment a, Appointment b) {
    if (a.patient().isPresent()
        && a.patient().equals(b.patient())
        && !a.source().system().equals(b.source().system())
        && within(a.start(), b.start(), toleranceNanos)
        && within(a.end(), b.end(), toleranceNanos)) {
      return ConflictKind.DUPLICATE;
    }
    if (a.start().isBefore(b.end()) && b.start().isBefore(a.end())) {
      return ConflictKind.OVERLAP;
    }
    if (bufferNanos > 0
        && diffNanos(a.end(), b.start()) < bufferNanos
        && diffNanos(b.end(), a.start()) < bufferNanos) {
      return ConflictKind.BUFFER;
    }
    return null;
  }

  /** {@code to - from} in nanoseconds, saturated beyond two days either way. */
  private static long diffNanos(Instant from, Instant to) {
    long secs = to.getEpochSecond() - from.getEpochSecond();
    if (secs > 172_800L) {
      return Long.MAX_VALUE / 2;
    }
    if (secs < -172_800L) {
      return -(Long.MAX_VALUE / 2);
    }
    return secs * NANOS + (to.getNano() - from.getNano());
  }

  private static boolean within(Instant x, Instant y, long toleranceNanos) {
    return Math.abs(diffNanos(x, y)) <= toleranceNanos;
  }

  private static @Nullable Hits relateBusy(
      Appointment p, BusyBlock block, long start, long end, @Nullable Hits out) {
    TimeWindow w;
    if (block.allDay().isPresent()) {
      // all-day windows are whole seconds (local midnights): the primitives are exact
      w = new TimeWindow(Instant.ofEpochSecond(start), Instant.ofEpochSecond(end));
    } else {
      w = block.window();
    }
    if (!w.overlaps(p.start(), p.end())) {
      return out;
    }
    return Hits.add(out, new Conflict(ConflictKind.EXTERNAL_BUSY, w,
        new Provenance.ExternalBusy(block.source(), block.calendarId())));
  }

  private static @Nullable Hits timeOffConflicts(
      CompiledAvailability av, Appointment p, long ps, long pe, @Nullable Hits out) {
    for (int i = 0; i < av.exceptionCount(); i++) {
      if (av.timeOffTouches(i, ps, pe)) {
        out = Hits.add(out, new Conflict(ConflictKind.TIME_OFF, p.window(),
            new Provenance.TimeOff(av.exception(i).id(), av.exception(i).label())));
      }
    }
    return out;
  }

  @Override
  public ScanReport scan(TimeWindow window) {
    Checks.notNull(window, "scan window");
    long ws = window.start().getEpochSecond();
    long we = ceilSeconds(window.end());
    Map<ClinicianId, List<ConflictPair>> result = new LinkedHashMap<>();
    for (Map.Entry<ClinicianId, ClinicianState> e : states.entrySet()) {
      IntervalIndex idx = e.getValue().entries;
      // partners of an appointment in the window lie within its length (at most a day, unless
      // it is a long one) plus the reach of buffers and duplicate tolerance
      long lo = ws - IntervalIndex.SHORT;
      long hi = we + IntervalIndex.SHORT;
      for (int i = 0; i < idx.longStarts.length; i++) {
        if ((idx.longTags[i] & BUSY) == 0 && idx.longStarts[i] < we && idx.longEnds[i] > ws) {
          lo = Math.min(lo, idx.longStarts[i]);
          hi = Math.max(hi, idx.longEnds[i]);
        }
      }
      List<ConflictPair> pairs = scanClinician(idx, window, lo - reachSeconds, hi + reachSeconds);
      if (!pairs.isEmpty()) {
        result.put(e.getKey(), pairs);
      }
    }
    return new ScanReport(window, result);
  }

  private List<ConflictPair> scanClinician(IntervalIndex idx, TimeWindow window, long qs, long qe) {
    // gather every appointment touching [qs, qe) in start order: buckets are already sorted
    int firstBucket = idx.firstBucketFrom(qs);
    int lastBucket = idx.bucketsBefore(qe);
    int cap = idx.longStarts.length;
    for (int bi = firstBucket; bi < lastBucket; bi++) {
      cap += idx.buckets[bi].size();
    }
    if (cap < 2) {
      return List.of();
    }
    long[] starts = new long[cap];
    long[] ends = new long[cap];
    Appointment[] refs = new Appointment[cap];
    int n = 0;
    for (int bi = firstBucket; bi < lastBucket; bi++) {
      IntervalIndex.Bucket b = idx.buckets[bi];
      long[] be = b.e;
      for (int i = 0, size = b.size(); i < size; i++) {
        long meta = be[2 * i + 1];
        if (((int) meta & BUSY) != 0) {
          continue;
        }
        long s = be[2 * i];
        long en = s + (meta >>> 32);
        if (s < qe && en > qs) {
          starts[n] = s;
          ends[n] = en;
          refs[n] = (Appointment) b.refs[i];
          n++;
        }
      }
    }
    int shortCount = n;
    for (int i = 0; i < idx.longStarts.length; i++) {
      if ((idx.longTags[i] & BUSY) == 0 && idx.longStarts[i] < qe && idx.longEnds[i] > qs) {
        starts[n] = idx.longStarts[i];
        ends[n] = idx.longEnds[i];
        refs[n] = (Appointment) idx.longRefs[i];
        n++;
      }
    }
    if (n > shortCount) {
      sortByStart(starts, ends, refs, n);
    }
    List<ConflictPair> pairs = new ArrayList<>();
    long reach = reachSeconds;
    for (int i = 0; i < n; i++) {
      long limit = ends[i] + reach;
      Appointment a = refs[i];
      for (int j = i + 1; j < n && starts[j] < limit; j++) {
        Appointment b = refs[j];
        ConflictKind kind = classify(a, b);
        if (kind != null && (a.overlaps(window) || b.overlaps(window))) {
          pairs.add(ConflictPair.of(kind, a, b));
        }
      }
    }
    return pairs;
  }

  private static void sortByStart(long[] starts, long[] ends, Appointment[] refs, int n) {
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Long.compare(starts[x], starts[y]));
    long[] s = starts.clone();
    long[] e = ends.clone();
    Appointment[] r = refs.clone();
    for (int i = 0; i < n; i++) {
      starts[i] = s[order[i]];
      ends[i] = e[order[i]];
      refs[i] = r[order[i]];
    }
  }

  @Override
  public boolean knowsClinician(ClinicianId id) {
    ClinicianState st = states.get(id);
    return st != null && st.availability != null;
  }

  @Override
  public int size() {
    int n = 0;
    for (Stripe s : stripes) {
      synchronized (s) {
        n += s.ids.size();
      }
    }
    return n;
  }

  // ---------------------------------------------------------------- writes

  /** A change to one clinician's state, run under the clinician's lock. */
  private interface Change {
    ClinicianState apply(ClinicianState current);
  }

  private void change(ClinicianId clinician, Change change) {
    synchronized (clinicianLocks[(clinician.hashCode() * 0x9E3779B9) >>> 26]) {
      ClinicianState st = states.get(clinician);
      ClinicianState next = change.apply(st == null ? ClinicianState.EMPTY : st);
      states.put(clinician, next);
    }
  }

  @Override
  public void upsert(Appointment appointment) {
    Checks.notNull(appointment, "appointment");
    if (!blocking[appointment.status().ordinal()]) {
      remove(appointment.id());
      return;
    }
    Stripe stripe = stripeOf(appointment.id());
    long start = appointment.start().getEpochSecond();
    long end = ceilSeconds(appointment.end());
    int tag = tag(appointment);
    synchronized (stripe) {
      Appointment old = stripe.ids.put(appointment);
      if (old != null && old.clinicianId().equals(appointment.clinicianId())) {
        long oldStart = old.start().getEpochSecond();
        long oldEnd = ceilSeconds(old.end());
        change(appointment.clinicianId(), st -> new ClinicianState(st.availability,
            st.entries.replace(oldStart, oldEnd, old, start, end, tag, appointment), st.busyCount));
        return;
      }
      if (old != null) {
        unindex(old);
      }
      change(appointment.clinicianId(), st -> new ClinicianState(st.availability,
          st.entries.plus(start, end, tag, appointment), st.busyCount));
    }
  }

  private void unindex(Appointment old) {
    long start = old.start().getEpochSecond();
    long end = ceilSeconds(old.end());
    change(old.clinicianId(), st -> new ClinicianState(st.availability, st.entries.minus(start, end, old), st.busyCount));
  }

  @Override
  public boolean remove(AppointmentId id) {
    Checks.notNull(id, "appointment id");
    Stripe stripe = stripeOf(id);
    synchronized (stripe) {
      Appointment old = stripe.ids.remove(id);
      if (old == null) {
        return false;
      }
      unindex(old);
      return true;
    }
  }

  @Override
  public void upsertBusyBlock(BusyBlock block) {
    Checks.notNull(block, "busy block");
    BusyKey key = BusyKey.of(block.source());
    Stripe stripe = stripes[(key.hashCode() * 0x9E3779B9) >>> 26];
    synchronized (stripe) {
      BusyBlock old = stripe.busy.put(key, block);
      if (old != null) {
        unindexBusy(old);
      }
      change(block.clinicianId(), st -> new ClinicianState(st.availability,
          plusBusy(st.entries, block, st.availability), st.busyCount + 1));
    }
  }

  @Override
  public boolean removeBusyBlock(SourceRef source) {
    Checks.notNull(source, "busy block source");
    BusyKey key = BusyKey.of(source);
    Stripe stripe = stripes[(key.hashCode() * 0x9E3779B9) >>> 26];
    synchronized (stripe) {
      BusyBlock old = stripe.busy.remove(key);
      if (old == null) {
        return false;
      }
      unindexBusy(old);
      return true;
    }
  }

  private void unindexBusy(BusyBlock old) {
    change(old.clinicianId(), st -> {
      IntervalIndex entries = minusBusy(st.entries, old, st.availability);
      return new ClinicianState(st.availability, entries, st.busyCount - (entries == st.entries ? 0 : 1));
    });
  }

  private static IntervalIndex plusBusy(IntervalIndex idx, BusyBlock b, @Nullable CompiledAvailability av) {
    TimeWindow w = busyWindow(b, av);
    boolean exact = w.start().getNano() == 0 && w.end().getNano() == 0;
    return idx.plus(w.start().getEpochSecond(), ceilSeconds(w.end()), BUSY | (exact ? EXACT : 0), b);
  }

  private static IntervalIndex minusBusy(IntervalIndex idx, BusyBlock b, @Nullable CompiledAvailability av) {
    TimeWindow w = busyWindow(b, av);
    return idx.minus(w.start().getEpochSecond(), ceilSeconds(w.end()), b);
  }

  /** Where a busy block is indexed: all-day blocks cover the local days in the clinician's zone. */
  private static TimeWindow busyWindow(BusyBlock b, @Nullable CompiledAvailability av) {
    return av == null ? b.window() : b.windowIn(av.zone);
  }

  @Override
  public void updateClinician(Clinician clinician) {
    Checks.notNull(clinician, "clinician");
    CompiledAvailability av = new CompiledAvailability(clinician);
    change(clinician.id(), st -> {
      IntervalIndex entries = st.entries;
      CompiledAvailability before = st.availability;
      boolean zoneChanged = before == null || !before.zone.equals(av.zone);
      if (zoneChanged && st.busyCount > 0) {
        // all-day blocks cover other instants in another zone: index them again
        for (Object ref : entries.allRefs()) {
          if (ref instanceof BusyBlock b) {
            entries = plusBusy(minusBusy(entries, b, before), b, av);
          }
        }
      }
      return new ClinicianState(av, entries, st.busyCount);
    });
  }

  private Stripe stripeOf(AppointmentId id) {
    return stripes[IdTable.hash(id) >>> 26];
  }

  private static long ceilSeconds(Instant t) {
    return t.getNano() == 0 ? t.getEpochSecond() : t.getEpochSecond() + 1;
  }
}
