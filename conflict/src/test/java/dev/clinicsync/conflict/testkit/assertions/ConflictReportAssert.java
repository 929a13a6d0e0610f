package dev.clinicsync.conflict.testkit.assertions;

import dev.clinicsync.conflict.Conflict;
import dev.clinicsync.conflict.ConflictKind;
import dev.clinicsync.conflict.ConflictReport;
import dev.clinicsync.core.model.AppointmentId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on the {@link ConflictReport} of one check, reading as the rule they check:
 *
 * <pre>{@code
 * assertThat(engine.check(proposal)).hasConflict(OVERLAP).with(existing.id());
 * assertThat(engine.check(lunch)).hasConflicts(1).hasConflict(OUTSIDE_AVAILABILITY).withWindow(lunch.window());
 * assertThat(engine.check(backToBack)).hasNoConflicts();
 * }</pre>
 *
 * Every failure lists the conflicts the report holds, one a line.
 */
public class ConflictReportAssert extends AbstractAssert<ConflictReportAssert, ConflictReport> {

  public ConflictReportAssert(ConflictReport actual) {
    super(actual, ConflictReportAssert.class);
  }

  /** The report is about this appointment. */
  public ConflictReportAssert hasSubject(AppointmentId expected) {
    isNotNull();
    if (!actual.subject().equals(expected)) {
      failWithActualExpectedAndMessage(actual.subject(), expected,
          "%nExpecting a conflict report about:%n  %s%nbut it is about:%n  %s", expected, actual.subject());
    }
    return this;
  }

  /** The slot is free: the report holds no conflict at all. */
  public ConflictReportAssert hasNoConflicts() {
    isNotNull();
    if (actual.hasConflicts()) {
      failWithMessage("%nExpecting no conflicts for %s%nbut found %s:%n%s",
          actual.subject(), actual.conflicts().size(), Describe.conflicts(actual.conflicts()));
    }
    return this;
  }

  /** The slot is taken: the report holds at least one conflict, of any kind. */
  public ConflictReportAssert hasConflicts() {
    isNotNull();
    if (!actual.hasConflicts()) {
      failWithMessage("%nExpecting conflicts for %s%nbut found none", actual.subject());
    }
    return this;
  }

  /** The report holds exactly {@code expected} conflicts, of any kinds. */
  public ConflictReportAssert hasConflicts(int expected) {
    isNotNull();
    if (actual.conflicts().size() != expected) {
      failWithMessage("%nExpecting %s conflict(s) for %s%nbut found %s:%n%s",
          expected, actual.subject(), actual.conflicts().size(), Describe.conflicts(actual.conflicts()));
    }
    return this;
  }

  /** The report holds exactly conflicts of these kinds, in report order (by kind, then window). */
  public ConflictReportAssert hasExactlyConflicts(ConflictKind... kinds) {
    isNotNull();
    List<ConflictKind> found = actual.conflicts().stream().map(Conflict::kind).toList();
    if (!found.equals(Arrays.asList(kinds))) {
      failWithMessage("%nExpecting the conflicts of %s to be of kinds:%n  %s%nbut found:%n%s",
          actual.subject(), Arrays.asList(kinds), Describe.conflicts(actual.conflicts()));
    }
    return this;
  }

  /** The report holds no conflict of this kind (it may hold others). */
  public ConflictReportAssert hasNoConflict(ConflictKind kind) {
    isNotNull();
    List<Conflict> ofKind = actual.ofKind(kind);
    if (!ofKind.isEmpty()) {
      failWithMessage("%nExpecting no %s conflict for %s%nbut found:%n%s%nAll conflicts:%n%s",
          kind, actual.subject(), Describe.conflicts(ofKind), Describe.conflicts(actual.conflicts()));
    }
    return this;
  }

  /**
   * The report holds at least one conflict of this kind; the returned assertions narrow down to
   * which: {@code .with(otherId)}, {@code .withBusyBlock(ref)}, {@code .withWindow(w)}, {@code .once()}.
   */
  public ConflictAssert hasConflict(ConflictKind kind) {
    isNotNull();
    List<Conflict> ofKind = actual.ofKind(kind);
    if (ofKind.isEmpty()) {
      failWithMessage("%nExpecting %s conflict for %s%nbut found:%n%s",
          Describe.withArticle(kind.toString()), actual.subject(), Describe.conflicts(actual.conflicts()));
    }
    return new ConflictAssert(this, kind + " conflict", ofKind);
  }

  /**
   * Every conflict is with another appointment, and these are the other appointments, in report
   * order: {@code hasConflictsWithExactly(morning.id())} is one conflict, with {@code morning}.
   */
  public ConflictReportAssert hasConflictsWithExactly(AppointmentId... others) {
    isNotNull();
    List<Optional<AppointmentId>> found = new ArrayList<>();
    for (Conflict c : actual.conflicts()) {
      found.add(c.otherAppointment());
    }
    List<Optional<AppointmentId>> expected = Arrays.stream(others).map(Optional::of).toList();
    if (!found.equals(expected)) {
      failWithMessage("%nExpecting %s to conflict with exactly:%n  %s%nbut found:%n%s",
          actual.subject(), Arrays.asList(others), Describe.conflicts(actual.conflicts()));
    }
    return this;
  }

  /** Fails as this assertion (with its description, if any): {@link ConflictAssert} reports through it. */
  void failNarrowing(String message, Object... args) {
    failWithMessage(message, args);
  }
}
