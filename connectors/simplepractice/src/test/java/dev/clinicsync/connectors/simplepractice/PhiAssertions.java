package dev.clinicsync.connectors.simplepractice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.core.connector.SourceRecord;
import java.util.Collection;

/** Asserts that planted fake PHI appears nowhere but in PhiRecords. */
public final class PhiAssertions {
  private PhiAssertions() {}

  /** Fails when any planted PHI string occurs in the text (case-insensitive). */
  public static void assertNoPhi(String where, String text) {
    for (String phi : Fixtures.PLANTED_PHI) {
      assertThat(text.toLowerCase(java.util.Locale.ROOT))
          .as("%s must not contain planted PHI '%s'", where, phi)
          .doesNotContain(phi.toLowerCase(java.util.Locale.ROOT));
    }
  }

  /** The appointments, their metadata and the records' toString hold no PHI. */
  public static void assertNoPhiOutsidePhiRecords(Collection<SourceRecord> records) {
    for (SourceRecord r : records) {
      assertNoPhi("appointment", r.appointment().toString());
      assertNoPhi("source ref", r.appointment().source().toString());
      assertNoPhi("metadata", r.appointment().sourceMetadata().toString());
      assertNoPhi("type", r.appointment().type().toString());
      assertNoPhi("location", r.appointment().locationId().toString());
      assertNoPhi("record", r.toString());
    }
  }
}
