package dev.clinicsync.conflict.testkit.assertions;

import dev.clinicsync.conflict.ConflictKind;
import dev.clinicsync.conflict.ConflictPair;
import dev.clinicsync.conflict.ScanReport;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.ClinicianId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on the {@link ScanReport} of a window:
 *
 * <pre>{@code
 * assertThat(engine.scan(week)).hasOnlyClinicians(LEE).hasExactlyPairsFor(LEE, ConflictPair.of(OVERLAP, a, b));
 * assertThat(engine.scan(nextDay)).hasNoPairs();
 * }</pre>
 *
 * Every failure lists the pairs the report holds, by clinician.
 */
public class ScanReportAssert extends AbstractAssert<ScanReportAssert, ScanReport> {

  public ScanReportAssert(ScanReport actual) {
    super(actual, ScanReportAssert.class);
  }

  /** The window holds no conflicting pair. */
  public ScanReportAssert hasNoPairs() {
    return hasPairCount(0);
  }

  /** The window holds exactly {@code expected} pairs over all clinicians. */
  public ScanReportAssert hasPairCount(int expected) {
    isNotNull();
    if (actual.pairCount() != expected) {
      failWithMessage("%nExpecting %s conflicting pair(s) in %s%nbut found %s:%n%s",
          expected, actual.window(), actual.pairCount(), pairs());
    }
    return this;
  }

  /** Exactly these clinicians have pairs (any order). */
  public ScanReportAssert hasOnlyClinicians(ClinicianId... clinicians) {
    isNotNull();
    if (!actual.byClinician().keySet().equals(new HashSet<>(Arrays.asList(clinicians)))) {
      failWithMessage("%nExpecting pairs for exactly the clinicians:%n  %s%nbut found:%n%s",
          Arrays.asList(clinicians), pairs());
    }
    return this;
  }

  /** The clinician has exactly these pairs, in any order, each once. */
  public ScanReportAssert hasExactlyPairsFor(ClinicianId clinician, ConflictPair... expected) {
    isNotNull();
    List<ConflictPair> found = actual.byClinician().getOrDefault(clinician, List.of());
    if (!counts(found).equals(counts(Arrays.asList(expected)))) {
      failWithMessage("%nExpecting exactly these pairs for %s:%n%s%nbut found:%n%s",
          clinician, lines(Arrays.asList(expected)), pairs());
    }
    return this;
  }

  /** The pair is in the report, under the clinician of its appointments. */
  public ScanReportAssert hasPair(ConflictKind kind, Appointment a, Appointment b) {
    isNotNull();
    ConflictPair pair = ConflictPair.of(kind, a, b);
    if (!actual.byClinician().getOrDefault(a.clinicianId(), List.of()).contains(pair)) {
      failWithMessage("%nExpecting the pair:%n  %s%nbut found:%n%s", pair, pairs());
    }
    return this;
  }

  private static Map<ConflictPair, Integer> counts(List<ConflictPair> pairs) {
    Map<ConflictPair, Integer> out = new HashMap<>();
    for (ConflictPair p : pairs) {
      out.merge(p, 1, Integer::sum);
    }
    return out;
  }

  private String pairs() {
    if (actual.byClinician().isEmpty()) {
      return "  (none)";
    }
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<ClinicianId, List<ConflictPair>> e : actual.byClinician().entrySet()) {
      if (sb.length() > 0) {
        sb.append(System.lineSeparator());
      }
      sb.append("  ").append(e.getKey()).append(':').append(System.lineSeparator()).append(lines(e.getValue()));
    }
    return sb.toString();
  }

  private static String lines(List<ConflictPair> pairs) {
    StringBuilder sb = new StringBuilder();
    for (ConflictPair p : pairs) {
      if (sb.length() > 0) {
        sb.append(System.lineSeparator());
      }
      sb.append("    - ").append(p);
    }
    return sb.toString();
  }
}
