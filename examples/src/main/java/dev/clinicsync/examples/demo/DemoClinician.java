package dev.clinicsync.examples.demo;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A generated clinician: where they work, their hours and which systems hold their calendar.
 *
 * @param id the SDK's clinician id ({@code dr-abara})
 * @param name display name
 * @param location {@code midtown} or {@code bayside}
 * @param zone the location's zone
 * @param primary the practice system that holds most of their appointments
 * @param zocdoc whether they also take Zocdoc bookings
 * @param google whether they keep a Google calendar (personal busy blocks, mirrors)
 * @param vendorId their id in the primary system (Kareo resource id, athena provider id; empty for SimplePractice)
 * @param zocdocId their Zocdoc provider-location id, or empty
 * @param dayStart start of working hours, weekdays
 * @param dayEnd end of working hours, weekdays
 */
public record DemoClinician(String id, String name, String location, ZoneId zone, DemoSource primary, boolean zocdoc,
    boolean google, String vendorId, String zocdocId, LocalTime dayStart, LocalTime dayEnd) {

  public DemoClinician {
    Objects.requireNonNull(id, "clinician id");
    Objects.requireNonNull(name, "clinician name");
    Objects.requireNonNull(location, "clinician location");
    Objects.requireNonNull(zone, "clinician zone");
    Objects.requireNonNull(primary, "clinician primary system");
    Objects.requireNonNull(vendorId, "clinician vendor id");
    Objects.requireNonNull(zocdocId, "clinician zocdoc id");
    if (!dayEnd.isAfter(dayStart)) {
      throw new IllegalArgumentException("clinician hours: end must be after start");
    }
  }

  /** The connector id that reads this clinician's Google calendar. */
  public String googleConnector() {
    return "google-" + id;
  }

  /** The id of this clinician's Google calendar (their address). */
  public String googleCalendar() {
    return id + "@practice.example";
  }

  /** The connector id that reads this clinician's SimplePractice feed. */
  public String simplePracticeConnector() {
    return "sp-" + id;
  }
}
