package dev.clinicsync.examples.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A weekly recurring SimplePractice session: {@code RRULE:FREQ=WEEKLY;COUNT=n}, one week left out
 * ({@code EXDATE}) and one week moved ({@code RECURRENCE-ID} override). The patient's name is PHI
 * and left out of {@link #toString()}.
 *
 * @param uid the feed's UID
 * @param clinician clinician id
 * @param first the first session, in the clinician's zone
 * @param length session length
 * @param count sessions in the rule
 * @param skipped index of the session the EXDATE removes
 * @param moved index of the session the override moves
 * @param movedTo where that session moved to
 * @param patientName generated fake (PHI)
 */
public record DemoSeries(String uid, String clinician, ZonedDateTime first, Duration length, int count, int skipped,
    int moved, ZonedDateTime movedTo, String patientName) {

  public DemoSeries {
    Objects.requireNonNull(uid, "series uid");
    if (skipped == moved || skipped < 0 || moved < 0 || skipped >= count || moved >= count) {
      throw new IllegalArgumentException("series: skipped and moved must be different sessions of the rule");
    }
  }

  /** The start of the rule's session {@code i}, before exceptions. */
  public ZonedDateTime occurrence(int i) {
    return first.plusWeeks(i);
  }

  /** The sessions the feed really holds: the rule, without the EXDATE, with the override's time. */
  public List<Instant> instances() {
    List<Instant> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (i == skipped) {
        continue;
      }
      out.add(i == moved ? movedTo.toInstant() : occurrence(i).toInstant());
    }
    return out;
  }

  @Override
  public String toString() {
    return "DemoSeries[" + uid + " " + clinician + " " + first + " x" + count + "]";
  }
}
