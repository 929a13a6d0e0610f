package dev.clinicsync.jdbc.internal;

import dev.clinicsync.core.model.TimeWindow;
import java.util.ArrayList;
import java.util.List;

/**
 * The window condition of the appointment and busy-block queries, bounded on both sides of the
 * {@code (clinician_id, start_s)} index (migration V5). A row overlapping {@code [from, to)} has
 * {@code start_s <= to_s} and {@code end_s >= from_s} (whole seconds, a superset the callers narrow
 * exactly). A row of at most {@link #SHORT_SPAN_SECONDS} therefore also has
 * {@code start_s >= from_s - SHORT_SPAN_SECONDS}: the first branch, a range scan of one day plus the
 * window per clinician. Longer rows carry the database-computed {@code long_span} flag; the second
 * branch reads only those that start earlier still, through their own index. The branches are
 * disjoint (by {@code start_s}) and together exact for rows of any length, with nothing to keep up
 * to date on writes.
 */
public final class WindowBounds {
  /** The longest span of a "short" row; the same constant is in the V5 migrations' {@code long_span}. */
  public static final long SHORT_SPAN_SECONDS = 86_400;

  private WindowBounds() {}

  /**
   * {@code SELECT <columns> FROM <table> WHERE <window> <filter>} as a {@code UNION ALL} of the two
   * branches; {@code filter} is empty or starts with {@code " AND "}.
   */
  public static String select(String columns, String table, String filter) {
    return "SELECT " + columns + " FROM " + table + " WHERE start_s >= ? AND start_s <= ? AND end_s >= ?" + filter
        + " UNION ALL SELECT " + columns + " FROM " + table
        + " WHERE long_span = TRUE AND start_s < ? AND start_s <= ? AND end_s >= ?" + filter;
  }

  /** The parameters of {@link #select}, in order, given the filter's own parameters. */
  public static List<Object> params(TimeWindow window, List<Object> filterParams) {
    long from = window.start().getEpochSecond();
    long to = window.end().getEpochSecond();
    long lowest = from - SHORT_SPAN_SECONDS;
    List<Object> out = new ArrayList<>(6 + 2 * filterParams.size());
    out.add(lowest);
    out.add(to);
    out.add(from);
    out.addAll(filterParams);
    out.add(lowest);
    out.add(to);
    out.add(from);
    out.addAll(filterParams);
    return out;
  }
}
