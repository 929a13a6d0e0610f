package dev.clinicsync.conflict.internal;

import dev.clinicsync.conflict.Conflict;
import dev.clinicsync.conflict.ConflictEngine;
import dev.clinicsync.conflict.ConflictIds;
import dev.clinicsync.conflict.ConflictKind;
import dev.clinicsync.conflict.ConflictReport;
import dev.clinicsync.conflict.FreeSlots;
import dev.clinicsync.conflict.SlotGrid;
import dev.clinicsync.conflict.Provenance;
import dev.clinicsync.conflict.ScanReport;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
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
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ConflictEngine} behind {@link ConflictEngine#builder()}.
 *
 * <p>State: per clinician one immutable {@link ClinicianState} (compiled availability and one
 * {@link IntervalIndex} holding the clinician's blocking appointments and busy blocks, told apart
 * by a tag bit), held directly as the value of a concurrent map. A reader does one map lookup and
 * works on that snapshot without locks: on a cold cache that is the week directory, one day's
 * starts in one week array, and the conflicting items themselves. Writers of a
 * clinician synchronise on the clinician's lock stripe, build the next state (copying one week
 * array and the clinician's small directory arrays) and publish it with a map write. The id and
 * busy-block tables that writers need are split into stripes, each guarded by its own lock, taken
 * before any clinician lock. Clinicians with equal zone and working hours share one compiled
 * availability ({@link SharedAvailabilities}).
 */
public final class IndexedConflictEngine implements ConflictEngine {
  private static final int STRIPES = 64;

  private final boolean[] blocking = new boolean[AppointmentStatus.values().length];
  private final Relation relation;
  private final ConcurrentHashMap<ClinicianId, ClinicianState> states = new ConcurrentHashMap<>();
  private final Object[] clinicianLocks = new Object[STRIPES];
  private final Stripe[] stripes = new Stripe[STRIPES];
  private final SharedAvailabilities availabilities = new SharedAvailabilities();
  private final SlotSearch slots;
  private final OccupancyWriter occupancy;

  public IndexedConflictEngine(Set<AppointmentStatus> blockingStatuses, Duration buffer, Duration duplicateTolerance) {
    Checks.notNull(blockingStatuses, "blocking statuses");
    for (AppointmentStatus s : blockingStatuses) {
      blocking[s.ordinal()] = true;
    }
    this.relation = new Relation(Checks.notNull(buffer, "buffer"), Checks.notNull(duplicateTolerance, "duplicate tolerance"));
    this.slots = new SlotSearch(relation);
    this.occupancy = new OccupancyWriter(relation);
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe();
      clinicianLocks[i] = new Object();
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
    long pe = Entries.ceilSeconds(proposal.end());
    // working hours first: their arrays are usually shared and cached, and on a cold clinician
    // their loads then overlap with the walk of the clinician's own (uncached) entries
    Hits out = null;
    ZoneTable zoneTable = st.zoneTable;
    CompiledAvailability av = st.availability;
    // both set or both null (ClinicianState derives the table from the availability)
    if (zoneTable != null && av != null) {
      if (!CompiledAvailability.covers(zoneTable, st.weekly, st.exceptionCount, av, ps, pe)) {
        LocalDate date = av.localDate(ps);
        out = Hits.add(out, new Conflict(ConflictKind.OUTSIDE_AVAILABILITY, proposal.window(),
            new Provenance.WorkingHours(av.zone, date, av.weeklyRangesOn(date))));
      }
      if (st.hasTimeOff) {
        out = timeOffConflicts(av, proposal, ps, pe, out);
      }
    }
    out = entryConflicts(st, proposal, ps, pe, out);
    if (out == null) {
      return ConflictReport.none(proposal.id());
    }
    return new ConflictReport(proposal.id(), out.sorted());
  }

  private @Nullable Hits entryConflicts(ClinicianState st, Appointment p, long ps, long pe, @Nullable Hits out) {
    long qs = ps - relation.reachSeconds;
    long qe = pe + relation.reachSeconds;
    int pTag = Entries.tag(p);
    // the fast path decides from primitives alone: whole-second times on both sides and no
    // buffer; with a patient on the proposal, only candidates close enough to be duplicates are
    // read in full (their patient and source), the rest are overlaps or nothing
    boolean fast = (pTag & Entries.EXACT) != 0 && !relation.hasBuffer();
    boolean withPatient = p.patient().isPresent();
    int[][] weeks = st.weeks;
    Object[][] refs = st.refs;
    long[] meta = st.meta;
    int first = st.firstBucketFrom(qs);
    int last = st.bucketsBefore(qe);
    for (int bi = first; bi < last; bi++) {
      long weekStart = st.weekStart(bi);
      // entries starting at or before this offset end by qs: every entry of a week before it is skipped unread
      long from = qs - IntervalIndex.maxLength(meta, bi) - weekStart;
      if (from >= IntervalIndex.WEEK) {
        continue;
      }
      int[] w = weeks[bi];
      int n = IntervalIndex.count(w);
      Object[] r = refs[bi];
      for (int i = IntervalIndex.upperBound(w, n, meta, bi, from); i < n; i++) {
        long start = weekStart + w[i];
        if (start >= qe) {
          break;
        }
        long end = start + w[n + i];
        if (end > qs) {
          out = relateEntry(p, pTag, fast, withPatient, ps, pe, start, end, w[2 * n + i], r[i], out);
        }
      }
    }
    if (st.longCount > 0) {
      IntervalIndex idx = st.entries;
      long[] ls = idx.longStarts;
      long[] le = idx.longEnds;
      for (int i = 0; i < ls.length; i++) {
        if (ls[i] < qe && le[i] > qs) {
          out = relateEntry(p, pTag, false, withPatient, ps, pe, ls[i], le[i], idx.longTags[i], idx.longRefs[i], out);
        }
      }
    }
    return out;
  }

  private @Nullable Hits relateEntry(Appointment p, int pTag, boolean fast, boolean withPatient, long ps, long pe,
      long start, long end, int tag, Object ref, @Nullable Hits out) {
    if ((tag & Entries.BUSY) != 0) {
      return start < pe && end > ps ? relateBusy(relation, p, (BusyBlock) ref, tag, start, end, out) : out;
    }
    Appointment other = (Appointment) ref;
    if (((tag ^ pTag) & ~Entries.EXACT) == 0 && other.id().equals(p.id())) {
      return out;
    }
    if (fast && (tag & Entries.EXACT) != 0) {
      if (withPatient && relation.mayBeDuplicate(ps, pe, start, end)) {
        return relate(p, other, out);
      }
      if (start >= pe || end <= ps) {
        return out;
      }
      // the window from the entry's primitives (exact here), not from the other appointment's
      // instants: on a cold cache those are two more misses, and two small allocations are cheaper
      return Hits.add(out, withOther(ConflictKind.OVERLAP, seconds(start, end), other));
    }
    return relate(p, other, out);
  }

  private @Nullable Hits relate(Appointment p, Appointment other, @Nullable Hits out) {
    if (other.id().equals(p.id())) {
      return out;
    }
    ConflictKind kind = relation.classify(p, other);
    if (kind == null) {
      return out;
    }
    return Hits.add(out, withOther(kind, other.window(), other));
  }

  /** A window from an entry's whole-second primitives. */
  private static TimeWindow seconds(long start, long end) {
    return new TimeWindow(Instant.ofEpochSecond(start), Instant.ofEpochSecond(end));
  }

  private static Conflict withOther(ConflictKind kind, TimeWindow window, Appointment other) {
    return new Conflict(kind, window, new Provenance.OtherAppointment(other.id(), other.source(), other.status()));
  }

  private static @Nullable Hits relateBusy(
      Relation relation, Appointment p, BusyBlock block, int tag, long start, long end, @Nullable Hits out) {
    TimeWindow w;
    if ((tag & Entries.EXACT) != 0) {
      // whole seconds (as all-day blocks, local midnights, always are): the primitives are the
      // indexed window and decide the overlap exactly, without reading the block's instants
      w = seconds(start, end);
    } else {
      w = block.window();
      if (!w.overlaps(p.start(), p.end())) {
        return out;
      }
    }
    // a copy of this very appointment (its source system's own calendar sync): one visit, linked
    ConflictKind kind = relation.isCopy(p, block, w) ? ConflictKind.DUPLICATE : ConflictKind.EXTERNAL_BUSY;
    return Hits.add(out, new Conflict(kind, w, new Provenance.ExternalBusy(block.source(), block.calendarId())));
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
  public ConflictIds conflictIds(Appointment subject, int limit) {
    Checks.notNull(subject, "conflict ids subject");
    if (limit < 0) {
      throw new ValidationException("conflict ids limit must not be negative: " + limit);
    }
    if (!blocking[subject.status().ordinal()]) {
      return ConflictIds.NONE;
    }
    ClinicianState st = states.get(subject.clinicianId());
    if (st == null) {
      return ConflictIds.NONE;
    }
    long qs = subject.start().getEpochSecond() - relation.reachSeconds;
    long qe = Entries.ceilSeconds(subject.end()) + relation.reachSeconds;
    IdCollector out = new IdCollector(subject, limit);
    // the same walk as entryConflicts, without its fast paths: it stops after limit + 1 matches
    int first = st.firstBucketFrom(qs);
    int last = st.bucketsBefore(qe);
    for (int bi = first; bi < last; bi++) {
      long weekStart = st.weekStart(bi);
      long from = qs - IntervalIndex.maxLength(st.meta, bi) - weekStart;
      if (from >= IntervalIndex.WEEK) {
        continue;
      }
      int[] w = st.weeks[bi];
      int n = IntervalIndex.count(w);
      Object[] r = st.refs[bi];
      for (int i = IntervalIndex.upperBound(w, n, st.meta, bi, from); i < n; i++) {
        long start = weekStart + w[i];
        if (start >= qe) {
          break;
        }
        if (start + w[n + i] > qs && !out.offer(w[2 * n + i], r[i])) {
          return out.result(false);
        }
      }
    }
    if (st.longCount > 0) {
      IntervalIndex idx = st.entries;
      for (int i = 0; i < idx.longStarts.length; i++) {
        if (idx.longStarts[i] < qe && idx.longEnds[i] > qs && !out.offer(idx.longTags[i], idx.longRefs[i])) {
          return out.result(false);
        }
      }
    }
    return out.result(true);
  }

  /** Collects the ids of a subject's OVERLAP and BUFFER partners, up to a limit. */
  private final class IdCollector {
    private final Appointment subject;
    private final int limit;
    private final List<AppointmentId> ids = new ArrayList<>();

    IdCollector(Appointment subject, int limit) {
      this.subject = subject;
      this.limit = limit;
    }

    /** Considers one candidate entry; false when it is one match too many. */
    boolean offer(int tag, Object ref) {
      if ((tag & Entries.BUSY) != 0) {
        return true;
      }
      Appointment other = (Appointment) ref;
      if (other.id().equals(subject.id())) {
        return true;
      }
      ConflictKind kind = relation.classify(subject, other);
      if (kind != ConflictKind.OVERLAP && kind != ConflictKind.BUFFER) {
        return true;
      }
      if (ids.size() == limit) {
        return false;
      }
      ids.add(other.id());
      return true;
    }

    ConflictIds result(boolean complete) {
      return ids.isEmpty() && complete ? ConflictIds.NONE : new ConflictIds(ids, complete);
    }
  }

  @Override
  public ScanReport scan(TimeWindow window) {
    return PairScan.scan(states, Checks.notNull(window, "scan window"), relation);
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

  // ---------------------------------------------------------------- availability search

  /** The longest window {@link #freeSlots} searches at once. */
  private static final long MAX_SEARCH_SECONDS = 366L * 86_400L;
  /**
   * {@link #nextFree} searches a day first, then spans doubling up to a week, so a near answer does
   * not pay for the whole horizon and a far one takes few steps.
   */
  private static final long NEXT_FREE_FIRST = 86_400L;
  private static final long NEXT_FREE_MAX = 7L * 86_400L;

  @Override
  public Optional<ZoneId> clinicianZone(ClinicianId clinician) {
    ClinicianState st = states.get(Checks.notNull(clinician, "clinician"));
    return st == null || st.availability == null ? Optional.empty() : Optional.of(st.availability.zone);
  }

  @Override
  public FreeSlots freeSlots(ClinicianId clinician, TimeWindow window, Duration duration, Duration step) {
    Checks.notNull(clinician, "clinician");
    Checks.notNull(window, "free slots window");
    long d = SlotGrid.validLength(duration, "slot duration");
    long st = SlotGrid.validLength(step, "slot step");
    long sLo = Entries.ceilSeconds(window.start());
    long sHi = searchEnd(window, d, sLo);
    ClinicianState state = stateOf(clinician);
    return FreeSlotsAccess.wrap(slots.freeStarts(state, sLo, sHi, d, st, Integer.MAX_VALUE), duration);
  }

  @Override
  public List<FreeSlots> freeSlots(List<ClinicianId> clinicians, TimeWindow window, Duration duration,
      Duration step) {
    Checks.notNull(clinicians, "clinicians");
    Checks.notNull(window, "free slots window");
    long d = SlotGrid.validLength(duration, "slot duration");
    long st = SlotGrid.validLength(step, "slot step");
    long sLo = Entries.ceilSeconds(window.start());
    long sHi = searchEnd(window, d, sLo);
    int n = clinicians.size();
    ClinicianState[] states = new ClinicianState[n];
    boolean[] covered = new boolean[n];
    // every lookup first, down to whether the bits cover the span: independent loads, so their
    // cache misses overlap instead of queueing one clinician after another
    for (int i = 0; i < n; i++) {
      ClinicianState state = stateOf(Checks.notNull(clinicians.get(i), "clinician"));
      states[i] = state;
      covered[i] = slots.covers(state, sLo, sHi, d);
    }
    FreeSlots[] out = new FreeSlots[n];
    for (int i = 0; i < n; i++) {
      out[i] = FreeSlotsAccess.wrap(slots.freeStarts(states[i], sLo, sHi, d, st, Integer.MAX_VALUE, covered[i]),
          duration);
    }
    return List.of(out);
  }

  /** The last start a search of {@code window} for slots of {@code d} seconds asks; the window's length checked. */
  private static long searchEnd(TimeWindow window, long d, long sLo) {
    long sHi = window.end().getEpochSecond() - d;
    if (sHi - sLo > MAX_SEARCH_SECONDS) {
      throw new ValidationException("free slots window must be at most 366 days long");
    }
    return sHi;
  }

  @Override
  public Optional<TimeWindow> nextFree(ClinicianId clinician, Instant from, Duration duration, Duration step,
      Duration horizon) {
    Checks.notNull(clinician, "clinician");
    TimeWindow span = SlotGrid.searchSpan(from, duration, horizon);
    long d = SlotGrid.validLength(duration, "slot duration");
    long st = SlotGrid.validLength(step, "slot step");
    long sLo = Entries.ceilSeconds(span.start());
    long sHi = span.end().getEpochSecond() - d;
    ClinicianState state = stateOf(clinician); // one snapshot for the whole search
    long chunk = NEXT_FREE_FIRST;
    for (long lo = sLo; lo <= sHi; lo += chunk, chunk = Math.min(NEXT_FREE_MAX, chunk * 2)) {
      long[] found = slots.freeStarts(state, lo, Math.min(sHi, lo + chunk - 1), d, st, 1);
      if (found.length > 0) {
        return Optional.of(new TimeWindow(Instant.ofEpochSecond(found[0]), Instant.ofEpochSecond(found[0] + d)));
      }
    }
    return Optional.empty();
  }

  @Override
  public boolean isFree(ClinicianId clinician, TimeWindow window) {
    Checks.notNull(clinician, "clinician");
    Checks.notNull(window, "window");
    Instant start = window.start();
    Instant end = window.end();
    return slots.isFree(stateOf(clinician), start.getEpochSecond(), start.getNano(), end.getEpochSecond(), end.getNano());
  }

  private ClinicianState stateOf(ClinicianId clinician) {
    ClinicianState st = states.get(clinician);
    return st == null ? ClinicianState.EMPTY : st;
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
    long end = Entries.ceilSeconds(appointment.end());
    int tag = Entries.tag(appointment);
    synchronized (stripe) {
      Appointment old = stripe.ids.put(appointment);
      if (old != null && old.clinicianId().equals(appointment.clinicianId())) {
        long oldStart = old.start().getEpochSecond();
        long oldEnd = Entries.ceilSeconds(old.end());
        change(appointment.clinicianId(), st -> {
          IntervalIndex next = st.entries.replace(oldStart, oldEnd, old, start, end, tag, appointment);
          return st.withEntries(next, st.busyCount, occupancy.refresh(st.occupancy, next, oldStart, oldEnd, start, end));
        });
        return;
      }
      if (old != null) {
        unindex(old);
      }
      change(appointment.clinicianId(), st -> {
        IntervalIndex next = st.entries.plus(start, end, tag, appointment);
        return st.withEntries(next, st.busyCount, occupancy.refresh(st.occupancy, next, start, end));
      });
    }
  }

  @Override
  public void apply(Collection<Appointment> upserts, Collection<AppointmentId> removals) {
    Checks.notNull(upserts, "upserts");
    Checks.notNull(removals, "removals");
    if (upserts.size() + removals.size() <= 1) {
      removals.forEach(this::remove);
      upserts.forEach(this::upsert);
      return;
    }
    boolean[] touched = new boolean[STRIPES];
    for (AppointmentId id : removals) {
      touched[IdTable.hash(Checks.notNull(id, "appointment id")) >>> 26] = true;
    }
    for (Appointment a : upserts) {
      touched[IdTable.hash(Checks.notNull(a, "appointment").id()) >>> 26] = true;
    }
    int[] order = new int[STRIPES];
    int n = 0;
    for (int i = 0; i < STRIPES; i++) {
      if (touched[i]) {
        order[n++] = i;
      }
    }
    // every stripe first, in index order (as single writers take one), then each clinician once
    withStripes(order, n, 0, () -> applyLocked(upserts, removals));
  }

  private void withStripes(int[] order, int n, int k, Runnable body) {
    if (k == n) {
      body.run();
      return;
    }
    synchronized (stripes[order[k]]) {
      withStripes(order, n, k + 1, body);
    }
  }

  private void applyLocked(Collection<Appointment> upserts, Collection<AppointmentId> removals) {
    Map<ClinicianId, IntervalIndex.Batch> batches = new HashMap<>();
    for (AppointmentId id : removals) {
      Appointment old = stripeOf(id).ids.remove(id);
      if (old != null) {
        batchRemove(batches, old);
      }
    }
    for (Appointment a : upserts) {
      Stripe stripe = stripeOf(a.id());
      if (!blocking[a.status().ordinal()]) {
        Appointment old = stripe.ids.remove(a.id());
        if (old != null) {
          batchRemove(batches, old);
        }
        continue;
      }
      Appointment old = stripe.ids.put(a);
      if (old != null) {
        batchRemove(batches, old);
      }
      batches.computeIfAbsent(a.clinicianId(), c -> new IntervalIndex.Batch())
          .add(a.start().getEpochSecond(), Entries.ceilSeconds(a.end()), Entries.tag(a), a);
    }
    for (Map.Entry<ClinicianId, IntervalIndex.Batch> e : batches.entrySet()) {
      IntervalIndex.Batch batch = e.getValue();
      change(e.getKey(), st -> {
        IntervalIndex next = st.entries.bulk(batch);
        return st.withEntries(next, st.busyCount, occupancy.refresh(st.occupancy, next, batch.spans()));
      });
    }
  }

  private static void batchRemove(Map<ClinicianId, IntervalIndex.Batch> batches, Appointment old) {
    batches.computeIfAbsent(old.clinicianId(), c -> new IntervalIndex.Batch())
        .remove(old.start().getEpochSecond(), Entries.ceilSeconds(old.end()), old);
  }

  private void unindex(Appointment old) {
    long start = old.start().getEpochSecond();
    long end = Entries.ceilSeconds(old.end());
    change(old.clinicianId(), st -> {
      IntervalIndex next = st.entries.minus(start, end, old);
      return st.withEntries(next, st.busyCount, occupancy.refresh(st.occupancy, next, start, end));
    });
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
      change(block.clinicianId(), st -> {
        TimeWindow w = busyWindow(block, st.availability);
        IntervalIndex next = plusBusy(st.entries, block, st.availability);
        return st.withEntries(next, st.busyCount + 1, occupancy.refresh(st.occupancy, next,
            w.start().getEpochSecond(), Entries.ceilSeconds(w.end())));
      });
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
      TimeWindow w = busyWindow(old, st.availability);
      return st.withEntries(entries, st.busyCount - (entries == st.entries ? 0 : 1), occupancy.refresh(st.occupancy,
          entries, w.start().getEpochSecond(), Entries.ceilSeconds(w.end())));
    });
  }

  private static IntervalIndex plusBusy(IntervalIndex idx, BusyBlock b, @Nullable CompiledAvailability av) {
    TimeWindow w = busyWindow(b, av);
    return idx.plus(w.start().getEpochSecond(), Entries.ceilSeconds(w.end()), Entries.busyTag(w), b);
  }

  private static IntervalIndex minusBusy(IntervalIndex idx, BusyBlock b, @Nullable CompiledAvailability av) {
    TimeWindow w = busyWindow(b, av);
    return idx.minus(w.start().getEpochSecond(), Entries.ceilSeconds(w.end()), b);
  }

  /** Where a busy block is indexed: all-day blocks cover the local days in the clinician's zone. */
  private static TimeWindow busyWindow(BusyBlock b, @Nullable CompiledAvailability av) {
    return av == null ? b.window() : b.windowIn(av.zone);
  }

  @Override
  public void updateClinician(Clinician clinician) {
    Checks.notNull(clinician, "clinician");
    CompiledAvailability av = availabilities.of(clinician);
    change(clinician.id(), st -> {
      IntervalIndex entries = st.entries;
      Occupancy bits = st.occupancy;
      CompiledAvailability before = st.availability;
      boolean zoneChanged = before == null || !before.zone.equals(av.zone);
      if (zoneChanged && st.busyCount > 0) {
        // all-day blocks cover other instants in another zone: index them again
        for (Object ref : entries.allRefs()) {
          if (ref instanceof BusyBlock b) {
            entries = plusBusy(minusBusy(entries, b, before), b, av);
            TimeWindow was = busyWindow(b, before);
            TimeWindow now = busyWindow(b, av);
            bits = occupancy.refresh(bits, entries, was.start().getEpochSecond(), Entries.ceilSeconds(was.end()),
                now.start().getEpochSecond(), Entries.ceilSeconds(now.end()));
          }
        }
      }
      return new ClinicianState(av, entries, st.busyCount, bits);
    });
  }

  private Stripe stripeOf(AppointmentId id) {
    return stripes[IdTable.hash(id) >>> 26];
  }
}
