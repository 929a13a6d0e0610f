package dev.clinicsync.connectors.icsfeed;

import dev.clinicsync.core.ValidationException;
import java.util.Locale;

/** What a feed's events become: a practice's appointments, or one clinician's personal busy time. */
public enum IcsFeedMode {
  /** Appointments with their PHI part (summary, notes, links, attendees go to the PHI record only). */
  APPOINTMENTS("appointments"),
  /**
   * Busy blocks of the configured clinician, with no details at all: only that the time is taken.
   * Cancelled ({@code STATUS:CANCELLED}) and free ({@code TRANSP:TRANSPARENT}) events block nothing.
   */
  BUSY_BLOCKS("busy-blocks");

  private final String value;

  IcsFeedMode(String value) {
    this.value = value;
  }

  /** The configuration value ({@code appointments}, {@code busy-blocks}). */
  public String value() {
    return value;
  }

  /**
   * @throws ValidationException for any other value
   */
  public static IcsFeedMode of(String v) {
    String s = v.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    for (IcsFeedMode m : values()) {
      if (m.value.equals(s)) {
        return m;
      }
    }
    throw new ValidationException("property 'mode' must be 'appointments' or 'busy-blocks', was '" + v + "'");
  }
}
