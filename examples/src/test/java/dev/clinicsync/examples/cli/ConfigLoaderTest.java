package dev.clinicsync.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir
  Path dir;

  private Path write(String... lines) throws Exception {
    Path f = dir.resolve("clinicsync.yaml");
    Files.writeString(f, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return f;
  }

  private static final String[] GOOD = {
    "database: data/db",
    "clinicians:",
    "  - id: dr-lee",
    "    name: Dr. Lee",
    "    zone: America/New_York",
    "    location: midtown",
    "    hours:",
    "      weekdays: [\"09:00-12:00\", \"13:00-17:00\"]",
    "      saturday: [\"10:00-14:00\"]",
    "    external-ids:",
    "      google: lee@example.com",
    "    mirror-into: google-lee",
    "connectors:",
    "  - id: google-lee",
    "    type: google-calendar",
    "    interval: 5m",
    "    properties:",
    "      calendar-id: primary",
  };

  @Test
  @DisplayName("a good file gives clinicians with hours, zone, location, vendor ids and mirror; paths resolve beside the file")
  void readsAGoodFile() throws Exception {
    CliConfig c = ConfigLoader.load(write(GOOD));
    assertThat(c.database()).isEqualTo(dir.toAbsolutePath().resolve("data/db"));
    assertThat(c.user()).isEqualTo("clinicsync-cli");
    assertThat(c.clinicians()).hasSize(1);
    var lee = c.clinicians().get(0);
    assertThat(lee.availability().rangesOn(DayOfWeek.TUESDAY)).hasSize(2);
    assertThat(lee.availability().rangesOn(DayOfWeek.SATURDAY)).hasSize(1);
    assertThat(lee.availability().rangesOn(DayOfWeek.SUNDAY)).isEmpty();
    assertThat(lee.externalId(dev.clinicsync.core.model.SourceSystem.GOOGLE)).contains("lee@example.com");
    assertThat(c.locations()).containsEntry("midtown", java.util.Set.of(ClinicianId.of("dr-lee")));
    assertThat(c.mirrors()).containsEntry(ClinicianId.of("dr-lee"), ConnectorId.of("google-lee"));
    assertThat(c.intervals()).containsEntry(ConnectorId.of("google-lee"), Duration.ofMinutes(5));
    assertThat(c.connectors().get(0).properties()).containsEntry("calendar-id", "primary");
  }

  private ConfigException problem(String... lines) throws Exception {
    Path f = write(lines);
    try {
      ConfigLoader.load(f);
    } catch (ConfigException e) {
      return e;
    }
    throw new AssertionError("no problem found");
  }

  private static String[] replace(String from, String to) {
    String[] copy = GOOD.clone();
    for (int i = 0; i < copy.length; i++) {
      copy[i] = copy[i].replace(from, to);
    }
    return copy;
  }

  @Test
  @DisplayName("an unknown time zone names the file, its line and the field, not the value")
  void unknownZone() throws Exception {
    ConfigException e = problem(replace("America/New_York", "America/Gotham"));
    assertThat(e.line()).isEqualTo(5);
    assertThat(e.field()).isEqualTo("clinicians[0].zone");
    assertThat(e.getMessage()).startsWith("clinicsync.yaml:5: clinicians[0].zone: expected an IANA time zone")
        .doesNotContain("Gotham");
  }

  @Test
  @DisplayName("a misspelt field names its line and lists the known ones")
  void unknownField() throws Exception {
    ConfigException e = problem(replace("    location: midtown", "    locaton: midtown"));
    assertThat(e.line()).isEqualTo(6);
    assertThat(e.field()).isEqualTo("clinicians[0].locaton");
    assertThat(e.getMessage()).contains("unknown field").contains("location");
  }

  @Test
  @DisplayName("a time range that cannot be read names the element of the list")
  void badRange() throws Exception {
    ConfigException e = problem(replace("\"13:00-17:00\"", "\"1pm to 5pm\""));
    assertThat(e.field()).isEqualTo("clinicians[0].hours.weekdays[1]");
    assertThat(e.line()).isEqualTo(8);
    assertThat(e.getMessage()).doesNotContain("1pm");
  }

  @Test
  @DisplayName("an unknown connector type lists the installed ones")
  void unknownType() throws Exception {
    ConfigException e = problem(replace("type: google-calendar", "type: outlook"));
    assertThat(e.field()).isEqualTo("connectors[0].type");
    assertThat(e.line()).isEqualTo(15);
    assertThat(e.getMessage()).contains("google-calendar").contains("simplepractice-ics");
  }

  @Test
  @DisplayName("a mirror into a connector that is not defined names the referring field")
  void danglingMirror() throws Exception {
    ConfigException e = problem(replace("mirror-into: google-lee", "mirror-into: google-smith"));
    assertThat(e.field()).isEqualTo("clinicians[0].mirror-into");
    assertThat(e.line()).isEqualTo(12);
  }

  @Test
  @DisplayName("a missing required field names the element it is missing from")
  void missingName() throws Exception {
    ConfigException e = problem(replace("    name: Dr. Lee", "    # no name"));
    assertThat(e.field()).isEqualTo("clinicians[0].name");
    assertThat(e.getMessage()).contains("missing");
    assertThat(e.line()).as("the line of the clinician it is missing from").isEqualTo(3);
  }

  @Test
  @DisplayName("a list where a mapping belongs is a type error on its line")
  void wrongShape() throws Exception {
    ConfigException e = problem("clinicians:", "  id: dr-lee");
    assertThat(e.field()).isEqualTo("clinicians");
    assertThat(e.getMessage()).contains("expected a list");
  }

  @Test
  @DisplayName("broken YAML is reported with its line, and a missing file by name")
  void brokenYaml() throws Exception {
    ConfigException e = problem("clinicians:", "  - id: dr-lee: and more");
    assertThat(e.getMessage()).contains("not valid YAML");
    assertThat(e.line()).isPositive();
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml"))).isInstanceOf(ConfigException.class)
        .hasMessage("nope.yaml: no such file");
  }

  @Test
  @DisplayName("two connectors with one id are refused on the second")
  void duplicateConnector() throws Exception {
    String[] lines = java.util.stream.Stream.concat(java.util.Arrays.stream(GOOD),
        java.util.stream.Stream.of("  - id: google-lee", "    type: google-calendar")).toArray(String[]::new);
    ConfigException e = problem(lines);
    assertThat(e.field()).isEqualTo("connectors[1].id");
    assertThat(e.line()).isEqualTo(19);
  }
}
