package dev.clinicsync.connectors.icsfeed.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Windows tables against ICU4J's copy of CLDR, and the spellings Outlook and OWA write. */
@DisplayName("Windows and Outlook zone names")
class WindowsZonesTest {

  @Test
  @DisplayName("every Windows id maps to the zone ICU4J's CLDR mapping gives for the world (territory 001)")
  void everyEntryMatchesIcu() {
    SoftAssertions soft = new SoftAssertions();
    for (Map.Entry<String, String> e : WindowsZones.table().entrySet()) {
      String windowsId = icuSpelling(e.getKey());
      String icu = com.ibm.icu.util.TimeZone.getIDForWindowsID(windowsId, "001");
      soft.assertThat(icu).as("ICU's zone for %s", windowsId).isNotNull();
      if (icu != null) {
        soft.assertThat(com.ibm.icu.util.TimeZone.getCanonicalID(e.getValue()))
            .as("zone of %s", windowsId).isEqualTo(com.ibm.icu.util.TimeZone.getCanonicalID(icu));
      }
      soft.assertThat(ZoneId.of(e.getValue())).as("the JDK knows the zone of %s", windowsId).isNotNull();
    }
    soft.assertAll();
  }

  @Test
  @DisplayName("every Windows id ICU4J knows is in the table")
  void noWindowsIdMissing() {
    Set<String> icuIds = Arrays.stream(com.ibm.icu.util.TimeZone.getAvailableIDs())
        .map(com.ibm.icu.util.TimeZone::getWindowsID).filter(Objects::nonNull)
        .map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toCollection(TreeSet::new));
    assertThat(icuIds).hasSizeGreaterThan(130);
    assertThat(WindowsZones.table().keySet()).containsAll(icuIds);
  }

  @Test
  @DisplayName("every Windows id has a display name, and every display name names a Windows id of the table")
  void displayNamesCoverTheTable() {
    Set<String> targets = WindowsZones.displayNames().values().stream().map(s -> s.toLowerCase(Locale.ROOT))
        .collect(Collectors.toSet());
    assertThat(WindowsZones.table().keySet()).containsAll(targets);
    assertThat(targets).containsAll(WindowsZones.table().keySet());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @DisplayName("resolves display names in their historic spellings")
  @CsvSource(delimiter = '|', value = {
      "(UTC-05:00) Eastern Time (US & Canada)|America/New_York",
      "(UTC-05:00) Eastern Time (US and Canada)|America/New_York",
      "(GMT-05:00) Eastern Time (US & Canada)|America/New_York",
      "(GMT-05.00) Eastern Time (US & Canada)|America/New_York",
      "Eastern Time (US & Canada)|America/New_York",
      "(GMT+10:00) Canberra, Melbourne, Sydney|Australia/Sydney",
      "(UTC+10:00) Canberra, Melbourne, Sydney|Australia/Sydney",
      "(UTC-08:00) Pacific Time (US and Canada)|America/Los_Angeles",
      "(UTC) Coordinated Universal Time|Etc/UTC",
      "(UTC-11:00) Co-ordinated Universal Time-11|Etc/GMT+11",
      "(UTC+12:00) Coordinated Universal Time+12|Etc/GMT-12",
      "(UTC+00:00) Dublin, Edinburgh, Lisbon, London|Europe/London",
      "(UTC-03:00) Saint Pierre and Miquelon|America/Miquelon",
      "(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi|Asia/Calcutta",
      "(UTC-04:30) Caracas|America/Caracas",
      "Eastern Standard Time|America/New_York",
      "AUS Eastern Standard Time|Australia/Sydney",
      "aus eastern standard time|Australia/Sydney"})
  void spellings(String tzid, String zone) {
    IcsComponent empty = new IcsComponent("VCALENDAR", java.util.List.of(), java.util.List.of());
    assertThat(new ZoneResolver(empty, 2024, 2026).resolve(tzid)).hasValueSatisfying(z ->
        assertThat(com.ibm.icu.util.TimeZone.getCanonicalID(z.zoneId().orElseThrow().getId()))
            .isEqualTo(com.ibm.icu.util.TimeZone.getCanonicalID(zone)));
  }

  @Test
  @DisplayName("every display name of the table resolves to the zone of its Windows id")
  void everyDisplayNameResolves() {
    IcsComponent empty = new IcsComponent("VCALENDAR", java.util.List.of(), java.util.List.of());
    ZoneResolver resolver = new ZoneResolver(empty, 2024, 2026);
    SoftAssertions soft = new SoftAssertions();
    WindowsZones.displayNames().forEach((name, windowsId) -> soft.assertThat(resolver.resolve(name).flatMap(EventZone::zoneId))
        .as("display name key %s", name).isEqualTo(WindowsZones.forWindowsName(windowsId)));
    soft.assertAll();
  }

  /** The table's keys are lower-cased; ICU wants the id as Windows spells it. */
  private static String icuSpelling(String lowerCaseId) {
    return Arrays.stream(com.ibm.icu.util.TimeZone.getAvailableIDs()).map(com.ibm.icu.util.TimeZone::getWindowsID)
        .filter(Objects::nonNull).filter(w -> w.equalsIgnoreCase(lowerCaseId)).findFirst().orElse(lowerCaseId);
  }
}
