package dev.clinicsync.conflict.internal;

import dev.clinicsync.conflict.Conflict;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The conflicts a check has found so far; allocated at the first one, with an array only from
 * the second (most reports hold one).
 */
final class Hits {
  private final Conflict first;
  private Conflict @Nullable [] items;
  private int size = 1;

  private Hits(Conflict first) {
    this.first = first;
  }

  static Hits add(@Nullable Hits hits, Conflict c) {
    if (hits == null) {
      return new Hits(c);
    }
    Conflict[] a = hits.items;
    if (a == null) {
      a = new Conflict[4];
      a[0] = hits.first;
    } else if (hits.size == a.length) {
      a = Arrays.copyOf(a, hits.size * 2);
    }
    a[hits.size++] = c;
    hits.items = a;
    return hits;
  }

  /** In {@link Conflict#ORDER}, as an immutable list: an insertion sort, as reports hold a handful. */
  List<Conflict> sorted() {
    Conflict[] a = items;
    if (a == null) {
      return List.of(first);
    }
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
    // the fixed-arity factories keep their argument array; List.of(E...) would copy it again
    switch (n) {
      case 2:
        return List.of(a[0], a[1]);
      case 3:
        return List.of(a[0], a[1], a[2]);
      case 4:
        return List.of(a[0], a[1], a[2], a[3]);
      default:
        return List.of(n == a.length ? a : Arrays.copyOf(a, n));
    }
  }
}
