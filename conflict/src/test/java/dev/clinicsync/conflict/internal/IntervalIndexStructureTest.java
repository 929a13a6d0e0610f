package dev.clinicsync.conflict.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * White-box specification of {@link IntervalIndex}'s layout (issue #22). The conflict engine's
 * lookups trust the layout without re-checking it — they find a week by subtraction while the
 * directory is dense, skip a week's early entries by its longest length, start in the day the day
 * index names, and scan only the side list for intervals longer than a day — so a write path that
 * leaves the layout inconsistent is a missed conflict, even where today's behaviour tests happen
 * not to look. Every write here is checked against a plain list model and against every layout
 * invariant the class documents.
 */
@DisplayName("The interval index's layout")
class IntervalIndexStructureTest {
  private static final long DAY = 86_400L;
  private static final long WEEK = IntervalIndex.WEEK;

  /** One entry as the model holds it. */
  record Entry(long start, long end, int tag, Object ref) {}

  /** The model: the entries an index must hold, by reference. */
  static final class Model {
    final Map<Object, Entry> entries = new IdentityHashMap<>();

    void add(Entry e) {
      entries.put(e.ref(), e);
    }

    void remove(Object ref) {
      entries.remove(ref);
    }
  }

  // ---------------------------------------------------------------- the invariants

  /** Asserts every documented invariant of {@code idx}, and that it holds exactly the model's entries. */
  static void assertConsistent(IntervalIndex idx, Model model) {
    int buckets = idx.keys.length;
    assertThat(idx.weeks.length).as("one week array per key").isEqualTo(buckets);
    assertThat(idx.refs.length).as("one reference array per key").isEqualTo(buckets);
    assertThat(idx.meta).as("two meta longs per key").hasSize(2 * buckets);
    for (int i = 1; i < buckets; i++) {
      assertThat(idx.keys[i]).as("keys strictly ascending").isGreaterThan(idx.keys[i - 1]);
    }
    assertThat(idx.firstKey).as("firstKey").isEqualTo(buckets == 0 ? 0 : idx.keys[0]);
    assertThat(idx.dense).as("dense means the keys run without gaps")
        .isEqualTo(buckets == 0 || idx.keys[buckets - 1] - idx.keys[0] == buckets - 1);
    if (buckets > 0) {
      assertThat(idx.refs[0]).as("no empty week at the start of the directory").isNotEmpty();
      assertThat(idx.refs[buckets - 1]).as("no empty week at the end of the directory").isNotEmpty();
    }
    Map<Object, Entry> found = new IdentityHashMap<>();
    for (int bi = 0; bi < buckets; bi++) {
      int[] w = idx.weeks[bi];
      Object[] r = idx.refs[bi];
      int n = r.length;
      assertThat(w).as("week %d holds three runs of its %d entries", bi, n).hasSize(3 * n);
      assertThat(IntervalIndex.count(w)).isEqualTo(n);
      long weekStart = idx.keys[bi] * WEEK;
      int max = 0;
      for (int i = 0; i < n; i++) {
        assertThat((long) w[i]).as("start offset within its week").isBetween(0L, WEEK - 1);
        if (i > 0) {
          assertThat(w[i]).as("week %d sorted by start", bi).isGreaterThanOrEqualTo(w[i - 1]);
        }
        assertThat((long) w[n + i]).as("a week holds intervals of at most a day").isBetween(0L, IntervalIndex.SHORT);
        max = Math.max(max, w[n + i]);
        long start = weekStart + w[i];
        Entry e = new Entry(start, start + w[n + i], w[2 * n + i], r[i]);
        assertThat(found.put(r[i], e)).as("each reference once").isNull();
      }
      assertThat(IntervalIndex.maxLength(idx.meta, bi)).as("week %d's longest length", bi).isEqualTo(max);
      // the day index (or the whole-week search) must find exactly what a linear scan finds
      for (long offset : probes(w, n)) {
        assertThat(IntervalIndex.upperBound(w, n, idx.meta, bi, offset))
            .as("week %d: first entry starting after offset %d", bi, offset)
            .isEqualTo(linearUpperBound(w, n, offset));
      }
    }
    int longs = idx.longStarts.length;
    assertThat(idx.longEnds).hasSize(longs);
    assertThat(idx.longTags).hasSize(longs);
    assertThat(idx.longRefs).hasSize(longs);
    for (int i = 0; i < longs; i++) {
      assertThat(idx.longEnds[i] - idx.longStarts[i]).as("the side list holds intervals longer than a day")
          .isGreaterThan(IntervalIndex.SHORT);
      Entry e = new Entry(idx.longStarts[i], idx.longEnds[i], idx.longTags[i], idx.longRefs[i]);
      assertThat(found.put(idx.longRefs[i], e)).as("each reference once").isNull();
    }
    assertThat(idx.size).as("size counts every entry").isEqualTo(found.size());
    assertThat(found.size()).as("the index holds as many entries as the model").isEqualTo(model.entries.size());
    for (Map.Entry<Object, Entry> e : model.entries.entrySet()) {
      assertThat(found.get(e.getKey())).as("the index holds the model's entry (IdentityHashMap compares values by identity)")
          .isEqualTo(e.getValue());
    }
    Object[] all = idx.allRefs();
    Map<Object, Boolean> listed = new IdentityHashMap<>();
    for (Object r : all) {
      listed.put(r, Boolean.TRUE);
    }
    assertThat(all).as("allRefs lists every reference once").hasSize(found.size());
    assertThat(listed.keySet()).as("allRefs lists every reference").isEqualTo(found.keySet());
  }

  /** Offsets worth probing: every day boundary and its neighbours, each start and its neighbours, both week ends. */
  private static List<Long> probes(int[] w, int n) {
    List<Long> out = new ArrayList<>(List.of(-5L, -1L, 0L, WEEK - 1, WEEK, WEEK + 3));
    for (long d = 1; d <= 6; d++) {
      out.add(d * DAY - 1);
      out.add(d * DAY);
      out.add(d * DAY + 1);
    }
    for (int i = 0; i < n && i < 64; i++) {
      out.add((long) w[i] - 1);
      out.add((long) w[i]);
      out.add((long) w[i] + 1);
    }
    return out;
  }

  private static int linearUpperBound(int[] w, int n, long offset) {
    int k = 0;
    while (k < n && w[k] <= offset) {
      k++;
    }
    return k;
  }

  // ---------------------------------------------------------------- the tests

  @Test
  @DisplayName("an interval of exactly one day lives in its week; one second longer lives in the side list")
  void shortBoundary() {
    Model model = new Model();
    Object day = new Object();
    Object longer = new Object();
    IntervalIndex idx = IntervalIndex.EMPTY.plus(10 * WEEK + DAY, 10 * WEEK + 2 * DAY, 4, day)
        .plus(10 * WEEK, 10 * WEEK + DAY + 1, 8, longer);
    model.add(new Entry(10 * WEEK + DAY, 10 * WEEK + 2 * DAY, 4, day));
    model.add(new Entry(10 * WEEK, 10 * WEEK + DAY + 1, 8, longer));
    assertConsistent(idx, model);
    assertThat(idx.longRefs).containsExactly(longer);
    assertThat(idx.refs.length).isEqualTo(1);
    assertThat(idx.refs[0]).containsExactly(day);
  }

  @Test
  @DisplayName("removing a long interval leaves its neighbours in the side list whole: start, end, tag and reference")
  void longRemovalKeepsNeighbours() {
    Model model = new Model();
    IntervalIndex idx = IntervalIndex.EMPTY;
    Object[] refs = new Object[4];
    for (int i = 0; i < 4; i++) {
      refs[i] = new Object();
      Entry e = new Entry(3 * WEEK + i * DAY, 3 * WEEK + i * DAY + (3 + i) * DAY, 100 + i, refs[i]);
      idx = idx.plus(e.start(), e.end(), e.tag(), e.ref());
      model.add(e);
    }
    for (int gone : new int[] {1, 0, 2}) { // a middle one, the first, then the (new) last
      Entry e = model.entries.get(refs[gone]);
      idx = idx.minus(e.start(), e.end(), e.ref());
      model.remove(refs[gone]);
      assertConsistent(idx, model);
    }
    assertThat(idx.longRefs).containsExactly(refs[3]);
  }

  @Test
  @DisplayName("removing a short interval leaves the others of its week whole, and an emptied end week leaves the directory")
  void shortRemovalKeepsNeighbours() {
    Model model = new Model();
    IntervalIndex idx = IntervalIndex.EMPTY;
    List<Object> refs = new ArrayList<>();
    long[] starts = {5 * WEEK + 3600, 5 * WEEK + DAY, 5 * WEEK + DAY, 5 * WEEK + 3 * DAY + 60, 7 * WEEK + 10, 9 * WEEK};
    for (int i = 0; i < starts.length; i++) {
      Object ref = new Object();
      refs.add(ref);
      Entry e = new Entry(starts[i], starts[i] + 1800 * (i + 1), 7 * i, ref);
      idx = idx.plus(e.start(), e.end(), e.tag(), ref);
      model.add(e);
    }
    assertConsistent(idx, model);
    assertThat(idx.keys).as("the empty weeks between are kept").containsExactly(5, 6, 7, 8, 9);
    for (int gone : new int[] {2, 4, 5, 0, 1, 3}) {
      Entry e = model.entries.get(refs.get(gone));
      IntervalIndex next = idx.minus(e.start(), e.end(), e.ref());
      model.remove(e.ref());
      assertConsistent(next, model);
      idx = next;
    }
    assertThat(idx.keys).isEmpty();
    assertThat(idx.size).isZero();
  }

  @Test
  @DisplayName("removing what is not there (another reference at the same start, or another start) changes nothing")
  void absentRemovals() {
    Model model = new Model();
    Object a = new Object();
    Object longOne = new Object();
    IntervalIndex idx = IntervalIndex.EMPTY.plus(WEEK + 100, WEEK + 200, 1, a).plus(WEEK, WEEK + 3 * DAY, 2, longOne);
    model.add(new Entry(WEEK + 100, WEEK + 200, 1, a));
    model.add(new Entry(WEEK, WEEK + 3 * DAY, 2, longOne));
    assertThat(idx.minus(WEEK + 100, WEEK + 200, new Object())).isSameAs(idx);
    assertThat(idx.minus(WEEK + 101, WEEK + 200, a)).isSameAs(idx);
    assertThat(idx.minus(40 * WEEK, 40 * WEEK + 5, a)).isSameAs(idx);
    assertThat(idx.minus(WEEK, WEEK + 3 * DAY, new Object())).isSameAs(idx);
    assertConsistent(idx, model);
  }

  @Test
  @DisplayName("a week far from the others is inserted in key order and the directory is no longer dense")
  void sparseDirectory() {
    Model model = new Model();
    IntervalIndex idx = IntervalIndex.EMPTY;
    long[] weeks = {100, 40, 200, 101, 70, 0, -30};
    for (long k : weeks) {
      Object ref = new Object();
      Entry e = new Entry(k * WEEK + 2 * DAY, k * WEEK + 2 * DAY + 600, (int) k, ref);
      idx = idx.plus(e.start(), e.end(), e.tag(), ref);
      model.add(e);
      assertConsistent(idx, model);
    }
    assertThat(idx.dense).isFalse();
    assertThat(idx.keys).startsWith(-30, 0).endsWith(200);
  }

  @Test
  @DisplayName("a week within 26 weeks before or after the range joins it densely, with empty weeks between")
  void denseJoinAtTheGapLimit() {
    Model model = new Model();
    Object mid = new Object();
    IntervalIndex idx = IntervalIndex.EMPTY.plus(50 * WEEK, 50 * WEEK + 60, 0, mid);
    model.add(new Entry(50 * WEEK, 50 * WEEK + 60, 0, mid));
    Object before = new Object();
    idx = idx.plus(24 * WEEK + 5, 24 * WEEK + 65, 1, before); // 26 weeks before
    model.add(new Entry(24 * WEEK + 5, 24 * WEEK + 65, 1, before));
    assertConsistent(idx, model);
    assertThat(idx.dense).isTrue();
    assertThat(idx.keys).hasSize(27);
    Object after = new Object();
    idx = idx.plus(76 * WEEK + 5, 76 * WEEK + 65, 2, after); // 26 weeks after
    model.add(new Entry(76 * WEEK + 5, 76 * WEEK + 65, 2, after));
    assertConsistent(idx, model);
    assertThat(idx.dense).isTrue();
    assertThat(idx.keys).hasSize(53);
    Object far = new Object();
    idx = idx.plus(103 * WEEK, 103 * WEEK + 1, 3, far); // 27 weeks after
    model.add(new Entry(103 * WEEK, 103 * WEEK + 1, 3, far));
    assertConsistent(idx, model);
    assertThat(idx.dense).isFalse();
    assertThat(idx.keys).hasSize(54);
    Object farBefore = new Object();
    IntervalIndex fromMid = IntervalIndex.EMPTY.plus(50 * WEEK, 50 * WEEK + 60, 0, mid).plus(23 * WEEK, 23 * WEEK + 1, 4, farBefore);
    assertThat(fromMid.keys).as("27 weeks before: inserted, not joined").containsExactly(23, 50);
  }

  @Test
  @DisplayName("a move within its week keeps the week sorted, whichever way it goes and over entries of equal start")
  void movesWithinAWeek() {
    Model model = new Model();
    IntervalIndex idx = IntervalIndex.EMPTY;
    List<Object> refs = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Object ref = new Object();
      refs.add(ref);
      long start = 12 * WEEK + (i / 2) * DAY + 3600; // pairs with equal starts
      idx = idx.plus(start, start + 900, i, ref);
      model.add(new Entry(start, start + 900, i, ref));
    }
    SplittableRandom random = new SplittableRandom(22);
    for (int step = 0; step < 60; step++) {
      Object ref = refs.get(random.nextInt(refs.size()));
      Entry old = model.entries.get(ref);
      long start = 12 * WEEK + random.nextInt(7) * DAY + (random.nextBoolean() ? 3600 : random.nextInt((int) DAY));
      Object next = random.nextBoolean() ? ref : new Object();
      int tag = random.nextInt();
      long length = 1 + random.nextInt(7200);
      idx = idx.replace(old.start(), old.end(), ref, start, start + length, tag, next);
      model.remove(ref);
      model.add(new Entry(start, start + length, tag, next));
      refs.set(refs.indexOf(ref), next);
      assertConsistent(idx, model);
    }
  }

  @Test
  @DisplayName("a move within its day shares the day index with the index before it; a move across midnight or to a new longest length gets its own, and the index before keeps its values")
  void moveSharesDayIndexOnlyWhenUnchanged() {
    Model model = new Model();
    IntervalIndex idx = IntervalIndex.EMPTY;
    Object a = new Object();
    Object b = new Object();
    long monday = 20 * WEEK + 4 * DAY;
    idx = idx.plus(monday + 9 * 3600, monday + 9 * 3600 + 3000, 1, a);
    idx = idx.plus(monday + 14 * 3600, monday + 14 * 3600 + 3000, 2, b);
    idx = idx.plus(21 * WEEK + 3600, 21 * WEEK + 7200, 3, new Object()); // a second week: meta has four longs
    model.entries.clear();
    IntervalIndex before = idx;
    long[] metaBefore = before.meta.clone();

    IntervalIndex within = before.replace(monday + 9 * 3600, monday + 9 * 3600 + 3000, a,
        monday + 9 * 3600 + 300, monday + 9 * 3600 + 3300, 1, a);
    assertThat(within.meta).as("five minutes later, same day, same longest length: shared").isSameAs(before.meta);
    assertThat(within.weeks).as("the week directory is still copied").isNotSameAs(before.weeks);
    assertThat(within.weeks[0]).isNotSameAs(before.weeks[0]);

    IntervalIndex acrossMidnight = within.replace(monday + 9 * 3600 + 300, monday + 9 * 3600 + 3300, a,
        monday - 3600, monday - 600, 1, a);
    assertThat(acrossMidnight.meta).as("moved to the day before: the day positions change").isNotSameAs(within.meta);
    IntervalIndex longer = within.replace(monday + 9 * 3600 + 300, monday + 9 * 3600 + 3300, a,
        monday + 9 * 3600 + 300, monday + 9 * 3600 + 9000, 1, a);
    assertThat(longer.meta).as("a new longest length").isNotSameAs(within.meta);
    assertThat(IntervalIndex.maxLength(longer.meta, 0)).isEqualTo(8700);
    assertThat(before.meta).as("the published index's day index is never written").containsExactly(metaBefore);

    for (IntervalIndex each : List.of(within, acrossMidnight, longer)) {
      Model m = new Model();
      for (int bi = 0; bi < each.keys.length; bi++) {
        int[] w = each.weeks[bi];
        int n = each.refs[bi].length;
        for (int i = 0; i < n; i++) {
          long start = each.keys[bi] * WEEK + w[i];
          m.add(new Entry(start, start + w[n + i], w[2 * n + i], each.refs[bi][i]));
        }
      }
      assertConsistent(each, m);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 7, 22, 1234, 987_654_321})
  @DisplayName("any sequence of adds, removals, moves and batches leaves a consistent index holding exactly its entries")
  void randomWrites(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Model model = new Model();
    IntervalIndex idx = IntervalIndex.EMPTY;
    List<Object> live = new ArrayList<>();
    for (int step = 0; step < 300; step++) {
      int op = random.nextInt(10);
      if (op < 4 || live.isEmpty()) {
        Entry e = randomEntry(random, new Object());
        idx = idx.plus(e.start(), e.end(), e.tag(), e.ref());
        model.add(e);
        live.add(e.ref());
      } else if (op < 6) {
        Object ref = live.remove(random.nextInt(live.size()));
        Entry e = model.entries.get(ref);
        idx = idx.minus(e.start(), e.end(), ref);
        model.remove(ref);
      } else if (op < 8) {
        int at = random.nextInt(live.size());
        Object ref = live.get(at);
        Entry old = model.entries.get(ref);
        Entry e = random.nextInt(3) == 0 ? randomEntry(random, new Object()) : nearby(random, old, new Object());
        idx = idx.replace(old.start(), old.end(), ref, e.start(), e.end(), e.tag(), e.ref());
        model.remove(ref);
        model.add(e);
        live.set(at, e.ref());
      } else {
        idx = randomBatch(random, idx, model, live);
      }
      assertConsistent(idx, model);
    }
  }

  /** A random entry: short or long, around week and day boundaries, over a span that is sometimes sparse. */
  private static Entry randomEntry(SplittableRandom random, Object ref) {
    long week = random.nextInt(4) == 0 ? -3 + random.nextInt(90) : 20 + random.nextInt(6);
    long offset = switch (random.nextInt(5)) {
      case 0 -> random.nextInt(7) * DAY; // a day boundary
      case 1 -> random.nextInt(7) * DAY - 1 + (random.nextBoolean() ? 0 : 2);
      case 2 -> WEEK - 1 - random.nextInt(3);
      default -> random.nextLong(WEEK);
    };
    offset = Math.floorMod(offset, WEEK);
    long length = switch (random.nextInt(6)) {
      case 0 -> IntervalIndex.SHORT;
      case 1 -> IntervalIndex.SHORT + 1;
      case 2 -> DAY + random.nextLong(20 * DAY);
      default -> 1 + random.nextLong(4 * 3600);
    };
    long start = week * WEEK + offset;
    return new Entry(start, start + length, random.nextInt(), ref);
  }

  /** The same entry moved a little (the usual reschedule: same week, same length class). */
  private static Entry nearby(SplittableRandom random, Entry old, Object ref) {
    long shift = random.nextLong(-2 * 3600, 2 * 3600 + 1);
    return new Entry(old.start() + shift, old.end() + shift, random.nextInt(), ref);
  }

  private static IntervalIndex randomBatch(SplittableRandom random, IntervalIndex idx, Model model, List<Object> live) {
    IntervalIndex.Batch batch = new IntervalIndex.Batch();
    int removals = live.isEmpty() ? 0 : random.nextInt(Math.min(live.size(), 6) + 1);
    for (int i = 0; i < removals; i++) {
      Object ref = live.remove(random.nextInt(live.size()));
      Entry e = model.entries.get(ref);
      batch.remove(e.start(), e.end(), ref);
      model.remove(ref);
    }
    int additions = random.nextInt(8);
    for (int i = 0; i < additions; i++) {
      Entry e = randomEntry(random, new Object());
      batch.add(e.start(), e.end(), e.tag(), e.ref());
      if (random.nextInt(4) == 0) {
        batch.remove(e.start(), e.end(), e.ref()); // added and removed in one batch: never indexed
      } else {
        model.add(e);
        live.add(e.ref());
      }
    }
    if (random.nextInt(4) == 0) {
      Entry ghost = randomEntry(random, new Object());
      batch.remove(ghost.start(), ghost.end(), ghost.ref()); // never indexed: nothing to remove
    }
    return idx.bulk(batch);
  }

  @Nested
  @DisplayName("A batch")
  class Batches {
    @Test
    @DisplayName("that adds and then removes the same reference indexes nothing, and an empty batch is the same index")
    void cancelled() {
      IntervalIndex idx = IntervalIndex.EMPTY.plus(WEEK, WEEK + 60, 1, new Object());
      IntervalIndex.Batch batch = new IntervalIndex.Batch();
      assertThat(batch.isEmpty()).isTrue();
      assertThat(idx.bulk(batch)).isSameAs(idx);
      Object ref = new Object();
      batch.add(2 * WEEK, 2 * WEEK + 60, 2, ref);
      assertThat(batch.isEmpty()).isFalse();
      batch.remove(2 * WEEK, 2 * WEEK + 60, ref);
      assertThat(batch.isEmpty()).isTrue();
      assertThat(idx.bulk(batch)).isSameAs(idx);
    }

    @Test
    @DisplayName("of only long intervals, or of only removals of entries never indexed, keeps the size right")
    void longOnlyAndGhosts() {
      Model model = new Model();
      Object a = new Object();
      Object b = new Object();
      IntervalIndex.Batch batch = new IntervalIndex.Batch();
      batch.add(0, 3 * DAY, 1, a);
      batch.add(DAY, 5 * DAY, 2, b);
      IntervalIndex idx = IntervalIndex.EMPTY.bulk(batch);
      model.add(new Entry(0, 3 * DAY, 1, a));
      model.add(new Entry(DAY, 5 * DAY, 2, b));
      assertConsistent(idx, model);
      IntervalIndex.Batch remove = new IntervalIndex.Batch();
      remove.remove(0, 3 * DAY, a);
      idx = idx.bulk(remove);
      model.remove(a);
      assertConsistent(idx, model);
      IntervalIndex.Batch ghosts = new IntervalIndex.Batch();
      ghosts.remove(9 * WEEK, 9 * WEEK + 60, new Object());
      ghosts.remove(0, 3 * DAY, new Object());
      assertConsistent(idx.bulk(ghosts), model);
    }

    @Test
    @DisplayName("that empties every week leaves an empty directory")
    void emptiesEverything() {
      Model model = new Model();
      IntervalIndex idx = IntervalIndex.EMPTY;
      IntervalIndex.Batch batch = new IntervalIndex.Batch();
      for (int i = 0; i < 5; i++) {
        Object ref = new Object();
        long start = (30 + 3 * i) * WEEK + i * DAY;
        idx = idx.plus(start, start + 60, i, ref);
        batch.remove(start, start + 60, ref);
      }
      idx = idx.bulk(batch);
      assertConsistent(idx, model);
      assertThat(idx.keys).isEmpty();
    }

    @Test
    @DisplayName("that trims empty weeks at both ends keeps the inner empty weeks and the entries between")
    void trimsBothEnds() {
      Model model = new Model();
      IntervalIndex idx = IntervalIndex.EMPTY;
      Object first = new Object();
      Object inner = new Object();
      Object last = new Object();
      idx = idx.plus(10 * WEEK, 10 * WEEK + 60, 1, first).plus(14 * WEEK + 5, 14 * WEEK + 65, 2, inner)
          .plus(18 * WEEK, 18 * WEEK + 60, 3, last);
      IntervalIndex.Batch batch = new IntervalIndex.Batch();
      batch.remove(10 * WEEK, 10 * WEEK + 60, first);
      batch.remove(18 * WEEK, 18 * WEEK + 60, last);
      idx = idx.bulk(batch);
      model.add(new Entry(14 * WEEK + 5, 14 * WEEK + 65, 2, inner));
      assertConsistent(idx, model);
      assertThat(idx.keys).containsExactly(14);
    }

    @Test
    @DisplayName("adds after entries of equal start, in the order given, like single adds")
    void stableOrder() {
      Object[] refs = new Object[5];
      IntervalIndex one = IntervalIndex.EMPTY;
      IntervalIndex.Batch batch = new IntervalIndex.Batch();
      Object existing = new Object();
      one = one.plus(2 * WEEK + 500, 2 * WEEK + 560, 9, existing);
      IntervalIndex bulk = one;
      for (int i = 0; i < refs.length; i++) {
        refs[i] = new Object();
        long start = 2 * WEEK + (i % 2 == 0 ? 500 : 100);
        one = one.plus(start, start + 60 + i, i, refs[i]);
        batch.add(start, start + 60 + i, i, refs[i]);
      }
      bulk = bulk.bulk(batch);
      assertThat(bulk.refs[0]).containsExactly(one.refs[0]);
      assertThat(bulk.weeks[0]).containsExactly(one.weeks[0]);
      assertThat(bulk.meta).containsExactly(one.meta);
    }
  }

  @Test
  @DisplayName("a week of more than 65,535 entries has no day index and is searched whole, finding the same entries")
  void hugeWeek() {
    IntervalIndex.Batch batch = new IntervalIndex.Batch();
    SplittableRandom random = new SplittableRandom(65_536);
    int count = 0x10000 + 10;
    for (int i = 0; i < count; i++) {
      long start = 4 * WEEK + random.nextLong(WEEK);
      batch.add(start, start + 60, i, new Object());
    }
    IntervalIndex idx = IntervalIndex.EMPTY.bulk(batch);
    assertThat(idx.size).isEqualTo(count);
    assertThat(idx.meta[0]).as("no day index").isEqualTo(-1L);
    int[] w = idx.weeks[0];
    for (long offset : probes(w, count)) {
      assertThat(IntervalIndex.upperBound(w, count, idx.meta, 0, offset)).as("offset %d", offset)
          .isEqualTo(linearUpperBound(w, count, offset));
    }
    IntervalIndex.Batch small = new IntervalIndex.Batch();
    for (int i = 0; i < 0xFFFF; i++) {
      small.add(6 * WEEK + 9L * i, 6 * WEEK + 9L * i + 60, i, new Object());
    }
    IntervalIndex exact = IntervalIndex.EMPTY.bulk(small);
    assertThat(exact.meta[0]).as("65,535 entries still have a day index").isNotEqualTo(-1L);
    int[] e = exact.weeks[0];
    for (long offset : probes(e, 0xFFFF)) {
      assertThat(IntervalIndex.upperBound(e, 0xFFFF, exact.meta, 0, offset)).as("offset %d", offset)
          .isEqualTo(linearUpperBound(e, 0xFFFF, offset));
    }
  }
}
