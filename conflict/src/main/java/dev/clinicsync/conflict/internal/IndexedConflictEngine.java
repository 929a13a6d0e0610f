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
 * <p>State: one {@link Slot} per clinician holding an immutable {@link ClinicianState}
 * (appointment index, busy-block index, compiled availability) behind a volatile field. Readers
 * read the field once and work on that snapshot without locks or allocation. Writers of a
 * clinician synchronise on its slot, build the next state (copying one week bucket) and publish
 * it. The id and busy-block tables that writers need are split into stripes, each guarded by its
 * own lock, taken before any slot lock.
 */
public final class IndexedConflictEngine implements ConflictEngine {
  private static final int STRIPES = 64;
  private static final long NANOS = 1_000_000_000L;

  private final boolean[] blocking = new boolean[AppointmentStatus.values().length];
  private final long bufferNanos;
  private final long toleranceNanos;
  /**
   * How far, in whole seconds, a neighbour may be from a proposal and still matter: with floored
   * starts and ceiled ends, {@code start < otherEnd + reach} (strictly) keeps every candidate.
   */
  private final long reachSeconds;
  private final ConcurrentHashMap<ClinicianId, Slot> slots = new ConcurrentHashMap<>();
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
    }
  }

  /** One clinician's state, replaced as a whole. */
  static final class ClinicianState {
    static final ClinicianState EMPTY = new ClinicianState(null, IntervalIndex.EMPTY, IntervalIndex.EMPTY);

    final @Nullable CompiledAvailability availability;
    final IntervalIndex appointments;
    final IntervalIndex busy;

    ClinicianState(@Nullable CompiledAvailability availability, IntervalIndex appointments, IntervalIndex busy) {
      this.availability = availability;
      this.appointments = appointments;
      this.busy = busy;
    }
  }

  static final class Slot {
    volatile ClinicianState state = ClinicianState.EMPTY;
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

  // ---------------------------------------------------------------- reads

  @Override
  public ConflictReport check(Appointment proposal) {
    Checks.notNull(proposal, "proposal");
    if (!blocking[proposal.status().ordinal()]) {
      return ConflictReport.none(proposal.id());
    }
    Slot slot = slots.get(proposal.clinicianId());
    ClinicianState st = slot == null ? ClinicianState.EMPTY : slot.state;
    long ps = proposal.start().getEpochSecond();
    long pe = ceilSeconds(proposal.end());
    List<Conflict> out = null;
    out = appointmentConflicts(st.appointments, proposal, ps, pe, out);
    out = busyConflicts(st.busy, proposal, ps, pe, out);
    CompiledAvailability av = st.availability;
    if (av != null) {
      out = availabilityConflicts(av, proposal, ps, pe, out);
    }
    if (out == null) {
      return ConflictReport.none(proposal.id());
    }
    if (out.size() > 1) {
      out.sort(Conflict.ORDER);
    }
    return new ConflictReport(proposal.id(), out);
  }

  private @Nullable List<Conflict> appointmentConflicts(
      IntervalIndex idx, Appointment p, long ps, long pe, @Nullable List<Conflict> out) {
    long qs = ps - reachSeconds;
    long qe = pe + reachSeconds;
    long lastKey = Math.floorDiv(qe - 1, IntervalIndex.WEEK);
    long[] keys = idx.keys;
    int pTag = tag(p);
    // the fast path decides from primitives alone: whole-second times on both sides, no buffer,
    // and no patient on the proposal (so no duplicate is possible)
    boolean fast = (pTag & EXACT) != 0 && bufferNanos == 0 && p.patient().isEmpty();
    for (int bi = idx.firstBucketFrom(qs); bi < keys.length && keys[bi] <= lastKey; bi++) {
      IntervalIndex.Bucket b = idx.buckets[bi];
      long[] starts = b.starts;
      int[] lengths = b.lengths;
      int n = starts.length;
      for (int i = IntervalIndex.upperBound(starts, n, qs - b.maxLength); i < n && starts[i] < qe; i++) {
        long end = starts[i] + lengths[i];
        if (end > qs) {
          int tag = b.tags[i];
          Appointment other = (Appointment) b.refs[i];
          if (((tag ^ pTag) & ~EXACT) == 0 && other.id().equals(p.id())) {
            continue;
          }
          if (fast && (tag & EXACT) != 0) {
            out = overlapFast(other, starts[i], end, ps, pe, out);
          } else {
            out = relate(p, other, out);
          }
        }
      }
    }
    long[] ls = idx.longStarts;
    long[] le = idx.longEnds;
    for (int i = 0; i < ls.length; i++) {
      if (ls[i] < qe && le[i] > qs) {
        out = relate(p, (Appointment) idx.longRefs[i], out);
      }
    }
    return out;
  }

  private static final int EXACT = 1;

  /** An entry's tag: the id's hash with the low bit saying whether both ends are whole seconds. */
  static int tag(Appointment a) {
    boolean exact = a.start().getNano() == 0 && a.end().getNano() == 0;
    return (IdTable.hash(a.id()) & ~EXACT) | (exact ? EXACT : 0);
  }

  private static @Nullable List<Conflict> overlapFast(
      Appointment other, long start, long end, long ps, long pe, @Nullable List<Conflict> out) {
    if (start >= pe || end <= ps) {
      return out;
    }
    if (out == null) {
      out = new ArrayList<>(4);
    }
    out.add(new Conflict(ConflictKind.OVERLAP, new TimeWindow(Instant.ofEpochSecond(start), Instant.ofEpochSecond(end)),
        new Provenance.OtherAppointment(other.id(), other.source(), other.status())));
    return out;
  }

  private @Nullable List<Conflict> relate(Appointment p, Appointment other, @Nullable List<Conflict> out) {
    if (other.id().equals(p.id())) {
      return out;
    }
    ConflictKind kind = classify(p, other);
    if (kind == null) {
      return out;
    }
    if (out == null) {
      out = new ArrayList<>(4);
    }
    out.add(new Conflict(kind, other.window(),
        new Provenance.OtherAppointment(other.id(), other.source(), other.status())));
    return out;
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

  private static @Nullable List<Conflict> busyConflicts(
      IntervalIndex idx, Appointment p, long ps, long pe, @Nullable List<Conflict> out) {
    long lastKey = Math.floorDiv(pe - 1, IntervalIndex.WEEK);
    long[] keys = idx.keys;
    for (int bi = idx.firstBucketFrom(ps); bi < keys.length && keys[bi] <= lastKey; bi++) {
      IntervalIndex.Bucket b = idx.buckets[bi];
      long[] starts = b.starts;
      int[] lengths = b.lengths;
      int n = starts.length;
      for (int i = IntervalIndex.upperBound(starts, n, ps - b.maxLength); i < n && starts[i] < pe; i++) {
        if (starts[i] + lengths[i] > ps) {
          out = relateBusy(p, (BusyBlock) b.refs[i], starts[i], starts[i] + lengths[i], out);
        }
      }
    }
    long[] ls = idx.longStarts;
    long[] le = idx.longEnds;
    for (int i = 0; i < ls.length; i++) {
      if (ls[i] < pe && le[i] > ps) {
        out = relateBusy(p, (BusyBlock) idx.longRefs[i], ls[i], le[i], out);
      }
    }
    return out;
  }

  private static @Nullable List<Conflict> relateBusy(
      Appointment p, BusyBlock block, long start, long end, @Nullable List<Conflict> out) {
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
    if (out == null) {
      out = new ArrayList<>(4);
    }
    out.add(new Conflict(ConflictKind.EXTERNAL_BUSY, w, new Provenance.ExternalBusy(block.source(), block.calendarId())));
    return out;
  }

  private static @Nullable List<Conflict> availabilityConflicts(
      CompiledAvailability av, Appointment p, long ps, long pe, @Nullable List<Conflict> out) {
    if (!av.covers(ps, pe)) {
      if (out == null) {
        out = new ArrayList<>(4);
      }
      LocalDate date = av.localDate(ps);
      out.add(new Conflict(ConflictKind.OUTSIDE_AVAILABILITY, p.window(),
          new Provenance.WorkingHours(av.zone, date, av.weeklyRangesOn(date))));
    }
    if (av.hasTimeOff()) {
      for (int i = 0; i < av.exceptionCount(); i++) {
        if (av.timeOffTouches(i, ps, pe)) {
          if (out == null) {
            out = new ArrayList<>(4);
          }
          out.add(new Conflict(ConflictKind.TIME_OFF, p.window(),
              new Provenance.TimeOff(av.exception(i).id(), av.exception(i).label())));
        }
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
    for (Map.Entry<ClinicianId, Slot> e : slots.entrySet()) {
      IntervalIndex idx = e.getValue().state.appointments;
      // partners of an appointment in the window lie within its length (at most a day, unless
      // it is a long one) plus the reach of buffers and duplicate tolerance
      long lo = ws - IntervalIndex.SHORT;
      long hi = we + IntervalIndex.SHORT;
      for (int i = 0; i < idx.longStarts.length; i++) {
        if (idx.longStarts[i] < we && idx.longEnds[i] > ws) {
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
    // gather every entry touching [qs, qe) in start order: buckets are already sorted
    int cap = 0;
    long lastKey = Math.floorDiv(qe - 1, IntervalIndex.WEEK);
    int firstBucket = idx.firstBucketFrom(qs);
    for (int bi = firstBucket; bi < idx.keys.length && idx.keys[bi] <= lastKey; bi++) {
      cap += idx.buckets[bi].starts.length;
    }
    cap += idx.longStarts.length;
    if (cap < 2) {
      return List.of();
    }
    long[] starts = new long[cap];
    long[] ends = new long[cap];
    Appointment[] refs = new Appointment[cap];
    int n = 0;
    for (int bi = firstBucket; bi < idx.keys.length && idx.keys[bi] <= lastKey; bi++) {
      IntervalIndex.Bucket b = idx.buckets[bi];
      for (int i = 0; i < b.starts.length; i++) {
        long s = b.starts[i];
        long en = s + b.lengths[i];
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
      if (idx.longStarts[i] < qe && idx.longEnds[i] > qs) {
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
    Slot slot = slots.get(id);
    return slot != null && slot.state.availability != null;
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

  @Override
  public void upsert(Appointment appointment) {
    Checks.notNull(appointment, "appointment");
    if (!blocking[appointment.status().ordinal()]) {
      remove(appointment.id());
      return;
    }
    Stripe stripe = stripeOf(appointment.id());
    synchronized (stripe) {
      Appointment old = stripe.ids.put(appointment);
      if (old != null && old.clinicianId().equals(appointment.clinicianId())) {
        Slot slot = slot(appointment.clinicianId());
        synchronized (slot) {
          ClinicianState st = slot.state;
          IntervalIndex idx = st.appointments.replace(
              old.start().getEpochSecond(), ceilSeconds(old.end()), old,
              appointment.start().getEpochSecond(), ceilSeconds(appointment.end()), tag(appointment), appointment);
          slot.state = new ClinicianState(st.availability, idx, st.busy);
        }
        return;
      }
      if (old != null) {
        unindex(old);
      }
      Slot slot = slot(appointment.clinicianId());
      synchronized (slot) {
        ClinicianState st = slot.state;
        IntervalIndex idx = st.appointments
            .plus(appointment.start().getEpochSecond(), ceilSeconds(appointment.end()), tag(appointment), appointment);
        slot.state = new ClinicianState(st.availability, idx, st.busy);
      }
    }
  }

  private void unindex(Appointment old) {
    Slot slot = slot(old.clinicianId());
    synchronized (slot) {
      ClinicianState st = slot.state;
      IntervalIndex idx = st.appointments.minus(old.start().getEpochSecond(), ceilSeconds(old.end()), old);
      slot.state = new ClinicianState(st.availability, idx, st.busy);
    }
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
      Slot slot = slot(block.clinicianId());
      synchronized (slot) {
        ClinicianState st = slot.state;
        slot.state = new ClinicianState(st.availability, st.appointments, plusBusy(st.busy, block, st.availability));
      }
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
    Slot slot = slot(old.clinicianId());
    synchronized (slot) {
      ClinicianState st = slot.state;
      slot.state = new ClinicianState(st.availability, st.appointments, minusBusy(st.busy, old, st.availability));
    }
  }

  private static IntervalIndex plusBusy(IntervalIndex idx, BusyBlock b, @Nullable CompiledAvailability av) {
    long[] w = busyWindow(b, av);
    return idx.plus(w[0], w[1], b);
  }

  private static IntervalIndex minusBusy(IntervalIndex idx, BusyBlock b, @Nullable CompiledAvailability av) {
    long[] w = busyWindow(b, av);
    return idx.minus(w[0], w[1], b);
  }

  private static long[] busyWindow(BusyBlock b, @Nullable CompiledAvailability av) {
    TimeWindow w = av == null ? b.window() : b.windowIn(av.zone);
    return new long[] {w.start().getEpochSecond(), ceilSeconds(w.end())};
  }

  @Override
  public void updateClinician(Clinician clinician) {
    Checks.notNull(clinician, "clinician");
    CompiledAvailability av = new CompiledAvailability(clinician);
    Slot slot = slot(clinician.id());
    synchronized (slot) {
      ClinicianState st = slot.state;
      IntervalIndex busy = st.busy;
      CompiledAvailability before = st.availability;
      boolean zoneChanged = before == null ? true : !before.zone.equals(av.zone);
      if (zoneChanged && busy.size > 0) {
        IntervalIndex rebuilt = IntervalIndex.EMPTY;
        for (Object ref : busy.allRefs()) {
          rebuilt = plusBusy(rebuilt, (BusyBlock) ref, av);
        }
        busy = rebuilt;
      }
      slot.state = new ClinicianState(av, st.appointments, busy);
    }
  }

  private Slot slot(ClinicianId id) {
    Slot s = slots.get(id);
    return s != null ? s : slots.computeIfAbsent(id, k -> new Slot());
  }

  private Stripe stripeOf(AppointmentId id) {
    return stripes[IdTable.hash(id) >>> 26];
  }

  private static long ceilSeconds(Instant t) {
    return t.getNano() == 0 ? t.getEpochSecond() : t.getEpochSecond() + 1;
  }
}
