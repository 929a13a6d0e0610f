package dev.clinicsync.conflict.internal;

import dev.clinicsync.conflict.Conflict;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The conflicts a check has found so far; allocated at the first one. */
final class Hits {
  private Conflict[] items = new Conflict[4];
  private int size;

  private Hits() {}

  static Hits add(@Nullable Hits hits, Conflict c) {
    Hits h = hits == null ? new Hits() : hits;
    if (h.size == h.items.length) {
      h.items = Arrays.copyOf(h.items, h.size * 2);
    }
    h.items[h.size++] = c;
    return h;
  }

  /** In {@link Conflict#ORDER}, as an immutable list: an insertion sort, as reports hold a handful. */
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
