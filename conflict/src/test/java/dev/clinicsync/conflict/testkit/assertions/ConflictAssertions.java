package dev.clinicsync.conflict.testkit.assertions;

import dev.clinicsync.conflict.ConflictReport;
import dev.clinicsync.conflict.ScanReport;
import dev.clinicsync.core.testkit.assertions.ClinicSyncAssertions;

/**
 * The entry point to the conflict engine's AssertJ assertions:
 * {@code assertThat(report).hasConflict(OVERLAP).with(otherId)}. It extends
 * {@link ClinicSyncAssertions}, so one static import also covers appointments.
 *
 * <p>Published in the {@code clinicsync-conflict} test-jar; it needs the {@code clinicsync-core}
 * test-jar and AssertJ beside it on the test classpath.
 */
public class ConflictAssertions extends ClinicSyncAssertions {

  /** For subclasses that add entry points; never instantiated. */
  protected ConflictAssertions() {}

  /** Assertions on the report of one {@code check}. */
  public static ConflictReportAssert assertThat(ConflictReport actual) {
    return new ConflictReportAssert(actual);
  }

  /** Assertions on the report of one {@code scan}. */
  public static ScanReportAssert assertThat(ScanReport actual) {
    return new ScanReportAssert(actual);
  }
}
